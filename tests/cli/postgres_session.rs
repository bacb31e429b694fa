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
            "CREATE ROLE \"{role}\" NOLOGIN; GRANT SELECT ON mfactl.mfactl_schema TO \"{role}\""
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

/// A role of the test server that can log in (`name`, password `name`), to play
/// another role that can connect to the store's database; dropped with what it owns
/// when the test ends.
struct OtherRole {
    name: String,
    server: String,
}

impl OtherRole {
    fn new(db: &PgDatabase, name: &str) -> OtherRole {
        let name = format!("{}_{name}", db.name);
        crate::support::pg_client(&crate::support::pg_server_url())
            .batch_execute(&format!("CREATE ROLE {name} LOGIN PASSWORD '{name}'"))
            .unwrap();
        OtherRole {
            name,
            server: crate::support::pg_server_url(),
        }
    }

    /// A connection of this role to `db`.
    fn connect(&self, db: &PgDatabase) -> postgres::Client {
        let (_, rest) = db.url.split_once('@').unwrap();
        crate::support::pg_client(&format!("postgres://{0}:{0}@{rest}", self.name))
    }
}

impl Drop for OtherRole {
    fn drop(&mut self) {
        let _ = crate::support::pg_client(&self.server)
            .batch_execute(&format!("DROP ROLE IF EXISTS {}", self.name));
    }
}

