//! `mfactl audit …` and the hash chain.

use crate::support::{Env, sqlite};

#[test]
fn every_change_is_recorded_with_actor_time_action_and_target() {
    let env = Env::with_acme();
    let entries = env.json(&["audit"]);
    let entries = entries.as_array().unwrap();
    let actions: Vec<&str> = entries
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["tenant.create", "company.create", "user.add"]);
    for entry in entries {
        assert_eq!(entry["actor"], "tester");
        assert!(entry["at"].as_str().unwrap().ends_with('Z'));
        assert!(entry.get("reason").is_some());
        assert!(entry["target"].is_string());
    }
}

#[test]
fn filters_by_since_actor_and_target() {
    let env = Env::with_acme();
    let other = env
        .cmd()
        .args(["role", "create", "admin", "--actor", "ops-bot"])
        .output()
        .unwrap();
    assert!(other.status.success());
    let by_actor = env.json(&["audit", "--actor", "ops-bot"]);
    assert_eq!(by_actor.as_array().unwrap().len(), 1);
    assert_eq!(by_actor[0]["action"], "role.create");
    assert_eq!(
        env.json(&["audit", "--target", "alice@example.com"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        env.json(&["audit", "--since", "1h"])
            .as_array()
            .unwrap()
            .len(),
        4
    );
    assert_eq!(
        env.json(&["audit", "--since", "2999-01-01"])
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        env.json(&["audit", "--since", "2000-01-01T00:00:00Z"])
            .as_array()
            .unwrap()
            .len(),
        4
    );
    env.fails(&["audit", "--since", "yesterday"], 2);
}

#[test]
fn verify_passes_on_an_intact_log() {
    let env = Env::with_acme();
    let verified = env.json(&["audit", "verify"]);
    assert_eq!(verified["ok"], true);
    assert_eq!(verified["entries"], 3);
}

fn tampered(sql: &str) -> String {
    let env = Env::with_acme();
    env.ok(&["role", "create", "admin"]);
    sqlite(&env.store).execute_batch(sql).unwrap();
    let run = env.fails(&["audit", "verify"], 1);
    run.stderr
}

#[test]
fn verify_names_a_changed_entry() {
    let stderr = tampered("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2");
    assert!(
        stderr.contains("entry 2") && stderr.contains("changed"),
        "{stderr}"
    );
}

#[test]
fn verify_names_a_removed_entry() {
    let stderr = tampered("DELETE FROM audit_log WHERE seq = 2");
    assert!(stderr.contains("entry 2"), "{stderr}");
    let stderr = tampered("DELETE FROM audit_log WHERE seq = 4");
    assert!(stderr.contains("entries 4 to 4"), "{stderr}");
}

#[test]
fn verify_names_reordered_entries() {
    let stderr = tampered(
        "UPDATE audit_log SET seq = 100 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3; \
         UPDATE audit_log SET seq = 3 WHERE seq = 100;",
    );
    assert!(stderr.contains("entry 2"), "{stderr}");
}

#[test]
fn verify_failure_in_json_is_an_error_object() {
    let env = Env::with_acme();
    sqlite(&env.store)
        .execute_batch("UPDATE audit_log SET target = 'x' WHERE seq = 1")
        .unwrap();
    let run = env.run(&["audit", "verify", "--json"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.error_json()["error"]["kind"], "integrity");
}
