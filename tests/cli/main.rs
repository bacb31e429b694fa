//! One integration test binary; its modules mirror the nouns of the command line.
//! Every test runs the real binary on a real store in a temp dir (see `support.rs`).

// A test that cannot go on should stop loudly, helpers included.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail by panicking"
)]

mod access_pass;
mod audit;
mod clock;
mod company;
mod completion;
mod concurrency;
mod devices;
mod docs;
mod enrol;
mod errors;
mod export;
mod group_role;
mod import;
mod import_otpauth;
mod import_secrets;
mod layers;
mod lockout;
mod login;
mod mail;
mod mfa;
mod policy;
mod postgres;
mod postgres_session;
mod postgres_store;
mod prompts;
mod qr;
mod readme;
mod report;
mod scale;
mod store;
mod store_copy;
mod store_ops;
mod support;
mod tenant;
mod terminal;
mod tmux;
mod user;
