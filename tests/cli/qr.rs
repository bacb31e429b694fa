//! The QR code mfactl prints decodes to the otpauth URI it prints in `--json`, with and
//! without colour; and the interactive enrolment in a real pseudo-terminal.

use crate::support::{Env, require_tool};

/// Removes ANSI escape sequences (`ESC [ … m`).
fn strip_ansi(text: &str) -> String {
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
fn modules(printed: &str) -> Vec<Vec<bool>> {
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

fn decode_rqrr(grid: &[Vec<bool>]) -> String {
    let (width, height, pixels) = pixels(grid);
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| pixels[y * width + x]);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "expected one QR code");
    grids[0].decode().expect("decode QR").1
}

fn decode_zbarimg(env: &Env, grid: &[Vec<bool>]) -> String {
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

#[test]
fn the_printed_qr_code_decodes_to_the_otpauth_uri_in_every_style() {
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
            .args(["user", "activate-2fa", "bob+ops@example.com"])
            .output()
            .unwrap();
        assert!(out.status.success());
        let printed = String::from_utf8_lossy(&out.stdout).into_owned();
        // Each run makes a new secret: the URI printed under the code is the one to read.
        let uri = printed
            .lines()
            .find_map(|line| line.strip_prefix("URI: "))
            .unwrap()
            .to_owned();
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
        let key = uri
            .split("secret=")
            .nth(1)
            .and_then(|rest| rest.split('&').next())
            .unwrap();
        assert!(
            printed.contains(&format!("{} {}", &key[..4], &key[4..8])),
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
