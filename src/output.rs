//! The only writer to stdout: a command's report as JSON or human text, aligned tables,
//! and the rendering of errors and warnings on stderr.
//!
//! Text that people typed (names, emails, actor, reason) reaches a terminal only through
//! `printable`: control characters, and the Unicode controls that reorder or hide text,
//! are shown escaped (`\u{1b}`), so no one can send escape sequences to another
//! person's terminal through the audit log. JSON carries such text exactly. Commands
//! suggested to the user quote their values as a shell would (`quoted`).

use std::borrow::Cow;

use std::io::{self, Write};

use serde::Serialize;

use crate::error::{Error, Result};

/// What a command returns: the data once, rendered as JSON or as text.
#[derive(Debug)]
pub struct Report {
    pub json: serde_json::Value,
    pub text: String,
    /// A success line ("Created tenant acme.") that `-q` silences; results are never silenced.
    pub is_success_line: bool,
}

fn to_json(value: &impl Serialize) -> Result<serde_json::Value> {
    serde_json::to_value(value).map_err(|e| Error::environment("cannot render JSON").caused_by(e))
}

impl Report {
    /// A result to show (a list, a status): printed even with `-q`.
    pub fn data(value: &impl Serialize, text: String) -> Result<Report> {
        Ok(Report {
            json: to_json(value)?,
            text,
            is_success_line: false,
        })
    }

    /// A change that succeeded: the sentence is silenced by `-q`, the JSON never.
    pub fn done(value: &impl Serialize, text: String) -> Result<Report> {
        Ok(Report {
            json: to_json(value)?,
            text,
            is_success_line: true,
        })
    }
}

/// Writes a report on stdout. A broken pipe is the reader's choice, not an error.
pub fn emit(report: &Report, json: bool, quiet: bool) -> io::Result<()> {
    let mut out = io::stdout().lock();
    if json {
        let text = serde_json::to_string_pretty(&report.json).map_err(io::Error::other)?;
        writeln!(out, "{text}")?;
    } else if !(report.text.is_empty() || quiet && report.is_success_line) {
        let text = report.text.trim_end_matches('\n');
        writeln!(out, "{}", terminal_text(text))?;
    }
    out.flush()
}

/// Whether a character must not reach a terminal as it is: C0 and C1 controls, DEL,
/// and the invisible characters that reorder, hide or disguise text: Unicode's format
/// characters (bidi overrides, zero-width marks, tags) and the other default-ignorable
/// code points, and the line and paragraph separators.
fn is_hidden(c: char, keep_newlines: bool) -> bool {
    (c.is_control() && !(keep_newlines && c == '\n'))
        || matches!(
            c,
            '\u{00ad}'
                | '\u{034f}'
                | '\u{0600}'..='\u{0605}'
                | '\u{061c}'
                | '\u{06dd}'
                | '\u{070f}'
                | '\u{0890}'..='\u{0891}'
                | '\u{08e2}'
                | '\u{115f}'..='\u{1160}'
                | '\u{17b4}'..='\u{17b5}'
                | '\u{180b}'..='\u{180f}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{3164}'
                | '\u{fe00}'..='\u{fe0f}'
                | '\u{feff}'
                | '\u{ffa0}'
                | '\u{fff0}'..='\u{fffb}'
                | '\u{110bd}'
                | '\u{110cd}'
                | '\u{13430}'..='\u{1343f}'
                | '\u{1bca0}'..='\u{1bca3}'
                | '\u{1d173}'..='\u{1d17a}'
                | '\u{e0000}'..='\u{e0fff}'
                // Blank-looking, private-use and non-characters: no honest name needs them.
                | '\u{2800}'
                | '\u{e000}'..='\u{f8ff}'
                | '\u{fdd0}'..='\u{fdef}'
                | '\u{fffe}'..='\u{ffff}'
                | '\u{f0000}'..='\u{10ffff}'
        )
}

fn escape(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    escape_except(text, keep_newlines, &[])
}

/// `escape`, letting the exact sequences in `allowed` through.
fn escape_except<'a>(text: &'a str, keep_newlines: bool, allowed: &[&str]) -> Cow<'a, str> {
    if !text.chars().any(|c| is_hidden(c, keep_newlines)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(sequence) = allowed.iter().find(|sequence| rest.starts_with(**sequence)) {
            out.push_str(sequence);
            rest = &rest[sequence.len()..];
            continue;
        }
        if is_hidden(c, keep_newlines) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// Text for one line of a terminal: every control character escaped (`\u{1b}`, `\n`).
pub fn printable(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

/// Whole lines for a terminal: the last line of defence for anything a command built
/// (a name read from a store that was edited by hand, say). Control characters are
/// escaped, newlines kept, and the QR code's own two colour sequences let through.
fn terminal_text(text: &str) -> Cow<'_, str> {
    escape_except(text, true, &[crate::qr::BLACK_ON_WHITE, crate::qr::RESET])
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

/// An aligned table: a header row, then one line per row, columns padded with spaces.
/// Cells are made `printable`.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let rows: Vec<Vec<Cow<'_, str>>> = rows
        .iter()
        .map(|row| row.iter().map(|cell| printable(cell)).collect())
        .collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut text = String::new();
        for (i, (cell, width)) in cells.zip(&widths).enumerate() {
            if i > 0 {
                text.push_str("  ");
            }
            text.push_str(cell);
            text.extend(std::iter::repeat_n(
                ' ',
                width.saturating_sub(cell.chars().count()),
            ));
        }
        text.trim_end().to_owned()
    };
    let mut out = line(&mut headers.iter().copied());
    for row in &rows {
        out.push('\n');
        out.push_str(&line(&mut row.iter().map(AsRef::as_ref)));
    }
    out
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
    use super::{fields, printable, quoted, table, terminal_text};

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
