//! Email: the store's mail server, and the email codes sent to users.

use rusqlite::{OptionalExtension, params};

use crate::core::email::{CodeFact, Purpose};
use crate::error::Result;
use crate::store::sqlite::{Tx, sql_error};

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

impl Tx<'_> {
    pub fn mail_server(&self) -> Result<Option<MailServerRow>> {
        self.query_row(
            "SELECT implicit_tls, host, port, username, password, from_address, ca_pem, set_at, mac FROM mail_server WHERE id = 1",
            [],
            |row| {
                Ok(MailServerRow {
                    implicit_tls: row.get(0)?,
                    host: row.get(1)?,
                    port: row.get(2)?,
                    username: row.get(3)?,
                    sealed_password: row.get(4)?,
                    from_address: row.get(5)?,
                    ca_pem: row.get(6)?,
                    set_at: row.get(7)?,
                    mac: row.get(8)?,
                })
            },
        )
        .optional()
        .map_err(sql_error("reading the mail server"))
    }

    pub fn set_mail_server(&self, server: &MailServerRow) -> Result<()> {
        self.execute(
            "INSERT INTO mail_server (id, implicit_tls, host, port, username, password, from_address, ca_pem, set_at, mac) \
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) \
             ON CONFLICT (id) DO UPDATE SET implicit_tls = excluded.implicit_tls, host = excluded.host, \
             port = excluded.port, username = excluded.username, password = excluded.password, \
             from_address = excluded.from_address, ca_pem = excluded.ca_pem, set_at = excluded.set_at, \
             mac = excluded.mac",
            params![
                server.implicit_tls,
                server.host,
                server.port,
                server.username,
                server.sealed_password,
                server.from_address,
                server.ca_pem,
                server.set_at,
                server.mac
            ],
        )
        .map_err(sql_error("saving the mail server"))?;
        Ok(())
    }

    /// When codes were sent to a user (any purpose) since `since`: those delivered, and
    /// those whose send may still be running (reserved after `abandoned_before`). A send
    /// interrupted before that (Ctrl-C, a kill) counts for nothing and is forgotten.
    pub fn email_codes_sent_since(
        &self,
        user_id: i64,
        since: i64,
        abandoned_before: i64,
    ) -> Result<Vec<i64>> {
        self.execute(
            "DELETE FROM email_codes WHERE user_id = ?1 AND delivered = 0 AND sent_at <= ?2",
            params![user_id, abandoned_before],
        )
        .map_err(sql_error("forgetting unsent email codes"))?;
        let mut stmt = self
            .prepare("SELECT sent_at FROM email_codes WHERE user_id = ?1 AND sent_at > ?2")
            .map_err(sql_error("reading email codes"))?;
        let rows = stmt
            .query_map(params![user_id, since], |row| row.get(0))
            .map_err(sql_error("reading email codes"))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(sql_error("reading email codes"))
    }

    /// Records a code about to be sent (not valid until `deliver_email_code`).
    pub fn reserve_email_code(
        &self,
        user_id: i64,
        purpose: Purpose,
        hash: &str,
        now: i64,
    ) -> Result<i64> {
        self.execute(
            "INSERT INTO email_codes (user_id, purpose, code_hash, sent_at) VALUES (?1, ?2, ?3, ?4)",
            params![user_id, purpose.as_str(), hash, now],
        )
        .map_err(sql_error("recording an email code"))?;
        Ok(self.last_insert_rowid())
    }

    /// The mail with the code went out: it is the one that works now (the latest), and
    /// earlier codes of the same user and purpose stop working. Codes sent more than a
    /// day ago are forgotten (the hourly limit needs only the last hour).
    pub fn deliver_email_code(&self, id: i64, now: i64) -> Result<()> {
        self.execute("UPDATE email_codes SET delivered = 1 WHERE id = ?1", [id])
            .map_err(sql_error("recording an email code"))?;
        self.execute(
            "DELETE FROM email_codes WHERE sent_at < ?2 AND user_id = (SELECT user_id FROM email_codes WHERE id = ?1)",
            params![id, now - 86_400],
        )
        .map_err(sql_error("forgetting old email codes"))?;
        Ok(())
    }

    /// The mail was not sent: the code never existed.
    pub fn drop_email_code(&self, id: i64) -> Result<()> {
        self.execute("DELETE FROM email_codes WHERE id = ?1", [id])
            .map_err(sql_error("dropping an email code"))?;
        Ok(())
    }

    /// The latest delivered code of a user for a purpose.
    pub fn latest_email_code(&self, user_id: i64, purpose: Purpose) -> Result<Option<CodeFact>> {
        self.query_row(
            "SELECT id, code_hash, sent_at, guesses, used_at IS NOT NULL FROM email_codes \
             WHERE user_id = ?1 AND purpose = ?2 AND delivered = 1 ORDER BY id DESC LIMIT 1",
            params![user_id, purpose.as_str()],
            |row| {
                Ok(CodeFact {
                    id: row.get(0)?,
                    hash: row.get(1)?,
                    sent_at: row.get(2)?,
                    guesses: row.get(3)?,
                    used: row.get(4)?,
                })
            },
        )
        .optional()
        .map_err(sql_error("reading email codes"))
    }

    /// Counts a wrong guess at a code.
    pub fn guess_email_code(&self, id: i64) -> Result<()> {
        self.execute(
            "UPDATE email_codes SET guesses = guesses + 1 WHERE id = ?1",
            [id],
        )
        .map_err(sql_error("recording a wrong code"))?;
        Ok(())
    }

    /// Uses a code up; false if it was used meanwhile.
    pub fn use_email_code(&self, id: i64, now: i64) -> Result<bool> {
        let changed = self
            .execute(
                "UPDATE email_codes SET used_at = ?2 WHERE id = ?1 AND used_at IS NULL",
                params![id, now],
            )
            .map_err(sql_error("using an email code"))?;
        Ok(changed == 1)
    }
}
