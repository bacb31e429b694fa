//! SQLite's `MetaStore`: the `meta` table, the key record, names by prefix and the
//! counts of `store info`.

use rusqlite::OptionalExtension;

use super::{SqliteTx, filter, sql_error};
use crate::error::Result;
use crate::store::{KeyRecord, MetaStore, NameKind, StoreCounts};

/// `meta` key of the keyed hash that recognises the store's key (schema 2 on).
const KEY_CHECK: &str = "key_check";
/// `meta` key of the key id that schema-1 stores recorded.
const LEGACY_KEY_ID: &str = "key_id";
/// `meta` key of the store's random id, which the audit chain's key is derived with.
const STORE_ID: &str = "store_id";

impl MetaStore for SqliteTx<'_> {
    fn meta(&self, key: &str) -> Result<Option<String>> {
        self.query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| {
            row.get(0)
        })
        .optional()
        .map_err(sql_error("reading meta"))
    }

    fn key_record(&self) -> Result<KeyRecord> {
        let has_data: bool = self
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM tenants) OR EXISTS (SELECT 1 FROM audit_log)",
                [],
                |row| row.get(0),
            )
            .map_err(sql_error("reading the store"))?;
        Ok(KeyRecord {
            check: self.meta(KEY_CHECK)?,
            legacy_id: self.meta(LEGACY_KEY_ID)?,
            store_id: self.meta(STORE_ID)?,
            has_data,
        })
    }

    fn set_key_check(&self, check: &str, store_id: &str) -> Result<()> {
        self.set_meta(KEY_CHECK, check)?;
        self.set_meta(STORE_ID, store_id)?;
        self.execute("DELETE FROM meta WHERE key = ?1", [LEGACY_KEY_ID])
            .map_err(sql_error("writing meta"))?;
        Ok(())
    }

    fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )
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
        let (table, column) = table_and_column(kind);
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

/// The table and the name column of a kind of name (each indexed, compared without case).
fn table_and_column(kind: NameKind) -> (&'static str, &'static str) {
    match kind {
        NameKind::Tenant => ("tenants", "name"),
        NameKind::Company => ("companies", "slug"),
        NameKind::Role => ("roles", "name"),
        NameKind::Group => ("groups", "name"),
        NameKind::User => ("users", "email"),
    }
}
