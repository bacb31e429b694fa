//! `mfactl store check`: everything that can be checked without a person (SPEC §6,
//! issue 20), one line per check, and exit 1 naming every failure: never 0 with one.
//!
//! The checks: the database's own (SQLite's integrity and foreign keys; on PostgreSQL,
//! which was checked as it was opened, every foreign key's references), the schema
//! version, the key file (the key the store records), every sealed secret decrypting,
//! the mail settings' MAC, the audit chain (as `audit verify`, each entry with the key it
//! was written under) and this machine's record of it, and what has expired (reported,
//! not a failure). Secrets and entries are read in batches and from a cursor, so a store
//! of a million users is checked in flat memory. `store backup` runs the same checks on
//! the copy it makes.

use std::path::Path;

use serde::Serialize;

use crate::app::Keyed;
use crate::commands::audit::{check_chain, check_witness_of};
use crate::commands::email::{settings_mac_with, stored_url};
use crate::commands::factor::secret_context;
use crate::core::codes::constant_time_eq;
use crate::core::signin::PENDING_SECONDS;
use crate::error::{Error, Result};
use crate::keyring::{new_key_path, old_key_path};
use crate::output::{self, Report, counted, thousands};
use crate::store::ops::{OPS_BATCH, SealedUser};
use crate::store::{Store, Tx};

/// What `store check` checks, and how.
pub struct CheckSubject<'a> {
    pub store: &'a Store,
    /// The store's key, or why the key file does not open it (the key check's finding;
    /// the checks that need the key are then not made, and fail).
    pub keyed: std::result::Result<&'a Keyed, &'a Error>,
    /// The key file, when it is checked (not for a backup, checked with the store's key).
    pub key_path: Option<&'a Path>,
    /// Whether this machine's record of the store's audit log is compared (not for a
    /// backup, which is a new store at a new path).
    pub witness: bool,
    pub now: i64,
    /// Shows progress on stderr (hidden off a terminal).
    pub progress: &'a indicatif::ProgressBar,
}

/// One check's line.
#[derive(Debug, Clone, Serialize)]
pub struct CheckLine {
    /// database, schema, key file, secrets, mail server, audit log, expired
    pub name: &'static str,
    pub ok: bool,
    /// What was found, a sentence.
    pub detail: String,
}

/// How many sealed secrets of each kind decrypted, and how many did not.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct SecretCounts {
    pub decrypt: u64,
    pub fail: u64,
    pub totp_secrets: u64,
    pub pending_enrolments: u64,
    pub smtp_password: u64,
    pub earlier_keys: u64,
}

/// What the checks found.
#[derive(Debug, Clone, Serialize)]
pub struct Checked {
    pub ok: bool,
    pub store: String,
    pub checks: Vec<CheckLine>,
    /// Each failure, a sentence naming the check.
    pub failures: Vec<String>,
    pub schema_version: i64,
    pub secrets: SecretCounts,
    pub audit_entries: u64,
    pub expired: ExpiredView,
}

/// What has expired (reported, not a failure).
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct ExpiredView {
    pub pending_enrolments: i64,
    pub access_passes: i64,
}

/// At most this many problems are named per check (the count says how many in all).
const NAMED: usize = 10;

/// The problems of one check: the first `NAMED` named, the rest counted.
#[derive(Default)]
struct Problems {
    named: Vec<String>,
    count: u64,
}

impl Problems {
    fn push(&mut self, problem: impl FnOnce() -> String) {
        self.count += 1;
        if self.named.len() < NAMED {
            self.named.push(problem());
        }
    }

    fn sentence(&self) -> String {
        let mut text = self.named.join("; ");
        let more = self.count.saturating_sub(self.named.len() as u64);
        if more > 0 {
            text.push_str(&format!("; and {} more", thousands(more)));
        }
        text
    }
}

