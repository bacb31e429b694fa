//! The test harness: each `Env` is a temp dir with its own store, key file, HOME and
//! XDG dirs; inherited `MFACTL_*` variables are cleared so the host cannot leak in.
//!
//! The suite runs once per store (ENGINEERING.md, "Two stores, one contract"): with
//! `MFACTL_TEST_STORE=postgres` each `Env`'s store is a fresh database on the server of
//! `MFACTL_TEST_PG_URL` (its URL in `MFACTL_STORE`, the key file `store.db.key` in the
//! temp dir through `MFACTL_KEY_FILE`); otherwise the SQLite file `store.db`. A test that
//! only makes sense on SQLite says why with `Env::sqlite_only`.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

pub struct Env {
    pub dir: TempDir,
    /// The SQLite store file (on PostgreSQL, where the key file is named after).
    pub store: PathBuf,
    /// The database that is the store, when the suite runs on PostgreSQL.
    pub pg: Option<PgDatabase>,
}

/// Whether this run of the suite puts each test's store on PostgreSQL.
pub fn on_postgres() -> bool {
    std::env::var("MFACTL_TEST_STORE").is_ok_and(|store| store == "postgres")
}

/// What a finished run printed, with its exit code.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(output: &Output) -> Self {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout))
    }
    pub fn error_json(&self) -> Value {
        serde_json::from_str(self.stderr.trim())
            .unwrap_or_else(|e| panic!("stderr is not JSON ({e}): {}", self.stderr))
    }
}

