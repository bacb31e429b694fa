//! The files people hand mfactl and get back, read into `core` types with the line of
//! every problem and written back in a stable order: the users' CSV of `user import` and
//! `user export` (`users`), and the otpauth and authenticator-export lines of `user
//! import --format otpauth` (`otpauth`, SPEC §8). No store, no printing, no decisions.

pub mod otpauth;
pub mod users;
