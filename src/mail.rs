//! Mail transport only (SPEC §5): a message goes to the store's SMTP server through
//! lettre over rustls (no OpenSSL), or, with no server set, into the outbox folder of
//! the data directory as an `.eml` file. What to send is `core::email`'s business.
//!
//! Off loopback STARTTLS is required (`smtps://` is TLS from the start); certificates are
//! verified against the system roots, or only against the CA of `mail set --ca-file`.

use std::path::PathBuf;
use std::time::Duration;

use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, CertificateStore, Tls, TlsParameters};
use lettre::{SmtpTransport, Transport};

use crate::core::email::{Message, SmtpUrl};
use crate::error::{Error, Result};
use crate::paths;
use crate::secrets::Secret;

/// How long to wait for a mail server at each step (connect, each command).
const TIMEOUT: Duration = Duration::from_secs(20);

/// The longest one message may take to send in all: `MFACTL_MAIL_TIMEOUT` seconds
/// (1 to 600), 60 by default.
pub fn send_deadline() -> Duration {
    let seconds = std::env::var(crate::env::MAIL_TIMEOUT)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|s| (1..=600).contains(s))
        .unwrap_or(60);
    Duration::from_secs(seconds)
}
/// The sender of messages written to the outbox.
const OUTBOX_FROM: &str = "mfactl <mfactl@localhost>";

/// A mail server to send through.
#[derive(Debug, Clone)]
pub struct Server {
    pub url: SmtpUrl,
    pub password: Option<Secret>,
    pub from: String,
    pub ca_pem: Option<String>,
}

/// Where a message went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivered {
    /// Written to this file of the outbox.
    Outbox(PathBuf),
    /// Accepted by the server (its URL without password) with this answer.
    Smtp { server: String, answer: String },
}

impl Delivered {
    /// A sentence for a person.
    pub fn describe(&self) -> String {
        match self {
            Delivered::Outbox(path) => format!(
                "no mail server is set (`mfactl mail set`): the message was written to {}",
                path.display()
            ),
            Delivered::Smtp { server, answer } => format!("{server} accepted it: {answer}"),
        }
    }

    /// The outbox file, if that is where it went.
    pub fn outbox_file(&self) -> Option<String> {
        match self {
            Delivered::Outbox(path) => Some(path.display().to_string()),
            Delivered::Smtp { .. } => None,
        }
    }
}

/// Checks a sender address as `mail set --from` takes it (`ops@example.com`, or
/// `Acme Security <ops@example.com>`).
pub fn check_from(address: &str) -> Result<()> {
    address.parse::<Mailbox>().map(|_| ()).map_err(|e| {
        Error::usage(format!("invalid --from {address:?}: {e}")).with_hint(
            "give an address like security@example.com or \"Acme <security@example.com>\"",
        )
    })
}

/// Checks the PEM of `--ca-file`: it must hold at least one certificate rustls reads.
pub fn check_ca(pem: &str) -> Result<()> {
    let holds_one = pem.contains("-----BEGIN CERTIFICATE-----");
    if holds_one && Certificate::from_pem(pem.as_bytes()).is_ok() {
        Ok(())
    } else {
        Err(
            Error::usage("the --ca-file holds no PEM certificate").with_hint(
                "give the CA certificate of the mail server in PEM (-----BEGIN CERTIFICATE-----)",
            ),
        )
    }
}

/// Sends a message through `server`, or writes it to the outbox when there is none
/// (its file named by `now`).
pub fn send(server: Option<&Server>, message: &Message, now: i64) -> Result<Delivered> {
    match server {
        None => to_outbox(message, now),
        Some(server) => to_server(server, message),
    }
}

fn build(from: &str, message: &Message) -> Result<lettre::Message> {
    let bad = |what: &str, e: &dyn std::fmt::Display| {
        Error::environment(format!("cannot build the message: {what}")).caused_by(e)
    };
    let from: Mailbox = from.parse().map_err(|e| bad("the sender", &e))?;
    let to: Mailbox = message.to.parse().map_err(|e| bad("the recipient", &e))?;
    lettre::Message::builder()
        .from(from)
        .to(to)
        .subject(message.subject.clone())
        .message_id(None)
        .header(ContentType::TEXT_PLAIN)
        .body(message.body.clone())
        .map_err(|e| bad("its body", &e))
}

/// The outbox folder (0700) in the data directory.
pub fn outbox_dir() -> Result<PathBuf> {
    Ok(paths::data_dir()?.join("outbox"))
}

