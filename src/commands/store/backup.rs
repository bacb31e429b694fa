//! `mfactl store backup FILE`: a consistent copy of the live store as a new SQLite file
//! (SPEC §6, issue 20), from an SQLite or a PostgreSQL store: written under a temporary
//! name beside FILE (created 0600, never following a link), checked as `store check`
//! checks a store, synced, then linked into place, which refuses a FILE that appeared
//! meanwhile. The key file is never copied: the report says where it is.

use std::fs::OpenOptions;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::app::{Keyed, real_key_path};
use crate::commands::store::check::{CheckSubject, run_checks};
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::output::{self, Report, counted};
use crate::paths;
use crate::secrets::{random_hex, sync_parent};
use crate::store::{Store, Tx};

/// What `store backup` reports.
#[derive(Debug, Serialize)]
struct BackupView {
    store: String,
    backup: String,
    size_bytes: u64,
    /// The key file that opens the backup: it was not copied.
    key_file: String,
    key_id: String,
    key_copied: bool,
    /// `store check` passed on the backup before it was put in place.
    checked: bool,
    tenants: i64,
    users: i64,
    audit_entries: i64,
    secrets_decrypted: u64,
    /// The command that opens the backup.
    open_with: String,
}

/// The files SQLite keeps beside a database while it is open.
const SIDE_FILES: [&str; 3] = ["-wal", "-shm", "-journal"];

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Removes the temporary file of a backup that failed, and SQLite's files beside it.
fn remove_temp(temp: &Path) {
    let _ = std::fs::remove_file(temp);
    for suffix in SIDE_FILES {
        let _ = std::fs::remove_file(with_suffix(temp, suffix));
    }
}

/// The backup's path, made absolute: refused when anything is there already (a file, a
/// link, a FIFO: a backup never replaces or follows one) or its folder is not one.
fn target(file: &Path) -> Result<PathBuf> {
    if file.as_os_str().is_empty() {
        return Err(Error::usage("the backup path is empty").with_hint(
            "give the path of a new file, e.g. `mfactl store backup mfactl-backup.db`",
        ));
    }
    let path = std::path::absolute(file).map_err(|e| {
        Error::environment(format!("cannot resolve the backup path {}", file.display()))
            .caused_by(e)
    })?;
    if let Ok(meta) = std::fs::symlink_metadata(&path) {
        let kind = if meta.file_type().is_symlink() {
            "a symbolic link"
        } else if meta.is_dir() {
            "a folder"
        } else if meta.is_file() {
            "a file"
        } else {
            "a special file"
        };
        return Err(Error::conflict(format!(
            "{} already exists ({kind}): store backup writes only a new file, and never replaces or follows one",
            path.display()
        ))
        .with_hint("give a new name, e.g. with the date: `mfactl store backup \"mfactl-$(date -u +%F).db\"`"));
    }
    let folder = path.parent().unwrap_or(Path::new("/"));
    let shown = output::quoted(&folder.to_string_lossy()).into_owned();
    let Some(meta) = std::fs::metadata(folder)
        .ok()
        .filter(std::fs::Metadata::is_dir)
    else {
        return Err(Error::environment(format!(
            "the folder of the backup, {}, does not exist",
            folder.display()
        ))
        .with_hint(format!(
            "create it first (`mkdir -m 700 {shown}`), or give another path"
        )));
    };
    // Whoever may write in the folder could plant a link where SQLite writes the copy
    // (its -wal file, say) and read it: only a folder no one else writes to will do.
    let mode = meta.permissions().mode() & 0o7777;
    if mode & 0o022 != 0 {
        return Err(Error::environment(format!(
            "the folder of the backup, {}, can be written by others (mode {mode:04o}): they could put links where the backup is written",
            folder.display()
        ))
        .with_hint(format!(
            "back up into a folder only you can write to (`chmod go-w {shown}`, or `mkdir -m 700` a new one)"
        )));
    }
    Ok(path)
}

/// Creates the temporary file beside `path`: new, mode 0600, not through a link.
fn create_temp(path: &Path) -> Result<PathBuf> {
    let temp = with_suffix(path, &format!(".{}.tmp", random_hex::<6>()?));
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(&temp)
        .map_err(|e| {
            Error::environment(format!("cannot create the backup file {}", temp.display()))
                .caused_by(e)
                .with_hint("check that the folder is yours and writable")
        })?;
    Ok(temp)
}

/// The copy is still what this run made: a regular file of this user's that no one
/// else can read, whole (no WAL left beside it); synced.
fn seal_temp(temp: &Path) -> Result<u64> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(temp)
        .map_err(|e| {
            Error::environment(format!("cannot reopen the backup file {}", temp.display()))
                .caused_by(e)
        })?;
    let meta = file.metadata().map_err(|e| {
        Error::environment(format!("cannot read the backup file {}", temp.display())).caused_by(e)
    })?;
    if !meta.is_file()
        || paths::foreign_owner(&meta).is_some()
        || meta.permissions().mode() & 0o077 != 0
        || meta.nlink() != 1
    {
        return Err(Error::integrity(format!(
            "the backup file {} was changed by someone else while it was written",
            temp.display()
        ))
        .with_hint("write backups to a folder only you can write to (mode 0700)"));
    }
    if std::fs::metadata(with_suffix(temp, "-wal")).is_ok_and(|wal| wal.len() > 0) {
        return Err(Error::environment(format!(
            "the backup file {} was not closed whole (its WAL is left)",
            temp.display()
        )));
    }
    file.sync_all().map_err(|e| {
        Error::environment(format!("cannot sync the backup file {}", temp.display())).caused_by(e)
    })?;
    Ok(meta.len())
}

