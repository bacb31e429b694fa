//! What every command acts with, resolved once by `app.rs`: the open store and its key,
//! who is acting, how to print, whether prompts may be shown, and **the clock**.
//!
//! The clock is read by `Ctx::now()` at the moment of each decision, never cached at
//! start-up: a person may sit at a prompt for minutes, a code is valid for the time it
//! was typed, and an audit entry carries the time it was written.

use crate::core::audit::{ChainKeys, NewEntry};
use crate::error::Result;
use crate::keyring::KeyRing;
use crate::output;
use crate::qr;
use crate::secrets::Key;
use crate::store::{Store, Tx};

/// Everything a command needs, resolved before it runs.
pub struct Ctx {
    pub store: Store,
    pub key: Key,
    /// The keys the store had before `store rekey` replaced them (none before the first).
    pub ring: KeyRing,
    /// The keys of the audit chain, derived from `key` (and the ring's) and the store's id.
    pub chain: ChainKeys,
    /// The store's random id (empty for a schema-1 store read without upgrading it).
    pub store_id: String,
    /// The key file in use (`MFACTL_KEY_FILE`, or beside the store).
    pub key_path: std::path::PathBuf,
    pub actor: String,
    pub json: bool,
    pub quiet: bool,
    /// Whether prompts may be shown (a terminal and no `--no-input`).
    pub interactive: bool,
    /// How QR codes are drawn: forced colours, or the terminal's own (`NO_COLOR`).
    pub qr_style: qr::Style,
    /// Whether stdout is a terminal, and how wide: a QR code is drawn only where it fits.
    pub stdout: qr::Screen,
    /// The same for stderr, where interactive flows show theirs.
    pub stderr: qr::Screen,
}

impl Ctx {
    /// The time now, in Unix seconds: read afresh at every call. Inside a write
    /// transaction it is read after the store's lock was taken.
    pub fn now(&self) -> i64 {
        clock()
    }

    /// Appends an audit entry by this run's actor in `tx`, stamped with the time now.
    pub fn audit(&self, tx: &Tx<'_>, entry: &NewEntry) -> Result<()> {
        tx.append_audit(self.now(), &self.actor, entry, self.chain.current())
            .map(|_| ())
    }

    /// What the store keeps of a recovery code of a user (`KeyRing::hash`).
    pub fn recovery_hash(&self, user_id: i64, code: &str) -> String {
        self.ring
            .hash(&self.key, |key| key.recovery_hash(user_id, code))
    }

    /// What the store keeps of a device token of a user.
    pub fn device_hash(&self, user_id: i64, token: &str) -> String {
        self.ring
            .hash(&self.key, |key| key.device_hash(user_id, token))
    }

    /// What the store keeps of an access pass of a user (see `Key::pass_hash`).
    pub fn pass_hash(&self, user_id: i64, epoch: i64, valid: (i64, i64), pass: &str) -> String {
        self.ring
            .hash(&self.key, |key| key.pass_hash(user_id, epoch, valid, pass))
    }

    /// What the store keeps of another code (`purpose`, `value`): an email code.
    pub fn keyed_hash(&self, purpose: &str, value: &str) -> String {
        self.ring
            .hash(&self.key, |key| key.keyed_hash(purpose, value))
    }

    /// A note for a person on stderr (silenced by `-q` and `--json`).
    pub fn note(&self, message: &str) {
        output::note(message, self.quiet, self.json);
    }
}

/// Reads the system clock: the only call of `SystemTime::now` in mfactl. Seconds since
/// 1970, negative for a clock set before it.
pub fn clock() -> i64 {
    #[expect(
        clippy::disallowed_methods,
        reason = "the one clock read, behind Ctx::now"
    )]
    let now = std::time::SystemTime::now();
    match now.duration_since(std::time::UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
        Err(before) => i64::try_from(before.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}
