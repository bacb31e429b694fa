//! `store copy`'s view of a store: every table and column once, for both backends, in
//! an order that keeps foreign keys satisfied row by row; a neutral value type; and
//! `CopyStore`, which streams a table's rows out of one store and into another. Rows
//! go from the source's cursor to the target's writer one at a time, so memory stays
//! flat whatever the store's size. No SQL here: `sqlite/copy.rs` and `postgres/copy.rs`.

use crate::error::Result;

/// What a column holds. The backends differ in how, never in what: SQLite keeps flags
/// as 0/1 INTEGER and bytes as BLOB, PostgreSQL as BOOLEAN and BYTEA.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Int,
    Bool,
    Text,
    Bytes,
}

/// A value of one column of one row, as it moves between stores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Null,
    Int(i64),
    Bool(bool),
    Text(String),
    Bytes(Vec<u8>),
}

/// A table as `store copy` copies it.
#[derive(Debug)]
pub struct Table {
    pub name: &'static str,
    /// Its columns, the primary key first (the order rows are read in).
    pub columns: &'static [(&'static str, Kind)],
    /// Whether `id` is given by a sequence on PostgreSQL (an identity column), which the
    /// copy moves past the copied ids.
    pub identity: bool,
}

impl Table {
    /// The column names, comma separated.
    pub fn column_list(&self) -> String {
        self.columns
            .iter()
            .map(|(name, _)| *name)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The columns rows are read in order of: the first, or both of a pair table.
    pub fn order_by(&self) -> String {
        let key = if self
            .columns
            .first()
            .is_some_and(|(name, _)| *name == "id" || *name == "seq" || *name == "key")
        {
            1
        } else {
            2
        };
        self.columns
            .iter()
            .take(key)
            .map(|(name, _)| *name)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

use Kind::{Bool, Bytes, Int, Text};

/// Every table of the newest schema with every column, parents before children. A
/// test compares this list with the SQLite schema; the PostgreSQL schema is its
/// translation, column for column.
pub const TABLES: &[Table] = &[
    Table {
        name: "meta",
        columns: &[("key", Text), ("value", Text)],
        identity: false,
    },
    Table {
        name: "tenants",
        columns: &[
            ("id", Int),
            ("name", Text),
            ("created_at", Int),
            ("twofa_enabled", Bool),
            ("primary_method", Text),
            ("secondary_method", Text),
            ("grace_period_secs", Int),
            ("members_may_deactivate", Bool),
            ("remember_device_days", Int),
        ],
        identity: true,
    },
    Table {
        name: "companies",
        columns: &[
            ("id", Int),
            ("tenant_id", Int),
            ("slug", Text),
            ("enforce_mfa", Bool),
            ("created_at", Int),
        ],
        identity: true,
    },
    Table {
        name: "users",
        columns: &[
            ("id", Int),
            ("tenant_id", Int),
            ("company_id", Int),
            ("email", Text),
            ("kind", Text),
            ("password_hash", Text),
            ("password_changed_at", Int),
            ("created_at", Int),
            ("totp_secret", Bytes),
            ("totp_enrolled_at", Int),
            ("pending_secret", Bytes),
            ("pending_created_at", Int),
            ("failed_attempts", Int),
            ("locked_until", Int),
            ("grace_started_at", Int),
            ("credential_epoch", Int),
            ("reset_at", Int),
            ("pending_proof", Text),
            ("totp_algorithm", Text),
            ("totp_digits", Int),
            ("totp_period", Int),
        ],
        identity: true,
    },
    Table {
        name: "recovery_codes",
        columns: &[
            ("id", Int),
            ("user_id", Int),
            ("code_hash", Text),
            ("used_at", Int),
        ],
        identity: true,
    },
    Table {
        name: "devices",
        columns: &[
            ("id", Text),
            ("user_id", Int),
            ("token_hash", Text),
            ("created_at", Int),
            ("last_used_at", Int),
            ("credential_epoch", Int),
            ("factor", Text),
        ],
        identity: false,
    },
    Table {
        name: "roles",
        columns: &[
            ("id", Int),
            ("tenant_id", Int),
            ("name", Text),
            ("requires_2fa", Bool),
        ],
        identity: true,
    },
    Table {
        name: "user_roles",
        columns: &[("user_id", Int), ("role_id", Int)],
        identity: false,
    },
    Table {
        name: "groups",
        columns: &[("id", Int), ("tenant_id", Int), ("name", Text)],
        identity: true,
    },
    Table {
        name: "group_members",
        columns: &[("group_id", Int), ("user_id", Int)],
        identity: false,
    },
    Table {
        name: "group_roles",
        columns: &[("group_id", Int), ("role_id", Int)],
        identity: false,
    },
    Table {
        name: "totp_steps",
        columns: &[
            ("id", Int),
            ("user_id", Int),
            ("step", Int),
            ("accepted_at", Int),
        ],
        identity: true,
    },
    Table {
        name: "mail_server",
        columns: &[
            ("id", Int),
            ("implicit_tls", Bool),
            ("host", Text),
            ("port", Int),
            ("username", Text),
            ("password", Bytes),
            ("from_address", Text),
            ("ca_pem", Text),
            ("set_at", Int),
            ("mac", Text),
        ],
        identity: false,
    },
    Table {
        name: "email_codes",
        columns: &[
            ("id", Int),
            ("user_id", Int),
            ("purpose", Text),
            ("code_hash", Text),
            ("sent_at", Int),
            ("delivered", Bool),
            ("guesses", Int),
            ("used_at", Int),
        ],
        identity: true,
    },
    Table {
        name: "access_passes",
        columns: &[
            ("user_id", Int),
            ("pass_hash", Text),
            ("issued_at", Int),
            ("expires_at", Int),
        ],
        identity: false,
    },
    Table {
        name: "audit_log",
        columns: &[
            ("seq", Int),
            ("at", Int),
            ("actor", Text),
            ("action", Text),
            ("target", Text),
            ("reason", Text),
            ("details", Text),
            ("prev_hash", Text),
            ("hash", Text),
        ],
        identity: false,
    },
];

/// Hands rows to the target of a copy, one at a time.
pub type RowSink<'s> = dyn FnMut(&[Value]) -> Result<()> + 's;

/// Reading a whole table out of a store, and writing one into an empty store.
pub trait CopyStore {
    /// Hands every row of `table` to `each`, in primary key order, from a cursor.
    fn each_row(&self, table: &Table, each: &mut RowSink<'_>) -> Result<()>;

    /// Readies this store, in its write transaction, to receive a copy; or says, a few
    /// words each, what it holds that stops one, and changes nothing. SQLite (a new
    /// file, or a store made empty): rows in any table but `meta`, and triggers, which
    /// could change rows on their way in. PostgreSQL: the database must hold nothing at
    /// all, not even mfactl's tables (see `schema::create_in_empty_database`); the
    /// schema is then made in this transaction, so that it is mfactl's own (no trigger,
    /// constraint, domain or shadowing schema planted in it) and a failed copy leaves
    /// the database as it was.
    fn prepare_copy_target(&self) -> Result<Vec<String>>;

    /// Removes every row of `table` (the `meta` of an empty target, which records a key
    /// and id the copy replaces with the source's).
    fn clear_table(&self, table: &Table) -> Result<()>;

    /// Writes the rows `feed` hands to the sink it is given into `table`, ids as they
    /// are; returns how many. SQLite: a cached INSERT; PostgreSQL: `COPY … FROM STDIN`.
    fn copy_rows(
        &self,
        table: &Table,
        feed: &mut dyn FnMut(&mut RowSink<'_>) -> Result<()>,
    ) -> Result<u64>;

    /// After every table: makes new rows get ids past the copied ones (PostgreSQL moves
    /// each identity sequence; SQLite needs nothing).
    fn finish_copy(&self) -> Result<()>;
}

/// Copies every table of `from` into `to` (an empty store, in its write transaction),
/// calling `row` with the table's name for each row written and `copied` with each
/// table's name and row count. The target's `meta` is replaced by the source's: the same
/// store id and key record, so the audit chain (keyed from the store id) verifies on the
/// copy.
pub fn copy_tables(
    from: &dyn CopyStore,
    to: &dyn CopyStore,
    row: &mut dyn FnMut(&'static str),
    copied: &mut dyn FnMut(&'static str, u64),
) -> Result<()> {
    for table in TABLES {
        if table.name == "meta" {
            to.clear_table(table)?;
        }
        let rows = to.copy_rows(table, &mut |sink| {
            from.each_row(table, &mut |values| {
                sink(values)?;
                row(table.name);
                Ok(())
            })
        })?;
        copied(table.name, rows);
    }
    to.finish_copy()
}
