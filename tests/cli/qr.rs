//! The QR code mfactl prints decodes to the otpauth URI it prints in `--json`, with and
//! without colour; it is drawn only where it can be scanned (a terminal wide enough,
//! or `--qr`); and the interactive enrolment in a real pseudo-terminal.

use crate::support::{Env, require_tool};

/// Removes ANSI escape sequences (`ESC [ … m`).
pub fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for d in chars.by_ref() {
                if d == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The QR block of a printout as dark/light modules: half blocks, two rows per line.
pub fn modules(printed: &str) -> Vec<Vec<bool>> {
    let plain = strip_ansi(printed);
    let lines: Vec<&str> = plain
        .lines()
        .filter(|l| {
            l.chars().count() >= 29 && l.chars().all(|c| matches!(c, '█' | '▀' | '▄' | ' '))
        })
        .collect();
    assert!(!lines.is_empty(), "no QR code in:\n{printed}");
    let mut rows = Vec::new();
    for line in lines {
        let top: Vec<bool> = line.chars().map(|c| matches!(c, '█' | '▀')).collect();
        let bottom: Vec<bool> = line.chars().map(|c| matches!(c, '█' | '▄')).collect();
        rows.push(top);
        rows.push(bottom);
    }
    rows
}

const SCALE: usize = 4;

fn pixels(grid: &[Vec<bool>]) -> (usize, usize, Vec<u8>) {
    let width = grid.iter().map(Vec::len).max().unwrap_or(0) * SCALE;
    let height = grid.len() * SCALE;
    let mut pixels = vec![255u8; width * height];
    for (y, row) in grid.iter().enumerate() {
        for (x, dark) in row.iter().enumerate() {
            if *dark {
                for dy in 0..SCALE {
                    for dx in 0..SCALE {
                        pixels[(y * SCALE + dy) * width + x * SCALE + dx] = 0;
                    }
                }
            }
        }
    }
    (width, height, pixels)
}

pub fn decode_rqrr(grid: &[Vec<bool>]) -> String {
    let (width, height, pixels) = pixels(grid);
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| pixels[y * width + x]);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "expected one QR code");
    grids[0].decode().expect("decode QR").1
}

