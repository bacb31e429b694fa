//! The store behind every command: the contract every backend keeps, and the types
//! commands see. Commands and `core` know only `Store` and `Tx`, never which backend
//! holds the data (ENGINEERING.md, "Two stores, one contract").
//!
//! A transaction's method list is a trait per table family (`TenantStore`, `UserStore`,
//! `AuditStore`, …, each in its file beside the types it returns), gathered in `StoreTx`;
//! `Tx` is that trait as an object, which `Store::read`, `write` and `rehearse` hand to
//! their closure. Each backend keeps its SQL beside the other's and implements every
//! trait: `sqlite/` (the SQLite file) and `postgres/` (a PostgreSQL database, selected by a
//! `postgres://` URL as `--store`). No SQL, no policy here.

mod audit;
mod company;
pub mod copy;
mod factor;
mod group;
mod mail;
pub mod postgres;
mod role;
mod sqlite;
mod tenant;
mod user;

use std::path::Path;

use crate::error::{Error, Result};

pub use audit::{AuditFilter, AuditStore};
pub use company::CompanyStore;
pub use copy::CopyStore;
pub use factor::{Cleared, Device, FactorStore, PendingRow};
pub use group::{GroupStore, GroupSummary};
pub use mail::{MailServerRow, MailStore};
pub use role::{HeldRole, RoleHolder, RoleStore};
pub use sqlite::latest_version;
pub use tenant::{TenantCounts, TenantStore};
pub use user::{
    ExportRow, IMPORT_BATCH, ImportRow, ImportedTotp, NewUser, UserFilter, UserRow, UserStore,
};

/// A transaction of any store: every read and write of a store goes through one.
pub type Tx<'a> = dyn StoreTx + 'a;

/// Everything a transaction does, whatever the backend: the traits of the table
/// families together. Implemented for every type that implements them all.
pub trait StoreTx:
    MetaStore
    + TenantStore
    + CompanyStore
    + UserStore
    + FactorStore
    + RoleStore
    + GroupStore
    + MailStore
    + AuditStore
    + CopyStore
{
}

impl<T> StoreTx for T where
    T: MetaStore
        + TenantStore
        + CompanyStore
        + UserStore
        + FactorStore
        + RoleStore
        + GroupStore
        + MailStore
        + AuditStore
        + CopyStore
        + ?Sized
{
}

/// An open store, of one backend.
pub enum Store {
    /// An SQLite file on this machine.
    Sqlite(sqlite::SqliteStore),
    /// A PostgreSQL database, shared by admins on many machines.
    Postgres(Box<postgres::PostgresStore>),
}

impl Store {
    /// Opens the existing store file at an absolute path, and migrates it. With
    /// `read_only_ok`, a store that cannot be written (a read-only medium, a file of
    /// another user) is opened for reading instead; with `read_only`, it always is.
    /// Refuses a file that is not an mfactl store, or whose schema is newer than this
    /// binary, before anything is written to it.
    pub fn open(path: &Path, read_only_ok: bool, read_only: bool) -> Result<Store> {
        sqlite::SqliteStore::open(path, read_only_ok, read_only).map(Store::Sqlite)
    }

    /// Connects to the PostgreSQL store at `target` and migrates it; unless `create`, a
    /// database that holds no store yet is refused untouched (`PostgresStore::open`).
    pub fn open_url(target: postgres::Target, create: bool) -> Result<Store> {
        postgres::PostgresStore::open(target, create).map(|store| Store::Postgres(Box::new(store)))
    }

    /// Connects to the PostgreSQL database `store copy` writes into, leaving it as it is
    /// (`postgres::PostgresStore::open_for_copy`).
    pub fn open_url_for_copy(target: postgres::Target) -> Result<Store> {
        postgres::PostgresStore::open_for_copy(target).map(|store| Store::Postgres(Box::new(store)))
    }

    /// Opens the store for reading without leaving a file beside it (shell completion).
    pub fn open_untouched(path: &Path) -> Result<Store> {
        sqlite::SqliteStore::open_untouched(path).map(Store::Sqlite)
    }

