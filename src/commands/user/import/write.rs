//! The second step of `user import`, in one write transaction: the checks that need
//! the store (the names exist, no email is taken) and the rows added in batches of
//! `IMPORT_BATCH`, then the refusal of the whole import or its audit entry.

use serde_json::json;

use crate::core::audit::NewEntry;
use crate::core::model::{Tenant, UserKind};
use crate::ctx::Ctx;
use crate::error::{Error, Kind, Result};
use crate::store::{IMPORT_BATCH, ImportRow, Tx};

use super::read::{Field, Names, Parsed, Problems, Row, What, note, severity};
use super::{RowError, Summary, writing};

/// How many bad rows are listed; the others are counted.
const ERRORS_LISTED: usize = 100;

/// The users added so far and the line each came from, to name the line an email
/// repeats. Ids grow with the rows but may skip (PostgreSQL's sequence does on a
/// conflict), so they are kept as runs of consecutive ids over the list of lines: as
/// small as the lines alone while nothing skips.
#[derive(Default)]
struct Added {
    /// The line of each added user, in the order they were added.
    lines: Vec<u64>,
    /// (first id, index in `lines`) of each run of consecutive ids, ids growing.
    runs: Vec<(i64, usize)>,
    /// The last id added.
    last: Option<i64>,
}

impl Added {
    fn push(&mut self, id: i64, line: u64) {
        if self.last.is_none_or(|last| last.checked_add(1) != Some(id)) {
            self.runs.push((id, self.lines.len()));
        }
        self.last = Some(id);
        self.lines.push(line);
    }

    fn line_of(&self, id: i64) -> Option<u64> {
        // The run holding the id: the last one starting at or before it.
        let run = self.runs.partition_point(|&(first, _)| first <= id);
        let &(first, at) = self.runs.get(run.checked_sub(1)?)?;
        let end = self
            .runs
            .get(run)
            .map_or(self.lines.len(), |&(_, next)| next);
        let index = at.checked_add(usize::try_from(id - first).ok()?)?;
        (index < end)
            .then(|| self.lines.get(index).copied())
            .flatten()
    }
}

/// The state of one import's write: what was added, what was bad.
struct Import<'t> {
    tx: &'t Tx<'t>,
    tenant: &'t Tenant,
    parsed: &'t Parsed,
    /// The id of each name of `parsed.names` in the tenant.
    ids: Vec<Option<i64>>,
    now: i64,
    summary: Summary,
    added: Added,
    bad: u64,
    worst: Kind,
}

