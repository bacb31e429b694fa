//! PostgreSQL's `GroupStore`: the SQL of groups, their members and roles.

use postgres::Row;

use super::role::role_row;
use super::tx::{PgTx, get, same_name};
use crate::core::model::{Group, Role};
use crate::error::{Error, Result};
use crate::store::{GroupStore, GroupSummary};

fn group_row(row: &Row) -> Result<Group> {
    Ok(Group {
        id: get(row, 0)?,
        tenant_id: get(row, 1)?,
        name: get(row, 2)?,
    })
}

impl GroupStore for PgTx<'_> {
    fn insert_group(&self, tenant_id: i64, name: &str) -> Result<Group> {
        let id: Option<i64> = self.first(
            "INSERT INTO groups (tenant_id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING id",
            &[&tenant_id, &name],
            "saving",
            |row| get(row, 0),
        )?;
        let Some(id) = id else {
            return Err(self.name_taken("group", "groups", "name", Some(tenant_id), name));
        };
        Ok(Group {
            id,
            tenant_id,
            name: name.to_owned(),
        })
    }

    fn groups_by_name(&self, tenant_id: Option<i64>, name: &str) -> Result<Vec<Group>> {
        let found = same_name("name", 1);
        match tenant_id {
            Some(tenant_id) => self.collect(
                &format!("SELECT id, tenant_id, name FROM groups WHERE tenant_id = $2 AND {found}"),
                &[&name, &tenant_id],
                "reading",
                group_row,
            ),
            None => self.collect(
                &format!("SELECT id, tenant_id, name FROM groups WHERE {found} ORDER BY tenant_id"),
                &[&name],
                "reading",
                group_row,
            ),
        }
    }

    fn user_group_names(&self, user_id: i64) -> Result<Vec<String>> {
        self.collect(
            "SELECT g.name FROM group_members m JOIN groups g ON g.id = m.group_id \
             WHERE m.user_id = $1 ORDER BY lower(g.name)",
            &[&user_id],
            "reading",
            |row| get(row, 0),
        )
    }

    fn add_group_member(&self, group: &Group, user_id: i64, email: &str) -> Result<()> {
        let added = self.exec(
            "INSERT INTO group_members (group_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            &[&group.id, &user_id],
            "saving",
        )?;
        if added == 0 {
            return Err(Error::conflict(format!(
                "{email} is already a member of group {}",
                group.name
            )));
        }
        Ok(())
    }

    fn grant_group_role(&self, group: &Group, role: &Role) -> Result<()> {
        let added = self.exec(
            "INSERT INTO group_roles (group_id, role_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            &[&group.id, &role.id],
            "saving",
        )?;
        if added == 0 {
            return Err(Error::conflict(format!(
                "group {} already has role {}",
                group.name, role.name
            )));
        }
        Ok(())
    }

    fn each_group(
        &self,
        tenant_id: Option<i64>,
        each: &mut dyn FnMut(GroupSummary) -> Result<bool>,
    ) -> Result<()> {
        let select = "SELECT g.id, g.tenant_id, g.name, \
               (SELECT count(*) FROM group_members m WHERE m.group_id = g.id), \
               (SELECT pg_catalog.json_agg(r.name)::text FROM group_roles gr JOIN roles r ON r.id = gr.role_id \
                  WHERE gr.group_id = g.id) \
             FROM groups g";
        let mut summary = |row: &Row| -> Result<bool> {
            let roles: Option<String> = get(row, 4)?;
            let mut roles: Vec<String> = roles
                .and_then(|text| serde_json::from_str(&text).ok())
                .unwrap_or_default();
            roles.sort();
            each(GroupSummary {
                group: group_row(row)?,
                members: get(row, 3)?,
                roles,
            })
        };
        match tenant_id {
            Some(tenant_id) => self.each_row(
                &format!("{select} WHERE g.tenant_id = $1 ORDER BY lower(g.name)"),
                &[&tenant_id],
                "listing groups",
                &mut summary,
            ),
            None => self.each_row(
                &format!("{select} ORDER BY g.tenant_id, lower(g.name)"),
                &[],
                "listing groups",
                &mut summary,
            ),
        }
    }

    fn group_member_count(&self, group_id: i64) -> Result<i64> {
        self.value(
            "SELECT count(*) FROM group_members WHERE group_id = $1",
            &[&group_id],
            "counting a group's members",
        )
    }

    fn group_roles(&self, group_id: i64) -> Result<Vec<Role>> {
        self.collect(
            "SELECT r.id, r.tenant_id, r.name, r.requires_2fa FROM group_roles gr \
             JOIN roles r ON r.id = gr.role_id WHERE gr.group_id = $1 ORDER BY lower(r.name)",
            &[&group_id],
            "reading",
            role_row,
        )
    }

    fn each_group_member(
        &self,
        group_id: i64,
        each: &mut dyn FnMut(String) -> Result<bool>,
    ) -> Result<()> {
        self.each_row(
            "SELECT u.email FROM group_members m JOIN users u ON u.id = m.user_id \
             WHERE m.group_id = $1 ORDER BY lower(u.email)",
            &[&group_id],
            "listing a group's members",
            &mut |row| each(get(row, 0)?),
        )
    }

    fn is_group_member(&self, group_id: i64, user_id: i64) -> Result<bool> {
        self.value(
            "SELECT EXISTS (SELECT 1 FROM group_members WHERE group_id = $1 AND user_id = $2)",
            &[&group_id, &user_id],
            "reading a group's members",
        )
    }

    fn members_holding_role_only_through(
        &self,
        group_id: i64,
        role_id: i64,
    ) -> Result<Vec<String>> {
        self.collect(
            "SELECT u.email FROM group_members m JOIN users u ON u.id = m.user_id \
             WHERE m.group_id = $1 \
               AND NOT EXISTS (SELECT 1 FROM user_roles ur WHERE ur.user_id = m.user_id AND ur.role_id = $2) \
               AND NOT EXISTS (SELECT 1 FROM group_members o JOIN group_roles gr ON gr.group_id = o.group_id \
                               WHERE o.user_id = m.user_id AND gr.role_id = $2 AND o.group_id <> $1) \
             ORDER BY lower(u.email)",
            &[&group_id, &role_id],
            "reading",
            |row| get(row, 0),
        )
    }

    fn remove_group_member(&self, group_id: i64, user_id: i64) -> Result<bool> {
        let removed = self.exec(
            "DELETE FROM group_members WHERE group_id = $1 AND user_id = $2",
            &[&group_id, &user_id],
            "removing a group member",
        )?;
        Ok(removed > 0)
    }

    fn revoke_group_role(&self, group_id: i64, role_id: i64) -> Result<bool> {
        let removed = self.exec(
            "DELETE FROM group_roles WHERE group_id = $1 AND role_id = $2",
            &[&group_id, &role_id],
            "revoking a group's role",
        )?;
        Ok(removed > 0)
    }

    fn delete_group(&self, group_id: i64) -> Result<()> {
        self.exec(
            "DELETE FROM groups WHERE id = $1",
            &[&group_id],
            "deleting a group",
        )?;
        Ok(())
    }
}
