//! Email as a second factor and as a channel (SPEC §4, §5), pure: the rules of email
//! codes (six digits, ten minutes, five guesses, five sent an hour), what a mail server
//! URL may be, and the short plain texts mfactl sends.

use crate::core::text::escape;
use crate::core::time::format_rfc3339;
use crate::error::{Error, Result};

/// How long an email code is valid.
pub const CODE_SECONDS: i64 = 10 * 60;
/// Wrong guesses that use a code up.
pub const CODE_GUESSES: i64 = 5;
/// Codes sent to one user in an hour, at most.
pub const CODES_PER_HOUR: usize = 5;
const HOUR: i64 = 60 * 60;

/// What an email code is for: it works only for that.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A sign-in (`login`).
    SignIn,
    /// Turning one's own 2FA off (`user deactivate-2fa --method email`).
    Deactivate,
    /// Proving a caller's identity to support (`user reset-mfa --verify-email`).
    Reset,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::SignIn => "sign_in",
            Purpose::Deactivate => "deactivate",
            Purpose::Reset => "reset",
        }
    }

    fn doing(self) -> &'static str {
        match self {
            Purpose::SignIn => "sign in",
            Purpose::Deactivate => "turn off two-factor authentication",
            Purpose::Reset => {
                "prove to support that it is you asking to reset two-factor authentication"
            }
        }
    }
}

/// Six decimal digits from random bytes, each value equally likely.
pub fn code_from_random(random: &[u8; 8]) -> Option<String> {
    let value = u64::from_be_bytes(*random);
    // Rejection: values past the last whole million would favour small codes.
    let limit = u64::MAX - u64::MAX % 1_000_000;
    (value < limit).then(|| format!("{:06}", value % 1_000_000))
}

/// Whether another code may be sent to a user who was sent codes at `sent` (times),
/// at `now`: at most five in any hour. `Err` holds when the next one may be sent.
pub fn may_send(sent: &[i64], now: i64) -> Result<(), i64> {
    let mut recent: Vec<i64> = sent.iter().copied().filter(|&at| at > now - HOUR).collect();
    if recent.len() < CODES_PER_HOUR {
        return Ok(());
    }
    recent.sort_unstable();
    // The next code may go once enough of these are an hour old.
    let index = recent.len() - CODES_PER_HOUR;
    // Saturating: the times come from the store, which may hold anything.
    Err(recent[index].max(now - HOUR).saturating_add(HOUR))
}

/// The latest email code sent to a user for a purpose, as the store holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeFact {
    pub id: i64,
    /// Keyed hash of the code, bound to the user and the purpose.
    pub hash: String,
    pub sent_at: i64,
    pub guesses: i64,
    pub used: bool,
}

impl CodeFact {
    pub fn expires_at(&self) -> i64 {
        self.sent_at.saturating_add(CODE_SECONDS)
    }
}

/// What checking a typed email code against the latest one found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// It matches a code still valid.
    Passed { id: i64 },
    /// It does not match the code still valid (a guess to count on it).
    Wrong { id: i64 },
    /// It matches a code that was used already.
    Replayed,
    /// No code to check: none sent, or the latest expired (at this time) or was used
    /// up by wrong guesses.
    Missing {
        expired_at: Option<i64>,
        used_up: bool,
    },
}

/// Checks the keyed hash of a typed code against the latest code at `now`.
pub fn check(latest: Option<&CodeFact>, typed_hash: &str, now: i64) -> Check {
    let Some(code) = latest else {
        return Check::Missing {
            expired_at: None,
            used_up: false,
        };
    };
    let matches = crate::core::codes::constant_time_eq(code.hash.as_bytes(), typed_hash.as_bytes());
    if code.used {
        return if matches {
            Check::Replayed
        } else {
            Check::Wrong { id: code.id }
        };
    }
    if code.guesses >= CODE_GUESSES {
        return Check::Missing {
            expired_at: None,
            used_up: true,
        };
    }
    // A code sent under a clock that ran ahead is not valid either.
    if !(code.sent_at <= now && now < code.expires_at()) {
        return Check::Missing {
            expired_at: Some(code.expires_at()),
            used_up: false,
        };
    }
    if matches {
        Check::Passed { id: code.id }
    } else {
        Check::Wrong { id: code.id }
    }
}

/// A mail server as `mail set --smtp-url` gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpUrl {
    /// `smtps://`: TLS from the first byte; `smtp://`: STARTTLS.
    pub implicit_tls: bool,
    pub host: String,
    pub port: u16,
    pub username: Option<String>,
    pub password: Option<String>,
}

