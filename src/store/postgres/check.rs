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

use std::collections::{HashMap, HashSet};

use postgres::{GenericClient, SimpleQueryMessage};

use crate::error::{Error, Result};
use crate::output::printable;
use crate::store::postgres::Target;

/// The schema that holds mfactl's tables (also spelled out in the SQL of `FACTS`,
/// `schema.rs` and `sql/0005_own_schema.sql`).
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

/// Something the check refuses (OIDs: named only when it is shown).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Finding {
    SchemaOwner(u32),
    /// CREATE on the schema (`0`: PUBLIC).
    SchemaCreate(u32),
    /// An object mfactl does not make: `(class, id)`.
    NotMade(u32, u32),
    /// A relation owned by a role: `(relation, owner)`.
    Owner(u32, u32),
    /// Privileges on a relation (`column` 0) or a column, to a role (`0`: PUBLIC).
    Privileges {
        relation: u32,
        column: i32,
        grantee: u32,
    },
    /// `(member, role)`.
    Member(u32, u32),
    /// An object that depends on another: `(object, referenced)`.
    Depends((u32, u32), (u32, u32)),
    /// `(role, grantee)`.
    DefaultPrivileges(u32, u32),
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

/// The tables mfactl makes in its schema: the store's (`store::copy::TABLES`) and the
/// record of its migrations.
fn is_mfactls_table(name: &str) -> bool {
    name == "mfactl_schema" || crate::store::copy::TABLES.iter().any(|t| t.name == name)
}

/// What the closer look found: the superusers among the roles the facts name, every
/// grant where privileges are set (`(relation or schema, column, grantee, privilege)`,
/// the schema's with column -1), and default privileges `(role, grantee)`.
#[derive(Debug, Default)]
struct Closer {
    superusers: HashSet<u32>,
    grants: Vec<(u32, i32, u32, String)>,
    defaults: Vec<(u32, u32)>,
}

/// What the facts and the closer look show. Pure: the rules, tested below.
fn findings(facts: &Facts, closer: &Closer) -> Vec<Finding> {
    let (superusers, grants, defaults) = (&closer.superusers, &closer.grants, &closer.defaults);
    let mut trusted = facts.base_trusted();
    trusted.extend(superusers);
    let trusted = |role: &u32| *role != 0 && trusted.contains(role);
    let mut found = Vec::new();
    for (role, member) in &facts.members {
        if !trusted(member) {
            found.push(Finding::Member(*member, *role));
        }
    }
    for (role, grantee) in defaults {
        if trusted(role) && !trusted(grantee) {
            found.push(Finding::DefaultPrivileges(*role, *grantee));
        }
    }
    let Some((schema, schema_owner, _)) = facts.schema else {
        return found;
    };
    if !trusted(&schema_owner) {
        found.push(Finding::SchemaOwner(schema_owner));
    }
    for (object, column, grantee, privilege) in grants {
        if trusted(grantee) {
            continue;
        }
        if *object == schema {
            if privilege == "CREATE" {
                found.push(Finding::SchemaCreate(*grantee));
            }
        } else {
            found.push(Finding::Privileges {
                relation: *object,
                column: *column,
                grantee: *grantee,
            });
        }
    }
    for relation in &facts.relations {
        if !trusted(&relation.owner) {
            found.push(Finding::Owner(relation.id, relation.owner));
        }
        let ours = match relation.kind {
            'r' => is_mfactls_table(&relation.name),
            'i' | 'S' => true,
            _ => false,
        };
        if !ours {
            found.push(Finding::NotMade(PG_CLASS, relation.id));
        }
    }
    found.extend(graph_findings(&facts.dependencies, (PG_NAMESPACE, schema)));
    let mut seen = HashSet::new();
    found.retain(|f| seen.insert(f.clone()));
    found
}

