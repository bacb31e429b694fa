//! The only writer to stdout: a command's report as JSON or human text, aligned tables,
//! and the rendering of errors and warnings on stderr.
//!
//! Text that people typed (names, emails, actor, reason) reaches a terminal only through
//! `printable`: control characters, and the Unicode controls that reorder or hide text,
//! are shown escaped (`\u{1b}`), so no one can send escape sequences to another
//! person's terminal through the audit log. JSON carries such text exactly. Commands
//! suggested to the user quote their values as a shell would (`quoted`).

use std::borrow::Cow;
use std::io::{self, BufWriter, StdoutLock, Write};

use serde::Serialize;

use crate::core::text::{escape, escape_except};
use crate::error::{Error, Result};

/// What a command returns: the data once, rendered as JSON or as text.
#[derive(Debug)]
pub struct Report {
    pub json: serde_json::Value,
    pub text: String,
    /// A success line ("Created tenant acme.") that `-q` silences; results are never silenced.
    pub is_success_line: bool,
    /// Already written to stdout as it was read (a `List`): nothing more to print.
    pub streamed: bool,
    /// The exit code after a report that is not a failure: 0, or 9 for `policy plan
    /// --exit-code` with changes pending.
    pub code: u8,
}

/// A value as JSON, or the error that says it could not be rendered.
pub fn to_json(value: &impl Serialize) -> Result<serde_json::Value> {
    serde_json::to_value(value).map_err(|e| Error::environment("cannot render JSON").caused_by(e))
}

impl Report {
    /// A result to show (a list, a status): printed even with `-q`.
    pub fn data(value: &impl Serialize, text: String) -> Result<Report> {
        Ok(Report {
            json: to_json(value)?,
            text,
            is_success_line: false,
            streamed: false,
            code: 0,
        })
    }

    /// A change that succeeded: the sentence is silenced by `-q`, the JSON never.
    pub fn done(value: &impl Serialize, text: String) -> Result<Report> {
        Ok(Report {
            json: to_json(value)?,
            text,
            is_success_line: true,
            streamed: false,
            code: 0,
        })
    }
}

/// The colours a plan is drawn in on a terminal (`policy plan`): the only escape
/// sequences besides the QR code's that reach the terminal as they are.
pub const GREEN: &str = "\x1b[32m";
pub const YELLOW: &str = "\x1b[33m";
pub const RED: &str = "\x1b[31m";
pub const BOLD_RED: &str = "\x1b[1;31m";

/// `text` (made `printable`) in `colour` when `on`, as it is otherwise.
pub fn paint(text: &str, colour: &str, on: bool) -> String {
    let text = printable(text);
    if on && !text.is_empty() {
        format!("{colour}{text}{}", crate::qr::RESET)
    } else {
        text.into_owned()
    }
}

impl Report {
    /// What a command that wrote its output to stdout itself (`stdout_file`) returns:
    /// nothing more to print.
    pub fn written() -> Report {
        Report {
            json: serde_json::Value::Null,
            text: String::new(),
            is_success_line: false,
            streamed: true,
            code: 0,
        }
    }
}

/// Standard output for a command whose result is a file's bytes (`user export`),
/// buffered: written as the command reads, so memory stays flat.
pub fn stdout_file() -> BufWriter<StdoutLock<'static>> {
    BufWriter::with_capacity(256 * 1024, io::stdout().lock())
}

/// Where standard output goes, for a command about to write secrets there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StdoutIs {
    Terminal,
    /// A regular file that others than this user may read: by its mode bits (e.g. made
    /// by a shell's `>` under umask 022), because another user owns it, or because it
    /// has another link.
    SharedFile(String),
    /// A pipe, a socket, a private file, or `/dev/null`.
    Private,
}

