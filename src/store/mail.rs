//! Email: the store's mail server, and the email codes sent to users.
//!
//! What every store does here (`MailStore`) and the types it returns; the SQL is in
//! `sqlite/mail.rs` and `postgres/mail.rs`.

use crate::core::email::{CodeFact, Purpose};
use crate::error::Result;

/// The mail server as stored (the password still sealed).
#[derive(Debug, Clone)]
pub struct MailServerRow {
    pub implicit_tls: bool,
    pub host: String,
    pub port: u16,
    pub username: Option<String>,
    pub sealed_password: Option<Vec<u8>>,
    pub from_address: String,
    pub ca_pem: Option<String>,
    pub set_at: i64,
    /// Keyed MAC of the other fields (`commands::email` makes and checks it).
    pub mac: String,
}

/// The mail server and the email codes of a store.
pub trait MailStore {
    /// The mail server, if one is set.
    fn mail_server(&self) -> Result<Option<MailServerRow>>;

    /// Sets the mail server, replacing the one set before.
    fn set_mail_server(&self, server: &MailServerRow) -> Result<()>;

    /// When codes were sent to a user (any purpose) since `since`: those delivered, and
    /// those whose send may still be running (reserved after `abandoned_before`). A send
    /// interrupted before that (Ctrl-C, a kill) counts for nothing and is forgotten.
    fn email_codes_sent_since(
        &self,
        user_id: i64,
        since: i64,
        abandoned_before: i64,
    ) -> Result<Vec<i64>>;

    /// Records a code about to be sent (not valid until `deliver_email_code`).
    fn reserve_email_code(
        &self,
        user_id: i64,
        purpose: Purpose,
        hash: &str,
        now: i64,
    ) -> Result<i64>;

    /// The mail with the code went out: it is the one that works now (the latest), and
    /// earlier codes of the same user and purpose stop working. Codes sent more than a
    /// day ago are forgotten (the hourly limit needs only the last hour).
    fn deliver_email_code(&self, id: i64, now: i64) -> Result<()>;

    /// The mail was not sent: the code never existed.
    fn drop_email_code(&self, id: i64) -> Result<()>;

    /// The latest delivered code of a user for a purpose.
    fn latest_email_code(&self, user_id: i64, purpose: Purpose) -> Result<Option<CodeFact>>;

    /// Counts a wrong guess at a code.
    fn guess_email_code(&self, id: i64) -> Result<()>;

    /// Uses a code up; false if it was used meanwhile.
    fn use_email_code(&self, id: i64, now: i64) -> Result<bool>;
}
