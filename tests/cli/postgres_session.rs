//! What a session of mfactl on a PostgreSQL store is, whatever others did to the
//! database, its roles or the server (issue 18): every commit synchronous, writes taking
//! turns on a lock only mfactl's role may take, and a server's text shown escaped. Each
//! test is the attack, on a real server (a fresh database of `MFACTL_TEST_PG_URL`), or on
//! a rogue one the test plays itself.

use mfactl::store::postgres::{PgEnv, Target};

use crate::support::{Env, PgDatabase};

fn env() -> PgEnv {
    PgEnv {
        user: "nobody-here".to_owned(),
        ..PgEnv::default()
    }
}

/// `synchronous_commit` in a session mfactl set up on `url`.
fn synchronous_commit(url: &str) -> String {
    let target = Target::parse(url, &env()).unwrap();
    let mut client = target.connect().unwrap();
    client
        .query_one("SHOW synchronous_commit", &[])
        .unwrap()
        .get(0)
}

/// Finding 6: with `synchronous_commit = off` a commit returns before it is on disk, so
/// after a server crash a TOTP code already used (its step recorded, the sign-in
/// confirmed) could sign in again. Set for the database, for the role in it, or in the
/// URL's `options`, it is not what mfactl's sessions run with.
#[test]
fn every_session_commits_synchronously_whatever_the_settings_say() {
    let db = PgDatabase::new();
    assert_eq!(synchronous_commit(&db.url), "on");
    db.client()
        .batch_execute(&format!(
            "ALTER DATABASE {} SET synchronous_commit = off",
            db.name
        ))
        .unwrap();
    assert_eq!(synchronous_commit(&db.url), "on", "set for the database");
    db.client()
        .batch_execute(&format!(
            "ALTER DATABASE {0} RESET synchronous_commit; \
             ALTER ROLE mfactl_test IN DATABASE {0} SET synchronous_commit = local",
            db.name
        ))
        .unwrap();
    assert_eq!(synchronous_commit(&db.url), "on", "set for the role");
    db.client()
        .batch_execute(&format!(
            "ALTER ROLE mfactl_test IN DATABASE {} RESET synchronous_commit",
            db.name
        ))
        .unwrap();
    let url = format!("{}?options=-c%20synchronous_commit%3Doff", db.url);
    assert_eq!(synchronous_commit(&url), "on", "set in the URL");

    // And the binary works on such a database as on any other.
    let env = Env::new_sqlite();
    let run = |args: &[&str]| {
        env.cmd()
            .env("MFACTL_STORE", &url)
            .env("MFACTL_KEY_FILE", env.path("team.key"))
            .args(args)
            .output()
            .unwrap()
    };
    for args in [&["tenant", "create", "acme"][..], &["tenant", "list"]] {
        let out = run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
