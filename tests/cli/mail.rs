//! Email (SPEC §4, §5): codes as a second factor and notifications, delivered to the
//! outbox or through a real SMTP server on 127.0.0.1 (aiosmtpd): plain, STARTTLS with
//! AUTH under a CA the test makes, a certificate the client must refuse, a server that
//! is down or refuses. Nothing counts as sent that was not sent.

use std::os::unix::fs::PermissionsExt;

use serde_json::Value;

use crate::support::{
    Env, PASSWORD, SmtpSink, T0, TestCa, code_in, expect, login, outbox_code, parse_mail, sql_text,
    walk,
};

/// A store whose tenant signs in by email first; bob has a password and no app.
fn email_first() -> Env {
    let env = Env::with_acme();
    let run = env.run_with(
        &["user", "add", "bob@example.com", "--password-stdin"],
        PASSWORD,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    env.ok(&[
        "tenant",
        "set-auth",
        "acme",
        "--enable",
        "--primary",
        "email",
        "--yes",
    ]);
    env
}

/// Points the store's mail at `url`, from security@acme.test.
fn send_through(env: &Env, url: &str) {
    env.ok(&[
        "mail",
        "set",
        "--smtp-url",
        url,
        "--from",
        "security@acme.test",
    ]);
}

fn outbox(env: &Env) -> std::path::PathBuf {
    env.path("home/.local/share/mfactl/outbox")
}

fn email_codes(env: &Env) -> i64 {
    env.query_ints("SELECT count(*) FROM email_codes")[0].unwrap()
}

#[test]
fn outbox_messages_are_well_formed_rfc_5322_and_private() {
    let env = email_first();
    let test = env.ok(&["mail", "test", "carol@example.com"]);
    assert!(
        test.contains("written to"),
        "the command says where: {test}"
    );
    let shown = env.json(&["mail", "show"]);
    assert_eq!(shown["server"], Value::Null);
    assert!(shown["outbox"].as_str().unwrap().ends_with("mfactl/outbox"));
    let run = login(&env, T0, "bob@example.com", &[]);
    expect(&run, 4);
    assert!(run.json()["outbox_file"].is_string(), "{}", run.stdout);
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&outbox(&env)), 0o700);
    let files = walk(&outbox(&env));
    assert_eq!(files.len(), 2);
    for file in &files {
        assert_eq!(mode(file), 0o600);
        let mail = parse_mail(file);
        assert_eq!(mail["defects"], serde_json::json!([]));
        assert_eq!(mail["content_type"], "text/plain");
        assert_ne!(mail["message_id"], "None", "a Message-ID");
        assert_ne!(mail["date"], "None", "a Date");
        assert_eq!(mail["from"], "mfactl <mfactl@localhost>");
    }
    let code_mail = parse_mail(std::path::Path::new(
        run.json()["outbox_file"].as_str().unwrap(),
    ));
    assert_eq!(code_mail["to"], "bob@example.com");
    assert!(code_mail["subject"].as_str().unwrap().contains("acme"));
}

#[test]
fn a_code_sent_through_a_real_smtp_server_signs_in() {
    let env = email_first();
    let sink = SmtpSink::start(&env, "sink", &[]);
    env.ok(&[
        "mail",
        "set",
        "--smtp-url",
        &sink.url(),
        "--from",
        "Acme Security <security@acme.test>",
    ]);
    let sent = login(&env, T0, "bob@example.com", &[]);
    expect(&sent, 4);
    assert_eq!(sent.json()["delivered"], "smtp");
    assert!(sent.stderr.contains("--code"), "{}", sent.stderr);
    let mails = sink.messages();
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert_eq!(
        mail.envelope["rcpt_tos"],
        serde_json::json!(["bob@example.com"])
    );
    assert_eq!(mail.envelope["mail_from"], "security@acme.test");
    assert_eq!(mail.parsed["to"], "bob@example.com");
    assert_eq!(mail.parsed["from"], "Acme Security <security@acme.test>");
    let code = code_in(&mail.body());
    assert!(mail.subject().contains(&code), "{}", mail.subject());
    let view = expect(
        &login(
            &env,
            T0 + 30,
            "bob@example.com",
            &["--method", "email", "--code", &code],
        ),
        0,
    )
    .json();
    assert_eq!(view["factor"], "email");
    // It works once.
    let again = login(
        &env,
        T0 + 40,
        "bob@example.com",
        &["--method", "email", "--code", &code],
    );
    expect(&again, 3);
    assert!(again.stderr.contains("already used"), "{}", again.stderr);
    // The way out names a new email code, not only the app's (the attack's fifth finding).
    assert!(
        again.stderr.contains("a new email code"),
        "{}",
        again.stderr
    );
}