    /// Whether the store was opened for reading only.
    pub fn is_read_only(&self) -> bool {
        match self {
            Store::Sqlite(store) => store.is_read_only(),
            Store::Postgres(_) => false,
        }
    }

    /// The absolute path of the store file; `None` for a database on a server.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Store::Sqlite(store) => Some(store.path()),
            Store::Postgres(_) => None,
        }
    }

    /// Where the store is, as messages name it: the file's path, or the URL of the
    /// database without its password (`postgresql://USER@HOST:PORT/DB`).
    pub fn location(&self) -> String {
        match self {
            Store::Sqlite(store) => store.path().display().to_string(),
            Store::Postgres(store) => store.target().display_url(),
        }
    }

    /// What identifies the store's place for this machine's record of its audit log
    /// (`paths::witness_path`): the file's path, or the server and database (not the
    /// user, who may differ between admins; not the store id, so that another store
    /// put in the place of this one is noticed as it is for a file).
    pub fn place(&self) -> Vec<u8> {
        use std::os::unix::ffi::OsStrExt;
        match self {
            Store::Sqlite(store) => store.path().as_os_str().as_bytes().to_vec(),
            Store::Postgres(store) => format!(
                "postgresql://{}/{}",
                store.target().endpoint(),
                store.target().database()
            )
            .into_bytes(),
        }
    }

    /// The server, database, user and TLS state of a PostgreSQL store; `None` for a file.
    pub fn server_info(&self) -> Result<Option<postgres::ServerInfo>> {
        match self {
            Store::Sqlite(_) => Ok(None),
            Store::Postgres(store) => store.target().server_info(&mut store.client()).map(Some),
        }
    }

    /// How many bytes the store takes: the file and its WAL, or the database on disk.
    pub fn size_bytes(&self) -> Result<u64> {
        match self {
            Store::Sqlite(store) => {
                // The WAL holds changes not yet checkpointed: the store's size is both files.
                let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
                let mut wal = store.path().as_os_str().to_owned();
                wal.push("-wal");
                Ok(size(store.path()) + size(Path::new(&wal)))
            }
            Store::Postgres(store) => store.size_bytes(),
        }
    }

    /// Runs `f` in a write transaction, which no other writer interleaves with,
    /// committed only when it returns `Ok`: a refused command changes nothing.
    pub fn write<T>(&self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        match self {
            Store::Sqlite(store) => store.write(f),
            Store::Postgres(store) => store.write(f),
        }
    }

    /// Runs `f` in a write transaction that is always rolled back: a dry run that makes
    /// the same checks as the real change, the database's included.
    pub fn rehearse<T>(&self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        match self {
            Store::Sqlite(store) => store.rehearse(f),
            Store::Postgres(store) => store.rehearse(f),
        }
    }

    /// Runs `f` in a read transaction: one consistent snapshot.
    pub fn read<T>(&self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        match self {
            Store::Sqlite(store) => store.read(f),
            Store::Postgres(store) => store.read(f),
        }
    }
}

/// `meta` key of the keyed hash that recognises the store's key (schema 2 on).
const KEY_CHECK: &str = "key_check";
/// `meta` key of the key id that schema-1 stores recorded.
const LEGACY_KEY_ID: &str = "key_id";
/// `meta` key of the store's random id, which the audit chain's key is derived with.
const STORE_ID: &str = "store_id";

/// The store's own records: its `meta` values and key record, names for hints and
/// completion, and what `store info` counts.
pub trait MetaStore {
    /// A value of the `meta` table.
    fn meta(&self, key: &str) -> Result<Option<String>>;

    /// Sets a value of the `meta` table.
    fn set_meta(&self, key: &str, value: &str) -> Result<()>;

    /// Removes a value of the `meta` table.
    fn delete_meta(&self, key: &str) -> Result<()>;

    /// Whether the store holds any tenant or audit entry.
    fn has_data(&self) -> Result<bool>;

    /// How the store recognises its key, and whether it holds anything yet.
    fn key_record(&self) -> Result<KeyRecord> {
        Ok(KeyRecord {
            check: self.meta(KEY_CHECK)?,
            legacy_id: self.meta(LEGACY_KEY_ID)?,
            store_id: self.meta(STORE_ID)?,
            has_data: self.has_data()?,
        })
    }

