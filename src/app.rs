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
use crate::cli::policy::PolicyCommand;
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
use crate::keyring::{self, KeyRing};
use crate::output::{self, Report};
use crate::secrets::{self, Key};
use crate::store::{KeyRecord, Store, postgres};
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
        // `policy apply` creates the tenants a file names, as `tenant create` does.
        Command::Tenant(TenantCommand::Create(_)) | Command::Policy(PolicyCommand::Apply(_)) => {
            Access::Create
        }
        Command::Tenant(TenantCommand::List | TenantCommand::Show(_))
        | Command::Company(CompanyCommand::List(_) | CompanyCommand::Show(_))
        | Command::User(UserCommand::List(_) | UserCommand::Show(_))
        | Command::Role(RoleCommand::List(_))
        | Command::Mail(MailCommand::Show | MailCommand::Test(_))
        | Command::Store(
            StoreCommand::Info
            | StoreCommand::Copy(_)
            | StoreCommand::Check
            | StoreCommand::Backup(_),
        )
        | Command::Audit(AuditArgs { .. })
        | Command::Report(_)
        | Command::Policy(PolicyCommand::Export(_) | PolicyCommand::Plan(_)) => Access::Read,
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

/// The error for a key file that holds another key than the one the store records
/// (`check`), naming both keys' ids; an earlier key of the store (one that `store rekey`
/// replaced, as another admin's copy of the key file may still hold) is named as such.
fn other_key(key_path: &Path, key: &Key, record: &KeyRecord, check: &str, store: &str) -> Error {
    let now = crate::store::key_id(check);
    let earlier = KeyRing::recorded(record.ring.as_deref())
        .into_iter()
        .find(|(id, _)| *id == key.id());
    match earlier {
        Some((id, until)) => Error::environment(format!(
            "the key file {} holds key id {id}, an earlier key of the store {store}: `mfactl store rekey` replaced it after audit entry {until}, and the store is now under key id {now}",
            key_path.display(),
        ))
        .with_hint(format!(
            "every admin of this store needs the new key file (key id {now}): get a copy, mode 0600, from the admin who ran `mfactl store rekey`, and point MFACTL_KEY_FILE at it"
        )),
        None => Error::environment(format!(
            "the key file {} (key id {}) does not belong to the store {store}, which is under key id {now}",
            key_path.display(),
            key.id()
        ))
        .with_hint("point MFACTL_KEY_FILE at this store's key file"),
    }
}

/// The key file as the switch of `store rekey` names it: with links resolved, so that
/// `KEY.new` and `KEY.old` are beside the real file (as they were written).
pub fn real_key_path(key_path: &Path) -> PathBuf {
    std::fs::canonicalize(key_path).unwrap_or_else(|_| key_path.to_path_buf())
}

/// The key file's key, when it is the key the store records (`check`). When it is not
/// (or there is none) and `KEY.new` holds that key, a `store rekey` committed and was
/// stopped before it put the new key file in place: the switch is finished here, for
/// every command, so the next one after a crash opens the store with the key that
/// matches it.
fn recorded_key(
    key_path: &Path,
    record: &KeyRecord,
    check: &str,
    location: &str,
    warnings: &mut Vec<String>,
) -> Result<Key> {
    let real = real_key_path(key_path);
    let loaded = Key::load(&real);
    if let Ok(Some(key)) = &loaded
        && key.check() == check
    {
        return Ok(key.clone());
    }
    let new_path = keyring::new_key_path(&real);
    if let Ok(Some(new)) = Key::load(&new_path)
        && new.check() == check
    {
        warnings.push(match keyring::finish_switch(&real, &new) {
            Ok(kept) => format!(
                "finished the switch to the store's new key that an interrupted `mfactl store rekey` left half done: {} holds it now (key id {}){}",
                real.display(),
                new.id(),
                kept.map(|old| format!("; the old key is in {}", old.display()))
                    .unwrap_or_default()
            ),
            Err(e) => format!(
                "{}; this command uses {} (hint: {})",
                e.message,
                new_path.display(),
                e.hint.unwrap_or_default()
            ),
        });
        return Ok(new);
    }
    match loaded {
        Err(e) => Err(e),
        Ok(None) => existing_key(key_path),
        Ok(Some(key)) => Err(other_key(key_path, &key, record, check, location)),
    }
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
    keyed: Keyed,
    /// The key file in use.
    key_path: PathBuf,
    /// For a person: a file mode fixed, a store upgraded.
    warnings: Vec<String>,
}

/// A store's key, checked, and what comes with it.
pub struct Keyed {
    pub key: Key,
    /// The store's id (empty for a schema-1 store read without upgrading it).
    pub store_id: String,
    /// The store's earlier keys (`store rekey`).
    pub ring: KeyRing,
}

/// An open store whose key has not been checked yet, and where its key file is.
struct Unkeyed {
    store: Store,
    key_path: PathBuf,
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
    let Unkeyed {
        store,
        key_path,
        mut warnings,
    } = open_store(store_flag, access)?;
    let keyed = check_key(&store, &key_path, access, actor, &mut warnings)?;
    Ok(Opened {
        store,
        keyed,
        key_path,
        warnings,
    })
}

