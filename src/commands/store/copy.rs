//! `mfactl store copy --to STORE`: the whole store copied into another, empty one.

use serde::Serialize;

use crate::commands::audit::check_chain;
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::output::{self, Report};
use crate::paths;
use crate::store::{self, Store};

/// What `store copy` reports.
#[derive(Debug, Serialize)]
struct CopyView {
    /// The source, as messages name it (a URL without its password).
    from: String,
    to: String,
    /// Rows copied, by table.
    tables: serde_json::Map<String, serde_json::Value>,
    rows: u64,
    /// Audit entries of the copy whose chain was verified before it was committed.
    audit_verified: usize,
}

/// A spinner on stderr counting the rows copied, while a terminal shows it.
fn progress(ctx: &Ctx) -> indicatif::ProgressBar {
    super::spinner(
        ctx.quiet,
        ctx.json,
        ctx.stderr.terminal,
        "{spinner} {pos} rows copied ({msg})",
    )
}

/// Readies the target for the copy (`CopyStore::prepare_copy_target`), or refuses it:
/// one that holds anything (8), or records another key (1).
fn check_target(ctx: &Ctx, tx: &store::Tx<'_>, to: &str) -> Result<()> {
    let found = tx.prepare_copy_target()?;
    if !found.is_empty() {
        // An mfactl store with data is named by what it holds; anything else by its
        // objects (a database of PostgreSQL must hold nothing, not even empty tables).
        let counts = tx
            .key_record()
            .ok()
            .filter(|record| record.has_data)
            .and_then(|_| tx.store_counts().ok());
        let holds = match counts {
            Some(counts) => format!(
                "{}, {} and {}",
                output::plural(counts.tenants, "tenant"),
                output::plural(counts.users, "user"),
                output::plural(counts.audit_entries, "audit entry"),
            ),
            None => found.join(", "),
        };
        return Err(Error::conflict(format!(
            "the store {to} is not empty: it holds {holds}; store copy writes only into a new file or a new, empty database"
        ))
        .with_hint("copy to a new file, or to a database made for it (CREATE DATABASE … OWNER …; drop and create it again after a copy that went wrong); nothing was changed"));
    }
    let record = tx.key_record()?;
    let other_key = record.check.as_ref().is_some_and(|c| *c != ctx.key.check())
        || record
            .legacy_id
            .as_ref()
            .is_some_and(|id| *id != ctx.key.legacy_id());
    if other_key {
        return Err(Error::environment(format!(
            "the store {to} records another key than the key file {}",
            ctx.key_path.display()
        ))
        .with_hint("a copy keeps the store's key: copy to a new file or an empty database"));
    }
    Ok(())
}

/// `store copy --to`: copies every table of the store in use into `target` (opened
/// and migrated by `app.rs`) in one write transaction, read from one snapshot; checks
/// the copy's audit chain before committing; adds no audit entry, so the copy is exact.
pub fn copy(ctx: &Ctx, target: &Store) -> Result<Report> {
    let from = ctx.store.location();
    let to = target.location();
    if target.place() == ctx.store.place() {
        return Err(Error::usage(format!(
            "--to names the store in use ({to}): store copy copies into another store"
        ))
        .with_hint("give --to a new file or an empty database"));
    }
    if ctx.store_id.is_empty() {
        return Err(Error::environment(format!(
            "the store {from} has not been upgraded to schema 2 yet, so it has no id to copy"
        ))
        .with_hint("open it once with write access (any mfactl command) to upgrade it"));
    }
    let mut tables = serde_json::Map::new();
    let mut rows = 0_u64;
    let bar = progress(ctx);
    let mut shown = "";
    let (verified, head) = ctx.store.read(|source| {
        target.write(|copy| {
            check_target(ctx, copy, &to)?;
            store::copy::copy_tables(
                source,
                copy,
                &mut |table| {
                    if table != shown {
                        shown = table;
                        bar.set_message(table);
                    }
                    bar.inc(1);
                },
                &mut |table, count| {
                    tables.insert(table.to_owned(), count.into());
                    rows += count;
                },
            )?;
            bar.set_message("verifying the audit log of the copy");
            let (chain, _) = check_chain(copy, &ctx.chain)?;
            let verified = chain.map_err(|broken| {
                Error::integrity(format!(
                    "the audit log does not verify on the copy, which was not made: {broken}"
                ))
                .with_hint(format!(
                    "run `mfactl audit verify` on {from}, and restore it from a backup"
                ))
            })?;
            Ok((verified, copy.audit_head()?))
        })
    })?;
    bar.finish_and_clear();
    // This machine's record of the copy's log, so that a later cut is noticed there too.
    if let (Some(head), Some(path)) = (head, paths::witness_path(&target.place())) {
        let (seq, hash) = head.end();
        if seq > 0 {
            paths::write_witness(
                &path,
                &paths::Witness {
                    store_id: ctx.store_id.clone(),
                    seq,
                    hash: hash.to_owned(),
                },
            );
        }
    }
    let count = |table: &str| {
        tables
            .get(table)
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0)
    };
    let mut text = format!(
        "Copied {}, {}, {}, {} and {} ({} in {} tables) from {from} to {to}; audit verify passes on the copy.",
        output::plural(count("tenants"), "tenant"),
        output::plural(count("companies"), "company"),
        output::plural(count("users"), "user"),
        output::plural(count("groups"), "group"),
        output::plural(count("audit_log"), "audit entry"),
        output::plural(rows, "row"),
        tables.len(),
    );
    if target.path().is_none() {
        text.push_str(&format!(
            "\nOpen it with the same key file: MFACTL_KEY_FILE={} mfactl --store {} …",
            output::quoted(&ctx.key_path.to_string_lossy()),
            output::quoted(&to)
        ));
    }
    let view = CopyView {
        from,
        to,
        tables,
        rows,
        audit_verified: verified.entries,
    };
    Report::done(&view, text)
}
