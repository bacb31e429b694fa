//! THE enrolment flow of an authenticator app, shared by `user activate-2fa` and
//! `login`: a pending secret (shown as QR code, key and URI), verified by a code before
//! 2FA is turned on, then ten recovery codes shown once.

use serde::Serialize;
use serde_json::json;

use crate::app::Ctx;
use crate::commands::factor::{record_failure, secret_context};
use crate::commands::{target, when};
use crate::core::audit::NewEntry;
use crate::core::codes::{self, RECOVERY_CODES};
use crate::core::model::{Tenant, User};
use crate::core::totp::{self, Check};
use crate::error::{Error, Result};
use crate::output;
use crate::secrets::{self, Secret};
use crate::store::Tx;
use crate::{prompt, qr};

/// A pending enrolment as shown to the user and to scripts.
#[derive(Debug, Serialize)]
pub struct Pending {
    pub email: String,
    pub tenant: String,
    pub issuer: String,
    /// Base32 secret: printed because the SPEC requires showing it for enrolment.
    pub secret: String,
    pub otpauth_uri: String,
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

/// Starts the user's pending enrolment, or shows the one already started (so a script
/// that runs twice sees the same secret). The caller has checked the user is not enrolled.
pub fn start(ctx: &Ctx, tx: &Tx<'_>, tenant: &Tenant, user: &User) -> Result<Pending> {
    let context = secret_context(user.id);
    let secret = if let Some(sealed) = tx.pending_secret(user.id)? {
        ctx.key.decrypt(&sealed, &context)?
    } else {
        let secret: [u8; totp::SECRET_BYTES] = secrets::random_bytes()?;
        tx.set_pending_secret(user.id, &ctx.key.encrypt(&secret, &context)?, ctx.now)?;
        secret.to_vec()
    };
    let encoded = Secret::new(totp::encode_secret(&secret));
    Ok(Pending {
        email: user.email.clone(),
        tenant: tenant.name.clone(),
        issuer: tenant.name.clone(),
        otpauth_uri: totp::otpauth_uri(&tenant.name, &user.email, encoded.expose()),
        secret: encoded.expose().to_owned(),
    })
}

/// Human text of a pending enrolment: QR code, key in groups, URI.
pub fn pending_text(pending: &Pending, style: qr::Style) -> Result<String> {
    Ok(format!(
        "Scan this QR code with an authenticator app (Google Authenticator, Aegis, 1Password…):\n\n{}\n\
         Or type this key: {}\n\
         URI: {}",
        qr::render(&pending.otpauth_uri, style)?,
        totp::grouped(&pending.secret),
        pending.otpauth_uri
    ))
}

/// Verifies `code` against the pending secret and turns 2FA on, with new recovery
/// codes. Ok(Err(..)) for a wrong code after counting the failure when `count_failure`.
pub fn finish(
    ctx: &Ctx,
    tx: &Tx<'_>,
    tenant: &Tenant,
    user: &User,
    code: &str,
    count_failure: bool,
) -> Result<Result<Finished>> {
    let Some(sealed) = tx.pending_secret(user.id)? else {
        return Ok(Err(Error::not_found(format!(
            "{} has no enrolment in progress",
            user.email
        ))
        .with_hint(format!(
            "start one with `mfactl user activate-2fa {} --json`",
            user.email
        ))));
    };
    let secret = ctx.key.decrypt(&sealed, &secret_context(user.id))?;
    let step = match totp::check(&secret, code, ctx.now, None) {
        Check::Accepted(step) => step,
        Check::Replayed | Check::Wrong => {
            let failure = Error::auth_failed("wrong code: 2FA was not turned on")
                .with_hint("check the device's clock and type the newest code the app shows");
            let failure = if count_failure {
                record_failure(ctx, tx, tenant, user, failure)?
            } else {
                failure
            };
            return Ok(Err(failure));
        }
    };
    tx.activate_totp(user.id, step, ctx.now)?;
    let recovery_codes = new_recovery_codes(ctx, tx, user.id)?;
    let entry = NewEntry::new(
        "user.activate_2fa",
        target("user", tenant, &user.email),
        json!({ "method": "totp" }),
    );
    ctx.audit(tx, &entry)?;
    Ok(Ok(Finished {
        email: user.email.clone(),
        tenant: tenant.name.clone(),
        enrolled_at: when(ctx.now),
        recovery_codes,
    }))
}

/// Makes ten recovery codes, stores their keyed hashes, returns the codes.
pub fn new_recovery_codes(ctx: &Ctx, tx: &Tx<'_>, user_id: i64) -> Result<Vec<String>> {
    let random: [u8; RECOVERY_CODES * 10] = secrets::random_bytes()?;
    let codes = codes::new_recovery_codes(&random);
    let hashes: Vec<String> = codes
        .iter()
        .map(|code| {
            ctx.key
                .keyed_hash("recovery", &codes::recovery_code(code).unwrap_or_default())
        })
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

/// On a terminal: shows the QR code, asks for a code (three tries), turns 2FA on, shows
/// the recovery codes and asks the user to confirm they saved them.
pub fn interactive(
    ctx: &Ctx,
    tenant: &Tenant,
    user: &User,
    count_failure: bool,
) -> Result<Finished> {
    let pending = ctx.store.write(|tx| start(ctx, tx, tenant, user))?;
    output::tell(&pending_text(&pending, ctx.qr_style)?);
    let mut last_error = None;
    for try_number in 1..=3 {
        let answer = prompt::line(true, "Enter the 6-digit code the app shows: ", "--code")?;
        let outcome = match codes::six_digits(&answer) {
            Ok(code) => ctx.store.write(|tx| {
                let user = tx.user_by_id(user.id)?;
                finish(ctx, tx, tenant, &user, &code, count_failure)
            })?,
            Err(e) => Err(e),
        };
        match outcome {
            Ok(finished) => {
                output::tell(&recovery_text(&finished.recovery_codes));
                confirm_saved()?;
                return Ok(finished);
            }
            Err(e) if e.kind == crate::error::Kind::Locked => return Err(e),
            Err(e) => {
                if try_number < 3 {
                    output::tell(&format!(
                        "{} — try again ({} tries left).",
                        e.message,
                        3 - try_number
                    ));
                }
                last_error = Some(e);
            }
        }
    }
    Err(last_error.unwrap_or_else(|| Error::auth_failed("wrong code")))
}

fn confirm_saved() -> Result<()> {
    for _ in 0..3 {
        let answer = prompt::line(
            true,
            "Have you saved the recovery codes somewhere safe? [y/N] ",
            "--yes",
        )?;
        if matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
            return Ok(());
        }
        output::tell(
            "They will not be shown again. Save them now (a password manager, or printed).",
        );
    }
    output::warn(
        "recovery codes not confirmed as saved; make new ones with `mfactl user recovery-codes EMAIL --regenerate`",
    );
    Ok(())
}
