//! `policy export / plan / apply / schema` (SPEC §7, issue 19) on the real binary, on
//! whichever store the suite runs on: the round trip, applies that change nothing,
//! `--exit-code`, `--yes`, `--plan-id`, bad files by line and column, `--prune`, the
//! must-enrol count against the dry runs, and two applies racing.

use std::path::Path;

use serde_json::Value;

use crate::support::{Env, emails};

/// A store with tenant acme: companies sales (alice, local) and hr (no users), users
/// bob and dave (local, no company) and carol (SSO), role admin held by bob directly,
/// group ops granted admin with dave as its member.
fn acme() -> Env {
    let env = Env::with_acme();
    for args in [
        &["user", "add", "bob@example.com", "--no-input"][..],
        &["user", "add", "dave@example.com", "--no-input"],
        &["user", "add", "carol@example.com", "--sso"],
        &["company", "create", "hr"],
        &["role", "create", "admin"],
        &["role", "assign", "admin", "bob@example.com"],
        &["group", "create", "ops"],
        &["group", "grant-role", "ops", "admin"],
        &["group", "add-member", "ops", "dave@example.com"],
    ] {
        env.ok(args);
    }
    env
}

/// Writes `text` as the file `name` in the test's folder; returns its name.
fn file(env: &Env, name: &str, text: &str) -> String {
    std::fs::write(env.path(name), text).unwrap();
    name.to_owned()
}

fn plan_json(env: &Env, args: &[&str]) -> Value {
    let mut all = vec!["policy", "plan"];
    all.extend_from_slice(args);
    env.json(&all)
}

fn audit_entries(env: &Env) -> usize {
    env.json(&["audit"]).as_array().unwrap().len()
}

/// The changes of a plan as `op kind tenant/name field before→after`, one a line.
fn lines(plan: &Value) -> Vec<String> {
    plan["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            format!(
                "{} {} {}/{} {} {}→{}",
                c["op"].as_str().unwrap(),
                c["kind"].as_str().unwrap(),
                c["tenant"].as_str().unwrap(),
                c["name"].as_str().unwrap(),
                c["field"].as_str().unwrap_or("-"),
                c["before"],
                c["after"]
            )
        })
        .collect()
}

#[test]
fn an_export_plans_no_changes_and_exit_code_says_so() {
    let env = acme();
    env.ok(&[
        "tenant",
        "set-auth",
        "acme",
        "--enable",
        "--grace-period",
        "14d",
        "--secondary",
        "email",
    ]);
    env.ok(&["company", "enforce-mfa", "sales"]);
    env.ok(&["role", "require-2fa", "admin"]);
    env.ok(&["tenant", "create", "globex"]);
    env.ok(&["policy", "export", "--out", "policy.toml"]);
    let text = std::fs::read_to_string(env.path("policy.toml")).unwrap();
    assert!(
        text.starts_with("# mfactl policy, format version 1"),
        "{text}"
    );
    assert!(text.contains("\nversion = 1\n"), "{text}");
    assert!(text.contains("[tenants.globex]\n"), "{text}");
    // The same store, the same file: stdout gives the same text.
    assert_eq!(env.ok(&["policy", "export"]), text);
    let plan = plan_json(&env, &["policy.toml", "--prune"]);
    assert_eq!(plan["changes"], serde_json::json!([]), "{plan}");
    assert_eq!(plan["must_enrol"], 0);
    let run = env.run(&["policy", "plan", "policy.toml", "--exit-code"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("No changes"), "{}", run.stdout);
    // One tenant only.
    let one = env.ok(&["policy", "export", "--tenant", "globex"]);
    assert!(
        one.contains("[tenants.globex]") && !one.contains("[tenants.acme"),
        "{one}"
    );
    // A change in the store is a change in the plan: exit 9, the plan still printed.
    env.ok(&["company", "enforce-mfa", "hr"]);
    let run = env.run(&["policy", "plan", "policy.toml", "--exit-code", "--json"]);
    assert_eq!(run.code, 9, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        lines(&run.json()),
        ["~ company acme/hr enforce_mfa true→false"]
    );
    assert_eq!(run.json()["changes"][0]["weakens"], true);
}

#[test]
fn export_out_refuses_an_existing_file() {
    let env = acme();
    file(&env, "policy.toml", "keep me\n");
    let run = env.fails(&["policy", "export", "--out", "policy.toml"], 8);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(env.path("policy.toml")).unwrap(),
        "keep me\n"
    );
}

