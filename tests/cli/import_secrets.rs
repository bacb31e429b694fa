//! Issue 21: `user import` with the passwords and authenticators of another system.
//! The hashes are made by independent tools (`htpasswd`, the `argon2` CLI, Python's
//! hashlib), never by mfactl's code; each signs in with the original password and is
//! argon2id afterwards. The authenticators' codes come from `oathtool` and RFC 6238's
//! own test vectors. And the attacks: absurd hash parameters, a wrong password that
//! would answer faster than a right one, a code of the wrong length.

use std::io::Write;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::{Env, T0, expect, oathtool, require_tool, stamp};

pub const PASSWORD: &str = "correct horse battery";

/// A bcrypt hash of `htpasswd -B` (Debian apache2-utils), cost `cost`.
pub fn htpasswd(password: &str, cost: u32) -> String {
    require_tool("htpasswd", "apache2-utils");
    let out = Command::new("htpasswd")
        .args(["-nbB", "-C", &cost.to_string(), "user", password])
        .output()
        .unwrap();
    assert!(out.status.success(), "htpasswd failed");
    let line = String::from_utf8(out.stdout).unwrap();
    line.trim().split_once(':').unwrap().1.to_owned()
}

/// An argon2 hash of the `argon2` CLI (Debian argon2): `-i` or `-id`, 2^12 KiB, 3 passes.
pub fn argon2_cli(password: &str, variant: &str) -> String {
    require_tool("argon2", "argon2");
    let mut child = Command::new("argon2")
        .args(["saltsaltsalt16", variant, "-e", "-m", "12", "-t", "3"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(password.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "argon2 failed");
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// A hash of Python's hashlib written as a PHC string: `pbkdf2-sha256`, `pbkdf2-sha512`
/// (`cost` iterations) or `scrypt` (`cost` = log2 N, r = 8, p = 1).
pub fn python(password: &str, scheme: &str, cost: u64) -> String {
    require_tool("python3", "python3");
    let script = r#"
import base64, hashlib, sys
password, scheme, cost = sys.argv[1].encode(), sys.argv[2], int(sys.argv[3])
salt = b"a salt of sixteen"
b64 = lambda b: base64.b64encode(b).decode().rstrip("=")
if scheme == "scrypt":
    out = hashlib.scrypt(password, salt=salt, n=2 ** cost, r=8, p=1, dklen=32, maxmem=2 ** 30)
    print(f"$scrypt$ln={cost},r=8,p=1${b64(salt)}${b64(out)}")
else:
    digest = scheme.split("-")[1]
    out = hashlib.pbkdf2_hmac(digest, password, salt, cost)
    print(f"${scheme}$i={cost},l={len(out)}${b64(salt)}${b64(out)}")
"#;
    let out = Command::new("python3")
        .args(["-c", script, password, scheme, &cost.to_string()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "python3: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// A field of a CSV row, quoted (PHC strings hold commas).
pub fn quoted(field: &str) -> String {
    format!("\"{}\"", field.replace('"', "\"\""))
}

pub fn write(env: &Env, name: &str, text: &str) -> String {
    let path = env.path(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

/// The password hash the store holds for a user.
pub fn stored_hash(env: &Env, email: &str) -> String {
    env.query_texts(&format!(
        "SELECT password_hash FROM users WHERE email = '{email}'"
    ))[0][0]
        .clone()
        .unwrap_or_default()
}

fn sign_in(env: &Env, email: &str, password: &str, extra: &[&str]) -> crate::support::Run {
    let mut args = vec!["login", email, "--password-stdin", "--json"];
    args.extend_from_slice(extra);
    env.run_with(&args, &format!("{password}\n"))
}

/// Every scheme of SPEC §8, made by its own tool: checked as it is at sign-in (a wrong
/// password is refused and counted), then replaced by argon2id in the transaction of
/// the first sign-in that passes, which the audit entry says; the next sign-in checks
/// the argon2id hash.
#[test]
fn hashes_of_every_scheme_sign_in_and_become_argon2id() {
    let env = Env::new();
    env.ok(&["tenant", "create", "acme"]);
    let hashes = [
        ("bcrypt", htpasswd(PASSWORD, 10)),
        ("argon2i", argon2_cli(PASSWORD, "-i")),
        ("argon2id", argon2_cli(PASSWORD, "-id")),
        ("sha256", python(PASSWORD, "pbkdf2-sha256", 10_000)),
        ("sha512", python(PASSWORD, "pbkdf2-sha512", 10_000)),
        ("scrypt", python(PASSWORD, "scrypt", 12)),
    ];
    let mut csv = String::from("email,password_hash\n");
    for (name, hash) in &hashes {
        csv.push_str(&format!("{name}@example.com,{}\n", quoted(hash)));
    }
    let file = write(&env, "users.csv", &csv);
    let summary = env.json(&["user", "import", &file]);
    assert_eq!(summary["password_hashes"], 6, "{summary}");
    for (name, hash) in &hashes {
        let email = format!("{name}@example.com");
        assert_eq!(&stored_hash(&env, &email), hash, "stored as it was");
        let wrong = sign_in(&env, &email, "wrong horse battery", &[]);
        expect(&wrong, 3);
        assert_eq!(
            &stored_hash(&env, &email),
            hash,
            "{name}: a wrong password changes nothing"
        );
        let right = sign_in(&env, &email, PASSWORD, &[]);
        expect(&right, 0);
        assert_eq!(right.json()["factor"], "password");
        let now = stored_hash(&env, &email);
        assert!(now.starts_with("$argon2id$"), "{name}: {now}");
        if *name == "argon2id" {
            assert_eq!(&now, hash, "an argon2id hash is kept as it is");
        } else {
            assert_ne!(&now, hash, "{name}: replaced at the first sign-in");
        }
        expect(&sign_in(&env, &email, PASSWORD, &[]), 0);
        expect(&sign_in(&env, &email, "wrong horse battery", &[]), 3);
        let entries = env.json(&["audit", "--target", &email]);
        let rehashed: Vec<bool> = entries
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == "login")
            .map(|e| e["details"]["password_rehashed"].as_bool().unwrap())
            .collect();
        assert_eq!(rehashed, [*name != "argon2id", false], "{name}");
    }
}

/// The attack review of issue 21: bcrypt reads the first 72 bytes of a password, so
/// another password with those 72 bytes passes, as it did on the system the hash came
/// from. Such a sign-in leaves the bcrypt hash as it is: an argon2id hash of what was
/// typed would shut out the user whose password it was.
#[test]
fn a_password_longer_than_bcrypt_reads_never_replaces_the_hash() {
    let env = Env::new();
    env.ok(&["tenant", "create", "acme"]);
    let real = format!("{}original", "A".repeat(72));
    let other = format!("{}attacker", "A".repeat(72));
    let hash = htpasswd(&real, 4);
    let file = write(
        &env,
        "long.csv",
        &format!(
            "email,password_hash
long@example.com,{hash}
"
        ),
    );
    env.ok(&["user", "import", &file]);
    expect(&sign_in(&env, "long@example.com", &other, &[]), 0);
    assert_eq!(stored_hash(&env, "long@example.com"), hash, "kept");
    expect(&sign_in(&env, "long@example.com", &real, &[]), 0);
    assert_eq!(stored_hash(&env, "long@example.com"), hash, "kept");
}

/// Issue 21's attack: a hash that asks for hours of CPU or gigabytes of memory at every
/// sign-in (bcrypt cost 31, 10⁹ PBKDF2 rounds, an scrypt or argon2 of huge memory) is
/// refused by line at import; one put into the store another way is refused at sign-in
/// at once (exit 1), never run; other schemes are refused by line too.
#[test]
fn absurd_hash_parameters_and_other_schemes_are_refused_by_line() {
    let env = Env::new();
    env.ok(&["tenant", "create", "acme"]);
    let cheap = htpasswd(PASSWORD, 4);
    let slow_bcrypt = cheap.replacen("$04$", "$31$", 1);
    let pbkdf2 = python(PASSWORD, "pbkdf2-sha256", 1000);
    let slow_pbkdf2 = pbkdf2.replacen("i=1000,", "i=1000000000,", 1);
    let scrypt = python(PASSWORD, "scrypt", 12);
    let huge_scrypt = scrypt.replacen("ln=12", "ln=30", 1);
    let argon2 = argon2_cli(PASSWORD, "-id");
    let huge_argon2 = argon2.replacen("m=4096", "m=4194304", 1);
    let rows = [
        ("good", cheap.clone()),
        ("bcrypt31", slow_bcrypt.clone()),
        ("pbkdf2", slow_pbkdf2),
        ("scrypt", huge_scrypt),
        ("argon2", huge_argon2),
        ("md5", "$1$saltsalt$qjXMvbEw8oaL.CzflDugX/".to_owned()),
        ("plain", "correct horse battery".to_owned()),
        ("django", "pbkdf2_sha256$870000$salt$aGFzaA==".to_owned()),
        (
            "sha1",
            "$pbkdf2-sha1$i=4096$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNo".to_owned(),
        ),
    ];
    let mut csv = String::from("email,password_hash\n");
    for (name, hash) in &rows {
        csv.push_str(&format!("{name}@example.com,{}\n", quoted(hash)));
    }
    let file = write(&env, "users.csv", &csv);
    // Checked, not run: a run of any of them would not end in the life of the test.
    let run = env.fails(&["user", "import", &file], 2);
    for (line, expected) in [
        (3, "bcrypt cost of 31"),
        (4, "1000000000 PBKDF2 iterations"),
        (5, "ln=30"),
        (6, "m=4194304"),
        (7, "not a PHC string"),
        (8, "not a PHC string"),
        (9, "not a PHC string"),
        (10, "is of the scheme \"pbkdf2-sha1\""),
    ] {
        let listed = run
            .stderr
            .lines()
            .find(|l| l.contains(&format!("line {line}:")))
            .unwrap_or_else(|| panic!("line {line} named: {}", run.stderr));
        assert!(listed.contains(expected), "line {line}: {listed}");
    }
    assert!(!run.stderr.contains("line 2:"), "{}", run.stderr);
    assert_eq!(env.json(&["user", "list"]).as_array().unwrap().len(), 0);

    // Planted behind mfactl's back: refused at once, the sign-in never runs it.
    env.ok(&[
        "user",
        "import",
        &write(
            &env,
            "one.csv",
            &format!("email,password_hash\ngood@example.com,{cheap}\n"),
        ),
    ]);
    env.execute(&format!(
        "UPDATE users SET password_hash = '{slow_bcrypt}' WHERE email = 'good@example.com'"
    ));
    let run = sign_in(&env, "good@example.com", PASSWORD, &[]);
    expect(&run, 1);
    assert!(
        run.stderr.contains("not one mfactl can check"),
        "{}",
        run.stderr
    );
}

/// The least of `runs` timings of a sign-in, each with the exit code it must have.
fn fastest(env: &Env, email: &str, password: &str, code: i32, runs: usize) -> Duration {
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            let run = sign_in(env, email, password, &[]);
            let took = started.elapsed();
            expect(&run, code);
            took
        })
        .min()
        .unwrap()
}

/// The timing rule of argon2id holds for every imported scheme: a wrong password takes
/// as long as a right one (the scheme's whole computation runs, and the results are
/// compared in constant time), so the time of a refusal never says the password was
/// close, or right. Measured on the binary: each user has an authenticator, so a right
/// password stops for the code (exit 4) and nothing is rehashed; three wrong ones stay
/// below the lock. The fastest of three runs each, against noise of a shared CPU.
#[test]
fn a_wrong_password_takes_as_long_as_a_right_one_whatever_the_scheme() {
    let env = Env::new();
    env.ok(&["tenant", "create", "acme"]);
    let hashes = [
        ("bcrypt", htpasswd(PASSWORD, 12)),
        ("argon2i", argon2_cli(PASSWORD, "-i")),
        ("pbkdf2", python(PASSWORD, "pbkdf2-sha256", 600_000)),
        ("scrypt", python(PASSWORD, "scrypt", 15)),
    ];
    let mut csv = String::from("email,password_hash,totp_secret\n");
    for (name, hash) in &hashes {
        csv.push_str(&format!(
            "{name}@example.com,{},GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\n",
            quoted(hash)
        ));
    }
    env.ok(&["user", "import", &write(&env, "users.csv", &csv)]);
    let mut measured = Vec::new();
    for (name, _) in &hashes {
        let email = format!("{name}@example.com");
        let right = fastest(&env, &email, PASSWORD, 4, 3);
        let wrong = fastest(&env, &email, "wrong horse battery", 3, 3);
        measured.push(format!("{name}: right {right:?}, wrong {wrong:?}"));
        let (slow, fast) = if right > wrong {
            (right, wrong)
        } else {
            (wrong, right)
        };
        // Within a quarter (and 50 ms of process noise) of each other.
        assert!(
            slow.as_secs_f64() <= fast.as_secs_f64() * 1.25 + 0.05,
            "{name}: right {right:?}, wrong {wrong:?}"
        );
    }
    // The figures, for whoever reads the test's output (`--nocapture`).
    eprintln!("sign-in times: {}", measured.join("; "));
}

/// A user whose imported hash is locked out is refused (exit 5) whether the password
/// was right or not, and the right password does not rehash it: the lock rules of
/// argon2id, for every scheme.
#[test]
fn an_imported_hash_follows_the_lock_rules() {
    let env = Env::new();
    env.ok(&["tenant", "create", "acme"]);
    let hash = htpasswd(PASSWORD, 4);
    env.ok(&[
        "user",
        "import",
        &write(
            &env,
            "u.csv",
            &format!("email,password_hash\nbo@example.com,{hash}\n"),
        ),
    ]);
    for _ in 0..4 {
        expect(
            &sign_in(&env, "bo@example.com", "wrong horse battery", &[]),
            3,
        );
    }
    expect(
        &sign_in(&env, "bo@example.com", "wrong horse battery", &[]),
        5,
    );
    expect(&sign_in(&env, "bo@example.com", PASSWORD, &[]), 5);
    assert_eq!(
        stored_hash(&env, "bo@example.com"),
        hash,
        "not rehashed while locked"
    );
    env.ok(&["user", "unlock", "bo@example.com"]);
    expect(&sign_in(&env, "bo@example.com", PASSWORD, &[]), 0);
    assert!(stored_hash(&env, "bo@example.com").starts_with("$argon2id$"));
}

/// The secret of RFC 6238's SHA-1 vectors, 20 bytes, in base32.
const SEED20: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
/// RFC 6238's SHA-256 seed, 32 bytes.
const SEED32: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA";
/// RFC 6238's SHA-512 seed, 64 bytes.
const SEED64: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA";

/// `oathtool --totp=ALGORITHM -d DIGITS -s PERIOD` at `epoch`.
pub fn oathtool_with(secret: &str, algorithm: &str, digits: u8, period: u32, epoch: i64) -> String {
    require_tool("oathtool", "oathtool");
    let out = Command::new("oathtool")
        .args([
            &format!("--totp={algorithm}"),
            "-d",
            &digits.to_string(),
            "-s",
            &format!("{period}s"),
            "-b",
            secret,
            "--now",
            &format!("{} UTC", stamp(epoch)),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "oathtool: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// An env with users of every kind of authenticator, imported at `at`: sha1 (SHA1, 6,
/// 30, oathtool's default), sha256 (RFC seed, 8 digits), sha512 (RFC seed, 8 digits) and
/// slow (SHA1, 6 digits, 60 s); each with the same password.
fn authenticators(at: i64) -> Env {
    let env = Env::new();
    env.ok(&["tenant", "create", "acme"]);
    let hash = htpasswd(PASSWORD, 4);
    let csv = format!(
        "email,password_hash,totp_secret,totp_algorithm,totp_digits,totp_period\n\
         sha1@example.com,{hash},{SEED20},,,\n\
         sha256@example.com,{hash},{SEED32},SHA256,8,30\n\
         sha512@example.com,{hash},{SEED64},sha512,8,\n\
         slow@example.com,{hash},{SEED20},SHA1,6,60\n"
    );
    let file = write(&env, "users.csv", &csv);
    let summary = env.run_at(at, &["user", "import", &file, "--json"], "");
    let summary = expect(&summary, 0).json();
    assert_eq!(summary["authenticators"], 4, "{summary}");
    env
}

pub fn login_at(env: &Env, at: i64, email: &str, code: &str) -> crate::support::Run {
    env.run_at(
        at,
        &["login", email, "--password-stdin", "--code", code, "--json"],
        &format!("{PASSWORD}\n"),
    )
}

/// The authenticator of SHA1, 6 digits and 30 s agrees with `oathtool`; one of 60 s
/// with `oathtool -s 60s`; a code once accepted is refused after (a replay), within the
/// authenticator's own steps.
#[test]
fn imported_authenticators_agree_with_oathtool_and_refuse_a_replay() {
    let env = authenticators(T0);
    let code = oathtool(SEED20, T0);
    assert_eq!(login_at(&env, T0, "sha1@example.com", &code).code, 0);
    let replay = login_at(&env, T0 + 5, "sha1@example.com", &code);
    expect(&replay, 3);
    assert!(replay.stderr.contains("already used"), "{}", replay.stderr);

    let slow = oathtool_with(SEED20, "sha1", 6, 60, T0);
    assert_eq!(login_at(&env, T0, "slow@example.com", &slow).code, 0);
    // 35 s later it is still the same 60-second step: a replay, not a new code.
    expect(&login_at(&env, T0 + 35, "slow@example.com", &slow), 3);
    let next = oathtool_with(SEED20, "sha1", 6, 60, T0 + 60);
    expect(&login_at(&env, T0 + 60, "slow@example.com", &next), 0);
    // `user show` names the parameters that are not SHA1, 6, 30.
    let shown = env.ok(&["user", "show", "slow@example.com"]);
    assert!(shown.contains("SHA1, 6 digits, 60 s"), "{shown}");
    let shown = env.json(&["user", "show", "sha256@example.com"]);
    assert_eq!(shown["mfa"]["authenticator"]["algorithm"], "SHA256");
    assert_eq!(shown["mfa"]["authenticator"]["digits"], 8);
    assert_eq!(
        shown["mfa"]["recovery_codes_left"], 0,
        "none until regenerated"
    );
    let shown = env.ok(&["user", "show", "sha1@example.com"]);
    assert!(
        shown.contains("enrolled (authenticator app, since"),
        "{shown}"
    );
}

/// RFC 6238 Appendix B's SHA-256 and SHA-512 vectors (8 digits), at their own times;
/// oathtool agrees. A 6-digit code for an 8-digit authenticator is a usage error before
/// it is checked: neither counted nor audited.
#[test]
fn eight_digit_authenticators_pass_the_rfc_6238_vectors_and_refuse_six_digits() {
    for (email, seed, algorithm, time, code) in [
        (
            "sha256@example.com",
            SEED32,
            "sha256",
            1_111_111_111,
            "67062674",
        ),
        (
            "sha512@example.com",
            SEED64,
            "sha512",
            2_000_000_000,
            "38618901",
        ),
        (
            "sha256@example.com",
            SEED32,
            "sha256",
            20_000_000_000,
            "77737706",
        ),
    ] {
        let env = authenticators(time - 100);
        assert_eq!(
            oathtool_with(seed, algorithm, 8, 30, time),
            code,
            "oathtool agrees"
        );
        let six = login_at(&env, time, email, &code[2..]);
        expect(&six, 2);
        assert!(
            six.stderr
                .contains("shows codes of 8 digits; the code given has 6"),
            "{}",
            six.stderr
        );
        let shown = env.json(&["user", "show", email]);
        assert_eq!(shown["mfa"]["failed_attempts"], 0, "not counted");
        assert!(!env.actions(email).contains(&"login.failed".to_owned()));
        let signed_in = login_at(&env, time, email, code);
        assert_eq!(expect(&signed_in, 0).json()["factor"], "totp");
        expect(&login_at(&env, time + 1, email, code), 3);
    }
    // The other way round: 8 digits for a 6-digit authenticator.
    let env = authenticators(T0);
    let eight = login_at(&env, T0, "sha1@example.com", "12345678");
    expect(&eight, 2);
    assert!(
        eight.stderr.contains("shows codes of 6 digits"),
        "{}",
        eight.stderr
    );
}

/// Turning 2FA off takes the imported authenticator's own codes.
#[test]
fn deactivation_takes_the_imported_authenticators_codes() {
    let env = authenticators(T0);
    let code = oathtool_with(SEED32, "sha256", 8, 30, T0);
    let six = env.run_at(
        T0,
        &[
            "user",
            "deactivate-2fa",
            "sha256@example.com",
            "--code",
            &code[2..],
        ],
        "",
    );
    expect(&six, 2);
    let done = env.run_at(
        T0,
        &[
            "user",
            "deactivate-2fa",
            "sha256@example.com",
            "--code",
            &code,
            "--json",
        ],
        "",
    );
    assert_eq!(expect(&done, 0).json()["enrolled"], false);
    // A new enrolment is SHA1, 6, 30 again.
    env.enrol("sha256@example.com", T0 + 60);
    let shown = env.json(&["user", "show", "sha256@example.com"]);
    assert_eq!(shown["mfa"]["authenticator"]["digits"], 6);
    assert_eq!(shown["mfa"]["authenticator"]["algorithm"], "SHA1");
}

/// Bad authenticator columns are named by line with what is allowed; a secret under
/// 128 bits is refused.
#[test]
fn bad_authenticator_columns_are_named_by_line() {
    let env = Env::new();
    env.ok(&["tenant", "create", "acme"]);
    let csv = format!(
        "email,totp_secret,totp_algorithm,totp_digits,totp_period\n\
         a@example.com,{SEED20},MD5,,\n\
         b@example.com,JBSWY3DPEHPK3PXP,,,\n\
         c@example.com,{SEED20},,7,\n\
         d@example.com,{SEED20},,,45\n\
         e@example.com,,SHA256,,\n\
         f@example.com,not base32!,,,\n"
    );
    let run = env.fails(&["user", "import", &write(&env, "u.csv", &csv)], 2);
    for (line, expected) in [
        (2, "totp_algorithm is \"MD5\""),
        (3, "80 bits"),
        (4, "totp_digits is \"7\" (write 6 or 8)"),
        (5, "totp_period is \"45\" (write 30 or 60)"),
        (6, "totp_algorithm is given but totp_secret is empty"),
        (7, "is not base32"),
    ] {
        assert!(
            run.stderr.contains(&format!("line {line}: ")) && run.stderr.contains(expected),
            "line {line}: {expected}: {}",
            run.stderr
        );
    }
}
