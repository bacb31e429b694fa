//! `mfactl login EMAIL`: the sign-in flow of SPEC §2 with every policy rule applied.
//! The password is read and checked once; then each step (a remembered device, a code,
//! an enrolment inside login, a skip in the grace period) is decided by
//! `core::signin::decide` and recorded in one transaction (`step.rs`). On a terminal a
//! missing answer is asked for; without one the run stops with exit 4 naming the flag.

mod proof;
pub(crate) mod step;

use step::{Chosen, LoginView, Presentation, SignIn, Stepped, no_password, token_path};

use crate::cli::login::LoginArgs;
use crate::commands::factor::{code_length_error, no_email_code};
use crate::commands::{email, enrol, resolve_user, when};
use crate::core::codes::{self, Proof};
use crate::core::email::Purpose;
use crate::core::lockout;
use crate::core::model::UserKind;
use crate::core::pass;
use crate::core::policy::{Decision, Source};
use crate::core::settings::Method;
use crate::core::signin::{Factor, Failure, Outcome};
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::output::{self, Report, quoted};
use crate::prompt::{self, Tries, Try};
use crate::secrets::{self, Secret};

fn chosen(text: &str) -> Chosen {
    match text {
        "email" => Chosen::Email,
        "recovery" => Chosen::Recovery,
        "pass" => Chosen::Pass,
        _ => Chosen::Totp,
    }
}

/// Parses a code for the chosen method: a usage error before anything is checked.
/// Without `--method`, six digits, a recovery code and an access pass are all taken;
/// eight digits too, for an authenticator imported with eight (the step refuses a code
/// whose length is not its authenticator's, before checking it).
fn parse_code(method: Option<Chosen>, input: &str) -> Result<Proof> {
    match method {
        Some(Chosen::Pass) => pass::parse(input).map(Proof::Pass),
        Some(Chosen::Recovery) => {
            codes::recovery_code(input)
                .map(Proof::Recovery)
                .ok_or_else(|| {
                    Error::usage(format!("{input:?} is not a recovery code"))
                        .with_hint("a recovery code looks like abcde-fghij")
                })
        }
        Some(Chosen::Email) => codes::six_digits(input).map(Proof::Totp),
        Some(Chosen::Totp) => codes::totp_code(input).map(Proof::Totp),
        None => match (codes::recovery_code(input), pass::normalize(input)) {
            (Some(code), _) => Ok(Proof::Recovery(code)),
            (None, Some(pass)) => Ok(Proof::Pass(pass)),
            (None, None) => codes::totp_code(input).map(Proof::Totp),
        },
    }
}

impl SignIn<'_> {
    fn presentation(&self, proof: Proof) -> Presentation {
        match proof {
            Proof::Totp(code) => Presentation::Code(code),
            Proof::Recovery(code) => {
                Presentation::Recovery(self.ctx.recovery_hash(self.user_id, &code))
            }
            Proof::Pass(pass) => Presentation::Pass(Secret::new(pass)),
        }
    }
}

