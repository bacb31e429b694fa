//! The PostgreSQL store's plumbing on a real server (the one `scripts/test` starts, a
//! fresh database per test): connecting as libpq would, TLS through rustls, and the
//! schema's migrations and refusals, through the library, and `--store postgres://…`
//! through the binary (the rest of the suite runs on PostgreSQL with
//! `MFACTL_TEST_STORE=postgres`); each needs `MFACTL_TEST_PG_URL` and fails without it.

use mfactl::store::postgres::{PgEnv, SslMode, Target, latest_version, open_schema};

use crate::support::{Env, PgCluster, PgDatabase, TestCa, pg_port, sqlite, wait_for};

fn env() -> PgEnv {
    PgEnv {
        user: "nobody-here".to_owned(),
        ..PgEnv::default()
    }
}

/// Connects to `url` and brings its schema up to date.
fn open(url: &str) -> mfactl::error::Result<i64> {
    let target = Target::parse(url, &env())?;
    let mut client = target.connect()?;
    open_schema(&mut client, &target)
}

/// What a refusal must leave alone: every relation of the database, and the recorded
/// schema versions when there are any.
fn snapshot(db: &PgDatabase) -> (Vec<String>, Vec<i64>) {
    let mut client = db.client();
    let relations = client
        .query(
            "SELECT n.nspname::text || '.' || c.relname::text || ':' || c.relkind::text FROM pg_class c \
             JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname IN ('public', 'mfactl') ORDER BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    let versions = match client.query("SELECT version FROM mfactl.mfactl_schema ORDER BY 1", &[]) {
        Ok(rows) => rows.iter().map(|row| row.get(0)).collect(),
        Err(_) => Vec::new(),
    };
    (relations, versions)
}

/// The message, hint and causes of an error, as a person would read them.
fn all_text(e: &mfactl::error::Error) -> String {
    format!("{} | {:?} | {}", e.message, e.hint, e.causes.join(" | "))
}

#[test]
fn a_fresh_database_is_migrated_and_every_version_recorded() {
    let db = PgDatabase::new();
    assert_eq!(open(&db.url).unwrap(), latest_version());
    let (_, versions) = snapshot(&db);
    assert_eq!(versions, (1..=latest_version()).collect::<Vec<_>>());
}

