//! `mfactl report`: 2FA coverage per company, then the totals. One streamed query
//! (`Tx::each_user`) reads every user in scope; each is judged by the policy exactly as
//! `user show` and `user list --mfa …` judge them (`UserView`), and counted into its
//! company's row in memory (one entry per company, so memory stays flat however many
//! users there are). No policy rule is written here or in SQL.

use std::collections::HashMap;

use serde::Serialize;

use crate::cli::report::ReportArgs;
use crate::commands::user::UserView;
use crate::commands::{resolve_company, tenant_named, when};
use crate::core::policy::Next;
use crate::ctx::Ctx;
use crate::error::Result;
use crate::output::{self, Report};
use crate::store::UserFilter;

/// The counts of one row, or of the totals.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Counts {
    /// Every user.
    pub users: u64,
    /// Users of whom the policy requires 2FA (never SSO users).
    pub required: u64,
    /// Users with an authenticator app enrolled.
    pub enrolled: u64,
    /// Users required to use 2FA with nothing to pass it with yet (`UserView::missing`).
    pub missing: u64,
    /// The missing who may still skip enrolment while the grace period lasts.
    pub in_grace: u64,
    /// Of those in grace, the ones whose grace period has not started yet.
    pub grace_not_started: u64,
    /// The earliest end of a running grace period among those in grace.
    pub earliest_grace_end: Option<String>,
    /// Users locked out now.
    pub locked: u64,
}

impl Counts {
    fn count(&mut self, view: &UserView) {
        let mfa = &view.mfa;
        self.users += 1;
        self.required += u64::from(mfa.required);
        self.enrolled += u64::from(mfa.enrolled);
        self.locked += u64::from(mfa.locked_until.is_some());
        if !view.missing() {
            return;
        }
        self.missing += 1;
        if mfa.next_sign_in == Next::EnrolOrSkip {
            self.in_grace += 1;
            match &mfa.grace_ends_at {
                Some(end) => self.earliest(end),
                None => self.grace_not_started += 1,
            }
        }
    }

    /// Keeps the earlier of two RFC 3339 times (fixed width, UTC: their text order is
    /// their time order).
    fn earliest(&mut self, end: &str) {
        if self
            .earliest_grace_end
            .as_deref()
            .is_none_or(|known| end < known)
        {
            self.earliest_grace_end = Some(end.to_owned());
        }
    }

    fn add(&mut self, other: &Counts) {
        self.users += other.users;
        self.required += other.required;
        self.enrolled += other.enrolled;
        self.missing += other.missing;
        self.in_grace += other.in_grace;
        self.grace_not_started += other.grace_not_started;
        self.locked += other.locked;
        if let Some(end) = &other.earliest_grace_end {
            self.earliest(end);
        }
    }

    /// The cells after tenant and company, for CSV; the table leaves out
    /// grace_not_started (its grace end says "not started" when no period has begun).
    fn cells(&self, grace_end: String, grace_not_started: bool) -> Vec<String> {
        let mut cells = vec![
            self.users.to_string(),
            self.required.to_string(),
            self.enrolled.to_string(),
            self.missing.to_string(),
            self.in_grace.to_string(),
        ];
        if grace_not_started {
            cells.push(self.grace_not_started.to_string());
        }
        cells.extend([grace_end, self.locked.to_string()]);
        cells
    }
}

/// One company of a tenant, or the users of a tenant who belong to no company.
#[derive(Debug, Serialize)]
struct Row {
    tenant: String,
    /// None for the users without a company.
    company: Option<String>,
    #[serde(flatten)]
    counts: Counts,
}

/// The whole report as scripts read it.
#[derive(Debug, Serialize)]
struct Coverage {
    /// When the report was taken: grace periods and locks are judged at this time.
    at: String,
    rows: Vec<Row>,
    totals: Counts,
}

const TABLE_HEADERS: &[&str] = &[
    "TENANT",
    "COMPANY",
    "USERS",
    "REQUIRED",
    "ENROLLED",
    "MISSING",
    "IN GRACE",
    "FIRST GRACE END",
    "LOCKED",
];

const CSV_HEADERS: &[&str] = &[
    "tenant",
    "company",
    "users",
    "required",
    "enrolled",
    "missing",
    "in_grace",
    "grace_not_started",
    "earliest_grace_end",
    "locked",
];

