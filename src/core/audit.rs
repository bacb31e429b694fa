//! The audit log's chain (SPEC §4): each entry's HMAC-SHA256, keyed from the store key,
//! covers its fields and the hash of the entry before, and the recorded head (last seq
//! and hash) carries a MAC of its own. A changed, removed, reordered or recomputed entry,
//! or a truncated log with a rewritten head, fails `verify` unless the key was used.
//!
//! Stores written before the chain was keyed keep their first entries as plain SHA-256
//! links (`legacy_hash`); the keyed head records where keying began, and every entry
//! from there on is keyed.

use std::fmt;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// The `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The key of the chain, derived from the store key by the caller.
#[derive(Clone)]
pub struct ChainKey([u8; 32]);

impl ChainKey {
    pub fn new(bytes: [u8; 32]) -> Self {
        ChainKey(bytes)
    }

    fn mac(&self) -> Hmac<Sha256> {
        // HMAC takes a key of any length: this cannot fail for 32 bytes.
        <Hmac<Sha256> as Mac>::new_from_slice(&self.0).unwrap_or_else(|_| unreachable!())
    }
}

impl fmt::Debug for ChainKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ChainKey(<redacted>)")
    }
}

/// The keys of a whole chain: the store key's now, and those of the keys the store had
/// before `store rekey` replaced them, each with the last entry it keyed. An entry is
/// checked with the key it was written under; the first entry after a rekey is keyed
/// with the new key and links to the last one of the old, so the old key alone can no
/// longer rewrite what came before it unnoticed.
#[derive(Debug, Clone)]
pub struct ChainKeys {
    current: ChainKey,
    /// (last seq keyed with it, key), in the order the keys were used.
    past: Vec<(i64, ChainKey)>,
}

impl ChainKeys {
    /// A chain keyed by one key from its start.
    pub fn single(current: ChainKey) -> Self {
        ChainKeys {
            current,
            past: Vec::new(),
        }
    }

    /// A chain keyed by `past` keys up to their entries, then by `current`.
    pub fn new(current: ChainKey, past: Vec<(i64, ChainKey)>) -> Self {
        ChainKeys { current, past }
    }

    /// The key new entries and the head are written with.
    pub fn current(&self) -> &ChainKey {
        &self.current
    }

    /// The key the entry at `seq` was written with.
    pub fn for_seq(&self, seq: i64) -> &ChainKey {
        self.past
            .iter()
            .find(|(until, _)| seq <= *until)
            .map_or(&self.current, |(_, key)| key)
    }
}

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

/// An entry to append: the store fills in `seq`, `at`, `prev_hash` and `hash`.
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

/// The fields an entry's hash covers, in order, each length-prefixed.
struct Fields<'a> {
    prev_hash: &'a str,
    seq: i64,
    at: i64,
    actor: &'a str,
    action: &'a str,
    target: &'a str,
    reason: Option<&'a str>,
    details: &'a str,
}

impl Fields<'_> {
    fn feed(&self, tag: &[u8], update: &mut dyn FnMut(&[u8])) {
        let mut field = |bytes: &[u8]| {
            update(&(bytes.len() as u64).to_be_bytes());
            update(bytes);
        };
        field(tag);
        field(self.prev_hash.as_bytes());
        field(&self.seq.to_be_bytes());
        field(&self.at.to_be_bytes());
        field(self.actor.as_bytes());
        field(self.action.as_bytes());
        field(self.target.as_bytes());
        match self.reason {
            Some(reason) => {
                field(b"1");
                field(reason.as_bytes());
            }
            None => field(b"0"),
        }
        field(self.details.as_bytes());
    }

    /// Schema-1 link: SHA-256, which anyone with the database can recompute.
    fn legacy_hash(&self) -> String {
        let mut hasher = Sha256::new();
        self.feed(b"mfactl-audit-v1", &mut |bytes| hasher.update(bytes));
        data_encoding::HEXLOWER.encode(&hasher.finalize())
    }

    /// Keyed link: HMAC-SHA256 under the chain key.
    fn keyed_hash(&self, key: &ChainKey) -> String {
        let mut mac = key.mac();
        self.feed(b"mfactl-audit-v2", &mut |bytes| mac.update(bytes));
        data_encoding::HEXLOWER.encode(&mac.finalize().into_bytes())
    }
}

impl Entry {
    fn fields(&self) -> Fields<'_> {
        Fields {
            prev_hash: &self.prev_hash,
            seq: self.seq,
            at: self.at,
            actor: &self.actor,
            action: &self.action,
            target: &self.target,
            reason: self.reason.as_deref(),
            details: &self.details,
        }
    }
}