/// What standard output is.
pub fn stdout_is() -> StdoutIs {
    use std::io::IsTerminal;
    let out = io::stdout();
    if out.is_terminal() {
        return StdoutIs::Terminal;
    }
    match rustix::fs::fstat(&out) {
        Ok(stat) => {
            let mode = stat.st_mode & 0o7777;
            let regular = rustix::fs::FileType::from_raw_mode(stat.st_mode)
                == rustix::fs::FileType::RegularFile;
            // A file is private only when it is this user's, under one name, and no one
            // else may read it: another user's file (made 0600 in a shared folder) and
            // a second link to it are theirs to read, whatever the mode says.
            let why = if mode & 0o077 != 0 {
                Some(format!("mode {mode:04o}"))
            } else if stat.st_uid != crate::paths::current_uid() {
                Some(format!("owned by user id {}", stat.st_uid))
            } else if stat.st_nlink != 1 {
                Some(format!("{} names", stat.st_nlink))
            } else {
                None
            };
            match why {
                Some(why) if regular => StdoutIs::SharedFile(why),
                _ => StdoutIs::Private,
            }
        }
        // Unknown: as careful as for a file others may read.
        Err(_) => StdoutIs::SharedFile("of an unknown kind".to_owned()),
    }
}

/// Writes a report on stdout. A broken pipe is the reader's choice, not an error.
pub fn emit(report: &Report, json: bool, quiet: bool) -> io::Result<()> {
    let mut out = io::stdout().lock();
    if report.streamed {
        return Ok(());
    }
    if json {
        let text = serde_json::to_string_pretty(&report.json).map_err(io::Error::other)?;
        writeln!(out, "{text}")?;
    } else if !(report.text.is_empty() || quiet && report.is_success_line) {
        let text = report.text.trim_end_matches('\n');
        writeln!(out, "{}", terminal_text(text))?;
    }
    out.flush()
}

/// Text for one line of a terminal: every control character escaped (`\u{1b}`, `\n`).
pub fn printable(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

/// Whole lines for a terminal: the last line of defence for anything a command built
/// (a name read from a store that was edited by hand, say). Control characters are
/// escaped, newlines kept, and the QR code's own two colour sequences let through.
fn terminal_text(text: &str) -> Cow<'_, str> {
    escape_except(
        text,
        true,
        &[
            crate::qr::BLACK_ON_WHITE,
            crate::qr::RESET,
            GREEN,
            YELLOW,
            RED,
            BOLD_RED,
        ],
    )
}

/// A value as a POSIX shell reads it back: bare when it is made of safe characters,
/// otherwise in single quotes (`x`id`@example.com` → `'x`id`@example.com'`).
pub fn quoted(value: &str) -> Cow<'_, str> {
    let safe = !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"@%+=:,./_-".contains(&b));
    if safe {
        Cow::Borrowed(value)
    } else {
        Cow::Owned(format!("'{}'", printable(value).replace('\'', r"'\''")))
    }
}

/// Writes a warning on stderr (shown with `--json` and `-q` too: it is not a result).
pub fn warn(message: &str) {
    let _ = writeln!(io::stderr().lock(), "warning: {}", escape(message, true));
}

/// Writes a step of an interactive flow on stderr (QR code, recovery codes, retries).
pub fn tell(message: &str) {
    let _ = writeln!(io::stderr().lock(), "{}", terminal_text(message));
}

/// Writes a note for a person on stderr, silenced by `-q` and `--json`.
pub fn note(message: &str, quiet: bool, json: bool) {
    if !quiet && !json {
        let _ = writeln!(io::stderr().lock(), "{}", escape(message, true));
    }
}

/// Writes an error on stderr: `error: …`, `caused by: …`, `hint: …`, or one JSON object.
pub fn error(error: &Error, json: bool) {
    let mut err = io::stderr().lock();
    if json {
        let mut body = serde_json::json!({
            "kind": error.kind.name(),
            "message": error.message,
            "exit_code": error.exit_code(),
        });
        if let Some(hint) = &error.hint {
            body["hint"] = hint.clone().into();
        }
        if !error.causes.is_empty() {
            body["causes"] = error.causes.clone().into();
        }
        let _ = writeln!(err, "{}", serde_json::json!({ "error": body }));
    } else {
        let _ = writeln!(err, "error: {}", escape(&error.message, true));
        for cause in &error.causes {
            let _ = writeln!(err, "caused by: {}", escape(cause, true));
        }
        if let Some(hint) = &error.hint {
            let _ = writeln!(err, "hint: {}", escape(hint, true));
        }
    }
}

