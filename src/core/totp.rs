//! TOTP per RFC 6238 (HOTP per RFC 4226 over 30-second steps): SHA-1, 6 digits, one
//! step of skew either side, and replay protection by the steps accepted before.
//!
//! The codes (HMAC-SHA-1, dynamic truncation) and the otpauth URI come from `totp-rs`;
//! the rules around them are ours: which steps are tried, a constant-time comparison
//! over all of them, and what a match means given the steps accepted before. The
//! crate's own `Totp::check` is not used: it stops at the first matching step (so the
//! time taken says which step matched) and knows nothing of steps accepted before.
//! Pure: the time is always passed in (the crate is built without its clock).

use totp_rs::{Builder, Totp, TotpError};

use crate::error::{Error, Result};

/// Length of a step in seconds (RFC 6238 §4: X = 30).
pub const STEP_SECONDS: i64 = 30;
/// Digits of a code.
pub const DIGITS: u8 = 6;
/// Bytes of a new secret: 160 bits, as RFC 4226 §4 recommends.
pub const SECRET_BYTES: usize = 20;

/// The step that contains `now` (RFC 6238 §4.2: T = floor((now - T0) / X), T0 = 0).
pub fn step_at(now: i64) -> i64 {
    now.div_euclid(STEP_SECONDS)
}

/// SHA-1, 30-second steps, `digits` long. `None` for a secret the crate refuses (under
/// 128 bits, RFC 4226 §4; every secret mfactl makes has 160).
fn generator(secret: &[u8], digits: u8) -> Option<Totp> {
    Builder::new()
        .with_secret(secret.to_vec())
        .with_digits(digits)
        .with_step_duration(STEP_SECONDS.unsigned_abs())
        .build()
        .ok()
}

/// The code of `generator` at `step`; `None` for a step before 1970 (no authenticator
/// shows one) or past the end of time.
fn code_of(generator: &Totp, step: i64) -> Option<String> {
    let start = u64::try_from(step)
        .ok()?
        .checked_mul(STEP_SECONDS.unsigned_abs())?;
    Some(generator.generate(start).to_string())
}

/// The code of `secret` at `step`, `digits` long (6 to 8); empty when there is none (a
/// secret under 128 bits, a step before 1970), which no code typed equals.
pub fn code_at(secret: &[u8], step: i64, digits: u8) -> String {
    generator(secret, digits)
        .and_then(|generator| code_of(&generator, step))
        .unwrap_or_default()
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
    let generator = generator(secret, DIGITS);
    let mut matched = None;
    for step in [current - 1, current, current + 1] {
        // Check every step, so the time taken does not depend on which one matched.
        let expected = generator
            .as_ref()
            .and_then(|generator| code_of(generator, step))
            .unwrap_or_default();
        if crate::core::codes::constant_time_eq(expected.as_bytes(), code.as_bytes())
            && !expected.is_empty()
        {
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

/// What an authenticator app is given for a new secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provisioning {
    /// Base32 (RFC 4648, no padding), for typing.
    pub key: String,
    /// The Google Authenticator key URI, issuer included:
    /// `otpauth://totp/ISSUER:ACCOUNT?secret=…&issuer=…` (SHA-1, 6 digits and 30 s are
    /// the format's defaults, so they are not spelled out).
    pub uri: String,
}

/// The key and otpauth URI of `secret` for `account` at `issuer`. Issuer and account
/// are percent-encoded; neither may contain a colon (the format's separator), which no
/// tenant name or email address mfactl accepts does.
pub fn provisioning(issuer: &str, account: &str, secret: &[u8]) -> Result<Provisioning> {
    let refused = |e: TotpError| {
        Error::environment(format!(
            "cannot make an authenticator key for {account} at {issuer}"
        ))
        .caused_by(e)
    };
    let totp = Builder::new()
        .with_secret(secret.to_vec())
        .with_digits(DIGITS)
        .with_step_duration(STEP_SECONDS.unsigned_abs())
        .with_issuer(Some(issuer))
        .with_account_name(account)
        .build()
        .map_err(refused)?;
    Ok(Provisioning {
        key: totp.secret().to_base32(),
        uri: totp.to_url().map_err(refused)?,
    })
}

/// The key in groups of four for typing: `JBSW Y3DP EHPK 3PXP`.
pub fn grouped(key: &str) -> String {
    key.as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::{Check, check, code_at, grouped, provisioning, step_at};

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
        let made = provisioning("Acme-Corp", "alice+1@example.com", RFC_SECRET);
        let made = made.unwrap_or_else(|e| panic!("{e:?}"));
        // RFC 4648 §10 alphabet, no padding: what `oathtool -b` and the apps read.
        assert_eq!(made.key, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assert_eq!(
            made.uri,
            "otpauth://totp/Acme-Corp:alice%2B1%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Acme-Corp"
        );
        assert_eq!(grouped("JBSWY3DPEHPK3PXP"), "JBSW Y3DP EHPK 3PXP");
    }

    #[test]
    fn issuer_and_account_are_percent_encoded_and_read_back() {
        let secret = [7u8; 20];
        let made = provisioning("acme corp", "o'neil@example.com", &secret);
        let made = made.unwrap_or_else(|e| panic!("{e:?}"));
        assert!(
            made.uri
                .starts_with("otpauth://totp/acme%20corp:o%27neil%40example.com?secret="),
            "{}",
            made.uri
        );
        let read = totp_rs::Totp::from_url(&made.uri).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(read.issuer(), Some("acme corp"));
        assert_eq!(read.account_name(), "o'neil@example.com");
        assert_eq!(read.secret().as_bytes(), secret);
        assert_eq!((read.digits(), read.step()), (6, 30));
    }

    /// A colon would split the label in the wrong place: refused, not encoded.
    #[test]
    fn a_colon_in_issuer_or_account_is_refused() {
        assert!(provisioning("a:b", "alice@example.com", &[7; 20]).is_err());
        assert!(provisioning("acme", "a:b@example.com", &[7; 20]).is_err());
    }

    /// totp-rs refuses secrets under 128 bits (RFC 4226 §4): such a secret (never made
    /// by mfactl) accepts no code at all rather than panicking; 128 bits work.
    #[test]
    fn a_secret_under_128_bits_accepts_nothing() {
        let short = [1u8; 15];
        assert_eq!(code_at(&short, 1, 6), "");
        assert_eq!(check(&short, "", 45, &[]), Check::Wrong);
        for code in ["000000", "123456"] {
            assert_eq!(check(&short, code, 45, &[]), Check::Wrong);
        }
        let enough = [1u8; 16];
        let code = code_at(&enough, 1, 6);
        assert_eq!(check(&enough, &code, 45, &[]), Check::Accepted(1));
    }

    /// A clock before 1970 (steps below 0) has no codes; step 0 is still reachable.
    #[test]
    fn steps_before_1970_have_no_code() {
        assert_eq!(code_at(RFC_SECRET, -1, 6), "");
        assert_eq!(check(RFC_SECRET, "", -15, &[]), Check::Wrong);
        let first = code_at(RFC_SECRET, 0, 6);
        assert_eq!(first, "755224");
        assert_eq!(check(RFC_SECRET, &first, -15, &[]), Check::Accepted(0));
        assert_eq!(code_at(RFC_SECRET, i64::MAX, 6), "");
    }
}
