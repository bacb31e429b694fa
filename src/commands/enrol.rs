//! THE enrolment of an authenticator app, shared by `user activate-2fa` and `login`: a
//! fresh pending secret (shown once as QR code, key and URI; it expires after an hour),
//! verified by a code before 2FA is turned on, then ten recovery codes shown once.

use serde::Serialize;
use serde_json::json;

use crate::commands::factor::{Factors, secret_context};
use crate::commands::{target, when};
use crate::core::audit::NewEntry;
use crate::core::codes::{self, RECOVERY_CODES};
use crate::core::model::{Tenant, User};
use crate::core::policy::Next;
use crate::core::signin::{self, EnrolProof, Outcome, Presented};
use crate::core::totp;
use crate::ctx::Ctx;
use crate::error::{Error, Kind, Result};
use crate::output;
use crate::prompt::{self, Tries, Try};
use crate::qr::{self, Shown};
use crate::secrets;
use crate::store::Tx;

/// A pending enrolment as shown to the user and to scripts.
#[derive(Debug, Serialize)]
pub struct Pending {
    pub email: String,
    pub tenant: String,
    pub issuer: String,
    /// Base32 secret: printed because the SPEC requires showing it for enrolment.
    pub secret: String,
    pub otpauth_uri: String,
    /// After this, the secret can no longer be verified; a new one is made.
    pub expires_at: String,
}

/// A finished enrolment.
#[derive(Debug, Serialize)]
pub struct Finished {
    pub email: String,
    pub tenant: String,
    pub enrolled_at: String,
    /// Shown once; each works once.
    pub recovery_codes: Vec<String>,
}

/// Starts a pending enrolment for the user (audited, with `via` naming the command):
/// always a fresh secret, replacing any pending one. A secret is shown to one run only,
/// so a secret someone else saw (an attacker who knows the password and ran `login`
/// first) is never handed to the user to enrol. The caller has checked the user is not
/// enrolled, or holds the `proof` that lets them replace their authenticator (an access
/// pass, or an email code after a reset); the enrolment records it, and a sign-in then
/// finishes it before anything else passes.
pub fn start(
    ctx: &Ctx,
    tx: &Tx<'_>,
    tenant: &Tenant,
    user: &User,
    via: &str,
    proof: Option<EnrolProof>,
) -> Result<Pending> {
    let context = secret_context(user.id);
    let now = ctx.now();
    let replaced = tx.pending_secret(user.id)?.is_some();
    let secret: [u8; totp::SECRET_BYTES] = secrets::random_bytes()?;
    let made = totp::provisioning(&tenant.name, &user.email, &secret)?;
    tx.set_pending_secret(user.id, &ctx.key.encrypt(&secret, &context)?, now, proof)?;
    let details = json!({
        "via": via,
        "expires_at": when(signin::pending_expires_at(now)),
        "replaced_pending": replaced,
        "proved_by": proof,
    });
    ctx.audit(
        tx,
        &NewEntry::new(
            "user.enrolment_started",
            target("user", tenant, &user.email),
            details,
        ),
    )?;
    Ok(Pending {
        email: user.email.clone(),
        tenant: tenant.name.clone(),
        issuer: tenant.name.clone(),
        otpauth_uri: made.uri,
        secret: made.key,
        expires_at: when(signin::pending_expires_at(now)),
    })
}

/// Where a pending enrolment is shown: stderr in an interactive flow (beside its
/// prompts), stdout otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

const APPS: &str = "an authenticator app (Google Authenticator, Aegis, 1Password…)";

/// Human text of a pending enrolment: the QR code where it can be scanned (a terminal
/// wide enough for it) or where `forced` (`--qr`), the key in groups, the URI, the
/// expiry. Where the code is not drawn, the key and URI are enough to enrol.
pub fn pending_text(ctx: &Ctx, pending: &Pending, to: Stream, forced: bool) -> Result<String> {
    let (screen, stream) = match to {
        Stream::Stdout => (ctx.stdout, "standard output"),
        Stream::Stderr => (ctx.stderr, "standard error"),
    };
    let key = totp::grouped(&pending.secret);
    let head = match qr::show(&pending.otpauth_uri, ctx.qr_style, screen, forced)? {
        Shown::Drawn(drawing) => format!(
            "Scan this QR code with {APPS}:\n\n{}\nOr type this key: {key}",
            drawing.text
        ),
        Shown::TooNarrow { columns, needed } => format!(
            "The terminal is {columns} columns wide; the QR code needs {needed}: widen it and run again, or type the key below.\n\
             Add this key to {APPS}:\nKey: {key}"
        ),
        Shown::NotATerminal => {
            ctx.note(&format!(
                "no QR code: {stream} is not a terminal (--qr draws it anyway)"
            ));
            format!("Add this key to {APPS}:\nKey: {key}")
        }
    };
    Ok(format!(
        "{head}\nURI: {}\nFinish before {}.",
        pending.otpauth_uri, pending.expires_at
    ))
}

