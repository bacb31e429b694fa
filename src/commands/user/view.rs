//! A user as `user show`, `user list` and `user add` present them: identity, roles,
//! and the second-factor status with every source the policy names.

use serde::Serialize;

use crate::commands::tenant::EMAIL_IS_WEAKER;
use crate::commands::when;
use crate::core::policy::{self, Facts, Next, Source};
use crate::core::settings::Method;
use crate::core::signin::EnrolProof;
use crate::core::{lockout, signin};
use crate::error::{Error, Result};
use crate::output;
use crate::store::{Tx, UserFilter, UserRow};

/// A role a user holds, as scripts see it.
#[derive(Debug, Serialize)]
pub struct RoleHeld {
    pub name: String,
    pub requires_2fa: bool,
    pub via_group: Option<String>,
}

/// A user's second-factor status and what the policy asks of them.
#[derive(Debug, Serialize)]
pub struct MfaView {
    pub enrolled: bool,
    pub enrolled_at: Option<String>,
    /// How the enrolled authenticator makes its codes (`{"algorithm", "digits",
    /// "period"}`): SHA1, 6, 30 unless it was imported with others (SPEC §8).
    pub authenticator: Option<crate::core::totp::Params>,
    pub pending_enrolment: bool,
    /// When the pending enrolment can no longer be finished.
    pub pending_expires_at: Option<String>,
    pub recovery_codes_left: i64,
    pub required: bool,
    pub required_by: Vec<Source>,
    pub next_sign_in: Next,
    pub methods: Vec<Method>,
    pub grace_ends_at: Option<String>,
    pub may_deactivate: bool,
    pub deactivation_refused: Option<String>,
    pub failed_attempts: i64,
    pub locked_until: Option<String>,
    pub devices: usize,
    /// When support last reset the user's factors, until they enrol again.
    pub reset_at: Option<String>,
    /// The proofs the next sign-in accepts before it shows an enrolment secret (after a
    /// reset: "pass", and "email" where email is one of their methods); empty when the
    /// password is enough to enrol (SPEC §4, "After a reset").
    pub enrolment_proof: Vec<&'static str>,
    /// What proved the person who opened the pending enrolment ("pass", "email"), if
    /// anything did: the next sign-in must finish that enrolment.
    pub pending_proved_by: Option<EnrolProof>,
    /// When the user's temporary access pass expires, while one is valid.
    pub access_pass_expires_at: Option<String>,
    /// A grace period the user will get but has not started (it starts at the first
    /// sign-in that requires 2FA): its length in seconds, for human output.
    #[serde(skip)]
    pub grace_not_started_secs: Option<i64>,
}

/// A user as scripts see them.
#[derive(Debug, Serialize)]
pub struct UserView {
    pub email: String,
    pub tenant: String,
    pub company: Option<String>,
    pub kind: &'static str,
    pub has_password: bool,
    pub created_at: String,
    pub roles: Vec<RoleHeld>,
    pub groups: Vec<String>,
    pub mfa: MfaView,
}

impl UserView {
    /// The user with this id as of `now`, read with the listing's one joined query.
    pub fn read(tx: &Tx<'_>, user_id: i64, now: i64) -> Result<Self> {
        let mut found = None;
        let wanted = UserFilter {
            user_id: Some(user_id),
            ..UserFilter::default()
        };
        tx.each_user(&wanted, &mut |row| {
            found = Some(row);
            Ok(false)
        })?;
        found
            .map(|row| Self::from_row(row, now))
            .ok_or_else(|| Error::not_found("the user was deleted meanwhile"))
    }

