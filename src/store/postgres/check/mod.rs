//! The session check: what every session of a PostgreSQL store verifies before mfactl
//! reads or writes (`Target::connect`), and every migration and copy before it commits.
//!
//! mfactl keeps its tables in a schema of its own, `mfactl`, and its sessions search
//! nothing else (`search_path = mfactl`; `pg_catalog`, which only superusers change, is
//! searched first). So what others could plant to change what mfactl's SQL does can
//! only be in that schema, or attached to its tables, and only a trusted role (a
//! superuser, the database's owner or `pg_database_owner`, mfactl's own login role) can
//! put it there. The check refuses:
//! - the schema owned by anyone else, CREATE on it granted to anyone else, its tables
//!   owned by, or their rows or columns granted to, anyone else, and members of mfactl's
//!   or the owner's role who are not trusted (the ways someone else could plant);
//! - anything in the schema but mfactl's own tables and their sequences and indexes
//!   (a function, operator, type, view, …), anything on its tables that mfactl never
//!   makes (a trigger, rule, policy, statistics object, …), anything of theirs that
//!   depends on an object made outside `pg_catalog` and the schema (a function in a
//!   constraint, default or index, an operator, a type, a table of a foreign key), and
//!   tables that inherit from theirs or keys elsewhere that reference them: what a role
//!   trusted once (a member of mfactl's role for a moment) could have left behind;
//! - (when mfactl is about to create tables: `Depth::Thorough`) default privileges a
//!   trusted role gives others, which would open them.
//!
//! It is cheap, because it runs on every command: one statement reads raw facts (the
//! database's dependency graph among objects made after `initdb`, the schema's
//! relations, which of them carry privileges, the members of two roles), sent in the
//! session's set-up round trip; Rust decides. Only when something needs a closer look
//! (privileges, a role that is not obviously trusted) or is refused are more questions
//! asked (grantees, superusers, names). `FACTS` runs with
//! `search_path = pg_catalog`, and every name in the other statements is qualified,
//! operators included, so the check itself can use nothing that was planted.

use std::collections::HashSet;

use postgres::{GenericClient, SimpleQueryMessage};

use crate::error::{Error, Result};
use crate::store::postgres::Target;

use rules::{Closer, findings};
use words::describe;

mod rules;
mod words;

/// The schema that holds mfactl's tables (also spelled out in the SQL of `FACTS`,
/// `schema.rs` and `sql/0006_own_schema.sql`).
pub const SCHEMA: &str = "mfactl";

// Catalogs by their fixed OIDs (PostgreSQL's `pg_class.h` and friends; the same in
// every version): what a dependency names.
const PG_CLASS: u32 = 1259;
const PG_TYPE: u32 = 1247;
const PG_PROC: u32 = 1255;
const PG_NAMESPACE: u32 = 2615;
const PG_ATTRDEF: u32 = 2604;
const PG_CONSTRAINT: u32 = 2606;
const PG_TRIGGER: u32 = 2620;
const PG_REWRITE: u32 = 2618;

/// The facts, one row each: `kind, a, b, c, d, e, f` (as text: the simple query
/// protocol keeps the check in the set-up's round trip).
/// - `u`: mfactl's login role, the database's owner, `pg_database_owner` (NULL before
///   PostgreSQL 14), and `session_replication_role` and `synchronous_commit`;
/// - `s`: the schema, its owner, whether it has privileges set;
/// - `d`: a dependency between two objects made after `initdb` (OIDs from 16384 on; what
///   `initdb` made is PostgreSQL's own): object, referenced object, type;
/// - `r`: a relation in the schema: its owner, whether privileges are set on some of
///   its columns, its kind, whether privileges are set on it, its name;
/// - `m`: a member of mfactl's login role or the owner's.
///
/// (`::int8` comparisons keep the planner from reading statistics: a fresh session reads
/// each catalog it touches from scratch, and this runs in every one.)
pub const FACTS: &str = "WITH s AS (SELECT oid, nspowner, nspacl FROM pg_catalog.pg_namespace \
     WHERE nspname = 'mfactl'), \
   u AS (SELECT pg_catalog.quote_ident(session_user)::pg_catalog.regrole::pg_catalog.oid AS me, datdba \
     FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database()) \
 SELECT 'u', me::int8, datdba::int8, pg_catalog.to_regrole('pg_database_owner')::pg_catalog.oid::int8, 0::int8, \
        pg_catalog.current_setting('session_replication_role'), pg_catalog.current_setting('synchronous_commit') FROM u \
 UNION ALL SELECT 's', oid::int8, nspowner::int8, 0, 0, (nspacl IS NOT NULL)::text, '' FROM s \
 UNION ALL SELECT 'd', classid::int8, objid::int8, refclassid::int8, refobjid::int8, deptype::text, '' \
   FROM pg_catalog.pg_depend WHERE objid::int8 >= 16384 AND refobjid::int8 >= 16384 \
 UNION ALL SELECT 'r', c.oid::int8, c.relowner::int8, \
        (c.relkind = 'r' AND EXISTS (SELECT FROM pg_catalog.pg_attribute t \
          WHERE t.attrelid = c.oid AND t.attacl IS NOT NULL))::int4::int8, \
        0, \
        c.relkind::text || (c.relacl IS NOT NULL)::text, c.relname::text \
   FROM pg_catalog.pg_class c WHERE c.relnamespace::int8 = (SELECT oid FROM s)::int8 \
 UNION ALL SELECT 'm', m.roleid::int8, m.member::int8, 0, 0, '', '' \
   FROM pg_catalog.pg_auth_members m, u WHERE m.roleid IN (u.me, u.datdba)";

