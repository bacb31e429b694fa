//! Many processes on one store: nothing lost, no error, the audit chain intact.

use std::process::Stdio;

use crate::support::Env;

#[test]
fn eight_processes_add_200_users_at_once() {
    let env = Env::new();
    env.ok(&["tenant", "create", "acme"]);
    let mut children = Vec::new();
    for worker in 0..8 {
        // One shell per worker runs its 25 adds in a row, so 8 processes write at once.
        let script =
            format!("for n in $(seq 0 24); do mfactl user add w{worker}u$n@example.com -q; done");
        children.push(
            env.shell(&script, &[])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap(),
        );
    }
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "a worker failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(env.json(&["user", "list"]).as_array().unwrap().len(), 200);
    assert_eq!(env.json(&["audit", "verify"])["entries"], 201);
}

#[test]
fn processes_creating_a_new_store_at_once_agree_on_one_key() {
    let env = Env::new();
    let children: Vec<_> = (0..6)
        .map(|n| {
            env.std_cmd()
                .args(["tenant", "create", &format!("t{n}")])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(env.json(&["tenant", "list"]).as_array().unwrap().len(), 6);
    assert_eq!(env.json(&["audit", "verify"])["entries"], 6);
}
