//! `mfactl user import --format otpauth FILE`: authenticators from another system for
//! existing users of a tenant (SPEC §8), all or none. The file is read by
//! `formats::otpauth` before the store is held; then one write transaction finds the
//! user of each entry's account, refuses unknown accounts, SSO users, users who already
//! have an authenticator and accounts given twice (each named by line), and enrols
//! every authenticator (2FA on, no recovery codes), audited per user. The users are
//! told by email once it is committed, as for any authenticator turned on.

use std::collections::HashMap;
use std::io::{BufReader, Read};
use std::path::Path;

use serde::Serialize;
use serde_json::json;

use crate::cli::user::UserImportArgs;
use crate::commands::factor::secret_context;
use crate::commands::{email, resolve_tenant, target};
use crate::core::audit::NewEntry;
use crate::core::email::Notice;
use crate::core::model::{Tenant, UserKind};
use crate::core::transfer::severity;
use crate::ctx::Ctx;
use crate::error::{Error, Kind, Result};
use crate::formats::otpauth::{self, Entry, place};
use crate::output::{Report, plural, quoted};
use crate::store::{ImportedTotp, Tx};

use super::{RowError, refused_with};

/// How many bad entries are listed; the others are counted.
const ERRORS_LISTED: usize = 100;

/// What an import of authenticators did, or would do.
#[derive(Debug, Default, Serialize)]
struct Summary {
    tenant: String,
    file: String,
    dry_run: bool,
    /// Entries read from the file that are well formed.
    entries: u64,
    /// Authenticators enrolled: 0 on a dry run, which says what it would enrol in
    /// `would_import`.
    imported: u64,
    would_import: u64,
    /// The users who got one.
    users: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<RowError>,
}

/// A problem of the file or of the store, at its place.
struct Bad {
    line: u64,
    position: Option<usize>,
    kind: Kind,
    message: String,
}

/// Adds to an error whose file looks like the other format the flag that reads it.
pub(super) fn hint_format(error: Error, path: &Path) -> Error {
    if error.message.contains("otpauth") {
        return error.with_hint(format!(
            "the file holds otpauth lines: read it with `mfactl user import {} --format otpauth`",
            quoted(&path.to_string_lossy())
        ));
    }
    error
}

pub(super) fn import(
    ctx: &Ctx,
    args: &UserImportArgs,
    input: Box<dyn Read>,
    file: &str,
) -> Result<Report> {
    if args.create_missing {
        return Err(Error::usage(
            "--create-missing is for CSV files: authenticators go to users that exist",
        )
        .with_hint(
            "import the users first (`mfactl user import users.csv`), then their authenticators",
        ));
    }
    let read = otpauth::read(&mut BufReader::new(input), file)?;
    let tenant_arg = args.tenant.tenant.as_deref();
    let run = |tx: &Tx<'_>| {
        let tenant = resolve_tenant(tx, tenant_arg)?;
        enrol(ctx, tx, &tenant, &read, file, args.dry_run)
    };
    let (summary, refusal) = if args.dry_run {
        ctx.store.rehearse(run)?
    } else {
        ctx.store.write(|tx| match run(tx)? {
            (summary, Some(refusal)) => Err(refused_with(&summary, refusal)),
            done => Ok(done),
        })?
    };
    if let Some(refusal) = refusal {
        return Err(refused_with(&summary, refusal));
    }
    if summary.dry_run {
        let text = format!(
            "Dry run: {} would be enrolled in tenant {}. Nothing was written.",
            plural(summary.would_import, "authenticator"),
            summary.tenant
        );
        return Report::data(&summary, text);
    }
    let tenant = ctx
        .store
        .read(|tx| resolve_tenant(tx, Some(&summary.tenant)))?;
    for user in &summary.users {
        email::notify(ctx, &tenant, user, &Notice::TurnedOn);
    }
    let text = format!(
        "Enrolled {} in tenant {}: 2FA is on for {}.\nThey have no recovery codes yet: each user makes theirs with `mfactl user recovery-codes EMAIL --regenerate`.",
        plural(summary.imported, "imported authenticator"),
        summary.tenant,
        plural(summary.imported, "user")
    );
    Report::done(&summary, text)
}

