//! The sign-in state machine (SPEC §2 `login`, §4). After the password was checked,
//! one pure function decides the outcome of a step: the lock first, then the password,
//! then what the policy asks against what was presented (a remembered device, a code of
//! the app, a recovery code, a code for the pending enrolment, or a skip).
//!
//! The command reads the facts and records the outcome inside one write transaction, so
//! that parallel processes share one counter and nothing is decided on a snapshot read
//! before a prompt. `user deactivate-2fa` proves the user with the same function.

use serde::Serialize;

use crate::core::codes::constant_time_eq;
use crate::core::email::{self, CodeFact};
use crate::core::lockout;
use crate::core::pass::{self, PassFact};
use crate::core::policy::Next;
use crate::core::totp::{self, Check};

/// How long a pending enrolment can be finished after it was started.
pub const PENDING_SECONDS: i64 = 60 * 60;
const DAY: i64 = 86_400;

/// How a user passed a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Factor {
    /// No second factor: none was required, or enrolment was skipped in the grace period.
    Password,
    Totp,
    Recovery,
    /// A code sent by email: the weaker factor (SPEC §4).
    Email,
    RememberedDevice,
    /// A temporary access pass from support: it stands in for the second factor of one
    /// sign-in, which must enrol a new authenticator before it completes.
    Pass,
}

impl Factor {
    pub fn as_str(self) -> &'static str {
        match self {
            Factor::Password => "password",
            Factor::Totp => "totp",
            Factor::Recovery => "recovery",
            Factor::Email => "email",
            Factor::RememberedDevice => "remembered_device",
            Factor::Pass => "pass",
        }
    }

    /// Whether a second factor was passed: only then may a device be remembered (never
    /// after an access pass, which is for one sign-in).
    pub fn is_second_factor(self) -> bool {
        matches!(self, Factor::Totp | Factor::Recovery | Factor::Email)
    }
}

/// What was presented at this step, beside the password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presented<'a> {
    /// Nothing more (a remembered device may still count).
    Nothing,
    /// Six digits of an authenticator app: the enrolled one, or the one being enrolled.
    Code(&'a str),
    /// The keyed hash of a recovery code.
    Recovery(&'a str),
    /// The keyed hash of a code sent by email (bound to the user and the purpose).
    EmailCode(&'a str),
    /// `--skip`: no enrolment while the grace period lasts.
    Skip,
    /// The keyed hash of a temporary access pass.
    Pass(&'a str),
}

/// What proved the person who opened an enrolment, when the password alone may not:
/// after support reset the user's factors, or with an access pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EnrolProof {
    /// A temporary access pass from support.
    Pass,
    /// A code sent to the user's mailbox.
    Email,
}

impl EnrolProof {
    pub fn as_str(self) -> &'static str {
        match self {
            EnrolProof::Pass => "pass",
            EnrolProof::Email => "email",
        }
    }

    /// Reads the stored name back; anything else is no proof.
    pub fn from_name(name: &str) -> Option<EnrolProof> {
        match name {
            "pass" => Some(EnrolProof::Pass),
            "email" => Some(EnrolProof::Email),
            _ => None,
        }
    }

    /// The factor a sign-in opened by this proof reports.
    pub fn factor(self) -> Factor {
        match self {
            EnrolProof::Pass => Factor::Pass,
            EnrolProof::Email => Factor::Email,
        }
    }
}

/// A remembered device whose token matched one of the user's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeviceFact {
    pub issued_at: i64,
    /// The user's credential epoch when it was issued.
    pub credential_epoch: i64,
}

