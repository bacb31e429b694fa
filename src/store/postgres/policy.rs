//! PostgreSQL's `PolicyStore`: a tenant's companies, roles and groups with their
//! grants, six statements a tenant (prepared once per connection), the same rows and
//! order as SQLite's.

use super::tx::{PgTx, get};
use crate::core::model::Tenant;
use crate::core::plan::enrol::Candidate;
use crate::core::plan::{CompanyState, TenantState};
use crate::error::Result;
use crate::store::PolicyStore;
use crate::store::policy::{StateRows, assemble};

const DOING: &str = "reading a tenant's policy";

fn pair(row: &postgres::Row) -> Result<(i64, String)> {
    Ok((get(row, 0)?, get(row, 1)?))
}

impl PolicyStore for PgTx<'_> {
    fn tenant_state(&self, tenant: &Tenant) -> Result<TenantState> {
        let id = &tenant.id;
        let rows = StateRows {
            companies: self.collect(
                "SELECT c.slug, c.enforce_mfa, (SELECT count(*) FROM users u WHERE u.company_id = c.id) \
                 FROM companies c WHERE c.tenant_id = $1 ORDER BY lower(c.slug)",
                &[id],
                DOING,
                |row| {
                    Ok(CompanyState {
                        name: get(row, 0)?,
                        enforce_mfa: get(row, 1)?,
                        users: get(row, 2)?,
                    })
                },
            )?,
            roles: self.collect(
                "SELECT id, name, requires_2fa FROM roles WHERE tenant_id = $1 ORDER BY lower(name)",
                &[id],
                DOING,
                |row| Ok((get(row, 0)?, get(row, 1)?, get(row, 2)?)),
            )?,
            role_members: self.collect(
                "SELECT ur.role_id, lower(u.email) FROM roles r JOIN user_roles ur ON ur.role_id = r.id \
                 JOIN users u ON u.id = ur.user_id WHERE r.tenant_id = $1 ORDER BY lower(u.email)",
                &[id],
                DOING,
                pair,
            )?,
            groups: self.collect(
                "SELECT id, name FROM groups WHERE tenant_id = $1 ORDER BY lower(name)",
                &[id],
                DOING,
                pair,
            )?,
            group_roles: self.collect(
                "SELECT gr.group_id, r.name FROM groups g JOIN group_roles gr ON gr.group_id = g.id \
                 JOIN roles r ON r.id = gr.role_id WHERE g.tenant_id = $1 ORDER BY lower(r.name)",
                &[id],
                DOING,
                pair,
            )?,
            group_members: self.collect(
                "SELECT m.group_id, lower(u.email) FROM groups g JOIN group_members m ON m.group_id = g.id \
                 JOIN users u ON u.id = m.user_id WHERE g.tenant_id = $1 ORDER BY lower(u.email)",
                &[id],
                DOING,
                pair,
            )?,
        };
        Ok(assemble(tenant, rows))
    }

    fn existing_emails(&self, tenant_id: i64, emails: &[String]) -> Result<Vec<String>> {
        self.collect(
            "SELECT lower(email) FROM users WHERE tenant_id = $1 \
             AND lower(email) = ANY($2::text[] COLLATE \"C\")",
            &[&tenant_id, &emails],
            "finding users",
            |row| get(row, 0),
        )
    }

    fn each_enrol_candidate(
        &self,
        tenant_id: i64,
        each: &mut dyn FnMut(Candidate) -> Result<bool>,
    ) -> Result<()> {
        self.each_row(
            "SELECT lower(u.email), c.slug, u.grace_started_at FROM users u \
             LEFT JOIN companies c ON c.id = u.company_id \
             WHERE u.tenant_id = $1 AND u.kind = 'local' AND u.totp_enrolled_at IS NULL \
             AND u.reset_at IS NULL \
             ORDER BY lower(u.email)",
            &[&tenant_id],
            "reading the users a policy could make enrol",
            &mut |row| {
                each(Candidate {
                    email: get(row, 0)?,
                    company: get(row, 1)?,
                    grace_started_at: get(row, 2)?,
                })
            },
        )
    }
}
