//! `mfactl login …`

use clap::Args;

/// Sign in as a user, with every policy rule applied
///
/// The password comes from a prompt or --password-stdin. A valid remembered-device
/// token skips the second factor, unless --code is given (a code is always checked).
/// Then the policy decides: nothing more; a code (--method totp|email|recovery,
/// --code); enrolment of an authenticator app now (QR code, key, code, recovery codes);
/// or, while the tenant's grace period lasts, --skip. The QR code is drawn only on a
/// terminal wide enough for it; elsewhere the key and otpauth URI are printed instead,
/// and --qr draws it anyway.
///
/// Five failed attempts in a row lock the user for 15 minutes (exit 5), whatever is
/// presented during the lock. Only a sign-in that passed a second factor can remember a
/// device (--remember); the token stops working when the user's factors or password
/// change, or when it is older than the tenant's remember-device lifetime.
///
/// A temporary access pass from support (--method pass, --code PASS or at the prompt)
/// stands in for the second factor of one sign-in, which must then enrol a new
/// authenticator app (no grace, no skip, no remembered device); the new app replaces
/// the old one. After support reset a user's 2FA, the password alone never enrols: the
/// sign-in must prove it is them first, with an access pass or, where email is one of
/// their methods, a code sent by email (--method email).
///
/// Without a terminal every step is driven by flags: a missing one exits 4 and names
/// it. A pending enrolment prints its secret and otpauth URI (with --json) before
/// exiting 4, so a script can finish it by running login again with --code.
#[derive(Debug, Args)]
pub struct LoginArgs {
    /// The user's email address
    pub email: String,
    #[command(flatten)]
    pub tenant: crate::cli::TenantArg,
    /// Read the password from the first line of standard input
    #[arg(long)]
    pub password_stdin: bool,
    /// The second factor to use
    ///
    /// The authenticator app, an email code, a recovery code, or a temporary access
    /// pass from support.
    #[arg(long, value_parser = ["totp", "email", "recovery", "pass"], value_name = "METHOD")]
    pub method: Option<String>,
    /// The code: 6 digits from the app (8 for an app imported with 8) or the email, a recovery code, or an access pass
    #[arg(long, value_name = "CODE")]
    pub code: Option<String>,
    /// Skip enrolment while the tenant's grace period lasts
    #[arg(long, conflicts_with = "code")]
    pub skip: bool,
    /// Remember this device after a second factor: later sign-ins skip it
    ///
    /// After a sign-in that passed a second factor, a token saved on this machine (and
    /// printed with --json) lets later sign-ins skip the second factor for the tenant's
    /// remember-device lifetime, until the user's password or factors change.
    #[arg(long)]
    pub remember: bool,
    /// A token from an earlier --remember [default: the one saved on this machine]
    #[arg(long, value_name = "TOKEN")]
    pub device_token: Option<String>,
    /// Draw an enrolment's QR code even off a terminal or on a narrow one
    #[arg(long)]
    pub qr: bool,
}
