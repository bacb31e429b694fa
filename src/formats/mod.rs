//! The files people hand mfactl and get back, read into `core` types with the line of
//! every problem and written back in a stable order: the policy file of SPEC §7
//! (`policy`), the users' CSV of `user import` and `user export` (`users`), and the
//! otpauth and authenticator-export lines of `user import --format otpauth` (`otpauth`,
//! SPEC §8). No store, no printing, no decisions (a plan is `core`'s).

pub mod otpauth;
pub mod policy;
pub mod users;

/// The longest line a file given to mfactl may have: far more than any row or export
/// line needs (a few hundred bytes, under 2 kB for ten accounts), and a bound on what
/// one line (of `/dev/zero`, say) can make mfactl hold.
pub const MAX_LINE: u64 = 1 << 20;