pub fn run(ctx: &Ctx, args: &LoginArgs) -> Result<Report> {
    let method = args.method.as_deref().map(chosen);
    let proof = args
        .code
        .as_deref()
        .map(|code| parse_code(method, code))
        .transpose()?;
    let (tenant, user, hash) = ctx.store.read(|tx| {
        let (tenant, user) = resolve_user(tx, args.tenant.tenant.as_deref(), &args.email)?;
        let hash = tx.password_hash(user.id)?;
        Ok((tenant, user, hash))
    })?;
    if user.kind == UserKind::Sso {
        return Err(Error::policy(format!(
            "{} signs in through SSO, not with mfactl",
            user.email
        ))
        .with_hint(
            "SSO users sign in with their identity provider, which applies its own second factor",
        ));
    }
    let Some(hash) = hash else {
        return Err(no_password(&user));
    };
    let password = if args.password_stdin {
        prompt::password_from_stdin()?
    } else {
        prompt::password(ctx.interactive, "Password: ", "--password-stdin")?
    };
    // argon2 outside the transaction; the step re-checks the hash is still this one.
    let password_matched = secrets::verify_password(password.expose(), &hash)?;
    let sign_in = SignIn {
        ctx,
        tenant,
        user_id: user.id,
        password,
        checked_hash: hash,
        password_matched,
        method: std::cell::Cell::new(method),
        remember: args.remember,
    };
    let presentation = match proof {
        Some(proof) => sign_in.presentation(proof),
        None if args.skip => Presentation::Skip,
        // `--method pass` alone: the pass is asked for after the password.
        None if method == Some(Chosen::Pass) => proof::ask_for_pass(&sign_in)?,
        None => Presentation::Nothing {
            device_hash: device_token(ctx, args, &sign_in.tenant.name, &user.email)
                .map(|token| ctx.device_hash(user.id, token.expose())),
        },
    };
    let stepped = sign_in.step(&presentation, !ctx.interactive || ctx.json)?;
    match stepped.outcome {
        Outcome::NeedsCode => {
            if args.device_token.is_some() {
                output::warn(
                    "the device token is unknown, expired or revoked: a second factor is needed",
                );
            }
            ask_for_code(&sign_in, &stepped)
        }
        Outcome::NeedsEnrolment { may_skip } if ctx.interactive && !ctx.json => enrol_here(
            &sign_in,
            &stepped.user.email,
            &stepped.decision,
            may_skip,
            args.qr,
        ),
        Outcome::NeedsEnrolment { may_skip } => {
            Err(stop_for_enrolment(ctx, &stepped, may_skip, args.qr)?)
        }
        Outcome::Proved { .. } => proof::enrol_after_proof(&sign_in, &stepped, args.qr),
        Outcome::NeedsProof { may_skip } => proof::prove(&sign_in, &stepped, may_skip, args.qr),
        Outcome::FinishEnrolment { proof, expires_at } => {
            proof::finish(&sign_in, &stepped, proof, expires_at)
        }
        _ => report(&signed_in(stepped)?),
    }
}

/// The second factor was asked for and not given: a code by email is sent first; on a
/// terminal the code is asked for (and the switch to the other method offered), without
/// one the run stops with exit 4 naming --code. On a terminal a wrong code is asked
/// again, up to `prompt::TRIES` counted tries in this run; a malformed one is asked
/// again without counting.
fn ask_for_code(sign_in: &SignIn<'_>, stepped: &Stepped) -> Result<Report> {
    let ctx = sign_in.ctx;
    let user = &stepped.user;
    let offers_email = stepped.decision.methods.contains(&Method::Email);
    let enrolled = user.totp_enrolled_at.is_some();
    let mut method = stepped.method;
    let mut email_sent = false;
    let mut tries = Tries::new();
    loop {
        let presentation = if method == Chosen::Email {
            // One code per run: each wrong try also counts on that code's five guesses.
            if !email_sent {
                let sent = email::send_code(ctx, &sign_in.tenant, user, Purpose::SignIn)?;
                if !ctx.interactive {
                    let text = format!(
                        "A code was sent to {} by email; it works once, until {}.\nFinish with: mfactl login {} --method email --code CODE",
                        user.email,
                        when(sent.expires_at),
                        quoted(&user.email)
                    );
                    return Err(Error::input_required(
                        "--method email --code CODE",
                        format!("{} must give the code sent by email", user.email),
                    )
                    .with_output(sent.json(user, &sign_in.tenant), text));
                }
                email_sent = true;
            }
            let question = if enrolled {
                format!(
                    "Code from the email sent to {} (or 'totp' for the app): ",
                    user.email
                )
            } else {
                format!("Code from the email sent to {}: ", user.email)
            };
            let answer = prompt::line(true, &question, "--code")?;
            if enrolled && answer.trim().eq_ignore_ascii_case("totp") {
                method = Chosen::Totp;
                sign_in.method.set(Some(method));
                continue;
            }
            let Ok(code) = codes::six_digits(&answer) else {
                output::tell(NOT_SIX_DIGITS);
                continue;
            };
            Presentation::Code(code)
        } else {
            let question = app_question(sign_in, stepped, offers_email);
            let answer = prompt::line(ctx.interactive, &question, "--code")?;
            if offers_email && answer.trim().eq_ignore_ascii_case("email") {
                method = Chosen::Email;
                sign_in.method.set(Some(method));
                continue;
            }
            // Only a terminal gets here (prompt::line stops without one). A code of the
            // other length than the app's is asked again, as any malformed one is.
            let digits = user.totp_params.digits;
            let parsed = parse_code(sign_in.method.get(), &answer).and_then(|proof| match proof {
                Proof::Totp(code) => codes::digits(&code, digits).map(Proof::Totp),
                other => Ok(other),
            });
            let Ok(proof) = parsed else {
                if digits != 6 {
                    output::tell(&format!(
                        "that is not a code of {digits} digits, as this authenticator shows (nor a recovery code like abcde-fghij); type it again"
                    ));
                    continue;
                }
                output::tell(match sign_in.method.get() {
                    Some(Chosen::Recovery) => {
                        "that is not a recovery code (it looks like abcde-fghij); type it again"
                    }
                    Some(_) => {
                        "that is not a 6-digit code (--method totp takes codes from the app only); type it again"
                    }
                    None => {
                        "that is not a 6-digit code (nor a recovery code like abcde-fghij); type it again"
                    }
                });
                continue;
            };
            sign_in.presentation(proof)
        };
        match counted_try(sign_in, &presentation)? {
            Try::Done(stepped) if matches!(stepped.outcome, Outcome::Proved { .. }) => {
                return proof::enrol_after_proof(sign_in, &stepped, false);
            }
            Try::Done(stepped) => return report(&signed_in(stepped)?),
            Try::Wrong { error, before_lock } => tries.wrong(error, before_lock)?,
        }
    }
}

