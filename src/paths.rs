//! Paths: the default store in the platform data directory, the key beside it, the store
//! file resolved and checked before SQLite sees it, and where device tokens are saved.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The file name of the default store inside the data directory.
const STORE_FILE: &str = "mfactl.db";

/// The platform data directory of mfactl (e.g. `~/.local/share/mfactl` on Linux).
pub fn data_dir() -> Result<PathBuf> {
    directories::ProjectDirs::from("", "", "mfactl")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .ok_or_else(|| {
            Error::environment("cannot find a home directory for the default store")
                .with_hint("pass --store PATH or set MFACTL_STORE")
        })
}

/// The store path: the one given, made absolute, or the default.
pub fn store_path(given: Option<&Path>) -> Result<PathBuf> {
    match given {
        Some(path) if path.as_os_str().is_empty() => {
            Err(Error::usage("--store is empty").with_hint("give the path of a store file"))
        }
        Some(path) => std::path::absolute(path).map_err(|e| {
            Error::environment(format!("cannot resolve the store path {}", path.display()))
                .caused_by(e)
        }),
        None => Ok(data_dir()?.join(STORE_FILE)),
    }
}

/// Where `login --remember` keeps a device token on this machine: one folder per store
/// key, one file per user, named by `file_id` (a keyed hash of tenant and email, so that
/// different users never share a file and no email shows in a file name).
pub fn device_token_path(store_key_id: &str, file_id: &str) -> Result<PathBuf> {
    Ok(data_dir()?
        .join("devices")
        .join(store_key_id)
        .join(format!("{file_id}.token")))
}

/// The store file to open: `path` with symbolic links resolved (so the key is found
/// beside the real file), and only if it is a regular file. When it does not exist, it
/// is created (mode 0600, its directory 0700) if `create`, and refused otherwise: a
/// command that only reads must never turn a mistyped path into an empty store.
pub fn store_file(path: &Path, create: bool) -> Result<PathBuf> {
    let shown = path.display();
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {
            return Err(
                Error::environment(format!("the store path {shown} is a directory"))
                    .with_hint("pass --store with a file path, e.g. --store ./mfactl.db"),
            );
        }
        Ok(meta) if !meta.is_file() => {
            return Err(Error::environment(format!(
                "the store path {shown} is not a regular file"
            ))
            .with_hint("a store is a regular file: pass --store with the path of one"));
        }
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if std::fs::symlink_metadata(path).is_ok() {
                return Err(Error::environment(format!(
                    "the store path {shown} is a symbolic link to nothing"
                ))
                .with_hint("point --store or MFACTL_STORE at the store file itself"));
            }
            if !create {
                return Err(missing_store(path));
            }
            create_store_file(path)?;
        }
        Err(e) => {
            return Err(
                Error::environment(format!("cannot read the store path {shown}")).caused_by(e),
            );
        }
    }
    std::fs::canonicalize(path).map_err(|e| {
        Error::environment(format!("cannot resolve the store path {shown}")).caused_by(e)
    })
}

/// The error for a store that does not exist, naming the command that creates one.
pub fn missing_store(path: &Path) -> Error {
    Error::environment(format!("there is no store at {}", path.display()))
        .with_hint("create one with `mfactl tenant create NAME`, or check --store and MFACTL_STORE")
}

/// Creates the store file with mode 0600 (and its directory 0700) before SQLite sees it.
fn create_store_file(path: &Path) -> Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let cannot = |e: std::io::Error| {
        Error::environment(format!("cannot create the store {}", path.display()))
            .caused_by(e)
            .with_hint("check that the directory exists and is writable, or pass another --store")
    };
    if let Some(parent) = path.parent() {
        create_private_dir(parent).map_err(cannot)?;
    }
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(cannot(e)),
    }
}

/// The effective user id of this process: who must own the key file, a store to change,
/// and the saved device tokens.
pub fn current_uid() -> u32 {
    rustix::process::geteuid().as_raw()
}

/// The owner of a file, when it is not this process's user.
pub fn foreign_owner(meta: &std::fs::Metadata) -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    (meta.uid() != current_uid()).then(|| meta.uid())
}

