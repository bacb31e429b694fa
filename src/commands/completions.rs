//! `mfactl completions SHELL`: the script, rendered from the clap tree.

use crate::cli::generate;
use crate::error::{Error, Result};
use crate::output::Report;

pub fn run(shell: clap_complete::Shell) -> Result<Report> {
    let script = String::from_utf8(generate::completion(shell))
        .map_err(|e| Error::environment("the completion script is not UTF-8").caused_by(e))?;
    Report::data(
        &serde_json::json!({ "shell": shell.to_string(), "script": script }),
        script,
    )
}
