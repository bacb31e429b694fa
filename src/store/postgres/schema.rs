//! The PostgreSQL store's schema: numbered migrations (`sql/NNNN_*.sql`, numbered as
//! SQLite's, so schema N is the same on both stores), applied in one transaction and
//! recorded in `mfactl_schema`, one row per version.
//!
//! A database that holds tables but no `mfactl_schema` belongs to another program, and
//! a schema newer than this binary is not understood: both are refused before anything
//! is written. Concurrent first opens wait for each other on an advisory lock.

use postgres::{Client, GenericClient};

use crate::error::{Error, Result};
use crate::output::printable;
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
    /// How many tables, views and sequences the schema public holds (the one mfactl uses).
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
    // As writes do: another session holding the lock longer is an error, not a hang.
    tx.batch_execute("SET LOCAL lock_timeout = '60s'")
        .map_err(target.error("starting a transaction"))?;
    tx.execute(
        "SELECT pg_catalog.pg_advisory_xact_lock($1::bigint)",
        &[&MIGRATION_LOCK],
    )
    .map_err(target.error("waiting for another mfactl's migration"))?;
    // Read again under the lock: another process may have migrated meanwhile.
    let now = found(&mut tx, target)?;
    let version = check(&now, target)?;
    migrate(&mut tx, target, now.version.map(|_| version))?;
    tx.commit()
        .map_err(target.error("committing the migration"))?;
    Ok(latest_version())
}

/// Brings the schema from `version` (`None`: no `mfactl_schema` yet, the database holds
/// nothing) to the newest, inside the caller's transaction, which holds `MIGRATION_LOCK`.
fn migrate(client: &mut impl GenericClient, target: &Target, version: Option<i64>) -> Result<()> {
    if version.is_none() {
        let encoding: String = client
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
        client
            .batch_execute(
                "CREATE TABLE mfactl_schema ( \
                     version    BIGINT PRIMARY KEY, \
                     applied_at TIMESTAMPTZ NOT NULL DEFAULT now() \
                 )",
            )
            .map_err(target.error("creating the schema table"))?;
    }
    let start = usize::try_from(version.unwrap_or(0)).unwrap_or(usize::MAX);
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(start) {
        let number = i64::try_from(index + 1).unwrap_or(i64::MAX);
        client
            .batch_execute(sql)
            .map_err(target.error("migrating the store"))?;
        client
            .execute(
                "INSERT INTO mfactl_schema (version) VALUES ($1)",
                &[&number],
            )
            .map_err(target.error("recording the schema version"))?;
    }
    Ok(())
}

/// Everything a database holds that one just made (`CREATE DATABASE`, from the default
/// template) does not, a few words each, at most 20: schemas but `public`, any table,
/// view, sequence, function, type or operator in `public`, extensions but PL/pgSQL,
/// event triggers, default privileges, and settings for the database or mfactl's role
/// but a few harmless ones (timeouts, memory, logging, time zone, formats). Only such a
/// database is copied into: its schema is then mfactl's own, made in the copy's
/// transaction, with nothing planted to change rows on their way in or after. (The
/// session's own settings are mfactl's: `Target::settle_session`.)
const PLANTED: &str = "SELECT what FROM ( \
    SELECT 1 AS o, 'the schema ' || nspname AS what FROM pg_catalog.pg_namespace \
     WHERE nspname NOT IN ('public', 'information_schema') AND left(nspname, 3) <> 'pg_' \
    UNION ALL SELECT 2, CASE WHEN c.relkind IN ('v', 'm') THEN 'the view ' \
                 WHEN c.relkind = 'S' THEN 'the sequence ' ELSE 'the table ' END || c.relname \
      FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
     WHERE n.nspname = 'public' AND c.relkind NOT IN ('i', 'I') \
    UNION ALL SELECT 3, 'the function ' || p.proname FROM pg_catalog.pg_proc p \
      JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' \
    UNION ALL SELECT 4, 'the type ' || t.typname FROM pg_catalog.pg_type t \
      JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' \
       AND t.typrelid = 0 AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type e WHERE e.typarray = t.oid) \
    UNION ALL SELECT 5, 'the operator ' || o.oprname FROM pg_catalog.pg_operator o \
      JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace WHERE n.nspname = 'public' \
    UNION ALL SELECT 6, 'the extension ' || extname FROM pg_catalog.pg_extension WHERE extname <> 'plpgsql' \
    UNION ALL SELECT 7, 'the event trigger ' || evtname FROM pg_catalog.pg_event_trigger \
    UNION ALL SELECT 8, 'default privileges of ' || pg_catalog.pg_get_userbyid(defaclrole) \
      FROM pg_catalog.pg_default_acl \
    UNION ALL SELECT 9, 'the setting ' || setting FROM pg_catalog.pg_db_role_setting, \
           pg_catalog.unnest(setconfig) AS setting \
     WHERE (setdatabase = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database()) \
            OR setdatabase = 0) \
       AND (setrole = 0 OR setrole = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = session_user)) \
       AND lower(split_part(setting, '=', 1)) NOT IN ('statement_timeout', 'lock_timeout', \
           'idle_in_transaction_session_timeout', 'idle_session_timeout', 'work_mem', \
           'maintenance_work_mem', 'temp_buffers', 'application_name', 'timezone', 'datestyle', \
           'intervalstyle', 'lc_messages', 'lc_monetary', 'lc_numeric', 'lc_time', \
           'client_min_messages', 'log_statement', 'log_min_duration_statement', \
           'log_min_messages', 'jit', 'random_page_cost', 'seq_page_cost', 'effective_cache_size', \
           'effective_io_concurrency') \
  ) AS found ORDER BY o, what LIMIT 20";

/// Makes an mfactl schema in a database that holds nothing (`PLANTED`), inside the
/// caller's transaction (a copy's: undone with it); returns what the database holds
/// instead, changing nothing, when it is not such a database.
pub(super) fn create_in_empty_database(
    client: &mut impl GenericClient,
    target: &Target,
) -> Result<Vec<String>> {
    client
        .execute(
            "SELECT pg_catalog.pg_advisory_xact_lock($1::bigint)",
            &[&MIGRATION_LOCK],
        )
        .map_err(target.error("waiting for another mfactl's migration"))?;
    // Read with nothing but PostgreSQL's own catalog on the path, then back to public.
    client
        .batch_execute("SET LOCAL search_path = pg_catalog")
        .map_err(target.error("checking that the database is empty"))?;
    // Names others chose, shown escaped.
    let found: Vec<String> = client
        .query(PLANTED, &[])
        .map_err(target.error("checking that the database is empty"))?
        .iter()
        .map(|row| {
            row.try_get(0)
                .map(|what: &str| printable(what).into_owned())
        })
        .collect::<std::result::Result<_, _>>()
        .map_err(target.error("checking that the database is empty"))?;
    client
        .batch_execute("SET LOCAL search_path = public")
        .map_err(target.error("checking that the database is empty"))?;
    if found.is_empty() {
        migrate(client, target, None)?;
        return Ok(found);
    }
    // mfactl's own tables are named as such, whatever else is planted beside them.
    if found.iter().any(|what| what == "the table mfactl_schema") {
        return Ok(vec![
            "mfactl's tables (a store made by `tenant create`, or by a copy)".to_owned(),
        ]);
    }
    Ok(found)
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
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')), \
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
