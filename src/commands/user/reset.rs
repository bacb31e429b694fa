//! `mfactl user reset-mfa`: support resets the 2FA of a user who lost their phone; with
//! `--verify-email` only once the caller read back a code sent to the user's mailbox,
//! checked (and, when wrong, counted towards the user's lock) in the transaction that
//! resets. After a reset the password alone never enrols: the user's next sign-in
//! proves it is them first, with the access pass `--access-pass` issues in the same
//! transaction, or an email code. The user is told by email.

use serde_json::json;

use crate::cli::user::UserResetMfaArgs;
use crate::commands::factor::{no_email_code, record_failure};
use crate::commands::user::pass;
use crate::commands::{email, resolve_user, target, when};
use crate::core::audit::NewEntry;
use crate::core::codes;
use crate::core::email::{self as rules, Notice, Purpose};
use crate::core::lockout;
use crate::core::model::{Tenant, User};
use crate::core::signin::{Failure, Outcome};
use crate::core::validate;
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::output::{Report, quoted};
use crate::prompt::{self, Tries};
use crate::store::{Cleared, Tx};

/// A refused read-back.
struct Refused {
    error: Error,
    /// The lock it set: the user is told once committed.
    locked_until: Option<i64>,
    /// For a wrong code that may be read back again: how many failures the account
    /// takes before it locks.
    before_lock: Option<i64>,
}

impl Refused {
    fn final_error(error: Error) -> Refused {
        Refused {
            error,
            locked_until: None,
            before_lock: None,
        }
    }
}

/// Checks the code the caller read back against the latest one sent for a reset. The
/// caller claims to be the user: a wrong or replayed code counts on the code (five use
/// it up) and towards the user's lock, audited as a failed attempt, and a locked user's
/// read-back is refused (exit 5) as a sign-in is. `Ok(Err)` refuses the reset.
fn check_read_back(
    ctx: &Ctx,
    tx: &Tx<'_>,
    tenant: &Tenant,
    user: &User,
    code: &str,
    now: i64,
) -> Result<Result<(), Refused>> {
    const ACTION: &str = "user.reset_mfa_refused";
    if let Some(until) = lockout::locked_until(user.locked_until, now) {
        let error = record_failure(ctx, tx, tenant, user, ACTION, &Outcome::Locked { until })?;
        return Ok(Err(Refused::final_error(error.with_hint(format!(
            "check who is calling another way; then `mfactl user unlock {}` and read back a new code",
            quoted(&user.email)
        )))));
    }
    let typed = email::code_hash(ctx, user.id, Purpose::Reset, code);
    let latest = tx.latest_email_code(user.id, Purpose::Reset)?;
    let failure = |failure: Failure, guessed: Option<i64>, message: &str| -> Result<Refused> {
        let (failed_attempts, locked_until) =
            lockout::after_failure(user.failed_attempts, user.locked_until, now);
        let outcome = Outcome::Failed {
            failure,
            failed_attempts,
            locked_until,
            guessed_email_code: guessed,
        };
        let error = record_failure(ctx, tx, tenant, user, ACTION, &outcome)?;
        Ok(match locked_until {
            Some(_) => Refused {
                error,
                locked_until,
                before_lock: None,
            },
            None => Refused {
                error: Error::auth_failed(message.to_owned())
                    .with_hint("ask the caller to read the latest email again"),
                locked_until: None,
                before_lock: Some(lockout::MAX_FAILURES.saturating_sub(failed_attempts)),
            },
        })
    };
    Ok(match rules::check(latest.as_ref(), &typed, now) {
        rules::Check::Passed { id } => {
            tx.use_email_code(id, now)?;
            Ok(())
        }
        rules::Check::Wrong { id } => Err(failure(
            Failure::WrongCode,
            Some(id),
            "the code read back is wrong: 2FA was not reset",
        )?),
        rules::Check::Replayed => Err(failure(
            Failure::ReplayedCode,
            None,
            "that code was used already: 2FA was not reset",
        )?),
        rules::Check::Missing {
            expired_at,
            used_up,
        } => Err(Refused::final_error(no_email_code(
            &user.email,
            expired_at,
            used_up,
            &format!(
                "mfactl user reset-mfa {} --reason … --verify-email",
                quoted(&user.email)
            ),
        ))),
    })
}

