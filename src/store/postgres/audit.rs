//! PostgreSQL's `AuditStore`: reading, writing and filtering the rows of `audit_log`.
//! The chaining is `store::AuditStore`'s, the chain rules `core::audit`'s; appends are
//! serialised by the write lock every write transaction holds (`database.rs`), so
//! concurrent writers on many machines append one after another, in order.

use postgres::Row;
use postgres::types::ToSql;

use super::tx::{PgTx, get};
use crate::core::audit::Entry;
use crate::error::Result;
use crate::store::{AuditFilter, AuditStore};

const COLUMNS: &str = "seq, at, actor, action, target, reason, details, prev_hash, hash";

fn entry_row(row: &Row) -> Result<Entry> {
    Ok(Entry {
        seq: get(row, 0)?,
        at: get(row, 1)?,
        actor: get(row, 2)?,
        action: get(row, 3)?,
        target: get(row, 4)?,
        reason: get(row, 5)?,
        details: get(row, 6)?,
        prev_hash: get(row, 7)?,
        hash: get(row, 8)?,
    })
}

impl AuditStore for PgTx<'_> {
    fn audit_entry(&self, seq: i64) -> Result<Option<Entry>> {
        self.first(
            &format!("SELECT {COLUMNS} FROM audit_log WHERE seq = $1"),
            &[&seq],
            "reading the audit log",
            entry_row,
        )
    }

    fn insert_audit_entry(&self, entry: &Entry) -> Result<()> {
        self.exec(
            "INSERT INTO audit_log (seq, at, actor, action, target, reason, details, prev_hash, hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            &[
                &entry.seq,
                &entry.at,
                &entry.actor,
                &entry.action,
                &entry.target,
                &entry.reason,
                &entry.details,
                &entry.prev_hash,
                &entry.hash,
            ],
            "writing the audit log",
        )?;
        Ok(())
    }

    fn each_audit_entry(
        &self,
        wanted: &AuditFilter,
        each: &mut dyn FnMut(Entry) -> Result<bool>,
    ) -> Result<()> {
        let mut conditions: Vec<String> = Vec::new();
        let mut params: Vec<&(dyn ToSql + Sync)> = Vec::new();
        if let Some(since) = &wanted.since {
            params.push(since);
            conditions.push(format!("at >= ${}", params.len()));
        }
        if let Some(actor) = &wanted.actor {
            params.push(actor);
            // SQLite compares the actor as bytes (the column has no collation).
            conditions.push(format!("actor = ${}", params.len()));
        }
        if let Some(target) = &wanted.target {
            params.push(target);
            // instr(target, ?) > 0 on SQLite: a substring, case and all, no wildcards.
            conditions.push(format!("strpos(target, ${}) > 0", params.len()));
        }
        let filter = if conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conditions.join(" AND "))
        };
        self.each_row(
            &format!("SELECT {COLUMNS} FROM audit_log{filter} ORDER BY seq"),
            &params,
            "reading the audit log",
            &mut |row| each(entry_row(row)?),
        )
    }
}
