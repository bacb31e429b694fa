//! `mfactl role …`: create, list, show, delete, assign, unassign here; require-2fa and
//! its dry run in `require_2fa.rs`.

mod require_2fa;

pub use require_2fa::require_2fa_in;

use serde::Serialize;
use serde_json::json;

use crate::cli::role::RoleCommand;
use crate::commands::lifted::{Lifted, with_lifted};
use crate::commands::{Why, resolve, resolve_tenant, resolve_user, target, tenant_named, yes_no};
use crate::core::audit::NewEntry;
use crate::core::model::{Role, Tenant, User};
use crate::core::validate;
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::output::{List, Report, quoted};
use crate::prompt;
use crate::store::Tx;

pub fn run(ctx: &Ctx, command: RoleCommand) -> Result<Report> {
    match command {
        RoleCommand::Create(args) => create(ctx, args.tenant.tenant.as_deref(), &args.role),
        RoleCommand::List(args) => list(ctx, args.tenant.tenant.as_deref()),
        RoleCommand::Show(args) => show(ctx, args.tenant.tenant.as_deref(), &args.role),
        RoleCommand::Delete(args) => {
            delete(ctx, args.tenant.tenant.as_deref(), &args.role, args.yes.yes)
        }
        RoleCommand::Require2fa(args) if args.dry_run => {
            require_2fa::require_2fa_dry_run(ctx, &args)
        }
        RoleCommand::Require2fa(args) => require_2fa::require_2fa(
            ctx,
            args.tenant.tenant.as_deref(),
            &args.role,
            !args.off,
            args.yes.yes,
        ),
        RoleCommand::Assign(args) => {
            assign(ctx, args.tenant.tenant.as_deref(), &args.role, &args.email)
        }
        RoleCommand::Unassign(args) => unassign(
            ctx,
            args.member.tenant.tenant.as_deref(),
            &args.member.role,
            &args.member.email,
            args.yes.yes,
        ),
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

/// Creates a role, audited: `role create`, and `policy apply`.
pub fn create_in(
    ctx: &Ctx,
    tx: &Tx<'_>,
    tenant: &Tenant,
    name: &str,
    why: Why<'_>,
) -> Result<Role> {
    validate::name("role", name)?;
    let role = tx.insert_role(tenant.id, name)?;
    ctx.audit(
        tx,
        &why.entry(NewEntry::new(
            "role.create",
            target("role", tenant, name),
            json!({}),
        )),
    )?;
    Ok(role)
}

/// Deletes a role, audited with who no longer needs 2FA from it: `role delete` (which
/// asks first), and `policy apply --prune`. Returns how many held it, and who lost a
/// requirement.
pub fn delete_in(
    ctx: &Ctx,
    tx: &Tx<'_>,
    tenant: &Tenant,
    role: &Role,
    why: Why<'_>,
) -> Result<(usize, Vec<Lifted>)> {
    let emails = tx.role_holder_emails(role.id)?;
    let holders = emails.len();
    let lifted: Vec<Lifted> = Lifted::of(role, emails).into_iter().collect();
    tx.delete_role(role.id)?;
    let details = with_lifted(
        json!({ "requires_2fa": role.requires_2fa, "users": holders }),
        &lifted,
    );
    ctx.audit(
        tx,
        &why.entry(NewEntry::new(
            "role.delete",
            target("role", tenant, &role.name),
            details,
        )),
    )?;
    Ok((holders, lifted))
}

/// Gives a role to a user directly, audited: `role assign`, and `policy apply`. A
/// conflict (8) when they hold it directly already.
pub fn assign_in(
    ctx: &Ctx,
    tx: &Tx<'_>,
    tenant: &Tenant,
    role: &Role,
    user_id: i64,
    email: &str,
    why: Why<'_>,
) -> Result<()> {
    tx.assign_role(role, user_id, email)?;
    let entry = NewEntry::new(
        "role.assign",
        target("user", tenant, email),
        json!({ "role": role.name }),
    );
    ctx.audit(tx, &why.entry(entry))
}

/// Takes a directly held role from a user, audited with whether a 2FA requirement was
/// lifted: `role unassign`, and `policy apply --prune`. Not found (7) when the user does
/// not hold it directly.
pub fn unassign_in(
    ctx: &Ctx,
    tx: &Tx<'_>,
    tenant: &Tenant,
    role: &Role,
    user_id: i64,
    email: &str,
    why: Why<'_>,
) -> Result<Vec<Lifted>> {
    if !tx.unassign_role(role.id, user_id)? {
        return Err(not_held_directly(tx, role, user_id, email));
    }
    let still_held = !tx.groups_giving_role(role.id, user_id)?.is_empty();
    let lifted: Vec<Lifted> = if still_held {
        Vec::new()
    } else {
        Lifted::of(role, vec![email.to_owned()])
            .into_iter()
            .collect()
    };
    let details = with_lifted(
        json!({ "role": role.name, "requires_2fa": role.requires_2fa }),
        &lifted,
    );
    let entry = NewEntry::new("role.unassign", target("user", tenant, email), details);
    ctx.audit(tx, &why.entry(entry))?;
    Ok(lifted)
}

fn create(ctx: &Ctx, tenant: Option<&str>, name: &str) -> Result<Report> {
    validate::name("role", name)?;
    let view = ctx.store.write(|tx| {
        let tenant = resolve_tenant(tx, tenant)?;
        let role = create_in(ctx, tx, &tenant, name, Why::default())?;
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

/// What `role show` reports before the list of holders.
#[derive(Debug, Serialize)]
struct RoleShowView {
    #[serde(flatten)]
    role: RoleView,
    /// The groups the role is granted to.
    groups: Vec<String>,
}

/// One way a user holds the role, as `role show` lists it.
#[derive(Debug, Serialize)]
struct HolderView {
    email: String,
    via_group: Option<String>,
}

fn show(ctx: &Ctx, tenant: Option<&str>, name: &str) -> Result<Report> {
    ctx.store.read(|tx| {
        let (tenant, role) = resolve_role(tx, tenant, name)?;
        let view = RoleShowView {
            role: RoleView::new(tx, &tenant, &role)?,
            groups: tx.role_group_names(role.id)?,
        };
        let granted = if view.groups.is_empty() {
            String::new()
        } else {
            format!("; granted to groups {}", view.groups.join(", "))
        };
        let head = format!(
            "Role {} of tenant {} (requires 2FA: {}{granted}), held by {}:",
            role.name,
            tenant.name,
            yes_no(role.requires_2fa),
            crate::output::plural(view.role.users, "user")
        );
        let empty = format!(
            "Role {} of tenant {} (requires 2FA: {}{granted}) is held by no one. Give it with \
             `mfactl role assign {} EMAIL` or `mfactl group grant-role GROUP {}`.",
            role.name,
            tenant.name,
            yes_no(role.requires_2fa),
            quoted(&role.name),
            quoted(&role.name)
        );
        let mut list = List::within(ctx.json, &view, "holders", &head, &empty)?;
        tx.each_role_holder(role.id, &mut |holder| {
            let item = HolderView {
                email: holder.email,
                via_group: holder.via_group,
            };
            list.push(&item, || {
                vec![match &item.via_group {
                    Some(group) => format!("{} (via group {group})", item.email),
                    None => format!("{} (directly)", item.email),
                }]
            })
        })?;
        list.finish()
    })
}

fn delete(ctx: &Ctx, tenant: Option<&str>, name: &str, yes: bool) -> Result<Report> {
    let (tenant, role, holders) = ctx.store.read(|tx| {
        let (tenant, role) = resolve_role(tx, tenant, name)?;
        let holders = tx.role_holder_count(role.id)?;
        Ok((tenant, role, holders))
    })?;
    let lifting = if role.requires_2fa && holders > 0 {
        "; they would no longer need 2FA from it"
    } else {
        ""
    };
    prompt::confirm(
        ctx.interactive,
        yes,
        &format!(
            "Delete role {} of tenant {}, held by {}{lifting}?",
            role.name,
            tenant.name,
            crate::output::plural(holders, "user")
        ),
    )?;
    let (holders, lifted) = ctx.store.write(|tx| {
        let (tenant, role) = resolve_role(tx, Some(&tenant.name), &role.name)?;
        delete_in(ctx, tx, &tenant, &role, Why::default())
    })?;
    Report::done(
        &with_lifted(
            json!({ "deleted": role.name, "tenant": tenant.name, "users": holders }),
            &lifted,
        ),
        format!(
            "Deleted role {} of tenant {}.{}",
            role.name,
            tenant.name,
            Lifted::text(&lifted)
        ),
    )
}

fn assign(ctx: &Ctx, tenant: Option<&str>, role: &str, email: &str) -> Result<Report> {
    validate::name("role", role)?;
    let (tenant, user, role) = ctx.store.write(|tx| {
        let (tenant, user) = resolve_user(tx, tenant, email)?;
        let (tenant, role) = resolve_role(tx, Some(&tenant.name), role)?;
        assign_in(
            ctx,
            tx,
            &tenant,
            &role,
            user.id,
            &user.email,
            Why::default(),
        )?;
        Ok((tenant, user, role))
    })?;
    Report::done(
        &json!({ "role": role.name, "email": user.email, "tenant": tenant.name, "requires_2fa": role.requires_2fa }),
        format!("Gave role {} to {}.", role.name, user.email),
    )
}

/// The user and the role of `role unassign`, the role held directly (else not found),
/// and who would no longer need 2FA from it: the user, when the role requires 2FA and
/// no group gives it to them.
fn direct_holding(
    tx: &Tx<'_>,
    tenant: Option<&str>,
    role: &str,
    email: &str,
) -> Result<(Tenant, User, Role, Vec<Lifted>)> {
    let (tenant, user) = resolve_user(tx, tenant, email)?;
    let (tenant, role) = resolve_role(tx, Some(&tenant.name), role)?;
    if !tx.holds_role_directly(role.id, user.id)? {
        return Err(not_held_directly(tx, &role, user.id, &user.email));
    }
    let still_held = !tx.groups_giving_role(role.id, user.id)?.is_empty();
    let lifted = if still_held {
        Vec::new()
    } else {
        Lifted::of(&role, vec![user.email.clone()])
            .into_iter()
            .collect()
    };
    Ok((tenant, user, role, lifted))
}

fn unassign(ctx: &Ctx, tenant: Option<&str>, role: &str, email: &str, yes: bool) -> Result<Report> {
    validate::name("role", role)?;
    // Lifting a 2FA requirement weakens protection: asked first, decided in the write.
    let (action, lifting) = ctx.store.read(|tx| {
        let (_, user, role, lifting) = direct_holding(tx, tenant, role, email)?;
        Ok((
            format!("Take role {} from {}?", role.name, user.email),
            lifting,
        ))
    })?;
    let confirmed = Lifted::confirm(ctx, yes, &action, &lifting)?;
    let (tenant, user, role, lifted) = ctx.store.write(|tx| {
        let (tenant, user, role, _) = direct_holding(tx, tenant, role, email)?;
        let lifted = unassign_in(
            ctx,
            tx,
            &tenant,
            &role,
            user.id,
            &user.email,
            Why::default(),
        )?;
        // Decided in the write: an unassignment that lifts more than was confirmed is undone.
        Lifted::check(ctx, confirmed, &action, &lifted)?;
        Ok((tenant, user, role, lifted))
    })?;
    Report::done(
        &with_lifted(
            json!({ "role": role.name, "email": user.email, "tenant": tenant.name, "requires_2fa": role.requires_2fa }),
            &lifted,
        ),
        format!(
            "Took role {} from {}.{}",
            role.name,
            user.email,
            Lifted::text(&lifted)
        ),
    )
}

/// Not found: the user does not hold the role directly; says how they hold it, if at all.
fn not_held_directly(tx: &Tx<'_>, role: &Role, user_id: i64, email: &str) -> Error {
    let groups = match tx.groups_giving_role(role.id, user_id) {
        Ok(groups) => groups,
        Err(e) => return e,
    };
    let error = Error::not_found(format!("{email} does not hold role {} directly", role.name));
    match groups.first() {
        Some(group) => error.with_hint(format!(
            "they hold it through group {}: take it with `mfactl group remove-member {} {}`; \
             see every holder with `mfactl role show {}`",
            groups.join(", "),
            quoted(group),
            quoted(email),
            quoted(&role.name)
        )),
        None => error.with_hint(format!(
            "see who holds it with `mfactl role show {}`",
            quoted(&role.name)
        )),
    }
}
