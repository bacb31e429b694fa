//! Generated docs cannot go stale: `completions/` and `man/` must match a fresh render.
//! Regenerate with `MFACTL_BLESS=1 cargo test --test cli docs`.

use clap::CommandFactory;
use mfactl::cli::Cli;

#[test]
fn the_command_tree_is_valid() {
    Cli::command().debug_assert();
}

#[test]
fn command_names_match_the_spec() {
    let command = Cli::command();
    let mut names = Vec::new();
    for noun in command.get_subcommands() {
        let subs: Vec<_> = noun
            .get_subcommands()
            .map(|s| format!("{} {}", noun.get_name(), s.get_name()))
            .collect();
        if subs.is_empty() {
            names.push(noun.get_name().to_owned());
        }
        names.extend(subs);
    }
    for expected in [
        "tenant create",
        "tenant list",
        "tenant show",
        "tenant delete",
        "tenant set-auth",
        "company create",
        "company list",
        "company show",
        "company delete",
        "company enforce-mfa",
        "user add",
        "user list",
        "user show",
        "user set-password",
        "user delete",
        "role create",
        "role list",
        "role show",
        "role delete",
        "role require-2fa",
        "role assign",
        "role unassign",
        "group create",
        "group list",
        "group show",
        "group delete",
        "group add-member",
        "group remove-member",
        "group grant-role",
        "group revoke-role",
        "audit verify",
        "store info",
        "report",
        "completions",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "missing command {expected}: {names:?}"
        );
    }
}

#[test]
fn generated_docs_are_up_to_date() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = mfactl::cli::generate::all_files().unwrap();
    let bless = std::env::var_os(mfactl::env::BLESS).is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    for (path, contents) in &files {
        let full = root.join(path);
        if std::fs::read(&full).ok().as_deref() != Some(contents.as_slice()) {
            if bless {
                std::fs::create_dir_all(full.parent().unwrap()).unwrap();
                std::fs::write(&full, contents).unwrap();
            } else {
                stale.push(path.clone());
            }
        }
    }
    for dir in ["man", "completions"] {
        for entry in std::fs::read_dir(root.join(dir))
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = format!("{dir}/{}", entry.file_name().to_string_lossy());
            if !files.iter().any(|(p, _)| *p == name) {
                if bless {
                    std::fs::remove_file(entry.path()).unwrap();
                } else {
                    stale.push(format!("{name} (no longer generated)"));
                }
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated docs: {stale:?}\nregenerate with: MFACTL_BLESS=1 cargo test --test cli docs"
    );
}

#[test]
fn completions_print_for_every_shell() {
    let env = crate::support::Env::new();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        assert!(
            env.ok(&["completions", shell]).contains("mfactl"),
            "{shell}"
        );
    }
    assert_eq!(env.run(&["completions", "tcsh"]).code, 2);
}

/// The top-level help names every environment variable and the real default store; a
/// command's help lists the global options apart from its own.
#[test]
fn help_names_the_environment_and_the_real_default_store() {
    let env = crate::support::Env::new();
    let out = env.cmd().arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for name in [
        mfactl::env::STORE,
        mfactl::env::KEY_FILE,
        mfactl::env::ACTOR,
        mfactl::env::TENANT,
        mfactl::env::MAIL_TIMEOUT,
        mfactl::env::NO_COLOR,
    ] {
        assert!(help.contains(name), "--help does not name {name}");
    }
    let default = env.path("home/.local/share/mfactl/mfactl.db");
    assert!(
        help.contains(&format!("[default: {}]", default.display())),
        "{help}"
    );
    let out = env.cmd().args(["user", "show", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    let (own, global) = help
        .split_once("Global options:")
        .expect("a Global options heading");
    assert!(own.contains("--tenant"), "{help}");
    assert!(
        !own.contains("--store") && global.contains("--store"),
        "{help}"
    );
}
