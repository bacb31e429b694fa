//! The users' CSV of `user import` and `user export` (SPEC §2, §8): a header row naming
//! the columns, then one user per line, RFC 4180 quoting through the `csv` crate. The
//! reader checks every field the file alone can check (the email, the form of names,
//! `sso`, the password hash's scheme and bounds, the authenticator's secret and
//! parameters) into a `core::transfer::UserRecord` with the problems of the row by
//! field, and counts lines as an editor shows them; the writer writes records back in
//! the same columns. Whether the names exist or an email is taken is the store's part.

use std::collections::{HashMap, VecDeque};
use std::io::{self, Read, Write};

use super::MAX_LINE;
use crate::core::model::UserKind;
use crate::core::totp::{Algorithm, Params};
use crate::core::transfer::{self, Authenticator, Field, UserRecord};
use crate::core::validate;
use crate::error::{Error, Result};

/// The columns, in the order `user export` writes them; `email` is the one required.
pub const COLUMNS: [&str; 10] = [
    "tenant",
    "email",
    "company",
    "roles",
    "sso",
    "password_hash",
    "totp_secret",
    "totp_algorithm",
    "totp_digits",
    "totp_period",
];
/// The columns without secrets: what `user export` writes by default.
pub const PLAIN_COLUMNS: usize = 5;

/// One data row as read: its line, what it holds, and what is wrong with it.
#[derive(Debug, Default)]
pub struct Row {
    /// The line the row starts on, as an editor numbers it.
    pub line: u64,
    pub record: UserRecord,
    /// Malformed fields (usage errors), by field.
    pub problems: Vec<(Field, String)>,
}

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

/// The error of a line longer than `MAX_LINE`: the line's number.
#[derive(Debug)]
struct TooLong(u64);

impl std::fmt::Display for TooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {} is longer than {} bytes", self.0, MAX_LINE)
    }
}

impl std::error::Error for TooLong {}

impl Read for Lines {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        for i in memchr::memchr_iter(b'\n', &buf[..n]) {
            self.ahead.push_back(self.read + i as u64);
        }
        self.read += n as u64;
        let line_start = self
            .ahead
            .back()
            .copied()
            .or(self.last)
            .map_or(0, |at| at + 1);
        if self.read - line_start > MAX_LINE {
            let line = self.before + self.ahead.len() as u64 + 1;
            return Err(io::Error::new(io::ErrorKind::InvalidData, TooLong(line)));
        }
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

const HEADER_HINT: &str = "the first line names the columns, e.g. `email,company,roles,sso` (only email is required; `mfactl user import --help` lists them all)";

/// Where each column is in the header row.
struct Header {
    at: [Option<usize>; COLUMNS.len()],
    width: usize,
}

impl Header {
    fn parse(fields: &csv::ByteRecord) -> Result<Header> {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let mut at = [None; COLUMNS.len()];
        for (i, raw) in fields.iter().enumerate() {
            let name = std::str::from_utf8(raw)
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            let Some(column) = COLUMNS.iter().position(|c| *c == name) else {
                return Err(Error::usage(format!(
                    "line 1: unknown column {:?}; the columns are {}",
                    String::from_utf8_lossy(raw),
                    COLUMNS.join(", ")
                ))
                .with_hint(HEADER_HINT));
            };
            if seen.insert(COLUMNS[column], i).is_some() {
                return Err(Error::usage(format!(
                    "line 1: the column {} appears twice",
                    COLUMNS[column]
                ))
                .with_hint(HEADER_HINT));
            }
            at[column] = Some(i);
        }
        if at[1].is_none() {
            return Err(
                Error::usage("line 1: the header row has no email column").with_hint(HEADER_HINT)
            );
        }
        Ok(Header {
            at,
            width: fields.len(),
        })
    }

