//! All SQL of mfactl: opening the store, migrations, transactions, and one file per
//! table family returning core types. Policy decisions live in `core`, not here.
//!
//! `Store::open` refuses a file that is not an mfactl store, or whose schema is newer
//! than this binary, before anything is written to it. The caller (`paths::store_file`)
//! has already checked that it is a regular file, created only when asked.

mod audit;
mod company;
mod factor;
mod group;
mod mail;
pub mod postgres;
mod role;
pub(crate) mod tenant;
mod user;

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::error::{Error, Result};

pub use audit::AuditFilter;
pub use factor::{Cleared, Device};
pub use group::GroupSummary;
pub use mail::MailServerRow;
pub use role::{HeldRole, RoleHolder};
pub use tenant::TenantCounts;
pub use user::{NewUser, UserFilter, UserRow};

/// `PRAGMA application_id` of an mfactl store ("MFA1").
const APPLICATION_ID: i32 = 0x4d46_4131;

/// The migrations, applied in order; `PRAGMA user_version` counts those applied.
const MIGRATIONS: &[&str] = &[
    include_str!("sql/0001_init.sql"),
    include_str!("sql/0002_sign_in_hardening.sql"),
    include_str!("sql/0003_email.sql"),
    include_str!("sql/0004_indexes.sql"),
];

/// How long a writer waits for another process's transaction.
const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// `meta` key of the keyed hash that recognises the store's key (schema 2 on).
const KEY_CHECK: &str = "key_check";
/// `meta` key of the key id that schema-1 stores recorded.
const LEGACY_KEY_ID: &str = "key_id";
/// `meta` key of the store's random id, which the audit chain's key is derived with.
const STORE_ID: &str = "store_id";

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

/// An open store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    read_only: bool,
}

/// A transaction: every read and write of the store goes through one.
pub struct Tx<'a> {
    tx: Transaction<'a>,
}

impl std::ops::Deref for Tx<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self.tx
    }
}

/// `column = ?N` when a filter is given, else `?N IS NULL` (true, as the parameter is
/// bound to NULL). Two plain forms instead of `(?N IS NULL OR column = ?N)`, which keeps
/// SQLite from using the index on the column.
pub(crate) fn filter(column: &str, index: u8, given: bool) -> String {
    if given {
        format!("{column} = ?{index}")
    } else {
        format!("?{index} IS NULL")
    }
}

/// The conflict for a `name` already taken in `table` (in the tenant, when given): names
/// the one stored, which may differ in case, since names are compared without case.
pub(crate) fn name_taken(
    tx: &Tx<'_>,
    what: &str,
    table: &str,
    column: &str,
    tenant_id: Option<i64>,
    name: &str,
) -> Error {
    let stored: String = tx
        .query_row(
            &format!(
                "SELECT {column} FROM {table} WHERE {column} = ?1 AND {}",
                filter("tenant_id", 2, tenant_id.is_some())
            ),
            rusqlite::params![name, tenant_id],
            |row| row.get(0),
        )
        .unwrap_or_else(|_| name.to_owned());
    let place = if tenant_id.is_some() {
        " in this tenant"
    } else {
        ""
    };
    let message = if stored == name {
        format!("{what} {name} already exists{place}")
    } else {
        format!(
            "{what} {name} already exists{place} as {stored}: names are the same whatever their case"
        )
    };
    Error::conflict(message).with_hint(format!(
        "pick another name, or see it with `mfactl {what} show {}`",
        crate::output::quoted(&stored)
    ))
}

/// Maps a SQLite error to an environment error naming what was being done.
pub(crate) fn sql_error(doing: &str) -> impl FnOnce(rusqlite::Error) -> Error + '_ {
    move |e| {
        if is_busy(&e) {
            Error::environment(format!("the store is busy: {doing}"))
                .caused_by(e)
                .with_hint("another mfactl process holds the store; try again")
        } else if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull) {
            // The transaction is rolled back: what was committed before stays.
            Error::environment(format!(
                "the disk holding the store is full (while {doing}); this change was not made"
            ))
            .caused_by(e)
            .with_hint("free some space on it and run the command again")
        } else {
            Error::environment(format!("store error while {doing}")).caused_by(e)
        }
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// Whether an error is a UNIQUE or PRIMARY KEY violation.
pub(crate) fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(f, _)
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
    )
}

