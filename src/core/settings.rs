//! A tenant's authentication settings (SPEC §1) and the rules for changing them.

use serde::Serialize;

use crate::core::duration;
use crate::error::{Error, Result};

/// A second-factor method a tenant can offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// An authenticator app (RFC 6238).
    Totp,
    /// A code sent by email: the weaker factor.
    Email,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Totp => "totp",
            Method::Email => "email",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "totp" => Some(Method::Totp),
            "email" => Some(Method::Email),
            _ => None,
        }
    }
}

/// Longest remember-device lifetime, in days.
pub const REMEMBER_DEVICE_DAYS_MAX: u32 = 365;

/// The six settings of `tenant set-auth`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthSettings {
    pub enabled: bool,
    pub primary: Method,
    pub secondary: Option<Method>,
    pub grace_period_secs: i64,
    pub members_may_deactivate: bool,
    pub remember_device_days: u32,
}

impl Default for AuthSettings {
    fn default() -> Self {
        AuthSettings {
            enabled: false,
            primary: Method::Totp,
            secondary: None,
            grace_period_secs: 0,
            members_may_deactivate: true,
            remember_device_days: 90,
        }
    }
}

/// What a `set-auth` call asks to change; `None` keeps the current value.
#[derive(Debug, Clone, Default)]
pub struct AuthChange {
    pub enabled: Option<bool>,
    pub primary: Option<Method>,
    /// `Some(None)` sets the secondary method to `none`.
    pub secondary: Option<Option<Method>>,
    pub grace_period_secs: Option<i64>,
    pub members_may_deactivate: Option<bool>,
    pub remember_device_days: Option<u32>,
}

impl AuthSettings {
    /// The settings after `change`, or a usage error naming the conflict.
    pub fn apply(&self, change: &AuthChange) -> Result<AuthSettings> {
        let next = AuthSettings {
            enabled: change.enabled.unwrap_or(self.enabled),
            primary: change.primary.unwrap_or(self.primary),
            secondary: change.secondary.unwrap_or(self.secondary),
            grace_period_secs: change.grace_period_secs.unwrap_or(self.grace_period_secs),
            members_may_deactivate: change
                .members_may_deactivate
                .unwrap_or(self.members_may_deactivate),
            remember_device_days: change
                .remember_device_days
                .unwrap_or(self.remember_device_days),
        };
        if next.secondary == Some(next.primary) {
            let method = next.primary.as_str();
            return Err(Error::usage(format!(
                "the primary and secondary method would both be {method}"
            ))
            .with_hint({
                // Suggest only what would work: the other method, or none.
                let other = match next.primary {
                    Method::Totp => Method::Email,
                    Method::Email => Method::Totp,
                };
                let other = other.as_str();
                if change.secondary.is_some() {
                    format!("choose --secondary {other}, or --secondary none")
                } else {
                    format!("the secondary method is already {method}: add --secondary {other} or --secondary none")
                }
            }));
        }
        if next.remember_device_days > REMEMBER_DEVICE_DAYS_MAX {
            return Err(Error::usage(format!(
                "--remember-device-days {} is more than {REMEMBER_DEVICE_DAYS_MAX}",
                next.remember_device_days
            ))
            .with_hint("give a number of days from 0 (off) to 365"));
        }
        if !(0..=duration::MAX_SECONDS).contains(&next.grace_period_secs) {
            return Err(Error::usage("the grace period is out of range"));
        }
        Ok(next)
    }

    /// Whether these settings weaken protection compared with `before` in a way that
    /// needs confirmation (SPEC §2: `set-auth` turning 2FA off).
    pub fn turns_off(&self, before: &AuthSettings) -> bool {
        before.enabled && !self.enabled
    }

    /// Whether the email method, the weaker factor, is offered.
    pub fn offers_email(&self) -> bool {
        self.primary == Method::Email || self.secondary == Some(Method::Email)
    }
}

#[cfg(test)]
mod tests {
    use super::{AuthChange, AuthSettings, Method};

    #[test]
    fn primary_and_secondary_can_never_be_the_same() {
        let base = AuthSettings::default();
        let same = AuthChange {
            secondary: Some(Some(Method::Totp)),
            ..AuthChange::default()
        };
        assert!(base.apply(&same).is_err());
        let email_second = base
            .apply(&AuthChange {
                secondary: Some(Some(Method::Email)),
                ..AuthChange::default()
            })
            .ok();
        let Some(email_second) = email_second else {
            panic!("secondary email refused")
        };
        // Switching primary to email while email is secondary conflicts with the stored value.
        let primary_email = AuthChange {
            primary: Some(Method::Email),
            ..AuthChange::default()
        };
        assert!(email_second.apply(&primary_email).is_err());
        let swap = AuthChange {
            primary: Some(Method::Email),
            secondary: Some(Some(Method::Totp)),
            ..AuthChange::default()
        };
        assert!(email_second.apply(&swap).is_ok());
    }

    #[test]
    fn remember_days_are_bounded() {
        let change = AuthChange {
            remember_device_days: Some(366),
            ..AuthChange::default()
        };
        assert!(AuthSettings::default().apply(&change).is_err());
    }
}