pub fn decode_zbarimg(env: &Env, grid: &[Vec<bool>]) -> String {
    require_tool("zbarimg", "zbar-tools");
    let (width, height, pixels) = pixels(grid);
    let path = env.path("qr.pgm");
    let mut file = format!("P5\n{width} {height}\n255\n").into_bytes();
    file.extend_from_slice(&pixels);
    std::fs::write(&path, file).unwrap();
    let out = std::process::Command::new("zbarimg")
        .args(["--raw", "-q"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "zbarimg: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// The line after `URI: ` in a printout.
pub fn uri_line(printed: &str) -> String {
    printed
        .lines()
        .find_map(|line| line.strip_prefix("URI: "))
        .unwrap_or_else(|| panic!("no URI in:\n{printed}"))
        .trim_end()
        .to_owned()
}

/// The base32 secret of an otpauth URI.
pub fn secret_of(uri: &str) -> &str {
    uri.split("secret=")
        .nth(1)
        .and_then(|rest| rest.split('&').next())
        .unwrap()
}

/// The key as printed for typing: groups of four.
fn grouped(key: &str) -> String {
    key.as_bytes()
        .chunks(4)
        .map(|chunk| std::str::from_utf8(chunk).unwrap())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a printout has anything of a drawn QR code: an escape or a block glyph.
fn has_qr_traces(printed: &str) -> bool {
    printed.contains(['\x1b', '█', '▀', '▄'])
}

/// rexpect hands over each byte as a char: put the UTF-8 back together.
fn utf8(from_pty: &str) -> String {
    let bytes: Vec<u8> = from_pty
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect();
    String::from_utf8(bytes).unwrap()
}

#[test]
fn piped_stdout_gets_the_key_and_uri_but_no_qr_code() {
    let env = Env::with_acme();
    let run = env.run(&["user", "activate-2fa", "alice@example.com"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!has_qr_traces(&run.stdout), "{}", run.stdout);
    let uri = uri_line(&run.stdout);
    assert!(
        uri.starts_with("otpauth://totp/acme:alice%40example.com?secret="),
        "{uri}"
    );
    assert!(uri.ends_with("&issuer=acme"), "{uri}");
    let key = grouped(secret_of(&uri));
    assert!(
        run.stdout.contains(&format!("\nKey: {key}\n")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("Finish with: mfactl user activate-2fa alice@example.com --code CODE"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("not a terminal (--qr draws it anyway)"),
        "{}",
        run.stderr
    );
    // -q silences the note, never the key.
    let quiet = env.run(&["user", "activate-2fa", "alice@example.com", "-q"]);
    assert_eq!(quiet.code, 0);
    assert_eq!(quiet.stderr, "");
    assert!(quiet.stdout.contains("Key: "));
    // JSON is unchanged: the same fields, no QR code, no note.
    let json = env.run(&[
        "user",
        "activate-2fa",
        "alice@example.com",
        "--json",
        "--qr",
    ]);
    assert_eq!(json.code, 0);
    assert_eq!(json.stderr, "");
    let value = json.json();
    let mut fields: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "email",
            "expires_at",
            "issuer",
            "otpauth_uri",
            "secret",
            "tenant"
        ]
    );
    assert_eq!(
        secret_of(value["otpauth_uri"].as_str().unwrap()),
        value["secret"]
    );
}

/// A login that stops for enrolment (exit 4) prints the same: no code into a pipe,
/// unless --qr asks for it; then it decodes to the URI printed under it.
#[test]
fn a_login_that_stops_for_enrolment_draws_the_code_into_a_pipe_only_with_qr() {
    let env = Env::with_acme();
    env.ok(&["company", "enforce-mfa", "sales"]);
    let login = ["login", "alice@example.com", "--password-stdin"];
    let run = env.run_with(&login, "correct horse\n");
    assert_eq!(run.code, 4, "{}{}", run.stdout, run.stderr);
    assert!(!has_qr_traces(&run.stdout), "{}", run.stdout);
    let uri = uri_line(&run.stdout);
    assert!(
        run.stdout
            .contains(&format!("Key: {}", grouped(secret_of(&uri))))
    );
    let forced = [&login[..], &["--qr"]].concat();
    let run = env.run_with(&forced, "correct horse\n");
    assert_eq!(run.code, 4, "{}{}", run.stdout, run.stderr);
    assert_eq!(decode_rqrr(&modules(&run.stdout)), uri_line(&run.stdout));
}

#[test]
fn with_qr_the_piped_code_decodes_to_the_otpauth_uri_in_every_style() {
    let env = Env::with_acme();
    env.ok(&["user", "add", "bob+ops@example.com"]);
    // (NO_COLOR, COLORFGBG, whether glyphs are the light modules)
    let styles = [
        (None, None, false),
        (Some("1"), None, true),
        (Some("1"), Some("0;15"), false),
        (Some("1"), Some("15;0"), true),
    ];
    for (no_color, colorfgbg, glyphs_are_light) in styles {
        let mut cmd = env.cmd();
        if let Some(value) = no_color {
            cmd.env("NO_COLOR", value);
        }
        match colorfgbg {
            Some(value) => cmd.env("COLORFGBG", value),
            None => cmd.env_remove("COLORFGBG"),
        };
        let out = cmd
            .args(["user", "activate-2fa", "bob+ops@example.com", "--qr"])
            .output()
            .unwrap();
        assert!(out.status.success());
        let printed = String::from_utf8_lossy(&out.stdout).into_owned();
        // Each run makes a new secret: the URI printed under the code is the one to read.
        let uri = uri_line(&printed);
        assert!(uri.starts_with("otpauth://totp/acme:bob%2Bops%40example.com?secret="));
        assert_eq!(
            printed.contains('\x1b'),
            no_color.is_none(),
            "colour escapes only without NO_COLOR"
        );
        let mut grid = modules(&printed);
        if glyphs_are_light {
            for row in &mut grid {
                for module in row.iter_mut() {
                    *module = !*module;
                }
            }
        }
        let style = format!("NO_COLOR={no_color:?} COLORFGBG={colorfgbg:?}");
        assert_eq!(decode_rqrr(&grid), uri, "rqrr, {style}");
        assert_eq!(decode_zbarimg(&env, &grid), uri, "zbarimg, {style}");
        assert!(
            printed.contains(&format!("Or type this key: {}", grouped(secret_of(&uri)))),
            "key in groups of four"
        );
    }
}

#[test]
fn interactive_enrolment_in_a_pseudo_terminal() {
    require_tool("oathtool", "oathtool");
    let env = Env::with_acme();
    let mut cmd = env.std_cmd();
    cmd.args(["user", "activate-2fa", "alice@example.com"]);
    let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).expect("spawn in a pty");
    p.exp_string("Scan this QR code").expect("QR heading");
    // rexpect reads bytes one by one, so match the QR code's forced colours, not its glyphs.
    p.exp_string("\u{1b}[38;5;16;48;5;231m").expect("QR code");
    let (_, key_line) = p.exp_regex(r"Or type this key: [A-Z2-7 ]+").expect("key");
    let key: String = key_line
        .trim_start_matches("Or type this key: ")
        .chars()
        .filter(|c| *c != ' ')
        .collect();
    let right = {
        let out = std::process::Command::new("oathtool")
            .args(["--totp", "-b", &key])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    };
    let wrong = format!(
        "{:06}",
        (right.parse::<u32>().unwrap() + 500_000) % 1_000_000
    );
    p.exp_string("Enter the 6-digit code the app shows: ")
        .expect("code prompt");
    p.send_line(&wrong).unwrap();
    p.exp_string("try again").expect("wrong code refused");
    p.exp_string("Enter the 6-digit code the app shows: ")
        .expect("second prompt");
    p.send_line(&right).unwrap();
    p.exp_string("Recovery codes").expect("recovery codes");
    p.exp_regex(r"[a-z2-7]{5}-[a-z2-7]{5}")
        .expect("a recovery code");
    p.exp_string("Have you saved the recovery codes somewhere safe? [y/N]")
        .expect("confirmation");
    p.send_line("y").unwrap();
    p.exp_string("2FA is on for alice@example.com.")
        .expect("success");
    p.exp_eof().expect("exit");
    let shown = env.json(&["user", "show", "alice@example.com"]);
    assert_eq!(shown["mfa"]["enrolled"], true);
    assert_eq!(shown["mfa"]["recovery_codes_left"], 10);
}

fn spawn(cmd: std::process::Command) -> rexpect::session::PtySession {
    rexpect::session::spawn_command(cmd, Some(30_000)).expect("spawn in a pty")
}

/// `user activate-2fa alice@example.com` on a pty `COLUMNS` wide.
fn activate_on_a_terminal(env: &Env, columns: &str) -> rexpect::session::PtySession {
    let mut cmd = env.std_cmd();
    cmd.env("COLUMNS", columns)
        .args(["user", "activate-2fa", "alice@example.com"]);
    spawn(cmd)
}

/// Ends a run waiting at the code prompt: nothing was turned on.
fn interrupt(mut p: rexpect::session::PtySession, env: &Env) {
    p.exp_string("Enter the 6-digit code the app shows: ")
        .expect("code prompt");
    p.send_control('c').unwrap();
    p.exp_eof().expect("exit");
    let shown = env.json(&["user", "show", "alice@example.com"]);
    assert_eq!(shown["mfa"]["enrolled"], false);
}

#[test]
fn a_wide_terminal_gets_a_code_that_decodes() {
    let env = Env::with_acme();
    let mut p = activate_on_a_terminal(&env, "200");
    let before = utf8(&p.exp_string("Or type this key: ").expect("key"));
    let (_, uri) = p.exp_regex(r"URI: otpauth://[^\r\n]+").expect("URI");
    let uri = uri.trim_start_matches("URI: ");
    assert!(before.contains('\x1b'), "drawn in forced colours");
    assert_eq!(decode_rqrr(&modules(&before)), uri);
    interrupt(p, &env);
}

/// Lines wider than the terminal wrap into noise: one line says why instead, and
/// the key and URI are still there to type.
#[test]
fn a_narrow_terminal_is_told_why_and_still_gets_the_key() {
    let env = Env::with_acme();
    let mut p = activate_on_a_terminal(&env, "30");
    let mut printed = utf8(
        &p.exp_string("The terminal is 30 columns wide; the QR code needs ")
            .expect("the narrow message"),
    );
    let (_, needed) = p.exp_regex(r"\d+").expect("columns needed");
    assert!(needed.parse::<usize>().unwrap() > 30, "{needed}");
    printed.push_str(&utf8(
        &p.exp_string(": widen it and run again, or type the key below.")
            .expect("the advice"),
    ));
    let (between, key) = p.exp_regex(r"Key: [A-Z2-7 ]+").expect("the key");
    printed.push_str(&utf8(&between));
    let (between, uri) = p.exp_regex(r"URI: otpauth://[^\r\n]+").expect("URI");
    printed.push_str(&utf8(&between));
    let uri = uri.trim_start_matches("URI: ");
    assert_eq!(
        key.trim_start_matches("Key: ").trim(),
        grouped(secret_of(uri))
    );
    assert!(!has_qr_traces(&printed), "{printed}");
    interrupt(p, &env);
}

/// Without `COLUMNS`, the width is the terminal's own (here set with `stty`).
#[test]
fn the_terminal_size_is_asked_when_columns_is_not_set() {
    let env = Env::with_acme();
    let template = env.std_cmd();
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg(r#"stty cols 40 rows 50 && exec "$0" user activate-2fa alice@example.com"#)
        .arg(template.get_program());
    for (key, value) in template.get_envs() {
        match value {
            Some(value) => cmd.env(key, value),
            None => cmd.env_remove(key),
        };
    }
    cmd.current_dir(env.dir.path());
    let mut p = spawn(cmd);
    p.exp_string("The terminal is 40 columns wide; the QR code needs ")
        .expect("the width from the terminal");
    p.exp_regex(r"Key: [A-Z2-7 ]+").expect("the key");
    interrupt(p, &env);
}
