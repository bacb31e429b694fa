//! The scripted examples of the README and of `docs/` run as they are written, with the
//! built binary on PATH; every link between them leads somewhere.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::support::{Env, PgCluster, TestCa, doc_block, doc_pages, pg_tool, require_tool, walk};

/// Runs the `sh` block that follows `marker` in the README; returns its stdout.
fn run_block(marker: &str) -> String {
    run_block_in(&Env::new(), marker)
}

/// The section under `heading` (up to the next `## ` heading) of the page of the README
/// or `docs/` that has it.
fn section(heading: &str) -> String {
    let (_, page) = doc_pages()
        .into_iter()
        .find(|(_, text)| text.contains(&format!("\n{heading}\n")))
        .unwrap_or_else(|| panic!("a {heading} section in the README or docs/"));
    let start = page.find(&format!("\n{heading}\n")).unwrap();
    let rest = &page[start + heading.len() + 2..];
    rest[..rest.find("\n## ").unwrap_or(rest.len())].to_owned()
}

/// Runs the `sh` block that follows `marker` in the README in `env`'s temp dir.
fn run_block_in(env: &Env, marker: &str) -> String {
    run_block_with(env, marker, &[])
}

/// Runs the `sh` block that follows `marker` in `env`'s temp dir, with `vars` set.
fn run_block_with(env: &Env, marker: &str, vars: &[(&str, &str)]) -> String {
    let script = doc_block(marker);
    let out = env
        .shell(&script, &[])
        .env_remove("MFACTL_STORE")
        // The blocks' `mktemp -d` folders go inside the test's own, removed with it.
        .env("TMPDIR", env.dir.path())
        .envs(vars.iter().copied())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the README block {marker} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_readme_smoke_test_passes() {
    require_tool("oathtool", "oathtool");
    let stdout = run_block("<!-- smoke-test -->");
    assert_eq!(
        stdout.matches("Signed in as ci@example.com").count(),
        2,
        "{stdout}"
    );
}

#[test]
fn the_readme_email_sign_in_passes() {
    let stdout = run_block("<!-- smoke-test-email -->");
    assert!(
        stdout.contains("Signed in as ci@example.com (tenant mailtest) with a password and a code sent by email."),
        "{stdout}"
    );
}

#[test]
fn the_readme_bulk_import_runs_as_written() {
    let stdout = run_block("<!-- smoke-test-import -->");
    assert!(
        stdout.contains("Dry run: 2 users would be imported into tenant acme"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Imported 2 users into tenant acme"),
        "{stdout}"
    );
    assert!(
        stdout.contains("refused with exit 2; carol was not added"),
        "{stdout}"
    );
    assert!(stdout.trim_end().ends_with('2'), "{stdout}");
}

/// Moving to mfactl (issue 21): from another system's CSV with bcrypt and scrypt
/// hashes and an 8-digit authenticator, from Authelia's exports through the awk
/// recipe, and from authenticator exports; each user then signs in as before.
#[test]
fn the_readme_moving_in_recipes_run_as_written() {
    require_tool("oathtool", "oathtool");
    require_tool("htpasswd", "apache2-utils");
    let stdout = run_block("<!-- moving-csv -->");
    assert!(
        stdout.contains("Created company acme/sales; role acme/admin."),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "Signed in as ana@example.com (tenant acme) with a password and an authenticator code."
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("Signed in as bo@example.com (tenant acme) with a password."),
        "{stdout}"
    );
    assert!(stdout.contains("SHA256, 8 digits, 30 s"), "{stdout}");
    let stdout = run_block("<!-- moving-authelia -->");
    assert!(
        stdout.contains(
            "Signed in as john@example.com (tenant acme) with a password and an authenticator code."
        ),
        "{stdout}"
    );
    let stdout = run_block("<!-- moving-otpauth -->");
    assert!(
        stdout.ends_with("ana@example.com\njohndoe@example.com\n"),
        "{stdout}"
    );
}

/// Leaving mfactl (issue 21): the export with secrets is a new 0600 file, and the users
/// sign in from another store with what they had.
#[test]
fn the_readme_leaving_recipe_runs_as_written() {
    require_tool("oathtool", "oathtool");
    let stdout = run_block("<!-- leaving -->");
    assert!(
        stdout.contains("tenant,email,company,roles,sso\nacme,ana@example.com,,,false\n"),
        "{stdout}"
    );
    assert!(stdout.contains("\n600\n"), "{stdout}");
    assert!(
        stdout.contains(
            "Signed in as ana@example.com (tenant acme) with a password and an authenticator code."
        ),
        "{stdout}"
    );
}

#[test]
fn the_readme_roles_and_groups_undo_runs_as_written() {
    let stdout = run_block("<!-- smoke-test-roles -->");
    assert!(
        stdout.contains(
            "Dry run: requiring 2FA for role admin would make these local users enrol at their next sign-in:\n  alice@example.com\n  bob@example.com\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("bob@example.com (via group ops)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("bob@example.com no longer needs 2FA from role admin"),
        "{stdout}"
    );
    assert!(
        stdout.contains("alice@example.com no longer needs 2FA from role admin"),
        "{stdout}"
    );
    assert!(stdout.contains("Deleted user bob@example.com"), "{stdout}");
    assert!(stdout.contains("The audit log is intact"), "{stdout}");
}

#[test]
fn the_reseller_walkthrough_runs_as_written() {
    require_tool("jq", "jq");
    let stdout = run_block("<!-- walkthrough-reseller -->");
    assert!(
        stdout.contains(
            "Dry run: enforcing MFA for company globex would require these local users to enrol:\n  ana@globex.example\n  ben@globex.example\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("company globex; 2 must enrol at their next sign-in"),
        "{stdout}"
    );
    assert!(
        stdout.contains("company initech; 1 must enrol at their next sign-in"),
        "{stdout}"
    );
    // The table lists globex's local users only; the SSO user is never missing.
    let table: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("@globex.example") && l.contains("missing"))
        .collect();
    assert_eq!(table.len(), 2, "{stdout}");
    assert!(!stdout.contains("cho@"), "{stdout}");
    assert!(
        stdout.ends_with(
            "globex ana@globex.example\nglobex ben@globex.example\ninitech dev@initech.example\n"
        ),
        "{stdout}"
    );
}

#[test]
fn the_policy_walkthrough_plans_applies_the_reviewed_plan_and_then_nothing() {
    require_tool("jq", "jq");
    let stdout = run_block("<!-- walkthrough-policy -->");
    assert!(
        stdout.contains("Wrote the policy of 2 tenants to policy.toml."),
        "{stdout}"
    );
    assert!(
        stdout.contains("  ~  tenant  acme        twofa    false → true        2 must enrol\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "~ tenant acme/acme twofa 2\n+ role acme/admin  0\n+ role acme/admin members 0\n"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("Applied plan "), "{stdout}");
    assert!(
        stdout.contains("No changes: the store already matches policy.toml. Nothing was written."),
        "{stdout}"
    );
    assert!(
        stdout
            .lines()
            .last()
            .is_some_and(|l| l.starts_with("No changes: the store matches the file.")),
        "{stdout}"
    );
}

/// The CI recipe of "Policy as code": the plan of a merge request, then exactly that
/// plan applied, and a plan that moved refused.
#[test]
fn the_policy_ci_recipe_applies_the_reviewed_plan_only() {
    require_tool("jq", "jq");
    let env = Env::with_acme();
    std::fs::write(
        env.path("policy.toml"),
        "version = 1\n[tenants.acme.companies.sales]\nenforce_mfa = true\n",
    )
    .unwrap();
    let store = env.store_value().to_string_lossy().into_owned();
    run_block_with(
        &env,
        "<!-- policy-ci -->",
        &[
            ("MFACTL_STORE", &store),
            ("CI_MERGE_REQUEST_TITLE", "Enforce MFA for sales"),
        ],
    );
    let entry = env.json(&["audit", "--target", "company:acme/sales"]);
    let last = entry.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "company.enforce_mfa");
    assert_eq!(last["reason"], "Enforce MFA for sales");
}

#[test]
fn the_support_walkthrough_resets_only_after_the_emailed_code_and_enrols_with_the_pass() {
    require_tool("oathtool", "oathtool");
    require_tool("jq", "jq");
    let stdout = run_block("<!-- walkthrough-support -->");
    let (before, after) = stdout
        .split_once("2FA:                 not enrolled")
        .unwrap_or_else(|| panic!("no reset in:\n{stdout}"));
    assert!(
        before.contains("2FA:                 enrolled (authenticator app"),
        "{before}"
    );
    assert!(
        before.contains("A code was sent to alice@example.com by email"),
        "{before}"
    );
    assert!(
        after.contains("after proving it is them with an access pass from support"),
        "{after}"
    );
    assert!(
        after.contains("access pass:         valid once, until"),
        "{after}"
    );
    assert!(
        after.contains(
            "Signed in as alice@example.com (tenant acme) with a password and a temporary access pass."
        ),
        "{after}"
    );
    let audit: Vec<&str> = after.lines().filter(|l| l.contains("tester")).collect();
    for action in ["user.reset_mfa", "user.access_pass_issued"] {
        let line = audit
            .iter()
            .find(|l| l.contains(action))
            .unwrap_or_else(|| panic!("no {action} in the audit log:\n{after}"));
        assert!(line.ends_with("lost phone, ticket 4521"), "{line}");
    }
    assert!(after.contains("user.access_pass_used"), "{after}");
}

#[test]
fn the_ci_walkthrough_enrols_and_signs_in_without_a_terminal() {
    require_tool("oathtool", "oathtool");
    require_tool("jq", "jq");
    let stdout = run_block("<!-- walkthrough-ci -->");
    assert_eq!(stdout, "true\ntrue\n");
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn the_backup_recipe_copies_privately_and_the_restored_store_verifies() {
    require_tool("sqlite3", "sqlite3");
    let env = Env::new();
    if env.sqlite_only("the SQLite backup recipe (sqlite3 .backup)") {
        return;
    }
    let stdout = run_block_in(&env, "<!-- backup -->");
    assert!(stdout.contains("The audit log is intact"), "{stdout}");
    assert!(stdout.contains("/restored/mfactl.db (SQLite)"), "{stdout}");
    assert!(
        stdout.contains("users:         1 (1 local, 0 SSO)"),
        "{stdout}"
    );
    let copies: Vec<_> = walk(env.dir.path())
        .into_iter()
        .filter(|file| {
            file.parent()
                .is_some_and(|dir| dir.ends_with("backups") || dir.ends_with("keys"))
        })
        .collect();
    assert_eq!(
        copies.len(),
        2,
        "the store's backup and the key: {copies:?}"
    );
    for copy in &copies {
        assert_eq!(mode(copy), 0o600, "{}", copy.display());
        if copy.extension().is_some_and(|e| e == "db") {
            let users: i64 = crate::support::sqlite(copy)
                .query_row("SELECT count(*) FROM users", [], |row| row.get(0))
                .unwrap();
            assert_eq!(users, 1, "{}", copy.display());
        }
    }
}

/// "Keeping a store healthy": a check, a backup, a rekey; the backup made before the
/// rekey opens with the old key, moved offline; a backup after it.
#[test]
fn the_rekey_recipe_runs_as_written() {
    let env = Env::new();
    if env.sqlite_only("the recipe's store is a file in a temp folder") {
        return;
    }
    let stdout = run_block_in(&env, "<!-- healthy -->");
    assert!(stdout.contains("All 6 checks passed."), "{stdout}");
    assert!(stdout.contains("Rekeyed the store"), "{stdout}");
    let offline: Vec<_> = walk(env.dir.path())
        .into_iter()
        .filter(|file| file.parent().is_some_and(|dir| dir.ends_with("offline")))
        .collect();
    assert_eq!(offline.len(), 1, "{offline:?}");
    assert_eq!(mode(&offline[0]), 0o600);
    let backups: Vec<_> = walk(env.dir.path())
        .into_iter()
        .filter(|file| file.parent().is_some_and(|dir| dir.ends_with("backups")))
        .collect();
    assert_eq!(backups.len(), 2, "{backups:?}");
}

/// The crontab lines of "Keeping a store healthy", each job run as cron runs it (`sh
/// -c`, `\%` read as `%`, the variables of the crontab set), with /srv inside the test's
/// folder: the check prints nothing, the backup is made and prints nothing.
#[test]
fn the_crontab_lines_run_and_print_only_on_failure() {
    let env = Env::with_acme();
    if env.sqlite_only("the crontab names an SQLite store") {
        return;
    }
    let after = crate::support::after_marker("<!-- cron -->");
    let block = after
        .split("```crontab\n")
        .nth(1)
        .and_then(|block| block.split("```").next())
        .expect("a crontab block after <!-- cron -->");
    let srv = env.path("srv");
    std::fs::create_dir_all(srv.join("mfactl")).unwrap();
    std::fs::create_dir_all(srv.join("backups")).unwrap();
    let store = srv.join("mfactl/mfactl.db");
    std::fs::copy(&env.store, &store).unwrap();
    std::fs::copy(env.path("store.db.key"), srv.join("mfactl/mfactl.db.key")).unwrap();
    for file in [store.clone(), srv.join("mfactl/mfactl.db.key")] {
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let local = |text: &str| text.replace("/srv/", &format!("{}/", srv.display()));
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_mfactl"))
        .parent()
        .unwrap()
        .to_owned();
    let mut vars = Vec::new();
    let mut jobs = 0;
    for line in block.lines().filter(|line| !line.trim().is_empty()) {
        if let Some((name, value)) = line.split_once('=').filter(|(name, _)| !name.contains(' ')) {
            let value = if name == "PATH" {
                format!("{}:{value}", bin_dir.display())
            } else {
                local(value)
            };
            vars.push((name.to_owned(), value));
            continue;
        }
        let command: String = line
            .split_whitespace()
            .skip(5)
            .collect::<Vec<_>>()
            .join(" ");
        let command = local(&command).replace("\\%", "%");
        let out = env
            .shell(&command, &[])
            .env_remove("MFACTL_STORE")
            .envs(vars.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{command}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stdout.is_empty() && out.stderr.is_empty(),
            "{command} printed something"
        );
        jobs += 1;
    }
    assert_eq!(jobs, 2);
    let backups = walk(&srv.join("backups"));
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert_eq!(mode(&backups[0]), 0o600);
}

/// Backs the store up to `backup`: `sqlite3 .backup`, or `pg_dump`.
fn back_up(env: &Env, backup: &Path) {
    let out = if env.pg.is_some() {
        std::process::Command::new(pg_tool("pg_dump"))
            .arg("--format=custom")
            .arg(format!("--file={}", backup.display()))
            .arg(env.store_value())
            .output()
            .unwrap()
    } else {
        require_tool("sqlite3", "sqlite3");
        std::process::Command::new("sqlite3")
            .arg(&env.store)
            .arg(format!(".backup '{}'", backup.display()))
            .output()
            .unwrap()
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Puts `backup` back in the store's place: the file (no side files), or the database
/// made again and `pg_restore`d.
fn restore(env: &Env, backup: &Path) {
    if let Some(db) = &env.pg {
        db.recreate();
        let out = std::process::Command::new(pg_tool("pg_restore"))
            .arg(format!("--dbname={}", db.url))
            .arg(backup)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    } else {
        for side in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{side}", env.store.display()));
        }
        std::fs::copy(backup, &env.store).unwrap();
        std::fs::set_permissions(&env.store, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
}

/// What the README says of a restore over the store's own path: `audit verify` names
/// this machine's record of the newer log; once it is removed, the restored store
/// verifies and takes changes again. On PostgreSQL the same with `pg_dump` and
/// `pg_restore` into the database made again.
#[test]
fn a_restore_in_place_is_noticed_until_this_machines_record_is_removed() {
    let env = Env::with_acme();
    let backup = env.path("backup.db");
    back_up(&env, &backup);
    env.ok(&["user", "add", "bob@example.com", "--no-input"]);
    // The store is lost; the backup goes back in its place.
    restore(&env, &backup);
    let run = env.fails(&["audit", "verify"], 1);
    assert!(run.stderr.contains("cut back"), "{}", run.stderr);
    let record = run
        .stderr
        .split("remove ")
        .nth(1)
        .and_then(|rest| rest.split(" (this machine's record").next())
        .map_or_else(
            || panic!("no record named in:\n{}", run.stderr),
            |quoted| quoted.trim_matches('\''),
        );
    assert!(record.contains("/witness/"), "{record}");
    env.fails(&["user", "add", "carol@example.com", "--no-input"], 1);
    std::fs::remove_file(record).unwrap();
    assert!(
        env.ok(&["audit", "verify"])
            .contains("The audit log is intact")
    );
    env.ok(&["user", "add", "carol@example.com", "--no-input"]);
    let users = env.json(&["user", "list"]);
    assert_eq!(
        crate::support::emails(&users),
        ["alice@example.com", "carol@example.com"]
    );
}

/// The table of "Files and permissions" against the files mfactl made in its data
/// directory: the store, key, outbox, device tokens and witness records.
#[test]
fn the_files_table_gives_the_modes_mfactl_makes() {
    require_tool("oathtool", "oathtool");
    let env = Env::new();
    if env.sqlite_only("the modes of the store file") {
        return;
    }
    let script = r#"
        unset MFACTL_STORE
        mfactl tenant create acme -q
        echo 'correct horse battery' | mfactl user add alice@example.com --password-stdin -q
        secret=$(mfactl user activate-2fa alice@example.com --json | sed -n 's/.*"secret": "\([A-Z2-7]*\)".*/\1/p')
        mfactl user activate-2fa alice@example.com --code "$(oathtool --totp -b "$secret")" -q > /dev/null
        next=$(date -u -d '+30 seconds' '+%Y-%m-%d %H:%M:%S UTC')
        echo 'correct horse battery' | mfactl login alice@example.com --password-stdin --remember -q \
            --code "$(oathtool --totp -b "$secret" --now "$next")"
    "#;
    let out = env.shell(script, &[]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let data = env.path("home/.local/share/mfactl");
    let files = section("## Files and permissions");
    assert!(files.contains("(`~/.local/share/mfactl`, 0700)"), "{files}");
    assert_eq!(mode(&data), 0o700);
    let rows: Vec<(&str, &str)> = files
        .lines()
        .filter_map(|line| {
            let mut cells = line.split('|').map(str::trim).skip(1);
            let name = cells.next()?.strip_prefix('`')?.strip_suffix('`')?;
            Some((name, cells.next()?))
        })
        .collect();
    assert_eq!(rows.len(), 5, "{files}");
    for (name, modes) in rows {
        let path = data.join(name);
        if name.ends_with('/') {
            assert_eq!(modes, "0700, files 0600", "{name}");
            let mut dirs = vec![path.clone()];
            let inside = walk(&path);
            assert!(!inside.is_empty(), "nothing in {name}");
            for file in &inside {
                assert_eq!(mode(file), 0o600, "{}", file.display());
                let mut dir = file.parent();
                while let Some(d) = dir.filter(|d| d.starts_with(&path)) {
                    dirs.push(d.to_owned());
                    dir = d.parent();
                }
            }
            for dir in dirs {
                assert_eq!(mode(&dir), 0o700, "{}", dir.display());
            }
        } else {
            assert_eq!(modes, "0600", "{name}");
            assert_eq!(mode(&path), 0o600, "{}", path.display());
        }
    }
}

/// Every variable named in `src/env.rs` has a row in "Environment variables".
#[test]
fn every_environment_variable_is_in_the_docs() {
    let source =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/env.rs")).unwrap();
    let names: Vec<&str> = source
        .lines()
        .filter_map(|line| line.trim().strip_prefix("pub const "))
        .filter_map(|rest| rest.split('"').nth(1))
        .collect();
    assert!(names.len() >= 8, "{names:?}");
    let table = section("## Environment variables");
    for name in names {
        assert!(
            table.contains(&format!("| `{name}`")) || table.contains(&format!(", `{name}`")),
            "{name} is not in the environment variables of docs/scripting.md"
        );
    }
}

/// "When one machine is not enough" runs as written on a PostgreSQL server with TLS and a
/// CA of its own: the role and database, the password in ~/.pgpass (private), the store
/// made by `tenant create` over verify-full TLS, a private key file, a pg_dump, and a
/// restore into a new database whose audit chain verifies.
#[test]
fn the_team_recipe_runs_on_a_tls_server_and_its_restore_verifies() {
    require_tool("psql", "postgresql-client");
    require_tool("pg_dump", "postgresql-client");
    let env = Env::new();
    let ca = TestCa::new(&env);
    let cluster = PgCluster::start(&["--ssl", &ca.file("server.pem"), &ca.file("server.key")]);
    let server = format!("127.0.0.1:{}", cluster.port());
    let tls = format!("sslmode=verify-full&sslrootcert={}", ca.file("ca.pem"));
    let admin_url = format!("{}?{tls}", cluster.url);
    // A real machine's home exists (the harness only points HOME at it).
    std::fs::create_dir_all(env.path("home")).unwrap();
    let stdout = run_block_with(
        &env,
        "<!-- teams -->",
        &[
            ("server", &server),
            ("ca", &ca.file("ca.pem")),
            ("admin_url", &admin_url),
        ],
    );
    assert!(stdout.contains("Created tenant acme"), "{stdout}");
    assert!(
        stdout.contains(&format!("postgresql://mfactl@{server}/mfactl (PostgreSQL)")),
        "{stdout}"
    );
    assert!(
        stdout.contains("certificate checked; sslmode=verify-full"),
        "{stdout}"
    );
    assert!(stdout.contains("The audit log is intact"), "{stdout}");
    let home = env.path("home");
    for private in [".pgpass", ".config/mfactl/team.key"] {
        assert_eq!(mode(&home.join(private)), 0o600, "{private}");
    }
    let dumps: Vec<_> = walk(env.dir.path())
        .into_iter()
        .filter(|file| file.extension().is_some_and(|e| e == "dump"))
        .collect();
    assert_eq!(dumps.len(), 1, "{dumps:?}");
    assert_eq!(mode(&dumps[0]), 0o600);
    // The password went to ~/.pgpass, never into the URL that store info shows.
    let pgpass = std::fs::read_to_string(home.join(".pgpass")).unwrap();
    let password = pgpass.trim().rsplit(':').next().unwrap();
    assert_eq!(password.len(), 48, "{pgpass}");
    assert!(!stdout.contains(password), "{stdout}");
}

/// Issue 22, item 19: the README's first command makes the default store with its
/// tenant, and the quickstart goes on in that store as written (one tenant: no command
/// needs `--tenant`, none finds several).
#[test]
fn the_first_command_and_the_quickstart_fit_together() {
    let env = Env::new();
    if env.sqlite_only("the first command makes the default local store, a file") {
        return;
    }
    let readme = doc_pages().remove(0).1;
    let first = readme
        .split("```sh\n")
        .nth(1)
        .and_then(|block| block.lines().next())
        .expect("the README opens with a sh block");
    let args = first
        .split('#')
        .next()
        .unwrap()
        .trim()
        .strip_prefix("cargo run --locked -- ")
        .expect("the first command builds and runs mfactl");
    let script = format!(
        "unset MFACTL_STORE MFACTL_KEY_FILE\nmfactl {args}\n{}",
        doc_block("<!-- quickstart -->")
    );
    let out = env.shell(&script, &[]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "the first command and the quickstart failed:\n{}\n{stderr}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(!stderr.contains("several tenants"), "{stderr}");
    let store = env.path("home/.local/share/mfactl/mfactl.db");
    assert!(store.exists(), "the default store {}", store.display());
    let tenants = env
        .cmd()
        .env("MFACTL_STORE", &store)
        .env_remove("MFACTL_KEY_FILE")
        .args(["tenant", "list", "--json"])
        .output()
        .unwrap();
    let tenants: serde_json::Value = serde_json::from_slice(&tenants.stdout).unwrap();
    assert_eq!(tenants.as_array().map(Vec::len), Some(1), "{tenants}");
}

/// Issue 22, item 20: the man pages, installed as the README says in a fresh home, are
/// found by `man` by name.
#[test]
fn the_man_pages_installed_as_the_readme_says_are_found() {
    let env = Env::new();
    if env.sqlite_only("the man pages do not depend on the store") {
        return;
    }
    require_tool("man", "man-db");
    require_tool("groff", "groff-base");
    std::fs::create_dir_all(env.path("home")).unwrap();
    let script = format!(
        "cd {}\nunset MANPATH\n{}",
        env!("CARGO_MANIFEST_DIR"),
        doc_block("<!-- man-pages -->")
    );
    let out = env.shell(&script, &[]).output().unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{shown}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(shown.contains("mfactl-user-add"), "{shown}");
    let rc = std::fs::read_to_string(env.path("home/.bashrc")).unwrap();
    assert!(rc.contains("MANPATH"), "{rc}");
}

/// A heading's anchor as GitHub makes it: lower case, spaces to `-`, and every other
/// character that is not a letter, digit, `-` or `_` left out.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// Issue 22, item 22: every link of the README and `docs/` leads to a file of the project
/// and, with `#…`, to a heading of it; every page of `docs/` is linked from the README.
#[test]
fn every_link_of_the_docs_leads_somewhere() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pages = doc_pages();
    let mut broken = Vec::new();
    for (name, text) in &pages {
        let dir = root.join(name).parent().unwrap().to_owned();
        // Outside code blocks only.
        for prose in text.split("```").step_by(2) {
            for link in prose.split("](").skip(1) {
                let Some(target) = link.split(')').next() else {
                    continue;
                };
                if target.contains("://") {
                    continue;
                }
                let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
                let file = if path.is_empty() {
                    root.join(name)
                } else {
                    dir.join(path)
                };
                if !file.exists() {
                    broken.push(format!("{name}: {target}: no file {}", file.display()));
                    continue;
                }
                if fragment.is_empty() {
                    continue;
                }
                let target_text = std::fs::read_to_string(&file).unwrap_or_default();
                let found = target_text
                    .split("```")
                    .step_by(2)
                    .flat_map(str::lines)
                    .filter_map(|l| l.strip_prefix('#'))
                    .map(|l| anchor(l.trim_start_matches('#')))
                    .any(|a| a == fragment);
                if !found {
                    broken.push(format!("{name}: {target}: no such heading"));
                }
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
    let readme = &pages[0].1;
    for (name, _) in &pages[1..] {
        assert!(
            readme.contains(&format!("]({name}")),
            "{name} is not linked from the README"
        );
    }
}

/// The README's scripting examples run as written in a store that has what they name
/// (tenant acme, company sales, role admin, alice), each printing what it says.
#[test]
fn the_readme_scripting_examples_run_as_written() {
    require_tool("jq", "jq");
    let env = Env::with_acme();
    env.ok(&["role", "create", "admin"]);
    env.ok(&["role", "assign", "admin", "alice@example.com"]);
    let shown = env
        .shell(&doc_block("<!-- scripting -->"), &[])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&shown.stdout);
    assert!(
        shown.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&shown.stderr)
    );
    // alice would have to enrol, three times over; the audit lines name what was done.
    assert!(
        stdout.matches("alice@example.com\n").count() >= 3,
        "{stdout}"
    );
    assert!(stdout.contains("user.add"), "{stdout}");
}
