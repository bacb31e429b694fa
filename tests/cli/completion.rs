//! Shell completion through real shells, registered exactly as the README (and docs/completion.md) says: bash
//! calls the completion function with `COMP_WORDS` set, fish answers `complete -C`. The
//! dynamic completion offers the store's names; the static scripts work without one.

use std::path::Path;

use crate::support::{Env, doc_block, require_tool, sqlite};

/// Runs a README block in the test's fresh HOME (the binary on PATH), asserting success.
fn install(env: &Env, marker: &str) {
    let out = env.shell(&doc_block(marker), &[]).output().unwrap();
    assert!(
        out.status.success(),
        "the README block {marker} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A store with two tenants: acme (company sales, role admin, group ops, alice and
/// alan) and beta (albert).
fn two_tenants() -> Env {
    let env = Env::with_acme();
    env.ok(&[
        "user",
        "add",
        "alan@example.com",
        "--tenant",
        "acme",
        "--sso",
    ]);
    env.ok(&["role", "create", "admin", "--tenant", "acme"]);
    env.ok(&["group", "create", "ops", "--tenant", "acme"]);
    env.ok(&["tenant", "create", "beta"]);
    env.ok(&["company", "create", "support", "--tenant", "beta"]);
    env.ok(&[
        "user",
        "add",
        "albert@example.com",
        "--tenant",
        "beta",
        "--sso",
    ]);
    env
}

/// What a shell offered, and what it printed on stderr.
struct Offered {
    words: Vec<String>,
    stderr: String,
}

impl Offered {
    fn has(&self, word: &str) -> bool {
        self.words.iter().any(|w| w == word)
    }
}

/// bash's completion of `line` (words split on spaces; a trailing space starts an empty
/// word), as registered in `rc` (a file the README's lines wrote into HOME): the
/// function `complete -p mfactl` names is called as bash calls it, with `COMP_WORDS`
/// and `COMP_CWORD`, and `COMPREPLY` is printed. `vars` are set for the run.
fn bash(env: &Env, rc: &str, line: &str, vars: &[(&str, &str)]) -> Offered {
    require_tool("bash", "bash");
    let words: Vec<&str> = line.split(' ').collect();
    let script = format!(
        r#"set +eu +o pipefail
source "$HOME/{rc}"
spec=$(complete -p mfactl) || exit 90
fn=${{spec##* -F }}; fn=${{fn%% *}}
COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMP_LINE="$*"; COMP_POINT=${{#COMP_LINE}}; COMP_TYPE=9
"$fn" mfactl "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
printf '%s\n' "${{COMPREPLY[@]}}"
"#
    );
    let mut cmd = env.shell(&script, &words);
    for (key, value) in vars {
        cmd.env(key, value);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "bash completion of {line:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Offered {
        words: String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The dynamic bash completion, registered with the README's line.
fn dynamic(env: &Env, line: &str) -> Offered {
    bash(env, ".bashrc", line, &[])
}

#[test]
fn bash_completes_subcommands_before_flags() {
    let env = two_tenants();
    install(&env, "<!-- completion-dynamic -->");
    let top = dynamic(&env, "mfactl ");
    for noun in [
        "tenant", "company", "user", "role", "group", "login", "audit",
    ] {
        assert!(top.has(noun), "{noun}: {:?}", top.words);
    }
    let first_flag = top.words.iter().position(|w| w.starts_with('-')).unwrap();
    let last_subcommand = top.words.iter().rposition(|w| !w.starts_with('-')).unwrap();
    assert!(last_subcommand < first_flag, "{:?}", top.words);

    let user = dynamic(&env, "mfactl user ");
    for verb in ["add", "list", "show", "reset-mfa", "activate-2fa", "delete"] {
        assert!(user.has(verb), "{verb}: {:?}", user.words);
    }
    assert!(!user.has("tenant"), "{:?}", user.words);

    let flags = dynamic(&env, "mfactl user list --");
    for flag in [
        "--tenant",
        "--mfa",
        "--company",
        "--role",
        "--json",
        "--store",
    ] {
        assert!(flags.has(flag), "{flag}: {:?}", flags.words);
    }
    assert!(!flags.has("--reason"), "{:?}", flags.words);
    assert_eq!(top.stderr, "");
}

#[test]
fn bash_completes_names_from_the_store() {
    let env = two_tenants();
    install(&env, "<!-- completion-dynamic -->");
    // Every tenant's emails without --tenant, in order; only those starting as typed.
    let emails = dynamic(&env, "mfactl user show al");
    assert_eq!(
        emails.words,
        [
            "alan@example.com",
            "albert@example.com",
            "alice@example.com"
        ]
    );
    assert_eq!(
        dynamic(&env, "mfactl user show ALI").words,
        ["alice@example.com"]
    );
    assert!(dynamic(&env, "mfactl user show zz").words.is_empty());
    // One tenant's, with --tenant typed before or MFACTL_TENANT.
    assert_eq!(
        dynamic(&env, "mfactl user show --tenant beta al").words,
        ["albert@example.com"]
    );
    let by_env = bash(
        &env,
        ".bashrc",
        "mfactl login al",
        &[("MFACTL_TENANT", "acme")],
    );
    assert_eq!(by_env.words, ["alan@example.com", "alice@example.com"]);
    assert!(
        dynamic(&env, "mfactl user show --tenant nosuch al")
            .words
            .is_empty()
    );
    // Tenants, companies, roles, groups, and an email as a second positional.
    assert_eq!(
        dynamic(&env, "mfactl user list --tenant ").words,
        ["acme", "beta"]
    );
    assert_eq!(dynamic(&env, "mfactl tenant set-auth b").words, ["beta"]);
    assert_eq!(
        dynamic(&env, "mfactl user list --company ").words,
        ["sales", "support"]
    );
    assert_eq!(
        dynamic(&env, "mfactl company show --tenant acme s").words,
        ["sales"]
    );
    assert_eq!(dynamic(&env, "mfactl role show a").words, ["admin"]);
    assert_eq!(
        dynamic(&env, "mfactl group add-member ops ali").words,
        ["alice@example.com"]
    );
    // A new name is not completed from the store.
    assert!(dynamic(&env, "mfactl user add al").words.is_empty());
}

#[test]
fn bash_completes_fixed_values_and_durations() {
    let env = two_tenants();
    install(&env, "<!-- completion-dynamic -->");
    assert_eq!(
        dynamic(&env, "mfactl user list --mfa ").words,
        ["enrolled", "missing", "locked"]
    );
    assert_eq!(
        dynamic(&env, "mfactl tenant set-auth acme --primary ").words,
        ["totp", "email"]
    );
    assert_eq!(
        dynamic(&env, "mfactl login alice@example.com --method r").words,
        ["recovery"]
    );
    assert_eq!(
        dynamic(&env, "mfactl tenant set-auth acme --grace-period ").words,
        ["0", "12h", "1d", "7d", "14d", "30d"]
    );
    // Issue 22, item 21: --since offers no 0 (it would show nothing), and a command
    // offers no --version of its own.
    assert_eq!(
        dynamic(&env, "mfactl audit --since ").words,
        ["1h", "12h", "1d", "7d", "30d"]
    );
    assert_eq!(
        dynamic(&env, "mfactl user access-pass alice@example.com --valid ").words,
        ["30m", "1h", "4h", "8h", "24h"]
    );
    assert!(
        !dynamic(&env, "mfactl user list --")
            .words
            .contains(&"--version".to_owned())
    );
}

#[test]
fn completion_reads_the_store_typed_on_the_line() {
    let env = two_tenants();
    install(&env, "<!-- completion-dynamic -->");
    // The store's file, or its PostgreSQL URL.
    let store = env.store_value().to_string_lossy().into_owned();
    let missing = env.path("missing.db").display().to_string();
    let typed = bash(
        &env,
        ".bashrc",
        &format!("mfactl --store {store} user show albe"),
        &[("MFACTL_STORE", &missing)],
    );
    assert_eq!(typed.words, ["albert@example.com"]);
    let typed = bash(
        &env,
        ".bashrc",
        &format!("mfactl user show --store={store} albe"),
        &[("MFACTL_STORE", &missing)],
    );
    assert_eq!(typed.words, ["albert@example.com"]);
    assert!(!env.path("missing.db").exists());
}

/// Bash inserts a candidate as it is: a legal email with shell characters is offered
/// quoted (it runs nothing when the line is run), and a name with control characters
/// (written into the store behind mfactl's back) is not offered at all.
#[test]
fn bash_gets_names_quoted_and_never_names_with_control_characters() {
    let env = Env::with_acme();
    for email in [
        "o'brien@example.com",
        "qq`id`@example.com",
        "ww&id@example.com",
    ] {
        env.ok(&["user", "add", email, "--no-input", "-q"]);
    }
    // A vertical tab, written as is into the literal (both stores' SQL takes it).
    env.execute(
        "UPDATE users SET email = 'v1@x.com\u{b}rm -rf ~' WHERE email = 'alice@example.com'",
    );
    install(&env, "<!-- completion-dynamic -->");
    for (typed, email) in [
        ("o", "o'brien@example.com"),
        ("q", "qq`id`@example.com"),
        ("w", "ww&id@example.com"),
    ] {
        let offered = dynamic(&env, &format!("mfactl user show {typed}"));
        assert_eq!(offered.words.len(), 1, "{:?}", offered.words);
        let word = &offered.words[0];
        assert!(word.contains('\\'), "{word} is not escaped");
        // What the shell makes of the inserted word is the email, and nothing runs.
        let out = env
            .shell(&format!("printf '%s' {word}"), &[])
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout), email);
    }
    let offered = dynamic(&env, "mfactl user show v");
    assert!(offered.words.is_empty(), "{:?}", offered.words);
    let offered = dynamic(&env, "mfactl user show r");
    assert!(offered.words.is_empty(), "{:?}", offered.words);
}

/// The files under `dir`, recursively, for "nothing was created".
fn tree(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        found.push(path.display().to_string());
        if path.is_dir() {
            found.extend(tree(&path));
        }
    }
    found.sort();
    found
}

#[test]
fn without_a_store_or_key_completion_offers_no_names_prints_nothing_and_creates_nothing() {
    let env = two_tenants();
    install(&env, "<!-- completion-dynamic -->");
    // No store at MFACTL_STORE, and none at the default path (a fresh HOME).
    let missing = env.path("nowhere/missing.db").display().to_string();
    let before = tree(env.dir.path());
    for vars in [vec![("MFACTL_STORE", missing.as_str())], vec![]] {
        let mut cmd_vars = vars.clone();
        if cmd_vars.is_empty() {
            cmd_vars.push(("MFACTL_STORE", ""));
        }
        let offered = bash(&env, ".bashrc", "mfactl user show al", &cmd_vars);
        assert!(offered.words.is_empty(), "{:?}", offered.words);
        assert_eq!(offered.stderr, "");
        // Subcommands still come from the binary itself.
        let offered = bash(&env, ".bashrc", "mfactl user sh", &cmd_vars);
        assert_eq!(offered.words, ["show"]);
    }
    // A store without its key file.
    let key = env.path("store.db.key");
    std::fs::rename(&key, env.path("elsewhere.key")).unwrap();
    let offered = dynamic(&env, "mfactl user show al");
    assert!(offered.words.is_empty(), "{:?}", offered.words);
    assert_eq!(offered.stderr, "");
    std::fs::rename(env.path("elsewhere.key"), &key).unwrap();
    // Nothing was created: no store, no data directory, no -wal or -shm beside the store.
    let offered = dynamic(&env, "mfactl user show al");
    assert_eq!(offered.words.len(), 3);
    assert_eq!(tree(env.dir.path()), before);
}

#[test]
fn the_static_bash_script_installed_as_the_readme_says_works_without_a_store() {
    let env = Env::new();
    assert!(!env.path("home").exists(), "a fresh HOME");
    install(&env, "<!-- completion-static -->");
    let rc = ".local/share/bash-completion/completions/mfactl";
    assert!(env.path("home").join(rc).is_file());
    let offered = bash(&env, rc, "mfactl user ", &[]);
    for verb in ["add", "list", "show", "reset-mfa"] {
        assert!(offered.has(verb), "{verb}: {:?}", offered.words);
    }
    assert_eq!(
        bash(&env, rc, "mfactl user list --mfa ", &[]).words,
        ["enrolled", "missing", "locked"]
    );
    assert!(bash(&env, rc, "mfactl user list --m", &[]).has("--mfa"));
    // No store was needed, and none was made.
    assert!(!env.store.exists());
}

/// fish's completion of `line` (`complete -C`), as registered by the README.
fn fish(env: &Env, line: &str) -> Offered {
    require_tool("fish", "fish");
    let out = env
        .shell(r#"fish -c "complete -C '$1'""#, &[line])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "fish: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Offered {
        words: String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| l.split('\t').next().unwrap_or("").to_owned())
            .filter(|w| !w.is_empty())
            .collect(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn fish_completes_subcommands_flags_and_names_from_the_store() {
    let env = two_tenants();
    install(&env, "<!-- completion-dynamic -->");
    let user = fish(&env, "mfactl user ");
    for verb in ["add", "list", "show", "reset-mfa"] {
        assert!(user.has(verb), "{verb}: {:?}", user.words);
    }
    assert!(fish(&env, "mfactl user list --").has("--mfa"));
    assert_eq!(
        fish(&env, "mfactl user show al").words,
        [
            "alan@example.com",
            "albert@example.com",
            "alice@example.com"
        ]
    );
    assert_eq!(
        fish(&env, "mfactl user show --tenant beta al").words,
        ["albert@example.com"]
    );
    assert_eq!(
        fish(&env, "mfactl user list --tenant ").words,
        ["acme", "beta"]
    );
    let offered = fish(&env, "mfactl user list --mfa ");
    assert_eq!(offered.words, ["enrolled", "missing", "locked"]);
    assert_eq!(offered.stderr, "");
}

#[test]
fn a_store_in_use_is_read_with_what_its_log_holds() {
    let env = two_tenants();
    if env.sqlite_only("rows committed to SQLite's WAL file and not yet checkpointed") {
        return;
    }
    install(&env, "<!-- completion-dynamic -->");
    // Another process has the store open, with a user written to the WAL only.
    let conn = sqlite(&env.store);
    conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
    conn.execute(
        "INSERT INTO users (tenant_id, email, kind, created_at) \
         SELECT id, 'alma@example.com', 'sso', 0 FROM tenants WHERE name = 'acme'",
        [],
    )
    .unwrap();
    let mut wal = env.store.as_os_str().to_owned();
    wal.push("-wal");
    assert!(std::path::Path::new(&wal).exists());
    assert_eq!(
        dynamic(&env, "mfactl user show alm").words,
        ["alma@example.com"]
    );
    drop(conn);
}

#[test]
fn an_unknown_shell_is_a_usage_error_naming_the_shells() {
    let env = Env::new();
    let run = env.cmd().env("COMPLETE", "tcsh").output().unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.starts_with("error: unknown shell `tcsh`") && stderr.contains("`fish`"),
        "{stderr}"
    );
    assert!(run.stdout.is_empty());
    // COMPLETE=0 or empty is a normal run.
    let run = env
        .cmd()
        .env("COMPLETE", "0")
        .arg("--version")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&run.stdout).starts_with("mfactl "));
}

/// `policy plan <TAB>` and `policy apply <TAB>` offer the `.toml` files around and the
/// folders to look in, not every file.
#[test]
fn policy_files_complete_to_toml_files() {
    let env = two_tenants();
    install(&env, "<!-- completion-dynamic -->");
    std::fs::write(env.path("policy.toml"), "version = 1\n").unwrap();
    std::fs::write(env.path("notes.txt"), "").unwrap();
    std::fs::create_dir(env.path("policies")).unwrap();
    std::fs::write(env.path("policies/acme.toml"), "version = 1\n").unwrap();
    for verb in ["plan", "apply"] {
        let offered = dynamic(&env, &format!("mfactl policy {verb} "));
        assert!(offered.has("policy.toml"), "{verb}: {:?}", offered.words);
        assert!(offered.has("policies/"), "{verb}: {:?}", offered.words);
        assert!(!offered.has("notes.txt"), "{verb}: {:?}", offered.words);
        assert!(offered.stderr.is_empty(), "{}", offered.stderr);
    }
    let inside = dynamic(&env, "mfactl policy plan policies/");
    assert_eq!(inside.words, ["policies/acme.toml"]);
}

/// Issue 22, item 20: zsh, registered with the README's lines in a fresh home (no
/// `.zshrc` before), starts without "command not found: compdef" and has mfactl's
/// completion function (the one bash and fish tests show offering the store's names).
#[test]
fn zsh_registered_as_the_readme_says_completes_in_a_fresh_home() {
    require_tool("zsh", "zsh");
    let env = two_tenants();
    std::fs::create_dir_all(env.path("home")).unwrap();
    install(&env, "<!-- completion-dynamic -->");
    let out = env
        .shell(
            r#"zsh -i -c 'print -r -- "${_comps[mfactl]}"' < /dev/null"#,
            &[],
        )
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("not found"), "{stderr}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "_clap_dynamic_completer_mfactl"
    );
}
