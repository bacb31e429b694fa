//! What a session of mfactl on a PostgreSQL store is, whatever others did to the
//! database, its roles or the server (issue 18): every commit synchronous, writes taking
//! turns on a lock only mfactl's role may take, and a server's text shown escaped. Each
//! test is the attack, on a real server (a fresh database of `MFACTL_TEST_PG_URL`), or on
//! a rogue one the test plays itself.

use mfactl::store::postgres::{PgEnv, Target};

use crate::support::{Env, PgDatabase};

fn env() -> PgEnv {
    PgEnv {
        user: "nobody-here".to_owned(),
        ..PgEnv::default()
    }
}

/// `synchronous_commit` in a session mfactl set up on `url`.
fn synchronous_commit(url: &str) -> String {
    let target = Target::parse(url, &env()).unwrap();
    let mut client = target.connect().unwrap();
    client
        .query_one("SHOW synchronous_commit", &[])
        .unwrap()
        .get(0)
}

/// Finding 6: with `synchronous_commit = off` a commit returns before it is on disk, so
/// after a server crash a TOTP code already used (its step recorded, the sign-in
/// confirmed) could sign in again. Set for the database, for the role in it, or in the
/// URL's `options`, it is not what mfactl's sessions run with.
#[test]
fn every_session_commits_synchronously_whatever_the_settings_say() {
    let db = PgDatabase::new();
    assert_eq!(synchronous_commit(&db.url), "on");
    db.client()
        .batch_execute(&format!(
            "ALTER DATABASE {} SET synchronous_commit = off",
            db.name
        ))
        .unwrap();
    assert_eq!(synchronous_commit(&db.url), "on", "set for the database");
    db.client()
        .batch_execute(&format!(
            "ALTER DATABASE {0} RESET synchronous_commit; \
             ALTER ROLE mfactl_test IN DATABASE {0} SET synchronous_commit = local",
            db.name
        ))
        .unwrap();
    assert_eq!(synchronous_commit(&db.url), "on", "set for the role");
    db.client()
        .batch_execute(&format!(
            "ALTER ROLE mfactl_test IN DATABASE {} RESET synchronous_commit",
            db.name
        ))
        .unwrap();
    let url = format!("{}?options=-c%20synchronous_commit%3Doff", db.url);
    assert_eq!(synchronous_commit(&url), "on", "set in the URL");

    // And the binary works on such a database as on any other.
    let env = Env::new_sqlite();
    let run = |args: &[&str]| {
        env.cmd()
            .env("MFACTL_STORE", &url)
            .env("MFACTL_KEY_FILE", env.path("team.key"))
            .args(args)
            .output()
            .unwrap()
    };
    for args in [&["tenant", "create", "acme"][..], &["tenant", "list"]] {
        let out = run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// A rogue PostgreSQL server on 127.0.0.1, for one connection: it declines TLS (as a
/// server may under `sslmode=prefer`, the default), then answers the startup with an
/// error, or lets the session start and answers its first query with a notice and an
/// error. Every text it sends has a newline followed by what mfactl's own lines look
/// like.
struct RogueServer {
    port: u16,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// When the rogue server answers with its error.
#[derive(Clone, Copy)]
enum Rogue {
    AtStartup,
    AtFirstQuery,
}

/// A message of the PostgreSQL protocol: its type byte, length and body.
fn message(kind: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![kind];
    out.extend(u32::try_from(body.len() + 4).unwrap().to_be_bytes());
    out.extend(body);
    out
}

/// The fields of an ErrorResponse or NoticeResponse (code, then text, each ended by NUL).
fn fields(pairs: &[(u8, &str)]) -> Vec<u8> {
    let mut body = Vec::new();
    for (code, text) in pairs {
        body.push(*code);
        body.extend(text.as_bytes());
        body.push(0);
    }
    body.push(0);
    body
}

impl RogueServer {
    fn start(when: Rogue) -> RogueServer {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let thread = std::thread::spawn(move || {
            let Ok((mut socket, _)) = listener.accept() else {
                return;
            };
            // Reads one length-prefixed startup packet (SSLRequest or StartupMessage).
            let read_packet = |socket: &mut std::net::TcpStream| -> Vec<u8> {
                let mut length = [0u8; 4];
                socket.read_exact(&mut length).unwrap();
                let mut body = vec![0u8; usize::try_from(u32::from_be_bytes(length)).unwrap() - 4];
                socket.read_exact(&mut body).unwrap();
                body
            };
            let mut packet = read_packet(&mut socket);
            if packet.get(..4) == Some(&80_877_103_u32.to_be_bytes()[..]) {
                socket.write_all(b"N").unwrap();
                packet = read_packet(&mut socket);
            }
            assert_eq!(packet.get(..4), Some(&196_608_u32.to_be_bytes()[..]));
            let forged = fields(&[
                (b'S', "FATAL"),
                (b'V', "FATAL"),
                (b'C', "28000"),
                (b'M', "it failed\nerror: forged by the server"),
                (b'D', "in detail\ncaused by: forged by the server"),
                (b'H', "a hint\nhint: forged by the server"),
            ]);
            if let Rogue::AtStartup = when {
                socket.write_all(&message(b'E', &forged)).unwrap();
                return;
            }
            let mut started = message(b'R', &0_u32.to_be_bytes());
            started.extend(message(b'S', b"server_version\x0015.0\x00"));
            started.extend(message(b'K', &[0, 0, 0, 1, 0, 0, 0, 2]));
            started.extend(message(b'Z', b"I"));
            socket.write_all(&started).unwrap();
            // The first query (mfactl's session set-up): a notice, then the error.
            let mut kind = [0u8; 1];
            socket.read_exact(&mut kind).unwrap();
            let mut length = [0u8; 4];
            socket.read_exact(&mut length).unwrap();
            let mut body = vec![0u8; usize::try_from(u32::from_be_bytes(length)).unwrap() - 4];
            socket.read_exact(&mut body).unwrap();
            let notice = fields(&[
                (b'S', "WARNING"),
                (b'V', "WARNING"),
                (b'C', "01000"),
                (b'M', "take note\nerror: forged by the server"),
            ]);
            let mut answer = message(b'N', &notice);
            answer.extend(message(b'E', &forged));
            answer.extend(message(b'Z', b"I"));
            socket.write_all(&answer).unwrap();
            // Until mfactl hangs up.
            let _ = socket.read(&mut kind);
        });
        RogueServer {
            port,
            thread: Some(thread),
        }
    }
}

impl Drop for RogueServer {
    fn drop(&mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Finding 9: a server's error message, detail and hint (and a notice) are the server's
/// text, not mfactl's: a newline in them is shown escaped, so a rogue server (here one
/// that declines TLS under the default `sslmode=prefer`) cannot print lines that read as
/// mfactl's own `error:`, `caused by:` or `hint:`.
#[test]
fn a_servers_text_never_prints_as_lines_of_mfactls_own() {
    let env = Env::new_sqlite();
    for when in [Rogue::AtStartup, Rogue::AtFirstQuery] {
        let server = RogueServer::start(when);
        let out = env
            .cmd()
            .env(
                "MFACTL_STORE",
                format!("postgres://someone@127.0.0.1:{}/db", server.port),
            )
            .env("MFACTL_KEY_FILE", env.path("team.key"))
            .args(["tenant", "list"])
            .output()
            .unwrap();
        drop(server);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        for line in stderr.lines() {
            assert!(
                !["error: forged", "caused by: forged", "hint: forged"]
                    .iter()
                    .any(|forged| line.starts_with(forged)),
                "a line of the server's own:\n{stderr}"
            );
        }
        // Shown, escaped, on the lines mfactl writes.
        assert!(
            stderr.contains(r"it failed\nerror: forged by the server"),
            "{stderr}"
        );
        assert!(
            stderr.contains(r"in detail\ncaused by: forged by the server"),
            "{stderr}"
        );
    }
}

/// Finding 9, on a real server: names that others choose (a role's, here) reach
/// mfactl's refusals escaped too.
#[test]
fn a_name_chosen_by_another_role_is_shown_escaped() {
    let db = PgDatabase::new();
    let env = Env::new_sqlite();
    let run = |args: &[&str]| {
        env.cmd()
            .env("MFACTL_STORE", &db.url)
            .env("MFACTL_KEY_FILE", env.path("team.key"))
            .args(args)
            .output()
            .unwrap()
    };
    assert!(run(&["tenant", "create", "acme"]).status.success());
    let role = format!("{}_eve\nerror: forged by a role", db.name);
    db.client()
        .batch_execute(&format!(
            "CREATE ROLE \"{role}\" NOLOGIN; GRANT SELECT ON mfactl_schema TO \"{role}\""
        ))
        .unwrap();
    let out = run(&["tenant", "list"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(r"_eve\nerror: forged by a role"),
        "{stderr}"
    );
    for line in stderr.lines() {
        assert!(!line.starts_with("error: forged"), "{stderr}");
    }
    db.client()
        .batch_execute(&format!("DROP OWNED BY \"{role}\"; DROP ROLE \"{role}\""))
        .unwrap();
}
