//! `mfactl user activate-2fa | deactivate-2fa | reset-mfa | recovery-codes`.

use serde_json::json;

use crate::cli::user::{
    UserActivateArgs, UserDeactivateArgs, UserRecoveryCodesArgs, UserResetMfaArgs,
};
use crate::commands::factor::{Factors, record_failure, record_pass};
use crate::commands::{enrol, policy_facts, resolve_user, target};
use crate::core::audit::NewEntry;
use crate::core::codes::{self, Proof};
use crate::core::model::{Tenant, User, UserKind};
use crate::core::policy::{self, Next};
use crate::core::signin::{self, Factor, Outcome, Presented};
use crate::core::validate;
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::output::{Report, quoted};
use crate::prompt;
use crate::store::Tx;

fn already_enrolled(user: &User) -> Error {
    Error::conflict(format!("{} already has 2FA on", user.email)).with_hint(format!(
        "to enrol a new phone, reset first: `mfactl user reset-mfa {} --reason …`",
        quoted(&user.email)
    ))
}

fn not_enrolled(user: &User) -> Error {
    Error::not_found(format!("{} has no authenticator app enrolled", user.email))
}

pub fn activate(ctx: &Ctx, args: &UserActivateArgs) -> Result<Report> {
    let code = args.code.as_deref().map(codes::six_digits).transpose()?;
    let (tenant, user) = ctx
        .store
        .read(|tx| resolve_user(tx, args.tenant.tenant.as_deref(), &args.email))?;
    if user.kind == UserKind::Sso {
        return Err(Error::policy(format!(
            "{} signs in through SSO: their second factor is the identity provider's",
            user.email
        ))
        .with_hint("enrol local users only; SSO users cannot sign in with mfactl"));
    }
    if user.totp_enrolled_at.is_some() {
        return Err(already_enrolled(&user));
    }
    // Each attempt re-reads the user inside its own write transaction.
    let finish = |code: &str| {
        ctx.store.write(|tx| {
            let (tenant, user) = resolve_user(tx, Some(&tenant.name), &user.email)?;
            if user.totp_enrolled_at.is_some() {
                return Err(already_enrolled(&user));
            }
            enrol::finish(ctx, tx, &tenant, &user, code)
        })
    };
    if let Some(code) = code {
        let finished = finish(&code)?;
        let text = format!(
            "2FA is on for {}.\n{}",
            finished.email,
            enrol::recovery_text(&finished.recovery_codes).trim_end()
        );
        return Report::data(&finished, text);
    }
    let pending = ctx
        .store
        .write(|tx| enrol::start(ctx, tx, &tenant, &user, "activate-2fa"))?;
    if ctx.interactive && !ctx.json {
        crate::output::tell(&enrol::pending_text(&pending, ctx.qr_style)?);
        let finished = enrol::ask_for_code(finish)?;
        enrol::show_recovery_codes(&finished.recovery_codes)?;
        return Report::done(&finished, format!("2FA is on for {}.", finished.email));
    }
    let text = format!(
        "{}\nFinish with: mfactl user activate-2fa {} --code CODE",
        enrol::pending_text(&pending, ctx.qr_style)?,
        quoted(&pending.email)
    );
    Report::data(&pending, text)
}

pub fn deactivate(ctx: &Ctx, args: &UserDeactivateArgs) -> Result<Report> {
    let given = args.code.as_deref().map(codes::proof).transpose()?;
    let (tenant, user) = ctx
        .store
        .read(|tx| resolve_user(tx, args.tenant.tenant.as_deref(), &args.email))?;
    if user.totp_enrolled_at.is_none() {
        return Err(not_enrolled(&user));
    }
    ctx.store
        .read(|tx| refuse_by_policy(ctx, tx, &tenant, &user))?;
    let proof = if let Some(proof) = given {
        proof
    } else {
        let question = "Code from the authenticator app, or a recovery code: ";
        codes::proof(&prompt::line(ctx.interactive, question, "--code")?)?
    };
    let recovery_hash;
    let presented = match &proof {
        Proof::Totp(code) => Presented::Code(code),
        Proof::Recovery(code) => {
            recovery_hash = ctx.key.recovery_hash(user.id, code);
            Presented::Recovery(&recovery_hash)
        }
    };
    // Decided and recorded in one transaction, at the time the proof arrived.
    let factor = ctx.store.write(|tx| {
        let (tenant, user) = resolve_user(tx, Some(&tenant.name), &user.email)?;
        if user.totp_enrolled_at.is_none() {
            return Err(not_enrolled(&user));
        }
        refuse_by_policy(ctx, tx, &tenant, &user)?;
        let now = ctx.now();
        let factors = Factors::read(ctx, tx, &user)?;
        let outcome = signin::decide(&factors.facts(&user, now, true, Next::Verify), presented);
        let Outcome::Passed(pass) = &outcome else {
            return record_failure(ctx, tx, &tenant, &user, "user.deactivate_2fa.failed", &outcome)
                .map(Err);
        };
        record_pass(tx, &user, pass, now)?;
        let cleared = tx.clear_factors(user.id)?;
        let details = json!({ "proof": pass.factor, "recovery_codes_removed": cleared.recovery_codes, "devices_revoked": cleared.devices });
        ctx.audit(tx, &NewEntry::new("user.deactivate_2fa", target("user", &tenant, &user.email), details))?;
        Ok(Ok(pass.factor))
    })??;
    Report::done(
        &json!({ "email": user.email, "tenant": tenant.name, "enrolled": false, "proof": factor }),
        format!(
            "2FA is off for {} (proved with {}).",
            user.email,
            if factor == Factor::Totp {
                "a code from the app"
            } else {
                "a recovery code"
            }
        ),
    )
}