/// The same tables with the same columns in the same order, and every named index of
/// the SQLite store, as a SQLite store the binary made.
#[test]
fn the_schema_matches_the_sqlite_store() {
    let db = PgDatabase::new();
    open(&db.url).unwrap();
    let env = Env::new_sqlite();
    env.ok(&["tenant", "create", "acme"]);
    let lite = sqlite(&env.store);
    let mut stmt = lite
        .prepare(
            "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p \
             WHERE m.type = 'table' ORDER BY m.name, p.cid",
        )
        .unwrap();
    let sqlite_columns: Vec<(String, String)> = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut client = db.client();
    let pg_columns: Vec<(String, String)> = client
        .query(
            "SELECT table_name::text, column_name::text FROM information_schema.columns \
             WHERE table_schema = 'mfactl' AND table_name <> 'mfactl_schema' \
             ORDER BY table_name COLLATE \"C\", ordinal_position",
            &[],
        )
        .unwrap()
        .iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect();
    assert_eq!(pg_columns, sqlite_columns);

    let mut stmt = lite
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
        .unwrap();
    let sqlite_indexes: Vec<String> = stmt
        .query_map([], |row| row.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(!sqlite_indexes.is_empty());
    let pg_indexes: Vec<String> = client
        .query(
            "SELECT indexname::text FROM pg_indexes WHERE schemaname = 'mfactl'",
            &[],
        )
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    for index in sqlite_indexes {
        assert!(
            pg_indexes.contains(&index),
            "no index {index} on PostgreSQL"
        );
    }
}

/// Names are unique whatever their ASCII case, as SQLite's NOCASE compares them, and
/// letters outside ASCII are not folded (NOCASE does not fold them either); cascades
/// delete as on SQLite.
#[test]
fn names_compare_as_nocase_and_deletes_cascade() {
    let db = PgDatabase::new();
    open(&db.url).unwrap();
    let mut client = db.client();
    let insert = "INSERT INTO tenants (name, created_at) VALUES ($1, 0)";
    client.execute(insert, &[&"Acme"]).unwrap();
    let e = client.execute(insert, &[&"aCME"]).unwrap_err();
    assert_eq!(
        e.code(),
        Some(&postgres::error::SqlState::UNIQUE_VIOLATION),
        "{e}"
    );
    client.execute(insert, &[&"Ärzte"]).unwrap();
    client.execute(insert, &[&"ärzte"]).unwrap();
    let ordered: Vec<String> = client
        .query("SELECT name FROM tenants ORDER BY lower(name)", &[])
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    // NOCASE's order: ASCII folded, then bytes (so both Ä forms sort after z).
    assert_eq!(ordered, ["Acme", "Ärzte", "ärzte"]);

    client
        .batch_execute(
            "INSERT INTO companies (tenant_id, slug, created_at) \
                 SELECT id, 'sales', 0 FROM tenants WHERE name = 'Acme'; \
             INSERT INTO users (tenant_id, company_id, email, kind, created_at) \
                 SELECT tenant_id, id, 'A@x.example', 'local', 0 FROM companies",
        )
        .unwrap();
    let e = client
        .execute(
            "INSERT INTO users (tenant_id, email, kind, created_at) \
             SELECT tenant_id, 'a@X.EXAMPLE', 'local', 0 FROM companies",
            &[],
        )
        .unwrap_err();
    assert_eq!(e.code(), Some(&postgres::error::SqlState::UNIQUE_VIOLATION));
    client
        .execute("DELETE FROM tenants WHERE name = 'Acme'", &[])
        .unwrap();
    let left: i64 = client
        .query_one(
            "SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM companies)",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(left, 0);
}

#[test]
fn opening_again_and_many_first_opens_at_once_are_harmless() {
    let db = PgDatabase::new();
    let opens: Vec<_> = (0..8)
        .map(|_| {
            let url = db.url.clone();
            std::thread::spawn(move || open(&url))
        })
        .collect();
    for open in opens {
        assert_eq!(open.join().unwrap().unwrap(), latest_version());
    }
    let before = snapshot(&db);
    assert_eq!(open(&db.url).unwrap(), latest_version());
    assert_eq!(snapshot(&db), before);
    assert_eq!(before.1, (1..=latest_version()).collect::<Vec<_>>());
}

#[test]
fn a_newer_schema_is_refused_untouched() {
    let db = PgDatabase::new();
    open(&db.url).unwrap();
    let newer = latest_version() + 1;
    db.client()
        .execute(
            "INSERT INTO mfactl.mfactl_schema (version) VALUES ($1)",
            &[&newer],
        )
        .unwrap();
    let before = snapshot(&db);
    let e = open(&db.url).unwrap_err();
    assert_eq!(e.exit_code(), 1);
    assert!(
        e.message.contains(&format!("schema version {newer}")) && e.message.contains("newer"),
        "{}",
        all_text(&e)
    );
    assert!(e.message.contains(&db.name), "{}", e.message);
    assert_eq!(snapshot(&db), before);
}

#[test]
fn a_database_of_another_program_is_refused_untouched() {
    let db = PgDatabase::new();
    db.client()
        .batch_execute("CREATE TABLE orders (id BIGINT PRIMARY KEY); INSERT INTO orders VALUES (1)")
        .unwrap();
    let before = snapshot(&db);
    let e = open(&db.url).unwrap_err();
    assert_eq!(e.exit_code(), 1);
    assert!(
        e.message.contains("not an mfactl store"),
        "{}",
        all_text(&e)
    );
    assert_eq!(snapshot(&db), before);
    let rows: i64 = db
        .client()
        .query_one("SELECT count(*) FROM orders", &[])
        .unwrap()
        .get(0);
    assert_eq!(rows, 1);
}

/// A port nobody listens on: the kernel's pick, closed again.
fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn an_unreachable_server_is_named_by_host_and_port() {
    let port = closed_port();
    let url = format!("postgres://someone:pw-not-shown@127.0.0.1:{port}/db");
    let e = open(&url).unwrap_err();
    assert_eq!(e.exit_code(), 1);
    assert!(
        e.message.contains(&format!("127.0.0.1:{port}")) && e.message.contains("cannot reach"),
        "{}",
        all_text(&e)
    );
    assert!(!all_text(&e).contains("pw-not-shown"));
}

#[test]
fn a_refused_login_names_the_server_and_never_the_password() {
    let db = PgDatabase::new();
    let port = pg_port(&db.url);
    let url = db.url.replacen(
        &db.url[db.url.find("mfactl_test:").unwrap()..db.url.find('@').unwrap()],
        "mfactl_test:Wrong-Pass-42",
        1,
    );
    let e = open(&url).unwrap_err();
    assert_eq!(e.exit_code(), 1);
    let text = all_text(&e);
    assert!(
        e.message.contains(&format!("127.0.0.1:{port}"))
            && e.message.contains("refused the login of user mfactl_test"),
        "{text}"
    );
    assert!(!text.contains("Wrong-Pass-42"), "{text}");
    assert!(text.contains("it came from the URL"), "{text}");

    // No password at all: the server asks for one.
    let bare = url.replacen(":Wrong-Pass-42", "", 1);
    let e = open(&bare).unwrap_err();
    assert_eq!(e.exit_code(), 1);
    assert!(
        e.message.contains("asks for a password") && e.message.contains(&format!(":{port}")),
        "{}",
        all_text(&e)
    );
}

#[test]
fn a_missing_database_is_named() {
    let db = PgDatabase::new();
    let url = db.url.replace(&db.name, "t_no_such_db");
    let e = open(&url).unwrap_err();
    assert_eq!(e.exit_code(), 1);
    assert!(
        e.message.contains("there is no database t_no_such_db")
            && e.message
                .contains(&format!("127.0.0.1:{}", pg_port(&db.url))),
        "{}",
        all_text(&e)
    );
}

/// `user@host:port/db` with the password taken out, and the password.
fn without_password(url: &str) -> (String, String) {
    let start = url.find("mfactl_test:").unwrap() + "mfactl_test".len();
    let end = url.find('@').unwrap();
    let password = url[start + 1..end].to_owned();
    (format!("{}{}", &url[..start], &url[end..]), password)
}

#[test]
fn the_password_comes_from_pgpassword_or_the_password_file() {
    let db = PgDatabase::new();
    let (url, password) = without_password(&db.url);
    let port = pg_port(&db.url);

    let from_env = PgEnv {
        password: Some(password.clone()),
        ..env()
    };
    let target = Target::parse(&url, &from_env).unwrap();
    target.connect().unwrap();

    let home = tempfile::tempdir().unwrap();
    let pgpass = home.path().join(".pgpass");
    std::fs::write(
        &pgpass,
        format!("# a comment\n127.0.0.1:{port}:other_db:*:nope\n127.0.0.1:{port}:*:mfactl_test:{password}\n"),
    )
    .unwrap();
    let set_mode = |mode| {
        std::fs::set_permissions(&pgpass, std::os::unix::fs::PermissionsExt::from_mode(mode))
            .unwrap();
    };
    set_mode(0o600);
    let from_file = PgEnv {
        home: Some(home.path().to_owned()),
        ..env()
    };
    let target = Target::parse(&url, &from_file).unwrap();
    let mut client = target.connect().unwrap();
    open_schema(&mut client, &target).unwrap();

    // As libpq: a password file that others may read is not read, and the error says so.
    set_mode(0o644);
    let target = Target::parse(&url, &from_file).unwrap();
    let Err(e) = target.connect() else {
        panic!("connected")
    };
    assert_eq!(e.exit_code(), 1);
    let text = all_text(&e);
    assert!(text.contains("chmod 0600"), "{text}");
    assert!(!text.contains(&password), "{text}");
}

#[test]
fn a_lost_connection_is_an_environment_error_naming_the_server() {
    let db = PgDatabase::new();
    let target = Target::parse(&db.url, &env()).unwrap();
    let mut client = target.connect().unwrap();
    let pid: i32 = client
        .query_one("SELECT pg_backend_pid()", &[])
        .unwrap()
        .get(0);
    // A failed statement is not a lost connection.
    let e = client
        .query_one("SELECT no_such_column", &[])
        .map_err(target.error("counting users"))
        .unwrap_err();
    assert!(
        e.message.contains("store error") && !e.message.contains("lost"),
        "{}",
        all_text(&e)
    );
    db.client()
        .execute("SELECT pg_terminate_backend($1)", &[&pid])
        .unwrap();
    let e = client
        .query_one("SELECT 1", &[])
        .map_err(target.error("counting users"))
        .unwrap_err();
    assert_eq!(e.exit_code(), 1);
    assert!(
        e.message
            .contains(&format!("127.0.0.1:{}", pg_port(&db.url)))
            && e.message.contains("counting users")
            && e.message.contains("lost the connection"),
        "{}",
        all_text(&e)
    );
}

/// The shared server offers no TLS: `prefer` falls back to plain text, `require` fails
/// naming the server.
#[test]
fn without_tls_on_the_server_prefer_is_plain_and_require_fails() {
    let db = PgDatabase::new();
    let target = Target::parse(&db.url, &env()).unwrap();
    let info = target.server_info(&mut target.connect().unwrap()).unwrap();
    assert_eq!(info.tls, None);
    assert_eq!(info.sslmode, SslMode::Prefer);
    assert_eq!(info.database, db.name);
    assert_eq!(info.user, "mfactl_test");
    assert!(!info.server_version.is_empty());

    let target = Target::parse(&format!("{}?sslmode=require", db.url), &env()).unwrap();
    let Err(e) = target.connect() else {
        panic!("connected")
    };
    assert_eq!(e.exit_code(), 1);
    assert!(
        e.message.contains("TLS") && e.message.contains(&target.endpoint()),
        "{}",
        all_text(&e)
    );
}

/// A server with a certificate from a CA the test made (for localhost and 127.0.0.1),
/// listening on 127.0.0.1 and 127.0.0.2.
#[test]
fn tls_is_verified_as_sslmode_asks() {
    let env_dir = Env::new();
    let ca = TestCa::new(&env_dir);
    let server = PgCluster::start(&["--ssl", &ca.file("server.pem"), &ca.file("server.key")]);
    let port = server.port();
    let url =
        |host: &str, query: &str| format!("{}?{query}", server.url.replace("127.0.0.1", host));
    let connect = |host: &str, query: &str| {
        let target = Target::parse(&url(host, query), &env())?;
        let mut client = target.connect()?;
        target.server_info(&mut client)
    };
    let good = format!("sslrootcert={}", ca.file("ca.pem"));
    let rogue = format!("sslrootcert={}", ca.file("rogue.pem"));

    let info = connect("127.0.0.1", &format!("sslmode=verify-full&{good}")).unwrap();
    assert!(
        info.tls.as_deref().is_some_and(|t| t.starts_with("TLSv1.")),
        "{info:?}"
    );
    assert!(info.certificate_checked);
    assert_eq!(info.endpoint, format!("127.0.0.1:{port}"));

    // A certificate from another CA is refused, whatever the mode that checks it.
    for mode in ["verify-full", "verify-ca", "require"] {
        let e = connect("127.0.0.1", &format!("sslmode={mode}&{rogue}")).unwrap_err();
        assert_eq!(e.exit_code(), 1, "{mode}");
        assert!(
            e.message.contains("TLS") && e.message.contains(&format!("127.0.0.1:{port}")),
            "{mode}: {}",
            all_text(&e)
        );
    }
    // 127.0.0.2 is not a name in the certificate: verify-full refuses, verify-ca accepts.
    let e = connect("127.0.0.2", &format!("sslmode=verify-full&{good}")).unwrap_err();
    assert!(
        e.message.contains(&format!("127.0.0.2:{port}")),
        "{}",
        all_text(&e)
    );
    let info = connect("127.0.0.2", &format!("sslmode=verify-ca&{good}")).unwrap();
    assert!(info.certificate_checked);
    // Without a root certificate, require encrypts and checks nothing; disable is plain.
    let info = connect("127.0.0.1", "sslmode=require").unwrap();
    assert!(info.tls.is_some() && !info.certificate_checked, "{info:?}");
    let info = connect("127.0.0.1", "sslmode=disable").unwrap();
    assert_eq!(info.tls, None);

    // And the schema goes over TLS as over plain text.
    let db = PgDatabase::on(&server.url);
    let target = Target::parse(&format!("{}?sslmode=verify-full&{good}", db.url), &env()).unwrap();
    let mut client = target.connect().unwrap();
    assert_eq!(open_schema(&mut client, &target).unwrap(), latest_version());
}

/// `--store postgres://…` through the binary: an empty database is refused untouched for
/// reads and writes (only `tenant create` makes a store), the key file must be named
/// by `MFACTL_KEY_FILE`, another key is refused, and no message shows the password.
#[test]
fn a_url_store_is_created_only_by_tenant_create_and_keeps_its_key() {
    let db = PgDatabase::new();
    let env = Env::new_sqlite();
    let key = env.path("team.key");
    let run = |args: &[&str], key: Option<&std::path::Path>| {
        let mut cmd = env.cmd();
        cmd.env("MFACTL_STORE", &db.url).args(args);
        if let Some(key) = key {
            cmd.env("MFACTL_KEY_FILE", key);
        }
        let out = cmd.output().unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let password = db.url.split(':').nth(2).unwrap().split('@').next().unwrap();
    // Without MFACTL_KEY_FILE: refused before anything is written, saying why.
    let (code, _, stderr) = run(&["tenant", "create", "acme"], None);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("MFACTL_KEY_FILE"), "{stderr}");
    assert!(!stderr.contains(password), "{stderr}");
    assert_eq!(snapshot(&db), (Vec::new(), Vec::new()));
    // A read or a write of the empty database: refused, untouched, naming the server.
    for args in [
        &["tenant", "list"][..],
        &["company", "create", "sales", "--tenant", "acme"],
    ] {
        let (code, _, stderr) = run(args, Some(&key));
        assert_eq!(code, 1, "{args:?}: {stderr}");
        assert!(stderr.contains(&db.name), "{stderr}");
        assert!(
            stderr.contains(&format!("127.0.0.1:{}", pg_port(&db.url))),
            "{stderr}"
        );
        assert!(stderr.contains("tenant create"), "{stderr}");
        assert_eq!(snapshot(&db), (Vec::new(), Vec::new()));
    }
    assert!(!key.exists());
    // tenant create migrates, makes the key file and records its check value.
    let (code, _, stderr) = run(&["tenant", "create", "acme"], Some(&key));
    assert_eq!(code, 0, "{stderr}");
    assert!(key.exists());
    let (_, versions) = snapshot(&db);
    assert_eq!(versions, (1..=latest_version()).collect::<Vec<_>>());
    let (code, stdout, stderr) = run(&["store", "info", "--json"], Some(&key));
    assert_eq!(code, 0, "{stderr}");
    let info: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(info["backend"], "postgresql");
    assert_eq!(info["server"]["database"], db.name.as_str());
    assert_eq!(info["tenants"], 1);
    assert!(!stdout.contains(password), "{stdout}");
    // Another key file (of another store) is refused, and changes nothing.
    let other = Env::new_sqlite();
    other.ok(&["tenant", "create", "beta"]);
    let before = db.contents();
    let (code, _, stderr) = run(
        &["tenant", "create", "gamma"],
        Some(&other.path("store.db.key")),
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("does not belong to the store"), "{stderr}");
    assert_eq!(db.contents(), before);
    let (code, stdout, _) = run(&["tenant", "list", "--json"], Some(&key));
    assert_eq!(code, 0);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&stdout).unwrap()[0]["name"],
        "acme"
    );
}