const CHANGES: &str = r#"version = 1

[tenants.acme]
twofa = true

[tenants.acme.companies.sales]
enforce_mfa = true

[tenants.acme.roles.admin]
require_2fa = true
members = ["bob@example.com", "alice@example.com"]

[tenants.acme.groups.audit]
roles = ["admin"]
members = ["dave@example.com"]

[tenants.globex.companies.west]
enforce_mfa = true
"#;

#[test]
fn apply_makes_the_plan_and_a_second_apply_writes_nothing() {
    let env = acme();
    let name = file(&env, "policy.toml", CHANGES);
    let plan = plan_json(&env, &[&name]);
    assert_eq!(
        lines(&plan),
        [
            "~ tenant acme/acme twofa false→true",
            "~ company acme/sales enforce_mfa false→true",
            "~ role acme/admin require_2fa false→true",
            "+ role acme/admin members null→\"alice@example.com\"",
            "+ group acme/audit - null→{}",
            "+ group acme/audit roles null→\"admin\"",
            "+ group acme/audit members null→\"dave@example.com\"",
            "+ tenant globex/globex - null→null",
            "+ company globex/west - null→{\"enforce_mfa\":true}",
        ]
    );
    let entries = audit_entries(&env);
    let applied = env.json(&["policy", "apply", &name, "--reason", "MR 7"]);
    assert_eq!(applied["applied"], true);
    assert_eq!(applied["plan_id"], plan["plan_id"]);
    // One audit entry a change (a tenant's settings in one), each naming the file.
    let log = env.json(&["audit"]);
    let new: Vec<&Value> = log.as_array().unwrap()[entries..].iter().collect();
    assert_eq!(new.len(), 9, "{new:?}");
    let sha = applied["sha256"].as_str().unwrap();
    for entry in &new {
        assert_eq!(entry["actor"], "tester");
        assert_eq!(entry["reason"], "MR 7");
        assert_eq!(entry["details"]["policy"]["sha256"], sha, "{entry}");
        assert_eq!(entry["details"]["policy"]["plan_id"], plan["plan_id"]);
    }
    let show = env.json(&["role", "show", "admin"]);
    assert_eq!(show["requires_2fa"], true);
    assert_eq!(
        env.json(&["company", "show", "west", "--tenant", "globex"])["enforce_mfa"],
        true
    );
    // Again: nothing to do, nothing written, not even an audit entry.
    let before = env.snapshot();
    let entries = audit_entries(&env);
    let again = env.json(&["policy", "apply", &name]);
    assert_eq!(again["applied"], false);
    assert_eq!(again["changes"], serde_json::json!([]));
    assert_eq!(audit_entries(&env), entries);
    assert!(
        before == env.snapshot(),
        "the second apply changed the store"
    );
    // And the plan of the file is empty now, as is the export's.
    assert_eq!(plan_json(&env, &[&name])["changes"], serde_json::json!([]));
}

#[test]
fn a_plan_changes_nothing_though_it_rehearses_the_changes() {
    let env = acme();
    let name = file(&env, "policy.toml", CHANGES);
    let before = env.snapshot();
    let entries = audit_entries(&env);
    let plan = plan_json(&env, &[&name]);
    assert_eq!(plan["rehearsed"], true);
    assert!(before == env.snapshot(), "the plan changed the store");
    assert_eq!(audit_entries(&env), entries);
    let human = env.ok(&["policy", "plan", &name]);
    assert!(human.contains("  ~  tenant   acme"), "{human}");
    let last = human.lines().find(|l| l.starts_with("Plan ")).unwrap();
    assert!(
        last.contains(": 6 to add, 3 to change, 0 to remove; 3 users would have to enrol"),
        "{last}"
    );
    assert!(human.contains("--plan-id"), "{human}");
}

