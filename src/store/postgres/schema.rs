//! The PostgreSQL store's schema: numbered migrations (`sql/NNNN_*.sql`, numbered as
//! SQLite's, so schema N is the same on both stores), applied in one transaction and
//! recorded in `mfactl_schema`, one row per version. The tables live in the schema
//! `mfactl` (`check::SCHEMA`) from schema 6 on; stores made before keep theirs in
//! `public` until their first open by this binary moves them (`0006_own_schema.sql`).
//!
//! A database that holds tables but no `mfactl_schema` belongs to another program, and
//! a schema newer than this binary is not understood: both are refused before anything
//! is written. Migrations take turns on a lock of `mfactl_schema` that only mfactl's
//! role may take (an advisory lock could be held by any role that can connect); the
//! first one, in an empty database, on the creation of the schema itself. Before a
//! migration commits, the session check is run again, with default privileges
//! (`check::Depth::Thorough`): nothing that it made may be open to others.

use postgres::error::SqlState;
use postgres::{Client, GenericClient};

use super::check;
use super::tx::pg_error;
use crate::error::{Error, Result};
use crate::output::printable;
use crate::store::postgres::Target;

/// The migrations, applied in order; version N is `MIGRATIONS[N - 1]`.
const MIGRATIONS: &[&str] = &[
    include_str!("sql/0001_init.sql"),
    include_str!("sql/0002_sign_in_hardening.sql"),
    include_str!("sql/0003_email.sql"),
    include_str!("sql/0004_indexes.sql"),
    include_str!("sql/0005_access_pass.sql"),
    include_str!("sql/0006_own_schema.sql"),
    include_str!("sql/0007_imported_authenticators.sql"),
];

/// The migration that moves a store's tables out of `public`: run first when a store
/// there is migrated, so that every later migration finds them where it makes its own.
const MOVE_OUT_OF_PUBLIC: &str = include_str!("sql/0006_own_schema.sql");

/// How many times a migration that lost a race to another process (which made the
/// schema, or moved the tables, first) is tried again.
const RETRIES: usize = 3;

/// The newest schema version this binary knows.
pub fn latest_version() -> i64 {
    i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX)
}

/// Where a store's tables are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Layout {
    /// In `mfactl` (schema 6 on).
    Own,
    /// In `public` (a store made before schema 6).
    Public,
}

impl Layout {
    /// The statement that takes the lock writes and migrations take turns on: a lock of
    /// mfactl's own table that conflicts with every write lock but not with reads, and
    /// that only the table's owner (or someone granted a privilege on it, which the
    /// session check refuses) may take.
    pub(super) fn lock(self) -> &'static str {
        match self {
            Layout::Own => "LOCK TABLE mfactl.mfactl_schema IN EXCLUSIVE MODE",
            Layout::Public => "LOCK TABLE public.mfactl_schema IN EXCLUSIVE MODE",
        }
    }
}

/// What the database holds, read before anything is written.
pub(super) struct Found {
    /// Where `mfactl_schema` is, when there is one.
    pub(super) layout: Option<Layout>,
    /// `max(version)` of `mfactl_schema`, or `None` when there is no such table.
    version: Option<i64>,
    /// How many tables, views and sequences `public` and `mfactl` hold.
    relations: i64,
}

/// Checks the database and brings its schema to the newest version; returns the
/// version (the newest). Refuses, untouched, a database of another program or one
/// whose schema is newer than this binary.
pub fn open_schema(client: &mut Client, target: &Target) -> Result<i64> {
    // The common case reads only: a store already up to date takes no lock.
    let now = found_settled(client, target)?;
    if check(&now, target)? == latest_version() && now.layout == Some(Layout::Own) {
        return Ok(latest_version());
    }
    for _ in 0..RETRIES {
        if migrate_once(client, target)? {
            return Ok(latest_version());
        }
    }
    Err(Error::environment(format!(
        "the schema of the database {} on {} kept changing while mfactl migrated it",
        target.database(),
        target.endpoint()
    ))
    .with_hint("run the command again"))
}

/// Whether a statement lost a race to another process that made the same thing first
/// (the schema, the table of versions) or moved the table it locks: the migration is
/// then tried again, and finds the store that process made.
fn lost_race(e: &postgres::Error) -> bool {
    e.code().is_some_and(|code| {
        [
            SqlState::UNIQUE_VIOLATION,
            SqlState::DUPLICATE_SCHEMA,
            SqlState::DUPLICATE_TABLE,
            SqlState::UNDEFINED_TABLE,
        ]
        .contains(code)
    })
}

