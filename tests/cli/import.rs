//! `user import FILE.csv`: rows checked by line number, all or none, duplicates in the
//! file and against the store, a dry run, one audit entry.

use std::io::Write;
use std::process::Stdio;

use crate::support::{Env, KillOnDrop, PASSWORD, emails, sqlite, wait_for};

/// A store with tenant acme, companies sales and ops, roles admin and support, and
/// user alice (in sales).
fn env() -> Env {
    let env = Env::with_acme();
    env.ok(&["company", "create", "ops"]);
    env.ok(&["role", "create", "admin"]);
    env.ok(&["role", "create", "support"]);
    env
}

fn write(env: &Env, name: &str, text: &str) -> String {
    let path = env.path(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

/// Every user's email, and how many audit entries there are.
fn state(env: &Env) -> (Vec<String>, usize) {
    let users = emails(&env.json(&["user", "list"]));
    let audit = env.json(&["audit"]).as_array().unwrap().len();
    (users, audit)
}

#[test]
fn a_good_file_is_imported_with_companies_roles_and_sso_in_one_audit_entry() {
    let env = env();
    let file = write(
        &env,
        "staff.csv",
        "email,company,roles,sso\n\
         bob@example.com,sales,admin;support,false\n\
         Carol@Example.com, ops ,,TRUE\n\
         dave@example.com,,support,\n",
    );
    let (_, audit_before) = state(&env);
    let summary = env.json(&["user", "import", &file]);
    assert_eq!(summary["imported"], 3, "{summary}");
    assert_eq!(summary["local"], 2);
    assert_eq!(summary["sso"], 1);
    assert_eq!(summary["role_grants"], 3);
    assert_eq!(summary["rows"], 3);
    assert_eq!(summary["dry_run"], false);

    let bob = env.json(&["user", "show", "bob@example.com"]);
    assert_eq!(bob["company"], "sales");
    assert_eq!(bob["kind"], "local");
    assert_eq!(
        bob["has_password"], false,
        "imported users have no password"
    );
    let roles: Vec<&str> = bob["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["admin", "support"]);
    let carol = env.json(&["user", "show", "carol@example.com"]);
    assert_eq!(carol["kind"], "sso");
    assert_eq!(carol["company"], "ops");

    // One audit entry for the whole import, with its counts.
    let audit = env.json(&["audit"]);
    let entries = audit.as_array().unwrap();
    assert_eq!(entries.len(), audit_before + 1);
    let entry = entries.last().unwrap();
    assert_eq!(entry["action"], "user.import");
    assert_eq!(entry["target"], "tenant:acme");
    assert_eq!(entry["details"]["users"], 3);
    assert_eq!(entry["details"]["role_grants"], 3);
    assert_eq!(env.json(&["audit", "verify"])["ok"], true);

    // The human summary says what happened and what is left to do.
    let file = write(&env, "one.csv", "email\nerin@example.com\n");
    let text = env.ok(&["user", "import", &file]);
    assert!(text.contains("Imported 1 user into tenant acme"), "{text}");
    assert!(text.contains("user set-password"), "{text}");
}

#[test]
fn every_bad_row_is_reported_by_line_and_nothing_is_written() {
    let env = env();
    let file = write(
        &env,
        "bad.csv",
        "email,company,roles,sso\n\
         good@example.com,sales,admin,false\n\
         not-an-email,sales,,\n\
         \n\
         frank@example.com,nowhere,,\n\
         gina@example.com,,admin;ghost,\n\
         hank@example.com,,,maybe\n\
         ivy@example.com,sales\n\
         ,sales,,\n\
         jo@example.com,sales,,false\n",
    );
    let before = state(&env);
    let run = env.fails(&["user", "import", &file], 2);
    for expected in [
        "6 of the 8 rows",
        "nothing was imported",
        "line 3: invalid email address \"not-an-email\"",
        "line 5: company \"nowhere\" not found in tenant acme",
        "line 6: role \"ghost\" not found in tenant acme",
        "line 7: sso is \"maybe\" (write true or false)",
        "line 8: has 2 fields; the header row has 4",
        "line 9: the email is empty",
        "--dry-run",
    ] {
        assert!(run.stderr.contains(expected), "{expected}: {}", run.stderr);
    }
    assert!(!run.stderr.contains("line 2:"), "{}", run.stderr);
    assert!(!run.stderr.contains("line 10:"), "{}", run.stderr);
    assert_eq!(state(&env), before);

    // --json: the same rows on stdout for scripts, the error on stderr.
    let run = env.fails(&["user", "import", &file, "--json"], 2);
    let summary = run.json();
    assert_eq!(summary["imported"], 0);
    let lines: Vec<i64> = summary["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["line"].as_i64().unwrap())
        .collect();
    assert_eq!(lines, [3, 5, 6, 7, 8, 9]);
    assert_eq!(run.error_json()["error"]["kind"], "usage");
    assert_eq!(state(&env), before);
}

#[test]
fn the_exit_code_names_the_worst_kind_of_bad_row() {
    let env = env();
    // Only unknown names: not found (7).
    let file = write(
        &env,
        "unknown.csv",
        "email,company\nzed@example.com,nowhere\n",
    );
    env.fails(&["user", "import", &file], 7);
    // Only emails that exist: conflict (8).
    let file = write(&env, "again.csv", "email\nALICE@example.com\n");
    let run = env.fails(&["user", "import", &file], 8);
    assert!(
        run.stderr
            .contains("line 2: alice@example.com is already a user of tenant acme"),
        "{}",
        run.stderr
    );
    // A malformed row as well: usage (2).
    let file = write(
        &env,
        "both.csv",
        "email,company\nalice@example.com,\nbad,\n",
    );
    env.fails(&["user", "import", &file], 2);
}

#[test]
fn a_repeated_email_names_the_line_it_repeats() {
    let env = env();
    let file = write(
        &env,
        "twice.csv",
        "email\nkim@example.com\nlee@example.com\nKIM@example.com\nlee@example.com\n",
    );
    let run = env.fails(&["user", "import", &file], 8);
    assert!(
        run.stderr
            .contains("line 4: kim@example.com repeats line 2"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("line 5: lee@example.com repeats line 3"),
        "{}",
        run.stderr
    );
    assert_eq!(emails(&env.json(&["user", "list"])), ["alice@example.com"]);
}

#[test]
fn the_header_row_is_checked_first() {
    let env = env();
    for (text, expected) in [
        ("", "has no header row"),
        ("company,roles\nsales,admin\n", "no email column"),
        (
            "email,role\nx@example.com,admin\n",
            "unknown column \"role\"",
        ),
        (
            "email,email\nx@example.com,y@example.com\n",
            "appears twice",
        ),
    ] {
        let file = write(&env, "header.csv", text);
        let run = env.fails(&["user", "import", &file], 2);
        assert!(run.stderr.contains(expected), "{text:?}: {}", run.stderr);
    }
    let run = env.fails(&["user", "import", "missing.csv"], 2);
    assert!(run.stderr.contains("does not exist"), "{}", run.stderr);
}

#[test]
fn a_dry_run_checks_everything_and_writes_nothing() {
    let env = env();
    let file = write(
        &env,
        "staff.csv",
        "email,roles\nmia@example.com,admin\nned@example.com,\n",
    );
    let before = env.snapshot();
    let summary = env.json(&["user", "import", &file, "--dry-run"]);
    assert_eq!(summary["dry_run"], true);
    // Issue 22, item 9: nothing was imported; the dry run says what would be.
    assert_eq!(summary["imported"], 0);
    assert_eq!(summary["would_import"], 2);
    assert_eq!(summary["role_grants"], 1);
    assert!(before == env.snapshot(), "a dry run changed the store");
    let text = env.ok(&["user", "import", &file, "--dry-run"]);
    assert!(
        text.contains("Dry run: 2 users would be imported"),
        "{text}"
    );
    // A dry run finds what the real import would: a user that exists.
    let file = write(&env, "again.csv", "email\nalice@example.com\n");
    let refused = env.fails(&["user", "import", &file, "--dry-run"], 8);
    // It says nothing would be imported, and suggests no --dry-run it already has.
    assert!(
        refused.stderr.contains("nothing would be imported"),
        "{}",
        refused.stderr
    );
    assert!(
        !refused.stderr.contains("add --dry-run"),
        "{}",
        refused.stderr
    );
    assert!(before == env.snapshot());
}

#[test]
fn standard_input_a_bom_and_quoted_fields_are_read() {
    let env = env();
    let csv = "\u{feff}email,roles\n\"olga@example.com\",\"admin;support\"\n";
    let run = env.run_with(&["user", "import", "-", "--json"], csv);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["role_grants"], 2);
    assert_eq!(run.json()["file"], "-");
}

#[test]
fn bad_rows_past_the_first_hundred_are_counted_not_listed() {
    let env = env();
    let mut text = String::from("email\n");
    for i in 0..250 {
        text.push_str(&format!("bad{i}\n"));
    }
    let file = write(&env, "many.csv", &text);
    let run = env.fails(&["user", "import", &file, "--json"], 2);
    assert_eq!(run.json()["errors"].as_array().unwrap().len(), 100);
    let message = run.error_json()["error"]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(message.contains("250 of the 250 rows"), "{message}");
    assert!(message.contains("and 150 more bad rows"), "{message}");
}

#[test]
fn escape_sequences_in_the_file_never_reach_the_terminal() {
    let env = env();
    let file = write(
        &env,
        "evil.csv",
        "email,company\n\x1b]0;pwned\x07@example.com,\x1b[2Jsales\n",
    );
    let run = env.fails(&["user", "import", &file], 2);
    assert!(!run.stderr.contains('\x1b'), "{:?}", run.stderr);
    assert!(!run.stderr.contains('\x07'), "{:?}", run.stderr);
    assert!(run.stderr.contains("line 2:"), "{}", run.stderr);
}

#[test]
fn invalid_utf8_is_a_bad_row_not_a_crash() {
    let env = env();
    let path = env.path("latin1.csv");
    std::fs::write(&path, b"email,company\nj\xe9r\xf4me@example.com,sales\n").unwrap();
    let run = env.fails(&["user", "import", path.to_str().unwrap()], 2);
    assert!(
        run.stderr.contains("line 2: the email is not UTF-8 text"),
        "{}",
        run.stderr
    );
}

/// The line numbers are those an editor shows: after blank lines, in CRLF files, and
/// past a quoted field that spans lines (the csv crate's own are off in the first two).
#[test]
fn line_numbers_match_the_file_whatever_its_line_endings() {
    let env = env();
    let lines = [
        "email,company,roles,sso",
        "",
        "",
        "bad1,,,",
        "ok1@example.com,sales,\"admin;",
        "support\",false",
        "bad2,,,",
        "",
        "bad3,,,",
    ];
    for ending in ["\n", "\r\n"] {
        let mut text = lines.join(ending);
        if ending == "\n" {
            text.push('\n');
        }
        let file = write(&env, "lines.csv", &text);
        let run = env.fails(&["user", "import", &file, "--json"], 2);
        let found: Vec<i64> = run.json()["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["line"].as_i64().unwrap())
            .collect();
        assert_eq!(found, [4, 7, 9], "line ending {ending:?}");
    }
}

/// An email per line from line 2 on; where one repeats an earlier line (without case),
/// the message the import must give (emails are read in lower case).
fn repeats(emails: &[String]) -> Vec<(u64, String)> {
    let mut first = std::collections::HashMap::new();
    let mut expected = Vec::new();
    for (line, email) in (2_u64..).zip(emails) {
        match first.get(&email.to_ascii_lowercase()) {
            Some(earlier) => expected.push((
                line,
                format!("{} repeats line {earlier}", email.to_ascii_lowercase()),
            )),
            None => {
                first.insert(email.to_ascii_lowercase(), line);
            }
        }
    }
    expected
}

/// Issue 13: rows go to the store in batches (through `COPY` on PostgreSQL, whose ids
/// skip on a conflict): a repeat is named by its first line across batches and after a
/// skip, a user already there is named, and every role of a good file is granted.
#[test]
fn files_of_several_batches_name_every_repeat_and_grant_every_role() {
    let env = env();
    let mut emails: Vec<String> = (0..10_000).map(|i| format!("u{i}@example.com")).collect();
    // A repeat in the first batch (PostgreSQL's sequence skips there), then repeats of
    // lines after it, in the same batch and in later ones, and a user already there.
    emails[1] = "U0@example.com".to_owned();
    emails[3000] = "u2500@EXAMPLE.com".to_owned();
    emails[5000] = "u4095@example.com".to_owned();
    emails[9999] = "u8000@example.com".to_owned();
    emails[7000] = "ALICE@example.com".to_owned();
    let text: String = std::iter::once("email".to_owned())
        .chain(emails.iter().cloned())
        .map(|line| line + "\n")
        .collect();
    let file = write(&env, "repeats.csv", &text);
    let run = env.fails(&["user", "import", &file, "--json"], 8);
    let errors: Vec<(u64, String)> = run.json()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["line"].as_u64().unwrap(),
                e["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let mut expected = repeats(&emails);
    expected.push((
        7002,
        "alice@example.com is already a user of tenant acme".to_owned(),
    ));
    expected.sort();
    assert_eq!(errors, expected);
    assert_eq!(emails_of(&env), ["alice@example.com"]);

    // A good file of the same size: every user added, every role granted.
    let mut text = String::from("email,roles\n");
    for i in 0..10_000 {
        let roles = if i % 7 == 0 { "admin;support" } else { "" };
        text.push_str(&format!("v{i}@example.com,{roles}\n"));
    }
    let file = write(&env, "good.csv", &text);
    let summary = env.json(&["user", "import", &file]);
    assert_eq!(summary["imported"], 10_000, "{summary}");
    assert_eq!(summary["role_grants"], 2 * 1429);
    assert_eq!(
        env.query_ints("SELECT count(*) FROM user_roles"),
        [Some(2 * 1429)]
    );
    assert_eq!(env.query_ints("SELECT count(*) FROM users"), [Some(10_001)]);
    assert_eq!(env.json(&["audit", "verify"])["ok"], true);
}

fn emails_of(env: &Env) -> Vec<String> {
    emails(&env.json(&["user", "list"]))
}

/// Whether some process holds a write transaction of the store open: on SQLite the
/// write lock (`BEGIN IMMEDIATE` refused at once, no busy wait), on PostgreSQL a session
/// of mfactl idle inside a transaction. Asked instead of letting a sign-in wait out the
/// store's 60-second busy timeout.
fn write_transaction_open(env: &Env) -> bool {
    if env.pg.is_some() {
        return env.query_ints(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() \
             AND application_name = 'mfactl' AND state = 'idle in transaction'",
        ) != [Some(0)];
    }
    let db = sqlite(&env.store);
    db.busy_timeout(std::time::Duration::ZERO).unwrap();
    match db.execute_batch("BEGIN IMMEDIATE; ROLLBACK") {
        Ok(()) => false,
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) => true,
        Err(e) => panic!("probing the store's write lock: {e}"),
    }
}

/// Issue 18, finding 2, the attack: an admin pastes a CSV into `user import -` (here a
/// pipe that stays open after its first rows) while a user signs in. The import must
/// not hold the store while it waits for its input: the sign-in succeeds at once, and
/// the import, once its input ends, adds every row.
#[test]
fn an_import_waiting_for_its_input_does_not_block_a_sign_in() {
    let env = env();
    let mut import = KillOnDrop(
        env.std_cmd()
            .args(["user", "import", "-", "--json"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut input = import.0.stdin.take().unwrap();
    input
        .write_all(b"email,company,roles\nbob@example.com,sales,admin\n")
        .unwrap();
    input.flush().unwrap();
    let pid = import.0.id();
    wait_for("the import to wait for the rest of its input", || {
        std::fs::read_to_string(format!("/proc/{pid}/wchan"))
            .is_ok_and(|wchan| wchan.contains("pipe_read"))
            && env.blocked_with_store_open(pid)
    });
    assert!(
        !write_transaction_open(&env),
        "the import holds a write transaction while it waits for its input: every sign-in waits, then fails"
    );
    let login = env.run_with(
        &["login", "alice@example.com", "--password-stdin"],
        PASSWORD,
    );
    assert_eq!(login.code, 0, "{}", login.stderr);

    // The rest of the file, then its end: every row is imported.
    input
        .write_all(b"carol@example.com,,\ndave@example.com,ops,\n")
        .unwrap();
    drop(input);
    let mut stdout = String::new();
    std::io::Read::read_to_string(import.0.stdout.as_mut().unwrap(), &mut stdout).unwrap();
    let status = import.0.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{stdout}");
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(summary["imported"], 3, "{summary}");
    assert_eq!(summary["role_grants"], 1);
    assert_eq!(
        emails_of(&env),
        [
            "alice@example.com",
            "bob@example.com",
            "carol@example.com",
            "dave@example.com"
        ]
    );
}

/// The tenant is checked before the input is read: an admin is not left pasting a file
/// that cannot be imported (the pipe here stays open; the import must end anyway).
#[test]
fn an_unknown_tenant_is_refused_before_the_input_is_read() {
    let env = env();
    let mut import = KillOnDrop(
        env.std_cmd()
            .args(["user", "import", "-", "--tenant", "nowhere"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let _input = import.0.stdin.take().unwrap();
    let mut status = None;
    wait_for("the import to end", || {
        status = import.0.try_wait().unwrap();
        status.is_some()
    });
    let mut stderr = String::new();
    std::io::Read::read_to_string(import.0.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.and_then(|s| s.code()), Some(7), "{stderr}");
    assert!(stderr.contains("nowhere"), "{stderr}");
}

/// A row's problems are listed in the order of its fields, whether the file alone shows
/// them or the store does.
#[test]
fn a_rows_problems_are_listed_in_the_order_of_its_fields() {
    let env = env();
    let file = write(
        &env,
        "mixed.csv",
        "email,company,roles,sso\nbad,nowhere,admin;ghost;-x,maybe\n",
    );
    let run = env.fails(&["user", "import", &file, "--json"], 2);
    let message = run.json()["errors"][0]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    let company = message.find("company \"nowhere\" not found").unwrap();
    let ghost = message.find("role \"ghost\" not found").unwrap();
    let malformed = message.find("role name").unwrap();
    let email = message.find("invalid email address \"bad\"").unwrap();
    let sso = message.find("sso is \"maybe\"").unwrap();
    assert!(
        email < company && company < ghost.min(malformed) && ghost.max(malformed) < sso,
        "{message}"
    );
}