impl Env {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = dir.path().join("store.db");
        let pg = on_postgres().then(PgDatabase::new);
        Env { dir, store, pg }
    }

    /// An env whose store is an SQLite file whichever store the suite runs on (tests
    /// that compare the PostgreSQL store with SQLite's).
    pub fn new_sqlite() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = dir.path().join("store.db");
        Env {
            dir,
            store,
            pg: None,
        }
    }

    /// On PostgreSQL, says why this test only makes sense on SQLite (on stderr, and in
    /// `CARGO_TARGET_TMPDIR/postgres-skips.txt`, which `scripts/test` counts and lists)
    /// and returns true: the test returns at once. On SQLite, false.
    pub fn sqlite_only(&self, why: &str) -> bool {
        if self.pg.is_none() {
            return false;
        }
        let test = std::thread::current().name().unwrap_or("a test").to_owned();
        #[expect(
            clippy::print_stderr,
            reason = "a skipped test says so where cargo test shows it"
        )]
        {
            eprintln!("skipped on PostgreSQL: {test}: only on SQLite: {why}");
        }
        let list = Path::new(env!("CARGO_TARGET_TMPDIR")).join("postgres-skips.txt");
        if let Ok(mut file) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(list)
        {
            use std::io::Write;
            let _ = writeln!(file, "{test}: {why}");
        }
        true
    }

    /// How messages name the store: the file's path, or the database's name.
    pub fn store_shown(&self) -> String {
        match &self.pg {
            Some(db) => db.name.clone(),
            None => self.store.display().to_string(),
        }
    }

    /// `store info`'s `backend`: "sqlite" or "postgresql".
    pub fn backend(&self) -> &'static str {
        if self.pg.is_some() {
            "postgresql"
        } else {
            "sqlite"
        }
    }

    /// Runs `sql` (statements both stores understand) on the store behind mfactl's back.
    pub fn execute(&self, sql: &str) {
        match &self.pg {
            Some(db) => db.client().batch_execute(sql).unwrap(),
            None => sqlite(&self.store).execute_batch(sql).unwrap(),
        }
    }

    /// One row of integer columns (each may be NULL) read by `sql` from the store,
    /// whichever store it is: what tests check behind mfactl's back.
    pub fn query_ints(&self, sql: &str) -> Vec<Option<i64>> {
        if let Some(db) = &self.pg {
            let row = db.client().query_one(sql, &[]).unwrap();
            (0..row.len()).map(|i| row.get(i)).collect()
        } else {
            let db = sqlite(&self.store);
            let mut statement = db.prepare(sql).unwrap();
            let columns = statement.column_count();
            statement
                .query_row([], |row| {
                    (0..columns)
                        .map(|i| row.get(i))
                        .collect::<rusqlite::Result<Vec<_>>>()
                })
                .unwrap()
        }
    }

    /// Every row `sql` reads from the store, whichever store it is, each column as text
    /// (integers in decimal, NULL as `None`): for tests that read or copy rows behind
    /// mfactl's back with one body for both stores.
    pub fn query_texts(&self, sql: &str) -> Vec<Vec<Option<String>>> {
        if let Some(db) = &self.pg {
            db.client()
                .simple_query(sql)
                .unwrap()
                .iter()
                .filter_map(|message| match message {
                    postgres::SimpleQueryMessage::Row(row) => Some(
                        (0..row.len())
                            .map(|i| row.get(i).map(str::to_owned))
                            .collect(),
                    ),
                    _ => None,
                })
                .collect()
        } else {
            use rusqlite::types::Value as Sql;
            let db = sqlite(&self.store);
            let mut statement = db.prepare(sql).unwrap();
            let columns = statement.column_count();
            statement
                .query_map([], |row| {
                    (0..columns)
                        .map(|i| {
                            Ok(match row.get::<_, Sql>(i)? {
                                Sql::Null => None,
                                Sql::Integer(n) => Some(n.to_string()),
                                Sql::Real(x) => Some(x.to_string()),
                                Sql::Text(text) => Some(text),
                                Sql::Blob(bytes) => {
                                    Some(String::from_utf8_lossy(&bytes).into_owned())
                                }
                            })
                        })
                        .collect::<rusqlite::Result<Vec<_>>>()
                })
                .unwrap()
                .map(Result::unwrap)
                .collect()
        }
    }

    /// A copy of the store elsewhere (the file copied to `name`, or a copy of the
    /// database): its `MFACTL_STORE` value, and the database to keep while it is used.
    pub fn copy_store(&self, name: &str) -> (PathBuf, Option<PgDatabase>) {
        if let Some(db) = &self.pg {
            let copy = db.copy();
            (PathBuf::from(&copy.url), Some(copy))
        } else {
            let copy = self.path(name);
            std::fs::copy(&self.store, &copy).unwrap();
            (copy, None)
        }
    }

    /// The store as `MFACTL_STORE` names it: the file, or the database's URL.
    pub fn store_value(&self) -> std::ffi::OsString {
        match &self.pg {
            Some(db) => db.url.clone().into(),
            None => self.store.clone().into(),
        }
    }

    /// The binary with a clean environment pointing into the temp dir.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("mfactl").expect("binary");
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("MFACTL_") {
                cmd.env_remove(&key);
            }
        }
        let home = self.dir.path().join("home");
        cmd.env("HOME", &home)
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("MFACTL_STORE", self.store_value())
            .env("MFACTL_ACTOR", "tester")
            .env_remove("NO_COLOR")
            // A QR code is drawn to fit the terminal: tests set the width they mean.
            .env_remove("COLUMNS")
            .current_dir(self.dir.path());
        if self.pg.is_some() {
            cmd.env("MFACTL_KEY_FILE", self.path("store.db.key"));
        }
        cmd
    }

    /// The same, as a `std::process::Command` for tests that spawn and wait.
    pub fn std_cmd(&self) -> std::process::Command {
        let mut cmd = std_command(&self.cmd());
        cmd.current_dir(self.dir.path());
        cmd
    }

    pub fn run_with(&self, args: &[&str], stdin: &str) -> Run {
        Run::from(
            &self
                .cmd()
                .args(args)
                .write_stdin(stdin)
                .output()
                .expect("run mfactl"),
        )
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, "")
    }

    /// Runs and asserts exit 0; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let run = self.run(args);
        assert_eq!(
            run.code, 0,
            "mfactl {args:?} failed:\n{}{}",
            run.stdout, run.stderr
        );
        run.stdout
    }

    /// Runs with `--json`, asserts exit 0, parses stdout.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        let run = self.run(&all);
        assert_eq!(
            run.code, 0,
            "mfactl {all:?} failed:\n{}{}",
            run.stdout, run.stderr
        );
        run.json()
    }

    /// Runs, asserts the exit code and an `error:` line on stderr, and that the store
    /// file did not change. Returns the run.
    pub fn fails(&self, args: &[&str], code: i32) -> Run {
        self.fails_with(args, "", code)
    }

    pub fn fails_with(&self, args: &[&str], stdin: &str, code: i32) -> Run {
        let before = self.snapshot();
        let run = self.run_with(args, stdin);
        assert_eq!(
            run.code, code,
            "mfactl {args:?}: expected exit {code}:\n{}{}",
            run.stdout, run.stderr
        );
        let json_error =
            args.contains(&"--json") && run.stderr.trim_start().starts_with("{\"error\":");
        assert!(
            run.stderr.contains("error: ") || json_error,
            "no error line for {args:?}: {}",
            run.stderr
        );
        assert!(
            !run.stderr.contains("panicked"),
            "panic for {args:?}: {}",
            run.stderr
        );
        // A refused command on a store that did not exist yet may create it empty.
        if before.is_some() {
            assert!(
                before == self.snapshot(),
                "mfactl {args:?} changed the store"
            );
        }
        run
    }

    /// The bytes of the store file (SQLite checkpoints and removes the WAL on close);
    /// on PostgreSQL every row of every table of the store, in order, and the sequences'
    /// positions (`None` while the database holds no store).
    pub fn snapshot(&self) -> Option<Vec<u8>> {
        match &self.pg {
            Some(db) => db.contents(),
            None => std::fs::read(&self.store).ok(),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// A store with tenant `acme`, company `sales` and local user alice in it.
    pub fn with_acme() -> Self {
        let env = Env::new();
        env.ok(&["tenant", "create", "acme"]);
        env.ok(&["company", "create", "sales"]);
        let run = env.run_with(
            &[
                "user",
                "add",
                "alice@example.com",
                "--company",
                "sales",
                "--password-stdin",
            ],
            "correct horse\n",
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        env
    }
}

/// Opens a store file directly, for tests that tamper with it.
#[expect(
    clippy::disallowed_methods,
    reason = "tests tamper with the store behind mfactl's back"
)]
pub fn sqlite(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).expect("open sqlite")
}

