//! PostgreSQL's `FactorStore`: the SQL of second factors (TOTP secrets and accepted
//! steps, recovery codes, remembered devices), the lock, and the credential epoch.

use postgres::Row;

use super::tx::{PgTx, get};
use crate::core::pass::PassFact;
use crate::core::signin::EnrolProof;
use crate::error::Result;
use crate::store::{Cleared, Device, FactorStore, PendingRow, UserStore};

/// How many accepted steps are kept per user (replay protection needs the recent ones).
const STEPS_KEPT: i64 = 8;

const DEVICE_COLUMNS: &str = "id, created_at, last_used_at, credential_epoch, factor";

fn device_row(row: &Row) -> Result<Device> {
    Ok(Device {
        id: get(row, 0)?,
        created_at: get(row, 1)?,
        last_used_at: get(row, 2)?,
        credential_epoch: get(row, 3)?,
        factor: get(row, 4)?,
    })
}

impl FactorStore for PgTx<'_> {
    fn pending_secret(&self, user_id: i64) -> Result<Option<PendingRow>> {
        self.first(
            "SELECT pending_secret, coalesce(pending_created_at, 0), pending_proof FROM users \
             WHERE id = $1 AND pending_secret IS NOT NULL",
            &[&user_id],
            "reading a pending enrolment",
            |row| {
                let proof: Option<String> = get(row, 2)?;
                Ok(PendingRow {
                    sealed: get(row, 0)?,
                    started_at: get(row, 1)?,
                    proof: proof.as_deref().and_then(EnrolProof::from_name),
                })
            },
        )
    }

    fn set_pending_secret(
        &self,
        user_id: i64,
        sealed: &[u8],
        now: i64,
        proof: Option<EnrolProof>,
    ) -> Result<()> {
        self.exec(
            "UPDATE users SET pending_secret = $2, pending_created_at = $3, pending_proof = $4 WHERE id = $1",
            &[&user_id, &sealed, &now, &proof.map(EnrolProof::as_str)],
            "saving a pending enrolment",
        )?;
        Ok(())
    }

    fn drop_proved_pending(&self, user_id: i64) -> Result<bool> {
        let changed = self.exec(
            "UPDATE users SET pending_secret = NULL, pending_created_at = NULL, pending_proof = NULL \
             WHERE id = $1 AND pending_proof IS NOT NULL",
            &[&user_id],
            "dropping a pending enrolment",
        )?;
        Ok(changed == 1)
    }

    fn set_reset_at(&self, user_id: i64, at: Option<i64>) -> Result<()> {
        self.exec(
            "UPDATE users SET reset_at = $2 WHERE id = $1",
            &[&user_id, &at],
            "recording a reset",
        )?;
        Ok(())
    }

    fn access_pass(&self, user_id: i64) -> Result<Option<PassFact>> {
        self.first(
            "SELECT pass_hash, issued_at, expires_at FROM access_passes WHERE user_id = $1",
            &[&user_id],
            "reading an access pass",
            |row| {
                Ok(PassFact {
                    hash: get(row, 0)?,
                    issued_at: get(row, 1)?,
                    expires_at: get(row, 2)?,
                })
            },
        )
    }

    fn set_access_pass(&self, user_id: i64, pass: &PassFact) -> Result<()> {
        self.exec(
            "INSERT INTO access_passes (user_id, pass_hash, issued_at, expires_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (user_id) DO UPDATE SET pass_hash = excluded.pass_hash, \
             issued_at = excluded.issued_at, expires_at = excluded.expires_at",
            &[&user_id, &pass.hash, &pass.issued_at, &pass.expires_at],
            "saving an access pass",
        )?;
        Ok(())
    }

    fn delete_access_pass(&self, user_id: i64) -> Result<bool> {
        let changed = self.exec(
            "DELETE FROM access_passes WHERE user_id = $1",
            &[&user_id],
            "removing an access pass",
        )?;
        Ok(changed == 1)
    }

    fn totp_secret(&self, user_id: i64) -> Result<Option<Vec<u8>>> {
        self.first(
            "SELECT totp_secret FROM users WHERE id = $1 AND totp_secret IS NOT NULL",
            &[&user_id],
            "reading a TOTP secret",
            |row| get(row, 0),
        )
    }

    fn totp_steps(&self, user_id: i64) -> Result<Vec<i64>> {
        self.collect(
            "SELECT step FROM totp_steps WHERE user_id = $1 ORDER BY id DESC",
            &[&user_id],
            "reading used codes",
            |row| get(row, 0),
        )
    }

    fn accept_totp_step(&self, user_id: i64, step: i64, now: i64) -> Result<()> {
        self.exec(
            "INSERT INTO totp_steps (user_id, step, accepted_at) VALUES ($1, $2, $3)",
            &[&user_id, &step, &now],
            "recording a used code",
        )?;
        self.exec(
            "DELETE FROM totp_steps WHERE user_id = $1 AND id NOT IN \
             (SELECT id FROM totp_steps WHERE user_id = $1 ORDER BY id DESC LIMIT $2)",
            &[&user_id, &STEPS_KEPT],
            "recording a used code",
        )?;
        Ok(())
    }

    fn forget_totp_steps_after(&self, user_id: i64, after: i64) -> Result<usize> {
        self.exec(
            "DELETE FROM totp_steps WHERE user_id = $1 AND step > $2",
            &[&user_id, &after],
            "forgetting used codes",
        )
    }

    fn activate_totp(&self, user_id: i64, step: i64, now: i64) -> Result<()> {
        self.exec(
            "UPDATE users SET totp_secret = pending_secret, totp_enrolled_at = $2, \
             totp_algorithm = 'SHA1', totp_digits = 6, totp_period = 30, \
             pending_secret = NULL, pending_created_at = NULL, pending_proof = NULL, reset_at = NULL \
             WHERE id = $1 AND pending_secret IS NOT NULL",
            &[&user_id, &now],
            "turning 2FA on",
        )?;
        self.exec(
            "DELETE FROM totp_steps WHERE user_id = $1",
            &[&user_id],
            "turning 2FA on",
        )?;
        self.accept_totp_step(user_id, step, now)?;
        self.credentials_changed(user_id)?;
        Ok(())
    }

    fn clear_factors(&self, user_id: i64) -> Result<Cleared> {
        let had_totp = self.totp_secret(user_id)?.is_some();
        self.exec(
            "UPDATE users SET totp_secret = NULL, totp_enrolled_at = NULL, \
             totp_algorithm = 'SHA1', totp_digits = 6, totp_period = 30, \
             pending_secret = NULL, pending_created_at = NULL, pending_proof = NULL WHERE id = $1",
            &[&user_id],
            "removing a TOTP secret",
        )?;
        self.exec(
            "DELETE FROM totp_steps WHERE user_id = $1",
            &[&user_id],
            "removing used codes",
        )?;
        let recovery_codes = self.exec(
            "DELETE FROM recovery_codes WHERE user_id = $1",
            &[&user_id],
            "removing recovery codes",
        )?;
        let devices = self.credentials_changed(user_id)?;
        Ok(Cleared {
            had_totp,
            recovery_codes,
            devices,
        })
    }

    fn credentials_changed(&self, user_id: i64) -> Result<usize> {
        self.exec(
            "UPDATE users SET credential_epoch = credential_epoch + 1 WHERE id = $1",
            &[&user_id],
            "recording a change of factors",
        )?;
        self.delete_devices(user_id)
    }

    fn replace_recovery_codes(&self, user_id: i64, hashes: &[String]) -> Result<usize> {
        self.exec(
            "DELETE FROM recovery_codes WHERE user_id = $1",
            &[&user_id],
            "removing recovery codes",
        )?;
        for hash in hashes {
            self.exec(
                "INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)",
                &[&user_id, hash],
                "saving recovery codes",
            )?;
        }
        self.credentials_changed(user_id)
    }

    fn unused_recovery_codes(&self, user_id: i64) -> Result<Vec<(i64, String)>> {
        self.collect(
            "SELECT id, code_hash FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL ORDER BY id",
            &[&user_id],
            "reading recovery codes",
            |row| Ok((get(row, 0)?, get(row, 1)?)),
        )
    }

    fn recovery_code_rows(&self) -> Result<Vec<(i64, i64, String)>> {
        self.collect(
            "SELECT id, user_id, code_hash FROM recovery_codes ORDER BY id",
            &[],
            "reading recovery codes",
            |row| Ok((get(row, 0)?, get(row, 1)?, get(row, 2)?)),
        )
    }

    fn set_recovery_code_hash(&self, id: i64, hash: &str) -> Result<()> {
        self.exec(
            "UPDATE recovery_codes SET code_hash = $2 WHERE id = $1",
            &[&id, &hash],
            "saving recovery codes",
        )?;
        Ok(())
    }

    fn use_recovery_code(&self, id: i64, now: i64) -> Result<bool> {
        let changed = self.exec(
            "UPDATE recovery_codes SET used_at = $2 WHERE id = $1 AND used_at IS NULL",
            &[&id, &now],
            "using a recovery code",
        )?;
        Ok(changed == 1)
    }

    fn recovery_codes_left(&self, user_id: i64) -> Result<i64> {
        self.value(
            "SELECT count(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL",
            &[&user_id],
            "counting recovery codes",
        )
    }

    fn devices(&self, user_id: i64) -> Result<Vec<Device>> {
        self.collect(
            &format!(
                "SELECT {DEVICE_COLUMNS} FROM devices WHERE user_id = $1 ORDER BY created_at, id"
            ),
            &[&user_id],
            "reading devices",
            device_row,
        )
    }

    fn device_by_token(&self, user_id: i64, token_hash: &str) -> Result<Option<Device>> {
        self.first(
            &format!("SELECT {DEVICE_COLUMNS} FROM devices WHERE user_id = $1 AND token_hash = $2"),
            &[&user_id, &token_hash],
            "reading devices",
            device_row,
        )
    }

    fn delete_tenant_devices(&self, tenant_id: i64, issued_by: i64) -> Result<usize> {
        self.exec(
            "DELETE FROM devices WHERE created_at <= $2 AND user_id IN (SELECT id FROM users WHERE tenant_id = $1)",
            &[&tenant_id, &issued_by],
            "revoking remembered devices",
        )
    }

    fn delete_device(&self, user_id: i64, id: &str) -> Result<bool> {
        let changed = self.exec(
            "DELETE FROM devices WHERE user_id = $1 AND id = $2",
            &[&user_id, &id],
            "revoking a device",
        )?;
        Ok(changed == 1)
    }

    fn set_lock(
        &self,
        user_id: i64,
        failed_attempts: i64,
        locked_until: Option<i64>,
    ) -> Result<()> {
        self.exec(
            "UPDATE users SET failed_attempts = $2, locked_until = $3 WHERE id = $1",
            &[&user_id, &failed_attempts, &locked_until],
            "saving the lock state",
        )?;
        Ok(())
    }

    fn start_grace(&self, user_id: i64, now: i64) -> Result<()> {
        self.exec(
            "UPDATE users SET grace_started_at = $2 WHERE id = $1",
            &[&user_id, &now],
            "recording the grace start",
        )?;
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
        self.exec(
            "INSERT INTO devices (id, user_id, token_hash, created_at, credential_epoch, factor) \
             SELECT $1, id, $3, $4, credential_epoch, $5 FROM users WHERE id = $2",
            &[&id, &user_id, &token_hash, &now, &factor],
            "remembering a device",
        )?;
        Ok(())
    }

    fn touch_device(&self, id: &str, now: i64) -> Result<()> {
        self.exec(
            "UPDATE devices SET last_used_at = $2 WHERE id = $1",
            &[&id, &now],
            "using a device",
        )?;
        Ok(())
    }
}
