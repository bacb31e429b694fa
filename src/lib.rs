//! mfactl: a terminal admin tool for two-factor authentication.
//!
//! ```text
//! main.rs ─► cli (parse only)                 error ◄── everyone (leaf)
//!    └─────► app ─► commands ─► core          (pure rules)
//!                      │  └───► store ─► core (rows ⇄ core types)
//!                      │          └─ sqlite/, postgres/ (the backends: their SQL)
//!                      └──────► ctx, output, prompt, qr, mail, secrets, keyring, paths, formats
//! ```
//!
//! `cli` parses; `app` resolves the environment, the actor, the terminal and the store
//! access a command needs, opens and checks the store and its key, and builds a `Ctx`
//! (`ctx.rs`, which also owns the clock: `Ctx::now()` is read at each decision);
//! `commands` are glue (store reads → `core` decision → store write with its audit entry
//! → report); `core` is pure; `store` is the contract of a store (`Store`, and `Tx`: one
//! trait per table family) and the types commands see, with all SQL in its backends
//! (`store/sqlite/`, `store/postgres/`), which commands never name; `output` is the only writer to stdout.
//! See ENGINEERING.md.

pub mod app;
pub mod cli;
pub mod commands;
pub mod core;
pub mod ctx;
pub mod env;
pub mod error;
pub mod formats;
pub mod keyring;
pub mod mail;
pub mod output;
pub mod paths;
pub mod prompt;
pub mod qr;
pub mod secrets;
pub mod store;
pub mod suggest;

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use clap::FromArgMatches;
use clap::parser::ValueSource;

use crate::error::Error;

/// The top-level command a command line names and the word after it (its subcommand,
/// for most): its first two words that are not options, nor the value of a global
/// option given apart (`--store PATH`, `--actor NAME`).
fn command_named(args: &[OsString]) -> (Option<&str>, Option<&str>) {
    let mut named = Vec::with_capacity(2);
    let mut words = args.iter().skip(1).map(|a| a.to_str());
    while named.len() < 2 {
        match words.next().flatten() {
            Some("--store" | "--actor") => {
                words.next();
            }
            Some(option) if option.starts_with('-') => {}
            Some(name) => named.push(name),
            None => break,
        }
    }
    (named.first().copied(), named.get(1).copied())
}

/// Parses `args`, runs the command, prints its report or error, and returns the exit code.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let args: Vec<OsString> = args.into_iter().collect();
    if let Some(code) = complete(&args) {
        return code;
    }
    let json = args.iter().any(|a| a == "--json");
    // The bare tree parses a command that is right; only help, a version or a mistake
    // needs the tree with the examples, JSON fields and completers attached, whose
    // building is a third of a small command's start-up (issue 22, "Start-up").
    let (name, verb) = command_named(&args);
    let mut bare = name
        .and_then(|name| cli::bare_command_for(name, verb))
        .unwrap_or_else(cli::bare_command);
    let parsed = match bare.try_get_matches_from_mut(&args) {
        Err(e) if e.kind() != clap::error::ErrorKind::DisplayVersion => {
            cli::command().try_get_matches_from(&args)
        }
        parsed => parsed,
    };
    // The tree is not needed again, and freeing its thousands of pieces one by one costs
    // a tenth of a small command; the process ends soon and the OS takes the memory back.
    std::mem::forget(bare);
    let matches = match parsed {
        Ok(matches) => matches,
        Err(e) => return clap_error(&e, &args, json),
    };
    let cli = match cli::Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => return clap_error(&e, &args, json),
    };
    // `audit --actor NAME` filters by actor; the same flag elsewhere names who acts.
    let actor_filter = match matches.subcommand() {
        Some(("audit", sub)) if sub.value_source("actor") == Some(ValueSource::CommandLine) => {
            cli.global.actor.clone()
        }
        _ => None,
    };
    let (json, quiet) = (cli.global.json, cli.global.quiet);
    // Suggested commands in what is printed carry the --tenant and --store typed here.
    let context = cli::typed_context(&matches);
    match app::run(cli, actor_filter).map_err(|error| with_context(error, &context)) {
        Ok(mut report) => {
            report.text = context.apply(&report.text);
            match output::emit(&report, json, quiet) {
                Ok(()) => ExitCode::from(report.code),
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::from(report.code),
                Err(e) => {
                    output::error(
                        &Error::environment("cannot write to standard output").caused_by(e),
                        json,
                    );
                    ExitCode::from(1)
                }
            }
        }
        Err(error) => {
            if let Some(partial) = &error.output {
                let (value, text) = partial.as_ref();
                let report = output::Report {
                    json: value.clone(),
                    text: text.clone(),
                    is_success_line: false,
                    streamed: false,
                    code: 0,
                };
                let _ = output::emit(&report, json, quiet);
            }
            output::error(&error, json);
            ExitCode::from(error.exit_code())
        }
    }
}

/// An error whose suggested commands carry `context`.
fn with_context(mut error: Error, context: &suggest::Context) -> Error {
    error.message = context.apply(&error.message);
    error.hint = error.hint.map(|hint| context.apply(&hint));
    if let Some(output) = error.output.as_mut() {
        output.1 = context.apply(&output.1);
    }
    error
}

