//! The append-only audit log: appending in the caller's transaction, keying the chain of
//! a schema-1 store, reading and filtering. The chain rules live in `core::audit`.

use rusqlite::{Row, params};

use crate::core::audit::{ChainKey, Entry, Head, NewEntry, entry_hash, link_intact, next_link};
use crate::error::{Error, Result};
use crate::store::sqlite::{Tx, filter, sql_error};

/// The `meta` key holding the recorded end of the chain (`core::audit::Head`).
const HEAD_KEY: &str = "audit_head";

/// Which entries `each_audit_entry` yields; `None` matches all.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub since: Option<i64>,
    pub actor: Option<String>,
    /// A substring of the target.
    pub target: Option<String>,
}

fn entry_row(row: &Row<'_>) -> rusqlite::Result<Entry> {
    Ok(Entry {
        seq: row.get(0)?,
        at: row.get(1)?,
        actor: row.get(2)?,
        action: row.get(3)?,
        target: row.get(4)?,
        reason: row.get(5)?,
        details: row.get(6)?,
        prev_hash: row.get(7)?,
        hash: row.get(8)?,
    })
}

impl Tx<'_> {
    /// Appends an entry chained to the last one. Call it inside the `write` that makes
    /// the change, so the change and its record commit together. Refuses to extend a
    /// head that was not written with `key` (that would hide a rewrite).
    pub fn append_audit(
        &self,
        now: i64,
        actor: &str,
        entry: &NewEntry,
        key: &ChainKey,
    ) -> Result<i64> {
        let head = self.audit_head()?;
        let refuse = |why: &str| {
            Error::integrity(format!("cannot extend the audit log: {why}"))
                .with_hint("run `mfactl audit verify`, and restore the store from a backup")
        };
        let (seq, prev_hash, keyed_from) =
            next_link(head.as_ref(), key).map_err(|why| refuse(&why))?;
        // The entry the new one is chained to must be the one the head names, intact:
        // extending a visibly edited end would vouch for it.
        if seq > 1 {
            match self.audit_entry(seq - 1)? {
                Some(last) if last.hash == prev_hash && link_intact(&last, key, keyed_from) => {}
                _ => return Err(refuse("its last entry was changed or removed")),
            }
        }
        let details = entry.details.to_string();
        let hash = entry_hash(
            key,
            &prev_hash,
            seq,
            now,
            actor,
            &entry.action,
            &entry.target,
            entry.reason.as_deref(),
            &details,
        );
        self.execute(
            "INSERT INTO audit_log (seq, at, actor, action, target, reason, details, prev_hash, hash) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![seq, now, actor, entry.action, entry.target, entry.reason, details, prev_hash, hash],
        )
        .map_err(sql_error("writing the audit log"))?;
        self.set_meta(HEAD_KEY, &Head::keyed(key, seq, &hash, keyed_from).encode())?;
        Ok(seq)
    }

    /// Starts the keyed chain of a new store, or keys the chain of a schema-1 store: its
    /// entries keep their SHA-256 links and every entry after them is keyed. Returns how
    /// many entries were written before keying.
    pub fn key_audit_chain(&self, key: &ChainKey) -> Result<i64> {
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

    /// The entry at `seq`, if there is one.
    pub fn audit_entry(&self, seq: i64) -> Result<Option<Entry>> {
        use rusqlite::OptionalExtension;
        self.query_row(
            "SELECT seq, at, actor, action, target, reason, details, prev_hash, hash FROM audit_log WHERE seq = ?1",
            [seq],
            entry_row,
        )
        .optional()
        .map_err(sql_error("reading the audit log"))
    }

    /// The recorded end of the chain, if there is one.
    pub fn audit_head(&self) -> Result<Option<Head>> {
        match self.meta(HEAD_KEY)? {
            None => Ok(None),
            Some(text) => Head::parse(&text).map(Some).ok_or_else(|| {
                Error::integrity("the recorded end of the audit log is unreadable")
                    .with_hint("run `mfactl audit verify`, and restore the store from a backup")
            }),
        }
    }

    /// Hands the entries matching `wanted` to `each`, oldest first, from a cursor
    /// (memory stays flat); `each` returns false to stop.
    pub fn each_audit_entry(
        &self,
        wanted: &AuditFilter,
        mut each: impl FnMut(Entry) -> Result<bool>,
    ) -> Result<()> {
        let target = if wanted.target.is_some() {
            "instr(target, ?3) > 0"
        } else {
            "?3 IS NULL"
        };
        let since = if wanted.since.is_some() {
            "at >= ?1"
        } else {
            "?1 IS NULL"
        };
        let mut stmt = self
            .prepare(&format!(
                "SELECT seq, at, actor, action, target, reason, details, prev_hash, hash FROM audit_log \
                 WHERE {since} AND {} AND {target} ORDER BY seq",
                filter("actor", 2, wanted.actor.is_some()),
            ))
            .map_err(sql_error("reading the audit log"))?;
        let mut rows = stmt
            .query(params![wanted.since, wanted.actor, wanted.target])
            .map_err(sql_error("reading the audit log"))?;
        while let Some(row) = rows.next().map_err(sql_error("reading the audit log"))? {
            let entry = entry_row(row).map_err(sql_error("reading the audit log"))?;
            if !each(entry)? {
                break;
            }
        }
        Ok(())
    }
}
