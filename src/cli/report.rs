//! `mfactl report`

use clap::Args;

use crate::cli::TenantFilterArg;

/// Show 2FA coverage per company: who must use 2FA, who enrolled, who is missing it
///
/// One row per company of each tenant, and one (company -) for the users of a tenant
/// who belong to no company, then the totals. Every user is judged by the same policy
/// as `user show`, at one moment: users counts every user; required, those of whom
/// 2FA is required (SSO users never are: their identity provider does it); enrolled,
/// those with an authenticator app; missing, those required to use 2FA with nothing
/// to pass it with yet, as `user list --mfa missing` lists them; in_grace, the missing
/// who may still skip enrolment while the tenant's grace period lasts (grace_not_started
/// of them have not signed in since it applied, so their period has not begun), with
/// the earliest end of a running grace period; locked, those locked out now, as `user
/// list --mfa locked` lists them. Companies without users are shown with zeros.
///
/// With --csv: a header row (tenant, company, users, required, enrolled, missing,
/// in_grace, grace_not_started, earliest_grace_end, locked), one line per row (company
/// "-" for the users without a company, an empty earliest_grace_end when there is none),
/// then the totals on a last line whose tenant is TOTAL and whose company is empty.
///
/// The report only reads the store.
#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub tenant: TenantFilterArg,
    /// Only this company
    #[arg(long, value_name = "SLUG")]
    pub company: Option<String>,
    /// Print comma-separated values with a header row and a TOTAL line (not with --json)
    #[arg(long, conflicts_with = "json")]
    pub csv: bool,
}
