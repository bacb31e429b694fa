//! Generated docs cannot go stale: `completions/` and `man/` must match a fresh render.
//! Regenerate with `MFACTL_BLESS=1 cargo test --test cli docs`.

use clap::CommandFactory;
use mfactl::cli::Cli;

use crate::support::Env;

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

/// Every command path of the tree (`[]` is `mfactl` itself), parents before children.
fn command_paths() -> Vec<Vec<String>> {
    fn walk(command: &clap::Command, path: &[String], out: &mut Vec<Vec<String>>) {
        out.push(path.to_vec());
        for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
            let mut sub_path = path.to_vec();
            sub_path.push(sub.get_name().to_owned());
            walk(sub, &sub_path, out);
        }
    }
    let mut out = Vec::new();
    walk(&mfactl::cli::command(), &[], &mut out);
    out
}

/// A small shell-words split: the simple commands of `line` (split at `|`, `||`, `&&`
/// and `;`), each as its words, with quotes removed and redirections dropped.
fn shell_commands(line: &str) -> Vec<Vec<String>> {
    let mut commands = vec![Vec::new()];
    let mut word: Option<String> = None;
    let mut skip_next = false;
    let mut chars = line.chars().peekable();
    let finish = |word: &mut Option<String>, commands: &mut Vec<Vec<String>>, skip: &mut bool| {
        if let Some(w) = word.take() {
            if std::mem::take(skip) {
                return;
            }
            commands.last_mut().unwrap().push(w);
        }
    };
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => finish(&mut word, &mut commands, &mut skip_next),
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                for c in chars.by_ref() {
                    if c == '\'' {
                        break;
                    }
                    w.push(c);
                }
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => w.extend(chars.next()),
                        c => w.push(c),
                    }
                }
            }
            // A line's last backslash continues it: the next line is another's.
            '\\' => word.get_or_insert_with(String::new).extend(chars.next()),
            '|' | '&' | ';' | '(' | ')' => {
                finish(&mut word, &mut commands, &mut skip_next);
                if chars.peek() == Some(&c) {
                    chars.next();
                }
                commands.push(Vec::new());
            }
            '>' | '<' => {
                // `2>` redirects a descriptor: the 2 is no word.
                if word
                    .as_deref()
                    .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()))
                {
                    word = None;
                }
                finish(&mut word, &mut commands, &mut skip_next);
                while matches!(chars.peek(), Some('>' | '&')) {
                    chars.next();
                }
                skip_next = true;
            }
            // A comment: the rest of the line.
            '#' if word.is_none() => break,
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    finish(&mut word, &mut commands, &mut skip_next);
    commands.retain(|c| !c.is_empty());
    commands
}

#[test]
fn the_shell_words_split_of_the_examples_test_works() {
    assert_eq!(
        shell_commands(
            r#"A=1 mfactl x --r "a b" 'c|d' | jq -r '.[] | .e' > out && mfactl y >&2 # z a#b"#
        ),
        vec![
            vec!["A=1", "mfactl", "x", "--r", "a b", "c|d"],
            vec!["jq", "-r", ".[] | .e"],
            vec!["mfactl", "y"],
        ]
    );
    assert_eq!(
        shell_commands(r"x=$(mfactl z --json 2>/dev/null) || [ $? -eq 4 ]"),
        vec![
            vec!["x=$"],
            vec!["mfactl", "z", "--json"],
            vec!["[", "$?", "-eq", "4", "]"]
        ]
    );
}

/// The `mfactl …` commands of an example line, without any `VAR=value` before them.
fn mfactl_invocations(line: &str) -> Vec<Vec<String>> {
    shell_commands(line)
        .into_iter()
        .filter_map(|words| {
            let start = words.iter().position(|w| !w.contains('='))?;
            (words[start] == "mfactl").then(|| words[start..].to_vec())
        })
        .collect()
}