/// Checks every entry against the store and enrols them all, or returns the refusal
/// naming each bad one (the caller rolls back).
fn enrol(
    ctx: &Ctx,
    tx: &Tx<'_>,
    tenant: &Tenant,
    read: &otpauth::Read,
    file: &str,
    dry_run: bool,
) -> Result<(Summary, Option<Error>)> {
    let mut bad: Vec<Bad> = read
        .problems
        .iter()
        .map(|p| Bad {
            line: p.line,
            position: p.position,
            kind: Kind::Usage,
            message: p.message.clone(),
        })
        .collect();
    let mut first_place: HashMap<&str, String> = HashMap::new();
    let mut users = Vec::new();
    for entry in &read.entries {
        let refuse = |kind: Kind, message: String| Bad {
            line: entry.line,
            position: entry.position,
            kind,
            message,
        };
        if let Some(earlier) = first_place.get(entry.email.as_str()) {
            bad.push(refuse(
                Kind::Conflict,
                format!("is for {}, as {earlier} is", entry.email),
            ));
            continue;
        }
        first_place.insert(&entry.email, place(entry.line, entry.position));
        let Some(user) = tx.users_by_email(Some(tenant.id), &entry.email)?.pop() else {
            bad.push(refuse(
                Kind::NotFound,
                format!(
                    "is for {}, who is not a user of tenant {}",
                    entry.email, tenant.name
                ),
            ));
            continue;
        };
        if user.kind == UserKind::Sso {
            bad.push(refuse(
                Kind::Conflict,
                format!(
                    "is for {}, who signs in through SSO, not with mfactl",
                    user.email
                ),
            ));
        } else if user.totp_enrolled_at.is_some() {
            bad.push(refuse(
                Kind::Conflict,
                format!(
                    "is for {}, who already has an authenticator (support removes it with `mfactl user reset-mfa {} --reason …`)",
                    user.email,
                    quoted(&user.email)
                ),
            ));
        } else {
            users.push((user, entry));
        }
    }
    let mut summary = Summary {
        tenant: tenant.name.clone(),
        file: file.to_owned(),
        dry_run,
        entries: read.entries.len() as u64,
        ..Summary::default()
    };
    if !bad.is_empty() {
        let refusal = refusal(&mut summary, bad);
        return Ok((summary, Some(refusal)));
    }
    let sealed: Vec<Vec<u8>> = users
        .iter()
        .map(|(user, entry)| {
            ctx.key
                .encrypt(&entry.authenticator.secret, &secret_context(user.id))
        })
        .collect::<Result<_>>()?;
    let rows: Vec<(i64, ImportedTotp<'_>)> = users
        .iter()
        .zip(&sealed)
        .map(|((user, entry), sealed)| {
            (
                user.id,
                ImportedTotp {
                    sealed,
                    params: entry.authenticator.params,
                },
            )
        })
        .collect();
    tx.import_authenticators(&rows, ctx.now())?;
    for (user, entry) in &users {
        audit(ctx, tx, tenant, &user.email, entry, file)?;
    }
    summary.would_import = users.len() as u64;
    summary.users = users.iter().map(|(user, _)| user.email.clone()).collect();
    if !dry_run {
        summary.imported = summary.would_import;
    }
    Ok((summary, None))
}

fn audit(
    ctx: &Ctx,
    tx: &Tx<'_>,
    tenant: &Tenant,
    email: &str,
    entry: &Entry,
    file: &str,
) -> Result<()> {
    let params = entry.authenticator.params;
    let details = json!({
        "file": file,
        "line": entry.line,
        "entry": entry.position,
        "issuer": entry.issuer,
        "algorithm": params.algorithm,
        "digits": params.digits,
        "period": params.period,
    });
    ctx.audit(
        tx,
        &NewEntry::new(
            "user.authenticator_imported",
            target("user", tenant, email),
            details,
        ),
    )
}

/// The refusal of the whole file, naming each bad entry in line order; the worst kind
/// decides the exit code (malformed 2, unknown 7, conflict 8).
fn refusal(summary: &mut Summary, mut bad: Vec<Bad>) -> Error {
    bad.sort_by_key(|b| (b.line, b.position));
    let worst = bad
        .iter()
        .map(|b| b.kind)
        .max_by_key(|kind| severity(*kind))
        .unwrap_or(Kind::Usage);
    let mut message = format!(
        "{} of {} cannot be imported; nothing {}:",
        plural(bad.len() as u64, "entry"),
        summary.file,
        if summary.dry_run {
            "would be imported"
        } else {
            "was imported"
        }
    );
    for b in bad.iter().take(ERRORS_LISTED) {
        message.push_str(&format!("\n  {}: {}", place(b.line, b.position), b.message));
        summary.errors.push(RowError {
            line: b.line,
            message: match b.position {
                Some(position) => format!("entry {position}: {}", b.message),
                None => b.message.clone(),
            },
        });
    }
    if bad.len() > ERRORS_LISTED {
        message.push_str(&format!("\n  … and {} more", bad.len() - ERRORS_LISTED));
    }
    let hint = match worst {
        Kind::NotFound => {
            "import the users first (`mfactl user import users.csv`), or fix the accounts: each is the email of a user of the tenant"
        }
        _ => {
            "fix those lines and run the import again (add --dry-run to check a file without writing)"
        }
    };
    Error::new(worst, message).with_hint(hint)
}
