//! A user's second factors around `core::signin::decide`, inside the write transaction
//! that records the outcome: reading (and decrypting) what the decision needs, then
//! recording a pass (the code used up, the counter back to 0) or a failure (counted,
//! the lock at the fifth, both audited). Shared by `login` and `user deactivate-2fa`.

use serde_json::json;

use crate::commands::{target, when};
use crate::core::audit::NewEntry;
use crate::core::email::{CodeFact, Purpose};
use crate::core::model::{Tenant, User};
use crate::core::pass::PassFact;
use crate::core::policy::Next;
use crate::core::signin::{DeviceFact, EnrolProof, Facts, Failure, Outcome, Pass};
use crate::core::{lockout, time};
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::store::Tx;

/// The encryption context of a user's TOTP secret (pending or active).
pub fn secret_context(user_id: i64) -> String {
    format!("totp:{user_id}")
}

/// A user's factors as the decision needs them, decrypted.
pub struct Factors {
    totp: Option<Vec<u8>>,
    used_steps: Vec<i64>,
    pending: Option<(Vec<u8>, i64)>,
    pending_proof: Option<EnrolProof>,
    recovery_codes: Vec<(i64, String)>,
    email_code: Option<CodeFact>,
    access_pass: Option<PassFact>,
}

impl Factors {
    /// Reads the user's factors in `tx`; the email code is the latest for `purpose`.
    pub fn read(ctx: &Ctx, tx: &Tx<'_>, user: &User, purpose: Purpose) -> Result<Factors> {
        let context = secret_context(user.id);
        let totp = tx
            .totp_secret(user.id)?
            .map(|sealed| ctx.key.decrypt(&sealed, &context))
            .transpose()?;
        let row = tx.pending_secret(user.id)?;
        let pending = match &row {
            Some(row) => Some((ctx.key.decrypt(&row.sealed, &context)?, row.started_at)),
            None => None,
        };
        Ok(Factors {
            totp,
            used_steps: tx.totp_steps(user.id)?,
            pending,
            pending_proof: row.and_then(|row| row.proof),
            recovery_codes: tx.unused_recovery_codes(user.id)?,
            email_code: tx.latest_email_code(user.id, purpose)?,
            access_pass: tx.access_pass(user.id)?,
        })
    }

    /// The user's access pass, as read.
    pub fn access_pass(&self) -> Option<&PassFact> {
        self.access_pass.as_ref()
    }

    /// When the pending enrolment started, as read.
    pub fn pending_started_at(&self) -> Option<i64> {
        self.pending.as_ref().map(|(_, started)| *started)
    }

    /// What proved the person who started the pending enrolment, as read.
    pub fn pending_proof(&self) -> Option<EnrolProof> {
        self.pending_proof
    }

    /// The facts for `core::signin::decide` at `now`. What only a sign-in weighs is
    /// left out here (`SignIn::step` adds it): the access pass, the proof that opened
    /// the pending enrolment, and whether a reset asks for a proof before enrolling. An
    /// admin's `user activate-2fa` and a proof to turn 2FA off are not sign-ins.
    pub fn facts(&self, user: &User, now: i64, password_ok: bool, next: Next) -> Facts<'_> {
        Facts {
            now,
            failed_attempts: user.failed_attempts,
            locked_until: user.locked_until,
            password_ok,
            next,
            totp: self.totp.as_deref(),
            totp_params: user.totp_params,
            used_steps: &self.used_steps,
            pending: self
                .pending
                .as_ref()
                .map(|(secret, started)| (secret.as_slice(), *started)),
            recovery_codes: &self.recovery_codes,
            device: None::<DeviceFact>,
            email_code: self.email_code.as_ref(),
            credential_epoch: user.credential_epoch,
            remember_days: 0,
            pending_proof: None,
            reset: false,
            access_pass: None,
        }
    }
}

/// The error for a locked user.
pub fn locked_error(email: &str, until: i64) -> Error {
    Error::locked(format!(
        "{email} is locked after {} failed attempts until {}",
        lockout::MAX_FAILURES,
        time::format_rfc3339(until)
    ))
    .with_hint(format!(
        "wait until then, or ask support to run `mfactl user unlock {}`",
        crate::output::quoted(email)
    ))
}

/// The error for a clock fault: a code was accepted before for a later time
/// (`accepted_for`) than this machine's clock allows.
pub fn clock_behind_error(email: &str, accepted_for: i64, now: i64) -> Error {
    Error::environment(format!(
        "a code of {email} was accepted before for {}, later than this machine's clock ({}): one of the two clocks was wrong",
        when(accepted_for),
        when(now)
    ))
    .with_hint(format!(
        "check this machine's clock (`date -u`); if it is right, support drops the stale record with `mfactl user unlock {}`",
        crate::output::quoted(email)
    ))
}

