//! The keys a store had before `store rekey` replaced them (issue 20), and the switch of
//! the key file that a rekey makes.
//!
//! **The ring.** What the store keeps of recovery codes, email codes, device tokens and
//! access passes are keyed hashes, which cannot be computed again under a new key without
//! the codes themselves; the audit log's entries are MACs under a key derived from the
//! store key. So a rekey re-encrypts every secret, and wraps every stored hash under the
//! new key (`Key::rewrap`), and keeps the earlier keys in the store, sealed under the new
//! one (`meta.key_ring`): a hash is then computed with the store's first key and wrapped
//! by each later key in turn (`KeyRing::hash`), and each audit entry is checked with the
//! key it was written under (`KeyRing::chain_keys`). An earlier key alone opens nothing:
//! every secret is sealed under the newest key, and every stored hash ends with a wrap
//! under it. The ring's entries are bound to their store, place and range of entries.
//!
//! **The switch.** `KEY.new` is written and synced before the rekey's transaction
//! commits, and the store records which key it is under (`key_check`): after a crash the
//! next command finds a store that records either the key in `KEY` (the rekey did not
//! commit: `KEY.new` is stale) or the key in `KEY.new`, and then finishes the switch
//! (`finish_switch`): `KEY` is linked to `KEY.old`, then `KEY.new` renamed over `KEY`.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::core::audit::ChainKeys;
use crate::error::{Error, Result};
use crate::secrets::{Key, sync_parent};

/// An earlier key of a store.
#[derive(Debug, Clone)]
pub struct PastKey {
    /// Its public id (`Key::id`).
    pub id: String,
    /// The last audit entry written under it.
    pub until: i64,
    key: Key,
}

/// The earlier keys of a store, oldest first.
#[derive(Debug, Clone, Default)]
pub struct KeyRing {
    past: Vec<PastKey>,
}

/// One key of the ring as `meta.key_ring` keeps it.
#[derive(Debug, Serialize, Deserialize)]
struct Stored {
    id: String,
    until: i64,
    /// The key, sealed under the store's key now (hex).
    sealed: String,
}

/// What a ring entry's seal is bound to: the store, its place in the ring, its id and
/// its range of audit entries (none can be moved or changed without the key).
fn context(store_id: &str, index: usize, id: &str, until: i64) -> String {
    format!("key-ring\u{0}{store_id}\u{0}{index}\u{0}{id}\u{0}{until}")
}

fn altered() -> Error {
    Error::integrity("the store's key ring (its earlier keys) was altered")
        .with_hint("restore the store from a backup; `mfactl store check` shows what else is wrong")
}

impl KeyRing {
    /// The ids and ranges recorded in `text` (readable without any key): to name an
    /// earlier key of the store when someone opens it with one.
    pub fn recorded(text: Option<&str>) -> Vec<(String, i64)> {
        text.and_then(|text| serde_json::from_str::<Vec<Stored>>(text).ok())
            .unwrap_or_default()
            .into_iter()
            .map(|stored| (stored.id, stored.until))
            .collect()
    }

    /// Opens the ring a store records (`meta.key_ring`; none: no rekey yet) with the
    /// store's key now.
    pub fn open(text: Option<&str>, key: &Key, store_id: &str) -> Result<KeyRing> {
        let Some(text) = text else {
            return Ok(KeyRing::default());
        };
        let stored: Vec<Stored> = serde_json::from_str(text).map_err(|_| altered())?;
        let mut past = Vec::with_capacity(stored.len());
        let mut last_until = i64::MIN;
        for (index, entry) in stored.into_iter().enumerate() {
            let sealed = data_encoding::HEXLOWER
                .decode(entry.sealed.as_bytes())
                .map_err(|_| altered())?;
            let old = key
                .unseal_key(&sealed, &context(store_id, index, &entry.id, entry.until))
                .map_err(|_| altered())?;
            if old.id() != entry.id || entry.until < last_until {
                return Err(altered());
            }
            last_until = entry.until;
            past.push(PastKey {
                id: entry.id,
                until: entry.until,
                key: old,
            });
        }
        Ok(KeyRing { past })
    }

    /// The ring sealed under `key` for the store `store_id`, as `meta.key_ring` keeps it.
    pub fn seal(&self, key: &Key, store_id: &str) -> Result<String> {
        let mut stored = Vec::with_capacity(self.past.len());
        for (index, past) in self.past.iter().enumerate() {
            let sealed =
                key.seal_key(&past.key, &context(store_id, index, &past.id, past.until))?;
            stored.push(Stored {
                id: past.id.clone(),
                until: past.until,
                sealed: data_encoding::HEXLOWER.encode(&sealed),
            });
        }
        serde_json::to_string(&stored)
            .map_err(|e| Error::environment("cannot write the key ring").caused_by(e))
    }

    /// This ring with `old` added: the key the store was under until entry `until`.
    #[must_use]
    pub fn with(mut self, old: &Key, until: i64) -> KeyRing {
        self.past.push(PastKey {
            id: old.id(),
            until,
            key: old.clone(),
        });
        self
    }

    /// The earlier keys, oldest first.
    pub fn past(&self) -> &[PastKey] {
        &self.past
    }

    /// The store's first key: `current` until the first rekey. Saved device tokens are
    /// filed under it on each machine, so they are found again after a rekey.
    pub fn original<'a>(&'a self, current: &'a Key) -> &'a Key {
        self.past.first().map_or(current, |first| &first.key)
    }

    /// What the store keeps of a code or token whose keyed hash `inner` computes with a
    /// key: computed with the store's first key, then wrapped by every later key, the
    /// last wrap under `current` (a store never rekeyed keeps `inner(current)`).
    pub fn hash(&self, current: &Key, inner: impl FnOnce(&Key) -> String) -> String {
        let Some((first, later)) = self.past.split_first() else {
            return inner(current);
        };
        let mut hash = inner(&first.key);
        for past in later {
            hash = past.key.rewrap(&hash);
        }
        current.rewrap(&hash)
    }

