//! The second step of `user import`, in one write transaction: the checks that need
//! the store (the tenants, companies and roles exist, or are created with
//! `--create-missing`; no email is taken) and the rows added in batches of
//! `IMPORT_BATCH`, each authenticator secret sealed for its user; then the refusal of
//! the whole import or its audit entries, one per tenant.

use std::collections::BTreeMap;

use serde_json::json;

use crate::commands::factor::secret_context;
use crate::commands::resolve_tenant;
use crate::core::audit::NewEntry;
use crate::core::model::{Tenant, UserKind};
use crate::core::transfer::{Field, LineIndex, Problems, note, severity};
use crate::ctx::Ctx;
use crate::error::{Error, Kind, Result};
use crate::store::{IMPORT_BATCH, ImportRow, ImportedTotp, Tx};

use super::names::{resolve_names, resolve_tenants};
use super::read::{Parsed, Row};
use super::{Created, RowError, Summary, writing};

/// How many bad rows are listed; the others are counted.
const ERRORS_LISTED: usize = 100;

/// What an import adds to one tenant, for its audit entry.
#[derive(Default)]
struct TenantCount {
    users: u64,
    local: u64,
    sso: u64,
    role_grants: u64,
    password_hashes: u64,
    authenticators: u64,
}

/// The store's ids for the rows of a batch, by row: the tenant, the company, and the
/// span of `role_ids` that holds the roles.
#[derive(Default)]
struct Resolved {
    tenants: Vec<Option<Tenant>>,
    companies: Vec<Option<i64>>,
    role_ids: Vec<i64>,
    role_spans: Vec<(usize, usize)>,
}

/// The state of one import's write: what was added, what was bad.
pub(super) struct Import<'t> {
    pub(super) ctx: &'t Ctx,
    pub(super) tx: &'t Tx<'t>,
    pub(super) parsed: &'t Parsed,
    /// The command's tenant (`--tenant`, or the only one), or why there is none.
    default_tenant: std::result::Result<Tenant, Error>,
    /// Whether the command named its tenant (`--tenant` or `MFACTL_TENANT`).
    tenant_given: bool,
    /// The store's tenant of each tenant name of `parsed.names`, by index.
    tenants: BTreeMap<u32, Tenant>,
    /// The id of each company and role name of `parsed.names` in its tenant.
    ids: Vec<Option<i64>>,
    now: i64,
    summary: Summary,
    counts: BTreeMap<i64, (String, TenantCount)>,
    added: LineIndex,
    bad: u64,
    worst: Kind,
}

