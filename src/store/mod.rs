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

pub(crate) mod audit;
mod company;
pub mod copy;
mod factor;
mod group;
mod mail;
pub mod ops;
mod policy;
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
pub use ops::OpsStore;
pub use policy::PolicyStore;
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
    + OpsStore
    + PolicyStore
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
        + OpsStore
        + PolicyStore
        + ?Sized
{
}

/// An open store, of one backend.
pub struct Store {
    backend: Backend,
    /// The key check the store recorded when its key was checked (`expect_key`): every
    /// transaction makes sure it is still the store's, so that a command that read its
    /// key before another process's `store rekey` committed writes nothing under it.
    key_check: std::cell::RefCell<Option<String>>,
}

enum Backend {
    /// An SQLite file on this machine.
    Sqlite(sqlite::SqliteStore),
    /// A PostgreSQL database, shared by admins on many machines.
    Postgres(Box<postgres::PostgresStore>),
}

impl Store {
    fn of(backend: Backend) -> Store {
        Store {
            backend,
            key_check: std::cell::RefCell::new(None),
        }
    }

    /// Opens the existing store file at an absolute path, and migrates it. With
    /// `read_only_ok`, a store that cannot be written (a read-only medium, a file of
    /// another user) is opened for reading instead; with `read_only`, it always is.
    /// Refuses a file that is not an mfactl store, or whose schema is newer than this
    /// binary, before anything is written to it.
    pub fn open(path: &Path, read_only_ok: bool, read_only: bool) -> Result<Store> {
        sqlite::SqliteStore::open(path, read_only_ok, read_only)
            .map(|store| Store::of(Backend::Sqlite(store)))
    }

    /// Connects to the PostgreSQL store at `target` and migrates it; unless `create`, a
    /// database that holds no store yet is refused untouched (`PostgresStore::open`).
    pub fn open_url(target: postgres::Target, create: bool) -> Result<Store> {
        postgres::PostgresStore::open(target, create)
            .map(|store| Store::of(Backend::Postgres(Box::new(store))))
    }

    /// Connects to the PostgreSQL database `store copy` writes into, leaving it as it is
    /// (`postgres::PostgresStore::open_for_copy`).
    pub fn open_url_for_copy(target: postgres::Target) -> Result<Store> {
        postgres::PostgresStore::open_for_copy(target)
            .map(|store| Store::of(Backend::Postgres(Box::new(store))))
    }

    /// Opens the store for reading without leaving a file beside it (shell completion).
    pub fn open_untouched(path: &Path) -> Result<Store> {
        sqlite::SqliteStore::open_untouched(path).map(|store| Store::of(Backend::Sqlite(store)))
    }

    /// From now on every transaction first checks that the store still records the key
    /// `check` (`Key::check`), and refuses, changing nothing, when a `store rekey` of
    /// another process replaced it meanwhile.
    pub fn expect_key(&self, check: &str) {
        *self.key_check.borrow_mut() = Some(check.to_owned());
    }

    /// The check `expect_key` asks for, in the transaction `tx`.
    fn still_keyed(&self, tx: &Tx<'_>) -> Result<()> {
        let Some(expected) = self.key_check.borrow().clone() else {
            return Ok(());
        };
        let recorded = tx.meta(KEY_CHECK)?;
        if recorded.as_deref() == Some(expected.as_str()) {
            return Ok(());
        }
        let now = recorded.as_deref().map_or_else(
            || "no key".to_owned(),
            |check| format!("key id {}", key_id(check)),
        );
        Err(Error::environment(format!(
            "the store's key was replaced while this command ran (`mfactl store rekey`): it is now under {now}; nothing was changed"
        ))
        .with_hint("run the command again: it opens the store with the new key file"))
    }

    /// Whether the store was opened for reading only.
    pub fn is_read_only(&self) -> bool {
        match &self.backend {
            Backend::Sqlite(store) => store.is_read_only(),
            Backend::Postgres(_) => false,
        }
    }

    /// The absolute path of the store file; `None` for a database on a server.
    pub fn path(&self) -> Option<&Path> {
        match &self.backend {
            Backend::Sqlite(store) => Some(store.path()),
            Backend::Postgres(_) => None,
        }
    }

    /// Where the store is, as messages name it: the file's path, or the URL of the
    /// database without its password (`postgresql://USER@HOST:PORT/DB`).
    pub fn location(&self) -> String {
        match &self.backend {
            Backend::Sqlite(store) => store.path().display().to_string(),
            Backend::Postgres(store) => store.target().display_url(),
        }
    }

