//! The store behind every command: what commands see of it.
//!
//! The SQLite store lives in `sqlite/` (its SQL, migrations and transactions).

mod sqlite;

pub use sqlite::*;