#[test]
fn a_weakening_plan_needs_yes() {
    let env = acme();
    env.ok(&["company", "enforce-mfa", "sales"]);
    let name = file(
        &env,
        "weaker.toml",
        "version = 1\n[tenants.acme]\ngrace_period = \"7d\"\n[tenants.acme.companies.sales]\nenforce_mfa = false\n",
    );
    let plan = plan_json(&env, &[&name]);
    let weakens: Vec<bool> = plan["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["weakens"].as_bool().unwrap())
        .collect();
    assert_eq!(weakens, [true, true], "{plan}");
    let run = env.fails(&["policy", "apply", &name], 4);
    assert!(run.stderr.contains("--yes"), "{}", run.stderr);
    assert!(run.stderr.contains("weakens protection"), "{}", run.stderr);
    env.ok(&["policy", "apply", &name, "--yes"]);
    assert_eq!(
        env.json(&["company", "show", "sales"])["enforce_mfa"],
        false
    );
    // Each kind the SPEC names is marked: 2FA off, email added, members may deactivate.
    env.ok(&[
        "tenant",
        "set-auth",
        "acme",
        "--enable",
        "--members-may-deactivate",
        "false",
    ]);
    let name = file(
        &env,
        "off.toml",
        "version = 1\n[tenants.acme]\ntwofa = false\nsecondary = \"email\"\nmembers_may_deactivate = true\nremember_device_days = 30\n",
    );
    let plan = plan_json(&env, &[&name]);
    let marked: Vec<(String, bool)> = plan["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["field"].as_str().unwrap().to_owned(),
                c["weakens"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        marked,
        [
            ("twofa".to_owned(), true),
            ("secondary".to_owned(), true),
            ("members_may_deactivate".to_owned(), true),
            ("remember_device_days".to_owned(), false),
        ]
    );
}

#[test]
fn a_plan_id_is_refused_once_another_admin_changed_the_store() {
    let env = acme();
    let name = file(&env, "policy.toml", CHANGES);
    let reviewed = plan_json(&env, &[&name])["plan_id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Another admin enforces MFA for sales meanwhile: the plan loses that change.
    env.ok(&["company", "enforce-mfa", "sales"]);
    let run = env.fails(&["policy", "apply", &name, "--plan-id", &reviewed], 8);
    assert!(run.stderr.contains(&reviewed), "{}", run.stderr);
    assert!(run.stderr.contains("nothing was changed"), "{}", run.stderr);
    // The new plan's id applies.
    let fresh = plan_json(&env, &[&name])["plan_id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(fresh, reviewed);
    env.ok(&["policy", "apply", &name, "--plan-id", &fresh]);
    assert_eq!(plan_json(&env, &[&name])["changes"], serde_json::json!([]));
}

/// Each kind of mistake, where it is, and what the message says.
const BAD_FILES: &[(&str, &str, &str, &str)] = &[
    (
        "unknown key",
        "version = 1\n[tenants.acme]\ntwofa = true\nenforce = true\n",
        "4:1",
        "unknown key `enforce` in tenant acme",
    ),
    (
        "wrong type",
        "version = 1\n[tenants.acme.companies.sales]\nenforce_mfa = \"yes\"\n",
        "3:15",
        "`enforce_mfa` is a string",
    ),
    (
        "out of range",
        "version = 1\n\n[tenants.acme]\nremember_device_days = 400\n",
        "4:24",
        "out of range",
    ),
    (
        "not a duration",
        "version = 1\n[tenants.acme]\ngrace_period = \"two weeks\"\n",
        "3:16",
        "grace_period",
    ),
    (
        "not a user of the tenant",
        "version = 1\n[tenants.acme.roles.admin]\nmembers = [\"bob@example.com\", \"zoe@example.com\"]\n",
        "3:31",
        "zoe@example.com is not a user of tenant acme",
    ),
    (
        "a role nobody has",
        "version = 1\n[tenants.acme.groups.ops]\nroles = [\"admin\", \"ghost\"]\n",
        "3:19",
        "role ghost, which neither the file nor the store has",
    ),
    (
        "the same method twice",
        "version = 1\n[tenants.acme]\nprimary = \"email\"\nsecondary = \"email\"\n",
        "4:13",
        "both be email",
    ),
    (
        "a name twice",
        "version = 1\n[tenants.acme.companies.sales]\n[tenants.acme.companies.Sales]\n",
        "3:25",
        "named twice",
    ),
    (
        "not TOML",
        "version = 1\n[tenants.acme\ntwofa = true\n",
        "2:14",
        "not valid TOML",
    ),
    (
        "no version",
        "[tenants.acme]\ntwofa = true\n",
        "1:1",
        "format version",
    ),
    (
        "a newer version",
        "version = 2\n",
        "1:11",
        "format version 2",
    ),
];

#[test]
fn every_kind_of_bad_file_is_refused_with_its_line_and_column() {
    let env = acme();
    for (what, text, at, says) in BAD_FILES {
        let name = file(&env, "bad.toml", text);
        for verb in ["plan", "apply"] {
            let run = env.fails(
                &["policy", verb, &name, "--yes"][..if verb == "plan" { 3 } else { 4 }],
                2,
            );
            assert!(
                run.stderr.contains(&format!("bad.toml:{at}: ")),
                "{what}: {verb}: no bad.toml:{at}:\n{}",
                run.stderr
            );
            assert!(run.stderr.contains(says), "{what}: {}", run.stderr);
            assert!(run.stderr.contains("(expected: "), "{what}: {}", run.stderr);
        }
        // Scripts get each problem on stdout with --json.
        let run = env.fails(&["policy", "plan", &name, "--json"], 2);
        let problems = run.json()["problems"].clone();
        let (line, column) = at.split_once(':').unwrap();
        assert_eq!(problems[0]["line"].to_string(), line, "{what}: {problems}");
        assert_eq!(problems[0]["column"].to_string(), column, "{what}");
    }
    // Many problems at once, each with its place.
    let name = file(
        &env,
        "bad.toml",
        "version = 1\n[tenants.acme]\ntwofa = 1\nprimary = \"sms\"\n[tenants.acme.roles.x]\nmembers = [\"not an email\"]\n",
    );
    let run = env.fails(&["policy", "plan", &name], 2);
    for at in ["bad.toml:3:9: ", "bad.toml:4:11: ", "bad.toml:6:12: "] {
        assert!(run.stderr.contains(at), "{at}: {}", run.stderr);
    }
}

#[test]
fn prune_removes_what_the_file_does_not_name() {
    let env = acme();
    env.ok(&["role", "create", "billing"]);
    env.ok(&["role", "assign", "admin", "alice@example.com"]);
    env.ok(&["group", "create", "night"]);
    let name = file(
        &env,
        "policy.toml",
        "version = 1\n\
         [tenants.acme.companies.sales]\n\
         [tenants.acme.roles.admin]\nmembers = [\"bob@example.com\"]\n\
         [tenants.acme.groups.ops]\nroles = []\nmembers = [\"dave@example.com\"]\n",
    );
    // Without --prune nothing named is taken away: the file only adds.
    assert_eq!(plan_json(&env, &[&name])["changes"], serde_json::json!([]));
    let plan = plan_json(&env, &[&name, "--prune"]);
    assert_eq!(
        lines(&plan),
        [
            "- company acme/hr - {\"enforce_mfa\":false}→null",
            "- role acme/admin members \"alice@example.com\"→null",
            "- role acme/billing - {\"require_2fa\":false}→null",
            "- group acme/night - {\"members\":0,\"roles\":[]}→null",
            "- group acme/ops roles \"admin\"→null",
        ]
    );
    env.ok(&["policy", "apply", &name, "--prune", "--yes"]);
    let companies: Vec<String> = env
        .json(&["company", "list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["slug"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(companies, ["sales"]);
    let roles = env.json(&["role", "list"]);
    assert_eq!(roles.as_array().unwrap().len(), 1);
    assert_eq!(
        emails(&env.json(&["role", "show", "admin"])["holders"]),
        ["bob@example.com"]
    );
    // Users are never removed by a policy.
    assert_eq!(env.json(&["user", "list"]).as_array().unwrap().len(), 4);
    assert_eq!(
        plan_json(&env, &[&name, "--prune"])["changes"],
        serde_json::json!([])
    );
}

#[test]
fn prune_refuses_a_company_that_still_has_users() {
    let env = acme();
    let name = file(
        &env,
        "policy.toml",
        "version = 1\n[tenants.acme]\ncompanies = {}\n",
    );
    let plan = plan_json(&env, &[&name, "--prune"]);
    let changes = plan["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 2, "{plan}");
    let sales = changes.iter().find(|c| c["name"] == "sales").unwrap();
    assert!(
        sales["refused"]
            .as_str()
            .unwrap()
            .contains("1 user still belongs"),
        "{sales}"
    );
    let human = env.ok(&["policy", "plan", &name, "--prune"]);
    assert!(human.contains("refused: 1 user still belongs"), "{human}");
    assert!(human.contains("1 refused"), "{human}");
    // Apply refuses the whole plan: hr (empty) stays too.
    let run = env.fails(&["policy", "apply", &name, "--prune", "--yes"], 6);
    assert!(run.stderr.contains("company acme/sales"), "{}", run.stderr);
    assert_eq!(env.json(&["company", "list"]).as_array().unwrap().len(), 2);
}

#[test]
fn must_enrol_agrees_with_the_dry_runs() {
    let env = acme();
    env.ok(&[
        "user",
        "add",
        "erin@example.com",
        "--company",
        "sales",
        "--no-input",
    ]);
    env.ok(&[
        "user",
        "add",
        "fay@example.com",
        "--company",
        "sales",
        "--no-input",
    ]);
    env.ok(&["role", "create", "auditor"]);
    env.ok(&["role", "require-2fa", "auditor"]);
    // fay must enrol already (a role requires it): no change makes her.
    env.ok(&["role", "assign", "auditor", "fay@example.com"]);
    let dry = env.json(&["company", "enforce-mfa", "sales", "--dry-run"]);
    let listed: Vec<&Value> = dry["must_enrol"].as_array().unwrap().iter().collect();
    let new = listed
        .iter()
        .filter(|u| u["already_required"] == false)
        .count();
    assert_eq!(new, 2, "{dry}");
    let role_dry = env.json(&["role", "require-2fa", "admin", "--dry-run"]);
    assert_eq!(
        emails(&role_dry["must_enrol"]),
        ["bob@example.com", "dave@example.com"]
    );
    let name = file(
        &env,
        "policy.toml",
        "version = 1\n[tenants.acme.companies.sales]\nenforce_mfa = true\n[tenants.acme.roles.admin]\nrequire_2fa = true\n",
    );
    let plan = plan_json(&env, &[&name]);
    let counts: Vec<(String, u64)> = plan["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_owned(),
                c["must_enrol"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(counts, [("sales".to_owned(), 2), ("admin".to_owned(), 2)]);
    assert_eq!(plan["must_enrol"], 4);
    // Who applying it makes enrol: what `user list --mfa missing` says after.
    env.ok(&["policy", "apply", &name]);
    let missing = env.json(&["user", "list", "--mfa", "missing"]);
    assert_eq!(missing.as_array().unwrap().len(), 5, "{missing}");
}

#[test]
fn a_tenant_the_file_names_is_created_and_users_are_never_made() {
    let env = acme();
    let name = file(
        &env,
        "policy.toml",
        "version = 1\n[tenants.globex]\ntwofa = true\nprimary = \"email\"\n[tenants.globex.roles.admin]\nmembers = []\n",
    );
    let plan = plan_json(&env, &[&name]);
    assert_eq!(plan["changes"][0]["op"], "+");
    assert_eq!(plan["changes"][0]["kind"], "tenant");
    // Email as a method is weaker: marked.
    env.ok(&["policy", "apply", &name, "--yes"]);
    let tenant = env.json(&["tenant", "show", "globex"]);
    assert_eq!(tenant["auth"]["enabled"], true);
    assert_eq!(tenant["auth"]["primary"], "email");
    assert_eq!(tenant["users"], 0);
}

/// Two applies racing, each with the plan id it reviewed on the same store: both plans
/// enforce MFA for sales, and each adds a company of its own. One wins whole; the other
/// finds its plan changed (sales is enforced already) and is refused, changing nothing.
#[test]
fn two_applies_racing_never_mix() {
    for round in 0..3 {
        let env = acme();
        let mut runs = Vec::new();
        for side in ["east", "west"] {
            let name = file(
                &env,
                &format!("{side}.toml"),
                &format!(
                    "version = 1\n[tenants.acme.companies.sales]\nenforce_mfa = true\n[tenants.acme.companies.{side}]\nenforce_mfa = true\n"
                ),
            );
            let id = plan_json(&env, &[&name])["plan_id"]
                .as_str()
                .unwrap()
                .to_owned();
            runs.push((name, id));
        }
        let children: Vec<_> = runs
            .iter()
            .flat_map(|(name, id)| [name, name].map(|n| (n.clone(), id.clone())))
            .map(|(name, id)| {
                env.std_cmd()
                    .args(["policy", "apply", &name, "--plan-id", &id])
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let codes: Vec<i32> = children
            .into_iter()
            .map(|c| c.wait_with_output().unwrap().status.code().unwrap())
            .collect();
        assert_eq!(
            codes.iter().filter(|c| **c == 0).count(),
            1,
            "round {round}: {codes:?}"
        );
        assert!(
            codes.iter().all(|c| *c == 0 || *c == 8),
            "round {round}: {codes:?}"
        );
        let companies: Vec<String> = env
            .json(&["company", "list"])
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["slug"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(companies.len(), 3, "round {round}: {companies:?}");
        assert_eq!(env.json(&["company", "show", "sales"])["enforce_mfa"], true);
        env.ok(&["audit", "verify"]);
    }
}

/// The JSON Schema: the checked-in file is what `policy schema` prints, and every
/// example file, the SPEC's example and every export validate against it; bad files
/// do not.
#[test]
fn examples_and_exports_validate_against_the_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let env = acme();
    let printed = env.ok(&["policy", "schema"]);
    let checked_in = root.join("examples/policy.schema.json");
    if std::env::var_os(mfactl::env::BLESS).is_some_and(|v| v == "1") {
        std::fs::write(&checked_in, &printed).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(&checked_in).unwrap(),
        printed,
        "examples/policy.schema.json is stale: regenerate with MFACTL_BLESS=1 cargo test --test cli policy"
    );
    let schema: Value = serde_json::from_str(&printed).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let as_json = |text: &str| -> Value {
        let table: toml::de::DeTable = toml::de::DeTable::parse(text).unwrap().into_inner();
        de_json(&toml::de::DeValue::Table(table))
    };
    let mut files: Vec<(String, String)> = Vec::new();
    for entry in std::fs::read_dir(root.join("examples")).unwrap().flatten() {
        if entry.path().extension().is_some_and(|e| e == "toml") {
            files.push((
                entry.path().display().to_string(),
                std::fs::read_to_string(entry.path()).unwrap(),
            ));
        }
    }
    assert!(!files.is_empty());
    for (page, text) in crate::support::doc_pages() {
        for block in text.split("```toml\n").skip(1) {
            files.push((
                format!("a block of {page}"),
                block.split("```").next().unwrap().to_owned(),
            ));
        }
    }
    env.ok(&[
        "tenant",
        "set-auth",
        "acme",
        "--enable",
        "--secondary",
        "email",
    ]);
    files.push(("an export".into(), env.ok(&["policy", "export"])));
    for (name, text) in &files {
        let value = as_json(text);
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{name} does not validate: {errors:?}");
        // And mfactl reads each.
        std::fs::write(env.path("check.toml"), text).unwrap();
        let run = env.run(&["policy", "plan", "check.toml"]);
        assert_ne!(run.code, 2, "{name}: {}", run.stderr);
    }
    for (what, text, _, _) in BAD_FILES {
        if matches!(
            *what,
            "not TOML"
                | "not a user of the tenant"
                | "a role nobody has"
                | "the same method twice"
                | "a name twice"
        ) {
            continue; // what only the store, TOML itself or case-folding can tell
        }
        assert!(!validator.is_valid(&as_json(text)), "{what} validates");
    }
}

/// A TOML value as JSON, for the schema's validator.
fn de_json(value: &toml::de::DeValue<'_>) -> Value {
    use toml::de::DeValue;
    match value {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => Value::from(i64::from_str_radix(i.as_str(), i.radix()).unwrap()),
        DeValue::Float(f) => Value::from(f.as_str().parse::<f64>().unwrap()),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::String(d.to_string()),
        DeValue::Array(items) => items.iter().map(|i| de_json(i.get_ref())).collect(),
        DeValue::Table(table) => table
            .iter()
            .map(|(k, v)| (k.get_ref().to_string(), de_json(v.get_ref())))
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
}

/// `policy apply` creates a store, as `tenant create` does, but a file with mistakes is
/// refused before any store is made.
#[test]
fn a_bad_file_makes_no_store_and_a_good_one_makes_its_tenants() {
    let env = Env::new();
    let bad = file(
        &env,
        "bad.toml",
        "version = 1\n[tenants.acme]\ntwofa = \"on\"\n",
    );
    let run = env.run(&["policy", "apply", &bad]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("bad.toml:3:9: "), "{}", run.stderr);
    assert!(env.snapshot().is_none(), "a store was made");
    let good = file(
        &env,
        "good.toml",
        "version = 1\n[tenants.acme]\n[tenants.globex]\ntwofa = true\n",
    );
    env.ok(&["policy", "apply", &good]);
    let names: Vec<Value> = env
        .json(&["tenant", "list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].clone())
        .collect();
    assert_eq!(names, ["acme", "globex"]);
}
