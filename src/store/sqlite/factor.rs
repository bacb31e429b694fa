//! SQLite's `FactorStore`: the SQL of second factors (TOTP secrets and accepted steps,
//! recovery codes, remembered devices), the lock, and the credential epoch.

use rusqlite::{OptionalExtension, params};

use super::{SqliteTx, sql_error};
use crate::core::pass::PassFact;
use crate::core::signin::EnrolProof;
use crate::error::Result;
use crate::store::{Cleared, Device, FactorStore, PendingRow, UserStore};

/// How many accepted steps are kept per user (replay protection needs the recent ones).
const STEPS_KEPT: i64 = 8;

const DEVICE_COLUMNS: &str = "id, created_at, last_used_at, credential_epoch, factor";

fn device_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Device> {
    Ok(Device {
        id: row.get(0)?,
        created_at: row.get(1)?,
        last_used_at: row.get(2)?,
        credential_epoch: row.get(3)?,
        factor: row.get(4)?,
    })
}

impl FactorStore for SqliteTx<'_> {
    fn pending_secret(&self, user_id: i64) -> Result<Option<PendingRow>> {
        self.query_row(
            "SELECT pending_secret, coalesce(pending_created_at, 0), pending_proof FROM users \
             WHERE id = ?1 AND pending_secret IS NOT NULL",
            [user_id],
            |row| {
                let proof: Option<String> = row.get(2)?;
                Ok(PendingRow {
                    sealed: row.get(0)?,
                    started_at: row.get(1)?,
                    proof: proof.as_deref().and_then(EnrolProof::from_name),
                })
            },
        )
        .optional()
        .map_err(sql_error("reading a pending enrolment"))
    }

    fn set_pending_secret(
        &self,
        user_id: i64,
        sealed: &[u8],
        now: i64,
        proof: Option<EnrolProof>,
    ) -> Result<()> {
        self.execute(
            "UPDATE users SET pending_secret = ?2, pending_created_at = ?3, pending_proof = ?4 WHERE id = ?1",
            params![user_id, sealed, now, proof.map(EnrolProof::as_str)],
        )
        .map_err(sql_error("saving a pending enrolment"))?;
        Ok(())
    }

    fn drop_proved_pending(&self, user_id: i64) -> Result<bool> {
        let changed = self
            .execute(
                "UPDATE users SET pending_secret = NULL, pending_created_at = NULL, pending_proof = NULL \
                 WHERE id = ?1 AND pending_proof IS NOT NULL",
                [user_id],
            )
            .map_err(sql_error("dropping a pending enrolment"))?;
        Ok(changed == 1)
    }

    fn set_reset_at(&self, user_id: i64, at: Option<i64>) -> Result<()> {
        self.execute(
            "UPDATE users SET reset_at = ?2 WHERE id = ?1",
            params![user_id, at],
        )
        .map_err(sql_error("recording a reset"))?;
        Ok(())
    }

    fn access_pass(&self, user_id: i64) -> Result<Option<PassFact>> {
        self.query_row(
            "SELECT pass_hash, issued_at, expires_at FROM access_passes WHERE user_id = ?1",
            [user_id],
            |row| {
                Ok(PassFact {
                    hash: row.get(0)?,
                    issued_at: row.get(1)?,
                    expires_at: row.get(2)?,
                })
            },
        )
        .optional()
        .map_err(sql_error("reading an access pass"))
    }

    fn set_access_pass(&self, user_id: i64, pass: &PassFact) -> Result<()> {
        self.execute(
            "INSERT INTO access_passes (user_id, pass_hash, issued_at, expires_at) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (user_id) DO UPDATE SET pass_hash = excluded.pass_hash, \
             issued_at = excluded.issued_at, expires_at = excluded.expires_at",
            params![user_id, pass.hash, pass.issued_at, pass.expires_at],
        )
        .map_err(sql_error("saving an access pass"))?;
        Ok(())
    }

    fn delete_access_pass(&self, user_id: i64) -> Result<bool> {
        let changed = self
            .execute("DELETE FROM access_passes WHERE user_id = ?1", [user_id])
            .map_err(sql_error("removing an access pass"))?;
        Ok(changed == 1)
    }

    fn totp_secret(&self, user_id: i64) -> Result<Option<Vec<u8>>> {
        self.query_row(
            "SELECT totp_secret FROM users WHERE id = ?1 AND totp_secret IS NOT NULL",
            [user_id],
            |row| row.get(0),
        )
        .optional()
        .map_err(sql_error("reading a TOTP secret"))
    }

    fn totp_steps(&self, user_id: i64) -> Result<Vec<i64>> {
        let mut stmt = self
            .prepare_cached("SELECT step FROM totp_steps WHERE user_id = ?1 ORDER BY id DESC")
            .map_err(sql_error("reading used codes"))?;
        let rows = stmt
            .query_map([user_id], |row| row.get(0))
            .map_err(sql_error("reading used codes"))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(sql_error("reading used codes"))
    }

    fn accept_totp_step(&self, user_id: i64, step: i64, now: i64) -> Result<()> {
        self.execute(
            "INSERT INTO totp_steps (user_id, step, accepted_at) VALUES (?1, ?2, ?3)",
            params![user_id, step, now],
        )
        .map_err(sql_error("recording a used code"))?;
        self.execute(
            "DELETE FROM totp_steps WHERE user_id = ?1 AND id NOT IN \
             (SELECT id FROM totp_steps WHERE user_id = ?1 ORDER BY id DESC LIMIT ?2)",
            params![user_id, STEPS_KEPT],
        )
        .map_err(sql_error("recording a used code"))?;
        Ok(())
    }

    fn forget_totp_steps_after(&self, user_id: i64, after: i64) -> Result<usize> {
        self.execute(
            "DELETE FROM totp_steps WHERE user_id = ?1 AND step > ?2",
            params![user_id, after],
        )
        .map_err(sql_error("forgetting used codes"))
    }

    fn activate_totp(&self, user_id: i64, step: i64, now: i64) -> Result<()> {
        self.execute(
            "UPDATE users SET totp_secret = pending_secret, totp_enrolled_at = ?2, \
             totp_algorithm = 'SHA1', totp_digits = 6, totp_period = 30, pending_secret = NULL, pending_created_at = NULL, pending_proof = NULL, reset_at = NULL \
             WHERE id = ?1 AND pending_secret IS NOT NULL",
            params![user_id, now],
        )
        .map_err(sql_error("turning 2FA on"))?;
        self.execute("DELETE FROM totp_steps WHERE user_id = ?1", [user_id])
            .map_err(sql_error("turning 2FA on"))?;
        self.accept_totp_step(user_id, step, now)?;
        self.credentials_changed(user_id)?;
        Ok(())
    }

    fn clear_factors(&self, user_id: i64) -> Result<Cleared> {
        let had_totp = self.totp_secret(user_id)?.is_some();
        self.execute(
            "UPDATE users SET totp_secret = NULL, totp_enrolled_at = NULL, \
             totp_algorithm = 'SHA1', totp_digits = 6, totp_period = 30, pending_secret = NULL, pending_created_at = NULL, pending_proof = NULL WHERE id = ?1",
            [user_id],
        )
        .map_err(sql_error("removing a TOTP secret"))?;
        self.execute("DELETE FROM totp_steps WHERE user_id = ?1", [user_id])
            .map_err(sql_error("removing used codes"))?;
        let recovery_codes = self
            .execute("DELETE FROM recovery_codes WHERE user_id = ?1", [user_id])
            .map_err(sql_error("removing recovery codes"))?;
        let devices = self.credentials_changed(user_id)?;
        Ok(Cleared {
            had_totp,
            recovery_codes,
            devices,
        })
    }

    fn credentials_changed(&self, user_id: i64) -> Result<usize> {
        self.execute(
            "UPDATE users SET credential_epoch = credential_epoch + 1 WHERE id = ?1",
            [user_id],
        )
        .map_err(sql_error("recording a change of factors"))?;
        self.delete_devices(user_id)
    }

    fn replace_recovery_codes(&self, user_id: i64, hashes: &[String]) -> Result<usize> {
        self.execute("DELETE FROM recovery_codes WHERE user_id = ?1", [user_id])
            .map_err(sql_error("removing recovery codes"))?;
        for hash in hashes {
            self.execute(
                "INSERT INTO recovery_codes (user_id, code_hash) VALUES (?1, ?2)",
                params![user_id, hash],
            )
            .map_err(sql_error("saving recovery codes"))?;
        }
        self.credentials_changed(user_id)
    }

    fn unused_recovery_codes(&self, user_id: i64) -> Result<Vec<(i64, String)>> {
        let mut stmt = self
            .prepare("SELECT id, code_hash FROM recovery_codes WHERE user_id = ?1 AND used_at IS NULL ORDER BY id")
            .map_err(sql_error("reading recovery codes"))?;
        let rows = stmt
            .query_map([user_id], |row| Ok((row.get(0)?, row.get(1)?)))
            .map_err(sql_error("reading recovery codes"))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(sql_error("reading recovery codes"))
    }

    fn recovery_code_rows(&self) -> Result<Vec<(i64, i64, String)>> {
        let mut stmt = self
            .prepare("SELECT id, user_id, code_hash FROM recovery_codes ORDER BY id")
            .map_err(sql_error("reading recovery codes"))?;
        let rows = stmt
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .map_err(sql_error("reading recovery codes"))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(sql_error("reading recovery codes"))
    }

    fn set_recovery_code_hash(&self, id: i64, hash: &str) -> Result<()> {
        self.execute(
            "UPDATE recovery_codes SET code_hash = ?2 WHERE id = ?1",
            params![id, hash],
        )
        .map_err(sql_error("saving recovery codes"))?;
        Ok(())
    }

    fn use_recovery_code(&self, id: i64, now: i64) -> Result<bool> {
        let changed = self
            .execute(
                "UPDATE recovery_codes SET used_at = ?2 WHERE id = ?1 AND used_at IS NULL",
                params![id, now],
            )
            .map_err(sql_error("using a recovery code"))?;
        Ok(changed == 1)
    }

    fn recovery_codes_left(&self, user_id: i64) -> Result<i64> {
        self.query_row(
            "SELECT count(*) FROM recovery_codes WHERE user_id = ?1 AND used_at IS NULL",
            [user_id],
            |row| row.get(0),
        )
        .map_err(sql_error("counting recovery codes"))
    }

    fn devices(&self, user_id: i64) -> Result<Vec<Device>> {
        let mut stmt = self
            .prepare(&format!(
                "SELECT {DEVICE_COLUMNS} FROM devices WHERE user_id = ?1 ORDER BY created_at, id"
            ))
            .map_err(sql_error("reading devices"))?;
        let rows = stmt
            .query_map([user_id], device_row)
            .map_err(sql_error("reading devices"))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(sql_error("reading devices"))
    }

    fn device_by_token(&self, user_id: i64, token_hash: &str) -> Result<Option<Device>> {
        self.query_row(
            &format!("SELECT {DEVICE_COLUMNS} FROM devices WHERE user_id = ?1 AND token_hash = ?2"),
            params![user_id, token_hash],
            device_row,
        )
        .optional()
        .map_err(sql_error("reading devices"))
    }

    fn delete_tenant_devices(&self, tenant_id: i64, issued_by: i64) -> Result<usize> {
        self.execute(
            "DELETE FROM devices WHERE created_at <= ?2 AND user_id IN (SELECT id FROM users WHERE tenant_id = ?1)",
            params![tenant_id, issued_by],
        )
        .map_err(sql_error("revoking remembered devices"))
    }

    fn delete_device(&self, user_id: i64, id: &str) -> Result<bool> {
        let changed = self
            .execute(
                "DELETE FROM devices WHERE user_id = ?1 AND id = ?2",
                params![user_id, id],
            )
            .map_err(sql_error("revoking a device"))?;
        Ok(changed == 1)
    }

    fn set_lock(
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

    fn start_grace(&self, user_id: i64, now: i64) -> Result<()> {
        self.execute(
            "UPDATE users SET grace_started_at = ?2 WHERE id = ?1",
            params![user_id, now],
        )
        .map_err(sql_error("recording the grace start"))?;
        Ok(())
    }

    fn insert_device(
        &self,
        user_id: i64,
        id: &str,
        token_hash: &str,
        factor: &str,
        now: i64,
    ) -> Result<()> {
        self.execute(
            "INSERT INTO devices (id, user_id, token_hash, created_at, credential_epoch, factor) \
             SELECT ?1, id, ?3, ?4, credential_epoch, ?5 FROM users WHERE id = ?2",
            params![id, user_id, token_hash, now, factor],
        )
        .map_err(sql_error("remembering a device"))?;
        Ok(())
    }

    fn touch_device(&self, id: &str, now: i64) -> Result<()> {
        self.execute(
            "UPDATE devices SET last_used_at = ?2 WHERE id = ?1",
            params![id, now],
        )
        .map_err(sql_error("using a device"))?;
        Ok(())
    }
}