    /// Records the key of the store (replacing a schema-1 key id) and its id.
    fn set_key_check(&self, check: &str, store_id: &str) -> Result<()> {
        self.set_meta(KEY_CHECK, check)?;
        self.set_meta(STORE_ID, store_id)?;
        self.delete_meta(LEGACY_KEY_ID)
    }

    /// The distinct names of a kind that start with `prefix` (case does not matter), in
    /// order, at most `limit`: of one tenant when `tenant_id` is given (ignored for
    /// tenants), else of every tenant. A range on the name's index, never a scan: the one
    /// query behind the "did you mean" hints and shell completion.
    fn names_starting(
        &self,
        kind: NameKind,
        tenant_id: Option<i64>,
        prefix: &str,
        limit: u32,
    ) -> Result<Vec<String>>;

    /// Names of the kind `what` ("user", "company", "role" or "group") that a mistyped
    /// `name` may have meant: the tenant's companies, roles or groups (at most 1,000), or
    /// the emails that start as `name` does (its first two characters; at most 200).
    /// The same for every backend: built on `names_starting`.
    fn names_near(&self, what: &str, tenant_id: Option<i64>, name: &str) -> Result<Vec<String>> {
        let kind = match what {
            "company" => NameKind::Company,
            "role" => NameKind::Role,
            "group" => NameKind::Group,
            "user" => NameKind::User,
            _ => return Ok(Vec::new()),
        };
        if kind != NameKind::User {
            return self.names_starting(kind, tenant_id, "", 1000);
        }
        let start: String = name.chars().take(2).collect::<String>().to_lowercase();
        // A name not in ASCII gets no candidates rather than a long list.
        if !start.is_ascii() || start.len() != 2 {
            return Ok(Vec::new());
        }
        self.names_starting(kind, tenant_id, &start, 200)
    }

    /// The schema version and how many of each thing the store holds.
    fn store_counts(&self) -> Result<StoreCounts>;
}

/// How a store recognises its key file.
#[derive(Debug, Clone)]
pub struct KeyRecord {
    /// `Key::check` of the key (schema 2 on).
    pub check: Option<String>,
    /// `Key::legacy_id` of the key, in a store not yet upgraded from schema 1.
    pub legacy_id: Option<String>,
    /// The store's random id (schema 2 on).
    pub store_id: Option<String>,
    /// Whether the store holds any tenant or audit entry.
    pub has_data: bool,
}

/// The kinds of names a command line gives: what `MetaStore::names_starting` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    Tenant,
    Company,
    Role,
    Group,
    /// A user's email.
    User,
}

impl NameKind {
    /// The table and the name column of this kind of name (each indexed, compared
    /// without case).
    pub fn table_and_column(self) -> (&'static str, &'static str) {
        match self {
            NameKind::Tenant => ("tenants", "name"),
            NameKind::Company => ("companies", "slug"),
            NameKind::Role => ("roles", "name"),
            NameKind::Group => ("groups", "name"),
            NameKind::User => ("users", "email"),
        }
    }
}

/// What `store info` counts, read in one statement.
#[derive(Debug, Clone, Copy)]
pub struct StoreCounts {
    pub schema_version: i64,
    pub tenants: i64,
    pub companies: i64,
    pub users: i64,
    pub local_users: i64,
    pub sso_users: i64,
    pub enrolled: i64,
    pub roles: i64,
    pub groups: i64,
    pub audit_entries: i64,
}

/// The conflict for a `name` already taken (in the tenant, when `in_tenant`), naming the
/// one `stored`, which may differ in case, since names are compared without case. The
/// same message for every backend.
pub(crate) fn name_taken(what: &str, name: &str, stored: &str, in_tenant: bool) -> Error {
    let place = if in_tenant { " in this tenant" } else { "" };
    let message = if stored == name {
        format!("{what} {name} already exists{place}")
    } else {
        format!(
            "{what} {name} already exists{place} as {stored}: names are the same whatever their case"
        )
    };
    Error::conflict(message).with_hint(format!(
        "pick another name, or see it with `mfactl {what} show {}`",
        crate::output::quoted(stored)
    ))
}
