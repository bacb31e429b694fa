//! Resolve once, then act: the environment, the actor, the terminal, and which store
//! access the command needs become a `Ctx`; the store and its key are opened and
//! checked (a schema-1 store is upgraded); the command is dispatched.

use std::io::{self, IsTerminal};
use std::os::fd::AsFd;
use std::path::{Path, PathBuf};

use serde_json::json;

use crate::cli::audit::AuditArgs;
use crate::cli::company::CompanyCommand;
use crate::cli::mail::MailCommand;
use crate::cli::role::RoleCommand;
use crate::cli::store::StoreCommand;
use crate::cli::tenant::TenantCommand;
use crate::cli::user::UserCommand;
use crate::cli::{Cli, Command};
use crate::commands;
use crate::core::audit::NewEntry;
use crate::core::validate;
use crate::ctx::{Ctx, clock};
use crate::error::{Error, Result};
use crate::output::{self, Report};
use crate::secrets::{self, Key};
use crate::store::{Store, postgres};
use crate::{env, paths, prompt, qr};

/// What a command does with the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// Only reads: a missing store is an error, a read-only one is fine.
    Read,
    /// Changes an existing store.
    Write,
    /// May create the store (`tenant create`).
    Create,
}

fn access(command: &Command) -> Access {
    match command {
        Command::Tenant(TenantCommand::Create(_)) => Access::Create,
        Command::Tenant(TenantCommand::List | TenantCommand::Show(_))
        | Command::Company(CompanyCommand::List(_) | CompanyCommand::Show(_))
        | Command::User(UserCommand::List(_) | UserCommand::Show(_))
        | Command::Role(RoleCommand::List(_))
        | Command::Mail(MailCommand::Show | MailCommand::Test(_))
        | Command::Store(StoreCommand::Info | StoreCommand::Copy(_))
        | Command::Audit(AuditArgs { .. })
        | Command::Report(_) => Access::Read,
        Command::Company(CompanyCommand::EnforceMfa(args)) if args.dry_run => Access::Read,
        Command::User(UserCommand::Devices(args)) if args.revoke.is_none() && !args.revoke_all => {
            Access::Read
        }
        Command::User(UserCommand::RecoveryCodes(args)) if !args.regenerate => Access::Read,
        // Secrets leave audited, so that export writes; without them it only reads.
        Command::User(UserCommand::Export(args)) if !args.with_secrets => Access::Read,
        _ => Access::Write,
    }
}

fn foreign_key(key_path: &Path, store: &str) -> Error {
    Error::environment(format!(
        "the key file {} does not belong to the store {store}",
        key_path.display(),
    ))
    .with_hint("point MFACTL_KEY_FILE at this store's key file")
}

fn existing_key(key_path: &Path) -> Result<Key> {
    Key::load(key_path)?.ok_or_else(|| {
        Error::environment(format!(
            "the key file {} of this store is missing; its secrets cannot be read",
            key_path.display()
        ))
        .with_hint("restore the key file, or point MFACTL_KEY_FILE at it")
    })
}

/// An open store and what it was opened with.
struct Opened {
    store: Store,
    key: Key,
    /// The store's id (empty for a schema-1 store read without upgrading it).
    store_id: String,
    /// The key file in use.
    key_path: PathBuf,
    /// For a person: a file mode fixed, a store upgraded.
    warnings: Vec<String>,
}