/// `COMPLETE=bash mfactl` prints the shell's registration script; the shell then runs
/// `COMPLETE=bash mfactl -- WORDS…` at each TAB, and the candidates are printed instead
/// of running a command (clap_complete's dynamic completion, with the store's names from
/// `commands::complete`). `None` when `COMPLETE` is not set: a normal run.
fn complete(args: &[OsString]) -> Option<ExitCode> {
    let shell = std::env::var_os(env::COMPLETE)?;
    if shell.is_empty() || shell == "0" {
        return None;
    }
    let words = args
        .iter()
        .position(|a| a == "--")
        .map_or(&[][..], |escape| &args[escape + 1..]);
    // Bash and zsh say which word is completed; the other shells cut the line there.
    let cursor = std::env::var(env::COMPLETE_INDEX)
        .ok()
        .and_then(|i| i.parse().ok())
        .unwrap_or_else(|| words.len().saturating_sub(1));
    commands::complete::begin(words, cursor, &shell);
    let current_dir = std::env::current_dir().ok();
    match clap_complete::CompleteEnv::with_factory(cli::command)
        .try_complete(args.iter().cloned(), current_dir.as_deref())
    {
        Ok(true) => Some(ExitCode::SUCCESS),
        Ok(false) => None,
        // A TAB prints nothing on the terminal, whatever went wrong; the shell then
        // offers nothing. A registration asked for by a person says why it failed.
        Err(_) if !words.is_empty() => Some(ExitCode::from(1)),
        Err(e) => {
            let (message, _) = clap_message(&e.render().to_string());
            output::error(&Error::usage(message), false);
            Some(ExitCode::from(2))
        }
    }
}

/// Help and version go to stdout with 0; every other parse error is a usage error (2).
/// clap's whole message as one line (the missing argument's name, the possible values),
/// and a hint from its tips and usage line.
fn clap_message(rendered: &str) -> (String, String) {
    let mut message = Vec::new();
    let mut tips = Vec::new();
    let mut usage = None;
    let mut help = "mfactl --help".to_owned();
    for line in rendered.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(tip) = line.strip_prefix("tip: ") {
            tips.push(tip.to_owned());
        } else if let Some(rest) = line.strip_prefix("Usage: ") {
            usage = Some(rest.to_owned());
        } else if let Some(rest) = line.strip_prefix("For more information, try '") {
            rest.trim_end_matches("'.").clone_into(&mut help);
        } else if !line.starts_with("For more information") {
            message.push(line.trim_start_matches("error: ").to_owned());
        }
    }
    let message = if message.is_empty() {
        "invalid arguments".to_owned()
    } else {
        message.join(" ")
    };
    let usage = usage.map_or_else(
        || format!("see `{help}`"),
        |usage| format!("usage: {usage} (see `{help}`)"),
    );
    tips.push(usage);
    (message, tips.join("; "))
}

/// clap's error text with the usage and the help hint of the command that was typed:
/// the usage as `--help` shows it (clap's own lists the arguments it found, an
/// environment variable's among them, as if they were required: `--store <PATH>` with
/// `MFACTL_STORE` set), and the help to read named in full (`mfactl user add --help`,
/// not `--help`, which reads as the top-level help).
fn with_own_usage(rendered: &str, args: &[OsString]) -> String {
    let mut command = cli::command();
    command.build();
    let mut current = &command;
    for arg in args.iter().skip(1) {
        let Some(word) = arg.to_str() else { break };
        if let Some(sub) = current.find_subcommand(word) {
            current = sub;
        }
    }
    let path = current
        .get_bin_name()
        .unwrap_or(current.get_name())
        .to_owned();
    let usage = current.clone().render_usage().to_string();
    let usage = usage.trim_end();
    let mut out = String::new();
    let mut lines = rendered.lines().peekable();
    while let Some(line) = lines.next() {
        if line.starts_with("Usage: ") && usage.starts_with("Usage: ") {
            out.push_str(usage);
            // clap wraps a long usage over more lines, indented.
            while lines.peek().is_some_and(|next| next.starts_with(' ')) {
                lines.next();
            }
        } else {
            out.push_str(&line.replace("try '--help'", &format!("try '{path} --help'")));
        }
        out.push('\n');
    }
    out
}

fn clap_error(e: &clap::Error, args: &[OsString], json: bool) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    // clap quotes what was typed inside its message, so a newline typed in a value would
    // start a line of its own (a fake `hint:` or `tip:`). The message is rendered again
    // from the arguments with their control characters escaped; JSON then gets the typed
    // text back exactly, and a terminal sees it escaped.
    let typed: Vec<(String, String)> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .filter_map(|a| {
            let shown = output::printable(&a).into_owned();
            (shown != a).then_some((a, shown))
        })
        .collect();
    let rendered = if typed.is_empty() {
        e.render().to_string()
    } else {
        let shown: Vec<OsString> = args
            .iter()
            .map(|a| OsString::from(output::printable(&a.to_string_lossy()).into_owned()))
            .collect();
        match cli::command().try_get_matches_from(&shown) {
            Err(again) => again.render().to_string(),
            Ok(_) => output::printable(&e.render().to_string()).into_owned(),
        }
    };
    let rendered = with_own_usage(&rendered, args);
    if json {
        let (mut message, mut hint) = clap_message(&rendered);
        for (exact, shown) in &typed {
            message = message.replace(shown.as_str(), exact);
            hint = hint.replace(shown.as_str(), exact);
        }
        // JSON carries what was typed exactly; serde escapes it.
        output::error(&Error::usage(message).with_hint(hint), true);
    } else {
        // Plain text (no styling), with what was typed shown escaped.
        let mut err = std::io::stderr().lock();
        for line in rendered.lines() {
            let _ = writeln!(err, "{}", output::printable(line));
        }
    }
    ExitCode::from(2)
}
