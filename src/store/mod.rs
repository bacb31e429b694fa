//! All SQL of mfactl: opening the store, migrations, transactions, and one file per
//! table family returning core types. Policy decisions live in `core`, not here.
//!
//! `Store::open` refuses a file that is not an mfactl store, or whose schema is newer
//! than this binary, before anything is written to it.

mod audit;
mod company;
mod factor;
mod role;
mod tenant;
mod user;

use std::fs::OpenOptions;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::error::{Error, Result};

pub use audit::AuditFilter;
pub use factor::{Cleared, Device};
pub use role::HeldRole;
pub use tenant::TenantCounts;
pub use user::{NewUser, UserFilter};

/// `PRAGMA application_id` of an mfactl store ("MFA1").
const APPLICATION_ID: i32 = 0x4d46_4131;

/// The migrations, applied in order; `PRAGMA user_version` counts those applied.
const MIGRATIONS: &[&str] = &[include_str!("sql/0001_init.sql")];

/// How long a writer waits for another process's transaction.
const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// An open store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
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

/// Maps a SQLite error to an environment error naming what was being done.
pub(crate) fn sql_error(doing: &str) -> impl FnOnce(rusqlite::Error) -> Error + '_ {
    move |e| {
        if is_busy(&e) {
            Error::environment(format!("the store is busy: {doing}"))
                .caused_by(e)
                .with_hint("another mfactl process holds the store; try again")
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
    /// Opens (creating it 0600 when absent) the store at an absolute path and migrates it.
    pub fn open(path: &Path) -> Result<Store> {
        let not_a_store = |why: &str| {
            Error::environment(format!("{} is not an mfactl store: {why}", path.display()))
                .with_hint("pass --store with the path of an mfactl store, or a new file name")
        };
        if path.is_dir() {
            return Err(Error::environment(format!(
                "the store path {} is a directory",
                path.display()
            ))
            .with_hint("pass --store with a file path, e.g. --store ./mfactl.db"));
        }
        if !path.exists() {
            create_file(path)?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        #[expect(
            clippy::disallowed_methods,
            reason = "the one place that opens the store"
        )]
        let conn = Connection::open_with_flags(path, flags).map_err(|e| {
            Error::environment(format!("cannot open the store {}", path.display())).caused_by(e)
        })?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(sql_error("setting the busy timeout"))?;

        // Read the header before anything writes: a foreign or newer file stays untouched.
        // One statement is one read transaction, so another process's migration is seen
        // whole or not at all.
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
                    Error::environment(format!("cannot read the store {}", path.display()))
                        .caused_by(e)
                }
            })?;
        let ours = application_id == i64::from(APPLICATION_ID);
        if !ours && (application_id != 0 || version != 0 || tables != 0) {
            return Err(not_a_store("it is an SQLite database of another program"));
        }
        let latest = i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX);
        if version > latest {
            return Err(Error::environment(format!(
                "the store {} has schema version {version}, newer than this mfactl understands ({latest})",
                path.display()
            ))
            .with_hint("upgrade mfactl; the store was left untouched"));
        }

        switch_to_wal(&conn)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(sql_error("setting synchronous"))?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(sql_error("enabling foreign keys"))?;

        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        if version < latest {
            store.migrate()?;
        }
        Ok(store)
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

/// Creates the store file with mode 0600 (and its directory 0700) before SQLite sees it.
fn create_file(path: &Path) -> Result<()> {
    let cannot = |e: std::io::Error| {
        Error::environment(format!("cannot create the store {}", path.display()))
            .caused_by(e)
            .with_hint("check that the directory exists and is writable, or pass another --store")
    };
    if let Some(parent) = path.parent() {
        crate::paths::create_private_dir(parent).map_err(cannot)?;
    }
    match OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(cannot(e)),
    }
}