/// One line of an aligned table: cells made `printable`, padded to `widths`, two spaces
/// apart; a cell wider than its column pushes the rest of its line along.
fn table_line<'a>(cells: impl IntoIterator<Item = &'a str>, widths: &[usize]) -> String {
    let mut text = String::new();
    for (i, (cell, width)) in cells.into_iter().zip(widths).enumerate() {
        if i > 0 {
            text.push_str("  ");
        }
        let cell = printable(cell);
        text.push_str(&cell);
        text.extend(std::iter::repeat_n(
            ' ',
            width.saturating_sub(cell.chars().count()),
        ));
    }
    text.trim_end().to_owned()
}

/// Column widths that fit the headers and `rows`.
fn widths(headers: &[&str], rows: &[Vec<String>]) -> Vec<usize> {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(printable(cell).chars().count());
        }
    }
    widths
}

/// An aligned table: a header row, then one line per row, columns padded with spaces.
/// Cells are made `printable`.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let widths = widths(headers, rows);
    let mut out = table_line(headers.iter().copied(), &widths);
    for row in rows {
        out.push('\n');
        out.push_str(&table_line(row.iter().map(String::as_str), &widths));
    }
    out
}

/// Comma-separated values: a header row, then one line per row, quoted where a field
/// needs it (RFC 4180). Cells are written as they are; `emit` escapes control
/// characters on the way to stdout.
pub fn csv(headers: &[&str], rows: &[Vec<String>]) -> Result<String> {
    let failed = |e: csv::Error| Error::environment("cannot render CSV").caused_by(e);
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(headers).map_err(failed)?;
    for row in rows {
        writer.write_record(row).map_err(failed)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| Error::environment("cannot render CSV").caused_by(e.error()))?;
    String::from_utf8(bytes).map_err(|e| Error::environment("cannot render CSV").caused_by(e))
}

/// How many rows a streamed table reads before fixing its column widths.
const ROWS_MEASURED: usize = 1000;

/// How a `List` looks to a person.
enum Layout {
    /// An aligned table; its widths are fixed by the first `ROWS_MEASURED` rows.
    Table {
        headers: &'static [&'static str],
        measured: Vec<Vec<String>>,
        widths: Option<Vec<usize>>,
    },
    /// A sentence, then one indented line per item.
    Lines { head: String },
}

/// A list written to stdout row by row as a command reads it, so memory stays flat
/// whatever the store's size: a JSON array (the same text as a pretty-printed array,
/// alone or as the last field of an object), or a table or indented lines for a person.
/// A reader that goes away (`| head`) stops the listing quietly: `push` says so.
pub struct List<W: Write = BufWriter<StdoutLock<'static>>> {
    out: W,
    json: bool,
    /// Spaces before each line of a JSON item.
    indent: &'static str,
    /// Closes the JSON after the array (`"\n}"` for an object).
    json_close: &'static str,
    layout: Layout,
    empty: String,
    scratch: Vec<u8>,
    count: u64,
    gone: bool,
}

impl List {
    /// A list shown as a table with these headers, or `empty` when nothing matches.
    pub fn table(json: bool, headers: &'static [&'static str], empty: &str) -> Result<List> {
        List::table_to(stdout(), json, headers, empty)
    }

    /// A list that is the last field, `field`, of the JSON object `head`; for a person
    /// the sentence `text` then one indented line per item, or `empty` alone.
    pub fn within(
        json: bool,
        head: &impl Serialize,
        field: &str,
        text: &str,
        empty: &str,
    ) -> Result<List> {
        List::within_to(stdout(), json, head, field, text, empty)
    }
}

fn stdout() -> BufWriter<StdoutLock<'static>> {
    BufWriter::with_capacity(64 * 1024, io::stdout().lock())
}

impl<W: Write> List<W> {
    fn new(out: W, json: bool, layout: Layout, empty: &str) -> Self {
        List {
            out,
            json,
            indent: "  ",
            json_close: "",
            layout,
            empty: empty.to_owned(),
            scratch: Vec::new(),
            count: 0,
            gone: false,
        }
    }

