//! The PostgreSQL store's plumbing (SPEC §6, "PostgreSQL, for teams"): reading a libpq
//! URL and connecting with TLS through rustls (`connect`), and the numbered migrations
//! recorded in the database (`schema`, SQL in `sql/`, each file the translation of its
//! SQLite sibling in `store/sql/`).
//!
//! Nothing here decides policy, and nothing outside `store` sees a `postgres::Client`.

pub mod connect;
pub mod schema;

pub use connect::{PgEnv, ServerInfo, SslMode, Target};
pub use schema::{latest_version, open_schema};
