//! Second factors of a user: the (encrypted) TOTP secret and its pending enrolment,
//! recovery code hashes, remembered devices, and the failure counter and lock.

use rusqlite::{OptionalExtension, params};

use crate::error::Result;
use crate::store::{Tx, sql_error};

/// A remembered device of a user.
#[derive(Debug, Clone)]
pub struct Device {
    pub id: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub last_used_at: Option<i64>,
}

/// What `clear_factors` removed.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cleared {
    pub had_totp: bool,
    pub recovery_codes: usize,
    pub devices: usize,
}

impl Tx<'_> {
    /// The sealed pending secret of an enrolment not yet verified.
    pub fn pending_secret(&self, user_id: i64) -> Result<Option<Vec<u8>>> {
        self.query_row(
            "SELECT pending_secret FROM users WHERE id = ?1",
            [user_id],
            |row| row.get(0),
        )
        .map_err(sql_error("reading a pending enrolment"))
    }

    pub fn set_pending_secret(&self, user_id: i64, sealed: &[u8], now: i64) -> Result<()> {
        self.execute(
            "UPDATE users SET pending_secret = ?2, pending_created_at = ?3 WHERE id = ?1",
            params![user_id, sealed, now],
        )
        .map_err(sql_error("saving a pending enrolment"))?;
        Ok(())
    }

    /// The sealed TOTP secret and the last accepted step, if the user is enrolled.
    pub fn totp_secret(&self, user_id: i64) -> Result<Option<(Vec<u8>, Option<i64>)>> {
        self.query_row(
            "SELECT totp_secret, totp_last_step FROM users WHERE id = ?1 AND totp_secret IS NOT NULL",
            [user_id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()
        .map_err(sql_error("reading a TOTP secret"))
    }

    /// Turns the pending secret into the user's TOTP secret, accepted at `step`.
    pub fn activate_totp(&self, user_id: i64, step: i64, now: i64) -> Result<()> {
        self.execute(
            "UPDATE users SET totp_secret = pending_secret, totp_enrolled_at = ?2, totp_last_step = ?3, \
             pending_secret = NULL, pending_created_at = NULL WHERE id = ?1 AND pending_secret IS NOT NULL",
            params![user_id, now, step],
        )
        .map_err(sql_error("turning 2FA on"))?;
        Ok(())
    }

    /// Records an accepted step; false when the same or a later step was accepted
    /// meanwhile (a replay), so a code is never accepted twice.
    pub fn accept_totp_step(&self, user_id: i64, step: i64) -> Result<bool> {
        let changed = self
            .execute(
                "UPDATE users SET totp_last_step = ?2 WHERE id = ?1 AND (totp_last_step IS NULL OR totp_last_step < ?2)",
                params![user_id, step],
            )
            .map_err(sql_error("recording a used code"))?;
        Ok(changed == 1)
    }

    /// Removes the TOTP secret, the pending enrolment, the recovery codes and the
    /// remembered devices of a user.
    pub fn clear_factors(&self, user_id: i64) -> Result<Cleared> {
        let had_totp = self.totp_secret(user_id)?.is_some();
        self.execute(
            "UPDATE users SET totp_secret = NULL, totp_enrolled_at = NULL, totp_last_step = NULL, \
             pending_secret = NULL, pending_created_at = NULL WHERE id = ?1",
            [user_id],
        )
        .map_err(sql_error("removing a TOTP secret"))?;
        let recovery_codes = self
            .execute("DELETE FROM recovery_codes WHERE user_id = ?1", [user_id])
            .map_err(sql_error("removing recovery codes"))?;
        let devices = self.delete_devices(user_id)?;
        Ok(Cleared {
            had_totp,
            recovery_codes,
            devices,
        })
    }

    /// Replaces all recovery codes of a user with these hashes.
    pub fn replace_recovery_codes(&self, user_id: i64, hashes: &[String]) -> Result<()> {
        self.execute("DELETE FROM recovery_codes WHERE user_id = ?1", [user_id])
            .map_err(sql_error("removing recovery codes"))?;
        for hash in hashes {
            self.execute(
                "INSERT INTO recovery_codes (user_id, code_hash) VALUES (?1, ?2)",
                params![user_id, hash],
            )
            .map_err(sql_error("saving recovery codes"))?;
        }
        Ok(())
    }

    /// The unused recovery codes of a user: (id, hash).
    pub fn unused_recovery_codes(&self, user_id: i64) -> Result<Vec<(i64, String)>> {
        let mut stmt = self
            .prepare("SELECT id, code_hash FROM recovery_codes WHERE user_id = ?1 AND used_at IS NULL ORDER BY id")
            .map_err(sql_error("reading recovery codes"))?;
        let rows = stmt
            .query_map([user_id], |row| Ok((row.get(0)?, row.get(1)?)))
            .map_err(sql_error("reading recovery codes"))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(sql_error("reading recovery codes"))
    }

    /// Marks a recovery code used; false if it was used meanwhile.
    pub fn use_recovery_code(&self, id: i64, now: i64) -> Result<bool> {
        let changed = self
            .execute(
                "UPDATE recovery_codes SET used_at = ?2 WHERE id = ?1 AND used_at IS NULL",
                params![id, now],
            )
            .map_err(sql_error("using a recovery code"))?;
        Ok(changed == 1)
    }

    pub fn recovery_codes_left(&self, user_id: i64) -> Result<i64> {
        self.query_row(
            "SELECT count(*) FROM recovery_codes WHERE user_id = ?1 AND used_at IS NULL",
            [user_id],
            |row| row.get(0),
        )
        .map_err(sql_error("counting recovery codes"))
    }

    /// The remembered devices of a user that have not expired at `now`.
    pub fn devices(&self, user_id: i64, now: i64) -> Result<Vec<Device>> {
        let mut stmt = self
            .prepare(
                "SELECT id, created_at, expires_at, last_used_at FROM devices WHERE user_id = ?1 AND expires_at > ?2 ORDER BY created_at, id",
            )
            .map_err(sql_error("reading devices"))?;
        let rows = stmt
            .query_map(params![user_id, now], |row| {
                Ok(Device {
                    id: row.get(0)?,
                    created_at: row.get(1)?,
                    expires_at: row.get(2)?,
                    last_used_at: row.get(3)?,
                })
            })
            .map_err(sql_error("reading devices"))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(sql_error("reading devices"))
    }

    /// Revokes one device; false if the user has no device with that id.
    pub fn delete_device(&self, user_id: i64, id: &str) -> Result<bool> {
        let changed = self
            .execute(
                "DELETE FROM devices WHERE user_id = ?1 AND id = ?2",
                params![user_id, id],
            )
            .map_err(sql_error("revoking a device"))?;
        Ok(changed == 1)
    }

    /// Saves the failure counter and lock of a user.
    pub fn set_lock(
        &self,
        user_id: i64,
        failed_attempts: i64,
        locked_until: Option<i64>,
    ) -> Result<()> {
        self.execute(
            "UPDATE users SET failed_attempts = ?2, locked_until = ?3 WHERE id = ?1",
            params![user_id, failed_attempts, locked_until],
        )
        .map_err(sql_error("saving the lock state"))?;
        Ok(())
    }

    /// Records the first sign-in at which 2FA became required (the grace period's start).
    pub fn start_grace(&self, user_id: i64, now: i64) -> Result<()> {
        self.execute(
            "UPDATE users SET grace_started_at = ?2 WHERE id = ?1 AND grace_started_at IS NULL",
            params![user_id, now],
        )
        .map_err(sql_error("recording the grace start"))?;
        Ok(())
    }

    /// Remembers a device: its public id and the keyed hash of its token.
    pub fn insert_device(
        &self,
        user_id: i64,
        id: &str,
        token_hash: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<()> {
        self.execute(
            "INSERT INTO devices (id, user_id, token_hash, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, user_id, token_hash, now, expires_at],
        )
        .map_err(sql_error("remembering a device"))?;
        Ok(())
    }

    /// (id, token hash) of the user's devices that have not expired at `now`.
    pub fn device_hashes(&self, user_id: i64, now: i64) -> Result<Vec<(String, String)>> {
        let mut stmt = self
            .prepare("SELECT id, token_hash FROM devices WHERE user_id = ?1 AND expires_at > ?2")
            .map_err(sql_error("reading devices"))?;
        let rows = stmt
            .query_map(params![user_id, now], |row| Ok((row.get(0)?, row.get(1)?)))
            .map_err(sql_error("reading devices"))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(sql_error("reading devices"))
    }

    pub fn touch_device(&self, id: &str, now: i64) -> Result<()> {
        self.execute(
            "UPDATE devices SET last_used_at = ?2 WHERE id = ?1",
            params![id, now],
        )
        .map_err(sql_error("using a device"))?;
        Ok(())
    }
}