    fn table_to(out: W, json: bool, headers: &'static [&'static str], empty: &str) -> Result<Self> {
        let layout = Layout::Table {
            headers,
            measured: Vec::new(),
            widths: None,
        };
        let mut list = List::new(out, json, layout, empty);
        list.start("[")?;
        Ok(list)
    }

    fn within_to(
        out: W,
        json: bool,
        head: &impl Serialize,
        field: &str,
        text: &str,
        empty: &str,
    ) -> Result<Self> {
        let layout = Layout::Lines {
            head: text.to_owned(),
        };
        let mut list = List::new(out, json, layout, empty);
        let head = serde_json::to_string_pretty(head)
            .map_err(|e| Error::environment("cannot render JSON").caused_by(e))?;
        let field = serde_json::to_string(field)
            .map_err(|e| Error::environment("cannot render JSON").caused_by(e))?;
        let open = match head.strip_suffix("\n}") {
            Some(fields) => format!("{fields},\n  {field}: ["),
            None if head == "{}" => format!("{{\n  {field}: ["),
            None => return Err(Error::environment("cannot render JSON: not an object")),
        };
        list.indent = "    ";
        list.json_close = "\n}";
        list.start(&open)?;
        Ok(list)
    }

    fn start(&mut self, json_open: &str) -> Result<()> {
        if self.json {
            let written = self.out.write_all(json_open.as_bytes());
            self.check(written)?;
        }
        Ok(())
    }

    /// Turns a write error into "stop" (the reader went away) or an error.
    fn check(&mut self, written: io::Result<()>) -> Result<bool> {
        match written {
            Ok(()) => Ok(!self.gone),
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.gone = true;
                Ok(false)
            }
            Err(e) => Err(Error::environment("cannot write to standard output").caused_by(e)),
        }
    }

    /// Writes one item: `item` as JSON, or `cells` (the table's cells, or the one line)
    /// for a person. False when the reader went away and the listing should stop.
    pub fn push(
        &mut self,
        item: &impl Serialize,
        cells: impl FnOnce() -> Vec<String>,
    ) -> Result<bool> {
        if self.gone {
            return Ok(false);
        }
        self.count += 1;
        let written = if self.json {
            self.scratch.clear();
            serde_json::to_writer_pretty(&mut self.scratch, item)
                .map_err(|e| Error::environment("cannot render JSON").caused_by(e))?;
            self.write_item()
        } else {
            let cells = cells();
            self.write_cells(cells)
        };
        self.check(written)
    }

    fn write_item(&mut self) -> io::Result<()> {
        let separator = if self.count == 1 { "\n" } else { ",\n" };
        self.out.write_all(separator.as_bytes())?;
        for (i, line) in self.scratch.split(|&b| b == b'\n').enumerate() {
            if i > 0 {
                self.out.write_all(b"\n")?;
            }
            self.out.write_all(self.indent.as_bytes())?;
            self.out.write_all(line)?;
        }
        Ok(())
    }

    fn write_cells(&mut self, cells: Vec<String>) -> io::Result<()> {
        match &mut self.layout {
            Layout::Table {
                headers,
                measured,
                widths: fixed,
            } => {
                if let Some(widths) = fixed {
                    let line = table_line(cells.iter().map(String::as_str), widths);
                    return writeln!(self.out, "{line}");
                }
                measured.push(cells);
                if measured.len() < ROWS_MEASURED {
                    return Ok(());
                }
                let rows = std::mem::take(measured);
                let widths = widths(headers, &rows);
                writeln!(self.out, "{}", table_line(headers.iter().copied(), &widths))?;
                for row in &rows {
                    let line = table_line(row.iter().map(String::as_str), &widths);
                    writeln!(self.out, "{line}")?;
                }
                *fixed = Some(widths);
                Ok(())
            }
            Layout::Lines { head } => {
                if self.count == 1 {
                    writeln!(self.out, "{}", terminal_text(head))?;
                }
                for cell in cells {
                    writeln!(self.out, "  {}", printable(&cell))?;
                }
                Ok(())
            }
        }
    }

    /// How many items were written.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Ends the list (the JSON closed, the table's last rows, or `empty`) and returns the
    /// report that says it was written.
    pub fn finish(mut self) -> Result<Report> {
        let written = self.end();
        self.check(written)?;
        Ok(Report {
            json: serde_json::Value::Null,
            text: String::new(),
            is_success_line: false,
            streamed: true,
            code: 0,
        })
    }

    fn end(&mut self) -> io::Result<()> {
        if self.gone {
            return Ok(());
        }
        if self.json {
            if self.count > 0 {
                let outer = &self.indent[2..];
                write!(self.out, "\n{outer}")?;
            }
            writeln!(self.out, "]{}", self.json_close)?;
        } else if self.count == 0 {
            writeln!(self.out, "{}", terminal_text(&self.empty))?;
        } else if let Layout::Table {
            headers,
            measured,
            widths: None,
        } = &self.layout
        {
            let text = table(headers, measured);
            writeln!(self.out, "{text}")?;
        }
        self.out.flush()
    }
}