/// How much a check looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Every session: everything but default privileges, which change nothing that
    /// exists (what they open is seen on the tables they reach, when a migration or a
    /// copy makes them).
    Session,
    /// Before a migration or a copy commits the tables it made: default privileges too.
    Thorough,
}

/// One edge of the dependency graph: `(class, id)` depends on `(ref_class, ref_id)`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Dependency {
    object: (u32, u32),
    referenced: (u32, u32),
    kind: char,
}

/// A relation in the schema.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Relation {
    id: u32,
    owner: u32,
    kind: char,
    has_privileges: bool,
    /// Privileges on some of its columns.
    has_column_privileges: bool,
    name: String,
}

/// What the set-up's statement found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// mfactl's login role, the database's owner, `pg_database_owner`.
    me: u32,
    owner: u32,
    database_owner: Option<u32>,
    pub replication_role: String,
    pub synchronous_commit: String,
    /// The schema, its owner, whether privileges are set on it.
    schema: Option<(u32, u32, bool)>,
    dependencies: Vec<Dependency>,
    relations: Vec<Relation>,
    /// `(role, member)`.
    members: Vec<(u32, u32)>,
}

impl Facts {
    /// Reads the facts from the answers to the set-up's statements (the rows of
    /// `FACTS`; other statements' answers have no rows).
    pub fn read(messages: &[SimpleQueryMessage], target: &Target) -> Result<Facts> {
        let unreadable = || {
            Error::environment(format!(
                "the PostgreSQL server at {} answered the session's check with something mfactl cannot read",
                target.endpoint()
            ))
        };
        let mut facts = Facts::default();
        let mut seen_session = false;
        for message in messages {
            let SimpleQueryMessage::Row(row) = message else {
                continue;
            };
            let text = |i: usize| row.try_get(i).ok().flatten();
            let number = |i: usize| -> Result<u32> {
                text(i)
                    .and_then(|t| t.parse::<i64>().ok())
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or_else(unreadable)
            };
            let flag = |s: &str| s.ends_with("true");
            match text(0) {
                Some("u") => {
                    seen_session = true;
                    facts.me = number(1)?;
                    facts.owner = number(2)?;
                    facts.database_owner = text(3).map(|_| number(3)).transpose()?;
                    text(5)
                        .unwrap_or_default()
                        .clone_into(&mut facts.replication_role);
                    text(6)
                        .unwrap_or_default()
                        .clone_into(&mut facts.synchronous_commit);
                }
                Some("s") => {
                    facts.schema =
                        Some((number(1)?, number(2)?, flag(text(5).unwrap_or_default())));
                }
                Some("d") => facts.dependencies.push(Dependency {
                    object: (number(1)?, number(2)?),
                    referenced: (number(3)?, number(4)?),
                    kind: text(5)
                        .and_then(|t| t.chars().next())
                        .ok_or_else(unreadable)?,
                }),
                Some("r") => {
                    let kind = text(5).unwrap_or_default();
                    facts.relations.push(Relation {
                        id: number(1)?,
                        owner: number(2)?,
                        has_column_privileges: number(3)? == 1,
                        kind: kind.chars().next().ok_or_else(unreadable)?,
                        has_privileges: flag(kind),
                        name: text(6).unwrap_or_default().to_owned(),
                    });
                }
                Some("m") => facts.members.push((number(1)?, number(2)?)),
                _ => return Err(unreadable()),
            }
        }
        if !seen_session {
            return Err(unreadable());
        }
        Ok(facts)
    }

    /// Whether deciding needs more than the facts: privileges to list, or roles that
    /// are not obviously trusted (are they superusers?).
    pub fn needs_a_closer_look(&self) -> bool {
        let base = self.base_trusted();
        self.schema
            .is_some_and(|(_, owner, privileges)| privileges || !base.contains(&owner))
            || self
                .relations
                .iter()
                .any(|r| r.has_privileges || r.has_column_privileges || !base.contains(&r.owner))
            || self.members.iter().any(|(_, m)| !base.contains(m))
    }

    /// mfactl's login role, the database's owner and `pg_database_owner`.
    fn base_trusted(&self) -> HashSet<u32> {
        let mut trusted: HashSet<u32> = [self.me, self.owner].into();
        trusted.extend(self.database_owner);
        trusted
    }
}