/// The error for a code of the wrong length for the authenticator it is for (SPEC §4:
/// a usage error, before it is checked).
pub fn code_length_error(email: &str, expected: u8) -> Error {
    Error::usage(format!(
        "the authenticator of {email} shows codes of {expected} digits; the code given has {}",
        if expected == 8 { "6" } else { "8" }
    ))
    .with_hint(format!(
        "type the {expected} digits the authenticator app shows"
    ))
}

/// Records what a passed step used up: the failure count goes back to 0, the accepted
/// authenticator step is never accepted again, the recovery code is spent.
pub fn record_pass(tx: &Tx<'_>, user: &User, pass: &Pass, now: i64) -> Result<()> {
    tx.set_lock(user.id, 0, None)?;
    if let (Some(step), false) = (pass.step, pass.enrolled) {
        tx.accept_totp_step(user.id, step, now)?;
    }
    if let Some(id) = pass.recovery_code
        && !tx.use_recovery_code(id, now)?
    {
        return Err(Error::environment("the recovery code was used meanwhile"));
    }
    if let Some(id) = pass.email_code
        && !tx.use_email_code(id, now)?
    {
        return Err(Error::environment("the email code was used meanwhile"));
    }
    Ok(())
}

/// The error for an email code given with no code to check it against (exit 3).
pub fn no_email_code(email: &str, expired_at: Option<i64>, used_up: bool, get_one: &str) -> Error {
    let why = match (expired_at, used_up) {
        (_, true) => "the latest code sent was used up by five wrong guesses".to_owned(),
        (Some(at), false) => format!("the latest code sent expired at {}", when(at)),
        (None, false) => "no code was sent (or a newer one replaced it)".to_owned(),
    };
    // SPEC §3: an expired or used-up code is a wrong code (exit 3), as a wrong one is;
    // not counted, since there was nothing a guess could match.
    Error::auth_failed(format!("no email code of {email} to check: {why}"))
        .with_hint(format!("get a new one with `{get_one}`"))
}

/// Records a failed attempt (audited as `action`) and, at the fifth, the lock. Returns
/// the error to give once `tx` is committed. A clock fault is refused (and audited)
/// without counting.
pub fn record_failure(
    ctx: &Ctx,
    tx: &Tx<'_>,
    tenant: &Tenant,
    user: &User,
    action: &str,
    outcome: &Outcome,
) -> Result<Error> {
    let user_target = target("user", tenant, &user.email);
    let (error, details) = match *outcome {
        // Not counted (the code was never checked), but audited like every failed sign-in.
        Outcome::ClockBehind { accepted_for } => (
            clock_behind_error(&user.email, accepted_for, ctx.now()),
            json!({
                "failure": "clock_behind",
                "counted": false,
                "code_accepted_for": when(accepted_for),
            }),
        ),
        Outcome::Locked { until } => (
            locked_error(&user.email, until),
            json!({ "failure": "locked", "locked_until": when(until) }),
        ),
        Outcome::Failed {
            failure,
            failed_attempts,
            locked_until,
            guessed_email_code,
        } => {
            tx.set_lock(user.id, failed_attempts, locked_until)?;
            if let Some(id) = guessed_email_code {
                tx.guess_email_code(id)?;
            }
            let error = match locked_until {
                Some(until) => locked_error(&user.email, until),
                None => failure_error(failure),
            };
            (
                error,
                json!({ "failure": failure, "failed_attempts": failed_attempts }),
            )
        }
        _ => return Err(Error::environment("not a failed attempt")),
    };
    ctx.audit(tx, &NewEntry::new(action, user_target.clone(), details))?;
    if let Outcome::Failed {
        failed_attempts,
        locked_until: Some(until),
        ..
    } = *outcome
    {
        let details = json!({ "failed_attempts": failed_attempts, "locked_until": when(until) });
        ctx.audit(tx, &NewEntry::new("user.lock", user_target, details))?;
    }
    Ok(error)
}

fn failure_error(failure: Failure) -> Error {
    match failure {
        Failure::WrongPassword => Error::auth_failed("wrong password"),
        Failure::WrongCode => Error::auth_failed("wrong code").with_hint(
            "use the newest code: of the app (check the device's clock), or of the latest email",
        ),
        Failure::ReplayedCode => Error::auth_failed("that code was already used")
            .with_hint("a code counts once: use the app's next code (a new one every 30 seconds, or 60 for some imported authenticators), or a new email code (run the command again without --code to get one)"),
        Failure::WrongRecoveryCode => Error::auth_failed("wrong or already used recovery code"),
        Failure::WrongPass => Error::auth_failed("wrong, expired or already used access pass")
            .with_hint("a pass works once, until the time support gave with it: ask support for a new one"),
    }
}
