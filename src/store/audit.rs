//! The append-only audit log: appending in the caller's transaction, reading, filtering.

use rusqlite::{Row, params};

use crate::core::audit::{Entry, GENESIS, NewEntry, entry_hash};
use crate::error::Result;
use crate::store::{Tx, sql_error};

/// The `meta` key holding `seq:hash` of the last entry.
const HEAD_KEY: &str = "audit_head";

/// Which entries `audit_entries` returns; `None` matches all.
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
    /// the change, so the change and its record commit together.
    pub fn append_audit(&self, now: i64, actor: &str, entry: &NewEntry) -> Result<i64> {
        let (last_seq, prev_hash) = match self.meta(HEAD_KEY)? {
            Some(head) => match head.split_once(':') {
                Some((seq, hash)) => (seq.parse::<i64>().unwrap_or(0), hash.to_owned()),
                None => (0, GENESIS.to_owned()),
            },
            None => (0, GENESIS.to_owned()),
        };
        let seq = last_seq + 1;
        let details = entry.details.to_string();
        let hash = entry_hash(
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
        self.set_meta(HEAD_KEY, &format!("{seq}:{hash}"))?;
        Ok(seq)
    }

    /// The recorded end of the chain: last seq and hash.
    pub fn audit_head(&self) -> Result<Option<(i64, String)>> {
        Ok(self.meta(HEAD_KEY)?.and_then(|head| {
            let (seq, hash) = head.split_once(':')?;
            Some((seq.parse().ok()?, hash.to_owned()))
        }))
    }

    /// Entries matching `filter`, oldest first.
    pub fn audit_entries(&self, filter: &AuditFilter) -> Result<Vec<Entry>> {
        let mut stmt = self
            .prepare(
                "SELECT seq, at, actor, action, target, reason, details, prev_hash, hash FROM audit_log \
                 WHERE (?1 IS NULL OR at >= ?1) AND (?2 IS NULL OR actor = ?2) AND (?3 IS NULL OR instr(target, ?3) > 0) \
                 ORDER BY seq",
            )
            .map_err(sql_error("reading the audit log"))?;
        let rows = stmt
            .query_map(
                params![filter.since, filter.actor, filter.target],
                entry_row,
            )
            .map_err(sql_error("reading the audit log"))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(sql_error("reading the audit log"))
    }
}
