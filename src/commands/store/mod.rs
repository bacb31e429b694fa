//! `mfactl store …`: `info` (here: which store and key file are in use, and what the
//! store holds), `copy` (the whole store into another, empty one), and the operations
//! of issue 20: `check` (everything that can be checked without a person), `rekey` (a
//! new key) and `backup` (a checked copy of a live store as a new SQLite file).

mod backup;
mod check;
mod copy;
mod rekey;

pub use backup::backup;
pub use check::{CheckSubject, check, run_checks};
pub use copy::copy;
pub use rekey::rekey;

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

/// A spinner on stderr with a message, while a terminal shows it (hidden with `--json`,
/// `-q`, or off a terminal).
fn spinner(ctx_quiet: bool, json: bool, terminal: bool, template: &str) -> indicatif::ProgressBar {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    if ctx_quiet || json || !terminal {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_style(
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}