impl Store {
    /// Opens the existing store file at an absolute path, and migrates it. With
    /// `read_only_ok`, a store that cannot be written (a read-only medium, a file of
    /// another user) is opened for reading instead; with `read_only`, it always is.
    pub fn open(path: &Path, read_only_ok: bool, read_only: bool) -> Result<Store> {
        if read_only {
            return Self::open_read_only(path);
        }
        let writable = match OpenOptions::new().write(true).open(path) {
            Ok(_) => true,
            Err(e)
                if read_only_ok
                    && matches!(
                        e.kind(),
                        std::io::ErrorKind::PermissionDenied
                            | std::io::ErrorKind::ReadOnlyFilesystem
                    ) =>
            {
                false
            }
            Err(e) => {
                return Err(Error::environment(format!(
                    "cannot open the store {} for writing",
                    path.display()
                ))
                .caused_by(e)
                .with_hint("check its permissions, or that its file system is not read-only"));
            }
        };
        if writable {
            Self::open_read_write(path)
        } else {
            Self::open_read_only(path)
        }
    }

    fn open_read_write(path: &Path) -> Result<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        #[expect(
            clippy::disallowed_methods,
            reason = "the one place that opens the store for writing"
        )]
        let conn = Connection::open_with_flags(path, flags).map_err(|e| {
            Error::environment(format!("cannot open the store {}", path.display())).caused_by(e)
        })?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(sql_error("setting the busy timeout"))?;
        let version = check_header(&conn, path)?;

        switch_to_wal(&conn)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(sql_error("setting synchronous"))?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(sql_error("enabling foreign keys"))?;

        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            read_only: false,
        };
        if version < latest_version() {
            store.migrate()?;
        }
        Ok(store)
    }

    /// A store that cannot be written: read through SQLite's read-only mode, or, where
    /// even the WAL index cannot be created beside it (a read-only medium), as immutable.
    fn open_read_only(path: &Path) -> Result<Store> {
        Self::open_read_only_as(path, &["mode=ro", "mode=ro&immutable=1"])
    }

    /// Opens the store for reading without leaving a file beside it, for shell
    /// completion: a read-only connection would create the `-wal` and `-shm` files of a
    /// closed store and could not remove them. So the WAL is read only when it is in use
    /// (its `-wal` file is there); otherwise the file holds everything and is read as
    /// immutable. A writer starting meanwhile can make that read fail, never change it.
    pub fn open_untouched(path: &Path) -> Result<Store> {
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        if Path::new(&wal).exists() {
            Self::open_read_only(path)
        } else {
            Self::open_read_only_as(path, &["mode=ro&immutable=1"])
        }
    }

    fn open_read_only_as(path: &Path, queries: &[&str]) -> Result<Store> {
        let uri = sqlite_uri(path);
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut last_error = None;
        for &query in queries {
            #[expect(
                clippy::disallowed_methods,
                reason = "the one place that opens the store for reading only"
            )]
            let conn = match Connection::open_with_flags(format!("{uri}?{query}"), flags) {
                Ok(conn) => conn,
                Err(e) => {
                    last_error = Some(e);
                    continue;
                }
            };
            conn.busy_timeout(BUSY_TIMEOUT)
                .map_err(sql_error("setting the busy timeout"))?;
            let version = match check_header(&conn, path) {
                Ok(version) => version,
                // Without a WAL index SQLite cannot open a WAL store read-only: try immutable.
                Err(_) if query == "mode=ro" => continue,
                Err(e) => return Err(e),
            };
            if version < latest_version() {
                return Err(Error::environment(format!(
                    "the store {} has schema version {version} and cannot be written to upgrade it",
                    path.display()
                ))
                .with_hint("open it once with write access (any mfactl command) to upgrade it"));
            }
            return Ok(Store {
                conn,
                path: path.to_path_buf(),
                read_only: true,
            });
        }
        let mut error = Error::environment(format!(
            "cannot open the store {} for reading",
            path.display()
        ));
        if let Some(e) = last_error {
            error = error.caused_by(e);
        }
        Err(error)
    }

    /// Whether the store was opened for reading only.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The absolute path of the store file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Applies the migrations not yet applied, in one `BEGIN IMMEDIATE` transaction.
    fn migrate(&mut self) -> Result<()> {
        self.write(|tx| {
            // Re-read inside the write lock: another process may have migrated meanwhile.
            let version: i64 = tx
                .query_row("PRAGMA user_version", [], |row| row.get(0))
                .map_err(sql_error("reading the schema version"))?;
            let start = usize::try_from(version).unwrap_or(usize::MAX);
            for (index, sql) in MIGRATIONS.iter().enumerate().skip(start) {
                tx.execute_batch(sql)
                    .map_err(sql_error("migrating the store"))?;
                tx.pragma_update(
                    None,
                    "user_version",
                    i64::try_from(index + 1).unwrap_or(i64::MAX),
                )
                .map_err(sql_error("recording the schema version"))?;
            }
            tx.pragma_update(None, "application_id", APPLICATION_ID)
                .map_err(sql_error("marking the store"))?;
            Ok(())
        })
    }

    /// Runs `f` in a `BEGIN IMMEDIATE` transaction, committed only when it returns `Ok`.
    pub fn write<T>(&self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        self.transaction(TransactionBehavior::Immediate, f)
    }

    /// Runs `f` in a write transaction that is always rolled back: a dry run that makes
    /// the same checks as the real change, the database's included.
    pub fn rehearse<T>(&self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(sql_error("starting a transaction"))?;
        let tx = Tx { tx };
        let value = f(&tx)?;
        tx.tx.rollback().map_err(sql_error("rolling back"))?;
        Ok(value)
    }

    /// Runs `f` in a read transaction: one consistent snapshot.
    pub fn read<T>(&self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        self.transaction(TransactionBehavior::Deferred, f)
    }

    fn transaction<T>(
        &self,
        behavior: TransactionBehavior,
        f: impl FnOnce(&Tx<'_>) -> Result<T>,
    ) -> Result<T> {
        let tx = Transaction::new_unchecked(&self.conn, behavior)
            .map_err(sql_error("starting a transaction"))?;
        let tx = Tx { tx };
        let value = f(&tx)?;
        tx.tx.commit().map_err(sql_error("committing"))?;
        Ok(value)
    }
}

