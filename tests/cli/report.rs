//! `mfactl report`: 2FA coverage per company, checked against figures computed by hand
//! on a small store, and against what `user list --mfa …` lists.

use serde_json::{Value, json};

use crate::support::{Env, PASSWORD, T0, expect, login};

const DAY: i64 = 86_400;
/// When the report is taken: a minute after the sign-ins below, erin still locked.
const AT: i64 = T0 + 60;

/// Two tenants, three companies, and a user of each kind the report tells apart:
///
/// | tenant (policy)          | company (enforced) | user  | state                                   |
/// |--------------------------|--------------------|-------|-----------------------------------------|
/// | acme (2FA on, 14d grace) | sales (yes)        | alice | enrolled                                |
/// |                          |                    | bob   | missing; the company allows no skipping |
/// |                          |                    | sam   | SSO: never required, never missing      |
/// |                          | ops (no)           | carol | missing, in grace (not started)         |
/// |                          |                    | dave  | missing, in grace since T0 (skipped)    |
/// |                          |                    | erin  | enrolled, locked by 5 wrong passwords   |
/// |                          | (none)             | frank | missing, in grace (not started)         |
/// | globex (2FA off)         | labs (no)          | gina  | missing: role admin via group admins    |
/// |                          |                    | hank  | nothing required                        |
/// |                          | (none)             | ivan  | SSO in group admins: not required       |
fn store() -> Env {
    let env = Env::new();
    env.ok(&["tenant", "create", "acme"]);
    env.ok(&["tenant", "create", "globex"]);
    env.ok(&[
        "tenant",
        "set-auth",
        "acme",
        "--enable",
        "--grace-period",
        "14d",
    ]);
    env.ok(&[
        "company",
        "create",
        "sales",
        "--tenant",
        "acme",
        "--enforce-mfa",
    ]);
    env.ok(&["company", "create", "ops", "--tenant", "acme"]);
    env.ok(&["company", "create", "labs", "--tenant", "globex"]);
    let add = |email: &str, tenant: &str, company: Option<&str>, sso: bool| {
        let email = format!("{email}@example.com");
        let mut args = vec!["user", "add", &email, "--tenant", tenant];
        if let Some(company) = company {
            args.extend(["--company", company]);
        }
        if sso {
            args.push("--sso");
        } else {
            args.push("--password-stdin");
        }
        let run = env.run_with(&args, PASSWORD);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    };
    add("alice", "acme", Some("sales"), false);
    add("bob", "acme", Some("sales"), false);
    add("sam", "acme", Some("sales"), true);
    add("carol", "acme", Some("ops"), false);
    add("dave", "acme", Some("ops"), false);
    add("erin", "acme", Some("ops"), false);
    add("frank", "acme", None, false);
    add("gina", "globex", Some("labs"), false);
    add("hank", "globex", Some("labs"), false);
    add("ivan", "globex", None, true);
    for args in [
        &["role", "create", "admin", "--tenant", "globex"][..],
        &["role", "require-2fa", "admin", "--tenant", "globex"],
        &["group", "create", "admins", "--tenant", "globex"],
        &[
            "group",
            "grant-role",
            "admins",
            "admin",
            "--tenant",
            "globex",
        ],
        &[
            "group",
            "add-member",
            "admins",
            "gina@example.com",
            "--tenant",
            "globex",
        ],
        &[
            "group",
            "add-member",
            "admins",
            "ivan@example.com",
            "--tenant",
            "globex",
        ],
    ] {
        env.ok(args);
    }
    env.enrol("alice@example.com", T0);
    env.enrol("erin@example.com", T0);
    expect(&login(&env, T0, "dave@example.com", &["--skip"]), 0);
    for _ in 0..5 {
        let run = env.run_at(
            T0,
            &["login", "erin@example.com", "--password-stdin"],
            "wrong password\n",
        );
        assert!(matches!(run.code, 3 | 5), "{}", run.stderr);
    }
    env
}

fn grace_end() -> String {
    mfactl::core::time::format_rfc3339(T0 + 14 * DAY)
}