/// `store check`: the checks of the store in use (its key's problems are a finding,
/// not an error), printed one line each; exit 1 naming every failure.
pub fn check(
    store: &Store,
    keyed: std::result::Result<&Keyed, &Error>,
    key_path: &Path,
    json: bool,
    quiet: bool,
    terminal: bool,
) -> Result<Report> {
    let bar = super::spinner(quiet, json, terminal, "{spinner} checking the store: {msg}");
    let checked = run_checks(&CheckSubject {
        store,
        keyed,
        key_path: Some(key_path),
        witness: true,
        now: crate::ctx::clock(),
        progress: &bar,
    })?;
    bar.finish_and_clear();
    let text = text(&checked);
    let value = serde_json::to_value(&checked)
        .map_err(|e| Error::environment("cannot render JSON").caused_by(e))?;
    if checked.ok {
        return Report::data(&value, text);
    }
    let names: Vec<&str> = checked
        .checks
        .iter()
        .filter(|line| !line.ok)
        .map(|line| line.name)
        .collect();
    Err(Error::integrity(format!(
        "store check failed: {} (each named above)",
        names.join(", ")
    ))
    .with_hint(
        "see each line above; `mfactl store check --json` lists them for a script; restore from a backup (docs/operations.md, \"Keeping a store healthy\") where the store was altered",
    )
    .with_output(value, text))
}

/// The lines of a check for a person.
pub fn text(checked: &Checked) -> String {
    let width = checked
        .checks
        .iter()
        .map(|line| line.name.len())
        .max()
        .unwrap_or(0);
    let mut text = format!("Checked the store {}:\n", checked.store);
    for line in &checked.checks {
        let status = match (line.ok, line.name) {
            (true, "expired") => "info",
            (true, _) => "ok",
            (false, _) => "FAILED",
        };
        text.push_str(&format!(
            "  {:width$}  {status:6}  {}\n",
            line.name,
            output::printable(&line.detail)
        ));
    }
    let counted = checked
        .checks
        .iter()
        .filter(|l| l.name != "expired")
        .count();
    if checked.ok {
        text.push_str(&format!("All {counted} checks passed."));
    } else {
        text.push_str(&format!(
            "{} of {counted} checks failed.",
            checked.failures.len()
        ));
    }
    text
}

/// Runs every check on `subject`; the report of what was found. A check that cannot
/// read what it checks fails, saying why; the others still run.
pub fn run_checks(subject: &CheckSubject<'_>) -> Result<Checked> {
    let store = subject.store;
    let unreadable = |name: &'static str, e: &Error| CheckLine {
        name,
        ok: false,
        detail: format!("could not be checked: {}", e.message),
    };
    let mut lines = Vec::new();
    subject.progress.set_message("the database's own check");
    lines.push(database(store).unwrap_or_else(|e| unreadable("database", &e)));
    let version = store.read(|tx| tx.store_counts()).map(|c| c.schema_version);
    lines.push(match &version {
        Ok(version) => schema(*version),
        Err(e) => unreadable("schema", e),
    });
    lines.push(key_file(subject));
    let mut secrets = SecretCounts::default();
    let mut audit_entries = 0;
    let keyed_checks = ["secrets", "mail server", "audit log"];
    match subject.keyed {
        Ok(keyed) => {
            // One snapshot for the secrets and the log.
            let read = store.read(|tx| {
                subject.progress.set_message("decrypting every secret");
                let mut problems = Problems::default();
                let mail = mail_server(tx, keyed, &mut secrets, &mut problems)?;
                lines.push(sealed_secrets(
                    tx,
                    keyed,
                    subject.progress,
                    &mut secrets,
                    problems,
                )?);
                lines.push(mail);
                subject.progress.set_message("verifying the audit log");
                let (line, entries) = audit_log(tx, keyed)?;
                audit_entries = entries;
                lines.push(line);
                Ok(())
            });
            if let Err(e) = read {
                for name in keyed_checks {
                    if !lines.iter().any(|line| line.name == name) {
                        lines.push(unreadable(name, &e));
                    }
                }
            }
        }
        Err(_) => {
            for name in keyed_checks {
                lines.push(CheckLine {
                    name,
                    ok: false,
                    detail: "not checked: the key file does not open the store (see key file)"
                        .to_owned(),
                });
            }
        }
    }
    if let (Ok(keyed), true) = (subject.keyed, subject.witness)
        && let Err(cut) = check_witness_of(store, &keyed.store_id)
        && let Some(line) = lines.iter_mut().find(|l| l.name == "audit log" && l.ok)
    {
        line.ok = false;
        line.detail = cut.message;
    }
    let found =
        store.read(|tx| tx.expired(subject.now.saturating_sub(PENDING_SECONDS), subject.now));
    let expired = found.as_ref().map_or_else(
        |_| ExpiredView::default(),
        |found| ExpiredView {
            pending_enrolments: found.pending_enrolments,
            access_passes: found.access_passes,
        },
    );
    lines.push(match &found {
        Ok(_) => expired_line(expired),
        Err(e) => unreadable("expired", e),
    });
    let failures: Vec<String> = lines
        .iter()
        .filter(|line| !line.ok)
        .map(|line| format!("{}: {}", line.name, line.detail))
        .collect();
    Ok(Checked {
        ok: failures.is_empty(),
        store: store.location(),
        checks: lines,
        failures,
        schema_version: version.unwrap_or(0),
        secrets,
        audit_entries,
        expired,
    })
}

