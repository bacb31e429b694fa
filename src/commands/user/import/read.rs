//! The first step of `user import`, before the store is held: the whole input read
//! and every check made that needs no store (the header, the fields of each row, emails,
//! the form of company and role names, `sso`), into compact rows.

use std::collections::{HashMap, VecDeque};
use std::io::{self, Read};

use crate::core::model::{Tenant, UserKind};
use crate::core::validate;
use crate::error::{Error, Kind, Result};

/// The columns a file may have; `email` is required.
const COLUMNS: [&str; 4] = ["email", "company", "roles", "sso"];
/// Rows between two updates of the progress bar.
const PROGRESS_EVERY: u64 = 1000;

/// The input, counting its lines as csv reads it. The csv crate's own line numbers are
/// off for the first record after a blank line and for CRLF files (rust-csv issues
/// #208 and #395), and a bad row must be named by the line a person sees in an editor.
struct Lines {
    inner: Box<dyn Read>,
    /// Bytes read from `inner` so far.
    read: u64,
    /// Offsets of the newlines read ahead of what csv has consumed.
    ahead: VecDeque<u64>,
    /// Newlines before what csv has consumed, and the offset of the last of them.
    before: u64,
    last: Option<u64>,
}

impl Read for Lines {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        for i in memchr::memchr_iter(b'\n', &buf[..n]) {
            self.ahead.push_back(self.read + i as u64);
        }
        self.read += n as u64;
        Ok(n)
    }
}

impl Lines {
    /// The line on which a record that ends at byte `end` (csv's position after reading
    /// it) and holds `inner_newlines` newlines in its quoted fields starts.
    fn start_line(&mut self, end: u64, inner_newlines: u64) -> u64 {
        while self.ahead.front().is_some_and(|&at| at < end) {
            self.last = self.ahead.pop_front();
            self.before += 1;
        }
        // The record's own line break, when csv consumed it, is among those counted.
        let own_break = u64::from(end > 0 && self.last == Some(end - 1));
        (self.before + 1).saturating_sub(own_break + inner_newlines)
    }
}

/// Where each column is in the header row.
struct Header {
    email: usize,
    company: Option<usize>,
    roles: Option<usize>,
    sso: Option<usize>,
    width: usize,
}

impl Header {
    fn parse(fields: &csv::ByteRecord) -> Result<Header> {
        let hint = "the first line names the columns, e.g. `email,company,roles,sso` (only email is required)";
        let mut at: HashMap<&str, usize> = HashMap::new();
        for (i, raw) in fields.iter().enumerate() {
            let name = std::str::from_utf8(raw)
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            let Some(known) = COLUMNS.iter().find(|c| **c == name) else {
                return Err(Error::usage(format!(
                    "line 1: unknown column {:?}; the columns are email, company, roles and sso",
                    String::from_utf8_lossy(raw)
                ))
                .with_hint(hint));
            };
            if at.insert(known, i).is_some() {
                return Err(
                    Error::usage(format!("line 1: the column {known} appears twice"))
                        .with_hint(hint),
                );
            }
        }
        let Some(&email) = at.get("email") else {
            return Err(Error::usage("line 1: the header row has no email column").with_hint(hint));
        };
        Ok(Header {
            email,
            company: at.get("company").copied(),
            roles: at.get("roles").copied(),
            sso: at.get("sso").copied(),
            width: fields.len(),
        })
    }
}

/// A field of a record as text (`None`: the column is absent or the field empty).
fn field(record: &csv::ByteRecord, at: Option<usize>) -> std::result::Result<Option<&str>, String> {
    let Some(raw) = at.and_then(|i| record.get(i)) else {
        return Ok(None);
    };
    let text = std::str::from_utf8(raw).map_err(|_| "is not UTF-8 text".to_owned())?;
    Ok(Some(text.trim()).filter(|t| !t.is_empty()))
}

/// Where a problem of a row was found: a row's message lists its problems in the
/// order of its fields, whichever step found them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Field {
    Count,
    Email,
    Company,
    Roles,
    Sso,
    Taken,
}

/// The problems of one row, the worst kind first decides the exit code.
#[derive(Debug, Clone)]
pub(super) struct Problems {
    pub(super) kind: Kind,
    messages: Vec<(Field, String)>,
}

impl Problems {
    fn new() -> Self {
        Problems {
            kind: Kind::Conflict,
            messages: Vec::new(),
        }
    }