/// The schema-1 link of an entry (plain SHA-256): how entries written before the chain
/// was keyed are checked, and all that an attacker without the key can compute.
pub fn legacy_hash(entry: &Entry) -> String {
    entry.fields().legacy_hash()
}

/// The hash of a new entry at `seq` after `prev_hash`, keyed.
#[expect(
    clippy::too_many_arguments,
    reason = "one argument per hashed field keeps the chain explicit"
)]
pub fn entry_hash(
    key: &ChainKey,
    prev_hash: &str,
    seq: i64,
    at: i64,
    actor: &str,
    action: &str,
    target: &str,
    reason: Option<&str>,
    details: &str,
) -> String {
    Fields {
        prev_hash,
        seq,
        at,
        actor,
        action,
        target,
        reason,
        details,
    }
    .keyed_hash(key)
}

/// The recorded end of the chain, kept beside the log so a truncation is seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Head {
    /// Schema 1: `seq:hash`, not authenticated.
    Legacy { seq: i64, hash: String },
    /// `v2:seq:hash:keyed_from:mac`: entries from `keyed_from` on are keyed, and the MAC
    /// covers the other three values.
    Keyed {
        seq: i64,
        hash: String,
        keyed_from: i64,
        mac: String,
    },
}

impl Head {
    /// The head of an empty keyed log.
    pub fn empty(key: &ChainKey) -> Head {
        Head::keyed(key, 0, GENESIS, 1)
    }

    /// A keyed head over `seq` and `hash`.
    pub fn keyed(key: &ChainKey, seq: i64, hash: &str, keyed_from: i64) -> Head {
        Head::Keyed {
            seq,
            hash: hash.to_owned(),
            keyed_from,
            mac: head_mac(key, seq, hash, keyed_from),
        }
    }

    pub fn parse(text: &str) -> Option<Head> {
        let parts: Vec<&str> = text.split(':').collect();
        match parts.as_slice() {
            [seq, hash] => Some(Head::Legacy {
                seq: seq.parse().ok()?,
                hash: (*hash).to_owned(),
            }),
            ["v2", seq, hash, keyed_from, mac] => Some(Head::Keyed {
                seq: seq.parse().ok()?,
                hash: (*hash).to_owned(),
                keyed_from: keyed_from.parse().ok()?,
                mac: (*mac).to_owned(),
            }),
            _ => None,
        }
    }

    pub fn encode(&self) -> String {
        match self {
            Head::Legacy { seq, hash } => format!("{seq}:{hash}"),
            Head::Keyed {
                seq,
                hash,
                keyed_from,
                mac,
            } => format!("v2:{seq}:{hash}:{keyed_from}:{mac}"),
        }
    }

    /// Last seq and hash.
    pub fn end(&self) -> (i64, &str) {
        match self {
            Head::Legacy { seq, hash } | Head::Keyed { seq, hash, .. } => (*seq, hash),
        }
    }

    /// Whether this head was written with `key`.
    pub fn authentic(&self, key: &ChainKey) -> bool {
        match self {
            Head::Legacy { .. } => false,
            Head::Keyed {
                seq,
                hash,
                keyed_from,
                mac,
            } => crate::core::codes::constant_time_eq(
                head_mac(key, *seq, hash, *keyed_from).as_bytes(),
                mac.as_bytes(),
            ),
        }
    }
}

fn head_mac(key: &ChainKey, seq: i64, hash: &str, keyed_from: i64) -> String {
    let mut mac = key.mac();
    for part in [
        b"mfactl-audit-head-v2".as_slice(),
        &seq.to_be_bytes(),
        hash.as_bytes(),
        &keyed_from.to_be_bytes(),
    ] {
        mac.update(&(part.len() as u64).to_be_bytes());
        mac.update(part);
    }
    data_encoding::HEXLOWER.encode(&mac.finalize().into_bytes())
}

/// Where the next entry goes: (seq, prev_hash, keyed_from), or why the log cannot be
/// extended (a head that is missing, unkeyed or not written with `key`: extending it
/// would launder a rewrite).
pub fn next_link(head: Option<&Head>, key: &ChainKey) -> Result<(i64, String, i64), String> {
    match head {
        Some(
            head @ Head::Keyed {
                seq,
                hash,
                keyed_from,
                ..
            },
        ) if head.authentic(key) => Ok((seq.saturating_add(1), hash.clone(), *keyed_from)),
        Some(Head::Keyed { .. }) => {
            Err("the recorded end of the audit log was rewritten without the key file".into())
        }
        Some(Head::Legacy { .. }) | None => {
            Err("the recorded end of the audit log is missing or not keyed".into())
        }
    }
}