/// What the store holds about the user, read inside the transaction that records the
/// outcome.
#[derive(Debug, Clone)]
pub struct Facts<'a> {
    pub now: i64,
    pub failed_attempts: i64,
    pub locked_until: Option<i64>,
    /// Whether the password matched the hash the store holds now (`true` for a proof
    /// that involves no password, such as turning 2FA off).
    pub password_ok: bool,
    /// What the policy asks after the password.
    pub next: Next,
    /// The authenticator secret, if one is enrolled.
    pub totp: Option<&'a [u8]>,
    /// How the enrolled authenticator makes its codes (an imported one keeps its own,
    /// SPEC §8); a pending enrolment is always `totp::Params::default()`.
    pub totp_params: totp::Params,
    /// Authenticator steps accepted before.
    pub used_steps: &'a [i64],
    /// The pending enrolment: its secret and when it was started.
    pub pending: Option<(&'a [u8], i64)>,
    /// What proved the person who started the pending enrolment (none: the password
    /// alone, at a first enrolment, or an admin's `user activate-2fa`).
    pub pending_proof: Option<EnrolProof>,
    /// Support reset the user's factors and nothing was enrolled since: an enrolment
    /// secret is shown only after a proof (SPEC §4, "After a reset").
    pub reset: bool,
    /// The user's temporary access pass, if support issued one.
    pub access_pass: Option<&'a PassFact>,
    /// Unused recovery codes: (id, keyed hash).
    pub recovery_codes: &'a [(i64, String)],
    /// The remembered device presented, if its token matched one of the user's.
    pub device: Option<DeviceFact>,
    /// The latest email code sent to the user for this purpose.
    pub email_code: Option<&'a CodeFact>,
    /// The user's credential epoch now.
    pub credential_epoch: i64,
    /// The tenant's remember-device lifetime now, in days (0: off).
    pub remember_days: u32,
}

/// Why an attempt failed; every failure counts towards the lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Failure {
    WrongPassword,
    WrongCode,
    ReplayedCode,
    WrongRecoveryCode,
    /// A wrong, expired, used or revoked access pass.
    WrongPass,
}

/// A step that passed, with what to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pass {
    pub factor: Factor,
    pub skipped_enrolment: bool,
    /// The pending enrolment was verified: turn 2FA on.
    pub enrolled: bool,
    /// The authenticator step accepted, to be never accepted again.
    pub step: Option<i64>,
    /// The id of the recovery code used up.
    pub recovery_code: Option<i64>,
    /// The id of the email code used up.
    pub email_code: Option<i64>,
}

impl Pass {
    fn by(factor: Factor) -> Self {
        Pass {
            factor,
            skipped_enrolment: false,
            enrolled: false,
            step: None,
            recovery_code: None,
            email_code: None,
        }
    }
}

/// The outcome of a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Signed in (or proved): the failure count goes back to 0.
    Passed(Pass),
    /// A failed attempt: save the count, and the lock when this one locks; a wrong
    /// guess at an email code also counts on that code.
    Failed {
        failure: Failure,
        failed_attempts: i64,
        locked_until: Option<i64>,
        guessed_email_code: Option<i64>,
    },
    /// The user is locked: refused, whatever was presented; nothing counted or reset.
    Locked { until: i64 },
    /// A second factor is needed and none was presented.
    NeedsCode,
    /// An authenticator app must be enrolled first; `may_skip` during the grace period.
    NeedsEnrolment { may_skip: bool },
    /// `--skip` where enrolment may not be skipped.
    SkipRefused,
    /// A code for an enrolment that was never started, or that expired at this time.
    NoPendingEnrolment { expired_at: Option<i64> },
    /// An email code, but none to check it against: none sent, expired, or used up by
    /// wrong guesses.
    NoEmailCode {
        expired_at: Option<i64>,
        used_up: bool,
    },
    /// A code was presented, but the user has no second factor to check it against.
    NothingToCheck,
    /// A code was accepted before for a step later than this clock's window (a clock
    /// that ran ahead then, or one behind now). Refused and not counted: the way out is
    /// `user unlock`, which drops what lies ahead of a clock that is right.
    /// `accepted_for` is when the step accepted then starts.
    ClockBehind { accepted_for: i64 },
    /// A code of the wrong length for the authenticator it is for (six digits for one
    /// of eight, or the other way round): a usage error, refused before it is checked,
    /// neither counted nor audited (SPEC §4).
    CodeLength { expected: u8 },
    /// The person proved it is them (an access pass, or an email code after a reset):
    /// an enrolment opens, which the sign-in must finish. Not yet signed in: nothing is
    /// reset but what the proof used up.
    Proved {
        proof: EnrolProof,
        email_code: Option<i64>,
    },
    /// Support reset the user's factors: an enrolment is due, and its secret is shown
    /// only after a proof; `may_skip` during the grace period.
    NeedsProof { may_skip: bool },
    /// An enrolment opened by a proof is in progress: the sign-in finishes it with a
    /// code of the new authenticator, and nothing else passes meanwhile (its secret was
    /// shown once, to whoever gave the proof).
    FinishEnrolment { proof: EnrolProof, expires_at: i64 },
}

