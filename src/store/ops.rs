//! Operations on a whole store (issue 20): what `store check` reads (the database's own
//! integrity, every sealed secret, what has expired) and what `store rekey` rewrites
//! (every sealed secret, every keyed hash), in batches of rows in key order, so a store
//! of a million users is read and rewritten in flat memory; and `store backup`'s copy.
//!
//! What every store does here (`OpsStore`) and the types it returns; the SQL is in
//! `sqlite/ops.rs` and `postgres/ops.rs`.

use crate::error::Result;

/// How many rows a batch of `store check` or `store rekey` holds.
pub const OPS_BATCH: u32 = 2000;

/// A user's sealed secrets.
#[derive(Debug, Clone)]
pub struct SealedUser {
    pub id: i64,
    pub tenant: String,
    pub email: String,
    /// The TOTP secret of an enrolled user.
    pub totp: Option<Vec<u8>>,
    /// The secret of a pending enrolment.
    pub pending: Option<Vec<u8>>,
}

/// A table of keyed hashes of codes and tokens, which `store rekey` wraps under the new
/// key (`secrets::Key::rewrap`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashTable {
    RecoveryCodes,
    Devices,
    EmailCodes,
    AccessPasses,
}

impl HashTable {
    /// Every table of keyed hashes.
    pub const ALL: [HashTable; 4] = [
        HashTable::RecoveryCodes,
        HashTable::Devices,
        HashTable::EmailCodes,
        HashTable::AccessPasses,
    ];

    /// The table, its key column and its hash column.
    pub fn columns(self) -> (&'static str, &'static str, &'static str) {
        match self {
            HashTable::RecoveryCodes => ("recovery_codes", "id", "code_hash"),
            HashTable::Devices => ("devices", "id", "token_hash"),
            HashTable::EmailCodes => ("email_codes", "id", "code_hash"),
            HashTable::AccessPasses => ("access_passes", "user_id", "pass_hash"),
        }
    }

    /// Whether its key is text (a device's public id) rather than an integer.
    pub fn text_key(self) -> bool {
        self == HashTable::Devices
    }

    /// What one row is, for people: "recovery code", …
    pub fn noun(self) -> &'static str {
        match self {
            HashTable::RecoveryCodes => "recovery code",
            HashTable::Devices => "remembered device",
            HashTable::EmailCodes => "email code",
            HashTable::AccessPasses => "access pass",
        }
    }
}

/// The key of a row of a `HashTable`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowKey {
    Int(i64),
    Text(String),
}

/// A row of a `HashTable`: its key and its hash.
#[derive(Debug, Clone)]
pub struct HashedRow {
    pub key: RowKey,
    pub hash: String,
}

/// What has expired in a store (not an error: each is refused when it is used).
#[derive(Debug, Clone, Copy, Default)]
pub struct Expired {
    /// Pending enrolments that can no longer be finished.
    pub pending_enrolments: i64,
    pub access_passes: i64,
}

/// Reading and rewriting a whole store.
pub trait OpsStore {
    /// What the database finds wrong with itself, at most `limit` sentences (none: all
    /// is well). SQLite: `PRAGMA integrity_check` and `PRAGMA foreign_key_check`;
    /// PostgreSQL (whose schema and session were checked when it was opened): every
    /// foreign key's references resolved, every constraint validated.
    fn database_problems(&self, limit: u32) -> Result<Vec<String>>;

    /// The users holding a sealed secret (TOTP or pending) whose id is above `after`, in
    /// id order, at most `limit`.
    fn sealed_users(&self, after: i64, limit: u32) -> Result<Vec<SealedUser>>;

    /// Writes the sealed secrets of these users (`store rekey`), both columns.
    fn reseal_users(&self, users: &[SealedUser]) -> Result<()>;

    /// The rows of `table` whose key is above `after` (all when `None`), in key order,
    /// at most `limit`.
    fn hashed_rows(
        &self,
        table: HashTable,
        after: Option<&RowKey>,
        limit: u32,
    ) -> Result<Vec<HashedRow>>;

    /// Writes the hashes of these rows of `table` (`store rekey`).
    fn set_hashes(&self, table: HashTable, rows: &[HashedRow]) -> Result<()>;

    /// How many pending enrolments started at or before `pending_started_by` (expired
    /// now), and how many access passes expired at or before `now`.
    fn expired(&self, pending_started_by: i64, now: i64) -> Result<Expired>;
}