    /// What identifies the store's place for this machine's record of its audit log
    /// (`paths::witness_path`): the file's path, or the server and database (not the
    /// user, who may differ between admins; not the store id, so that another store
    /// put in the place of this one is noticed as it is for a file).
    pub fn place(&self) -> Vec<u8> {
        use std::os::unix::ffi::OsStrExt;
        match &self.backend {
            Backend::Sqlite(store) => store.path().as_os_str().as_bytes().to_vec(),
            Backend::Postgres(store) => format!(
                "postgresql://{}/{}",
                store.target().endpoint(),
                store.target().database()
            )
            .into_bytes(),
        }
    }

    /// The server, database, user and TLS state of a PostgreSQL store; `None` for a file.
    pub fn server_info(&self) -> Result<Option<postgres::ServerInfo>> {
        match &self.backend {
            Backend::Sqlite(_) => Ok(None),
            Backend::Postgres(store) => store.target().server_info(&mut store.client()).map(Some),
        }
    }

    /// How many bytes the store takes: the file and its WAL, or the database on disk.
    pub fn size_bytes(&self) -> Result<u64> {
        match &self.backend {
            Backend::Sqlite(store) => {
                // The WAL holds changes not yet checkpointed: the store's size is both files.
                let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
                let mut wal = store.path().as_os_str().to_owned();
                wal.push("-wal");
                Ok(size(store.path()) + size(Path::new(&wal)))
            }
            Backend::Postgres(store) => store.size_bytes(),
        }
    }

    /// Runs `f` in a write transaction, which no other writer interleaves with,
    /// committed only when it returns `Ok`: a refused command changes nothing.
    pub fn write<T>(&self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        let guarded = |tx: &Tx<'_>| {
            self.still_keyed(tx)?;
            f(tx)
        };
        match &self.backend {
            Backend::Sqlite(store) => store.write(guarded),
            Backend::Postgres(store) => store.write(guarded),
        }
    }

    /// Runs `f` in a write transaction that is always rolled back: a dry run that makes
    /// the same checks as the real change, the database's included.
    pub fn rehearse<T>(&self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        let guarded = |tx: &Tx<'_>| {
            self.still_keyed(tx)?;
            f(tx)
        };
        match &self.backend {
            Backend::Sqlite(store) => store.rehearse(guarded),
            Backend::Postgres(store) => store.rehearse(guarded),
        }
    }

    /// Writes a consistent copy of the whole store, read from one snapshot while others
    /// may write, into the empty file `path` (made by the caller, mode 0600): SQLite's
    /// `VACUUM INTO`, or for a PostgreSQL store a new SQLite store filled by `store
    /// copy`'s reader (`copy::copy_tables`); `row` is called with the table of each row
    /// copied that way.
    pub fn backup_into(&self, path: &Path, row: &mut dyn FnMut(&'static str)) -> Result<()> {
        match &self.backend {
            Backend::Sqlite(store) => store.vacuum_into(path),
            Backend::Postgres(_) => {
                let target = Store::open(path, false, false)?;
                self.read(|from| {
                    target.write(|to| {
                        let found = to.prepare_copy_target()?;
                        if !found.is_empty() {
                            return Err(Error::environment(format!(
                                "the new backup file {} is not empty: {}",
                                path.display(),
                                found.join(", ")
                            )));
                        }
                        copy::copy_tables(from, to, row, &mut |_, _| {})
                    })
                })
            }
        }
    }

    /// Runs `f` in a read transaction: one consistent snapshot.
    pub fn read<T>(&self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        match &self.backend {
            Backend::Sqlite(store) => store.read(f),
            Backend::Postgres(store) => store.read(f),
        }
    }
}

/// The public id of the key whose check is `check` (`Key::id`: its first 16 digits).
pub fn key_id(check: &str) -> &str {
    check.get(..16).unwrap_or(check)
}

/// `meta` key of the keyed hash that recognises the store's key (schema 2 on).
const KEY_CHECK: &str = "key_check";
/// `meta` key of the key id that schema-1 stores recorded.
const LEGACY_KEY_ID: &str = "key_id";
/// `meta` key of the store's random id, which the audit chain's key is derived with.
const STORE_ID: &str = "store_id";
/// `meta` key of the store's earlier keys (`keyring::KeyRing`), after a `store rekey`.
const KEY_RING: &str = "key_ring";

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
            ring: self.meta(KEY_RING)?,
            has_data: self.has_data()?,
        })
    }

    /// Records that the store is under another key now (`store rekey`): its key check,
    /// and its earlier keys sealed under it (`keyring::KeyRing::seal`).
    fn set_rekeyed(&self, check: &str, ring: &str) -> Result<()> {
        self.set_meta(KEY_CHECK, check)?;
        self.set_meta(KEY_RING, ring)
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
    /// The store's earlier keys, sealed (`keyring::KeyRing`), after a `store rekey`.
    pub ring: Option<String>,
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