impl Import<'_> {
    /// Sends a batch of rows to the store, then reports the bad ones in line order. A
    /// bad row's user is added too (everything is rolled back then), so that a later
    /// line repeating its email is reported as well; it is given no roles.
    fn batch(&mut self, rows: &[Row]) -> Result<()> {
        let (names, tenant) = (&self.parsed.names, self.tenant);
        let mut problems: Vec<Option<Box<Problems>>> =
            rows.iter().map(|row| row.problems.clone()).collect();
        let mut companies = Vec::with_capacity(rows.len());
        let mut role_ids: Vec<i64> = Vec::new();
        let mut role_spans = Vec::with_capacity(rows.len());
        for (row, problems) in rows.iter().zip(&mut problems) {
            let company = row.company.and_then(|at| {
                let id = self.ids.get(at as usize).copied().flatten();
                if id.is_none() {
                    let message = names.not_found(at, tenant);
                    note(problems, Field::Company, Kind::NotFound, message);
                }
                id
            });
            companies.push(company);
            let start = role_ids.len();
            for &at in &row.roles {
                match self.ids.get(at as usize).copied().flatten() {
                    Some(id) if role_ids[start..].contains(&id) => {}
                    Some(id) => role_ids.push(id),
                    None => {
                        let message = names.not_found(at, tenant);
                        note(problems, Field::Roles, Kind::NotFound, message);
                    }
                }
            }
            role_spans.push((start, role_ids.len()));
        }
        let sent: Vec<(usize, ImportRow<'_>)> = rows
            .iter()
            .enumerate()
            .filter_map(|(at, row)| {
                let email = self.parsed.email(row)?;
                let roles: &[i64] = match (&problems[at], role_spans[at]) {
                    (None, (start, end)) => role_ids.get(start..end).unwrap_or_default(),
                    (Some(_), _) => &[],
                };
                Some((
                    at,
                    ImportRow {
                        company_id: companies[at],
                        email,
                        kind: row.kind,
                        roles,
                    },
                ))
            })
            .collect();
        let batch: Vec<ImportRow<'_>> = sent.iter().map(|(_, row)| *row).collect();
        let ids = self.tx.import_users(tenant.id, &batch, self.now)?;
        let mut results = vec![None; rows.len()];
        for ((at, _), id) in sent.iter().zip(ids) {
            results[*at] = Some(id);
        }
        for (((row, mut problems), result), (start, end)) in
            rows.iter().zip(problems).zip(results).zip(role_spans)
        {
            match (result, self.parsed.email(row)) {
                (Some(Some(id)), _) => {
                    self.added.push(id, row.line);
                    if problems.is_none() {
                        let summary = &mut self.summary;
                        summary.role_grants += (end - start) as u64;
                        summary.would_import += 1;
                        match row.kind {
                            UserKind::Local => summary.local += 1,
                            UserKind::Sso => summary.sso += 1,
                        }
                    }
                }
                (Some(None), Some(email)) => {
                    let earlier = self
                        .tx
                        .user_id_by_email(tenant.id, email)?
                        .and_then(|id| self.added.line_of(id));
                    let message = match earlier {
                        Some(first) => format!("{email} repeats line {first}"),
                        None => format!("{email} is already a user of tenant {}", tenant.name),
                    };
                    note(&mut problems, Field::Taken, Kind::Conflict, message);
                }
                _ => {}
            }
            if let Some(problems) = problems {
                self.refuse_row(row.line, &problems);
            }
        }
        Ok(())
    }

    fn refuse_row(&mut self, line: u64, problems: &Problems) {
        self.bad += 1;
        if self.bad == 1 || severity(problems.kind) > severity(self.worst) {
            self.worst = problems.kind;
        }
        if self.summary.errors.len() < ERRORS_LISTED {
            self.summary.errors.push(RowError {
                line,
                message: problems.text(),
            });
        }
    }

    /// The refusal of the whole import, when a row was bad.
    fn refusal(&mut self) -> Option<Error> {
        if self.bad == 0 {
            return None;
        }
        let summary = &mut self.summary;
        (
            summary.imported,
            summary.local,
            summary.sso,
            summary.role_grants,
        ) = (0, 0, 0, 0);
        summary.would_import = 0;
        let mut message = format!(
            "{} of the {} rows of {} are bad; nothing {}:",
            self.bad,
            summary.rows,
            summary.file,
            if summary.dry_run {
                "would be imported"
            } else {
                "was imported"
            }
        );
        for error in &summary.errors {
            message.push_str(&format!("\n  line {}: {}", error.line, error.message));
        }
        let unlisted = self.bad - summary.errors.len() as u64;
        if unlisted > 0 {
            message.push_str(&format!("\n  … and {unlisted} more bad rows"));
        }
        let hint = if summary.dry_run {
            "fix those rows and check the file again"
        } else {
            "fix those rows and run the import again (add --dry-run to check a file without writing)"
        };
        Some(Error::new(self.worst, message).with_hint(hint))
    }
}

/// The ids of the file's company and role names in the tenant, in the order of
/// `Names::list`: the store is asked about each name once.
fn resolve(names: &Names, tx: &Tx<'_>, tenant: &Tenant) -> Result<Vec<Option<i64>>> {
    let tenant = Some(tenant.id);
    names
        .list
        .iter()
        .map(|(what, name)| match what {
            What::Company => tx
                .companies_by_slug(tenant, name)
                .map(|c| c.first().map(|c| c.id)),
            What::Role => tx
                .roles_by_name(tenant, name)
                .map(|r| r.first().map(|r| r.id)),
        })
        .collect()
}

/// Makes the checks that need the store (the names exist, no email is taken) and adds
/// every row, in batches. Returns the summary, and the error that refuses the import
/// when a row was bad (the caller rolls back).
pub(super) fn write_rows(
    ctx: &Ctx,
    tx: &Tx<'_>,
    tenant: &Tenant,
    parsed: &Parsed,
    file: &str,
    dry_run: bool,
    bar: &indicatif::ProgressBar,
) -> Result<(Summary, Option<Error>)> {
    let rows = parsed.rows.len() as u64;
    writing(bar, rows);
    let mut import = Import {
        tx,
        tenant,
        parsed,
        ids: resolve(&parsed.names, tx, tenant)?,
        now: ctx.now(),
        summary: Summary {
            tenant: tenant.name.clone(),
            file: file.to_owned(),
            dry_run,
            rows,
            ..Summary::default()
        },
        added: Added::default(),
        bad: 0,
        worst: Kind::Conflict,
    };
    for batch in parsed.rows.chunks(IMPORT_BATCH) {
        import.batch(batch)?;
        bar.inc(batch.len() as u64);
    }
    if let Some(refusal) = import.refusal() {
        return Ok((import.summary, Some(refusal)));
    }
    let mut summary = import.summary;
    if !dry_run {
        summary.imported = summary.would_import;
        let entry = NewEntry::new(
            "user.import",
            format!("tenant:{}", tenant.name),
            json!({
                "file": file,
                "users": summary.imported,
                "local": summary.local,
                "sso": summary.sso,
                "role_grants": summary.role_grants,
            }),
        );
        ctx.audit(tx, &entry)?;
    }
    Ok((summary, None))
}