/// The question for a code of the app (or a recovery code, or a switch to email, or an
/// access pass, as they are offered). `--method totp` takes app codes only: the question
/// offers nothing else. An authenticator imported with 8 digits says so.
fn app_question(sign_in: &SignIn<'_>, stepped: &Stepped, offers_email: bool) -> String {
    let mut question = match (sign_in.method.get(), offers_email) {
        (Some(Chosen::Recovery), _) => "Recovery code: ".to_owned(),
        (Some(_), true) => {
            "Code from the authenticator app (or 'email' for a code by email): ".to_owned()
        }
        (Some(_), false) => "Code from the authenticator app: ".to_owned(),
        (None, true) => {
            "Code from the authenticator app (a recovery code, or 'email' for a code by email): "
                .to_owned()
        }
        (None, false) => "Code from the authenticator app (or a recovery code): ".to_owned(),
    };
    let digits = stepped.user.totp_params.digits;
    if digits != 6 {
        question = question.replacen("Code from", &format!("{digits}-digit code from"), 1);
    }
    if stepped.holds_pass && sign_in.method.get().is_none() {
        question = question.replacen("): ", "; or the access pass support gave you): ", 1);
    }
    question
}

/// What a malformed code typed at a prompt is told; it is asked again, not counted.
const NOT_SIX_DIGITS: &str = "that is not a 6-digit code; type the six digits again";

/// One counted try of a code typed at a prompt: signed in, a wrong code that may be
/// tried again (with how many failures the account takes before it locks), or the
/// error that ends the run (a lock, a wrong password, no code left to check).
fn code_try(sign_in: &SignIn<'_>, presentation: &Presentation) -> Result<Try<LoginView>> {
    match counted_try(sign_in, presentation)? {
        Try::Done(stepped) => signed_in(stepped).map(Try::Done),
        Try::Wrong { error, before_lock } => Ok(Try::Wrong { error, before_lock }),
    }
}

