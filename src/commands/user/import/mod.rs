//! `mfactl user import FILE`: many users from a CSV file, all rows or none; with
//! `--format otpauth`, authenticators for existing users from otpauth lines (`otpauth.rs`).
//!
//! Two steps, so that the store is held only while it is written (issue 18, finding 2:
//! an admin pasting into `user import -` must not stop every sign-in). First the whole
//! input is read and every check that needs no store is made by `formats::users` (the
//! header, the fields of each row: emails, the form of names, `sso`, a password hash's
//! scheme and bounds, an authenticator's secret and parameters), into compact rows.
//! Then one write transaction makes the checks that need the store and adds the rows in
//! batches of `IMPORT_BATCH` (row by row on SQLite, through `COPY` on PostgreSQL): the
//! tenants, companies and roles are looked up once each (or created, with
//! `--create-missing`), each authenticator secret is sealed for the id its user gets,
//! and the store's unique index finds repeated emails, in the file and against the
//! store (a line number per added user is kept, to name the line an email repeats).
//! Any bad row rolls everything back and the bad rows are reported by line number; a
//! dry run makes the same checks and always rolls back. One audit entry per tenant
//! records the import. The first step is `read.rs`, the second `write.rs` (with the
//! names it looks up in `names.rs`); here the command that runs them, its summary and
//! its progress bar.

mod names;
mod otpauth;
mod read;
mod write;

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use serde::Serialize;

use crate::cli::user::UserImportArgs;
use crate::commands::resolve_tenant;
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::output::{Report, plural};
use crate::store::Tx;

use self::read::read_rows;
use self::write::{Plan, write_rows};

/// A bad row, as scripts see it.
#[derive(Debug, Serialize)]
struct RowError {
    line: u64,
    message: String,
}

/// What an import did, or would do.
#[derive(Debug, Default, Serialize)]
struct Summary {
    /// The tenant the users went to; `null` when the file's tenant column named several.
    tenant: Option<String>,
    /// Every tenant the users went to.
    tenants: Vec<String>,
    file: String,
    dry_run: bool,
    /// Data rows read (the header not counted).
    rows: u64,
    /// Users added: 0 on a dry run, which says what it would add in `would_import`.
    imported: u64,
    /// Users the import adds (or, on a dry run, would add).
    would_import: u64,
    local: u64,
    sso: u64,
    role_grants: u64,
    /// Users imported with their password hash.
    password_hashes: u64,
    /// Users imported with their authenticator (2FA on).
    authenticators: u64,
    /// Local users imported without a password hash: no password until set.
    #[serde(skip)]
    without_password: u64,
    /// What `--create-missing` created (on a dry run: would create).
    #[serde(skip_serializing_if = "Created::is_empty")]
    created: Created,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<RowError>,
}

/// The tenants, companies and roles `--create-missing` made, as `TENANT/NAME`.
#[derive(Debug, Default, Serialize)]
struct Created {
    tenants: Vec<String>,
    companies: Vec<String>,
    roles: Vec<String>,
}

impl Created {
    fn is_empty(&self) -> bool {
        self.tenants.is_empty() && self.companies.is_empty() && self.roles.is_empty()
    }

    /// `; created tenant x, company acme/sales` for the summary line.
    fn text(&self, dry_run: bool) -> String {
        let mut parts = Vec::new();
        for (noun, list) in [
            ("tenant", &self.tenants),
            ("company", &self.companies),
            ("role", &self.roles),
        ] {
            if !list.is_empty() {
                let noun = if list.len() == 1 {
                    noun.to_owned()
                } else if noun == "company" {
                    "companies".to_owned()
                } else {
                    format!("{noun}s")
                };
                parts.push(format!("{noun} {}", list.join(", ")));
            }
        }
        if parts.is_empty() {
            return String::new();
        }
        let verb = if dry_run { "Would create" } else { "Created" };
        format!("\n{verb} {}.", parts.join("; "))
    }
}

/// A progress bar on stderr while a terminal shows it, sized by the file when known.
fn progress(len: Option<u64>, quiet: bool) -> indicatif::ProgressBar {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    if quiet || !io::IsTerminal::is_terminal(&io::stderr()) {
        return ProgressBar::hidden();
    }
    let bar = match len {
        Some(len) => ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr())
            .with_style(
                ProgressStyle::with_template("{bar:40} {percent:>3}% {msg} ({eta} left)")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            ),
        None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
            .with_style(ProgressStyle::default_spinner()),
    };
    bar.set_message("reading");
    bar
}

