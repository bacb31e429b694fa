//! TOTP per RFC 6238 (HOTP per RFC 4226 over steps of time): one step of skew either
//! side, and replay protection by the steps accepted before. An authenticator mfactl
//! enrols is SHA-1, 6 digits, 30-second steps; one imported from another system keeps
//! its own algorithm (SHA-1, SHA-256 or SHA-512), digits (6 or 8) and period (30 or 60
//! seconds), `Params`, which every check of its codes follows (SPEC §4, §8).
//!
//! The codes (HMAC, dynamic truncation) and the otpauth URI come from `totp-rs`; the
//! rules around them are ours: which steps are tried, a constant-time comparison over
//! all of them, and what a match means given the steps accepted before. The crate's own
//! `Totp::check` is not used: it stops at the first matching step (so the time taken
//! says which step matched) and knows nothing of steps accepted before. Pure: the time
//! is always passed in (the crate is built without its clock).

use serde::Serialize;
use totp_rs::{Builder, Totp, TotpError};

use crate::error::{Error, Result};

/// Length of a step in seconds of an authenticator mfactl enrols (RFC 6238 §4: X = 30).
pub const STEP_SECONDS: i64 = 30;
/// Digits of a code of an authenticator mfactl enrols.
pub const DIGITS: u8 = 6;
/// Bytes of a new secret: 160 bits, as RFC 4226 §4 recommends.
pub const SECRET_BYTES: usize = 20;
/// The fewest bytes a secret may have: 128 bits (RFC 4226 §4), an imported one too.
pub const MIN_SECRET_BYTES: usize = 16;

/// The HMAC of an authenticator's codes (RFC 6238 §1.2: SHA-1, SHA-256 or SHA-512).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Algorithm {
    #[serde(rename = "SHA1")]
    Sha1,
    #[serde(rename = "SHA256")]
    Sha256,
    #[serde(rename = "SHA512")]
    Sha512,
}

impl Algorithm {
    /// The name the store, the CSV file and otpauth URIs use: `SHA1`, `SHA256`, `SHA512`.
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "SHA1",
            Algorithm::Sha256 => "SHA256",
            Algorithm::Sha512 => "SHA512",
        }
    }

    /// Reads a name, in any case and with or without the dash (`sha-256`); `None` for
    /// anything else (MD5 among them).
    pub fn from_name(name: &str) -> Option<Algorithm> {
        match name.trim().to_ascii_uppercase().replace('-', "").as_str() {
            "SHA1" => Some(Algorithm::Sha1),
            "SHA256" => Some(Algorithm::Sha256),
            "SHA512" => Some(Algorithm::Sha512),
            _ => None,
        }
    }

    fn of_crate(self) -> totp_rs::Algorithm {
        match self {
            Algorithm::Sha1 => totp_rs::Algorithm::SHA1,
            Algorithm::Sha256 => totp_rs::Algorithm::SHA256,
            Algorithm::Sha512 => totp_rs::Algorithm::SHA512,
        }
    }
}

/// How an authenticator makes its codes: the algorithm, the digits of a code and the
/// length of a step. `Params::default()` is what mfactl enrols: SHA1, 6, 30.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Params {
    pub algorithm: Algorithm,
    pub digits: u8,
    /// Seconds.
    pub period: u32,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            algorithm: Algorithm::Sha1,
            digits: DIGITS,
            period: 30,
        }
    }
}

impl Params {
    /// Checked parameters: 6 or 8 digits, a period of 30 or 60 seconds (SPEC §8); a
    /// message saying what is allowed otherwise.
    pub fn new(
        algorithm: Algorithm,
        digits: u8,
        period: u32,
    ) -> std::result::Result<Params, String> {
        if digits != 6 && digits != 8 {
            return Err(format!("{digits} digits: an authenticator has 6 or 8"));
        }
        if period != 30 && period != 60 {
            return Err(format!(
                "a period of {period} seconds: an authenticator's period is 30 or 60"
            ));
        }
        Ok(Params {
            algorithm,
            digits,
            period,
        })
    }

    /// Reads the stored form back (`totp_algorithm`, `totp_digits`, `totp_period`);
    /// anything the store's checks would not let in reads as the defaults.
    pub fn from_stored(algorithm: &str, digits: i64, period: i64) -> Params {
        let algorithm = Algorithm::from_name(algorithm).unwrap_or(Algorithm::Sha1);
        let digits = u8::try_from(digits).unwrap_or(DIGITS);
        let period = u32::try_from(period).unwrap_or(30);
        Params::new(algorithm, digits, period).unwrap_or_default()
    }

