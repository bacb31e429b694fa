//! PostgreSQL's `RoleStore`: the SQL of roles and who holds them, directly or through a
//! group.

use postgres::Row;

use super::tx::{PgTx, get, same_name};
use crate::core::model::Role;
use crate::error::{Error, Result};
use crate::store::{HeldRole, RoleHolder, RoleStore};

pub(super) fn role_row(row: &Row) -> Result<Role> {
    Ok(Role {
        id: get(row, 0)?,
        tenant_id: get(row, 1)?,
        name: get(row, 2)?,
        requires_2fa: get(row, 3)?,
    })
}

impl RoleStore for PgTx<'_> {
    fn insert_role(&self, tenant_id: i64, name: &str) -> Result<Role> {
        let id: Option<i64> = self.first(
            "INSERT INTO roles (tenant_id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING id",
            &[&tenant_id, &name],
            "saving",
            |row| get(row, 0),
        )?;
        let Some(id) = id else {
            return Err(self.name_taken("role", "roles", "name", Some(tenant_id), name));
        };
        Ok(Role {
            id,
            tenant_id,
            name: name.to_owned(),
            requires_2fa: false,
        })
    }

    fn roles_by_name(&self, tenant_id: Option<i64>, name: &str) -> Result<Vec<Role>> {
        let found = same_name("name", 1);
        match tenant_id {
            Some(tenant_id) => self.collect(
                &format!(
                    "SELECT id, tenant_id, name, requires_2fa FROM roles WHERE tenant_id = $2 AND {found}"
                ),
                &[&name, &tenant_id],
                "reading",
                role_row,
            ),
            None => self.collect(
                &format!(
                    "SELECT id, tenant_id, name, requires_2fa FROM roles WHERE {found} ORDER BY tenant_id"
                ),
                &[&name],
                "reading",
                role_row,
            ),
        }
    }

    fn roles(&self, tenant_id: Option<i64>) -> Result<Vec<Role>> {
        match tenant_id {
            Some(tenant_id) => self.collect(
                "SELECT id, tenant_id, name, requires_2fa FROM roles WHERE tenant_id = $1 ORDER BY lower(name)",
                &[&tenant_id],
                "reading",
                role_row,
            ),
            None => self.collect(
                "SELECT id, tenant_id, name, requires_2fa FROM roles ORDER BY tenant_id, lower(name)",
                &[],
                "reading",
                role_row,
            ),
        }
    }

    fn role_holder_count(&self, role_id: i64) -> Result<i64> {
        self.value(
            "SELECT count(*) FROM (SELECT user_id FROM user_roles WHERE role_id = $1 \
             UNION SELECT m.user_id FROM group_members m JOIN group_roles g ON g.group_id = m.group_id \
             WHERE g.role_id = $1) AS holders",
            &[&role_id],
            "counting role holders",
        )
    }

    fn set_role_requires_2fa(&self, role_id: i64, requires: bool) -> Result<()> {
        self.exec(
            "UPDATE roles SET requires_2fa = $2 WHERE id = $1",
            &[&role_id, &requires],
            "saving a role",
        )?;
        Ok(())
    }

    fn delete_role(&self, role_id: i64) -> Result<()> {
        self.exec(
            "DELETE FROM roles WHERE id = $1",
            &[&role_id],
            "deleting a role",
        )?;
        Ok(())
    }

    fn assign_role(&self, role: &Role, user_id: i64, email: &str) -> Result<()> {
        let added = self.exec(
            "INSERT INTO user_roles (user_id, role_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            &[&user_id, &role.id],
            "saving",
        )?;
        if added == 0 {
            return Err(Error::conflict(format!(
                "{email} already has role {}",
                role.name
            )));
        }
        Ok(())
    }

    fn held_roles(&self, user_id: i64) -> Result<Vec<HeldRole>> {
        self.collect(
            "SELECT * FROM ( \
               SELECT r.id, r.tenant_id, r.name, r.requires_2fa, NULL::text AS via FROM user_roles ur \
                 JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = $1 \
               UNION ALL \
               SELECT r.id, r.tenant_id, r.name, r.requires_2fa, g.name FROM group_members m \
                 JOIN groups g ON g.id = m.group_id JOIN group_roles gr ON gr.group_id = g.id \
                 JOIN roles r ON r.id = gr.role_id WHERE m.user_id = $1 \
             ) AS held ORDER BY lower(held.name), lower(held.via) NULLS FIRST",
            &[&user_id],
            "reading a user's roles",
            |row| {
                Ok(HeldRole {
                    role: role_row(row)?,
                    via_group: get(row, 4)?,
                })
            },
        )
    }

    fn role_group_names(&self, role_id: i64) -> Result<Vec<String>> {
        self.collect(
            "SELECT g.name FROM group_roles gr JOIN groups g ON g.id = gr.group_id \
             WHERE gr.role_id = $1 ORDER BY lower(g.name)",
            &[&role_id],
            "reading",
            |row| get(row, 0),
        )
    }

    fn each_role_holder(
        &self,
        role_id: i64,
        each: &mut dyn FnMut(RoleHolder) -> Result<bool>,
    ) -> Result<()> {
        self.each_row(
            "SELECT * FROM ( \
               SELECT u.email, NULL::text AS via FROM user_roles ur JOIN users u ON u.id = ur.user_id \
                 WHERE ur.role_id = $1 \
               UNION ALL \
               SELECT u.email, g.name FROM group_roles gr JOIN groups g ON g.id = gr.group_id \
                 JOIN group_members m ON m.group_id = g.id JOIN users u ON u.id = m.user_id \
                 WHERE gr.role_id = $1 \
             ) AS holders ORDER BY lower(holders.email), lower(holders.via) NULLS FIRST",
            &[&role_id],
            "listing a role's holders",
            &mut |row| {
                each(RoleHolder {
                    email: get(row, 0)?,
                    via_group: get(row, 1)?,
                })
            },
        )
    }

    fn role_holder_emails(&self, role_id: i64) -> Result<Vec<String>> {
        self.collect(
            "SELECT u.email FROM users u WHERE u.id IN (SELECT user_id FROM user_roles WHERE role_id = $1 \
             UNION SELECT m.user_id FROM group_members m JOIN group_roles g ON g.group_id = m.group_id \
             WHERE g.role_id = $1) ORDER BY lower(u.email)",
            &[&role_id],
            "reading",
            |row| get(row, 0),
        )
    }

    fn holds_role_directly(&self, role_id: i64, user_id: i64) -> Result<bool> {
        self.value(
            "SELECT EXISTS (SELECT 1 FROM user_roles WHERE role_id = $1 AND user_id = $2)",
            &[&role_id, &user_id],
            "reading a user's roles",
        )
    }

    fn groups_giving_role(&self, role_id: i64, user_id: i64) -> Result<Vec<String>> {
        self.collect(
            "SELECT g.name FROM group_members m JOIN group_roles gr ON gr.group_id = m.group_id \
             JOIN groups g ON g.id = m.group_id WHERE gr.role_id = $1 AND m.user_id = $2 ORDER BY lower(g.name)",
            &[&role_id, &user_id],
            "reading",
            |row| get(row, 0),
        )
    }

    fn unassign_role(&self, role_id: i64, user_id: i64) -> Result<bool> {
        let removed = self.exec(
            "DELETE FROM user_roles WHERE role_id = $1 AND user_id = $2",
            &[&role_id, &user_id],
            "taking a role",
        )?;
        Ok(removed > 0)
    }
}
