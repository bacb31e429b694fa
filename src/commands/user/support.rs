//! Support tools: `mfactl user unlock` and `mfactl user devices`.

use serde::Serialize;
use serde_json::json;

use crate::cli::user::{UserDevicesArgs, UserEmailArgs};
use crate::commands::{resolve_user, target, when};
use crate::core::audit::NewEntry;
use crate::core::{lockout, signin};
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::output::{self, Report};

pub fn unlock(ctx: &Ctx, args: &UserEmailArgs) -> Result<Report> {
    let (tenant, user) = ctx
        .store
        .read(|tx| resolve_user(tx, args.tenant.tenant.as_deref(), &args.email))?;
    let (was_locked, changed, dropped) = ctx.store.write(|tx| {
        let (tenant, user) = resolve_user(tx, Some(&tenant.name), &user.email)?;
        let now = ctx.now();
        let locked = lockout::locked_until(user.locked_until, now).is_some();
        // Codes accepted for a time beyond this clock's window block every code (a clock
        // that ran ahead): dropping them is the way out, taken by support.
        let dropped = tx.forget_totp_steps_after(user.id, user.totp_params.step_at(now) + 1)?;
        if user.failed_attempts == 0 && user.locked_until.is_none() && dropped == 0 {
            return Ok((false, false, 0));
        }
        tx.set_lock(user.id, 0, None)?;
        let details = json!({
            "was_locked": locked,
            "failed_attempts": user.failed_attempts,
            "codes_ahead_of_clock_dropped": dropped,
        });
        ctx.audit(
            tx,
            &NewEntry::new("user.unlock", target("user", &tenant, &user.email), details),
        )?;
        Ok((locked, true, dropped))
    })?;
    let mut text = if was_locked {
        format!(
            "Unlocked {}; the failed-attempt count is back to 0.",
            user.email
        )
    } else if changed {
        format!(
            "{} was not locked; the failed-attempt count is back to 0.",
            user.email
        )
    } else {
        format!("{} was not locked.", user.email)
    };
    if dropped > 0 {
        text.push_str(
            "\nDropped the record of a code accepted for a time later than this clock: the next code of the app works again.",
        );
    }
    Report::done(
        &json!({ "email": user.email, "tenant": tenant.name, "was_locked": was_locked, "locked": false, "codes_ahead_of_clock_dropped": dropped }),
        text,
    )
}

#[derive(Debug, Serialize)]
struct DeviceView {
    id: String,
    created_at: String,
    /// By the tenant's remember-device lifetime now.
    expires_at: String,
    last_used_at: Option<String>,
    /// The second factor of the sign-in that remembered it.
    factor: String,
}

pub fn devices(ctx: &Ctx, args: &UserDevicesArgs) -> Result<Report> {
    let (tenant, user) = ctx
        .store
        .read(|tx| resolve_user(tx, args.tenant.tenant.as_deref(), &args.email))?;
    if args.revoke.is_some() || args.revoke_all {
        let revoked = ctx.store.write(|tx| {
            let revoked = match &args.revoke {
                Some(id) => {
                    if !tx.delete_device(user.id, id)? {
                        return Err(Error::not_found(format!(
                            "{} has no remembered device {id}",
                            user.email
                        ))
                        .with_hint(format!(
                            "list them with `mfactl user devices {}`",
                            output::quoted(&user.email)
                        )));
                    }
                    1
                }
                None => tx.delete_devices(user.id)?,
            };
            let details = json!({ "device": args.revoke, "revoked": revoked });
            ctx.audit(
                tx,
                &NewEntry::new(
                    "user.revoke_devices",
                    target("user", &tenant, &user.email),
                    details,
                ),
            )?;
            Ok(revoked)
        })?;
        return Report::done(
            &json!({ "email": user.email, "tenant": tenant.name, "revoked": revoked }),
            format!(
                "Revoked {revoked} remembered devices of {}; they need a second factor again.",
                user.email
            ),
        );
    }
    let devices: Vec<DeviceView> = ctx.store.read(|tx| {
        let (tenant, user) = resolve_user(tx, Some(&tenant.name), &user.email)?;
        let now = ctx.now();
        let days = tenant.auth.remember_device_days;
        Ok(tx
            .devices(user.id)?
            .into_iter()
            .filter(|d| signin::device_valid(&d.fact(), user.credential_epoch, days, now))
            .map(|d| DeviceView {
                expires_at: signin::device_expires_at(d.created_at, days)
                    .map(when)
                    .unwrap_or_default(),
                id: d.id,
                created_at: when(d.created_at),
                last_used_at: d.last_used_at.map(when),
                factor: d.factor,
            })
            .collect())
    })?;
    let text = if devices.is_empty() {
        format!("{} has no remembered devices.", user.email)
    } else {
        let rows: Vec<Vec<String>> = devices
            .iter()
            .map(|d| {
                vec![
                    d.id.clone(),
                    d.created_at.clone(),
                    d.expires_at.clone(),
                    d.last_used_at.clone().unwrap_or_else(|| "-".into()),
                ]
            })
            .collect();
        output::table(&["DEVICE", "REMEMBERED", "EXPIRES", "LAST USED"], &rows)
    };
    Report::data(&devices, text)
}
