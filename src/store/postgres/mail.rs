//! PostgreSQL's `MailStore`: the SQL of the mail server and of email codes.

use super::tx::{PgTx, get};
use crate::core::email::{CodeFact, Purpose};
use crate::error::{Error, Result};
use crate::store::{MailServerRow, MailStore};

impl MailStore for PgTx<'_> {
    fn mail_server(&self) -> Result<Option<MailServerRow>> {
        self.first(
            "SELECT implicit_tls, host, port, username, password, from_address, ca_pem, set_at, mac \
             FROM mail_server WHERE id = 1",
            &[],
            "reading the mail server",
            |row| {
                let port: i64 = get(row, 2)?;
                Ok(MailServerRow {
                    implicit_tls: get(row, 0)?,
                    host: get(row, 1)?,
                    port: u16::try_from(port).map_err(|_| {
                        Error::environment(format!("the store holds a mail server port {port}"))
                    })?,
                    username: get(row, 3)?,
                    sealed_password: get(row, 4)?,
                    from_address: get(row, 5)?,
                    ca_pem: get(row, 6)?,
                    set_at: get(row, 7)?,
                    mac: get(row, 8)?,
                })
            },
        )
    }

    fn set_mail_server(&self, server: &MailServerRow) -> Result<()> {
        self.exec(
            "INSERT INTO mail_server (id, implicit_tls, host, port, username, password, from_address, ca_pem, set_at, mac) \
             VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (id) DO UPDATE SET implicit_tls = excluded.implicit_tls, host = excluded.host, \
             port = excluded.port, username = excluded.username, password = excluded.password, \
             from_address = excluded.from_address, ca_pem = excluded.ca_pem, set_at = excluded.set_at, \
             mac = excluded.mac",
            &[
                &server.implicit_tls,
                &server.host,
                &i64::from(server.port),
                &server.username,
                &server.sealed_password,
                &server.from_address,
                &server.ca_pem,
                &server.set_at,
                &server.mac,
            ],
            "saving the mail server",
        )?;
        Ok(())
    }

    fn email_codes_sent_since(
        &self,
        user_id: i64,
        since: i64,
        abandoned_before: i64,
    ) -> Result<Vec<i64>> {
        self.exec(
            "DELETE FROM email_codes WHERE user_id = $1 AND NOT delivered AND sent_at <= $2",
            &[&user_id, &abandoned_before],
            "forgetting unsent email codes",
        )?;
        self.collect(
            "SELECT sent_at FROM email_codes WHERE user_id = $1 AND sent_at > $2 ORDER BY id",
            &[&user_id, &since],
            "reading email codes",
            |row| get(row, 0),
        )
    }

    fn reserve_email_code(
        &self,
        user_id: i64,
        purpose: Purpose,
        hash: &str,
        now: i64,
    ) -> Result<i64> {
        self.value(
            "INSERT INTO email_codes (user_id, purpose, code_hash, sent_at) VALUES ($1, $2, $3, $4) RETURNING id",
            &[&user_id, &purpose.as_str(), &hash, &now],
            "recording an email code",
        )
    }

    fn deliver_email_code(&self, id: i64, now: i64) -> Result<()> {
        self.exec(
            "UPDATE email_codes SET delivered = true WHERE id = $1",
            &[&id],
            "recording an email code",
        )?;
        self.exec(
            "DELETE FROM email_codes WHERE sent_at < $2 AND user_id = (SELECT user_id FROM email_codes WHERE id = $1)",
            &[&id, &(now - 86_400)],
            "forgetting old email codes",
        )?;
        Ok(())
    }

    fn drop_email_code(&self, id: i64) -> Result<()> {
        self.exec(
            "DELETE FROM email_codes WHERE id = $1",
            &[&id],
            "dropping an email code",
        )?;
        Ok(())
    }

    fn latest_email_code(&self, user_id: i64, purpose: Purpose) -> Result<Option<CodeFact>> {
        self.first(
            "SELECT id, code_hash, sent_at, guesses, used_at IS NOT NULL FROM email_codes \
             WHERE user_id = $1 AND purpose = $2 AND delivered ORDER BY id DESC LIMIT 1",
            &[&user_id, &purpose.as_str()],
            "reading email codes",
            |row| {
                Ok(CodeFact {
                    id: get(row, 0)?,
                    hash: get(row, 1)?,
                    sent_at: get(row, 2)?,
                    guesses: get(row, 3)?,
                    used: get(row, 4)?,
                })
            },
        )
    }

    fn guess_email_code(&self, id: i64) -> Result<()> {
        self.exec(
            "UPDATE email_codes SET guesses = guesses + 1 WHERE id = $1",
            &[&id],
            "recording a wrong code",
        )?;
        Ok(())
    }

    fn use_email_code(&self, id: i64, now: i64) -> Result<bool> {
        let changed = self.exec(
            "UPDATE email_codes SET used_at = $2 WHERE id = $1 AND used_at IS NULL",
            &[&id, &now],
            "using an email code",
        )?;
        Ok(changed == 1)
    }
}
