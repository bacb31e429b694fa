//! Questions on a terminal. Without one (or with `--no-input`) nothing is asked: a
//! missing answer becomes `Error::input_required` naming the flag that gives it.

use std::io::{self, BufRead, IsTerminal, Write};

use crate::error::{Error, Result};
use crate::secrets::Secret;

/// Whether mfactl may ask questions: not `--no-input`, and stdin and stderr are terminals.
pub fn can_prompt(no_input: bool) -> bool {
    !no_input && io::stdin().is_terminal() && io::stderr().is_terminal()
}

/// Asks a yes/no question for a change that destroys or weakens protection.
/// `yes` is the `--yes` flag; without it and without a terminal, exit 4 names `--yes`.
pub fn confirm(interactive: bool, yes: bool, question: &str) -> Result<()> {
    if yes {
        return Ok(());
    }
    if !interactive {
        return Err(Error::input_required(
            "--yes",
            format!("confirmation required: {question}"),
        ));
    }
    let answer = ask(&format!("{question} [y/N] "))?;
    if matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
        Ok(())
    } else {
        Err(Error::environment("cancelled; nothing was changed"))
    }
}

/// Asks for one line of text on the terminal, or fails naming `flag`.
pub fn line(interactive: bool, question: &str, flag: &str) -> Result<String> {
    if !interactive {
        return Err(Error::input_required(flag, format!("{flag} is required")));
    }
    ask(question)
}

/// Asks for a secret with echo turned off, or fails naming `flag`.
pub fn password(interactive: bool, question: &str, flag: &str) -> Result<Secret> {
    if !interactive {
        return Err(Error::input_required(
            flag,
            format!("a password is required: pass {flag}"),
        ));
    }
    rpassword::prompt_password(question)
        .map(Secret::new)
        .map_err(|e| Error::environment("cannot read the password from the terminal").caused_by(e))
}

fn ask(question: &str) -> Result<String> {
    let mut err = io::stderr().lock();
    let _ = write!(err, "{question}");
    let _ = err.flush();
    drop(err);
    let mut answer = String::new();
    let read = io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| Error::environment("cannot read from the terminal").caused_by(e))?;
    if read == 0 {
        return Err(Error::input_required(
            "the flag for this answer",
            "the terminal closed before an answer was given",
        ));
    }
    Ok(answer.trim_end_matches(['\n', '\r']).to_owned())
}

/// Reads a password from standard input for `--password-stdin`: the first line.
pub fn password_from_stdin() -> Result<Secret> {
    let mut line = String::new();
    io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Error::usage("cannot read the password from standard input").caused_by(e))?;
    let password = line.strip_suffix('\n').unwrap_or(&line);
    let password = password.strip_suffix('\r').unwrap_or(password);
    if password.is_empty() {
        return Err(Error::usage("--password-stdin read an empty password")
            .with_hint("pipe the password in: printf '%s\\n' \"$PASSWORD\" | mfactl …"));
    }
    Ok(Secret::new(password.to_owned()))
}
