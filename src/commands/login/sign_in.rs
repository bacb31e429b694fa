//! One sign-in after the password was right: a remembered device, verifying a code,
//! enrolling inside login, or skipping during the grace period; then the record of it.

use serde_json::json;

use super::{Chosen, Factor, LoginView, parse_code, report};
use crate::app::Ctx;
use crate::cli::login::LoginArgs;
use crate::commands::factor::{check_proof, refuse_if_locked};
use crate::commands::{enrol, target, when};
use crate::core::audit::NewEntry;
use crate::core::codes;
use crate::core::model::{Tenant, User};
use crate::core::policy::{Decision, Next, Source};
use crate::core::settings::Method;
use crate::error::{Error, Result};
use crate::output::{self, Report};
use crate::secrets::{self, Secret};
use crate::store::Tx;
use crate::{paths, prompt};

/// One sign-in after the password was right: who, and what the policy decided.
pub(super) struct SignIn<'a> {
    pub(super) ctx: &'a Ctx,
    pub(super) args: &'a LoginArgs,
    pub(super) tenant: &'a Tenant,
    pub(super) user: &'a User,
    pub(super) decision: &'a Decision,
}

impl SignIn<'_> {
    /// Step 2: a valid remembered-device token skips the second factor. Returns its id.
    pub(super) fn remembered_device(&self) -> Result<Option<String>> {
        let (ctx, tenant, user) = (self.ctx, self.tenant, self.user);
        if tenant.auth.remember_device_days == 0 {
            return Ok(None);
        }
        let token = match &self.args.device_token {
            Some(token) => Some(Secret::new(token.trim().to_owned())),
            // No data directory (no HOME) just means no token was saved here.
            None => paths::device_token_path(&ctx.key.id(), &tenant.name, &user.email)
                .ok()
                .and_then(|path| secrets::load_token(&path)),
        };
        let Some(token) = token else {
            return Ok(None);
        };
        let hash = ctx.key.keyed_hash("device", token.expose());
        let found = ctx.store.write(|tx| {
            let mut found = None;
            for (id, stored) in tx.device_hashes(user.id, ctx.now)? {
                if codes::constant_time_eq(stored.as_bytes(), hash.as_bytes()) {
                    found = Some(id);
                }
            }
            if let Some(id) = &found {
                tx.touch_device(id, ctx.now)?;
            }
            Ok(found)
        })?;
        if found.is_none() && self.args.device_token.is_some() {
            output::warn(
                "the device token is unknown, expired or revoked: a second factor is needed",
            );
        }
        Ok(found)
    }

    /// Step 3a: verify with a method the policy allows.
    pub(super) fn verify(&self, method: Option<Chosen>) -> Result<Report> {
        let (ctx, decision) = (self.ctx, self.decision);
        let enrolled = self.user.totp_enrolled_at.is_some();
        let default = if enrolled || !decision.methods.contains(&Method::Email) {
            Chosen::Totp
        } else {
            Chosen::Email
        };
        let method = method.unwrap_or(default);
        let available = match method {
            Chosen::Totp => decision.methods.contains(&Method::Totp),
            Chosen::Email => decision.methods.contains(&Method::Email),
            Chosen::Recovery => enrolled,
        };
        if !available {
            let mut names: Vec<&str> = decision.methods.iter().map(|m| m.as_str()).collect();
            if enrolled {
                names.push("recovery");
            }
            return Err(Error::usage(format!(
                "that method is not available to {}",
                self.user.email
            ))
            .with_hint(format!("use --method {}", names.join(" or --method "))));
        }
        match method {
            Chosen::Email => {
                let hint = if enrolled {
                    "use --method totp or --method recovery"
                } else {
                    "ask an admin to offer the totp method for this tenant"
                };
                return Err(Error::environment(
                    "email codes cannot be sent: this mfactl has no mail delivery yet",
                )
                .with_hint(hint));
            }
            // Switching to the authenticator app without one enrolled means enrolling it now.
            Chosen::Totp if !enrolled => return self.enrol_or_skip(),
            Chosen::Totp | Chosen::Recovery => {}
        }
        let proof = if let Some(code) = &self.args.code {
            parse_code(method, code)?
        } else {
            let question = if method == Chosen::Recovery {
                "Recovery code: "
            } else {
                "Code from the authenticator app: "
            };
            parse_code(method, &prompt::line(ctx.interactive, question, "--code")?)?
        };
        let view = ctx.store.write(|tx| {
            let user = tx.user_by_id(self.user.id)?;
            match check_proof(ctx, tx, self.tenant, &user, &proof)? {
                Ok(passed) => self.finish_in(tx, &user, passed.into(), None, None).map(Ok),
                Err(e) => Ok(Err(e)),
            }
        })??;
        report(&view)
    }

    /// Step 3b: enrol an authenticator app now, or skip while the grace period lasts.
    pub(super) fn enrol_or_skip(&self) -> Result<Report> {
        let (ctx, decision) = (self.ctx, self.decision);
        let may_skip = decision.next == Next::EnrolOrSkip;
        if self.args.skip {
            if !may_skip {
                return Err(no_skip(decision));
            }
            return self.complete(Factor::Password, None, None);
        }
        if let Some(code) = &self.args.code {
            return self.enrol_with_code(code);
        }
        if !ctx.interactive || ctx.json {
            return Err(self.stop_for_enrolment()?);
        }
        output::tell(&format!(
            "2FA is required for {}: {}.",
            self.user.email,
            sources_text(&decision.sources)
        ));
        if may_skip {
            let until = decision.grace_ends_at.map(when).unwrap_or_default();
            let question =
                format!("Enrol an authenticator app now? You may skip until {until}. [Y/n] ");
            let answer = prompt::line(true, &question, "--skip")?;
            if matches!(answer.trim().to_ascii_lowercase().as_str(), "n" | "no") {
                return self.complete(Factor::Password, None, None);
            }
        }
        let finished = enrol::interactive(ctx, self.tenant, self.user, true)?;
        let mut view = ctx.store.write(|tx| {
            let user = tx.user_by_id(self.user.id)?;
            self.finish_in(tx, &user, Factor::Totp, None, Some(finished.recovery_codes))
        })?;
        // The recovery codes were shown (once) during the enrolment on the terminal.
        view.recovery_codes = None;
        report(&view)
    }

    /// Finishes the pending enrolment inside login with `code`: a complete sign-in.
    fn enrol_with_code(&self, code: &str) -> Result<Report> {
        let ctx = self.ctx;
        let code = codes::six_digits(code)?;
        let view = ctx.store.write(|tx| {
            let user = tx.user_by_id(self.user.id)?;
            if let Err(locked) = refuse_if_locked(&user, ctx.now) {
                return Ok(Err(locked));
            }
            match enrol::finish(ctx, tx, self.tenant, &user, &code, true)? {
                Ok(finished) => self
                    .finish_in(tx, &user, Factor::Totp, None, Some(finished.recovery_codes))
                    .map(Ok),
                Err(e) => Ok(Err(e)),
            }
        })??;
        report(&view)
    }

    /// Without a terminal and without --code: the pending enrolment is printed (its
    /// secret in --json) and the run ends with exit 4 naming --code.
    fn stop_for_enrolment(&self) -> Result<Error> {
        let (ctx, user, decision) = (self.ctx, self.user, self.decision);
        let may_skip = decision.next == Next::EnrolOrSkip;
        let pending = ctx
            .store
            .write(|tx| enrol::start(ctx, tx, self.tenant, user))?;
        let mut value = serde_json::to_value(&pending)
            .map_err(|e| Error::environment("cannot render JSON").caused_by(e))?;
        value["next"] = "enrol".into();
        value["may_skip"] = may_skip.into();
        value["grace_ends_at"] = decision.grace_ends_at.filter(|_| may_skip).map(when).into();
        let mut text = format!(
            "2FA is required for {}: {}. Enrol an authenticator app:\n{}\nFinish with: mfactl login {} --code CODE",
            user.email,
            sources_text(&decision.sources),
            enrol::pending_text(&pending, ctx.qr_style)?,
            user.email
        );
        if may_skip {
            text.push_str(" (or --skip until the grace period ends)");
        }
        let flag = if may_skip {
            "--code (or --skip)"
        } else {
            "--code"
        };
        Ok(Error::input_required(
            flag,
            format!("{} must enrol an authenticator app to sign in", user.email),
        )
        .with_output(value, text))
    }

    /// A successful sign-in in its own transaction.
    pub(super) fn complete(
        &self,
        factor: Factor,
        device: Option<String>,
        recovery_codes: Option<Vec<String>>,
    ) -> Result<Report> {
        let view = self.ctx.store.write(|tx| {
            let user = tx.user_by_id(self.user.id)?;
            self.finish_in(tx, &user, factor, device, recovery_codes)
        })?;
        report(&view)
    }

    /// Records a complete sign-in in `tx`: the failure count goes back to 0, the
    /// decision is audited, and with `--remember` a device token is issued.
    fn finish_in(
        &self,
        tx: &Tx<'_>,
        user: &User,
        factor: Factor,
        device: Option<String>,
        recovery_codes: Option<Vec<String>>,
    ) -> Result<LoginView> {
        let (ctx, tenant, decision) = (self.ctx, self.tenant, self.decision);
        let skipped = factor == Factor::Password && decision.required();
        tx.set_lock(user.id, 0, None)?;
        let mut view = LoginView {
            email: user.email.clone(),
            tenant: tenant.name.clone(),
            factor,
            skipped_enrolment: skipped,
            grace_ends_at: decision.grace_ends_at.filter(|_| skipped).map(when),
            recovery_codes: recovery_codes.filter(|codes| !codes.is_empty()),
            device_token: None,
            device_id: device,
            device_expires_at: None,
        };
        if self.args.remember && factor != Factor::RememberedDevice {
            if tenant.auth.remember_device_days == 0 {
                output::warn(&format!(
                    "tenant {} does not remember devices; --remember was ignored",
                    tenant.name
                ));
            } else {
                let token = Secret::new(secrets::random_hex::<32>()?);
                let id = secrets::random_hex::<4>()?;
                let expires = ctx.now + i64::from(tenant.auth.remember_device_days) * 86_400;
                tx.insert_device(
                    user.id,
                    &id,
                    &ctx.key.keyed_hash("device", token.expose()),
                    ctx.now,
                    expires,
                )?;
                secrets::save_token(
                    &paths::device_token_path(&ctx.key.id(), &tenant.name, &user.email)?,
                    &token,
                )?;
                view.device_token = Some(token.expose().to_owned());
                view.device_id = Some(id);
                view.device_expires_at = Some(when(expires));
            }
        }
        let action = if skipped {
            "login.skip_enrolment"
        } else {
            "login"
        };
        let details = json!({
            "factor": factor,
            "required_by": decision.sources,
            "grace_ends_at": view.grace_ends_at,
            "enrolled_now": view.recovery_codes.is_some(),
            "device": view.device_id,
        });
        ctx.audit(
            tx,
            &NewEntry::new(action, target("user", tenant, &user.email), details),
        )?;
        Ok(view)
    }
}

fn sources_text(sources: &[Source]) -> String {
    sources
        .iter()
        .map(Source::describe)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Why enrolment may not be skipped.
fn no_skip(decision: &Decision) -> Error {
    let strict = decision
        .sources
        .iter()
        .find(|s| matches!(s, Source::Company { .. } | Source::Role { .. }));
    let why = match (strict, decision.grace_ends_at) {
        (Some(source), _) => format!("{}, which allows no grace period", source.describe()),
        (None, Some(end)) => format!("the grace period ended at {}", when(end)),
        (None, None) => "the tenant gives no grace period".to_owned(),
    };
    Error::policy(format!("enrolment cannot be skipped: {why}"))
        .with_hint("enrol now: run login again without --skip")
}