fn database(store: &Store) -> Result<CheckLine> {
    let problems = store.read(|tx| tx.database_problems(20))?;
    let checked = if store.path().is_some() {
        "SQLite's integrity_check and foreign_key_check"
    } else {
        "the schema and the session (checked as the store was opened), every foreign key's references"
    };
    Ok(if problems.is_empty() {
        CheckLine {
            name: "database",
            ok: true,
            detail: format!("{checked}: no problem"),
        }
    } else {
        CheckLine {
            name: "database",
            ok: false,
            detail: problems.join("; "),
        }
    })
}

fn schema(version: i64) -> CheckLine {
    let latest = crate::store::latest_version();
    if version == latest {
        CheckLine {
            name: "schema",
            ok: true,
            detail: format!("version {version} (current)"),
        }
    } else {
        CheckLine {
            name: "schema",
            ok: false,
            detail: format!(
                "version {version}, and this mfactl knows {latest}: open the store once with write access to upgrade it"
            ),
        }
    }
}

fn key_file(subject: &CheckSubject<'_>) -> CheckLine {
    let keyed = match subject.keyed {
        Ok(keyed) => keyed,
        Err(e) => {
            let mut detail = e.message.clone();
            if let Some(hint) = &e.hint {
                detail.push_str(&format!(" ({hint})"));
            }
            return CheckLine {
                name: "key file",
                ok: false,
                detail,
            };
        }
    };
    let mut detail = match subject.key_path {
        Some(path) => format!(
            "{} (mode 0600) holds the key the store records (key id {})",
            path.display(),
            keyed.key.id()
        ),
        None => format!("the store records key id {}", keyed.key.id()),
    };
    let earlier = keyed.ring.past().len();
    if earlier > 0 {
        detail.push_str(&format!(
            "; {} sealed in the store by `store rekey`",
            output::plural(earlier, "earlier key")
        ));
    }
    if let Some(path) = subject.key_path {
        let real = crate::app::real_key_path(path);
        // The store opened with KEY: a KEY.new is one a rekey wrote and has not used.
        let new = new_key_path(&real);
        if std::fs::symlink_metadata(&new).is_ok() {
            detail.push_str(&format!(
                "; {} is there, written by a rekey that did not commit (or one running now): it opens nothing in the store, and the next `mfactl store rekey` removes it",
                new.display()
            ));
        }
        let old = old_key_path(&real);
        if std::fs::symlink_metadata(&old).is_ok() {
            detail.push_str(&format!(
                "; {} (the key before the last rekey) is still there: keep it only while backups made before the rekey need it",
                old.display()
            ));
        }
    }
    CheckLine {
        name: "key file",
        ok: true,
        detail,
    }
}

/// Decrypts every sealed secret of the users, a batch at a time.
fn sealed_secrets(
    tx: &Tx<'_>,
    keyed: &Keyed,
    progress: &indicatif::ProgressBar,
    counts: &mut SecretCounts,
    mut problems: Problems,
) -> Result<CheckLine> {
    counts.earlier_keys = keyed.ring.past().len() as u64;
    let mut after = 0;
    loop {
        let batch = tx.sealed_users(after, OPS_BATCH)?;
        for user in &batch {
            check_user(keyed, user, counts, &mut problems);
        }
        progress.set_message(format!(
            "decrypting every secret ({} so far)",
            thousands(counts.decrypt + counts.fail)
        ));
        match batch.last() {
            Some(last) if batch.len() == OPS_BATCH as usize => after = last.id,
            _ => break,
        }
    }
    Ok(CheckLine {
        name: "secrets",
        ok: problems.count == 0,
        detail: if problems.count == 0 {
            secrets_sentence(counts)
        } else {
            format!("{}: {}", secrets_sentence(counts), problems.sentence())
        },
    })
}

