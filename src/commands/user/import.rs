//! `mfactl user import FILE`: many users from a CSV file, all rows or none.
//!
//! One pass over the file, read as a stream, inside one write transaction: each row is
//! checked as it is read and handed to the store in batches of `IMPORT_BATCH` rows
//! (row by row on SQLite, through `COPY` on PostgreSQL); the store's unique index finds
//! repeated emails, in the file and against the store, so memory stays flat whatever
//! the file's size (a line number per added user is kept, to name the line an email
//! repeats). Any bad row rolls everything back and the bad rows are reported by line
//! number; a dry run makes the same checks and always rolls back. One audit entry
//! records the import.

use std::collections::{HashMap, VecDeque};
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use serde::Serialize;
use serde_json::json;

use crate::cli::user::UserImportArgs;
use crate::commands::resolve_tenant;
use crate::core::audit::NewEntry;
use crate::core::model::{Tenant, UserKind};
use crate::core::validate;
use crate::ctx::Ctx;
use crate::error::{Error, Kind, Result};
use crate::output::{Report, plural};
use crate::store::{IMPORT_BATCH, ImportRow, Tx};

/// The columns a file may have; `email` is required.
const COLUMNS: [&str; 4] = ["email", "company", "roles", "sso"];
/// How many bad rows are listed; the others are counted.
const ERRORS_LISTED: usize = 100;
/// Rows between two updates of the progress bar.
const PROGRESS_EVERY: u64 = 1000;

/// The input, counting its lines as csv reads it. The csv crate's own line numbers are
/// off for the first record after a blank line and for CRLF files (rust-csv issues
/// #208 and #395), and a bad row must be named by the line a person sees in an editor.
struct Lines {
    inner: Box<dyn Read>,
    /// Bytes read from `inner` so far.
    read: u64,
    /// Offsets of the newlines read ahead of what csv has consumed.
    ahead: VecDeque<u64>,
    /// Newlines before what csv has consumed, and the offset of the last of them.
    before: u64,
    last: Option<u64>,
}

impl Read for Lines {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        for i in memchr::memchr_iter(b'\n', &buf[..n]) {
            self.ahead.push_back(self.read + i as u64);
        }
        self.read += n as u64;
        Ok(n)
    }
}

impl Lines {
    /// The line on which a record that ends at byte `end` (csv's position after reading
    /// it) and holds `inner_newlines` newlines in its quoted fields starts.
    fn start_line(&mut self, end: u64, inner_newlines: u64) -> u64 {
        while self.ahead.front().is_some_and(|&at| at < end) {
            self.last = self.ahead.pop_front();
            self.before += 1;
        }
        // The record's own line break, when csv consumed it, is among those counted.
        let own_break = u64::from(end > 0 && self.last == Some(end - 1));
        (self.before + 1).saturating_sub(own_break + inner_newlines)
    }
}

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
    imported: u64,
    local: u64,
    sso: u64,
    role_grants: u64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<RowError>,
}

/// Where each column is in the header row.
struct Header {
    email: usize,
    company: Option<usize>,
    roles: Option<usize>,
    sso: Option<usize>,
    width: usize,
}

impl Header {
    fn parse(fields: &csv::ByteRecord) -> Result<Header> {
        let hint = "the first line names the columns, e.g. `email,company,roles,sso` (only email is required)";
        let mut at: HashMap<&str, usize> = HashMap::new();
        for (i, raw) in fields.iter().enumerate() {
            let name = std::str::from_utf8(raw)
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            let Some(known) = COLUMNS.iter().find(|c| **c == name) else {
                return Err(Error::usage(format!(
                    "line 1: unknown column {:?}; the columns are email, company, roles and sso",
                    String::from_utf8_lossy(raw)
                ))
                .with_hint(hint));
            };
            if at.insert(known, i).is_some() {
                return Err(
                    Error::usage(format!("line 1: the column {known} appears twice"))
                        .with_hint(hint),
                );
            }
        }
        let Some(&email) = at.get("email") else {
            return Err(Error::usage("line 1: the header row has no email column").with_hint(hint));
        };
        Ok(Header {
            email,
            company: at.get("company").copied(),
            roles: at.get("roles").copied(),
            sso: at.get("sso").copied(),
            width: fields.len(),
        })
    }
}