/// Decides one step of a sign-in (or a proof) at `facts.now`.
pub fn decide(facts: &Facts<'_>, presented: Presented<'_>) -> Outcome {
    // The password was checked before this step; the lock is decided first, so a locked
    // account answers the same whether the password (or code) was right or not.
    if let Some(until) = lockout::locked_until(facts.locked_until, facts.now) {
        return Outcome::Locked { until };
    }
    if !facts.password_ok {
        return failed(facts, Failure::WrongPassword);
    }
    // An access pass opens an enrolment whatever the policy asks: that is what it is for.
    if let Presented::Pass(hash) = presented {
        return if pass::check(facts.access_pass, hash, facts.now) {
            Outcome::Proved {
                proof: EnrolProof::Pass,
                email_code: None,
            }
        } else {
            failed(facts, Failure::WrongPass)
        };
    }
    // An enrolment opened by a proof is finished before anything else counts.
    if let Some((proof, started_at)) = proved_pending(facts) {
        return match presented {
            Presented::Code(code) => check_enrolment(facts, code),
            _ => Outcome::FinishEnrolment {
                proof,
                expires_at: pending_expires_at(started_at),
            },
        };
    }
    // After a reset, the password alone never enrols: a proof first.
    if facts.reset && matches!(facts.next, Next::Enrol | Next::EnrolOrSkip) {
        let may_skip = facts.next == Next::EnrolOrSkip;
        match presented {
            Presented::Nothing | Presented::Code(_) => return Outcome::NeedsProof { may_skip },
            Presented::EmailCode(hash) => {
                return match check_email(facts, hash) {
                    Outcome::Passed(pass) => Outcome::Proved {
                        proof: EnrolProof::Email,
                        email_code: pass.email_code,
                    },
                    other => other,
                };
            }
            Presented::Skip | Presented::Recovery(_) | Presented::Pass(_) => {}
        }
    }
    match (facts.next, presented) {
        (Next::Nothing, Presented::Code(_) | Presented::Recovery(_) | Presented::EmailCode(_)) => {
            Outcome::NothingToCheck
        }
        (Next::Nothing, Presented::Nothing | Presented::Skip) => {
            Outcome::Passed(Pass::by(Factor::Password))
        }
        (_, Presented::Recovery(hash)) => check_recovery(facts, hash),
        (Next::Verify, Presented::EmailCode(hash)) => check_email(facts, hash),
        (Next::Enrol | Next::EnrolOrSkip, Presented::EmailCode(_)) => Outcome::NothingToCheck,
        (Next::Verify, Presented::Nothing) => match facts.device {
            Some(device) if device_honoured(&device, facts) => {
                Outcome::Passed(Pass::by(Factor::RememberedDevice))
            }
            _ => Outcome::NeedsCode,
        },
        (Next::Verify | Next::Enrol, Presented::Skip) => Outcome::SkipRefused,
        (Next::Verify, Presented::Code(code)) => match facts.totp {
            Some(secret) => check_code(facts, secret, code),
            None => Outcome::NothingToCheck,
        },
        (Next::Enrol, Presented::Nothing) => Outcome::NeedsEnrolment { may_skip: false },
        (Next::EnrolOrSkip, Presented::Nothing) => Outcome::NeedsEnrolment { may_skip: true },
        (Next::EnrolOrSkip, Presented::Skip) => Outcome::Passed(Pass {
            skipped_enrolment: true,
            ..Pass::by(Factor::Password)
        }),
        (Next::Enrol | Next::EnrolOrSkip, Presented::Code(code)) => check_enrolment(facts, code),
        (_, Presented::Pass(_)) => failed(facts, Failure::WrongPass),
    }
}

/// The pending enrolment opened by a proof, if it can still be finished: its proof and
/// when it started.
fn proved_pending(facts: &Facts<'_>) -> Option<(EnrolProof, i64)> {
    let (_, started_at) = facts.pending?;
    let proof = facts.pending_proof?;
    pending_valid(started_at, facts.now).then_some((proof, started_at))
}

/// Whether a remembered device still stands in for the second factor: issued at or
/// before now, younger than the tenant's *current* lifetime, and under the user's
/// current credential epoch (no change of factors or password since).
pub fn device_honoured(device: &DeviceFact, facts: &Facts<'_>) -> bool {
    device_valid(
        device,
        facts.credential_epoch,
        facts.remember_days,
        facts.now,
    )
}

