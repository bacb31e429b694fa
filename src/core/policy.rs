//! Who must pass 2FA, and how (SPEC §1): a pure function from the facts about a user
//! to a decision that names every requiring source, the methods, whether enrolment may
//! be skipped and until when, and whether the user may turn their own 2FA off.

use serde::Serialize;

use crate::core::model::UserKind;
use crate::core::settings::{AuthSettings, Method};

/// One reason 2FA is required, reported by name wherever status is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum Source {
    /// 1. The user activated 2FA on their own account.
    User,
    /// 2. The tenant activated 2FA.
    Tenant { name: String },
    /// 3. The user's company enforces MFA (local users only).
    Company { name: String },
    /// 4. A role of the user, held directly or through a group, requires 2FA.
    Role {
        name: String,
        via_group: Option<String>,
    },
}

impl Source {
    /// A phrase for human output.
    pub fn describe(&self) -> String {
        match self {
            Source::User => "the user turned 2FA on".to_owned(),
            Source::Tenant { name } => format!("tenant {name} requires 2FA"),
            Source::Company { name } => format!("company {name} enforces MFA"),
            Source::Role {
                name,
                via_group: None,
            } => format!("role {name} requires 2FA"),
            Source::Role {
                name,
                via_group: Some(group),
            } => format!("role {name} (via group {group}) requires 2FA"),
        }
    }
}

/// A role the user holds.
#[derive(Debug, Clone)]
pub struct RoleFact {
    pub name: String,
    pub via_group: Option<String>,
    pub requires_2fa: bool,
}

/// Everything the policy needs to know about a user.
#[derive(Debug, Clone)]
pub struct Facts {
    pub tenant_name: String,
    pub tenant: AuthSettings,
    pub kind: UserKind,
    /// Whether the user's authenticator app is enrolled.
    pub enrolled: bool,
    /// Support reset the user's authenticator (a lost phone) and nothing was enrolled
    /// since: the 2FA the user had turned on stays on until they enrol again.
    pub reset: bool,
    /// The user's company: its slug and whether it enforces MFA.
    pub company: Option<(String, bool)>,
    pub roles: Vec<RoleFact>,
    /// The first sign-in at which 2FA became required for the user.
    pub grace_started_at: Option<i64>,
}

/// What the user's next sign-in asks after the password.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Next {
    /// No second factor.
    Nothing,
    /// Verify with one of the methods.
    Verify,
    /// Enrol an authenticator app now; no skipping.
    Enrol,
    /// Enrol now, or skip until the grace period ends.
    EnrolOrSkip,
}

/// The policy's answer for one user at one time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub sources: Vec<Source>,
    pub next: Next,
    /// Methods that pass, in order of preference.
    pub methods: Vec<Method>,
    /// When the grace period ends (or would end, counted from `now`, if not started).
    pub grace_ends_at: Option<i64>,
    /// Why the user may not turn their own 2FA off, if they may not.
    pub deactivation_refused: Option<String>,
    /// Why an email code is not offered, where a company's enforcement or a role's
    /// requirement asks for the authenticator app (SPEC §1).
    pub email_refused: Option<String>,
}

impl Decision {
    pub fn required(&self) -> bool {
        !self.sources.is_empty()
    }
}

