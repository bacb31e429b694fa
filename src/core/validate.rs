//! Checks of what users type: emails, names, passwords, reasons.

use crate::error::{Error, Result};

/// Longest name of a tenant, company, role or group.
pub const NAME_MAX: usize = 63;
/// Longest email address (RFC 5321 path limit).
pub const EMAIL_MAX: usize = 254;
/// Shortest password (SPEC §4).
pub const PASSWORD_MIN: usize = 8;
/// Longest password: longer input is a mistake, and hashing it costs time.
pub const PASSWORD_MAX: usize = 1024;
/// Longest free-text reason recorded in the audit log (SPEC §4).
pub const REASON_MAX: usize = 1000;
/// Longest actor name recorded in the audit log (SPEC §4).
pub const ACTOR_MAX: usize = 200;

/// A tenant, company, role or group name: a letter or digit, then letters, digits, `.`, `_`, `-`.
pub fn name(what: &str, text: &str) -> Result<()> {
    let hint = format!(
        "a {what} name is 1 to {NAME_MAX} characters: ASCII letters and digits, '.', '_' and '-', starting with a letter or digit (case does not matter: Acme and acme are one name)"
    );
    if text.is_empty() {
        return Err(Error::usage(format!("the {what} name is empty")).with_hint(hint));
    }
    if text.len() > NAME_MAX {
        return Err(Error::usage(format!(
            "the {what} name is {} characters long",
            text.chars().count()
        ))
        .with_hint(hint));
    }
    let mut bytes = text.bytes();
    let first_ok = bytes.next().is_some_and(|b| b.is_ascii_alphanumeric());
    if !first_ok
        || !text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
    {
        return Err(Error::usage(format!("invalid {what} name {text:?}")).with_hint(hint));
    }
    Ok(())
}

/// An email address used as a login; returns it lower-cased.
pub fn email(text: &str) -> Result<String> {
    let hint = "write an address like alice@example.com";
    if text.len() > EMAIL_MAX {
        return Err(Error::usage(format!(
            "the email address is {} characters long; at most {EMAIL_MAX} are allowed",
            text.len()
        )));
    }
    let invalid = || Error::usage(format!("invalid email address {text:?}")).with_hint(hint);
    let (local, domain) = text.split_once('@').ok_or_else(invalid)?;
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~.".contains(&b));
    let domain_ok = domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    if local_ok && domain_ok {
        Ok(text.to_ascii_lowercase())
    } else {
        Err(invalid())
    }
}

/// A new password: 8 to 1024 characters, no control characters.
pub fn password(text: &str) -> Result<()> {
    let count = text.chars().count();
    if count < PASSWORD_MIN {
        return Err(Error::usage(format!(
            "the password has {count} characters; at least {PASSWORD_MIN} are needed"
        )));
    }
    if count > PASSWORD_MAX {
        return Err(Error::usage(format!(
            "the password has {count} characters; at most {PASSWORD_MAX} are allowed"
        )));
    }
    if text.chars().any(char::is_control) {
        return Err(Error::usage("the password contains a control character")
            .with_hint("with --password-stdin, give the password on one line"));
    }
    Ok(())
}

/// A reason for the audit log: not blank, at most 1000 characters.
pub fn reason(text: &str) -> Result<String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(Error::usage("the reason is empty")
            .with_hint("say why, e.g. --reason \"lost phone, ticket 4521\""));
    }
    if trimmed.chars().count() > REASON_MAX {
        return Err(Error::usage(format!(
            "the reason is longer than {REASON_MAX} characters"
        )));
    }
    Ok(trimmed.to_owned())
}

/// Who is acting (`--actor`, `MFACTL_ACTOR`): any text, at most 200 characters; kept
/// exactly (the terminal shows it escaped).
pub fn actor(text: &str) -> Result<String> {
    let count = text.chars().count();
    if count > ACTOR_MAX {
        return Err(Error::usage(format!(
            "the actor is {count} characters long; at most {ACTOR_MAX} are allowed"
        ))
        .with_hint(
            "give a shorter --actor (or MFACTL_ACTOR), e.g. a user name or a ticket queue",
        ));
    }
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::{actor, email, name, password};

    #[test]
    fn actors_are_bounded_but_kept_exactly() {
        assert_eq!(
            actor("ops \x1b[31mbot").ok().as_deref(),
            Some("ops \x1b[31mbot")
        );
        assert!(actor(&"a".repeat(200)).is_ok());
        assert!(actor(&"a".repeat(201)).is_err());
    }

    #[test]
    fn names() {
        for good in ["acme", "Acme-2", "a", "sales.eu_1"] {
            assert!(name("tenant", good).is_ok(), "{good}");
        }
        let long = "a".repeat(64);
        for bad in [
            "",
            "-a",
            ".a",
            "a b",
            "x'; DROP TABLE users;--",
            "é",
            long.as_str(),
        ] {
            assert!(name("tenant", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn emails() {
        assert_eq!(
            email("Alice@Example.COM").ok().as_deref(),
            Some("alice@example.com")
        );
        for bad in [
            "", "alice", "@x.io", "a@", "a@b", "a b@c.io", "a@@c.io", "a@c..io", "a@-c.io",
            ".a@c.io",
        ] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords() {
        assert!(password("12345678").is_ok());
        assert!(password("1234567").is_err());
        assert!(password("line\nbreak!").is_err());
        assert!(password(&"x".repeat(1025)).is_err());
    }
}
