//! One step of a sign-in: a write transaction that reads the user as they are now,
//! asks the policy and `core::signin::decide`, and records the outcome (the counter, the
//! lock, the codes used up, an enrolment, a remembered device, the audit entries)
//! before it commits. Nothing is decided on a snapshot read before a prompt.

use serde::Serialize;
use serde_json::json;

use crate::commands::factor::{Factors, record_failure, record_pass};
use crate::commands::{email, enrol, policy_facts, target, when};
use crate::core::audit::NewEntry;
use crate::core::email::{Notice, Purpose};
use crate::core::model::{Tenant, User};
use crate::core::policy::{self, Decision, Next};
use crate::core::settings::Method;
use crate::core::signin::{self, EnrolProof, Factor, Outcome, Pass, Presented};
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::secrets::{self, Secret};
use crate::store::Tx;
use crate::{output, paths};

/// A second factor chosen with `--method`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chosen {
    Totp,
    Email,
    Recovery,
    /// A temporary access pass from support.
    Pass,
}

/// What one step presents, beside the password.
#[derive(Debug, Clone)]
pub enum Presentation {
    /// Nothing more: a remembered device (its token's keyed hash) may count.
    Nothing { device_hash: Option<String> },
    /// Six digits from the app (the enrolled one, or the one being enrolled).
    Code(String),
    /// A recovery code's keyed hash.
    Recovery(String),
    /// `--skip`.
    Skip,
    /// A temporary access pass (`core::pass::normalize`d); its keyed hash is bound to
    /// the stored pass's times and the user's epoch, so it is made in the step.
    Pass(Secret),
}

/// A successful sign-in, as scripts see it.
#[derive(Debug, Serialize)]
pub struct LoginView {
    pub email: String,
    pub tenant: String,
    pub factor: Factor,
    pub skipped_enrolment: bool,
    pub grace_ends_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recovery_codes: Option<Vec<String>>,
    /// After a sign-in with a recovery code: how many are left.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recovery_codes_left: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_expires_at: Option<String>,
}

/// What a step found and recorded.
pub struct Stepped {
    pub outcome: Outcome,
    pub decision: Decision,
    /// The second factor the step asked for (the chosen one, or the tenant's primary).
    pub method: Chosen,
    /// The user as the step read them.
    pub user: User,
    /// The signed-in view, when the step passed.
    pub view: Option<LoginView>,
    /// The pending enrolment started (or still valid), when one was asked for.
    pub pending: Option<enrol::Pending>,
    /// The error to give, for a failed attempt (recorded before it is given).
    pub error: Option<Error>,
    /// Whether the user holds an access pass still valid (said at the prompts).
    pub holds_pass: bool,
    /// The user's tenant, as the step read it.
    pub tenant_name: String,
}

/// The sign-in of one user, after the password was read and checked once.
pub struct SignIn<'a> {
    pub ctx: &'a Ctx,
    pub tenant: Tenant,
    pub user_id: i64,
    pub password: Secret,
    /// The hash the password was checked against (once, before the first step), and
    /// whether it matched.
    pub checked_hash: String,
    pub password_matched: bool,
    /// `--method`, or the method switched to at a prompt.
    pub method: std::cell::Cell<Option<Chosen>>,
    pub remember: bool,
}

