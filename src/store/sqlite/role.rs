//! SQLite's `RoleStore`: the SQL of roles and who holds them, directly or through a group.

use rusqlite::{Row, params};

use super::{SqliteTx, filter, name_taken, sql_error};
use crate::core::model::Role;
use crate::error::{Error, Result};
use crate::store::{HeldRole, RoleHolder, RoleStore};

pub(super) fn role_row(row: &Row<'_>) -> rusqlite::Result<Role> {
    Ok(Role {
        id: row.get(0)?,
        tenant_id: row.get(1)?,
        name: row.get(2)?,
        requires_2fa: row.get(3)?,
    })
}

impl RoleStore for SqliteTx<'_> {
    fn insert_role(&self, tenant_id: i64, name: &str) -> Result<Role> {
        let id = self.insert_unique(
            "INSERT INTO roles (tenant_id, name) VALUES (?1, ?2)",
            params![tenant_id, name],
            || name_taken(self, "role", "roles", "name", Some(tenant_id), name),
        )?;
        Ok(Role {
            id,
            tenant_id,
            name: name.to_owned(),
            requires_2fa: false,
        })
    }

    fn roles_by_name(&self, tenant_id: Option<i64>, name: &str) -> Result<Vec<Role>> {
        self.collect(
            &format!(
                "SELECT id, tenant_id, name, requires_2fa FROM roles WHERE {} AND name = ?2 ORDER BY tenant_id",
                filter("tenant_id", 1, tenant_id.is_some())
            ),
            params![tenant_id, name],
            role_row,
        )
    }

    fn roles(&self, tenant_id: Option<i64>) -> Result<Vec<Role>> {
        self.collect(
            &format!(
                "SELECT id, tenant_id, name, requires_2fa FROM roles WHERE {} ORDER BY tenant_id, name",
                filter("tenant_id", 1, tenant_id.is_some())
            ),
            [tenant_id],
            role_row,
        )
    }

    fn role_holder_count(&self, role_id: i64) -> Result<i64> {
        self.query_row(
            "SELECT count(*) FROM (SELECT user_id FROM user_roles WHERE role_id = ?1 \
             UNION SELECT m.user_id FROM group_members m JOIN group_roles g ON g.group_id = m.group_id WHERE g.role_id = ?1)",
            [role_id],
            |row| row.get(0),
        )
        .map_err(sql_error("counting role holders"))
    }

    fn set_role_requires_2fa(&self, role_id: i64, requires: bool) -> Result<()> {
        self.execute(
            "UPDATE roles SET requires_2fa = ?2 WHERE id = ?1",
            params![role_id, requires],
        )
        .map_err(sql_error("saving a role"))?;
        Ok(())
    }

    fn delete_role(&self, role_id: i64) -> Result<()> {
        self.execute("DELETE FROM roles WHERE id = ?1", [role_id])
            .map_err(sql_error("deleting a role"))?;
        Ok(())
    }

    fn assign_role(&self, role: &Role, user_id: i64, email: &str) -> Result<()> {
        self.insert_unique(
            "INSERT INTO user_roles (user_id, role_id) VALUES (?1, ?2)",
            params![user_id, role.id],
            || Error::conflict(format!("{email} already has role {}", role.name)),
        )?;
        Ok(())
    }

    fn held_roles(&self, user_id: i64) -> Result<Vec<HeldRole>> {
        let mut stmt = self
            .prepare(
                "SELECT r.id, r.tenant_id, r.name, r.requires_2fa, NULL FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = ?1 \
                 UNION ALL \
                 SELECT r.id, r.tenant_id, r.name, r.requires_2fa, g.name FROM group_members m \
                   JOIN groups g ON g.id = m.group_id JOIN group_roles gr ON gr.group_id = g.id JOIN roles r ON r.id = gr.role_id \
                   WHERE m.user_id = ?1 \
                 ORDER BY 3, 5",
            )
            .map_err(sql_error("reading a user's roles"))?;
        let rows = stmt
            .query_map([user_id], |row| {
                Ok(HeldRole {
                    role: role_row(row)?,
                    via_group: row.get(4)?,
                })
            })
            .map_err(sql_error("reading a user's roles"))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(sql_error("reading a user's roles"))
    }

    fn role_group_names(&self, role_id: i64) -> Result<Vec<String>> {
        self.collect(
            "SELECT g.name FROM group_roles gr JOIN groups g ON g.id = gr.group_id \
             WHERE gr.role_id = ?1 ORDER BY g.name",
            [role_id],
            |row| row.get(0),
        )
    }

    fn each_role_holder(
        &self,
        role_id: i64,
        each: &mut dyn FnMut(RoleHolder) -> Result<bool>,
    ) -> Result<()> {
        let mut stmt = self
            .prepare(
                "SELECT u.email, NULL FROM user_roles ur JOIN users u ON u.id = ur.user_id WHERE ur.role_id = ?1 \
                 UNION ALL \
                 SELECT u.email, g.name FROM group_roles gr JOIN groups g ON g.id = gr.group_id \
                   JOIN group_members m ON m.group_id = g.id JOIN users u ON u.id = m.user_id \
                   WHERE gr.role_id = ?1 \
                 ORDER BY 1, 2",
            )
            .map_err(sql_error("listing a role's holders"))?;
        let mut rows = stmt
            .query([role_id])
            .map_err(sql_error("listing a role's holders"))?;
        while let Some(row) = rows.next().map_err(sql_error("listing a role's holders"))? {
            let holder = RoleHolder {
                email: row.get(0).map_err(sql_error("listing a role's holders"))?,
                via_group: row.get(1).map_err(sql_error("listing a role's holders"))?,
            };
            if !each(holder)? {
                break;
            }
        }
        Ok(())
    }

    fn role_holder_emails(&self, role_id: i64) -> Result<Vec<String>> {
        self.collect(
            "SELECT u.email FROM users u WHERE u.id IN (SELECT user_id FROM user_roles WHERE role_id = ?1 \
             UNION SELECT m.user_id FROM group_members m JOIN group_roles g ON g.group_id = m.group_id \
             WHERE g.role_id = ?1) ORDER BY u.email",
            [role_id],
            |row| row.get(0),
        )
    }

    fn holds_role_directly(&self, role_id: i64, user_id: i64) -> Result<bool> {
        self.query_row(
            "SELECT EXISTS (SELECT 1 FROM user_roles WHERE role_id = ?1 AND user_id = ?2)",
            [role_id, user_id],
            |row| row.get(0),
        )
        .map_err(sql_error("reading a user's roles"))
    }

    fn groups_giving_role(&self, role_id: i64, user_id: i64) -> Result<Vec<String>> {
        self.collect(
            "SELECT g.name FROM group_members m JOIN group_roles gr ON gr.group_id = m.group_id \
             JOIN groups g ON g.id = m.group_id WHERE gr.role_id = ?1 AND m.user_id = ?2 ORDER BY g.name",
            [role_id, user_id],
            |row| row.get(0),
        )
    }

    fn unassign_role(&self, role_id: i64, user_id: i64) -> Result<bool> {
        let removed = self
            .execute(
                "DELETE FROM user_roles WHERE role_id = ?1 AND user_id = ?2",
                [role_id, user_id],
            )
            .map_err(sql_error("taking a role"))?;
        Ok(removed > 0)
    }
}
