//! The one error type of mfactl and the exit-code table of SPEC §3.
//!
//! Every layer returns `Error`; `Kind` decides the exit code in exactly one place
//! (`Kind::exit_code`). Nothing here prints: `lib.rs` renders errors for the user.

use std::fmt;

/// What went wrong, grouped by the SPEC's exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The tool or its environment failed: store unreadable, disk, mail server (exit 1).
    Environment,
    /// The audit log or another integrity check found tampering (exit 1).
    Integrity,
    /// Unknown flag or invalid value (exit 2).
    Usage,
    /// Wrong password or code (exit 3).
    AuthFailed,
    /// Input required but not given, no terminal (exit 4).
    InputRequired,
    /// Locked out or rate limited (exit 5).
    Locked,
    /// Refused by policy (exit 6).
    PolicyRefused,
    /// Not found (exit 7).
    NotFound,
    /// Already exists or already enrolled (exit 8).
    Conflict,
    /// A question on the terminal was answered "no": nothing was changed (exit 9).
    Cancelled,
}

impl Kind {
    /// The exit code of SPEC §3 for this kind of error.
    pub fn exit_code(self) -> u8 {
        match self {
            Kind::Environment | Kind::Integrity => 1,
            Kind::Usage => 2,
            Kind::AuthFailed => 3,
            // A confirmation answered no is one not given (SPEC §3 keeps 9 for a plan).
            Kind::InputRequired | Kind::Cancelled => 4,
            Kind::Locked => 5,
            Kind::PolicyRefused => 6,
            Kind::NotFound => 7,
            Kind::Conflict => 8,
        }
    }

    /// The stable name used as `error.kind` in `--json` output.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Environment => "environment",
            Kind::Integrity => "integrity",
            Kind::Usage => "usage",
            Kind::AuthFailed => "auth_failed",
            Kind::InputRequired => "input_required",
            Kind::Locked => "locked",
            Kind::PolicyRefused => "policy_refused",
            Kind::NotFound => "not_found",
            Kind::Conflict => "conflict",
            Kind::Cancelled => "cancelled",
        }
    }
}

/// An error with its kind, a sentence for the user, an optional hint and causes.
#[derive(Debug, Clone)]
pub struct Error {
    pub kind: Kind,
    pub message: String,
    pub hint: Option<String>,
    pub causes: Vec<String>,
    /// What to print on stdout before the error: (JSON, human text). For a run that
    /// stops for input after producing something a script needs (a pending enrolment).
    pub output: Option<Box<(serde_json::Value, String)>>,
}

/// The result type of the whole crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(kind: Kind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            hint: None,
            causes: Vec::new(),
            output: None,
        }
    }
    pub fn environment(message: impl Into<String>) -> Self {
        Self::new(Kind::Environment, message)
    }
    pub fn integrity(message: impl Into<String>) -> Self {
        Self::new(Kind::Integrity, message)
    }
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(Kind::Usage, message)
    }
    pub fn auth_failed(message: impl Into<String>) -> Self {
        Self::new(Kind::AuthFailed, message)
    }
    /// Input that a terminal would have been asked for; `flag` names the way to give it.
    pub fn input_required(flag: &str, message: impl Into<String>) -> Self {
        Self::new(Kind::InputRequired, message)
            .with_hint(format!("pass {flag}, or run on a terminal to be asked"))
    }
    pub fn locked(message: impl Into<String>) -> Self {
        Self::new(Kind::Locked, message)
    }
    pub fn policy(message: impl Into<String>) -> Self {
        Self::new(Kind::PolicyRefused, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(Kind::NotFound, message)
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(Kind::Conflict, message)
    }
    /// A confirmation declined at the terminal.
    pub fn cancelled(message: impl Into<String>) -> Self {
        Self::new(Kind::Cancelled, message)
    }

    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    #[must_use]
    pub fn caused_by(mut self, cause: impl fmt::Display) -> Self {
        self.causes.push(cause.to_string());
        self
    }

    /// Prints this on stdout (JSON or text) before the error.
    #[must_use]
    pub fn with_output(mut self, json: serde_json::Value, text: String) -> Self {
        self.output = Some(Box::new((json, text)));
        self
    }

    pub fn exit_code(&self) -> u8 {
        self.kind.exit_code()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::Kind;

    #[test]
    fn every_kind_has_the_spec_exit_code() {
        let table = [
            (Kind::Environment, 1, "environment"),
            (Kind::Integrity, 1, "integrity"),
            (Kind::Usage, 2, "usage"),
            (Kind::AuthFailed, 3, "auth_failed"),
            (Kind::InputRequired, 4, "input_required"),
            (Kind::Locked, 5, "locked"),
            (Kind::PolicyRefused, 6, "policy_refused"),
            (Kind::NotFound, 7, "not_found"),
            (Kind::Conflict, 8, "conflict"),
            (Kind::Cancelled, 4, "cancelled"),
        ];
        for (kind, code, name) in table {
            assert_eq!(kind.exit_code(), code, "{kind:?}");
            assert_eq!(kind.name(), name, "{kind:?}");
        }
    }
}