/// A store id as mfactl makes them (it names a file, so nothing else is taken).
fn checked_store_id(id: Option<String>) -> Result<String> {
    id.filter(|id| id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or_else(|| {
            Error::integrity("the store's id is missing or altered")
                .with_hint("restore the store from a backup")
        })
}

/// Opens the store and its key file, and checks that the key belongs to the store. A
/// store of another user is only ever read, read-only.
fn open(store_flag: Option<&Path>, access: Access, actor: &str) -> Result<Opened> {
    if let Some(url) = store_flag
        .and_then(Path::to_str)
        .filter(|given| postgres::connect::is_url(given))
    {
        return open_url(url, access, actor);
    }
    let given = paths::store_path(store_flag)?;
    let path = paths::store_file(&given, access == Access::Create)?;
    let meta = std::fs::metadata(&path).map_err(|e| {
        Error::environment(format!("cannot read the store {}", path.display())).caused_by(e)
    })?;
    let foreign = paths::foreign_owner(&meta);
    if let (Some(owner), Access::Write | Access::Create) = (foreign, access) {
        return Err(Error::environment(format!(
            "the store {} belongs to uid {owner}, not to this user (uid {}): mfactl changes only a store of its own user",
            path.display(),
            paths::current_uid()
        ))
        .with_hint("run mfactl as the store's owner"));
    }
    paths::check_side_files(&path)?;
    let store = Store::open(&path, access == Access::Read, foreign.is_some())?;
    let warnings = if foreign.is_none() && !store.is_read_only() {
        paths::restrict_store_mode(&path)
    } else {
        Vec::new()
    };
    let key_path = paths::key_file(&path)?;
    open_key(store, key_path, access, actor, warnings)
}

/// Connects to the PostgreSQL store at `url`. Its key file is `MFACTL_KEY_FILE`, the
/// same file on every admin's machine: a database has no "beside" to find it in.
fn open_url(url: &str, access: Access, actor: &str) -> Result<Opened> {
    let target = postgres::Target::parse(url, &postgres::PgEnv::from_process())?;
    let key_path = match std::env::var_os(env::KEY_FILE).filter(|v| !v.is_empty()) {
        Some(path) => std::path::absolute(PathBuf::from(path))
            .map_err(|e| Error::environment("cannot resolve MFACTL_KEY_FILE").caused_by(e))?,
        None => {
            return Err(Error::environment(format!(
                "the PostgreSQL store {} needs its key file named by MFACTL_KEY_FILE: a database has no folder to keep it beside",
                target.display_url()
            ))
            .with_hint(
                "set MFACTL_KEY_FILE to the store's key file (the same file on every admin's machine; `tenant create` makes it for a new store)",
            ));
        }
    };
    let store = Store::open_url(target, access == Access::Create)?;
    open_key(store, key_path, access, actor, Vec::new())
}

/// Loads the key file of an open store and checks that it is the store's key (the
/// check value recorded in the store); sets up a new store, upgrades a schema-1 one.
/// The same for every backend.
fn open_key(
    store: Store,
    key_path: PathBuf,
    access: Access,
    actor: &str,
    mut warnings: Vec<String>,
) -> Result<Opened> {
    let location = store.location();
    let record = store.read(|tx: &crate::store::Tx<'_>| tx.key_record())?;
    let (key, store_id) = if let Some(check) = &record.check {
        let key = existing_key(&key_path)?;
        if key.check() != *check {
            return Err(foreign_key(&key_path, &location));
        }
        (key, checked_store_id(record.store_id)?)
    } else if let Some(legacy) = &record.legacy_id {
        let key = existing_key(&key_path)?;
        if key.legacy_id() != *legacy {
            return Err(foreign_key(&key_path, &location));
        }
        if store.is_read_only() {
            (key, String::new())
        } else {
            let (store_id, upgraded) = upgrade(&store, &key, actor)?;
            if upgraded {
                warnings.push(format!(
                    "upgraded the store {location} to schema 2: the audit log is keyed from now on, and devices remembered before were revoked"
                ));
            }
            (key, store_id)
        }
    } else if record.has_data {
        return Err(Error::integrity(format!(
            "the store {location} holds data but no record of its key: it was altered"
        ))
        .with_hint("restore the store from a backup"));
    } else if access == Access::Read || store.is_read_only() {
        return Err(Error::environment(format!(
            "the store {location} is empty: nothing has been created in it yet"
        ))
        .with_hint("create a tenant with `mfactl tenant create NAME`"));
    } else {
        set_up(&store, &key_path)?
    };
    Ok(Opened {
        store,
        key,
        store_id,
        key_path,
        warnings,
    })
}

/// A new store: its key file (made now unless one is there) and its id recorded, its
/// chain begun.
fn set_up(store: &Store, key_path: &Path) -> Result<(Key, String)> {
    let key = match Key::load(key_path)? {
        Some(key) => key,
        None => Key::create(key_path)?,
    };
    let store_id = store.write(|tx| {
        let record = tx.key_record()?;
        match record.check {
            Some(other) if other != key.check() => Err(Error::environment(
                "another process recorded a different key for this store",
            )),
            Some(_) => checked_store_id(record.store_id),
            None => {
                let store_id = secrets::random_hex::<16>()?;
                tx.set_key_check(&key.check(), &store_id)?;
                tx.key_audit_chain(&key.chain_key(&store_id))?;
                Ok(store_id)
            }
        }
    })?;
    Ok((key, store_id))
}

/// Upgrades a schema-1 store (migrated already) to the keyed chain and key record, and
/// binds its recovery codes to their users. Returns the store id, and false when another
/// process did it first.
fn upgrade(store: &Store, key: &Key, actor: &str) -> Result<(String, bool)> {
    store.write(|tx| {
        let record = tx.key_record()?;
        if record.check.is_some() {
            return Ok((checked_store_id(record.store_id)?, false));
        }
        let store_id = secrets::random_hex::<16>()?;
        tx.set_key_check(&key.check(), &store_id)?;
        for (id, user_id, unbound) in tx.recovery_code_rows()? {
            tx.set_recovery_code_hash(id, &key.bind_recovery_hash(user_id, &unbound))?;
        }
        let chain = key.chain_key(&store_id);
        let legacy = tx.key_audit_chain(&chain)?;
        let entry = NewEntry::new(
            "store.upgrade",
            "store",
            json!({ "schema": 2, "legacy_audit_entries": legacy, "remembered_devices": "revoked" }),
        );
        tx.append_audit(clock(), actor, &entry, &chain)?;
        Ok((store_id, true))
    })
}

/// `store copy`: opens the target (`open_copy_target`) and copies into it. A target
/// file this run created is removed again when the copy fails, so a failed copy leaves
/// nothing behind; after a copy to an SQLite file whose own key file (beside it) is
/// missing, the key file is copied there, so the copy opens as it is.
fn copy_store(ctx: &Ctx, to: &str) -> Result<Report> {
    let target = open_copy_target(ctx, to)?;
    let copied = commands::store::copy(ctx, &target.store);
    match (copied, target.created) {
        (Ok(report), _) => {
            if let Some(key_path) = target.key_to_write {
                ctx.key.save_as(&key_path).map_err(|e| {
                    e.with_hint(format!(
                        "the store was copied; copy the key file {} to {} (mode 0600) to open the copy",
                        ctx.key_path.display(),
                        key_path.display()
                    ))
                })?;
            }
            Ok(report)
        }
        (Err(e), Some(path)) => {
            drop(target.store);
            remove_store_file(&path);
            Err(e)
        }
        (Err(e), None) => Err(e),
    }
}

/// Removes a store file this run created, and SQLite's files beside it.
fn remove_store_file(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

/// The store `store copy --to` writes into.
struct CopyTarget {
    store: Store,
    /// The SQLite file, when this run created it.
    created: Option<PathBuf>,
    /// The SQLite copy's own key file, when it is another file than the source's and
    /// does not exist yet.
    key_to_write: Option<PathBuf>,
}

/// Opens the store `store copy --to` names for writing: an SQLite file (created 0600 when
/// missing, and migrated) or the database of a `postgres://` URL, which must exist and is
/// left as it is (the copy makes its schema in the copy's transaction).
/// Its key file is not read: the copy is written with the source's key
/// (`commands::store::copy` checks that the target records no other); an SQLite
/// target's own key file, when it is another file, must hold the same key or not exist.
fn open_copy_target(ctx: &Ctx, to: &str) -> Result<CopyTarget> {
    if to.is_empty() {
        return Err(Error::usage("--to is empty").with_hint(
            "give the path of an SQLite file or a postgres:// URL to copy the store to",
        ));
    }
    if postgres::connect::is_url(to) {
        let target = postgres::Target::parse(to, &postgres::PgEnv::from_process())?;
        return Ok(CopyTarget {
            store: Store::open_url_for_copy(target)?,
            created: None,
            key_to_write: None,
        });
    }
    let given = paths::store_path(Some(Path::new(to)))?;
    let existed = std::fs::symlink_metadata(&given).is_ok();
    let path = paths::store_file(&given, true)?;
    let opened = (|| {
        let meta = std::fs::metadata(&path).map_err(|e| {
            Error::environment(format!("cannot read the store {}", path.display())).caused_by(e)
        })?;
        if let Some(owner) = paths::foreign_owner(&meta) {
            return Err(Error::environment(format!(
                "the store {} belongs to uid {owner}, not to this user (uid {}): mfactl changes only a store of its own user",
                path.display(),
                paths::current_uid()
            ))
            .with_hint("copy to a store of your own"));
        }
        paths::check_side_files(&path)?;
        paths::refuse_open_to_others(&path)?;
        let key_path = paths::key_file(&path)?;
        let key_to_write = copy_key_needed(ctx, &key_path)?.then_some(key_path);
        Ok((Store::open(&path, false, false)?, key_to_write))
    })();
    match opened {
        Ok((store, key_to_write)) => Ok(CopyTarget {
            store,
            created: (!existed).then_some(path),
            key_to_write,
        }),
        Err(e) => {
            if !existed {
                remove_store_file(&path);
            }
            Err(e)
        }
    }
}

/// Whether the key file an SQLite copy will be opened with must be written: not when it
/// is the source's key file or holds the same key, yes when there is none; refused when
/// it holds another key, which could not open the copy.
fn copy_key_needed(ctx: &Ctx, key_path: &Path) -> Result<bool> {
    if key_path == ctx.key_path {
        return Ok(false);
    }
    match Key::load(key_path)? {
        Some(key) if key.check() == ctx.key.check() => Ok(false),
        Some(_) => Err(Error::environment(format!(
            "the key file {} of the copy holds another key than the store's ({})",
            key_path.display(),
            ctx.key_path.display()
        ))
        .with_hint(
            "the copy's secrets stay encrypted with the store's key: move that key file away, or copy to another path",
        )),
        None => Ok(true),
    }
}

/// Whether `stream` is a terminal, and its width: `COLUMNS` when set, else the
/// terminal's own size (TIOCGWINSZ); unknown when neither says (a size of 0).
fn screen<S: IsTerminal + AsFd>(stream: &S) -> qr::Screen {
    let terminal = stream.is_terminal();
    let columns = if terminal {
        env::columns().or_else(|| {
            rustix::termios::tcgetwinsize(stream)
                .ok()
                .map(|size| usize::from(size.ws_col))
                .filter(|columns| *columns > 0)
        })
    } else {
        None
    };
    qr::Screen { terminal, columns }
}

/// Runs a parsed command line. `actor_filter` is `--actor` given on the command line of
/// `audit`, where it filters instead of naming who acts.
pub fn run(cli: Cli, actor_filter: Option<String>) -> Result<Report> {
    let global = cli.global;
    if let Command::Completions(args) = &cli.command {
        return commands::completions::run(args.shell);
    }
    let actor = match global.actor.as_deref().filter(|a| !a.trim().is_empty()) {
        Some(actor) if actor_filter.is_none() => validate::actor(actor)?,
        _ => env::os_user(),
    };
    let access = access(&cli.command);
    let opened = open(global.store.as_deref(), access, &actor)?;
    for warning in &opened.warnings {
        output::warn(warning);
    }
    let ctx = Ctx {
        chain_key: opened.key.chain_key(&opened.store_id),
        store: opened.store,
        key: opened.key,
        store_id: opened.store_id,
        key_path: opened.key_path,
        actor,
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
        stdout: screen(&io::stdout()),
        stderr: screen(&io::stderr()),
    };
    // A log cut back behind what this machine saw is refused for changes (that would
    // build on it) and flagged for reads; `audit verify` reports it as its finding.
    let is_audit = matches!(cli.command, Command::Audit(_));
    if let Err(cut) = commands::audit::check_witness(&ctx) {
        if access != Access::Read {
            return Err(cut);
        }
        if !is_audit {
            output::warn(&cut.message);
        }
    }
    let report = dispatch(&ctx, cli.command, actor_filter)?;
    commands::audit::record_witness(&ctx);
    Ok(report)
}

fn dispatch(ctx: &Ctx, command: Command, actor_filter: Option<String>) -> Result<Report> {
    match command {
        Command::Tenant(command) => commands::tenant::run(ctx, command),
        Command::Company(command) => commands::company::run(ctx, command),
        Command::User(command) => commands::user::run(ctx, command),
        Command::Role(command) => commands::role::run(ctx, command),
        Command::Group(command) => commands::group::run(ctx, command),
        Command::Mail(command) => commands::mail::run(ctx, command),
        Command::Store(StoreCommand::Info) => commands::store::info(ctx),
        Command::Store(StoreCommand::Copy(args)) => copy_store(ctx, &args.to),
        Command::Login(args) => commands::login::run(ctx, &args),
        Command::Audit(args) => commands::audit::run(ctx, &args, actor_filter),
        Command::Report(args) => commands::report::run(ctx, &args),
        Command::Completions(args) => commands::completions::run(args.shell),
    }
}