/// `--help` and `-h` of every command end with an "Examples:" block of two or three
/// commands, and every one of them parses: an example cannot name a flag that is gone.
#[test]
fn every_command_help_ends_with_examples_that_parse() {
    let env = crate::support::Env::new();
    for path in command_paths() {
        for flag in ["--help", "-h"] {
            let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
            args.push(flag);
            let out = env.ok(&args);
            let shown = format!("mfactl {}", args.join(" "));
            let (_, examples) = out
                .rsplit_once("\nExamples:\n")
                .unwrap_or_else(|| panic!("{shown} has no Examples: block:\n{out}"));
            let mut commands = 0;
            let mut runs_itself = false;
            for line in examples.lines().filter(|l| !l.trim().is_empty()) {
                assert!(
                    line.starts_with("  "),
                    "{shown}: the help does not end with its examples; after them: {line:?}"
                );
                // Wider, it would wrap on an 80-column terminal and not paste.
                assert!(
                    line.chars().count() <= 80,
                    "{shown}: example line over 80 columns: {line:?}"
                );
                let line = line.trim();
                if line.starts_with('#') {
                    continue;
                }
                commands += 1;
                let invocations = mfactl_invocations(line);
                assert!(!invocations.is_empty(), "{shown}: no mfactl in {line:?}");
                for words in invocations {
                    let matches = mfactl::cli::command()
                        .try_get_matches_from(&words)
                        .unwrap_or_else(|e| {
                            panic!("{shown}: example {line:?} does not parse:\n{e}")
                        });
                    let mut ran = Vec::new();
                    let mut at = &matches;
                    while let Some((name, sub)) = at.subcommand() {
                        ran.push(name.to_owned());
                        at = sub;
                    }
                    runs_itself |= ran == path;
                }
            }
            assert!(
                (2..=3).contains(&commands),
                "{shown}: {commands} examples, not two or three:\n{examples}"
            );
            let leaf = mfactl::cli::command()
                .get_subcommands()
                .find(|c| Some(c.get_name()) == path.first().map(String::as_str))
                .is_some_and(|noun| path.len() == 2 || noun.get_subcommands().next().is_none());
            assert!(
                runs_itself || !leaf,
                "{shown}: no example runs `mfactl {}`:\n{examples}",
                path.join(" ")
            );
        }
    }
}

/// The examples and JSON fields live in one table: each of its entries names a command
/// that exists, and every command has an entry (a command added since, like one of
/// another branch, passes only with examples of its own in its help).
#[test]
fn the_docs_table_matches_the_command_tree() {
    let paths: Vec<String> = command_paths().iter().map(|p| p.join(" ")).collect();
    for doc in mfactl::cli::docs::COMMANDS {
        assert!(
            paths.contains(&doc.path.to_owned()),
            "docs table entry {:?} names no command",
            doc.path
        );
        assert!(!doc.json.is_empty(), "{:?} documents no JSON", doc.path);
    }
    let documented: Vec<&str> = mfactl::cli::docs::COMMANDS.iter().map(|d| d.path).collect();
    let plain = mfactl::cli::Cli::command();
    for path in &paths {
        if documented.contains(&path.as_str()) {
            continue;
        }
        let mut command = &plain;
        for word in path.split(' ') {
            command = command.find_subcommand(word).unwrap();
        }
        let own = command
            .get_after_help()
            .map(ToString::to_string)
            .unwrap_or_default();
        assert!(
            own.contains("Examples:") && command.get_after_long_help().is_some(),
            "`mfactl {path}` has no entry in src/cli/docs.rs (and no examples and JSON of its own)"
        );
    }
}

/// Every variable of `src/env.rs` is in ENVIRONMENT, with HOME and XDG_DATA_HOME.
#[test]
fn the_environment_section_names_every_variable() {
    let source = include_str!("../../src/env.rs");
    let names: Vec<&str> = mfactl::cli::docs::ENVIRONMENT
        .iter()
        .flat_map(|(names, _)| names.split(", "))
        .collect();
    let mut read = vec!["HOME", "XDG_DATA_HOME", "COLORFGBG"];
    for line in source.lines() {
        if let Some((_, value)) = line
            .trim()
            .strip_prefix("pub const ")
            .and_then(|rest| rest.split_once(": &str = \""))
        {
            read.push(value.trim_end_matches("\";"));
        }
    }
    assert!(read.len() > 5, "{read:?}");
    for name in read {
        assert!(names.contains(&name), "ENVIRONMENT does not name {name}");
    }
}

