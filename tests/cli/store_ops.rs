//! Issue 20: `store check`, `store rekey` and `store backup`, on both stores. Each check
//! is shown a store with one thing wrong and must name it with exit 1; a rekey must
//! leave every factor working and nothing readable with the old key, whatever moment a
//! `kill -9` stops it; a backup taken while others write must open with the store's key
//! and hold every sign-in committed before it began.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Instant;

use mfactl::secrets::Key;
use serde_json::Value;

use crate::support::{
    Env, KillOnDrop, PASSWORD, PgDatabase, expect, login, oathtool, outbox_code, sqlite, wait_for,
};

const ALICE: &str = "alice@example.com";

fn key_path(env: &Env) -> PathBuf {
    env.path("store.db.key")
}

fn load_key(path: &Path) -> Key {
    Key::load(path).unwrap().expect("a key file")
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The clock of the machine running the tests, in Unix seconds (the binary runs on it).
fn now() -> i64 {
    #[expect(
        clippy::disallowed_methods,
        reason = "the test's codes are made for the time the binary reads"
    )]
    let now = std::time::SystemTime::now();
    i64::try_from(now.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()).unwrap()
}

/// `store check --json` with its exit code; the report (printed on stdout either way).
fn check(env: &Env, code: i32) -> Value {
    let run = env.run(&["store", "check", "--json"]);
    assert_eq!(run.code, code, "store check:\n{}{}", run.stdout, run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.json()
}

/// The line of check `name` of a report.
fn line<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|line| line["name"] == name)
        .unwrap_or_else(|| panic!("no {name} line in {report}"))
}

/// The names of the checks that failed.
fn failed(report: &Value) -> Vec<String> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|line| line["ok"] == false)
        .map(|line| line["name"].as_str().unwrap().to_owned())
        .collect()
}

/// Enrols alice with an authenticator (oathtool codes at the machine's time); returns
/// the secret and the recovery codes.
fn enrol_alice(env: &Env) -> (String, Vec<String>) {
    let pending = env.json(&["user", "activate-2fa", ALICE]);
    let secret = pending["secret"].as_str().unwrap().to_owned();
    let done = env.json(&[
        "user",
        "activate-2fa",
        ALICE,
        "--code",
        &oathtool(&secret, now()),
    ]);
    let codes = done["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    (secret, codes)
}

/// Every value of the store sealed with its key, with the context it was sealed for:
/// TOTP secrets and pending enrolments (`totp:ID`), the SMTP password.
fn sealed_values(env: &Env) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let users = "SELECT id, totp_secret, pending_secret FROM users \
                 WHERE totp_secret IS NOT NULL OR pending_secret IS NOT NULL ORDER BY id";
    let mail = "SELECT implicit_tls, host, port, username, password FROM mail_server \
                WHERE password IS NOT NULL";
    let context = |tls: bool, host: String, port: i64, user: Option<String>| {
        mfactl::core::email::SmtpUrl {
            implicit_tls: tls,
            host,
            port: u16::try_from(port).unwrap(),
            username: user,
            password: None,
        }
        .password_context()
    };
    if let Some(db) = &env.pg {
        let mut client = db.client();
        for row in client.query(users, &[]).unwrap() {
            let id: i64 = row.get(0);
            for column in [1, 2] {
                if let Some(sealed) = row.get::<_, Option<Vec<u8>>>(column) {
                    out.push((format!("totp:{id}"), sealed));
                }
            }
        }
        for row in client.query(mail, &[]).unwrap() {
            let ctx = context(row.get(0), row.get(1), row.get(2), row.get(3));
            out.push((ctx, row.get(4)));
        }
    } else {
        let db = sqlite(&env.store);
        let mut stmt = db.prepare(users).unwrap();
        let rows = stmt
            .query_map([], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, Option<Vec<u8>>>(1)?,
                    row.get::<_, Option<Vec<u8>>>(2)?,
                ))
            })
            .unwrap();
        for row in rows {
            let (id, totp, pending) = row.unwrap();
            for sealed in [totp, pending].into_iter().flatten() {
                out.push((format!("totp:{id}"), sealed));
            }
        }
        let mut stmt = db.prepare(mail).unwrap();
        let rows = stmt
            .query_map([], |row| {
                Ok((
                    row.get::<_, bool>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, i64>(2)?,
                    row.get::<_, Option<String>>(3)?,
                    row.get::<_, Vec<u8>>(4)?,
                ))
            })
            .unwrap();
        for row in rows {
            let (tls, host, port, user, sealed) = row.unwrap();
            out.push((context(tls, host, port, user), sealed));
        }
    }
    out
}

