//! The model of SPEC §1 as plain values: tenants, companies, users, roles, groups.

use crate::core::settings::AuthSettings;

/// A super app or reseller platform: owns the 2FA policy of its users.
#[derive(Debug, Clone)]
pub struct Tenant {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub auth: AuthSettings,
}

/// A customer or workspace of a tenant.
#[derive(Debug, Clone)]
pub struct Company {
    pub id: i64,
    pub tenant_id: i64,
    pub slug: String,
    pub enforce_mfa: bool,
    pub created_at: i64,
}

/// How a user signs in: a password here, or elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UserKind {
    #[default]
    Local,
    Sso,
}

impl UserKind {
    pub fn as_str(self) -> &'static str {
        match self {
            UserKind::Local => "local",
            UserKind::Sso => "sso",
        }
    }
}

/// A member of a tenant.
#[derive(Debug, Clone)]
pub struct User {
    pub id: i64,
    pub tenant_id: i64,
    pub company_id: Option<i64>,
    pub email: String,
    pub kind: UserKind,
    pub has_password: bool,
    pub created_at: i64,
    /// When the user's authenticator app was enrolled, if it is.
    pub totp_enrolled_at: Option<i64>,
    pub failed_attempts: i64,
    pub locked_until: Option<i64>,
    /// The first sign-in at which 2FA became required for the user.
    pub grace_started_at: Option<i64>,
    /// Moves on at every change of the user's factors or password; remembered devices
    /// are bound to the epoch they were issued under.
    pub credential_epoch: i64,
    /// When support last reset the user's factors, until the next enrolment: a sign-in
    /// shows an enrolment secret only after a proof while it is set.
    pub reset_at: Option<i64>,
    /// How the user's authenticator makes its codes: SHA1, 6 digits, 30 s for every one
    /// mfactl enrols; an imported one keeps its own (SPEC §8).
    pub totp_params: crate::core::totp::Params,
}

/// A named, tenant-wide role.
#[derive(Debug, Clone)]
pub struct Role {
    pub id: i64,
    pub tenant_id: i64,
    pub name: String,
    pub requires_2fa: bool,
}

/// A set of users; roles granted to a group reach its members.
#[derive(Debug, Clone)]
pub struct Group {
    pub id: i64,
    pub tenant_id: i64,
    pub name: String,
}