/// One attempt at migrating, in one transaction: `false` when it lost a race to
/// another process and nothing was done.
fn migrate_once(client: &mut Client, target: &Target) -> Result<bool> {
    let mut tx = client
        .transaction()
        .map_err(target.error("starting a transaction"))?;
    // As writes do: another session holding the lock longer is an error, not a hang.
    tx.batch_execute("SET LOCAL lock_timeout = '60s'")
        .map_err(target.error("starting a transaction"))?;
    // Take turns: on the table of versions, or, in a database without a store yet, on
    // making the schema (a second process making it waits for the first, then finds
    // it made). Before the turn, only the catalog is read: a read of the table of
    // versions would hold a lock on it that the process migrating needs to move it.
    let (layout, _) = layout(&mut tx, target)?;
    let turn = match layout {
        Some(layout) => tx.batch_execute(layout.lock()),
        None => tx.batch_execute("CREATE SCHEMA IF NOT EXISTS mfactl"),
    };
    match turn {
        Err(e) if lost_race(&e) => return Ok(false),
        other => other.map_err(pg_error(target, "waiting for another mfactl's migration"))?,
    }
    // Read again in turn: another process may have migrated meanwhile.
    let Some(now) = found(&mut tx, target)? else {
        return Ok(false);
    };
    let version = check(&now, target)?;
    if version == latest_version() && now.layout == Some(Layout::Own) {
        return Ok(true);
    }
    if now.layout == Some(Layout::Public) {
        tx.batch_execute(MOVE_OUT_OF_PUBLIC)
            .map_err(target.error("moving the store's tables into the schema mfactl"))?;
        // What was planted on the tables moved with them: refused before anything of
        // theirs runs (the migrations below change rows).
        verify(&mut tx, target)?;
    }
    match migrate(&mut tx, target, now.version) {
        Ok(()) => {}
        Err(Outcome::Race) => return Ok(false),
        Err(Outcome::Failed(e)) => return Err(e),
    }
    tx.commit()
        .map_err(target.error("committing the migration"))?;
    Ok(true)
}
/// A statement of a migration lost a race (`lost_race`), or failed otherwise.
enum Outcome {
    Race,
    Failed(Error),
}

/// Brings the schema from `version` (`None`: no `mfactl_schema` yet, the database holds
/// nothing) to the newest, in the schema `mfactl`, inside the caller's transaction,
/// which is mfactl's turn to migrate; checks it thoroughly before recording the
/// versions.
fn migrate(
    client: &mut impl GenericClient,
    target: &Target,
    version: Option<i64>,
) -> std::result::Result<(), Outcome> {
    let failed =
        |doing: &'static str| move |e: postgres::Error| Outcome::Failed(target.error(doing)(e));
    if version.is_none() {
        let encoding: String = client
            .query_one(
                "SELECT pg_catalog.pg_encoding_to_char(encoding)::text FROM pg_catalog.pg_database \
                 WHERE datname = pg_catalog.current_database()",
                &[],
            )
            .map_err(failed("reading the database's encoding"))?
            .get(0);
        if encoding != "UTF8" {
            return Err(Outcome::Failed(
                Error::environment(format!(
                    "the database {} on {} has the encoding {}; an mfactl store needs UTF8",
                    target.database(),
                    target.endpoint(),
                    printable(&encoding)
                ))
                .with_hint("create the database with ENCODING 'UTF8' (see docs/postgresql.md in mfactl's source)"),
            ));
        }
        client
            .batch_execute(
                "CREATE TABLE mfactl.mfactl_schema ( \
                     version    BIGINT PRIMARY KEY, \
                     applied_at TIMESTAMPTZ NOT NULL DEFAULT pg_catalog.now() \
                 )",
            )
            .map_err(|e| {
                if lost_race(&e) {
                    Outcome::Race
                } else {
                    failed("creating the schema table")(e)
                }
            })?;
    }
    let start = usize::try_from(version.unwrap_or(0)).unwrap_or(usize::MAX);
    for sql in MIGRATIONS.iter().skip(start) {
        client
            .batch_execute(sql)
            .map_err(failed("migrating the store"))?;
    }
    if start < OWN_SCHEMA {
        mark_public(client, target).map_err(Outcome::Failed)?;
    }
    verify(client, target).map_err(Outcome::Failed)?;
    for index in start..MIGRATIONS.len() {
        let number = i64::try_from(index + 1).unwrap_or(i64::MAX);
        client
            .execute(
                "INSERT INTO mfactl.mfactl_schema (version) VALUES ($1)",
                &[&number],
            )
            .map_err(failed("recording the schema version"))?;
    }
    Ok(())
}