fn to_outbox(message: &Message, now: i64) -> Result<Delivered> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let dir = outbox_dir()?;
    let cannot = |e: std::io::Error| {
        Error::environment(format!("cannot write to the outbox {}", dir.display())).caused_by(e)
    };
    paths::private_dir(&dir).map_err(|why| {
        Error::environment(format!(
            "the outbox is not this user's private folder: {why}"
        ))
        .with_hint("remove it (mfactl makes a new one, mode 0700), or set a mail server")
    })?;
    let email = build(OUTBOX_FROM, message)?;
    let stamp = crate::core::time::format_rfc3339(now).replace([':', '-'], "");
    let name = format!("{stamp}-{}.eml", crate::secrets::random_hex::<6>()?);
    let path = dir.join(name);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW)
        .open(&path)
        .map_err(cannot)?;
    file.write_all(&email.formatted()).map_err(cannot)?;
    file.sync_all().map_err(cannot)?;
    Ok(Delivered::Outbox(path))
}

fn to_server(server: &Server, message: &Message) -> Result<Delivered> {
    let url = &server.url;
    let shown = url.shown();
    let failed = |what: &str, e: &dyn std::fmt::Display| {
        let error = Error::environment(format!("the mail server {shown} {what}")).caused_by(e);
        // Off a loopback address STARTTLS is required: a server on this machine named
        // `localhost` that offers none is reached by its address instead.
        if !url.implicit_tls && !url.is_loopback() && e.to_string().contains("STARTTLS") {
            return error.with_hint(format!(
                "mfactl requires STARTTLS of a server named by a host name or an address off this machine; \
                 for a server on this machine without TLS, name it by its loopback address: \
                 `mfactl mail set --smtp-url smtp://127.0.0.1:{} --from {}`",
                url.port,
                crate::output::quoted(&server.from)
            ));
        }
        error.with_hint("check `mfactl mail show`, or try `mfactl mail test ADDRESS`; nothing was recorded as sent")
    };
    let email = build(&server.from, message)?;
    let mut tls = TlsParameters::builder(url.host.clone());
    if let Some(pem) = &server.ca_pem {
        let ca = Certificate::from_pem(pem.as_bytes())
            .map_err(|e| failed("CA file is unreadable", &e))?;
        tls = tls
            .certificate_store(CertificateStore::None)
            .add_root_certificate(ca);
    }
    let tls = tls
        .build_rustls()
        .map_err(|e| failed("cannot be reached over TLS", &e))?;
    let tls = if url.implicit_tls {
        Tls::Wrapper(tls)
    } else if url.is_loopback() {
        Tls::Opportunistic(tls)
    } else {
        Tls::Required(tls)
    };
    let mut transport = SmtpTransport::builder_dangerous(url.host.clone())
        .port(url.port)
        .tls(tls)
        .timeout(Some(TIMEOUT.min(send_deadline())));
    if let Some(user) = &url.username {
        let password = server
            .password
            .as_ref()
            .map(|p| p.expose().to_owned())
            .unwrap_or_default();
        transport = transport.credentials(Credentials::new(user.clone(), password));
    }
    // One deadline for the whole exchange: a server that trickles its answers would
    // otherwise hold the command for as long as it likes.
    let (done, outcome) = std::sync::mpsc::channel();
    let transport = transport.build();
    // `thread::spawn` panics when no thread can be made (a low limit on threads, say).
    std::thread::Builder::new()
        .spawn(move || {
            let _ = done.send(transport.send(&email));
        })
        .map_err(|e| {
            Error::environment(format!("cannot start sending to the mail server {shown}"))
                .caused_by(e)
                .with_hint("check the limits on threads and memory of this session; nothing was recorded as sent")
        })?;
    let deadline = send_deadline();
    let response = match outcome.recv_timeout(deadline) {
        Ok(sent) => sent.map_err(|e| failed("did not take the message", &e))?,
        Err(_) => {
            return Err(Error::environment(format!(
                "the mail server {shown} did not finish within {} s",
                deadline.as_secs()
            ))
            .with_hint(
                "check the server with `mfactl mail test ADDRESS`; nothing was recorded as sent",
            ));
        }
    };
    Ok(Delivered::Smtp {
        server: shown,
        answer: format!(
            "{} {}",
            response.code(),
            response.message().collect::<Vec<_>>().join(" ")
        ),
    })
}
