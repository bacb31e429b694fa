//! Resolve once, then act: the environment, the actor, the terminal, and which store
//! access the command needs become a `Ctx`; the store and its key are opened and
//! checked (a schema-1 store is upgraded); the command is dispatched.

use std::path::{Path, PathBuf};

use serde_json::json;

use crate::cli::audit::AuditArgs;
use crate::cli::company::CompanyCommand;
use crate::cli::role::RoleCommand;
use crate::cli::tenant::TenantCommand;
use crate::cli::user::UserCommand;
use crate::cli::{Cli, Command};
use crate::commands;
use crate::core::audit::NewEntry;
use crate::core::validate;
use crate::ctx::{Ctx, clock};
use crate::error::{Error, Result};
use crate::output::{self, Report};
use crate::secrets::Key;
use crate::store::Store;
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
        | Command::Audit(AuditArgs { .. }) => Access::Read,
        Command::Company(CompanyCommand::EnforceMfa(args)) if args.dry_run => Access::Read,
        Command::User(UserCommand::Devices(args)) if args.revoke.is_none() && !args.revoke_all => {
            Access::Read
        }
        Command::User(UserCommand::RecoveryCodes(args)) if !args.regenerate => Access::Read,
        _ => Access::Write,
    }
}

/// The key file of a store: `MFACTL_KEY_FILE`, or beside the (resolved) store file.
fn key_path(store: &Path) -> Result<PathBuf> {
    match std::env::var_os(env::KEY_FILE).filter(|v| !v.is_empty()) {
        Some(path) => std::path::absolute(PathBuf::from(path))
            .map_err(|e| Error::environment("cannot resolve MFACTL_KEY_FILE").caused_by(e)),
        None => Ok(paths::key_path_beside(store)),
    }
}

fn foreign_key(key_path: &Path, store: &Path) -> Error {
    Error::environment(format!(
        "the key file {} does not belong to the store {}",
        key_path.display(),
        store.display()
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

/// Opens the store and its key file, and checks that the key belongs to the store.
/// Returns warnings for a person (a file mode fixed, a store upgraded).
fn open(
    store_flag: Option<&Path>,
    access: Access,
    actor: &str,
) -> Result<(Store, Key, Vec<String>)> {
    let given = paths::store_path(store_flag)?;
    let path = paths::store_file(&given, access == Access::Create)?;
    let mut warnings = paths::restrict_store_mode(&path);
    let store = Store::open(&path, access == Access::Read)?;
    let key_path = key_path(&path)?;
    let record = store.read(|tx: &crate::store::Tx<'_>| tx.key_record())?;
    let key = if let Some(check) = &record.check {
        let key = existing_key(&key_path)?;
        if key.check() != *check {
            return Err(foreign_key(&key_path, &path));
        }
        key
    } else if let Some(legacy) = &record.legacy_id {
        let key = existing_key(&key_path)?;
        if key.legacy_id() != *legacy {
            return Err(foreign_key(&key_path, &path));
        }
        if !store.is_read_only() && upgrade(&store, &key, actor)? {
            warnings.push(format!(
                "upgraded the store {} to schema 2: the audit log is keyed from now on, and devices remembered before were revoked",
                path.display()
            ));
        }
        key
    } else if record.has_data {
        return Err(Error::integrity(format!(
            "the store {} holds data but no record of its key: it was altered",
            path.display()
        ))
        .with_hint("restore the store from a backup"));
    } else if access == Access::Read || store.is_read_only() {
        return Err(Error::environment(format!(
            "the store {} is empty: nothing has been created in it yet",
            path.display()
        ))
        .with_hint("create a tenant with `mfactl tenant create NAME`"));
    } else {
        set_up(&store, &key_path)?
    };
    Ok((store, key, warnings))
}

/// A new store: its key file (made now unless one is there) recorded, its chain begun.
fn set_up(store: &Store, key_path: &Path) -> Result<Key> {
    let key = match Key::load(key_path)? {
        Some(key) => key,
        None => Key::create(key_path)?,
    };
    store.write(|tx| {
        let record = tx.key_record()?;
        match record.check {
            Some(other) if other != key.check() => Err(Error::environment(
                "another process recorded a different key for this store",
            )),
            Some(_) => Ok(()),
            None => {
                tx.set_key_check(&key.check())?;
                tx.key_audit_chain(&key.chain_key()).map(|_| ())
            }
        }
    })?;
    Ok(key)
}

/// Upgrades a schema-1 store (migrated already) to the keyed chain and key record.
/// Returns false when another process did it first.
fn upgrade(store: &Store, key: &Key, actor: &str) -> Result<bool> {
    store.write(|tx| {
        if tx.key_record()?.check.is_some() {
            return Ok(false);
        }
        tx.set_key_check(&key.check())?;
        let chain = key.chain_key();
        let legacy = tx.key_audit_chain(&chain)?;
        let entry = NewEntry::new(
            "store.upgrade",
            "store",
            json!({ "schema": 2, "legacy_audit_entries": legacy, "remembered_devices": "revoked" }),
        );
        tx.append_audit(clock(), actor, &entry, &chain)?;
        Ok(true)
    })
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
    let (store, key, warnings) = open(global.store.as_deref(), access(&cli.command), &actor)?;
    for warning in warnings {
        output::warn(&warning);
    }
    let ctx = Ctx {
        chain_key: key.chain_key(),
        store,
        key,
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
