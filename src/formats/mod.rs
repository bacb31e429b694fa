//! The files people hand mfactl and get back, read into `core` types with the line of
//! every problem and written back in a stable order: the policy file of SPEC §7
//! (`policy`), the users' CSV of `user import` and `user export` (`users`), and the
//! otpauth and authenticator-export lines of `user import --format otpauth` (`otpauth`,
//! SPEC §8). No store, no printing, no decisions (a plan is `core`'s).

pub mod otpauth;
pub mod policy;
pub mod users;
