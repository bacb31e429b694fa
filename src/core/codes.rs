//! The formats of what users type as proof: codes of 6 digits (8 for an authenticator
//! imported with 8, SPEC §4) and recovery codes.

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
    digits(input, 6)
}

/// A code of exactly `count` ASCII digits once spaces are removed: what an
/// authenticator of `count` digits shows. A usage error otherwise, saying how many
/// digits this authenticator's codes have when the input has the other count.
pub fn digits(input: &str, count: u8) -> Result<String> {
    let code: String = input.chars().filter(|c| *c != ' ').collect();
    if code.len() == usize::from(count) && code.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(code);
    }
    let all_digits = !code.is_empty() && code.bytes().all(|b| b.is_ascii_digit());
    let error = if all_digits && (code.len() == 6 || code.len() == 8) {
        Error::usage(format!(
            "{input:?} is {} {}-digit code, but this authenticator's codes have {count} digits",
            if code.len() == 8 { "an" } else { "a" },
            code.len()
        ))
    } else if count == 6 {
        Error::usage(format!(
            "{input:?} is not a code: a code is six digits (0-9)"
        ))
    } else {
        Error::usage(format!(
            "{input:?} is not a code: this authenticator's codes are {count} digits (0-9)"
        ))
    };
    Err(error.with_hint(format!(
        "type the {count} digits your authenticator app shows, e.g. --code {}",
        &"12345678"[..usize::from(count.min(8))]
    )))
}

/// An authenticator code before it is known which authenticator it is for: six digits,
/// or eight (an authenticator imported with eight, SPEC §4). The check against the
/// authenticator then refuses the other count as a usage error, before comparing.
pub fn totp_code(input: &str) -> Result<String> {
    let code: String = input.chars().filter(|c| *c != ' ').collect();
    if code.len() == 8 && code.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(code);
    }
    six_digits(input)
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
    totp_code(input).map(Proof::Totp).map_err(|e| {
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
    use super::{
        Proof, constant_time_eq, digits, new_recovery_codes, proof, recovery_code, six_digits,
        totp_code,
    };

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

    /// Eight digits are a code only for an authenticator imported with eight; the
    /// refusal says which count this authenticator wants.
    #[test]
    fn eight_digit_codes() {
        assert_eq!(digits("1234 5678", 8).ok().as_deref(), Some("12345678"));
        assert_eq!(totp_code("12345678").ok().as_deref(), Some("12345678"));
        assert_eq!(totp_code("123456").ok().as_deref(), Some("123456"));
        assert!(totp_code("1234567").is_err());
        let refused = digits("123456", 8)
            .err()
            .map(|e| e.message)
            .unwrap_or_default();
        assert!(
            refused.contains("a 6-digit code, but this authenticator's codes have 8 digits"),
            "{refused}"
        );
        let refused = six_digits("12345678")
            .err()
            .map(|e| e.message)
            .unwrap_or_default();
        assert!(refused.contains("an 8-digit code"), "{refused}");
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
