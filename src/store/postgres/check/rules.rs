//! The session check's rules, pure: what the facts (and the closer look) show that is
//! refused, as `Finding`s of OIDs. Tested here with made-up facts; on a real server by
//! `tests/cli/postgres*.rs`.

use std::collections::{HashMap, HashSet};

use super::{
    Dependency, Facts, PG_ATTRDEF, PG_CLASS, PG_CONSTRAINT, PG_NAMESPACE, PG_PROC, PG_REWRITE,
    PG_TRIGGER, PG_TYPE,
};

/// Something the check refuses (OIDs: named only when it is shown).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Finding {
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

/// The tables mfactl makes in its schema: the store's (`store::copy::TABLES`) and the
/// record of its migrations.
fn is_mfactls_table(name: &str) -> bool {
    name == "mfactl_schema" || crate::store::copy::TABLES.iter().any(|t| t.name == name)
}

/// What the closer look found: the superusers among the roles the facts name, every
/// grant where privileges are set (`(relation or schema, column, grantee, privilege)`,
/// the schema's with column -1), and default privileges `(role, grantee)`.
#[derive(Debug, Default)]
pub(super) struct Closer {
    pub(super) superusers: HashSet<u32>,
    pub(super) grants: Vec<(u32, i32, u32, String)>,
    pub(super) defaults: Vec<(u32, u32)>,
}

/// What the facts and the closer look show. Pure: the rules, tested below.
pub(super) fn findings(facts: &Facts, closer: &Closer) -> Vec<Finding> {
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

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::super::{Dependency, Facts, PG_CLASS, PG_NAMESPACE, Relation};
    use super::{Closer, Finding, findings};

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