    /// A user's view from their row of `each_user`: the decisions are the core's.
    pub fn from_row(row: UserRow, now: i64) -> Self {
        let UserRow {
            user,
            tenant,
            company,
            roles,
            groups,
            pending_started_at,
            recovery_codes_left,
            devices,
            pending_proof,
            access_pass,
        } = row;
        let pending = pending_started_at.filter(|&started| signin::pending_valid(started, now));
        let days = tenant.auth.remember_device_days;
        let devices = devices
            .iter()
            .filter(|d| signin::device_valid(d, user.credential_epoch, days, now))
            .count();
        let facts = Facts {
            tenant_name: tenant.name,
            tenant: tenant.auth,
            kind: user.kind,
            enrolled: user.totp_enrolled_at.is_some(),
            reset: user.reset_at.is_some() && user.totp_enrolled_at.is_none(),
            company,
            roles,
            grace_started_at: user.grace_started_at,
        };
        let decision = policy::evaluate(&facts, now);
        let mut enrolment_proof = Vec::new();
        if user.reset_at.is_some() && matches!(decision.next, Next::Enrol | Next::EnrolOrSkip) {
            enrolment_proof.push("pass");
            if decision.methods.contains(&Method::Email) {
                enrolment_proof.push("email");
            }
        }
        let pending_proved_by = pending_proof.filter(|_| pending.is_some());
        let access_pass_expires_at = access_pass
            .filter(|&(issued, expires)| issued <= now && now < expires)
            .map(|(_, expires)| when(expires));
        let roles = facts
            .roles
            .into_iter()
            .map(|role| RoleHeld {
                name: role.name,
                requires_2fa: role.requires_2fa,
                via_group: role.via_group,
            })
            .collect();
        UserView {
            email: user.email,
            tenant: facts.tenant_name,
            company: facts.company.map(|(slug, _)| slug),
            kind: user.kind.as_str(),
            has_password: user.has_password,
            created_at: when(user.created_at),
            roles,
            groups,
            mfa: MfaView {
                enrolled: user.totp_enrolled_at.is_some(),
                enrolled_at: user.totp_enrolled_at.map(when),
                authenticator: user.totp_enrolled_at.map(|_| user.totp_params),
                pending_enrolment: pending.is_some(),
                pending_expires_at: pending
                    .map(|started| when(signin::pending_expires_at(started))),
                recovery_codes_left,
                required: decision.required(),
                next_sign_in: decision.next,
                methods: decision.methods,
                grace_ends_at: decision
                    .grace_ends_at
                    .filter(|_| user.grace_started_at.is_some())
                    .map(when),
                grace_not_started_secs: decision
                    .grace_ends_at
                    .filter(|_| user.grace_started_at.is_none())
                    .map(|ends| ends - now),
                may_deactivate: decision.deactivation_refused.is_none(),
                deactivation_refused: decision.deactivation_refused,
                required_by: decision.sources,
                failed_attempts: user.failed_attempts,
                locked_until: lockout::locked_until(user.locked_until, now).map(when),
                devices,
                reset_at: user.reset_at.map(when),
                enrolment_proof,
                pending_proved_by,
                access_pass_expires_at,
            },
        }
    }

    /// Whether the user is required to have 2FA but has nothing to pass it with yet (an
    /// email code offered as secondary method is something). Never an SSO user: their
    /// identity provider applies its own second factor.
    pub fn missing(&self) -> bool {
        matches!(self.mfa.next_sign_in, Next::Enrol | Next::EnrolOrSkip)
            && !self.mfa.methods.contains(&Method::Email)
    }

    /// The 2FA column of `user list`: enrolled, missing, pending, by email code, not
    /// required, or SSO; and the lock, when there is one.
    pub fn status(&self) -> String {
        let mfa = &self.mfa;
        let state = if self.kind == "sso" {
            "sso (elsewhere)"
        } else if mfa.enrolled {
            "enrolled"
        } else if self.missing() && mfa.pending_enrolment {
            "missing (enrolment pending)"
        } else if self.missing() {
            "missing"
        } else if mfa.pending_enrolment {
            "enrolment pending"
        } else if mfa.required {
            "email code"
        } else {
            "not required"
        };
        match &mfa.locked_until {
            Some(until) => format!("{state}; locked until {until}"),
            None => state.to_owned(),
        }
    }

    /// When the grace period ends, or why no end can be given yet.
    fn grace_text(&self) -> String {
        match (&self.mfa.grace_ends_at, self.mfa.grace_not_started_secs) {
            (Some(at), _) => at.clone(),
            (None, Some(secs)) => format!(
                "not started: {} from the first sign-in that requires 2FA",
                crate::core::duration::format(secs)
            ),
            (None, None) => "-".to_owned(),
        }
    }

    pub fn role_names(&self) -> String {
        let names: Vec<String> = self
            .roles
            .iter()
            .map(|r| match &r.via_group {
                Some(group) => format!("{} (via {group})", r.name),
                None => r.name.clone(),
            })
            .collect();
        if names.is_empty() {
            "-".to_owned()
        } else {
            names.join(", ")
        }
    }

