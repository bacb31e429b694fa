//! The SQLite store: one file on this machine. `file.rs` opens, checks and migrates it
//! (migrations in `sql/`) and runs transactions; `SqliteTx` implements every trait of
//! `store` with SQL, one file per table family (`meta.rs`, `tenant.rs`, …). Here: the
//! transaction type, and the helpers and error mapping (UNIQUE → conflict, busy or disk
//! full → environment) that all of them share. Policy lives in `core`; the types
//! commands see live in `store`.

mod audit;
mod company;
mod copy;
mod factor;
mod file;
mod group;
mod mail;
mod meta;
mod ops;
mod policy;
mod role;
mod tenant;
mod user;

pub use file::{SqliteStore, latest_version};

use rusqlite::{Connection, Transaction};

use crate::error::{Error, Result};

/// A transaction of the SQLite store; commands see it as a `store::Tx`.
pub struct SqliteTx<'a> {
    tx: Transaction<'a>,
}

impl std::ops::Deref for SqliteTx<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self.tx
    }
}

/// `column = ?N` when a filter is given, else `?N IS NULL` (true, as the parameter is
/// bound to NULL). Two plain forms instead of `(?N IS NULL OR column = ?N)`, which keeps
/// SQLite from using the index on the column.
pub(super) fn filter(column: &str, index: u8, given: bool) -> String {
    if given {
        format!("{column} = ?{index}")
    } else {
        format!("?{index} IS NULL")
    }
}

/// The conflict for a `name` already taken in `table` (in the tenant, when given): names
/// the one stored, which may differ in case, since names are compared without case.
pub(super) fn name_taken(
    tx: &SqliteTx<'_>,
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
    crate::store::name_taken(what, name, &stored, tenant_id.is_some())
}

/// Maps a SQLite error to an environment error naming what was being done.
pub(super) fn sql_error(doing: &str) -> impl FnOnce(rusqlite::Error) -> Error + '_ {
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

pub(super) fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// Whether an error is a UNIQUE or PRIMARY KEY violation.
pub(super) fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(f, _)
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
    )
}

/// Helpers of every table family's SQL.
impl SqliteTx<'_> {
    /// Runs an `INSERT` and returns the new row's id, or `conflict()` when a UNIQUE
    /// constraint refuses it.
    pub(super) fn insert_unique(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        conflict: impl FnOnce() -> Error,
    ) -> Result<i64> {
        // Cached: `policy apply` makes thousands of rows with each of these.
        match self
            .prepare_cached(sql)
            .and_then(|mut stmt| stmt.execute(params))
        {
            Ok(_) => Ok(self.last_insert_rowid()),
            Err(e) if is_unique_violation(&e) => Err(conflict()),
            Err(e) => Err(sql_error("saving")(e)),
        }
    }

    /// The rows of a query, each mapped by `map`.
    pub(super) fn collect<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        map: fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut stmt = self.prepare(sql).map_err(sql_error("reading"))?;
        let rows = stmt.query_map(params, map).map_err(sql_error("reading"))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(sql_error("reading"))
    }
}