/// Makes a store (already known to be ours) and its WAL files readable by their owner
/// only. Files of another user and symbolic links are left alone. Returns a warning for
/// a file that was open to others (and could not be, or was, fixed).
pub fn restrict_store_mode(store: &Path) -> Vec<String> {
    use std::os::unix::fs::PermissionsExt;
    let mut warnings = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        let mut name = store.as_os_str().to_owned();
        name.push(suffix);
        let file = PathBuf::from(name);
        let Ok(meta) = std::fs::symlink_metadata(&file) else {
            continue;
        };
        if foreign_owner(&meta).is_some() {
            continue;
        }
        let mode = meta.permissions().mode() & 0o7777;
        let open_to_others = mode & 0o077 != 0;
        if !meta.is_file() || !open_to_others {
            continue;
        }
        let restricted = mode & !0o077;
        let fixed = std::fs::set_permissions(&file, std::fs::Permissions::from_mode(restricted));
        warnings.push(match fixed {
            Ok(()) => format!(
                "{} was readable by others (mode {mode:04o}); it is now {restricted:04o}",
                file.display()
            ),
            Err(e) => format!(
                "{} is readable by others (mode {mode:04o}) and cannot be restricted ({e}): run `chmod 600 {}`",
                file.display(),
                crate::output::quoted(&file.to_string_lossy())
            ),
        });
    }
    warnings
}

/// Creates a directory (and its parents) only its owner can enter: mode 0700.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

/// The key file of a store: `MFACTL_KEY_FILE`, or beside the (resolved) store file.
pub fn key_file(store: &Path) -> Result<PathBuf> {
    match std::env::var_os(crate::env::KEY_FILE).filter(|v| !v.is_empty()) {
        Some(path) => std::path::absolute(PathBuf::from(path))
            .map_err(|e| Error::environment("cannot resolve MFACTL_KEY_FILE").caused_by(e)),
        None => Ok(key_path_beside(store)),
    }
}

/// The key file beside a store: `mfactl.db` → `mfactl.db.key`.
pub fn key_path_beside(store: &Path) -> PathBuf {
    let mut name = store.as_os_str().to_owned();
    name.push(".key");
    PathBuf::from(name)
}

/// Refuses a store whose side files (`-wal`, `-shm`, `-journal`), which SQLite would
/// open as they are, are links, not regular files, or belong to another user: someone
/// who planted them could read what is written to the store.
pub fn check_side_files(store: &Path) -> Result<()> {
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut name = store.as_os_str().to_owned();
        name.push(suffix);
        let file = PathBuf::from(name);
        let Ok(meta) = std::fs::symlink_metadata(&file) else {
            continue;
        };
        let why = if meta.is_file() {
            foreign_owner(&meta).map(|owner| format!("belongs to uid {owner}"))
        } else {
            Some("is not a regular file".to_owned())
        };
        if let Some(why) = why {
            return Err(Error::environment(format!(
                "{} {why}: SQLite would write the store's changes into it",
                file.display()
            ))
            .with_hint("remove it (mfactl is not running), and keep the store in a folder only you can write"));
        }
    }
    Ok(())
}

/// Refuses a file `store copy` would write a store into (an existing one, or its
/// side files) when others may read it: the copy puts password hashes, encrypted
/// secrets and the audit log there, and whoever opened it while it was open to them
/// keeps reading it after a `chmod`, so it is not made private behind the admin's back
/// (as a store in use is): the admin is told, as for a key file.
pub fn refuse_open_to_others(store: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = store.as_os_str().to_owned();
        name.push(suffix);
        let file = PathBuf::from(name);
        let Ok(meta) = std::fs::metadata(&file) else {
            continue;
        };
        let mode = meta.permissions().mode() & 0o7777;
        if mode & 0o077 != 0 {
            return Err(Error::environment(format!(
                "{} may be read by others (mode {mode:04o}): a copy of the store would put its password hashes, secrets and audit log in it",
                file.display()
            ))
            .with_hint(format!(
                "make it private first (`chmod 600 {}`, once no one else has it open), or copy to a new file",
                crate::output::quoted(&file.to_string_lossy())
            )));
        }
    }
    Ok(())
}

/// What a machine last saw of the store at a path: its id and the end of its log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Witness {
    pub store_id: String,
    pub seq: i64,
    pub hash: String,
}

