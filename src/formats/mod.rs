//! The files people hand mfactl and get back, read into `core` types with
//! `FILE:LINE:COLUMN` errors and written back in a stable order: the policy file of
//! SPEC §7 (`policy`). No store, no printing, no decisions (a plan is `core`'s).

pub mod policy;