    /// The keys of the audit chain of the store `store_id`: each earlier key's for the
    /// entries written under it, `current`'s after them.
    pub fn chain_keys(&self, current: &Key, store_id: &str) -> ChainKeys {
        ChainKeys::new(
            current.chain_key(store_id),
            self.past
                .iter()
                .map(|past| (past.until, past.key.chain_key(store_id)))
                .collect(),
        )
    }
}

/// `KEY.new`: where `store rekey` writes the new key before its transaction commits.
pub fn new_key_path(key_path: &Path) -> PathBuf {
    suffixed(key_path, ".new")
}

/// `KEY.old`: where the key a rekey replaced is kept until the admin removes it.
pub fn old_key_path(key_path: &Path) -> PathBuf {
    suffixed(key_path, ".old")
}

fn suffixed(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Finishes the switch to the key in `KEY.new` (`new`, which the store records): the key
/// in `KEY`, if any, is kept as `KEY.old` (or `KEY.old-ID` when `KEY.old` holds another
/// key), then `KEY.new` is renamed over `KEY` and the folder synced. Each step can be
/// run again, by this process after a crash or by another one at the same time: the
/// result is the same. Returns where the old key is, if there was one.
pub fn finish_switch(key_path: &Path, new: &Key) -> Result<Option<PathBuf>> {
    let new_path = new_key_path(key_path);
    let cannot = |what: &str, e: std::io::Error| {
        Error::environment(format!(
            "cannot finish the switch to the new key: {what} ({})",
            key_path.display()
        ))
        .caused_by(e)
        .with_hint(format!(
            "the store is under the key in {}: move it to {} yourself (keep the old key file as {})",
            new_path.display(),
            key_path.display(),
            old_key_path(key_path).display()
        ))
    };
    let mut kept = None;
    match Key::load(key_path)? {
        Some(key) if key.check() == new.check() => {
            // Done already (by another process): only a leftover KEY.new may remain.
            if Key::load(&new_path)
                .ok()
                .flatten()
                .is_some_and(|k| k.check() == new.check())
            {
                let _ = std::fs::remove_file(&new_path);
            }
            return Ok(None);
        }
        Some(old) => {
            kept = Some(keep_old(key_path, &old).map_err(|e| cannot("keeping the old key", e))?);
        }
        None => {}
    }
    match std::fs::rename(&new_path, key_path) {
        Ok(()) => {}
        // Another process renamed it first: KEY must now hold the new key.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if Key::load(key_path)?.is_none_or(|key| key.check() != new.check()) {
                return Err(cannot("the new key file went away", e));
            }
        }
        Err(e) => return Err(cannot("renaming the new key file into place", e)),
    }
    sync_parent(key_path).map_err(|e| cannot("syncing its folder", e))?;
    Ok(kept)
}

/// Links the key file (holding `old`) to `KEY.old`, or to `KEY.old-ID` when `KEY.old`
/// holds another key already; a link already there holding `old` is kept as it is.
fn keep_old(key_path: &Path, old: &Key) -> std::io::Result<PathBuf> {
    let plain = old_key_path(key_path);
    let named = suffixed(key_path, &format!(".old-{}", old.id()));
    for candidate in [plain, named] {
        match std::fs::hard_link(key_path, &candidate) {
            Ok(()) => {
                sync_parent(&candidate)?;
                return Ok(candidate);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                if Key::load(&candidate)
                    .ok()
                    .flatten()
                    .is_some_and(|key| key.check() == old.check())
                {
                    return Ok(candidate);
                }
            }
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        "KEY.old and KEY.old-ID both hold other keys",
    ))
}

#[cfg(test)]
mod tests {
    use super::KeyRing;
    use crate::secrets::Key;

    #[test]
    fn a_ring_round_trips_and_binds_each_key_to_its_place() -> crate::error::Result<()> {
        let (first, second, now) = (Key::generate()?, Key::generate()?, Key::generate()?);
        let ring = KeyRing::default().with(&first, 10).with(&second, 20);
        let sealed = ring.seal(&now, "store-a")?;
        let opened = KeyRing::open(Some(&sealed), &now, "store-a")?;
        assert_eq!(opened.past().len(), 2);
        assert_eq!(opened.past()[1].until, 20);
        assert_eq!(
            KeyRing::recorded(Some(&sealed)),
            vec![(first.id(), 10), (second.id(), 20)]
        );
        // Not with an earlier key, not in another store, not with a range moved.
        assert!(KeyRing::open(Some(&sealed), &first, "store-a").is_err());
        assert!(KeyRing::open(Some(&sealed), &now, "store-b").is_err());
        let moved = sealed.replacen("\"until\":10", "\"until\":15", 1);
        assert!(KeyRing::open(Some(&moved), &now, "store-a").is_err());
        Ok(())
    }

    #[test]
    fn a_hash_is_made_with_the_first_key_and_wrapped_by_each_later() -> crate::error::Result<()> {
        let (first, now) = (Key::generate()?, Key::generate()?);
        let before = KeyRing::default().hash(&first, |k| k.keyed_hash("recovery", "abc"));
        assert_eq!(before, first.keyed_hash("recovery", "abc"));
        let ring = KeyRing::default().with(&first, 5);
        // What a rekey stores (the old hash wrapped) is what the ring computes afresh.
        assert_eq!(
            ring.hash(&now, |k| k.keyed_hash("recovery", "abc")),
            now.rewrap(&before)
        );
        assert_eq!(ring.original(&now).id(), first.id());
        Ok(())
    }
}
