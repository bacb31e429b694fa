//! Completions and man pages rendered from the clap tree; committed under
//! `completions/` and `man/`, and checked for staleness by the test suite.

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;

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
    man_pages(&command, "mfactl", "mfactl", &mut files)?;
    Ok(files)
}

/// One page per command: `mfactl.1`, `mfactl-user.1`, `mfactl-user-add.1`, …
fn man_pages(
    command: &clap::Command,
    name: &str,
    display: &str,
    files: &mut Vec<(String, Vec<u8>)>,
) -> std::io::Result<()> {
    let page = command
        .clone()
        .name(name.to_owned())
        .display_name(display.to_owned());
    let mut out = Vec::new();
    clap_mangen::Man::new(page).render(&mut out)?;
    files.push((format!("man/{name}.1"), out));
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        let sub_name = sub.get_name();
        man_pages(
            sub,
            &format!("{name}-{sub_name}"),
            &format!("{display} {sub_name}"),
            files,
        )?;
    }
    Ok(())
}
