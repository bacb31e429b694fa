//! TOTP per RFC 6238 (HOTP per RFC 4226 over 30-second steps): SHA-1, 6 digits, one
//! step of skew either side, and replay protection by the last accepted step.

use hmac::{Hmac, Mac};
use sha1::Sha1;

/// Length of a step in seconds (RFC 6238 §4: X = 30).
pub const STEP_SECONDS: i64 = 30;
/// Digits of a code.
pub const DIGITS: u32 = 6;
/// Bytes of a new secret: 160 bits, as RFC 4226 §4 recommends.
pub const SECRET_BYTES: usize = 20;

/// The step that contains `now` (RFC 6238 §4.2: T = floor((now - T0) / X), T0 = 0).
pub fn step_at(now: i64) -> i64 {
    now.div_euclid(STEP_SECONDS)
}

/// The code of `secret` at `step`, `digits` long (RFC 4226 §5.3 dynamic truncation).
pub fn code_at(secret: &[u8], step: i64, digits: u32) -> String {
    let Ok(mut mac) = <Hmac<Sha1> as Mac>::new_from_slice(secret) else {
        return String::new();
    };
    mac.update(&step.to_be_bytes());
    let hash = mac.finalize().into_bytes();
    let offset = usize::from(hash[hash.len() - 1] & 0x0f);
    let binary = u32::from_be_bytes([
        hash[offset] & 0x7f,
        hash[offset + 1],
        hash[offset + 2],
        hash[offset + 3],
    ]);
    let modulus = 10u32.pow(digits);
    format!("{:0width$}", binary % modulus, width = digits as usize)
}

/// What checking a code found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// The code matches `step`, later than every step accepted before.
    Accepted(i64),
    /// The code matches a step already accepted, or older: a replay.
    Replayed,
    /// The code matches no step within one of now.
    Wrong,
    /// A step later than this clock's window was accepted before: one of the two clocks
    /// was wrong. Nothing can be accepted until that is sorted out (`user unlock`).
    ClockBehind { last_step: i64 },
}

/// Checks a normalized 6-digit code against the steps now-1, now and now+1 (RFC 6238
/// §5.2: one step of delay either side). `used` are the steps accepted before: only a
/// step later than all of them is accepted (§5.2: never accept the same code twice, nor
/// an older one). When one of them lies beyond this clock's window, the clock that
/// accepted it ran ahead or this one is behind: that is reported, not called a replay.
pub fn check(secret: &[u8], code: &str, now: i64, used: &[i64]) -> Check {
    let current = step_at(now);
    let mut matched = None;
    for step in [current - 1, current, current + 1] {
        // Check every step, so the time taken does not depend on which one matched.
        if crate::core::codes::constant_time_eq(
            code_at(secret, step, DIGITS).as_bytes(),
            code.as_bytes(),
        ) {
            matched = Some(step);
        }
    }
    let last = used.iter().copied().max();
    match (last, matched) {
        (Some(last), _) if last > current + 1 => Check::ClockBehind { last_step: last },
        (Some(last), Some(step)) if step <= last => Check::Replayed,
        (_, Some(step)) => Check::Accepted(step),
        (_, None) => Check::Wrong,
    }
}

/// Base32 (RFC 4648, no padding) of a secret, as authenticator apps expect it.
pub fn encode_secret(secret: &[u8]) -> String {
    data_encoding::BASE32_NOPAD.encode(secret)
}

/// The key in groups of four for typing: `JBSW Y3DP EHPK 3PXP`.
pub fn grouped(key: &str) -> String {
    key.as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The Google Authenticator key URI: `otpauth://totp/ISSUER:ACCOUNT?secret=…&issuer=…`,
/// with issuer and account percent-encoded.
pub fn otpauth_uri(issuer: &str, account: &str, secret_base32: &str) -> String {
    let issuer = percent_encode(issuer);
    format!(
        "otpauth://totp/{issuer}:{}?secret={secret_base32}&issuer={issuer}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        percent_encode(account)
    )
}

#[cfg(test)]
mod tests {
    use super::{Check, check, code_at, grouped, otpauth_uri, step_at};

    const RFC_SECRET: &[u8] = b"12345678901234567890";

    #[test]
    fn rfc_6238_sha1_test_vectors() {
        // RFC 6238 Appendix B, SHA-1 column (8 digits).
        for (time, code) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            assert_eq!(code_at(RFC_SECRET, step_at(time), 8), code, "T={time}");
            assert_eq!(
                code_at(RFC_SECRET, step_at(time), 6),
                code[2..],
                "T={time}, 6 digits"
            );
        }
    }

    #[test]
    fn rfc_4226_hotp_test_vectors() {
        let expected = [
            "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583",
            "399871", "520489",
        ];
        for (counter, code) in expected.iter().enumerate() {
            assert_eq!(
                code_at(RFC_SECRET, i64::try_from(counter).unwrap_or(0), 6),
                *code
            );
        }
    }

    #[test]
    fn one_step_of_skew_is_accepted_and_two_are_not() {
        let now = 1_700_000_015;
        let step = step_at(now);
        for (offset, accepted) in [(-2, false), (-1, true), (0, true), (1, true), (2, false)] {
            let code = code_at(RFC_SECRET, step + offset, 6);
            let result = check(RFC_SECRET, &code, now, &[]);
            assert_eq!(
                result == Check::Accepted(step + offset),
                accepted,
                "offset {offset}"
            );
        }
    }

    #[test]
    fn an_accepted_step_is_never_accepted_again() {
        let now = 1_700_000_015;
        let code = code_at(RFC_SECRET, step_at(now), 6);
        assert_eq!(
            check(RFC_SECRET, &code, now, &[step_at(now)]),
            Check::Replayed
        );
        let older = code_at(RFC_SECRET, step_at(now) - 1, 6);
        assert_eq!(
            check(RFC_SECRET, &older, now, &[step_at(now)]),
            Check::Replayed
        );
        assert_eq!(check(RFC_SECRET, "000000", now, &[]), Check::Wrong);
    }

    /// A step accepted under a clock far ahead (issue 8: the year 2300) is reported as
    /// a clock fault, not as a replay; and setting the clock back never brings an old
    /// code back, however many codes were accepted since (the adversary's F1).
    #[test]
    fn a_clock_behind_the_record_is_a_fault_and_never_reopens_old_codes() {
        let now = 1_700_000_015;
        let current = step_at(now);
        let far = step_at(10_413_792_000);
        let code = code_at(RFC_SECRET, current, 6);
        assert_eq!(
            check(RFC_SECRET, &code, now, &[current - 5, far]),
            Check::ClockBehind { last_step: far }
        );
        assert_eq!(
            check(RFC_SECRET, "000000", now, &[far]),
            Check::ClockBehind { last_step: far }
        );
        // One step ahead is inside the window: that is history, not a fault.
        let next = code_at(RFC_SECRET, current + 1, 6);
        assert_eq!(
            check(RFC_SECRET, &code, now, &[current + 1]),
            Check::Replayed
        );
        assert_eq!(
            check(RFC_SECRET, &next, now, &[current]),
            Check::Accepted(current + 1)
        );
    }

    #[test]
    fn uri_follows_the_key_uri_format() {
        assert_eq!(
            otpauth_uri("Acme Corp", "alice+1@example.com", "JBSWY3DPEHPK3PXP"),
            "otpauth://totp/Acme%20Corp:alice%2B1%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Acme%20Corp&algorithm=SHA1&digits=6&period=30"
        );
        assert_eq!(grouped("JBSWY3DPEHPK3PXP"), "JBSW Y3DP EHPK 3PXP");
    }
}
