//! SQLite's `MetaStore`: the `meta` table, the key record, names by prefix and the
//! counts of `store info`.

use rusqlite::OptionalExtension;

use super::{SqliteTx, filter, sql_error};
use crate::error::Result;
use crate::store::{MetaStore, NameKind, StoreCounts};

impl MetaStore for SqliteTx<'_> {
    fn meta(&self, key: &str) -> Result<Option<String>> {
        // Cached: every audit entry reads and writes the chain's head here.
        self.prepare_cached("SELECT value FROM meta WHERE key = ?1")
            .and_then(|mut stmt| stmt.query_row([key], |row| row.get(0)).optional())
            .map_err(sql_error("reading meta"))
    }

    fn has_data(&self) -> Result<bool> {
        self.query_row(
            "SELECT EXISTS (SELECT 1 FROM tenants) OR EXISTS (SELECT 1 FROM audit_log)",
            [],
            |row| row.get(0),
        )
        .map_err(sql_error("reading the store"))
    }

    fn delete_meta(&self, key: &str) -> Result<()> {
        self.execute("DELETE FROM meta WHERE key = ?1", [key])
            .map_err(sql_error("writing meta"))?;
        Ok(())
    }

    fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.prepare_cached(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .and_then(|mut stmt| stmt.execute([key, value]))
        .map_err(sql_error("writing meta"))?;
        Ok(())
    }

    fn names_starting(
        &self,
        kind: NameKind,
        tenant_id: Option<i64>,
        prefix: &str,
        limit: u32,
    ) -> Result<Vec<String>> {
        let (table, column) = kind.table_and_column();
        let tenant_id = tenant_id.filter(|_| kind != NameKind::Tenant);
        // [prefix, prefix + U+10FFFF): every name that starts with the prefix, as a range
        // the index answers (LIKE would need escaping and a literal to use the index).
        let end = format!("{prefix}\u{10FFFF}");
        let sql = format!(
            "SELECT DISTINCT {column} FROM {table} \
             WHERE {} AND {column} >= ?2 AND {column} < ?3 ORDER BY {column} LIMIT ?4",
            filter("tenant_id", 1, tenant_id.is_some())
        );
        let mut stmt = self
            .prepare_cached(&sql)
            .map_err(sql_error("reading names"))?;
        let rows = stmt
            .query_map(rusqlite::params![tenant_id, prefix, end, limit], |row| {
                row.get(0)
            })
            .map_err(sql_error("reading names"))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(sql_error("reading names"))
    }

    fn store_counts(&self) -> Result<StoreCounts> {
        self.query_row(
            "SELECT (SELECT user_version FROM pragma_user_version()), \
                    (SELECT count(*) FROM tenants), \
                    (SELECT count(*) FROM companies), \
                    (SELECT count(*) FROM users), \
                    (SELECT count(*) FROM users WHERE kind = 'local'), \
                    (SELECT count(*) FROM users WHERE totp_enrolled_at IS NOT NULL), \
                    (SELECT count(*) FROM roles), \
                    (SELECT count(*) FROM groups), \
                    (SELECT count(*) FROM audit_log)",
            [],
            |row| {
                let users: i64 = row.get(3)?;
                let local_users: i64 = row.get(4)?;
                Ok(StoreCounts {
                    schema_version: row.get(0)?,
                    tenants: row.get(1)?,
                    companies: row.get(2)?,
                    users,
                    local_users,
                    sso_users: users - local_users,
                    enrolled: row.get(5)?,
                    roles: row.get(6)?,
                    groups: row.get(7)?,
                    audit_entries: row.get(8)?,
                })
            },
        )
        .map_err(sql_error("counting what the store holds"))
    }
}
