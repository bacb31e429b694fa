//! The sign-ins that must prove who they are before an authenticator is enrolled (SPEC
//! §4): with a temporary access pass from support, or, after support reset the user's
//! factors, with an email code where email is one of the user's methods. A proof opens
//! an enrolment whose secret is shown once, to the run that gave the proof; the sign-in
//! completes only once a code of the new authenticator finishes it.

use serde_json::json;

use super::{counted_try, finish_here, report, signed_in, sources_text};
use crate::commands::login::step::{Chosen, Presentation, SignIn, Stepped};
use crate::commands::{email, enrol, when};
use crate::core::codes;
use crate::core::email::Purpose;
use crate::core::pass;
use crate::core::settings::Method;
use crate::core::signin::{EnrolProof, Outcome};
use crate::error::{Error, Result};
use crate::output::{self, Report, quoted};
use crate::prompt::{self, Tries, Try};
use crate::secrets::Secret;

/// `--method pass` without `--code`: the pass, asked for on a terminal (again when it
/// is not one, without counting); without a terminal the run stops with exit 4.
pub(super) fn ask_for_pass(sign_in: &SignIn<'_>) -> Result<Presentation> {
    loop {
        let answer = prompt::line(
            sign_in.ctx.interactive,
            "Access pass support gave you: ",
            "--code",
        )?;
        match pass::normalize(&answer) {
            Some(pass) => return Ok(Presentation::Pass(Secret::new(pass))),
            None => output::tell(
                "that is not an access pass (16 letters and digits, like ABCD-EFGH-JKMN-PQRS); type it again",
            ),
        }
    }
}

/// A proof was accepted and an enrolment opened: on a terminal its key is shown and
/// its codes asked for; without one (or with --json) the run stops with exit 4,
/// printing the key once, and `login EMAIL --code CODE` finishes it.
pub(super) fn enrol_after_proof(
    sign_in: &SignIn<'_>,
    stepped: &Stepped,
    qr: bool,
) -> Result<Report> {
    let ctx = sign_in.ctx;
    let email = stepped.user.email.as_str();
    let pending = stepped
        .pending
        .as_ref()
        .ok_or_else(|| Error::environment("no enrolment was started"))?;
    let by = match stepped.outcome {
        Outcome::Proved {
            proof: EnrolProof::Pass,
            ..
        } => "The access pass was accepted (it works only this once)",
        _ => "The code sent by email proved it is you",
    };
    if ctx.interactive && !ctx.json {
        output::tell(&format!(
            "{by}. Enrol a new authenticator app for {email} to finish signing in:\n{}",
            enrol::pending_text(ctx, pending, enrol::Stream::Stderr, qr)?
        ));
        return finish_here(sign_in);
    }
    let mut value = serde_json::to_value(pending)
        .map_err(|e| Error::environment("cannot render JSON").caused_by(e))?;
    value["next"] = "enrol".into();
    value["may_skip"] = false.into();
    if let Outcome::Proved { proof, .. } = stepped.outcome {
        value["proved_by"] = proof.as_str().into();
    }
    let text = format!(
        "{by}. Enrol a new authenticator app for {email} to finish signing in:\n{}\n\
         Finish with: mfactl login {} --code CODE",
        enrol::pending_text(ctx, pending, enrol::Stream::Stdout, qr)?,
        quoted(email)
    );
    Err(Error::input_required(
        "--code",
        format!("{email} must enrol a new authenticator app to finish signing in"),
    )
    .with_output(value, text))
}

/// Whether an email code may prove it is them: email is one of the methods the policy
/// offers the user (never where a company's enforcement or a role rules it out).
fn email_may_prove(stepped: &Stepped) -> bool {
    stepped.decision.methods.contains(&Method::Email)
}

/// The refusal of a sign-in that must prove it is them before enrolling, naming the
/// flags that give a proof.
pub(super) fn needs_proof(stepped: &Stepped, may_skip: bool) -> Error {
    let email = stepped.user.email.as_str();
    let by_email = email_may_prove(stepped);
    let mut proofs = vec!["pass"];
    let mut text = format!(
        "2FA is required for {email}: {}.\n\
         Support reset the authenticator of {email}{}: before a new one is enrolled, prove it is you.\n\
         With the access pass support gave you: mfactl login {} --method pass --code PASS",
        sources_text(&stepped.decision.sources),
        stepped
            .user
            .reset_at
            .map(|at| format!(" on {}", when(at)))
            .unwrap_or_default(),
        quoted(email)
    );
    if by_email {
        proofs.push("email");
        text.push_str(&format!(
            "\nOr with a code sent by email: mfactl login {} --method email",
            quoted(email)
        ));
    } else if let Some(why) = &stepped.decision.email_refused {
        text.push_str(&format!("\n(No code by email: {why}.)"));
    }
    if may_skip {
        text.push_str(&format!(
            "\nOr skip enrolment until {}: mfactl login {} --skip",
            stepped.decision.grace_ends_at.map(when).unwrap_or_default(),
            quoted(email)
        ));
    }
    let value = json!({
        "email": email,
        "tenant": stepped.tenant_name,
        "next": "proof",
        "proofs": proofs,
        "may_skip": may_skip,
        "reset_at": stepped.user.reset_at.map(when),
    });
    Error::input_required(
        "--method pass --code PASS",
        format!("{email} must prove it is them before a new authenticator is enrolled (support reset it)"),
    )
    .with_output(value, text)
}

