//! The store file: creation, permissions, and refusing what is not ours.

use std::os::unix::fs::PermissionsExt;

use crate::support::{Env, T0, oathtool, sqlite};

#[test]
fn store_and_key_are_created_0600() {
    let env = Env::new();
    if env.sqlite_only("the mode of the store file") {
        return;
    }
    env.ok(&["tenant", "create", "acme"]);
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&env.store), 0o600);
    assert_eq!(mode(&env.path("store.db.key")), 0o600);
    let journal: String = sqlite(&env.store)
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
}

#[test]
fn default_store_lives_in_the_data_directory() {
    let env = Env::new();
    let out = env
        .cmd()
        .env_remove("MFACTL_STORE")
        .args(["tenant", "create", "acme"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(env.path("home/.local/share/mfactl/mfactl.db").exists());
}

#[test]
fn a_directory_as_store_is_refused() {
    let env = Env::new();
    let run = env.run(&[
        "--store",
        env.dir.path().to_str().unwrap(),
        "tenant",
        "list",
    ]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("is a directory"), "{}", run.stderr);
}

#[test]
fn an_unwritable_directory_is_refused() {
    let env = Env::new();
    // /proc refuses new files even to root, so this holds in CI too.
    let run = env.run(&[
        "--store",
        "/proc/mfactl-test/store.db",
        "tenant",
        "create",
        "acme",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot create the store"),
        "{}",
        run.stderr
    );
}

fn refused_untouched(env: &Env, contents: &[u8]) -> String {
    std::fs::write(&env.store, contents).unwrap();
    let run = env.fails(&["tenant", "create", "acme"], 1);
    assert_eq!(
        std::fs::read(&env.store).unwrap(),
        contents,
        "the file was modified"
    );
    assert!(
        !env.path("store.db.key").exists(),
        "a key was created for a foreign file"
    );
    run.stderr
}

#[test]
fn a_random_bytes_file_is_refused_and_left_untouched() {
    let env = Env::new();
    if env.sqlite_only("a store file of random bytes") {
        return;
    }
    let bytes: Vec<u8> = (0..8192u32)
        .map(|i| i.wrapping_mul(2_654_435_761).to_be_bytes()[1])
        .collect();
    let stderr = refused_untouched(&env, &bytes);
    assert!(stderr.contains("not an mfactl store"), "{stderr}");
}

#[test]
fn another_programs_sqlite_database_is_refused_and_left_untouched() {
    let env = Env::new();
    if env.sqlite_only("another program's SQLite file (tests/cli/postgres.rs covers PostgreSQL)") {
        return;
    }
    let other = env.path("other.db");
    sqlite(&other)
        .execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hi');")
        .unwrap();
    let stderr = refused_untouched(&env, &std::fs::read(&other).unwrap());
    assert!(stderr.contains("another program"), "{stderr}");
}

#[test]
fn a_newer_schema_is_refused_and_left_untouched() {
    let env = Env::with_acme();
    if env.sqlite_only("sets SQLite's user_version (tests/cli/postgres.rs covers PostgreSQL)") {
        return;
    }
    {
        let conn = sqlite(&env.store);
        conn.pragma_update(None, "user_version", 99).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let bytes = std::fs::read(&env.store).unwrap();
    let run = env.fails(&["user", "list"], 1);
    assert!(
        run.stderr.contains("newer than this mfactl"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(&env.store).unwrap(), bytes);
}

#[test]
fn migrating_twice_is_harmless() {
    let env = Env::with_acme();
    env.ok(&["user", "list"]);
    env.ok(&["tenant", "list"]);
    // SQLite's user_version; PostgreSQL's table of applied migrations, each once.
    if env.pg.is_some() {
        assert_eq!(
            env.query_ints("SELECT max(version), count(*) FROM mfactl.mfactl_schema"),
            [Some(7), Some(7)]
        );
    } else {
        let version: i64 = sqlite(&env.store)
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, 7);
    }
}

/// Writes a file only its owner can read, as a key file must be.
fn write_private(path: &std::path::Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
}

#[test]
fn a_missing_or_foreign_key_file_is_refused() {
    let env = Env::with_acme();
    let key = env.path("store.db.key");
    let saved = std::fs::read(&key).unwrap();
    std::fs::remove_file(&key).unwrap();
    let run = env.fails(&["user", "list"], 1);
    assert!(run.stderr.contains("key file"), "{}", run.stderr);
    assert!(!key.exists(), "a new key must not replace a lost one");
    write_private(&key, "00".repeat(32).as_bytes());
    let run = env.fails(&["user", "list"], 1);
    assert!(run.stderr.contains("does not belong"), "{}", run.stderr);
    write_private(&key, &saved);
    env.ok(&["user", "list"]);
    let moved = env.path("elsewhere.key");
    std::fs::rename(&key, &moved).unwrap();
    let out = env
        .cmd()
        .env("MFACTL_KEY_FILE", &moved)
        .args(["user", "list"])
        .output()
        .unwrap();
    assert!(out.status.success());
}

/// Finding 11: a command that only reads never creates a store: on a mistyped path it
/// exits 1 naming the path and the command that creates one, and creates nothing.
#[test]
fn reads_of_a_missing_store_are_refused_and_create_nothing() {
    let env = Env::new();
    let typo = env.path("typo/stroe.db");
    for args in [
        vec!["tenant", "list"],
        vec!["user", "list", "--mfa", "missing", "--json"],
        vec!["audit", "verify"],
    ] {
        let mut all = vec!["--store", typo.to_str().unwrap()];
        all.extend(args);
        let run = env.run(&all);
        assert_eq!(run.code, 1, "{all:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{}", run.stdout);
        assert!(
            run.stderr.contains(typo.to_str().unwrap()),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("mfactl tenant create"),
            "{}",
            run.stderr
        );
    }
    assert!(!env.path("typo").exists(), "a directory was created");
    // Changing commands other than `tenant create` do not create one either.
    env.fails(&["user", "add", "bob@example.com"], 1);
    assert!(!env.store.exists());
}

/// Finding 10: the key file is refused unless it is a regular file only its owner can
/// read: `/dev/zero` is not read without end, a FIFO does not hang, 0644 is refused.
#[test]
fn a_key_file_that_is_not_private_and_regular_is_refused() {
    let env = Env::with_acme();
    let with_key = |key: &std::path::Path| {
        env.cmd()
            .env("MFACTL_KEY_FILE", key)
            .args(["user", "list"])
            .output()
            .unwrap()
    };
    let out = with_key(std::path::Path::new("/dev/zero"));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a regular file"));
    let fifo = env.path("key.fifo");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let mut child = env
        .std_cmd()
        .env("MFACTL_KEY_FILE", &fifo)
        .args(["user", "list"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut status = None;
    crate::support::wait_for("mfactl to refuse the FIFO", || {
        status = child.try_wait().unwrap();
        status.is_some()
    });
    assert_eq!(status.and_then(|s| s.code()), Some(1));
    let key = env.path("store.db.key");
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let run = env.fails(&["user", "list"], 1);
    assert!(run.stderr.contains("mode 0644"), "{}", run.stderr);
    assert!(run.stderr.contains("chmod 600"), "{}", run.stderr);
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    env.ok(&["user", "list"]);
}

/// Finding 10: a store readable by others is made 0600 (with a warning); only regular
/// files are stores (`/dev/null` is refused and nothing is left beside it).
#[test]
fn store_files_are_private_and_regular() {
    let env = Env::with_acme();
    if env.sqlite_only("the store file's mode and type") {
        return;
    }
    std::fs::set_permissions(&env.store, std::fs::Permissions::from_mode(0o644)).unwrap();
    let run = env.run(&["tenant", "list"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("readable by others"), "{}", run.stderr);
    let mode = std::fs::metadata(&env.store).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let null_link = env.path("null.db");
    std::os::unix::fs::symlink("/dev/null", &null_link).unwrap();
    let journal_before = std::path::Path::new("/dev/null-journal").exists();
    for target in ["/dev/null", null_link.to_str().unwrap()] {
        for command in [vec!["tenant", "list"], vec!["tenant", "create", "x"]] {
            let mut args = vec!["--store", target];
            args.extend(&command);
            let run = env.run(&args);
            assert_eq!(run.code, 1, "{args:?}");
            assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
        }
    }
    assert_eq!(
        std::path::Path::new("/dev/null-journal").exists(),
        journal_before
    );
    assert!(!env.path("null.db-journal").exists());
    assert!(!env.path("null.db.key").exists());
}

/// Finding 10: a symlinked store finds its key beside the real file, not the link.
#[test]
fn a_symlinked_store_uses_the_key_beside_the_real_file() {
    let env = Env::with_acme();
    if env.sqlite_only("symbolic links to the store file") {
        return;
    }
    std::fs::create_dir(env.path("elsewhere")).unwrap();
    let link = env.path("elsewhere/link.db");
    std::os::unix::fs::symlink(&env.store, &link).unwrap();
    let run = env.run(&["--store", link.to_str().unwrap(), "user", "list", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(crate::support::emails(&run.json()), ["alice@example.com"]);
    env.ok(&["--store", link.to_str().unwrap(), "role", "create", "admin"]);
    assert!(!env.path("elsewhere/link.db.key").exists());
    assert_eq!(env.json(&["audit", "verify"])["ok"], true);
}

/// Finding 10: a store on a read-only medium (a read-only bind mount here) can still be
/// read, its audit log verified; a change is refused with exit 1 and a clear reason.
#[test]
fn a_store_on_a_read_only_medium_can_be_read() {
    let env = Env::with_acme();
    if env.sqlite_only("a store file on a read-only mount") {
        return;
    }
    let dir = env.dir.path().to_str().unwrap().to_owned();
    let script = r#"mount --bind -o ro "$1" "$1" || { echo "cannot mount: $?" >&2; exit 99; }
        mfactl user list --json
        mfactl audit verify --json
        status=0; mfactl tenant create other 2>"$1/../create.err" || status=$?
        echo "create: $status" >&2
        cat "$1/../create.err" >&2"#;
    let out = env.in_namespaces(&["--mount"], script, &[&dir]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("alice@example.com"), "{stdout}");
    assert!(stdout.contains("\"ok\": true"), "{stdout}");
    assert!(stderr.contains("create: 1"), "{stderr}");
    assert!(stderr.contains("for writing"), "{stderr}");
}

/// The adversary's F5: a refused store (another program's database, a symlink to some
/// other file) keeps its mode: nothing is changed until the file is known to be ours.
#[test]
fn a_refused_file_keeps_its_mode() {
    let env = Env::new();
    let other = env.path("app.db");
    sqlite(&other).execute_batch("CREATE TABLE t (x)").unwrap();
    let text = env.path("passwd");
    std::fs::write(&text, "root:x:0:0::/root:/bin/sh\n").unwrap();
    let link = env.path("typo.db");
    std::os::unix::fs::symlink(&text, &link).unwrap();
    for file in [&other, &text] {
        std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    for (store, args) in [
        (&other, vec!["tenant", "list"]),
        (&link, vec!["audit", "verify"]),
        (&link, vec!["tenant", "create", "acme"]),
    ] {
        let mut all = vec!["--store", store.to_str().unwrap()];
        all.extend(args);
        assert_eq!(env.run(&all).code, 1, "{all:?}");
    }
    for file in [&other, &text] {
        let mode = std::fs::metadata(file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644, "{}", file.display());
    }
}

/// The adversary's F6: a key file or store of another user (planted in a shared folder)
/// is not taken over: the key is refused, the store only read.
#[test]
fn files_of_another_user_are_not_taken_over() {
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let env = Env::with_acme();
    if env.sqlite_only("file ownership of the store") {
        return;
    }
    if !root {
        // Without root no file of another user can be made here: use one that exists.
        let run = env.fails(&["--store", "/etc/passwd", "tenant", "create", "x"], 1);
        assert!(run.stderr.contains("belongs to uid 0"), "{}", run.stderr);
        return;
    }
    let chown = |path: &std::path::Path| {
        let ok = std::process::Command::new("chown")
            .arg("4242")
            .arg(path)
            .status()
            .unwrap()
            .success();
        assert!(ok, "chown {}", path.display());
    };
    // A key file planted by uid 4242 (0600, so only they and root can read it).
    let planted = env.path("planted.key");
    std::fs::write(&planted, format!("{}\n", "22".repeat(32))).unwrap();
    std::fs::set_permissions(&planted, std::fs::Permissions::from_mode(0o600)).unwrap();
    chown(&planted);
    let fresh = env.path("fresh.db");
    let out = env
        .cmd()
        .env("MFACTL_STORE", &fresh)
        .env("MFACTL_KEY_FILE", &planted)
        .args(["tenant", "create", "beta"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("belongs to uid 4242"));
    // A store planted by uid 4242: not set up as ours.
    let foreign = env.path("foreign.db");
    std::fs::write(&foreign, b"").unwrap();
    chown(&foreign);
    let run = env.fails(
        &[
            "--store",
            foreign.to_str().unwrap(),
            "tenant",
            "create",
            "x",
        ],
        1,
    );
    assert!(run.stderr.contains("belongs to uid 4242"), "{}", run.stderr);
    assert!(!env.path("foreign.db.key").exists());
    // An existing store of another user can be read, not changed.
    chown(&env.store);
    chown(&env.path("store.db.key"));
    let run = env.fails(&["role", "create", "admin"], 1);
    assert!(run.stderr.contains("belongs to uid 4242"), "{}", run.stderr);
}

/// The adversary's N5: side files planted beside the store (here a link where the WAL
/// goes) are refused before SQLite would write the store's changes into them.
#[test]
fn planted_side_files_are_refused() {
    let env = Env::with_acme();
    if env.sqlite_only("SQLite's -wal/-shm side files") {
        return;
    }
    let loot = env.path("loot");
    let wal = env.path("store.db-wal");
    std::os::unix::fs::symlink(&loot, &wal).unwrap();
    let run = env.fails(&["role", "create", "admin"], 1);
    assert!(
        run.stderr.contains("store.db-wal is not a regular file"),
        "{}",
        run.stderr
    );
    assert!(!loot.exists());
    std::fs::remove_file(&wal).unwrap();
    env.ok(&["role", "create", "admin"]);
}

/// The adversary's N7: a name edited into the store by hand reaches the terminal escaped,
/// in every sentence a command prints.
#[test]
fn a_name_edited_in_the_store_is_escaped_everywhere() {
    let env = Env::with_acme();
    // ESC and BEL written as they are into the literal (both stores' SQL takes them).
    env.execute("UPDATE tenants SET name = 'acme\u{1b}]0;pwned\u{7}'");
    for args in [
        vec!["role", "create", "admin"],
        vec!["group", "create", "ops"],
        vec!["tenant", "list"],
        vec!["user", "show", "alice@example.com"],
    ] {
        let run = env.run(&args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert!(!run.stdout.contains('\u{1b}'), "{args:?}: {:?}", run.stdout);
        assert!(run.stdout.contains("\\u{1b}"), "{args:?}: {:?}", run.stdout);
    }
}

#[test]
fn store_info_names_a_missing_store_and_creates_nothing() {
    let env = Env::new();
    let run = env.fails(&["store", "info"], 1);
    assert!(run.stderr.contains(&env.store_shown()), "{}", run.stderr);
    assert!(!env.store.exists());
    let run = env.fails(&["store", "info", "--json"], 1);
    assert_eq!(run.error_json()["error"]["kind"], "environment");
}

#[test]
fn store_info_on_a_fresh_store() {
    let env = Env::new();
    env.ok(&["tenant", "create", "acme"]);
    let info = env.json(&["store", "info"]);
    assert_eq!(info["backend"], env.backend());
    let store = info["store"].as_str().unwrap();
    assert!(store.contains(&env.store_shown()), "{info}");
    // A URL's password is never shown (the test server's URL has one).
    assert!(
        !store.contains(':') || !store.contains("mfactl_test:"),
        "{info}"
    );
    if env.pg.is_some() {
        assert!(
            info["server"]["endpoint"]
                .as_str()
                .unwrap()
                .starts_with("127.0.0.1:"),
            "{info}"
        );
        assert_eq!(info["server"]["tls"], serde_json::Value::Null, "{info}");
    } else {
        assert_eq!(store, env.store.display().to_string());
    }
    assert_eq!(
        info["key_file"],
        env.path("store.db.key").display().to_string()
    );
    assert_eq!(info["schema_version"], info["schema_latest"]);
    assert_eq!(info["schema_version"], 7);
    assert_eq!(info["read_only"], false);
    for (field, count) in [
        ("tenants", 1),
        ("companies", 0),
        ("users", 0),
        ("enrolled", 0),
        ("roles", 0),
        ("groups", 0),
        ("audit_entries", 1),
    ] {
        assert_eq!(info[field], count, "{field}: {info}");
    }
    let text = env.ok(&["store", "info"]);
    assert!(text.contains(&env.store_shown()), "{text}");
    assert!(
        text.contains("schema:") && text.contains("7 (current)"),
        "{text}"
    );
}

#[test]
fn store_info_on_a_populated_store_counts_what_is_there() {
    let env = Env::with_acme();
    env.ok(&["company", "create", "shop"]);
    env.ok(&[
        "user",
        "add",
        "sso@example.com",
        "--sso",
        "--company",
        "shop",
    ]);
    env.ok(&["role", "create", "admin"]);
    env.ok(&["group", "create", "ops"]);
    let pending = env.run_at(
        T0,
        &["user", "activate-2fa", "alice@example.com", "--json"],
        "",
    );
    let secret = pending.json()["secret"].as_str().unwrap().to_owned();
    let code = oathtool(&secret, T0 + 5);
    let done = env.run_at(
        T0 + 5,
        &["user", "activate-2fa", "alice@example.com", "--code", &code],
        "",
    );
    assert_eq!(done.code, 0, "{}", done.stderr);
    let info = env.json(&["store", "info"]);
    let users = env.json(&["user", "list"]).as_array().unwrap().len();
    assert_eq!(info["users"], users);
    assert_eq!(info["sso_users"], 1);
    assert_eq!(info["local_users"], users - 1);
    assert_eq!(info["enrolled"], 1);
    assert_eq!(info["companies"], 2);
    assert_eq!(info["roles"], 1);
    assert_eq!(info["groups"], 1);
    let entries = env.json(&["audit"]).as_array().unwrap().len();
    assert_eq!(info["audit_entries"], entries);
    // Another store, named by MFACTL_STORE, is the one shown.
    let other = Env::new();
    other.ok(&["tenant", "create", "beta"]);
    let shown = env
        .cmd()
        .env("MFACTL_STORE", other.store_value())
        .env("MFACTL_KEY_FILE", other.path("store.db.key"))
        .args(["store", "info", "--json"])
        .output()
        .unwrap();
    let shown: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert!(
        shown["store"]
            .as_str()
            .unwrap()
            .contains(&other.store_shown()),
        "{shown}"
    );
    assert_eq!(shown["users"], 0);
}