/// `store info` through the binary on a server with TLS: with `sslmode=verify-full` and
/// the test's CA its `server.tls` is the TLS version and the certificate was checked;
/// with `sslmode=disable` there is no TLS and nothing checked; another CA is refused
/// (exit 1, naming the server) before anything is written.
#[test]
fn store_info_shows_tls_and_whether_the_certificate_was_checked() {
    let env = Env::new_sqlite();
    let ca = TestCa::new(&env);
    let server = PgCluster::start(&["--ssl", &ca.file("server.pem"), &ca.file("server.key")]);
    let db = PgDatabase::on(&server.url);
    let run = |query: &str, args: &[&str]| {
        let out = env
            .cmd()
            .env("MFACTL_STORE", format!("{}?{query}", db.url))
            .env("MFACTL_KEY_FILE", env.path("team.key"))
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let verified = format!("sslmode=verify-full&sslrootcert={}", ca.file("ca.pem"));
    let (code, _, stderr) = run(&verified, &["tenant", "create", "acme"]);
    assert_eq!(code, 0, "{stderr}");

    let (code, stdout, stderr) = run(&verified, &["store", "info", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let info: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let tls = info["server"]["tls"].as_str().unwrap_or_default();
    assert!(tls.starts_with("TLSv1."), "{info}");
    assert_eq!(info["server"]["certificate_checked"], true, "{info}");
    assert_eq!(info["server"]["sslmode"], "verify-full", "{info}");
    assert_eq!(info["server"]["database"], db.name.as_str(), "{info}");
    assert_eq!(info["tenants"], 1, "{info}");
    let (code, stdout, _) = run(&verified, &["store", "info"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("certificate checked"), "{stdout}");

    let (code, stdout, stderr) = run("sslmode=disable", &["store", "info", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let info: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(info["server"]["tls"], serde_json::Value::Null, "{info}");
    assert_eq!(info["server"]["certificate_checked"], false, "{info}");

    let before = db.contents();
    let rogue = format!("sslmode=verify-full&sslrootcert={}", ca.file("rogue.pem"));
    let (code, _, stderr) = run(&rogue, &["tenant", "create", "beta"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("TLS") && stderr.contains(&format!("127.0.0.1:{}", server.port())),
        "{stderr}"
    );
    assert_eq!(db.contents(), before, "a refused connection wrote nothing");
}

/// The connection lost in the middle of a write: `user add` waits for the write lock
/// another session holds, its backend is terminated (as a server restart or a network
/// cut would end it), and it ends with exit 1 naming the server, nothing half-written;
/// the same command afterwards works.
#[test]
fn a_connection_lost_in_the_middle_of_a_write_is_exit_1_and_writes_nothing() {
    let db = PgDatabase::new();
    let env = Env::new_sqlite();
    let cmd = |args: &[&str]| {
        let mut cmd = env.std_cmd();
        cmd.env("MFACTL_STORE", &db.url)
            .env("MFACTL_KEY_FILE", env.path("team.key"))
            .args(args);
        cmd
    };
    let out = cmd(&["tenant", "create", "acme"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let before = db.contents();

    // Another session of a trusted role (the test's superuser) takes the lock every
    // mfactl write takes first.
    let mut holder = db.client();
    let mut lock = holder.transaction().unwrap();
    lock.batch_execute("LOCK TABLE mfactl.mfactl_schema IN EXCLUSIVE MODE")
        .unwrap();
    let adding = cmd(&["user", "add", "bob@example.com"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut watcher = db.client();
    let waiting = |watcher: &mut postgres::Client| -> Option<i32> {
        watcher
            .query_opt(
                "SELECT pid FROM pg_locks WHERE locktype = 'relation' AND NOT granted \
                 AND relation = 'mfactl.mfactl_schema'::regclass",
                &[],
            )
            .unwrap()
            .map(|row| row.get(0))
    };
    let mut pid = None;
    wait_for("mfactl to wait for the write lock", || {
        pid = waiting(&mut watcher);
        pid.is_some()
    });
    let terminated: bool = watcher
        .query_one("SELECT pg_terminate_backend($1)", &[&pid.unwrap()])
        .unwrap()
        .get(0);
    assert!(terminated);
    let out = adding.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("127.0.0.1:{}", pg_port(&db.url)))
            && stderr.contains("lost the connection"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    lock.rollback().unwrap();
    assert_eq!(db.contents(), before, "nothing half-written");

    let out = cmd(&["user", "add", "bob@example.com"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = cmd(&["audit", "verify"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The issue-13 attack's third finding: an `sslrootcert` that is a FIFO (or a folder, or
/// empty) is refused at once, exit 1 naming it, instead of blocking the command forever.
#[test]
fn an_sslrootcert_that_is_not_a_regular_file_is_refused_without_blocking() {
    let db = PgDatabase::new();
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let empty = dir.path().join("empty.pem");
    std::fs::write(&empty, "").unwrap();
    for (path, why) in [
        (fifo.as_path(), "not a regular file"),
        (dir.path(), "not a regular file"),
        (empty.as_path(), "no certificate"),
    ] {
        let url = format!(
            "{}?sslmode=verify-full&sslrootcert={}",
            db.url,
            path.display()
        );
        // A guard against a hang, not a measure of speed.
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let target = Target::parse(&url, &env()).unwrap();
            let _ = sender.send(target.connect().map(|_| ()));
        });
        let result = receiver
            .recv_timeout(std::time::Duration::from_secs(120))
            .unwrap_or_else(|_| panic!("connecting with sslrootcert={} hung", path.display()));
        let e = result.unwrap_err();
        assert_eq!(e.exit_code(), 1);
        let text = all_text(&e);
        assert!(text.contains("sslrootcert"), "{text}");
        assert!(text.contains(why), "{why}: {text}");
    }
}

/// Runs mfactl on the store in `db` with the key file `key`: its exit code, stdout and
/// stderr.
fn on_store(
    env: &Env,
    db: &PgDatabase,
    key: &std::path::Path,
    args: &[&str],
) -> (i32, String, String) {
    let out = env
        .cmd()
        .env("MFACTL_STORE", &db.url)
        .env("MFACTL_KEY_FILE", key)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The third attack on the PostgreSQL store: whatever the database's or role's settings
/// and schemas, a session of mfactl is its own. A schema named after the login role
/// (which the default search_path puts first), or `public`, does not shadow the store's
/// tables, even when made after the store; `ALTER DATABASE … SET role` does not hand the tables to
/// another role; and a database whose sessions run without foreign keys
/// (`session_replication_role = replica`) is refused, exit 1 naming it.
#[test]
fn database_and_role_settings_do_not_change_what_a_session_of_mfactl_reads_and_writes() {
    let db = PgDatabase::new();
    let env = Env::new_sqlite();
    let key = env.path("team.key");
    let mfactl = |args: &[&str]| on_store(&env, &db, &key, args);
    // Another role the login role may become, set as the database's default role.
    let other = format!("{}_other", db.name);
    db.client()
        .batch_execute(&format!(
            "CREATE ROLE {other} NOLOGIN; GRANT {other} TO mfactl_test; \
             ALTER DATABASE {} SET role = '{other}'",
            db.name
        ))
        .unwrap();
    assert_eq!(mfactl(&["tenant", "create", "acme"]).0, 0);
    assert_eq!(
        mfactl(&["user", "add", "alice@example.com", "--no-input"]).0,
        0
    );
    let owner: String = db
        .client()
        .query_one(
            "SELECT tableowner::text FROM pg_tables WHERE tablename = 'users'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(owner, "mfactl_test", "the tables went to {owner}");
    // A schema named after the login role (which the default search_path puts first)
    // and `public` (which it puts next), each with a users table of its own, made after
    // the store: mfactl still reads its own schema's.
    db.client()
        .batch_execute(
            "SET ROLE NONE; CREATE SCHEMA mfactl_test; \
             CREATE TABLE mfactl_test.users (LIKE mfactl.users INCLUDING ALL); \
             INSERT INTO mfactl_test.users SELECT * FROM mfactl.users; \
             UPDATE mfactl_test.users SET email = 'mallory@example.com'; \
             CREATE TABLE public.users (LIKE mfactl.users INCLUDING ALL); \
             INSERT INTO public.users SELECT * FROM mfactl_test.users;",
        )
        .unwrap();
    let (code, stdout, stderr) = mfactl(&["user", "list", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("alice@example.com"), "{stdout}");
    assert!(!stdout.contains("mallory"), "{stdout}");
    let (code, _, _) = mfactl(&["user", "show", "mallory@example.com"]);
    assert_eq!(code, 7);
    assert_eq!(
        mfactl(&["user", "add", "bob@example.com", "--no-input"]).0,
        0
    );
    let mut client = db.client();
    client.batch_execute("SET ROLE NONE").unwrap();
    let in_its_schema: i64 = client
        .query_one("SELECT count(*) FROM mfactl.users", &[])
        .unwrap()
        .get(0);
    assert_eq!(in_its_schema, 2);
    // Foreign keys off for the database's sessions: refused, before anything is read.
    db.client()
        .batch_execute(&format!(
            "SET ROLE NONE; ALTER DATABASE {} SET session_replication_role = replica",
            db.name
        ))
        .unwrap();
    let (code, _, stderr) = mfactl(&["user", "delete", "alice@example.com", "--yes"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("session_replication_role"), "{stderr}");
    assert!(
        stderr.contains(&format!("127.0.0.1:{}", pg_port(&db.url))),
        "{stderr}"
    );
}

/// The fourth attack: functions planted where mfactl's SQL calls a built-in that takes
/// any type (`json_build_array`, `json_agg`) or an untyped parameter, with arguments
/// that match exactly. In `public`, even open to every role (PostgreSQL 14's default) or
/// owned by another, they are never called: mfactl's sessions do not search `public`.
/// In mfactl's own schema, which only a trusted role can have put them in, they are
/// refused by name before any query could call them (each would raise if it ran); and
/// so is that schema open to others or owned by another role, exit 1 saying what to
/// remove, until it is mfactl's again.
#[test]
fn functions_planted_anywhere_are_never_called_and_an_open_schema_of_mfactls_is_refused() {
    let db = PgDatabase::new();
    let env = Env::new_sqlite();
    let key = env.path("team.key");
    let mfactl = |args: &[&str]| on_store(&env, &db, &key, args);
    for args in [
        &["tenant", "create", "acme"][..],
        &["user", "add", "alice@example.com", "--no-input"],
        &["role", "create", "admin"],
        &["role", "require-2fa", "admin"],
        &["role", "assign", "admin", "alice@example.com"],
    ] {
        let (code, _, stderr) = mfactl(args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
    }
    let plant = |schema: &str| {
        format!(
            "CREATE FUNCTION {schema}.json_build_array(n text, r boolean) RETURNS json \
               LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'planted code ran'; END$$; \
             CREATE FUNCTION {schema}.lower(v varchar) RETURNS text \
               LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'planted code ran'; END$$;"
        )
    };
    // In public, open to every role and owned by another: never called, nothing refused.
    let other = format!("{}_owner", db.name);
    db.client()
        .batch_execute(&format!(
            "{} GRANT CREATE ON SCHEMA public TO PUBLIC; \
             CREATE ROLE {other} NOLOGIN; ALTER SCHEMA public OWNER TO {other}",
            plant("public")
        ))
        .unwrap();
    for args in [
        &["user", "show", "alice@example.com", "--json"][..],
        &["role", "create", "staff"],
        &["user", "list"],
    ] {
        let (code, stdout, stderr) = mfactl(args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        assert!(!stderr.contains("planted code ran"), "{stderr}");
        if args[0] == "user" && args[1] == "show" {
            let view: serde_json::Value = serde_json::from_str(&stdout).unwrap();
            assert_eq!(view["mfa"]["required"], true, "{stdout}");
        }
    }
    // In mfactl's schema: refused by name, before anything could call them.
    db.client().batch_execute(&plant("mfactl")).unwrap();
    for args in [
        &["user", "show", "alice@example.com"][..],
        &["role", "create", "ops"],
    ] {
        let (code, _, stderr) = mfactl(args);
        assert_eq!(code, 1, "{args:?}: {stderr}");
        assert!(
            stderr.contains(
                "function mfactl.json_build_array(text,boolean), which mfactl does not make"
            ),
            "{stderr}"
        );
        assert!(
            stderr.contains("function mfactl.lower(character varying)"),
            "{stderr}"
        );
        assert!(!stderr.contains("planted code ran"), "{stderr}");
        assert!(
            stderr.contains(&format!("127.0.0.1:{}", pg_port(&db.url))),
            "{stderr}"
        );
    }
    db.client()
        .batch_execute(
            "DROP FUNCTION mfactl.json_build_array(text, boolean); \
             DROP FUNCTION mfactl.lower(varchar);",
        )
        .unwrap();
    assert_eq!(mfactl(&["user", "list"]).0, 0);
    // mfactl's schema open to every role: refused, reads too, until it is closed.
    db.client()
        .batch_execute("GRANT CREATE ON SCHEMA mfactl TO PUBLIC")
        .unwrap();
    let (code, _, stderr) = mfactl(&["user", "list"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("CREATE on the schema mfactl granted to PUBLIC"),
        "{stderr}"
    );
    assert!(stderr.contains("REVOKE"), "{stderr}");
    db.client()
        .batch_execute("REVOKE CREATE ON SCHEMA mfactl FROM PUBLIC")
        .unwrap();
    assert_eq!(mfactl(&["user", "list"]).0, 0);
    // Owned by a role that is not trusted: refused as well.
    db.client()
        .batch_execute(&format!("ALTER SCHEMA mfactl OWNER TO {other}"))
        .unwrap();
    let (code, _, stderr) = mfactl(&["user", "list"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(&format!("the schema mfactl is owned by {other}")),
        "{stderr}"
    );
    db.client()
        .batch_execute("ALTER SCHEMA mfactl OWNER TO mfactl_test")
        .unwrap();
    assert_eq!(mfactl(&["user", "list"]).0, 0);
}

/// The fifth to ninth attacks, on mfactl's own schema: what a role that is not trusted
/// owns or was granted there (a table of the store, privileges on its rows or columns,
/// membership in the owner's role), and what a role trusted once (a member of mfactl's
/// role for a moment) could have left in it or on its tables (a function, operator,
/// type, view, table or statistics object; a trigger, rule or policy; a constraint,
/// default or key that calls or names something outside; a table elsewhere inheriting
/// from one of the store's) is refused at connect, exit 1 naming it; the check itself,
/// which reads with nothing but `pg_catalog` on the path, never runs what was planted.
/// The same planted in `public` (which mfactl's sessions never search), another
/// session's temporary objects, and a role's default privileges for what it makes
/// itself stop no one.
#[test]
#[expect(
    clippy::too_many_lines,
    reason = "one planted thing after another on one store, each undone before the next"
)]
fn what_others_own_were_granted_or_left_in_mfactls_schema_is_refused_and_never_run() {
    let db = PgDatabase::new();
    let env = Env::new_sqlite();
    let key = env.path("team.key");
    let mfactl = |args: &[&str]| {
        let (code, _, stderr) = on_store(&env, &db, &key, args);
        (code, stderr)
    };
    assert_eq!(mfactl(&["tenant", "create", "acme"]).0, 0);
    let eve = format!("{}_eve", db.name);
    let refused = |setup: &str, undo: &str, named: &str| {
        db.client().batch_execute(setup).unwrap();
        let (code, stderr) = mfactl(&["user", "list"]);
        assert_eq!(code, 1, "{named}: {stderr}");
        assert!(stderr.contains(named), "{named}: {stderr}");
        assert!(!stderr.contains("planted code ran"), "{stderr}");
        db.client().batch_execute(undo).unwrap();
        let (code, stderr) = mfactl(&["user", "list"]);
        assert_eq!(code, 0, "after undoing {named}: {stderr}");
    };
    let harmless = |setup: &str, undo: &str| {
        db.client().batch_execute(setup).unwrap();
        let (code, stderr) = mfactl(&["user", "list"]);
        assert_eq!(code, 0, "{setup}: {stderr}");
        assert!(!stderr.contains("planted code ran"), "{stderr}");
        db.client().batch_execute(undo).unwrap();
    };
    db.client()
        .batch_execute(&format!("CREATE ROLE {eve} NOLOGIN"))
        .unwrap();
    let operator = |schema: &str| {
        format!(
            "CREATE FUNCTION {schema}.evil_cat(a name, b name) RETURNS text LANGUAGE plpgsql \
               AS $$BEGIN RAISE EXCEPTION 'planted code ran'; END$$; \
             CREATE OPERATOR {schema}.|| (LEFTARG = name, RIGHTARG = name, FUNCTION = {schema}.evil_cat); \
             ALTER FUNCTION {schema}.evil_cat(name, name) OWNER TO {eve}; \
             ALTER OPERATOR {schema}.|| (name, name) OWNER TO {eve};"
        )
    };
    let no_operator = |schema: &str| {
        format!(
            "DROP OPERATOR {schema}.|| (name, name); DROP FUNCTION {schema}.evil_cat(name, name);"
        )
    };
    // An operator the check's own text would have matched, owned by eve: in public,
    // never used; in mfactl's schema, refused.
    harmless(&operator("public"), &no_operator("public"));
    refused(
        &operator("mfactl"),
        &no_operator("mfactl"),
        "operator mfactl.||(name,name), which mfactl does not make",
    );
    // One of the store's tables handed to eve.
    refused(
        &format!("ALTER TABLE users OWNER TO {eve}"),
        "ALTER TABLE users OWNER TO mfactl_test",
        &format!("table mfactl.users is owned by {eve}"),
    );
    // Privileges on a table, or on columns, granted to eve.
    refused(
        &format!("GRANT SELECT ON users TO {eve}"),
        &format!("REVOKE SELECT ON users FROM {eve}"),
        &format!("privileges on table mfactl.users granted to {eve}"),
    );
    refused(
        &format!("GRANT UPDATE (failed_attempts, locked_until) ON users TO {eve}"),
        &format!("REVOKE UPDATE (failed_attempts, locked_until) ON users FROM {eve}"),
        &format!("privileges on column failed_attempts of table mfactl.users granted to {eve}"),
    );
    // A trigger, a rule and a policy planted by someone who was a member of mfactl's
    // role for a moment.
    refused(
        "CREATE FUNCTION public.unlock() RETURNS trigger LANGUAGE plpgsql AS \
           $$BEGIN NEW.failed_attempts := 0; NEW.locked_until := NULL; RETURN NEW; END$$; \
         CREATE TRIGGER unlock BEFORE INSERT OR UPDATE ON users \
           FOR EACH ROW EXECUTE FUNCTION public.unlock();",
        "DROP TRIGGER unlock ON users; DROP FUNCTION public.unlock();",
        "trigger unlock on table mfactl.users, which mfactl does not make",
    );
    // A constraint trigger calling a built-in looks, by its dependencies, like the
    // triggers of a foreign key: it is refused as well.
    refused(
        "CREATE CONSTRAINT TRIGGER stop AFTER DELETE ON users \
           FOR EACH ROW EXECUTE FUNCTION pg_catalog.suppress_redundant_updates_trigger();",
        "DROP TRIGGER stop ON users;",
        "trigger stop on table mfactl.users, which mfactl does not make",
    );
    refused(
        "CREATE RULE keep AS ON DELETE TO users DO INSTEAD NOTHING;",
        "DROP RULE keep ON users;",
        "rule keep on table mfactl.users, which mfactl does not make",
    );
    refused(
        "ALTER TABLE users ENABLE ROW LEVEL SECURITY; \
         CREATE POLICY hide ON users USING (email NOT LIKE 'a%');",
        "DROP POLICY hide ON users; ALTER TABLE users DISABLE ROW LEVEL SECURITY;",
        "policy hide on table mfactl.users, which mfactl does not make",
    );
    // A member of the database's owner. (The login role of the tests is every test's,
    // so its own members are not planted here.)
    let owner = format!("{}_owner", db.name);
    db.client()
        .batch_execute(&format!(
            "CREATE ROLE {owner} NOLOGIN; ALTER DATABASE {} OWNER TO {owner}",
            db.name
        ))
        .unwrap();
    refused(
        &format!("GRANT {owner} TO {eve}"),
        &format!("REVOKE {owner} FROM {eve}"),
        &format!("{eve} is a member of {owner}"),
    );
    // A constraint or a default on the store's tables that calls a function outside
    // pg_catalog, which its owner may rewrite at any time later; an operator of another
    // schema in a constraint; a foreign key to a table elsewhere (whose owner could
    // delete users by cascade); a table elsewhere inheriting from users (its rows would
    // be read as users).
    refused(
        "CREATE SCHEMA evil; \
         CREATE FUNCTION evil.f(bigint) RETURNS boolean LANGUAGE sql AS 'SELECT true'; \
         ALTER TABLE users ADD CONSTRAINT users_ok CHECK (evil.f(failed_attempts)) NOT VALID;",
        "ALTER TABLE users DROP CONSTRAINT users_ok; DROP SCHEMA evil CASCADE;",
        "constraint users_ok on table mfactl.users depends on function evil.f(bigint)",
    );
    refused(
        "CREATE SCHEMA evil; \
         CREATE FUNCTION evil.g() RETURNS bigint LANGUAGE sql AS 'SELECT 0::bigint'; \
         ALTER TABLE users ALTER COLUMN failed_attempts SET DEFAULT evil.g();",
        "ALTER TABLE users ALTER COLUMN failed_attempts SET DEFAULT 0; DROP SCHEMA evil CASCADE;",
        "depends on function evil.g()",
    );
    refused(
        "CREATE SCHEMA evil; \
         CREATE FUNCTION evil.f(bigint, bigint) RETURNS boolean LANGUAGE sql AS 'SELECT true'; \
         CREATE OPERATOR evil.=== (LEFTARG = bigint, RIGHTARG = bigint, FUNCTION = evil.f); \
         ALTER TABLE users ADD CONSTRAINT users_ok CHECK (failed_attempts OPERATOR(evil.===) 0) NOT VALID;",
        "ALTER TABLE users DROP CONSTRAINT users_ok; DROP SCHEMA evil CASCADE;",
        "constraint users_ok on table mfactl.users depends on operator evil.===(bigint,bigint)",
    );
    refused(
        "CREATE SCHEMA evil; CREATE TABLE evil.u (id bigint PRIMARY KEY); \
         INSERT INTO evil.u SELECT id FROM users; \
         ALTER TABLE users ADD CONSTRAINT users_u FOREIGN KEY (id) REFERENCES evil.u (id) ON DELETE CASCADE;",
        "ALTER TABLE users DROP CONSTRAINT users_u; DROP SCHEMA evil CASCADE;",
        "constraint users_u on table mfactl.users depends on table evil.u",
    );
    refused(
        "CREATE SCHEMA evil; CREATE TABLE evil.kid () INHERITS (mfactl.users);",
        "DROP SCHEMA evil CASCADE;",
        "table evil.kid depends on table mfactl.users",
    );
    // A column of a type others may change.
    refused(
        "CREATE SCHEMA evil; CREATE DOMAIN evil.flag AS bigint CHECK (VALUE >= 0); \
         ALTER TABLE users ADD COLUMN planted evil.flag;",
        "ALTER TABLE users DROP COLUMN planted; DROP SCHEMA evil CASCADE;",
        "depends on type evil.flag",
    );
    // What mfactl never makes in its schema: a view, a table, a type, a statistics object.
    refused(
        "CREATE VIEW mfactl.v AS SELECT email FROM users;",
        "DROP VIEW mfactl.v;",
        "view mfactl.v, which mfactl does not make",
    );
    refused(
        "CREATE TABLE mfactl.extra (x int);",
        "DROP TABLE mfactl.extra;",
        "table mfactl.extra, which mfactl does not make",
    );
    refused(
        "CREATE TYPE mfactl.kind AS ENUM ('local', 'sso');",
        "DROP TYPE mfactl.kind;",
        "type mfactl.kind, which mfactl does not make",
    );
    refused(
        "CREATE STATISTICS mfactl.s ON failed_attempts, locked_until FROM users;",
        "DROP STATISTICS mfactl.s;",
        "statistics object mfactl.s, which mfactl does not make",
    );
    // In public: a view, a function, a table of the store's name; none is used.
    harmless(
        "CREATE VIEW public.v AS SELECT email FROM mfactl.users; \
         CREATE FUNCTION public.now() RETURNS timestamptz LANGUAGE plpgsql \
           AS $$BEGIN RAISE EXCEPTION 'planted code ran'; END$$; \
         CREATE TABLE public.tenants (LIKE mfactl.tenants);",
        "DROP VIEW public.v; DROP FUNCTION public.now(); DROP TABLE public.tenants;",
    );
    // Another session's temporary objects are not the store's: they stop no one.
    let mut other = db.client();
    other
        .batch_execute(
            "CREATE FUNCTION pg_temp.z() RETURNS int LANGUAGE sql AS 'SELECT 0'; \
             CREATE TEMP TABLE t (x int DEFAULT pg_temp.z());",
        )
        .unwrap();
    let (code, stderr) = mfactl(&["user", "list"]);
    assert_eq!(code, 0, "{stderr}");
    drop(other);
    // eve's own default privileges reach only what eve makes, and she can make nothing
    // in mfactl's schema: they stop no one (a refusal would let any login stop every
    // admin).
    db.client()
        .batch_execute(&format!(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {eve} GRANT SELECT ON TABLES TO PUBLIC"
        ))
        .unwrap();
    let (code, stderr) = mfactl(&["user", "list"]);
    assert_eq!(code, 0, "{stderr}");
}

/// The fifth attack's default privileges: given by a trusted role to eve, they open no
/// table that exists (so they stop no command), and any table mfactl would make under
/// them is refused before it is committed: `tenant create` in a new database makes
/// nothing, exit 1 naming them, until they are gone.
#[test]
fn default_privileges_for_others_are_refused_before_mfactl_makes_a_table() {
    let db = PgDatabase::new();
    let env = Env::new_sqlite();
    let key = env.path("team.key");
    let mfactl = |args: &[&str]| {
        let (code, _, stderr) = on_store(&env, &db, &key, args);
        (code, stderr)
    };
    let eve = format!("{}_eve", db.name);
    db.client()
        .batch_execute(&format!(
            "CREATE ROLE {eve} NOLOGIN; \
             ALTER DEFAULT PRIVILEGES FOR ROLE mfactl_test GRANT SELECT ON TABLES TO {eve}"
        ))
        .unwrap();
    let (code, stderr) = mfactl(&["tenant", "create", "acme"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "default privileges of mfactl_test granted to {eve}"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("privileges on table mfactl.meta granted to {eve}")),
        "{stderr}"
    );
    let (relations, versions) = snapshot(&db);
    assert_eq!((relations, versions), (Vec::new(), Vec::new()));
    let schemas: i64 = db
        .client()
        .query_one(
            "SELECT count(*) FROM pg_namespace WHERE nspname = 'mfactl'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(schemas, 0, "the refused store left its schema");
    db.client()
        .batch_execute(&format!(
            "ALTER DEFAULT PRIVILEGES FOR ROLE mfactl_test REVOKE SELECT ON TABLES FROM {eve}"
        ))
        .unwrap();
    assert_eq!(mfactl(&["tenant", "create", "acme"]).0, 0);
    // Given once the store exists, they open nothing that is there, and stop no one.
    db.client()
        .batch_execute(&format!(
            "ALTER DEFAULT PRIVILEGES FOR ROLE mfactl_test GRANT SELECT ON TABLES TO {eve}"
        ))
        .unwrap();
    let (code, stderr) = mfactl(&["tenant", "list"]);
    assert_eq!(code, 0, "{stderr}");
    let readable: bool = db
        .client()
        .query_one(
            &format!("SELECT has_table_privilege('{eve}', 'mfactl.users', 'SELECT')"),
            &[],
        )
        .unwrap()
        .get(0);
    assert!(!readable);
}