fn open(path: &Path) -> Result<(Box<dyn Read>, Option<u64>, String)> {
    if path.as_os_str() == "-" {
        return Ok((Box::new(io::stdin().lock()), None, "-".to_owned()));
    }
    let shown = path.display().to_string();
    let file = File::open(path).map_err(|e| {
        let error = match e.kind() {
            io::ErrorKind::NotFound => Error::usage(format!("the file {shown} does not exist")),
            _ => Error::environment(format!("cannot read {shown}")),
        };
        error.caused_by(e)
    })?;
    let meta = file
        .metadata()
        .map_err(|e| Error::environment(format!("cannot read {shown}")).caused_by(e))?;
    if meta.is_dir() {
        return Err(Error::usage(format!(
            "{shown} is a directory, not a CSV file"
        )));
    }
    Ok((Box::new(file), meta.is_file().then_some(meta.len()), shown))
}

pub fn import(ctx: &Ctx, args: &UserImportArgs) -> Result<Report> {
    let tenant_arg = args.tenant.tenant.as_deref();
    // A tenant that does not exist is said before anyone pastes a file.
    if tenant_arg.is_some() {
        ctx.store.read(|tx| resolve_tenant(tx, tenant_arg))?;
    }
    let (input, len, file) = open(&args.file)?;
    if args.format == "otpauth" {
        return otpauth::import(ctx, args, input, &file);
    }
    let bar = progress(len, ctx.quiet);
    let parsed = read_rows(input, &file, &bar);
    let parsed = match parsed {
        Ok(parsed) => parsed,
        Err(e) => {
            bar.finish_and_clear();
            return Err(otpauth::hint_format(e, &args.file));
        }
    };
    // Without a tenant column, every row is for the command's tenant: a store of
    // several tenants without --tenant is said once, not row by row.
    if !parsed.has_tenant_column
        && tenant_arg.is_none()
        && let Err(e) = ctx.store.read(|tx| resolve_tenant(tx, None))
    {
        bar.finish_and_clear();
        return Err(e);
    }
    let plan = Plan {
        tenant: tenant_arg,
        file: &file,
        dry_run: args.dry_run,
        create_missing: args.create_missing,
    };
    // Only now is the store held: for the checks that need it, and the write.
    let run = |tx: &Tx<'_>| write_rows(ctx, tx, &parsed, &plan, &bar);
    let result = if args.dry_run {
        ctx.store.rehearse(run)
    } else {
        // A bad row rolls the whole import back: the refusal leaves the transaction.
        ctx.store.write(|tx| match run(tx)? {
            (summary, Some(failure)) => Err(refused(&summary, failure)),
            done => Ok(done),
        })
    };
    bar.finish_and_clear();
    let (summary, failure) = result?;
    if let Some(failure) = failure {
        return Err(refused(&summary, failure));
    }
    let text = summary_text(&summary);
    if summary.dry_run {
        Report::data(&summary, text)
    } else {
        Report::done(&summary, text)
    }
}

/// The human summary of an import that passed (or would pass, on a dry run).
fn summary_text(summary: &Summary) -> String {
    let into = match (&summary.tenant, summary.tenants.len()) {
        (Some(tenant), _) => format!("tenant {tenant}"),
        (None, n) => format!("{n} tenants ({})", summary.tenants.join(", ")),
    };
    let mut counts = format!(
        "{} local, {} SSO; {}",
        summary.local,
        summary.sso,
        plural(summary.role_grants, "role grant")
    );
    if summary.password_hashes > 0 || summary.authenticators > 0 {
        counts.push_str(&format!(
            "; {}, {}",
            plural(summary.password_hashes, "password hash"),
            plural(summary.authenticators, "authenticator")
        ));
    }
    let mut text = if summary.dry_run {
        format!(
            "Dry run: {} would be imported into {into} ({counts}). Nothing was written.",
            plural(summary.would_import, "user"),
        )
    } else {
        format!(
            "Imported {} into {into} ({counts}).",
            plural(summary.imported, "user"),
        )
    };
    text.push_str(&summary.created.text(summary.dry_run));
    if !summary.dry_run && summary.without_password > 0 {
        text.push_str(
            "\nImported local users without a password_hash have no password yet: set each with `mfactl user set-password EMAIL`.",
        );
    }
    if !summary.dry_run && summary.authenticators > 0 {
        text.push_str(
            "\nImported authenticators have no recovery codes: each user makes theirs with `mfactl user recovery-codes EMAIL --regenerate`.",
        );
    }
    text
}

/// The refusal of an import, with the summary and its bad rows for `--json` on stdout.
fn refused(summary: &Summary, failure: Error) -> Error {
    refused_with(summary, failure)
}

/// The refusal of an import, with its summary for `--json` on stdout.
fn refused_with<T: Serialize>(summary: &T, failure: Error) -> Error {
    let value = serde_json::to_value(summary).unwrap_or_default();
    failure.with_output(value, String::new())
}

/// The progress bar, from reading the file to writing its rows.
fn writing(bar: &indicatif::ProgressBar, rows: u64) {
    if bar.is_hidden() {
        return;
    }
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {percent:>3}% {msg} ({eta} left)")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.set_length(rows);
    bar.set_position(0);
    bar.set_message("writing");
}