/// What the dependency graph shows about the schema `root`: what is in it or on its
/// objects that mfactl never makes, what of it depends on something outside, and what
/// outside depends on it in ways that change it (inheritance, keys).
fn graph_findings(dependencies: &[Dependency], root: (u32, u32)) -> Vec<Finding> {
    let mut dependents: HashMap<(u32, u32), Vec<&Dependency>> = HashMap::new();
    for d in dependencies {
        dependents.entry(d.referenced).or_default().push(d);
    }
    // The schema's objects: what is in it, and what belongs to those (auto or
    // internal dependencies: indexes, constraints, defaults, row and array types,
    // sequences, toast tables, the triggers that enforce keys, and anything else put
    // on them). Each with the kinds of dependency that brought it in.
    let mut ours: HashMap<(u32, u32), HashSet<char>> = HashMap::new();
    ours.insert(root, HashSet::new());
    let mut queue = vec![root];
    while let Some(node) = queue.pop() {
        for d in dependents.get(&node).into_iter().flatten() {
            let via = if node == root { 'n' } else { d.kind };
            if node != root && !matches!(d.kind, 'a' | 'i') {
                continue;
            }
            let kinds = ours.entry(d.object).or_default();
            if kinds.is_empty() {
                queue.push(d.object);
            }
            kinds.insert(via);
        }
    }
    let mut found = Vec::new();
    for (object, kinds) in &ours {
        if *object == root {
            continue;
        }
        let made_by_mfactl = match object.0 {
            PG_CLASS | PG_ATTRDEF | PG_CONSTRAINT => true,
            // Row and array types, the triggers of foreign keys (and a view's own
            // rule) belong to what they were made for: PostgreSQL makes them depend
            // internally on it. A type, rule or trigger made on its own is not
            // mfactl's; a user's constraint trigger too, which depends (auto) on its
            // table, its constraint depending internally on it (`CreateTrigger`).
            PG_TYPE | PG_TRIGGER | PG_REWRITE => kinds.iter().all(|k| *k == 'i'),
            _ => false,
        };
        if !made_by_mfactl {
            found.push(Finding::NotMade(object.0, object.1));
        }
    }
    for d in dependencies {
        let object_ours = ours.contains_key(&d.object);
        let referenced_ours = ours.contains_key(&d.referenced);
        if object_ours && !referenced_ours {
            // Something of mfactl's that depends on something made outside pg_catalog
            // and the schema, which its owner may change at any time.
            found.push(Finding::Depends(d.object, d.referenced));
        } else if referenced_ours && d.referenced != root {
            let inherits = d.object.0 == PG_CLASS && d.referenced.0 == PG_CLASS && d.kind == 'n';
            // Outside: views and functions that merely use the tables or their row
            // types change nothing of mfactl's; tables that inherit (their rows read
            // as mfactl's) and keys that reference them (which can stop or cascade
            // mfactl's deletes) do.
            let harmless =
                !object_ours && d.kind == 'n' && matches!(d.object.0, PG_REWRITE | PG_PROC);
            if inherits || (!object_ours && !harmless) {
                found.push(Finding::Depends(d.object, d.referenced));
            }
        }
    }
    found
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
    .with_hint("as the database's owner, remove what is listed (DROP, REVOKE, or ALTER … OWNER TO the role mfactl logs in as), keep the database for mfactl alone, and have every admin log in as that one role (see the README, \"When one machine is not enough\")")
}

impl Finding {
    /// The objects it names: `(class, id, column)`.
    fn objects(&self) -> Vec<(u32, u32, i32)> {
        match self {
            Finding::NotMade(class, id) => vec![(*class, *id, 0)],
            Finding::Owner(relation, _) => vec![(PG_CLASS, *relation, 0)],
            Finding::Privileges {
                relation, column, ..
            } => vec![(PG_CLASS, *relation, *column)],
            Finding::Depends(object, referenced) => {
                vec![(object.0, object.1, 0), (referenced.0, referenced.1, 0)]
            }
            _ => Vec::new(),
        }
    }

    /// The roles it names (`0`: PUBLIC).
    fn roles(&self) -> Vec<u32> {
        match self {
            Finding::SchemaOwner(role)
            | Finding::SchemaCreate(role)
            | Finding::Owner(_, role)
            | Finding::Privileges { grantee: role, .. } => vec![*role],
            Finding::Member(first, second) | Finding::DefaultPrivileges(first, second) => {
                vec![*first, *second]
            }
            Finding::NotMade(..) | Finding::Depends(..) => Vec::new(),
        }
    }

    /// In words, given the names of its objects and roles.
    fn sentence(
        &self,
        object: &dyn Fn(u32, u32, i32) -> String,
        role: &dyn Fn(u32) -> String,
    ) -> String {
        match self {
            Finding::SchemaOwner(owner) => {
                format!("the schema {SCHEMA} is owned by {}", role(*owner))
            }
            Finding::SchemaCreate(grantee) => {
                format!(
                    "CREATE on the schema {SCHEMA} granted to {}",
                    role(*grantee)
                )
            }
            Finding::NotMade(class, id) => {
                format!("{}, which mfactl does not make", object(*class, *id, 0))
            }
            Finding::Owner(relation, owner) => format!(
                "{} is owned by {}",
                object(PG_CLASS, *relation, 0),
                role(*owner)
            ),
            Finding::Privileges {
                relation,
                column,
                grantee,
            } => format!(
                "privileges on {} granted to {}",
                object(PG_CLASS, *relation, *column),
                role(*grantee)
            ),
            Finding::Member(member, of) => {
                format!("{} is a member of {}", role(*member), role(*of))
            }
            Finding::DefaultPrivileges(of, grantee) => format!(
                "default privileges of {} granted to {}",
                role(*of),
                role(*grantee)
            ),
            Finding::Depends(o, r) => {
                format!("{} depends on {}", object(o.0, o.1, 0), object(r.0, r.1, 0))
            }
        }
    }
}

