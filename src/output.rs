//! The only writer to stdout: a command's report as JSON or human text, aligned tables,
//! and the rendering of errors and warnings on stderr.

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
        writeln!(out, "{text}")?;
    }
    out.flush()
}

/// Writes a warning on stderr (shown with `--json` and `-q` too: it is not a result).
pub fn warn(message: &str) {
    let _ = writeln!(io::stderr().lock(), "warning: {message}");
}

/// Writes a step of an interactive flow on stderr (QR code, recovery codes, retries).
pub fn tell(message: &str) {
    let _ = writeln!(io::stderr().lock(), "{message}");
}

/// Writes a note for a person on stderr, silenced by `-q` and `--json`.
pub fn note(message: &str, quiet: bool, json: bool) {
    if !quiet && !json {
        let _ = writeln!(io::stderr().lock(), "{message}");
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
        let _ = writeln!(err, "error: {}", error.message);
        for cause in &error.causes {
            let _ = writeln!(err, "caused by: {cause}");
        }
        if let Some(hint) = &error.hint {
            let _ = writeln!(err, "hint: {hint}");
        }
    }
}

/// An aligned table: a header row, then one line per row, columns padded with spaces.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
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
    for row in rows {
        out.push('\n');
        out.push_str(&line(&mut row.iter().map(String::as_str)));
    }
    out
}

/// Aligned `key: value` lines for a `show` command.
pub fn fields(pairs: &[(&str, String)]) -> String {
    let width = pairs.iter().map(|(k, _)| k.len()).max().unwrap_or(0) + 1;
    pairs
        .iter()
        .map(|(key, value)| format!("{:width$} {value}", format!("{key}:")))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::{fields, table};

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
}