/// The version whose migration moved the tables out of `public`.
const OWN_SCHEMA: usize = 6;

/// Leaves in `public`, where a binary made before schema 6 looks for the store, a table
/// of versions that says 6: such a binary then refuses the store as newer than itself,
/// instead of finding an empty database and making a second store beside this one. Only
/// where mfactl's role may create there (from PostgreSQL 15 on, the database's owner);
/// otherwise an older binary cannot make a store there either.
fn mark_public(client: &mut impl GenericClient, target: &Target) -> Result<()> {
    let doing = "marking the schema public for older binaries";
    let may: bool = client
        .query_one(
            "SELECT coalesce((SELECT pg_catalog.has_schema_privilege(n.oid, 'CREATE') \
                                FROM pg_catalog.pg_namespace n WHERE n.nspname OPERATOR(pg_catalog.=) 'public'), false) \
                    AND pg_catalog.to_regclass('public.mfactl_schema') IS NULL",
            &[],
        )
        .and_then(|row| row.try_get(0))
        .map_err(target.error(doing))?;
    if may {
        client
            .batch_execute(&format!(
                "CREATE TABLE public.mfactl_schema (version BIGINT PRIMARY KEY); \
                     INSERT INTO public.mfactl_schema (version) VALUES ({OWN_SCHEMA})"
            ))
            .map_err(target.error(doing))?;
    }
    Ok(())
}

/// The session check, thoroughly, inside a migration's or a copy's transaction: what it
/// made (or moved) may hold or allow nothing mfactl does not make.
fn verify(client: &mut impl GenericClient, target: &Target) -> Result<()> {
    let messages = client
        .simple_query(&format!(
            "SET LOCAL search_path = pg_catalog; {}; SET LOCAL search_path = {}",
            check::FACTS,
            check::SCHEMA
        ))
        .map_err(target.error("checking the database"))?;
    let facts = check::Facts::read(&messages, target)?;
    let refused = check::verify(client, target, &facts, check::Depth::Thorough)?;
    if refused.is_empty() {
        Ok(())
    } else {
        let place = format!(
            "the database {} on {}",
            target.database(),
            target.endpoint()
        );
        Err(check::refusal(&place, &refused))
    }
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
    let mfactls =
        || vec!["mfactl's tables (a store made by `tenant create`, or by a copy)".to_owned()];
    // (In the copy's own transaction: a store moved meanwhile is a store there.)
    if found(client, target)?.is_none_or(|found| found.version.is_some()) {
        return Ok(mfactls());
    }
    // Read with nothing but PostgreSQL's own catalog on the path, then back.
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
        .batch_execute("SET LOCAL search_path = mfactl")
        .map_err(target.error("checking that the database is empty"))?;
    if !found.is_empty() {
        return Ok(found);
    }
    // Another copy (or `tenant create`) making the schema at the same time: this one
    // waits for it, and then finds the database no longer empty.
    match client.batch_execute("CREATE SCHEMA mfactl") {
        Err(e) if lost_race(&e) => return Ok(mfactls()),
        other => other.map_err(target.error("creating the schema mfactl"))?,
    }
    match migrate(client, target, None) {
        Ok(()) => Ok(found),
        Err(Outcome::Race) => Ok(mfactls()),
        Err(Outcome::Failed(e)) => Err(e),
    }
}

/// Whether the database holds an mfactl store (of any schema this binary understands);
/// refuses, untouched, a database of another program or a newer schema. Reads only.
pub fn has_store(client: &mut Client, target: &Target) -> Result<bool> {
    Ok(store_layout(client, target)?.is_some())
}

