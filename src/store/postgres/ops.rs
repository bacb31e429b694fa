//! PostgreSQL's `OpsStore`: the database's own checks that the schema and session
//! checks of opening leave (every foreign key's references, constraints validated and
//! enforced), and sealed secrets and keyed hashes read in batches of rows in key order
//! and rewritten a batch per statement (`unnest` of arrays).

use super::tx::{PgTx, get};
use crate::error::Result;
use crate::store::ops::{Expired, HashTable, HashedRow, OpsStore, RowKey, SealedUser};

/// A name from the catalog as an SQL identifier.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

impl OpsStore for PgTx<'_> {
    fn database_problems(&self, limit: u32) -> Result<Vec<String>> {
        let doing = "checking the database";
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        // Every single-column foreign key of mfactl's tables, and whether the server
        // enforces it: validated, and its triggers not disabled (ALTER TABLE … DISABLE
        // TRIGGER ALL, or rows written with session_replication_role = replica).
        let keys = self.collect(
            &format!("SELECT child.relname::text, a.attname::text, parent.relname::text, pa.attname::text, \
                    c.convalidated, \
                    NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t \
                                WHERE t.tgconstraint = c.oid AND t.tgenabled = 'D') \
             FROM pg_catalog.pg_constraint c \
             JOIN pg_catalog.pg_class child ON child.oid = c.conrelid \
             JOIN pg_catalog.pg_namespace n ON n.oid = child.relnamespace \
             JOIN pg_catalog.pg_class parent ON parent.oid = c.confrelid \
             JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] \
             JOIN pg_catalog.pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1] \
             WHERE c.contype = 'f' AND n.nspname = '{}' \
               AND pg_catalog.array_length(c.conkey, 1) = 1 \
             ORDER BY 1, 2", super::check::SCHEMA),
            &[],
            doing,
            |row| {
                Ok((
                    get::<String>(row, 0)?,
                    get::<String>(row, 1)?,
                    get::<String>(row, 2)?,
                    get::<String>(row, 3)?,
                    get::<bool>(row, 4)?,
                    get::<bool>(row, 5)?,
                ))
            },
        )?;
        let mut problems = Vec::new();
        for (child, column, parent, parent_column, validated, enforced) in keys {
            if !validated {
                problems.push(format!(
                    "foreign key: {child}.{column} → {parent} is not validated (NOT VALID)"
                ));
            }
            if !enforced {
                problems.push(format!(
                    "foreign key: {child}.{column} → {parent} is not enforced (its triggers are disabled)"
                ));
            }
            let orphans: i64 = self.value(
                &format!(
                    "SELECT count(*) FROM {} c WHERE c.{col} IS NOT NULL \
                     AND NOT EXISTS (SELECT 1 FROM {} p WHERE p.{} = c.{col})",
                    quoted(&child),
                    quoted(&parent),
                    quoted(&parent_column),
                    col = quoted(&column),
                ),
                &[],
                doing,
            )?;
            if orphans > 0 {
                problems.push(format!(
                    "foreign key: {} of {child} refer ({column}) to a row of {parent} that does not exist",
                    crate::output::plural(orphans, "row")
                ));
            }
        }
        problems.truncate(limit);
        Ok(problems)
    }

    fn sealed_users(&self, after: i64, limit: u32) -> Result<Vec<SealedUser>> {
        self.collect(
            "SELECT u.id, t.name, u.email, u.totp_secret, u.pending_secret \
             FROM users u JOIN tenants t ON t.id = u.tenant_id \
             WHERE u.id > $1 AND (u.totp_secret IS NOT NULL OR u.pending_secret IS NOT NULL) \
             ORDER BY u.id LIMIT $2",
            &[&after, &i64::from(limit)],
            "reading sealed secrets",
            |row| {
                Ok(SealedUser {
                    id: get(row, 0)?,
                    tenant: get(row, 1)?,
                    email: get(row, 2)?,
                    totp: get(row, 3)?,
                    pending: get(row, 4)?,
                })
            },
        )
    }

    fn reseal_users(&self, users: &[SealedUser]) -> Result<()> {
        let ids: Vec<i64> = users.iter().map(|user| user.id).collect();
        let totp: Vec<Option<&[u8]>> = users.iter().map(|user| user.totp.as_deref()).collect();
        let pending: Vec<Option<&[u8]>> =
            users.iter().map(|user| user.pending.as_deref()).collect();
        self.exec(
            "UPDATE users AS u SET totp_secret = v.t, pending_secret = v.p \
             FROM unnest($1::bigint[], $2::bytea[], $3::bytea[]) AS v(id, t, p) WHERE u.id = v.id",
            &[&ids, &totp, &pending],
            "re-encrypting secrets",
        )?;
        Ok(())
    }

    fn hashed_rows(
        &self,
        table: HashTable,
        after: Option<&RowKey>,
        limit: u32,
    ) -> Result<Vec<HashedRow>> {
        let (name, key, hash) = table.columns();
        let text_key = table.text_key();
        let doing = "reading keyed hashes";
        let limit = i64::from(limit);
        let map = |row: &postgres::Row| {
            Ok(HashedRow {
                key: if text_key {
                    RowKey::Text(get(row, 0)?)
                } else {
                    RowKey::Int(get(row, 0)?)
                },
                hash: get(row, 1)?,
            })
        };
        let select = format!("SELECT {key}, {hash} FROM {name}");
        match after {
            None => self.collect(
                &format!("{select} ORDER BY {key} LIMIT $1"),
                &[&limit],
                doing,
                map,
            ),
            Some(RowKey::Int(id)) => self.collect(
                &format!("{select} WHERE {key} > $1 ORDER BY {key} LIMIT $2"),
                &[id, &limit],
                doing,
                map,
            ),
            Some(RowKey::Text(id)) => self.collect(
                &format!("{select} WHERE {key} > $1 ORDER BY {key} LIMIT $2"),
                &[id, &limit],
                doing,
                map,
            ),
        }
    }

    fn set_hashes(&self, table: HashTable, rows: &[HashedRow]) -> Result<()> {
        let (name, key, hash) = table.columns();
        let hashes: Vec<&str> = rows.iter().map(|row| row.hash.as_str()).collect();
        let doing = "rewriting keyed hashes";
        if table.text_key() {
            let keys: Vec<&str> = rows
                .iter()
                .filter_map(|row| match &row.key {
                    RowKey::Text(id) => Some(id.as_str()),
                    RowKey::Int(_) => None,
                })
                .collect();
            self.exec(
                &format!(
                    "UPDATE {name} AS t SET {hash} = v.h \
                     FROM unnest($1::text[], $2::text[]) AS v(k, h) WHERE t.{key} = v.k"
                ),
                &[&keys, &hashes],
                doing,
            )?;
        } else {
            let keys: Vec<i64> = rows
                .iter()
                .filter_map(|row| match row.key {
                    RowKey::Int(id) => Some(id),
                    RowKey::Text(_) => None,
                })
                .collect();
            self.exec(
                &format!(
                    "UPDATE {name} AS t SET {hash} = v.h \
                     FROM unnest($1::bigint[], $2::text[]) AS v(k, h) WHERE t.{key} = v.k"
                ),
                &[&keys, &hashes],
                doing,
            )?;
        }
        Ok(())
    }

    fn expired(&self, pending_started_by: i64, now: i64) -> Result<Expired> {
        self.single(
            "SELECT (SELECT count(*) FROM users WHERE pending_secret IS NOT NULL \
                     AND coalesce(pending_created_at, 0) <= $1), \
                    (SELECT count(*) FROM access_passes WHERE expires_at <= $2)",
            &[&pending_started_by, &now],
            "counting what has expired",
            |row| {
                Ok(Expired {
                    pending_enrolments: get(row, 0)?,
                    access_passes: get(row, 1)?,
                })
            },
        )
    }
}