    fn add(&mut self, field: Field, kind: Kind, message: String) {
        if severity(kind) > severity(self.kind) || self.messages.is_empty() {
            self.kind = kind;
        }
        self.messages.push((field, message));
    }

    /// The messages in the order of the row's fields.
    pub(super) fn text(&self) -> String {
        let mut messages: Vec<&(Field, String)> = self.messages.iter().collect();
        messages.sort_by_key(|(field, _)| *field);
        messages
            .iter()
            .map(|(_, message)| message.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Adds a problem to a row's problems, making them on the first.
pub(super) fn note(
    problems: &mut Option<Box<Problems>>,
    field: Field,
    kind: Kind,
    message: String,
) {
    problems
        .get_or_insert_with(|| Box::new(Problems::new()))
        .add(field, kind, message);
}

/// Which kind of bad row decides the exit code: malformed (2), then unknown (7), then
/// already there (8).
pub(super) fn severity(kind: Kind) -> u8 {
    match kind {
        Kind::Usage => 3,
        Kind::NotFound => 2,
        _ => 1,
    }
}

/// What a name in the file names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum What {
    Company,
    Role,
}

impl What {
    fn noun(self) -> &'static str {
        match self {
            What::Company => "company",
            What::Role => "role",
        }
    }
}

/// The well-formed company and role names of the file, each once: rows refer to them
/// by their index, and the store is asked about each once.
#[derive(Default)]
pub(super) struct Names {
    pub(super) list: Vec<(What, String)>,
    index: HashMap<(What, String), u32>,
}

impl Names {
    /// The index of a well-formed name; a usage message for a malformed one.
    fn intern(&mut self, what: What, name: &str) -> std::result::Result<u32, String> {
        if let Some(&at) = self.index.get(&(what, name.to_owned())) {
            return Ok(at);
        }
        validate::name(what.noun(), name).map_err(|e| e.message)?;
        let at = u32::try_from(self.list.len())
            .map_err(|_| format!("the file names more than {} companies and roles", u32::MAX))?;
        self.list.push((what, name.to_owned()));
        self.index.insert((what, name.to_owned()), at);
        Ok(at)
    }

    /// The message for a name the tenant does not have.
    pub(super) fn not_found(&self, at: u32, tenant: &Tenant) -> String {
        let (what, name) = &self.list[at as usize];
        format!(
            "{} {name:?} not found in tenant {}",
            what.noun(),
            tenant.name
        )
    }
}

/// One data row, checked as far as the file alone allows: compact, as the whole file
/// is held before it is written.
pub(super) struct Row {
    pub(super) line: u64,
    /// The email, checked and in lower case: where it is in `Parsed::emails`.
    email: Option<(usize, usize)>,
    /// The company's name, an index of `Parsed::names`.
    pub(super) company: Option<u32>,
    /// The roles' names, each once, indexes of `Parsed::names`.
    pub(super) roles: Box<[u32]>,
    pub(super) kind: UserKind,
    /// What is wrong with the row, when something is.
    pub(super) problems: Option<Box<Problems>>,
}

/// The whole file, read and checked: its rows, their emails end to end in one string,
/// and the names they refer to.
#[derive(Default)]
pub(super) struct Parsed {
    pub(super) rows: Vec<Row>,
    emails: String,
    pub(super) names: Names,
}

impl Parsed {
    /// Checks the fields of a record (not yet whether its names exist or its email is
    /// taken: that is the store's part) and keeps it.
    fn push(&mut self, record: &csv::ByteRecord, header: &Header, line: u64) {
        let mut problems = None;
        if record.len() != header.width {
            note(
                &mut problems,
                Field::Count,
                Kind::Usage,
                format!(
                    "has {} fields; the header row has {}",
                    record.len(),
                    header.width
                ),
            );
        }
        let email = checked_email(record, header, &mut problems).map(|email| {
            let start = self.emails.len();
            self.emails.push_str(&email);
            (start, self.emails.len())
        });
        let company = match field(record, header.company) {
            Ok(Some(slug)) => self
                .names
                .intern(What::Company, slug)
                .map_err(|message| note(&mut problems, Field::Company, Kind::Usage, message))
                .ok(),
            Ok(None) => None,
            Err(e) => {
                note(
                    &mut problems,
                    Field::Company,
                    Kind::Usage,
                    format!("the company {e}"),
                );
                None
            }
        };
        let mut roles = Vec::new();
        match field(record, header.roles) {
            Ok(Some(text)) => {
                for role in text.split(';').map(str::trim).filter(|r| !r.is_empty()) {
                    match self.names.intern(What::Role, role) {
                        Ok(at) if roles.contains(&at) => {}
                        Ok(at) => roles.push(at),
                        Err(message) => note(&mut problems, Field::Roles, Kind::Usage, message),
                    }
                }
            }
            Ok(None) => {}
            Err(e) => note(
                &mut problems,
                Field::Roles,
                Kind::Usage,
                format!("the roles {e}"),
            ),
        }
        let kind = checked_kind(record, header, &mut problems);
        self.rows.push(Row {
            line,
            email,
            company,
            roles: roles.into_boxed_slice(),
            kind,
            problems,
        });
    }

