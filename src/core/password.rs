//! The password hashes mfactl checks at sign-in: its own argon2id, and the schemes an
//! import brings from another system (SPEC §8): argon2i, bcrypt (`$2a$`, `$2b$`,
//! `$2y$`), scrypt and PBKDF2-SHA256/-SHA512, as PHC strings. Here a hash is read and
//! its parameters bounded; `secrets::verify_password` runs the scheme.
//!
//! The bounds are the defence against an import that plants a denial of service: a
//! bcrypt cost of 31 or a PBKDF2 of 10⁹ rounds would make every sign-in of that user
//! (right or wrong) hold a CPU for hours, and an scrypt or argon2 of huge memory would
//! abort the process. Such a hash is refused by line at import, and refused rather than
//! run if it reached the store another way. Each bound is far above what the scheme's
//! own recommendations (OWASP 2023, Django 6) ask, far below what would hurt. Pure: the
//! crates' parsers only, no hashing.

/// Most memory (KiB), passes and lanes an argon2 hash may ask for: far above what
/// mfactl makes (19 MiB, 2 passes, 1 lane), far below what would exhaust the machine.
pub const ARGON2_MAX: (u32, u32, u32) = (256 * 1024, 16, 16);
/// Most work an argon2 hash may ask for (memory in KiB · passes): about a second here
/// (lanes run one after the other in the argon2 crate, so they add no time).
pub const ARGON2_MAX_WORK: u64 = 1 << 20;
/// The highest bcrypt cost: 2¹⁴ rounds, about a second (OWASP asks for at least 10).
pub const BCRYPT_MAX_COST: u32 = 14;
/// Most PBKDF2 iterations: about a second (OWASP asks for 600,000 with SHA-256 and
/// 210,000 with SHA-512; Django 6 makes 1,200,000).
pub const PBKDF2_MAX_ROUNDS: u32 = 2_000_000;
/// Most memory an scrypt hash may ask for (128 · r · N bytes): 256 MiB, as argon2.
pub const SCRYPT_MAX_MEMORY: u64 = 256 * 1024 * 1024;
/// Most work an scrypt hash may ask for (N · r · p): 4× the recommended 2¹⁷ · 8 · 1.
pub const SCRYPT_MAX_WORK: u64 = 1 << 22;

/// A scheme of password hash mfactl checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// What mfactl makes, and keeps.
    Argon2id,
    Argon2i,
    Bcrypt,
    Scrypt,
    Pbkdf2Sha256,
    Pbkdf2Sha512,
}

impl Scheme {
    /// The name people know it by.
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Argon2id => "argon2id",
            Scheme::Argon2i => "argon2i",
            Scheme::Bcrypt => "bcrypt",
            Scheme::Scrypt => "scrypt",
            Scheme::Pbkdf2Sha256 => "pbkdf2-sha256",
            Scheme::Pbkdf2Sha512 => "pbkdf2-sha512",
        }
    }

    /// Whether a hash of this scheme is replaced by argon2id at the next sign-in that
    /// passes (SPEC §8).
    pub fn needs_rehash(self) -> bool {
        self != Scheme::Argon2id
    }
}

/// What an import accepts, for messages.
pub const ACCEPTED: &str = "argon2id, argon2i, bcrypt ($2a$, $2b$, $2y$), scrypt, pbkdf2-sha256 or pbkdf2-sha512, as a PHC string";

/// Reads a stored or imported hash: its scheme, once its form and parameters are
/// checked against the bounds above; otherwise what is wrong with it, for a person.
pub fn parse(hash: &str) -> Result<Scheme, String> {
    if hash.starts_with("$2") {
        return bcrypt(hash);
    }
    let parsed = password_hash::phc::PasswordHash::new(hash)
        .map_err(|e| format!("is not a PHC string ({e}); mfactl takes {ACCEPTED}"))?;
    if parsed.salt.is_none() || parsed.hash.is_none() {
        return Err("has no salt or no hash part".to_owned());
    }
    match parsed.algorithm.as_str() {
        "argon2id" => argon2(&parsed).map(|()| Scheme::Argon2id),
        "argon2i" => argon2(&parsed).map(|()| Scheme::Argon2i),
        "scrypt" => scrypt(&parsed),
        "pbkdf2-sha256" => pbkdf2(&parsed).map(|()| Scheme::Pbkdf2Sha256),
        "pbkdf2-sha512" => pbkdf2(&parsed).map(|()| Scheme::Pbkdf2Sha512),
        other => Err(format!(
            "is of the scheme {other:?}, which mfactl does not check; it takes {ACCEPTED}"
        )),
    }
}