/// A count with thousands separated by commas: "30,412".
pub fn thousands(count: u64) -> String {
    let digits = count.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// `plural` with the count's thousands separated: "30,412 entries".
pub fn counted(count: u64, noun: &str) -> String {
    let word = plural(count, noun);
    match word.split_once(' ') {
        Some((_, rest)) => format!("{} {rest}", thousands(count)),
        None => word,
    }
}

/// A count with its noun, in the plural unless it is one: "1 user", "2 users",
/// "3 entries".
pub fn plural<N>(count: N, noun: &str) -> String
where
    N: Copy + std::fmt::Display + PartialEq + From<u8>,
{
    if count == N::from(1) {
        return format!("1 {noun}");
    }
    if noun.ends_with(['s', 'x']) || noun.ends_with("ch") || noun.ends_with("sh") {
        return format!("{count} {noun}es");
    }
    match noun.strip_suffix('y') {
        Some(stem) if !stem.ends_with(['a', 'e', 'o', 'u']) => format!("{count} {stem}ies"),
        _ => format!("{count} {noun}s"),
    }
}

/// Aligned `key: value` lines for a `show` command; values are made `printable`.
pub fn fields(pairs: &[(&str, String)]) -> String {
    let width = pairs.iter().map(|(k, _)| k.len()).max().unwrap_or(0) + 1;
    pairs
        .iter()
        .map(|(key, value)| format!("{:width$} {}", format!("{key}:"), printable(value)))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::{List, fields, plural, printable, quoted, table, terminal_text};

    /// What a list wrote, ended as `finish` ends it.
    fn written(mut list: List<Vec<u8>>) -> String {
        list.end().unwrap();
        String::from_utf8(list.out).unwrap()
    }

    #[test]
    fn thousands_are_separated() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(30_412), "30,412");
        assert_eq!(super::thousands(1_000_000), "1,000,000");
        assert_eq!(super::counted(1_300_000, "entry"), "1,300,000 entries");
    }

    #[test]
    fn counts_take_the_plural_unless_one() {
        assert_eq!(plural(1_i64, "user"), "1 user");
        assert_eq!(plural(0_u64, "user"), "0 users");
        assert_eq!(plural(2_usize, "entry"), "2 entries");
        assert_eq!(plural(3_i64, "day"), "3 days");
    }

    #[test]
    fn a_streamed_json_list_is_the_pretty_printed_array() {
        #[derive(serde::Serialize)]
        struct Head {
            slug: &'static str,
            dry_run: bool,
        }
        #[derive(serde::Serialize)]
        struct Whole<'a> {
            #[serde(flatten)]
            head: Head,
            must_enrol: &'a [serde_json::Value],
        }
        let items: Vec<serde_json::Value> = (0..3)
            .map(|i| serde_json::json!({ "email": format!("u{i}@x.io"), "roles": [{ "name": "a\nb" }], "n": [] }))
            .collect();
        for count in [0, 1, 3] {
            let mut list = List::table_to(Vec::new(), true, &["EMAIL"], "none").unwrap();
            for item in &items[..count] {
                assert!(list.push(item, Vec::new).unwrap());
            }
            let expected = serde_json::to_string_pretty(&items[..count]).unwrap() + "\n";
            assert_eq!(written(list), expected);
        }
        for count in [0, 2] {
            let head = Head {
                slug: "sales",
                dry_run: true,
            };
            let mut list = List::within_to(Vec::new(), true, &head, "must_enrol", "", "").unwrap();
            for item in &items[..count] {
                list.push(item, Vec::new).unwrap();
            }
            let whole = Whole {
                head,
                must_enrol: &items[..count],
            };
            let expected = serde_json::to_string_pretty(&whole).unwrap() + "\n";
            assert_eq!(written(list), expected);
        }
    }

    #[test]
    fn a_streamed_table_is_aligned_like_a_whole_one() {
        let rows: Vec<Vec<String>> = (0..5)
            .map(|i| vec!["x".repeat(i + 1), "\x1b[2J".into()])
            .collect();
        let mut list = List::table_to(Vec::new(), false, &["A", "B"], "none").unwrap();
        for row in &rows {
            list.push(&(), || row.clone()).unwrap();
        }
        assert_eq!(written(list), table(&["A", "B"], &rows) + "\n");
        let list = List::table_to(Vec::new(), false, &["A", "B"], "No rows.").unwrap();
        assert_eq!(written(list), "No rows.\n");
        let head = serde_json::json!({});
        let mut list =
            List::within_to(Vec::new(), false, &head, "f", "Would enrol:", "Nobody.").unwrap();
        list.push(&(), || vec!["a@x.io".into()]).unwrap();
        assert_eq!(written(list), "Would enrol:\n  a@x.io\n");
    }

    #[test]
    fn csv_quotes_fields_that_need_it() {
        let text = super::csv(
            &["name", "n"],
            &[
                vec!["a,b".into(), "1".into()],
                vec!["say \"hi\"".into(), String::new()],
            ],
        )
        .unwrap();
        assert_eq!(text, "name,n\n\"a,b\",1\n\"say \"\"hi\"\"\",\n");
    }

    #[test]
    fn tables_align_columns() {
        let text = table(
            &["NAME", "USERS"],
            &[
                vec!["acme".into(), "3".into()],
                vec!["a".into(), "12".into()],
            ],
        );
        assert_eq!(text, "NAME  USERS\nacme  3\na     12");
        assert_eq!(
            fields(&[("name", "acme".into()), ("users", "3".into())]),
            "name:  acme\nusers: 3"
        );
    }

    #[test]
    fn typed_text_cannot_drive_the_terminal() {
        assert_eq!(printable("plain text"), "plain text");
        assert_eq!(printable("a\x1b]0;title\x07b"), "a\\u{1b}]0;title\\u{7}b");
        assert_eq!(printable("x\ry\nz"), "x\\ry\\nz");
        assert_eq!(printable("evil\u{202e}txt.exe"), "evil\\u{202e}txt.exe");
        assert_eq!(printable("\u{9b}2J"), "\\u{9b}2J");
        // Characters that disguise "ro\u{206f}ot" as "root" (the adversary's F10).
        for hidden in [
            '\u{206f}',
            '\u{ad}',
            '\u{e0069}',
            '\u{3164}',
            '\u{2028}',
            '\u{fe0f}',
        ] {
            let text = format!("ro{hidden}ot");
            assert!(printable(&text).contains("\\u{"), "{hidden:?}");
        }
        let cell = table(&["A"], &[vec!["\x1b[2J".into()]]);
        assert!(!cell.contains('\x1b'), "{cell}");
        assert!(!fields(&[("k", "\x1b[2J".into())]).contains('\x1b'));
    }

    #[test]
    fn whole_reports_keep_only_the_qr_colours() {
        let qr = format!("{}█▀{}\n", crate::qr::BLACK_ON_WHITE, crate::qr::RESET);
        assert_eq!(terminal_text(&qr), qr);
        let tampered = "Added user to tenant \x1b]0;pwned\x07acme.\n\u{2800}";
        let shown = terminal_text(tampered);
        assert!(
            !shown.contains('\x1b') && !shown.contains('\x07'),
            "{shown}"
        );
        assert!(shown.ends_with("\n\\u{2800}"), "{shown}");
    }

    #[test]
    fn suggested_values_are_quoted_for_the_shell() {
        assert_eq!(quoted("alice@example.com"), "alice@example.com");
        assert_eq!(quoted("x`id`@example.com"), "'x`id`@example.com'");
        assert_eq!(quoted("o'hara@example.com"), r"'o'\''hara@example.com'");
        assert_eq!(quoted("$(rm -rf ~)@x.io"), "'$(rm -rf ~)@x.io'");
        assert_eq!(quoted(""), "''");
    }
}