    pub(super) fn email(&self, row: &Row) -> Option<&str> {
        row.email
            .and_then(|(start, end)| self.emails.get(start..end))
    }
}

/// The email of a record, checked and in lower case; `None` with a problem noted.
fn checked_email(
    record: &csv::ByteRecord,
    header: &Header,
    problems: &mut Option<Box<Problems>>,
) -> Option<String> {
    let problem = match field(record, Some(header.email)) {
        Ok(Some(email)) => match validate::email(email) {
            Ok(email) => return Some(email),
            Err(e) => e.message,
        },
        Ok(None) => "the email is empty".to_owned(),
        Err(e) => format!("the email {e}"),
    };
    note(problems, Field::Email, Kind::Usage, problem);
    None
}

/// Whether a record's user signs in through SSO (empty: no).
fn checked_kind(
    record: &csv::ByteRecord,
    header: &Header,
    problems: &mut Option<Box<Problems>>,
) -> UserKind {
    let problem = match field(record, header.sso) {
        Ok(None) => return UserKind::Local,
        Ok(Some(sso)) if sso.eq_ignore_ascii_case("false") => return UserKind::Local,
        Ok(Some(sso)) if sso.eq_ignore_ascii_case("true") => return UserKind::Sso,
        Ok(Some(sso)) => format!("sso is {sso:?} (write true or false)"),
        Err(e) => format!("sso {e}"),
    };
    note(problems, Field::Sso, Kind::Usage, problem);
    UserKind::Local
}

/// Reads the whole input and checks every row as far as the file alone allows, before
/// the store is held. An unreadable input or a bad header row is an error; bad rows are
/// kept with their problems, to be reported with those the store finds.
pub(super) fn read_rows(
    input: Box<dyn Read>,
    file: &str,
    bar: &indicatif::ProgressBar,
) -> Result<Parsed> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .buffer_capacity(256 * 1024)
        .from_reader(Lines {
            inner: input,
            read: 0,
            ahead: VecDeque::new(),
            before: 0,
            last: None,
        });
    let unreadable = |e: csv::Error| Error::environment(format!("cannot read {file}")).caused_by(e);
    let header = match reader.byte_headers() {
        Ok(fields) if fields.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) => {
            return Err(Error::usage(format!("{file} has no header row"))
                .with_hint("the first line names the columns, e.g. `email,company,roles,sso`"));
        }
        Ok(fields) => Header::parse(fields)?,
        Err(e) => return Err(unreadable(e)),
    };
    let mut parsed = Parsed::default();
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) if e.is_io_error() => return Err(unreadable(e)),
            Err(e) => {
                let end = reader.position().byte();
                let line = reader.get_mut().start_line(end, 0);
                let mut problems = None;
                note(
                    &mut problems,
                    Field::Count,
                    Kind::Usage,
                    format!("cannot be read as CSV: {e}"),
                );
                parsed.rows.push(Row {
                    line,
                    email: None,
                    company: None,
                    roles: Box::default(),
                    kind: UserKind::Local,
                    problems,
                });
                continue;
            }
        }
        if (parsed.rows.len() as u64 + 1).is_multiple_of(PROGRESS_EVERY) {
            bar.set_position(reader.position().byte());
        }
        let inner_newlines = record
            .iter()
            .map(|f| memchr::memchr_iter(b'\n', f).count() as u64)
            .sum();
        let end = reader.position().byte();
        let line = reader.get_mut().start_line(end, inner_newlines);
        parsed.push(&record, &header, line);
    }
    Ok(parsed)
}
