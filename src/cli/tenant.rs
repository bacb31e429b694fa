//! `mfactl tenant …`

use clap::{Args, Subcommand};

use crate::cli::YesArg;

#[derive(Debug, Subcommand)]
pub enum TenantCommand {
    /// Create a tenant, with the settings of set-auth (2FA off unless --enable)
    ///
    /// The settings given are applied as `tenant set-auth` would, in the same
    /// transaction: a tenant is never seen half set up.
    Create(TenantCreateArgs),
    /// List tenants and their 2FA settings
    List,
    /// Show a tenant's settings and what it holds
    ///
    /// Notes what weakens the tenant's 2FA: the email method, and email while no mail
    /// server is set (its codes then go to the outbox of whoever runs `login`).
    Show(TenantNameArgs),
    /// Delete a tenant with its companies, users, roles and groups
    Delete(TenantDeleteArgs),
    /// Change a tenant's authentication settings and print the result
    ///
    /// Only the settings given change. The primary and secondary method can never be
    /// the same. Turning 2FA off asks for confirmation (--yes for scripts). --dry-run
    /// lists the local users who would have to enrol under the resulting settings, as
    /// the policy decides (SSO users sign in elsewhere and are never listed), and changes
    /// nothing.
    ///
    /// Choosing email (primary or secondary) warns that it is the weaker factor, and,
    /// while no mail server is set (`mfactl mail set`), that it protects nothing: its
    /// codes are written to the outbox of whoever runs `login`.
    #[command(name = "set-auth")]
    SetAuth(TenantSetAuthArgs),
}

#[derive(Debug, Args)]
pub struct TenantNameArgs {
    /// Tenant name: ASCII letters, digits, '.', '_' and '-' (case does not matter)
    pub name: String,
}

#[derive(Debug, Args)]
pub struct TenantDeleteArgs {
    /// Tenant name
    pub name: String,
    #[command(flatten)]
    pub yes: YesArg,
}

#[derive(Debug, Args)]
pub struct TenantCreateArgs {
    /// Tenant name: ASCII letters, digits, '.', '_' and '-' (case does not matter)
    pub name: String,
    #[command(flatten)]
    pub settings: AuthSettingsArgs,
}

/// The authentication settings a tenant is created with or changed to.
#[derive(Debug, Args)]
pub struct AuthSettingsArgs {
    /// Turn 2FA on for every member of the tenant
    #[arg(long)]
    pub enable: bool,
    /// The method members pass by default
    #[arg(long, value_parser = ["totp", "email"], value_name = "METHOD")]
    pub primary: Option<String>,
    /// The method members may switch to, or none
    #[arg(long, value_parser = ["totp", "email", "none"], value_name = "METHOD")]
    pub secondary: Option<String>,
    /// How long members may skip enrolment: 0, or a number with m, h or d (90m, 12h, 14d)
    #[arg(long, value_name = "DURATION")]
    pub grace_period: Option<String>,
    /// Whether members may turn their own 2FA off
    #[arg(long, value_parser = clap::builder::BoolishValueParser::new(), value_name = "true|false")]
    pub members_may_deactivate: Option<bool>,
    /// How many days a remembered device skips the second factor; 0 disables it
    #[arg(long, value_name = "N")]
    pub remember_device_days: Option<u32>,
}

#[derive(Debug, Args)]
pub struct TenantSetAuthArgs {
    /// Tenant name
    pub name: String,
    #[command(flatten)]
    pub settings: AuthSettingsArgs,
    /// Turn tenant-wide 2FA off (asks for confirmation)
    #[arg(long, conflicts_with = "enable")]
    pub disable: bool,
    /// Only list the local users who would have to enrol; change nothing
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub yes: YesArg,
}