    /// What the next sign-in asks, in words: the policy's answer, with the proof a
    /// reset asks for, or the enrolment a proof opened.
    fn next_text(&self) -> String {
        let mfa = &self.mfa;
        let sso = self.kind == "sso";
        let methods: Vec<&str> = mfa.methods.iter().map(|m| m.as_str()).collect();
        let next = match mfa.next_sign_in {
            Next::Nothing if sso => "signs in through SSO, not with mfactl".to_owned(),
            Next::Nothing => "password only".to_owned(),
            Next::Verify => format!("a second factor ({})", methods.join(" or ")),
            Next::Enrol => "enrol an authenticator app (no skipping)".to_owned(),
            Next::EnrolOrSkip => {
                "enrol an authenticator app, or skip while the grace period lasts".to_owned()
            }
        };
        match (mfa.pending_proved_by, mfa.enrolment_proof.as_slice()) {
            (Some(EnrolProof::Pass), _) => {
                "a code of the authenticator enrolled with an access pass, to finish that enrolment"
                    .to_owned()
            }
            (Some(EnrolProof::Email), _) => {
                "a code of the authenticator enrolled after an email code, to finish that enrolment"
                    .to_owned()
            }
            // After a reset the password alone never enrols (SPEC §4).
            (None, ["pass", "email"]) => format!(
                "{next}, after proving it is them: an access pass from support, or a code by email"
            ),
            (None, ["pass"]) => {
                format!("{next}, after proving it is them with an access pass from support")
            }
            // The tenant's secondary method is an email code: it passes without enrolling.
            (None, _)
                if matches!(mfa.next_sign_in, Next::Enrol | Next::EnrolOrSkip)
                    && mfa.methods.contains(&Method::Email) =>
            {
                format!("{next}; or an email code instead (--method email)")
            }
            (None, _) => next,
        }
    }

    pub fn text(&self) -> String {
        let mfa = &self.mfa;
        let sso = self.kind == "sso";
        let required_by = if sso {
            "nothing here: an SSO user's second factor is their identity provider's".to_owned()
        } else if mfa.required_by.is_empty() {
            "nothing: 2FA is not required".to_owned()
        } else {
            mfa.required_by
                .iter()
                .map(Source::describe)
                .collect::<Vec<_>>()
                .join("; ")
        };
        let next = self.next_text();
        let mut text = output::fields(&[
            ("user", self.email.clone()),
            ("tenant", self.tenant.clone()),
            (
                "company",
                self.company.clone().unwrap_or_else(|| "-".into()),
            ),
            ("kind", self.kind.into()),
            (
                "password",
                if self.has_password {
                    "set".into()
                } else {
                    "not set".into()
                },
            ),
            ("roles", self.role_names()),
            (
                "groups",
                if self.groups.is_empty() {
                    "-".into()
                } else {
                    self.groups.join(", ")
                },
            ),
            (
                "2FA",
                match (&self.mfa.enrolled_at, &self.mfa.pending_expires_at) {
                    (Some(at), _) => match self.mfa.authenticator.filter(|p| !p.is_default()) {
                        // An imported authenticator of its own kind: said, as codes differ.
                        Some(params) => format!(
                            "enrolled (authenticator app: {}; since {at})",
                            params.describe()
                        ),
                        None => format!("enrolled (authenticator app, since {at})"),
                    },
                    (None, Some(until)) => {
                        format!("not enrolled; an enrolment is pending until {until}")
                    }
                    (None, None) => "not enrolled".into(),
                },
            ),
            ("2FA required by", required_by),
            ("next sign-in asks", next),
            ("grace period ends", self.grace_text()),
            (
                "may turn 2FA off",
                match (&mfa.deactivation_refused, mfa.enrolled) {
                    (Some(why), _) => format!("no: {why}"),
                    (None, true) => "yes".into(),
                    (None, false) => "- (2FA is not on)".into(),
                },
            ),
            (
                "access pass",
                mfa.access_pass_expires_at.as_ref().map_or_else(
                    || "none".into(),
                    |until| format!("valid once, until {until}"),
                ),
            ),
            ("recovery codes left", mfa.recovery_codes_left.to_string()),
            ("remembered devices", mfa.devices.to_string()),
            ("failed attempts", mfa.failed_attempts.to_string()),
            (
                "locked",
                mfa.locked_until
                    .clone()
                    .map_or_else(|| "no".into(), |until| format!("until {until}")),
            ),
            ("created", self.created_at.clone()),
        ]);
        if mfa.methods.contains(&Method::Email) {
            text.push_str(&format!("\nnote: {EMAIL_IS_WEAKER}"));
        }
        text
    }
}
