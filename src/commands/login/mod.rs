//! `mfactl login EMAIL`: the sign-in flow of SPEC §2 with every policy rule applied.
//! Password → remembered device → the policy's decision: nothing more, verify a code,
//! enrol now (the shared flow of `enrol.rs`), or skip while the grace period lasts.
//! The steps after the password are in `sign_in.rs`.

mod sign_in;

use sign_in::SignIn;

use serde::Serialize;

use crate::app::Ctx;
use crate::cli::login::LoginArgs;
use crate::commands::factor::{Passed, record_failure, refuse_if_locked};
use crate::commands::{enrol, policy_facts, resolve_user};
use crate::core::codes::{self, Proof};
use crate::core::model::{Tenant, User, UserKind};
use crate::core::policy::{self, Next};
use crate::error::{Error, Result};
use crate::output::Report;
use crate::prompt;
use crate::secrets::{self};

/// How the user passed sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
enum Factor {
    /// No second factor was required (or enrolment was skipped).
    Password,
    Totp,
    Recovery,
    RememberedDevice,
}

impl Factor {
    fn describe(self) -> &'static str {
        match self {
            Factor::Password => "a password",
            Factor::Totp => "a password and an authenticator code",
            Factor::Recovery => "a password and a recovery code",
            Factor::RememberedDevice => "a password on a remembered device",
        }
    }
}

impl From<Passed> for Factor {
    fn from(passed: Passed) -> Self {
        match passed {
            Passed::Totp => Factor::Totp,
            Passed::Recovery => Factor::Recovery,
        }
    }
}

/// A successful sign-in, as scripts see it.
#[derive(Debug, Serialize)]
struct LoginView {
    email: String,
    tenant: String,
    factor: Factor,
    skipped_enrolment: bool,
    grace_ends_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    recovery_codes: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    device_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    device_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    device_expires_at: Option<String>,
}

/// A method chosen with `--method`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chosen {
    Totp,
    Email,
    Recovery,
}

fn chosen(text: &str) -> Chosen {
    match text {
        "email" => Chosen::Email,
        "recovery" => Chosen::Recovery,
        _ => Chosen::Totp,
    }
}

/// Parses `--code` for the chosen method: a usage error before anything is checked.
fn parse_code(method: Chosen, input: &str) -> Result<Proof> {
    match method {
        Chosen::Recovery => codes::recovery_code(input)
            .map(Proof::Recovery)
            .ok_or_else(|| {
                Error::usage(format!("{input:?} is not a recovery code"))
                    .with_hint("a recovery code looks like abcde-fghij")
            }),
        Chosen::Totp | Chosen::Email => codes::six_digits(input).map(Proof::Totp),
    }
}

pub fn run(ctx: &Ctx, args: &LoginArgs) -> Result<Report> {
    // A recovery code given without --method is taken as one.
    let method = args.method.as_deref().map(chosen).or_else(|| {
        args.code
            .as_deref()
            .and_then(codes::recovery_code)
            .map(|_| Chosen::Recovery)
    });
    if let Some(code) = &args.code {
        parse_code(method.unwrap_or(Chosen::Totp), code)?;
    }
    let (tenant, user) = ctx
        .store
        .read(|tx| resolve_user(tx, args.tenant.tenant.as_deref(), &args.email))?;
    if user.kind == UserKind::Sso {
        return Err(Error::policy(format!(
            "{} signs in through SSO, not with mfactl",
            user.email
        ))
        .with_hint(
            "SSO users sign in with their identity provider, which applies its own second factor",
        ));
    }
    refuse_if_locked(&user, ctx.now)?;
    check_password(ctx, args, &tenant, &user)?;

    let (user, decision) = ctx.store.write(|tx| {
        let user = tx.user_by_id(user.id)?;
        let decision = policy::evaluate(&policy_facts(tx, &tenant, &user)?, ctx.now);
        if decision.required() && user.grace_started_at.is_none() {
            tx.start_grace(user.id, ctx.now)?;
        }
        Ok((user, decision))
    })?;
    let sign_in = SignIn {
        ctx,
        args,
        tenant: &tenant,
        user: &user,
        decision: &decision,
    };
    if decision.next == Next::Verify && method.is_none() {
        if let Some(device_id) = sign_in.remembered_device()? {
            return sign_in.complete(Factor::RememberedDevice, Some(device_id), None);
        }
    }
    match decision.next {
        Next::Nothing => sign_in.complete(Factor::Password, None, None),
        Next::Verify => sign_in.verify(method),
        Next::Enrol | Next::EnrolOrSkip => sign_in.enrol_or_skip(),
    }
}

/// Step 1: the password; a wrong one counts towards the lock.
fn check_password(ctx: &Ctx, args: &LoginArgs, tenant: &Tenant, user: &User) -> Result<()> {
    let password = if args.password_stdin {
        prompt::password_from_stdin()?
    } else {
        prompt::password(ctx.interactive, "Password: ", "--password-stdin")?
    };
    let Some(hash) = ctx.store.read(|tx| tx.password_hash(user.id))? else {
        return Err(
            Error::policy(format!("{} has no password yet", user.email)).with_hint(format!(
                "set one with `mfactl user set-password {}`",
                user.email
            )),
        );
    };
    if secrets::verify_password(password.expose(), &hash) {
        return Ok(());
    }
    let error = ctx.store.write(|tx| {
        let user = tx.user_by_id(user.id)?;
        if let Err(locked) = refuse_if_locked(&user, ctx.now) {
            return Ok(locked);
        }
        record_failure(ctx, tx, tenant, &user, Error::auth_failed("wrong password"))
    })?;
    Err(error)
}

fn report(view: &LoginView) -> Result<Report> {
    let mut text = format!(
        "Signed in as {} (tenant {}) with {}.",
        view.email,
        view.tenant,
        view.factor.describe()
    );
    if view.skipped_enrolment {
        text.push_str(&format!(
            "\n2FA enrolment skipped; the grace period ends at {}.",
            view.grace_ends_at.clone().unwrap_or_default()
        ));
    }
    if let Some(codes) = &view.recovery_codes {
        text.push_str(&format!(
            "\n2FA is now on.\n{}",
            enrol::recovery_text(codes).trim_end()
        ));
    }
    if let (Some(id), Some(expires)) = (&view.device_id, &view.device_expires_at) {
        text.push_str(&format!(
            "\nThis device is remembered until {expires} (device {id})."
        ));
    }
    // Recovery codes and a device token are shown once: never silenced by -q.
    if view.recovery_codes.is_some() || view.device_token.is_some() {
        Report::data(view, text)
    } else {
        Report::done(view, text)
    }
}