/// Decides for `facts` at `now`.
pub fn evaluate(facts: &Facts, now: i64) -> Decision {
    // An SSO user signs in with their identity provider, which applies its own second
    // factor; mfactl neither signs them in nor enrols them, so nothing here is required
    // of them and they are never "missing" 2FA.
    if facts.kind == UserKind::Sso {
        return Decision {
            sources: Vec::new(),
            next: Next::Nothing,
            methods: Vec::new(),
            grace_ends_at: None,
            deactivation_refused: None,
            email_refused: None,
        };
    }
    let tenant = &facts.tenant;
    let mut sources = Vec::new();
    // A reset takes the lost phone away, not the user's choice of 2FA: a leaked
    // password plus a support ticket must not make the password enough (issue 18).
    let own = facts.enrolled || facts.reset;
    if own {
        sources.push(Source::User);
    }
    if tenant.enabled {
        sources.push(Source::Tenant {
            name: facts.tenant_name.clone(),
        });
    }
    if let Some((slug, true)) = &facts.company
        && facts.kind == UserKind::Local
    {
        sources.push(Source::Company { name: slug.clone() });
    }
    for role in facts.roles.iter().filter(|r| r.requires_2fa) {
        let source = Source::Role {
            name: role.name.clone(),
            via_group: role.via_group.clone(),
        };
        if !sources.contains(&source) {
            sources.push(source);
        }
    }

    let mut offered = Vec::new();
    if tenant.enabled {
        offered.push(tenant.primary);
        offered.extend(tenant.secondary);
    }
    if own {
        // The user's own configuration: their app, with an email code as the fallback.
        offered.extend([Method::Totp, Method::Email]);
    }
    // SPEC §1: a company's enforcement and a role's requirement ask for the app; where
    // either applies, the weaker email code is not offered, whoever configured it.
    let strict = sources
        .iter()
        .find(|s| matches!(s, Source::Company { .. } | Source::Role { .. }));
    let email_refused = strict.map(|source| {
        format!(
            "{}, which asks for the authenticator app",
            source.describe()
        )
    });
    let mut methods: Vec<Method> = Vec::new();
    for method in offered {
        if methods.contains(&method) || (strict.is_some() && method == Method::Email) {
            continue;
        }
        methods.push(method);
    }
    if !sources.is_empty() && methods.is_empty() {
        methods.push(Method::Totp);
    }

    // Only the tenant's requirement may be skipped, and only while the grace lasts. A
    // start recorded under a clock that ran ahead is no start: it would stretch the
    // grace period by however far that clock was off.
    let only_tenant = sources.iter().all(|s| matches!(s, Source::Tenant { .. }));
    let started = facts.grace_started_at.filter(|&start| start <= now);
    let grace_ends_at =
        (tenant.enabled && !facts.enrolled && tenant.grace_period_secs > 0).then(|| {
            started
                .unwrap_or(now)
                .saturating_add(tenant.grace_period_secs)
        });
    // An email code needs no enrolment: verify when it is the first method offered (the
    // tenant's primary); with the app first, enrolling it is asked (email remains the
    // secondary method a user may switch to).
    let next = if sources.is_empty() {
        Next::Nothing
    } else if facts.enrolled || methods.first() == Some(&Method::Email) {
        Next::Verify
    } else if only_tenant && grace_ends_at.is_some_and(|end| now < end) {
        Next::EnrolOrSkip
    } else {
        Next::Enrol
    };

    let deactivation_refused = sources.iter().find_map(|source| match source {
        Source::Company { .. } | Source::Role { .. } => Some(source.describe()),
        Source::Tenant { name } if !tenant.members_may_deactivate => {
            Some(format!("tenant {name} does not let members turn 2FA off"))
        }
        _ => None,
    });

    Decision {
        sources,
        next,
        methods,
        grace_ends_at,
        deactivation_refused,
        email_refused,
    }
}

#[cfg(test)]
mod tests {
    use super::{Decision, Facts, Next, RoleFact, Source, evaluate};
    use crate::core::model::UserKind;
    use crate::core::settings::{AuthSettings, Method};

    const NOW: i64 = 1_000_000;
    const DAY: i64 = 86_400;

    fn facts() -> Facts {
        Facts {
            tenant_name: "acme".into(),
            tenant: AuthSettings::default(),
            kind: UserKind::Local,
            enrolled: false,
            reset: false,
            company: None,
            roles: Vec::new(),
            grace_started_at: None,
        }
    }

