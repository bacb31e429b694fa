//! PostgreSQL's `MetaStore`: the `meta` table, the key record, names by prefix and the
//! counts of `store info`.

use super::tx::{PgTx, get};
use crate::error::Result;
use crate::store::audit::HEAD_KEY;
use crate::store::{MetaStore, NameKind, StoreCounts};

impl MetaStore for PgTx<'_> {
    fn meta(&self, key: &str) -> Result<Option<String>> {
        if key == HEAD_KEY
            && let Some(head) = self.pending_head()
        {
            return Ok(Some(head));
        }
        self.first(
            "SELECT value FROM meta WHERE key = $1",
            &[&key],
            "reading meta",
            |row| get(row, 0),
        )
    }

    fn has_data(&self) -> Result<bool> {
        self.value(
            "SELECT EXISTS (SELECT 1 FROM tenants) OR EXISTS (SELECT 1 FROM audit_log)",
            &[],
            "reading the store",
        )
    }

    fn delete_meta(&self, key: &str) -> Result<()> {
        if key == HEAD_KEY {
            self.set_pending_head(None);
        }
        self.exec("DELETE FROM meta WHERE key = $1", &[&key], "writing meta")?;
        Ok(())
    }

    fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        // The chain's head is written once, when the transaction ends (`PgTx`).
        if key == HEAD_KEY {
            self.set_pending_head(Some(value.to_owned()));
            return Ok(());
        }
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
        let (table, column) = kind.table_and_column();
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
