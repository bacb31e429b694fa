//! `user activate-2fa` run interactively inside a real terminal emulator (tmux): what
//! the pane shows, captured with `capture-pane`, decodes as a QR code to the otpauth URI
//! printed beside it, with colour and with `NO_COLOR`; then a code from `oathtool`
//! typed into the pane turns 2FA on.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::qr::{decode_rqrr, decode_zbarimg, modules, secret_of, strip_ansi, uri_line};
use crate::support::{Env, require_tool};

/// The prompt the enrolment waits at once the QR code, key and URI are on screen.
const CODE_PROMPT: &str = "Enter the 6-digit code the app shows:";

/// A tmux server of the test's own (its socket in the test's temp dir), running one
/// session; killed when dropped, however the test ends.
struct Tmux {
    socket: PathBuf,
}

impl Tmux {
    /// Starts a detached 200×80 session running `mfactl args` with the binary's clean
    /// test environment plus `extra`.
    fn start(env: &Env, extra: &[(&str, &str)], args: &[&str]) -> Tmux {
        let template = env.std_cmd();
        let program = template.get_program().to_owned();
        Tmux::start_program(env, extra, program.as_ref(), args)
    }

    /// The same with another program in the pane.
    fn start_program(
        env: &Env,
        extra: &[(&str, &str)],
        program: &std::ffi::OsStr,
        args: &[&str],
    ) -> Tmux {
        require_tool("tmux", "tmux");
        let socket = env.path("tmux.sock");
        let template = env.std_cmd();
        let mut tmux = Command::new("tmux");
        for (key, value) in template.get_envs() {
            match value {
                Some(value) => tmux.env(key, value),
                None => tmux.env_remove(key),
            };
        }
        // The QR style follows these: only the test decides them.
        tmux.env_remove("NO_COLOR").env_remove("COLORFGBG");
        for (key, value) in extra {
            tmux.env(key, value);
        }
        tmux.arg("-S")
            .arg(&socket)
            .args([
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-x",
                "200",
                "-y",
                "80",
            ])
            .args(["-s", "mfactl"])
            .arg(program)
            .args(args)
            // Keep the pane (and what it shows) after the command exits.
            .args([";", "set-option", "-t", "mfactl", "remain-on-exit", "on"])
            .current_dir(env.dir.path());
        // Dropped (and the server killed) even if the start itself fails half-way.
        let server = Tmux { socket };
        let out = tmux.output().expect("run tmux");
        assert!(
            out.status.success(),
            "tmux new-session: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        server
    }

    fn tmux(&self) -> Command {
        let mut cmd = Command::new("tmux");
        cmd.arg("-S").arg(&self.socket);
        cmd
    }

    /// What the pane shows (with its history), trailing spaces kept; with `escapes`,
    /// the colours and attributes as escape sequences too (`capture-pane -e`).
    fn capture(&self, escapes: bool) -> String {
        let mut cmd = self.tmux();
        cmd.args(["capture-pane", "-p", "-N", "-S", "-", "-t", "mfactl"]);
        if escapes {
            cmd.arg("-e");
        }
        let out = cmd.output().expect("run tmux capture-pane");
        assert!(
            out.status.success(),
            "tmux capture-pane: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Polls the pane every 20 ms until it shows `text`, for at most a minute; a
    /// failure shows what the pane showed instead.
    fn wait_for(&self, text: &str) -> String {
        for _ in 0..3000 {
            let shown = self.capture(false);
            if shown.contains(text) {
                return shown;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        panic!(
            "gave up waiting for {text:?} in the tmux pane, which shows:\n{}",
            self.capture(false)
        );
    }

    /// Types `text` and Enter into the pane.
    fn type_line(&self, text: &str) {
        let status = self
            .tmux()
            .args(["send-keys", "-t", "mfactl", "-l", text])
            .status()
            .expect("run tmux send-keys");
        assert!(status.success());
        let status = self
            .tmux()
            .args(["send-keys", "-t", "mfactl", "Enter"])
            .status()
            .expect("run tmux send-keys");
        assert!(status.success());
    }
}

impl Tmux {
    /// Pastes `text` into the pane as typed keys (no bracketed paste, as many
    /// terminals do): each line runs as it arrives, and a program that read the
    /// terminal would swallow the lines after it.
    fn paste(&self, text: &str) {
        let mut load = self
            .tmux()
            .args(["load-buffer", "-b", "paste", "-"])
            .stdin(std::process::Stdio::piped())
            .spawn()
            .expect("run tmux load-buffer");
        std::io::Write::write_all(&mut load.stdin.take().unwrap(), text.as_bytes()).unwrap();
        assert!(load.wait().unwrap().success());
        let status = self
            .tmux()
            .args(["paste-buffer", "-d", "-b", "paste", "-t", "mfactl"])
            .status()
            .expect("run tmux paste-buffer");
        assert!(status.success());
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux().arg("kill-server").output();
        let _ = std::fs::remove_file(&self.socket);
    }
}

/// The current code of a base32 secret, by `oathtool`.
fn oathtool_now(secret: &str) -> String {
    require_tool("oathtool", "oathtool");
    let out = Command::new("oathtool")
        .args(["--totp", "-b", secret])
        .output()
        .expect("run oathtool");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// Enrols `email` in a tmux pane, with `NO_COLOR=1` when `no_color`; checks that the
/// QR code on screen decodes to the URI beside it (rqrr and zbarimg), then types the
/// code and the confirmation, and checks that 2FA is on.
fn enrol_in_tmux(env: &Env, email: &str, no_color: bool) {
    let extra: &[(&str, &str)] = if no_color { &[("NO_COLOR", "1")] } else { &[] };
    let tmux = Tmux::start(env, extra, &["user", "activate-2fa", email]);
    tmux.wait_for(CODE_PROMPT);
    let with_escapes = tmux.capture(true);
    // The colours tmux drew: forced black on white (256-colour 16 on 231), or none.
    let black_on_white =
        with_escapes.contains("\u{1b}[38;5;16m") && with_escapes.contains("\u{1b}[48;5;231m");
    assert_eq!(
        black_on_white, !no_color,
        "colours on screen (NO_COLOR={no_color}):\n{with_escapes}"
    );
    let screen = strip_ansi(&with_escapes);
    assert_eq!(
        screen,
        tmux.capture(false),
        "the same text with and without -e"
    );
    let uri = uri_line(&screen);
    assert!(
        uri.starts_with(&format!(
            "otpauth://totp/acme:{}?secret=",
            email.replace('@', "%40")
        )),
        "{uri}"
    );
    let mut grid = modules(&screen);
    if no_color {
        // Without colour the glyphs are the light modules (for a dark background).
        for row in &mut grid {
            for module in row.iter_mut() {
                *module = !*module;
            }
        }
    }
    assert_eq!(decode_rqrr(&grid), uri, "rqrr, NO_COLOR={no_color}");
    assert_eq!(
        decode_zbarimg(env, &grid),
        uri,
        "zbarimg, NO_COLOR={no_color}"
    );

    tmux.type_line(&oathtool_now(secret_of(&uri)));
    tmux.wait_for("[y/N]");
    tmux.type_line("y");
    let done = tmux.wait_for(&format!("2FA is on for {email}."));
    assert!(done.contains("Recovery codes"), "{done}");
    let shown = env.json(&["user", "show", email]);
    assert_eq!(shown["mfa"]["enrolled"], true, "{shown}");
    assert_eq!(shown["mfa"]["recovery_codes_left"], 10, "{shown}");
}

#[test]
fn the_qr_code_in_a_tmux_pane_decodes_to_the_uri_beside_it_in_colour() {
    let env = Env::with_acme();
    enrol_in_tmux(&env, "alice@example.com", false);
}

#[test]
fn the_qr_code_in_a_tmux_pane_decodes_to_the_uri_beside_it_with_no_color() {
    let env = Env::with_acme();
    enrol_in_tmux(&env, "alice@example.com", true);
}

/// The guard stops its server (and the command in its pane) when a test fails.
#[test]
fn a_failing_tmux_test_leaves_no_server_behind() {
    let env = Env::with_acme();
    let tmux = Tmux::start(&env, &[], &["user", "activate-2fa", "alice@example.com"]);
    let socket = tmux.socket.clone();
    tmux.wait_for(CODE_PROMPT);
    assert!(server_answers(&socket), "the tmux server is running");
    let failed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
        let _held = tmux;
        panic!("a test failing while the pane waits (expected)");
    }));
    assert!(failed.is_err());
    assert!(!server_answers(&socket), "the tmux server is still running");
    let shown = env.json(&["user", "show", "alice@example.com"]);
    assert_eq!(shown["mfa"]["enrolled"], false, "{shown}");
}

fn server_answers(socket: &Path) -> bool {
    Command::new("tmux")
        .arg("-S")
        .arg(socket)
        .arg("has-session")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Pastes a README walkthrough into an interactive `bash` in a terminal, as a person
/// would, and returns what the pane shows once it has run.
fn paste_walkthrough(marker: &str) -> String {
    require_tool("oathtool", "oathtool");
    require_tool("jq", "jq");
    let env = Env::new();
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_mfactl")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let tmp = env.dir.path().display().to_string();
    let tmux = Tmux::start_program(
        &env,
        &[("PATH", &path), ("TMPDIR", &tmp), ("PS1", "$ ")],
        "bash".as_ref(),
        &["--norc", "--noprofile", "-i"],
    );
    tmux.wait_for("$ ");
    // The end marker is computed, so the pasted line itself does not show it.
    let script = format!(
        "{}echo \"walkthrough $((40 + 2)) ended\"\n",
        crate::support::doc_block(marker)
    );
    tmux.paste(&script);
    tmux.wait_for("walkthrough 42 ended")
}

#[test]
fn the_reseller_walkthrough_can_be_pasted_into_a_terminal() {
    let shown = paste_walkthrough("<!-- walkthrough-reseller -->");
    assert!(
        shown.contains("MFA is now enforced for the local users of company initech"),
        "{shown}"
    );
    assert!(shown.contains("initech dev@initech.example"), "{shown}");
    assert!(!shown.contains("error:"), "{shown}");
}

/// On a terminal the plan is drawn in colour, and nothing asks: the walkthrough's
/// changes do not weaken protection.
#[test]
fn the_policy_walkthrough_can_be_pasted_into_a_terminal() {
    let shown = paste_walkthrough("<!-- walkthrough-policy -->");
    assert!(shown.contains("Applied plan "), "{shown}");
    assert!(
        shown.contains("No changes: the store already matches policy.toml."),
        "{shown}"
    );
    assert!(!shown.contains("error:"), "{shown}");
}

#[test]
fn the_support_walkthrough_can_be_pasted_into_a_terminal() {
    let shown = paste_walkthrough("<!-- walkthrough-support -->");
    assert!(
        shown.contains(
            "Signed in as alice@example.com (tenant acme) with a password and a temporary access pass."
        ),
        "{shown}"
    );
    assert!(shown.contains("user.access_pass_issued"), "{shown}");
    assert!(shown.contains("lost phone, ticket 4521"), "{shown}");
    // The two errors are the expected stops: for the emailed code, and (in JSON) for
    // the enrolment the pass opened.
    assert_eq!(shown.matches("error").count(), 2, "{shown}");
    assert!(
        shown.contains("error: the code sent to alice@example.com by email is needed"),
        "{shown}"
    );
    assert!(
        shown.contains("must enrol a new authenticator app to finish signing in"),
        "{shown}"
    );
}

#[test]
fn the_ci_walkthrough_can_be_pasted_into_a_terminal() {
    let shown = paste_walkthrough("<!-- walkthrough-ci -->");
    let answers: Vec<&str> = shown.lines().filter(|l| l.trim() == "true").collect();
    assert_eq!(answers.len(), 2, "{shown}");
    assert!(!shown.contains("error:"), "{shown}");
}
