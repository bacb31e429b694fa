//! `mfactl user …`

use clap::{Args, Subcommand};

use crate::cli::TenantArg;

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user (local with a password here, or --sso)
    ///
    /// Without a password flag, a terminal is asked for one; with --no-input the local
    /// user has no password until `user set-password`.
    Add(UserAddArgs),
    /// List users and their 2FA status
    #[command(after_long_help = USER_JSON)]
    List(UserListArgs),
    /// Show a user: enrolment, every source that requires 2FA, lock, devices
    #[command(after_long_help = USER_JSON)]
    Show(UserEmailArgs),
    /// Change a user's password (revokes their remembered devices)
    #[command(name = "set-password")]
    SetPassword(UserSetPasswordArgs),
}

const USER_JSON: &str = "JSON: {\"email\", \"tenant\", \"company\", \"kind\" (local|sso), \"has_password\", \
\"created_at\", \"roles\": [{\"name\", \"requires_2fa\", \"via_group\"}], \"groups\", \"mfa\": {\"enrolled\", \
\"enrolled_at\", \"required_by\", \"locked_until\"}} (list: an array of these)";

#[derive(Debug, Args)]
pub struct UserAddArgs {
    /// The user's login: an email address, unique within the tenant
    pub email: String,
    #[command(flatten)]
    pub tenant: TenantArg,
    /// The company the user belongs to
    #[arg(long, value_name = "SLUG")]
    pub company: Option<String>,
    /// The user signs in through SSO elsewhere and has no password here
    #[arg(long, conflicts_with_all = ["password_stdin", "generate_password"])]
    pub sso: bool,
    /// Read the password from the first line of standard input
    #[arg(long, conflicts_with = "generate_password")]
    pub password_stdin: bool,
    /// Generate a random password and print it once
    #[arg(long)]
    pub generate_password: bool,
}

#[derive(Debug, Args)]
pub struct UserListArgs {
    #[command(flatten)]
    pub tenant: TenantArg,
    /// Only users of this company
    #[arg(long, value_name = "SLUG")]
    pub company: Option<String>,
    /// Only users holding this role, directly or through a group
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
}

#[derive(Debug, Args)]
pub struct UserEmailArgs {
    /// The user's email address
    pub email: String,
    #[command(flatten)]
    pub tenant: TenantArg,
}

#[derive(Debug, Args)]
pub struct UserSetPasswordArgs {
    /// The user's email address
    pub email: String,
    #[command(flatten)]
    pub tenant: TenantArg,
    /// Read the new password from the first line of standard input
    #[arg(long)]
    pub password_stdin: bool,
}
