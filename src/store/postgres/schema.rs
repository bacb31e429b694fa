//! The PostgreSQL store's schema: numbered migrations (`sql/NNNN_*.sql`, numbered as
//! SQLite's, so schema N is the same on both stores), applied in one transaction and
//! recorded in `mfactl_schema`, one row per version.
//!
//! A database that holds tables but no `mfactl_schema` belongs to another program, and
//! a schema newer than this binary is not understood: both are refused before anything
//! is written. Concurrent first opens wait for each other on an advisory lock.

use postgres::{Client, GenericClient};

use crate::error::{Error, Result};
use crate::store::postgres::Target;

/// The migrations, applied in order; version N is `MIGRATIONS[N - 1]`.
const MIGRATIONS: &[&str] = &[
    include_str!("sql/0001_init.sql"),
    include_str!("sql/0002_sign_in_hardening.sql"),
    include_str!("sql/0003_email.sql"),
    include_str!("sql/0004_indexes.sql"),
];

/// The advisory lock that serialises migrations of one database ("MFA1", as the SQLite
/// store's application id).
const MIGRATION_LOCK: i64 = 0x4d46_4131;

/// The newest schema version this binary knows.
pub fn latest_version() -> i64 {
    i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX)
}

/// What the database holds, read before anything is written.
struct Found {
    /// `max(version)` of `mfactl_schema`, or `None` when there is no such table.
    version: Option<i64>,
    /// How many tables, views and sequences the current schema holds.
    relations: i64,
}

/// Checks the database and brings its schema to the newest version; returns the
/// version (the newest). Refuses, untouched, a database of another program or one
/// whose schema is newer than this binary.
pub fn open_schema(client: &mut Client, target: &Target) -> Result<i64> {
    // The common case reads only: a store already up to date takes no lock.
    if check(&found(client, target)?, target)? == latest_version() {
        return Ok(latest_version());
    }
    let mut tx = client
        .transaction()
        .map_err(target.error("starting a transaction"))?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .map_err(target.error("waiting for another mfactl's migration"))?;
    // Read again under the lock: another process may have migrated meanwhile.
    let now = found(&mut tx, target)?;
    let version = check(&now, target)?;
    if now.version.is_none() {
        let encoding: String = tx
            .query_one(
                "SELECT pg_encoding_to_char(encoding)::text FROM pg_database \
                 WHERE datname = current_database()",
                &[],
            )
            .map_err(target.error("reading the database's encoding"))?
            .get(0);
        if encoding != "UTF8" {
            return Err(Error::environment(format!(
                "the database {} on {} has the encoding {encoding}; an mfactl store needs UTF8",
                target.database(),
                target.endpoint()
            ))
            .with_hint("create the database with ENCODING 'UTF8' (see the README)"));
        }
        tx.batch_execute(
            "CREATE TABLE mfactl_schema ( \
                 version    BIGINT PRIMARY KEY, \
                 applied_at TIMESTAMPTZ NOT NULL DEFAULT now() \
             )",
        )
        .map_err(target.error("creating the schema table"))?;
    }
    let start = usize::try_from(version).unwrap_or(usize::MAX);
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(start) {
        let number = i64::try_from(index + 1).unwrap_or(i64::MAX);
        tx.batch_execute(sql)
            .map_err(target.error("migrating the store"))?;
        tx.execute(
            "INSERT INTO mfactl_schema (version) VALUES ($1)",
            &[&number],
        )
        .map_err(target.error("recording the schema version"))?;
    }
    tx.commit()
        .map_err(target.error("committing the migration"))?;
    Ok(latest_version())
}

/// Whether the database holds an mfactl store (of any schema this binary understands);
/// refuses, untouched, a database of another program or a newer schema. Reads only.
pub fn has_store(client: &mut Client, target: &Target) -> Result<bool> {
    let found = found(client, target)?;
    check(&found, target)?;
    Ok(found.version.is_some())
}

/// The schema version of the store, refusing what is not an mfactl store or is newer.
fn check(found: &Found, target: &Target) -> Result<i64> {
    let place = format!(
        "the database {} on {}",
        target.database(),
        target.endpoint()
    );
    match found.version {
        None if found.relations > 0 => Err(Error::environment(format!(
            "{place} is not an mfactl store: it holds tables of another program"
        ))
        .with_hint("give mfactl a database of its own (an empty one becomes a store); it was left untouched")),
        None => Ok(0),
        Some(version) if version > latest_version() => Err(Error::environment(format!(
            "{place} has schema version {version}, newer than this mfactl understands ({})",
            latest_version()
        ))
        .with_hint("upgrade mfactl; the store was left untouched")),
        Some(version) => Ok(version),
    }
}

/// One statement, so one snapshot: another process's migration is seen whole or not.
const FOUND: &str = "SELECT \
    (SELECT count(*) FROM pg_catalog.pg_class AS c \
       JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace \
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')), \
    to_regclass('mfactl_schema') IS NOT NULL";

/// What the database holds: its relations, and the recorded version when there is a
/// `mfactl_schema` (versions only grow, so a second statement can read it).
fn found(client: &mut impl GenericClient, target: &Target) -> Result<Found> {
    let row = client
        .query_one(FOUND, &[])
        .map_err(target.error("reading the schema version"))?;
    let has_table: bool = row.get(1);
    let version = if has_table {
        let version: Option<i64> = client
            .query_one("SELECT max(version) FROM mfactl_schema", &[])
            .map_err(target.error("reading the schema version"))?
            .get(0);
        Some(version.unwrap_or(0))
    } else {
        None
    };
    Ok(Found {
        version,
        relations: row.get(0),
    })
}
