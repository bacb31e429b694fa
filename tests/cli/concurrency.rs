//! Many processes on one store, as one machine or as many (each its own HOME, the one
//! key file; on SQLite they share the file, on PostgreSQL the server): nothing lost, no
//! error, every sign-in rule exact, and the audit chain intact as every machine sees it.

use std::process::Stdio;

use crate::support::{Env, PASSWORD, Run, T0, emails, oathtool};

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
    // Each command recorded the end of the log it saw under the witnesses' lock, so the
    // record is the last end, never an older one written after it.
    let records: Vec<String> = crate::support::walk(&env.path("home/.local/share/mfactl/witness"))
        .iter()
        .map(|file| std::fs::read_to_string(file).unwrap())
        .collect();
    assert_eq!(records.len(), 1, "{records:?}");
    assert_eq!(
        records[0].split_whitespace().nth(1),
        Some("201"),
        "{records:?}"
    );
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

/// One command a machine runs: its arguments, its stdin, the clock it runs on (libfaketime
/// at that time, or the real one), the exit code it must end with, and how many audit
/// entries it adds.
struct Step {
    args: Vec<String>,
    stdin: String,
    at: Option<i64>,
    code: i32,
    entries: usize,
}

fn step(args: &[&str], code: i32, entries: usize) -> Step {
    Step {
        args: args.iter().map(|a| (*a).to_owned()).collect(),
        stdin: String::new(),
        at: None,
        code,
        entries,
    }
}

impl Step {
    fn stdin(mut self, text: &str) -> Step {
        text.clone_into(&mut self.stdin);
        self
    }
    fn at(mut self, epoch: i64) -> Step {
        self.at = Some(epoch);
        self
    }
}

/// A sign-in with a password on stdin, at a faked time.
fn sign_in(
    email: &str,
    password: &str,
    at: i64,
    extra: &[&str],
    code: i32,
    entries: usize,
) -> Step {
    let mut args = vec!["login", email, "--password-stdin", "--json"];
    args.extend_from_slice(extra);
    step(&args, code, entries)
        .stdin(&format!("{password}\n"))
        .at(at)
}

/// A six-digit code that is not `code` (each digit moved by 5).
fn wrong(code: &str) -> String {
    code.bytes()
        .map(|b| char::from(b'0' + (b - b'0' + 5) % 10))
        .collect()
}

/// Eight admin machines at once on one store (SPEC §6, "PostgreSQL, for teams"): adds,
/// roles, groups, company and tenant policy, support work (passwords, a lock and its
/// unlock) and sign-ins of different users with password and authenticator code, some
/// wrong, one with a device remembered on its own machine. Every command ends as it would
/// alone, nothing is lost, and every machine finds the audit log intact with exactly one
/// entry per change.
#[test]
fn eight_machines_of_mixed_admin_work_and_sign_ins_lose_nothing() {
    let (env, alice, bob) = mixed_work_store();
    let before = env.json(&["audit", "verify"])["entries"].as_u64().unwrap();
    let users: Vec<String> = (0..15).map(|n| format!("a{n}@example.com")).collect();
    let work = mixed_work(&users, &alice, &bob);
    assert_eq!(work.len(), 8);
    let expected: usize = work
        .iter()
        .flat_map(|(_, steps)| steps)
        .map(|s| s.entries)
        .sum();
    let failures = run_machines(&env, &work);
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // Nothing lost.
    let listed = emails(&env.json(&["user", "list"]));
    for email in &users {
        assert!(listed.contains(email), "{email} is missing: {listed:?}");
    }
    assert_eq!(listed.len(), 10 + users.len());
    assert_eq!(env.json(&["role", "list"]).as_array().unwrap().len(), 6);
    assert_eq!(env.json(&["group", "list"]).as_array().unwrap().len(), 5);
    for n in 0..5 {
        let holders = emails(&env.json(&["user", "list", "--role", &format!("r{n}")]));
        assert_eq!(holders, [format!("p{n}@example.com")]);
        let group = env.json(&["group", "show", &format!("g{n}")]);
        assert_eq!(group["members"].as_array().unwrap().len(), 1, "{group}");
    }
    assert_eq!(
        emails(&env.json(&["user", "list", "--role", "staff"])).len(),
        5
    );
    let tenant = env.json(&["tenant", "show", "acme"]);
    assert_eq!(tenant["auth"]["remember_device_days"], 8, "{tenant}");
    assert_eq!(
        env.json(&["company", "show", "sales"])["enforce_mfa"],
        false
    );
    assert_eq!(
        env.query_ints(
            "SELECT count(*) FROM users WHERE failed_attempts <> 0 OR locked_until IS NOT NULL"
        ),
        [Some(0)],
        "every lock was lifted and every counter reset"
    );
    // The lock was mailed from the machine that caused it, to that machine's outbox.
    let support_mail = env.machine("support").outbox();
    assert!(
        support_mail.iter().any(|m| m.contains("eve@example.com")),
        "{support_mail:?}"
    );
    assert!(env.machine("roles").outbox().is_empty());

    // Every machine saw the log grow (its witness) and finds it intact, one entry per change.
    for (name, _) in &work {
        let machine = env.machine(name);
        assert_eq!(
            machine.witnesses().len(),
            1,
            "{name} keeps a witness of the log"
        );
        let verified = machine.json(&["audit", "verify"]);
        assert_eq!(verified["ok"], true, "{name}: {verified}");
        assert_eq!(
            verified["entries"].as_u64().unwrap(),
            before + expected as u64,
            "{name}: one entry per change"
        );
    }
    let carol = env.run_with(
        &["login", "carol@example.com", "--password-stdin"],
        "carol's password 3\n",
    );
    assert_eq!(
        carol.code, 0,
        "the last password set is the one: {}",
        carol.stderr
    );
}

