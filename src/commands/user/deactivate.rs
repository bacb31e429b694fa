//! `mfactl user deactivate-2fa`: a member turns their own 2FA off, proving it is them
//! with a code of the app, a recovery code, or a code sent by email; refused while a
//! policy forbids it. The proof is decided and recorded in one transaction.

use serde_json::json;

use crate::cli::user::UserDeactivateArgs;
use crate::commands::factor::{Factors, locked_error, no_email_code, record_failure, record_pass};
use crate::commands::user::mfa::not_enrolled;
use crate::commands::{email, policy_facts, resolve_user, target};
use crate::core::audit::NewEntry;
use crate::core::codes::{self, Proof};
use crate::core::email::{Notice, Purpose};
use crate::core::lockout;
use crate::core::model::{Tenant, User};
use crate::core::policy::{self, Next};
use crate::core::signin::{self, Factor, Outcome, Presented};
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::output::{self, Report, quoted};
use crate::prompt::{self, Tries, Try};
use crate::store::Tx;

/// Reads the proof a user gives: for `--method email` the six digits of the email, for
/// `--method recovery` a recovery code, otherwise either an app code (of the `digits`
/// its authenticator shows: 6, or 8 for one imported so) or a recovery code.
fn proof_of(method: Option<&str>, input: &str, digits: u8) -> Result<Proof> {
    match method {
        Some("email") => codes::six_digits(input).map(Proof::Totp),
        Some("totp") => codes::digits(input, digits).map(Proof::Totp),
        Some(_) => codes::recovery_code(input)
            .map(Proof::Recovery)
            .ok_or_else(|| {
                Error::usage(format!("{input:?} is not a recovery code"))
                    .with_hint("a recovery code looks like abcde-fghij")
            }),
        None => match codes::proof(input)? {
            Proof::Totp(code) => codes::digits(&code, digits).map(Proof::Totp),
            other => Ok(other),
        },
    }
}

/// Refuses deactivation (exit 6) when the company, a role, or the tenant forbids it.
fn refuse_by_policy(ctx: &Ctx, tx: &Tx<'_>, tenant: &Tenant, user: &User) -> Result<()> {
    let facts = policy_facts(tx, tenant, user)?;
    match policy::evaluate(&facts, ctx.now()).deactivation_refused {
        Some(why) => Err(
            Error::policy(format!("{} may not turn 2FA off: {why}", user.email)).with_hint(format!(
                "only support can remove 2FA, for a lost phone: `mfactl user reset-mfa {} --reason …`",
                crate::output::quoted(&user.email)
            )),
        ),
        None => Ok(()),
    }
}

pub fn deactivate(ctx: &Ctx, args: &UserDeactivateArgs) -> Result<Report> {
    let method = args.method.as_deref();
    let by_email = method == Some("email");
    let (tenant, user) = ctx
        .store
        .read(|tx| resolve_user(tx, args.tenant.tenant.as_deref(), &args.email))?;
    let given = args
        .code
        .as_deref()
        .map(|code| proof_of(method, code, user.totp_params.digits))
        .transpose()?;
    if user.totp_enrolled_at.is_none() {
        return Err(not_enrolled(&user));
    }
    ctx.store
        .read(|tx| refuse_by_policy(ctx, tx, &tenant, &user))?;
    let factor = if let Some(proof) = given {
        // A code given as a flag has one try.
        match attempt(ctx, &tenant, &user, by_email, &proof)? {
            Try::Done(factor) => factor,
            Try::Wrong { error, .. } => return Err(error),
        }
    } else {
        let question = if by_email {
            email_question(ctx, &tenant, &user)?
        } else {
            APP_QUESTION.to_owned()
        };
        ask_for_proof(ctx, &tenant, &user, method, question)?
    };
    email::notify(ctx, &tenant, &user.email, &Notice::TurnedOff);
    let how = match factor {
        Factor::Totp => "a code from the app",
        Factor::Email => "a code sent by email",
        _ => "a recovery code",
    };
    Report::done(
        &json!({ "email": user.email, "tenant": tenant.name, "enrolled": false, "proof": factor }),
        format!("2FA is off for {} (proved with {how}).", user.email),
    )
}

/// The question for a proof from the app (or a switch to email, as `login` offers).
const APP_QUESTION: &str =
    "Code from the authenticator app, a recovery code, or 'email' for a code by email: ";

/// Sends a code by email for turning 2FA off (never to a locked user: they could not use
/// it, and would spend the hour's five) and returns the question that asks for it;
/// without a terminal the run stops with exit 4, saying how to finish.
fn email_question(ctx: &Ctx, tenant: &Tenant, user: &User) -> Result<String> {
    if let Some(until) = lockout::locked_until(user.locked_until, ctx.now()) {
        return Err(locked_error(&user.email, until));
    }
    let finish = format!(
        "mfactl user deactivate-2fa {} --method email --code CODE",
        quoted(&user.email)
    );
    let flags = ("--method email --code CODE", finish.as_str());
    email::send_or_stop(ctx, tenant, user, Purpose::Deactivate, flags)?;
    Ok(format!("Code from the email sent to {}: ", user.email))
}