/// A field of a record as text (`None`: the column is absent or the field empty).
fn field(record: &csv::ByteRecord, at: Option<usize>) -> std::result::Result<Option<&str>, String> {
    let Some(raw) = at.and_then(|i| record.get(i)) else {
        return Ok(None);
    };
    let text = std::str::from_utf8(raw).map_err(|_| "is not UTF-8 text".to_owned())?;
    Ok(Some(text.trim()).filter(|t| !t.is_empty()))
}

/// The problems of one row, the worst kind first decides the exit code.
struct Problems {
    kind: Kind,
    messages: Vec<String>,
}

impl Problems {
    fn new() -> Self {
        Problems {
            kind: Kind::Conflict,
            messages: Vec::new(),
        }
    }

    fn add(&mut self, kind: Kind, message: String) {
        if severity(kind) > severity(self.kind) || self.messages.is_empty() {
            self.kind = kind;
        }
        self.messages.push(message);
    }
}

/// Which kind of bad row decides the exit code: malformed (2), then unknown (7), then
/// already there (8).
fn severity(kind: Kind) -> u8 {
    match kind {
        Kind::Usage => 3,
        Kind::NotFound => 2,
        _ => 1,
    }
}

/// Looks up companies and roles by name, each name once.
struct Names<'t> {
    tx: &'t Tx<'t>,
    tenant: &'t Tenant,
    known: HashMap<(&'static str, String), Option<i64>>,
}

