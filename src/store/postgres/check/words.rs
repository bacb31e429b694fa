//! The session check's findings in words: the names of the objects and roles they are
//! about, asked of the server and escaped (others chose them).

use std::collections::HashMap;

use postgres::GenericClient;

use super::rules::Finding;
use super::{PG_CLASS, SCHEMA};
use crate::error::Result;
use crate::output::printable;
use crate::store::postgres::Target;

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
pub(super) fn describe(
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
