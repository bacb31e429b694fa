//! The first step of `user import`, before the store is held: the whole CSV read and
//! checked by `formats::users` as far as the file alone allows, into compact rows (the
//! emails and hashes end to end in one string, each tenant, company or role name once).

use std::collections::HashMap;
use std::io::Read;

use crate::core::model::{Tenant, UserKind};
use crate::core::transfer::Authenticator;
use crate::core::transfer::{Problems, note};
use crate::error::{Kind, Result};
use crate::formats::users;

/// Rows between two updates of the progress bar.
const PROGRESS_EVERY: u64 = 1000;

/// What a name in the file names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum What {
    Tenant,
    Company,
    Role,
}

impl What {
    pub(super) fn noun(self) -> &'static str {
        match self {
            What::Tenant => "tenant",
            What::Company => "company",
            What::Role => "role",
        }
    }
}

/// A name of the file: what it names, in which tenant (an index of `Names::list`, a
/// tenant's; `None`: the command's tenant), and the name.
pub(super) type Name = (What, Option<u32>, String);

/// The names of the file, each once: rows refer to them by their index, and the store
/// is asked about each once.
#[derive(Default)]
pub(super) struct Names {
    pub(super) list: Vec<Name>,
    index: HashMap<Name, u32>,
}

impl Names {
    fn intern(&mut self, what: What, tenant: Option<u32>, name: &str) -> Option<u32> {
        let key = (what, tenant, name.to_owned());
        if let Some(&at) = self.index.get(&key) {
            return Some(at);
        }
        let at = u32::try_from(self.list.len()).ok()?;
        self.list.push(key.clone());
        self.index.insert(key, at);
        Some(at)
    }

    /// The message for a name the store does not have.
    pub(super) fn not_found(&self, at: u32, tenant: Option<&Tenant>) -> String {
        let (what, _, name) = &self.list[at as usize];
        match (what, tenant) {
            (What::Tenant, _) | (_, None) => format!("{} {name:?} not found", what.noun()),
            (_, Some(tenant)) => format!(
                "{} {name:?} not found in tenant {}",
                what.noun(),
                tenant.name
            ),
        }
    }
}

/// One data row, checked as far as the file alone allows: compact, as the whole file
/// is held before it is written.
pub(super) struct Row {
    pub(super) line: u64,
    /// The email, checked and in lower case: where it is in `Parsed::text`.
    email: Option<(usize, usize)>,
    /// The tenant's name, an index of `Parsed::names`; `None`: the command's tenant.
    pub(super) tenant: Option<u32>,
    /// The company's name, an index of `Parsed::names`.
    pub(super) company: Option<u32>,
    /// The roles' names, each once, indexes of `Parsed::names`.
    pub(super) roles: Box<[u32]>,
    pub(super) kind: UserKind,
    /// The password hash: where it is in `Parsed::text`.
    password_hash: Option<(usize, usize)>,
    pub(super) totp: Option<Box<Authenticator>>,
    /// What is wrong with the row, when something is.
    pub(super) problems: Option<Box<Problems>>,
}

/// The whole file, read and checked: its rows, their emails and hashes end to end in
/// one string, and the names they refer to.
#[derive(Default)]
pub(super) struct Parsed {
    pub(super) rows: Vec<Row>,
    text: String,
    pub(super) names: Names,
    /// Whether a row names no tenant (so the command's tenant is needed).
    pub(super) uses_default_tenant: bool,
    /// Whether the header row names a tenant column.
    pub(super) has_tenant_column: bool,
}

impl Parsed {
    fn keep(&mut self, text: Option<&str>) -> Option<(usize, usize)> {
        text.map(|text| {
            let start = self.text.len();
            self.text.push_str(text);
            (start, self.text.len())
        })
    }

    /// Keeps a row read by `formats::users`, its names interned.
    fn push(&mut self, read: users::Row) {
        let mut problems = None;
        for (field, message) in read.problems {
            note(&mut problems, field, Kind::Usage, message);
        }
        let record = read.record;
        let tenant = record
            .tenant
            .as_deref()
            .and_then(|name| self.names.intern(What::Tenant, None, name));
        self.uses_default_tenant |= tenant.is_none();
        let company = record
            .company
            .as_deref()
            .and_then(|name| self.names.intern(What::Company, tenant, name));
        let roles: Box<[u32]> = record
            .roles
            .iter()
            .filter_map(|name| self.names.intern(What::Role, tenant, name))
            .collect();
        let email = self.keep(record.email.as_deref());
        let password_hash = self.keep(record.password_hash.as_deref());
        self.rows.push(Row {
            line: read.line,
            email,
            tenant,
            company,
            roles,
            kind: record.kind,
            password_hash,
            totp: record.totp.map(Box::new),
            problems,
        });
    }

    pub(super) fn email(&self, row: &Row) -> Option<&str> {
        row.email.and_then(|(start, end)| self.text.get(start..end))
    }

    pub(super) fn password_hash(&self, row: &Row) -> Option<&str> {
        row.password_hash
            .and_then(|(start, end)| self.text.get(start..end))
    }
}

/// Reads the whole input and checks every row as far as the file alone allows, before
/// the store is held. An unreadable input or a bad header row is an error; bad rows are
/// kept with their problems, to be reported with those the store finds.
pub(super) fn read_rows(
    input: Box<dyn Read>,
    file: &str,
    bar: &indicatif::ProgressBar,
) -> Result<Parsed> {
    let mut reader = users::Reader::new(input, file)?;
    let mut parsed = Parsed {
        has_tenant_column: reader.has_column("tenant"),
        ..Parsed::default()
    };
    while let Some(row) = reader.next_row()? {
        if (parsed.rows.len() as u64 + 1).is_multiple_of(PROGRESS_EVERY) {
            bar.set_position(reader.position());
        }
        parsed.push(row);
    }
    Ok(parsed)
}