impl Names<'_> {
    /// The id of the company (`what` "company") or role named `name` in the tenant.
    fn id(&mut self, what: &'static str, name: &str) -> std::result::Result<i64, (Kind, String)> {
        validate::name(what, name).map_err(|e| (Kind::Usage, e.message))?;
        let key = (what, name.to_ascii_lowercase());
        let id = if let Some(id) = self.known.get(&key) {
            *id
        } else {
            let tenant = Some(self.tenant.id);
            let found = if what == "company" {
                self.tx
                    .companies_by_slug(tenant, name)
                    .map(|c| c.first().map(|c| c.id))
            } else {
                self.tx
                    .roles_by_name(tenant, name)
                    .map(|r| r.first().map(|r| r.id))
            };
            let found = found.map_err(|e| (Kind::Environment, e.message))?;
            self.known.insert(key, found);
            found
        };
        id.ok_or_else(|| {
            (
                Kind::NotFound,
                format!("{what} {name:?} not found in tenant {}", self.tenant.name),
            )
        })
    }
}

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
    let (input, len, file) = open(&args.file)?;
    let tenant_arg = args.tenant.tenant.as_deref();
    let run = |tx: &Tx<'_>| {
        let tenant = resolve_tenant(tx, tenant_arg)?;
        let bar = progress(len, ctx.quiet);
        let result = import_rows(ctx, tx, &tenant, input, &bar, &file, args.dry_run);
        bar.finish_and_clear();
        result
    };
    let (summary, failure) = if args.dry_run {
        ctx.store.rehearse(run)?
    } else {
        // A bad row rolls the whole import back: the refusal leaves the transaction.
        ctx.store.write(|tx| match run(tx)? {
            (summary, Some(failure)) => Err(refused(&summary, failure)),
            done => Ok(done),
        })?
    };
    if let Some(failure) = failure {
        return Err(refused(&summary, failure));
    }
    let text = if summary.dry_run {
        format!(
            "Dry run: {} would be imported into tenant {} ({} local, {} SSO; {}). Nothing was written.",
            plural(summary.imported, "user"),
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

/// "1 user", "2 users".
/// One data row, checked.
struct Row {
    line: u64,
    email: Option<String>,
    company: Option<i64>,
    roles: Vec<i64>,
    kind: UserKind,
    problems: Problems,
}

impl Row {
    /// A record csv could not read: reported in its place among the others.
    fn unreadable(line: u64, problems: Problems) -> Row {
        Row {
            line,
            email: None,
            company: None,
            roles: Vec::new(),
            kind: UserKind::Local,
            problems,
        }
    }
}

/// Checks the fields of a row (not yet whether its email is taken).
fn check(record: &csv::ByteRecord, header: &Header, names: &mut Names<'_>, line: u64) -> Row {
    let mut problems = Problems::new();
    if record.len() != header.width {
        problems.add(
            Kind::Usage,
            format!(
                "has {} fields; the header row has {}",
                record.len(),
                header.width
            ),
        );
    }
    let email = match field(record, Some(header.email)) {
        Ok(Some(email)) => validate::email(email)
            .map_err(|e| problems.add(Kind::Usage, e.message))
            .ok(),
        Ok(None) => {
            problems.add(Kind::Usage, "the email is empty".to_owned());
            None
        }
        Err(e) => {
            problems.add(Kind::Usage, format!("the email {e}"));
            None
        }
    };
    let company = match field(record, header.company) {
        Ok(Some(slug)) => names
            .id("company", slug)
            .map_err(|(kind, message)| problems.add(kind, message))
            .ok(),
        Ok(None) => None,
        Err(e) => {
            problems.add(Kind::Usage, format!("the company {e}"));
            None
        }
    };
    let mut roles = Vec::new();
    match field(record, header.roles) {
        Ok(Some(text)) => {
            for role in text.split(';').map(str::trim).filter(|r| !r.is_empty()) {
                match names.id("role", role) {
                    Ok(id) if roles.contains(&id) => {}
                    Ok(id) => roles.push(id),
                    Err((kind, message)) => problems.add(kind, message),
                }
            }
        }
        Ok(None) => {}
        Err(e) => problems.add(Kind::Usage, format!("the roles {e}")),
    }
    let kind = match field(record, header.sso) {
        Ok(None) => UserKind::Local,
        Ok(Some(sso)) if sso.eq_ignore_ascii_case("false") => UserKind::Local,
        Ok(Some(sso)) if sso.eq_ignore_ascii_case("true") => UserKind::Sso,
        Ok(Some(sso)) => {
            problems.add(Kind::Usage, format!("sso is {sso:?} (write true or false)"));
            UserKind::Local
        }
        Err(e) => {
            problems.add(Kind::Usage, format!("sso {e}"));
            UserKind::Local
        }
    };
    Row {
        line,
        email,
        company,
        roles,
        kind,
        problems,
    }
}

/// The state of one import: what was added, what was bad.
struct Import<'t> {
    tx: &'t Tx<'t>,
    tenant: &'t Tenant,
    now: i64,
    summary: Summary,
    added: Added,
    /// Checked rows not yet sent to the store, at most `IMPORT_BATCH`.
    pending: Vec<Row>,
    bad: u64,
    worst: Kind,
}

impl Import<'_> {
    /// Takes a checked row; a full batch goes to the store.
    fn add(&mut self, row: Row) -> Result<()> {
        self.pending.push(row);
        if self.pending.len() >= IMPORT_BATCH {
            self.flush()?;
        }
        Ok(())
    }

    /// Sends the pending rows to the store, then reports the bad ones in line order. A
    /// bad row's user is added too (everything is rolled back then), so that a later
    /// line repeating its email is reported as well; it is given no roles.
    fn flush(&mut self) -> Result<()> {
        let pending = std::mem::take(&mut self.pending);
        let sent: Vec<(usize, ImportRow<'_>)> = pending
            .iter()
            .enumerate()
            .filter_map(|(at, row)| {
                let email = row.email.as_deref()?;
                let roles: &[i64] = if row.problems.messages.is_empty() {
                    &row.roles
                } else {
                    &[]
                };
                Some((
                    at,
                    ImportRow {
                        company_id: row.company,
                        email,
                        kind: row.kind,
                        roles,
                    },
                ))
            })
            .collect();
        let rows: Vec<ImportRow<'_>> = sent.iter().map(|(_, row)| *row).collect();
        let ids = self.tx.import_users(self.tenant.id, &rows, self.now)?;
        let mut results = vec![None; pending.len()];
        for ((at, _), id) in sent.iter().zip(ids) {
            results[*at] = Some(id);
        }
        for (mut row, result) in pending.into_iter().zip(results) {
            match (result, &row.email) {
                (Some(Some(id)), _) => {
                    self.added.push(id, row.line);
                    if row.problems.messages.is_empty() {
                        let summary = &mut self.summary;
                        summary.role_grants += row.roles.len() as u64;
                        summary.imported += 1;
                        match row.kind {
                            UserKind::Local => summary.local += 1,
                            UserKind::Sso => summary.sso += 1,
                        }
                    }
                }
                (Some(None), Some(email)) => {
                    let tenant = self.tenant;
                    let earlier = self
                        .tx
                        .user_id_by_email(tenant.id, email)?
                        .and_then(|id| self.added.line_of(id));
                    let message = match earlier {
                        Some(first) => format!("{email} repeats line {first}"),
                        None => format!("{email} is already a user of tenant {}", tenant.name),
                    };
                    row.problems.add(Kind::Conflict, message);
                }
                _ => {}
            }
            if !row.problems.messages.is_empty() {
                self.refuse_row(row.line, &row.problems);
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
                message: problems.messages.join("; "),
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
        let mut message = format!(
            "{} of the {} rows of {} are bad; nothing was imported:",
            self.bad, summary.rows, summary.file
        );
        for error in &summary.errors {
            message.push_str(&format!("\n  line {}: {}", error.line, error.message));
        }
        let unlisted = self.bad - summary.errors.len() as u64;
        if unlisted > 0 {
            message.push_str(&format!("\n  … and {unlisted} more bad rows"));
        }
        Some(Error::new(self.worst, message).with_hint(
            "fix those rows and run the import again (add --dry-run to check a file without writing)",
        ))
    }
}

/// Reads, checks and adds every row. Returns the summary, and the error that refuses
/// the import when a row was bad (the caller rolls back).
fn import_rows(
    ctx: &Ctx,
    tx: &Tx<'_>,
    tenant: &Tenant,
    input: Box<dyn Read>,
    bar: &indicatif::ProgressBar,
    file: &str,
    dry_run: bool,
) -> Result<(Summary, Option<Error>)> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .buffer_capacity(256 * 1024)
        .from_reader(Lines {
            inner: input,
            read: 0,
            ahead: VecDeque::new(),
            before: 0,
            last: None,
        });
    let unreadable = |e: csv::Error| Error::environment(format!("cannot read {file}")).caused_by(e);
    let header = match reader.byte_headers() {
        Ok(fields) if fields.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) => {
            return Err(Error::usage(format!("{file} has no header row"))
                .with_hint("the first line names the columns, e.g. `email,company,roles,sso`"));
        }
        Ok(fields) => Header::parse(fields)?,
        Err(e) => return Err(unreadable(e)),
    };
    let mut names = Names {
        tx,
        tenant,
        known: HashMap::new(),
    };
    let mut import = Import {
        tx,
        tenant,
        now: ctx.now(),
        summary: Summary {
            tenant: tenant.name.clone(),
            file: file.to_owned(),
            dry_run,
            ..Summary::default()
        },
        added: Added::default(),
        pending: Vec::with_capacity(IMPORT_BATCH),
        bad: 0,
        worst: Kind::Conflict,
    };
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) if e.is_io_error() => return Err(unreadable(e)),
            Err(e) => {
                import.summary.rows += 1;
                let end = reader.position().byte();
                let line = reader.get_mut().start_line(end, 0);
                let mut problems = Problems::new();
                problems.add(Kind::Usage, format!("cannot be read as CSV: {e}"));
                import.add(Row::unreadable(line, problems))?;
                continue;
            }
        }
        import.summary.rows += 1;
        if import.summary.rows.is_multiple_of(PROGRESS_EVERY) {
            bar.set_position(reader.position().byte());
        }
        let inner_newlines = record
            .iter()
            .map(|f| memchr::memchr_iter(b'\n', f).count() as u64)
            .sum();
        let end = reader.position().byte();
        let line = reader.get_mut().start_line(end, inner_newlines);
        let row = check(&record, &header, &mut names, line);
        import.add(row)?;
    }
    import.flush()?;
    if let Some(refusal) = import.refusal() {
        return Ok((import.summary, Some(refusal)));
    }
    let summary = import.summary;
    if !dry_run {
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
