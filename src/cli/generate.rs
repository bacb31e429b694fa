//! Completions and man pages rendered from the clap tree; committed under
//! `completions/` and `man/`, and checked for staleness by the test suite.
//!
//! A man page takes its NAME, DESCRIPTION and OPTIONS from clap_mangen, and writes the
//! rest itself: a SYNOPSIS with value placeholders, the JSON fields and examples of
//! `docs` (the same ones `--help` shows), and the EXIT STATUS, ENVIRONMENT, FILES and
//! SEE ALSO that every page carries.

use clap::CommandFactory;
use clap_complete::Shell;
use clap_mangen::roff::{Inline, Roff, bold, italic, roman};

use crate::cli::Cli;
use crate::cli::docs;

/// The completion script for one shell.
pub fn completion(shell: Shell) -> Vec<u8> {
    let mut command = crate::cli::complete::attach(Cli::command());
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "mfactl", &mut out);
    out
}

/// Every generated file: (path relative to the repository, contents).
pub fn all_files() -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut files = Vec::new();
    for (shell, name) in [
        (Shell::Bash, "mfactl.bash"),
        (Shell::Zsh, "_mfactl"),
        (Shell::Fish, "mfactl.fish"),
        (Shell::Elvish, "mfactl.elv"),
        (Shell::PowerShell, "_mfactl.ps1"),
    ] {
        files.push((format!("completions/{name}"), completion(shell)));
    }
    let mut command = Cli::command();
    command.build();
    man_pages(&command, &[], &[], &mut files)?;
    Ok(files)
}

/// The sections every page has, in order (the tests check them).
pub const MAN_SECTIONS: &[&str] = &[
    "NAME",
    "SYNOPSIS",
    "DESCRIPTION",
    "OPTIONS",
    "JSON OUTPUT",
    "EXIT STATUS",
    "ENVIRONMENT",
    "FILES",
    "EXAMPLES",
    "SEE ALSO",
];

/// The roff preamble clap_mangen writes before every piece; kept once per page.
const PREAMBLE: &str = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";

/// One page per command: `mfactl.1`, `mfactl-user.1`, `mfactl-user-add.1`, …; `path` is
/// the command's words after `mfactl`, `siblings` the names of the commands beside it.
fn man_pages(
    command: &clap::Command,
    path: &[&str],
    siblings: &[&str],
    files: &mut Vec<(String, Vec<u8>)>,
) -> std::io::Result<()> {
    let children: Vec<&str> = visible_subcommands(command)
        .map(clap::Command::get_name)
        .collect();
    files.push((
        format!("man/{}.1", page_name(path)),
        man_page(command, path, siblings, &children)?,
    ));
    for sub in visible_subcommands(command) {
        let mut sub_path = path.to_vec();
        sub_path.push(sub.get_name());
        man_pages(sub, &sub_path, &children, files)?;
    }
    Ok(())
}

fn visible_subcommands(command: &clap::Command) -> impl Iterator<Item = &clap::Command> {
    command
        .get_subcommands()
        .filter(|sub| sub.get_name() != "help" && !sub.is_hide_set())
}

/// `mfactl-user-add` for `["user", "add"]`.
fn page_name(path: &[&str]) -> String {
    std::iter::once("mfactl")
        .chain(path.iter().copied())
        .collect::<Vec<_>>()
        .join("-")
}

/// `mfactl user add` for `["user", "add"]`.
fn display_name(path: &[&str]) -> String {
    std::iter::once("mfactl")
        .chain(path.iter().copied())
        .collect::<Vec<_>>()
        .join(" ")
}