    /// Whether these are SHA1, 6 digits, 30 seconds: what mfactl enrols.
    pub fn is_default(self) -> bool {
        self == Params::default()
    }

    /// The step length in seconds.
    pub fn step_seconds(self) -> i64 {
        i64::from(self.period)
    }

    /// The step that contains `now` (RFC 6238 §4.2: T = floor((now - T0) / X), T0 = 0).
    pub fn step_at(self, now: i64) -> i64 {
        now.div_euclid(self.step_seconds())
    }

    /// When `step` starts.
    pub fn time_of(self, step: i64) -> i64 {
        step.saturating_mul(self.step_seconds())
    }

    /// `SHA256, 8 digits, 60 s`, for people.
    pub fn describe(self) -> String {
        format!(
            "{}, {} digits, {} s",
            self.algorithm.as_str(),
            self.digits,
            self.period
        )
    }

    /// The code of `secret` at `step`; empty when there is none (a secret under 128
    /// bits, a step before 1970), which no code typed equals.
    pub fn code_at(self, secret: &[u8], step: i64) -> String {
        generator(secret, self)
            .and_then(|generator| code_of(&generator, self, step))
            .unwrap_or_default()
    }
}

/// The step of a default authenticator (30 s) that contains `now`.
pub fn step_at(now: i64) -> i64 {
    Params::default().step_at(now)
}

/// The generator of `params`. `None` for a secret the crate refuses (under 128 bits,
/// RFC 4226 §4; every secret mfactl makes has 160, and an import refuses shorter ones).
fn generator(secret: &[u8], params: Params) -> Option<Totp> {
    Builder::new()
        .with_secret(secret.to_vec())
        .with_algorithm(params.algorithm.of_crate())
        .with_digits(params.digits)
        .with_step_duration(u64::from(params.period))
        .build()
        .ok()
}

/// The code of `generator` at `step`; `None` for a step before 1970 (no authenticator
/// shows one) or past the end of time.
fn code_of(generator: &Totp, params: Params, step: i64) -> Option<String> {
    let start = u64::try_from(step)
        .ok()?
        .checked_mul(u64::from(params.period))?;
    Some(generator.generate(start).to_string())
}

