//! The rules of mfactl, pure: no file system, environment, terminal, clock or RNG.
//!
//! Every function that depends on the time takes `now` (Unix seconds); random bytes
//! are passed in by the caller. A test in `tests/cli/layers.rs` keeps it that way.

pub mod audit;
pub mod codes;
pub mod duration;
pub mod email;
pub mod lockout;
pub mod model;
pub mod pass;
pub mod password;
pub mod plan;
pub mod policy;
pub mod settings;
pub mod signin;
pub mod text;
pub mod time;
pub mod totp;
pub mod transfer;
pub mod validate;
