//! SQLite's `PolicyStore`: a tenant's companies, roles and groups with their grants,
//! six indexed statements a tenant, each prepared once per connection.

use rusqlite::params;

use super::{SqliteTx, sql_error};
use crate::core::model::Tenant;
use crate::core::plan::enrol::Candidate;
use crate::core::plan::{CompanyState, TenantState};
use crate::error::Result;
use crate::store::PolicyStore;
use crate::store::policy::{StateRows, assemble};

impl SqliteTx<'_> {
    /// The rows of a cached statement with one parameter, each mapped by `map`.
    fn cached<T>(
        &self,
        sql: &str,
        param: impl rusqlite::ToSql,
        map: fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let doing = "reading a tenant's policy";
        let mut stmt = self.prepare_cached(sql).map_err(sql_error(doing))?;
        let rows = stmt.query_map([param], map).map_err(sql_error(doing))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(sql_error(doing))
    }
}

fn pair(row: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, String)> {
    Ok((row.get(0)?, row.get(1)?))
}

impl PolicyStore for SqliteTx<'_> {
    fn tenant_state(&self, tenant: &Tenant) -> Result<TenantState> {
        let id = tenant.id;
        let rows = StateRows {
            companies: self.cached(
                "SELECT c.slug, c.enforce_mfa, (SELECT count(*) FROM users u WHERE u.company_id = c.id) \
                 FROM companies c WHERE c.tenant_id = ?1 ORDER BY c.slug",
                id,
                |row| {
                    Ok(CompanyState {
                        name: row.get(0)?,
                        enforce_mfa: row.get(1)?,
                        users: row.get(2)?,
                    })
                },
            )?,
            roles: self.cached(
                "SELECT id, name, requires_2fa FROM roles WHERE tenant_id = ?1 ORDER BY name",
                id,
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )?,
            role_members: self.cached(
                "SELECT ur.role_id, lower(u.email) FROM roles r JOIN user_roles ur ON ur.role_id = r.id \
                 JOIN users u ON u.id = ur.user_id WHERE r.tenant_id = ?1 ORDER BY u.email",
                id,
                pair,
            )?,
            groups: self.cached(
                "SELECT id, name FROM groups WHERE tenant_id = ?1 ORDER BY name",
                id,
                pair,
            )?,
            group_roles: self.cached(
                "SELECT gr.group_id, r.name FROM groups g JOIN group_roles gr ON gr.group_id = g.id \
                 JOIN roles r ON r.id = gr.role_id WHERE g.tenant_id = ?1 ORDER BY r.name",
                id,
                pair,
            )?,
            group_members: self.cached(
                "SELECT m.group_id, lower(u.email) FROM groups g JOIN group_members m ON m.group_id = g.id \
                 JOIN users u ON u.id = m.user_id WHERE g.tenant_id = ?1 ORDER BY u.email",
                id,
                pair,
            )?,
        };
        Ok(assemble(tenant, rows))
    }

    fn existing_emails(&self, tenant_id: i64, emails: &[String]) -> Result<Vec<String>> {
        let doing = "finding users";
        let list = serde_json::to_string(emails)
            .map_err(|e| crate::error::Error::environment(doing).caused_by(e))?;
        let mut stmt = self
            .prepare_cached(
                "SELECT lower(email) FROM users WHERE tenant_id = ?1 \
                 AND email IN (SELECT value FROM json_each(?2))",
            )
            .map_err(sql_error(doing))?;
        let rows = stmt
            .query_map(params![tenant_id, list], |row| row.get(0))
            .map_err(sql_error(doing))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(sql_error(doing))
    }

    fn each_enrol_candidate(
        &self,
        tenant_id: i64,
        each: &mut dyn FnMut(Candidate) -> Result<bool>,
    ) -> Result<()> {
        let doing = "reading the users a policy could make enrol";
        let mut stmt = self
            .prepare_cached(
                "SELECT lower(u.email), c.slug, u.grace_started_at FROM users u \
                 LEFT JOIN companies c ON c.id = u.company_id \
                 WHERE u.tenant_id = ?1 AND u.kind = 'local' AND u.totp_enrolled_at IS NULL \
             AND u.reset_at IS NULL \
                 ORDER BY u.email",
            )
            .map_err(sql_error(doing))?;
        let mut rows = stmt.query([tenant_id]).map_err(sql_error(doing))?;
        while let Some(row) = rows.next().map_err(sql_error(doing))? {
            let candidate = Candidate {
                email: row.get(0).map_err(sql_error(doing))?,
                company: row.get(1).map_err(sql_error(doing))?,
                grace_started_at: row.get(2).map_err(sql_error(doing))?,
            };
            if !each(candidate)? {
                break;
            }
        }
        Ok(())
    }
}