/// The sections of a page, in order: `.SH NAME` or `.SH "SEE ALSO"`.
fn sections(page: &str) -> Vec<String> {
    page.lines()
        .filter_map(|l| l.strip_prefix(".SH "))
        .map(|s| s.trim_matches('"').to_owned())
        .collect()
}

/// `man -l` shows every page cleanly: each has every section in order, groff finds
/// nothing to warn about, SEE ALSO names only pages that exist, and the synopsis shows
/// what each option takes.
#[test]
fn man_pages_have_every_section_and_render_without_warnings() {
    crate::support::require_tool("groff", "groff-base");
    crate::support::require_tool("man", "man-db");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    let mut pages: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pages.sort();
    assert!(pages.len() > 40, "{pages:?}");
    for path in &pages {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let page = std::fs::read_to_string(path).unwrap();
        let found = sections(&page);
        let wanted = mfactl::cli::generate::MAN_SECTIONS;
        let in_order: Vec<&String> = found
            .iter()
            .filter(|s| wanted.contains(&s.as_str()))
            .collect();
        assert_eq!(in_order, wanted, "{name}: sections {found:?}");

        let groff = std::process::Command::new("groff")
            .args(["-ww", "-z", "-man"])
            .arg(path)
            .output()
            .unwrap();
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&groff.stdout),
            String::from_utf8_lossy(&groff.stderr)
        );
        assert!(
            groff.status.success() && said.is_empty(),
            "groff on {name}:\n{said}"
        );
        let man = std::process::Command::new("man")
            .args(["--warnings", "-l", "-P", "cat"])
            .arg(path)
            .env("MANWIDTH", "80")
            .output()
            .unwrap();
        let warnings = String::from_utf8_lossy(&man.stderr);
        assert!(
            man.status.success() && warnings.is_empty(),
            "man -l {name}:\n{warnings}"
        );

        let see_also = page
            .split_once(".SH \"SEE ALSO\"\n")
            .unwrap()
            .1
            .lines()
            .next()
            .unwrap();
        let refs: Vec<String> = see_also
            .split("\\fB")
            .skip(1)
            .map(|r| r.split("\\fR").next().unwrap().replace("\\-", "-"))
            .collect();
        assert!(!refs.is_empty(), "{name}: SEE ALSO is empty");
        for reference in refs {
            assert!(
                root.join(format!("{reference}.1")).is_file(),
                "{name}: SEE ALSO names {reference}(1), which does not exist"
            );
        }
    }
    let set_auth = std::fs::read_to_string(root.join("mfactl-tenant-set-auth.1")).unwrap();
    let synopsis = set_auth.split_once(".SH SYNOPSIS\n").unwrap().1;
    for shown in [
        r"\fINAME\fR",
        r"[\fB\-\-grace\-period\fR \fIDURATION\fR]",
        r"[\fB\-\-primary\fR \fIMETHOD\fR]",
        r"[\fB\-\-enable\fR]",
    ] {
        assert!(
            synopsis.contains(shown),
            "synopsis lacks {shown}:\n{synopsis}"
        );
    }
    let reset = std::fs::read_to_string(root.join("mfactl-user-reset-mfa.1")).unwrap();
    assert!(
        reset.contains(r"\fB\-\-reason\fR \fITEXT\fR [\fB\-\-verify\-email\fR]"),
        "{reset}"
    );
}

/// The man page's EXAMPLES and JSON OUTPUT are the ones `--help` shows: one table.
#[test]
fn man_pages_show_the_examples_and_json_of_the_help() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    let roff = |text: &str| {
        text.replace('\\', r"\\")
            .replace('-', r"\-")
            .replace('\'', r"\*(Aq")
    };
    for doc in mfactl::cli::docs::COMMANDS {
        let name = std::iter::once("mfactl")
            .chain(doc.path.split_whitespace())
            .collect::<Vec<_>>()
            .join("-");
        let page = std::fs::read_to_string(root.join(format!("{name}.1"))).unwrap();
        let (_, examples) = page.split_once(".SH EXAMPLES\n").unwrap();
        for (what, line) in doc.examples {
            assert!(examples.contains(&roff(what)), "{name}: {what}");
            assert!(examples.contains(&roff(line)), "{name}: {line}");
        }
        let (_, json) = page.split_once(".SH \"JSON OUTPUT\"\n").unwrap();
        for line in doc.json {
            assert!(json.contains(&roff(line)), "{name}: {line}");
        }
    }
}