/// Gives these users a TOTP secret sealed with the store's key, as an enrolment would,
/// behind mfactl's back: a store of thousands of enrolled users without thousands of
/// runs of the binary.
fn seal_secrets(env: &Env, users: &[i64]) {
    let key = load_key(&key_path(env));
    let rows: Vec<(i64, Vec<u8>)> = users
        .iter()
        .map(|id| {
            let mut secret = [0_u8; 20];
            getrandom::fill(&mut secret).unwrap();
            (*id, key.encrypt(&secret, &format!("totp:{id}")).unwrap())
        })
        .collect();
    if let Some(db) = &env.pg {
        let mut client = db.client();
        let mut tx = client.transaction().unwrap();
        for (id, sealed) in &rows {
            tx.execute(
                "UPDATE users SET totp_secret = $2, totp_enrolled_at = 1 WHERE id = $1",
                &[id, sealed],
            )
            .unwrap();
        }
        tx.commit().unwrap();
    } else {
        let mut db = sqlite(&env.store);
        let tx = db.transaction().unwrap();
        for (id, sealed) in &rows {
            tx.execute(
                "UPDATE users SET totp_secret = ?2, totp_enrolled_at = 1 WHERE id = ?1",
                rusqlite::params![id, sealed],
            )
            .unwrap();
        }
        tx.commit().unwrap();
    }
}

/// A store of `count` users imported, every third of them with a sealed TOTP secret;
/// alice enrolled with recovery codes (returned), bob with a pending enrolment.
fn populated(count: usize) -> (Env, Vec<String>) {
    let env = Env::with_acme();
    let mut csv = String::from("email\n");
    for i in 0..count {
        csv.push_str(&format!("user{i}@example.com\n"));
    }
    let file = env.path("users.csv");
    std::fs::write(&file, csv).unwrap();
    env.ok(&["user", "import", file.to_str().unwrap(), "-q"]);
    let ids: Vec<i64> = env
        .query_texts("SELECT id FROM users WHERE email LIKE 'user%' ORDER BY id")
        .iter()
        .map(|row| row[0].as_deref().unwrap().parse().unwrap())
        .filter(|id: &i64| id % 3 == 0)
        .collect();
    seal_secrets(&env, &ids);
    let (_, codes) = enrol_alice(&env);
    env.ok(&["user", "add", "bob@example.com", "--no-input", "-q"]);
    env.json(&["user", "activate-2fa", "bob@example.com"]);
    (env, codes)
}

// ---------------------------------------------------------------------------------
// store check

#[test]
fn store_check_passes_on_a_healthy_store_and_counts_each_kind_of_secret() {
    let env = Env::with_acme();
    enrol_alice(&env);
    env.ok(&["user", "add", "bob@example.com", "--no-input", "-q"]);
    env.json(&["user", "activate-2fa", "bob@example.com"]);
    env.run_with(
        &[
            "mail",
            "set",
            "--smtp-url",
            "smtp://mailer@127.0.0.1:2525",
            "--from",
            "security@acme.test",
            "--password-stdin",
        ],
        "smtp secret\n",
    );
    let report = check(&env, 0);
    assert_eq!(report["ok"], true);
    assert_eq!(report["failures"], serde_json::json!([]));
    let names: Vec<&str> = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "database",
            "schema",
            "key file",
            "secrets",
            "mail server",
            "audit log",
            "expired"
        ]
    );
    assert_eq!(report["secrets"]["totp_secrets"], 1);
    assert_eq!(report["secrets"]["pending_enrolments"], 1);
    assert_eq!(report["secrets"]["smtp_password"], 1);
    assert_eq!(report["secrets"]["decrypt"], 3);
    assert_eq!(report["secrets"]["fail"], 0);
    // The human form: one line per check, a count where one helps.
    let text = env.ok(&["store", "check"]);
    assert!(
        text.contains("secrets      ok      3 decrypt, 0 fail (1 TOTP secret, 1 pending enrolment, 1 SMTP password)"),
        "{text}"
    );
    assert!(text.trim_end().ends_with("All 6 checks passed."), "{text}");
}