fn man_page(
    command: &clap::Command,
    path: &[&str],
    siblings: &[&str],
    children: &[&str],
) -> std::io::Result<Vec<u8>> {
    let name = page_name(path);
    let page = command
        .clone()
        .name(name.clone())
        .display_name(name.clone())
        .bin_name(display_name(path));
    let man = clap_mangen::Man::new(page);
    let mut out = PREAMBLE.as_bytes().to_vec();
    let mut piece = Vec::new();
    // Written here: clap_mangen's title drops an empty date, shifting the source and
    // manual into the wrong fields of `.TH` (man-db then shows neither).
    out.extend_from_slice(
        format!(
            ".TH {} 1 \"\" \"mfactl {}\" \"mfactl manual\"\n",
            name.to_uppercase(),
            env!("CARGO_PKG_VERSION")
        )
        .as_bytes(),
    );
    // No hyphenation: option names and paths must not be split at a line's end.
    out.extend_from_slice(b".nh\n");
    man.render_name_section(&mut piece)?;
    push_piece(&mut out, &mut piece);
    let mut roff = Roff::new();
    synopsis(&mut roff, command, path);
    push_roff(&mut out, &roff)?;
    for render in [
        clap_mangen::Man::render_description_section,
        clap_mangen::Man::render_options_section,
    ] {
        render(&man, &mut piece)?;
        push_piece(&mut out, &mut piece);
    }

    let mut roff = Roff::new();
    if !children.is_empty() {
        commands_section(&mut roff, command, path);
    }
    let doc = docs::find(&path.join(" "));
    json_section(&mut roff, command, doc);
    common_sections(&mut roff);
    examples_section(&mut roff, command, doc);
    see_also_section(&mut roff, path, siblings, children);
    push_roff(&mut out, &roff)?;
    Ok(out)
}

/// Appends a piece rendered by clap_mangen without its repeated preamble.
fn push_piece(out: &mut Vec<u8>, piece: &mut Vec<u8>) {
    let body = piece
        .strip_prefix(PREAMBLE.as_bytes())
        .unwrap_or(piece.as_slice());
    let body = body.to_vec();
    out.extend_from_slice(&body);
    piece.clear();
}

fn push_roff(out: &mut Vec<u8>, roff: &Roff) -> std::io::Result<()> {
    let mut piece = Vec::new();
    roff.to_writer(&mut piece)?;
    push_piece(out, &mut piece);
    Ok(())
}

/// `mfactl tenant set-auth NAME [--enable] [--primary METHOD] … [GLOBAL OPTIONS]`: the
/// command's own arguments with their placeholders (the global ones are listed once,
/// under GLOBAL OPTIONS); `COMMAND` where it has subcommands.
fn synopsis(roff: &mut Roff, command: &clap::Command, path: &[&str]) {
    roff.control("SH", ["SYNOPSIS"]);
    // Flush left: a justified synopsis spreads the words apart.
    roff.control("ad", ["l"]);
    let own: Vec<&clap::Arg> = command
        .get_arguments()
        .filter(|arg| {
            !arg.is_hide_set()
                && !arg.is_global_set()
                && !matches!(arg.get_id().as_str(), "help" | "version")
        })
        .collect();
    let has_subcommands = visible_subcommands(command).next().is_some();
    let global = || [roman(" ["), italic("GLOBAL OPTIONS"), roman("]")];
    if !own.is_empty() || !has_subcommands {
        let mut line = vec![bold(display_name(path))];
        for arg in own.iter().filter(|arg| arg.is_positional()) {
            line.push(roman(" "));
            line.extend(arg_synopsis(arg));
        }
        for arg in own.iter().filter(|arg| !arg.is_positional()) {
            line.push(roman(" "));
            line.extend(arg_synopsis(arg));
        }
        line.extend(global());
        roff.text(line);
    }
    if has_subcommands {
        if !own.is_empty() {
            roff.control("br", []);
        }
        let mut line = vec![bold(display_name(path))];
        line.extend(global());
        line.extend([
            roman(" "),
            italic("COMMAND"),
            roman(" ["),
            italic("ARGS"),
            roman("]"),
        ]);
        roff.text(line);
    }
    roff.control("ad", []);
}

/// `[--primary METHOD]`, `--reason TEXT`, `EMAIL`, `[-y|--yes]`.
fn arg_synopsis(arg: &clap::Arg) -> Vec<Inline> {
    let placeholder = arg
        .get_value_names()
        .and_then(|names| names.first())
        .map_or_else(|| arg.get_id().as_str().to_uppercase(), ToString::to_string);
    if arg.is_positional() {
        let mut parts = vec![italic(placeholder)];
        if !arg.is_required_set() {
            parts.insert(0, roman("["));
            parts.push(roman("]"));
        }
        return parts;
    }
    let mut parts = Vec::new();
    if let Some(short) = arg.get_short() {
        parts.push(bold(format!("-{short}")));
        parts.push(roman("|"));
    }
    if let Some(long) = arg.get_long() {
        parts.push(bold(format!("--{long}")));
    }
    if arg.get_action().takes_values() {
        parts.push(roman(" "));
        parts.push(italic(placeholder));
    }
    if !arg.is_required_set() {
        parts.insert(0, roman("["));
        parts.push(roman("]"));
    }
    parts
}

