//! Checking a proof (authenticator code or recovery code) for a user, with the lockout
//! rules of SPEC §4. The failure is committed before the error is returned, so a wrong
//! code always counts, and parallel processes share one counter.

use serde_json::json;

use crate::app::Ctx;
use crate::commands::target;
use crate::core::audit::NewEntry;
use crate::core::codes::{Proof, constant_time_eq};
use crate::core::model::{Tenant, User};
use crate::core::totp::{self, Check};
use crate::core::{lockout, time};
use crate::error::{Error, Result};
use crate::store::Tx;

/// Which factor a proof passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Passed {
    Totp,
    Recovery,
}

impl Passed {
    pub fn as_str(self) -> &'static str {
        match self {
            Passed::Totp => "totp",
            Passed::Recovery => "recovery",
        }
    }
}

/// The encryption context of a user's TOTP secret (pending or active).
pub fn secret_context(user_id: i64) -> String {
    format!("totp:{user_id}")
}

/// The error for a locked user.
pub fn locked_error(email: &str, until: i64) -> Error {
    Error::locked(format!(
        "{email} is locked after {} failed attempts until {}",
        lockout::MAX_FAILURES,
        time::format_rfc3339(until)
    ))
    .with_hint("wait until then, or ask support to run `mfactl user unlock EMAIL`")
}

/// Refuses a locked user (exit 5).
pub fn refuse_if_locked(user: &User, now: i64) -> Result<()> {
    match lockout::locked_until(user.locked_until, now) {
        Some(until) => Err(locked_error(&user.email, until)),
        None => Ok(()),
    }
}

/// Counts one failed attempt in `tx`; locks the user at the fifth. Returns the error to
/// give once `tx` is committed.
pub fn record_failure(
    ctx: &Ctx,
    tx: &Tx<'_>,
    tenant: &Tenant,
    user: &User,
    failure: Error,
) -> Result<Error> {
    let (failed, locked) = lockout::after_failure(user.failed_attempts, user.locked_until, ctx.now);
    tx.set_lock(user.id, failed, locked)?;
    Ok(match locked {
        Some(until) => {
            let entry = NewEntry::new(
                "user.lock",
                target("user", tenant, &user.email),
                json!({ "failed_attempts": failed, "locked_until": time::format_rfc3339(until) }),
            );
            ctx.audit(tx, &entry)?;
            locked_error(&user.email, until)
        }
        None => failure,
    })
}

/// Checks `proof` for the user inside `tx`. Ok(Ok(passed)) on success; Ok(Err(error))
/// for a wrong, replayed or unusable proof after counting the failure, so the caller
/// commits and then returns the error.
pub fn check_proof(
    ctx: &Ctx,
    tx: &Tx<'_>,
    tenant: &Tenant,
    user: &User,
    proof: &Proof,
) -> Result<Result<Passed>> {
    if let Err(locked) = refuse_if_locked(user, ctx.now) {
        return Ok(Err(locked));
    }
    let failure = match proof {
        Proof::Totp(code) => {
            let Some((sealed, last_step)) = tx.totp_secret(user.id)? else {
                return Ok(Err(Error::not_found(format!(
                    "{} has no authenticator app enrolled",
                    user.email
                ))));
            };
            let secret = ctx.key.decrypt(&sealed, &secret_context(user.id))?;
            match totp::check(&secret, code, ctx.now, last_step) {
                Check::Accepted(step) if tx.accept_totp_step(user.id, step)? => {
                    return Ok(Ok(Passed::Totp));
                }
                Check::Accepted(_) | Check::Replayed => {
                    Error::auth_failed("that code was already used")
                        .with_hint("wait for the next code of the authenticator app")
                }
                Check::Wrong => Error::auth_failed("wrong code")
                    .with_hint("check the device's clock, and use the newest code of the app"),
            }
        }
        Proof::Recovery(code) => {
            let hash = ctx.key.keyed_hash("recovery", code);
            let mut found = None;
            for (id, stored) in tx.unused_recovery_codes(user.id)? {
                if constant_time_eq(stored.as_bytes(), hash.as_bytes()) {
                    found = Some(id);
                }
            }
            match found {
                Some(id) if tx.use_recovery_code(id, ctx.now)? => return Ok(Ok(Passed::Recovery)),
                _ => Error::auth_failed("wrong or already used recovery code"),
            }
        }
    };
    Ok(Err(record_failure(ctx, tx, tenant, user, failure)?))
}
