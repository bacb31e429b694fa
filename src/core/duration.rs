//! Durations as the SPEC writes them: `0`, or a positive whole number with `m`, `h` or `d`.

use crate::error::{Error, Result};

/// The longest duration accepted anywhere: ten years.
pub const MAX_SECONDS: i64 = 3650 * 86_400;

/// Parses `0`, `90m`, `12h`, `14d` into seconds.
pub fn parse(text: &str) -> Result<i64> {
    let bad = || {
        Error::usage(format!("invalid duration {text:?}"))
            .with_hint("write 0, or a whole number with m, h or d: 90m, 12h, 14d")
    };
    if text == "0" {
        return Ok(0);
    }
    let unit = match text.as_bytes().last() {
        Some(b'm') => 60,
        Some(b'h') => 3600,
        Some(b'd') => 86_400,
        _ => return Err(bad()),
    };
    let digits = &text[..text.len() - 1];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let count: i64 = digits.parse().map_err(|_| bad())?;
    match count.checked_mul(unit) {
        Some(0) => Err(bad()),
        Some(secs) if secs <= MAX_SECONDS => Ok(secs),
        _ => Err(Error::usage(format!("duration {text:?} is too long"))
            .with_hint("the longest is 3650d")),
    }
}

/// Seconds back to the largest unit that divides them: 1209600 → `14d`.
pub fn format(secs: i64) -> String {
    match secs {
        0 => "0".to_owned(),
        s if s % 86_400 == 0 => format!("{}d", s / 86_400),
        s if s % 3600 == 0 => format!("{}h", s / 3600),
        s if s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::{format, parse};

    #[test]
    fn accepts_the_spec_forms() {
        for (text, secs) in [("0", 0), ("90m", 5400), ("12h", 43_200), ("14d", 1_209_600)] {
            assert_eq!(parse(text).ok(), Some(secs), "{text}");
        }
        assert_eq!(format(5400), "90m");
        assert_eq!(format(86_400 * 14), "14d");
        assert_eq!(format(0), "0");
    }

    #[test]
    fn refuses_everything_else() {
        for bad in [
            "",
            "d",
            "0d",
            "-1d",
            "+1d",
            "1.5h",
            "1 d",
            "1D",
            "14",
            "1w",
            "1dd",
            "99999999999999999999d",
            "3651d",
        ] {
            assert!(parse(bad).is_err(), "{bad} was accepted");
        }
    }
}