/// `device_honoured` from its parts, for listings.
pub fn device_valid(
    device: &DeviceFact,
    credential_epoch: i64,
    remember_days: u32,
    now: i64,
) -> bool {
    device.credential_epoch == credential_epoch
        && device_expires_at(device.issued_at, remember_days)
            .is_some_and(|end| device.issued_at <= now && now < end)
}

/// When a device remembered at `issued_at` expires under a lifetime of `days` (none: off).
pub fn device_expires_at(issued_at: i64, days: u32) -> Option<i64> {
    (days > 0).then(|| issued_at.saturating_add(i64::from(days) * DAY))
}

/// When a pending enrolment started at `started_at` expires.
pub fn pending_expires_at(started_at: i64) -> i64 {
    started_at.saturating_add(PENDING_SECONDS)
}

/// Whether a pending enrolment started at `started_at` can still be finished at `now`.
pub fn pending_valid(started_at: i64, now: i64) -> bool {
    started_at <= now && now < pending_expires_at(started_at)
}

fn failed(facts: &Facts<'_>, failure: Failure) -> Outcome {
    let (failed_attempts, locked_until) =
        lockout::after_failure(facts.failed_attempts, facts.locked_until, facts.now);
    Outcome::Failed {
        failure,
        failed_attempts,
        locked_until,
        guessed_email_code: None,
    }
}

fn check_email(facts: &Facts<'_>, hash: &str) -> Outcome {
    match email::check(facts.email_code, hash, facts.now) {
        email::Check::Passed { id } => Outcome::Passed(Pass {
            email_code: Some(id),
            ..Pass::by(Factor::Email)
        }),
        email::Check::Wrong { id } => match failed(facts, Failure::WrongCode) {
            Outcome::Failed {
                failure,
                failed_attempts,
                locked_until,
                ..
            } => Outcome::Failed {
                failure,
                failed_attempts,
                locked_until,
                guessed_email_code: Some(id),
            },
            other => other,
        },
        email::Check::Replayed => failed(facts, Failure::ReplayedCode),
        email::Check::Missing {
            expired_at,
            used_up,
        } => Outcome::NoEmailCode {
            expired_at,
            used_up,
        },
    }
}

fn check_code(facts: &Facts<'_>, secret: &[u8], code: &str) -> Outcome {
    let params = facts.totp_params;
    if code.len() != usize::from(params.digits) {
        return Outcome::CodeLength {
            expected: params.digits,
        };
    }
    match totp::check(secret, params, code, facts.now, facts.used_steps) {
        Check::Accepted(step) => Outcome::Passed(Pass {
            step: Some(step),
            ..Pass::by(Factor::Totp)
        }),
        Check::Replayed => failed(facts, Failure::ReplayedCode),
        Check::Wrong => failed(facts, Failure::WrongCode),
        Check::ClockBehind { last_step } => Outcome::ClockBehind {
            accepted_for: params.time_of(last_step),
        },
    }
}

fn check_recovery(facts: &Facts<'_>, hash: &str) -> Outcome {
    let mut found = None;
    // Compare with every code, so the time taken does not say which one matched.
    for (id, stored) in facts.recovery_codes {
        if constant_time_eq(stored.as_bytes(), hash.as_bytes()) {
            found = Some(*id);
        }
    }
    match found {
        Some(id) => Outcome::Passed(Pass {
            recovery_code: Some(id),
            ..Pass::by(Factor::Recovery)
        }),
        None => failed(facts, Failure::WrongRecoveryCode),
    }
}