/// With `--verify-email`: the code the caller read back (`--code`, or sent now and asked
/// for on a terminal, with the question to ask again; without one the run stops with
/// exit 4 saying how to finish).
fn read_back(
    ctx: &Ctx,
    verify_email: bool,
    typed: Option<String>,
    tenant: &Tenant,
    user: &User,
    reason: &str,
) -> Result<(Option<String>, Option<String>)> {
    Ok(match (verify_email, typed) {
        (false, _) => (None, None),
        (true, Some(code)) => (Some(code), None),
        (true, None) => {
            let finish = format!(
                "mfactl user reset-mfa {} --reason {} --verify-email --code CODE --yes",
                quoted(&user.email),
                quoted(reason)
            );
            email::send_or_stop(
                ctx,
                tenant,
                user,
                Purpose::Reset,
                ("--code", finish.as_str()),
            )?;
            let question = format!(
                "Code the caller reads from the email sent to {}: ",
                user.email
            );
            (Some(ask_six_digits(&question)?), Some(question))
        }
    })
}

/// Asks on the terminal until six digits are typed (a malformed answer costs no try).
fn ask_six_digits(question: &str) -> Result<String> {
    loop {
        match codes::six_digits(&prompt::line(true, question, "--code")?) {
            Ok(code) => return Ok(code),
            Err(_) => crate::output::tell("that is not a 6-digit code; type the six digits again"),
        }
    }
}

pub fn reset(ctx: &Ctx, args: &UserResetMfaArgs) -> Result<Report> {
    let reason = validate::reason(&args.reason)?;
    let typed = args.code.as_deref().map(codes::six_digits).transpose()?;
    let pass_valid = args
        .access_pass
        .then(|| pass::valid_secs(args.valid.as_deref()))
        .transpose()?;
    let (tenant, user) = ctx
        .store
        .read(|tx| resolve_user(tx, args.tenant.tenant.as_deref(), &args.email))?;
    if pass_valid.is_some() {
        pass::refuse_sso(&user)?;
    }
    prompt::confirm(
        ctx.interactive,
        args.yes.yes,
        &format!(
            "Reset the 2FA of {} (remove the authenticator secret, recovery codes and remembered devices{})?",
            user.email,
            if pass_valid.is_some() {
                ", and issue a temporary access pass"
            } else {
                ""
            }
        ),
    )?;
    // With --verify-email the caller proves they read the user's mailbox first; on a
    // terminal a wrong read-back (counted) is asked again, as `login` asks for codes.
    let (mut code, question) = read_back(ctx, args.verify_email, typed, &tenant, &user, &reason)?;
    let verified_by_email = code.is_some();
    let mut tries = Tries::new();
    let (cleared, issued, user) = loop {
        let change = Change {
            code: code.as_deref(),
            pass_valid,
            reason: &reason,
        };
        let refused = match ctx
            .store
            .write(|tx| reset_in(ctx, tx, &tenant.name, &user.email, &change))?
        {
            Ok(done) => break done,
            Err(refused) => refused,
        };
        if let Some(until) = refused.locked_until {
            email::notify(ctx, &tenant, &user.email, &Notice::Locked { until });
        }
        match (&question, refused.before_lock) {
            (Some(question), Some(left)) => {
                tries.wrong(refused.error, Some(left))?;
                code = Some(ask_six_digits(question)?);
            }
            _ => return Err(refused.error),
        }
    };
    email::notify(
        ctx,
        &tenant,
        &user.email,
        &Notice::Reset {
            agent: ctx.actor.clone(),
            reason: reason.clone(),
        },
    );
    reset_report(
        ctx,
        &tenant,
        &user,
        &reason,
        &cleared,
        verified_by_email,
        issued,
    )
}