/// On a terminal: asks for the proof until one passes, up to `prompt::TRIES` wrong
/// tries in this run (each counted towards the lock); a malformed one is asked again
/// without a try, and 'email' sends a code by email to type instead. Without a
/// terminal: exit 4 naming --code.
fn ask_for_proof(
    ctx: &Ctx,
    tenant: &Tenant,
    user: &User,
    mut method: Option<&str>,
    mut question: String,
) -> Result<Factor> {
    let mut tries = Tries::new();
    loop {
        let answer = prompt::line(ctx.interactive, &question, "--code")?;
        if method.is_none() && answer.trim().eq_ignore_ascii_case("email") {
            question = email_question(ctx, tenant, user)?;
            method = Some("email");
            continue;
        }
        let proof = match proof_of(method, &answer, user.totp_params.digits) {
            Ok(proof) => proof,
            Err(error) => {
                output::tell(&format!("{}; type it again", error.message));
                continue;
            }
        };
        match attempt(ctx, tenant, user, method == Some("email"), &proof)? {
            Try::Done(factor) => return Ok(factor),
            Try::Wrong { error, before_lock } => tries.wrong(error, before_lock)?,
        }
    }
}

/// One try of a proof: 2FA off, a wrong proof (counted; with how many failures the
/// account takes before it locks), or the error that ends the run (a lock, told to
/// the user by email when this try set it).
fn attempt(
    ctx: &Ctx,
    tenant: &Tenant,
    user: &User,
    by_email: bool,
    proof: &Proof,
) -> Result<Try<Factor>> {
    let hash;
    let presented = match proof {
        Proof::Totp(code) if by_email => {
            hash = email::code_hash(ctx, user.id, Purpose::Deactivate, code);
            Presented::EmailCode(&hash)
        }
        Proof::Totp(code) => Presented::Code(code),
        Proof::Recovery(code) => {
            hash = ctx.recovery_hash(user.id, code);
            Presented::Recovery(&hash)
        }
        Proof::Pass(_) => {
            return Err(Error::usage(
                "an access pass opens a sign-in that enrols a new authenticator; it does not turn 2FA off",
            ));
        }
    };
    match turn_off(ctx, tenant, user, presented)? {
        Ok(factor) => Ok(Try::Done(factor)),
        Err((
            error,
            Some(Outcome::Failed {
                locked_until: Some(until),
                ..
            }),
        )) => {
            email::notify(ctx, tenant, &user.email, &Notice::Locked { until });
            Err(error)
        }
        Err((
            error,
            Some(Outcome::Failed {
                failed_attempts, ..
            }),
        )) => Ok(Try::Wrong {
            error,
            before_lock: Some(lockout::MAX_FAILURES.saturating_sub(failed_attempts)),
        }),
        Err((error, _)) => Err(error),
    }
}

/// Decides the proof and records the outcome in one transaction, at the time the proof
/// arrived: 2FA off, or the refusal with the failed outcome it recorded (if any).
fn turn_off(
    ctx: &Ctx,
    tenant: &Tenant,
    user: &User,
    presented: Presented<'_>,
) -> Result<Result<Factor, (Error, Option<Outcome>)>> {
    ctx.store.write(|tx| {
        let (tenant, user) = resolve_user(tx, Some(&tenant.name), &user.email)?;
        if user.totp_enrolled_at.is_none() {
            return Err(not_enrolled(&user));
        }
        refuse_by_policy(ctx, tx, &tenant, &user)?;
        let now = ctx.now();
        let factors = Factors::read(ctx, tx, &user, Purpose::Deactivate)?;
        let outcome = signin::decide(&factors.facts(&user, now, true, Next::Verify), presented);
        let Outcome::Passed(pass) = &outcome else {
            if let Outcome::CodeLength { expected } = outcome {
                return Ok(Err((crate::commands::factor::code_length_error(&user.email, expected), None)));
            }
            if let Outcome::NoEmailCode { expired_at, used_up } = outcome {
                let again = format!("mfactl user deactivate-2fa {} --method email", quoted(&user.email));
                return Ok(Err((no_email_code(&user.email, expired_at, used_up, &again), None)));
            }
            let error = record_failure(ctx, tx, &tenant, &user, "user.deactivate_2fa.failed", &outcome)?;
            return Ok(Err((error, Some(outcome))));
        };
        record_pass(tx, &user, pass, now)?;
        let cleared = tx.clear_factors(user.id)?;
        let details = json!({ "proof": pass.factor, "recovery_codes_removed": cleared.recovery_codes, "devices_revoked": cleared.devices });
        ctx.audit(tx, &NewEntry::new("user.deactivate_2fa", target("user", &tenant, &user.email), details))?;
        Ok(Ok(pass.factor))
    })
}
