//! `mfactl store info`: which store and key file are in use, and what the store holds;
//! `mfactl store copy --to STORE`: the whole store copied into another, empty one.

use serde::Serialize;

use crate::commands::audit::check_chain;
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::output::{self, Report};
use crate::paths;
use crate::store::{self, Store};

/// The store as `store info` shows it.
#[derive(Debug, Serialize)]
struct StoreView {
    backend: &'static str,
    store: String,
    key_file: String,
    key_id: String,
    store_id: String,
    read_only: bool,
    size_bytes: u64,
    /// The server of a PostgreSQL store (absent for a file).
    #[serde(skip_serializing_if = "Option::is_none")]
    server: Option<ServerView>,
    schema_version: i64,
    schema_latest: i64,
    tenants: i64,
    companies: i64,
    users: i64,
    local_users: i64,
    sso_users: i64,
    enrolled: i64,
    roles: i64,
    groups: i64,
    audit_entries: i64,
}

/// The server of a PostgreSQL store as `store info` shows it (never the password).
#[derive(Debug, Serialize)]
struct ServerView {
    /// `host:port`.
    endpoint: String,
    database: String,
    user: String,
    version: String,
    /// The TLS version and cipher, `null` for a connection in plain text.
    tls: Option<String>,
    sslmode: &'static str,
    certificate_checked: bool,
}

pub fn info(ctx: &Ctx) -> Result<Report> {
    let counts = ctx.store.read(|tx: &store::Tx<'_>| tx.store_counts())?;
    let server = ctx.store.server_info()?.map(|info| ServerView {
        endpoint: info.endpoint,
        database: info.database,
        user: info.user,
        version: info.server_version,
        tls: info.tls,
        sslmode: info.sslmode.name(),
        certificate_checked: info.certificate_checked,
    });
    let view = StoreView {
        backend: if server.is_some() {
            "postgresql"
        } else {
            "sqlite"
        },
        store: ctx.store.location(),
        key_file: ctx.key_path.display().to_string(),
        key_id: ctx.key.id(),
        store_id: ctx.store_id.clone(),
        read_only: ctx.store.is_read_only(),
        size_bytes: ctx.store.size_bytes()?,
        server,
        schema_version: counts.schema_version,
        schema_latest: store::latest_version(),
        tenants: counts.tenants,
        companies: counts.companies,
        users: counts.users,
        local_users: counts.local_users,
        sso_users: counts.sso_users,
        enrolled: counts.enrolled,
        roles: counts.roles,
        groups: counts.groups,
        audit_entries: counts.audit_entries,
    };
    let schema = if view.schema_version == view.schema_latest {
        format!("{} (current)", view.schema_version)
    } else {
        format!(
            "{} (this mfactl knows {})",
            view.schema_version, view.schema_latest
        )
    };
    let mut fields = vec![("store", format!("{} (SQLite)", view.store))];
    if let Some(server) = &view.server {
        let tls = match &server.tls {
            Some(tls) if server.certificate_checked => format!("{tls}, certificate checked"),
            Some(tls) => format!("{tls}, certificate not checked"),
            None => "off (plain text)".to_owned(),
        };
        fields = vec![
            ("store", format!("{} (PostgreSQL)", view.store)),
            (
                "server",
                format!("{} (PostgreSQL {})", server.endpoint, server.version),
            ),
            ("database", server.database.clone()),
            ("user", server.user.clone()),
            ("tls", format!("{tls}; sslmode={}", server.sslmode)),
        ];
    }
    fields.extend([
        (
            "key file",
            format!("{} (key id {})", view.key_file, view.key_id),
        ),
        (
            "access",
            if view.read_only {
                "read-only"
            } else {
                "read-write"
            }
            .into(),
        ),
        ("size", output::plural(view.size_bytes, "byte")),
        ("schema", schema),
        ("tenants", view.tenants.to_string()),
        ("companies", view.companies.to_string()),
        (
            "users",
            format!(
                "{} ({} local, {} SSO)",
                view.users, view.local_users, view.sso_users
            ),
        ),
        (
            "enrolled",
            format!(
                "{} of {}",
                view.enrolled,
                output::plural(view.local_users, "local user")
            ),
        ),
        ("roles", view.roles.to_string()),
        ("groups", view.groups.to_string()),
        ("audit entries", view.audit_entries.to_string()),
    ]);
    let text = output::fields(&fields);
    Report::data(&view, text)
}

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
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    if ctx.quiet || ctx.json || !ctx.stderr.terminal {
        return ProgressBar::hidden();
    }
    ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_style(
        ProgressStyle::with_template("{spinner} {pos} rows copied ({msg})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
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