/// Every key of a JSON value, nested ones included (not inside the free-form
/// `details` of audit entries).
fn json_keys(value: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map {
                out.insert(key.clone());
                if key != "details" {
                    json_keys(inner, out);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|item| json_keys(item, out)),
        _ => {}
    }
}

/// What the table says `path` prints, with the pages it refers to (`as \`tenant show\``).
fn documented_json(path: &str) -> String {
    let doc = mfactl::cli::docs::find(path).unwrap_or_else(|| panic!("no docs for {path}"));
    let mut text = doc.json.join("\n");
    for other in mfactl::cli::docs::COMMANDS {
        if !other.path.is_empty() && text.contains(&format!("`{}`", other.path)) {
            text.push('\n');
            text.push_str(&other.json.join("\n"));
        }
    }
    text
}

/// The commands of the JSON-fields test that need no clock, in the order they run.
const BEFORE_SIGN_IN: &[(&str, &[&str])] = &[
    ("tenant create", &["tenant", "create", "globex"]),
    ("tenant list", &["tenant", "list"]),
    ("tenant show", &["tenant", "show", "acme"]),
    (
        "tenant set-auth",
        &["tenant", "set-auth", "acme", "--grace-period", "1d"],
    ),
    (
        "tenant set-auth",
        &["tenant", "set-auth", "acme", "--enable", "--dry-run"],
    ),
    ("tenant delete", &["tenant", "delete", "globex", "--yes"]),
    (
        "company create",
        &["company", "create", "hr", "--tenant", "acme"],
    ),
    ("company list", &["company", "list"]),
    ("company show", &["company", "show", "sales"]),
    (
        "company enforce-mfa",
        &["company", "enforce-mfa", "sales", "--dry-run"],
    ),
    ("company enforce-mfa", &["company", "enforce-mfa", "hr"]),
    ("company delete", &["company", "delete", "hr", "--yes"]),
    (
        "user add",
        &["user", "add", "bob@example.com", "--generate-password"],
    ),
    ("user add", &["user", "add", "carol@example.com", "--sso"]),
    (
        "user set-password",
        &[
            "user",
            "set-password",
            "bob@example.com",
            "--password-stdin",
        ],
    ),
    ("role create", &["role", "create", "admin"]),
    (
        "role assign",
        &["role", "assign", "admin", "alice@example.com"],
    ),
    (
        "role require-2fa",
        &["role", "require-2fa", "admin", "--dry-run"],
    ),
    ("group create", &["group", "create", "ops"]),
    (
        "group add-member",
        &["group", "add-member", "ops", "bob@example.com"],
    ),
    ("group grant-role", &["group", "grant-role", "ops", "admin"]),
    ("role require-2fa", &["role", "require-2fa", "admin"]),
    ("role list", &["role", "list"]),
    ("role show", &["role", "show", "admin"]),
    ("group list", &["group", "list"]),
    ("group show", &["group", "show", "ops"]),
    ("user list", &["user", "list"]),
    ("user show", &["user", "show", "alice@example.com"]),
    ("user unlock", &["user", "unlock", "alice@example.com"]),
    ("mail show", &["mail", "show"]),
    ("mail test", &["mail", "test", "alice@example.com"]),
    ("store info", &["store", "info"]),
    ("completions", &["completions", "bash"]),
];

/// The commands of the JSON-fields test once alice signed in and remembered a device,
/// with their exit codes.
const AFTER_SIGN_IN: &[(&str, &[&str], i32)] = &[
    ("user devices", &["user", "devices", "alice@example.com"], 0),
    (
        "user devices",
        &["user", "devices", "alice@example.com", "--revoke-all"],
        0,
    ),
    (
        "user recovery-codes",
        &["user", "recovery-codes", "alice@example.com"],
        0,
    ),
    (
        "user recovery-codes",
        &[
            "user",
            "recovery-codes",
            "alice@example.com",
            "--regenerate",
        ],
        0,
    ),
    (
        "user reset-mfa",
        &[
            "user",
            "reset-mfa",
            "alice@example.com",
            "--reason",
            "t",
            "--verify-email",
            "--yes",
        ],
        4,
    ),
    (
        "user reset-mfa",
        &[
            "user",
            "reset-mfa",
            "alice@example.com",
            "--reason",
            "t",
            "--yes",
        ],
        0,
    ),
];