impl Import<'_> {
    /// The tenant a row (or a name of the row) belongs to: its tenant column's, or the
    /// command's; `None` when that is unknown, with the problem it makes.
    pub(super) fn tenant_of(
        &self,
        tenant: Option<u32>,
    ) -> std::result::Result<&Tenant, (Kind, String)> {
        match tenant {
            Some(at) => {
                let named = self
                    .tenants
                    .get(&at)
                    .ok_or_else(|| (Kind::NotFound, self.parsed.names.not_found(at, None)))?;
                // `--tenant T` (or MFACTL_TENANT) scopes the whole import: a row of the
                // file cannot send a user into another tenant.
                match (&self.default_tenant, self.tenant_given) {
                    (Ok(given), true) if given.id != named.id => Err((
                        Kind::Usage,
                        format!(
                            "names tenant {}, but the import is for tenant {} (--tenant): leave --tenant out to import into the tenants the file names",
                            named.name, given.name
                        ),
                    )),
                    _ => Ok(named),
                }
            }
            None => self.default_tenant.as_ref().map_err(|e| {
                (
                    Kind::Usage,
                    format!(
                        "the row names no tenant, and {}: fill the tenant column or give --tenant",
                        e.message
                    ),
                )
            }),
        }
    }

    /// The tenant, company and role ids of each row of a batch, noting the names the
    /// store does not have among the rows' problems.
    fn resolve_rows(&self, rows: &[Row], problems: &mut [Option<Box<Problems>>]) -> Resolved {
        let names = &self.parsed.names;
        let mut resolved = Resolved::default();
        for (row, problems) in rows.iter().zip(problems) {
            let tenant = match self.tenant_of(row.tenant) {
                Ok(tenant) => Some(tenant.clone()),
                Err((kind, message)) => {
                    note(problems, Field::Tenant, kind, message);
                    None
                }
            };
            let company = row.company.and_then(|at| {
                let id = self.ids.get(at as usize).copied().flatten();
                if id.is_none() && tenant.is_some() {
                    note(
                        problems,
                        Field::Company,
                        Kind::NotFound,
                        names.not_found(at, tenant.as_ref()),
                    );
                }
                id
            });
            let start = resolved.role_ids.len();
            for &at in &row.roles {
                match self.ids.get(at as usize).copied().flatten() {
                    Some(id) if resolved.role_ids[start..].contains(&id) => {}
                    Some(id) => resolved.role_ids.push(id),
                    None if tenant.is_some() => {
                        let message = names.not_found(at, tenant.as_ref());
                        note(problems, Field::Roles, Kind::NotFound, message);
                    }
                    None => {}
                }
            }
            resolved.role_spans.push((start, resolved.role_ids.len()));
            resolved.tenants.push(tenant);
            resolved.companies.push(company);
        }
        resolved
    }

    /// Sends a batch of rows to the store, then reports the bad ones in line order. A
    /// bad row's user is added too (everything is rolled back then), so that a later
    /// line repeating its email is reported as well; it is given no roles.
    fn batch(&mut self, rows: &[Row]) -> Result<()> {
        let mut problems: Vec<Option<Box<Problems>>> =
            rows.iter().map(|row| row.problems.clone()).collect();
        let Resolved {
            tenants,
            companies,
            role_ids,
            role_spans,
        } = self.resolve_rows(rows, &mut problems);
        // A row with an email and a tenant is sent; each gets an id, to which its
        // authenticator's secret is bound before it goes.
        let sent: Vec<usize> = (0..rows.len())
            .filter(|&at| self.parsed.email(&rows[at]).is_some() && tenants[at].is_some())
            .collect();
        let reserved = self.tx.reserve_user_ids(sent.len())?;
        let mut sealed: Vec<Option<Vec<u8>>> = Vec::with_capacity(sent.len());
        for (&at, &id) in sent.iter().zip(&reserved) {
            sealed.push(match &rows[at].totp {
                Some(totp) => Some(self.ctx.key.encrypt(&totp.secret, &secret_context(id))?),
                None => None,
            });
        }
        let batch: Vec<ImportRow<'_>> = sent
            .iter()
            .zip(&reserved)
            .zip(&sealed)
            .filter_map(|((&at, &id), sealed)| {
                let row = &rows[at];
                let tenant = tenants[at].as_ref()?;
                let roles: &[i64] = match (&problems[at], role_spans[at]) {
                    (None, (start, end)) => role_ids.get(start..end).unwrap_or_default(),
                    (Some(_), _) => &[],
                };
                Some(ImportRow {
                    id,
                    tenant_id: tenant.id,
                    company_id: companies[at],
                    email: self.parsed.email(row)?,
                    kind: row.kind,
                    roles,
                    password_hash: self.parsed.password_hash(row),
                    totp: row
                        .totp
                        .as_ref()
                        .zip(sealed.as_deref())
                        .map(|(totp, sealed)| ImportedTotp {
                            sealed,
                            params: totp.params,
                        }),
                })
            })
            .collect();
        let ids = self.tx.import_users(&batch, self.now)?;
        let mut results = vec![None; rows.len()];
        for (&at, id) in sent.iter().zip(ids) {
            results[at] = Some(id);
        }
        for ((((row, mut problems), result), (start, end)), tenant) in rows
            .iter()
            .zip(problems)
            .zip(results)
            .zip(role_spans)
            .zip(tenants)
        {
            match (result, self.parsed.email(row), tenant) {
                (Some(Some(id)), _, Some(tenant)) => {
                    self.added.push(id, row.line);
                    if problems.is_none() {
                        self.count(&tenant, row, (end - start) as u64);
                    }
                }
                (Some(None), Some(email), Some(tenant)) => {
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

    /// Counts a good row into the summary and its tenant's count.
    fn count(&mut self, tenant: &Tenant, row: &Row, role_grants: u64) {
        let hash = self.parsed.password_hash(row).is_some();
        let totp = row.totp.is_some();
        let summary = &mut self.summary;
        summary.would_import += 1;
        summary.role_grants += role_grants;
        summary.password_hashes += u64::from(hash);
        summary.authenticators += u64::from(totp);
        let (_, count) = self
            .counts
            .entry(tenant.id)
            .or_insert_with(|| (tenant.name.clone(), TenantCount::default()));
        count.users += 1;
        count.role_grants += role_grants;
        count.password_hashes += u64::from(hash);
        count.authenticators += u64::from(totp);
        match row.kind {
            UserKind::Local => {
                summary.local += 1;
                count.local += 1;
                summary.without_password += u64::from(!hash);
            }
            UserKind::Sso => {
                summary.sso += 1;
                count.sso += 1;
            }
        }
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
        let (rows, dry_run) = (summary.rows, summary.dry_run);
        let file = summary.file.clone();
        *summary = Summary {
            tenant: summary.tenant.take(),
            tenants: std::mem::take(&mut summary.tenants),
            errors: std::mem::take(&mut summary.errors),
            file: file.clone(),
            rows,
            dry_run,
            ..Summary::default()
        };
        let mut message = format!(
            "{} of the {rows} rows of {file} {} bad; nothing {}:",
            self.bad,
            if self.bad == 1 { "is" } else { "are" },
            if dry_run {
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
        let hint = if dry_run {
            "fix those rows and check the file again".to_owned()
        } else if self.worst == Kind::NotFound {
            "create what the rows name (`mfactl company create SLUG`, `mfactl role create ROLE`), \
             or add --create-missing to create every tenant, company and role the file names; \
             --dry-run checks a file without writing"
                .to_owned()
        } else {
            "fix those rows and run the import again (add --dry-run to check a file without writing)"
                .to_owned()
        };
        Some(Error::new(self.worst, message).with_hint(hint))
    }
}

/// What the write needs besides the transaction.
pub(super) struct Plan<'a> {
    pub(super) tenant: Option<&'a str>,
    pub(super) file: &'a str,
    pub(super) dry_run: bool,
    pub(super) create_missing: bool,
}

/// Makes the checks that need the store and adds every row, in batches. Returns the
/// summary, and the error that refuses the import when a row was bad (the caller rolls
/// back).
pub(super) fn write_rows(
    ctx: &Ctx,
    tx: &Tx<'_>,
    parsed: &Parsed,
    plan: &Plan<'_>,
    bar: &indicatif::ProgressBar,
) -> Result<(Summary, Option<Error>)> {
    let rows = parsed.rows.len() as u64;
    writing(bar, rows);
    // The command's tenant is needed only by rows that name none; a store of several
    // tenants without --tenant is then a problem of those rows, not of the import.
    let default_tenant = match plan.tenant {
        Some(_) => Ok(resolve_tenant(tx, plan.tenant)?),
        None => resolve_tenant(tx, None).map_err(|e| match e.kind {
            Kind::Usage => Error::usage("the store has several tenants"),
            _ => Error::not_found("the store has no tenant"),
        }),
    };
    let mut created = Created::default();
    let tenants = resolve_tenants(ctx, tx, &parsed.names, plan.create_missing, &mut created)?;
    let mut import = Import {
        ctx,
        tx,
        parsed,
        default_tenant,
        tenant_given: plan.tenant.is_some(),
        tenants,
        ids: Vec::new(),
        now: ctx.now(),
        summary: Summary {
            file: plan.file.to_owned(),
            dry_run: plan.dry_run,
            rows,
            ..Summary::default()
        },
        counts: BTreeMap::new(),
        added: LineIndex::default(),
        bad: 0,
        worst: Kind::Conflict,
    };
    import.ids = resolve_names(&import, plan.create_missing, &mut created)?;
    for batch in parsed.rows.chunks(IMPORT_BATCH) {
        import.batch(batch)?;
        bar.inc(batch.len() as u64);
    }
    let names: Vec<String> = import
        .counts
        .values()
        .map(|(name, _)| name.clone())
        .collect();
    import.summary.tenant = match (names.as_slice(), &import.default_tenant) {
        ([one], _) => Some(one.clone()),
        ([], Ok(tenant)) => Some(tenant.name.clone()),
        _ => None,
    };
    import.summary.tenants = names;
    if let Some(refusal) = import.refusal() {
        return Ok((import.summary, Some(refusal)));
    }
    let mut summary = import.summary;
    summary.created = created;
    if !plan.dry_run {
        summary.imported = summary.would_import;
        for (name, count) in import.counts.values() {
            let entry = NewEntry::new(
                "user.import",
                format!("tenant:{name}"),
                json!({
                    "file": plan.file,
                    "users": count.users,
                    "local": count.local,
                    "sso": count.sso,
                    "role_grants": count.role_grants,
                    "password_hashes": count.password_hashes,
                    "authenticators": count.authenticators,
                }),
            );
            ctx.audit(tx, &entry)?;
        }
    }
    Ok((summary, None))
}