pub fn run(ctx: &Ctx, args: &ReportArgs) -> Result<Report> {
    let tenant_arg = args.tenant.tenant.as_deref();
    let coverage = ctx.store.read(|tx| {
        let mut filter = UserFilter::default();
        // The rows of every company in scope first, so a company without users shows.
        let mut rows: HashMap<(i64, Option<i64>), Row> = HashMap::new();
        let companies = if let Some(slug) = &args.company {
            let (tenant, company) = resolve_company(tx, tenant_arg, slug)?;
            filter.tenant_id = Some(tenant.id);
            filter.company_id = Some(company.id);
            vec![company]
        } else {
            filter.tenant_id = tenant_arg
                .map(|name| tenant_named(tx, name))
                .transpose()?
                .map(|t| t.id);
            tx.companies(filter.tenant_id)?
        };
        let tenants: HashMap<i64, String> =
            tx.tenants()?.into_iter().map(|t| (t.id, t.name)).collect();
        for company in companies {
            let tenant = tenants.get(&company.tenant_id).cloned().unwrap_or_default();
            rows.insert(
                (company.tenant_id, Some(company.id)),
                Row {
                    tenant,
                    company: Some(company.slug),
                    counts: Counts::default(),
                },
            );
        }
        // One moment for the whole report: every user is judged at the same time.
        let now = ctx.now();
        tx.each_user(&filter, &mut |row| {
            let key = (row.user.tenant_id, row.user.company_id);
            let view = UserView::from_row(row, now);
            rows.entry(key)
                .or_insert_with(|| Row {
                    tenant: view.tenant.clone(),
                    company: view.company.clone(),
                    counts: Counts::default(),
                })
                .counts
                .count(&view);
            Ok(true)
        })?;
        let mut rows: Vec<Row> = rows.into_values().collect();
        // Names compare without case, as the store does (COLLATE NOCASE).
        rows.sort_by_cached_key(|row| {
            (
                row.tenant.to_lowercase(),
                row.company.is_none(),
                row.company.as_deref().map(str::to_lowercase),
            )
        });
        let mut totals = Counts::default();
        for row in &rows {
            totals.add(&row.counts);
        }
        Ok(Coverage {
            at: when(now),
            rows,
            totals,
        })
    })?;
    let text = if args.csv {
        csv_text(&coverage)?
    } else {
        table_text(&coverage)
    };
    Report::data(&coverage, text)
}

fn table_text(coverage: &Coverage) -> String {
    if coverage.rows.is_empty() {
        return "No companies or users to report.".to_owned();
    }
    // A grace period that only starts at the user's next sign-in has no end yet.
    let grace_end = |counts: &Counts| match &counts.earliest_grace_end {
        Some(end) => end.clone(),
        None if counts.in_grace > 0 => "not started".to_owned(),
        None => "-".to_owned(),
    };
    let mut lines: Vec<Vec<String>> = coverage
        .rows
        .iter()
        .map(|row| {
            let mut cells = vec![
                row.tenant.clone(),
                row.company.clone().unwrap_or_else(|| "-".to_owned()),
            ];
            cells.extend(row.counts.cells(grace_end(&row.counts), false));
            cells
        })
        .collect();
    let mut total = vec!["TOTAL".to_owned(), String::new()];
    total.extend(coverage.totals.cells(grace_end(&coverage.totals), false));
    lines.push(total);
    output::table(TABLE_HEADERS, &lines)
}

fn csv_text(coverage: &Coverage) -> Result<String> {
    let mut lines: Vec<Vec<String>> = coverage
        .rows
        .iter()
        .map(|row| {
            let mut cells = vec![
                row.tenant.clone(),
                row.company.clone().unwrap_or_else(|| "-".to_owned()),
            ];
            let end = row.counts.earliest_grace_end.clone().unwrap_or_default();
            cells.extend(row.counts.cells(end, true));
            cells
        })
        .collect();
    let totals = &coverage.totals;
    let mut total = vec!["TOTAL".to_owned(), String::new()];
    total.extend(totals.cells(totals.earliest_grace_end.clone().unwrap_or_default(), true));
    lines.push(total);
    output::csv(CSV_HEADERS, &lines)
}
