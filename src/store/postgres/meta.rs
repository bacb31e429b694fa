//! PostgreSQL's `MetaStore`: the `meta` table, the key record, names by prefix and the
//! counts of `store info`.

use super::tx::{PgTx, get};
use crate::error::Result;
use crate::store::{KeyRecord, MetaStore, NameKind, StoreCounts};

/// `meta` key of the keyed hash that recognises the store's key (schema 2 on).
const KEY_CHECK: &str = "key_check";
/// `meta` key of the key id that schema-1 stores recorded.
const LEGACY_KEY_ID: &str = "key_id";
/// `meta` key of the store's random id, which the audit chain's key is derived with.
const STORE_ID: &str = "store_id";

impl MetaStore for PgTx<'_> {
    fn meta(&self, key: &str) -> Result<Option<String>> {
        self.first(
            "SELECT value FROM meta WHERE key = $1",
            &[&key],
            "reading meta",
            |row| get(row, 0),
        )
    }

    fn key_record(&self) -> Result<KeyRecord> {
        let has_data: bool = self.value(
            "SELECT EXISTS (SELECT 1 FROM tenants) OR EXISTS (SELECT 1 FROM audit_log)",
            &[],
            "reading the store",
        )?;
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
        self.exec(
            "DELETE FROM meta WHERE key = $1",
            &[&LEGACY_KEY_ID],
            "writing meta",
        )?;
        Ok(())
    }

    fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.exec(
            "INSERT INTO meta (key, value) VALUES ($1, $2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            &[&key, &value],
            "writing meta",
        )?;
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
        // [prefix, prefix + U+10FFFF) on lower(name), ASCII folded on both sides as
        // SQLite's NOCASE compares: a range on the lower(...) index ("C" orders bytes).
        let end = format!("{prefix}\u{10FFFF}");
        let limit = i64::from(limit);
        let range = format!(
            "lower({column}) >= lower($1::text COLLATE \"C\") AND lower({column}) < lower($2::text COLLATE \"C\")"
        );
        // One name per spelling that differs only in case, as SQLite's DISTINCT under
        // NOCASE gives one.
        let select = format!("SELECT DISTINCT ON (lower({column})) {column} FROM {table}");
        let order = format!("ORDER BY lower({column}), {column} LIMIT $3");
        match tenant_id {
            Some(tenant_id) => self.collect(
                &format!("{select} WHERE tenant_id = $4 AND {range} {order}"),
                &[&prefix, &end, &limit, &tenant_id],
                "reading names",
                |row| get(row, 0),
            ),
            None => self.collect(
                &format!("{select} WHERE {range} {order}"),
                &[&prefix, &end, &limit],
                "reading names",
                |row| get(row, 0),
            ),
        }
    }

    fn store_counts(&self) -> Result<StoreCounts> {
        self.single(
            "SELECT (SELECT coalesce(max(version), 0) FROM mfactl_schema), \
                    (SELECT count(*) FROM tenants), \
                    (SELECT count(*) FROM companies), \
                    (SELECT count(*) FROM users), \
                    (SELECT count(*) FROM users WHERE kind = 'local'), \
                    (SELECT count(*) FROM users WHERE totp_enrolled_at IS NOT NULL), \
                    (SELECT count(*) FROM roles), \
                    (SELECT count(*) FROM groups), \
                    (SELECT count(*) FROM audit_log)",
            &[],
            "counting what the store holds",
            |row| {
                let users: i64 = get(row, 3)?;
                let local_users: i64 = get(row, 4)?;
                Ok(StoreCounts {
                    schema_version: get(row, 0)?,
                    tenants: get(row, 1)?,
                    companies: get(row, 2)?,
                    users,
                    local_users,
                    sso_users: users - local_users,
                    enrolled: get(row, 5)?,
                    roles: get(row, 6)?,
                    groups: get(row, 7)?,
                    audit_entries: get(row, 8)?,
                })
            },
        )
    }
}

/// The table and the name column of a kind of name (each indexed on lower(...)).
fn table_and_column(kind: NameKind) -> (&'static str, &'static str) {
    match kind {
        NameKind::Tenant => ("tenants", "name"),
        NameKind::Company => ("companies", "slug"),
        NameKind::Role => ("roles", "name"),
        NameKind::Group => ("groups", "name"),
        NameKind::User => ("users", "email"),
    }
}