/// The counts of one row, in the order of the CSV columns after tenant and company.
#[expect(clippy::too_many_arguments, reason = "one column each, as in the CSV")]
fn counts(
    users: u64,
    required: u64,
    enrolled: u64,
    missing: u64,
    in_grace: u64,
    grace_not_started: u64,
    earliest_grace_end: Option<&str>,
    locked: u64,
) -> Value {
    json!({
        "users": users,
        "required": required,
        "enrolled": enrolled,
        "missing": missing,
        "in_grace": in_grace,
        "grace_not_started": grace_not_started,
        "earliest_grace_end": earliest_grace_end,
        "locked": locked,
    })
}

fn row(tenant: &str, company: Option<&str>, counts: Value) -> Value {
    let mut row = counts;
    row["tenant"] = json!(tenant);
    row["company"] = json!(company);
    row
}

/// The rows computed by hand from the table of `store`.
fn expected_rows() -> Vec<Value> {
    vec![
        row(
            "acme",
            Some("ops"),
            counts(3, 3, 1, 2, 2, 1, Some(grace_end().as_str()), 1),
        ),
        row("acme", Some("sales"), counts(3, 2, 1, 1, 0, 0, None, 0)),
        row("acme", None, counts(1, 1, 0, 1, 1, 1, None, 0)),
        row("globex", Some("labs"), counts(2, 1, 0, 1, 0, 0, None, 0)),
        row("globex", None, counts(1, 0, 0, 0, 0, 0, None, 0)),
    ]
}

fn report(env: &Env, args: &[&str]) -> Value {
    let mut all = vec!["report"];
    all.extend_from_slice(args);
    all.push("--json");
    env.at(AT, &all, 0).json()
}

#[test]
fn report_json_matches_the_figures_computed_by_hand() {
    let env = store();
    let report = report(&env, &[]);
    assert_eq!(report["at"], mfactl::core::time::format_rfc3339(AT));
    assert_eq!(report["rows"], json!(expected_rows()), "{report:#}");
    assert_eq!(
        report["totals"],
        counts(10, 7, 2, 5, 3, 2, Some(grace_end().as_str()), 1),
        "{report:#}"
    );
}

/// The report counts what `user list --mfa …` lists: the same policy, the same moment.
#[test]
fn report_agrees_with_user_list() {
    let env = store();
    let totals = report(&env, &[])["totals"].clone();
    for (state, field) in [
        ("missing", "missing"),
        ("enrolled", "enrolled"),
        ("locked", "locked"),
    ] {
        let listed = env
            .at(AT, &["user", "list", "--mfa", state, "--json"], 0)
            .json();
        let listed = listed.as_array().unwrap().len();
        assert_eq!(json!(listed), totals[field], "--mfa {state}");
    }
    let everyone = env.at(AT, &["user", "list", "--json"], 0).json();
    assert_eq!(json!(everyone.as_array().unwrap().len()), totals["users"]);
    // And per company: the missing of ops are the ones `user list` names.
    let ops = env
        .at(
            AT,
            &[
                "user",
                "list",
                "--company",
                "ops",
                "--tenant",
                "acme",
                "--mfa",
                "missing",
                "--json",
            ],
            0,
        )
        .json();
    assert_eq!(
        crate::support::emails(&ops),
        ["carol@example.com", "dave@example.com"]
    );
    let shown = env
        .at(AT, &["user", "show", "dave@example.com", "--json"], 0)
        .json();
    assert_eq!(shown["mfa"]["grace_ends_at"], json!(grace_end()));
}

#[test]
fn report_csv_has_a_header_one_line_per_row_and_a_total_line() {
    let env = store();
    let run = env.at(AT, &["report", "--csv"], 0);
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        headers,
        [
            "tenant",
            "company",
            "users",
            "required",
            "enrolled",
            "missing",
            "in_grace",
            "grace_not_started",
            "earliest_grace_end",
            "locked"
        ]
    );
    let records: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let end = grace_end();
    let expected: Vec<Vec<&str>> = vec![
        vec!["acme", "ops", "3", "3", "1", "2", "2", "1", &end, "1"],
        vec!["acme", "sales", "3", "2", "1", "1", "0", "0", "", "0"],
        vec!["acme", "-", "1", "1", "0", "1", "1", "1", "", "0"],
        vec!["globex", "labs", "2", "1", "0", "1", "0", "0", "", "0"],
        vec!["globex", "-", "1", "0", "0", "0", "0", "0", "", "0"],
        vec!["TOTAL", "", "10", "7", "2", "5", "3", "2", &end, "1"],
    ];
    assert_eq!(records, expected, "{}", run.stdout);
}

