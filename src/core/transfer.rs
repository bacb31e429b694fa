//! What moves in and out of mfactl (SPEC §8): a user as the import/export CSV holds
//! them, and an authenticator from another system with its own algorithm, digits and
//! period; the rules for a secret and a password hash; and how an import reports its bad
//! rows (the problems of a row by field, the worst kind deciding the exit code) and
//! names the line an email repeats. The files are read and written by `formats`. Pure.

use crate::core::model::UserKind;
use crate::core::password;
use crate::core::totp::{self, Params};
use crate::error::Kind;

/// An authenticator as another system kept it: its secret and how it makes codes.
#[derive(Clone, PartialEq, Eq)]
pub struct Authenticator {
    pub secret: Vec<u8>,
    pub params: Params,
}

impl std::fmt::Debug for Authenticator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authenticator")
            .field("secret", &"<redacted>")
            .field("params", &self.params)
            .finish()
    }
}

/// One user of the CSV, as far as the file says: `None` where a column is absent or
/// its field empty (or bad: the reader notes why).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserRecord {
    /// The tenant's name; `None`: the command's `--tenant` (or the only tenant).
    pub tenant: Option<String>,
    /// In lower case.
    pub email: Option<String>,
    pub company: Option<String>,
    /// Each once, in the file's order.
    pub roles: Vec<String>,
    pub kind: UserKind,
    /// A PHC string `core::password::parse` accepts.
    pub password_hash: Option<String>,
    pub totp: Option<Authenticator>,
}

/// Reads a base32 secret (RFC 4648; any case, spaces and `=` padding ignored, as
/// authenticator apps show them) of at least 128 bits (RFC 4226 §4); what is wrong
/// otherwise.
pub fn secret_from_base32(text: &str) -> Result<Vec<u8>, String> {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && *c != '=' && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let secret = data_encoding::BASE32_NOPAD
        .decode(cleaned.as_bytes())
        .map_err(|_| "is not base32 (the letters A-Z and the digits 2-7)".to_owned())?;
    check_secret_length(&secret)?;
    // A key of one byte repeated (`AAAA…`, all zeros) is a placeholder or a broken
    // export, not a secret anyone should sign in with.
    if secret.iter().all(|&b| b == secret[0]) {
        return Err(
            "is one byte repeated (e.g. all zeros), not a secret: export the authenticator again"
                .to_owned(),
        );
    }
    Ok(secret)
}

/// Refuses a secret under 128 bits (RFC 4226 §4), which no code of would be accepted.
pub fn check_secret_length(secret: &[u8]) -> Result<(), String> {
    if secret.len() < totp::MIN_SECRET_BYTES {
        return Err(format!(
            "has {} bits; a secret needs at least {} (RFC 4226)",
            secret.len() * 8,
            totp::MIN_SECRET_BYTES * 8
        ));
    }
    Ok(())
}

/// A secret as base32 without padding, as `oathtool -b` and the import read it.
pub fn secret_to_base32(secret: &[u8]) -> String {
    data_encoding::BASE32_NOPAD.encode(secret)
}

/// Checks a password hash given for import: a scheme and parameters mfactl checks at
/// sign-in (`core::password`); what is wrong otherwise.
pub fn check_password_hash(hash: &str) -> Result<(), String> {
    password::parse(hash).map(|_| ())
}

/// Where a problem of a row was found: a row's message lists its problems in the order
/// of its fields, whichever step found them (`Taken`: the store found the email taken).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Count,
    Tenant,
    Email,
    Company,
    Roles,
    Sso,
    PasswordHash,
    Totp,
    Taken,
}

/// The problems of one row; the worst kind decides the exit code.
#[derive(Debug, Clone)]
pub struct Problems {
    pub kind: Kind,
    messages: Vec<(Field, String)>,
}

impl Problems {
    fn add(&mut self, field: Field, kind: Kind, message: String) {
        if severity(kind) > severity(self.kind) || self.messages.is_empty() {
            self.kind = kind;
        }
        self.messages.push((field, message));
    }