/// A reset done: what it removed, the pass issued with it, and the user as it read them.
type Done = (Cleared, Option<pass::Issued>, User);

/// What one reset writes, beside the user.
struct Change<'a> {
    /// The code read back, with --verify-email.
    code: Option<&'a str>,
    /// How long the access pass issued with the reset lasts, with --access-pass.
    pass_valid: Option<i64>,
    reason: &'a str,
}

/// The reset in its transaction: the read-back checked (and counted) first, then the
/// factors, lock and earlier pass removed, the reset recorded, and the pass issued.
fn reset_in(
    ctx: &Ctx,
    tx: &Tx<'_>,
    tenant_name: &str,
    email_address: &str,
    change: &Change<'_>,
) -> Result<Result<Done, Refused>> {
    let (tenant, user) = resolve_user(tx, Some(tenant_name), email_address)?;
    let now = ctx.now();
    if let Some(code) = change.code
        && let Err(refused) = check_read_back(ctx, tx, &tenant, &user, code, now)?
    {
        return Ok(Err(refused));
    }
    if change.pass_valid.is_some() {
        pass::refuse_sso(&user)?;
    }
    let cleared = tx.clear_factors(user.id)?;
    tx.set_lock(user.id, 0, None)?;
    // The password alone never enrols after a reset (SPEC §4).
    tx.set_reset_at(user.id, Some(now))?;
    // A pass issued before is revoked; one issued with the reset replaces it.
    let pass_revoked = change.pass_valid.is_none() && tx.delete_access_pass(user.id)?;
    let details = json!({
        "had_totp": cleared.had_totp,
        "recovery_codes_removed": cleared.recovery_codes,
        "devices_revoked": cleared.devices,
        "was_locked": user.locked_until.is_some_and(|until| until > now),
        "verified_by_email": change.code.is_some(),
        "access_pass_revoked": pass_revoked,
        "access_pass_issued": change.pass_valid.is_some(),
    });
    let entry = NewEntry::new(
        "user.reset_mfa",
        target("user", &tenant, &user.email),
        details,
    )
    .with_reason(Some(change.reason.to_owned()));
    ctx.audit(tx, &entry)?;
    let issued = change
        .pass_valid
        .map(|valid| pass::issue(ctx, tx, &tenant, &user, change.reason, valid))
        .transpose()?;
    Ok(Ok((cleared, issued, user)))
}

/// What a reset reports: what was removed, and the access pass issued with it (shown
/// once, so never silenced by -q) or how to give one.
fn reset_report(
    ctx: &Ctx,
    tenant: &Tenant,
    user: &User,
    reason: &str,
    cleared: &Cleared,
    verified_by_email: bool,
    issued: Option<pass::Issued>,
) -> Result<Report> {
    let mut value = json!({
        "email": user.email, "tenant": tenant.name, "reason": reason, "had_totp": cleared.had_totp,
        "recovery_codes_removed": cleared.recovery_codes, "devices_revoked": cleared.devices,
        "verified_by_email": verified_by_email,
    });
    let mut text = format!(
        "Reset the 2FA of {}: authenticator removed, {} recovery codes and {} remembered devices revoked, lock cleared.",
        user.email, cleared.recovery_codes, cleared.devices
    );
    let Some(issued) = issued else {
        text.push_str(&format!(
            "\nTheir next sign-in must prove it is them before a new authenticator is enrolled: \
             give them an access pass with `mfactl user access-pass {} --tenant {} --reason …`.",
            quoted(&user.email),
            quoted(&tenant.name)
        ));
        return Report::done(&value, text);
    };
    pass::notify_issued(ctx, tenant, user, reason, &issued);
    value["access_pass"] = issued.pass.clone().into();
    value["expires_at"] = when(issued.expires_at).into();
    text.push('\n');
    text.push_str(&pass::issued_text(tenant, user, &issued));
    // The pass is shown once: never silenced by -q.
    Report::data(&value, text)
}
