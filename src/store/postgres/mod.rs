//! The PostgreSQL store (SPEC §6, "PostgreSQL, for teams"): reading a libpq URL and
//! connecting with TLS through rustls (`connect`), the check every session and every
//! migration runs on the schema `mfactl` that holds the tables (`check`), the numbered
//! migrations recorded in the database (`schema`, SQL in `sql/`, each file the
//! translation of its SQLite sibling), the store and its transactions (`database`,
//! `tx`), and `PgTx`'s SQL for every trait of `store`, one file per table family
//! (`meta.rs`, `tenant.rs`, …), with the same observable behaviour as the SQLite store's.
//!
//! Nothing here decides policy, and nothing outside `store` sees a `postgres::Client`.

mod audit;
mod check;
mod company;
pub mod connect;
mod copy;
mod database;
mod factor;
mod group;
mod mail;
mod meta;
mod ops;
mod policy;
mod role;
pub mod schema;
mod tenant;
mod tx;
mod user;

pub use connect::{PgEnv, ServerInfo, SslMode, Target};
pub use database::PostgresStore;
pub use schema::{latest_version, open_schema};
pub use tx::PgTx;