impl Tx<'_> {
    /// A value of the `meta` table.
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        self.query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| {
            row.get(0)
        })
        .optional()
        .map_err(sql_error("reading meta"))
    }

    /// How the store recognises its key, and whether it holds anything yet.
    pub fn key_record(&self) -> Result<KeyRecord> {
        let has_data: bool = self
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM tenants) OR EXISTS (SELECT 1 FROM audit_log)",
                [],
                |row| row.get(0),
            )
            .map_err(sql_error("reading the store"))?;
        Ok(KeyRecord {
            check: self.meta(KEY_CHECK)?,
            legacy_id: self.meta(LEGACY_KEY_ID)?,
            store_id: self.meta(STORE_ID)?,
            has_data,
        })
    }

    /// Records the key of the store (replacing a schema-1 key id) and its id.
    pub fn set_key_check(&self, check: &str, store_id: &str) -> Result<()> {
        self.set_meta(KEY_CHECK, check)?;
        self.set_meta(STORE_ID, store_id)?;
        self.execute("DELETE FROM meta WHERE key = ?1", [LEGACY_KEY_ID])
            .map_err(sql_error("writing meta"))?;
        Ok(())
    }

    /// Sets a value of the `meta` table.
    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )
        .map_err(sql_error("writing meta"))?;
        Ok(())
    }
}

/// The kinds of names a command line gives: what `Tx::names_starting` reads.
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
    /// The table and the name column (each indexed, compared without case).
    fn table_and_column(self) -> (&'static str, &'static str) {
        match self {
            NameKind::Tenant => ("tenants", "name"),
            NameKind::Company => ("companies", "slug"),
            NameKind::Role => ("roles", "name"),
            NameKind::Group => ("groups", "name"),
            NameKind::User => ("users", "email"),
        }
    }
}

