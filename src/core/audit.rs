//! The audit log's hash chain: each entry's SHA-256 covers its fields and the hash of
//! the entry before, so a changed, removed or reordered entry breaks the chain.

use sha2::{Digest, Sha256};

/// The `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One stored entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub seq: i64,
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub reason: Option<String>,
    /// A JSON object with what changed.
    pub details: String,
    pub prev_hash: String,
    pub hash: String,
}

/// An entry to append: the store fills in `seq`, `prev_hash` and `hash`.
#[derive(Debug, Clone)]
pub struct NewEntry {
    pub action: String,
    pub target: String,
    pub reason: Option<String>,
    pub details: serde_json::Value,
}

impl NewEntry {
    pub fn new(action: &str, target: impl Into<String>, details: serde_json::Value) -> Self {
        NewEntry {
            action: action.to_owned(),
            target: target.into(),
            reason: None,
            details,
        }
    }

    #[must_use]
    pub fn with_reason(mut self, reason: Option<String>) -> Self {
        self.reason = reason;
        self
    }
}

/// The hash of an entry: SHA-256 over the length-prefixed fields, hex encoded.
#[expect(
    clippy::too_many_arguments,
    reason = "one argument per hashed field keeps the chain explicit"
)]
pub fn entry_hash(
    prev_hash: &str,
    seq: i64,
    at: i64,
    actor: &str,
    action: &str,
    target: &str,
    reason: Option<&str>,
    details: &str,
) -> String {
    let mut hasher = Sha256::new();
    let mut field = |bytes: &[u8]| {
        hasher.update((bytes.len() as u64).to_be_bytes());
        hasher.update(bytes);
    };
    field(b"mfactl-audit-v1");
    field(prev_hash.as_bytes());
    field(&seq.to_be_bytes());
    field(&at.to_be_bytes());
    field(actor.as_bytes());
    field(action.as_bytes());
    field(target.as_bytes());
    match reason {
        Some(reason) => {
            field(b"1");
            field(reason.as_bytes());
        }
        None => field(b"0"),
    }
    field(details.as_bytes());
    data_encoding::HEXLOWER.encode(&hasher.finalize())
}

impl Entry {
    fn computed_hash(&self) -> String {
        entry_hash(
            &self.prev_hash,
            self.seq,
            self.at,
            &self.actor,
            &self.action,
            &self.target,
            self.reason.as_deref(),
            &self.details,
        )
    }
}

/// Checks a whole log in `seq` order against the recorded head (last seq and hash).
/// Returns the number of entries, or a sentence naming the first broken entry.
pub fn verify(entries: &[Entry], head: Option<(i64, &str)>) -> Result<usize, String> {
    let mut expected_prev = GENESIS.to_owned();
    for (expected_seq, entry) in (1..).zip(entries) {
        if entry.seq != expected_seq {
            return Err(if entry.seq > expected_seq {
                format!(
                    "entry {expected_seq} is missing: it was removed (the log goes on at entry {})",
                    entry.seq
                )
            } else {
                format!(
                    "entry {} is out of order (expected entry {expected_seq})",
                    entry.seq
                )
            });
        }
        if entry.computed_hash() != entry.hash {
            return Err(format!(
                "entry {} ({} on {}) was changed: its hash does not match its contents",
                entry.seq, entry.action, entry.target
            ));
        }
        if entry.prev_hash != expected_prev {
            return Err(format!(
                "entry {} does not follow entry {}: an entry was removed, inserted or reordered",
                entry.seq,
                entry.seq - 1
            ));
        }
        expected_prev.clone_from(&entry.hash);
    }
    let last = entries.last().map(|e| (e.seq, e.hash.as_str()));
    match (head, last) {
        (None, None) => Ok(0),
        (Some((seq, hash)), Some((last_seq, last_hash)))
            if seq == last_seq && hash == last_hash =>
        {
            Ok(entries.len())
        }
        (Some((seq, _)), Some((last_seq, _))) if seq > last_seq => Err(format!(
            "entries {} to {seq} are missing: the end of the log was removed",
            last_seq + 1
        )),
        (Some((seq, _)), None) => Err(format!(
            "entries 1 to {seq} are missing: the log was emptied"
        )),
        (_, Some((last_seq, _))) => Err(format!(
            "entry {last_seq} is not the recorded end of the log: entries were added or changed outside mfactl"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::{Entry, GENESIS, entry_hash, verify};

    fn chain(count: i64) -> Vec<Entry> {
        let mut prev = GENESIS.to_owned();
        (1..=count)
            .map(|seq| {
                let details = "{}".to_owned();
                let hash = entry_hash(
                    &prev,
                    seq,
                    100 + seq,
                    "ops",
                    "tenant.create",
                    "tenant:a",
                    None,
                    &details,
                );
                let entry = Entry {
                    seq,
                    at: 100 + seq,
                    actor: "ops".into(),
                    action: "tenant.create".into(),
                    target: "tenant:a".into(),
                    reason: None,
                    details,
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                };
                prev = hash;
                entry
            })
            .collect()
    }

    fn head(entries: &[Entry]) -> Option<(i64, &str)> {
        entries.last().map(|e| (e.seq, e.hash.as_str()))
    }

    #[test]
    fn an_intact_chain_verifies() {
        let entries = chain(5);
        assert_eq!(verify(&entries, head(&entries)), Ok(5));
        assert_eq!(verify(&[], None), Ok(0));
    }

    #[test]
    fn a_changed_entry_is_named() {
        let mut entries = chain(5);
        let head_value = entries[4].hash.clone();
        entries[2].actor = "mallory".into();
        let err = verify(&entries, Some((5, &head_value)))
            .err()
            .unwrap_or_default();
        assert!(err.contains("entry 3") && err.contains("changed"), "{err}");
    }

    #[test]
    fn a_removed_entry_is_named() {
        let mut entries = chain(5);
        let head_value = entries[4].hash.clone();
        entries.remove(1);
        let err = verify(&entries, Some((5, &head_value)))
            .err()
            .unwrap_or_default();
        assert!(err.contains("entry 2"), "{err}");
        let mut truncated = chain(5);
        truncated.pop();
        let err = verify(&truncated, Some((5, &head_value)))
            .err()
            .unwrap_or_default();
        assert!(err.contains("entries 5 to 5"), "{err}");
    }

    #[test]
    fn reordered_entries_are_named() {
        let mut entries = chain(5);
        let head_value = entries[4].hash.clone();
        entries.swap(1, 2);
        let err = verify(&entries, Some((5, &head_value)))
            .err()
            .unwrap_or_default();
        assert!(err.contains("entry 3"), "{err}");
    }
}
