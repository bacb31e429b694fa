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
//! entry records the import.

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

/// Where a problem of a row was found: a row's message lists its problems in the
/// order of its fields, whichever step found them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Field {
    Count,
    Email,
    Company,
    Roles,
    Sso,
    Taken,
}

/// The problems of one row, the worst kind first decides the exit code.
#[derive(Debug, Clone)]
struct Problems {
    kind: Kind,
    messages: Vec<(Field, String)>,
}

impl Problems {
    fn new() -> Self {
        Problems {
            kind: Kind::Conflict,
            messages: Vec::new(),
        }
    }

    fn add(&mut self, field: Field, kind: Kind, message: String) {
        if severity(kind) > severity(self.kind) || self.messages.is_empty() {
            self.kind = kind;
        }
        self.messages.push((field, message));
    }

    /// The messages in the order of the row's fields.
    fn text(&self) -> String {
        let mut messages: Vec<&(Field, String)> = self.messages.iter().collect();
        messages.sort_by_key(|(field, _)| *field);
        messages
            .iter()
            .map(|(_, message)| message.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Adds a problem to a row's problems, making them on the first.
fn note(problems: &mut Option<Box<Problems>>, field: Field, kind: Kind, message: String) {
    problems
        .get_or_insert_with(|| Box::new(Problems::new()))
        .add(field, kind, message);
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

/// What a name in the file names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum What {
    Company,
    Role,
}

impl What {
    fn noun(self) -> &'static str {
        match self {
            What::Company => "company",
            What::Role => "role",
        }
    }
}

/// The well-formed company and role names of the file, each once: rows refer to them
/// by their index, and the store is asked about each once.
#[derive(Default)]
struct Names {
    list: Vec<(What, String)>,
    index: HashMap<(What, String), u32>,
}

impl Names {
    /// The index of a well-formed name; a usage message for a malformed one.
    fn intern(&mut self, what: What, name: &str) -> std::result::Result<u32, String> {
        if let Some(&at) = self.index.get(&(what, name.to_owned())) {
            return Ok(at);
        }
        validate::name(what.noun(), name).map_err(|e| e.message)?;
        let at = u32::try_from(self.list.len())
            .map_err(|_| format!("the file names more than {} companies and roles", u32::MAX))?;
        self.list.push((what, name.to_owned()));
        self.index.insert((what, name.to_owned()), at);
        Ok(at)
    }

    /// The ids of the names in the tenant, in the order of `list`.
    fn resolve(&self, tx: &Tx<'_>, tenant: &Tenant) -> Result<Vec<Option<i64>>> {
        let tenant = Some(tenant.id);
        self.list
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

    /// The message for a name the tenant does not have.
    fn not_found(&self, at: u32, tenant: &Tenant) -> String {
        let (what, name) = &self.list[at as usize];
        format!(
            "{} {name:?} not found in tenant {}",
            what.noun(),
            tenant.name
        )
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

/// One data row, checked as far as the file alone allows: compact, as the whole file
/// is held before it is written.
struct Row {
    line: u64,
    /// The email, checked and in lower case: where it is in `Parsed::emails`.
    email: Option<(usize, usize)>,
    /// The company's name, an index of `Parsed::names`.
    company: Option<u32>,
    /// The roles' names, each once, indexes of `Parsed::names`.
    roles: Box<[u32]>,
    kind: UserKind,
    /// What is wrong with the row, when something is.
    problems: Option<Box<Problems>>,
}

/// The whole file, read and checked: its rows, their emails end to end in one string,
/// and the names they refer to.
#[derive(Default)]
struct Parsed {
    rows: Vec<Row>,
    emails: String,
    names: Names,
}

impl Parsed {
    /// Checks the fields of a record (not yet whether its names exist or its email is
    /// taken: that is the store's part) and keeps it.
    fn push(&mut self, record: &csv::ByteRecord, header: &Header, line: u64) {
        let mut problems = None;
        if record.len() != header.width {
            note(
                &mut problems,
                Field::Count,
                Kind::Usage,
                format!(
                    "has {} fields; the header row has {}",
                    record.len(),
                    header.width
                ),
            );
        }
        let email = checked_email(record, header, &mut problems).map(|email| {
            let start = self.emails.len();
            self.emails.push_str(&email);
            (start, self.emails.len())
        });
        let company = match field(record, header.company) {
            Ok(Some(slug)) => self
                .names
                .intern(What::Company, slug)
                .map_err(|message| note(&mut problems, Field::Company, Kind::Usage, message))
                .ok(),
            Ok(None) => None,
            Err(e) => {
                note(
                    &mut problems,
                    Field::Company,
                    Kind::Usage,
                    format!("the company {e}"),
                );
                None
            }
        };
        let mut roles = Vec::new();
        match field(record, header.roles) {
            Ok(Some(text)) => {
                for role in text.split(';').map(str::trim).filter(|r| !r.is_empty()) {
                    match self.names.intern(What::Role, role) {
                        Ok(at) if roles.contains(&at) => {}
                        Ok(at) => roles.push(at),
                        Err(message) => note(&mut problems, Field::Roles, Kind::Usage, message),
                    }
                }
            }
            Ok(None) => {}
            Err(e) => note(
                &mut problems,
                Field::Roles,
                Kind::Usage,
                format!("the roles {e}"),
            ),
        }
        let kind = checked_kind(record, header, &mut problems);
        self.rows.push(Row {
            line,
            email,
            company,
            roles: roles.into_boxed_slice(),
            kind,
            problems,
        });
    }

    fn email(&self, row: &Row) -> Option<&str> {
        row.email
            .and_then(|(start, end)| self.emails.get(start..end))
    }
}

/// The email of a record, checked and in lower case; `None` with a problem noted.
fn checked_email(
    record: &csv::ByteRecord,
    header: &Header,
    problems: &mut Option<Box<Problems>>,
) -> Option<String> {
    let problem = match field(record, Some(header.email)) {
        Ok(Some(email)) => match validate::email(email) {
            Ok(email) => return Some(email),
            Err(e) => e.message,
        },
        Ok(None) => "the email is empty".to_owned(),
        Err(e) => format!("the email {e}"),
    };
    note(problems, Field::Email, Kind::Usage, problem);
    None
}

/// Whether a record's user signs in through SSO (empty: no).
fn checked_kind(
    record: &csv::ByteRecord,
    header: &Header,
    problems: &mut Option<Box<Problems>>,
) -> UserKind {
    let problem = match field(record, header.sso) {
        Ok(None) => return UserKind::Local,
        Ok(Some(sso)) if sso.eq_ignore_ascii_case("false") => return UserKind::Local,
        Ok(Some(sso)) if sso.eq_ignore_ascii_case("true") => return UserKind::Sso,
        Ok(Some(sso)) => format!("sso is {sso:?} (write true or false)"),
        Err(e) => format!("sso {e}"),
    };
    note(problems, Field::Sso, Kind::Usage, problem);
    UserKind::Local
}

/// Reads the whole input and checks every row as far as the file alone allows, before
/// the store is held. An unreadable input or a bad header row is an error; bad rows are
/// kept with their problems, to be reported with those the store finds.
fn read_rows(input: Box<dyn Read>, file: &str, bar: &indicatif::ProgressBar) -> Result<Parsed> {
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
    let mut parsed = Parsed::default();
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) if e.is_io_error() => return Err(unreadable(e)),
            Err(e) => {
                let end = reader.position().byte();
                let line = reader.get_mut().start_line(end, 0);
                let mut problems = None;
                note(
                    &mut problems,
                    Field::Count,
                    Kind::Usage,
                    format!("cannot be read as CSV: {e}"),
                );
                parsed.rows.push(Row {
                    line,
                    email: None,
                    company: None,
                    roles: Box::default(),
                    kind: UserKind::Local,
                    problems,
                });
                continue;
            }
        }
        if (parsed.rows.len() as u64 + 1).is_multiple_of(PROGRESS_EVERY) {
            bar.set_position(reader.position().byte());
        }
        let inner_newlines = record
            .iter()
            .map(|f| memchr::memchr_iter(b'\n', f).count() as u64)
            .sum();
        let end = reader.position().byte();
        let line = reader.get_mut().start_line(end, inner_newlines);
        parsed.push(&record, &header, line);
    }
    Ok(parsed)
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
                        summary.imported += 1;
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

/// Makes the checks that need the store (the names exist, no email is taken) and adds
/// every row, in batches. Returns the summary, and the error that refuses the import
/// when a row was bad (the caller rolls back).
fn write_rows(
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
        ids: parsed.names.resolve(tx, tenant)?,
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
