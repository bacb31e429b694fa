//! Issue 21: `user import --format otpauth`: otpauth URIs and the migration lines of an
//! authenticator app's export (a real export payload among them, and an export of
//! several entries in two batches, as an app shows two QR codes) become the
//! authenticators of existing users; a bad line refuses the whole file.

use crate::import_secrets::{PASSWORD, htpasswd, login_at, oathtool_with, write};
use crate::support::{Env, T0, expect, oathtool};

fn varint(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = u8::try_from(value & 0x7f).unwrap();
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn bytes_field(out: &mut Vec<u8>, number: u64, bytes: &[u8]) {
    varint(out, number << 3 | 2);
    varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

fn number_field(out: &mut Vec<u8>, number: u64, value: u64) {
    varint(out, number << 3);
    varint(out, value);
}

/// One `OtpParameters` of an export: algorithm 1 SHA1, 2 SHA256, 3 SHA512; digits 1
/// six, 2 eight; type 1 HOTP, 2 TOTP.
fn entry(
    secret: &[u8],
    name: &str,
    issuer: &str,
    algorithm: u64,
    digits: u64,
    kind: u64,
) -> Vec<u8> {
    let mut out = Vec::new();
    bytes_field(&mut out, 1, secret);
    bytes_field(&mut out, 2, name.as_bytes());
    bytes_field(&mut out, 3, issuer.as_bytes());
    number_field(&mut out, 4, algorithm);
    number_field(&mut out, 5, digits);
    number_field(&mut out, 6, kind);
    out
}

/// An `otpauth-migration://offline?data=…` line: batch `index` of `size`, id `id`.
fn export_line(entries: &[Vec<u8>], size: u64, index: u64, id: u64) -> String {
    let mut payload = Vec::new();
    for entry in entries {
        bytes_field(&mut payload, 1, entry);
    }
    number_field(&mut payload, 2, 1);
    number_field(&mut payload, 3, size);
    number_field(&mut payload, 4, index);
    number_field(&mut payload, 5, id);
    let data = data_encoding::BASE64.encode(&payload);
    let data = percent_encoding::utf8_percent_encode(&data, percent_encoding::NON_ALPHANUMERIC);
    format!("otpauth-migration://offline?data={data}")
}

/// A secret of N bytes, no two alike in a row (one byte repeated is refused as no secret).
fn key<const N: usize>(seed: u8) -> [u8; N] {
    std::array::from_fn(|i| seed ^ u8::try_from(i % 256).unwrap())
}

fn base32(secret: &[u8]) -> String {
    data_encoding::BASE32_NOPAD.encode(secret)
}

/// A store with tenant acme and local users with a password (and one SSO user).
fn users(emails: &[&str]) -> Env {
    let env = Env::new();
    env.ok(&["tenant", "create", "acme"]);
    let hash = htpasswd(PASSWORD, 4);
    let mut csv = String::from("email,password_hash,sso\n");
    for email in emails {
        csv.push_str(&format!("{email},{hash},false\n"));
    }
    csv.push_str("sam@example.com,,true\n");
    env.ok(&["user", "import", &write(&env, "users.csv", &csv)]);
    env
}

/// Several entries in two batches (two QR codes of one export) and an otpauth URI of 60
/// seconds: every user gets their authenticator (2FA on, no recovery codes), each
/// audited, and signs in with its codes.
#[test]
fn an_export_of_two_batches_and_a_uri_become_the_users_authenticators() {
    let env = users(&[
        "ana@example.com",
        "bo@example.com",
        "cy@example.com",
        "dee@example.com",
    ]);
    let (ana, bo, cy, dee) = (key::<20>(1), key::<32>(2), key::<64>(3), key::<20>(4));
    let file = format!(
        "# an export of two QR codes, then a URI\n{}\n{}\n\notpauth://totp/Acme:dee%40example.com?secret={}&issuer=Acme&period=60\n",
        export_line(
            &[
                entry(&ana, "Acme:ana@example.com", "Acme", 1, 1, 2),
                entry(&bo, "bo@example.com", "Acme", 2, 2, 2),
            ],
            2,
            0,
            77
        ),
        export_line(
            &[entry(&cy, "Acme:Cy@Example.com", "Acme", 3, 1, 2)],
            2,
            1,
            77
        ),
        base32(&dee)
    );
    let path = write(&env, "export.txt", &file);
    let dry = env.json(&["user", "import", &path, "--format", "otpauth", "--dry-run"]);
    assert_eq!(dry["would_import"], 4, "{dry}");
    assert_eq!(dry["imported"], 0);
    assert_eq!(
        env.json(&["user", "show", "ana@example.com"])["mfa"]["enrolled"],
        false
    );

    let run = env.run_at(
        T0,
        &["user", "import", &path, "--format", "otpauth", "--json"],
        "",
    );
    let done = expect(&run, 0).json();
    assert_eq!(done["imported"], 4, "{done}");
    assert_eq!(
        done["users"],
        serde_json::json!([
            "ana@example.com",
            "bo@example.com",
            "cy@example.com",
            "dee@example.com"
        ])
    );
    for (email, code) in [
        ("ana@example.com", oathtool(&base32(&ana), T0)),
        (
            "bo@example.com",
            oathtool_with(&base32(&bo), "sha256", 8, 30, T0),
        ),
        (
            "cy@example.com",
            oathtool_with(&base32(&cy), "sha512", 6, 30, T0),
        ),
        (
            "dee@example.com",
            oathtool_with(&base32(&dee), "sha1", 6, 60, T0),
        ),
    ] {
        let shown = env.json(&["user", "show", email]);
        assert_eq!(shown["mfa"]["enrolled"], true, "{email}");
        assert_eq!(shown["mfa"]["recovery_codes_left"], 0, "{email}");
        assert_eq!(
            expect(&login_at(&env, T0, email, &code), 0).json()["factor"],
            "totp"
        );
        assert!(
            env.actions(email)
                .contains(&"user.authenticator_imported".to_owned()),
            "{email}"
        );
    }
    // Each user was told 2FA is on for them, as for any enrolment.
    let outbox = env.path("home/.local/share/mfactl/outbox");
    let told = std::fs::read_dir(outbox).map_or(0, Iterator::count);
    assert_eq!(told, 4);
}

/// A real export payload (GNOME Authenticator's test vector: Discord, johndoe, a
/// 128-bit secret) imports as the app would show it.
#[test]
fn a_real_export_payload_is_imported() {
    let env = users(&["johndoe@example.com"]);
    let line = "otpauth-migration://offline?data=CjYKEExyJfPiZeroMa/MdF%2BnkTISE2pvaG5kb2VAZXhhbXBsZS5jb20aB0Rpc2NvcmQgASgBMAIQARgBIAA%3D\n";
    let path = write(&env, "discord.txt", line);
    expect(
        &env.run_at(T0, &["user", "import", &path, "--format", "otpauth"], ""),
        0,
    );
    let code = oathtool("JRZCL47CMXVOQMNPZR2F7J4RGI", T0);
    expect(&login_at(&env, T0, "johndoe@example.com", &code), 0);
}

/// One bad line refuses the file: nothing is enrolled, every bad line (or entry of an
/// export) is named, and the exit code is the worst kind (malformed 2, then unknown 7,
/// then conflict 8).
#[test]
fn a_bad_line_refuses_the_whole_file() {
    let env = users(&["ana@example.com", "bo@example.com", "cy@example.com"]);
    let secret = base32(&key::<20>(5));
    env.enrol("cy@example.com", T0);
    let file = format!(
        "otpauth://totp/Acme:ana@example.com?secret={secret}\n\
         otpauth://hotp/Acme:bo@example.com?secret={secret}&counter=1\n\
         otpauth://totp/Acme:nobody@example.com?secret={secret}\n\
         {}\n\
         otpauth://totp/Acme:cy@example.com?secret={secret}\n\
         otpauth://totp/Acme:sam@example.com?secret={secret}\n\
         otpauth://totp/Acme:ana@example.com?secret={secret}\n\
         otpauth://totp/Acme:bo@example.com?secret=JBSWY3DPEHPK3PXP\n\
         a line of something else\n",
        export_line(
            &[entry(&key::<20>(6), "bo@example.com", "Acme", 1, 1, 1)],
            1,
            0,
            1
        )
    );
    let path = write(&env, "bad.txt", &file);
    let run = env.fails(&["user", "import", &path, "--format", "otpauth"], 2);
    for expected in [
        "line 2: is an HOTP (counter-based) authenticator",
        "line 3: is for nobody@example.com, who is not a user of tenant acme",
        "line 4, entry 1: is an HOTP",
        "line 5: is for cy@example.com, who already has an authenticator",
        "line 6: is for sam@example.com, who signs in through SSO",
        "line 7: is for ana@example.com, as line 1 is",
        "line 8: has a secret that has 80 bits",
        "line 9: is neither an otpauth://totp/ URI nor an otpauth-migration:// line",
    ] {
        assert!(run.stderr.contains(expected), "{expected}: {}", run.stderr);
    }
    assert_eq!(
        env.json(&["user", "show", "ana@example.com"])["mfa"]["enrolled"],
        false
    );
    // Unknown accounts alone: exit 7; an enrolled user alone: exit 8.
    let unknown = write(
        &env,
        "unknown.txt",
        &format!("otpauth://totp/x:nobody@example.com?secret={secret}\n"),
    );
    env.fails(&["user", "import", &unknown, "--format", "otpauth"], 7);
    let taken = write(
        &env,
        "taken.txt",
        &format!("otpauth://totp/x:cy@example.com?secret={secret}\n"),
    );
    env.fails(&["user", "import", &taken, "--format", "otpauth"], 8);
    // An export of two QR codes with one missing is named.
    let half = write(
        &env,
        "half.txt",
        &format!(
            "{}\n",
            export_line(
                &[entry(&key::<20>(7), "ana@example.com", "Acme", 1, 1, 2)],
                2,
                0,
                9
            )
        ),
    );
    let run = env.fails(&["user", "import", &half, "--format", "otpauth"], 2);
    assert!(
        run.stderr.contains("part 2 of it is not in the file"),
        "{}",
        run.stderr
    );
    // The CSV reader points at the flag that reads such a file.
    let run = env.fails(&["user", "import", &unknown], 2);
    assert!(run.stderr.contains("--format otpauth"), "{}", run.stderr);
}

/// The attack review of issue 21: an export that says it is one of 10¹² QR codes (96
/// bytes that made the import allocate until it aborted) is refused by its line at
/// once; a file with a line longer than 1 MiB (`/dev/zero`, say) is refused before it is
/// held whole.
#[test]
fn an_export_of_absurd_size_and_an_endless_line_are_refused() {
    let env = users(&["ana@example.com"]);
    let entry = entry(&key::<20>(5), "ana@example.com", "Acme", 1, 1, 2);
    let bomb = export_line(&[entry], 1_000_000_000_000, 0, 7);
    let path = write(&env, "bomb.txt", &format!("{bomb}\n"));
    let run = env.fails(&["user", "import", &path, "--format", "otpauth"], 2);
    assert!(
        run.stderr
            .contains("line 1: says it is part 1 of an export of 1000000000000 QR codes"),
        "{}",
        run.stderr
    );
    let zeros = env.path("zeros.txt");
    std::fs::write(&zeros, vec![0_u8; 2 << 20]).unwrap();
    let run = env.fails(
        &[
            "user",
            "import",
            zeros.to_str().unwrap(),
            "--format",
            "otpauth",
        ],
        2,
    );
    assert!(
        run.stderr.contains("line 1 is longer than 1048576 bytes"),
        "{}",
        run.stderr
    );
    let run = env.fails(&["user", "import", zeros.to_str().unwrap()], 2);
    assert!(
        run.stderr.contains("line 1 is longer than 1048576 bytes"),
        "{}",
        run.stderr
    );
}