fn bcrypt(hash: &str) -> Result<Scheme, String> {
    // `$2x$` marks hashes of a buggy implementation (crypt_blowfish before 2011).
    if !["$2a$", "$2b$", "$2y$"].iter().any(|p| hash.starts_with(p)) {
        return Err(format!(
            "is a bcrypt variant mfactl does not check; it takes {ACCEPTED}"
        ));
    }
    let parts: ::bcrypt::HashParts = hash
        .parse()
        .map_err(|e| format!("is not a bcrypt hash ({e})"))?;
    let cost = parts.get_cost();
    if !(4..=BCRYPT_MAX_COST).contains(&cost) {
        return Err(format!(
            "asks for a bcrypt cost of {cost}; mfactl checks costs 4 to {BCRYPT_MAX_COST} (each step doubles the time of every sign-in)"
        ));
    }
    Ok(Scheme::Bcrypt)
}

fn argon2(parsed: &password_hash::phc::PasswordHash) -> Result<(), String> {
    // 0x10 and 0x13 are the versions argon2 has; a hash of another cannot be checked.
    if let Some(version) = parsed.version
        && version != 0x10
        && version != 0x13
    {
        return Err(format!(
            "is of argon2 version {version}; there are versions 16 and 19 only"
        ));
    }
    let params = argon2::Params::try_from(parsed)
        .map_err(|e| format!("has argon2 parameters that cannot be read ({e})"))?;
    let (memory, passes, lanes) = ARGON2_MAX;
    let work = u64::from(params.m_cost()) * u64::from(params.t_cost());
    if params.m_cost() > memory
        || params.t_cost() > passes
        || params.p_cost() > lanes
        || work > ARGON2_MAX_WORK
    {
        return Err(format!(
            "asks for m={}, t={}, p={}; mfactl checks argon2 hashes of at most m={memory} (KiB), t={passes}, p={lanes}, and m·t at most {ARGON2_MAX_WORK} (about a second a sign-in)",
            params.m_cost(),
            params.t_cost(),
            params.p_cost()
        ));
    }
    Ok(())
}

fn scrypt(parsed: &password_hash::phc::PasswordHash) -> Result<Scheme, String> {
    let params = ::scrypt::Params::try_from(parsed)
        .map_err(|e| format!("has scrypt parameters that cannot be read ({e})"))?;
    let n = params.n();
    let (r, p) = (u64::from(params.r()), u64::from(params.p()));
    let memory = n.saturating_mul(r).saturating_mul(128);
    let work = n.saturating_mul(r).saturating_mul(p);
    if memory > SCRYPT_MAX_MEMORY || work > SCRYPT_MAX_WORK {
        return Err(format!(
            "asks for scrypt ln={}, r={r}, p={p}: {} MiB and N·r·p = {work}; mfactl checks at most {} MiB and N·r·p = {SCRYPT_MAX_WORK}",
            params.log_n(),
            memory / (1024 * 1024),
            SCRYPT_MAX_MEMORY / (1024 * 1024)
        ));
    }
    Ok(Scheme::Scrypt)
}