    /// The messages in the order of the row's fields.
    pub fn text(&self) -> String {
        let mut messages: Vec<&(Field, String)> = self.messages.iter().collect();
        messages.sort_by_key(|(field, _)| *field);
        messages
            .iter()
            .map(|(_, message)| message.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Adds a problem to a row's problems, making them on the first.
pub fn note(problems: &mut Option<Box<Problems>>, field: Field, kind: Kind, message: String) {
    problems
        .get_or_insert_with(|| {
            Box::new(Problems {
                kind,
                messages: Vec::new(),
            })
        })
        .add(field, kind, message);
}

/// Which kind of bad row decides the exit code: malformed (2), then unknown (7), then
/// already there (8).
pub fn severity(kind: Kind) -> u8 {
    match kind {
        Kind::Usage => 3,
        Kind::NotFound => 2,
        _ => 1,
    }
}

/// The line of each user an import added, by id, to name the line an email repeats.
/// Ids grow with the rows but may skip (an id reserved for a row whose email was taken
/// is not used), so they are kept as runs of consecutive ids over the list of lines: as
/// small as the lines alone while nothing skips.
#[derive(Debug, Default)]
pub struct LineIndex {
    /// The line of each added user, in the order they were added.
    lines: Vec<u64>,
    /// (first id, index in `lines`) of each run of consecutive ids, ids growing.
    runs: Vec<(i64, usize)>,
    /// The last id added.
    last: Option<i64>,
}

impl LineIndex {
    /// Records that the user `id` (greater than every id before) came from `line`.
    pub fn push(&mut self, id: i64, line: u64) {
        if self.last.is_none_or(|last| last.checked_add(1) != Some(id)) {
            self.runs.push((id, self.lines.len()));
        }
        self.last = Some(id);
        self.lines.push(line);
    }

    /// The line the user `id` came from, if this import added it.
    pub fn line_of(&self, id: i64) -> Option<u64> {
        // The run holding the id: the last one starting at or before it.
        let run = self.runs.partition_point(|&(first, _)| first <= id);
        let &(first, at) = self.runs.get(run.checked_sub(1)?)?;
        let end = self
            .runs
            .get(run)
            .map_or(self.lines.len(), |&(_, next)| next);
        let index = at.checked_add(usize::try_from(id - first).ok()?)?;
        (index < end)
            .then(|| self.lines.get(index).copied())
            .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::{Field, LineIndex, note, secret_from_base32, secret_to_base32};
    use crate::error::Kind;

    #[test]
    fn a_rows_problems_read_in_field_order_and_the_worst_kind_wins() {
        let mut problems = None;
        note(&mut problems, Field::Taken, Kind::Conflict, "taken".into());
        note(&mut problems, Field::Email, Kind::Usage, "bad email".into());
        note(
            &mut problems,
            Field::Roles,
            Kind::NotFound,
            "no role".into(),
        );
        let problems = problems.unwrap_or_else(|| panic!("noted"));
        assert_eq!(problems.text(), "bad email; no role; taken");
        assert_eq!(problems.kind, Kind::Usage);
    }

    #[test]
    fn lines_are_found_by_id_across_skipped_ids() {
        let mut index = LineIndex::default();
        for (id, line) in [(5, 2), (6, 3), (9, 5), (10, 6)] {
            index.push(id, line);
        }
        let found: Vec<Option<u64>> = [4, 5, 6, 7, 9, 10, 11].map(|id| index.line_of(id)).to_vec();
        assert_eq!(
            found,
            [None, Some(2), Some(3), None, Some(5), Some(6), None]
        );
    }

    #[test]
    fn secrets_are_read_as_apps_show_them() {
        let secret = b"12345678901234567890";
        let text = secret_to_base32(secret);
        assert_eq!(text, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assert_eq!(secret_from_base32(&text).as_deref(), Ok(&secret[..]));
        let spaced = "gezd gnbv gy3t qojq gezd gnbv gy3t qojq";
        assert_eq!(secret_from_base32(spaced).as_deref(), Ok(&secret[..]));
        assert!(
            secret_from_base32("JBSWY3DPEHPK3PXP")
                .unwrap_err()
                .contains("80 bits")
        );
        assert!(secret_from_base32("not base32!").is_err());
        assert!(secret_from_base32("").is_err());
        // 128 bits of zeros, as a broken export writes them: no secret.
        let zeros = secret_from_base32(&"A".repeat(26)).unwrap_err();
        assert!(zeros.contains("one byte repeated"), "{zeros}");
    }
}
