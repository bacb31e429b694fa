//! `mfactl user delete`: a user and everything that hangs off them go; their audit
//! history stays (the audit log refers to no table, so nothing cascades into it).

use serde::Serialize;
use serde_json::json;

use crate::cli::user::UserDeleteArgs;
use crate::commands::user::UserView;
use crate::commands::{resolve_user, target};
use crate::core::audit::NewEntry;
use crate::ctx::Ctx;
use crate::error::Result;
use crate::output::Report;
use crate::prompt;

/// What was deleted with the user, for the report and the audit entry.
#[derive(Debug, Serialize)]
struct DeletedUser {
    deleted: String,
    tenant: String,
    enrolled: bool,
    recovery_codes: i64,
    devices: usize,
    roles: Vec<String>,
    groups: Vec<String>,
}

impl DeletedUser {
    fn of(view: UserView) -> Self {
        let mut roles: Vec<String> = view
            .roles
            .into_iter()
            .filter(|r| r.via_group.is_none())
            .map(|r| r.name)
            .collect();
        roles.dedup();
        DeletedUser {
            deleted: view.email,
            tenant: view.tenant,
            enrolled: view.mfa.enrolled,
            recovery_codes: view.mfa.recovery_codes_left,
            devices: view.mfa.devices,
            roles,
            groups: view.groups,
        }
    }
}

pub fn delete(ctx: &Ctx, args: &UserDeleteArgs) -> Result<Report> {
    let (tenant, user) = ctx
        .store
        .read(|tx| resolve_user(tx, args.tenant.tenant.as_deref(), &args.email))?;
    prompt::confirm(
        ctx.interactive,
        args.yes.yes,
        &format!(
            "Delete user {} of tenant {} with their authenticator, recovery codes, remembered devices, roles and group memberships?",
            user.email, tenant.name
        ),
    )?;
    let deleted = ctx.store.write(|tx| {
        let (tenant, user) = resolve_user(tx, Some(&tenant.name), &user.email)?;
        let deleted = DeletedUser::of(UserView::read(tx, user.id, ctx.now())?);
        tx.delete_user(user.id)?;
        let details = json!({
            "enrolled": deleted.enrolled,
            "recovery_codes": deleted.recovery_codes,
            "devices": deleted.devices,
            "roles": deleted.roles,
            "groups": deleted.groups,
        });
        ctx.audit(
            tx,
            &NewEntry::new("user.delete", target("user", &tenant, &user.email), details),
        )?;
        Ok(deleted)
    })?;
    // The token this machine saved for the user would otherwise wait for whoever is
    // added next under the same email (it matches no device row, but it need not stay).
    if let Ok(path) =
        crate::commands::login::step::token_path(ctx, &deleted.tenant, &deleted.deleted)
    {
        crate::secrets::forget_token(&path);
    }
    let text = format!(
        "Deleted user {} of tenant {} with their factors; their audit history stays.",
        deleted.deleted, deleted.tenant
    );
    Report::done(&deleted, text)
}
