//! `mfactl audit [--since] [--actor] [--target]` and `mfactl audit verify`.

use serde::Serialize;

use crate::cli::audit::{AuditArgs, AuditCommand};
use crate::commands::when;
use crate::core::audit::ChainKeys;
use crate::core::{audit, duration, time};
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::output::{self, List, Report};
use crate::paths;
use crate::store::{AuditFilter, Tx};

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
    ctx.store.read(|tx| {
        let mut list = List::table(
            ctx.json,
            &["SEQ", "AT", "ACTOR", "ACTION", "TARGET", "CHANGE", "REASON"],
            "No audit entries match.",
        )?;
        tx.each_audit_entry(&filter, &mut |e| {
            let view = EntryView {
                seq: e.seq,
                at: when(e.at),
                actor: e.actor,
                action: e.action,
                target: e.target,
                reason: e.reason,
                details: serde_json::from_str(&e.details)
                    .unwrap_or(serde_json::Value::String(e.details)),
            };
            list.push(&view, || {
                vec![
                    view.seq.to_string(),
                    view.at.clone(),
                    view.actor.clone(),
                    view.action.clone(),
                    view.target.clone(),
                    change(&view.details),
                    view.reason.clone().unwrap_or_default(),
                ]
            })
        })?;
        list.finish()
    })
}