#[test]
fn starttls_and_auth_under_the_ca_of_ca_file() {
    let env = email_first();
    let ca = TestCa::new(&env);
    let sink = SmtpSink::start(
        &env,
        "sink",
        &[
            "--tls",
            &ca.file("server.pem"),
            &ca.file("server.key"),
            "--auth",
            "mfactl",
            "s3cr:t pass",
        ],
    );
    let url = format!("smtp://mfactl:s3cr%3At%20pass@127.0.0.1:{}", sink.port);
    let set = env.ok(&[
        "mail",
        "set",
        "--smtp-url",
        &url,
        "--from",
        "security@acme.test",
        "--ca-file",
        &ca.file("ca.pem"),
    ]);
    assert!(
        !set.contains("s3cr"),
        "the password is never printed: {set}"
    );
    let shown = env.json(&["mail", "show"]);
    assert_eq!(shown["password_set"], true);
    assert_eq!(shown["ca_file_set"], true);
    assert!(!shown.to_string().contains("s3cr"));
    assert!(
        !env.snapshot().unwrap().windows(4).any(|w| w == b"s3cr"),
        "the password is stored encrypted"
    );
    assert!(!env.ok(&["audit"]).contains("s3cr"));
    expect(&login(&env, T0, "bob@example.com", &[]), 4);
    let mails = sink.messages();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].envelope["tls"], true);
    assert_eq!(mails[0].envelope["auth_user"], "mfactl");
    let code = code_in(&mails[0].body());
    expect(
        &login(&env, T0 + 30, "bob@example.com", &["--code", &code]),
        0,
    );
}