fn pbkdf2(parsed: &password_hash::phc::PasswordHash) -> Result<(), String> {
    let params = ::pbkdf2::Params::try_from(parsed).map_err(|e| {
        format!("has PBKDF2 parameters that cannot be read ({e}; i= at least 1000, l= the hash's length)")
    })?;
    if params.rounds() > PBKDF2_MAX_ROUNDS {
        return Err(format!(
            "asks for {} PBKDF2 iterations; mfactl checks at most {PBKDF2_MAX_ROUNDS}",
            params.rounds()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{Scheme, parse};

    // Made by independent tools: `htpasswd -nbB -C 10 u 'correct horse'`, the `argon2`
    // CLI, Python's hashlib (pbkdf2_hmac, scrypt) written as PHC strings.
    const BCRYPT: &str = "$2y$10$aDCAGwtMcqpvpDpCIUGKL.lVAYEYocvByMGHz61hm/.7ljg0lQXF6";

    #[test]
    fn every_accepted_scheme_is_read() {
        assert_eq!(parse(BCRYPT), Ok(Scheme::Bcrypt));
        assert_eq!(
            parse(
                "$argon2i$v=19$m=4096,t=3,p=1$c29tZXNhbHQxMjM0$ZXc1Ryr6kGFGaxKKHKTkxLP4ETp/vsaPJ4VtwnPF7ZY"
            ),
            Ok(Scheme::Argon2i)
        );
        assert_eq!(
            parse(
                "$scrypt$ln=16,r=8,p=1$aM15713r3Xsvxbi31lqr1Q$nFNh2CVHVjNldFVKDHDlm4CbdRSCdEBsjjJxD+iCs5E"
            ),
            Ok(Scheme::Scrypt)
        );
        assert_eq!(
            parse(
                "$pbkdf2-sha256$i=4096,l=40$c2FsdFNBTFRzYWx0U0FMVHNhbHRTQUxUc2FsdFNBTFRzYWx0$NIyJ28vTKy8y2BS4EW6EzysXNH68GAAYHE4qH7jdU+HGNVGMfaxH6Q"
            ),
            Ok(Scheme::Pbkdf2Sha256)
        );
        assert!(!Scheme::Argon2id.needs_rehash());
        assert!(Scheme::Bcrypt.needs_rehash());
    }

    /// Issue 21's attack: parameters that would hold a CPU for hours, or exhaust memory,
    /// at every sign-in are refused, saying what the bound is.
    #[test]
    fn absurd_parameters_are_refused() {
        let slow_bcrypt = BCRYPT.replacen("$10$", "$31$", 1);
        let refused = parse(&slow_bcrypt).unwrap_err();
        assert!(refused.contains("bcrypt cost of 31"), "{refused}");
        let slow_pbkdf2 = "$pbkdf2-sha256$i=1000000000,l=40$c2FsdFNBTFRzYWx0U0FMVHNhbHRTQUxUc2FsdFNBTFRzYWx0$NIyJ28vTKy8y2BS4EW6EzysXNH68GAAYHE4qH7jdU+HGNVGMfaxH6Q";
        let refused = parse(slow_pbkdf2).unwrap_err();
        assert!(
            refused.contains("1000000000 PBKDF2 iterations"),
            "{refused}"
        );
        let huge_scrypt = "$scrypt$ln=30,r=8,p=1$aM15713r3Xsvxbi31lqr1Q$nFNh2CVHVjNldFVKDHDlm4CbdRSCdEBsjjJxD+iCs5E";
        let refused = parse(huge_scrypt).unwrap_err();
        assert!(refused.contains("ln=30"), "{refused}");
        let greedy = "$argon2id$v=19$m=4294967295,t=2,p=1$c29tZXNhbHQ$iWh06vD8Fy27wf9npn6FXWiCX4K6pW6Ue1Bnzz07Z8A";
        assert!(parse(greedy).unwrap_err().contains("m=4294967295"));
        // Each parameter within its bound, together 3.4 s a sign-in: refused too.
        let slow = "$argon2id$v=19$m=262144,t=16,p=1$c29tZXNhbHQ$iWh06vD8Fy27wf9npn6FXWiCX4K6pW6Ue1Bnzz07Z8A";
        assert!(parse(slow).unwrap_err().contains("m·t at most"), "{slow}");
        let fine = "$argon2id$v=19$m=65536,t=16,p=1$c29tZXNhbHQ$iWh06vD8Fy27wf9npn6FXWiCX4K6pW6Ue1Bnzz07Z8A";
        assert_eq!(parse(fine), Ok(Scheme::Argon2id));
    }

    /// A version argon2 does not have is refused at import, not found at sign-in.
    #[test]
    fn an_argon2_version_that_does_not_exist_is_refused() {
        let hash = "$argon2id$v=99$m=1024,t=2,p=1$c2FsdHNhbHRzYWx0$H5rnCvoHJK5J3ADJ9mc9NL74Ow2lIMZ5zI+CyR256y0";
        assert!(parse(hash).unwrap_err().contains("version 99"), "{hash}");
        let v16 = hash.replacen("v=99", "v=16", 1);
        assert_eq!(parse(&v16), Ok(Scheme::Argon2id));
    }

    #[test]
    fn other_schemes_and_garbage_are_refused() {
        for hash in [
            "",
            "plain text",
            "$1$salt$md5cryptxxxxxxxxxxxxx",
            "$argon2d$v=19$m=4096,t=3,p=1$c29tZXNhbHQ$iWh06vD8Fy27wf9npn6FXWiCX4K6pW6Ue1Bnzz07Z8A",
            "$pbkdf2-sha1$i=4096$c2FsdA$aGFzaA",
            "$2x$10$aDCAGwtMcqpvpDpCIUGKL.lVAYEYocvByMGHz61hm/.7ljg0lQXF6",
            "$2y$10$tooshort",
            "pbkdf2_sha256$870000$salt$hash",
        ] {
            assert!(parse(hash).is_err(), "{hash}");
        }
    }
}