/// What an entry changed, in a few words for the table: each setting that differs
/// between `before` and `after` (`enabled false → true`), or the new state of a flag
/// (`enforce_mfa → off`). JSON carries the details whole.
fn change(details: &serde_json::Value) -> String {
    use serde_json::Value;
    let shown = |value: &Value| match value {
        Value::String(text) => text.clone(),
        Value::Null => "-".to_owned(),
        other => other.to_string(),
    };
    if let (Some(Value::Object(before)), Some(Value::Object(after))) =
        (details.get("before"), details.get("after"))
    {
        return after
            .iter()
            // The grace period in seconds repeats the duration beside it.
            .filter(|(key, _)| key.as_str() != "grace_period_seconds")
            .filter(|(key, value)| before.get(key.as_str()) != Some(*value))
            .map(|(key, value)| {
                let old = before
                    .get(key.as_str())
                    .map_or_else(|| "-".to_owned(), shown);
                format!("{key} {old} → {}", shown(value))
            })
            .collect::<Vec<_>>()
            .join(", ");
    }
    ["enforce_mfa", "requires_2fa"]
        .iter()
        .filter_map(|flag| match details.get(*flag) {
            Some(Value::Bool(on)) => Some(format!("{flag} → {}", if *on { "on" } else { "off" })),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn verify(ctx: &Ctx) -> Result<Report> {
    // The whole chain is checked from a cursor, in one read transaction.
    let (chain, keyed_store) = ctx.store.read(|tx| check_chain(tx, &ctx.chain))?;
    // The chain first (it names the entry that was changed), then what this machine saw;
    // a finding of the latter keeps its hint, which names this machine's record.
    let checked = chain.map_err(|broken| (broken, None)).and_then(|verified| {
        check_witness(ctx)
            .map(|()| verified)
            .map_err(|cut| (cut.message, cut.hint))
    });
    match checked {
        Ok(verified) => {
            let mut text = format!(
                "The audit log is intact: {}, each chained to the one before by a MAC of the store's key.",
                crate::output::plural(verified.entries, "entry")
            );
            if verified.legacy > 0 {
                text.push_str(&format!(
                    "\nThe first {} entries were written before the chain was keyed (plain SHA-256 links); every later entry vouches for them.",
                    verified.legacy
                ));
            }
            if !keyed_store {
                text = format!(
                    "The audit log is intact: {}, but its chain is not keyed yet (a read-only store of schema 1).",
                    crate::output::plural(verified.entries, "entry")
                );
            }
            Report::done(
                &serde_json::json!({
                    "ok": true,
                    "entries": verified.entries,
                    "legacy_entries": verified.legacy,
                    "keyed": keyed_store,
                }),
                text,
            )
        }
        Err((broken, hint)) => Err(Error::integrity(format!(
            "the audit log was altered: {broken}"
        ))
        .with_hint(hint.unwrap_or_else(|| {
            "restore the store from a backup and investigate who changed it".to_owned()
        }))),
    }
}

/// Checks the audit chain of the store of `tx` with `chain` (each entry with the key it
/// was written under), entry by entry from a cursor: the counts, or a sentence naming
/// the first broken entry; and whether the store's key is recorded (a keyed chain is
/// then required).
pub fn check_chain(
    tx: &Tx<'_>,
    chain: &ChainKeys,
) -> Result<(std::result::Result<audit::Verified, String>, bool)> {
    let keyed_store = tx.key_record()?.check.is_some();
    let head = match tx.audit_head() {
        Ok(head) => head,
        Err(e) => return Ok((Err(e.message), keyed_store)),
    };
    let mut verifier = match audit::Verifier::new(head.as_ref(), chain, keyed_store) {
        Ok(verifier) => verifier,
        Err(broken) => return Ok((Err(broken), keyed_store)),
    };
    let mut broken = None;
    tx.each_audit_entry(&AuditFilter::default(), &mut |entry| {
        if let Err(found) = verifier.check(&entry) {
            broken = Some(found);
            return Ok(false);
        }
        Ok(true)
    })?;
    Ok((broken.map_or_else(|| verifier.finish(), Err), keyed_store))
}

/// Checks the store against what this machine last saw at its path: the same store (by
/// its id), still holding the entry that was then the end of its log, unchanged. A log
/// cut back to an older (authentic) end, or another store put in this one's place, is
/// noticed here although it verifies on its own.
pub fn check_witness(ctx: &Ctx) -> Result<()> {
    check_witness_of(&ctx.store, &ctx.store_id)
}

/// `check_witness` of the store `store` whose id is `store_id`.
pub fn check_witness_of(store: &crate::store::Store, store_id: &str) -> Result<()> {
    if store_id.is_empty() {
        return Ok(());
    }
    let Some(path) = paths::witness_path(&store.place()) else {
        return Ok(());
    };
    let Some(seen) = paths::read_witness(&path) else {
        return Ok(());
    };
    witness_holds(store, store_id, &path, &seen)
}

/// Whether the store still holds what this machine saw of it (`seen`, read from
/// `path`): the same store id, and the entry that was then the end of its log.
fn witness_holds(
    store: &crate::store::Store,
    store_id: &str,
    path: &std::path::Path,
    seen: &paths::Witness,
) -> Result<()> {
    let hint = format!(
        "restore the store from a backup and investigate; if it was replaced on purpose, remove {} (this machine's record of it)",
        output::quoted(&path.to_string_lossy())
    );
    if seen.store_id != store_id {
        return Err(Error::integrity(format!(
            "another store is at {} than this machine saw there (its id changed)",
            store.location()
        ))
        .with_hint(hint));
    }
    let entry = store.read(|tx| tx.audit_entry(seen.seq))?;
    if entry.is_some_and(|entry| entry.hash == seen.hash) {
        return Ok(());
    }
    Err(Error::integrity(format!(
        "the audit log was cut back or rewritten: this machine saw entry {} as its end, and the store no longer has it",
        seen.seq
    ))
    .with_hint(hint))
}

/// Records the end of the log as this machine sees it now, when it extends what was
/// seen before (a cut-back log, or another store, is never recorded as seen). The
/// record is read, checked and replaced under `paths::lock_witnesses`, so it only ever
/// moves on, whatever other commands end meanwhile.
pub fn record_witness(ctx: &Ctx) {
    if ctx.store_id.is_empty() {
        return;
    }
    let Some(path) = paths::witness_path(&ctx.store.place()) else {
        return;
    };
    let Ok(Some(head)) = ctx.store.read(|tx: &crate::store::Tx<'_>| tx.audit_head()) else {
        return;
    };
    let (seq, hash) = head.end();
    if seq <= 0 {
        return;
    }
    let Some(_held) = paths::lock_witnesses(&path) else {
        return;
    };
    let extends = match paths::read_witness(&path) {
        None => true,
        Some(seen) => {
            seq > seen.seq && witness_holds(&ctx.store, &ctx.store_id, &path, &seen).is_ok()
        }
    };
    if extends {
        let witness = paths::Witness {
            store_id: ctx.store_id.clone(),
            seq,
            hash: hash.to_owned(),
        };
        paths::write_witness(&path, &witness);
    }
}