/// One counted try of what was typed at a prompt: the step, or a wrong answer that
/// may be tried again (with how many failures the account takes before it locks).
fn counted_try(sign_in: &SignIn<'_>, presentation: &Presentation) -> Result<Try<Stepped>> {
    let stepped = sign_in.step(presentation, false)?;
    if let Outcome::Failed {
        failure,
        failed_attempts,
        locked_until: None,
        ..
    } = stepped.outcome
        && failure != Failure::WrongPassword
        && let Some(error) = stepped.error
    {
        return Ok(Try::Wrong {
            error,
            before_lock: Some(lockout::MAX_FAILURES.saturating_sub(failed_attempts)),
        });
    }
    Ok(Try::Done(stepped))
}

/// The token of a remembered device: `--device-token`, or the one saved on this machine.
fn device_token(ctx: &Ctx, args: &LoginArgs, tenant: &str, email: &str) -> Option<Secret> {
    match &args.device_token {
        Some(token) => Some(Secret::new(token.trim().to_owned())),
        // No data directory (no HOME) just means no token was saved here.
        None => token_path(ctx, tenant, email)
            .ok()
            .and_then(|path| secrets::load_token(&path)),
    }
}

/// The signed-in view of a step that passed, or the error of one that did not.
fn signed_in(stepped: Stepped) -> Result<LoginView> {
    if let Some(error) = stepped.error {
        return Err(error);
    }
    let email = &stepped.user.email;
    match stepped.outcome {
        Outcome::Passed(_) => stepped
            .view
            .ok_or_else(|| Error::environment("the sign-in was not recorded")),
        Outcome::NeedsCode => Err(Error::input_required(
            "--code",
            format!(
                "{email} must pass a second factor: a code of the authenticator app, or a recovery code"
            ),
        )),
        Outcome::NeedsEnrolment { .. } => Err(Error::input_required(
            "--code",
            format!("{email} must enrol an authenticator app to sign in"),
        )),
        Outcome::SkipRefused => Err(no_skip(&stepped.decision)),
        Outcome::CodeLength { expected } => Err(code_length_error(email, expected)),
        Outcome::NothingToCheck => Err(Error::usage(format!(
            "--code was given, but {email} has no second factor to check it against"
        ))
        .with_hint("sign in without --code")),
        Outcome::NoPendingEnrolment { expired_at } => {
            let why = match expired_at {
                Some(at) => format!("the enrolment started for {email} expired at {}", when(at)),
                None => format!("{email} has no enrolment in progress for --code to finish"),
            };
            Err(Error::not_found(why).with_hint(format!(
                "run `mfactl login {}` without --code to get a new key",
                quoted(email)
            )))
        }
        Outcome::NoEmailCode {
            expired_at,
            used_up,
        } => Err(no_email_code(
            email,
            expired_at,
            used_up,
            &format!("mfactl login {} --method email", quoted(email)),
        )),
        Outcome::NeedsProof { may_skip } => Err(proof::needs_proof(&stepped, may_skip)),
        Outcome::FinishEnrolment { proof, expires_at } => {
            Err(proof::finish_with_code(&stepped, proof, expires_at))
        }
        Outcome::Proved { .. } => Err(Error::environment(
            "the proof was accepted, but no enrolment was shown",
        )),
        Outcome::Locked { .. } | Outcome::Failed { .. } | Outcome::ClockBehind { .. } => {
            Err(Error::environment("the failed attempt was not recorded"))
        }
    }
}

/// On a terminal: enrol an authenticator app inside login (or skip while the grace
/// period lasts). Each code is checked, and counted, at the time it was typed.
fn enrol_here(
    sign_in: &SignIn<'_>,
    email: &str,
    decision: &Decision,
    may_skip: bool,
    qr: bool,
) -> Result<Report> {
    let ctx = sign_in.ctx;
    output::tell(&format!(
        "2FA is required for {email}: {}.",
        sources_text(&decision.sources)
    ));
    if may_skip {
        let until = decision.grace_ends_at.map(when).unwrap_or_default();
        let question = format!("Enrol an authenticator app now? You may skip until {until}.");
        if !prompt::yes_no(&question, true)? {
            return report(&signed_in(sign_in.step(&Presentation::Skip, false)?)?);
        }
    }
    let started = sign_in.step(&Presentation::Nothing { device_hash: None }, true)?;
    let Some(pending) = &started.pending else {
        return report(&signed_in(started)?);
    };
    output::tell(&enrol::pending_text(
        ctx,
        pending,
        enrol::Stream::Stderr,
        qr,
    )?);
    finish_here(sign_in)
}