    fn of(&self, column: &str) -> Option<usize> {
        COLUMNS
            .iter()
            .position(|c| *c == column)
            .and_then(|i| self.at[i])
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

/// Reads the users' CSV row by row.
pub struct Reader {
    csv: csv::Reader<Lines>,
    header: Header,
    record: csv::ByteRecord,
    file: String,
}

impl Reader {
    /// Reads the header row of `input` (named `file` in messages): a usage error naming
    /// what is wrong with it, or an environment error when it cannot be read.
    pub fn new(input: Box<dyn Read>, file: &str) -> Result<Reader> {
        let mut csv = csv::ReaderBuilder::new()
            .flexible(true)
            .buffer_capacity(256 * 1024)
            .from_reader(Lines {
                inner: input,
                read: 0,
                ahead: VecDeque::new(),
                before: 0,
                last: None,
            });
        let header = match csv.byte_headers() {
            Ok(fields) if fields.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) => {
                return Err(Error::usage(format!("{file} has no header row")).with_hint(
                    "the first line names the columns, e.g. `email,company,roles,sso`",
                ));
            }
            Ok(fields) => Header::parse(fields)?,
            Err(e) => return Err(unreadable(file, e)),
        };
        Ok(Reader {
            csv,
            header,
            record: csv::ByteRecord::new(),
            file: file.to_owned(),
        })
    }

    /// Whether the header row names this column.
    pub fn has_column(&self, column: &str) -> bool {
        self.header.of(column).is_some()
    }

    /// How far into the input the reader is, in bytes (for a progress bar).
    pub fn position(&self) -> u64 {
        self.csv.position().byte()
    }

    /// The next row, checked as far as the file allows; `None` at the end. An input
    /// that cannot be read is an error; a row that is not CSV is a row with a problem.
    pub fn next_row(&mut self) -> Result<Option<Row>> {
        match self.csv.read_byte_record(&mut self.record) {
            Ok(true) => {}
            Ok(false) => return Ok(None),
            Err(e) if e.is_io_error() => return Err(unreadable(&self.file, e)),
            Err(e) => {
                let end = self.csv.position().byte();
                let line = self.csv.get_mut().start_line(end, 0);
                return Ok(Some(Row {
                    line,
                    record: UserRecord::default(),
                    problems: vec![(Field::Count, format!("cannot be read as CSV: {e}"))],
                }));
            }
        }
        let inner_newlines = self
            .record
            .iter()
            .map(|f| memchr::memchr_iter(b'\n', f).count() as u64)
            .sum();
        let end = self.csv.position().byte();
        let line = self.csv.get_mut().start_line(end, inner_newlines);
        Ok(Some(check(&self.record, &self.header, line)))
    }
}

fn unreadable(file: &str, e: csv::Error) -> Error {
    if let csv::ErrorKind::Io(io) = e.kind()
        && let Some(long) = io.get_ref().and_then(|e| e.downcast_ref::<TooLong>())
    {
        return Error::usage(format!("{file}: {long}; nothing was imported")).with_hint(
            "a row of users is a few hundred bytes: check that this is the CSV file meant",
        );
    }
    Error::environment(format!("cannot read {file}")).caused_by(e)
}

/// Checks the fields of a record into a row.
fn check(record: &csv::ByteRecord, header: &Header, line: u64) -> Row {
    let mut row = Row {
        line,
        ..Row::default()
    };
    let problems = &mut row.problems;
    if record.len() != header.width {
        problems.push((
            Field::Count,
            format!(
                "has {} fields; the header row has {}",
                record.len(),
                header.width
            ),
        ));
    }
    let text = |column: &str, problems: &mut Vec<(Field, String)>, at: Field| match field(
        record,
        header.of(column),
    ) {
        Ok(value) => value,
        Err(e) => {
            problems.push((at, format!("the {column} {e}")));
            None
        }
    };
    let out = &mut row.record;
    if let Some(tenant) = text("tenant", problems, Field::Tenant) {
        match validate::name("tenant", tenant) {
            Ok(()) => out.tenant = Some(tenant.to_owned()),
            Err(e) => problems.push((Field::Tenant, e.message)),
        }
    }
    match field(record, header.of("email")) {
        Ok(Some(email)) => match validate::email(email) {
            Ok(email) => out.email = Some(email),
            Err(e) => problems.push((Field::Email, e.message)),
        },
        Ok(None) => problems.push((Field::Email, "the email is empty".to_owned())),
        Err(e) => problems.push((Field::Email, format!("the email {e}"))),
    }
    if let Some(slug) = text("company", problems, Field::Company) {
        match validate::name("company", slug) {
            Ok(()) => out.company = Some(slug.to_owned()),
            Err(e) => problems.push((Field::Company, e.message)),
        }
    }
    if let Some(roles) = text("roles", problems, Field::Roles) {
        for role in roles.split(';').map(str::trim).filter(|r| !r.is_empty()) {
            match validate::name("role", role) {
                Ok(()) if out.roles.iter().any(|r| r == role) => {}
                Ok(()) => out.roles.push(role.to_owned()),
                Err(e) => problems.push((Field::Roles, e.message)),
            }
        }
    }
    match text("sso", problems, Field::Sso) {
        None => {}
        Some(sso) if sso.eq_ignore_ascii_case("false") => {}
        Some(sso) if sso.eq_ignore_ascii_case("true") => out.kind = UserKind::Sso,
        Some(sso) => problems.push((Field::Sso, format!("sso is {sso:?} (write true or false)"))),
    }
    if let Some(hash) = text("password_hash", problems, Field::PasswordHash) {
        match transfer::check_password_hash(hash) {
            Ok(()) => out.password_hash = Some(hash.to_owned()),
            Err(why) => problems.push((Field::PasswordHash, format!("the password_hash {why}"))),
        }
    }
    out.totp = authenticator(record, header, problems);
    if out.kind == UserKind::Sso {
        for (given, column, at) in [
            (
                out.password_hash.is_some(),
                "password_hash",
                Field::PasswordHash,
            ),
            (out.totp.is_some(), "totp_secret", Field::Totp),
        ] {
            if given {
                problems.push((
                    at,
                    format!(
                        "an SSO user signs in elsewhere: leave {column} empty (or set sso to false)"
                    ),
                ));
            }
        }
    }
    row
}

/// The authenticator of a record: `totp_secret` with `totp_algorithm`, `totp_digits`
/// and `totp_period` (SHA1, 6 and 30 when empty).
fn authenticator(
    record: &csv::ByteRecord,
    header: &Header,
    problems: &mut Vec<(Field, String)>,
) -> Option<Authenticator> {
    let mut read = |column: &str| match field(record, header.of(column)) {
        Ok(value) => value,
        Err(e) => {
            problems.push((Field::Totp, format!("the {column} {e}")));
            None
        }
    };
    let secret = read("totp_secret");
    let algorithm = read("totp_algorithm");
    let digits = read("totp_digits");
    let period = read("totp_period");
    let Some(secret) = secret else {
        if let Some(column) = [
            ("totp_algorithm", algorithm),
            ("totp_digits", digits),
            ("totp_period", period),
        ]
        .iter()
        .find_map(|(column, value)| value.map(|_| *column))
        {
            problems.push((
                Field::Totp,
                format!("{column} is given but totp_secret is empty"),
            ));
        }
        return None;
    };
    let secret = transfer::secret_from_base32(secret)
        .map_err(|why| problems.push((Field::Totp, format!("the totp_secret {why}"))))
        .ok();
    let algorithm = match algorithm.map(|name| (name, Algorithm::from_name(name))) {
        None => Some(Algorithm::Sha1),
        Some((_, Some(algorithm))) => Some(algorithm),
        Some((name, None)) => {
            problems.push((
                Field::Totp,
                format!("totp_algorithm is {name:?} (write SHA1, SHA256 or SHA512)"),
            ));
            None
        }
    };
    let mut number = |value: Option<&str>, column: &str, default: u32, allowed: &str| match value
        .map(|text| (text, text.parse::<u32>()))
    {
        None => Some(default),
        Some((_, Ok(n))) if allowed.split(" or ").any(|a| a == n.to_string()) => Some(n),
        Some((text, _)) => {
            problems.push((
                Field::Totp,
                format!("{column} is {text:?} (write {allowed})"),
            ));
            None
        }
    };
    let digits = number(digits, "totp_digits", 6, "6 or 8");
    let period = number(period, "totp_period", 30, "30 or 60");
    let params = Params::new(algorithm?, u8::try_from(digits?).ok()?, period?).ok()?;
    secret.map(|secret| Authenticator { secret, params })
}

/// The I/O error under a csv error, so a reader that went away (a broken pipe) is
/// known as such.
fn io_error(error: csv::Error) -> io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(error) => error,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// Writes the users' CSV: the header row, then a row per record.
pub struct Writer<W: Write> {
    csv: csv::Writer<W>,
    secrets: bool,
}

impl<W: Write> Writer<W> {
    /// Writes the header row: the plain columns, and with `secrets` the password hash
    /// and authenticator columns too.
    pub fn new(out: W, secrets: bool) -> io::Result<Writer<W>> {
        let mut csv = csv::WriterBuilder::new().from_writer(out);
        let width = if secrets {
            COLUMNS.len()
        } else {
            PLAIN_COLUMNS
        };
        csv.write_record(&COLUMNS[..width])
            .map_err(io::Error::other)?;
        Ok(Writer { csv, secrets })
    }

