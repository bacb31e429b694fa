//! `mfactl user export`: the users of a store (a tenant, a company) as the import's CSV
//! (SPEC §8), written as they are read so memory stays flat; with `--with-secrets`
//! their password hashes and authenticators too. Secrets in plaintext are guarded: never
//! to a terminal or a file others may read, a new file made 0600 (an existing one is
//! refused), a confirmation (`--yes`), and an audit entry written before the first
//! secret is.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use serde::Serialize;
use serde_json::json;

use crate::cli::user::UserExportArgs;
use crate::commands::factor::secret_context;
use crate::commands::{resolve_company, target, tenant_named};
use crate::core::audit::NewEntry;
use crate::core::transfer::{Authenticator, UserRecord};
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::formats::users::Writer;
use crate::output::{self, Report, StdoutIs, plural};
use crate::prompt;
use crate::store::{ExportRow, Tx};

/// What an export to a file wrote, for `--json`.
#[derive(Debug, Serialize)]
struct Exported {
    out: String,
    users: u64,
    with_secrets: bool,
    /// Users written with their password hash / their authenticator.
    password_hashes: u64,
    authenticators: u64,
}

/// Which users: a tenant's or every tenant's, a company's.
struct Scope {
    tenant_id: Option<i64>,
    company_id: Option<i64>,
    /// For messages: `tenant acme`, `company acme/sales`, `every tenant`.
    what: String,
    /// The audit entry's target: `tenant:acme`, `company:acme/sales`, `tenant:*`.
    target: String,
}

pub fn export(ctx: &Ctx, args: &UserExportArgs) -> Result<Report> {
    let scope = ctx.store.read(|tx| scope(tx, args))?;
    let secrets = args.with_secrets;
    if secrets {
        refuse_unsafe_output(args.out.as_deref())?;
    }
    if let Some(path) = &args.out
        && path.symlink_metadata().is_ok()
    {
        return Err(exists(path));
    }
    if secrets {
        let to = args
            .out
            .as_ref()
            .map_or("standard output".to_owned(), |p| p.display().to_string());
        prompt::confirm(
            ctx.interactive,
            args.yes.yes,
            &format!(
                "Write the password hashes and authenticator secrets of the users of {} in plaintext to {to}?",
                scope.what
            ),
        )?;
        // Audited before the first secret is written: an export cut short is recorded too.
        ctx.store.write(|tx| {
            let details = json!({ "with_secrets": true, "to": to });
            ctx.audit(
                tx,
                &NewEntry::new("user.export", scope.target.clone(), details),
            )
        })?;
    }
    match &args.out {
        // A reader that goes away (`| head`) ends the export quietly, as a list.
        None => match write_users(ctx, &scope, secrets, &mut output::stdout_file()) {
            Ok(_) | Err(Stopped::PipeClosed) => Ok(Report::written()),
            Err(Stopped::Failed(e)) => Err(e),
        },
        Some(path) => to_file(ctx, &scope, secrets, path),
    }
}

/// Which users `args` asks for.
fn scope(tx: &Tx<'_>, args: &UserExportArgs) -> Result<Scope> {
    let tenant = args.tenant.tenant.as_deref();
    if let Some(slug) = &args.company {
        let (tenant, company) = resolve_company(tx, tenant, slug)?;
        return Ok(Scope {
            tenant_id: Some(tenant.id),
            company_id: Some(company.id),
            what: format!("company {}/{}", tenant.name, company.slug),
            target: target("company", &tenant, &company.slug),
        });
    }
    Ok(match tenant {
        Some(name) => {
            let tenant = tenant_named(tx, name)?;
            Scope {
                tenant_id: Some(tenant.id),
                company_id: None,
                what: format!("tenant {}", tenant.name),
                target: format!("tenant:{}", tenant.name),
            }
        }
        None => Scope {
            tenant_id: None,
            company_id: None,
            what: "every tenant".to_owned(),
            target: "tenant:*".to_owned(),
        },
    })
}

/// Where an export to `path` is written until it is complete: `.NAME.partial` beside it.
fn partial_path(path: &Path) -> std::path::PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "export".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.partial"))
}