pub fn backup(ctx: &Ctx, file: &Path) -> Result<Report> {
    let path = target(file)?;
    let temp = create_temp(&path)?;
    let made = make(ctx, &temp);
    let (checked, counts) = match made {
        Ok(made) => made,
        Err(e) => {
            remove_temp(&temp);
            return Err(e);
        }
    };
    let size = match seal_temp(&temp) {
        Ok(size) => size,
        Err(e) => {
            remove_temp(&temp);
            return Err(e);
        }
    };
    // A link fails when FILE appeared meanwhile, where a rename would replace it.
    let linked = std::fs::hard_link(&temp, &path);
    remove_temp(&temp);
    linked.map_err(|e| {
        let error = if e.kind() == std::io::ErrorKind::AlreadyExists {
            Error::conflict(format!(
                "{} appeared while the backup was written; it was left as it is",
                path.display()
            ))
        } else {
            Error::environment(format!(
                "cannot put the backup in place at {}",
                path.display()
            ))
        };
        error
            .caused_by(e)
            .with_hint("run `mfactl store backup` again with a new name")
    })?;
    sync_parent(&path).map_err(|e| {
        Error::environment(format!("cannot sync the folder of {}", path.display())).caused_by(e)
    })?;
    report(ctx, &path, size, &checked, counts)
}

/// Copies the store into `temp` and checks the copy as `store check` would (with the
/// store's key): the check's counts, and the copy's counts.
fn make(ctx: &Ctx, temp: &Path) -> Result<(super::check::Checked, crate::store::StoreCounts)> {
    let bar = super::spinner(
        ctx.quiet,
        ctx.json,
        ctx.stderr.terminal,
        "{spinner} store backup: {msg}",
    );
    bar.set_message("copying a snapshot of the store");
    let mut rows = 0_u64;
    ctx.store.backup_into(temp, &mut |table| {
        rows += 1;
        if rows.is_multiple_of(10_000) {
            bar.set_message(format!(
                "copying a snapshot of the store ({table}, {rows} rows)"
            ));
        }
    })?;
    bar.set_message("checking the backup");
    let copy = Store::open(temp, false, false)?;
    let record = copy.read(|tx: &Tx<'_>| tx.key_record())?;
    if record.check.as_deref() != Some(ctx.key.check().as_str())
        || record.store_id.as_deref() != Some(ctx.store_id.as_str())
    {
        return Err(Error::integrity(
            "the backup does not record the store's key and id: it was not put in place",
        ));
    }
    let keyed = Keyed {
        key: ctx.key.clone(),
        store_id: ctx.store_id.clone(),
        ring: ctx.ring.clone(),
    };
    let checked = run_checks(&CheckSubject {
        store: &copy,
        keyed: Ok(&keyed),
        key_path: None,
        witness: false,
        now: ctx.now(),
        progress: &bar,
    })?;
    let counts = copy.read(|tx: &Tx<'_>| tx.store_counts())?;
    drop(copy);
    bar.finish_and_clear();
    if !checked.ok {
        // A copy of a store in this state is still worth having, but not as a backup
        // that says it was checked: the hint names the unchecked copy of each backend.
        let as_it_is = match ctx.store.path() {
            Some(store) => format!(
                "sqlite3 {} \".backup 'COPY.db'\"",
                output::quoted(&store.to_string_lossy())
            ),
            None => "pg_dump --format=custom --file=COPY.dump \"$MFACTL_STORE\"".to_owned(),
        };
        return Err(Error::integrity(format!(
            "the backup failed store check, so it was not put in place: {}",
            checked.failures.join("; ")
        ))
        .with_hint(format!(
            "`mfactl store check` names what is wrong with the store itself; to keep a copy as it is, unchecked: {as_it_is}"
        )));
    }
    Ok((checked, counts))
}

fn report(
    ctx: &Ctx,
    path: &Path,
    size: u64,
    checked: &super::check::Checked,
    counts: crate::store::StoreCounts,
) -> Result<Report> {
    let key_path = real_key_path(&ctx.key_path);
    let shown = |p: &Path| output::quoted(&p.to_string_lossy()).into_owned();
    let open_with = format!(
        "MFACTL_KEY_FILE={} mfactl --store {} store check",
        shown(&key_path),
        shown(path)
    );
    let text = format!(
        "Backed up the store {} to {} ({}): {}, {} and {}; store check passed on the backup ({} decrypt, the audit log verifies).\n\
         The key is not in the backup and was not copied: it stays in {} (key id {}). Keep the two apart: a backup beside its key is as good as plaintext.\n\
         Open the backup with the store's key file: {open_with}",
        ctx.store.location(),
        path.display(),
        output::plural(size, "byte"),
        output::plural(counts.tenants, "tenant"),
        counted(u64::try_from(counts.users).unwrap_or(0), "user"),
        counted(
            u64::try_from(counts.audit_entries).unwrap_or(0),
            "audit entry"
        ),
        counted(checked.secrets.decrypt, "secret"),
        key_path.display(),
        ctx.key.id(),
    );
    if path.parent() == key_path.parent() {
        output::warn(&format!(
            "the backup is in the same folder as the key file ({}): move one of them elsewhere",
            key_path.parent().unwrap_or(Path::new("/")).display()
        ));
    }
    let view = BackupView {
        store: ctx.store.location(),
        backup: path.display().to_string(),
        size_bytes: size,
        key_file: key_path.display().to_string(),
        key_id: ctx.key.id(),
        key_copied: false,
        checked: true,
        tenants: counts.tenants,
        users: counts.users,
        audit_entries: counts.audit_entries,
        secrets_decrypted: checked.secrets.decrypt,
        open_with,
    };
    Report::done(&view, text)
}