/// Runs the check on `client`: the set-up's `facts`, and what they lead to ask
/// (nothing, in the common case). Every name in what it asks is qualified, operators
/// too, so it runs whatever the session's search path. Returns what is refused, each
/// named (escaped: the names are others' choice), at most ten.
pub fn verify(
    client: &mut impl GenericClient,
    target: &Target,
    facts: &Facts,
    depth: Depth,
) -> Result<Vec<String>> {
    let mut closer = if facts.needs_a_closer_look() {
        look_closer(client, target, facts)?
    } else {
        Closer::default()
    };
    if depth == Depth::Thorough {
        closer.defaults = rows(
            client,
            target,
            "SELECT d.defaclrole, a.grantee FROM pg_catalog.pg_default_acl d, \
                    pg_catalog.aclexplode(d.defaclacl) a \
              WHERE d.defaclnamespace OPERATOR(pg_catalog.=) \
                    ANY (ARRAY[0::pg_catalog.oid, $1::pg_catalog.oid])",
            &[&facts.schema.map_or(0, |(id, _, _)| id)],
            |row| Ok((row.try_get(0)?, row.try_get(1)?)),
        )?;
    }
    // Superusers are trusted: asked for only when some other role is named.
    let mut named: Vec<u32> = facts.members.iter().map(|(_, m)| *m).collect();
    named.extend(facts.relations.iter().map(|r| r.owner));
    named.extend(facts.schema.map(|(_, owner, _)| owner));
    named.extend(closer.grants.iter().map(|(_, _, grantee, _)| *grantee));
    named.extend(
        closer
            .defaults
            .iter()
            .flat_map(|(role, grantee)| [*role, *grantee]),
    );
    let base = facts.base_trusted();
    named.retain(|role| *role != 0 && !base.contains(role));
    named.sort_unstable();
    named.dedup();
    if !named.is_empty() {
        closer.superusers = rows(
            client,
            target,
            "SELECT oid FROM pg_catalog.pg_roles \
              WHERE rolsuper AND oid OPERATOR(pg_catalog.=) ANY ($1::pg_catalog.oid[])",
            &[&named],
            |row| row.try_get(0),
        )?
        .into_iter()
        .collect();
    }
    describe(client, target, &findings(facts, &closer))
}

/// The rows of a query of the check, each mapped by `map`.
fn rows<T>(
    client: &mut impl GenericClient,
    target: &Target,
    sql: &str,
    params: &[&(dyn postgres::types::ToSql + Sync)],
    map: impl Fn(&postgres::Row) -> std::result::Result<T, postgres::Error>,
) -> Result<Vec<T>> {
    client
        .query(sql, params)
        .and_then(|rows| rows.iter().map(map).collect())
        .map_err(target.error("checking the database"))
}

/// The privileges set on the schema and on its relations and columns that have some.
fn look_closer(client: &mut impl GenericClient, target: &Target, facts: &Facts) -> Result<Closer> {
    let ids = |pick: fn(&Relation) -> bool| -> Vec<u32> {
        facts
            .relations
            .iter()
            .filter(|r| pick(r))
            .map(|r| r.id)
            .collect()
    };
    let schema = facts
        .schema
        .filter(|(_, _, privileges)| *privileges)
        .map_or(0, |(id, _, _)| id);
    let grants = rows(
        client,
        target,
        "SELECT c.oid, 0, a.grantee, a.privilege_type FROM pg_catalog.pg_class c, \
                pg_catalog.aclexplode(c.relacl) a WHERE c.oid OPERATOR(pg_catalog.=) ANY ($1::pg_catalog.oid[]) \
         UNION ALL SELECT t.attrelid, t.attnum::pg_catalog.int4, a.grantee, a.privilege_type \
           FROM pg_catalog.pg_attribute t, pg_catalog.aclexplode(t.attacl) a \
          WHERE t.attrelid OPERATOR(pg_catalog.=) ANY ($2::pg_catalog.oid[]) AND t.attacl IS NOT NULL \
         UNION ALL SELECT n.oid, -1, a.grantee, a.privilege_type FROM pg_catalog.pg_namespace n, \
                pg_catalog.aclexplode(n.nspacl) a WHERE n.oid OPERATOR(pg_catalog.=) $3::pg_catalog.oid",
        &[
            &ids(|r| r.has_privileges),
            &ids(|r| r.has_column_privileges),
            &schema,
        ],
        |row| {
            Ok((
                row.try_get(0)?,
                row.try_get(1)?,
                row.try_get(2)?,
                row.try_get(3)?,
            ))
        },
    )?;
    Ok(Closer {
        grants,
        ..Closer::default()
    })
}

/// The error for what a check refused, in `place` (the database and server).
pub fn refusal(place: &str, refused: &[String]) -> Error {
    Error::environment(format!(
        "the schema {SCHEMA} of {place}, where mfactl keeps its tables, holds or allows what mfactl did not make: {}; whoever put it there could change what mfactl's sessions do",
        refused.join("; ")
    ))
    .with_hint("as the database's owner, remove what is listed (DROP, REVOKE, or ALTER … OWNER TO the role mfactl logs in as), keep the database for mfactl alone, and have every admin log in as that one role (see docs/postgresql.md in mfactl's source)")
}