/// The code of a SHA-1, 30-second `secret` at `step`, `digits` long (6 or 8); empty
/// when there is none.
pub fn code_at(secret: &[u8], step: i64, digits: u8) -> String {
    Params {
        digits,
        ..Params::default()
    }
    .code_at(secret, step)
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

/// Checks a normalized code of `params.digits` digits against the steps now-1, now and
/// now+1 of `params.period` (RFC 6238 §5.2: one step of delay either side). `used` are
/// the steps accepted before: only a step later than all of them is accepted (§5.2:
/// never accept the same code twice, nor an older one). When one of them lies beyond
/// this clock's window, the clock that accepted it ran ahead or this one is behind:
/// that is reported, not called a replay. A code of another length matches nothing
/// (callers refuse it as a usage error before they get here).
pub fn check(secret: &[u8], params: Params, code: &str, now: i64, used: &[i64]) -> Check {
    let current = params.step_at(now);
    let generator = generator(secret, params);
    let mut matched = None;
    for step in [current - 1, current, current + 1] {
        // Check every step, so the time taken does not depend on which one matched.
        let expected = generator
            .as_ref()
            .and_then(|generator| code_of(generator, params, step))
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
    use super::{Algorithm, Check, Params, check, code_at, grouped, provisioning, step_at};

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

    /// RFC 6238 Appendix B, SHA-256 and SHA-512 columns (8 digits), with the RFC's
    /// seeds of 32 and 64 bytes: what an imported authenticator of those algorithms shows.
    #[test]
    fn rfc_6238_sha256_and_sha512_test_vectors() {
        let sha256 = Params::new(Algorithm::Sha256, 8, 30).unwrap_or_default();
        let sha512 = Params::new(Algorithm::Sha512, 8, 30).unwrap_or_default();
        let seed32 = b"12345678901234567890123456789012";
        let seed64 = b"1234567890123456789012345678901234567890123456789012345678901234";
        for (time, code256, code512) in [
            (59, "46119246", "90693936"),
            (1_111_111_109, "68084774", "25091201"),
            (1_111_111_111, "67062674", "99943326"),
            (1_234_567_890, "91819424", "93441116"),
            (2_000_000_000, "90698825", "38618901"),
            (20_000_000_000, "77737706", "47863826"),
        ] {
            assert_eq!(
                sha256.code_at(seed32, sha256.step_at(time)),
                code256,
                "T={time}"
            );
            assert_eq!(
                sha512.code_at(seed64, sha512.step_at(time)),
                code512,
                "T={time}"
            );
            assert_eq!(
                check(seed32, sha256, code256, time, &[]),
                Check::Accepted(sha256.step_at(time))
            );
            // A 6-digit code never matches an 8-digit authenticator.
            assert_eq!(
                check(seed32, sha256, &code256[2..], time, &[]),
                Check::Wrong
            );
        }
    }

    /// A 60-second authenticator counts steps of 60 seconds: its replay protection too.
    #[test]
    fn a_sixty_second_authenticator_counts_its_own_steps() {
        let params = Params::new(Algorithm::Sha1, 6, 60).unwrap_or_default();
        let now = 1_700_000_015;
        let step = params.step_at(now);
        assert_eq!(step, now / 60);
        let code = params.code_at(RFC_SECRET, step);
        assert_eq!(
            check(RFC_SECRET, params, &code, now, &[]),
            Check::Accepted(step)
        );
        assert_eq!(
            check(RFC_SECRET, params, &code, now + 45, &[step]),
            Check::Replayed
        );
        // One step of skew is 60 seconds either side, two are not.
        let before = params.code_at(RFC_SECRET, step - 1);
        assert_eq!(
            check(RFC_SECRET, params, &before, now, &[]),
            Check::Accepted(step - 1)
        );
        let far = params.code_at(RFC_SECRET, step - 2);
        assert_eq!(check(RFC_SECRET, params, &far, now, &[]), Check::Wrong);
        assert_eq!(params.time_of(step), step * 60);
    }

    #[test]
    fn parameters_are_checked_and_read_back() {
        assert!(Params::new(Algorithm::Sha1, 7, 30).is_err());
        assert!(Params::new(Algorithm::Sha1, 6, 45).is_err());
        assert!(Params::default().is_default());
        assert_eq!(Algorithm::from_name("sha-256"), Some(Algorithm::Sha256));
        assert_eq!(Algorithm::from_name("MD5"), None);
        let read = Params::from_stored("SHA512", 8, 60);
        assert_eq!(read.describe(), "SHA512, 8 digits, 60 s");
        assert_eq!(Params::from_stored("nonsense", 99, -1), Params::default());
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
            let result = check(RFC_SECRET, Params::default(), &code, now, &[]);
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
            check(RFC_SECRET, Params::default(), &code, now, &[step_at(now)]),
            Check::Replayed
        );
        let older = code_at(RFC_SECRET, step_at(now) - 1, 6);
        assert_eq!(
            check(RFC_SECRET, Params::default(), &older, now, &[step_at(now)]),
            Check::Replayed
        );
        assert_eq!(
            check(RFC_SECRET, Params::default(), "000000", now, &[]),
            Check::Wrong
        );
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
            check(
                RFC_SECRET,
                Params::default(),
                &code,
                now,
                &[current - 5, far]
            ),
            Check::ClockBehind { last_step: far }
        );
        assert_eq!(
            check(RFC_SECRET, Params::default(), "000000", now, &[far]),
            Check::ClockBehind { last_step: far }
        );
        // One step ahead is inside the window: that is history, not a fault.
        let next = code_at(RFC_SECRET, current + 1, 6);
        assert_eq!(
            check(RFC_SECRET, Params::default(), &code, now, &[current + 1]),
            Check::Replayed
        );
        assert_eq!(
            check(RFC_SECRET, Params::default(), &next, now, &[current]),
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
        assert_eq!(check(&short, Params::default(), "", 45, &[]), Check::Wrong);
        for code in ["000000", "123456"] {
            assert_eq!(
                check(&short, Params::default(), code, 45, &[]),
                Check::Wrong
            );
        }
        let enough = [1u8; 16];
        let code = code_at(&enough, 1, 6);
        assert_eq!(
            check(&enough, Params::default(), &code, 45, &[]),
            Check::Accepted(1)
        );
    }

    /// A clock before 1970 (steps below 0) has no codes; step 0 is still reachable.
    #[test]
    fn steps_before_1970_have_no_code() {
        assert_eq!(code_at(RFC_SECRET, -1, 6), "");
        assert_eq!(
            check(RFC_SECRET, Params::default(), "", -15, &[]),
            Check::Wrong
        );
        let first = code_at(RFC_SECRET, 0, 6);
        assert_eq!(first, "755224");
        assert_eq!(
            check(RFC_SECRET, Params::default(), &first, -15, &[]),
            Check::Accepted(0)
        );
        assert_eq!(code_at(RFC_SECRET, i64::MAX, 6), "");
    }
}