impl Tx<'_> {
    /// The distinct names of a kind that start with `prefix` (case does not matter), in
    /// order, at most `limit`: of one tenant when `tenant_id` is given (ignored for
    /// tenants), else of every tenant. A range on the name's index, never a scan: the one
    /// query behind the "did you mean" hints and shell completion.
    pub fn names_starting(
        &self,
        kind: NameKind,
        tenant_id: Option<i64>,
        prefix: &str,
        limit: u32,
    ) -> Result<Vec<String>> {
        let (table, column) = kind.table_and_column();
        let tenant_id = tenant_id.filter(|_| kind != NameKind::Tenant);
        // [prefix, prefix + U+10FFFF): every name that starts with the prefix, as a range
        // the index answers (LIKE would need escaping and a literal to use the index).
        let end = format!("{prefix}\u{10FFFF}");
        let sql = format!(
            "SELECT DISTINCT {column} FROM {table} \
             WHERE {} AND {column} >= ?2 AND {column} < ?3 ORDER BY {column} LIMIT ?4",
            filter("tenant_id", 1, tenant_id.is_some())
        );
        let mut stmt = self
            .prepare_cached(&sql)
            .map_err(sql_error("reading names"))?;
        let rows = stmt
            .query_map(rusqlite::params![tenant_id, prefix, end, limit], |row| {
                row.get(0)
            })
            .map_err(sql_error("reading names"))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(sql_error("reading names"))
    }

    /// Names of the kind `what` ("user", "company", "role" or "group") that a mistyped
    /// `name` may have meant: the tenant's companies, roles or groups (at most 1,000), or
    /// the emails that start as `name` does (its first two characters; at most 200).
    pub fn names_near(
        &self,
        what: &str,
        tenant_id: Option<i64>,
        name: &str,
    ) -> Result<Vec<String>> {
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

impl Tx<'_> {
    /// The schema version and how many of each thing the store holds.
    pub fn store_counts(&self) -> Result<StoreCounts> {
        self.query_row(
            "SELECT (SELECT user_version FROM pragma_user_version()), \
                    (SELECT count(*) FROM tenants), \
                    (SELECT count(*) FROM companies), \
                    (SELECT count(*) FROM users), \
                    (SELECT count(*) FROM users WHERE kind = 'local'), \
                    (SELECT count(*) FROM users WHERE totp_enrolled_at IS NOT NULL), \
                    (SELECT count(*) FROM roles), \
                    (SELECT count(*) FROM groups), \
                    (SELECT count(*) FROM audit_log)",
            [],
            |row| {
                let users: i64 = row.get(3)?;
                let local_users: i64 = row.get(4)?;
                Ok(StoreCounts {
                    schema_version: row.get(0)?,
                    tenants: row.get(1)?,
                    companies: row.get(2)?,
                    users,
                    local_users,
                    sso_users: users - local_users,
                    enrolled: row.get(5)?,
                    roles: row.get(6)?,
                    groups: row.get(7)?,
                    audit_entries: row.get(8)?,
                })
            },
        )
        .map_err(sql_error("counting what the store holds"))
    }
}

/// The newest schema version this binary knows.
pub fn latest_version() -> i64 {
    i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX)
}

/// Reads the header before anything writes, so a foreign or newer file stays untouched;
/// returns the schema version. One statement is one read transaction, so another
/// process's migration is seen whole or not at all.
fn check_header(conn: &Connection, path: &Path) -> Result<i64> {
    let not_a_store = |why: &str| {
        Error::environment(format!("{} is not an mfactl store: {why}", path.display()))
            .with_hint("pass --store with the path of an mfactl store, or a new file name")
    };
    let (application_id, version, tables): (i64, i64, i64) = conn
        .query_row(
            "SELECT (SELECT application_id FROM pragma_application_id()), \
                    (SELECT user_version FROM pragma_user_version()), \
                    (SELECT count(*) FROM sqlite_master)",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .map_err(|e| {
            if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) {
                not_a_store("it is not an SQLite database")
            } else {
                Error::environment(format!("cannot read the store {}", path.display())).caused_by(e)
            }
        })?;
    let ours = application_id == i64::from(APPLICATION_ID);
    if !ours && (application_id != 0 || version != 0 || tables != 0) {
        return Err(not_a_store("it is an SQLite database of another program"));
    }
    let latest = latest_version();
    if version > latest {
        return Err(Error::environment(format!(
            "the store {} has schema version {version}, newer than this mfactl understands ({latest})",
            path.display()
        ))
        .with_hint("upgrade mfactl; the store was left untouched"));
    }
    Ok(version)
}

/// `file:` URI of an absolute path, every byte outside the unreserved set escaped.
fn sqlite_uri(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut uri = String::from("file:");
    for &b in path.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}

/// Puts the store in WAL mode. Changing the journal mode can fail with "busy" without
/// SQLite's busy handler waiting, so a new store opened by many processes at once
/// retries until one of them has switched it.
fn switch_to_wal(conn: &Connection) -> Result<()> {
    let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
    loop {
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |row| row.get(0))
            .map_err(sql_error("reading the journal mode"))?;
        if mode.eq_ignore_ascii_case("wal") {
            return Ok(());
        }
        match conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))
        {
            Ok(_) => {}
            Err(e) if is_busy(&e) && std::time::Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(e) => return Err(sql_error("switching the store to WAL")(e)),
        }
    }
}
