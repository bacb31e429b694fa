//! The append-only audit log as every store keeps it: `AuditStore`, whose chaining
//! (append, key, read the head) is written once here on top of each backend's reads and
//! writes of rows, and `AuditFilter`. The chain rules live in `core::audit`; the SQL in
//! `sqlite/audit.rs` and `postgres/audit.rs`.

use crate::core::audit::{ChainKey, Entry, Head, NewEntry, entry_hash, link_intact, next_link};
use crate::error::{Error, Result};
use crate::store::MetaStore;

/// The `meta` key holding the recorded end of the chain (`core::audit::Head`).
pub(crate) const HEAD_KEY: &str = "audit_head";

/// Which entries `each_audit_entry` yields; `None` matches all.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub since: Option<i64>,
    pub actor: Option<String>,
    /// A substring of the target.
    pub target: Option<String>,
}

/// The audit log of a store. A backend implements the row reads and writes; the
/// chaining is the same for every backend.
pub trait AuditStore: MetaStore {
    /// The entry at `seq`, if there is one.
    fn audit_entry(&self, seq: i64) -> Result<Option<Entry>>;

    /// Writes an entry, chained and hashed already (only `append_audit` calls it).
    fn insert_audit_entry(&self, entry: &Entry) -> Result<()>;

    /// Hands the entries matching `wanted` to `each`, oldest first, from a cursor
    /// (memory stays flat); `each` returns false to stop.
    fn each_audit_entry(
        &self,
        wanted: &AuditFilter,
        each: &mut dyn FnMut(Entry) -> Result<bool>,
    ) -> Result<()>;

    /// Appends an entry chained to the last one. Call it inside the `write` that makes
    /// the change, so the change and its record commit together. Refuses to extend a
    /// head that was not written with `key` (that would hide a rewrite).
    fn append_audit(&self, now: i64, actor: &str, entry: &NewEntry, key: &ChainKey) -> Result<i64> {
        append_signed(self, now, actor, entry, key, key)
    }

    /// Appends the entry of a `store rekey`: the recorded head and the last entry are
    /// checked with the key the log was written under (`old`), and the entry and the new
    /// head are written with the new key (`new`), under which the log carries on. The
    /// entry links to the last one of the old key, so those keep their MACs and verify
    /// with the old key (`core::audit::ChainKeys`).
    fn append_audit_rekeyed(
        &self,
        now: i64,
        actor: &str,
        entry: &NewEntry,
        old: &ChainKey,
        new: &ChainKey,
    ) -> Result<i64> {
        append_signed(self, now, actor, entry, old, new)
    }

    /// Starts the keyed chain of a new store, or keys the chain of a schema-1 store: its
    /// entries keep their SHA-256 links and every entry after them is keyed. Returns how
    /// many entries were written before keying.
    fn key_audit_chain(&self, key: &ChainKey) -> Result<i64> {
        let (seq, hash) = match self.audit_head()? {
            None => (0, crate::core::audit::GENESIS.to_owned()),
            Some(Head::Legacy { seq, hash }) => (seq, hash),
            Some(Head::Keyed { .. }) => {
                return Err(Error::integrity("the audit log is already keyed"));
            }
        };
        self.set_meta(HEAD_KEY, &Head::keyed(key, seq, &hash, seq + 1).encode())?;
        Ok(seq)
    }

    /// The recorded end of the chain, if there is one.
    fn audit_head(&self) -> Result<Option<Head>> {
        match self.meta(HEAD_KEY)? {
            None => Ok(None),
            Some(text) => Head::parse(&text).map(Some).ok_or_else(|| {
                Error::integrity("the recorded end of the audit log is unreadable")
                    .with_hint("run `mfactl audit verify`, and restore the store from a backup")
            }),
        }
    }
}

/// Appends an entry chained to the last one: the head and the last entry checked with
/// `check`, the entry and the new head written with `sign` (the same key but at a rekey).
fn append_signed<T: AuditStore + ?Sized>(
    tx: &T,
    now: i64,
    actor: &str,
    entry: &NewEntry,
    check: &ChainKey,
    sign: &ChainKey,
) -> Result<i64> {
    let head = tx.audit_head()?;
    let refuse = |why: &str| {
        Error::integrity(format!("cannot extend the audit log: {why}"))
            .with_hint("run `mfactl audit verify`, and restore the store from a backup")
    };
    let (seq, prev_hash, keyed_from) =
        next_link(head.as_ref(), check).map_err(|why| refuse(&why))?;
    // The entry the new one is chained to must be the one the head names, intact:
    // extending a visibly edited end would vouch for it.
    if seq > 1 {
        match tx.audit_entry(seq - 1)? {
            Some(last) if last.hash == prev_hash && link_intact(&last, check, keyed_from) => {}
            _ => return Err(refuse("its last entry was changed or removed")),
        }
    }
    let details = entry.details.to_string();
    let hash = entry_hash(
        sign,
        &prev_hash,
        seq,
        now,
        actor,
        &entry.action,
        &entry.target,
        entry.reason.as_deref(),
        &details,
    );
    let new_head = Head::keyed(sign, seq, &hash, keyed_from).encode();
    tx.insert_audit_entry(&Entry {
        seq,
        at: now,
        actor: actor.to_owned(),
        action: entry.action.clone(),
        target: entry.target.clone(),
        reason: entry.reason.clone(),
        details,
        prev_hash,
        hash,
    })?;
    tx.set_meta(HEAD_KEY, &new_head)?;
    Ok(seq)
}