/// The store the eight machines work on: tenant acme, company sales with p0..p4, role
/// staff, users carol, dave (locked), eve, and alice and bob with an authenticator each
/// (their secrets returned) who signed in once.
fn mixed_work_store() -> (Env, String, String) {
    let env = Env::new();
    env.ok(&["tenant", "create", "acme"]);
    env.ok(&["company", "create", "sales"]);
    env.ok(&["role", "create", "staff"]);
    for email in ["carol", "dave", "eve", "alice", "bob"].map(|n| format!("{n}@example.com")) {
        let run = env.run_with(&["user", "add", &email, "--password-stdin"], PASSWORD);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    for n in 0..5 {
        env.ok(&[
            "user",
            "add",
            &format!("p{n}@example.com"),
            "--company",
            "sales",
        ]);
    }
    let (alice, _) = env.enrol("alice@example.com", T0);
    let (bob, _) = env.enrol("bob@example.com", T0);
    // A first sign-in each (which starts their grace period, logged once).
    for (email, secret) in [("alice@example.com", &alice), ("bob@example.com", &bob)] {
        let run = env.run_at(
            T0 + 30,
            &[
                "login",
                email,
                "--password-stdin",
                "--code",
                &oathtool(secret, T0 + 30),
            ],
            PASSWORD,
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    // dave is locked before the machines start; one of them unlocks him.
    for _ in 0..5 {
        env.run_with(
            &["login", "dave@example.com", "--password-stdin"],
            "wrong password\n",
        );
    }
    assert_eq!(
        env.query_ints("SELECT failed_attempts FROM users WHERE email = 'dave@example.com'"),
        [Some(5)]
    );
    (env, alice, bob)
}

/// What each of the eight machines does, in order, by name.
fn mixed_work(users: &[String], alice: &str, bob: &str) -> Vec<(&'static str, Vec<Step>)> {
    let mut work: Vec<(&str, Vec<Step>)> = Vec::new();
    work.push((
        "adds",
        users
            .iter()
            .map(|u| step(&["user", "add", u], 0, 1))
            .collect(),
    ));
    let mut roles = Vec::new();
    for n in 0..5 {
        roles.push(step(&["role", "create", &format!("r{n}")], 0, 1));
        roles.push(step(
            &[
                "role",
                "assign",
                &format!("r{n}"),
                &format!("p{n}@example.com"),
            ],
            0,
            1,
        ));
    }
    work.push(("roles", roles));
    let mut groups = Vec::new();
    for n in 0..5 {
        let group = format!("g{n}");
        groups.push(step(&["group", "create", &group], 0, 1));
        groups.push(step(&["group", "grant-role", &group, "staff"], 0, 1));
        groups.push(step(
            &["group", "add-member", &group, &format!("p{n}@example.com")],
            0,
            1,
        ));
    }
    work.push(("groups", groups));
    let mut policy = Vec::new();
    for _ in 0..4 {
        policy.push(step(&["company", "enforce-mfa", "sales", "--yes"], 0, 1));
        policy.push(step(
            &["company", "enforce-mfa", "sales", "--off", "--yes"],
            0,
            1,
        ));
    }
    work.push(("policy", policy));
    work.push((
        "settings",
        (1..=8)
            .map(|days| {
                step(
                    &[
                        "tenant",
                        "set-auth",
                        "acme",
                        "--remember-device-days",
                        &days.to_string(),
                    ],
                    0,
                    1,
                )
            })
            .collect(),
    ));
    work.push(("support", support_work()));
    work.extend(sign_in_work(alice, bob));
    work
}

/// The support machine: carol's password set four times, dave unlocked (twice), eve
/// locked by five wrong passwords and unlocked.
fn support_work() -> Vec<Step> {
    let mut support = Vec::new();
    for n in 0..4 {
        support.push(
            step(
                &[
                    "user",
                    "set-password",
                    "carol@example.com",
                    "--password-stdin",
                ],
                0,
                1,
            )
            .stdin(&format!("carol's password {n}\n")),
        );
    }
    support.push(step(&["user", "unlock", "dave@example.com"], 0, 1));
    // Unlocking again changes nothing, and logs nothing.
    support.push(step(&["user", "unlock", "dave@example.com"], 0, 0));
    // Five wrong passwords lock eve (the fifth is refused as locked, and the lock is
    // logged and mailed from this machine), a sixth is refused, then she is unlocked.
    for code in [3, 3, 3, 3, 5] {
        support.push(sign_in(
            "eve@example.com",
            "wrong password",
            T0 + 60,
            &[],
            code,
            1 + usize::from(code == 5),
        ));
    }
    support.push(sign_in(
        "eve@example.com",
        "correct horse",
        T0 + 60,
        &[],
        5,
        1,
    ));
    support.push(step(&["user", "unlock", "eve@example.com"], 0, 1));
    support
}

/// The two machines that sign alice and bob in.
fn sign_in_work(alice: &str, bob: &str) -> Vec<(&'static str, Vec<Step>)> {
    let mut work = Vec::new();
    // alice signs in with her authenticator at a new step each time, every other code
    // wrong (never five in a row, so never locked); then, on this machine, bob without a
    // code is asked for one: his remembered device is another machine's.
    let mut alice_steps = Vec::new();
    for k in 0..7 {
        let at = T0 + 60 + 30 * k;
        let right = oathtool(alice, at);
        let code = if k % 2 == 0 { right } else { wrong(&right) };
        alice_steps.push(sign_in(
            "alice@example.com",
            "correct horse",
            at,
            &["--code", &code],
            if k % 2 == 0 { 0 } else { 3 },
            1,
        ));
    }
    alice_steps.push(sign_in(
        "bob@example.com",
        "correct horse",
        T0 + 400,
        &[],
        4,
        0,
    ));
    work.push(("alice", alice_steps));
    // bob signs in with a code and remembers this machine, then
    // signs in on it without a code; a wrong password is still refused.
    let mut bob_steps = vec![sign_in(
        "bob@example.com",
        "correct horse",
        T0 + 60,
        &["--code", &oathtool(bob, T0 + 60), "--remember"],
        0,
        1,
    )];
    for k in 1..4 {
        bob_steps.push(sign_in(
            "bob@example.com",
            "correct horse",
            T0 + 60 + 30 * k,
            &[],
            0,
            1,
        ));
    }
    bob_steps.push(sign_in(
        "bob@example.com",
        "wrong password",
        T0 + 200,
        &[],
        3,
        1,
    ));
    bob_steps.push(sign_in(
        "bob@example.com",
        "correct horse",
        T0 + 230,
        &[],
        0,
        1,
    ));
    work.push(("bob", bob_steps));
    work
}

/// Runs every machine's steps, the machines at once; returns what did not end as
/// expected.
fn run_machines(env: &Env, work: &[(&'static str, Vec<Step>)]) -> Vec<String> {
    std::thread::scope(|scope| {
        let threads: Vec<_> = work
            .iter()
            .map(|(name, steps)| {
                let machine = env.machine(name);
                scope.spawn(move || {
                    let mut failures = Vec::new();
                    for step in steps {
                        let args: Vec<&str> = step.args.iter().map(String::as_str).collect();
                        let run = match step.at {
                            Some(at) => machine.run_at(at, &args, &step.stdin),
                            None => machine.run_with(&args, &step.stdin),
                        };
                        if run.code != step.code {
                            failures.push(format!(
                                "{name}: {args:?}: exit {} where {} was expected\n{}{}",
                                run.code, step.code, run.stdout, run.stderr
                            ));
                        }
                    }
                    failures
                })
            })
            .collect();
        threads
            .into_iter()
            .flat_map(|t| t.join().unwrap())
            .collect()
    })
}

/// A replay across machines: the same authenticator code given at once to two sign-ins
/// on two machines signs in exactly once; the other is refused as a code already used.
/// Five rounds, each at a new step.
#[test]
fn one_code_given_on_two_machines_at_once_signs_in_once() {
    let env = Env::with_acme();
    let (secret, _) = env.enrol("alice@example.com", T0);
    let machines = [env.machine("east"), env.machine("west")];
    for round in 0..5 {
        let at = T0 + 60 + 30 * round;
        let code = oathtool(&secret, at);
        let runs: Vec<Run> = std::thread::scope(|scope| {
            let threads: Vec<_> = machines
                .iter()
                .map(|machine| {
                    let code = &code;
                    scope.spawn(move || {
                        machine.run_at(
                            at,
                            &[
                                "login",
                                "alice@example.com",
                                "--password-stdin",
                                "--code",
                                code,
                            ],
                            PASSWORD,
                        )
                    })
                })
                .collect();
            threads.into_iter().map(|t| t.join().unwrap()).collect()
        });
        let mut codes: Vec<i32> = runs.iter().map(|r| r.code).collect();
        codes.sort_unstable();
        assert_eq!(
            codes,
            [0, 3],
            "round {round}: {:?}",
            runs.iter().map(|r| &r.stderr).collect::<Vec<_>>()
        );
        let refused = runs.iter().find(|r| r.code == 3).unwrap();
        assert!(
            refused.stderr.contains("already used"),
            "{}",
            refused.stderr
        );
    }
    let signed_in = env
        .actions("alice@example.com")
        .iter()
        .filter(|a| *a == "login")
        .count();
    assert_eq!(signed_in, 5);
    for machine in &machines {
        assert_eq!(machine.json(&["audit", "verify"])["ok"], true);
    }
}