/// The folder of this machine's witnesses, if it is this user's own and private (a
/// folder others could write to would let them plant or remove witnesses).
fn witness_dir() -> Option<PathBuf> {
    static WARNED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    let dir = data_dir().ok()?.join("witness");
    let Err(why) = private_dir(&dir) else {
        return Some(dir);
    };
    if !WARNED.swap(true, std::sync::atomic::Ordering::Relaxed) {
        crate::output::warn(&format!(
            "{why}: it is not a private folder of this user, so the end of the audit log is not tracked on this machine"
        ));
    }
    None
}

/// Where this machine records the end of the audit log of the store at `place` (a
/// resolved path's bytes, or a database's server and name: `Store::place`), so that a
/// log cut back to an older end, or another store put in its place, is noticed. A copy
/// of the store elsewhere has its own record.
pub fn witness_path(place: &[u8]) -> Option<PathBuf> {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(place);
    let name = data_encoding::HEXLOWER.encode(&digest[..16]);
    Some(witness_dir()?.join(format!("{name}.head")))
}

/// The witness recorded in `path`: `store_id seq hash`.
pub fn read_witness(path: &Path) -> Option<Witness> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
        .ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || foreign_owner(&meta).is_some() {
        return None;
    }
    let mut text = String::new();
    file.take(4096).read_to_string(&mut text).ok()?;
    let mut parts = text.split_whitespace();
    let witness = Witness {
        store_id: parts.next()?.to_owned(),
        seq: parts.next()?.parse().ok()?,
        hash: parts.next()?.to_owned(),
    };
    parts.next().is_none().then_some(witness)
}

/// Holds this machine's witnesses still while one is read, checked and replaced (an
/// exclusive `flock` on their folder, released when the returned file is dropped), so
/// that two commands ending at once cannot put an older end of a log over a newer one.
/// `None` when the lock is not had within two seconds (a process stopped while holding
/// it): the record is then left as it is.
pub fn lock_witnesses(path: &Path) -> Option<std::fs::File> {
    use rustix::fs::{FlockOperation, flock};
    let folder = std::fs::File::open(path.parent()?).ok()?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    loop {
        match flock(&folder, FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => return Some(folder),
            Err(rustix::io::Errno::WOULDBLOCK) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            Err(_) => return None,
        }
    }
}

/// Records a witness in `path` (0600), replacing it atomically. Best effort: a machine
/// without a private data directory keeps no witness.
pub fn write_witness(path: &Path, witness: &Witness) {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut temp = path.as_os_str().to_owned();
    temp.push(format!(".{}.tmp", std::process::id()));
    let temp = PathBuf::from(temp);
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW)
        .open(&temp)
        .and_then(|mut file| {
            file.write_all(
                format!("{} {} {}\n", witness.store_id, witness.seq, witness.hash).as_bytes(),
            )
        })
        .and_then(|()| std::fs::rename(&temp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
}

/// Reads a small regular file as text, without blocking on a FIFO or reading a device
/// without end; `Err` says why not.
pub fn read_regular_file(path: &Path, max: u64) -> std::result::Result<String, String> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)
        .map_err(|e| e.to_string())?;
    let meta = file.metadata().map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("it is not a regular file".to_owned());
    }
    let mut text = String::new();
    file.take(max)
        .read_to_string(&mut text)
        .map_err(|e| e.to_string())?;
    Ok(text)
}

/// Creates (0700) a folder of mfactl's own under the data directory, and checks that it
/// is a real folder of this user that nobody else can enter: a link, another user's
/// folder or an open one is refused (someone could plant or read what goes in it).
pub fn private_dir(dir: &Path) -> std::result::Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    create_private_dir(dir).map_err(|e| e.to_string())?;
    let meta = std::fs::symlink_metadata(dir).map_err(|e| e.to_string())?;
    if !meta.is_dir() {
        return Err(format!("{} is not a folder (a link?)", dir.display()));
    }
    if let Some(owner) = foreign_owner(&meta) {
        return Err(format!("{} belongs to uid {owner}", dir.display()));
    }
    if meta.permissions().mode() & 0o077 != 0 {
        return Err(format!(
            "{} can be entered by others (mode {:04o})",
            dir.display(),
            meta.permissions().mode() & 0o7777
        ));
    }
    Ok(())
}