#[test]
fn report_table_is_aligned_with_a_total_row() {
    let env = store();
    let run = env.at(AT, &["report"], 0);
    let lines: Vec<Vec<&str>> = run
        .stdout
        .lines()
        .map(|l| {
            l.split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect()
        })
        .collect();
    let end = grace_end();
    let expected: Vec<Vec<&str>> = vec![
        vec![
            "TENANT",
            "COMPANY",
            "USERS",
            "REQUIRED",
            "ENROLLED",
            "MISSING",
            "IN GRACE",
            "FIRST GRACE END",
            "LOCKED",
        ],
        vec!["acme", "ops", "3", "3", "1", "2", "2", &end, "1"],
        vec!["acme", "sales", "3", "2", "1", "1", "0", "-", "0"],
        vec!["acme", "-", "1", "1", "0", "1", "1", "not started", "0"],
        vec!["globex", "labs", "2", "1", "0", "1", "0", "-", "0"],
        vec!["globex", "-", "1", "0", "0", "0", "0", "-", "0"],
        vec!["TOTAL", "10", "7", "2", "5", "3", &end, "1"],
    ];
    assert_eq!(lines, expected, "{}", run.stdout);
    // Aligned: every column starts at the same place on every line.
    let header = run.stdout.lines().next().unwrap();
    let column = header.find("USERS").unwrap();
    for line in run.stdout.lines().skip(1) {
        assert_eq!(&line[column - 2..column], "  ", "misaligned line: {line:?}");
        assert_ne!(&line[column..=column], " ", "misaligned line: {line:?}");
    }
}

#[test]
fn report_filters_by_company_and_by_tenant() {
    let env = store();
    let rows = expected_rows();
    let sales = report(&env, &["--company", "sales"]);
    assert_eq!(sales["rows"], json!([rows[1].clone()]));
    assert_eq!(sales["totals"], counts(3, 2, 1, 1, 0, 0, None, 0));
    let labs = report(&env, &["--company", "labs", "--tenant", "globex"]);
    assert_eq!(labs["rows"], json!([rows[3].clone()]));
    let globex = report(&env, &["--tenant", "globex"]);
    assert_eq!(globex["rows"], json!(rows[3..].to_vec()));
    assert_eq!(globex["totals"], counts(3, 1, 0, 1, 0, 0, None, 0));
    // A company of another tenant is not found there; unknown names are not found.
    env.fails(&["report", "--company", "labs", "--tenant", "acme"], 7);
    env.fails(&["report", "--company", "nope"], 7);
    env.fails(&["report", "--tenant", "nope"], 7);
    // A company without users is reported with zeros.
    env.ok(&["company", "create", "idle", "--tenant", "globex"]);
    let idle = report(&env, &["--company", "idle"]);
    assert_eq!(
        idle["rows"],
        json!([row(
            "globex",
            Some("idle"),
            counts(0, 0, 0, 0, 0, 0, None, 0)
        )])
    );
    // Rows are in name order, case aside (as the store compares names).
    env.ok(&["company", "create", "Zeta", "--tenant", "globex"]);
    let companies: Vec<Value> = report(&env, &["--tenant", "globex"])["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["company"].clone())
        .collect();
    assert_eq!(
        companies,
        [json!("idle"), json!("labs"), json!("Zeta"), json!(null)]
    );
}

#[test]
fn report_refuses_a_missing_store_and_bad_flags() {
    let env = Env::new();
    let run = env.fails(&["report"], 1);
    assert!(run.stderr.contains("no store"), "{}", run.stderr);
    assert!(!env.store.exists(), "a read created the store");
    let env = Env::with_acme();
    env.fails(&["report", "--csv", "--json"], 2);
    env.fails(&["report", "--bogus"], 2);
    env.fails(&["report", "--company"], 2);
    env.fails(&["report", "--company", "bad slug"], 2);
}

/// The README's coverage-report example runs as written and prints what it shows.
#[test]
fn the_readme_report_example_prints_what_it_shows() {
    crate::support::require_tool("jq", "jq");
    let after = crate::support::after_marker("<!-- smoke-test-report -->");
    let script = after
        .split("```sh\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("a sh block");
    let shown = after
        .split("```text\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("the output it shows");
    let env = Env::new();
    let out = env
        .shell(script, &[])
        .env_remove("MFACTL_STORE")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the README report example failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout, shown);
}
