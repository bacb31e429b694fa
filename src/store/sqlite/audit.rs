//! SQLite's `AuditStore`: reading, writing and filtering the rows of `audit_log`. The
//! chaining is `store::AuditStore`'s, the chain rules `core::audit`'s.

use rusqlite::{OptionalExtension, Row, params};

use super::{SqliteTx, filter, sql_error};
use crate::core::audit::Entry;
use crate::error::Result;
use crate::store::{AuditFilter, AuditStore};

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

impl AuditStore for SqliteTx<'_> {
    fn audit_entry(&self, seq: i64) -> Result<Option<Entry>> {
        self.prepare_cached(
            "SELECT seq, at, actor, action, target, reason, details, prev_hash, hash FROM audit_log WHERE seq = ?1",
        )
        .and_then(|mut stmt| stmt.query_row([seq], entry_row).optional())
        .map_err(sql_error("reading the audit log"))
    }

    fn insert_audit_entry(&self, entry: &Entry) -> Result<()> {
        self.prepare_cached(
            "INSERT INTO audit_log (seq, at, actor, action, target, reason, details, prev_hash, hash) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )
        .and_then(|mut stmt| {
            stmt.execute(params![
                entry.seq,
                entry.at,
                entry.actor,
                entry.action,
                entry.target,
                entry.reason,
                entry.details,
                entry.prev_hash,
                entry.hash
            ])
        })
        .map_err(sql_error("writing the audit log"))?;
        Ok(())
    }

    fn each_audit_entry(
        &self,
        wanted: &AuditFilter,
        each: &mut dyn FnMut(Entry) -> Result<bool>,
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
