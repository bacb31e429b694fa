//! SQLite's `OpsStore`: the file's own checks (`integrity_check`, `foreign_key_check`),
//! and sealed secrets and keyed hashes read and rewritten in batches of rows in key
//! order, each batch one statement, each row written with a cached statement.

use rusqlite::params;

use super::{SqliteTx, sql_error};
use crate::error::Result;
use crate::store::ops::{Expired, HashTable, HashedRow, OpsStore, RowKey, SealedUser};

impl OpsStore for SqliteTx<'_> {
    fn database_problems(&self, limit: u32) -> Result<Vec<String>> {
        let doing = "checking the database";
        let mut problems = Vec::new();
        let mut stmt = self
            .prepare(&format!("PRAGMA integrity_check({})", limit.max(1)))
            .map_err(sql_error(doing))?;
        let lines = stmt
            .query_map([], |row| row.get::<_, String>(0))
            .map_err(sql_error(doing))?;
        for line in lines {
            let line = line.map_err(sql_error(doing))?;
            if line != "ok" {
                problems.push(format!("SQLite's integrity check: {line}"));
            }
        }
        let mut stmt = self
            .prepare("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check")
            .map_err(sql_error(doing))?;
        let broken = stmt
            .query_map([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, Option<i64>>(1)?,
                    row.get::<_, String>(2)?,
                ))
            })
            .map_err(sql_error(doing))?;
        for found in broken {
            let (table, rowid, parent) = found.map_err(sql_error(doing))?;
            if problems.len() >= usize::try_from(limit).unwrap_or(usize::MAX) {
                break;
            }
            let row = rowid.map_or_else(|| "a row".to_owned(), |id| format!("row {id}"));
            problems.push(format!(
                "foreign key: {row} of {table} refers to a row of {parent} that does not exist"
            ));
        }
        Ok(problems)
    }

    fn sealed_users(&self, after: i64, limit: u32) -> Result<Vec<SealedUser>> {
        self.collect(
            "SELECT u.id, t.name, u.email, u.totp_secret, u.pending_secret \
             FROM users u JOIN tenants t ON t.id = u.tenant_id \
             WHERE u.id > ?1 AND (u.totp_secret IS NOT NULL OR u.pending_secret IS NOT NULL) \
             ORDER BY u.id LIMIT ?2",
            params![after, limit],
            |row| {
                Ok(SealedUser {
                    id: row.get(0)?,
                    tenant: row.get(1)?,
                    email: row.get(2)?,
                    totp: row.get(3)?,
                    pending: row.get(4)?,
                })
            },
        )
    }

    fn reseal_users(&self, users: &[SealedUser]) -> Result<()> {
        let mut stmt = self
            .prepare_cached("UPDATE users SET totp_secret = ?2, pending_secret = ?3 WHERE id = ?1")
            .map_err(sql_error("re-encrypting secrets"))?;
        for user in users {
            stmt.execute(params![user.id, user.totp, user.pending])
                .map_err(sql_error("re-encrypting secrets"))?;
        }
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
        let condition = if after.is_some() {
            format!("{key} > ?1")
        } else {
            "?1 IS NULL".to_owned()
        };
        let mut stmt = self
            .prepare_cached(&format!(
                "SELECT {key}, {hash} FROM {name} WHERE {condition} ORDER BY {key} LIMIT ?2"
            ))
            .map_err(sql_error(doing))?;
        let after: rusqlite::types::Value = match after {
            None => rusqlite::types::Value::Null,
            Some(RowKey::Int(id)) => rusqlite::types::Value::Integer(*id),
            Some(RowKey::Text(id)) => rusqlite::types::Value::Text(id.clone()),
        };
        let rows = stmt
            .query_map(params![after, limit], |row| {
                let key = if text_key {
                    RowKey::Text(row.get(0)?)
                } else {
                    RowKey::Int(row.get(0)?)
                };
                Ok(HashedRow {
                    key,
                    hash: row.get(1)?,
                })
            })
            .map_err(sql_error(doing))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(sql_error(doing))
    }

    fn set_hashes(&self, table: HashTable, rows: &[HashedRow]) -> Result<()> {
        let (name, key, hash) = table.columns();
        let mut stmt = self
            .prepare_cached(&format!("UPDATE {name} SET {hash} = ?2 WHERE {key} = ?1"))
            .map_err(sql_error("rewriting keyed hashes"))?;
        for row in rows {
            let changed = match &row.key {
                RowKey::Int(id) => stmt.execute(params![id, row.hash]),
                RowKey::Text(id) => stmt.execute(params![id, row.hash]),
            };
            changed.map_err(sql_error("rewriting keyed hashes"))?;
        }
        Ok(())
    }

    fn expired(&self, pending_before: i64, now: i64) -> Result<Expired> {
        self.query_row(
            "SELECT (SELECT count(*) FROM users WHERE pending_secret IS NOT NULL \
                     AND coalesce(pending_created_at, 0) <= ?1), \
                    (SELECT count(*) FROM access_passes WHERE expires_at <= ?2)",
            params![pending_before, now],
            |row| {
                Ok(Expired {
                    pending_enrolments: row.get(0)?,
                    access_passes: row.get(1)?,
                })
            },
        )
        .map_err(sql_error("counting what has expired"))
    }
}
