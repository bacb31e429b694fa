//! `store copy --to STORE`: a whole store copied from SQLite to PostgreSQL and back,
//! every id, secret (still encrypted) and audit entry kept, the chain verifying and
//! sign-ins working on each copy; and every refusal leaving the target as it was.
//!
//! The source is always an SQLite file (`Env::new_sqlite`) and the PostgreSQL targets
//! are fresh databases on the server of `MFACTL_TEST_PG_URL`, whichever store the suite
//! runs on: the tests that reach PostgreSQL fail without it, never pass quietly.

use std::os::unix::fs::PermissionsExt;

use serde_json::Value;

use crate::support::{
    Env, PASSWORD, PgDatabase, Run, T0, libfaketime, oathtool, pg_port, pg_server_url, sqlite,
    stamp,
};

/// Runs mfactl on `store` (a path or a URL) at `at` (faketime), with this env's key file.
fn on(env: &Env, store: &str, at: i64, args: &[&str], stdin: &str) -> Run {
    let output = env
        .cmd()
        .env("MFACTL_STORE", store)
        .env("MFACTL_KEY_FILE", env.path("store.db.key"))
        .env("LD_PRELOAD", libfaketime())
        .env("FAKETIME", format!("@{}", stamp(at)))
        .env_remove("FAKETIME_TIMESTAMP_FILE")
        .env("TZ", "UTC")
        .args(args)
        .write_stdin(stdin)
        .output()
        .expect("run mfactl");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// `on`, asserting `code`.
fn expect(env: &Env, store: &str, at: i64, args: &[&str], stdin: &str, code: i32) -> Run {
    let run = on(env, store, at, args, stdin);
    assert_eq!(
        run.code, code,
        "mfactl {args:?} on {store}: expected exit {code}\n{}{}",
        run.stdout, run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

/// `on` with `--json`, asserting success; the parsed output.
fn json(env: &Env, store: &str, at: i64, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    expect(env, store, at, &all, "", 0).json()
}

/// The source's path as `MFACTL_STORE` takes it.
fn source(env: &Env) -> String {
    env.store.display().to_string()
}

/// A store with something in every table: a tenant with 2FA on (email as the second
/// method, a grace period, 30-day devices), two companies (one enforcing MFA), local and
/// SSO users, a role required by a group and held directly, alice enrolled with a
/// remembered device and one recovery code used, a failed sign-in of bob, a mail server
/// with a password (encrypted, covered by a MAC of the key). Returns alice's TOTP secret, her recovery codes and device token.
fn populated() -> (Env, String, Vec<String>, String) {
    let env = Env::new_sqlite();
    let store = source(&env);
    let at = T0;
    let ok = |args: &[&str]| expect(&env, &store, at, args, "", 0);
    ok(&["tenant", "create", "acme"]);
    ok(&[
        "tenant",
        "set-auth",
        "acme",
        "--enable",
        "--secondary",
        "email",
        "--grace-period",
        "14d",
        "--remember-device-days",
        "30",
    ]);
    ok(&["company", "create", "sales", "--enforce-mfa"]);
    ok(&["company", "create", "ops"]);
    for (email, company) in [("alice@example.com", "sales"), ("bob@example.com", "ops")] {
        expect(
            &env,
            &store,
            at,
            &[
                "user",
                "add",
                email,
                "--company",
                company,
                "--password-stdin",
            ],
            PASSWORD,
            0,
        );
    }
    ok(&["user", "add", "carol@example.com", "--sso"]);
    ok(&["role", "create", "admin"]);
    ok(&["role", "require-2fa", "admin", "--yes"]);
    ok(&["role", "assign", "admin", "bob@example.com"]);
    ok(&["group", "create", "oncall"]);
    ok(&["group", "add-member", "oncall", "carol@example.com"]);
    ok(&["group", "grant-role", "oncall", "admin"]);
    ok(&[
        "mail",
        "set",
        "--smtp-url",
        "smtp://mailer:s3cret-pass@127.0.0.1:2525",
        "--from",
        "mfa@example.com",
    ]);
    let (secret, codes) = env.enrol("alice@example.com", at);
    let login = |at: i64, extra: &[&str], code: i32| {
        let mut args = vec!["login", "alice@example.com", "--password-stdin", "--json"];
        args.extend_from_slice(extra);
        expect(&env, &store, at, &args, PASSWORD, code)
    };
    let token = login(
        at + 30,
        &["--code", &oathtool(&secret, at + 30), "--remember"],
        0,
    )
    .json()["device_token"]
        .as_str()
        .unwrap()
        .to_owned();
    login(at + 60, &["--method", "recovery", "--code", &codes[0]], 0);
    // bob: a wrong password, a failed attempt counted.
    expect(
        &env,
        &store,
        at,
        &["login", "bob@example.com", "--password-stdin", "--json"],
        "wrong password\n",
        3,
    );
    (env, secret, codes, token)
}

/// What must be the same on every copy: the users, the audit log, the counts of
/// `store info`, the mail settings (their MAC checked with the key), read at one time.
fn views(env: &Env, store: &str) -> (Value, Value, Vec<Value>, Value) {
    let at = T0 + 200;
    let info = json(env, store, at, &["store", "info"]);
    let counts = [
        "schema_version",
        "tenants",
        "companies",
        "users",
        "local_users",
        "sso_users",
        "enrolled",
        "roles",
        "groups",
        "audit_entries",
    ]
    .iter()
    .map(|field| info[field].clone())
    .collect();
    (
        json(env, store, at, &["user", "list"]),
        json(env, store, at, &["audit"]),
        counts,
        json(env, store, at, &["mail", "show"]),
    )
}

/// Copies `from` to `to` with `--json`; checks the report and that `audit verify` passes
/// on the copy; returns the report.
fn copy(env: &Env, from: &str, to: &str) -> Value {
    let report = json(env, from, T0 + 100, &["store", "copy", "--to", to]);
    let verify = json(env, to, T0 + 100, &["audit", "verify"]);
    assert_eq!(verify["ok"], true, "{verify}");
    assert_eq!(report["audit_verified"], verify["entries"]);
    report
}

#[test]
fn a_store_goes_to_postgresql_and_back_with_everything_in_it() {
    let (env, secret, codes, token) = populated();
    let lite = source(&env);
    let db = PgDatabase::new();
    let before = views(&env, &lite);
    assert_eq!(before.0.as_array().unwrap().len(), 3);

    // SQLite → PostgreSQL.
    let report = copy(&env, &lite, &db.url);
    assert_eq!(report["from"], lite);
    let password = db.url.split(['@', ':']).nth(2).unwrap();
    assert!(!report.to_string().contains(password), "{report}");
    assert_eq!(
        report["to"].as_str().unwrap(),
        db.url
            .replace(&format!(":{password}"), "")
            .replace("postgres://", "postgresql://")
    );
    assert_eq!(report["tables"]["users"], 3);
    assert_eq!(report["tables"]["tenants"], 1);
    assert_eq!(report["tables"]["companies"], 2);
    assert_eq!(report["tables"]["recovery_codes"], 10);
    assert_eq!(report["tables"]["devices"], 1);
    assert_eq!(report["tables"]["mail_server"], 1);
    assert_eq!(
        report["tables"]["audit_log"],
        before.1.as_array().unwrap().len()
    );
    let rows: u64 = report["tables"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(report["rows"], rows);
    assert_eq!(views(&env, &db.url), before, "the PostgreSQL copy differs");

    // PostgreSQL → a new SQLite file.
    let back = env.path("back.db").display().to_string();
    copy(&env, &db.url, &back);
    assert_eq!(views(&env, &back), before, "the SQLite copy differs");
    assert_eq!(views(&env, &lite), before, "the source changed");

    // Sign-ins work on each copy, and what was used before the copy stays used.
    let login = |store: &str, at: i64, extra: &[&str], code: i32| {
        let mut args = vec!["login", "alice@example.com", "--password-stdin", "--json"];
        args.extend_from_slice(extra);
        expect(&env, store, at, &args, PASSWORD, code)
    };
    for (store, at) in [(&db.url, T0 + 300), (&back, T0 + 330)] {
        // The step accepted on the source at T0 + 30 is a replay on the copy too.
        login(store, T0 + 35, &["--code", &oathtool(&secret, T0 + 30)], 3);
        let view = login(store, at, &["--code", &oathtool(&secret, at)], 0).json();
        assert_eq!(view["factor"], "totp");
        login(store, at, &["--code", &oathtool(&secret, at)], 3);
        login(store, at, &["--method", "recovery", "--code", &codes[0]], 3);
        let view = login(store, at, &["--device-token", &token], 0).json();
        assert_eq!(view["factor"], "remembered_device");
    }
    let view = login(
        &back,
        T0 + 360,
        &["--method", "recovery", "--code", &codes[1]],
        0,
    )
    .json();
    assert_eq!(view["factor"], "recovery");

    // New rows get new ids on each copy (PostgreSQL's sequences were moved).
    for store in [&db.url, &back] {
        expect(
            &env,
            store,
            T0 + 400,
            &["user", "add", "dave@example.com", "--password-stdin"],
            PASSWORD,
            0,
        );
        expect(&env, store, T0 + 400, &["role", "create", "auditor"], "", 0);
        expect(&env, store, T0 + 400, &["group", "create", "night"], "", 0);
        expect(&env, store, T0 + 400, &["audit", "verify"], "", 0);
    }
}

/// A postgres:// URL of a database that holds an empty store recorded with `key_file`:
/// made by a `policy apply` of a file that names no tenant (it makes the store, as
/// `tenant create` does, and changes nothing in it).
fn empty_store(env: &Env, db: &PgDatabase, key_file: &str) {
    let file = env.path("nothing.toml");
    std::fs::write(&file, "version = 1\n").unwrap();
    let run = env
        .cmd()
        .env("MFACTL_STORE", &db.url)
        .env("MFACTL_KEY_FILE", env.path(key_file))
        .args(["policy", "apply", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut client = db.client();
    let tenants: i64 = client
        .query_one("SELECT count(*) FROM tenants", &[])
        .unwrap()
        .get(0);
    assert_eq!(tenants, 0);
}

/// What a database holds beyond what `CREATE DATABASE` makes: relations, functions and
/// types in `public`, and schemas but `public` (what a copy may write into: nothing).
fn objects(db: &PgDatabase) -> i64 {
    db.client()
        .query_one(
            "SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
                     WHERE n.nspname = 'public') \
                  + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace \
                     WHERE n.nspname = 'public') \
                  + (SELECT count(*) FROM pg_namespace WHERE nspname NOT IN ('public', 'information_schema') \
                     AND nspname NOT LIKE 'pg\\_%')",
            &[],
        )
        .unwrap()
        .get(0)
}

/// A row PostgreSQL cannot hold (a NUL in a text, which SQLite keeps) fails the copy at
/// the table of users, after the tenants and companies went in: the schema the copy made
/// goes with it, the database holds nothing again, and the same copy then goes through.
#[test]
fn a_failure_at_any_row_leaves_the_postgresql_target_as_it_was() {
    let (env, ..) = populated();
    let db = PgDatabase::new();
    assert_eq!(objects(&db), 0);
    let good = env.path("good.db");
    std::fs::copy(&env.store, &good).unwrap();
    env.execute("UPDATE users SET password_hash = 'x' || char(0) || 'y' WHERE id = (SELECT max(id) FROM users)");
    let run = expect(
        &env,
        &source(&env),
        T0,
        &["store", "copy", "--to", &db.url],
        "",
        1,
    );
    let endpoint = format!("127.0.0.1:{}", pg_port(&db.url));
    assert!(run.stderr.contains(&endpoint), "{}", run.stderr);
    assert!(run.stderr.contains("users"), "{}", run.stderr);
    assert_eq!(objects(&db), 0, "the failed copy left something behind");
    std::fs::copy(&good, &env.store).unwrap();
    copy(&env, &source(&env), &db.url);
}

#[test]
fn a_non_empty_target_is_refused_and_left_unchanged() {
    let (env, ..) = populated();
    let lite = source(&env);
    // An SQLite file with a tenant of its own.
    let other = env.path("other.db").display().to_string();
    expect(&env, &other, T0, &["tenant", "create", "globex"], "", 0);
    let bytes = std::fs::read(&other).unwrap();
    let run = expect(&env, &lite, T0, &["store", "copy", "--to", &other], "", 8);
    assert!(run.stderr.contains(&other), "{}", run.stderr);
    assert!(run.stderr.contains("1 tenant"), "{}", run.stderr);
    assert_eq!(std::fs::read(&other).unwrap(), bytes);
    // A database with one.
    let db = PgDatabase::new();
    expect(&env, &db.url, T0, &["tenant", "create", "globex"], "", 0);
    let before = db.contents();
    let run = expect(
        &env,
        &lite,
        T0,
        &["store", "copy", "--to", &db.url, "--json"],
        "",
        8,
    );
    let error = run.error_json();
    assert_eq!(error["error"]["kind"], "conflict");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains(&db.name)
    );
    assert_eq!(db.contents(), before);
}

/// The issue-13 attacks' first findings: a target that holds anything that could change
/// rows on their way in (a trigger, a function, a domain, a schema that shadows the
/// tables, a search_path) or rows of its own is refused with 8 and left as it was. A
/// database must hold nothing at all (the copy makes mfactl's schema in its own
/// transaction); an SQLite file nothing but an empty store.
#[test]
fn a_target_with_planted_rows_or_triggers_is_refused_and_left_unchanged() {
    let (env, ..) = populated();
    let lite = source(&env);
    // A database must hold nothing at all: anything planted in it is named and refused
    // by the copy (exit 8).
    let plants = [
        (
            "CREATE FUNCTION plant() RETURNS trigger LANGUAGE plpgsql AS \
             $$BEGIN NEW.password_hash := 'known'; RETURN NEW; END$$;",
            "the function plant",
            8,
        ),
        // A schema named as the role shadows public in the default search_path.
        ("CREATE SCHEMA mfactl_test;", "the schema mfactl_test", 8),
        (
            "CREATE FUNCTION spy(text) RETURNS boolean LANGUAGE sql AS 'SELECT true'; \
             CREATE DOMAIN dtext AS text CHECK (spy(VALUE));",
            "the type dtext",
            8,
        ),
    ];
    for (sql, named, code) in plants {
        let db = PgDatabase::new();
        db.client().batch_execute(sql).unwrap();
        let before = objects(&db);
        let run = expect(
            &env,
            &lite,
            T0,
            &["store", "copy", "--to", &db.url],
            "",
            code,
        );
        assert!(run.stderr.contains(named), "{named}: {}", run.stderr);
        assert_eq!(objects(&db), before, "{named}: the target changed");
    }
    // Tables (or views, sequences) without mfactl's are another program's: refused
    // untouched, as every command refuses such a database.
    let db = PgDatabase::new();
    db.client()
        .batch_execute("CREATE SEQUENCE planted;")
        .unwrap();
    let run = expect(&env, &lite, T0, &["store", "copy", "--to", &db.url], "", 1);
    assert!(run.stderr.contains("another program"), "{}", run.stderr);
    assert_eq!(objects(&db), 1);
    // So is a search_path set for the database.
    let db = PgDatabase::new();
    db.client()
        .batch_execute(&format!(
            "ALTER DATABASE \"{}\" SET search_path = elsewhere, public",
            db.name
        ))
        .unwrap();
    let run = expect(&env, &lite, T0, &["store", "copy", "--to", &db.url], "", 8);
    assert!(
        run.stderr
            .contains("the setting search_path=elsewhere, public"),
        "{}",
        run.stderr
    );
    // And mfactl's own tables, made before (by `tenant create`, or a copy), with a
    // trigger planted in them.
    let db = PgDatabase::new();
    empty_store(&env, &db, "store.db.key");
    db.client()
        .batch_execute(
            "CREATE FUNCTION plant() RETURNS trigger LANGUAGE plpgsql AS \
             $$BEGIN NEW.password_hash := 'known'; RETURN NEW; END$$; \
             CREATE TRIGGER plant BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION plant();",
        )
        .unwrap();
    let before = db.contents();
    // (A trigger on the store's tables is refused by every connection, exit 1.)
    let run = expect(&env, &lite, T0, &["store", "copy", "--to", &db.url], "", 1);
    assert!(
        run.stderr.contains("trigger plant on table mfactl.users"),
        "{}",
        run.stderr
    );
    assert_eq!(db.contents(), before);
    db.client()
        .batch_execute("DROP TRIGGER plant ON users; DROP FUNCTION plant()")
        .unwrap();
    let run = expect(&env, &lite, T0, &["store", "copy", "--to", &db.url], "", 8);
    assert!(run.stderr.contains("mfactl's tables"), "{}", run.stderr);
    assert_eq!(db.contents(), before);
    // An SQLite target with a trigger of its own.
    let other = env.path("planted.db").display().to_string();
    expect(&env, &other, T0, &["tenant", "create", "globex"], "", 0);
    let db = crate::support::sqlite(std::path::Path::new(&other));
    db.execute_batch(
        "DELETE FROM tenants; DELETE FROM audit_log; \
         CREATE TRIGGER plant BEFORE INSERT ON users BEGIN SELECT 1; END;",
    )
    .unwrap();
    drop(db);
    let bytes = std::fs::read(&other).unwrap();
    let run = expect(&env, &lite, T0, &["store", "copy", "--to", &other], "", 8);
    assert!(
        run.stderr.contains("the trigger plant on users"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(&other).unwrap(), bytes);
}

/// The third attack: default privileges that would open the copy's tables to others,
/// and database settings that change how its sessions run, are refused with 8 too.
#[test]
fn a_target_with_default_privileges_or_settings_is_refused() {
    let (env, ..) = populated();
    let lite = source(&env);
    // Default privileges that would open the copy's tables to others, and settings
    // that would change how its sessions run (here: a LIKE pattern read another way,
    // beside a schema whose name starts as PostgreSQL's own).
    let db = PgDatabase::new();
    db.client()
        .batch_execute(
            "ALTER DEFAULT PRIVILEGES FOR ROLE mfactl_test GRANT ALL ON TABLES TO PUBLIC",
        )
        .unwrap();
    let run = expect(&env, &lite, T0, &["store", "copy", "--to", &db.url], "", 8);
    assert!(
        run.stderr.contains("default privileges of mfactl_test"),
        "{}",
        run.stderr
    );
    let db = PgDatabase::new();
    db.client()
        .batch_execute(&format!(
            "CREATE SCHEMA pgmfa; ALTER DATABASE {} SET standard_conforming_strings = off",
            db.name
        ))
        .unwrap();
    let run = expect(&env, &lite, T0, &["store", "copy", "--to", &db.url], "", 8);
    assert!(run.stderr.contains("the schema pgmfa"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the setting standard_conforming_strings=off"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_store_itself_as_target_is_a_usage_error() {
    let (env, ..) = populated();
    let lite = source(&env);
    let bytes = std::fs::read(&lite).unwrap();
    expect(&env, &lite, T0, &["store", "copy", "--to", &lite], "", 2);
    // The same file by another name.
    expect(
        &env,
        &lite,
        T0,
        &["store", "copy", "--to", "./store.db"],
        "",
        2,
    );
    assert_eq!(std::fs::read(&lite).unwrap(), bytes);
    let db = PgDatabase::new();
    copy(&env, &lite, &db.url);
    let before = db.contents();
    expect(
        &env,
        &db.url,
        T0,
        &["store", "copy", "--to", &db.url],
        "",
        2,
    );
    assert_eq!(db.contents(), before);
}

#[test]
fn a_target_with_another_key_is_refused() {
    let (env, ..) = populated();
    let db = PgDatabase::new();
    empty_store(&env, &db, "other.key");
    let before = db.contents();
    // A database holding a store, even an empty one, is not a new database.
    let run = expect(
        &env,
        &source(&env),
        T0,
        &["store", "copy", "--to", &db.url],
        "",
        8,
    );
    assert!(run.stderr.contains("mfactl's tables"), "{}", run.stderr);
    assert_eq!(db.contents(), before);
    // An SQLite copy whose key file (beside it) holds another key could not be opened.
    let other = env.path("fresh.db");
    std::fs::copy(env.path("other.key"), env.path("fresh.db.key")).unwrap();
    let run = env
        .cmd()
        .args(["store", "copy", "--to", other.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("another key"));
    assert!(!other.exists(), "a refused copy left a file");
}

#[test]
fn an_unreachable_server_is_exit_1_naming_it_and_the_source_is_unchanged() {
    let (env, ..) = populated();
    let lite = source(&env);
    // The test server's superuser, on a port where nothing listens.
    pg_server_url();
    let bytes = std::fs::read(&lite).unwrap();
    let run = expect(
        &env,
        &lite,
        T0,
        &[
            "store",
            "copy",
            "--to",
            "postgres://mfactl:pw-secret@127.0.0.1:1/mfactl",
        ],
        "",
        1,
    );
    assert!(run.stderr.contains("127.0.0.1:1"), "{}", run.stderr);
    assert!(!run.stderr.contains("pw-secret"), "{}", run.stderr);
    assert_eq!(std::fs::read(&lite).unwrap(), bytes);
}

#[test]
fn an_sqlite_copy_gets_the_key_file_beside_it_and_opens_as_it_is() {
    let (env, ..) = populated();
    // Without MFACTL_KEY_FILE the key is beside each store: the copy gets its own.
    let copy = env.path("copy.db");
    let witnesses = || {
        std::fs::read_dir(env.path("home/.local/share/mfactl/witness"))
            .unwrap()
            .count()
    };
    let seen = witnesses();
    let run = env
        .cmd()
        .args(["store", "copy", "--to", "copy.db"])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    // This machine recorded the end of the copy's log, as for a store it wrote to.
    assert_eq!(witnesses(), seen + 1);
    let text = String::from_utf8_lossy(&run.stdout);
    assert!(text.contains("3 users"), "{text}");
    assert!(text.contains("audit verify passes"), "{text}");
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&copy), 0o600);
    assert_eq!(mode(&env.path("copy.db.key")), 0o600);
    assert_eq!(
        std::fs::read(env.path("copy.db.key")).unwrap(),
        std::fs::read(env.path("store.db.key")).unwrap()
    );
    let list = |store: &std::path::Path| {
        let out = env
            .cmd()
            .env("MFACTL_STORE", store)
            .args(["user", "list", "--json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    assert_eq!(list(&copy), list(&env.store));
}

#[test]
fn a_source_whose_audit_log_does_not_verify_is_not_copied() {
    let (env, ..) = populated();
    sqlite(&env.store)
        .execute(
            "UPDATE audit_log SET actor = 'someone else' WHERE seq = 2",
            [],
        )
        .unwrap();
    let run = expect(
        &env,
        &source(&env),
        T0,
        &["store", "copy", "--to", "copy.db"],
        "",
        1,
    );
    assert!(run.stderr.contains("entry 2"), "{}", run.stderr);
    assert!(!env.path("copy.db").exists(), "a refused copy left a file");
    assert!(!env.path("copy.db.key").exists());
}

/// Issue 18, finding 7: a copy into an existing (empty) file that others may read would
/// put the store's password hashes, encrypted secrets and audit log where they can read
/// them (and whoever opened it while it was 0644 keeps reading it after a chmod). It is
/// refused, saying how to fix it, as a key file others may read is; the file is left as
/// it was. The same through a symbolic link; a private file (0600) is copied into and
/// stays 0600.
#[test]
fn a_copy_into_a_file_others_may_read_is_refused_until_it_is_private() {
    let (env, ..) = populated();
    let lite = source(&env);
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let target = env.path("copy.db");
    let link = env.path("link.db");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    for (open, to) in [(0o644, &target), (0o640, &target), (0o604, &link)] {
        std::fs::write(&target, b"").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(open)).unwrap();
        let run = expect(
            &env,
            &lite,
            T0,
            &["store", "copy", "--to", to.to_str().unwrap()],
            "",
            1,
        );
        assert!(
            run.stderr.contains(&format!("mode {open:04o}")),
            "{open:o}: {}",
            run.stderr
        );
        assert!(run.stderr.contains("chmod 600"), "{}", run.stderr);
        assert_eq!(std::fs::read(&target).unwrap(), b"", "{open:o}: written");
        assert_eq!(mode(&target), open, "its mode was changed");
        assert!(!env.path("copy.db.key").exists());
    }
    // A leftover side file others may read, beside a private target: refused as well.
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).unwrap();
    let wal = env.path("copy.db-wal");
    std::fs::write(&wal, b"").unwrap();
    std::fs::set_permissions(&wal, std::fs::Permissions::from_mode(0o644)).unwrap();
    let run = expect(
        &env,
        &lite,
        T0,
        &["store", "copy", "--to", target.to_str().unwrap()],
        "",
        1,
    );
    assert!(run.stderr.contains("copy.db-wal"), "{}", run.stderr);
    assert_eq!(std::fs::read(&target).unwrap(), b"");
    std::fs::remove_file(&wal).unwrap();
    // Private: copied into, and private it stays.
    expect(
        &env,
        &lite,
        T0,
        &["store", "copy", "--to", link.to_str().unwrap()],
        "",
        0,
    );
    assert_eq!(mode(&target), 0o600);
    expect(
        &env,
        target.to_str().unwrap(),
        T0,
        &["audit", "verify"],
        "",
        0,
    );
}

/// Finding 7's neighbours: a FIFO is no copy target (and no wait on it), nor is an empty
/// file of another user, which is left as it was.
#[test]
fn a_fifo_or_a_file_of_another_user_is_no_copy_target() {
    let (env, ..) = populated();
    let lite = source(&env);
    // A FIFO is no target (and no wait on it).
    let fifo = env.path("fifo.db");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let run = expect(
        &env,
        &lite,
        T0,
        &["store", "copy", "--to", fifo.to_str().unwrap()],
        "",
        1,
    );
    assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
    // Nor is an empty file of another user (which only root can make here).
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if root {
        let theirs = env.path("theirs.db");
        std::fs::write(&theirs, b"").unwrap();
        std::fs::set_permissions(&theirs, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(
            std::process::Command::new("chown")
                .arg("4242")
                .arg(&theirs)
                .status()
                .unwrap()
                .success()
        );
        let run = expect(
            &env,
            &lite,
            T0,
            &["store", "copy", "--to", theirs.to_str().unwrap()],
            "",
            1,
        );
        assert!(run.stderr.contains("belongs to uid 4242"), "{}", run.stderr);
        assert_eq!(std::fs::read(&theirs).unwrap(), b"");
    }
}