/// The findings in words, at most ten, names asked of the server and escaped. Leaves
/// the session searching `pg_catalog` alone: a session (or transaction) with findings
/// is not used again.
fn describe(
    client: &mut impl GenericClient,
    target: &Target,
    found: &[Finding],
) -> Result<Vec<String>> {
    let found = &found[..found.len().min(10)];
    if found.is_empty() {
        return Ok(Vec::new());
    }
    let objects: Vec<(u32, u32, i32)> = found.iter().flat_map(Finding::objects).collect();
    let roles: Vec<u32> = found.iter().flat_map(Finding::roles).collect();
    let doing = "naming what the check found";
    // Named from nothing but PostgreSQL's catalog, so every name of mfactl's schema (or
    // any other) comes with it. (The session is not used after a refusal.)
    client
        .batch_execute("SET search_path = pg_catalog")
        .map_err(target.error(doing))?;
    let described: Vec<Option<String>> = client
        .query(
            "SELECT pg_catalog.pg_describe_object(c, o, s) FROM ROWS FROM ( \
                    pg_catalog.unnest($1::pg_catalog.oid[]), pg_catalog.unnest($2::pg_catalog.oid[]), \
                    pg_catalog.unnest($3::pg_catalog.int4[])) WITH ORDINALITY AS x (c, o, s, n) ORDER BY n",
            &[
                &objects.iter().map(|o| o.0).collect::<Vec<_>>(),
                &objects.iter().map(|o| o.1).collect::<Vec<_>>(),
                &objects.iter().map(|o| o.2).collect::<Vec<_>>(),
            ],
        )
        .map_err(target.error(doing))?
        .iter()
        .map(|row| row.try_get(0))
        .collect::<std::result::Result<_, _>>()
        .map_err(target.error(doing))?;
    let names: Vec<String> = client
        .query(
            "SELECT pg_catalog.pg_get_userbyid(r)::pg_catalog.text FROM pg_catalog.unnest($1::pg_catalog.oid[]) \
                    WITH ORDINALITY AS x (r, n) ORDER BY n",
            &[&roles],
        )
        .map_err(target.error(doing))?
        .iter()
        .map(|row| row.try_get(0))
        .collect::<std::result::Result<_, _>>()
        .map_err(target.error(doing))?;
    // What the server answered, by what was asked; escaped, as others chose the names.
    let described: HashMap<(u32, u32, i32), String> = objects
        .into_iter()
        .zip(described)
        .filter_map(|(asked, name)| Some((asked, printable(&name?).into_owned())))
        .collect();
    let names: HashMap<u32, String> = roles
        .into_iter()
        .zip(names)
        .map(|(asked, name)| (asked, printable(&name).into_owned()))
        .collect();
    let object = |class: u32, id: u32, column: i32| {
        described
            .get(&(class, id, column))
            .cloned()
            .unwrap_or_else(|| "an object that is gone".to_owned())
    };
    let role = |oid: u32| {
        if oid == 0 {
            "PUBLIC".to_owned()
        } else {
            names.get(&oid).cloned().unwrap_or_default()
        }
    };
    Ok(found.iter().map(|f| f.sentence(&object, &role)).collect())
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::{Closer, Dependency, Facts, Finding, PG_CLASS, PG_NAMESPACE, Relation, findings};

    const ME: u32 = 10;
    const EVE: u32 = 50_000;
    const SCHEMA: u32 = 16_400;
    const USERS: u32 = 16_401;

    fn dep(object: (u32, u32), referenced: (u32, u32), kind: char) -> Dependency {
        Dependency {
            object,
            referenced,
            kind,
        }
    }

    /// A schema with one table (users), its index, row and array types, a constraint
    /// and a default.
    fn store() -> Facts {
        Facts {
            me: ME,
            owner: ME,
            schema: Some((SCHEMA, ME, false)),
            relations: vec![Relation {
                id: USERS,
                owner: ME,
                kind: 'r',
                name: "users".to_owned(),
                ..Relation::default()
            }],
            dependencies: vec![
                dep((PG_CLASS, USERS), (PG_NAMESPACE, SCHEMA), 'n'),
                dep((PG_CLASS, 16_402), (PG_CLASS, USERS), 'a'),
                dep((1247, 16_403), (PG_CLASS, USERS), 'i'),
                dep((1247, 16_404), (1247, 16_403), 'i'),
                dep((2606, 16_405), (PG_CLASS, USERS), 'a'),
                dep((2604, 16_406), (PG_CLASS, USERS), 'a'),
                // A foreign key's own trigger.
                dep((2620, 16_407), (2606, 16_405), 'i'),
            ],
            ..Facts::default()
        }
    }

    fn found(facts: &Facts) -> Vec<Finding> {
        findings(facts, &Closer::default())
    }

    #[test]
    fn a_store_as_mfactl_made_it_has_nothing_to_refuse() {
        assert_eq!(found(&store()), []);
        assert!(!store().needs_a_closer_look());
    }

    #[test]
    fn what_mfactl_never_makes_in_its_schema_or_on_its_tables_is_refused() {
        for (planted, kind) in [
            ((1255, 20_000), 'n'), // a function in the schema
            ((1247, 20_000), 'n'), // a type in the schema
            ((2620, 20_000), 'a'), // a trigger on users
            ((2618, 20_000), 'a'), // a rule on users
            ((3256, 20_000), 'a'), // a policy on users
        ] {
            let mut facts = store();
            let on = if kind == 'n' {
                (PG_NAMESPACE, SCHEMA)
            } else {
                (PG_CLASS, USERS)
            };
            facts.dependencies.push(dep(planted, on, kind));
            assert_eq!(
                found(&facts),
                [Finding::NotMade(planted.0, planted.1)],
                "{planted:?}"
            );
        }
    }

    #[test]
    fn dependencies_outside_and_tables_inheriting_are_refused_views_elsewhere_not() {
        let evil = (1255, 30_000);
        let mut facts = store();
        facts.dependencies.push(dep((2606, 16_405), evil, 'n'));
        assert_eq!(found(&facts), [Finding::Depends((2606, 16_405), evil)]);
        let kid = (PG_CLASS, 30_001);
        let mut facts = store();
        facts.dependencies.push(dep(kid, (PG_CLASS, USERS), 'n'));
        assert_eq!(found(&facts), [Finding::Depends(kid, (PG_CLASS, USERS))]);
        let view = (2618, 30_002);
        let mut facts = store();
        facts.dependencies.push(dep(view, (PG_CLASS, USERS), 'n'));
        assert_eq!(found(&facts), []);
    }

    #[test]
    fn others_owning_or_granted_or_members_are_refused_superusers_are_trusted() {
        let mut facts = store();
        facts.relations[0].owner = EVE;
        facts.members.push((ME, EVE));
        assert!(facts.needs_a_closer_look());
        assert_eq!(
            found(&facts),
            [Finding::Member(EVE, ME), Finding::Owner(USERS, EVE)]
        );
        let superuser = Closer {
            superusers: HashSet::from([EVE]),
            ..Closer::default()
        };
        assert_eq!(findings(&facts, &superuser), []);
        let facts = store();
        let grants = [
            (USERS, 0, ME, "SELECT".to_owned()),
            (USERS, 3, EVE, "UPDATE".to_owned()),
            (SCHEMA, -1, 0, "CREATE".to_owned()),
            (SCHEMA, -1, EVE, "USAGE".to_owned()),
        ];
        let granted = Closer {
            grants: grants.to_vec(),
            ..Closer::default()
        };
        assert_eq!(
            findings(&facts, &granted),
            [
                Finding::Privileges {
                    relation: USERS,
                    column: 3,
                    grantee: EVE
                },
                Finding::SchemaCreate(0)
            ]
        );
        let defaults = Closer {
            defaults: vec![(ME, 0), (EVE, 0)],
            ..Closer::default()
        };
        assert_eq!(
            findings(&facts, &defaults),
            [Finding::DefaultPrivileges(ME, 0)]
        );
    }

    #[test]
    fn a_table_or_view_mfactl_does_not_make_in_its_schema_is_refused() {
        for (kind, name) in [('r', "kid"), ('v', "users_view"), ('m', "m"), ('f', "f")] {
            let mut facts = store();
            facts.relations.push(Relation {
                id: 30_000,
                owner: ME,
                kind,
                name: name.to_owned(),
                ..Relation::default()
            });
            assert_eq!(
                found(&facts),
                [Finding::NotMade(PG_CLASS, 30_000)],
                "{kind}"
            );
        }
    }
}
