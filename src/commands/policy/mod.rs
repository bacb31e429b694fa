//! `mfactl policy …`.
