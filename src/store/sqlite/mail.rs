//! SQLite's `MailStore`: the SQL of the mail server and of email codes.

use rusqlite::{OptionalExtension, params};

use super::{SqliteTx, sql_error};
use crate::core::email::{CodeFact, Purpose};
use crate::error::Result;
use crate::store::{MailServerRow, MailStore};

impl MailStore for SqliteTx<'_> {
    fn mail_server(&self) -> Result<Option<MailServerRow>> {
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

    fn set_mail_server(&self, server: &MailServerRow) -> Result<()> {
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

    fn email_codes_sent_since(
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

    fn reserve_email_code(
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

    fn deliver_email_code(&self, id: i64, now: i64) -> Result<()> {
        self.execute("UPDATE email_codes SET delivered = 1 WHERE id = ?1", [id])
            .map_err(sql_error("recording an email code"))?;
        self.execute(
            "DELETE FROM email_codes WHERE sent_at < ?2 AND user_id = (SELECT user_id FROM email_codes WHERE id = ?1)",
            params![id, now - 86_400],
        )
        .map_err(sql_error("forgetting old email codes"))?;
        Ok(())
    }

    fn drop_email_code(&self, id: i64) -> Result<()> {
        self.execute("DELETE FROM email_codes WHERE id = ?1", [id])
            .map_err(sql_error("dropping an email code"))?;
        Ok(())
    }

    fn latest_email_code(&self, user_id: i64, purpose: Purpose) -> Result<Option<CodeFact>> {
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

    fn guess_email_code(&self, id: i64) -> Result<()> {
        self.execute(
            "UPDATE email_codes SET guesses = guesses + 1 WHERE id = ?1",
            [id],
        )
        .map_err(sql_error("recording a wrong code"))?;
        Ok(())
    }

    fn use_email_code(&self, id: i64, now: i64) -> Result<bool> {
        let changed = self
            .execute(
                "UPDATE email_codes SET used_at = ?2 WHERE id = ?1 AND used_at IS NULL",
                params![id, now],
            )
            .map_err(sql_error("using an email code"))?;
        Ok(changed == 1)
    }
}
