//! The temporary access pass (SPEC §4), pure: what a pass looks like, how long it may
//! last, and whether a typed one passes. Support issues one for a user who lost their
//! phone; it stands in for the second factor of one sign-in, which must then enrol a
//! new authenticator.
//!
//! A pass is 16 characters of Crockford's base32 alphabet (no I, L, O or U: nothing to
//! misread when it is read out over the phone), 80 bits from the OS's randomness, shown
//! in groups of four. Typed back, case does not matter, dashes and spaces are dropped,
//! and the letters people confuse with digits (O for 0, I and L for 1) are read as the
//! digits, as Crockford's decoding does.

use crate::core::codes::constant_time_eq;
use crate::error::{Error, Result};

/// Characters of a pass.
pub const LENGTH: usize = 16;
/// The random bytes a pass is made of: 16 characters of 5 bits.
pub const RANDOM_BYTES: usize = 10;
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// How long a pass lasts unless `--valid` says otherwise.
pub const DEFAULT_VALID_SECS: i64 = 60 * 60;
/// The longest `--valid` there may be.
pub const MAX_VALID_SECS: i64 = 24 * 60 * 60;

/// A new pass from 80 random bits: every character takes five of them, so each of the
/// 32 characters is equally likely and the pass holds exactly 80 bits.
pub fn from_random(random: &[u8; RANDOM_BYTES]) -> String {
    let mut bits: u128 = 0;
    for byte in random {
        bits = (bits << 8) | u128::from(*byte);
    }
    (0..LENGTH)
        .rev()
        .map(|i| char::from(ALPHABET[usize::try_from((bits >> (i * 5)) & 31).unwrap_or(0)]))
        .collect()
}

/// A pass in groups of four for reading out: `ABCD-EFGH-JKMN-PQRS`.
pub fn grouped(pass: &str) -> String {
    pass.as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// A typed pass as it is compared: upper case, without dashes and spaces, with O read
/// as 0 and I or L as 1. `None` when it cannot be a pass.
pub fn normalize(input: &str) -> Option<String> {
    let pass: String = input
        .chars()
        .filter(|c| *c != ' ' && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect();
    (pass.len() == LENGTH && pass.bytes().all(|b| ALPHABET.contains(&b))).then_some(pass)
}

/// Reads a pass given as `--code` with `--method pass`: a usage error when it cannot be
/// one, before anything is checked.
pub fn parse(input: &str) -> Result<String> {
    normalize(input).ok_or_else(|| {
        Error::usage("that is not an access pass: a pass is 16 letters and digits").with_hint(
            "type the pass support gave you, e.g. --method pass --code ABCD-EFGH-JKMN-PQRS",
        )
    })
}

/// How long a new pass lasts: `--valid` (seconds), else an hour; more than a day, or
/// nothing at all, is a usage error.
pub fn valid_secs(valid: Option<i64>) -> Result<i64> {
    let secs = valid.unwrap_or(DEFAULT_VALID_SECS);
    if secs <= 0 || secs > MAX_VALID_SECS {
        return Err(
            Error::usage("--valid must be more than 0 and at most 24h for an access pass")
                .with_hint("a pass should live only as long as the call takes: e.g. --valid 1h (the default) or --valid 30m"),
        );
    }
    Ok(secs)
}

/// The user's pass as the store holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassFact {
    /// The keyed hash of the pass, bound to the user.
    pub hash: String,
    pub issued_at: i64,
    pub expires_at: i64,
}

impl PassFact {
    /// Whether the pass can still be used at `now` (issued under a clock that ran
    /// ahead, it cannot).
    pub fn valid_at(&self, now: i64) -> bool {
        self.issued_at <= now && now < self.expires_at
    }
}

/// Whether the keyed hash of a typed pass is the user's pass, still valid at `now`. A
/// wrong, expired, used or revoked pass are all the same answer: no.
pub fn check(pass: Option<&PassFact>, typed_hash: &str, now: i64) -> bool {
    pass.is_some_and(|pass| {
        // Compared whatever the time, so the answer takes as long either way.
        let matches = constant_time_eq(pass.hash.as_bytes(), typed_hash.as_bytes());
        matches && pass.valid_at(now)
    })
}

#[cfg(test)]
mod tests {
    use super::{PassFact, check, from_random, grouped, normalize, parse, valid_secs};

    #[test]
    fn a_pass_is_sixteen_unambiguous_characters_holding_eighty_bits() {
        assert_eq!(from_random(&[0; 10]), "0000000000000000");
        assert_eq!(from_random(&[0xff; 10]), "ZZZZZZZZZZZZZZZZ");
        // Each character is five bits, most significant first.
        let mut one = [0u8; 10];
        one[9] = 1;
        assert_eq!(from_random(&one), "0000000000000001");
        let pass = from_random(&[0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x0f, 0xed]);
        assert_eq!(pass.len(), 16);
        assert!(!pass.contains(['I', 'L', 'O', 'U']));
        assert_eq!(grouped(&pass).len(), 19);
        assert_eq!(normalize(&grouped(&pass).to_lowercase()), Some(pass));
    }

    #[test]
    fn typed_passes_are_read_as_a_person_means_them() {
        assert_eq!(
            normalize("abcd-efgh-jkmn-pqrs").as_deref(),
            Some("ABCDEFGHJKMNPQRS")
        );
        assert_eq!(
            normalize("oIl0 abcd efgh jkmn").as_deref(),
            Some("0110ABCDEFGHJKMN")
        );
        for bad in [
            "",
            "ABCD-EFGH-JKMN",
            "ABCD-EFGH-JKMN-PQRSU",
            "UBCD-EFGH-JKMN-PQRS",
            "ÀBCD-EFGH-JKMN-PQRS",
            "123456",
        ] {
            assert_eq!(normalize(bad), None, "{bad}");
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_pass_lasts_an_hour_unless_told_and_never_more_than_a_day() {
        assert_eq!(valid_secs(None).ok(), Some(3600));
        assert_eq!(valid_secs(Some(1800)).ok(), Some(1800));
        assert_eq!(valid_secs(Some(86_400)).ok(), Some(86_400));
        assert!(valid_secs(Some(86_401)).is_err());
        assert!(valid_secs(Some(0)).is_err());
    }

    #[test]
    fn only_the_right_pass_while_it_lasts() {
        let pass = PassFact {
            hash: "aa".into(),
            issued_at: 100,
            expires_at: 200,
        };
        assert!(check(Some(&pass), "aa", 100));
        assert!(check(Some(&pass), "aa", 199));
        assert!(!check(Some(&pass), "aa", 200));
        assert!(!check(Some(&pass), "aa", 99));
        assert!(!check(Some(&pass), "ab", 150));
        assert!(!check(None, "aa", 150));
    }
}
