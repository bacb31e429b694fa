//! `mfactl user import FILE`: many users from a CSV file, all rows or none.
//!
//! Two steps, so that the store is held only while it is written (issue 18, finding 2:
//! an admin pasting into `user import -` must not stop every sign-in). First the whole
//! input is read and every check that needs no store is made (the header, the fields
//! of each row, emails, the form of company and role names, `sso`), into compact rows:
//! the emails end to end in one string, each company or role name once. Then one write
//! transaction makes the checks that need the store and adds the rows in batches of
//! `IMPORT_BATCH` (row by row on SQLite, through `COPY` on PostgreSQL): the names are
//! looked up once each, and the store's unique index finds repeated emails, in the
//! file and against the store (a line number per added user is kept, to name the line
//! an email repeats). Any bad row rolls everything back and the bad rows are reported
//! by line number; a dry run makes the same checks and always rolls back. One audit
//! entry records the import. The first step is `read.rs`, the second `write.rs`; here
//! the command that runs them, its summary and its progress bar.

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
use self::write::write_rows;

/// A bad row, as scripts see it.
#[derive(Debug, Serialize)]
struct RowError {
    line: u64,
    message: String,
}

/// What an import did, or would do.
#[derive(Debug, Default, Serialize)]
struct Summary {
    tenant: String,
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
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<RowError>,
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
    ctx.store.read(|tx| resolve_tenant(tx, tenant_arg))?;
    let (input, len, file) = open(&args.file)?;
    let bar = progress(len, ctx.quiet);
    let parsed = read_rows(input, &file, &bar);
    let parsed = match parsed {
        Ok(parsed) => parsed,
        Err(e) => {
            bar.finish_and_clear();
            return Err(e);
        }
    };
    // Only now is the store held: for the checks that need it, and the write.
    let run = |tx: &Tx<'_>| {
        let tenant = resolve_tenant(tx, tenant_arg)?;
        write_rows(ctx, tx, &tenant, &parsed, &file, args.dry_run, &bar)
    };
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
    let text = if summary.dry_run {
        format!(
            "Dry run: {} would be imported into tenant {} ({} local, {} SSO; {}). Nothing was written.",
            plural(summary.would_import, "user"),
            summary.tenant,
            summary.local,
            summary.sso,
            plural(summary.role_grants, "role grant")
        )
    } else {
        let mut text = format!(
            "Imported {} into tenant {} ({} local, {} SSO; {}).",
            plural(summary.imported, "user"),
            summary.tenant,
            summary.local,
            summary.sso,
            plural(summary.role_grants, "role grant")
        );
        if summary.local > 0 {
            text.push_str(
                "\nImported local users have no password yet: set each with `mfactl user set-password EMAIL`.",
            );
        }
        text
    };
    if summary.dry_run {
        Report::data(&summary, text)
    } else {
        Report::done(&summary, text)
    }
}

/// The refusal of an import, with the summary and its bad rows for `--json` on stdout.
fn refused(summary: &Summary, failure: Error) -> Error {
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
