//! Default paths: the store in the platform data directory and the key file beside it.

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

/// Where `login --remember` keeps the device token of a user of a store on this machine.
pub fn device_token_path(store_key_id: &str, tenant: &str, email: &str) -> Result<PathBuf> {
    let name: String = format!("{tenant}-{email}")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-@".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    Ok(data_dir()?
        .join("devices")
        .join(store_key_id)
        .join(format!("{name}.token")))
}

/// Creates a directory (and its parents) only its owner can enter: mode 0700.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

/// The key file beside a store: `mfactl.db` → `mfactl.db.key`.
pub fn key_path_beside(store: &Path) -> PathBuf {
    let mut name = store.as_os_str().to_owned();
    name.push(".key");
    PathBuf::from(name)
}
