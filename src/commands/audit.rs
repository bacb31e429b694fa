//! `mfactl audit [--since] [--actor] [--target]` and `mfactl audit verify`.

use serde::Serialize;

use crate::cli::audit::{AuditArgs, AuditCommand};
use crate::commands::when;
use crate::core::{audit, duration, time};
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::output::{self, Report};
use crate::paths;
use crate::store::AuditFilter;

pub fn run(ctx: &Ctx, args: &AuditArgs, actor: Option<String>) -> Result<Report> {
    match args.command {
        Some(AuditCommand::Verify) => verify(ctx),
        None => list(ctx, args, actor),
    }
}

#[derive(Debug, Serialize)]
struct EntryView {
    seq: i64,
    at: String,
    actor: String,
    action: String,
    target: String,
    reason: Option<String>,
    details: serde_json::Value,
}

/// `--since`: a duration back from now, or an RFC 3339 date.
fn since(ctx: &Ctx, text: &str) -> Result<i64> {
    if let Some(at) = time::parse_rfc3339(text) {
        return Ok(at);
    }
    duration::parse(text).map(|secs| ctx.now() - secs).map_err(|_| {
        Error::usage(format!("invalid --since {text:?}"))
            .with_hint("give a duration (90m, 12h, 14d) or an RFC 3339 date (2026-11-01 or 2026-11-01T09:00:00Z)")
    })
}

fn list(ctx: &Ctx, args: &AuditArgs, actor: Option<String>) -> Result<Report> {
    let filter = AuditFilter {
        since: args.since.as_deref().map(|s| since(ctx, s)).transpose()?,
        actor,
        target: args.target.clone(),
    };
    let entries = ctx.store.read(|tx| tx.audit_entries(&filter))?;
    let views: Vec<EntryView> = entries
        .into_iter()
        .map(|e| EntryView {
            seq: e.seq,
            at: when(e.at),
            actor: e.actor,
            action: e.action,
            target: e.target,
            reason: e.reason,
            details: serde_json::from_str(&e.details)
                .unwrap_or(serde_json::Value::String(e.details)),
        })
        .collect();
    let rows: Vec<Vec<String>> = views
        .iter()
        .map(|v| {
            vec![
                v.seq.to_string(),
                v.at.clone(),
                v.actor.clone(),
                v.action.clone(),
                v.target.clone(),
                v.reason.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let text = if views.is_empty() {
        "No audit entries match.".to_owned()
    } else {
        output::table(&["SEQ", "AT", "ACTOR", "ACTION", "TARGET", "REASON"], &rows)
    };
    Report::data(&views, text)
}

fn verify(ctx: &Ctx) -> Result<Report> {
    let (entries, head, keyed_store) = ctx.store.read(|tx| {
        Ok((
            tx.audit_entries(&AuditFilter::default())?,
            tx.audit_head(),
            tx.key_record()?.check.is_some(),
        ))
    })?;
    // The chain first (it names the entry that was changed), then what this machine saw.
    let checked = head
        .map_err(|e| e.message)
        .and_then(|head| audit::verify(&entries, head.as_ref(), &ctx.chain_key, keyed_store))
        .and_then(|verified| {
            check_witness(ctx)
                .map(|()| verified)
                .map_err(|cut| cut.message)
        });
    match checked {
        Ok(verified) => {
            let mut text = format!(
                "The audit log is intact: {} entries, each chained to the one before by a MAC of the store's key.",
                verified.entries
            );
            if verified.legacy > 0 {
                text.push_str(&format!(
                    "\nThe first {} entries were written before the chain was keyed (plain SHA-256 links); every later entry vouches for them.",
                    verified.legacy
                ));
            }
            if !keyed_store {
                text = format!(
                    "The audit log is intact: {} entries, but its chain is not keyed yet (a read-only store of schema 1).",
                    verified.entries
                );
            }
            Report::data(
                &serde_json::json!({
                    "ok": true,
                    "entries": verified.entries,
                    "legacy_entries": verified.legacy,
                    "keyed": keyed_store,
                }),
                text,
            )
        }
        Err(broken) => Err(
            Error::integrity(format!("the audit log was altered: {broken}"))
                .with_hint("restore the store from a backup and investigate who changed it"),
        ),
    }
}

/// What this machine last saw as the end of the store's log, if it keeps a record.
fn witness(ctx: &Ctx) -> Option<(std::path::PathBuf, Option<(i64, String)>)> {
    if ctx.store_id.is_empty() {
        return None;
    }
    let path = paths::witness_path(&ctx.store_id).ok()?;
    let seen = paths::read_witness(&path);
    Some((path, seen))
}

/// Checks that the entry this machine last saw as the end of the log is still in it,
/// unchanged: a log cut back to an older (authentic) end is noticed here, although it
/// verifies on its own.
pub fn check_witness(ctx: &Ctx) -> Result<()> {
    let Some((path, Some((seq, hash)))) = witness(ctx) else {
        return Ok(());
    };
    let entry = ctx.store.read(|tx| tx.audit_entry(seq))?;
    if entry.is_some_and(|entry| entry.hash == hash) {
        return Ok(());
    }
    Err(Error::integrity(format!(
        "the audit log was cut back or rewritten: this machine saw entry {seq} as its end, and the store no longer has it"
    ))
    .with_hint(format!(
        "restore the store from a backup and investigate; if an older backup was restored on purpose, remove {} (this machine's record of the log)",
        output::quoted(&path.to_string_lossy())
    )))
}

/// Records the end of the log as this machine sees it now, when it extends what was
/// seen before (a cut-back log is never recorded as seen).
pub fn record_witness(ctx: &Ctx) {
    let Some((path, seen)) = witness(ctx) else {
        return;
    };
    let Ok(Some(head)) = ctx.store.read(|tx: &crate::store::Tx<'_>| tx.audit_head()) else {
        return;
    };
    let (seq, hash) = head.end();
    let extends = match &seen {
        None => true,
        Some((seen_seq, _)) => seq > *seen_seq && check_witness(ctx).is_ok(),
    };
    if extends && seq > 0 {
        paths::write_witness(&path, seq, hash);
    }
}