impl SignIn<'_> {
    /// Runs one step in a write transaction. With `start_pending`, an enrolment the
    /// policy asks for is started (or the valid one shown) in the same transaction. A
    /// lock it sets, or an enrolment it finishes, is told to the user once committed.
    pub fn step(&self, presentation: &Presentation, start_pending: bool) -> Result<Stepped> {
        let stepped = self.step_in_transaction(presentation, start_pending)?;
        let notice = match &stepped.outcome {
            Outcome::Failed {
                locked_until: Some(until),
                ..
            } => Some(Notice::Locked { until: *until }),
            Outcome::Passed(pass) if pass.enrolled => Some(Notice::TurnedOn),
            Outcome::Proved {
                proof: EnrolProof::Pass,
                ..
            } => Some(Notice::AccessPassUsed),
            _ => None,
        };
        if let Some(notice) = notice {
            email::notify(self.ctx, &self.tenant, &stepped.user.email, &notice);
        }
        Ok(stepped)
    }

    fn step_in_transaction(
        &self,
        presentation: &Presentation,
        start_pending: bool,
    ) -> Result<Stepped> {
        let ctx = self.ctx;
        ctx.store.write(|tx| {
            let now = ctx.now();
            let tenant = tx.tenant_by_id(self.tenant.id)?;
            let user = tx.user_by_id(self.user_id)?;
            let password_ok = self.password_ok(tx, &user)?;
            let decision = policy::evaluate(&policy_facts(tx, &tenant, &user)?, now);
            let factors = Factors::read(ctx, tx, &user, Purpose::SignIn)?;
            // An enrolment opened by a proof takes the codes of its new authenticator,
            // whatever method the policy would otherwise ask for.
            let finishing = factors.pending_proof().is_some()
                && factors
                    .pending_started_at()
                    .is_some_and(|started| signin::pending_valid(started, now));
            let (next, method) = self.effective_next(&decision, &user, finishing)?;
            // Only a sign-in that knows the password ages the user's pass out.
            let holds_pass = password_ok && self.expire_pass(tx, &tenant, &user, &factors, now)?;
            let mut facts = factors.facts(&user, now, password_ok, next);
            facts.remember_days = tenant.auth.remember_device_days;
            facts.reset = user.reset_at.is_some();
            facts.pending_proof = factors.pending_proof();
            facts.access_pass = factors.access_pass().filter(|_| holds_pass);
            let mut device = None;
            let email_hash;
            let pass_hash;
            let presented = match presentation {
                Presentation::Nothing { device_hash } => {
                    device = device_hash
                        .as_deref()
                        .map(|hash| tx.device_by_token(user.id, hash))
                        .transpose()?
                        .flatten();
                    facts.device = device.as_ref().map(crate::store::Device::fact);
                    Presented::Nothing
                }
                Presentation::Code(code) if method == Chosen::Email && !finishing => {
                    email_hash = email::code_hash(ctx, user.id, Purpose::SignIn, code);
                    Presented::EmailCode(&email_hash)
                }
                Presentation::Code(code) => Presented::Code(code),
                Presentation::Recovery(hash) => Presented::Recovery(hash),
                Presentation::Skip => Presented::Skip,
                Presentation::Pass(pass) => {
                    pass_hash = factors.access_pass().map_or_else(String::new, |row| {
                        ctx.pass_hash(
                            user.id,
                            user.credential_epoch,
                            (row.issued_at, row.expires_at),
                            pass.expose(),
                        )
                    });
                    Presented::Pass(&pass_hash)
                }
            };
            let mut stepped = Stepped {
                outcome: signin::decide(&facts, presented),
                decision,
                method,
                user: user.clone(),
                view: None,
                pending: None,
                error: None,
                holds_pass,
                tenant_name: tenant.name.clone(),
            };
            self.record_outcome(tx, &tenant, &user, &mut stepped, device, start_pending, now)?;
            Ok(stepped)
        })
    }

    /// Records the outcome of a step in its transaction: a failure (counted, the lock
    /// at the fifth), the grace period's start, a sign-in, a pending enrolment started,
    /// or what a proof used up and the enrolment it opens.
    #[expect(clippy::too_many_arguments, reason = "the parts of one step's record")]
    fn record_outcome(
        &self,
        tx: &Tx<'_>,
        tenant: &Tenant,
        user: &User,
        stepped: &mut Stepped,
        device: Option<crate::store::Device>,
        start_pending: bool,
        now: i64,
    ) -> Result<()> {
        let ctx = self.ctx;
        let outcome = stepped.outcome.clone();
        match &outcome {
            Outcome::Locked { .. } | Outcome::Failed { .. } | Outcome::ClockBehind { .. } => {
                stepped.error = Some(record_failure(
                    ctx,
                    tx,
                    tenant,
                    user,
                    "login.failed",
                    &outcome,
                )?);
                return Ok(());
            }
            // The first sign-in at which 2FA is required starts the grace period; a
            // refused one (a skip that may not be, a code with nothing to check)
            // changes nothing.
            Outcome::Passed(_)
            | Outcome::NeedsEnrolment { .. }
            | Outcome::NeedsProof { .. }
            | Outcome::NeedsCode => {
                self.start_grace(tx, tenant, user, &stepped.decision, now)?;
            }
            _ => {}
        }
        match &outcome {
            Outcome::Passed(pass) => {
                let device = device
                    .filter(|_| pass.factor == Factor::RememberedDevice)
                    .map(|device| device.id);
                let view =
                    self.record_sign_in(tx, tenant, user, &stepped.decision, pass, device, now)?;
                stepped.view = Some(view);
            }
            Outcome::NeedsEnrolment { .. } if start_pending => {
                stepped.pending = Some(enrol::start(ctx, tx, tenant, user, "login", None)?);
            }
            // A skip refused after the right password: audited, not counted.
            Outcome::SkipRefused => {
                let details = json!({
                    "counted": false,
                    "required_by": stepped.decision.sources,
                    "grace_ends_at": stepped.decision.grace_ends_at.map(when),
                });
                let user_target = target("user", tenant, &user.email);
                ctx.audit(
                    tx,
                    &NewEntry::new("login.skip_refused", user_target, details),
                )?;
            }
            Outcome::Proved { proof, email_code } => {
                self.record_proof(tx, tenant, user, *proof, *email_code, now)?;
                stepped.holds_pass = false;
                stepped.pending = Some(enrol::start(ctx, tx, tenant, user, "login", Some(*proof))?);
            }
            _ => {}
        }
        Ok(())
    }

    /// Records what a proof used up before it opens an enrolment: the access pass (one
    /// use), or the email code. The sign-in is not complete: the failure count stays.
    fn record_proof(
        &self,
        tx: &Tx<'_>,
        tenant: &Tenant,
        user: &User,
        proof: EnrolProof,
        email_code: Option<i64>,
        now: i64,
    ) -> Result<()> {
        let action = match proof {
            EnrolProof::Pass => {
                if !tx.delete_access_pass(user.id)? {
                    return Err(Error::environment("the access pass was used meanwhile"));
                }
                // The account is being recovered: remembered devices go, and a pass row
                // put back in the database alone no longer matches the epoch.
                tx.credentials_changed(user.id)?;
                "user.access_pass_used"
            }
            EnrolProof::Email => {
                let spent = match email_code {
                    Some(id) => tx.use_email_code(id, now)?,
                    None => false,
                };
                if !spent {
                    return Err(Error::environment("the email code was used meanwhile"));
                }
                "user.enrolment_proved"
            }
        };
        let details = json!({ "proof": proof, "reset_at": user.reset_at.map(when) });
        self.ctx.audit(
            tx,
            &NewEntry::new(action, target("user", tenant, &user.email), details),
        )
    }

    /// An access pass that expired is removed and its expiry audited, at the first step
    /// of the user's that sees it. Returns whether the user holds a pass still valid.
    fn expire_pass(
        &self,
        tx: &Tx<'_>,
        tenant: &Tenant,
        user: &User,
        factors: &Factors,
        now: i64,
    ) -> Result<bool> {
        let Some(pass) = factors.access_pass() else {
            return Ok(false);
        };
        if pass.valid_at(now) || pass.issued_at > now {
            // A pass issued under a clock ahead of this one is not valid yet, nor expired.
            return Ok(pass.valid_at(now));
        }
        tx.delete_access_pass(user.id)?;
        let details = json!({
            "issued_at": when(pass.issued_at),
            "expired_at": when(pass.expires_at),
        });
        self.ctx.audit(
            tx,
            &NewEntry::new(
                "user.access_pass_expired",
                target("user", tenant, &user.email),
                details,
            ),
        )?;
        Ok(false)
    }

    /// Whether the password matches the hash the store holds now: the answer of the
    /// check made before, or (only if the password was changed meanwhile) a new check.
    /// Right or wrong, an attempt costs one argon2 verification, so its time does not
    /// tell a locked account's password.
    fn password_ok(&self, tx: &Tx<'_>, user: &User) -> Result<bool> {
        let Some(hash) = tx.password_hash(user.id)? else {
            return Err(no_password(user));
        };
        Ok(if hash == self.checked_hash {
            self.password_matched
        } else {
            secrets::verify_password(self.password.expose(), &hash)?
        })
    }

    /// A password hash imported from another system (bcrypt, scrypt, PBKDF2, argon2i) is
    /// replaced by an argon2id hash of the password at the first sign-in that passes, in
    /// its transaction (SPEC §8). Only a sign-in that passed pays for the new hash: a
    /// failed or locked attempt takes no longer for it, so its time says nothing.
    /// Returns whether the hash was replaced.
    fn upgrade_hash(&self, tx: &Tx<'_>, user: &User) -> Result<bool> {
        let Some(hash) = tx.password_hash(user.id)? else {
            return Ok(false);
        };
        if !secrets::needs_rehash(&hash) {
            return Ok(false);
        }
        // bcrypt reads the first 72 bytes of a password: a longer one passed on those
        // alone, and a hash of all of it could shut out the user whose password it was
        // (the same 72 bytes, another end). Such a hash stays until `user set-password`.
        if hash.starts_with("$2") && self.password.expose().len() > 72 {
            return Ok(false);
        }
        let upgraded = secrets::hash_password(self.password.expose())?;
        tx.upgrade_password_hash(user.id, &hash, &upgraded)
    }

    /// What the policy asks, with the user's choice of method applied, and that method:
    /// by default the tenant's primary (or the user's own app). Choosing the app
    /// without one enrolled means enrolling it now; choosing email where it is offered
    /// means a code by email, enrolled or not.
    fn effective_next(
        &self,
        decision: &Decision,
        user: &User,
        finishing: bool,
    ) -> Result<(Next, Chosen)> {
        let enrolled = user.totp_enrolled_at.is_some();
        // A pass is checked whatever the policy asks; so is the code of an enrolment
        // opened by a proof.
        match self.method.get() {
            Some(Chosen::Pass) => return Ok((decision.next, Chosen::Pass)),
            chosen if finishing => return Ok((decision.next, chosen.unwrap_or(Chosen::Totp))),
            _ => {}
        }
        if decision.next == Next::Nothing {
            return Ok((Next::Nothing, Chosen::Totp));
        }
        let default = match decision.methods.first() {
            Some(Method::Email) if !enrolled => Chosen::Email,
            _ => Chosen::Totp,
        };
        let method = self.method.get().unwrap_or(default);
        let available = match method {
            Chosen::Totp => decision.methods.contains(&Method::Totp),
            Chosen::Email => decision.methods.contains(&Method::Email),
            Chosen::Recovery => enrolled,
            Chosen::Pass => true,
        };
        if !available {
            let mut names: Vec<&str> = decision.methods.iter().map(|m| m.as_str()).collect();
            if enrolled {
                names.push("recovery");
            }
            let hint = format!("use --method {}", names.join(" or --method "));
            // SPEC §1: a refused method names the source that rules it out.
            let message = match (&decision.email_refused, method) {
                (Some(why), Chosen::Email) => {
                    format!("an email code is not offered to {}: {why}", user.email)
                }
                _ => format!("that method is not available to {}", user.email),
            };
            return Err(Error::policy(message).with_hint(hint));
        }
        let enrolling = matches!(decision.next, Next::Enrol | Next::EnrolOrSkip);
        Ok(match method {
            // After a reset, an email code proves it is them before a new app is enrolled
            // (`core::signin::decide`): the sign-in then enrols, as the policy asks.
            Chosen::Email if user.reset_at.is_some() && enrolling => (decision.next, Chosen::Email),
            Chosen::Email => (Next::Verify, Chosen::Email),
            Chosen::Totp if !enrolled && decision.next == Next::Verify => {
                (Next::Enrol, Chosen::Totp)
            }
            Chosen::Totp | Chosen::Recovery | Chosen::Pass => (decision.next, method),
        })
    }

    /// Records the first sign-in at which 2FA is required for the user: the grace
    /// period runs from here (audited). A start recorded under a clock that ran ahead is
    /// replaced by now.
    fn start_grace(
        &self,
        tx: &Tx<'_>,
        tenant: &Tenant,
        user: &User,
        decision: &Decision,
        now: i64,
    ) -> Result<()> {
        let started = user.grace_started_at.filter(|&start| start <= now);
        if !decision.required() || started.is_some() {
            return Ok(());
        }
        tx.start_grace(user.id, now)?;
        let details = json!({
            "required_by": decision.sources,
            "grace_ends_at": decision.grace_ends_at.map(when),
            "replaced_start_ahead_of_clock": user.grace_started_at.map(when),
        });
        self.ctx.audit(
            tx,
            &NewEntry::new(
                "user.grace_start",
                target("user", tenant, &user.email),
                details,
            ),
        )
    }

    /// Records a complete sign-in: what it used up, an enrolment finished inside it, a
    /// device remembered (only after a second factor), and the audit entry.
    #[expect(
        clippy::too_many_arguments,
        reason = "the parts of one sign-in's record"
    )]
    fn record_sign_in(
        &self,
        tx: &Tx<'_>,
        tenant: &Tenant,
        user: &User,
        decision: &Decision,
        pass: &Pass,
        device: Option<String>,
        now: i64,
    ) -> Result<LoginView> {
        let ctx = self.ctx;
        record_pass(tx, user, pass, now)?;
        let rehashed = self.upgrade_hash(tx, user)?;
        let recovery_codes = if pass.enrolled {
            let step = pass.step.unwrap_or_default();
            Some(enrol::activate(ctx, tx, tenant, user, step, now)?.recovery_codes)
        } else {
            None
        };
        let mut view = LoginView {
            email: user.email.clone(),
            tenant: tenant.name.clone(),
            factor: pass.factor,
            skipped_enrolment: pass.skipped_enrolment,
            grace_ends_at: decision
                .grace_ends_at
                .filter(|_| pass.skipped_enrolment)
                .map(when),
            recovery_codes,
            recovery_codes_left: None,
            device_token: None,
            device_id: device,
            device_expires_at: None,
        };
        if pass.factor == Factor::Recovery {
            view.recovery_codes_left = Some(tx.recovery_codes_left(user.id)?);
        }
        if let Some(id) = &view.device_id {
            tx.touch_device(id, now)?;
        }
        if self.remember {
            self.remember_device(tx, tenant, user, pass.factor, &mut view, now)?;
        }
        let action = if pass.skipped_enrolment {
            "login.skip_enrolment"
        } else {
            "login"
        };
        let details = json!({
            "factor": pass.factor,
            "required_by": decision.sources,
            "grace_ends_at": view.grace_ends_at,
            "enrolled_now": pass.enrolled,
            "device": view.device_id,
            "remembered": view.device_token.is_some(),
            "password_rehashed": rehashed,
        });
        ctx.audit(
            tx,
            &NewEntry::new(action, target("user", tenant, &user.email), details),
        )?;
        Ok(view)
    }

    /// `--remember`: a device token, issued only by a sign-in that passed a second
    /// factor, bound to the user's credentials as they are after this sign-in.
    fn remember_device(
        &self,
        tx: &Tx<'_>,
        tenant: &Tenant,
        user: &User,
        factor: Factor,
        view: &mut LoginView,
        now: i64,
    ) -> Result<()> {
        let ctx = self.ctx;
        if factor == Factor::RememberedDevice {
            return Ok(());
        }
        if !factor.is_second_factor() {
            output::warn(
                "--remember was ignored: a device is remembered only by a sign-in that passed a second factor",
            );
            return Ok(());
        }
        let Some(expires) = signin::device_expires_at(now, tenant.auth.remember_device_days) else {
            output::warn(&format!(
                "tenant {} does not remember devices; --remember was ignored",
                tenant.name
            ));
            return Ok(());
        };
        let token = Secret::new(secrets::random_hex::<32>()?);
        let id = secrets::random_hex::<4>()?;
        tx.insert_device(
            user.id,
            &id,
            &ctx.device_hash(user.id, token.expose()),
            factor.as_str(),
            now,
        )?;
        secrets::save_token(&token_path(ctx, &tenant.name, &user.email)?, &token)?;
        view.device_token = Some(token.expose().to_owned());
        view.device_id = Some(id);
        view.device_expires_at = Some(when(expires));
        Ok(())
    }
}

/// Where this machine keeps the device token of a user of this store: filed under the
/// store's first key (`KeyRing::original`), so a rekey does not lose it.
pub fn token_path(ctx: &Ctx, tenant: &str, email: &str) -> Result<std::path::PathBuf> {
    let original = ctx.ring.original(&ctx.key);
    let file_id = original.keyed_hash("device-file", &format!("{tenant}\u{0}{email}"));
    paths::device_token_path(&original.id(), &file_id[..32])
}

/// The error for a local user with no password yet.
pub fn no_password(user: &User) -> Error {
    Error::policy(format!("{} has no password yet", user.email)).with_hint(format!(
        "set one with `mfactl user set-password {}`",
        output::quoted(&user.email)
    ))
}
