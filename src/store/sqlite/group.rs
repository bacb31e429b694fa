//! SQLite's `GroupStore`: the SQL of groups, their members and roles.

use rusqlite::{Row, params};

use super::role::role_row;
use super::{SqliteTx, filter, name_taken, sql_error};
use crate::core::model::{Group, Role};
use crate::error::{Error, Result};
use crate::store::{GroupStore, GroupSummary};

fn group_row(row: &Row<'_>) -> rusqlite::Result<Group> {
    Ok(Group {
        id: row.get(0)?,
        tenant_id: row.get(1)?,
        name: row.get(2)?,
    })
}

impl GroupStore for SqliteTx<'_> {
    fn insert_group(&self, tenant_id: i64, name: &str) -> Result<Group> {
        let id = self.insert_unique(
            "INSERT INTO groups (tenant_id, name) VALUES (?1, ?2)",
            params![tenant_id, name],
            || name_taken(self, "group", "groups", "name", Some(tenant_id), name),
        )?;
        Ok(Group {
            id,
            tenant_id,
            name: name.to_owned(),
        })
    }

    fn groups_by_name(&self, tenant_id: Option<i64>, name: &str) -> Result<Vec<Group>> {
        self.collect(
            &format!(
                "SELECT id, tenant_id, name FROM groups WHERE {} AND name = ?2 ORDER BY tenant_id",
                filter("tenant_id", 1, tenant_id.is_some())
            ),
            params![tenant_id, name],
            group_row,
        )
    }

    fn user_group_names(&self, user_id: i64) -> Result<Vec<String>> {
        self.collect(
            "SELECT g.name FROM group_members m JOIN groups g ON g.id = m.group_id WHERE m.user_id = ?1 ORDER BY g.name",
            [user_id],
            |row| row.get(0),
        )
    }

    fn add_group_member(&self, group: &Group, user_id: i64, email: &str) -> Result<()> {
        self.insert_unique(
            "INSERT INTO group_members (group_id, user_id) VALUES (?1, ?2)",
            params![group.id, user_id],
            || {
                Error::conflict(format!(
                    "{email} is already a member of group {}",
                    group.name
                ))
            },
        )?;
        Ok(())
    }

    fn grant_group_role(&self, group: &Group, role: &Role) -> Result<()> {
        self.insert_unique(
            "INSERT INTO group_roles (group_id, role_id) VALUES (?1, ?2)",
            params![group.id, role.id],
            || {
                Error::conflict(format!(
                    "group {} already has role {}",
                    group.name, role.name
                ))
            },
        )?;
        Ok(())
    }

    fn each_group(
        &self,
        tenant_id: Option<i64>,
        each: &mut dyn FnMut(GroupSummary) -> Result<bool>,
    ) -> Result<()> {
        let sql = format!(
            "SELECT g.id, g.tenant_id, g.name, \
               (SELECT count(*) FROM group_members m WHERE m.group_id = g.id), \
               (SELECT json_group_array(r.name) FROM group_roles gr JOIN roles r ON r.id = gr.role_id \
                  WHERE gr.group_id = g.id) \
             FROM groups g WHERE {} ORDER BY g.tenant_id, g.name",
            filter("g.tenant_id", 1, tenant_id.is_some())
        );
        let mut stmt = self.prepare(&sql).map_err(sql_error("listing groups"))?;
        let mut rows = stmt
            .query([tenant_id])
            .map_err(sql_error("listing groups"))?;
        while let Some(row) = rows.next().map_err(sql_error("listing groups"))? {
            let roles: Option<String> = row.get(4).map_err(sql_error("listing groups"))?;
            let mut roles: Vec<String> = roles
                .and_then(|text| serde_json::from_str(&text).ok())
                .unwrap_or_default();
            roles.sort();
            let summary = GroupSummary {
                group: group_row(row).map_err(sql_error("listing groups"))?,
                members: row.get(3).map_err(sql_error("listing groups"))?,
                roles,
            };
            if !each(summary)? {
                break;
            }
        }
        Ok(())
    }

    fn group_member_count(&self, group_id: i64) -> Result<i64> {
        self.query_row(
            "SELECT count(*) FROM group_members WHERE group_id = ?1",
            [group_id],
            |row| row.get(0),
        )
        .map_err(sql_error("counting a group's members"))
    }

    fn group_roles(&self, group_id: i64) -> Result<Vec<Role>> {
        self.collect(
            "SELECT r.id, r.tenant_id, r.name, r.requires_2fa FROM group_roles gr \
             JOIN roles r ON r.id = gr.role_id WHERE gr.group_id = ?1 ORDER BY r.name",
            [group_id],
            role_row,
        )
    }

    fn each_group_member(
        &self,
        group_id: i64,
        each: &mut dyn FnMut(String) -> Result<bool>,
    ) -> Result<()> {
        let mut stmt = self
            .prepare(
                "SELECT u.email FROM group_members m JOIN users u ON u.id = m.user_id \
                 WHERE m.group_id = ?1 ORDER BY u.email",
            )
            .map_err(sql_error("listing a group's members"))?;
        let mut rows = stmt
            .query([group_id])
            .map_err(sql_error("listing a group's members"))?;
        while let Some(row) = rows
            .next()
            .map_err(sql_error("listing a group's members"))?
        {
            let email = row.get(0).map_err(sql_error("listing a group's members"))?;
            if !each(email)? {
                break;
            }
        }
        Ok(())
    }

    fn is_group_member(&self, group_id: i64, user_id: i64) -> Result<bool> {
        self.query_row(
            "SELECT EXISTS (SELECT 1 FROM group_members WHERE group_id = ?1 AND user_id = ?2)",
            [group_id, user_id],
            |row| row.get(0),
        )
        .map_err(sql_error("reading a group's members"))
    }

    fn members_holding_role_only_through(
        &self,
        group_id: i64,
        role_id: i64,
    ) -> Result<Vec<String>> {
        self.collect(
            "SELECT u.email FROM group_members m JOIN users u ON u.id = m.user_id \
             WHERE m.group_id = ?1 \
               AND NOT EXISTS (SELECT 1 FROM user_roles ur WHERE ur.user_id = m.user_id AND ur.role_id = ?2) \
               AND NOT EXISTS (SELECT 1 FROM group_members o JOIN group_roles gr ON gr.group_id = o.group_id \
                               WHERE o.user_id = m.user_id AND gr.role_id = ?2 AND o.group_id <> ?1) \
             ORDER BY u.email",
            [group_id, role_id],
            |row| row.get(0),
        )
    }

    fn remove_group_member(&self, group_id: i64, user_id: i64) -> Result<bool> {
        let removed = self
            .execute(
                "DELETE FROM group_members WHERE group_id = ?1 AND user_id = ?2",
                [group_id, user_id],
            )
            .map_err(sql_error("removing a group member"))?;
        Ok(removed > 0)
    }

    fn revoke_group_role(&self, group_id: i64, role_id: i64) -> Result<bool> {
        let removed = self
            .execute(
                "DELETE FROM group_roles WHERE group_id = ?1 AND role_id = ?2",
                [group_id, role_id],
            )
            .map_err(sql_error("revoking a group's role"))?;
        Ok(removed > 0)
    }

    fn delete_group(&self, group_id: i64) -> Result<()> {
        self.execute("DELETE FROM groups WHERE id = ?1", [group_id])
            .map_err(sql_error("deleting a group"))?;
        Ok(())
    }
}
