//! `PgTx`, a transaction of the PostgreSQL store, and the helpers every table family's
//! SQL shares: cached statements, reading rows without panicking on what a hand-edited
//! database may hold, server-side cursors for listings, and the error mapping (lock
//! timeout → busy, disk full → environment, anything else naming the server).
//!
//! The `postgres` client's methods take `&mut self` and the store's traits `&self`, so
//! the transaction sits in a `RefCell`, borrowed for one statement (or one batch of a
//! cursor) at a time: a callback of a listing may use the transaction again.

use std::cell::RefCell;
use std::collections::HashMap;

use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::{FromSql, ToSql, Type};
use postgres::{Row, Statement, Transaction};

use crate::error::{Error, Result};
use crate::store::postgres::Target;

/// The parameters of a statement.
pub(super) type Params<'p> = [&'p (dyn ToSql + Sync)];

/// How many rows a listing fetches from its cursor at a time.
const BATCH: i32 = 2048;

/// A transaction of the PostgreSQL store; commands see it as a `store::Tx`.
pub struct PgTx<'a> {
    tx: RefCell<Transaction<'a>>,
    pub(super) target: &'a Target,
    statements: &'a RefCell<HashMap<String, Statement>>,
    /// The head of the audit chain as this transaction last set it, not yet written:
    /// written once before the transaction ends (`into_inner`) or before any statement
    /// on `meta`. Setting the same row again and again in one transaction leaves a chain
    /// of dead versions that every later read of it walks (quadratic for `policy apply`
    /// appending 200,000 entries).
    pending_head: RefCell<Option<String>>,
}

impl<'a> PgTx<'a> {
    pub(super) fn new(
        tx: Transaction<'a>,
        target: &'a Target,
        statements: &'a RefCell<HashMap<String, Statement>>,
    ) -> PgTx<'a> {
        PgTx {
            tx: RefCell::new(tx),
            target,
            statements,
            pending_head: RefCell::new(None),
        }
    }

    /// The transaction, to commit or roll back, with the audit chain's head written.
    pub(super) fn into_inner(self) -> Result<Transaction<'a>> {
        self.flush_head()?;
        Ok(self.tx.into_inner())
    }

    /// The head of the audit chain this transaction set and has not written yet.
    pub(super) fn pending_head(&self) -> Option<String> {
        self.pending_head.borrow().clone()
    }

    /// Keeps the head of the audit chain to write before the transaction ends.
    pub(super) fn set_pending_head(&self, head: Option<String>) {
        *self.pending_head.borrow_mut() = head;
    }

    /// Writes the head of the audit chain this transaction set, if it has not yet.
    fn flush_head(&self) -> Result<()> {
        let Some(head) = self.pending_head.borrow_mut().take() else {
            return Ok(());
        };
        self.exec(
            "INSERT INTO meta (key, value) VALUES ($1, $2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            &[&crate::store::audit::HEAD_KEY, &head],
            "writing meta",
        )?;
        Ok(())
    }

    /// Before a statement on `meta`, the head this transaction set is written.
    fn before(&self, sql: &str) -> Result<()> {
        if sql.contains("meta") && self.pending_head.borrow().is_some() {
            self.flush_head()?;
        }
        Ok(())
    }

    /// The transaction itself, for one operation that needs it whole (a `COPY`).
    pub(super) fn transaction(&self) -> std::cell::RefMut<'_, Transaction<'a>> {
        self.tx.borrow_mut()
    }

    /// Maps an error of a statement, naming what was being done and the server.
    pub(super) fn error<'d>(
        &'d self,
        doing: &'d str,
    ) -> impl FnOnce(postgres::Error) -> Error + 'd {
        pg_error(self.target, doing)
    }

    /// The prepared statement of `sql`, prepared once per connection.
    fn statement(&self, sql: &str, doing: &str) -> Result<Statement> {
        if let Some(statement) = self.statements.borrow().get(sql) {
            return Ok(statement.clone());
        }
        let statement = self
            .tx
            .borrow_mut()
            .prepare(sql)
            .map_err(self.error(doing))?;
        self.statements
            .borrow_mut()
            .insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }

    /// Runs a statement; returns how many rows it changed.
    pub(super) fn exec(&self, sql: &str, params: &Params<'_>, doing: &str) -> Result<usize> {
        self.before(sql)?;
        let statement = self.statement(sql, doing)?;
        let changed = self
            .tx
            .borrow_mut()
            .execute(&statement, params)
            .map_err(self.error(doing))?;
        Ok(usize::try_from(changed).unwrap_or(usize::MAX))
    }

    /// The rows of a query.
    fn rows(&self, sql: &str, params: &Params<'_>, doing: &str) -> Result<Vec<Row>> {
        self.before(sql)?;
        let statement = self.statement(sql, doing)?;
        self.tx
            .borrow_mut()
            .query(&statement, params)
            .map_err(self.error(doing))
    }

    /// The rows of a query, each mapped by `map`.
    pub(super) fn collect<T>(
        &self,
        sql: &str,
        params: &Params<'_>,
        doing: &str,
        map: impl Fn(&Row) -> Result<T>,
    ) -> Result<Vec<T>> {
        self.rows(sql, params, doing)?.iter().map(map).collect()
    }

    /// The first row of a query, mapped by `map`, if there is one.
    pub(super) fn first<T>(
        &self,
        sql: &str,
        params: &Params<'_>,
        doing: &str,
        map: impl Fn(&Row) -> Result<T>,
    ) -> Result<Option<T>> {
        self.rows(sql, params, doing)?.first().map(map).transpose()
    }

    /// The one row of a query, mapped by `map`; an environment error when there is none
    /// (as SQLite's `query_row` without `optional`).
    pub(super) fn single<T>(
        &self,
        sql: &str,
        params: &Params<'_>,
        doing: &str,
        map: impl Fn(&Row) -> Result<T>,
    ) -> Result<T> {
        self.first(sql, params, doing, map)?.ok_or_else(|| {
            Error::environment(format!(
                "store error on the PostgreSQL server at {} while {doing}",
                self.target.endpoint()
            ))
            .caused_by("query returned no rows")
        })
    }

    /// The single value of the first row of a query.
    pub(super) fn value<T: for<'r> FromSql<'r>>(
        &self,
        sql: &str,
        params: &Params<'_>,
        doing: &str,
    ) -> Result<T> {
        self.single(sql, params, doing, |row| get(row, 0))
    }

    /// Hands the rows of a query to `each` from a server-side cursor (a portal), a batch
    /// at a time, so memory stays flat whatever the size of the result; `each` returns
    /// false to stop.
    pub(super) fn each_row(
        &self,
        sql: &str,
        params: &Params<'_>,
        doing: &str,
        each: &mut dyn FnMut(&Row) -> Result<bool>,
    ) -> Result<()> {
        self.before(sql)?;
        let statement = self.statement(sql, doing)?;
        let portal = self
            .tx
            .borrow_mut()
            .bind(&statement, params)
            .map_err(self.error(doing))?;
        loop {
            let rows = self
                .tx
                .borrow_mut()
                .query_portal(&portal, BATCH)
                .map_err(self.error(doing))?;
            for row in &rows {
                if !each(row)? {
                    return Ok(());
                }
            }
            if rows.len() < usize::try_from(BATCH).unwrap_or(usize::MAX) {
                return Ok(());
            }
        }
    }

    /// Sends rows to a `COPY … FROM STDIN (FORMAT binary)` statement: `write` is given
    /// the writer, columns of the `types` given, and the rows copied are counted. An
    /// error before the end aborts the copy (and with it the transaction).
    pub(super) fn copy_in(
        &self,
        sql: &str,
        types: &[Type],
        doing: &str,
        write: impl FnOnce(&mut BinaryCopyInWriter<'_>) -> std::result::Result<(), postgres::Error>,
    ) -> Result<u64> {
        self.before(sql)?;
        let mut tx = self.tx.borrow_mut();
        let writer = tx.copy_in(sql).map_err(self.error(doing))?;
        let mut writer = BinaryCopyInWriter::new(writer, types);
        write(&mut writer).map_err(self.error(doing))?;
        writer.finish().map_err(self.error(doing))
    }

    /// Runs statements with no parameters (a lock, a setting).
    pub(super) fn batch(&self, sql: &str, doing: &str) -> Result<()> {
        self.before(sql)?;
        self.tx
            .borrow_mut()
            .batch_execute(sql)
            .map_err(self.error(doing))
    }
}

