//! `mfactl group …`: create, add-member, grant-role.

use serde_json::json;

use crate::cli::group::GroupCommand;
use crate::commands::role::resolve_role;
use crate::commands::{resolve, resolve_tenant, resolve_user, target};
use crate::core::audit::NewEntry;
use crate::core::model::{Group, Tenant};
use crate::core::validate;
use crate::ctx::Ctx;
use crate::error::Result;
use crate::output::Report;
use crate::store::Tx;

pub fn run(ctx: &Ctx, command: GroupCommand) -> Result<Report> {
    match command {
        GroupCommand::Create(args) => create(ctx, args.tenant.tenant.as_deref(), &args.group),
        GroupCommand::AddMember(args) => {
            add_member(ctx, args.tenant.tenant.as_deref(), &args.group, &args.email)
        }
        GroupCommand::GrantRole(args) => {
            grant_role(ctx, args.tenant.tenant.as_deref(), &args.group, &args.role)
        }
    }
}

fn resolve_group(tx: &Tx<'_>, tenant: Option<&str>, name: &str) -> Result<(Tenant, Group)> {
    validate::name("group", name)?;
    resolve(
        tx,
        tenant,
        "group",
        name,
        |tx, t| tx.groups_by_name(t, name),
        |g| g.tenant_id,
    )
}

fn create(ctx: &Ctx, tenant: Option<&str>, name: &str) -> Result<Report> {
    validate::name("group", name)?;
    let tenant = ctx.store.write(|tx| {
        let tenant = resolve_tenant(tx, tenant)?;
        tx.insert_group(tenant.id, name)?;
        ctx.audit(
            tx,
            &NewEntry::new("group.create", target("group", &tenant, name), json!({})),
        )?;
        Ok(tenant)
    })?;
    Report::done(
        &json!({ "name": name, "tenant": tenant.name }),
        format!("Created group {name} in tenant {}.", tenant.name),
    )
}

fn add_member(ctx: &Ctx, tenant: Option<&str>, group: &str, email: &str) -> Result<Report> {
    validate::name("group", group)?;
    let (tenant, group, email) = ctx.store.write(|tx| {
        let (tenant, user) = resolve_user(tx, tenant, email)?;
        let (tenant, group) = resolve_group(tx, Some(&tenant.name), group)?;
        tx.add_group_member(&group, user.id, &user.email)?;
        let entry = NewEntry::new(
            "group.add_member",
            target("user", &tenant, &user.email),
            json!({ "group": group.name }),
        );
        ctx.audit(tx, &entry)?;
        Ok((tenant, group, user.email))
    })?;
    Report::done(
        &json!({ "group": group.name, "email": email, "tenant": tenant.name }),
        format!("Added {email} to group {}.", group.name),
    )
}

fn grant_role(ctx: &Ctx, tenant: Option<&str>, group: &str, role: &str) -> Result<Report> {
    validate::name("role", role)?;
    let (tenant, group, role) = ctx.store.write(|tx| {
        let (tenant, group) = resolve_group(tx, tenant, group)?;
        let (tenant, role) = resolve_role(tx, Some(&tenant.name), role)?;
        tx.grant_group_role(&group, &role)?;
        let entry = NewEntry::new(
            "group.grant_role",
            target("group", &tenant, &group.name),
            json!({ "role": role.name }),
        );
        ctx.audit(tx, &entry)?;
        Ok((tenant, group, role))
    })?;
    Report::done(
        &json!({ "group": group.name, "role": role.name, "tenant": tenant.name, "requires_2fa": role.requires_2fa }),
        format!(
            "Granted role {} to group {}: its members hold it.",
            role.name, group.name
        ),
    )
}
