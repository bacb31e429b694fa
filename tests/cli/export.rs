//! Issue 21: `user export` writes the import's CSV, so that export → import into an
//! empty store gives the same users (with `--with-secrets`, their passwords and
//! authenticators too), on each store; the refusals that keep plaintext secrets from a
//! terminal, an existing file or a file others may read. And issue 22, item 18: the
//! import's `tenant` column, for a reseller importing many tenants at once.

use std::os::unix::fs::PermissionsExt;

use serde_json::Value;

use crate::import_secrets::{PASSWORD, htpasswd, login_at, oathtool_with, write};
use crate::support::{Env, T0, expect, oathtool};

/// What a user is, as `user list --json` shows them, without times.
fn users_of(env: &Env) -> Vec<Value> {
    env.json(&["user", "list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|user| {
            serde_json::json!({
                "email": user["email"],
                "tenant": user["tenant"],
                "company": user["company"],
                "kind": user["kind"],
                "has_password": user["has_password"],
                "roles": user["roles"],
                "enrolled": user["mfa"]["enrolled"],
                "authenticator": user["mfa"]["authenticator"],
            })
        })
        .collect()
}

const SEED32: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA";

/// A store of two tenants: alice (a password set here, an authenticator enrolled here,
/// role admin), bob (a bcrypt hash and a SHA-256/8-digit authenticator imported), sam
/// (SSO) in acme; carol (a password) in beta's company sales. Returns alice's secret.
fn source() -> (Env, String) {
    let env = Env::with_acme();
    env.ok(&["company", "create", "ops"]);
    env.ok(&["role", "create", "admin"]);
    env.ok(&["role", "create", "support"]);
    env.ok(&["role", "assign", "admin", "alice@example.com"]);
    let (secret, _) = env.enrol("alice@example.com", T0);
    env.ok(&["tenant", "create", "beta"]);
    env.ok(&["company", "create", "sales", "--tenant", "beta"]);
    let bcrypt = htpasswd(PASSWORD, 4);
    let csv = format!(
        "tenant,email,company,roles,sso,password_hash,totp_secret,totp_algorithm,totp_digits\n\
         acme,bob@example.com,ops,support;admin,false,{bcrypt},{SEED32},SHA256,8\n\
         acme,sam@example.com,,,true,,,,\n\
         beta,carol@example.com,sales,,false,,,,\n"
    );
    env.ok(&["user", "import", &write(&env, "users.csv", &csv)]);
    env.run_with(
        &[
            "user",
            "set-password",
            "carol@example.com",
            "--tenant",
            "beta",
            "--password-stdin",
        ],
        &format!("{PASSWORD}\n"),
    );
    (env, secret)
}

fn export(env: &Env, out: &str, secrets: bool) -> String {
    let mut args = vec!["user", "export", "--out", out];
    if secrets {
        args.extend(["--with-secrets", "--yes"]);
    }
    let done = env.json(&args);
    assert_eq!(done["with_secrets"], secrets, "{done}");
    std::fs::read_to_string(env.path(out)).unwrap()
}