/// The commands of the JSON-fields test that take back what was granted, last.
const TAKING_BACK: &[(&str, &[&str])] = &[
    (
        "role unassign",
        &["role", "unassign", "admin", "alice@example.com", "--yes"],
    ),
    (
        "group revoke-role",
        &["group", "revoke-role", "ops", "admin", "--yes"],
    ),
    (
        "group remove-member",
        &["group", "remove-member", "ops", "bob@example.com", "--yes"],
    ),
    ("group delete", &["group", "delete", "ops", "--yes"]),
    ("role delete", &["role", "delete", "admin", "--yes"]),
    (
        "user delete",
        &["user", "delete", "carol@example.com", "--yes"],
    ),
    ("audit", &["audit"]),
    ("audit verify", &["audit", "verify"]),
    ("store check", &["store", "check"]),
    ("store backup", &["store", "backup", "backup.db"]),
    ("store rekey", &["store", "rekey", "--yes"]),
];

/// Every field a command prints with --json is in its JSON OUTPUT: run them all on a
/// real store and compare.
#[test]
fn the_json_output_sections_name_every_field_printed() {
    use crate::support::{PASSWORD, T0, expect, login, oathtool};
    let env = Env::with_acme();
    let mut seen: Vec<(String, serde_json::Value)> = Vec::new();
    let mut record = |path: &str, run: &crate::support::Run, code: i32| {
        expect(run, code);
        let value = serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("{path}: stdout is not JSON ({e}): {}", run.stdout));
        seen.push((path.to_owned(), value));
    };
    let json = |args: &[&str]| {
        let mut all = args.to_vec();
        all.push("--json");
        env.run_with(&all, PASSWORD)
    };
    for (path, args) in BEFORE_SIGN_IN {
        record(path, &json(args), 0);
    }
    let (secret, _) = env.enrol("alice@example.com", T0);
    let at = T0 + 60;
    let remembered = login(
        &env,
        at,
        "alice@example.com",
        &["--code", &oathtool(&secret, at), "--remember"],
    );
    record("login", &remembered, 0);
    record("login", &login(&env, at, "bob@example.com", &[]), 4);
    for (path, args, code) in AFTER_SIGN_IN {
        record(path, &json(args), *code);
    }
    let pending = env.at(
        T0 + 120,
        &["user", "activate-2fa", "bob@example.com", "--json"],
        0,
    );
    record("user activate-2fa", &pending, 0);
    let secret = pending.json()["secret"].as_str().unwrap().to_owned();
    let code = oathtool(&secret, T0 + 120);
    let args = [
        "user",
        "activate-2fa",
        "bob@example.com",
        "--code",
        &code,
        "--json",
    ];
    record("user activate-2fa", &env.run_at(T0 + 120, &args, ""), 0);
    env.ok(&["role", "require-2fa", "admin", "--off", "--yes"]);
    let code = oathtool(&secret, T0 + 180);
    let args = [
        "user",
        "deactivate-2fa",
        "bob@example.com",
        "--code",
        &code,
        "--json",
    ];
    record("user deactivate-2fa", &env.run_at(T0 + 180, &args, ""), 0);
    for (path, args) in TAKING_BACK {
        record(path, &json(args), 0);
    }
    env.ok(&["group", "create", "day"]);
    std::fs::write(
        env.path("policy.toml"),
        "version = 1\n[tenants.acme.companies.sales]\nenforce_mfa = true\n\
         [tenants.acme.roles.admin]\nrequire_2fa = true\nmembers = [\"alice@example.com\"]\n\
         [tenants.acme.groups.night]\nroles = [\"admin\"]\n",
    )
    .unwrap();
    for (path, args) in [
        ("policy export", &["policy", "export"][..]),
        (
            "policy export",
            &["policy", "export", "--out", "exported.toml"],
        ),
        ("policy plan", &["policy", "plan", "policy.toml", "--prune"]),
        (
            "policy apply",
            &["policy", "apply", "policy.toml", "--prune", "--yes"],
        ),
    ] {
        record(path, &json(args), 0);
    }
    let mut missing = Vec::new();
    for (path, value) in &seen {
        let documented = documented_json(path);
        let mut keys = std::collections::BTreeSet::new();
        json_keys(value, &mut keys);
        for key in keys {
            if !documented.contains(&format!("\"{key}\"")) {
                missing.push(format!("{path}: \"{key}\""));
            }
        }
    }
    missing.dedup();
    assert!(
        missing.is_empty(),
        "printed with --json but not in JSON OUTPUT (src/cli/docs.rs):\n{}",
        missing.join("\n")
    );
}