impl SmtpUrl {
    /// Parses `smtp://[USER:PASS@]HOST:PORT` or `smtps://…`; the port defaults to 587
    /// (submission) and 465.
    pub fn parse(text: &str) -> Result<SmtpUrl> {
        let bad = |why: &str| {
            Error::usage(format!("invalid --smtp-url: {why}")).with_hint(
                "write smtp://[USER@]HOST:PORT (STARTTLS) or smtps://[USER@]HOST:PORT (TLS), with the password on standard input (--password-stdin)",
            )
        };
        let url = url::Url::parse(text).map_err(|e| bad(&e.to_string()))?;
        let implicit_tls = match url.scheme() {
            "smtp" => false,
            "smtps" => true,
            other => return Err(bad(&format!("the scheme is {other:?}, not smtp or smtps"))),
        };
        let host = match url.host() {
            Some(url::Host::Domain(name)) if name.contains('%') || !name.is_ascii() => {
                return Err(bad(
                    "give a non-ASCII host name in its ASCII form (punycode, xn--…)",
                ));
            }
            Some(url::Host::Domain(name)) => name.to_owned(),
            Some(url::Host::Ipv4(ip)) => ip.to_string(),
            Some(url::Host::Ipv6(ip)) => ip.to_string(),
            None => return Err(bad("it names no host")),
        };
        if !matches!(url.path(), "" | "/") || url.query().is_some() || url.fragment().is_some() {
            return Err(bad("it has a path, query or fragment"));
        }
        let decode = |part: &str| {
            percent_decode(part).ok_or_else(|| bad("the user or password is not valid UTF-8"))
        };
        let username = Some(url.username())
            .filter(|u| !u.is_empty())
            .map(decode)
            .transpose()?;
        let password = url.password().map(decode).transpose()?;
        if password.is_some() && username.is_none() {
            return Err(bad("a password needs a user"));
        }
        let port = url.port().unwrap_or(if implicit_tls { 465 } else { 587 });
        if port == 0 {
            return Err(bad("port 0 is no port"));
        }
        Ok(SmtpUrl {
            implicit_tls,
            host,
            port,
            username,
            password,
        })
    }

    /// Whether the server is this machine: the only place a connection without TLS is
    /// allowed (SPEC §5: STARTTLS is required off loopback). Only a loopback address
    /// counts: a name (even `localhost`) resolves however the resolver says.
    pub fn is_loopback(&self) -> bool {
        self.host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
    }

    /// What the stored password is bound to (its encryption context): moved to another
    /// server, user or security in the database, it no longer decrypts.
    pub fn password_context(&self) -> String {
        format!(
            "mail-password\u{0}{}\u{0}{}\u{0}{}\u{0}{}",
            self.implicit_tls,
            self.host,
            self.port,
            self.username.as_deref().unwrap_or_default()
        )
    }

    /// The URL without the password, for people and the audit log.
    pub fn shown(&self) -> String {
        let scheme = if self.implicit_tls { "smtps" } else { "smtp" };
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        match &self.username {
            Some(user) => format!("{scheme}://{user}@{host}:{}", self.port),
            None => format!("{scheme}://{host}:{}", self.port),
        }
    }
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A plain-text message to one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub to: String,
    pub subject: String,
    pub body: String,
}

const NOT_YOU: &str = "If this was not you, contact your administrator now.";

/// Text a person typed (a reason, an actor), as one quoted line of a message: line
/// breaks, other control characters and the invisible characters that reorder or hide
/// text are escaped as the terminal shows them (`core::text`), so it can neither pass
/// for mfactl's own words nor disguise them.
fn typed(text: &str) -> String {
    format!("\"{}\"", escape(text.trim(), false))
}

/// The message carrying an email code.
pub fn code_message(to: &str, tenant: &str, purpose: Purpose, code: &str, sent_at: i64) -> Message {
    let expires = format_rfc3339(sent_at.saturating_add(CODE_SECONDS));
    let warning = match purpose {
        Purpose::Reset => format!(
            "Read it out only to the {tenant} support agent you asked to reset your two-factor \
             authentication. If you did not ask, do not give it to anyone, and contact your administrator."
        ),
        Purpose::SignIn | Purpose::Deactivate => format!(
            "Nobody from {tenant} will ever ask you for this code. If you did not ask for it, \
             ignore this message; if you get many of them, contact your administrator."
        ),
    };
    Message {
        to: to.to_owned(),
        subject: format!("Your {tenant} verification code: {code}"),
        body: format!(
            "Your verification code is {code}\n\n\
             Use it to {} at {tenant}. It works once, until {expires} (10 minutes).\n\n{warning}\n",
            purpose.doing()
        ),
    }
}

