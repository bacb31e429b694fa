//! `mfactl role require-2fa`: require 2FA of a role's holders or stop, and its dry run.

use serde::Serialize;
use serde_json::json;

use crate::cli::role::RoleRequire2faArgs;
use crate::commands::lifted::{Lifted, local_emails, with_lifted};
use crate::commands::must_enrol::{MustEnrol, would_enrol};
use crate::commands::role::{RoleView, resolve_role};
use crate::commands::{Why, target};
use crate::core::audit::NewEntry;
use crate::core::model::{Role, Tenant};
use crate::ctx::Ctx;
use crate::error::Result;
use crate::output::{List, Report};
use crate::prompt;
use crate::store::{Tx, UserFilter};

/// Requires 2FA of a role's holders or stops, audited when it changes: `role
/// require-2fa`, and `policy apply`. Returns whether it changed.
pub fn require_2fa_in(
    ctx: &Ctx,
    tx: &Tx<'_>,
    tenant: &Tenant,
    role: &Role,
    requires: bool,
    why: Why<'_>,
) -> Result<bool> {
    if role.requires_2fa == requires {
        return Ok(false);
    }
    tx.set_role_requires_2fa(role.id, requires)?;
    let entry = NewEntry::new(
        "role.require_2fa",
        target("role", tenant, &role.name),
        json!({ "requires_2fa": requires }),
    );
    ctx.audit(tx, &why.entry(entry))?;
    Ok(true)
}

pub(super) fn require_2fa(
    ctx: &Ctx,
    tenant: Option<&str>,
    name: &str,
    requires: bool,
    yes: bool,
) -> Result<Report> {
    // Lifting the requirement weakens protection: asked on a terminal, --yes in scripts,
    // naming who would no longer need 2FA from the role.
    let (tenant_name, role, lifting) = ctx.store.read(|tx| {
        let (tenant, role) = resolve_role(tx, tenant, name)?;
        let lifting = lifted_by(tx, &tenant, &role, requires)?;
        Ok((tenant.name, role, lifting))
    })?;
    if !requires && role.requires_2fa {
        prompt::confirm(
            ctx.interactive,
            yes,
            &Lifted::question(
                &format!(
                    "Stop requiring 2FA of the holders of role {} in tenant {tenant_name}?",
                    role.name
                ),
                &lifting,
            ),
        )?;
    }
    let tenant = Some(tenant_name.as_str());
    let (view, changed, lifted) = ctx.store.write(|tx| {
        let (tenant, role) = resolve_role(tx, tenant, name)?;
        let lifted = lifted_by(tx, &tenant, &role, requires)?;
        let changed = require_2fa_in(ctx, tx, &tenant, &role, requires, Why::default())?;
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
            lifted,
        ))
    })?;
    let mut text = match (requires, changed) {
        (true, true) => format!(
            "Role {} now requires 2FA of its {}, from their next sign-in.",
            view.name,
            crate::output::plural(view.users, "user")
        ),
        (true, false) => format!("Role {} already requires 2FA.", view.name),
        (false, true) => format!("Role {} no longer requires 2FA.", view.name),
        (false, false) => format!("Role {} did not require 2FA.", view.name),
    };
    text.push_str(&Lifted::text(&lifted));
    let view = Require2faView {
        role: view,
        dry_run: false,
        changed,
        would_change: None,
    };
    Report::done(&with_lifted(crate::output::to_json(&view)?, &lifted), text)
}

/// Who would no longer need 2FA from `role` if it stopped requiring it (`requires`
/// false): its local holders, directly or through a group; nothing otherwise.
fn lifted_by(tx: &Tx<'_>, tenant: &Tenant, role: &Role, requires: bool) -> Result<Vec<Lifted>> {
    if requires || !role.requires_2fa {
        return Ok(Vec::new());
    }
    let wanted = UserFilter {
        tenant_id: Some(tenant.id),
        role_id: Some(role.id),
        ..UserFilter::default()
    };
    Ok(Lifted::of(role, local_emails(tx, &wanted)?)
        .into_iter()
        .collect())
}

/// What `require-2fa` reports (with --dry-run, before the list of who would enrol).
#[derive(Debug, Serialize)]
struct Require2faView {
    #[serde(flatten)]
    role: RoleView,
    dry_run: bool,
    /// Whether anything was changed: never on a dry run.
    changed: bool,
    /// On a dry run: whether the real command would change anything.
    #[serde(skip_serializing_if = "Option::is_none")]
    would_change: Option<bool>,
}

/// Lists the local users holding the role whom the policy would make enrol with the
/// role's requirement as asked; writes nothing and records no audit entry.
pub(super) fn require_2fa_dry_run(ctx: &Ctx, args: &RoleRequire2faArgs) -> Result<Report> {
    let requires = !args.off;
    ctx.store.read(|tx| {
        let (tenant, role) = resolve_role(tx, args.tenant.tenant.as_deref(), &args.role)?;
        let view = Require2faView {
            role: RoleView::new(
                tx,
                &tenant,
                &Role {
                    requires_2fa: requires,
                    ..role.clone()
                },
            )?,
            dry_run: true,
            changed: false,
            would_change: Some(role.requires_2fa != requires),
        };
        let name = &role.name;
        let head = if requires {
            format!(
                "Dry run: requiring 2FA for role {name} would make these local users enrol at their next sign-in:"
            )
        } else {
            format!(
                "Dry run: with role {name} not requiring 2FA, these local users holding it would still have to enrol:"
            )
        };
        let empty = if requires {
            format!("Dry run: requiring 2FA for role {name} would make no local user enrol.")
        } else {
            format!(
                "Dry run: with role {name} not requiring 2FA, no local user holding it would have to enrol."
            )
        };
        let mut list = List::within(ctx.json, &view, "must_enrol", &head, &empty)?;
        let wanted = UserFilter {
            tenant_id: Some(tenant.id),
            role_id: Some(role.id),
            enrolled: Some(false),
            ..UserFilter::default()
        };
        let now = ctx.now();
        tx.each_user(&wanted, &mut |row| {
            let must = would_enrol(row, now, |facts| {
                for held in facts.roles.iter_mut().filter(|r| r.name == role.name) {
                    held.requires_2fa = requires;
                }
            });
            match must {
                Some(user) => list.push(&user, || vec![MustEnrol::line(&user)]),
                None => Ok(true),
            }
        })?;
        list.finish()
    })
}
