//! `mfactl user reset-mfa`: support resets the 2FA of a user who lost their phone; with
//! `--verify-email` only once the caller read back a code sent to the user's mailbox,
//! checked in the transaction that resets. The user is told by email.

use serde_json::json;

use crate::cli::user::UserResetMfaArgs;
use crate::commands::factor::no_email_code;
use crate::commands::{email, resolve_user, target};
use crate::core::audit::NewEntry;
use crate::core::codes;
use crate::core::email::{self as rules, Notice, Purpose};
use crate::core::model::User;
use crate::core::validate;
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::output::{Report, quoted};
use crate::prompt;
use crate::store::Tx;

/// Checks the code the caller read back against the latest one sent for a reset. A
/// wrong one counts on the code (five use it up); `Ok(Err)` refuses the reset.
fn check_read_back(
    ctx: &Ctx,
    tx: &Tx<'_>,
    user: &User,
    code: &str,
    now: i64,
) -> Result<Result<(), Error>> {
    let typed = email::code_hash(ctx, user.id, Purpose::Reset, code);
    let latest = tx.latest_email_code(user.id, Purpose::Reset)?;
    Ok(match rules::check(latest.as_ref(), &typed, now) {
        rules::Check::Passed { id } => {
            tx.use_email_code(id, now)?;
            Ok(())
        }
        rules::Check::Wrong { id } => {
            tx.guess_email_code(id)?;
            Err(
                Error::auth_failed("the code read back is wrong: 2FA was not reset")
                    .with_hint("ask the caller to read the latest email again"),
            )
        }
        rules::Check::Replayed => Err(Error::auth_failed(
            "that code was used already: 2FA was not reset",
        )),
        rules::Check::Missing {
            expired_at,
            used_up,
        } => Err(no_email_code(
            &user.email,
            expired_at,
            used_up,
            &format!(
                "mfactl user reset-mfa {} --reason … --verify-email",
                quoted(&user.email)
            ),
        )),
    })
}

pub fn reset(ctx: &Ctx, args: &UserResetMfaArgs) -> Result<Report> {
    let reason = validate::reason(&args.reason)?;
    let typed = args.code.as_deref().map(codes::six_digits).transpose()?;
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
    // With --verify-email the caller proves they read the user's mailbox first.
    let code = match (args.verify_email, typed) {
        (false, _) => None,
        (true, Some(code)) => Some(code),
        (true, None) => {
            let finish = format!(
                "mfactl user reset-mfa {} --reason {} --verify-email --code CODE --yes",
                quoted(&user.email),
                quoted(&reason)
            );
            let question = format!(
                "Code the caller reads from the email sent to {}: ",
                user.email
            );
            let answer = email::send_and_ask(
                ctx,
                &tenant,
                &user,
                Purpose::Reset,
                &question,
                ("--code", finish.as_str()),
            )?;
            Some(codes::six_digits(&answer)?)
        }
    };
    let cleared = ctx.store.write(|tx| {
        let (tenant, user) = resolve_user(tx, Some(&tenant.name), &user.email)?;
        let now = ctx.now();
        if let Some(code) = &code
            && let Err(refused) = check_read_back(ctx, tx, &user, code, now)?
        {
            return Ok(Err(refused));
        }
        let cleared = tx.clear_factors(user.id)?;
        tx.set_lock(user.id, 0, None)?;
        let details = json!({
            "had_totp": cleared.had_totp,
            "recovery_codes_removed": cleared.recovery_codes,
            "devices_revoked": cleared.devices,
            "was_locked": user.locked_until.is_some_and(|until| until > now),
            "verified_by_email": code.is_some(),
        });
        let entry = NewEntry::new(
            "user.reset_mfa",
            target("user", &tenant, &user.email),
            details,
        )
        .with_reason(Some(reason.clone()));
        ctx.audit(tx, &entry)?;
        Ok(Ok(cleared))
    })??;
    email::notify(
        ctx,
        &tenant,
        &user.email,
        &Notice::Reset {
            agent: ctx.actor.clone(),
            reason: reason.clone(),
        },
    );
    Report::done(
        &json!({
            "email": user.email, "tenant": tenant.name, "reason": reason, "had_totp": cleared.had_totp,
            "recovery_codes_removed": cleared.recovery_codes, "devices_revoked": cleared.devices,
            "verified_by_email": code.is_some(),
        }),
        format!(
            "Reset the 2FA of {}: authenticator removed, {} recovery codes and {} remembered devices revoked, lock cleared. \
             They enrol again at their next sign-in if 2FA is required.",
            user.email, cleared.recovery_codes, cleared.devices
        ),
    )
}
