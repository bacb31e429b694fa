//! `PostgresStore`: one connection to the database of a PostgreSQL store, its schema
//! checked and migrated on open (`schema.rs`), and the transactions commands run in.
//!
//! Writes are serialised as SQLite's `BEGIN IMMEDIATE` serialises them: every write
//! transaction (READ COMMITTED) first locks mfactl's table of versions in EXCLUSIVE mode
//! (`Layout::lock`), so a decision read inside a write (a lock counter, the email codes
//! of the hour, the head of the audit chain) cannot be raced by another process on any
//! machine, and no write ever needs a retry. Only the table's owner can take that lock
//! (an advisory lock, which any role that can connect may take, would let anyone stop
//! every write). Reads are one REPEATABLE READ snapshot, READ ONLY: the lock does not
//! conflict with them, and they take none.

use std::cell::RefCell;
use std::collections::HashMap;

use postgres::{Client, IsolationLevel, Statement};

use super::schema::{Layout, store_layout};
use super::tx::{PgTx, pg_error};
use crate::error::{Error, Result};
use crate::store::Tx;
use crate::store::postgres::schema::has_store;
use crate::store::postgres::{Target, open_schema};

/// How long a write waits for another process's write, as SQLite's busy timeout.
const LOCK_TIMEOUT: &str = "SET LOCAL lock_timeout = '60s'";

/// An open PostgreSQL store.
pub struct PostgresStore {
    client: RefCell<Client>,
    target: Target,
    statements: RefCell<HashMap<String, Statement>>,
    /// Where the table writes lock is; `None` for a copy's target without a store yet,
    /// whose write makes the schema (and a second one waits on its creation).
    layout: Option<Layout>,
}

impl PostgresStore {
    /// Connects to the store at `target`, and checks and migrates its schema. Refuses a
    /// database of another program or a newer schema, untouched (`open_schema`); unless
    /// `create`, refuses as well a database that holds no store yet, untouched, as a
    /// missing store file is refused: only `tenant create` makes a store.
    pub fn open(target: Target, create: bool) -> Result<PostgresStore> {
        let mut client = target.connect()?;
        if !create && !has_store(&mut client, &target)? {
            return Err(Error::environment(format!(
                "there is no store in the database {} on {}: nothing has been created in it yet",
                target.database(),
                target.endpoint()
            ))
            .with_hint(
                "create one with `mfactl tenant create NAME` (it makes the key file MFACTL_KEY_FILE names), or check --store and MFACTL_STORE",
            ));
        }
        open_schema(&mut client, &target)?;
        Ok(PostgresStore {
            client: RefCell::new(client),
            target,
            statements: RefCell::new(HashMap::new()),
            layout: Some(Layout::Own),
        })
    }

    /// Connects to the database `store copy` writes into, without touching it: the
    /// copy makes the schema in its own transaction (`CopyStore::prepare_copy_target`).
    /// Refuses, untouched, a database of another program or a newer schema.
    pub fn open_for_copy(target: Target) -> Result<PostgresStore> {
        let mut client = target.connect()?;
        let layout = store_layout(&mut client, &target)?;
        Ok(PostgresStore {
            client: RefCell::new(client),
            target,
            statements: RefCell::new(HashMap::new()),
            layout,
        })
    }

    /// The server and database of the store.
    pub fn target(&self) -> &Target {
        &self.target
    }

    /// The connection, for `store info` (`Target::server_info`).
    pub fn client(&self) -> std::cell::RefMut<'_, Client> {
        self.client.borrow_mut()
    }

    /// The size of the database on disk (`pg_database_size`).
    pub fn size_bytes(&self) -> Result<u64> {
        let size: i64 = self
            .client
            .borrow_mut()
            .query_one("SELECT pg_database_size(current_database())", &[])
            .map_err(self.target.error("reading the database's size"))?
            .try_get(0)
            .map_err(self.target.error("reading the database's size"))?;
        Ok(u64::try_from(size).unwrap_or(0))
    }

    /// Runs `f` in a write transaction, which no other writer interleaves with,
    /// committed only when it returns `Ok`: a refused command changes nothing.
    pub fn write<T>(&self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        let mut client = self.client.borrow_mut();
        let tx = self.begin_write(&mut client)?;
        let value = f(&tx)?;
        tx.into_inner()?
            .commit()
            .map_err(pg_error(&self.target, "committing"))?;
        Ok(value)
    }

    /// Runs `f` in a write transaction that is always rolled back: a dry run that makes
    /// the same checks as the real change, the database's included.
    pub fn rehearse<T>(&self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        let mut client = self.client.borrow_mut();
        let tx = self.begin_write(&mut client)?;
        let value = f(&tx)?;
        tx.into_inner()?
            .rollback()
            .map_err(pg_error(&self.target, "rolling back"))?;
        Ok(value)
    }

    /// Runs `f` in a read transaction: one consistent snapshot.
    pub fn read<T>(&self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        let mut client = self.client.borrow_mut();
        let tx = client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .map_err(pg_error(&self.target, "starting a transaction"))?;
        let tx = PgTx::new(tx, &self.target, &self.statements);
        let value = f(&tx)?;
        tx.into_inner()?
            .commit()
            .map_err(pg_error(&self.target, "ending a transaction"))?;
        Ok(value)
    }

    /// A READ COMMITTED transaction holding the write lock: each statement after the
    /// lock sees every write committed before it was granted. A wait longer than
    /// `LOCK_TIMEOUT` is a busy store (exit 1, nothing changed).
    fn begin_write<'c>(&'c self, client: &'c mut Client) -> Result<PgTx<'c>> {
        let tx = client
            .build_transaction()
            .isolation_level(IsolationLevel::ReadCommitted)
            .start()
            .map_err(pg_error(&self.target, "starting a transaction"))?;
        let tx = PgTx::new(tx, &self.target, &self.statements);
        tx.batch(LOCK_TIMEOUT, "starting a transaction")?;
        if let Some(layout) = self.layout {
            tx.batch(layout.lock(), "waiting for another mfactl's write")?;
        }
        Ok(tx)
    }
}