/// Where the database's store is (`None`: it holds none yet); refuses, untouched, a
/// database of another program or a newer schema. Reads only.
pub(super) fn store_layout(client: &mut Client, target: &Target) -> Result<Option<Layout>> {
    let found = found_settled(client, target)?;
    check(&found, target)?;
    Ok(found.layout)
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
        // The mark `mark_public` leaves, without the store it marks.
        Some(version) if found.layout == Some(Layout::Public) && version >= 5 => {
            Err(Error::environment(format!(
                "{place} holds the mark of an mfactl store in public (schema version {version}) but not the store, which is kept in the schema mfactl"
            ))
            .with_hint("restore the store (pg_restore of a backup) or give mfactl another database; it was left untouched"))
        }
        Some(version) if version > latest_version() => Err(Error::environment(format!(
            "{place} has schema version {version}, newer than this mfactl understands ({})",
            latest_version()
        ))
        .with_hint("upgrade mfactl; the store was left untouched")),
        Some(version) => Ok(version),
    }
}

/// One statement, so one snapshot: another process's migration is seen whole or not.
/// `mfactl_schema` counts only as a table (not a view, whose reading could run code).
const FOUND: &str = "SELECT \
    (SELECT pg_catalog.count(*) FROM pg_catalog.pg_class AS c \
       JOIN pg_catalog.pg_namespace AS n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace \
      WHERE n.nspname OPERATOR(pg_catalog.=) ANY ('{public,mfactl}'::pg_catalog.name[]) \
        AND c.relkind OPERATOR(pg_catalog.=) ANY ('{r,p,v,m,S,f}'::pg_catalog.\"char\"[])), \
    pg_catalog.array_agg(n.nspname::pg_catalog.text) \
      FROM pg_catalog.pg_class AS c JOIN pg_catalog.pg_namespace AS n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace \
     WHERE c.relname OPERATOR(pg_catalog.=) 'mfactl_schema' AND c.relkind OPERATOR(pg_catalog.=) 'r' \
       AND n.nspname OPERATOR(pg_catalog.=) ANY ('{public,mfactl}'::pg_catalog.name[])";

/// `found`, outside a transaction: read again while another process moves the store.
fn found_settled(client: &mut Client, target: &Target) -> Result<Found> {
    for _ in 0..RETRIES {
        if let Some(found) = found(client, target)? {
            return Ok(found);
        }
    }
    Err(Error::environment(format!(
        "the schema of the database {} on {} kept changing while mfactl read it",
        target.database(),
        target.endpoint()
    ))
    .with_hint("run the command again"))
}

/// Where `mfactl_schema` is, and how many relations `public` and `mfactl` hold, from the
/// catalog alone.
fn layout(client: &mut impl GenericClient, target: &Target) -> Result<(Option<Layout>, i64)> {
    let row = client
        .query_one(FOUND, &[])
        .map_err(target.error("reading the schema version"))?;
    let relations: i64 = row
        .try_get(0)
        .map_err(target.error("reading the schema version"))?;
    let places: Option<Vec<String>> = row
        .try_get(1)
        .map_err(target.error("reading the schema version"))?;
    let places = places.unwrap_or_default();
    // A store moved to its own schema is there, whatever `public` holds.
    let layout = if places.iter().any(|p| p == check::SCHEMA) {
        Some(Layout::Own)
    } else if places.iter().any(|p| p == "public") {
        Some(Layout::Public)
    } else {
        None
    };
    Ok((layout, relations))
}

/// What the database holds: its relations, where `mfactl_schema` is, and the recorded
/// version when there is one (versions only grow, so a second statement can read it).
/// `None` when the table moved between the two (another process migrating): inside a
/// transaction, which that error ended, the caller starts again.
fn found(client: &mut impl GenericClient, target: &Target) -> Result<Option<Found>> {
    let (layout, relations) = layout(client, target)?;
    let version = match layout {
        Some(layout) => {
            let table = match layout {
                Layout::Own => "mfactl.mfactl_schema",
                Layout::Public => "public.mfactl_schema",
            };
            let version: Option<i64> = match client
                .query_one(&format!("SELECT pg_catalog.max(version) FROM {table}"), &[])
            {
                Err(e) if e.code() == Some(&SqlState::UNDEFINED_TABLE) => return Ok(None),
                read => read
                    .and_then(|row| row.try_get(0))
                    .map_err(target.error("reading the schema version"))?,
            };
            // What was read in public may be the mark of a store another process has
            // just moved (`mark_public`): then it is a store of its own schema now.
            let version = version.unwrap_or(0);
            if layout == Layout::Public
                && version >= 5
                && self::layout(client, target)?.0 == Some(Layout::Own)
            {
                return Ok(None);
            }
            Some(version)
        }
        None => None,
    };
    Ok(Some(Found {
        layout,
        version,
        relations,
    }))
}