/// After a reset, the sign-in must prove it is them before an enrolment secret is
/// shown. On a terminal the pass (or an email code) is asked for; without one, an email
/// code is sent when `--method email` asked for it, and otherwise the run stops naming
/// the flags of each proof.
pub(super) fn prove(
    sign_in: &SignIn<'_>,
    stepped: &Stepped,
    may_skip: bool,
    qr: bool,
) -> Result<Report> {
    let ctx = sign_in.ctx;
    let user = &stepped.user;
    let by_email = email_may_prove(stepped);
    let mut method = sign_in.method.get();
    if !ctx.interactive || ctx.json {
        if method == Some(Chosen::Email) && by_email {
            let finish = format!(
                "mfactl login {} --method email --code CODE",
                quoted(&user.email)
            );
            email::send_or_stop(
                ctx,
                &sign_in.tenant,
                user,
                Purpose::SignIn,
                ("--method email --code CODE", finish.as_str()),
            )?;
        }
        return Err(needs_proof(stepped, may_skip));
    }
    output::tell(&format!(
        "2FA is required for {}: {}.\nSupport reset the authenticator of {}: before a new one is enrolled, prove it is you.",
        user.email,
        sources_text(&stepped.decision.sources),
        user.email
    ));
    if may_skip {
        let until = stepped.decision.grace_ends_at.map(when).unwrap_or_default();
        let question = format!("Enrol an authenticator app now? You may skip until {until}.");
        if !prompt::yes_no(&question, true)? {
            return report(&signed_in(sign_in.step(&Presentation::Skip, false)?)?);
        }
    }
    let mut email_sent = false;
    let mut tries = Tries::new();
    loop {
        let question = if method == Some(Chosen::Email) {
            if !email_sent {
                email::send_or_stop(ctx, &sign_in.tenant, user, Purpose::SignIn, ("--code", ""))?;
                email_sent = true;
            }
            format!(
                "Code from the email sent to {} (or the access pass support gave you): ",
                user.email
            )
        } else if by_email {
            "Access pass support gave you (or 'email' for a code by email): ".to_owned()
        } else {
            "Access pass support gave you: ".to_owned()
        };
        let answer = prompt::line(true, &question, "--code")?;
        if by_email && answer.trim().eq_ignore_ascii_case("email") {
            method = Some(Chosen::Email);
            sign_in.method.set(method);
            continue;
        }
        let presentation = match (pass::normalize(&answer), method) {
            (Some(pass), _) => Presentation::Pass(Secret::new(pass)),
            (None, Some(Chosen::Email)) => {
                let Ok(code) = codes::six_digits(&answer) else {
                    output::tell(
                        "that is neither the 6-digit code of the email nor an access pass; type it again",
                    );
                    continue;
                };
                Presentation::Code(code)
            }
            (None, _) => {
                output::tell(
                    "that is not an access pass (16 letters and digits, like ABCD-EFGH-JKMN-PQRS); type it again",
                );
                continue;
            }
        };
        match counted_try(sign_in, &presentation)? {
            Try::Done(next) if matches!(next.outcome, Outcome::Proved { .. }) => {
                return enrol_after_proof(sign_in, &next, qr);
            }
            Try::Done(next) => return report(&signed_in(next)?),
            Try::Wrong { error, before_lock } => tries.wrong(error, before_lock)?,
        }
    }
}

/// An enrolment opened by a proof is in progress: on a terminal its codes are asked for
/// (its key was shown once, to the run that gave the proof); without one the run stops
/// naming --code.
pub(super) fn finish(
    sign_in: &SignIn<'_>,
    stepped: &Stepped,
    proof: EnrolProof,
    expires_at: i64,
) -> Result<Report> {
    let ctx = sign_in.ctx;
    if !ctx.interactive || ctx.json {
        return Err(finish_with_code(stepped, proof, expires_at));
    }
    output::tell(&format!(
        "{} has an enrolment in progress, opened with {} until {}: type a code of the app its key was added to.",
        stepped.user.email,
        proof_name(proof),
        when(expires_at)
    ));
    finish_here(sign_in)
}

fn proof_name(proof: EnrolProof) -> &'static str {
    match proof {
        EnrolProof::Pass => "an access pass",
        EnrolProof::Email => "a code sent by email",
    }
}

/// The refusal of a sign-in while an enrolment opened by a proof is in progress:
/// nothing but a code of its new authenticator finishes it.
pub(super) fn finish_with_code(stepped: &Stepped, proof: EnrolProof, expires_at: i64) -> Error {
    let email = stepped.user.email.as_str();
    let value = json!({
        "email": email,
        "tenant": stepped.tenant_name,
        "next": "enrol_code",
        "proved_by": proof.as_str(),
        "expires_at": when(expires_at),
    });
    let text = format!(
        "{email} has an enrolment in progress, opened with {} (its key was shown once, to that sign-in).\n\
         Finish it before {}: mfactl login {} --code CODE\n\
         If the key was lost, a new access pass from support opens a new enrolment at once \
         (mfactl login {} --method pass --code PASS).",
        proof_name(proof),
        when(expires_at),
        quoted(email),
        quoted(email)
    );
    Error::input_required(
        "--code",
        format!(
            "{email} must finish the enrolment opened with {} with a code of the new authenticator",
            proof_name(proof)
        ),
    )
    .with_output(value, text)
}
