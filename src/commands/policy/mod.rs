//! `mfactl policy …` (SPEC §7): `export` writes tenants as a policy file, `plan`
//! (`plan.rs`) computes the changes from the file and the store and rehearses them,
//! `apply` (`apply.rs`) makes them in one transaction through the single commands'
//! functions, `schema` prints the format's JSON Schema. The plan is `core::plan`'s; its
//! drawing for a person is `render.rs`'s.

mod apply;
mod execute;
mod plan;
mod render;

use std::io::{Read, Write};
use std::path::Path;

use serde_json::json;
use sha2::{Digest, Sha256};

use crate::cli::policy::{PolicyCommand, PolicyExportArgs};
use crate::commands::tenant_named;
use crate::core::plan::{Policy, Problem};
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::formats::policy::{schema as format_schema, write};
use crate::output::{Report, plural, quoted};

/// Runs a `policy` command; `file` is the policy file of `plan` and `apply`, read
/// before the store was opened (`app.rs`), or `None` to read it now.
pub fn run(ctx: &Ctx, command: PolicyCommand, file: Option<PolicyFile>) -> Result<Report> {
    match command {
        PolicyCommand::Export(args) => export(ctx, &args),
        PolicyCommand::Plan(args) => {
            let file = file.map_or_else(|| read(&args.file), Ok)?;
            plan::run(ctx, &args, &file)
        }
        PolicyCommand::Apply(args) => {
            let file = file.map_or_else(|| read(&args.file), Ok)?;
            apply::run(ctx, &args, &file)
        }
        PolicyCommand::Schema => schema(),
    }
}

/// `policy schema`: needs no store.
pub fn schema() -> Result<Report> {
    Report::data(&format_schema::schema(), format_schema::text())
}

/// A policy file as read: how messages name it, what it says, and its SHA-256.
pub struct PolicyFile {
    pub shown: String,
    pub policy: Policy,
    pub sha256: String,
}

/// The most problems of a file listed in one error; the others are counted.
const PROBLEMS_LISTED: usize = 20;

/// Reads and parses a policy file (`-`: standard input); its problems are a usage
/// error (exit 2) naming each with `FILE:LINE:COLUMN`.
pub fn read(path: &Path) -> Result<PolicyFile> {
    let (shown, bytes) = if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|e| Error::environment("cannot read standard input").caused_by(e))?;
        ("-".to_owned(), bytes)
    } else {
        let shown = path.display().to_string();
        if path.is_dir() {
            return Err(Error::usage(format!(
                "{shown} is a directory, not a policy file"
            )));
        }
        let bytes = std::fs::read(path).map_err(|e| {
            let error = match e.kind() {
                std::io::ErrorKind::NotFound => Error::usage(format!(
                    "the file {shown} does not exist"
                ))
                .with_hint("write one with `mfactl policy export --out policy.toml`, then edit it"),
                _ => Error::environment(format!("cannot read {shown}")),
            };
            error.caused_by(e)
        })?;
        (shown, bytes)
    };
    let sha256 = data_encoding::HEXLOWER.encode(&Sha256::digest(&bytes));
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::usage(format!("{shown} is not UTF-8 text: a policy file is TOML")).caused_by(e)
    })?;
    match crate::formats::policy::parse(&text) {
        Ok(policy) => Ok(PolicyFile {
            shown,
            policy,
            sha256,
        }),
        Err(problems) => Err(problems_error(&shown, &problems)),
    }
}

/// The usage error (exit 2) for a file's problems: each on a line of the message as
/// `FILE:LINE:COLUMN: what is wrong (expected: …)`, and with `--json` a `problems`
/// array on stdout.
pub fn problems_error(shown: &str, problems: &[Problem]) -> Error {
    let mut lines: Vec<String> = problems
        .iter()
        .take(PROBLEMS_LISTED)
        .map(|p| {
            format!(
                "{shown}:{}:{}: {} (expected: {})",
                p.at.line, p.at.column, p.message, p.expected
            )
        })
        .collect();
    if problems.len() > PROBLEMS_LISTED {
        lines.push(format!(
            "and {} more",
            plural(problems.len() - PROBLEMS_LISTED, "problem")
        ));
    }
    let listed: Vec<serde_json::Value> = problems
        .iter()
        .map(|p| {
            json!({ "file": shown, "line": p.at.line, "column": p.at.column,
                    "message": p.message, "expected": p.expected })
        })
        .collect();
    let text = lines.join("\n");
    let message = if problems.len() == 1 {
        text.clone()
    } else {
        format!("{shown} has {}:\n{text}", plural(problems.len(), "problem"))
    };
    Error::usage(message)
        .with_hint(format!(
            "nothing was changed; fix the file and check it with `mfactl policy plan {}`",
            quoted(shown)
        ))
        .with_output(json!({ "file": shown, "problems": listed }), String::new())
}

fn export(ctx: &Ctx, args: &PolicyExportArgs) -> Result<Report> {
    let (text, tenants) = ctx.store.read(|tx| {
        let tenants = match &args.tenant {
            Some(name) => vec![tenant_named(tx, name)?],
            None => tx.tenants()?,
        };
        let mut text = write::header();
        for tenant in &tenants {
            text.push_str(&write::tenant(&tx.tenant_state(tenant)?));
        }
        Ok((text, tenants.len()))
    })?;
    let sha256 = data_encoding::HEXLOWER.encode(&Sha256::digest(text.as_bytes()));
    let Some(out) = &args.out else {
        // The file itself is the answer; with --json, inside an object.
        let report = Report::data(
            &json!({ "file": null, "tenants": tenants, "sha256": sha256, "policy": text }),
            text.clone(),
        )?;
        return Ok(report);
    };
    write_new(out, text.as_bytes())?;
    let shown = out.display().to_string();
    Report::done(
        &json!({ "file": shown, "tenants": tenants, "sha256": sha256, "bytes": text.len() }),
        format!(
            "Wrote the policy of {} to {shown}. Check it with `mfactl policy plan {}`: an export plans no changes.",
            plural(tenants, "tenant"),
            quoted(&shown)
        ),
    )
}

/// Writes a new file; an existing one (or a link) is refused, never replaced: an export
/// must not overwrite the edited file it would be compared with. A file left half
/// written by a failure is removed.
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let shown = path.display().to_string();
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Error::conflict(format!("{shown} already exists; it was left as it is"))
                    .with_hint("give --out a new file, or remove that one first")
            } else {
                Error::environment(format!("cannot create {shown}")).caused_by(e)
            }
        })?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    if let Err(e) = written {
        drop(file);
        let _ = std::fs::remove_file(path);
        return Err(Error::environment(format!("cannot write {shown}")).caused_by(e));
    }
    Ok(())
}
