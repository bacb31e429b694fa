//! PostgreSQL's `TenantStore`: the SQL of tenants and their authentication settings.

use postgres::Row;

use super::tx::{PgTx, get, same_name};
use crate::core::model::Tenant;
use crate::core::settings::{AuthSettings, Method};
use crate::error::{Error, Result};
use crate::store::{TenantCounts, TenantStore};

const COLUMNS: &str = "id, name, created_at, twofa_enabled, primary_method, secondary_method, \
                       grace_period_secs, members_may_deactivate, remember_device_days";

fn method(text: &str) -> Result<Method> {
    Method::parse(text)
        .ok_or_else(|| Error::environment(format!("the store holds an unknown method {text}")))
}

/// A tenant from `COLUMNS` starting at column `at` of a row (joined queries).
pub(super) fn tenant_at(row: &Row, at: usize) -> Result<Tenant> {
    let secondary: Option<String> = get(row, at + 5)?;
    let days: i64 = get(row, at + 8)?;
    Ok(Tenant {
        id: get(row, at)?,
        name: get(row, at + 1)?,
        created_at: get(row, at + 2)?,
        auth: AuthSettings {
            enabled: get(row, at + 3)?,
            primary: method(&get::<String>(row, at + 4)?)?,
            secondary: secondary.as_deref().map(method).transpose()?,
            grace_period_secs: get(row, at + 6)?,
            members_may_deactivate: get(row, at + 7)?,
            remember_device_days: u32::try_from(days).map_err(|_| {
                Error::environment(format!(
                    "the store holds a remember-device lifetime of {days} days"
                ))
            })?,
        },
    })
}

impl PgTx<'_> {
    /// The conflict for a `name` already taken in `table` (in the tenant, when given),
    /// naming the one stored.
    pub(super) fn name_taken(
        &self,
        what: &str,
        table: &str,
        column: &str,
        tenant_id: Option<i64>,
        name: &str,
    ) -> Error {
        let stored = match tenant_id {
            Some(tenant_id) => self.first(
                &format!(
                    "SELECT {column} FROM {table} WHERE tenant_id = $2 AND {}",
                    same_name(column, 1)
                ),
                &[&name, &tenant_id],
                "reading names",
                |row| get::<String>(row, 0),
            ),
            None => self.first(
                &format!(
                    "SELECT {column} FROM {table} WHERE {}",
                    same_name(column, 1)
                ),
                &[&name],
                "reading names",
                |row| get::<String>(row, 0),
            ),
        };
        let stored = stored.ok().flatten().unwrap_or_else(|| name.to_owned());
        crate::store::name_taken(what, name, &stored, tenant_id.is_some())
    }
}

impl TenantStore for PgTx<'_> {
    fn insert_tenant(&self, name: &str, now: i64) -> Result<Tenant> {
        let id: Option<i64> = self.first(
            "INSERT INTO tenants (name, created_at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING id",
            &[&name, &now],
            "adding a tenant",
            |row| get(row, 0),
        )?;
        match id {
            Some(id) => self.tenant_by_id(id),
            None => Err(self.name_taken("tenant", "tenants", "name", None, name)),
        }
    }

    fn tenant_by_id(&self, id: i64) -> Result<Tenant> {
        self.single(
            &format!("SELECT {COLUMNS} FROM tenants WHERE id = $1"),
            &[&id],
            "reading a tenant",
            |row| tenant_at(row, 0),
        )
    }

    fn tenant_by_name(&self, name: &str) -> Result<Option<Tenant>> {
        self.first(
            &format!(
                "SELECT {COLUMNS} FROM tenants WHERE {}",
                same_name("name", 1)
            ),
            &[&name],
            "reading a tenant",
            |row| tenant_at(row, 0),
        )
    }

    fn tenants(&self) -> Result<Vec<Tenant>> {
        self.collect(
            &format!("SELECT {COLUMNS} FROM tenants ORDER BY lower(name)"),
            &[],
            "listing tenants",
            |row| tenant_at(row, 0),
        )
    }

    fn update_tenant_auth(&self, id: i64, auth: &AuthSettings) -> Result<()> {
        self.exec(
            "UPDATE tenants SET twofa_enabled = $2, primary_method = $3, secondary_method = $4, \
             grace_period_secs = $5, members_may_deactivate = $6, remember_device_days = $7 WHERE id = $1",
            &[
                &id,
                &auth.enabled,
                &auth.primary.as_str(),
                &auth.secondary.map(Method::as_str),
                &auth.grace_period_secs,
                &auth.members_may_deactivate,
                &i64::from(auth.remember_device_days),
            ],
            "saving tenant settings",
        )?;
        Ok(())
    }

    fn tenant_counts(&self, id: i64) -> Result<TenantCounts> {
        self.single(
            "SELECT (SELECT count(*) FROM companies WHERE tenant_id = $1), \
                    (SELECT count(*) FROM users WHERE tenant_id = $1), \
                    (SELECT count(*) FROM roles WHERE tenant_id = $1), \
                    (SELECT count(*) FROM groups WHERE tenant_id = $1)",
            &[&id],
            "counting a tenant's members",
            |row| {
                Ok(TenantCounts {
                    companies: get(row, 0)?,
                    users: get(row, 1)?,
                    roles: get(row, 2)?,
                    groups: get(row, 3)?,
                })
            },
        )
    }

    fn delete_tenant(&self, id: i64) -> Result<()> {
        self.exec(
            "DELETE FROM tenants WHERE id = $1",
            &[&id],
            "deleting a tenant",
        )?;
        Ok(())
    }
}