/// A server whose certificate does not chain to the trusted roots is refused: exit 1,
/// nothing sent, no code recorded.
#[test]
fn a_certificate_the_client_must_refuse() {
    let env = email_first();
    let ca = TestCa::new(&env);
    let rogue = SmtpSink::start(
        &env,
        "rogue",
        &["--tls", &ca.file("rogue.pem"), &ca.file("rogue.key")],
    );
    env.ok(&[
        "mail",
        "set",
        "--smtp-url",
        &rogue.url(),
        "--from",
        "security@acme.test",
        "--ca-file",
        &ca.file("ca.pem"),
    ]);
    let run = login(&env, T0, "bob@example.com", &[]);
    expect(&run, 1);
    assert!(run.stderr.contains("certificate"), "{}", run.stderr);
    assert!(rogue.messages().is_empty());
    assert_eq!(
        email_codes(&env),
        0,
        "no code counts as sent that was not sent"
    );
    // The right server, but checked against the system roots only: refused as well.
    let honest = SmtpSink::start(
        &env,
        "honest",
        &["--tls", &ca.file("server.pem"), &ca.file("server.key")],
    );
    send_through(&env, &honest.url());
    let run = env.run(&["mail", "test", "bob@example.com"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("UnknownIssuer"), "{}", run.stderr);
    assert!(honest.messages().is_empty());
}

/// Off loopback STARTTLS is required: a server (here on an address of a private network
/// namespace) that does not offer it gets nothing.
#[test]
fn starttls_is_required_off_loopback() {
    crate::support::require_tool("ip", "iproute2");
    let env = email_first();
    if env.sqlite_only(
        "runs mfactl in a network namespace where the test's PostgreSQL server is unreachable",
    ) {
        return;
    }
    let dir = env.path("offnet");
    std::fs::create_dir_all(&dir).unwrap();
    let script = r#"ip link set lo up && ip addr add 10.11.12.13/32 dev lo || { echo "no network namespace" >&2; exit 99; }
        /usr/bin/python3 "$1" serve "$2" --host 10.11.12.13 > "$2/ready" &
        for i in $(seq 100); do grep -q READY "$2/ready" 2>/dev/null && break; sleep 0.05; done
        port=$(sed -n 's/READY //p' "$2/ready")
        mfactl mail set --smtp-url "smtp://10.11.12.13:$port" --from security@acme.test -q
        status=0; mfactl mail test bob@example.com || status=$?
        echo "status $status" >&2
        kill %1"#;
    let sink = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/smtp_sink.py");
    let out = env.in_namespaces(
        &["--net"],
        script,
        &[sink.to_str().unwrap(), dir.to_str().unwrap()],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("status 1"), "{stderr}");
    assert!(stderr.contains("STARTTLS is not supported"), "{stderr}");
    assert!(
        !walk(&dir)
            .iter()
            .any(|p| p.extension().is_some_and(|e| e == "eml"))
    );
}

/// A server that is down, a wrong port, a server that refuses, a bad sender or URL:
/// clear errors with the exit codes of SPEC §3, and nothing half-done.
#[test]
fn delivery_failures_are_clear_and_leave_nothing_behind() {
    let env = email_first();
    // Nothing listens on this port (the sink is started and stopped to find a free one).
    let dead = SmtpSink::start(&env, "dead", &[]);
    let dead_url = dead.url();
    drop(dead);
    send_through(&env, &dead_url);
    let run = env.run(&["mail", "test", "bob@example.com"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains(&dead_url), "{}", run.stderr);
    let run = login(&env, T0, "bob@example.com", &[]);
    expect(&run, 1);
    assert_eq!(email_codes(&env), 0);
    // Nothing was sent, so a code typed now finds nothing to check.
    let run = login(&env, T0 + 10, "bob@example.com", &["--code", "123456"]);
    expect(&run, 3);
    assert!(run.stderr.contains("no code was sent"), "{}", run.stderr);
    // A server that refuses: its answer is shown.
    let refusing = SmtpSink::start(&env, "refusing", &["--refuse"]);
    send_through(&env, &refusing.url());
    let run = login(&env, T0 + 20, "bob@example.com", &[]);
    expect(&run, 1);
    assert!(run.stderr.contains("550"), "{}", run.stderr);
    assert!(run.stderr.contains("Relaying denied"), "{}", run.stderr);
    assert_eq!(email_codes(&env), 0);
    // Bad settings are usage errors and change nothing.
    env.fails(
        &[
            "mail",
            "set",
            "--smtp-url",
            &refusing.url(),
            "--from",
            "not an address",
        ],
        2,
    );
    env.fails(
        &[
            "mail",
            "set",
            "--smtp-url",
            "http://mail.example.com",
            "--from",
            "a@b.io",
        ],
        2,
    );
    env.fails(
        &["mail", "set", "--smtp-url", "smtp://", "--from", "a@b.io"],
        2,
    );
    env.fails(
        &[
            "mail",
            "set",
            "--smtp-url",
            &refusing.url(),
            "--from",
            "a@b.io",
            "--ca-file",
            "/nonexistent.pem",
        ],
        2,
    );
    let not_pem = env.path("not.pem");
    std::fs::write(&not_pem, "hello").unwrap();
    env.fails(
        &[
            "mail",
            "set",
            "--smtp-url",
            &refusing.url(),
            "--from",
            "a@b.io",
            "--ca-file",
            not_pem.to_str().unwrap(),
        ],
        2,
    );
}

/// The rules of SPEC §4, moved through time with faketime: ten minutes, five an hour,
/// once, five wrong guesses, and wrong codes counting towards the sign-in lock.
/// A send whose thread cannot be made (here: a stack size no thread can have) is exit
/// 1 with a message, never a panic, and nothing counts as sent.
#[test]
fn a_send_that_cannot_start_its_thread_is_an_error_not_a_panic() {
    let env = email_first();
    send_through(&env, "smtp://127.0.0.1:9");
    let out = env
        .cmd()
        .env("RUST_MIN_STACK", "18446744073709551615")
        .args(["mail", "test", "bob@example.com"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("cannot start sending to the mail server"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(email_codes(&env), 0);
}

#[test]
fn email_codes_expire_are_rate_limited_single_use_and_burn_after_five_guesses() {
    let env = email_first();
    let send = |at: i64| login(&env, at, "bob@example.com", &[]);
    let with_code = |at: i64, code: &str| login(&env, at, "bob@example.com", &["--code", code]);
    // Ten minutes.
    expect(&send(T0), 4);
    let code = outbox_code(&env);
    // Issue 22, item 8: an expired code is a wrong code (exit 3).
    let run = with_code(T0 + 601, &code);
    expect(&run, 3);
    assert!(run.stderr.contains("expired"), "{}", run.stderr);
    // Five an hour: the sixth is refused, saying when the next may go.
    for n in 1..5 {
        expect(&send(T0 + n * 60), 4);
    }
    let run = send(T0 + 300);
    expect(&run, 5);
    assert!(
        run.stderr
            .contains(&mfactl::core::time::format_rfc3339(T0 + 3600)),
        "{}",
        run.stderr
    );
    // The latest code works, once.
    let code = outbox_code(&env);
    expect(&with_code(T0 + 301, &code), 0);
    expect(&with_code(T0 + 302, &code), 3);
    // An hour later codes flow again; five wrong guesses use one up, and count (from 0:
    // the replay above counted one).
    let later = T0 + 2 * 3600;
    env.at(later - 10, &["user", "unlock", "bob@example.com"], 0);
    expect(&send(later), 4);
    let code = outbox_code(&env);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let codes: Vec<i32> = (0..5).map(|n| with_code(later + n, wrong).code).collect();
    assert_eq!(codes, [3, 3, 3, 3, 5], "email codes count towards the lock");
    env.at(later + 10, &["user", "unlock", "bob@example.com"], 0);
    let run = with_code(later + 20, &code);
    expect(&run, 3);
    assert!(run.stderr.contains("used up"), "{}", run.stderr);
}

#[test]
fn deactivate_and_reset_by_email_only_with_the_code_read_back() {
    let env = Env::with_acme();
    let sink = SmtpSink::start(&env, "sink", &[]);
    send_through(&env, &sink.url());
    env.enrol("alice@example.com", T0);
    // Turning 2FA off with a code by email.
    let run = env.run_at(
        T0 + 60,
        &[
            "user",
            "deactivate-2fa",
            "alice@example.com",
            "--method",
            "email",
            "--json",
        ],
        "",
    );
    expect(&run, 4);
    assert_eq!(run.json()["code_sent_to"], "alice@example.com");
    let code = code_in(&sink.messages().last().unwrap().body());
    env.at(
        T0 + 90,
        &[
            "user",
            "deactivate-2fa",
            "alice@example.com",
            "--method",
            "email",
            "--code",
            &code,
        ],
        0,
    );
    let shown = env.json(&["user", "show", "alice@example.com"]);
    assert_eq!(shown["mfa"]["enrolled"], false);
    // A reset verified by email: a wrong read-back resets nothing.
    let (_, _) = env.enrol("alice@example.com", T0 + 120);
    let reset = |at: i64, extra: &[&str]| {
        let mut args = vec![
            "user",
            "reset-mfa",
            "alice@example.com",
            "--reason",
            "lost phone, ticket 7",
            "--verify-email",
            "--yes",
        ];
        args.extend_from_slice(extra);
        env.run_at(at, &args, "")
    };
    expect(&reset(T0 + 150, &[]), 4);
    let code = code_in(&sink.messages().last().unwrap().body());
    let wrong = if code == "000000" { "111111" } else { "000000" };
    expect(&reset(T0 + 160, &["--code", wrong]), 3);
    assert_eq!(
        env.json(&["user", "show", "alice@example.com"])["mfa"]["enrolled"],
        true
    );
    expect(&reset(T0 + 170, &["--code", &code]), 0);
    assert_eq!(
        env.json(&["user", "show", "alice@example.com"])["mfa"]["enrolled"],
        false
    );
    // The user was told, with who reset it and why.
    let told = sink.messages();
    let reset_mail = told.last().unwrap();
    assert!(
        reset_mail.subject().contains("reset"),
        "{}",
        reset_mail.subject()
    );
    assert!(
        reset_mail.body().contains("tester"),
        "{}",
        reset_mail.body()
    );
    assert!(
        reset_mail.body().contains("lost phone, ticket 7"),
        "{}",
        reset_mail.body()
    );
    let subjects: Vec<String> = told.iter().map(super::support::Mail::subject).collect();
    assert!(subjects.iter().any(|s| s.contains("is on")), "{subjects:?}");
    assert!(
        subjects.iter().any(|s| s.contains("is off")),
        "{subjects:?}"
    );
}

/// Notifications: the user is told of a lock; a notification that cannot be delivered
/// is reported on stderr and in the audit log, and the change stands.
#[test]
fn notifications_arrive_and_a_failed_one_never_undoes_the_change() {
    let env = Env::with_acme();
    let sink = SmtpSink::start(&env, "sink", &[]);
    send_through(&env, &sink.url());
    env.enrol("alice@example.com", T0);
    for _ in 0..5 {
        env.run_at(
            T0 + 60,
            &["login", "alice@example.com", "--password-stdin"],
            "wrong password\n",
        );
    }
    let locked = sink.messages();
    let lock_mail = locked.last().unwrap();
    assert!(
        lock_mail.subject().contains("locked"),
        "{}",
        lock_mail.subject()
    );
    assert!(
        lock_mail
            .body()
            .contains(&mfactl::core::time::format_rfc3339(T0 + 60 + 15 * 60)),
        "{}",
        lock_mail.body()
    );
    // The server goes away: the reset still happens, and the failure is recorded.
    drop(sink);
    let run = env.run(&[
        "user",
        "reset-mfa",
        "alice@example.com",
        "--reason",
        "lost phone",
        "--yes",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("could not be told"), "{}", run.stderr);
    assert_eq!(
        env.json(&["user", "show", "alice@example.com"])["mfa"]["enrolled"],
        false
    );
    assert!(env.actions("alice@example.com").ends_with(&[
        "user.reset_mfa".to_owned(),
        "user.notification_failed".to_owned()
    ]));
}

/// The email review's first finding: a server that trickles its answers (a byte every
/// few seconds) is cut off at the send deadline; a notification held up by it is
/// reported and audited, and the change stands.
#[test]
fn a_server_that_trickles_is_cut_off_at_the_deadline() {
    let env = Env::with_acme();
    env.enrol("alice@example.com", T0);
    let script = r#"
import socket, sys, threading, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(9)
print(s.getsockname()[1], flush=True)
def trickle(c):
    try:
        while True:
            for b in b"220-slow\r\n":
                c.send(bytes([b])); time.sleep(0.5)
    except OSError:
        pass
while True:
    c, _ = s.accept(); threading.Thread(target=trickle, args=(c,), daemon=True).start()
"#;
    let mut slow = crate::support::KillOnDrop(
        std::process::Command::new("/usr/bin/python3")
            .args(["-c", script])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(slow.0.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    let url = format!("smtp://127.0.0.1:{}", line.trim());
    send_through(&env, &url);
    let quick = |args: &[&str]| {
        let out = env
            .cmd()
            .env("MFACTL_MAIL_TIMEOUT", "2")
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, stderr) = quick(&["mail", "test", "bob@example.com"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("did not finish within 2 s"), "{stderr}");
    let (code, stderr) = quick(&[
        "user",
        "reset-mfa",
        "alice@example.com",
        "--reason",
        "lost phone",
        "--yes",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("could not be told"), "{stderr}");
    assert!(
        env.actions("alice@example.com")
            .ends_with(&["user.notification_failed".to_owned()])
    );
    drop(slow);
}

/// The email review's second finding: a send that never finished (Ctrl-C, a kill) left
/// a reserved code; once the send could no longer be running, it counts for nothing.
#[test]
fn interrupted_sends_do_not_use_up_the_hour() {
    let env = email_first();
    expect(&login(&env, T0, "bob@example.com", &[]), 4);
    // What five interrupted sends leave behind: reservations never delivered.
    env.execute(&format!(
        "INSERT INTO email_codes (user_id, purpose, code_hash, sent_at, delivered) \
         SELECT user_id, purpose, 'x' || n.value, {at}, FALSE FROM email_codes, \
         (SELECT 1 AS value UNION SELECT 2 UNION SELECT 3 UNION SELECT 4) AS n;",
        at = T0 + 10
    ));
    // While those sends could still be running, they count (no sixth code slips out).
    let run = login(&env, T0 + 20, "bob@example.com", &[]);
    expect(&run, 5);
    // Once they cannot be, they count for nothing.
    expect(&login(&env, T0 + 10 + 60 + 31, "bob@example.com", &[]), 4);
}

/// The email review's third finding: the settings rewritten in the database alone (to a
/// server of the attacker's) are refused, and nothing (code or password) goes there.
#[test]
fn mail_settings_rewritten_without_the_key_are_refused() {
    let env = email_first();
    let sink = SmtpSink::start(&env, "sink", &[]);
    let attacker = SmtpSink::start(&env, "attacker", &[]);
    env.ok(&[
        "mail",
        "set",
        "--smtp-url",
        &format!("smtp://ops:TopSecret@127.0.0.1:{}", sink.port),
        "--from",
        "security@acme.test",
    ]);
    env.execute(&format!("UPDATE mail_server SET port = {}", attacker.port));
    let run = login(&env, T0, "bob@example.com", &[]);
    expect(&run, 1);
    assert!(
        run.stderr.contains("changed without the key file"),
        "{}",
        run.stderr
    );
    assert!(attacker.messages().is_empty());
    assert_eq!(email_codes(&env), 0);
}

/// The issue-13 attack's second finding: stores that share a key file (every admin of a
/// team holds the one file; a staging store may too) cannot swap mail settings with SQL
/// alone, since the settings' MAC is bound to the store's id; and settings whose MAC is
/// of the kind mfactl wrote before that binding are refused with a way out.
#[test]
fn mail_settings_moved_in_from_another_store_of_the_same_key_are_refused() {
    let env = email_first();
    let sink = SmtpSink::start(&env, "sink", &[]);
    env.ok(&[
        "mail",
        "set",
        "--smtp-url",
        &format!("smtp://127.0.0.1:{}", sink.port),
        "--from",
        "security@acme.test",
    ]);
    // Another store made with the same key file, whose settings send elsewhere.
    let other = Env::new();
    std::fs::copy(env.path("store.db.key"), other.path("store.db.key")).unwrap();
    other.ok(&["tenant", "create", "staging"]);
    let attacker = SmtpSink::start(&other, "attacker", &[]);
    other.ok(&[
        "mail",
        "set",
        "--smtp-url",
        &format!("smtp://127.0.0.1:{}", attacker.port),
        "--from",
        "it@evil.example",
    ]);
    let row = &other.query_texts("SELECT port, from_address, set_at, mac FROM mail_server")[0];
    let field = |i: usize| row[i].clone().unwrap();
    env.execute(&format!(
        "UPDATE mail_server SET port = {}, from_address = {}, set_at = {}, mac = {}",
        field(0),
        sql_text(Some(&field(1))),
        field(2),
        sql_text(Some(&field(3)))
    ));
    let run = login(&env, T0, "bob@example.com", &[]);
    expect(&run, 1);
    assert!(
        run.stderr.contains("or moved in from another store"),
        "{}",
        run.stderr
    );
    assert!(attacker.messages().is_empty());
    assert!(sink.messages().is_empty());
    assert_eq!(email_codes(&env), 0);
    expect(&env.run(&["mail", "show"]), 1);

    // A MAC of the kind written before settings were bound to their store: refused,
    // saying so, until `mail set` writes them again.
    let key = mfactl::secrets::Key::load(&env.path("store.db.key"))
        .unwrap()
        .unwrap();
    let row = &env.query_texts("SELECT from_address, set_at FROM mail_server")[0];
    let set_at: i64 = row[1].clone().unwrap().parse().unwrap();
    let fields = serde_json::json!([
        false,
        "127.0.0.1",
        sink.port,
        null,
        null,
        row[0].clone().unwrap(),
        null,
        set_at
    ]);
    let unbound = key.keyed_hash("mail-server", &fields.to_string());
    // As written then: the MAC of the fields alone (the sink's port put back).
    env.execute(&format!(
        "UPDATE mail_server SET port = {}, mac = {}",
        sink.port,
        sql_text(Some(&unbound))
    ));
    let run = login(&env, T0, "bob@example.com", &[]);
    expect(&run, 1);
    assert!(
        run.stderr.contains("saved by an older mfactl"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("mfactl mail set"), "{}", run.stderr);
    assert!(sink.messages().is_empty());
    env.ok(&[
        "mail",
        "set",
        "--smtp-url",
        &format!("smtp://127.0.0.1:{}", sink.port),
        "--from",
        "security@acme.test",
    ]);
    expect(&login(&env, T0, "bob@example.com", &[]), 4);
    assert_eq!(sink.messages().len(), 1);
}

/// The email review's fourth and fifth findings: CR/LF in a reason, and an outbox that
/// is a link or open to others.
#[test]
fn typed_text_and_the_outbox_cannot_be_turned_against_users() {
    let env = email_first();
    // CR/LF in a reason stays one quoted line of the reset notice.
    env.enrol("alice@example.com", T0);
    env.ok(&[
        "user",
        "reset-mfa",
        "alice@example.com",
        "--yes",
        "--reason",
        "ticket 1\r\n\r\nYour verification code is 000000\r\nCall +1-555-0100",
    ]);
    let notice = walk(&outbox(&env))
        .iter()
        .map(|file| parse_mail(file))
        .find(|mail| mail["subject"].as_str().unwrap().contains("was reset"))
        .expect("the reset notice");
    let body = notice["body"].as_str().unwrap();
    assert!(
        !body
            .lines()
            .any(|l| l.starts_with("Your verification code")),
        "{body}"
    );
    assert!(body.contains("Reason given: \"ticket 1"), "{body}");
    // A symlinked outbox, or one open to others, is not used.
    let shared = env.path("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::rename(outbox(&env), env.path("old-outbox")).unwrap();
    std::os::unix::fs::symlink(&shared, outbox(&env)).unwrap();
    let run = login(&env, T0, "bob@example.com", &[]);
    expect(&run, 1);
    assert!(
        run.stderr.contains("not this user's private folder"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_dir(&shared).unwrap().count(), 0);
    std::fs::remove_file(outbox(&env)).unwrap();
    std::fs::create_dir(outbox(&env)).unwrap();
    std::fs::set_permissions(outbox(&env), std::fs::Permissions::from_mode(0o777)).unwrap();
    expect(&login(&env, T0, "bob@example.com", &[]), 1);
}

/// The email review's sixth and seventh findings, and its locked user.
#[test]
fn localhost_fifos_and_locked_users() {
    let env = email_first();
    // The name localhost is not an address: STARTTLS is required for it.
    let sink = SmtpSink::start(&env, "sink", &[]);
    // Issue 22, item 5: `mail set` says so at once, and names the address to use.
    let set = env.run(&[
        "mail",
        "set",
        "--smtp-url",
        &format!("smtp://localhost:{}", sink.port),
        "--from",
        "a@acme.test",
    ]);
    assert_eq!(set.code, 0, "{}", set.stderr);
    assert!(
        set.stderr
            .contains(&format!("--smtp-url smtp://127.0.0.1:{}", sink.port)),
        "{}",
        set.stderr
    );
    assert_eq!(env.json(&["mail", "show"])["security"], "starttls");
    let run = env.run(&["mail", "test", "bob@example.com"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("STARTTLS is not supported"),
        "{}",
        run.stderr
    );
    // The hint is the command that works, not the one just run; pasted, it does.
    let hint = run
        .stderr
        .lines()
        .find(|l| l.starts_with("hint:"))
        .unwrap_or_default()
        .to_owned();
    let fix = hint
        .split('`')
        .nth(1)
        .expect("a command in the hint")
        .to_owned();
    assert!(fix.contains("smtp://127.0.0.1:"), "{hint}");
    let out = env.shell(&fix, &[]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    env.ok(&["mail", "test", "bob@example.com"]);
    // A FIFO as --ca-file is refused, not waited on.
    let fifo = env.path("ca.fifo");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let run = env.fails(
        &[
            "mail",
            "set",
            "--smtp-url",
            &sink.url(),
            "--from",
            "a@acme.test",
            "--ca-file",
            fifo.to_str().unwrap(),
        ],
        2,
    );
    assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
    // A locked user is sent no code to turn 2FA off.
    env.ok(&[
        "mail",
        "set",
        "--smtp-url",
        &sink.url(),
        "--from",
        "a@acme.test",
    ]);
    env.enrol("alice@example.com", T0 + 60);
    for _ in 0..5 {
        env.run_at(
            T0 + 90,
            &["login", "alice@example.com", "--password-stdin"],
            "wrong password\n",
        );
    }
    let before = sink.messages().len();
    let run = env.run_at(
        T0 + 100,
        &[
            "user",
            "deactivate-2fa",
            "alice@example.com",
            "--method",
            "email",
        ],
        "",
    );
    expect(&run, 5);
    assert_eq!(sink.messages().len(), before, "no code was sent");
}

/// Characters that must not reach a reader as they are: controls (but the line breaks
/// of the message itself) and the invisible ones that reorder or hide text.
fn hidden_characters(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n' && c != '\r')
                || matches!(c, '\u{00ad}' | '\u{061c}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{feff}')
        })
        .collect()
}

/// Issue 18, finding 10, the attack: bidi controls and invisible characters typed in
/// `--actor` and `--reason` of a reset would reorder or hide the notice's words in the
/// user's mail reader ("Reason given: lost phone" hiding a phone number written
/// backwards). They are escaped in the email as on the terminal: in the outbox's
/// message and in one delivered by a real SMTP server.
#[test]
fn bidi_and_invisible_characters_typed_by_support_are_escaped_in_the_email() {
    let env = Env::with_acme();
    let actor = "help\u{202e}ksed\u{202c}";
    let reason = "lost phone \u{2066}call +1\u{200b}555\u{2069} \u{7}\u{1b}[31m";
    let reset = |env: &Env| {
        env.enrol("alice@example.com", T0);
        env.ok(&[
            "user",
            "reset-mfa",
            "alice@example.com",
            "--yes",
            "--actor",
            actor,
            "--reason",
            reason,
        ]);
    };
    let check = |body: &str| {
        assert_eq!(hidden_characters(body), Vec::<char>::new(), "{body:?}");
        assert!(body.contains(r"help\u{202e}ksed\u{202c}"), "{body}");
        assert!(
            body.contains(r"lost phone \u{2066}call +1\u{200b}555\u{2069} \u{7}\u{1b}[31m"),
            "{body}"
        );
    };

    reset(&env);
    let files = walk(&outbox(&env));
    let notice = files
        .iter()
        .find(|file| {
            parse_mail(file)["subject"]
                .as_str()
                .unwrap()
                .contains("was reset")
        })
        .expect("the reset notice in the outbox");
    let raw = std::fs::read_to_string(notice).unwrap();
    assert_eq!(hidden_characters(&raw), Vec::<char>::new(), "{raw:?}");
    check(parse_mail(notice)["body"].as_str().unwrap());

    let sink = SmtpSink::start(&env, "sink", &[]);
    send_through(&env, &sink.url());
    reset(&env);
    let mails = sink.messages();
    let mail = mails
        .iter()
        .find(|mail| mail.subject().contains("was reset"))
        .expect("the reset notice through SMTP");
    check(&mail.body());
}

/// Issue 18, design note: the SMTP password could only be given inside `--smtp-url`,
/// where every user of the machine reads it in the process list and the shell keeps it
/// in its history. `--password-stdin` takes it from standard input (as `user
/// set-password` does); given in the URL it still works, with a warning saying so; both
/// at once is a usage error that changes nothing. Checked against a real server that
/// requires AUTH: the password read from stdin is the one it accepts.
#[test]
fn the_smtp_password_is_read_from_standard_input() {
    let env = email_first();
    let ca = TestCa::new(&env);
    let sink = SmtpSink::start(
        &env,
        "sink",
        &[
            "--tls",
            &ca.file("server.pem"),
            &ca.file("server.key"),
            "--auth",
            "mfactl",
            "s3cr:t pass",
        ],
    );
    let ca_file = ca.file("ca.pem");
    // `mail set` of the URL (under the test's CA), with the extra flags and stdin.
    let set = |url: &str, extra: &[&str], stdin: &str, code: i32| {
        let mut args = vec![
            "mail",
            "set",
            "--smtp-url",
            url,
            "--from",
            "security@acme.test",
            "--ca-file",
            &ca_file,
        ];
        args.extend_from_slice(extra);
        if code == 0 {
            let run = env.run_with(&args, stdin);
            assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
            run
        } else {
            env.fails_with(&args, stdin, code)
        }
    };
    let user_only = format!("smtp://mfactl@127.0.0.1:{}", sink.port);
    let with_password = format!("smtp://mfactl:s3cr%3At%20pass@127.0.0.1:{}", sink.port);

    let run = set(&user_only, &["--password-stdin"], "s3cr:t pass\n", 0);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    assert!(!run.stdout.contains("s3cr") && !run.stderr.contains("s3cr"));
    let shown = env.json(&["mail", "show"]);
    assert_eq!(shown["password_set"], true);
    assert_eq!(shown["username"], "mfactl");
    assert!(!shown.to_string().contains("s3cr"), "{shown}");
    assert!(!env.ok(&["mail", "show"]).contains("s3cr"));
    assert!(
        !env.snapshot().unwrap().windows(4).any(|w| w == b"s3cr"),
        "the password is stored encrypted"
    );
    assert!(!env.ok(&["audit"]).contains("s3cr"));
    // The server that requires AUTH takes it.
    expect(&login(&env, T0, "bob@example.com", &[]), 4);
    let mails = sink.messages();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].envelope["auth_user"], "mfactl");

    // Both at once, --password-stdin without a user, or an empty line: usage errors
    // that change nothing.
    let run = set(&with_password, &["--password-stdin"], "other password\n", 2);
    assert!(run.stderr.contains("--password-stdin"), "{}", run.stderr);
    let no_user = format!("smtp://127.0.0.1:{}", sink.port);
    let run = set(&no_user, &["--password-stdin"], "s3cr:t pass\n", 2);
    assert!(run.stderr.contains("USER@"), "{}", run.stderr);
    set(&user_only, &["--password-stdin"], "\n", 2);

    // In the URL it still works, with a warning naming the risk and the way out.
    let run = set(&with_password, &[], "", 0);
    assert!(run.stderr.contains("warning: "), "{}", run.stderr);
    assert!(run.stderr.contains("process list"), "{}", run.stderr);
    assert!(run.stderr.contains("--password-stdin"), "{}", run.stderr);
    assert!(!run.stderr.contains("s3cr"), "{}", run.stderr);
    assert_eq!(env.run(&["mail", "test", "carol@example.com"]).code, 0);
}