    /// Writes one user. The secrets of a record are written only by a writer made with
    /// `secrets`.
    pub fn write(&mut self, user: &UserRecord) -> io::Result<()> {
        let roles = user.roles.join(";");
        let sso = if user.kind == UserKind::Sso {
            "true"
        } else {
            "false"
        };
        let mut fields: Vec<std::borrow::Cow<'_, str>> = vec![
            user.tenant.as_deref().unwrap_or_default().into(),
            user.email.as_deref().unwrap_or_default().into(),
            user.company.as_deref().unwrap_or_default().into(),
            roles.into(),
            sso.into(),
        ];
        if self.secrets {
            fields.push(user.password_hash.as_deref().unwrap_or_default().into());
            match &user.totp {
                Some(totp) => {
                    fields.push(transfer::secret_to_base32(&totp.secret).into());
                    fields.push(totp.params.algorithm.as_str().into());
                    fields.push(totp.params.digits.to_string().into());
                    fields.push(totp.params.period.to_string().into());
                }
                None => fields.extend(["", "", "", ""].map(Into::into)),
            }
        }
        self.csv
            .write_record(fields.iter().map(|f| f.as_bytes()))
            .map_err(io_error)
    }

    /// Flushes what was written and gives the output back.
    pub fn finish(self) -> io::Result<W> {
        self.csv
            .into_inner()
            .map_err(csv::IntoInnerError::into_error)
    }
}

#[cfg(test)]
mod tests {
    use super::{Field, Reader, Row, Writer};
    use crate::core::model::UserKind;
    use crate::core::totp::{Algorithm, Params};
    use crate::core::transfer::{Authenticator, UserRecord};

