//! The store file: creation, permissions, and refusing what is not ours.

use std::os::unix::fs::PermissionsExt;

use crate::support::{Env, sqlite};

#[test]
fn store_and_key_are_created_0600() {
    let env = Env::new();
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
    let bytes: Vec<u8> = (0..8192u32)
        .map(|i| i.wrapping_mul(2_654_435_761).to_be_bytes()[1])
        .collect();
    let stderr = refused_untouched(&env, &bytes);
    assert!(stderr.contains("not an mfactl store"), "{stderr}");
}

#[test]
fn another_programs_sqlite_database_is_refused_and_left_untouched() {
    let env = Env::new();
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
    let version: i64 = sqlite(&env.store)
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 2);
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
