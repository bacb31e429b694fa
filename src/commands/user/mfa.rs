//! `mfactl user activate-2fa | recovery-codes`.

use serde_json::json;

use crate::cli::user::{UserActivateArgs, UserRecoveryCodesArgs};
use crate::commands::{email, enrol, resolve_user, target};
use crate::core::audit::NewEntry;
use crate::core::codes;
use crate::core::email::Notice;
use crate::core::model::{User, UserKind};
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::output::{Report, quoted};

fn already_enrolled(user: &User) -> Error {
    Error::conflict(format!("{} already has 2FA on", user.email)).with_hint(format!(
        "to enrol a new phone, reset first: `mfactl user reset-mfa {} --reason …`",
        quoted(&user.email)
    ))
}

pub(super) fn not_enrolled(user: &User) -> Error {
    Error::not_found(format!("{} has no authenticator app enrolled", user.email)).with_hint(
        format!(
            "see their status with `mfactl user show {}`",
            quoted(&user.email)
        ),
    )
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
        email::notify(ctx, &tenant, &finished.email, &Notice::TurnedOn);
        let text = format!(
            "2FA is on for {}.\n{}",
            finished.email,
            enrol::recovery_text(&finished.recovery_codes).trim_end()
        );
        return Report::data(&finished, text);
    }
    let pending = ctx
        .store
        .write(|tx| enrol::start(ctx, tx, &tenant, &user, "activate-2fa", None))?;
    if ctx.interactive && !ctx.json {
        let text = enrol::pending_text(ctx, &pending, enrol::Stream::Stderr, args.qr)?;
        crate::output::tell(&text);
        let finished = enrol::ask_for_code(finish)?;
        email::notify(ctx, &tenant, &finished.email, &Notice::TurnedOn);
        enrol::show_recovery_codes(&finished.email, &finished.recovery_codes)?;
        return Report::done(&finished, format!("2FA is on for {}.", finished.email));
    }
    let text = format!(
        "{}\nFinish with: mfactl user activate-2fa {} --code CODE",
        enrol::pending_text(ctx, &pending, enrol::Stream::Stdout, args.qr)?,
        quoted(&pending.email)
    );
    Report::data(&pending, text)
}

pub fn recovery_codes(ctx: &Ctx, args: &UserRecoveryCodesArgs) -> Result<Report> {
    let (tenant, user) = ctx
        .store
        .read(|tx| resolve_user(tx, args.tenant.tenant.as_deref(), &args.email))?;
    if user.totp_enrolled_at.is_none() {
        return Err(not_enrolled(&user).with_hint(format!(
            "recovery codes come with an authenticator app: `mfactl user activate-2fa {}`",
            quoted(&user.email)
        )));
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
        // Decided in the transaction that writes the codes: a reset that committed
        // since the check above leaves nothing to make codes for (issue 18, finding 1).
        let (tenant, user) = resolve_user(tx, Some(&tenant.name), &user.email)?;
        if user.totp_enrolled_at.is_none() {
            return Err(not_enrolled(&user));
        }
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