/// On a terminal, once the key of a pending enrolment was shown: asks for the app's
/// codes (each checked, and counted, at the time it was typed) until one finishes the
/// enrolment, then shows the recovery codes.
fn finish_here(sign_in: &SignIn<'_>) -> Result<Report> {
    let mut view = enrol::ask_for_counted_code(|code| {
        code_try(sign_in, &Presentation::Code(code.to_owned()))
    })?;
    if let Some(codes) = view.recovery_codes.take() {
        enrol::show_recovery_codes(&view.email, &codes)?;
    }
    report(&view)
}

/// Without a terminal and without --code: the pending enrolment is printed (its secret
/// in --json) and the run ends with exit 4 naming --code.
fn stop_for_enrolment(ctx: &Ctx, stepped: &Stepped, may_skip: bool, qr: bool) -> Result<Error> {
    let decision = &stepped.decision;
    let email = stepped.user.email.as_str();
    let pending = stepped
        .pending
        .as_ref()
        .ok_or_else(|| Error::environment("no enrolment was started"))?;
    let mut value = serde_json::to_value(pending)
        .map_err(|e| Error::environment("cannot render JSON").caused_by(e))?;
    value["next"] = "enrol".into();
    value["may_skip"] = may_skip.into();
    value["grace_ends_at"] = decision.grace_ends_at.filter(|_| may_skip).map(when).into();
    let mut text = format!(
        "2FA is required for {email}: {}. Enrol an authenticator app:\n{}\nFinish with: mfactl login {} --code CODE",
        sources_text(&decision.sources),
        enrol::pending_text(ctx, pending, enrol::Stream::Stdout, qr)?,
        quoted(email)
    );
    if may_skip {
        text.push_str(" (or --skip until the grace period ends)");
    }
    if decision.methods.contains(&Method::Email) {
        text.push_str(&format!(
            "\nOr sign in with a code by email: mfactl login {} --method email",
            quoted(email)
        ));
    }
    let flag = if may_skip {
        "--code (or --skip)"
    } else {
        "--code"
    };
    Ok(Error::input_required(
        flag,
        format!("{email} must enrol an authenticator app to sign in"),
    )
    .with_output(value, text))
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
        (None, _) if decision.next == crate::core::policy::Next::Verify => {
            "a second factor is already enrolled: sign in with it".to_owned()
        }
        (None, Some(end)) => format!("the grace period ended at {}", when(end)),
        (None, None) => "the tenant gives no grace period".to_owned(),
    };
    Error::policy(format!("enrolment cannot be skipped: {why}"))
        .with_hint("run login again without --skip")
}

fn describe(factor: Factor) -> &'static str {
    match factor {
        Factor::Password => "a password",
        Factor::Totp => "a password and an authenticator code",
        Factor::Recovery => "a password and a recovery code",
        Factor::Email => "a password and a code sent by email",
        Factor::RememberedDevice => "a password on a remembered device",
        Factor::Pass => "a password and a temporary access pass",
    }
}

fn report(view: &LoginView) -> Result<Report> {
    let mut text = format!(
        "Signed in as {} (tenant {}) with {}.",
        view.email,
        view.tenant,
        describe(view.factor)
    );
    if view.skipped_enrolment {
        text.push_str(&format!(
            "\n2FA enrolment skipped; the grace period ends at {}.",
            view.grace_ends_at.clone().unwrap_or_default()
        ));
    }
    if let Some(left) = view.recovery_codes_left {
        text.push_str(&format!("\n{left} recovery codes left"));
        if left <= 3 {
            text.push_str(&format!(
                "; make new ones with `mfactl user recovery-codes {} --tenant {} --regenerate`",
                quoted(&view.email),
                quoted(&view.tenant)
            ));
        }
        text.push('.');
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