/// Refuses deactivation (exit 6) when the company, a role, or the tenant forbids it.
fn refuse_by_policy(ctx: &Ctx, tx: &Tx<'_>, tenant: &Tenant, user: &User) -> Result<()> {
    let facts = policy_facts(tx, tenant, user)?;
    match policy::evaluate(&facts, ctx.now()).deactivation_refused {
        Some(why) => Err(Error::policy(format!("{} may not turn 2FA off: {why}", user.email)).with_hint(
            "only support can remove 2FA, for a lost phone: `mfactl user reset-mfa EMAIL --reason …`",
        )),
        None => Ok(()),
    }
}

pub fn reset(ctx: &Ctx, args: &UserResetMfaArgs) -> Result<Report> {
    let reason = validate::reason(&args.reason)?;
    let (tenant, user) = ctx
        .store
        .read(|tx| resolve_user(tx, args.tenant.tenant.as_deref(), &args.email))?;
    prompt::confirm(
        ctx.interactive,
        args.yes.yes,
        &format!(
            "Reset the 2FA of {} (remove the authenticator secret, recovery codes and remembered devices)?",
            user.email
        ),
    )?;
    let cleared = ctx.store.write(|tx| {
        let (tenant, user) = resolve_user(tx, Some(&tenant.name), &user.email)?;
        let cleared = tx.clear_factors(user.id)?;
        tx.set_lock(user.id, 0, None)?;
        let details = json!({
            "had_totp": cleared.had_totp,
            "recovery_codes_removed": cleared.recovery_codes,
            "devices_revoked": cleared.devices,
            "was_locked": user.locked_until.is_some_and(|until| until > ctx.now()),
        });
        let entry = NewEntry::new(
            "user.reset_mfa",
            target("user", &tenant, &user.email),
            details,
        )
        .with_reason(Some(reason.clone()));
        ctx.audit(tx, &entry)?;
        Ok(cleared)
    })?;
    Report::done(
        &json!({
            "email": user.email, "tenant": tenant.name, "reason": reason, "had_totp": cleared.had_totp,
            "recovery_codes_removed": cleared.recovery_codes, "devices_revoked": cleared.devices,
        }),
        format!(
            "Reset the 2FA of {}: authenticator removed, {} recovery codes and {} remembered devices revoked, lock cleared. \
             They enrol again at their next sign-in if 2FA is required.",
            user.email, cleared.recovery_codes, cleared.devices
        ),
    )
}

pub fn recovery_codes(ctx: &Ctx, args: &UserRecoveryCodesArgs) -> Result<Report> {
    let (tenant, user) = ctx
        .store
        .read(|tx| resolve_user(tx, args.tenant.tenant.as_deref(), &args.email))?;
    if user.totp_enrolled_at.is_none() {
        return Err(not_enrolled(&user).with_hint(
            "recovery codes come with an authenticator app: `mfactl user activate-2fa EMAIL`",
        ));
    }
    if !args.regenerate {
        let left = ctx.store.read(|tx| tx.recovery_codes_left(user.id))?;
        return Report::data(
            &json!({ "email": user.email, "tenant": tenant.name, "recovery_codes_left": left }),
            format!(
                "{} has {left} unused recovery codes. Make new ones with --regenerate.",
                user.email
            ),
        );
    }
    let codes = ctx.store.write(|tx| {
        let codes = enrol::new_recovery_codes(ctx, tx, user.id)?;
        let entry = NewEntry::new(
            "user.regenerate_recovery_codes",
            target("user", &tenant, &user.email),
            json!({ "count": codes.len() }),
        );
        ctx.audit(tx, &entry)?;
        Ok(codes)
    })?;
    Report::data(
        &json!({ "email": user.email, "tenant": tenant.name, "recovery_codes": codes }),
        format!(
            "New recovery codes for {}; the old ones no longer work.\n{}",
            user.email,
            enrol::recovery_text(&codes).trim_end()
        ),
    )
}
