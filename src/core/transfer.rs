//! What moves in and out of mfactl (SPEC §8): a user as the import/export CSV holds
//! them, and an authenticator from another system with its own algorithm, digits and
//! period. The files are read and written by `formats`; the rules for a secret and a
//! password hash are here. Pure.

use crate::core::model::UserKind;
use crate::core::password;
use crate::core::totp::{self, Params};

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

#[cfg(test)]
mod tests {
    use super::{secret_from_base32, secret_to_base32};

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
    }
}
