//! `mfactl store info`: which store and key file are in use, and what the store holds.

use serde::Serialize;

use crate::ctx::Ctx;
use crate::error::Result;
use crate::output::{self, Report};
use crate::store;

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

pub fn info(ctx: &Ctx) -> Result<Report> {
    let counts = ctx.store.read(|tx: &store::Tx<'_>| tx.store_counts())?;
    let path = ctx.store.path();
    // The WAL holds changes not yet checkpointed: the store's size is both files.
    let size = |p: &std::path::Path| std::fs::metadata(p).map_or(0, |m| m.len());
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let view = StoreView {
        backend: "sqlite",
        store: path.display().to_string(),
        key_file: ctx.key_path.display().to_string(),
        key_id: ctx.key.id(),
        store_id: ctx.store_id.clone(),
        read_only: ctx.store.is_read_only(),
        size_bytes: size(path) + size(std::path::Path::new(&wal)),
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
    let text = output::fields(&[
        ("store", format!("{} (SQLite)", view.store)),
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
    Report::data(&view, text)
}
