//! Second factors of a user: the (encrypted) TOTP secret and its pending enrolment, the
//! authenticator steps accepted, recovery code hashes, remembered devices, and the
//! failure counter and lock. Every change of factors or password bumps the user's
//! credential epoch, which is what remembered devices are bound to.
//!
//! What every store does here (`FactorStore`) and the types it returns; the SQL is in
//! `sqlite/factor.rs` and `postgres/factor.rs`.

use crate::core::pass::PassFact;
use crate::core::signin::EnrolProof;
use crate::error::Result;

/// A pending enrolment as stored.
#[derive(Debug, Clone)]
pub struct PendingRow {
    /// The secret, sealed with the store key.
    pub sealed: Vec<u8>,
    pub started_at: i64,
    pub proof: Option<EnrolProof>,
}

/// A remembered device of a user, as stored.
#[derive(Debug, Clone)]
pub struct Device {
    pub id: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    /// The user's credential epoch when it was remembered.
    pub credential_epoch: i64,
    /// The second factor the sign-in that remembered it passed.
    pub factor: String,
}

/// What `clear_factors` removed.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cleared {
    pub had_totp: bool,
    pub recovery_codes: usize,
    pub devices: usize,
}

impl Device {
    /// The facts `core::signin` judges a device by.
    pub fn fact(&self) -> crate::core::signin::DeviceFact {
        crate::core::signin::DeviceFact {
            issued_at: self.created_at,
            credential_epoch: self.credential_epoch,
        }
    }
}

/// The second factors, remembered devices and lock of users.
pub trait FactorStore {
    /// The pending enrolment not yet verified: its sealed secret, when it started, and
    /// what proved the person who started it (none: the password alone, or an admin).
    fn pending_secret(&self, user_id: i64) -> Result<Option<PendingRow>>;

    /// Starts an enrolment: the sealed secret to confirm, when it started, and what
    /// proved the person who started it.
    fn set_pending_secret(
        &self,
        user_id: i64,
        sealed: &[u8],
        now: i64,
        proof: Option<EnrolProof>,
    ) -> Result<()>;

    /// Drops the pending enrolment of a user if a proof opened it; false if there was none.
    fn drop_proved_pending(&self, user_id: i64) -> Result<bool>;

    /// Records when support reset the user's factors (`None`: an enrolment since).
    fn set_reset_at(&self, user_id: i64, at: Option<i64>) -> Result<()>;

    /// The user's temporary access pass, if one was issued and not used or revoked.
    fn access_pass(&self, user_id: i64) -> Result<Option<PassFact>>;

    /// Gives the user this access pass, replacing the one they had.
    fn set_access_pass(&self, user_id: i64, pass: &PassFact) -> Result<()>;

    /// Removes the user's access pass (used, expired or revoked); false if none.
    fn delete_access_pass(&self, user_id: i64) -> Result<bool>;

    /// The sealed TOTP secret, if the user is enrolled.
    fn totp_secret(&self, user_id: i64) -> Result<Option<Vec<u8>>>;

    /// The authenticator steps accepted for a user, most recent first.
    fn totp_steps(&self, user_id: i64) -> Result<Vec<i64>>;

    /// Records an accepted step and forgets all but the most recent few.
    fn accept_totp_step(&self, user_id: i64, step: i64, now: i64) -> Result<()>;

    /// Forgets accepted steps later than `after` (recorded under a clock that ran ahead).
    fn forget_totp_steps_after(&self, user_id: i64, after: i64) -> Result<usize>;

    /// Turns the pending secret into the user's TOTP secret, accepted at `step`,
    /// replacing any before it; the user needs no proof to enrol any more. The user's
    /// factors changed: remembered devices are revoked and the epoch moves on.
    fn activate_totp(&self, user_id: i64, step: i64, now: i64) -> Result<()>;

    /// Removes the TOTP secret, the pending enrolment, the recovery codes and the
    /// remembered devices of a user.
    fn clear_factors(&self, user_id: i64) -> Result<Cleared>;

    /// The user's factors or password changed: bump the credential epoch and revoke
    /// every remembered device. Returns how many devices there were.
    fn credentials_changed(&self, user_id: i64) -> Result<usize>;

    /// Replaces all recovery codes of a user with these hashes (a change of factors).
    fn replace_recovery_codes(&self, user_id: i64, hashes: &[String]) -> Result<usize>;

    /// The unused recovery codes of a user: (id, hash).
    fn unused_recovery_codes(&self, user_id: i64) -> Result<Vec<(i64, String)>>;

    /// Every recovery code row: (id, user id, hash), to rebind schema-1 hashes.
    fn recovery_code_rows(&self) -> Result<Vec<(i64, i64, String)>>;

    /// Replaces the hash of one recovery code (rebinding a schema-1 hash).
    fn set_recovery_code_hash(&self, id: i64, hash: &str) -> Result<()>;

    /// Marks a recovery code used; false if it was used meanwhile.
    fn use_recovery_code(&self, id: i64, now: i64) -> Result<bool>;

    /// How many recovery codes of a user are unused.
    fn recovery_codes_left(&self, user_id: i64) -> Result<i64>;

    /// Every remembered device of a user, oldest first; whether each is still honoured
    /// is for `core::signin::device_honoured` to say.
    fn devices(&self, user_id: i64) -> Result<Vec<Device>>;

    /// The device of a user whose token has this keyed hash, if any.
    fn device_by_token(&self, user_id: i64, token_hash: &str) -> Result<Option<Device>>;

    /// Revokes the remembered devices of a tenant's users remembered at or before
    /// `issued_by` (a shorter lifetime must not come back to life when it grows again).
    fn delete_tenant_devices(&self, tenant_id: i64, issued_by: i64) -> Result<usize>;

    /// Revokes one device; false if the user has no device with that id.
    fn delete_device(&self, user_id: i64, id: &str) -> Result<bool>;

    /// Saves the failure counter and lock of a user.
    fn set_lock(&self, user_id: i64, failed_attempts: i64, locked_until: Option<i64>)
    -> Result<()>;

    /// Records the first sign-in at which 2FA became required (the grace period's start).
    fn start_grace(&self, user_id: i64, now: i64) -> Result<()>;

    /// Remembers a device: its public id, the keyed hash of its token, and what it is
    /// bound to (the user's credential epoch now, and the factor that was passed).
    fn insert_device(
        &self,
        user_id: i64,
        id: &str,
        token_hash: &str,
        factor: &str,
        now: i64,
    ) -> Result<()>;

    /// Records that a remembered device was used to sign in.
    fn touch_device(&self, id: &str, now: i64) -> Result<()>;
}