/// Something that happened to a user's two-factor authentication, told to them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// An authenticator app was enrolled.
    TurnedOn,
    /// The user turned 2FA off.
    TurnedOff,
    /// Support reset it (lost phone), with the agent and the reason recorded.
    Reset { agent: String, reason: String },
    /// Five failed attempts locked the account until this time.
    Locked { until: i64 },
    /// Support issued a temporary access pass (never in the message), valid until then.
    AccessPassIssued {
        agent: String,
        reason: String,
        expires_at: i64,
    },
    /// The access pass was used to sign in and enrol a new authenticator.
    AccessPassUsed,
}

impl Notice {
    pub fn as_str(&self) -> &'static str {
        match self {
            Notice::TurnedOn => "turned_on",
            Notice::TurnedOff => "turned_off",
            Notice::Reset { .. } => "reset",
            Notice::Locked { .. } => "locked",
            Notice::AccessPassIssued { .. } => "access_pass_issued",
            Notice::AccessPassUsed => "access_pass_used",
        }
    }
}

/// The message telling a user what happened to their two-factor authentication.
pub fn notice_message(to: &str, tenant: &str, notice: &Notice, at: i64) -> Message {
    let when = format_rfc3339(at);
    let (subject, body) = match notice {
        Notice::TurnedOn => (
            format!("Two-factor authentication is on for your {tenant} account"),
            format!(
                "An authenticator app was set up for {to} at {tenant} on {when}.\n\
                 From now on, signing in asks for a code from it.\n\n{NOT_YOU}\n"
            ),
        ),
        Notice::TurnedOff => (
            format!("Two-factor authentication is off for your {tenant} account"),
            format!(
                "Two-factor authentication was turned off for {to} at {tenant} on {when}.\n\
                 Signing in now asks for the password only, unless a policy requires more.\n\n{NOT_YOU}\n"
            ),
        ),
        Notice::Reset { agent, reason } => (
            format!("Your {tenant} two-factor authentication was reset"),
            format!(
                "Support ({}) reset the two-factor authentication of {to} at {tenant} on {when}.\n\
                 Reason given: {}\n\
                 Your authenticator app, recovery codes and remembered devices no longer work; \
                 you will set up a new app at your next sign-in if it is required.\n\n{NOT_YOU}\n",
                typed(agent),
                typed(reason)
            ),
        ),
        Notice::Locked { until } => (
            format!("Your {tenant} account is locked after failed sign-ins"),
            format!(
                "After five failed sign-in attempts, {to} at {tenant} is locked until {} \
                 (it was locked on {when}).\n\
                 If these attempts were yours, wait until then. If they were not, someone may know \
                 your password: change it, and {NOT_YOU}\n",
                format_rfc3339(*until)
            ),
        ),
        Notice::AccessPassIssued {
            agent,
            reason,
            expires_at,
        } => (
            format!("A temporary access pass was issued for your {tenant} account"),
            format!(
                "Support ({}) issued a temporary access pass for {to} at {tenant} on {when}.\n\
                 Reason given: {}\n\
                 With your password, it lets whoever holds it sign in once and set up a new \
                 authenticator app, until {}. Support reads it to you after checking who you \
                 are; it is never sent by email.\n\n{NOT_YOU}\n",
                typed(agent),
                typed(reason),
                format_rfc3339(*expires_at)
            ),
        ),
        Notice::AccessPassUsed => (
            format!("Your {tenant} temporary access pass was used"),
            format!(
                "The temporary access pass of {to} at {tenant} was used to sign in on {when}; \
                 a new authenticator app is being set up with it.\n\n{NOT_YOU}\n"
            ),
        ),
    };
    Message {
        to: to.to_owned(),
        subject,
        body,
    }
}