/// Whether an entry's own hash matches its contents (keyed from `keyed_from` on).
pub fn link_intact(entry: &Entry, key: &ChainKey, keyed_from: i64) -> bool {
    let computed = if entry.seq < keyed_from {
        entry.fields().legacy_hash()
    } else {
        entry.fields().keyed_hash(key)
    };
    crate::core::codes::constant_time_eq(computed.as_bytes(), entry.hash.as_bytes())
}

/// What `verify` found in an intact log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verified {
    pub entries: usize,
    /// Entries written before the chain was keyed (plain SHA-256 links).
    pub legacy: usize,
}

/// Checks a whole log in `seq` order against the recorded head. `keyed_store`: the store
/// was set up for a keyed chain, so an unkeyed head is itself a sign of tampering.
/// Returns the counts, or a sentence naming the first broken entry.
#[cfg(test)]
pub fn verify(
    entries: &[Entry],
    head: Option<&Head>,
    keys: &ChainKeys,
    keyed_store: bool,
) -> Result<Verified, String> {
    let mut verifier = Verifier::new(head, keys, keyed_store)?;
    for entry in entries {
        verifier.check(entry)?;
    }
    verifier.finish()
}

/// `verify` one entry at a time, so a log of millions of entries is checked in flat
/// memory: `new`, `check` each entry in `seq` order, then `finish`.
pub struct Verifier<'a> {
    head: Option<&'a Head>,
    keys: &'a ChainKeys,
    keyed_from: i64,
    expected_prev: String,
    entries: usize,
    legacy: usize,
    last_seq: i64,
}

impl<'a> Verifier<'a> {
    /// Checks the recorded head (see `verify`).
    pub fn new(
        head: Option<&'a Head>,
        keys: &'a ChainKeys,
        keyed_store: bool,
    ) -> Result<Self, String> {
        let keyed_from = match head {
            Some(head @ Head::Keyed { keyed_from, .. }) => {
                if !head.authentic(keys.current()) {
                    return Err(
                        "the recorded end of the log was rewritten without the key file".into(),
                    );
                }
                *keyed_from
            }
            Some(Head::Legacy { .. }) | None if keyed_store => {
                return Err("the recorded end of the log is missing or was replaced by an unkeyed one: the log was rewritten without the key file".into());
            }
            Some(Head::Legacy { .. }) | None => i64::MAX,
        };
        Ok(Verifier {
            head,
            keys,
            keyed_from,
            expected_prev: GENESIS.to_owned(),
            entries: 0,
            legacy: 0,
            last_seq: 0,
        })
    }

    /// Checks the next entry.
    pub fn check(&mut self, entry: &Entry) -> Result<(), String> {
        // Saturating: a sequence number read from the store may be anything.
        let expected_seq = self.last_seq.saturating_add(1);
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
        if entry.seq < self.keyed_from {
            self.legacy += 1;
        }
        if !link_intact(entry, self.keys.for_seq(entry.seq), self.keyed_from) {
            return Err(format!(
                "entry {} ({} on {}) was changed: its hash does not match its contents",
                entry.seq, entry.action, entry.target
            ));
        }
        if entry.prev_hash != self.expected_prev {
            return Err(format!(
                "entry {} does not follow entry {}: an entry was removed, inserted or reordered",
                entry.seq,
                entry.seq.saturating_sub(1)
            ));
        }
        self.expected_prev.clone_from(&entry.hash);
        self.entries += 1;
        self.last_seq = entry.seq;
        Ok(())
    }