/// Writes the export to `.NAME.partial` beside `path`, syncs it, then gives it its name
/// (a link, which never replaces a file) and removes the partial name: `path` holds a
/// whole export or nothing, even when the run is killed. A file cut short is removed.
fn to_file(ctx: &Ctx, scope: &Scope, secrets: bool, path: &Path) -> Result<Report> {
    let partial = partial_path(path);
    let cannot =
        |e: io::Error| Error::environment(format!("cannot write {}", path.display())).caused_by(e);
    let file = create(&partial, secrets).map_err(|e| match e.kind {
        crate::error::Kind::Conflict => Error::conflict(format!(
            "{} exists: an export to {} is running, or one was cut short",
            partial.display(),
            path.display()
        ))
        .with_hint("when no export is running, remove it and export again"),
        _ => e,
    })?;
    let mut out = io::BufWriter::with_capacity(256 * 1024, file);
    let written = write_users(ctx, scope, secrets, &mut out)
        .map_err(Stopped::into_error)
        .and_then(|counts| {
            let file = out.into_inner().map_err(|e| cannot(e.into_error()))?;
            file.sync_all().map_err(cannot)?;
            std::fs::hard_link(&partial, path).map_err(|e| {
                if e.kind() == io::ErrorKind::AlreadyExists {
                    exists(path)
                } else {
                    cannot(e)
                }
            })?;
            Ok(counts)
        });
    // Whether it became the export or not, the partial name goes.
    let _ = std::fs::remove_file(&partial);
    let (users, hashes, authenticators) = written?;
    crate::secrets::sync_parent(path).map_err(cannot)?;
    let exported = Exported {
        out: path.display().to_string(),
        users,
        with_secrets: secrets,
        password_hashes: hashes,
        authenticators,
    };
    let mut text = format!(
        "Wrote {} of {} to {}",
        plural(users, "user"),
        scope.what,
        path.display()
    );
    if secrets {
        text.push_str(&format!(
            " with {} and {} (mode 0600: keep it as you keep the store's key file, and remove it once imported).",
            plural(hashes, "password hash"),
            plural(authenticators, "authenticator")
        ));
    } else {
        text.push('.');
    }
    Report::done(&exported, text)
}

/// Refuses to write secrets where others could read them: a terminal (anyone behind the
/// screen, the scrollback), or a file of standard output that others may read (a
/// shell's `>` under umask 022). A pipe is another program's business.
fn refuse_unsafe_output(out: Option<&Path>) -> Result<()> {
    if out.is_some() {
        return Ok(());
    }
    match output::stdout_is() {
        StdoutIs::Terminal => Err(Error::usage(
            "--with-secrets does not write to a terminal: the secrets would stay on the screen and in its scrollback",
        )
        .with_hint("write them to a new file only you can read: add --out users.csv")),
        StdoutIs::SharedFile(why) => Err(Error::usage(format!(
            "--with-secrets does not write to standard output here: it is a file others may read ({why}); nothing was written to it"
        ))
        .with_hint("use --out FILE instead, which makes a new file only you can read (mode 0600)")),
        StdoutIs::Private => Ok(()),
    }
}

fn exists(path: &Path) -> Error {
    Error::conflict(format!("{} already exists", path.display())).with_hint(
        "the export writes a new file: choose another name, or remove the old file first",
    )
}

/// Creates the output file, new (never replacing one, never through a link), readable
/// by its owner only when it holds secrets.
fn create(path: &Path, secrets: bool) -> Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    if secrets {
        options.mode(0o600);
    }
    options.open(path).map_err(|e| {
        if e.kind() == io::ErrorKind::AlreadyExists {
            exists(path)
        } else {
            Error::environment(format!("cannot create {}", path.display())).caused_by(e)
        }
    })
}

/// Why writing the users stopped.
enum Stopped {
    /// The reader of standard output went away.
    PipeClosed,
    Failed(Error),
}

impl Stopped {
    fn into_error(self) -> Error {
        match self {
            Stopped::PipeClosed => Error::environment("the export's reader went away"),
            Stopped::Failed(e) => e,
        }
    }
}

/// Writes the header and every user of `scope`, as read from the store; returns how
/// many users, password hashes and authenticators were written.
fn write_users(
    ctx: &Ctx,
    scope: &Scope,
    secrets: bool,
    out: &mut dyn Write,
) -> std::result::Result<(u64, u64, u64), Stopped> {
    let mut closed = false;
    let mut cannot = |e: io::Error| {
        closed |= e.kind() == io::ErrorKind::BrokenPipe;
        Error::environment("cannot write the export").caused_by(e)
    };
    let stopped = |e: Error, closed: bool| {
        if closed {
            Stopped::PipeClosed
        } else {
            Stopped::Failed(e)
        }
    };
    let mut writer = match Writer::new(out, secrets) {
        Ok(writer) => writer,
        Err(e) => {
            let error = cannot(e);
            return Err(stopped(error, closed));
        }
    };
    let mut counts = (0, 0, 0);
    let read = ctx.store.read(|tx| {
        tx.each_export_row(
            scope.tenant_id,
            scope.company_id,
            secrets,
            &mut |row: ExportRow| {
                let record = record(ctx, row)?;
                counts.0 += 1;
                counts.1 += u64::from(record.password_hash.is_some());
                counts.2 += u64::from(record.totp.is_some());
                writer.write(&record).map_err(&mut cannot)
            },
        )
    });
    let finished = read.and_then(|()| {
        writer
            .finish()
            .and_then(std::io::Write::flush)
            .map_err(&mut cannot)
    });
    match finished {
        Ok(()) => Ok(counts),
        Err(e) => Err(stopped(e, closed)),
    }
}

/// A user of the store as the CSV holds them, its secret decrypted.
fn record(ctx: &Ctx, row: ExportRow) -> Result<UserRecord> {
    let totp = match row.totp {
        Some((sealed, params)) => Some(Authenticator {
            secret: ctx.key.decrypt(&sealed, &secret_context(row.id))?,
            params,
        }),
        None => None,
    };
    Ok(UserRecord {
        tenant: Some(row.tenant),
        email: Some(row.email),
        company: row.company,
        roles: row.roles,
        kind: row.kind,
        password_hash: row.password_hash,
        totp,
    })
}
