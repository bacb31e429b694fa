//! `mfactl role …`: create, list, delete, require-2fa, assign.

use serde::Serialize;
use serde_json::json;

use crate::cli::role::RoleCommand;
use crate::commands::{resolve, resolve_tenant, resolve_user, target, tenant_named, yes_no};
use crate::core::audit::NewEntry;
use crate::core::model::{Role, Tenant};
use crate::core::validate;
use crate::ctx::Ctx;
use crate::error::Result;
use crate::output::{List, Report};
use crate::prompt;
use crate::store::Tx;

pub fn run(ctx: &Ctx, command: RoleCommand) -> Result<Report> {
    match command {
        RoleCommand::Create(args) => create(ctx, args.tenant.tenant.as_deref(), &args.role),
        RoleCommand::List(args) => list(ctx, args.tenant.tenant.as_deref()),
        RoleCommand::Delete(args) => {
            delete(ctx, args.tenant.tenant.as_deref(), &args.role, args.yes.yes)
        }
        RoleCommand::Require2fa(args) => require_2fa(
            ctx,
            args.tenant.tenant.as_deref(),
            &args.role,
            !args.off,
            args.yes.yes,
        ),
        RoleCommand::Assign(args) => {
            assign(ctx, args.tenant.tenant.as_deref(), &args.role, &args.email)
        }
    }
}

/// A role by name, in `--tenant` or the one tenant that has it.
pub fn resolve_role(tx: &Tx<'_>, tenant: Option<&str>, name: &str) -> Result<(Tenant, Role)> {
    validate::name("role", name)?;
    resolve(
        tx,
        tenant,
        "role",
        name,
        |tx, t| tx.roles_by_name(t, name),
        |r| r.tenant_id,
    )
}

#[derive(Debug, Serialize)]
struct RoleView {
    name: String,
    tenant: String,
    requires_2fa: bool,
    users: i64,
}

impl RoleView {
    fn new(tx: &Tx<'_>, tenant: &Tenant, role: &Role) -> Result<Self> {
        Ok(RoleView {
            name: role.name.clone(),
            tenant: tenant.name.clone(),
            requires_2fa: role.requires_2fa,
            users: tx.role_holder_count(role.id)?,
        })
    }
}

fn create(ctx: &Ctx, tenant: Option<&str>, name: &str) -> Result<Report> {
    validate::name("role", name)?;
    let view = ctx.store.write(|tx| {
        let tenant = resolve_tenant(tx, tenant)?;
        let role = tx.insert_role(tenant.id, name)?;
        ctx.audit(
            tx,
            &NewEntry::new("role.create", target("role", &tenant, name), json!({})),
        )?;
        RoleView::new(tx, &tenant, &role)
    })?;
    Report::done(
        &view,
        format!("Created role {name} in tenant {}.", view.tenant),
    )
}

fn list(ctx: &Ctx, tenant: Option<&str>) -> Result<Report> {
    let views = ctx.store.read(|tx| {
        let tenant_id = tenant
            .map(|t| tenant_named(tx, t))
            .transpose()?
            .map(|t| t.id);
        tx.roles(tenant_id)?
            .iter()
            .map(|role| RoleView::new(tx, &tx.tenant_by_id(role.tenant_id)?, role))
            .collect::<Result<Vec<_>>>()
    })?;
    let mut list = List::table(
        ctx.json,
        &["ROLE", "TENANT", "REQUIRES 2FA", "USERS"],
        "No roles yet. Create one with `mfactl role create ROLE`.",
    )?;
    for v in &views {
        let more = list.push(v, || {
            vec![
                v.name.clone(),
                v.tenant.clone(),
                yes_no(v.requires_2fa).into(),
                v.users.to_string(),
            ]
        })?;
        if !more {
            break;
        }
    }
    list.finish()
}

fn delete(ctx: &Ctx, tenant: Option<&str>, name: &str, yes: bool) -> Result<Report> {
    let (tenant, role, holders) = ctx.store.read(|tx| {
        let (tenant, role) = resolve_role(tx, tenant, name)?;
        let holders = tx.role_holder_count(role.id)?;
        Ok((tenant, role, holders))
    })?;
    prompt::confirm(
        ctx.interactive,
        yes,
        &format!(
            "Delete role {} of tenant {}, held by {holders} users?",
            role.name, tenant.name
        ),
    )?;
    ctx.store.write(|tx| {
        let (tenant, role) = resolve_role(tx, Some(&tenant.name), &role.name)?;
        let holders = tx.role_holder_count(role.id)?;
        tx.delete_role(role.id)?;
        let details = json!({ "requires_2fa": role.requires_2fa, "users": holders });
        ctx.audit(
            tx,
            &NewEntry::new("role.delete", target("role", &tenant, &role.name), details),
        )
    })?;
    Report::done(
        &json!({ "deleted": role.name, "tenant": tenant.name, "users": holders }),
        format!("Deleted role {} of tenant {}.", role.name, tenant.name),
    )
}

fn require_2fa(
    ctx: &Ctx,
    tenant: Option<&str>,
    name: &str,
    requires: bool,
    yes: bool,
) -> Result<Report> {
    // Lifting the requirement weakens protection: asked on a terminal, --yes in scripts.
    let (tenant_name, role) = ctx.store.read(|tx| {
        let (tenant, role) = resolve_role(tx, tenant, name)?;
        Ok((tenant.name, role))
    })?;
    if !requires && role.requires_2fa {
        prompt::confirm(
            ctx.interactive,
            yes,
            &format!(
                "Stop requiring 2FA of the holders of role {} in tenant {tenant_name}?",
                role.name
            ),
        )?;
    }
    let tenant = Some(tenant_name.as_str());
    let (view, changed) = ctx.store.write(|tx| {
        let (tenant, role) = resolve_role(tx, tenant, name)?;
        let changed = role.requires_2fa != requires;
        if changed {
            tx.set_role_requires_2fa(role.id, requires)?;
            let entry = NewEntry::new(
                "role.require_2fa",
                target("role", &tenant, &role.name),
                json!({ "requires_2fa": requires }),
            );
            ctx.audit(tx, &entry)?;
        }
        Ok((
            RoleView::new(
                tx,
                &tenant,
                &Role {
                    requires_2fa: requires,
                    ..role
                },
            )?,
            changed,
        ))
    })?;
    let text = match (requires, changed) {
        (true, true) => format!(
            "Role {} now requires 2FA of its {} users, from their next sign-in.",
            view.name, view.users
        ),
        (true, false) => format!("Role {} already requires 2FA.", view.name),
        (false, true) => format!("Role {} no longer requires 2FA.", view.name),
        (false, false) => format!("Role {} did not require 2FA.", view.name),
    };
    Report::done(&view, text)
}

fn assign(ctx: &Ctx, tenant: Option<&str>, role: &str, email: &str) -> Result<Report> {
    validate::name("role", role)?;
    let (tenant, user, role) = ctx.store.write(|tx| {
        let (tenant, user) = resolve_user(tx, tenant, email)?;
        let (tenant, role) = resolve_role(tx, Some(&tenant.name), role)?;
        tx.assign_role(&role, user.id, &user.email)?;
        let entry = NewEntry::new(
            "role.assign",
            target("user", &tenant, &user.email),
            json!({ "role": role.name }),
        );
        ctx.audit(tx, &entry)?;
        Ok((tenant, user, role))
    })?;
    Report::done(
        &json!({ "role": role.name, "email": user.email, "tenant": tenant.name, "requires_2fa": role.requires_2fa }),
        format!("Gave role {} to {}.", role.name, user.email),
    )
}