/// The subcommands of a noun's page, each under its full name.
fn commands_section(roff: &mut Roff, command: &clap::Command, path: &[&str]) {
    roff.control("SH", ["COMMANDS"]);
    for sub in visible_subcommands(command) {
        let mut sub_path = path.to_vec();
        sub_path.push(sub.get_name());
        roff.control("TP", []);
        roff.text([bold(display_name(&sub_path))]);
        let about = sub
            .get_about()
            .or_else(|| sub.get_long_about())
            .map(|about| format!("{about}. "))
            .unwrap_or_default();
        roff.text([
            roman(format!("{about}See ")),
            bold(page_name(&sub_path)),
            roman("(1)."),
        ]);
    }
}

/// The JSON of `docs`; for a command the table does not know, its own `after_long_help`.
fn json_section(roff: &mut Roff, command: &clap::Command, doc: Option<&docs::CommandDoc>) {
    let lines: Vec<String> = match doc {
        Some(doc) => doc.json.iter().map(ToString::to_string).collect(),
        None => match command.get_after_long_help() {
            Some(text) => text
                .to_string()
                .lines()
                .take_while(|line| !line.starts_with("Examples:"))
                .map(str::to_owned)
                .collect(),
            None => return,
        },
    };
    roff.control("SH", ["JSON OUTPUT"]);
    roff.text([roman(
        "With --json, stdout carries one JSON value; scripts may read these fields (others may be added, none renamed):",
    )]);
    for line in lines.iter().filter(|line| !line.trim().is_empty()) {
        roff.control("PP", []);
        roff.text([roman(line.trim())]);
    }
}

/// EXIT STATUS, ENVIRONMENT and FILES: the same on every page.
fn common_sections(roff: &mut Roff) {
    roff.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in docs::EXIT_STATUS {
        roff.control("TP", []);
        roff.text([bold(code.to_string())]);
        roff.text([roman(*meaning)]);
    }
    roff.control("SH", ["ENVIRONMENT"]);
    for (name, meaning) in docs::ENVIRONMENT {
        roff.control("TP", []);
        roff.text([bold(*name)]);
        roff.text([roman(*meaning)]);
    }
    roff.control("SH", ["FILES"]);
    for (file, meaning) in docs::FILES {
        roff.control("TP", []);
        roff.text([italic(*file)]);
        roff.text([roman(*meaning)]);
    }
}

/// The examples of `docs`; for a command the table does not know, the lines of its own
/// `after_help`.
fn examples_section(roff: &mut Roff, command: &clap::Command, doc: Option<&docs::CommandDoc>) {
    let examples: Vec<(String, String)> = match doc {
        Some(doc) => doc
            .examples
            .iter()
            .map(|(what, line)| ((*what).to_owned(), (*line).to_owned()))
            .collect(),
        None => match command.get_after_help() {
            Some(text) => text
                .to_string()
                .lines()
                .map(str::trim)
                .filter(|line| line.starts_with("mfactl "))
                .map(|line| (String::new(), line.to_owned()))
                .collect(),
            None => return,
        },
    };
    if examples.is_empty() {
        return;
    }
    roff.control("SH", ["EXAMPLES"]);
    for (what, line) in examples {
        if !what.is_empty() {
            roff.control("PP", []);
            roff.text([roman(format!("{what}:"))]);
        }
        roff.control("PP", []);
        roff.control("RS", ["4"]);
        roff.control("nf", []);
        roff.text([bold(line)]);
        roff.control("fi", []);
        roff.control("RE", []);
    }
}

/// The parent page, the pages beside this one and the pages below it.
fn see_also_section(roff: &mut Roff, path: &[&str], siblings: &[&str], children: &[&str]) {
    let mut pages = Vec::new();
    if let Some((_, parent)) = path.split_last() {
        pages.push(page_name(parent));
        for sibling in siblings.iter().filter(|s| Some(*s) != path.last()) {
            let mut sibling_path = parent.to_vec();
            sibling_path.push(sibling);
            pages.push(page_name(&sibling_path));
        }
    }
    for child in children {
        let mut child_path = path.to_vec();
        child_path.push(child);
        pages.push(page_name(&child_path));
    }
    roff.control("SH", ["SEE ALSO"]);
    let mut line = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        if i > 0 {
            line.push(roman(", "));
        }
        line.push(bold(page.clone()));
        line.push(roman("(1)"));
    }
    roff.text(line);
}