/// The round trip, on the store the suite runs on: export with secrets, import into a
/// new store with `--create-missing`, and the users are the same, their export is the
/// same file, and they sign in there with their passwords and authenticators.
#[test]
fn export_then_import_into_an_empty_store_gives_the_same_users_and_secrets() {
    let (from, secret) = source();
    let text = export(&from, "export.csv", true);
    assert!(text.starts_with("tenant,email,company,roles,sso,password_hash,totp_secret,totp_algorithm,totp_digits,totp_period\n"), "{text}");
    let mode = std::fs::metadata(from.path("export.csv"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);

    let to = Env::new();
    to.ok(&["tenant", "create", "acme"]);
    let file = to.path("export.csv");
    std::fs::write(&file, &text).unwrap();
    let imported = to.json(&["user", "import", file.to_str().unwrap(), "--create-missing"]);
    assert_eq!(imported["imported"], 4, "{imported}");
    assert_eq!(imported["tenant"], Value::Null, "several tenants");
    assert_eq!(imported["created"]["tenants"], serde_json::json!(["beta"]));
    assert_eq!(imported["password_hashes"], 3);
    assert_eq!(imported["authenticators"], 2);
    assert_eq!(users_of(&to), users_of(&from));
    assert_eq!(export(&to, "again.csv", true), text, "the same file back");

    // They sign in on the new store with what they had.
    let code = oathtool(&secret, T0 + 60);
    // alice's password is `Env::with_acme`'s.
    let alice = crate::support::login(&to, T0 + 60, "alice@example.com", &["--code", &code]);
    assert_eq!(expect(&alice, 0).json()["factor"], "totp");
    let code = oathtool_with(SEED32, "sha256", 8, 30, T0 + 60);
    expect(&login_at(&to, T0 + 60, "bob@example.com", &code), 0);
    let carol = to.run_with(
        &[
            "login",
            "carol@example.com",
            "--tenant",
            "beta",
            "--password-stdin",
        ],
        &format!("{PASSWORD}\n"),
    );
    expect(&carol, 0);
}

/// Without secrets: the plain columns on standard output, RFC 4180 quoting; imported
/// elsewhere they are the same users without passwords or authenticators. Without
/// --create-missing the unknown companies and roles are refused with the way out.
#[test]
fn a_plain_export_carries_users_companies_roles_and_sso() {
    let (from, _) = source();
    let text = from.ok(&["user", "export", "--tenant", "acme"]);
    assert_eq!(
        text,
        "tenant,email,company,roles,sso\n\
         acme,alice@example.com,sales,admin,false\n\
         acme,bob@example.com,ops,admin;support,false\n\
         acme,sam@example.com,,,true\n"
    );
    let company = from.ok(&["user", "export", "--company", "sales", "--tenant", "beta"]);
    assert_eq!(
        company,
        "tenant,email,company,roles,sso\nbeta,carol@example.com,sales,,false\n"
    );
    // The export only reads: without secrets nothing is audited.
    assert!(!from.actions("tenant:").contains(&"user.export".to_owned()));

    let to = Env::new();
    to.ok(&["tenant", "create", "acme"]);
    let file = write(&to, "plain.csv", &text);
    let run = to.fails(&["user", "import", &file], 7);
    assert!(run.stderr.contains("--create-missing"), "{}", run.stderr);
    to.ok(&["user", "import", &file, "--create-missing"]);
    let bob = to.json(&["user", "show", "bob@example.com"]);
    assert_eq!(bob["company"], "ops");
    assert_eq!(bob["has_password"], false);
    assert_eq!(bob["mfa"]["enrolled"], false);
    let names: Vec<&str> = bob["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["admin", "support"]);
    let created = to.actions("company:acme/ops");
    assert_eq!(created, ["company.create"]);
}

/// `--with-secrets` never writes where others could read: without a terminal and
/// without --yes it stops (exit 4); an existing file (or a link) is refused (exit 8)
/// and left as it is; standard output that is a file others may read is refused
/// before a byte is written (exit 2); a pipe is fine; the new file is 0600 whatever
/// the umask. Each export of secrets is audited.
#[test]
fn secrets_are_written_only_where_only_their_owner_reads_them() {
    let (env, _) = source();
    let run = env.fails(&["user", "export", "--with-secrets", "--out", "s.csv"], 4);
    assert!(run.stderr.contains("--yes"), "{}", run.stderr);
    assert!(!env.path("s.csv").exists());

    std::fs::write(env.path("old.csv"), "old\n").unwrap();
    env.fails(
        &[
            "user",
            "export",
            "--with-secrets",
            "--yes",
            "--out",
            "old.csv",
        ],
        8,
    );
    assert_eq!(
        std::fs::read_to_string(env.path("old.csv")).unwrap(),
        "old\n"
    );
    std::os::unix::fs::symlink(env.path("elsewhere.csv"), env.path("link.csv")).unwrap();
    env.fails(
        &[
            "user",
            "export",
            "--with-secrets",
            "--yes",
            "--out",
            "link.csv",
        ],
        8,
    );
    assert!(
        !env.path("elsewhere.csv").exists(),
        "a link is never followed"
    );

    let shell = |script: &str| {
        let out = env.shell(script, &[]).output().unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, _, stderr) =
        shell("umask 022; mfactl user export --with-secrets --yes > shared.csv");
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("a file others may read (mode 0644)"),
        "{stderr}"
    );
    assert_eq!(std::fs::metadata(env.path("shared.csv")).unwrap().len(), 0);
    // A private file with a second name (in a folder someone else reads, say) and a
    // private file of another user's (made 0600 in a shared folder) are theirs to read.
    let (code, _, stderr) = shell(
        "umask 077; : > linked.csv; ln linked.csv other-name.csv; mfactl user export --with-secrets --yes > linked.csv",
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("(2 names)"), "{stderr}");
    assert_eq!(std::fs::metadata(env.path("linked.csv")).unwrap().len(), 0);
    if rustix::process::geteuid().is_root() {
        std::fs::write(env.path("theirs.csv"), "").unwrap();
        std::fs::set_permissions(
            env.path("theirs.csv"),
            std::os::unix::fs::PermissionsExt::from_mode(0o600),
        )
        .unwrap();
        std::os::unix::fs::chown(env.path("theirs.csv"), Some(65534), None).unwrap();
        let (code, _, stderr) = shell("mfactl user export --with-secrets --yes >> theirs.csv");
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains("owned by user id 65534"), "{stderr}");
        assert_eq!(std::fs::metadata(env.path("theirs.csv")).unwrap().len(), 0);
    }
    let (code, stdout, stderr) =
        shell("mfactl user export --with-secrets --yes | grep -c bob@example.com");
    assert_eq!((code, stdout.trim()), (0, "1"), "{stderr}");
    let (code, _, stderr) =
        shell("umask 000; mfactl user export --with-secrets --yes --out open.csv -q");
    assert_eq!(code, 0, "{stderr}");
    let mode = std::fs::metadata(env.path("open.csv"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    assert!(
        !env.path(".open.csv.partial").exists(),
        "the partial name goes"
    );

    let exports: Vec<Value> = env
        .json(&["audit"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "user.export")
        .cloned()
        .collect();
    assert_eq!(exports.len(), 2, "{exports:?}");
    assert_eq!(exports[0]["details"]["with_secrets"], true);
}

/// On a terminal `--with-secrets` is refused before anything is written, --yes or not.
#[test]
fn secrets_are_never_written_to_a_terminal() {
    let (env, _) = source();
    let mut cmd = env.std_cmd();
    cmd.args(["user", "export", "--with-secrets", "--yes"]);
    let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).unwrap();
    p.exp_string("error: --with-secrets does not write to a terminal")
        .unwrap();
    let rest = p.exp_eof().unwrap();
    assert!(!rest.contains("$2y$"), "{rest}");
    match p.process.wait().unwrap() {
        rexpect::process::wait::WaitStatus::Exited(_, code) => assert_eq!(code, 2),
        other => panic!("{other:?}"),
    }
    assert!(!env.actions("tenant:").contains(&"user.export".to_owned()));
}

/// Issue 22, item 18: a reseller imports the users of many tenants in one file with a
/// `tenant` column; an unknown tenant, or no tenant at all in a store of several, is
/// named by line. With --tenant the import is for that tenant alone (the attack review
/// of issue 21): a row naming another is refused by line, an empty one goes to it.
#[test]
fn a_tenant_column_imports_many_tenants_at_once() {
    let env = Env::with_acme();
    env.ok(&["tenant", "create", "beta"]);
    env.ok(&["tenant", "create", "gamma"]);
    env.ok(&["role", "create", "admin", "--tenant", "beta"]);
    let file = write(
        &env,
        "resold.csv",
        "tenant,email,company,roles\n\
         acme,ann@example.com,sales,\n\
         beta,ann@example.com,,admin\n\
         nope,zed@example.com,,\n\
         ,ed@example.com,,\n\
         beta,bo@example.com,sales,\n",
    );
    // The worst bad row decides: the row without a tenant is malformed (exit 2).
    let run = env.fails(&["user", "import", &file], 2);
    for expected in [
        "line 4: tenant \"nope\" not found",
        "line 5: the row names no tenant, and the store has several tenants",
        "line 6: company \"sales\" not found in tenant beta",
    ] {
        assert!(run.stderr.contains(expected), "{expected}: {}", run.stderr);
    }
    let file = write(
        &env,
        "resold.csv",
        "tenant,email,company,roles\n\
         acme,ann@example.com,sales,\n\
         beta,ann@example.com,,admin\n\
         gamma,ed@example.com,,\n",
    );
    let before = env.snapshot();
    let run = env.fails(&["user", "import", &file, "--tenant", "gamma"], 2);
    for expected in [
        "line 2: names tenant acme, but the import is for tenant gamma (--tenant)",
        "line 3: names tenant beta, but the import is for tenant gamma (--tenant)",
    ] {
        assert!(run.stderr.contains(expected), "{expected}: {}", run.stderr);
    }
    assert!(!run.stderr.contains("line 4:"), "{}", run.stderr);
    assert!(
        before == env.snapshot(),
        "a refused import changed the store"
    );
    let done = env.json(&["user", "import", &file]);
    assert_eq!(done["imported"], 3, "{done}");
    assert_eq!(
        done["tenants"],
        serde_json::json!(["acme", "beta", "gamma"])
    );
    let empty = write(&env, "gamma.csv", "tenant,email\n,eve@example.com\n");
    env.ok(&["user", "import", &empty, "--tenant", "gamma"]);
    let text = env.ok(&["user", "list", "--tenant", "gamma"]);
    assert!(text.contains("eve@example.com"), "{text}");
    let text = env.ok(&["user", "list", "--tenant", "gamma"]);
    assert!(text.contains("ed@example.com"), "{text}");
    let beta = env.json(&["user", "show", "ann@example.com", "--tenant", "beta"]);
    assert_eq!(beta["roles"][0]["name"], "admin");
    for tenant in ["tenant:acme", "tenant:beta", "tenant:gamma"] {
        assert!(
            env.actions(tenant).contains(&"user.import".to_owned()),
            "{tenant}"
        );
    }
}

/// The attack review of issue 21: an export is written under `.NAME.partial` and gets
/// its name only once whole, so a run killed midway never leaves a file that passes
/// for the export; a partial file left by such a run is named, and left to the admin.
#[test]
fn an_export_gets_its_name_only_when_whole() {
    let (env, _) = source();
    std::fs::write(env.path(".cut.csv.partial"), "email\nann@exa").unwrap();
    let run = env.fails(&["user", "export", "--out", "cut.csv"], 8);
    assert!(
        run.stderr.contains(".cut.csv.partial exists: an export to"),
        "{}",
        run.stderr
    );
    assert!(!env.path("cut.csv").exists());
    std::fs::remove_file(env.path(".cut.csv.partial")).unwrap();
    env.ok(&["user", "export", "--out", "cut.csv"]);
    assert!(
        std::fs::read_to_string(env.path("cut.csv"))
            .unwrap()
            .starts_with("tenant,email")
    );
    assert!(!env.path(".cut.csv.partial").exists());
}
