//! Who would have to enrol after a change of policy, as the dry runs of `role
//! require-2fa` and `tenant set-auth` list them. The decision is `core::policy`'s.

use serde::Serialize;

use crate::commands::when;
use crate::core::model::UserKind;
use crate::core::policy::{self, Facts, Next};
use crate::store::UserRow;

/// A local user whom the policy would make enrol after a change, as the dry runs list them.
#[derive(Debug, Serialize)]
pub struct MustEnrol {
    pub email: String,
    pub created_at: String,
    /// 2FA was required of the user before the change already (by another source).
    pub already_required: bool,
    /// Until when the user could still skip enrolment (the tenant's grace period), if so.
    pub grace_ends_at: Option<String>,
}

impl MustEnrol {
    /// The user's line in a person's listing.
    pub fn line(&self) -> String {
        let mut line = self.email.clone();
        if self.already_required {
            line.push_str(" (already required)");
        }
        if let Some(end) = &self.grace_ends_at {
            line.push_str(&format!(" (may skip until {end})"));
        }
        line
    }
}

/// Whether the policy would make the user of `row` enrol at their next sign-in once
/// `change` is applied to the facts about them. SSO users sign in elsewhere and never
/// enrol here; an enrolled user has nothing to enrol. The decision is `core::policy`'s.
pub fn would_enrol(row: UserRow, now: i64, change: impl FnOnce(&mut Facts)) -> Option<MustEnrol> {
    if row.user.kind != UserKind::Local || row.user.totp_enrolled_at.is_some() {
        return None;
    }
    let mut facts = Facts {
        tenant_name: row.tenant.name,
        tenant: row.tenant.auth,
        kind: row.user.kind,
        enrolled: false,
        reset: row.user.reset_at.is_some(),
        company: row.company,
        roles: row.roles,
        grace_started_at: row.user.grace_started_at,
    };
    let before = policy::evaluate(&facts, now);
    change(&mut facts);
    let after = policy::evaluate(&facts, now);
    matches!(after.next, Next::Enrol | Next::EnrolOrSkip).then(|| MustEnrol {
        email: row.user.email,
        created_at: when(row.user.created_at),
        already_required: before.required(),
        grace_ends_at: after
            .grace_ends_at
            .filter(|_| after.next == Next::EnrolOrSkip)
            .map(when),
    })
}