/// The message `mail test TO` sends.
pub fn test_message(to: &str, sent_at: i64) -> Message {
    Message {
        to: to.to_owned(),
        subject: "mfactl test message".to_owned(),
        body: format!(
            "This is a test message from mfactl, sent on {}.\n\
             If you can read it, mail delivery works.\n",
            format_rfc3339(sent_at)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::{CODE_SECONDS, Check, CodeFact, SmtpUrl, check, code_from_random, may_send};

    #[test]
    fn codes_are_six_digits_without_bias() {
        assert_eq!(code_from_random(&[0; 8]).as_deref(), Some("000000"));
        assert_eq!(
            code_from_random(&[0, 0, 0, 0, 0, 0, 0x03, 0xe8]).as_deref(),
            Some("001000")
        );
        assert_eq!(
            code_from_random(&[0xff; 8]),
            None,
            "the biased tail is rejected"
        );
    }

    #[test]
    fn five_codes_an_hour_and_then_when_the_next_may_go() {
        let now = 10_000;
        assert_eq!(may_send(&[], now), Ok(()));
        let sent = [now - 3000, now - 2000, now - 1000, now - 500, now - 10];
        assert_eq!(may_send(&sent, now), Err(now - 3000 + 3600));
        assert_eq!(may_send(&sent, now - 3000 + 3600), Ok(()));
        assert_eq!(may_send(&sent[1..], now), Ok(()));
        // Codes older than an hour do not count.
        assert_eq!(may_send(&[now - 3601; 10], now), Ok(()));
    }

    #[test]
    fn a_code_works_once_for_ten_minutes_and_five_wrong_guesses_use_it_up() {
        let sent = 1_000_000;
        let fact = CodeFact {
            id: 7,
            hash: "aa".into(),
            sent_at: sent,
            guesses: 0,
            used: false,
        };
        assert_eq!(check(Some(&fact), "aa", sent + 1), Check::Passed { id: 7 });
        assert_eq!(check(Some(&fact), "bb", sent + 1), Check::Wrong { id: 7 });
        let expired = check(Some(&fact), "aa", sent + CODE_SECONDS);
        assert_eq!(
            expired,
            Check::Missing {
                expired_at: Some(sent + CODE_SECONDS),
                used_up: false
            }
        );
        assert!(matches!(
            check(Some(&fact), "aa", sent - 1),
            Check::Missing { .. }
        ));
        let used = CodeFact {
            used: true,
            ..fact.clone()
        };
        assert_eq!(check(Some(&used), "aa", sent + 1), Check::Replayed);
        let burned = CodeFact { guesses: 5, ..fact };
        assert_eq!(
            check(Some(&burned), "aa", sent + 1),
            Check::Missing {
                expired_at: None,
                used_up: true
            }
        );
        assert!(matches!(check(None, "aa", sent), Check::Missing { .. }));
    }

    #[test]
    fn typed_text_stays_one_quoted_line_in_a_message() {
        let notice = super::Notice::Reset {
            agent: "helpdesk)\r\n\r\nACTION REQUIRED".into(),
            reason: "ticket 1\r\n\r\nYour verification code is 000000\r\nCall us".into(),
        };
        let body = super::notice_message("a@b.io", "acme", &notice, 0).body;
        assert!(
            !body
                .lines()
                .any(|l| l.starts_with("Your verification code")),
            "{body}"
        );
        assert!(
            !body.lines().any(|l| l.starts_with("ACTION REQUIRED")),
            "{body}"
        );
        assert!(body.contains("Reason given: \"ticket 1"), "{body}");
    }

    #[test]
    fn smtp_urls() {
        let url = SmtpUrl::parse("smtp://ops%40acme:s%3Acret@mail.example.com:2525").unwrap();
        assert!(!url.implicit_tls && !url.is_loopback());
        assert_eq!(url.username.as_deref(), Some("ops@acme"));
        assert_eq!(url.password.as_deref(), Some("s:cret"));
        assert_eq!(url.port, 2525);
        assert_eq!(url.shown(), "smtp://ops@acme@mail.example.com:2525");
        assert!(!url.shown().contains("cret"));
        let tls = SmtpUrl::parse("smtps://mail.example.com").unwrap();
        assert!(tls.implicit_tls);
        assert_eq!(tls.port, 465);
        assert!(SmtpUrl::parse("smtp://127.0.0.1:25").unwrap().is_loopback());
        assert!(SmtpUrl::parse("smtp://[::1]:25").unwrap().is_loopback());
        assert!(
            !SmtpUrl::parse("smtp://localhost").unwrap().is_loopback(),
            "a name is not an address"
        );
        for bad in [
            "",
            "mail.example.com",
            "http://mail.example.com",
            "smtp://",
            "smtp://:pw@host",
            "smtp://host/path",
            "smtp://host?x=1",
            "smtp://host:99999",
            "smtp://host:0",
            "smtp://exämple.com",
        ] {
            assert!(SmtpUrl::parse(bad).is_err(), "{bad}");
        }
    }
}