#[test]
fn store_check_names_a_changed_byte_of_one_secret() {
    let env = Env::with_acme();
    enrol_alice(&env);
    env.ok(&["user", "add", "bob@example.com", "--no-input", "-q"]);
    enrol_bob(&env);
    // One byte of alice's sealed secret, flipped.
    flip_a_byte_of_the_secret(&env, ALICE);
    let before = env.snapshot();
    let report = check(&env, 1);
    assert_eq!(failed(&report), ["secrets"]);
    let detail = line(&report, "secrets")["detail"].as_str().unwrap();
    assert!(
        detail.starts_with("1 decrypt, 1 fail")
            && detail.contains("the TOTP secret of alice@example.com (tenant acme")
            && detail.contains("does not decrypt"),
        "{detail}"
    );
    assert_eq!(before, env.snapshot(), "store check changed the store");
    // The error names the failed check; the lines are on stdout.
    let run = env.run(&["store", "check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("error: store check failed: secrets"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("secrets      FAILED"), "{}", run.stdout);
}

/// Flips one bit of one byte of a user's sealed TOTP secret, behind mfactl's back.
fn flip_a_byte_of_the_secret(env: &Env, email: &str) {
    let read = "SELECT totp_secret FROM users WHERE email = ";
    let write = "UPDATE users SET totp_secret = ";
    if let Some(db) = &env.pg {
        let mut client = db.client();
        let mut sealed: Vec<u8> = client
            .query_one(&format!("{read}$1"), &[&email])
            .unwrap()
            .get(0);
        sealed[30] ^= 1;
        client
            .execute(&format!("{write}$1 WHERE email = $2"), &[&sealed, &email])
            .unwrap();
    } else {
        let db = sqlite(&env.store);
        let mut sealed: Vec<u8> = db
            .query_row(&format!("{read}?1"), [email], |row| row.get(0))
            .unwrap();
        sealed[30] ^= 1;
        db.execute(
            &format!("{write}?1 WHERE email = ?2"),
            rusqlite::params![sealed, email],
        )
        .unwrap();
    }
}

fn enrol_bob(env: &Env) {
    let pending = env.json(&["user", "activate-2fa", "bob@example.com"]);
    let secret = pending["secret"].as_str().unwrap().to_owned();
    env.json(&[
        "user",
        "activate-2fa",
        "bob@example.com",
        "--code",
        &oathtool(&secret, now()),
    ]);
}

#[test]
fn store_check_names_a_changed_audit_row() {
    let env = Env::with_acme();
    env.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2");
    let report = check(&env, 1);
    assert_eq!(failed(&report), ["audit log"]);
    let detail = line(&report, "audit log")["detail"].as_str().unwrap();
    assert!(
        detail.contains("entry 2") && detail.contains("was changed"),
        "{detail}"
    );
}

#[test]
fn store_check_names_a_key_file_replaced_by_another_key() {
    let env = Env::with_acme();
    enrol_alice(&env);
    let store_key = load_key(&key_path(&env)).id();
    std::fs::remove_file(key_path(&env)).unwrap();
    let other = Key::generate().unwrap();
    other.save_as(&key_path(&env)).unwrap();
    let report = check(&env, 1);
    assert_eq!(
        failed(&report),
        ["key file", "secrets", "mail server", "audit log"]
    );
    let detail = line(&report, "key file")["detail"].as_str().unwrap();
    assert!(
        detail.contains(&format!("(key id {})", other.id()))
            && detail.contains("does not belong to the store")
            && detail.contains(&format!("under key id {store_key}")),
        "{detail}"
    );
    // The database's own checks still ran, and passed.
    assert_eq!(line(&report, "database")["ok"], true);

    // A key file others can read is named too, with the command that fixes it.
    std::fs::remove_file(key_path(&env)).unwrap();
    std::fs::write(key_path(&env), "00".repeat(32)).unwrap();
    std::fs::set_permissions(
        key_path(&env),
        <std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o644),
    )
    .unwrap();
    let report = check(&env, 1);
    let detail = line(&report, "key file")["detail"].as_str().unwrap();
    assert!(
        detail.contains("mode 0644") && detail.contains("chmod 600"),
        "{detail}"
    );
}

#[test]
fn store_check_names_a_broken_foreign_key() {
    let env = Env::with_acme();
    if env.pg.is_some() {
        // What `PRAGMA foreign_keys=off` is on SQLite: rows written without the checks.
        env.execute(
            "SET session_replication_role = replica; \
             INSERT INTO user_roles (user_id, role_id) VALUES (4242, 4343); \
             RESET session_replication_role",
        );
    } else {
        env.execute(
            "PRAGMA foreign_keys = off; INSERT INTO user_roles (user_id, role_id) VALUES (4242, 4343)",
        );
    }
    let report = check(&env, 1);
    assert_eq!(failed(&report), ["database"]);
    let detail = line(&report, "database")["detail"].as_str().unwrap();
    assert!(
        detail.contains("foreign key") && detail.contains("user_roles"),
        "{detail}"
    );
}

#[test]
fn store_check_reports_an_expired_pending_enrolment_without_failing() {
    let env = Env::with_acme();
    env.json(&["user", "activate-2fa", ALICE]);
    let report = check(&env, 0);
    assert_eq!(report["expired"]["pending_enrolments"], 0);
    // Started two hours ago: it can no longer be finished (an hour), and is reported.
    env.execute("UPDATE users SET pending_created_at = pending_created_at - 7200");
    let report = check(&env, 0);
    assert_eq!(report["ok"], true);
    assert_eq!(report["expired"]["pending_enrolments"], 1);
    let detail = line(&report, "expired")["detail"].as_str().unwrap();
    assert!(
        detail.starts_with("1 expired pending enrolment and 0 expired access passes"),
        "{detail}"
    );
    let text = env.ok(&["store", "check"]);
    assert!(text.contains("expired      info"), "{text}");
}

#[test]
fn store_check_of_a_missing_store_creates_nothing() {
    let env = Env::new();
    if env.sqlite_only("a missing file (a database on a server is there or not)") {
        return;
    }
    let run = env.fails(&["store", "check"], 1);
    assert!(
        run.stderr.contains("there is no store at"),
        "{}",
        run.stderr
    );
    assert!(!env.store.exists());
}

// ---------------------------------------------------------------------------------
// store rekey

/// One factor of each kind whose store keeps a keyed hash or a sealed secret: alice's
/// authenticator, recovery codes and remembered device; bob's access pass; carol's
/// email code (tenant mailco signs in by email).
struct Factors {
    secret: String,
    codes: Vec<String>,
    pass: String,
    email_code: String,
    /// When alice enrolled (her code of that step is spent).
    t: i64,
}

fn every_kind_of_factor(env: &Env) -> Factors {
    let (secret, codes) = enrol_alice(env);
    // The enrolment spent the code of this step: the sign-ins below run on a clock set
    // one and three steps on, each with its own step's code.
    let t = now();
    // A remembered device, saved on this machine.
    let remembered = login(
        env,
        t + 30,
        ALICE,
        &["--code", &oathtool(&secret, t + 30), "--remember"],
    );
    expect(&remembered, 0);
    // An access pass for bob.
    expect(
        &env.run_with(
            &["user", "add", "bob@example.com", "--password-stdin", "-q"],
            PASSWORD,
        ),
        0,
    );
    let pass = env.json(&[
        "user",
        "access-pass",
        "bob@example.com",
        "--reason",
        "ticket 1",
        "--yes",
    ])["access_pass"]
        .as_str()
        .unwrap()
        .to_owned();
    // An email code sent to carol, of a tenant whose method is email.
    env.ok(&["tenant", "create", "mailco", "-q"]);
    env.ok(&[
        "tenant",
        "set-auth",
        "mailco",
        "--enable",
        "--primary",
        "email",
        "--yes",
    ]);
    expect(
        &env.run_with(
            &[
                "user",
                "add",
                "carol@example.com",
                "--tenant",
                "mailco",
                "--password-stdin",
            ],
            PASSWORD,
        ),
        0,
    );
    expect(
        &env.run_with(
            &[
                "login",
                "carol@example.com",
                "--tenant",
                "mailco",
                "--password-stdin",
                "--json",
            ],
            PASSWORD,
        ),
        4,
    );
    let email_code = outbox_code(env);
    Factors {
        secret,
        codes,
        pass,
        email_code,
        t,
    }
}

#[test]
fn a_rekey_re_encrypts_every_secret_and_every_factor_keeps_working() {
    let env = Env::with_acme();
    let factors = every_kind_of_factor(&env);
    // Another machine saw the log before the rekey.
    let other = env.machine("other");
    assert_eq!(other.json(&["audit", "verify"])["ok"], true);

    let old = load_key(&key_path(&env));
    let before = sealed_values(&env);
    assert_eq!(before.len(), 1);
    let rekeyed = env.json(&["store", "rekey", "--yes"]);
    let new = load_key(&key_path(&env));
    assert_ne!(old.id(), new.id());
    assert_eq!(rekeyed["key_id"], new.id());
    assert_eq!(rekeyed["old_key_id"], old.id());
    assert_eq!(rekeyed["secrets"]["totp_secrets"], 1);
    assert_eq!(rekeyed["hashes_wrapped"]["recovery_codes"], 10);
    assert_eq!(rekeyed["hashes_wrapped"]["devices"], 1);
    assert_eq!(rekeyed["hashes_wrapped"]["access_passes"], 1);
    assert!(rekeyed["hashes_wrapped"]["email_codes"].as_u64().unwrap() >= 1);
    // The old key is kept as KEY.old, 0600, and opens nothing in the store.
    let old_path = with_suffix(&key_path(&env), ".old");
    assert_eq!(load_key(&old_path).id(), old.id());
    assert_eq!(mode(&old_path), 0o600);
    assert_eq!(mode(&key_path(&env)), 0o600);
    assert!(!with_suffix(&key_path(&env), ".new").exists());
    for (context, sealed) in sealed_values(&env) {
        assert!(old.decrypt(&sealed, &context).is_err(), "{context}");
        assert!(new.decrypt(&sealed, &context).is_ok(), "{context}");
    }
    let ring = env.query_texts("SELECT value FROM meta WHERE key = 'key_ring'");
    let store_id = env.query_texts("SELECT value FROM meta WHERE key = 'store_id'");
    let (ring, store_id) = (ring[0][0].clone().unwrap(), store_id[0][0].clone().unwrap());
    assert!(mfactl::keyring::KeyRing::open(Some(&ring), &old, &store_id).is_err());
    assert_eq!(
        mfactl::keyring::KeyRing::open(Some(&ring), &new, &store_id)
            .unwrap()
            .past()
            .len(),
        1
    );

    // The whole log verifies, here and on the machine that saw it before; it is audited.
    assert_eq!(env.json(&["audit", "verify"])["ok"], true);
    assert_eq!(other.json(&["audit", "verify"])["ok"], true);
    assert_eq!(env.actions("store").last().unwrap(), "store.rekey");
    assert_eq!(check(&env, 0)["ok"], true);

    every_factor_still_works(&env, &factors);
    // The old key file is refused by name: another admin's copy after a rekey.
    let run = env
        .cmd()
        .env("MFACTL_KEY_FILE", &old_path)
        .args(["store", "info"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "holds key id {}, an earlier key of the store",
            old.id()
        )) && stderr.contains(&format!("now under key id {}", new.id()))
            && stderr.contains("every admin of this store needs the new key file"),
        "{stderr}"
    );
}