/// Opens the store (SQLite file or PostgreSQL URL) and finds its key file, not read yet.
fn open_store(store_flag: Option<&Path>, access: Access) -> Result<Unkeyed> {
    if let Some(url) = store_flag
        .and_then(Path::to_str)
        .filter(|given| postgres::connect::is_url(given))
    {
        return open_url(url, access);
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
    Ok(Unkeyed {
        store,
        key_path,
        warnings,
    })
}

/// Connects to the PostgreSQL store at `url`. Its key file is `MFACTL_KEY_FILE`, the
/// same file on every admin's machine: a database has no "beside" to find it in.
fn open_url(url: &str, access: Access) -> Result<Unkeyed> {
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
    Ok(Unkeyed {
        store,
        key_path,
        warnings: Vec::new(),
    })
}

/// Loads the key file of an open store and checks that it is the store's key (the
/// check value recorded in the store), finishing an interrupted `store rekey` on the
/// way; sets up a new store, upgrades a schema-1 one. The same for every backend. From
/// here on each transaction of the store checks that its key is still this one.
fn check_key(
    store: &Store,
    key_path: &Path,
    access: Access,
    actor: &str,
    warnings: &mut Vec<String>,
) -> Result<Keyed> {
    let location = store.location();
    let record = store.read(|tx: &crate::store::Tx<'_>| tx.key_record())?;
    let (key, store_id) = if let Some(check) = &record.check {
        let key = recorded_key(key_path, &record, check, &location, warnings)?;
        (key, checked_store_id(record.store_id.clone())?)
    } else if let Some(legacy) = &record.legacy_id {
        let key = existing_key(key_path)?;
        if key.legacy_id() != *legacy {
            return Err(foreign_key(key_path, &location));
        }
        if store.is_read_only() {
            (key, String::new())
        } else {
            let (store_id, upgraded) = upgrade(store, &key, actor)?;
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
        set_up(store, key_path)?
    };
    let ring = if store_id.is_empty() {
        KeyRing::default()
    } else {
        KeyRing::open(record.ring.as_deref(), &key, &store_id)?
    };
    if !store_id.is_empty() {
        store.expect_key(&key.check());
    }
    Ok(Keyed {
        key,
        store_id,
        ring,
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

/// `store check`: opens the store (as any read does) and checks it; that its key file
/// does not open it is one of the check's findings, named among the others, not an
/// error that stops the other checks.
fn check_store(store_flag: Option<&Path>, actor: &str, json: bool, quiet: bool) -> Result<Report> {
    let Unkeyed {
        store,
        key_path,
        mut warnings,
    } = open_store(store_flag, Access::Read)?;
    let keyed = check_key(&store, &key_path, Access::Read, actor, &mut warnings);
    for warning in &warnings {
        output::warn(warning);
    }
    commands::store::check(
        &store,
        keyed.as_ref(),
        &key_path,
        json,
        quiet,
        io::stderr().is_terminal(),
    )
}

/// Runs a parsed command line. `actor_filter` is `--actor` given on the command line of
/// `audit`, where it filters instead of naming who acts.
pub fn run(cli: Cli, actor_filter: Option<String>) -> Result<Report> {
    let global = cli.global;
    if let Command::Completions(args) = &cli.command {
        return commands::completions::run(args.shell);
    }
    if let Command::Policy(PolicyCommand::Schema) = &cli.command {
        return commands::policy::schema();
    }
    let actor = match global.actor.as_deref().filter(|a| !a.trim().is_empty()) {
        Some(actor) if actor_filter.is_none() => validate::actor(actor)?,
        _ => env::os_user(),
    };
    let access = access(&cli.command);
    if matches!(cli.command, Command::Store(StoreCommand::Check)) {
        return check_store(global.store.as_deref(), &actor, global.json, global.quiet);
    }
    // A policy file is read before the store is opened: a file with mistakes changes
    // nothing, not even by creating the store `policy apply` would create.
    let policy_file = match &cli.command {
        Command::Policy(PolicyCommand::Plan(args)) => Some(commands::policy::read(&args.file)?),
        Command::Policy(PolicyCommand::Apply(args)) => Some(commands::policy::read(&args.file)?),
        _ => None,
    };
    // So is a new tenant's name and settings: a refused `tenant create` makes no store.
    if let Command::Tenant(TenantCommand::Create(args)) = &cli.command {
        commands::tenant::check_create(args)?;
    }
    let opened = open(global.store.as_deref(), access, &actor)?;
    for warning in &opened.warnings {
        output::warn(warning);
    }
    let Keyed {
        key,
        store_id,
        ring,
    } = opened.keyed;
    let ctx = Ctx {
        chain: ring.chain_keys(&key, &store_id),
        store: opened.store,
        key,
        ring,
        store_id,
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
    let report = match (cli.command, policy_file) {
        (Command::Policy(command), file) => commands::policy::run(&ctx, command, file)?,
        (command, _) => dispatch(&ctx, command, actor_filter)?,
    };
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
        Command::Policy(command) => commands::policy::run(ctx, command, None),
        Command::Mail(command) => commands::mail::run(ctx, command),
        Command::Store(StoreCommand::Info) => commands::store::info(ctx),
        Command::Store(StoreCommand::Copy(args)) => copy_store(ctx, &args.to),
        Command::Store(StoreCommand::Rekey(args)) => commands::store::rekey(ctx, args.yes),
        Command::Store(StoreCommand::Backup(args)) => commands::store::backup(ctx, &args.file),
        // Run before a Ctx is made (`check_store`): its key is one of its findings.
        Command::Store(StoreCommand::Check) => Err(Error::environment("store check needs no Ctx")),
        Command::Login(args) => commands::login::run(ctx, &args),
        Command::Audit(args) => commands::audit::run(ctx, &args, actor_filter),
        Command::Report(args) => commands::report::run(ctx, &args),
        Command::Completions(args) => commands::completions::run(args.shell),
    }
}
