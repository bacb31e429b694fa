//! The SQLite file: opening it (read-write, read-only, or untouched for completion),
//! checking its header before anything is written, WAL and pragmas, the numbered
//! migrations of `sql/` recorded in `PRAGMA user_version`, and transactions.
//!
//! `SqliteStore::open` refuses a file that is not an mfactl store, or whose schema is
//! newer than this binary, before anything is written to it. The caller
//! (`paths::store_file`) has already checked that it is a regular file, created only when
//! asked.

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use super::{SqliteTx, is_busy, sql_error};
use crate::error::{Error, Result};
use crate::store::Tx;

/// `PRAGMA application_id` of an mfactl store ("MFA1").
const APPLICATION_ID: i32 = 0x4d46_4131;

/// The migrations, applied in order; `PRAGMA user_version` counts those applied.
pub(super) const MIGRATIONS: &[&str] = &[
    include_str!("sql/0001_init.sql"),
    include_str!("sql/0002_sign_in_hardening.sql"),
    include_str!("sql/0003_email.sql"),
    include_str!("sql/0004_indexes.sql"),
    include_str!("sql/0005_access_pass.sql"),
    include_str!("sql/0006_own_schema.sql"),
    include_str!("sql/0007_imported_authenticators.sql"),
];

/// How long a writer waits for another process's transaction.
const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// An open SQLite store.
pub struct SqliteStore {
    conn: Connection,
    path: PathBuf,
    read_only: bool,
}

impl SqliteStore {
    /// Opens the existing store file at an absolute path, and migrates it. With
    /// `read_only_ok`, a store that cannot be written (a read-only medium, a file of
    /// another user) is opened for reading instead; with `read_only`, it always is.
    pub fn open(path: &Path, read_only_ok: bool, read_only: bool) -> Result<SqliteStore> {
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

    fn open_read_write(path: &Path) -> Result<SqliteStore> {
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

        let mut store = SqliteStore {
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
    fn open_read_only(path: &Path) -> Result<SqliteStore> {
        Self::open_read_only_as(path, &["mode=ro", "mode=ro&immutable=1"])
    }

    /// Opens the store for reading without leaving a file beside it, for shell
    /// completion: a read-only connection would create the `-wal` and `-shm` files of a
    /// closed store and could not remove them. So the WAL is read only when it is in use
    /// (its `-wal` file is there); otherwise the file holds everything and is read as
    /// immutable. A writer starting meanwhile can make that read fail, never change it.
    pub fn open_untouched(path: &Path) -> Result<SqliteStore> {
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        if Path::new(&wal).exists() {
            Self::open_read_only(path)
        } else {
            Self::open_read_only_as(path, &["mode=ro&immutable=1"])
        }
    }

    fn open_read_only_as(path: &Path, queries: &[&str]) -> Result<SqliteStore> {
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
            return Ok(SqliteStore {
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

    /// Writes a consistent copy of the whole store into the empty file `path` with
    /// `VACUUM INTO` (one read transaction: a snapshot, while others write).
    pub fn vacuum_into(&self, path: &Path) -> Result<()> {
        let target = path.to_str().ok_or_else(|| {
            Error::usage(format!(
                "the backup path {} is not valid UTF-8, which SQLite needs",
                path.display()
            ))
            .with_hint("give the backup a name of plain characters")
        })?;
        self.conn
            .execute("VACUUM INTO ?1", [target])
            .map_err(sql_error("copying the store into the backup"))?;
        Ok(())
    }

    /// Applies the migrations not yet applied, in one `BEGIN IMMEDIATE` transaction.
    fn migrate(&mut self) -> Result<()> {
        self.transaction(TransactionBehavior::Immediate, |tx| {
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
        self.transaction(TransactionBehavior::Immediate, |tx| f(tx))
    }

    /// Runs `f` in a write transaction that is always rolled back: a dry run that makes
    /// the same checks as the real change, the database's included.
    pub fn rehearse<T>(&self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(sql_error("starting a transaction"))?;
        let tx = SqliteTx { tx };
        let value = f(&tx)?;
        tx.tx.rollback().map_err(sql_error("rolling back"))?;
        Ok(value)
    }

    /// Runs `f` in a read transaction: one consistent snapshot.
    pub fn read<T>(&self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        self.transaction(TransactionBehavior::Deferred, |tx| f(tx))
    }

    fn transaction<T>(
        &self,
        behavior: TransactionBehavior,
        f: impl FnOnce(&SqliteTx<'_>) -> Result<T>,
    ) -> Result<T> {
        let tx = Transaction::new_unchecked(&self.conn, behavior)
            .map_err(sql_error("starting a transaction"))?;
        let tx = SqliteTx { tx };
        let value = f(&tx)?;
        tx.tx.commit().map_err(sql_error("committing"))?;
        Ok(value)
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