/// Fails with the Debian package to install when a tool the tests need is missing.
pub fn require_tool(tool: &str, package: &str) {
    let found = std::process::Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "this test needs `{tool}`: install the Debian package {package} (scripts/test does it as root)"
    );
}

/// 2030-01-01T00:00:10Z: ten seconds into a 30-second step, so a test has margin.
pub const T0: i64 = 1_893_456_010;

/// Debian's libfaketime, preloaded to run the binary on a clock a test sets.
pub fn libfaketime() -> PathBuf {
    require_tool("faketime", "faketime");
    ["x86_64-linux-gnu", "aarch64-linux-gnu", "i386-linux-gnu"]
        .iter()
        .map(|arch| PathBuf::from(format!("/usr/lib/{arch}/faketime/libfaketime.so.1")))
        .find(|path| path.exists())
        .expect("libfaketime.so.1: install the Debian package faketime")
}

/// `YYYY-MM-DD HH:MM:SS` (UTC) for faketime and oathtool.
pub fn stamp(epoch: i64) -> String {
    mfactl::core::time::format_rfc3339(epoch)
        .replace('T', " ")
        .replace('Z', "")
}

/// The code `oathtool` computes for a base32 secret at a time: the independent peer.
pub fn oathtool(secret: &str, epoch: i64) -> String {
    require_tool("oathtool", "oathtool");
    let out = std::process::Command::new("oathtool")
        .args([
            "--totp",
            "-b",
            secret,
            "--now",
            &format!("{} UTC", stamp(epoch)),
        ])
        .output()
        .expect("run oathtool");
    assert!(
        out.status.success(),
        "oathtool: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

impl Env {
    /// Runs the binary with libfaketime at `epoch` (the clock then runs on from there).
    /// The library is preloaded directly: the `faketime` wrapper's shared semaphore
    /// (`/faketime_sem_PID`) collides now and then when many tests run at once.
    pub fn run_at(&self, epoch: i64, args: &[&str], stdin: &str) -> Run {
        run_cmd_at(self.cmd(), epoch, args, stdin)
    }

    /// Runs at `epoch` and asserts the exit code.
    pub fn at(&self, epoch: i64, args: &[&str], code: i32) -> Run {
        let run = self.run_at(epoch, args, "");
        assert_eq!(
            run.code,
            code,
            "mfactl {args:?} at {}: expected {code}\n{}{}",
            stamp(epoch),
            run.stdout,
            run.stderr
        );
        run
    }

    /// Enrols `email` at `epoch` the scripted way with an oathtool code; returns the
    /// base32 secret and the recovery codes.
    pub fn enrol(&self, email: &str, epoch: i64) -> (String, Vec<String>) {
        let pending = self
            .at(epoch, &["user", "activate-2fa", email, "--json"], 0)
            .json();
        let secret = pending["secret"].as_str().expect("secret").to_owned();
        let code = oathtool(&secret, epoch);
        let done = self
            .at(
                epoch,
                &["user", "activate-2fa", email, "--code", &code, "--json"],
                0,
            )
            .json();
        let codes = done["recovery_codes"]
            .as_array()
            .expect("codes")
            .iter()
            .map(|c| c.as_str().unwrap().to_owned())
            .collect();
        (secret, codes)
    }
}

impl Env {
    /// `bash -euo pipefail -c SCRIPT` with this env's variables and the built `mfactl`
    /// first on PATH; extra arguments are `$1`, `$2`, ….
    pub fn shell(&self, script: &str, args: &[&str]) -> std::process::Command {
        let bin_dir = Path::new(env!("CARGO_BIN_EXE_mfactl"))
            .parent()
            .expect("bin dir")
            .to_owned();
        let path = format!(
            "{}:{}",
            bin_dir.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let template = self.std_cmd();
        let mut bash = std::process::Command::new("bash");
        bash.args(["-euo", "pipefail", "-c", script, "mfactl-test"])
            .args(args);
        for (key, value) in template.get_envs() {
            match value {
                Some(value) => bash.env(key, value),
                None => bash.env_remove(key),
            };
        }
        bash.env("PATH", path).current_dir(self.dir.path());
        bash
    }
}

/// The emails of a JSON list of users.
pub fn emails(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a JSON array")
        .iter()
        .map(|u| u["email"].as_str().expect("email").to_owned())
        .collect()
}

impl Env {
    /// The actions of the audit entries whose target contains `target`, oldest first.
    pub fn actions(&self, target: &str) -> Vec<String> {
        self.json(&["audit", "--target", target])
            .as_array()
            .expect("a JSON array")
            .iter()
            .map(|e| e["action"].as_str().expect("action").to_owned())
            .collect()
    }
}

/// A clock for the binary that the test sets, and that stands still in between:
/// libfaketime reading a timestamp file afresh at every clock read. A test moves time
/// while the binary waits at a prompt, without sleeping.
pub struct FakeClock {
    file: PathBuf,
}

impl FakeClock {
    pub fn new(env: &Env, epoch: i64) -> Self {
        let clock = FakeClock {
            file: env.path("faketime"),
        };
        clock.set(epoch);
        clock
    }

    pub fn set(&self, epoch: i64) {
        std::fs::write(&self.file, format!("{}\n", stamp(epoch))).unwrap();
    }

    /// Makes `cmd` run on this clock.
    pub fn apply(&self, cmd: &mut std::process::Command) {
        cmd.env("LD_PRELOAD", libfaketime())
            .env("FAKETIME_TIMESTAMP_FILE", &self.file)
            .env("FAKETIME_NO_CACHE", "1")
            .env_remove("FAKETIME")
            .env("TZ", "UTC");
    }
}

impl Env {
    /// An env holding the schema-1 store of `tests/fixtures` (see its README).
    pub fn with_v1_store() -> Self {
        let env = Env::new();
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        std::fs::copy(fixtures.join("store-v1.db"), &env.store).unwrap();
        let key = env.path("store.db.key");
        std::fs::copy(fixtures.join("store-v1.db.key"), &key).unwrap();
        for file in [&env.store, &key] {
            std::fs::set_permissions(
                file,
                <std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o600),
            )
            .unwrap();
        }
        env
    }

    /// A fixture file's text (trimmed).
    pub fn fixture(name: &str) -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        std::fs::read_to_string(path).unwrap().trim().to_owned()
    }
}

/// Waits until `ready` holds, checking every 10 ms, for at most about 60 s (a process
/// reaching a state, not a time limit on the code under test).
pub fn wait_for(what: &str, mut ready: impl FnMut() -> bool) {
    for _ in 0..6000 {
        if ready() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("gave up waiting for {what}");
}

/// Whether process `pid` is asleep (blocked, e.g. reading its stdin) with the store open.
pub fn blocked_with_store_open(pid: u32, store: &Path) -> bool {
    let proc_dir = PathBuf::from(format!("/proc/{pid}"));
    let asleep = std::fs::read_to_string(proc_dir.join("stat"))
        .ok()
        .and_then(|stat| {
            stat.rsplit_once(')')
                .map(|(_, rest)| rest.trim_start().starts_with('S'))
        })
        .unwrap_or(false);
    let store_open = std::fs::read_dir(proc_dir.join("fd"))
        .into_iter()
        .flatten()
        .flatten()
        .any(|fd| std::fs::read_link(fd.path()).is_ok_and(|target| target == store));
    asleep && store_open
}

impl Env {
    /// Whether process `pid` is blocked reading a pipe (its stdin, e.g. a password) while
    /// it holds the store open: the SQLite file among its open files, or on PostgreSQL
    /// its connection to the database (named `mfactl`) open.
    pub fn blocked_with_store_open(&self, pid: u32) -> bool {
        let Some(db) = &self.pg else {
            return blocked_with_store_open(pid, &self.store);
        };
        let reading = std::fs::read_to_string(format!("/proc/{pid}/wchan"))
            .is_ok_and(|wchan| wchan.contains("pipe_read"));
        reading
            && db
                .client()
                .query_one(
                    "SELECT count(*) FROM pg_stat_activity \
                     WHERE datname = current_database() AND application_name = 'mfactl'",
                    &[],
                )
                .unwrap()
                .get::<_, i64>(0)
                > 0
    }
}

/// The password of the users of `Env::with_acme`, as `--password-stdin` reads it.
pub const PASSWORD: &str = "correct horse\n";

/// `login EMAIL --password-stdin --json EXTRA…` at `at`, with `PASSWORD`.
pub fn login(env: &Env, at: i64, email: &str, extra: &[&str]) -> Run {
    let mut args = vec!["login", email, "--password-stdin", "--json"];
    args.extend_from_slice(extra);
    env.run_at(at, &args, PASSWORD)
}

/// Asserts the exit code of a run; returns the run.
pub fn expect(run: &Run, code: i32) -> &Run {
    assert_eq!(
        run.code, code,
        "expected exit {code}:\n{}{}",
        run.stdout, run.stderr
    );
    run
}

/// Signs alice in with a code at `at` and `--remember`; returns the device token.
pub fn remember(env: &Env, secret: &str, at: i64) -> String {
    let view = expect(
        &login(
            env,
            at,
            "alice@example.com",
            &["--code", &oathtool(secret, at), "--remember"],
        ),
        0,
    )
    .json();
    assert_eq!(view["factor"], "totp");
    view["device_token"].as_str().unwrap().to_owned()
}

/// Every file below `dir`.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if entry.path().is_dir() {
            out.extend(walk(&entry.path()));
        } else {
            out.push(entry.path());
        }
    }
    out
}

