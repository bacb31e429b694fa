//! Questions on a terminal, drawn by `dialoguer` on stderr. Without one (or with
//! `--no-input`) nothing is asked: a missing answer becomes `Error::input_required`
//! naming the flag that gives it. dialoguer fails at once when stderr is not a terminal
//! and reads `/dev/tty` when stdin is a pipe, so it is called only when `can_prompt`
//! held (ENGINEERING.md §3). `Tries` keeps count of the tries at a code in one run.

use std::io::{self, BufRead, IsTerminal};

use dialoguer::{Input, Password};

use crate::core::lockout;
use crate::error::{Error, Result};
use crate::output;
use crate::secrets::Secret;

/// Whether mfactl may ask questions: not `--no-input`, and stdin and stderr are terminals.
pub fn can_prompt(no_input: bool) -> bool {
    !no_input && io::stdin().is_terminal() && io::stderr().is_terminal()
}

/// Asks a yes/no question for a change that destroys or weakens protection.
/// `yes` is the `--yes` flag; without it and without a terminal, exit 4 names `--yes`.
/// A "no" is its own outcome: `Error::cancelled` (exit 9), nothing changed.
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
    if yes_no(question, false)? {
        Ok(())
    } else {
        Err(Error::cancelled("cancelled: nothing was changed"))
    }
}

/// Asks a yes/no question on the terminal: `y` or `yes`, `n` or `no` (any case), then
/// Enter; Enter alone takes `default`; anything else is asked again. A line prompt, not
/// dialoguer's `Confirm`: that one flips its answer at `y` without taking it, and
/// redraws a question wider than the terminal once per key (issue 22, item 15). The
/// caller has checked that prompting is allowed.
pub fn yes_no(question: &str, default: bool) -> Result<bool> {
    let choices = if default { "[Y/n]" } else { "[y/N]" };
    loop {
        let answer = Input::<String>::new()
            .with_prompt(format!("{} {choices}", output::printable(question)))
            .allow_empty(true)
            .report(false)
            .interact_text()
            .map_err(terminal_error)?;
        match answer.trim().to_ascii_lowercase().as_str() {
            "" => return Ok(default),
            "y" | "yes" => return Ok(true),
            "n" | "no" => return Ok(false),
            _ => output::tell("answer y (yes) or n (no)"),
        }
    }
}

/// Asks for one line of text on the terminal, or fails naming `flag`. Enter alone asks
/// again.
pub fn line(interactive: bool, question: &str, flag: &str) -> Result<String> {
    if !interactive {
        return Err(Error::input_required(flag, format!("{flag} is required")));
    }
    Input::<String>::new()
        .with_prompt(output::printable(bare(question)))
        .interact_text()
        .map_err(terminal_error)
}

/// Asks for a secret with echo turned off, or fails naming `flag`. An empty answer is
/// asked again (it is never a password), up to three times.
pub fn password(interactive: bool, question: &str, flag: &str) -> Result<Secret> {
    for _ in 0..3 {
        let answer = password_or_empty(interactive, question, flag)?;
        if !answer.expose().is_empty() {
            return Ok(answer);
        }
        output::tell("the password cannot be empty");
    }
    Err(Error::usage("no password was typed")
        .with_hint(format!("type it at the prompt, or pass {flag}")))
}

/// Asks for a secret with echo turned off, or fails naming `flag`; the answer may be
/// empty.
pub fn password_or_empty(interactive: bool, question: &str, flag: &str) -> Result<Secret> {
    if !interactive {
        return Err(Error::input_required(
            flag,
            format!("a password is required: pass {flag}"),
        ));
    }
    // Empty answers are taken (and judged by the caller): dialoguer would otherwise ask
    // again forever, even on a terminal that closed.
    Password::new()
        .with_prompt(output::printable(bare(question)))
        .allow_empty_password(true)
        .report(false)
        .interact()
        .map(Secret::new)
        .map_err(terminal_error)
}

/// A question without the ": " that dialoguer adds itself.
fn bare(question: &str) -> &str {
    question.trim_end().trim_end_matches(':')
}

/// How many tries at a code one run gives on a terminal.
pub const TRIES: u32 = 3;

/// What one counted try at a code came to.
#[derive(Debug)]
pub enum Try<T> {
    /// It passed.
    Done(T),
    /// It was wrong (or replayed) and was counted; `before_lock` is how many more
    /// failures the account takes before it locks, when the try counts towards the lock.
    Wrong {
        error: Error,
        before_lock: Option<i64>,
    },
}

/// The tries at a code typed at a prompt in one run: each wrong one is counted here
/// (the store counts it towards the lock, in the transaction that records it).
#[derive(Debug)]
pub struct Tries {
    used: u32,
}

impl Default for Tries {
    fn default() -> Self {
        Self::new()
    }
}

impl Tries {
    pub fn new() -> Self {
        Tries { used: 0 }
    }

    /// After a wrong try: tells how many are left (in this run, and before the account
    /// locks when `before_lock` is known) and returns `Ok` to ask again, or returns
    /// `error` when this run has no tries left.
    pub fn wrong(&mut self, error: Error, before_lock: Option<i64>) -> Result<()> {
        self.used += 1;
        let left = i64::from(TRIES.saturating_sub(self.used));
        if left == 0 {
            return Err(error);
        }
        let minutes = lockout::LOCK_SECONDS / 60;
        let text = match before_lock {
            Some(lock) if lock <= left => format!(
                "{}; try again: {} before the account locks for {minutes} minutes",
                error.message,
                tries(lock)
            ),
            Some(lock) => format!(
                "{}; try again: {} ({lock} before the account locks for {minutes} minutes)",
                error.message,
                tries(left)
            ),
            None => format!("{}; try again: {}", error.message, tries(left)),
        };
        output::tell(&text);
        Ok(())
    }
}

fn tries(n: i64) -> String {
    if n == 1 {
        "1 try left".to_owned()
    } else {
        format!("{n} tries left")
    }
}

/// What a failed prompt means: the terminal closed (exit 4, as without one), or it
/// could not be used (exit 1).
fn terminal_error(error: dialoguer::Error) -> Error {
    let dialoguer::Error::IO(io_error) = error;
    if io_error.kind() == io::ErrorKind::UnexpectedEof {
        return Error::input_required(
            "the flag for this answer",
            "the terminal closed before an answer was given",
        );
    }
    Error::environment("cannot read from the terminal").caused_by(io_error)
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