    fn rows(text: &str) -> Vec<Row> {
        let mut reader = Reader::new(Box::new(std::io::Cursor::new(text.to_owned())), "t.csv")
            .unwrap_or_else(|e| panic!("{e:?}"));
        let mut rows = Vec::new();
        while let Some(row) = reader.next_row().unwrap_or_else(|e| panic!("{e:?}")) {
            rows.push(row);
        }
        rows
    }

    #[test]
    fn a_full_row_is_read_into_a_record() {
        let read = rows(
            "tenant,email,company,roles,sso,password_hash,totp_secret,totp_algorithm,totp_digits,totp_period\n\
             acme,Ana@Example.com,sales,admin;ops;admin,false,\
             $2y$10$aDCAGwtMcqpvpDpCIUGKL.lVAYEYocvByMGHz61hm/.7ljg0lQXF6,\
             GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ,sha256,8,60\n",
        );
        assert_eq!(read.len(), 1);
        assert!(read[0].problems.is_empty(), "{:?}", read[0].problems);
        let record = &read[0].record;
        assert_eq!(record.tenant.as_deref(), Some("acme"));
        assert_eq!(record.email.as_deref(), Some("ana@example.com"));
        assert_eq!(record.roles, ["admin", "ops"]);
        let totp = record
            .totp
            .as_ref()
            .map(|t| (t.secret.len(), t.params.describe()));
        assert_eq!(totp, Some((20, "SHA256, 8 digits, 60 s".to_owned())));
    }

    #[test]
    fn every_bad_field_is_named() {
        let read = rows(
            "email,sso,password_hash,totp_secret,totp_digits,totp_period\n\
             a@example.com,true,$1$md5$x,JBSWY3DPEHPK3PXP,7,45\n\
             b@example.com,,,,8,\n",
        );
        let fields: Vec<Field> = read[0].problems.iter().map(|(f, _)| *f).collect();
        assert!(
            fields.contains(&Field::PasswordHash),
            "{:?}",
            read[0].problems
        );
        let text = format!("{:?}", read[0].problems);
        assert!(text.contains("80 bits"), "{text}");
        assert!(text.contains("totp_digits is \\\"7\\\""), "{text}");
        assert!(text.contains("totp_period is \\\"45\\\""), "{text}");
        let text = format!("{:?}", read[1].problems);
        assert!(
            text.contains("totp_digits is given but totp_secret is empty"),
            "{text}"
        );
    }

    /// What the writer writes, the reader reads back the same: commas, quotes and
    /// semicolons in names are quoted as RFC 4180 says.
    #[test]
    fn written_records_read_back_the_same() {
        let user = UserRecord {
            tenant: Some("acme".into()),
            email: Some("o'neil@example.com".into()),
            company: Some("sales".into()),
            roles: vec!["admin".into(), "ops".into()],
            kind: UserKind::Local,
            password_hash: Some(
                "$2y$10$aDCAGwtMcqpvpDpCIUGKL.lVAYEYocvByMGHz61hm/.7ljg0lQXF6".into(),
            ),
            totp: Some(Authenticator {
                secret: b"12345678901234567890".to_vec(),
                params: Params::new(Algorithm::Sha512, 8, 30).unwrap_or_default(),
            }),
        };
        let mut writer = Writer::new(Vec::new(), true).unwrap_or_else(|e| panic!("{e}"));
        writer.write(&user).unwrap_or_else(|e| panic!("{e}"));
        let bytes = writer.finish().unwrap_or_else(|e| panic!("{e}"));
        let text = String::from_utf8(bytes).unwrap_or_default();
        let read = rows(&text);
        assert!(
            read[0].problems.is_empty(),
            "{text}\n{:?}",
            read[0].problems
        );
        assert_eq!(read[0].record, user);
        let mut plain = Writer::new(Vec::new(), false).unwrap_or_else(|e| panic!("{e}"));
        plain.write(&user).unwrap_or_else(|e| panic!("{e}"));
        let text = String::from_utf8(plain.finish().unwrap_or_default()).unwrap_or_default();
        assert_eq!(
            text,
            "tenant,email,company,roles,sso\nacme,o'neil@example.com,sales,admin;ops,false\n"
        );
    }
}