fn check_user(
    keyed: &Keyed,
    user: &SealedUser,
    counts: &mut SecretCounts,
    problems: &mut Problems,
) {
    let context = secret_context(user.id);
    for (sealed, what) in [
        (&user.totp, "TOTP secret"),
        (&user.pending, "pending enrolment"),
    ] {
        let Some(sealed) = sealed else { continue };
        if keyed.key.decrypt(sealed, &context).is_ok() {
            counts.decrypt += 1;
            if what == "TOTP secret" {
                counts.totp_secrets += 1;
            } else {
                counts.pending_enrolments += 1;
            }
        } else {
            counts.fail += 1;
            problems.push(|| {
                format!(
                    "the {what} of {} (tenant {}, user id {}) does not decrypt",
                    user.email, user.tenant, user.id
                )
            });
        }
    }
}

fn secrets_sentence(counts: &SecretCounts) -> String {
    format!(
        "{} decrypt, {} fail ({}, {}, {})",
        thousands(counts.decrypt),
        thousands(counts.fail),
        counted(counts.totp_secrets, "TOTP secret"),
        counted(counts.pending_enrolments, "pending enrolment"),
        counted(counts.smtp_password, "SMTP password"),
    )
}

/// The mail server's settings: their MAC under the key, and their sealed password.
fn mail_server(
    tx: &Tx<'_>,
    keyed: &Keyed,
    counts: &mut SecretCounts,
    secrets: &mut Problems,
) -> Result<CheckLine> {
    let Some(row) = tx.mail_server()? else {
        return Ok(CheckLine {
            name: "mail server",
            ok: true,
            detail: "none set (mail is written to the outbox)".to_owned(),
        });
    };
    let mut problems = Vec::new();
    let mac = settings_mac_with(&keyed.key, &keyed.store_id, &row);
    if !constant_time_eq(mac.as_bytes(), row.mac.as_bytes()) {
        problems.push(
            "its settings were changed without the key file, or saved by an older mfactl (set them again with `mfactl mail set`)"
                .to_owned(),
        );
    }
    if let Some(sealed) = &row.sealed_password {
        if keyed
            .key
            .decrypt(sealed, &stored_url(&row).password_context())
            .is_ok()
        {
            counts.decrypt += 1;
            counts.smtp_password += 1;
        } else {
            counts.fail += 1;
            problems.push("its password does not decrypt".to_owned());
            secrets.push(|| "the SMTP password does not decrypt".to_owned());
        }
    }
    Ok(if problems.is_empty() {
        CheckLine {
            name: "mail server",
            ok: true,
            detail: format!(
                "{}:{}: settings intact{}",
                row.host,
                row.port,
                if row.sealed_password.is_some() {
                    ", password decrypts"
                } else {
                    ""
                }
            ),
        }
    } else {
        CheckLine {
            name: "mail server",
            ok: false,
            detail: format!("{}:{}: {}", row.host, row.port, problems.join("; ")),
        }
    })
}

fn audit_log(tx: &Tx<'_>, keyed: &Keyed) -> Result<(CheckLine, u64)> {
    let chain = keyed.ring.chain_keys(&keyed.key, &keyed.store_id);
    let (found, keyed_store) = check_chain(tx, &chain)?;
    Ok(match found {
        Ok(verified) => {
            let mut detail = format!(
                "{} verify, each chained to the one before by a MAC of the key it was written under",
                counted(verified.entries as u64, "entry")
            );
            if !keyed_store {
                detail = format!(
                    "{} verify, but the chain is not keyed yet (a read-only store of schema 1)",
                    counted(verified.entries as u64, "entry")
                );
            }
            (
                CheckLine {
                    name: "audit log",
                    ok: true,
                    detail,
                },
                verified.entries as u64,
            )
        }
        Err(broken) => (
            CheckLine {
                name: "audit log",
                ok: false,
                detail: format!("altered: {broken}"),
            },
            0,
        ),
    })
}

fn expired_line(expired: ExpiredView) -> CheckLine {
    CheckLine {
        name: "expired",
        ok: true,
        detail: format!(
            "{} and {} (not a failure: each is refused when used)",
            output::plural(expired.pending_enrolments, "expired pending enrolment"),
            output::plural(expired.access_passes, "expired access pass"),
        ),
    }
}