/// Every factor of `every_kind_of_factor` still works: the remembered device, a
/// recovery code, the TOTP secret, the access pass, the email code.
fn every_factor_still_works(env: &Env, factors: &Factors) {
    let Factors {
        secret,
        codes,
        pass,
        email_code,
        t,
    } = factors;
    let t = *t;
    let run = expect(&login(env, t + 60, ALICE, &[]), 0).json();
    assert_eq!(run["factor"], "remembered_device", "{run}");
    let run = login(
        env,
        now(),
        ALICE,
        &["--method", "recovery", "--code", &codes[0]],
    );
    assert_eq!(
        expect(&run, 0).json()["factor"],
        "recovery",
        "{}",
        run.stdout
    );
    assert_eq!(
        env.json(&["user", "show", ALICE])["mfa"]["recovery_codes_left"],
        9
    );
    expect(
        &login(env, t + 90, ALICE, &["--code", &oathtool(secret, t + 90)]),
        0,
    );
    let opened = login(
        env,
        now(),
        "bob@example.com",
        &["--method", "pass", "--code", pass],
    );
    assert_eq!(
        expect(&opened, 4).json()["next"],
        "enrol",
        "{}",
        opened.stdout
    );
    let signed_in = env.run_with(
        &[
            "login",
            "carol@example.com",
            "--tenant",
            "mailco",
            "--password-stdin",
            "--method",
            "email",
            "--code",
            email_code,
            "--json",
        ],
        PASSWORD,
    );
    assert_eq!(expect(&signed_in, 0).json()["factor"], "email");
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[test]
fn a_rekey_re_seals_the_smtp_password_and_the_mail_settings_stay_valid() {
    let env = Env::with_acme();
    expect(
        &env.run_with(
            &[
                "mail",
                "set",
                "--smtp-url",
                "smtp://mailer@127.0.0.1:2525",
                "--from",
                "security@acme.test",
                "--password-stdin",
            ],
            "smtp secret\n",
        ),
        0,
    );
    let rekeyed = env.json(&["store", "rekey", "--yes"]);
    assert_eq!(rekeyed["secrets"]["smtp_password"], 1);
    let old = load_key(&with_suffix(&key_path(&env), ".old"));
    for (context, sealed) in sealed_values(&env) {
        assert!(old.decrypt(&sealed, &context).is_err());
    }
    let shown = env.json(&["mail", "show"]);
    assert_eq!(shown["server"], "smtp://mailer@127.0.0.1:2525", "{shown}");
    assert_eq!(shown["password_set"], true, "{shown}");
    assert_eq!(check(&env, 0)["secrets"]["smtp_password"], 1);
}

#[test]
fn a_rekey_on_a_postgresql_store_tells_that_every_admin_needs_the_new_key() {
    let env = Env::with_acme();
    let text = env.ok(&["store", "rekey", "--yes"]);
    if env.pg.is_some() {
        assert!(
            text.contains("Every admin of this store needs the new key file"),
            "{text}"
        );
    } else {
        assert!(!text.contains("Every admin"), "{text}");
    }
    assert!(
        text.contains(".old: it opens nothing in the store"),
        "{text}"
    );
}

#[test]
fn a_rekey_asks_first_and_refuses_what_it_would_lose() {
    let env = Env::with_acme();
    // No terminal, no --yes: exit 4, nothing changed, no key file written.
    let run = env.fails(&["store", "rekey"], 4);
    assert!(run.stderr.contains("--yes"), "{}", run.stderr);
    assert!(!with_suffix(&key_path(&env), ".new").exists());
    // A KEY.old of an earlier rekey is never overwritten.
    env.ok(&["store", "rekey", "--yes", "-q"]);
    let old = with_suffix(&key_path(&env), ".old");
    let kept = std::fs::read(&old).unwrap();
    let run = env.fails(&["store", "rekey", "--yes"], 8);
    assert!(
        run.stderr.contains("store.db.key.old is still there") && run.stderr.contains("rm "),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(&old).unwrap(), kept);
    // Something planted as KEY.new (a link) is refused, not followed or removed.
    std::fs::remove_file(&old).unwrap();
    let new_path = with_suffix(&key_path(&env), ".new");
    std::os::unix::fs::symlink(env.path("elsewhere"), &new_path).unwrap();
    let run = env.fails(&["store", "rekey", "--yes"], 1);
    assert!(run.stderr.contains("store.db.key.new"), "{}", run.stderr);
    assert!(std::fs::symlink_metadata(&new_path).is_ok());
    assert!(!env.path("elsewhere").exists());
    std::fs::remove_file(&new_path).unwrap();
    // A stale KEY.new of a rekey that never committed is replaced by the next rekey.
    Key::generate().unwrap().save_as(&new_path).unwrap();
    let stale = load_key(&new_path).id();
    let rekeyed = env.json(&["store", "rekey", "--yes"]);
    assert_ne!(rekeyed["key_id"], stale);
    assert!(!new_path.exists());
    assert_eq!(env.json(&["audit", "verify"])["ok"], true);
}

/// On a terminal the rekey asks first, naming what it replaces: "no" changes nothing
/// (exit 4, no key file written), "yes" rekeys.
#[test]
fn on_a_terminal_a_rekey_asks_first() {
    let env = Env::with_acme();
    let before = env.snapshot();
    let spawn = || {
        let mut cmd = env.std_cmd();
        cmd.args(["store", "rekey"]);
        rexpect::session::spawn_command(cmd, Some(30_000)).expect("spawn in a pty")
    };
    let mut p = spawn();
    p.exp_string("Replace the key of the store")
        .expect("question");
    p.exp_string("[y/N]").expect("question");
    p.send_line("n").unwrap();
    p.exp_string("error: cancelled: nothing was changed")
        .expect("cancelled");
    p.exp_eof().expect("the program ends");
    assert!(matches!(
        p.process.wait().unwrap(),
        rexpect::process::wait::WaitStatus::Exited(_, 4)
    ));
    assert!(before == env.snapshot(), "the store changed");
    assert!(!with_suffix(&key_path(&env), ".new").exists());
    assert!(!with_suffix(&key_path(&env), ".old").exists());
    let mut p = spawn();
    p.exp_string("[y/N]").expect("question");
    p.send_line("y").unwrap();
    p.exp_string("Rekeyed the store").expect("rekeyed");
    p.exp_eof().expect("the program ends");
    assert!(with_suffix(&key_path(&env), ".old").exists());
    assert_eq!(check(&env, 0)["ok"], true);
}

/// A key file that is a link to the real one (a key kept on another disk): the rekey
/// switches the real file, beside which KEY.new and KEY.old are, and the link stays.
#[test]
fn a_rekey_switches_the_real_key_file_behind_a_link() {
    let env = Env::with_acme();
    if env.sqlite_only("the key file beside an SQLite store") {
        return;
    }
    let vault = env.path("vault");
    std::fs::create_dir(&vault).unwrap();
    let real = vault.join("acme.key");
    std::fs::rename(key_path(&env), &real).unwrap();
    std::os::unix::fs::symlink(&real, key_path(&env)).unwrap();
    let old = load_key(&real).id();
    env.ok(&["store", "rekey", "--yes", "-q"]);
    assert!(
        std::fs::symlink_metadata(key_path(&env))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_ne!(load_key(&real).id(), old);
    assert_eq!(load_key(&vault.join("acme.key.old")).id(), old);
    assert!(!with_suffix(&key_path(&env), ".old").exists());
    assert_eq!(check(&env, 0)["ok"], true);
}

/// The two states a crash between the commit and the end of the switch leaves: the
/// store under the key in KEY.new, KEY still the old one (and KEY.old linked or not).
/// The next command, whatever it is, finishes the switch.
#[test]
fn the_next_command_finishes_a_rekey_stopped_after_its_commit() {
    for linked in [false, true] {
        let env = Env::with_acme();
        enrol_alice(&env);
        let old = load_key(&key_path(&env));
        env.ok(&["store", "rekey", "--yes", "-q"]);
        let new = load_key(&key_path(&env));
        let (key, new_path, old_path) = (
            key_path(&env),
            with_suffix(&key_path(&env), ".new"),
            with_suffix(&key_path(&env), ".old"),
        );
        // Put the files back as they were at the commit.
        std::fs::rename(&key, &new_path).unwrap();
        if linked {
            std::fs::hard_link(&old_path, &key).unwrap();
        } else {
            std::fs::rename(&old_path, &key).unwrap();
        }
        let run = env.run(&["user", "list", "--json"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(
            run.stderr
                .contains("finished the switch to the store's new key"),
            "{}",
            run.stderr
        );
        assert_eq!(load_key(&key).id(), new.id());
        assert_eq!(load_key(&old_path).id(), old.id());
        assert!(!new_path.exists());
        assert_eq!(check(&env, 0)["ok"], true);
    }
}

/// A command that read the key before another process's rekey committed writes nothing
/// under the old key: its transaction finds the store under another key, and refuses.
#[test]
fn a_command_that_read_the_old_key_writes_nothing_after_a_rekey() {
    let env = Env::with_acme();
    let mut child = KillOnDrop(
        env.std_cmd()
            .args(["user", "add", "dave@example.com", "--password-stdin"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let pid = child.0.id();
    wait_for("user add to wait for its password", || {
        env.blocked_with_store_open(pid)
    });
    env.ok(&["store", "rekey", "--yes", "-q"]);
    child
        .0
        .stdin
        .take()
        .unwrap()
        .write_all(PASSWORD.as_bytes())
        .unwrap();
    let status = child.0.wait().unwrap();
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.0.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("the store's key was replaced while this command ran")
            && stderr.contains("nothing was changed"),
        "{stderr}"
    );
    env.fails(&["user", "show", "dave@example.com"], 7);
    assert_eq!(env.json(&["audit", "verify"])["ok"], true);
}

/// On PostgreSQL, waits until the server has ended the session of a killed mfactl
/// (its transaction is then committed or gone).
fn settled(env: &Env) {
    if env.pg.is_some() {
        wait_for("the server to end the session of a killed mfactl", || {
            env.query_ints(
                "SELECT count(*) FROM pg_stat_activity \
                 WHERE datname = current_database() AND application_name = 'mfactl'",
            ) == [Some(0)]
        });
    }
}

/// Issue 20: `kill -9` at random moments of a rekey of a few thousand users. After
/// every kill the next command opens the store with the key file in place (finishing
/// the switch when the rekey had committed), every secret decrypts, the audit log
/// verifies, and once the rekey committed nothing is readable with the old key.
#[test]
fn kill_9_at_any_moment_of_a_rekey_leaves_a_store_the_next_command_opens() {
    let (env, codes) = populated(3000);
    let key = key_path(&env);
    let old_path = with_suffix(&key, ".old");
    // How long a whole rekey takes here, to aim the kills inside it.
    let started = Instant::now();
    env.ok(&["store", "rekey", "--yes", "-q"]);
    let whole = started.elapsed();
    std::fs::remove_file(&old_path).unwrap();

    let random = std::collections::hash_map::RandomState::new();
    let mut outcomes = Vec::new();
    for attempt in 0..8_u32 {
        if old_path.exists() {
            std::fs::remove_file(&old_path).unwrap();
        }
        let before = load_key(&key);
        let permille =
            u32::try_from(std::hash::BuildHasher::hash_one(&random, attempt) % 1000).unwrap();
        // Spread over twice a whole run: the late kills find the rekey committed (and
        // may land in the switch of the key file, between its commit and its end).
        let delay = whole.mul_f64((f64::from(attempt) + f64::from(permille) / 1000.0) / 4.0);
        let mut child = KillOnDrop(
            env.std_cmd()
                .args(["store", "rekey", "--yes", "-q"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap(),
        );
        std::thread::sleep(delay);
        child.0.kill().unwrap();
        let status = child.0.wait().unwrap();
        settled(&env);
        // The next command opens the store; every secret decrypts; the log verifies.
        let report = check(&env, 0);
        assert_eq!(report["ok"], true, "{report}");
        assert_eq!(env.json(&["audit", "verify"])["ok"], true);
        let after = load_key(&key);
        let committed = after.id() != before.id();
        assert!(!with_suffix(&key, ".new").exists() || !committed);
        let sealed = sealed_values(&env);
        assert!(sealed.len() > 1000);
        for (context, value) in &sealed {
            assert!(after.decrypt(value, context).is_ok(), "{context}");
            if committed {
                assert!(before.decrypt(value, context).is_err(), "{context}");
            }
        }
        if committed {
            assert_eq!(load_key(&old_path).id(), before.id());
        } else {
            assert!(!old_path.exists());
        }
        outcomes.push((delay, status.code(), committed));
    }
    eprintln!("kills (delay, exit, committed), a whole rekey taking {whole:?}: {outcomes:?}");
    // The first kill lands before the commit; the last ones after it.
    assert!(
        !outcomes[0].2,
        "{outcomes:?} (a whole rekey took {whole:?})"
    );
    assert!(
        outcomes.iter().any(|(_, _, committed)| *committed),
        "{outcomes:?} (a whole rekey took {whole:?})"
    );
    // Alice's recovery codes survived every rekey that committed.
    let run = login(
        &env,
        now(),
        ALICE,
        &["--method", "recovery", "--code", &codes[1]],
    );
    expect(&run, 0);
}

// ---------------------------------------------------------------------------------
// store backup

#[test]
fn a_backup_is_private_checked_and_opens_with_the_stores_key_file() {
    let env = Env::with_acme();
    enrol_alice(&env);
    // However permissive the umask, the backup is 0600.
    let out = env
        .shell("umask 000; mfactl store backup backups/b.db --json", &[])
        .output()
        .unwrap();
    assert!(!out.status.success(), "no folder yet");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("mkdir -m 700"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::create_dir(env.path("backups")).unwrap();
    let out = env
        .shell("umask 000; mfactl store backup backups/b.db --json", &[])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let view: Value = serde_json::from_slice(&out.stdout).unwrap();
    let backup = env.path("backups/b.db");
    assert_eq!(mode(&backup), 0o600);
    assert_eq!(view["key_copied"], false);
    assert_eq!(view["checked"], true);
    assert_eq!(view["key_file"], key_path(&env).display().to_string());
    // Nothing but the backup beside it: no key, no temporary file, no WAL.
    let files: Vec<String> = std::fs::read_dir(env.path("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files, ["b.db"]);
    // It opens with the store's key file, and passes store check.
    let opened = env
        .cmd()
        .env("MFACTL_STORE", &backup)
        .env("MFACTL_KEY_FILE", key_path(&env))
        .args(["store", "check", "--json"])
        .output()
        .unwrap();
    assert_eq!(
        opened.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&opened.stderr)
    );
    // Without it (no key beside the backup) it does not open.
    let run = env
        .cmd()
        .env("MFACTL_STORE", &backup)
        .env_remove("MFACTL_KEY_FILE")
        .args(["user", "list"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("is missing"));
    // `store copy` brings it back, here into a new store.
    let (back, _db) = restore_target(&env);
    let copied = env
        .cmd()
        .env("MFACTL_STORE", &backup)
        .env("MFACTL_KEY_FILE", key_path(&env))
        .args(["store", "copy", "--to", &back])
        .output()
        .unwrap();
    assert_eq!(
        copied.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&copied.stderr)
    );
    let checked = env
        .cmd()
        .env("MFACTL_STORE", &back)
        .env("MFACTL_KEY_FILE", key_path(&env))
        .args(["store", "check", "--json"])
        .output()
        .unwrap();
    assert_eq!(checked.status.code(), Some(0));
}

/// Where a backup is restored to: a new database on PostgreSQL, a new file otherwise.
fn restore_target(env: &Env) -> (String, Option<PgDatabase>) {
    if env.pg.is_some() {
        let db = PgDatabase::new();
        (db.url.clone(), Some(db))
    } else {
        (env.path("restored.db").display().to_string(), None)
    }
}

#[test]
fn a_backup_never_replaces_or_follows_what_is_at_its_path() {
    let env = Env::with_acme();
    std::fs::write(env.path("taken.db"), "mine").unwrap();
    std::os::unix::fs::symlink(env.path("target.db"), env.path("link.db")).unwrap();
    let fifo = std::process::Command::new("mkfifo")
        .arg(env.path("fifo.db"))
        .status()
        .unwrap();
    assert!(fifo.success());
    for (name, kind) in [
        ("taken.db", "a file"),
        ("link.db", "a symbolic link"),
        ("fifo.db", "a special file"),
    ] {
        let run = env.fails(&["store", "backup", name], 8);
        assert!(
            run.stderr.contains(&format!("already exists ({kind})")),
            "{}",
            run.stderr
        );
    }
    assert_eq!(std::fs::read(env.path("taken.db")).unwrap(), b"mine");
    assert!(!env.path("target.db").exists());
    let leftovers: Vec<String> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| Path::new(name).extension().is_some_and(|e| e == "tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// A copy that fails the check is not put in place, and nothing is left behind.
#[test]
fn a_backup_of_a_store_that_fails_its_check_is_not_put_in_place() {
    let env = Env::with_acme();
    enrol_alice(&env);
    flip_a_byte_of_the_secret(&env, ALICE);
    let run = env.fails(&["store", "backup", "b.db"], 1);
    assert!(
        run.stderr
            .contains("the backup failed store check, so it was not put in place")
            && run.stderr.contains("alice@example.com"),
        "{}",
        run.stderr
    );
    let left: Vec<String> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("b.db"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_backup_into_a_folder_others_can_write_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::with_acme();
    let shared = env.path("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o1777)).unwrap();
    let run = env.fails(&["store", "backup", "shared/b.db"], 1);
    assert!(
        run.stderr.contains("can be written by others (mode 1777)")
            && run.stderr.contains("chmod go-w"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_dir(&shared).unwrap().count(), 0);
}

/// Issue 20: a backup taken while 4 processes sign in and enrol in a loop opens with the
/// store's key file, passes store check, and holds every sign-in that had committed
/// when it began.
#[test]
fn a_backup_taken_while_four_processes_sign_in_and_enrol_holds_every_committed_sign_in() {
    let env = Env::with_acme();
    let stop = std::sync::atomic::AtomicBool::new(false);
    let signed_in = std::sync::Mutex::new(Vec::<String>::new());
    let backup = env.path("live.db");
    let mut committed_before = Vec::new();
    std::thread::scope(|scope| {
        for worker in 0..4 {
            let (env, stop, signed_in) = (&env, &stop, &signed_in);
            scope.spawn(move || {
                let mut round = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let email = format!("w{worker}-{round}@example.com");
                    round += 1;
                    expect(
                        &env.run_with(&["user", "add", &email, "--password-stdin", "-q"], PASSWORD),
                        0,
                    );
                    let pending = env.json(&["user", "activate-2fa", &email]);
                    let secret = pending["secret"].as_str().unwrap().to_owned();
                    let at = now();
                    env.json(&[
                        "user",
                        "activate-2fa",
                        &email,
                        "--code",
                        &oathtool(&secret, at),
                    ]);
                    // The next step's code: the one just used is spent.
                    let run = login(env, at, &email, &["--code", &oathtool(&secret, at + 30)]);
                    expect(&run, 0);
                    signed_in.lock().unwrap().push(email);
                }
            });
        }
        wait_for("the workers to sign in a few times", || {
            signed_in.lock().unwrap().len() >= 6
        });
        committed_before = signed_in.lock().unwrap().clone();
        let run = env.run(&["store", "backup", backup.to_str().unwrap(), "--json"]);
        // Let them write on for a moment after the backup, then stop.
        let more = signed_in.lock().unwrap().len();
        wait_for("the workers to sign in after the backup", || {
            signed_in.lock().unwrap().len() >= more + 2
        });
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        assert_eq!(run.code, 0, "{}", run.stderr);
    });
    let on_backup = |args: &[&str]| {
        let out = env
            .cmd()
            .env("MFACTL_STORE", &backup)
            .env("MFACTL_KEY_FILE", key_path(&env))
            .args(args)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    let report = on_backup(&["store", "check", "--json"]);
    assert_eq!(report["ok"], true, "{report}");
    assert!(report["secrets"]["totp_secrets"].as_u64().unwrap() >= 6);
    let signed: Vec<String> = on_backup(&["audit", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|entry| entry["action"] == "login")
        .map(|entry| {
            entry["target"]
                .as_str()
                .unwrap()
                .trim_start_matches("user:acme/")
                .to_owned()
        })
        .collect();
    for email in &committed_before {
        assert!(
            signed.contains(email),
            "{email} signed in before the backup began"
        );
    }
    // And the live store, which went on, is intact too.
    assert_eq!(check(&env, 0)["ok"], true);
}