/// A column of a row; a value the column's type cannot give (a hand-edited database) is
/// an environment error, never a panic.
pub(super) fn get<'r, T: FromSql<'r>>(row: &'r Row, index: usize) -> Result<T> {
    row.try_get(index).map_err(|e| {
        Error::environment(format!(
            "the store holds a value mfactl cannot read (column {index})"
        ))
        .caused_by(e)
    })
}

/// Maps a PostgreSQL error to an environment error naming what was being done: a lock
/// not granted in time is a busy store (as SQLite's busy timeout), a full disk says
/// nothing was changed, anything else names the server (`Target::error`).
pub(super) fn pg_error<'d>(
    target: &'d Target,
    doing: &'d str,
) -> impl FnOnce(postgres::Error) -> Error + 'd {
    move |e| {
        use postgres::error::SqlState;
        let code = e.code().cloned();
        if code == Some(SqlState::LOCK_NOT_AVAILABLE) {
            Error::environment(format!("the store is busy: {doing}"))
                .caused_by(e)
                .with_hint("another mfactl process holds the store; try again")
        } else if code == Some(SqlState::DISK_FULL) {
            Error::environment(format!(
                "the disk of the PostgreSQL server at {} is full (while {doing}); this change was not made",
                target.endpoint()
            ))
            .caused_by(e)
            .with_hint("free some space on it and run the command again")
        } else {
            target.error(doing)(e)
        }
    }
}

/// `lower(column) = lower($n)`: names compare without ASCII case, as SQLite's NOCASE,
/// on the `lower(...)` indexes. The parameter is given collation "C" as the columns
/// have, so `lower` folds ASCII letters only on both sides.
pub(super) fn same_name(column: &str, parameter: usize) -> String {
    format!("lower({column}) = lower(${parameter}::text COLLATE \"C\")")
}
