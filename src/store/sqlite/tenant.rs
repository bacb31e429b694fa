//! SQLite's `TenantStore`: the SQL of tenants and their authentication settings.

use rusqlite::{OptionalExtension, Row, params};

use super::{SqliteTx, is_unique_violation, name_taken, sql_error};
use crate::core::model::Tenant;
use crate::core::settings::{AuthSettings, Method};
use crate::error::Result;
use crate::store::{TenantCounts, TenantStore};

pub(crate) const COLUMNS: &str = "id, name, created_at, twofa_enabled, primary_method, secondary_method, \
                       grace_period_secs, members_may_deactivate, remember_device_days";

fn method(text: &str) -> rusqlite::Result<Method> {
    Method::parse(text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("unknown method {text}").into(),
        )
    })
}

fn tenant_row(row: &Row<'_>) -> rusqlite::Result<Tenant> {
    tenant_at(row, 0)
}

/// A tenant from `COLUMNS` starting at column `at` of a row (joined queries).
pub(crate) fn tenant_at(row: &Row<'_>, at: usize) -> rusqlite::Result<Tenant> {
    let secondary: Option<String> = row.get(at + 5)?;
    Ok(Tenant {
        id: row.get(at)?,
        name: row.get(at + 1)?,
        created_at: row.get(at + 2)?,
        auth: AuthSettings {
            enabled: row.get(at + 3)?,
            primary: method(&row.get::<_, String>(at + 4)?)?,
            secondary: secondary.as_deref().map(method).transpose()?,
            grace_period_secs: row.get(at + 6)?,
            members_may_deactivate: row.get(at + 7)?,
            remember_device_days: row.get(at + 8)?,
        },
    })
}

impl TenantStore for SqliteTx<'_> {
    fn insert_tenant(&self, name: &str, now: i64) -> Result<Tenant> {
        self.execute(
            "INSERT INTO tenants (name, created_at) VALUES (?1, ?2)",
            params![name, now],
        )
        .map_err(|e| {
            if is_unique_violation(&e) {
                name_taken(self, "tenant", "tenants", "name", None, name)
            } else {
                sql_error("adding a tenant")(e)
            }
        })?;
        self.tenant_by_id(self.last_insert_rowid())
    }

    fn tenant_by_id(&self, id: i64) -> Result<Tenant> {
        self.query_row(
            &format!("SELECT {COLUMNS} FROM tenants WHERE id = ?1"),
            [id],
            tenant_row,
        )
        .map_err(sql_error("reading a tenant"))
    }

    fn tenant_by_name(&self, name: &str) -> Result<Option<Tenant>> {
        self.query_row(
            &format!("SELECT {COLUMNS} FROM tenants WHERE name = ?1"),
            [name],
            tenant_row,
        )
        .optional()
        .map_err(sql_error("reading a tenant"))
    }

    fn tenants(&self) -> Result<Vec<Tenant>> {
        let mut stmt = self
            .prepare(&format!("SELECT {COLUMNS} FROM tenants ORDER BY name"))
            .map_err(sql_error("listing tenants"))?;
        let rows = stmt
            .query_map([], tenant_row)
            .map_err(sql_error("listing tenants"))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(sql_error("listing tenants"))
    }

    fn update_tenant_auth(&self, id: i64, auth: &AuthSettings) -> Result<()> {
        self.execute(
            "UPDATE tenants SET twofa_enabled = ?2, primary_method = ?3, secondary_method = ?4, \
             grace_period_secs = ?5, members_may_deactivate = ?6, remember_device_days = ?7 WHERE id = ?1",
            params![
                id,
                auth.enabled,
                auth.primary.as_str(),
                auth.secondary.map(Method::as_str),
                auth.grace_period_secs,
                auth.members_may_deactivate,
                auth.remember_device_days
            ],
        )
        .map_err(sql_error("saving tenant settings"))?;
        Ok(())
    }

    fn tenant_counts(&self, id: i64) -> Result<TenantCounts> {
        self.query_row(
            "SELECT (SELECT count(*) FROM companies WHERE tenant_id = ?1), \
                    (SELECT count(*) FROM users WHERE tenant_id = ?1), \
                    (SELECT count(*) FROM roles WHERE tenant_id = ?1), \
                    (SELECT count(*) FROM groups WHERE tenant_id = ?1)",
            [id],
            |row| {
                Ok(TenantCounts {
                    companies: row.get(0)?,
                    users: row.get(1)?,
                    roles: row.get(2)?,
                    groups: row.get(3)?,
                })
            },
        )
        .map_err(sql_error("counting a tenant's members"))
    }

    fn delete_tenant(&self, id: i64) -> Result<()> {
        self.execute("DELETE FROM tenants WHERE id = ?1", [id])
            .map_err(sql_error("deleting a tenant"))?;
        Ok(())
    }
}