fn check_enrolment(facts: &Facts<'_>, code: &str) -> Outcome {
    let Some((secret, started_at)) = facts.pending else {
        return Outcome::NoPendingEnrolment { expired_at: None };
    };
    if !pending_valid(started_at, facts.now) {
        return Outcome::NoPendingEnrolment {
            expired_at: Some(pending_expires_at(started_at)),
        };
    }
    // A sign-in opened by a proof reports that proof as its factor.
    let factor = facts.pending_proof.map_or(Factor::Totp, EnrolProof::factor);
    // A pending enrolment is always an authenticator mfactl made: SHA1, 6, 30.
    let params = totp::Params::default();
    if code.len() != usize::from(params.digits) {
        return Outcome::CodeLength {
            expected: params.digits,
        };
    }
    match totp::check(secret, params, code, facts.now, &[]) {
        Check::Accepted(step) => Outcome::Passed(Pass {
            enrolled: true,
            step: Some(step),
            ..Pass::by(factor)
        }),
        Check::Replayed | Check::Wrong | Check::ClockBehind { .. } => {
            failed(facts, Failure::WrongCode)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{
        DeviceFact, Factor, Facts, Failure, Outcome, PENDING_SECONDS, Pass, Presented, decide,
    };
    use crate::core::lockout::LOCK_SECONDS;
    use crate::core::policy::Next;
    use crate::core::totp::{code_at, step_at};

    const NOW: i64 = 1_893_456_010;
    const DAY: i64 = 86_400;
    const SECRET: &[u8] = b"12345678901234567890";
    const PENDING: &[u8] = b"abcdefghijabcdefghij";

    fn facts() -> Facts<'static> {
        Facts {
            now: NOW,
            failed_attempts: 0,
            locked_until: None,
            password_ok: true,
            next: Next::Verify,
            totp: Some(SECRET),
            totp_params: crate::core::totp::Params::default(),
            used_steps: &[],
            pending: None,
            recovery_codes: &[],
            device: None,
            email_code: None,
            credential_epoch: 3,
            remember_days: 30,
            pending_proof: None,
            reset: false,
            access_pass: None,
        }
    }

    fn code(secret: &[u8], at: i64) -> String {
        code_at(secret, step_at(at), 6)
    }

    fn passed_by(outcome: &Outcome) -> Option<Factor> {
        match outcome {
            Outcome::Passed(pass) => Some(pass.factor),
            _ => None,
        }
    }

    /// Issue 8, finding 3: a locked user is refused whatever is presented, right or
    /// wrong, and nothing is counted or reset.
    #[test]
    fn a_locked_user_is_refused_whatever_is_presented() {
        let right = code(SECRET, NOW);
        for password_ok in [true, false] {
            for presented in [
                Presented::Nothing,
                Presented::Code(&right),
                Presented::Code("000000"),
                Presented::Skip,
            ] {
                let locked = Facts {
                    password_ok,
                    failed_attempts: 5,
                    locked_until: Some(NOW + 60),
                    ..facts()
                };
                assert_eq!(
                    decide(&locked, presented),
                    Outcome::Locked { until: NOW + 60 },
                    "{password_ok} {presented:?}"
                );
            }
        }
    }

    #[test]
    fn the_fifth_failure_locks_and_a_wrong_password_counts() {
        let wrong_password = Facts {
            password_ok: false,
            failed_attempts: 4,
            ..facts()
        };
        assert_eq!(
            decide(&wrong_password, Presented::Nothing),
            Outcome::Failed {
                failure: Failure::WrongPassword,
                failed_attempts: 5,
                locked_until: Some(NOW + LOCK_SECONDS),
                guessed_email_code: None,
            }
        );
        // After the lock ends, the count stands: one more failure locks again.
        let expired = Facts {
            failed_attempts: 5,
            locked_until: Some(NOW),
            ..facts()
        };
        assert_eq!(
            decide(&expired, Presented::Code("000000")),
            Outcome::Failed {
                failure: Failure::WrongCode,
                failed_attempts: 6,
                locked_until: Some(NOW + LOCK_SECONDS),
                guessed_email_code: None,
            }
        );
    }

    /// Every policy answer against every kind of presentation.
    #[test]
    fn each_policy_answer_against_each_presentation() {
        let right = code(SECRET, NOW);
        let pending_right = code(PENDING, NOW);
        let cases: &[(Next, Presented<'_>, &str)] = &[
            (Next::Nothing, Presented::Nothing, "password"),
            (Next::Nothing, Presented::Skip, "password"),
            (Next::Nothing, Presented::Code(&right), "nothing to check"),
            (Next::Verify, Presented::Nothing, "needs code"),
            (Next::Verify, Presented::Skip, "skip refused"),
            (Next::Verify, Presented::Code(&right), "totp"),
            (Next::Verify, Presented::Code("000000"), "wrong code"),
            (Next::Enrol, Presented::Nothing, "needs enrolment"),
            (Next::Enrol, Presented::Skip, "skip refused"),
            (Next::Enrol, Presented::Code(&pending_right), "enrolled"),
            (Next::Enrol, Presented::Code(&right), "wrong code"),
            (Next::EnrolOrSkip, Presented::Nothing, "may skip"),
            (Next::EnrolOrSkip, Presented::Skip, "skipped"),
        ];
        for (next, presented, expected) in cases {
            let f = Facts {
                next: *next,
                pending: Some((PENDING, NOW - 60)),
                ..facts()
            };
            let got = match decide(&f, *presented) {
                Outcome::Passed(Pass {
                    enrolled: true,
                    factor: Factor::Totp,
                    ..
                }) => "enrolled",
                Outcome::Passed(Pass {
                    skipped_enrolment: true,
                    ..
                }) => "skipped",
                Outcome::Passed(pass) => pass.factor.as_str(),
                Outcome::Failed {
                    failure: Failure::WrongCode,
                    ..
                } => "wrong code",
                Outcome::NothingToCheck => "nothing to check",
                Outcome::NeedsCode => "needs code",
                Outcome::SkipRefused => "skip refused",
                Outcome::NeedsEnrolment { may_skip: false } => "needs enrolment",
                Outcome::NeedsEnrolment { may_skip: true } => "may skip",
                other => panic!("{other:?}"),
            };
            assert_eq!(got, *expected, "{next:?} {presented:?}");
        }
    }

    /// Finding 1 and 9: a device counts only under the current credential epoch and the
    /// tenant's current lifetime, and never if it was issued in the future.
    #[test]
    fn a_remembered_device_is_bound_to_the_credentials_and_the_current_lifetime() {
        let device = |issued_at, credential_epoch| DeviceFact {
            issued_at,
            credential_epoch,
        };
        let cases = [
            (device(NOW - DAY, 3), 30, true),
            (device(NOW - DAY, 2), 30, false), // factors or password changed since
            (device(NOW - 2 * DAY, 3), 1, false), // lifetime shortened to 1 day
            (device(NOW - 2 * DAY, 3), 0, false), // remembering turned off
            (device(NOW - 30 * DAY, 3), 30, false), // exactly the lifetime: expired
            (device(NOW + DAY, 3), 30, false), // issued under a clock ahead
        ];
        for (dev, days, honoured) in cases {
            let f = Facts {
                device: Some(dev),
                remember_days: days,
                ..facts()
            };
            let outcome = decide(&f, Presented::Nothing);
            assert_eq!(
                passed_by(&outcome) == Some(Factor::RememberedDevice),
                honoured,
                "{dev:?} {days}: {outcome:?}"
            );
        }
        // Finding 2: with a code presented the code is checked, device or not.
        let f = Facts {
            device: Some(device(NOW - DAY, 3)),
            ..facts()
        };
        assert!(matches!(
            decide(&f, Presented::Code("000000")),
            Outcome::Failed {
                failure: Failure::WrongCode,
                ..
            }
        ));
    }

    /// An imported authenticator of 8 digits, SHA-256 and 60-second steps: its codes
    /// pass, a 6-digit code is refused before it is checked (not counted), and a code
    /// once accepted is a replay within its own 60-second steps.
    #[test]
    fn an_imported_authenticator_follows_its_own_parameters() {
        use crate::core::totp::{Algorithm, Params};
        let params = Params::new(Algorithm::Sha256, 8, 60).unwrap_or_default();
        let step = params.step_at(NOW);
        let right = params.code_at(SECRET, step);
        assert_eq!(right.len(), 8);
        let f = Facts {
            totp_params: params,
            ..facts()
        };
        assert_eq!(
            decide(&f, Presented::Code(&right[2..])),
            Outcome::CodeLength { expected: 8 }
        );
        assert_eq!(
            decide(&f, Presented::Code(&code(SECRET, NOW))),
            Outcome::CodeLength { expected: 8 }
        );
        let passed = decide(&f, Presented::Code(&right));
        assert!(
            matches!(&passed, Outcome::Passed(pass) if pass.step == Some(step)),
            "{passed:?}"
        );
        let used = [step];
        let f = Facts {
            used_steps: &used,
            ..f
        };
        assert!(matches!(
            decide(&f, Presented::Code(&right)),
            Outcome::Failed {
                failure: Failure::ReplayedCode,
                ..
            }
        ));
    }

    #[test]
    fn replays_and_a_clock_that_ran_ahead() {
        let step = step_at(NOW);
        let right = code(SECRET, NOW);
        let used = [step];
        let f = Facts {
            used_steps: &used,
            ..facts()
        };
        assert!(matches!(
            decide(&f, Presented::Code(&right)),
            Outcome::Failed {
                failure: Failure::ReplayedCode,
                ..
            }
        ));
        // Finding 7: a step from the year 2300 is a clock fault: refused, not counted.
        let ahead = [step_at(10_413_792_000)];
        let f = Facts {
            used_steps: &ahead,
            ..facts()
        };
        assert_eq!(
            decide(&f, Presented::Code(&right)),
            Outcome::ClockBehind {
                accepted_for: ahead[0] * 30
            }
        );
    }

    /// An email code passes once, counts a wrong guess on itself and on the lock, and is
    /// only for the verification step.
    #[test]
    fn an_email_code_is_a_second_factor_that_counts_wrong_guesses() {
        let code = crate::core::email::CodeFact {
            id: 4,
            hash: "ee".into(),
            sent_at: NOW - 60,
            guesses: 0,
            used: false,
        };
        let f = Facts {
            totp: None,
            email_code: Some(&code),
            ..facts()
        };
        let passed = decide(&f, Presented::EmailCode("ee"));
        assert_eq!(
            passed,
            Outcome::Passed(Pass {
                email_code: Some(4),
                ..Pass::by(Factor::Email)
            })
        );
        assert!(Factor::Email.is_second_factor());
        assert!(matches!(
            decide(&f, Presented::EmailCode("ff")),
            Outcome::Failed {
                failure: Failure::WrongCode,
                failed_attempts: 1,
                guessed_email_code: Some(4),
                ..
            }
        ));
        let none = Facts {
            email_code: None,
            ..f.clone()
        };
        assert!(matches!(
            decide(&none, Presented::EmailCode("ee")),
            Outcome::NoEmailCode { .. }
        ));
        let enrolling = Facts {
            next: Next::Enrol,
            ..f
        };
        assert_eq!(
            decide(&enrolling, Presented::EmailCode("ee")),
            Outcome::NothingToCheck
        );
    }

    #[test]
    fn a_pending_enrolment_expires() {
        let started = NOW - PENDING_SECONDS;
        let f = Facts {
            next: Next::Enrol,
            pending: Some((PENDING, started)),
            ..facts()
        };
        assert_eq!(
            decide(&f, Presented::Code(&code(PENDING, NOW))),
            Outcome::NoPendingEnrolment {
                expired_at: Some(NOW)
            }
        );
        let none = Facts {
            next: Next::Enrol,
            ..facts()
        };
        assert_eq!(
            decide(&none, Presented::Code("123456")),
            Outcome::NoPendingEnrolment { expired_at: None }
        );
    }

    /// SPEC §4: a pass opens an enrolment whatever the policy asks; a wrong, expired or
    /// missing one counts as a failure, after the password.
    #[test]
    fn an_access_pass_opens_an_enrolment_once_it_matches() {
        use super::EnrolProof;
        use crate::core::pass::PassFact;
        let pass = PassFact {
            hash: "pp".into(),
            issued_at: NOW - 60,
            expires_at: NOW + 60,
        };
        let expired = PassFact {
            expires_at: NOW,
            ..pass.clone()
        };
        for next in [Next::Nothing, Next::Verify, Next::Enrol, Next::EnrolOrSkip] {
            let f = Facts {
                next,
                access_pass: Some(&pass),
                ..facts()
            };
            assert_eq!(
                decide(&f, Presented::Pass("pp")),
                Outcome::Proved {
                    proof: EnrolProof::Pass,
                    email_code: None
                },
                "{next:?}"
            );
            for (held, typed) in [(Some(&pass), "pq"), (Some(&expired), "pp"), (None, "pp")] {
                let f = Facts {
                    next,
                    access_pass: held,
                    failed_attempts: 4,
                    ..facts()
                };
                assert!(
                    matches!(
                        decide(&f, Presented::Pass(typed)),
                        Outcome::Failed {
                            failure: Failure::WrongPass,
                            failed_attempts: 5,
                            locked_until: Some(_),
                            ..
                        }
                    ),
                    "{next:?} {held:?} {typed}"
                );
            }
        }
        // A wrong password is refused before the pass is looked at.
        let f = Facts {
            password_ok: false,
            access_pass: Some(&pass),
            ..facts()
        };
        assert!(matches!(
            decide(&f, Presented::Pass("pp")),
            Outcome::Failed {
                failure: Failure::WrongPassword,
                ..
            }
        ));
        assert!(!Factor::Pass.is_second_factor());
    }

    /// SPEC §4, "After a reset": no secret for the password alone, nor for a code; a
    /// skip only while the grace lasts; an email code proves it is them.
    #[test]
    fn after_a_reset_the_password_alone_never_enrols() {
        use super::EnrolProof;
        let reset = Facts {
            next: Next::Enrol,
            totp: None,
            reset: true,
            pending: Some((PENDING, NOW - 60)),
            ..facts()
        };
        assert_eq!(
            decide(&reset, Presented::Nothing),
            Outcome::NeedsProof { may_skip: false }
        );
        assert_eq!(
            decide(&reset, Presented::Code(&code(PENDING, NOW))),
            Outcome::NeedsProof { may_skip: false }
        );
        assert_eq!(decide(&reset, Presented::Skip), Outcome::SkipRefused);
        let grace = Facts {
            next: Next::EnrolOrSkip,
            ..reset.clone()
        };
        assert_eq!(
            decide(&grace, Presented::Nothing),
            Outcome::NeedsProof { may_skip: true }
        );
        assert!(matches!(
            decide(&grace, Presented::Skip),
            Outcome::Passed(Pass {
                skipped_enrolment: true,
                ..
            })
        ));
        // An email code proves it is them.
        let sent = crate::core::email::CodeFact {
            id: 9,
            hash: "ee".into(),
            sent_at: NOW - 60,
            guesses: 0,
            used: false,
        };
        let by_email = Facts {
            email_code: Some(&sent),
            ..reset.clone()
        };
        assert_eq!(
            decide(&by_email, Presented::EmailCode("ee")),
            Outcome::Proved {
                proof: EnrolProof::Email,
                email_code: Some(9)
            }
        );
        assert!(matches!(
            decide(&by_email, Presented::EmailCode("ef")),
            Outcome::Failed {
                failure: Failure::WrongCode,
                guessed_email_code: Some(9),
                ..
            }
        ));
    }

    /// The enrolment a proof opened: its code signs in (reported as the proof), and
    /// nothing else does, the old authenticator included, until it expires.
    #[test]
    fn an_enrolment_opened_by_a_proof_is_finished_first() {
        use super::EnrolProof;
        let opened = Facts {
            next: Next::Verify,
            pending: Some((PENDING, NOW - 60)),
            pending_proof: Some(EnrolProof::Pass),
            ..facts()
        };
        assert!(matches!(
            decide(&opened, Presented::Code(&code(PENDING, NOW))),
            Outcome::Passed(Pass {
                enrolled: true,
                factor: Factor::Pass,
                ..
            })
        ));
        assert!(matches!(
            decide(&opened, Presented::Code(&code(SECRET, NOW))),
            Outcome::Failed {
                failure: Failure::WrongCode,
                ..
            }
        ));
        for presented in [
            Presented::Nothing,
            Presented::Skip,
            Presented::Recovery("aa"),
        ] {
            assert_eq!(
                decide(&opened, presented),
                Outcome::FinishEnrolment {
                    proof: EnrolProof::Pass,
                    expires_at: NOW - 60 + PENDING_SECONDS
                },
                "{presented:?}"
            );
        }
        let lapsed = Facts {
            pending: Some((PENDING, NOW - PENDING_SECONDS)),
            ..opened.clone()
        };
        assert!(matches!(
            decide(&lapsed, Presented::Code(&code(SECRET, NOW))),
            Outcome::Passed(Pass {
                factor: Factor::Totp,
                ..
            })
        ));
        let reset_lapsed = Facts {
            next: Next::Enrol,
            reset: true,
            ..lapsed
        };
        assert_eq!(
            decide(&reset_lapsed, Presented::Nothing),
            Outcome::NeedsProof { may_skip: false }
        );
    }

    #[test]
    fn a_recovery_code_passes_once_it_matches() {
        let codes = [(7, "aa".to_owned()), (8, "bb".to_owned())];
        let f = Facts {
            recovery_codes: &codes,
            ..facts()
        };
        assert_eq!(
            decide(&f, Presented::Recovery("bb")),
            Outcome::Passed(Pass {
                recovery_code: Some(8),
                ..Pass::by(Factor::Recovery)
            })
        );
        assert!(matches!(
            decide(&f, Presented::Recovery("cc")),
            Outcome::Failed {
                failure: Failure::WrongRecoveryCode,
                ..
            }
        ));
        assert!(Factor::Recovery.is_second_factor());
        assert!(!Factor::Password.is_second_factor());
        assert!(!Factor::RememberedDevice.is_second_factor());
    }
}
