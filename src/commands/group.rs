//! `mfactl group …`: create, list, show, delete, add-member, remove-member, grant-role,
//! revoke-role. Taking a role away reports who no longer needs 2FA from it (`Lifted`).

use serde::Serialize;
use serde_json::json;

use crate::cli::group::GroupCommand;
use crate::commands::lifted::{Lifted, with_lifted};
use crate::commands::role::resolve_role;
use crate::commands::{Why, resolve, resolve_tenant, resolve_user, target, tenant_named};
use crate::core::audit::NewEntry;
use crate::core::model::{Group, Role, Tenant, User};
use crate::core::validate;
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::output::{List, Report, quoted};
use crate::prompt;
use crate::store::Tx;

pub fn run(ctx: &Ctx, command: GroupCommand) -> Result<Report> {
    match command {
        GroupCommand::Create(args) => create(ctx, args.tenant.tenant.as_deref(), &args.group),
        GroupCommand::List(args) => list(ctx, args.tenant.tenant.as_deref()),
        GroupCommand::Show(args) => show(ctx, args.tenant.tenant.as_deref(), &args.group),
        GroupCommand::Delete(args) => delete(
            ctx,
            args.tenant.tenant.as_deref(),
            &args.group,
            args.yes.yes,
        ),
        GroupCommand::AddMember(args) => {
            add_member(ctx, args.tenant.tenant.as_deref(), &args.group, &args.email)
        }
        GroupCommand::RemoveMember(args) => remove_member(
            ctx,
            args.member.tenant.tenant.as_deref(),
            &args.member.group,
            &args.member.email,
            args.yes.yes,
        ),
        GroupCommand::GrantRole(args) => {
            grant_role(ctx, args.tenant.tenant.as_deref(), &args.group, &args.role)
        }
        GroupCommand::RevokeRole(args) => revoke_role(
            ctx,
            args.grant.tenant.tenant.as_deref(),
            &args.grant.group,
            &args.grant.role,
            args.yes.yes,
        ),
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

/// Creates a group, audited: `group create`, and `policy apply`.
pub fn create_in(
    ctx: &Ctx,
    tx: &Tx<'_>,
    tenant: &Tenant,
    name: &str,
    why: Why<'_>,
) -> Result<Group> {
    validate::name("group", name)?;
    let group = tx.insert_group(tenant.id, name)?;
    ctx.audit(
        tx,
        &why.entry(NewEntry::new(
            "group.create",
            target("group", tenant, name),
            json!({}),
        )),
    )?;
    Ok(group)
}

/// Deletes a group, audited with its members, roles and who no longer needs 2FA from
/// them: `group delete` (which asks first), and `policy apply --prune`. Returns how many
/// members it had, its roles' names and who lost a requirement.
pub fn delete_in(
    ctx: &Ctx,
    tx: &Tx<'_>,
    tenant: &Tenant,
    group: &Group,
    why: Why<'_>,
) -> Result<(i64, Vec<String>, Vec<Lifted>)> {
    let members = tx.group_member_count(group.id)?;
    let roles = tx.group_roles(group.id)?;
    let lifted = lifted_by_group(tx, group, &roles)?;
    tx.delete_group(group.id)?;
    let role_names: Vec<String> = roles.into_iter().map(|r| r.name).collect();
    let details = with_lifted(json!({ "members": members, "roles": role_names }), &lifted);
    ctx.audit(
        tx,
        &why.entry(NewEntry::new(
            "group.delete",
            target("group", tenant, &group.name),
            details,
        )),
    )?;
    Ok((members, role_names, lifted))
}

/// Adds a user to a group, audited: `group add-member`, and `policy apply`. A conflict
/// (8) when they are a member already.
pub fn add_member_in(
    ctx: &Ctx,
    tx: &Tx<'_>,
    tenant: &Tenant,
    group: &Group,
    user_id: i64,
    email: &str,
    why: Why<'_>,
) -> Result<()> {
    tx.add_group_member(group, user_id, email)?;
    let entry = NewEntry::new(
        "group.add_member",
        target("user", tenant, email),
        json!({ "group": group.name }),
    );
    ctx.audit(tx, &why.entry(entry))
}

/// Removes a user from a group, audited with whether a 2FA requirement was lifted:
/// `group remove-member`, and `policy apply --prune`. Not found (7) when they are not a
/// member.
pub fn remove_member_in(
    ctx: &Ctx,
    tx: &Tx<'_>,
    tenant: &Tenant,
    group: &Group,
    user_id: i64,
    email: &str,
    why: Why<'_>,
) -> Result<Vec<Lifted>> {
    if !tx.is_group_member(group.id, user_id)? {
        return Err(
            Error::not_found(format!("{email} is not a member of group {}", group.name)).with_hint(
                format!(
                    "see its members with `mfactl group show {} --tenant {}`",
                    quoted(&group.name),
                    quoted(&tenant.name)
                ),
            ),
        );
    }
    let mut lifted = Vec::new();
    for role in tx.group_roles(group.id)?.iter().filter(|r| r.requires_2fa) {
        let other_groups = tx
            .groups_giving_role(role.id, user_id)?
            .into_iter()
            .any(|g| g != group.name);
        if !other_groups && !tx.holds_role_directly(role.id, user_id)? {
            lifted.extend(Lifted::of(role, vec![email.to_owned()]));
        }
    }
    tx.remove_group_member(group.id, user_id)?;
    let entry = NewEntry::new(
        "group.remove_member",
        target("user", tenant, email),
        with_lifted(json!({ "group": group.name }), &lifted),
    );
    ctx.audit(tx, &why.entry(entry))?;
    Ok(lifted)
}

/// Grants a role to a group, audited: `group grant-role`, and `policy apply`. A
/// conflict (8) when the group has it already.
pub fn grant_role_in(
    ctx: &Ctx,
    tx: &Tx<'_>,
    tenant: &Tenant,
    group: &Group,
    role: &Role,
    why: Why<'_>,
) -> Result<()> {
    tx.grant_group_role(group, role)?;
    let entry = NewEntry::new(
        "group.grant_role",
        target("group", tenant, &group.name),
        json!({ "role": role.name }),
    );
    ctx.audit(tx, &why.entry(entry))
}

/// Takes a role from a group, audited with who no longer needs 2FA from it: `group
/// revoke-role`, and `policy apply --prune`. Not found (7) when the group does not have
/// it.
pub fn revoke_role_in(
    ctx: &Ctx,
    tx: &Tx<'_>,
    tenant: &Tenant,
    group: &Group,
    role: &Role,
    why: Why<'_>,
) -> Result<Vec<Lifted>> {
    let lifted = lifted_by_group(tx, group, std::slice::from_ref(role))?;
    if !tx.revoke_group_role(group.id, role.id)? {
        return Err(Error::not_found(format!(
            "group {} does not have role {}",
            group.name, role.name
        ))
        .with_hint(format!(
            "see its roles with `mfactl group show {} --tenant {}`",
            quoted(&group.name),
            quoted(&tenant.name)
        )));
    }
    let entry = NewEntry::new(
        "group.revoke_role",
        target("group", tenant, &group.name),
        with_lifted(
            json!({ "role": role.name, "requires_2fa": role.requires_2fa }),
            &lifted,
        ),
    );
    ctx.audit(tx, &why.entry(entry))?;
    Ok(lifted)
}

fn create(ctx: &Ctx, tenant: Option<&str>, name: &str) -> Result<Report> {
    validate::name("group", name)?;
    let tenant = ctx.store.write(|tx| {
        let tenant = resolve_tenant(tx, tenant)?;
        create_in(ctx, tx, &tenant, name, Why::default())?;
        Ok(tenant)
    })?;
    Report::done(
        &json!({ "name": name, "tenant": tenant.name }),
        format!("Created group {name} in tenant {}.", tenant.name),
    )
}

/// A group as `group list` shows it.
#[derive(Debug, Serialize)]
struct GroupRow {
    name: String,
    tenant: String,
    members: i64,
    roles: Vec<String>,
}

fn list(ctx: &Ctx, tenant: Option<&str>) -> Result<Report> {
    ctx.store.read(|tx| {
        let tenant_id = tenant
            .map(|t| tenant_named(tx, t))
            .transpose()?
            .map(|t| t.id);
        let tenants = tx.tenants()?;
        let mut list = List::table(
            ctx.json,
            &["GROUP", "TENANT", "MEMBERS", "ROLES"],
            "No groups yet. Create one with `mfactl group create GROUP`.",
        )?;
        tx.each_group(tenant_id, &mut |summary| {
            let tenant = tenants
                .iter()
                .find(|t| t.id == summary.group.tenant_id)
                .map(|t| t.name.clone())
                .unwrap_or_default();
            let row = GroupRow {
                name: summary.group.name,
                tenant,
                members: summary.members,
                roles: summary.roles,
            };
            list.push(&row, || {
                vec![
                    row.name.clone(),
                    row.tenant.clone(),
                    row.members.to_string(),
                    row.roles.join(", "),
                ]
            })
        })?;
        list.finish()
    })
}

/// A role granted to a group, as `group show` lists it.
#[derive(Debug, Serialize)]
struct GrantedRole {
    name: String,
    requires_2fa: bool,
}

/// What `group show` reports before the list of members.
#[derive(Debug, Serialize)]
struct GroupShowView {
    name: String,
    tenant: String,
    roles: Vec<GrantedRole>,
}

/// A member, as `group show` lists them.
#[derive(Debug, Serialize)]
struct MemberView {
    email: String,
}

fn show(ctx: &Ctx, tenant: Option<&str>, name: &str) -> Result<Report> {
    ctx.store.read(|tx| {
        let (tenant, group) = resolve_group(tx, tenant, name)?;
        let roles: Vec<GrantedRole> = tx
            .group_roles(group.id)?
            .into_iter()
            .map(|r| GrantedRole {
                name: r.name,
                requires_2fa: r.requires_2fa,
            })
            .collect();
        let role_text = if roles.is_empty() {
            "no roles".to_owned()
        } else {
            let names: Vec<String> = roles
                .iter()
                .map(|r| {
                    if r.requires_2fa {
                        format!("{} (requires 2FA)", r.name)
                    } else {
                        r.name.clone()
                    }
                })
                .collect();
            format!("roles {}", names.join(", "))
        };
        let members = tx.group_member_count(group.id)?;
        let head = format!(
            "Group {} of tenant {}: {role_text}; {}:",
            group.name,
            tenant.name,
            crate::output::plural(members, "member")
        );
        let empty = format!(
            "Group {} of tenant {}: {role_text}; no members. Add one with \
             `mfactl group add-member {} EMAIL`.",
            group.name,
            tenant.name,
            quoted(&group.name)
        );
        let view = GroupShowView {
            name: group.name.clone(),
            tenant: tenant.name.clone(),
            roles,
        };
        let mut list = List::within(ctx.json, &view, "members", &head, &empty)?;
        tx.each_group_member(group.id, &mut |email| {
            let member = MemberView { email };
            list.push(&member, || vec![member.email.clone()])
        })?;
        list.finish()
    })
}

/// Who loses a role requiring 2FA when `group` stops giving each of `roles`.
fn lifted_by_group(tx: &Tx<'_>, group: &Group, roles: &[Role]) -> Result<Vec<Lifted>> {
    let mut lifted = Vec::new();
    for role in roles.iter().filter(|r| r.requires_2fa) {
        let emails = tx.members_holding_role_only_through(group.id, role.id)?;
        lifted.extend(Lifted::of(role, emails));
    }
    Ok(lifted)
}

fn delete(ctx: &Ctx, tenant: Option<&str>, name: &str, yes: bool) -> Result<Report> {
    let (tenant, group, members, roles, lifting) = ctx.store.read(|tx| {
        let (tenant, group) = resolve_group(tx, tenant, name)?;
        let members = tx.group_member_count(group.id)?;
        let roles = tx.group_roles(group.id)?;
        let lifting = lifted_by_group(tx, &group, &roles)?;
        Ok((tenant, group, members, roles, lifting))
    })?;
    let losing = if roles.is_empty() {
        String::new()
    } else {
        let names: Vec<&str> = roles.iter().map(|r| r.name.as_str()).collect();
        format!(" lose the roles granted through it ({})", names.join(", "))
    };
    let question = format!(
        "Delete group {} of tenant {}? Its {}{}",
        group.name,
        tenant.name,
        crate::output::plural(members, "member"),
        if losing.is_empty() {
            " hold no role through it.".to_owned()
        } else {
            format!("{losing}.")
        }
    );
    prompt::confirm(ctx.interactive, yes, &Lifted::question(&question, &lifting))?;
    let (members, roles, lifted) = ctx.store.write(|tx| {
        let (tenant, group) = resolve_group(tx, Some(&tenant.name), &group.name)?;
        delete_in(ctx, tx, &tenant, &group, Why::default())
    })?;
    Report::done(
        &with_lifted(
            json!({ "deleted": group.name, "tenant": tenant.name, "members": members, "roles": roles }),
            &lifted,
        ),
        format!(
            "Deleted group {} of tenant {}.{}",
            group.name,
            tenant.name,
            Lifted::text(&lifted)
        ),
    )
}

fn add_member(ctx: &Ctx, tenant: Option<&str>, group: &str, email: &str) -> Result<Report> {
    validate::name("group", group)?;
    let (tenant, group, email) = ctx.store.write(|tx| {
        let (tenant, user) = resolve_user(tx, tenant, email)?;
        let (tenant, group) = resolve_group(tx, Some(&tenant.name), group)?;
        add_member_in(
            ctx,
            tx,
            &tenant,
            &group,
            user.id,
            &user.email,
            Why::default(),
        )?;
        Ok((tenant, group, user.email))
    })?;
    Report::done(
        &json!({ "group": group.name, "email": email, "tenant": tenant.name }),
        format!("Added {email} to group {}.", group.name),
    )
}

/// The user and the group of `group remove-member`, the user a member (else not found).
fn membership(
    tx: &Tx<'_>,
    tenant: Option<&str>,
    group: &str,
    email: &str,
) -> Result<(Tenant, User, Group)> {
    let (tenant, user) = resolve_user(tx, tenant, email)?;
    let (tenant, group) = resolve_group(tx, Some(&tenant.name), group)?;
    if !tx.is_group_member(group.id, user.id)? {
        return Err(Error::not_found(format!(
            "{} is not a member of group {}",
            user.email, group.name
        ))
        .with_hint(format!(
            "see its members with `mfactl group show {}`",
            quoted(&group.name)
        )));
    }
    Ok((tenant, user, group))
}

/// Who loses a role requiring 2FA when `user` leaves `group`: the user, for each such
/// role they hold through no other group and not directly.
fn lifted_by_leaving(tx: &Tx<'_>, group: &Group, user: &User) -> Result<Vec<Lifted>> {
    let mut lifted = Vec::new();
    for role in tx.group_roles(group.id)?.iter().filter(|r| r.requires_2fa) {
        let other_groups = tx
            .groups_giving_role(role.id, user.id)?
            .into_iter()
            .any(|g| g != group.name);
        if !other_groups && !tx.holds_role_directly(role.id, user.id)? {
            lifted.extend(Lifted::of(role, vec![user.email.clone()]));
        }
    }
    Ok(lifted)
}

fn remove_member(
    ctx: &Ctx,
    tenant: Option<&str>,
    group: &str,
    email: &str,
    yes: bool,
) -> Result<Report> {
    validate::name("group", group)?;
    // Lifting a 2FA requirement weakens protection: asked first, decided in the write.
    let (action, lifting) = ctx.store.read(|tx| {
        let (_, user, group) = membership(tx, tenant, group, email)?;
        let action = format!("Remove {} from group {}?", user.email, group.name);
        Ok((action, lifted_by_leaving(tx, &group, &user)?))
    })?;
    let confirmed = Lifted::confirm(ctx, yes, &action, &lifting)?;
    let (tenant, group, email, lifted) = ctx.store.write(|tx| {
        let (tenant, user, group) = membership(tx, tenant, group, email)?;
        let lifted = remove_member_in(
            ctx,
            tx,
            &tenant,
            &group,
            user.id,
            &user.email,
            Why::default(),
        )?;
        // Decided in the write: a removal that lifts more than was confirmed is undone.
        Lifted::check(ctx, confirmed, &action, &lifted)?;
        Ok((tenant, group, user.email, lifted))
    })?;
    Report::done(
        &with_lifted(
            json!({ "group": group.name, "email": email, "tenant": tenant.name }),
            &lifted,
        ),
        format!(
            "Removed {email} from group {}.{}",
            group.name,
            Lifted::text(&lifted)
        ),
    )
}

fn grant_role(ctx: &Ctx, tenant: Option<&str>, group: &str, role: &str) -> Result<Report> {
    validate::name("role", role)?;
    let (tenant, group, role) = ctx.store.write(|tx| {
        let (tenant, group) = resolve_group(tx, tenant, group)?;
        let (tenant, role) = resolve_role(tx, Some(&tenant.name), role)?;
        grant_role_in(ctx, tx, &tenant, &group, &role, Why::default())?;
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

/// The group and the role of `group revoke-role`, the role granted to the group (else
/// not found).
fn grant_of(
    tx: &Tx<'_>,
    tenant: Option<&str>,
    group: &str,
    role: &str,
) -> Result<(Tenant, Group, Role)> {
    let (tenant, group) = resolve_group(tx, tenant, group)?;
    let (tenant, role) = resolve_role(tx, Some(&tenant.name), role)?;
    if !tx.group_roles(group.id)?.iter().any(|r| r.id == role.id) {
        return Err(not_granted(&group, &role));
    }
    Ok((tenant, group, role))
}

/// Not found: the group does not have the role.
fn not_granted(group: &Group, role: &Role) -> Error {
    Error::not_found(format!(
        "group {} does not have role {}",
        group.name, role.name
    ))
    .with_hint(format!(
        "see its roles with `mfactl group show {}`",
        quoted(&group.name)
    ))
}

fn revoke_role(
    ctx: &Ctx,
    tenant: Option<&str>,
    group: &str,
    role: &str,
    yes: bool,
) -> Result<Report> {
    validate::name("role", role)?;
    // Lifting a 2FA requirement weakens protection: asked first, decided in the write.
    let (action, lifting) = ctx.store.read(|tx| {
        let (_, group, role) = grant_of(tx, tenant, group, role)?;
        let action = format!("Revoke role {} from group {}?", role.name, group.name);
        let lifting = lifted_by_group(tx, &group, std::slice::from_ref(&role))?;
        Ok((action, lifting))
    })?;
    let confirmed = Lifted::confirm(ctx, yes, &action, &lifting)?;
    let (tenant, group, role, lifted) = ctx.store.write(|tx| {
        let (tenant, group, role) = grant_of(tx, tenant, group, role)?;
        let lifted = revoke_role_in(ctx, tx, &tenant, &group, &role, Why::default())?;
        // Decided in the write: a revocation that lifts more than was confirmed is undone.
        Lifted::check(ctx, confirmed, &action, &lifted)?;
        Ok((tenant, group, role, lifted))
    })?;
    Report::done(
        &with_lifted(
            json!({ "group": group.name, "role": role.name, "tenant": tenant.name, "requires_2fa": role.requires_2fa }),
            &lifted,
        ),
        format!(
            "Revoked role {} from group {}: its members no longer hold it through the group.{}",
            role.name,
            group.name,
            Lifted::text(&lifted)
        ),
    )
}
