//! `mfactl user access-pass` (and `reset-mfa --access-pass`): support issues a
//! temporary access pass for a user who lost their phone (SPEC §4). The pass is made
//! from the OS's randomness, kept only as a keyed hash bound to the user, shown once,
//! audited, and the user is told by email (never the pass itself).

use serde_json::json;

use crate::cli::user::UserAccessPassArgs;
use crate::commands::{email, resolve_user, target, when};
use crate::core::audit::NewEntry;
use crate::core::email::Notice;
use crate::core::model::{Tenant, User, UserKind};
use crate::core::pass::{self, PassFact};
use crate::core::{duration, validate};
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::output::{Report, quoted};
use crate::prompt;
use crate::secrets;
use crate::store::Tx;

/// A pass just issued: shown once.
pub struct Issued {
    /// In groups of four, for reading out.
    pub pass: String,
    pub expires_at: i64,
}

/// `--valid` as seconds: a duration of more than 0 and at most 24h (default 1h).
pub fn valid_secs(valid: Option<&str>) -> Result<i64> {
    pass::valid_secs(valid.map(duration::parse).transpose()?)
}

/// Gives the user a new pass valid for `valid` seconds from now, replacing the one they
/// had (and dropping an enrolment an earlier proof opened), with its audit entry (the
/// reason, the expiry, what was replaced). The pass is bound to the user's credential
/// epoch as it is in `tx`. The caller tells the user by email once committed
/// (`notify_issued`).
pub fn issue(
    ctx: &Ctx,
    tx: &Tx<'_>,
    tenant: &Tenant,
    user: &User,
    reason: &str,
    valid: i64,
) -> Result<Issued> {
    let random: [u8; pass::RANDOM_BYTES] = secrets::random_bytes()?;
    let new = pass::from_random(&random);
    let now = ctx.now();
    let before = tx.access_pass(user.id)?;
    let expires_at = now.saturating_add(valid);
    // The epoch as it is now in this transaction (a reset just moved it on).
    let epoch = tx.user_by_id(user.id)?.credential_epoch;
    let fact = PassFact {
        hash: ctx.pass_hash(user.id, epoch, (now, expires_at), &new),
        issued_at: now,
        expires_at,
    };
    tx.set_access_pass(user.id, &fact)?;
    // An enrolment opened by an earlier proof is dropped: only this pass opens one now.
    let dropped = tx.drop_proved_pending(user.id)?;
    let details = json!({
        "expires_at": when(fact.expires_at),
        "replaced_pass": before.as_ref().map(|old| {
            if old.valid_at(now) { "valid" } else { "expired" }
        }),
        "dropped_proved_enrolment": dropped,
    });
    ctx.audit(
        tx,
        &NewEntry::new(
            "user.access_pass_issued",
            target("user", tenant, &user.email),
            details,
        )
        .with_reason(Some(reason.to_owned())),
    )?;
    Ok(Issued {
        pass: pass::grouped(&new),
        expires_at: fact.expires_at,
    })
}

/// Tells the user a pass was issued (after the change committed; never the pass).
pub fn notify_issued(ctx: &Ctx, tenant: &Tenant, user: &User, reason: &str, issued: &Issued) {
    email::notify(
        ctx,
        tenant,
        &user.email,
        &Notice::AccessPassIssued {
            agent: ctx.actor.clone(),
            reason: reason.to_owned(),
            expires_at: issued.expires_at,
        },
    );
}

/// What to read to the user, and how they use it.
pub fn issued_text(tenant: &Tenant, user: &User, issued: &Issued) -> String {
    let mut text = format!(
        "Temporary access pass for {} (tenant {}):\n\n    {}\n\n\
         Read it to them once you have checked who they are. It works once, until {}: with \
         their password it signs them in, and that sign-in must enrol a new authenticator app:\n  \
         mfactl login {} --tenant {} --method pass",
        user.email,
        tenant.name,
        issued.pass,
        when(issued.expires_at),
        quoted(&user.email),
        quoted(&tenant.name)
    );
    if !user.has_password {
        text.push_str(&format!(
            "\n{} has no password yet: set one first with `mfactl user set-password {} --tenant {}`.",
            user.email,
            quoted(&user.email),
            quoted(&tenant.name)
        ));
    }
    text
}

/// Refuses a pass for a user who does not sign in with mfactl.
pub fn refuse_sso(user: &User) -> Result<()> {
    if user.kind == UserKind::Sso {
        return Err(Error::policy(format!(
            "{} signs in through SSO: an access pass of mfactl would open nothing",
            user.email
        ))
        .with_hint("their identity provider resets their second factor"));
    }
    Ok(())
}

pub fn issue_command(ctx: &Ctx, args: &UserAccessPassArgs) -> Result<Report> {
    let reason = validate::reason(&args.reason)?;
    let valid = valid_secs(args.valid.as_deref())?;
    let (tenant, user) = ctx
        .store
        .read(|tx| resolve_user(tx, args.tenant.tenant.as_deref(), &args.email))?;
    refuse_sso(&user)?;
    prompt::confirm(
        ctx.interactive,
        args.yes.yes,
        &format!(
            "Issue a temporary access pass for {} valid for {}? With the password, whoever holds it can sign in once and enrol a new authenticator.",
            user.email,
            duration::format(valid)
        ),
    )?;
    let (tenant, user, issued) = ctx.store.write(|tx| {
        let (tenant, user) = resolve_user(tx, Some(&tenant.name), &user.email)?;
        refuse_sso(&user)?;
        let issued = issue(ctx, tx, &tenant, &user, &reason, valid)?;
        Ok((tenant, user, issued))
    })?;
    notify_issued(ctx, &tenant, &user, &reason, &issued);
    let text = issued_text(&tenant, &user, &issued);
    // Shown once: never silenced by -q.
    Report::data(
        &json!({
            "email": user.email,
            "tenant": tenant.name,
            "access_pass": issued.pass,
            "expires_at": when(issued.expires_at),
            "reason": reason,
            "has_password": user.has_password,
        }),
        text,
    )
}