/// Turns the verified pending secret into the user's factor (accepted at `step`), with
/// ten new recovery codes; their remembered devices are revoked. Audited.
pub fn activate(
    ctx: &Ctx,
    tx: &Tx<'_>,
    tenant: &Tenant,
    user: &User,
    step: i64,
    now: i64,
) -> Result<Finished> {
    tx.activate_totp(user.id, step, now)?;
    let recovery_codes = new_recovery_codes(ctx, tx, user.id)?;
    let entry = NewEntry::new(
        "user.activate_2fa",
        target("user", tenant, &user.email),
        json!({ "method": "totp" }),
    );
    ctx.audit(tx, &entry)?;
    Ok(Finished {
        email: user.email.clone(),
        tenant: tenant.name.clone(),
        enrolled_at: when(now),
        recovery_codes,
    })
}

/// The error for a code given without a valid pending enrolment.
pub fn no_pending(user: &User, expired_at: Option<i64>) -> Error {
    let message = match expired_at {
        Some(at) => format!(
            "the enrolment of {} in progress expired at {}",
            user.email,
            when(at)
        ),
        None => format!("{} has no enrolment in progress", user.email),
    };
    Error::not_found(message).with_hint(format!(
        "start one with `mfactl user activate-2fa {} --json`",
        output::quoted(&user.email)
    ))
}

/// For `user activate-2fa --code`: verifies `code` against the pending secret at the
/// time now and turns 2FA on. A wrong code is refused but not counted: this is an
/// admin's command, not a sign-in.
pub fn finish(
    ctx: &Ctx,
    tx: &Tx<'_>,
    tenant: &Tenant,
    user: &User,
    code: &str,
) -> Result<Finished> {
    let now = ctx.now();
    let factors = Factors::read(ctx, tx, user, crate::core::email::Purpose::SignIn)?;
    let mut facts = factors.facts(user, now, true, Next::Enrol);
    // The lock guards sign-ins; an admin enrolling a phone is not one.
    facts.locked_until = None;
    match signin::decide(&facts, Presented::Code(code)) {
        Outcome::Passed(pass) => {
            activate(ctx, tx, tenant, user, pass.step.unwrap_or_default(), now)
        }
        Outcome::NoPendingEnrolment { expired_at } => Err(no_pending(user, expired_at)),
        _ => Err(Error::auth_failed("wrong code: 2FA was not turned on")
            .with_hint("check the device's clock and type the newest code the app shows")),
    }
}

/// Makes ten recovery codes, stores their keyed hashes, returns the codes.
pub fn new_recovery_codes(ctx: &Ctx, tx: &Tx<'_>, user_id: i64) -> Result<Vec<String>> {
    let random: [u8; RECOVERY_CODES * 10] = secrets::random_bytes()?;
    let codes = codes::new_recovery_codes(&random);
    let hashes: Vec<String> = codes
        .iter()
        .map(|code| ctx.recovery_hash(user_id, &codes::recovery_code(code).unwrap_or_default()))
        .collect();
    tx.replace_recovery_codes(user_id, &hashes)?;
    Ok(codes)
}

/// The recovery codes as lines for a person.
pub fn recovery_text(codes: &[String]) -> String {
    let mut text = String::from(
        "Recovery codes (shown once; each works once instead of a code from the app):\n",
    );
    for pair in codes.chunks(2) {
        text.push_str(&format!("  {}\n", pair.join("   ")));
    }
    text
}

/// On a terminal: asks for the app's code up to three times; `attempt` checks one (at
/// the time it was typed) and returns the finished enrolment, or an error: a wrong code
/// (exit 3) is asked again, any other error ends the tries. Not counted towards a lock:
/// for `user activate-2fa`, an admin's command.
pub fn ask_for_code<T>(mut attempt: impl FnMut(&str) -> Result<T>) -> Result<T> {
    ask_for_counted_code(|code| match attempt(code) {
        Ok(done) => Ok(Try::Done(done)),
        Err(error) if error.kind == Kind::AuthFailed => Ok(Try::Wrong {
            error,
            before_lock: None,
        }),
        Err(error) => Err(error),
    })
}

/// On a terminal: asks for the app's code until `attempt` passes one (checked, and
/// counted, at the time it was typed), up to `prompt::TRIES` wrong tries; each wrong
/// one says how many are left. A malformed code is asked again without a try; an
/// error (a lock, an expired enrolment) ends the tries at once.
pub fn ask_for_counted_code<T>(mut attempt: impl FnMut(&str) -> Result<Try<T>>) -> Result<T> {
    let mut tries = Tries::new();
    loop {
        let answer = prompt::line(true, "Enter the 6-digit code the app shows: ", "--code")?;
        let Ok(code) = codes::six_digits(&answer) else {
            output::tell("that is not a 6-digit code; type the six digits the app shows");
            continue;
        };
        match attempt(&code)? {
            Try::Done(done) => return Ok(done),
            Try::Wrong { error, before_lock } => tries.wrong(error, before_lock)?,
        }
    }
}

/// Shows the recovery codes and asks the user to confirm they saved them.
pub fn show_recovery_codes(email: &str, codes: &[String]) -> Result<()> {
    output::tell(&recovery_text(codes));
    for _ in 0..3 {
        if prompt::yes_no("Have you saved the recovery codes somewhere safe?", false)? {
            return Ok(());
        }
        output::tell(
            "They will not be shown again. Save them now (a password manager, or printed).",
        );
    }
    output::warn(&format!(
        "recovery codes not confirmed as saved; make new ones with `mfactl user recovery-codes {} --regenerate`",
        output::quoted(email)
    ));
    Ok(())
}