    fn names(decision: &Decision) -> Vec<&'static str> {
        decision
            .sources
            .iter()
            .map(|s| match s {
                Source::User => "user",
                Source::Tenant { .. } => "tenant",
                Source::Company { .. } => "company",
                Source::Role { .. } => "role",
            })
            .collect()
    }

    /// Every combination of the four sources, local and SSO: each source that holds is
    /// named, and nothing else. SSO users sign in elsewhere: nothing is required here.
    #[test]
    fn every_requiring_source_is_named() {
        for mask in 0u8..16 {
            for kind in [UserKind::Local, UserKind::Sso] {
                let mut f = facts();
                f.kind = kind;
                f.enrolled = mask & 1 != 0;
                f.tenant.enabled = mask & 2 != 0;
                f.company = Some(("sales".into(), mask & 4 != 0));
                f.roles = vec![RoleFact {
                    name: "admin".into(),
                    via_group: Some("ops".into()),
                    requires_2fa: mask & 8 != 0,
                }];
                let decision = evaluate(&f, NOW);
                let mut expected = Vec::new();
                if kind == UserKind::Sso {
                    // What a local user of whom nothing is required gets.
                    assert_eq!(decision, evaluate(&facts(), NOW), "mask {mask:04b}");
                    continue;
                }
                if mask & 1 != 0 {
                    expected.push("user");
                }
                if mask & 2 != 0 {
                    expected.push("tenant");
                }
                if mask & 4 != 0 {
                    expected.push("company");
                }
                if mask & 8 != 0 {
                    expected.push("role");
                }
                assert_eq!(names(&decision), expected, "mask {mask:04b} {kind:?}");
                assert_eq!(decision.required(), !expected.is_empty());
                let next = if expected.is_empty() {
                    Next::Nothing
                } else if f.enrolled {
                    Next::Verify
                } else {
                    Next::Enrol
                };
                assert_eq!(decision.next, next, "mask {mask:04b} {kind:?}");
                let may_deactivate = !expected.contains(&"company") && !expected.contains(&"role");
                assert_eq!(
                    decision.deactivation_refused.is_none(),
                    may_deactivate,
                    "mask {mask:04b} {kind:?}"
                );
            }
        }
    }

    /// A grace period read from a store edited by hand (the largest number there is)
    /// ends at the end of time, not in a crash.
    #[test]
    fn a_huge_grace_period_saturates() {
        let mut f = facts();
        f.tenant.enabled = true;
        f.tenant.grace_period_secs = i64::MAX;
        let decision = evaluate(&f, NOW);
        assert_eq!(decision.grace_ends_at, Some(i64::MAX));
        assert_eq!(decision.next, Next::EnrolOrSkip);
    }

    /// Grace before, at and after its end; only the tenant source allows skipping.
    #[test]
    fn grace_period_allows_skipping_only_the_tenant_requirement() {
        let mut f = facts();
        f.tenant.enabled = true;
        f.tenant.grace_period_secs = 14 * DAY;
        let cases = [
            (None, NOW, Next::EnrolOrSkip, Some(NOW + 14 * DAY)),
            (
                Some(NOW),
                NOW + 14 * DAY - 1,
                Next::EnrolOrSkip,
                Some(NOW + 14 * DAY),
            ),
            (Some(NOW), NOW + 14 * DAY, Next::Enrol, Some(NOW + 14 * DAY)),
            (Some(NOW), NOW + 30 * DAY, Next::Enrol, Some(NOW + 14 * DAY)),
        ];
        for (started, now, next, ends) in cases {
            f.grace_started_at = started;
            let decision = evaluate(&f, now);
            assert_eq!(
                (decision.next, decision.grace_ends_at),
                (next, ends),
                "started {started:?} now {now}"
            );
        }
        let mut company = f.clone();
        company.grace_started_at = Some(NOW);
        company.company = Some(("sales".into(), true));
        assert_eq!(
            evaluate(&company, NOW).next,
            Next::Enrol,
            "company enforcement allows no skip"
        );
        let mut role = f.clone();
        role.roles = vec![RoleFact {
            name: "admin".into(),
            via_group: None,
            requires_2fa: true,
        }];
        assert_eq!(
            evaluate(&role, NOW).next,
            Next::Enrol,
            "a role allows no skip"
        );
        let mut ahead = f.clone();
        ahead.grace_started_at = Some(NOW + 365 * DAY);
        assert_eq!(
            evaluate(&ahead, NOW).grace_ends_at,
            Some(NOW + 14 * DAY),
            "a start in the future does not stretch the grace period"
        );
        let mut no_grace = f;
        no_grace.tenant.grace_period_secs = 0;
        assert_eq!(evaluate(&no_grace, NOW).next, Next::Enrol);
    }

    #[test]
    fn methods_follow_the_tenant_and_the_users_own_configuration() {
        let mut f = facts();
        f.tenant.enabled = true;
        f.tenant.primary = Method::Email;
        f.tenant.secondary = Some(Method::Totp);
        let decision = evaluate(&f, NOW);
        assert_eq!(decision.methods, [Method::Email, Method::Totp]);
        assert_eq!(
            decision.next,
            Next::Verify,
            "an email code needs no enrolment"
        );
        let mut own = facts();
        own.enrolled = true;
        assert_eq!(evaluate(&own, NOW).methods, [Method::Totp, Method::Email]);
        let mut company = facts();
        company.company = Some(("sales".into(), true));
        assert_eq!(evaluate(&company, NOW).methods, [Method::Totp]);
        // The app as primary and email as secondary: enrol the app (or switch to email).
        let mut app_first = facts();
        app_first.tenant.enabled = true;
        app_first.tenant.secondary = Some(Method::Email);
        app_first.tenant.grace_period_secs = 7 * DAY;
        let decision = evaluate(&app_first, NOW);
        assert_eq!(decision.methods, [Method::Totp, Method::Email]);
        assert_eq!(decision.next, Next::EnrolOrSkip);
    }

    /// Issue 18, finding 3: under a company's enforcement or a role's requirement an
    /// email code is never offered, not as the tenant's method nor as the fallback of
    /// the user's own app, and the decision says which source rules it out.
    #[test]
    fn enforcement_and_roles_rule_out_email() {
        for enrolled in [false, true] {
            for (primary, secondary) in [
                (Method::Totp, None),
                (Method::Totp, Some(Method::Email)),
                (Method::Email, Some(Method::Totp)),
                (Method::Email, None),
            ] {
                let mut base = facts();
                base.enrolled = enrolled;
                base.tenant.enabled = true;
                base.tenant.primary = primary;
                base.tenant.secondary = secondary;
                let mut company = base.clone();
                company.company = Some(("sales".into(), true));
                let mut role = base.clone();
                role.roles = vec![RoleFact {
                    name: "admin".into(),
                    via_group: Some("ops".into()),
                    requires_2fa: true,
                }];
                for (f, source) in [(company, "company sales"), (role, "role admin")] {
                    let decision = evaluate(&f, NOW);
                    assert_eq!(
                        decision.methods,
                        [Method::Totp],
                        "{primary:?} {secondary:?}"
                    );
                    let why = decision.email_refused.unwrap_or_default();
                    assert!(why.contains(source), "{why}");
                    let expected = if enrolled { Next::Verify } else { Next::Enrol };
                    assert_eq!(decision.next, expected);
                }
                let open = evaluate(&base, NOW);
                assert_eq!(open.email_refused, None);
                assert_eq!(
                    open.methods.contains(&Method::Email),
                    enrolled || primary == Method::Email || secondary == Some(Method::Email)
                );
            }
        }
    }

    /// Issue 18's review: a reset keeps the 2FA the user had turned on, so the next
    /// sign-in must enrol again (no grace, no skip) instead of passing on the password.
    #[test]
    fn a_reset_keeps_the_users_own_2fa_on_until_they_enrol() {
        let mut f = facts();
        f.reset = true;
        let decision = evaluate(&f, NOW);
        assert_eq!(decision.sources, [Source::User]);
        assert_eq!(decision.next, Next::Enrol);
        let mut grace = f.clone();
        grace.tenant.enabled = true;
        grace.tenant.grace_period_secs = 14 * DAY;
        assert_eq!(
            evaluate(&grace, NOW).next,
            Next::Enrol,
            "no skipping back to the password"
        );
        let mut sso = f;
        sso.kind = UserKind::Sso;
        assert_eq!(evaluate(&sso, NOW).next, Next::Nothing);
    }

    #[test]
    fn tenant_forbidding_member_deactivation_refuses_it() {
        let mut f = facts();
        f.enrolled = true;
        f.tenant.enabled = true;
        assert_eq!(evaluate(&f, NOW).deactivation_refused, None);
        f.tenant.members_may_deactivate = false;
        let refused = evaluate(&f, NOW).deactivation_refused.unwrap_or_default();
        assert!(refused.contains("tenant acme"), "{refused}");
    }
}