/// The files of the examples' store, made by the set-up of `every_example_runs_as_printed`.
const EXAMPLE_FILES: [&str; 7] = [
    "store.db",
    "store.db.key",
    "staff.csv",
    "ca.pem",
    "policy.toml",
    "users.csv",
    "export.txt",
];

/// Issue 22, item 13: every example of `-h`, `--help` and the man pages runs as printed
/// in a store that has the names the examples use: no usage error, no "several
/// tenants", no name that is not there, and no stop for input (exit 4) that the
/// example does not announce (a `--yes` it lacks). What depends on the world outside
/// (a server named in it, a file or folder of someone's machine, a code from an app)
/// may fail otherwise; that is the example's point, not a mistake of it.
#[test]
fn every_example_runs_as_printed() {
    use crate::support::{T0, require_tool};
    let base = crate::support::Env::new();
    if base.sqlite_only("the examples are run once; they do not depend on the store") {
        return;
    }
    require_tool("jq", "jq");
    require_tool("openssl", "openssl");
    let setup = r#"
mfactl tenant create acme -q
mfactl tenant create globex -q
mfactl company create sales --tenant acme -q
for u in alice bob; do
  printf '%s\n' "$PW" | mfactl user add "$u@example.com" --tenant acme --company sales --password-stdin -q
done
mfactl role create admin --tenant acme -q
mfactl role create support --tenant acme -q
mfactl role require-2fa admin --tenant acme -q
mfactl group create ops --tenant acme -q
mfactl group create helpdesk --tenant acme -q
for u in alice bob; do
  mfactl role assign admin "$u@example.com" --tenant acme -q
  mfactl group add-member ops "$u@example.com" --tenant acme -q
done
mfactl group grant-role ops admin --tenant acme -q
mfactl group grant-role ops support --tenant acme -q
printf 'email,company\ndan@example.com,sales\n' > staff.csv
printf 'tenant,email,company,totp_secret\nglobex,erin@example.com,eng,GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\n' > users.csv
printf 'otpauth://totp/Acme:bob%%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Acme\n' > export.txt
mfactl policy export --out policy.toml
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key \
  -out ca.pem -subj /CN=example-ca -days 1 2>/dev/null
"#;
    let prepared = base
        .shell(setup, &[])
        .env("PW", "correct horse battery")
        .output()
        .unwrap();
    assert!(
        prepared.status.success(),
        "{}",
        String::from_utf8_lossy(&prepared.stderr)
    );
    base.enrol("alice@example.com", T0);
    let placeholders = ["123456", "654321", "3f9a2c1d"];
    let mut failures = Vec::new();
    for doc in mfactl::cli::docs::COMMANDS {
        for (what, line) in doc.examples {
            let env = crate::support::Env::new();
            // A home that exists, as a person's does.
            std::fs::create_dir_all(env.path("home")).unwrap();
            for file in EXAMPLE_FILES {
                std::fs::copy(base.path(file), env.path(file)).unwrap();
            }
            // Standard input as a person would give it: a password, then nothing.
            // Each mfactl of the line reports its own exit code (a pipe's status is its
            // last command's).
            let script = format!(
                "mfactl() {{ local rc=0; command mfactl \"$@\" || rc=$?; echo \"mfactl exit $rc\" >&2; return $rc; }}\n{line}"
            );
            let mut child = env
                .shell(&script, &[])
                .env("PW", "correct horse battery")
                .env("PASSWORD", "correct horse battery")
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            if let Some(mut stdin) = child.stdin.take() {
                let _ = std::io::Write::write_all(&mut stdin, b"correct horse battery\n");
            }
            let out = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            let codes: Vec<i32> = stderr
                .lines()
                .filter_map(|l| l.strip_prefix("mfactl exit "))
                .filter_map(|c| c.trim().parse().ok())
                .collect();
            assert!(!codes.is_empty(), "`{line}` ran no mfactl:\n{stderr}");
            let asks = ["ask", "exit 4", "terminal", "prompt"]
                .iter()
                .any(|word| what.to_lowercase().contains(word));
            let placeholder = placeholders.iter().any(|p| line.contains(p));
            for code in codes {
                let wrong = match code {
                    2 => Some("a usage error"),
                    4 if !asks => Some("a stop for input it does not announce"),
                    7 if !placeholder => Some("a name that is not in the store"),
                    _ if stderr.contains("several tenants") => Some("an ambiguous name"),
                    _ => None,
                };
                if let Some(wrong) = wrong {
                    failures.push(format!(
                        "`{line}` ({what}): {wrong}, exit {code}:\n{stderr}"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Issue 22, item 22: every mfactl command in a `sh` block of the README and of `docs/`
/// parses with the real command tree (the blocks a test runs whole are run as well):
/// a page cannot name a flag or a command that is gone.
#[test]
fn every_command_in_the_readme_and_docs_parses() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for (page, text) in crate::support::doc_pages() {
        for block in text.split("```sh\n").skip(1) {
            let block = block.split("```").next().unwrap_or_default();
            let mut heredoc: Option<String> = None;
            let mut joined = String::new();
            for line in block.lines() {
                if let Some(end) = &heredoc {
                    if line.trim() == end {
                        heredoc = None;
                    }
                    continue;
                }
                if let Some((_, rest)) = line.split_once("<<'") {
                    heredoc = rest.split('\'').next().map(str::to_owned);
                }
                if let Some(head) = line.strip_suffix('\\') {
                    joined.push_str(head);
                    continue;
                }
                joined.push_str(line);
                let line = std::mem::take(&mut joined);
                for words in mfactl_invocations(line.trim()) {
                    checked += 1;
                    if let Err(e) = mfactl::cli::command().try_get_matches_from(&words) {
                        failures.push(format!("{page}: {line:?}:\n{e}"));
                    }
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} commands found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A command as parsing sees it: without the about texts and display order, which only
/// the help reads.
fn as_parsed(command: &clap::Command) -> String {
    format!(
        "{:?}",
        command
            .clone()
            .about(None)
            .long_about(None)
            .display_order(0)
    )
}

/// Fails naming where the two texts of `what` first differ.
fn assert_same(what: &str, mine: &str, full: &str) {
    if let Some(at) = mine.bytes().zip(full.bytes()).position(|(a, b)| a != b) {
        let around = |s: &str| s[at.saturating_sub(200)..(at + 100).min(s.len())].to_owned();
        panic!("{what} differs:\n{}\n{}", around(mine), around(full));
    }
    assert_eq!(mine.len(), full.len(), "{what}");
}

/// Issue 22, start-up: the tree built for a command and one of its verbs (`user show`)
/// holds that verb alone, as the whole bare tree has it, under a command with the
/// whole tree's settings.
#[test]
fn the_tree_of_one_verb_is_the_whole_trees_verb() {
    let whole = mfactl::cli::bare_command();
    let mut verbs = 0;
    for full in whole.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = full.get_name();
        for verb in full.get_subcommands() {
            let narrowed = mfactl::cli::bare_command_for(name, Some(verb.get_name()))
                .unwrap_or_else(|| panic!("no tree for {name}"));
            let one = narrowed.find_subcommand(name).expect("the command");
            let kept: Vec<_> = one.get_subcommands().map(clap::Command::get_name).collect();
            assert_eq!(kept, [verb.get_name()], "{name}");
            let what = format!("{name} {}", verb.get_name());
            let mine = one.find_subcommand(verb.get_name()).expect("the verb");
            assert_same(&what, &as_parsed(mine), &as_parsed(verb));
            // Everything of the command but its verbs: its arguments and every setting.
            let without_verbs = |c: &clap::Command| {
                let mut text = as_parsed(c);
                for verb in c.get_subcommands() {
                    text = text.replace(&format!("{verb:?}"), "");
                }
                while text.contains("[, ") {
                    text = text.replace("[, ", "[");
                }
                // The counter of the help's display order moves with each verb added.
                if let Some(at) = text.find("current_disp_ord: ") {
                    let end = text[at..].find(", ").map_or(text.len(), |end| at + end);
                    text.replace_range(at..end, "");
                }
                text
            };
            assert_same(&what, &without_verbs(one), &without_verbs(full));
            verbs += 1;
        }
    }
    assert!(verbs > 50, "only {verbs} verbs");
}

/// Issue 22, start-up: the tree built for one top-level command is that command's part
/// of the whole bare tree (the same arguments and settings; only the help's about texts,
/// which parsing never reads, are left out), and every example line of the help and
/// the docs parses to the same matches with it as with the whole tree.
#[test]
fn the_tree_of_one_command_parses_as_the_whole_tree() {
    let whole = mfactl::cli::bare_command();
    let mut names = 0;
    for full in whole.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = full.get_name();
        let pruned = mfactl::cli::bare_command_for(name, None)
            .unwrap_or_else(|| panic!("no tree for {name}"));
        let mine = pruned.find_subcommand(name).expect("the command");
        assert_same(name, &as_parsed(mine), &as_parsed(full));
        // A word that is no verb of it keeps them all, for clap to name the right ones.
        let unknown = mfactl::cli::bare_command_for(name, Some("nope")).expect("the tree");
        let unknown = unknown.find_subcommand(name).expect("the command");
        assert_same(name, &as_parsed(unknown), &as_parsed(full));
        let args = |c: &clap::Command| format!("{:?}", c.get_arguments().collect::<Vec<_>>());
        assert_eq!(args(&pruned), args(&whole), "{name}: the global options");
        assert_eq!(pruned.get_version(), whole.get_version());
        assert_eq!(
            (
                pruned.is_subcommand_required_set(),
                pruned.is_arg_required_else_help_set()
            ),
            (
                whole.is_subcommand_required_set(),
                whole.is_arg_required_else_help_set()
            )
        );
        names += 1;
    }
    assert_eq!(names, 12);
    assert!(mfactl::cli::bare_command_for("nope", None).is_none());
    let mut lines: Vec<String> = mfactl::cli::docs::COMMANDS
        .iter()
        .flat_map(|doc| doc.examples.iter().map(|(_, line)| (*line).to_owned()))
        .collect();
    for (_, text) in crate::support::doc_pages() {
        for block in text.split("```sh\n").skip(1) {
            lines.extend(
                block
                    .split("```")
                    .next()
                    .unwrap_or_default()
                    .lines()
                    .map(str::to_owned),
            );
        }
    }
    let mut compared = 0;
    for line in &lines {
        for words in mfactl_invocations(line.trim()) {
            let mut plain = words.iter().skip(1).filter(|w| !w.starts_with('-'));
            let Some(name) = plain.next() else {
                continue;
            };
            let verb = plain.next().map(String::as_str);
            let Some(mut pruned) = mfactl::cli::bare_command_for(name, verb) else {
                continue;
            };
            // The same matches, but for the lists of the other commands and verbs.
            let shown = |m: clap::ArgMatches| {
                let mut text = format!("{m:?}");
                while let Some(start) = text.find("valid_subcommands: [") {
                    let end = text[start..]
                        .find(']')
                        .map_or(text.len(), |at| start + at + 1);
                    text.replace_range(start..end, "");
                }
                text
            };
            let ours = pruned.try_get_matches_from_mut(&words).map(shown);
            let theirs = mfactl::cli::bare_command()
                .try_get_matches_from(&words)
                .map(shown);
            match (ours, theirs) {
                (Ok(ours), Ok(theirs)) => assert_eq!(ours, theirs, "{line}"),
                (Err(_), _) => {} // the whole tree is asked then, as mfactl does
                (Ok(_), Err(e)) => {
                    panic!("{line}: the one command's tree accepts what the whole refuses: {e}")
                }
            }
            compared += 1;
        }
    }
    assert!(compared > 100, "only {compared} command lines compared");
}
