//! Resolve once, then act: the environment, paths, actor, terminal and **the one clock
//! read** become a `Ctx`; the store is opened; the command is dispatched.

use std::path::PathBuf;

use crate::cli::{Cli, Command};
use crate::commands;
use crate::core::audit::NewEntry;
use crate::error::{Error, Result};
use crate::output::Report;
use crate::secrets::Key;
use crate::store::{Store, Tx};
use crate::{env, output, paths, prompt, qr};

/// Everything a command needs, resolved before it runs.
pub struct Ctx {
    pub store: Store,
    pub key: Key,
    /// Unix seconds, read once per run.
    pub now: i64,
    pub actor: String,
    pub json: bool,
    pub quiet: bool,
    /// Whether prompts may be shown (a terminal and no `--no-input`).
    pub interactive: bool,
    /// How QR codes are drawn: forced colours, or the terminal's own (`NO_COLOR`).
    pub qr_style: qr::Style,
}

impl Ctx {
    /// Appends an audit entry by this run's actor at this run's time, in `tx`.
    pub fn audit(&self, tx: &Tx<'_>, entry: &NewEntry) -> Result<()> {
        tx.append_audit(self.now, &self.actor, entry).map(|_| ())
    }

    /// A note for a person on stderr (silenced by `-q` and `--json`).
    pub fn note(&self, message: &str) {
        output::note(message, self.quiet, self.json);
    }
}

/// Reads the clock: the only call of `SystemTime::now` in mfactl.
fn now() -> Result<i64> {
    #[expect(
        clippy::disallowed_methods,
        reason = "the one clock read, passed down as Ctx::now"
    )]
    let elapsed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|e| Error::environment("the system clock is before 1970").caused_by(e))?;
    i64::try_from(elapsed.as_secs())
        .map_err(|_| Error::environment("the system clock is out of range"))
}

/// Opens the store and its key file; checks the key belongs to the store.
fn open(store_flag: Option<&std::path::Path>) -> Result<(Store, Key)> {
    let path = paths::store_path(store_flag)?;
    let store = Store::open(&path)?;
    let key_path = match std::env::var_os(env::KEY_FILE).filter(|v| !v.is_empty()) {
        Some(path) => std::path::absolute(PathBuf::from(path))
            .map_err(|e| Error::environment("cannot resolve MFACTL_KEY_FILE").caused_by(e))?,
        None => paths::key_path_beside(&path),
    };
    let recorded = store.read(|tx| tx.meta("key_id"))?;
    if recorded.is_some() && !key_path.exists() {
        return Err(Error::environment(format!(
            "the key file {} of this store is missing; its secrets cannot be read",
            key_path.display()
        ))
        .with_hint("restore the key file, or point MFACTL_KEY_FILE at it"));
    }
    let (key, _) = Key::load_or_create(&key_path)?;
    let id = key.id();
    match recorded {
        Some(recorded) if recorded == id => {}
        Some(_) => {
            return Err(Error::environment(format!(
                "the key file {} does not belong to the store {}",
                key_path.display(),
                path.display()
            ))
            .with_hint("point MFACTL_KEY_FILE at this store's key file"));
        }
        None => {
            store.write(|tx| match tx.meta("key_id")? {
                Some(other) if other != id => Err(Error::environment(
                    "another process recorded a different key for this store",
                )),
                Some(_) => Ok(()),
                None => tx.set_meta("key_id", &id),
            })?;
        }
    }
    Ok((store, key))
}

/// Runs a parsed command line. `actor_filter` is `--actor` given on the command line of
/// `audit`, where it filters instead of naming who acts.
pub fn run(cli: Cli, actor_filter: Option<String>) -> Result<Report> {
    let global = cli.global;
    if let Command::Completions(args) = &cli.command {
        return commands::completions::run(args.shell);
    }
    let (store, key) = open(global.store.as_deref())?;
    let ctx = Ctx {
        store,
        key,
        now: now()?,
        actor: global
            .actor
            .filter(|a| !a.trim().is_empty())
            .unwrap_or_else(env::os_user),
        json: global.json,
        quiet: global.quiet,
        interactive: prompt::can_prompt(global.no_input),
        qr_style: if env::color_allowed() {
            qr::Style::Color
        } else if env::light_background() == Some(true) {
            qr::Style::LightBackground
        } else {
            qr::Style::DarkBackground
        },
    };
    match cli.command {
        Command::Tenant(command) => commands::tenant::run(&ctx, command),
        Command::Company(command) => commands::company::run(&ctx, command),
        Command::User(command) => commands::user::run(&ctx, command),
        Command::Role(command) => commands::role::run(&ctx, command),
        Command::Group(command) => commands::group::run(&ctx, command),
        Command::Login(args) => commands::login::run(&ctx, &args),
        Command::Audit(args) => commands::audit::run(&ctx, &args, actor_filter),
        Command::Completions(args) => commands::completions::run(args.shell),
    }
}