/// The README and the pages of `docs/` (sorted), each as its path from the project's
/// root and its text: what a newcomer reads, and what the tests run.
pub fn doc_pages() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pages: Vec<PathBuf> = walk(&root.join("docs"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    pages.sort();
    pages.insert(0, root.join("README.md"));
    pages
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let name = p.strip_prefix(root).unwrap().display().to_string();
            (name, text)
        })
        .collect()
}

/// The text after `marker` (an HTML comment such as `<!-- quickstart -->`) in the one
/// page of the README or `docs/` that has it.
pub fn after_marker(marker: &str) -> String {
    let found: Vec<String> = doc_pages()
        .into_iter()
        .filter_map(|(_, text)| text.split_once(marker).map(|(_, after)| after.to_owned()))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "{marker} must be in exactly one page of the README and docs/"
    );
    found.into_iter().next().unwrap()
}

/// The `sh` block that follows `marker` in the README or `docs/`, as written.
pub fn doc_block(marker: &str) -> String {
    after_marker(marker)
        .split("```sh\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .unwrap_or_else(|| panic!("a sh block after {marker} in the README or docs/"))
        .to_owned()
}

impl Env {
    /// Turns 2FA on for tenant acme with a 14-day grace period.
    pub fn enable_with_grace(&self) {
        self.ok(&[
            "tenant",
            "set-auth",
            "acme",
            "--enable",
            "--grace-period",
            "14d",
        ]);
    }
}

impl Env {
    /// Runs on another store of this env, sharing this store's key file.
    pub fn run_on(&self, store: &Path, args: &[&str]) -> Run {
        Run::from(
            &self
                .cmd()
                .env("MFACTL_STORE", store)
                .env("MFACTL_KEY_FILE", self.path("store.db.key"))
                .args(args)
                .output()
                .expect("run mfactl"),
        )
    }
}

/// The six-digit code in the text of an email ("Your verification code is 123456").
pub fn code_in(mail: &str) -> String {
    mail.split("verification code is ")
        .nth(1)
        .map(|rest| rest.chars().take(6).collect::<String>())
        .filter(|code| code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or_else(|| panic!("no code in the mail:\n{mail}"))
}

/// Debian's Python, which sees Debian's python3-aiosmtpd.
const PYTHON: &str = "/usr/bin/python3";

fn sink_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/smtp_sink.py")
}

/// A real SMTP server on 127.0.0.1 (aiosmtpd), stopped when dropped.
pub struct SmtpSink {
    child: std::process::Child,
    pub port: u16,
    pub dir: PathBuf,
}

/// A message the sink received: the envelope, and the message as Python's email
/// package parsed it (strict policy).
pub struct Mail {
    pub envelope: Value,
    pub parsed: Value,
}

impl Mail {
    pub fn body(&self) -> String {
        self.parsed["body"].as_str().unwrap_or_default().to_owned()
    }
    pub fn subject(&self) -> String {
        self.parsed["subject"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}

/// Parses an RFC 5322 file with Python's email package (strict: a defect fails).
pub fn parse_mail(path: &Path) -> Value {
    let out = std::process::Command::new(PYTHON)
        .arg(sink_script())
        .arg("parse")
        .arg(path)
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "{} is not a well-formed message: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("parse JSON")
}

impl SmtpSink {
    /// Starts a sink; `options` are those of `smtp_sink.py serve` (`--tls`, `--auth`, …).
    pub fn start(env: &Env, name: &str, options: &[&str]) -> SmtpSink {
        let has_aiosmtpd = std::process::Command::new(PYTHON)
            .args(["-c", "import aiosmtpd"])
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(
            has_aiosmtpd,
            "this test needs an SMTP server: install the Debian package python3-aiosmtpd (scripts/test does it as root)"
        );
        let dir = env.path(name);
        std::fs::create_dir_all(&dir).unwrap();
        let mut child = std::process::Command::new(PYTHON)
            .arg(sink_script())
            .arg("serve")
            .arg(&dir)
            .args(options)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start the SMTP sink");
        let mut line = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(child.stdout.take().unwrap()),
            &mut line,
        )
        .unwrap();
        let port = line
            .strip_prefix("READY ")
            .and_then(|p| p.trim().parse().ok())
            .unwrap_or_else(|| panic!("the SMTP sink did not start: {line:?}"));
        SmtpSink { child, port, dir }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The messages received so far, oldest first.
    pub fn messages(&self) -> Vec<Mail> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect();
        names.sort();
        names
            .iter()
            .map(|eml| Mail {
                envelope: serde_json::from_str(
                    &std::fs::read_to_string(eml.with_extension("json")).unwrap(),
                )
                .unwrap(),
                parsed: parse_mail(eml),
            })
            .collect()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A CA made for a test (openssl), a server certificate it signed for localhost and
/// 127.0.0.1, and a rogue self-signed certificate for the same names.
pub struct TestCa {
    pub dir: PathBuf,
}

impl TestCa {
    pub fn new(env: &Env) -> TestCa {
        require_tool("openssl", "openssl");
        let dir = env.path("tls");
        std::fs::create_dir_all(&dir).unwrap();
        let script = r#"set -e
            ec="-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes"
            printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n' > ext
            openssl req -x509 $ec -keyout ca.key -out ca.pem -days 3650 -subj /CN=mfactl-test-ca \
                -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign
            openssl req $ec -keyout server.key -out server.csr -subj /CN=localhost
            openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 3650 -extfile ext
            openssl req -x509 $ec -keyout rogue.key -out rogue.pem -days 3650 -subj /CN=localhost \
                -addext subjectAltName=DNS:localhost,IP:127.0.0.1"#;
        let out = std::process::Command::new("bash")
            .args(["-c", script])
            .current_dir(&dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "openssl: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        TestCa { dir }
    }

    pub fn file(&self, name: &str) -> String {
        self.dir.join(name).display().to_string()
    }
}

/// The code of the newest code-carrying message in this env's outbox.
pub fn outbox_code(env: &Env) -> String {
    let mut files = walk(&env.path("home/.local/share/mfactl/outbox"));
    files.sort();
    let text = files
        .iter()
        .rev()
        .map(|file| std::fs::read_to_string(file).unwrap())
        .find(|text| text.contains("verification code is"))
        .expect("a message with a code in the outbox");
    code_in(&text)
}

/// A child process killed when the test ends, however it ends.
pub struct KillOnDrop(pub std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Env {
    /// `bash -euo pipefail -c SCRIPT ARGS…` as `Env::shell` runs it, inside new
    /// namespaces of `unshare` (`--user --map-root-user` and `extra`, e.g. `--net`).
    pub fn in_namespaces(&self, extra: &[&str], script: &str, args: &[&str]) -> Output {
        require_tool("unshare", "util-linux");
        let shell = self.shell(script, args);
        let mut unshare = std::process::Command::new("unshare");
        unshare
            .args(["--user", "--map-root-user"])
            .args(extra)
            .arg("--");
        unshare.arg(shell.get_program()).args(shell.get_args());
        for (key, value) in shell.get_envs() {
            match value {
                Some(value) => unshare.env(key, value),
                None => unshare.env_remove(key),
            };
        }
        unshare.current_dir(shell.get_current_dir().expect("a working directory"));
        unshare.output().expect("run unshare")
    }
}

/// The URL of the test PostgreSQL server (a superuser on its `postgres` database), from
/// `MFACTL_TEST_PG_URL`, which `scripts/test` sets. Without it the test fails, never
/// passes quietly.
pub fn pg_server_url() -> String {
    std::env::var("MFACTL_TEST_PG_URL").unwrap_or_else(|_| {
        panic!(
            "this test needs a PostgreSQL server: run scripts/test, which starts a throw-away \
             one (scripts/pg-cluster) and sets MFACTL_TEST_PG_URL"
        )
    })
}

/// A plain-text superuser connection to `url` (the test's own view of the server).
#[expect(
    clippy::disallowed_methods,
    reason = "tests look at the database behind mfactl's back"
)]
pub fn pg_client(url: &str) -> postgres::Client {
    postgres::Client::connect(url, postgres::NoTls)
        .unwrap_or_else(|e| panic!("connect to the test PostgreSQL server: {e}"))
}

/// A fresh database on the test server, `t_<random>`, dropped when the test ends.
pub struct PgDatabase {
    pub name: String,
    /// The database's URL, the superuser's password in it.
    pub url: String,
    server: String,
}

impl PgDatabase {
    /// On the shared test server.
    pub fn new() -> PgDatabase {
        PgDatabase::on(&pg_server_url())
    }

    /// On the server of `server` (a superuser's URL).
    pub fn on(server: &str) -> PgDatabase {
        let server = server.to_owned();
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes).unwrap();
        let name = format!("t_{:016x}", u64::from_le_bytes(bytes));
        pg_client(&server)
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        let base = server.rsplit_once('/').expect("a database in the URL").0;
        PgDatabase {
            url: format!("{base}/{name}"),
            name,
            server,
        }
    }

    /// A new database that is a copy of this one (`CREATE DATABASE … TEMPLATE`), dropped
    /// when the copy is.
    pub fn copy(&self) -> PgDatabase {
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes).unwrap();
        let name = format!("t_{:016x}", u64::from_le_bytes(bytes));
        pg_client(&self.server)
            .batch_execute(&format!("CREATE DATABASE {name} TEMPLATE {}", self.name))
            .unwrap();
        let base = self.url.rsplit_once('/').expect("a database in the URL").0;
        PgDatabase {
            url: format!("{base}/{name}"),
            name,
            server: self.server.clone(),
        }
    }

    /// Drops this database and creates it again, empty, under the same name (as a
    /// restore from `pg_dump` starts).
    pub fn recreate(&self) {
        let mut server = pg_client(&self.server);
        server
            .batch_execute(&format!("DROP DATABASE {} WITH (FORCE)", self.name))
            .unwrap();
        server
            .batch_execute(&format!("CREATE DATABASE {}", self.name))
            .unwrap();
    }

    /// A superuser connection to this database, which finds the store's tables (in the
    /// schema `mfactl`) by their names and makes what it creates without a schema in
    /// `public`: `search_path = public, mfactl`.
    pub fn client(&self) -> postgres::Client {
        let mut client = pg_client(&self.url);
        client
            .batch_execute("SET search_path = public, mfactl")
            .unwrap();
        client
    }

    /// Every row of every table of the store (in the schema `mfactl`), as text in a
    /// stable order; `None` while there is no `mfactl_schema` (no store yet). Not the
    /// sequences: PostgreSQL advances one for an insert that is rolled back (the ids are
    /// not transactional), which changes no row.
    pub fn contents(&self) -> Option<Vec<u8>> {
        let mut client = self.client();
        let tables: Vec<String> = client
            .query(
                "SELECT c.relname::text FROM pg_class c \
                 JOIN pg_namespace n ON n.oid = c.relnamespace \
                 WHERE n.nspname = 'mfactl' AND c.relkind = 'r' ORDER BY 1",
                &[],
            )
            .unwrap()
            .iter()
            .map(|row| row.get(0))
            .collect();
        if !tables.iter().any(|name| name == "mfactl_schema") {
            return None;
        }
        let mut text = String::new();
        for name in tables {
            let query = format!(
                "SELECT coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '') FROM mfactl.\"{name}\" t"
            );
            let value: String = client.query_one(&query, &[]).unwrap().get(0);
            text.push_str(&format!("== {name}\n{value}\n"));
        }
        Some(text.into_bytes())
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        #[expect(
            clippy::disallowed_methods,
            reason = "tests look at the database behind mfactl's back"
        )]
        let connected = postgres::Client::connect(&self.server, postgres::NoTls);
        if let Ok(mut client) = connected {
            let _ = client.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// A second throw-away PostgreSQL server (`scripts/pg-cluster`), for tests that need
/// one set up differently (TLS); stopped and removed when dropped.
pub struct PgCluster {
    /// `postgres://mfactl_test:PASSWORD@127.0.0.1:PORT/postgres`.
    pub url: String,
    dir: String,
}

impl PgCluster {
    /// Starts one with `extra` options of `pg-cluster start` (e.g. `--ssl CERT KEY`).
    pub fn start(extra: &[&str]) -> PgCluster {
        // The shared server's variable says scripts/test set PostgreSQL up.
        pg_server_url();
        let out = std::process::Command::new(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/pg-cluster"),
        )
        .arg("start")
        .args(extra)
        .output()
        .expect("run scripts/pg-cluster");
        assert!(
            out.status.success(),
            "scripts/pg-cluster start: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let line = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        let (url, dir) = line.split_once(' ').expect("URL and DIR");
        PgCluster {
            url: url.to_owned(),
            dir: dir.to_owned(),
        }
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        pg_port(&self.url)
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        let _ = std::process::Command::new(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/pg-cluster"),
        )
        .args(["stop", &self.dir])
        .output();
    }
}

/// The port of a `postgres://…@127.0.0.1:PORT/…` URL.
pub fn pg_port(url: &str) -> u16 {
    url.rsplit_once(':')
        .and_then(|(_, rest)| rest.split('/').next())
        .and_then(|port| port.parse().ok())
        .expect("a port in the URL")
}

/// Runs `cmd` with libfaketime at `epoch` (see `Env::run_at`).
fn run_cmd_at(mut cmd: Command, epoch: i64, args: &[&str], stdin: &str) -> Run {
    cmd.args(args)
        .env("LD_PRELOAD", libfaketime())
        .env("FAKETIME", format!("@{}", stamp(epoch)))
        .env_remove("FAKETIME_TIMESTAMP_FILE")
        .env("TZ", "UTC");
    Run::from(&cmd.write_stdin(stdin).output().expect("run mfactl"))
}

/// Another admin machine on an env's store (ENGINEERING.md, "Two stores, one
/// contract"): a HOME and XDG dirs of its own, so its own witness of the audit log, its
/// own saved device tokens and its own outbox, and the env's one key file (through
/// `MFACTL_KEY_FILE`, as each admin's machine holds a copy) and store (the SQLite file
/// the machines share, or the PostgreSQL server they all reach).
pub struct Machine<'a> {
    env: &'a Env,
    /// This machine's HOME (`machines/NAME` in the env's temp dir).
    pub home: PathBuf,
}

impl Env {
    /// The machine called `name` (the same name is the same machine).
    pub fn machine(&self, name: &str) -> Machine<'_> {
        Machine {
            env: self,
            home: self.path("machines").join(name),
        }
    }
}

impl Machine<'_> {
    /// The binary as `Env::cmd` runs it, but on this machine.
    pub fn cmd(&self) -> Command {
        let mut cmd = self.env.cmd();
        cmd.env("HOME", &self.home)
            .env("XDG_DATA_HOME", self.home.join(".local/share"))
            .env("XDG_CONFIG_HOME", self.home.join(".config"))
            .env("XDG_STATE_HOME", self.home.join(".local/state"))
            .env("XDG_CACHE_HOME", self.home.join(".cache"))
            .env("MFACTL_KEY_FILE", self.env.path("store.db.key"));
        cmd
    }

    /// The same, as a `std::process::Command` for tests that spawn and wait.
    pub fn std_cmd(&self) -> std::process::Command {
        let mut cmd = std_command(&self.cmd());
        cmd.current_dir(self.env.dir.path());
        cmd
    }

    pub fn run_with(&self, args: &[&str], stdin: &str) -> Run {
        Run::from(
            &self
                .cmd()
                .args(args)
                .write_stdin(stdin)
                .output()
                .expect("run mfactl"),
        )
    }

    /// Runs with `--json`, asserts exit 0, parses stdout.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        let run = self.run_with(&all, "");
        assert_eq!(
            run.code,
            0,
            "mfactl {all:?} on {} failed:\n{}{}",
            self.home.display(),
            run.stdout,
            run.stderr
        );
        run.json()
    }

    /// Runs with libfaketime at `epoch`, as `Env::run_at`.
    pub fn run_at(&self, epoch: i64, args: &[&str], stdin: &str) -> Run {
        run_cmd_at(self.cmd(), epoch, args, stdin)
    }

    /// This machine's data directory (`~/.local/share/mfactl`).
    pub fn data_dir(&self) -> PathBuf {
        self.home.join(".local/share/mfactl")
    }

    /// The messages in this machine's outbox, as text.
    pub fn outbox(&self) -> Vec<String> {
        walk(&self.data_dir().join("outbox"))
            .iter()
            .map(|file| std::fs::read_to_string(file).unwrap())
            .collect()
    }

    /// The files of this machine's witnesses of audit logs.
    pub fn witnesses(&self) -> Vec<PathBuf> {
        walk(&self.data_dir().join("witness"))
    }
}

/// `text` as an SQL string literal both stores read ('…' with quotes doubled), or NULL.
pub fn sql_text(text: Option<&str>) -> String {
    text.map_or_else(
        || "NULL".to_owned(),
        |text| format!("'{}'", text.replace('\'', "''")),
    )
}

/// A program of Debian's PostgreSQL server package (`pg_dump`, `pg_restore`), of its
/// newest version.
pub fn pg_tool(name: &str) -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|version| version.path().join("bin").join(name))
        .filter(|tool| tool.exists())
        .collect();
    found.sort_by_key(|tool| {
        tool.components()
            .nth(4)
            .and_then(|v| v.as_os_str().to_str()?.parse::<u32>().ok())
    });
    found
        .pop()
        .unwrap_or_else(|| panic!("{name}: install the Debian package postgresql"))
}

/// A `std::process::Command` of the program and environment of `template`.
fn std_command(template: &Command) -> std::process::Command {
    let mut cmd = std::process::Command::new(template.get_program());
    for (key, value) in template.get_envs() {
        match value {
            Some(value) => cmd.env(key, value),
            None => cmd.env_remove(key),
        };
    }
    cmd
}
