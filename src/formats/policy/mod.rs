//! The policy file (SPEC §7), TOML: `read` parses it into `core::plan::Policy` with
//! the line and column of everything in it, `write` writes tenants back (`policy
//! export`), and `schema` is its JSON Schema, built from the same keys.

pub mod read;
pub mod schema;
pub mod write;

pub use read::{VERSION, parse};