/// Finding 8: mfactl's writes and migrations took turns on advisory locks, which any
/// role that can connect to the database may take and keep (`pg_advisory_lock`), so
/// stopping every write. Another role holding them now stops nothing: the first store
/// is made, and writes go through. What writes take turns on is a lock of mfactl's own
/// table, which that role cannot take (nor even name).
#[test]
fn another_role_holding_advisory_locks_stops_no_migration_and_no_write() {
    let db = PgDatabase::new();
    let eve = OtherRole::new(&db, "eve");
    let mut held = eve.connect(&db);
    // "MFAW" and "MFA1", the keys of the advisory locks mfactl took before.
    held.batch_execute("SELECT pg_advisory_lock(1296449879), pg_advisory_lock(1296449841)")
        .unwrap();
    let env = Env::new_sqlite();
    let run = |args: &[&str]| {
        env.cmd()
            .env("MFACTL_STORE", &db.url)
            .env("MFACTL_KEY_FILE", env.path("team.key"))
            .args(args)
            .output()
            .unwrap()
    };
    for args in [
        &["tenant", "create", "acme"][..],
        &["user", "add", "alice@example.com", "--no-input"],
        &["role", "create", "admin"],
        &["audit", "verify"],
    ] {
        let out = run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let e = held
        .batch_execute("BEGIN; LOCK TABLE mfactl.mfactl_schema IN EXCLUSIVE MODE")
        .unwrap_err();
    held.batch_execute("ROLLBACK").unwrap();
    assert_eq!(
        e.code(),
        Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
        "{e}"
    );
    drop(held);
}

/// A store made before schema 5 (its tables in `public`, schema 4 recorded there, as
/// every store that landed before mfactl's own schema): schema 5's table and columns
/// (the access pass) and schema 7's columns (an authenticator's parameters) dropped, the
/// tables of `store` moved back out of `mfactl`, and versions 5 to 7 forgotten.
fn made_before_schema_5(db: &PgDatabase) {
    let mut client = db.client();
    let tables: Vec<String> = client
        .query(
            "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname = 'mfactl' AND c.relkind = 'r'",
            &[],
        )
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    // (Without the mark a store of schema 6 leaves in public for older binaries.)
    let mut sql = String::from(
        "DROP TABLE public.mfactl_schema; DELETE FROM mfactl.mfactl_schema WHERE version >= 5; \
         DROP TABLE mfactl.access_passes; \
         ALTER TABLE mfactl.users DROP COLUMN reset_at, DROP COLUMN pending_proof, \
         DROP COLUMN totp_algorithm, DROP COLUMN totp_digits, DROP COLUMN totp_period; ",
    );
    for table in tables.iter().filter(|t| t.as_str() != "access_passes") {
        sql.push_str(&format!("ALTER TABLE mfactl.{table} SET SCHEMA public; "));
    }
    sql.push_str("DROP SCHEMA mfactl");
    client.batch_execute(&sql).unwrap();
}

/// Task 5's migration: a store whose tables are in `public` (schema 4) moves them into
/// `mfactl` at its first open, in place (every row, id and audit entry kept; the chain
/// still verifies), then takes schema 5 there, schemas 5 and 6 recorded as the other
/// versions are; eight processes opening
/// it at once agree; another role holding the old advisory locks stops none of them.
#[test]
fn a_store_in_public_moves_into_its_own_schema_at_its_first_open() {
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
    for args in [
        &["tenant", "create", "acme"][..],
        &["user", "add", "alice@example.com", "--no-input"],
        &["role", "create", "admin"],
        &["role", "assign", "admin", "alice@example.com"],
    ] {
        assert!(run(args).status.success(), "{args:?}");
    }
    let listed = run(&["user", "list", "--json"]).stdout;
    let before = db.contents();
    made_before_schema_5(&db);
    assert_eq!(db.contents(), None, "the store is in public now");
    let eve = OtherRole::new(&db, "eve");
    let mut held = eve.connect(&db);
    held.batch_execute("SELECT pg_advisory_lock(1296449879), pg_advisory_lock(1296449841)")
        .unwrap();
    let opens: Vec<_> = (0..8)
        .map(|_| {
            let mut cmd = env.std_cmd();
            cmd.env("MFACTL_STORE", &db.url)
                .env("MFACTL_KEY_FILE", env.path("team.key"))
                .args(["tenant", "list"]);
            cmd.stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for open in opens {
        let out = open.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    drop(held);
    let mut after = db.contents().expect("the store, in mfactl");
    let mut expected = before.unwrap();
    // Only the record of versions differs: schemas 5 and 6, recorded again now.
    let without_versions = |contents: &mut Vec<u8>| {
        let whole = String::from_utf8(contents.clone()).unwrap();
        let (before_it, from_it) = whole.split_once("== mfactl_schema\n").unwrap();
        let after_it = from_it.split_once("== ").map_or("", |(_, tail)| tail);
        *contents = format!("{before_it}== {after_it}").into_bytes();
    };
    without_versions(&mut after);
    without_versions(&mut expected);
    assert_eq!(after, expected);
    let recorded: Vec<i64> = db
        .client()
        .query("SELECT version FROM mfactl.mfactl_schema ORDER BY 1", &[])
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(recorded, [1, 2, 3, 4, 5, 6, 7]);
    // In public, only the mark for binaries before schema 6: a table of versions that
    // says 6, newer than they understand, so they refuse the store instead of making
    // another one there.
    let in_public: Vec<String> = db
        .client()
        .query(
            "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname = 'public' AND c.relkind = 'r'",
            &[],
        )
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(in_public, ["mfactl_schema"]);
    let marked: Vec<i64> = db
        .client()
        .query("SELECT version FROM public.mfactl_schema", &[])
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(marked, [6]);
    assert_eq!(run(&["user", "list", "--json"]).stdout, listed);
    assert!(run(&["audit", "verify"]).status.success());
    assert!(
        run(&["user", "add", "bob@example.com", "--no-input"])
            .status
            .success()
    );
}

/// A store in `public` with a trigger planted on its users (which the binary before
/// schema 6 refused too) is not moved: the migration finds it on the moved table before
/// anything of it runs, and leaves the store as it was, exit 1 naming it.
#[test]
fn a_store_in_public_with_something_planted_is_not_moved() {
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
    made_before_schema_5(&db);
    db.client()
        .batch_execute(
            "CREATE FUNCTION public.plant() RETURNS trigger LANGUAGE plpgsql AS \
               $$BEGIN RAISE EXCEPTION 'planted code ran'; END$$; \
             CREATE TRIGGER plant BEFORE INSERT OR UPDATE OR DELETE ON public.mfactl_schema \
               FOR EACH ROW EXECUTE FUNCTION public.plant();",
        )
        .unwrap();
    let out = run(&["tenant", "list"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("trigger plant on table mfactl.mfactl_schema, which mfactl does not make"),
        "{stderr}"
    );
    assert!(!stderr.contains("planted code ran"), "{stderr}");
    let versions: Vec<i64> = db
        .client()
        .query("SELECT version FROM public.mfactl_schema ORDER BY 1", &[])
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(versions, [1, 2, 3, 4], "the store was changed");
    let schemas: i64 = db
        .client()
        .query_one(
            "SELECT count(*) FROM pg_namespace WHERE nspname = 'mfactl'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(schemas, 0);
}
