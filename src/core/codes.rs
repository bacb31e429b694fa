//! The formats of what users type as proof: 6-digit codes and recovery codes.

use crate::error::{Error, Result};

/// How many recovery codes a user gets (SPEC §4).
pub const RECOVERY_CODES: usize = 10;
/// Characters of a recovery code, shown as two groups of five.
const RECOVERY_LEN: usize = 10;
const RECOVERY_ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz234567";

/// Compares two byte strings in time independent of where they differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A 6-digit code: exactly six ASCII digits once spaces are removed (`123 456` is
/// fine, leading zeros count); anything else is a usage error before it is checked.
pub fn six_digits(input: &str) -> Result<String> {
    let code: String = input.chars().filter(|c| *c != ' ').collect();
    if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(code)
    } else {
        Err(Error::usage(format!(
            "{input:?} is not a code: a code is six digits (0-9)"
        ))
        .with_hint("type the 6 digits your authenticator app shows, e.g. --code 123456"))
    }
}

/// A recovery code as stored for comparison: lower case, without spaces and dashes.
pub fn recovery_code(input: &str) -> Option<String> {
    let code: String = input
        .chars()
        .filter(|c| *c != ' ' && *c != '-')
        .collect::<String>()
        .to_ascii_lowercase();
    (code.len() == RECOVERY_LEN && code.bytes().all(|b| RECOVERY_ALPHABET.contains(&b)))
        .then_some(code)
}

/// What a `--code` given as proof is: an authenticator code or a recovery code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Proof {
    Totp(String),
    Recovery(String),
    /// A temporary access pass (`core::pass::normalize`d); only a sign-in takes one.
    Pass(String),
}

/// Reads a proof: six digits, or a recovery code (`abcde-fghij`); else a usage error.
pub fn proof(input: &str) -> Result<Proof> {
    if let Some(code) = recovery_code(input) {
        return Ok(Proof::Recovery(code));
    }
    six_digits(input).map(Proof::Totp).map_err(|e| {
        e.with_hint(
            "give the 6 digits of the authenticator app, or a recovery code like abcde-fghij",
        )
    })
}

/// Ten recovery codes made from 100 random bytes: `abcde-fghij`.
pub fn new_recovery_codes(random: &[u8; RECOVERY_CODES * RECOVERY_LEN]) -> Vec<String> {
    random
        .chunks(RECOVERY_LEN)
        .map(|chunk| {
            let chars: String = chunk
                .iter()
                .map(|b| char::from(RECOVERY_ALPHABET[usize::from(*b) % RECOVERY_ALPHABET.len()]))
                .collect();
            format!("{}-{}", &chars[..5], &chars[5..])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{Proof, constant_time_eq, new_recovery_codes, proof, recovery_code, six_digits};

    #[test]
    fn constant_time_eq_compares_whole_strings() {
        assert!(constant_time_eq(b"123456", b"123456"));
        assert!(!constant_time_eq(b"123456", b"123457"));
        assert!(!constant_time_eq(b"12345", b"123456"));
    }

    #[test]
    fn six_digit_codes() {
        assert_eq!(six_digits("123 456").ok().as_deref(), Some("123456"));
        assert_eq!(six_digits("012345").ok().as_deref(), Some("012345"));
        for bad in [
            "12345",
            "1234567",
            "abcdef",
            "１２３４５６",
            "12345a",
            "",
            "12-3456",
            "+12345",
        ] {
            assert!(six_digits(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn recovery_codes_are_ten_distinct_and_parse_back() {
        let random: [u8; 100] = std::array::from_fn(|i| u8::try_from(i * 37 % 256).unwrap_or(0));
        let codes = new_recovery_codes(&random);
        assert_eq!(codes.len(), 10);
        for code in &codes {
            assert_eq!(code.len(), 11);
            assert_eq!(
                recovery_code(&code.to_uppercase()).map(|c| c.len()),
                Some(10)
            );
        }
        assert_eq!(
            proof("abcde-fghij").ok(),
            Some(Proof::Recovery("abcdefghij".into()))
        );
        assert_eq!(proof("654 321").ok(), Some(Proof::Totp("654321".into())));
        assert!(proof("abcdef").is_err());
    }
}