    /// Checks that the last entry is the recorded end of the log.
    pub fn finish(self) -> Result<Verified, String> {
        let last = (self.entries > 0).then_some((self.last_seq, self.expected_prev.as_str()));
        let verified = Verified {
            entries: self.entries,
            legacy: self.legacy,
        };
        match (self.head.map(Head::end), last) {
            (None | Some((0, _)), None) => Ok(verified),
            (Some((seq, hash)), Some((last_seq, last_hash)))
                if seq == last_seq && hash == last_hash =>
            {
                Ok(verified)
            }
            (Some((seq, _)), Some((last_seq, _))) if seq > last_seq => Err(format!(
                "entries {} to {seq} are missing: the end of the log was removed",
                last_seq.saturating_add(1)
            )),
            (Some((seq, _)), None) => Err(format!(
                "entries 1 to {seq} are missing: the log was emptied"
            )),
            (_, Some((last_seq, _))) => Err(format!(
                "entry {last_seq} is not the recorded end of the log: entries were added or changed outside mfactl"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{ChainKey, ChainKeys, Entry, Fields, GENESIS, Head, entry_hash, next_link, verify};

    fn key() -> ChainKey {
        ChainKey::new([9; 32])
    }

    fn keys() -> ChainKeys {
        ChainKeys::single(key())
    }

    /// A chain of `count` entries; the first `legacy` of them with schema-1 links.
    fn chain(count: i64, legacy: i64) -> (Vec<Entry>, Head) {
        let key = key();
        let mut prev = GENESIS.to_owned();
        let entries: Vec<Entry> = (1..=count)
            .map(|seq| {
                let mut entry = Entry {
                    seq,
                    at: 100 + seq,
                    actor: "ops".into(),
                    action: "tenant.create".into(),
                    target: "tenant:a".into(),
                    reason: None,
                    details: "{}".into(),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                entry.hash = if seq <= legacy {
                    entry.fields().legacy_hash()
                } else {
                    entry_hash(
                        &key,
                        &prev,
                        seq,
                        entry.at,
                        "ops",
                        "tenant.create",
                        "tenant:a",
                        None,
                        "{}",
                    )
                };
                prev.clone_from(&entry.hash);
                entry
            })
            .collect();
        let head = Head::keyed(&key, count, &prev, legacy + 1);
        (entries, head)
    }

    fn broken(entries: &[Entry], head: &Head) -> String {
        verify(entries, Some(head), &keys(), true)
            .err()
            .unwrap_or_default()
    }

    #[test]
    fn an_intact_chain_verifies() {
        let (entries, head) = chain(5, 0);
        assert_eq!(
            verify(&entries, Some(&head), &keys(), true).map(|v| (v.entries, v.legacy)),
            Ok((5, 0))
        );
        assert!(verify(&[], Some(&Head::empty(&key())), &keys(), true).is_ok());
        let (upgraded, head) = chain(5, 3);
        assert_eq!(
            verify(&upgraded, Some(&head), &keys(), true).map(|v| v.legacy),
            Ok(3)
        );
    }

    #[test]
    fn a_changed_entry_is_named() {
        let (mut entries, head) = chain(5, 0);
        entries[2].actor = "mallory".into();
        let err = broken(&entries, &head);
        assert!(err.contains("entry 3") && err.contains("changed"), "{err}");
    }

    #[test]
    fn a_removed_entry_is_named() {
        let (mut entries, head) = chain(5, 0);
        entries.remove(1);
        assert!(broken(&entries, &head).contains("entry 2"));
        let (mut truncated, head) = chain(5, 0);
        truncated.pop();
        let err = broken(&truncated, &head);
        assert!(err.contains("entries 5 to 5"), "{err}");
    }

    #[test]
    fn reordered_entries_are_named() {
        let (mut entries, head) = chain(5, 0);
        entries.swap(1, 2);
        assert!(broken(&entries, &head).contains("entry 3"));
    }

    /// The attacks of issue 8 with the database alone: truncate and rewrite the head, or
    /// recompute the whole chain. Without the key neither verifies.
    #[test]
    fn a_rewrite_without_the_key_fails() {
        let (mut entries, _) = chain(5, 0);
        entries.truncate(3);
        let forged = Head::Keyed {
            seq: 3,
            hash: entries[2].hash.clone(),
            keyed_from: 1,
            mac: "0".repeat(64),
        };
        assert!(broken(&entries, &forged).contains("rewritten"));
        let legacy_head = Head::Legacy {
            seq: 3,
            hash: entries[2].hash.clone(),
        };
        assert!(broken(&entries, &legacy_head).contains("unkeyed"));
        // Recomputed as plain SHA-256 links, with an unkeyed head: refused for a keyed store.
        let mut prev = GENESIS.to_owned();
        for entry in &mut entries {
            entry.prev_hash.clone_from(&prev);
            entry.hash = entry.fields().legacy_hash();
            prev.clone_from(&entry.hash);
        }
        let head = Head::Legacy { seq: 3, hash: prev };
        assert!(verify(&entries, Some(&head), &keys(), true).is_err());
        // With another key the MACs do not match either.
        let (entries, head) = chain(3, 0);
        assert!(
            verify(
                &entries,
                Some(&head),
                &ChainKeys::single(ChainKey::new([1; 32])),
                true
            )
            .is_err()
        );
    }

    #[test]
    fn keyed_entries_cannot_be_passed_off_as_legacy() {
        let (mut entries, _) = chain(4, 2);
        // Recompute entry 3 and 4 as legacy links and claim keying starts at 5.
        let mut prev = entries[1].hash.clone();
        for entry in &mut entries[2..] {
            entry.prev_hash.clone_from(&prev);
            entry.hash = entry.fields().legacy_hash();
            prev.clone_from(&entry.hash);
        }
        let forged = Head::Keyed {
            seq: 4,
            hash: prev,
            keyed_from: 5,
            mac: "f".repeat(64),
        };
        assert!(broken(&entries, &forged).contains("rewritten"));
    }

    /// Entries keyed by `keys` in turn: entry `seq` by the key `keys.for_seq(seq)`.
    fn chain_under(count: i64, keys: &ChainKeys) -> (Vec<Entry>, Head) {
        let mut prev = GENESIS.to_owned();
        let entries: Vec<Entry> = (1..=count)
            .map(|seq| {
                let hash = entry_hash(
                    keys.for_seq(seq),
                    &prev,
                    seq,
                    100 + seq,
                    "ops",
                    "tenant.create",
                    "tenant:a",
                    None,
                    "{}",
                );
                let entry = Entry {
                    seq,
                    at: 100 + seq,
                    actor: "ops".into(),
                    action: "tenant.create".into(),
                    target: "tenant:a".into(),
                    reason: None,
                    details: "{}".into(),
                    prev_hash: prev.clone(),
                    hash,
                };
                prev.clone_from(&entry.hash);
                entry
            })
            .collect();
        let head = Head::keyed(keys.current(), count, &prev, 1);
        (entries, head)
    }

    /// Issue 20: after a rekey the entries before it keep their MACs under the old key
    /// and verify with it; the entry after it links them under the new key, so the old
    /// key alone cannot rewrite them unnoticed.
    #[test]
    fn a_chain_carried_on_under_a_new_key_verifies_with_both() {
        let old = ChainKey::new([1; 32]);
        let new = ChainKey::new([2; 32]);
        let keys = ChainKeys::new(new.clone(), vec![(3, old.clone())]);
        let (entries, head) = chain_under(6, &keys);
        assert_eq!(
            verify(&entries, Some(&head), &keys, true).map(|v| v.entries),
            Ok(6)
        );
        // Without the old key's segment, entry 1 does not verify.
        let err = verify(&entries, Some(&head), &ChainKeys::single(new.clone()), true)
            .err()
            .unwrap_or_default();
        assert!(err.contains("entry 1"), "{err}");
        // The holder of the old key rewrites entries 1 to 3 consistently: entry 4,
        // keyed with the new key, no longer follows.
        let (mut forged, _) = chain_under(3, &ChainKeys::single(old.clone()));
        forged[1].actor = "mallory".into();
        let mut prev = GENESIS.to_owned();
        for entry in &mut forged {
            entry.prev_hash.clone_from(&prev);
            entry.hash = entry_hash(
                &old,
                &prev,
                entry.seq,
                entry.at,
                &entry.actor,
                &entry.action,
                &entry.target,
                None,
                &entry.details,
            );
            prev.clone_from(&entry.hash);
        }
        forged.extend(entries[3..].iter().cloned());
        let err = verify(&forged, Some(&head), &keys, true)
            .err()
            .unwrap_or_default();
        assert!(err.contains("entry 4 does not follow entry 3"), "{err}");
        // A head written with the old key is not the chain's any more.
        let (_, old_head) = chain_under(6, &ChainKeys::new(old, vec![]));
        assert!(verify(&entries, Some(&old_head), &keys, true).is_err());
    }

    #[test]
    fn the_next_link_needs_an_authentic_head() {
        let key = key();
        assert_eq!(
            next_link(Some(&Head::empty(&key)), &key),
            Ok((1, GENESIS.to_owned(), 1))
        );
        assert!(next_link(None, &key).is_err());
        let legacy = Head::Legacy {
            seq: 2,
            hash: "ab".into(),
        };
        assert!(next_link(Some(&legacy), &key).is_err());
        let (_, head) = chain(3, 0);
        assert!(next_link(Some(&head), &ChainKey::new([2; 32])).is_err());
        assert_eq!(Head::parse(&head.encode()), Some(head));
        assert_eq!(Head::parse(&legacy.encode()), Some(legacy));
        assert_eq!(Head::parse("nonsense"), None);
    }

    /// The schema-1 hash must not change: old stores' entries are checked with it.
    #[test]
    fn the_legacy_link_is_stable() {
        let fields = Fields {
            prev_hash: GENESIS,
            seq: 1,
            at: 1_893_456_010,
            actor: "fixture-maker",
            action: "tenant.create",
            target: "tenant:acme",
            reason: None,
            details: "{}",
        };
        assert_eq!(fields.legacy_hash().len(), 64);
        assert_ne!(fields.legacy_hash(), fields.keyed_hash(&key()));
    }
}
