//! `mfactl mail set | show | test`: how this store sends email.

use serde::Serialize;
use serde_json::json;

use crate::cli::mail::{MailCommand, MailSetArgs};
use crate::commands::email::{server, settings_mac};
use crate::core::audit::NewEntry;
use crate::core::email::{self, SmtpUrl};
use crate::core::validate;
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::mail;
use crate::output::{self, Report};
use crate::prompt;
use crate::store::MailServerRow;

pub fn run(ctx: &Ctx, command: MailCommand) -> Result<Report> {
    match command {
        MailCommand::Set(args) => set(ctx, &args),
        MailCommand::Show => show(ctx),
        MailCommand::Test(args) => test(ctx, &args.to),
    }
}

/// The settings as people and scripts see them: never the password.
#[derive(Debug, Serialize)]
struct MailView {
    server: Option<String>,
    security: Option<&'static str>,
    username: Option<String>,
    password_set: bool,
    from: Option<String>,
    ca_file_set: bool,
    outbox: Option<String>,
}

impl MailView {
    fn text(&self) -> String {
        match &self.server {
            None => format!(
                "No mail server is set: messages are written as .eml files to {}.\nSet one with `mfactl mail set --smtp-url URL --from ADDRESS`.",
                self.outbox.clone().unwrap_or_default()
            ),
            Some(server) => output::fields(&[
                ("server", server.clone()),
                ("security", self.security.unwrap_or("-").replace('_', " ")),
                ("user", self.username.clone().unwrap_or_else(|| "-".into())),
                (
                    "password",
                    if self.password_set {
                        "set (stored encrypted)"
                    } else {
                        "not set"
                    }
                    .into(),
                ),
                ("from", self.from.clone().unwrap_or_default()),
                (
                    "certificates",
                    if self.ca_file_set {
                        "verified against the CA of --ca-file".into()
                    } else {
                        "verified against the system roots".into()
                    },
                ),
            ]),
        }
    }
}

fn view(ctx: &Ctx) -> Result<MailView> {
    Ok(match server(ctx)? {
        None => MailView {
            server: None,
            security: None,
            username: None,
            password_set: false,
            from: None,
            ca_file_set: false,
            outbox: Some(mail::outbox_dir()?.display().to_string()),
        },
        Some(server) => MailView {
            server: Some(server.url.shown()),
            security: Some(if server.url.implicit_tls {
                "tls"
            } else if server.url.is_loopback() {
                "starttls_if_offered"
            } else {
                "starttls"
            }),
            username: server.url.username.clone(),
            password_set: server.password.is_some(),
            from: Some(server.from),
            ca_file_set: server.ca_pem.is_some(),
            outbox: None,
        },
    })
}

/// The warning for a password given inside `--smtp-url`.
const PASSWORD_IN_URL: &str = "the password inside --smtp-url is visible to every user of this machine in the process list, and kept in your shell's history; give it on standard input instead: printf '%s\\n' \"$PASSWORD\" | mfactl mail set --smtp-url smtp://USER@HOST:PORT --from ADDRESS --password-stdin";

/// The server of `--smtp-url`, with the password of `--password-stdin`: the one place
/// a password may come from (both at once is a usage error, before anything is read).
fn smtp_url(args: &MailSetArgs) -> Result<SmtpUrl> {
    let mut url = SmtpUrl::parse(&args.smtp_url)?;
    if !args.password_stdin {
        if url.password.is_some() {
            output::warn(PASSWORD_IN_URL);
        }
        return Ok(url);
    }
    if url.password.is_some() {
        return Err(Error::usage(
            "the password is given twice: inside --smtp-url and with --password-stdin",
        )
        .with_hint(
            "leave it out of the URL (smtp://USER@HOST:PORT) and pipe it in with --password-stdin",
        ));
    }
    if url.username.is_none() {
        return Err(Error::usage(
            "--password-stdin needs a user in --smtp-url, whose password it reads",
        )
        .with_hint("write smtp://USER@HOST:PORT (or smtps://USER@HOST:PORT)"));
    }
    url.password = Some(prompt::password_from_stdin()?.expose().to_owned());
    Ok(url)
}

fn set(ctx: &Ctx, args: &MailSetArgs) -> Result<Report> {
    let url = smtp_url(args)?;
    mail::check_from(&args.from)?;
    // SPEC §5: STARTTLS is required off loopback, and a name is not a loopback address.
    if !url.implicit_tls && !url.is_loopback() && url.host.eq_ignore_ascii_case("localhost") {
        output::warn(&format!(
            "mail to {} will require STARTTLS: only a loopback address (127.0.0.1, [::1]) may be used without TLS; \
             if the server on this machine offers no STARTTLS, name it by its address: --smtp-url smtp://127.0.0.1:{}",
            url.shown(),
            url.port
        ));
    }
    let ca_pem = match &args.ca_file {
        Some(path) => {
            let pem = read_small(path)?;
            mail::check_ca(&pem)?;
            Some(pem)
        }
        None => None,
    };
    let sealed_password = url
        .password
        .as_deref()
        .map(|password| {
            ctx.key
                .encrypt(password.as_bytes(), &url.password_context())
        })
        .transpose()?;
    ctx.store.write(|tx| {
        let mut row = MailServerRow {
            implicit_tls: url.implicit_tls,
            host: url.host.clone(),
            port: url.port,
            username: url.username.clone(),
            sealed_password: sealed_password.clone(),
            from_address: args.from.clone(),
            ca_pem: ca_pem.clone(),
            set_at: ctx.now(),
            mac: String::new(),
        };
        row.mac = settings_mac(ctx, &row);
        tx.set_mail_server(&row)?;
        let details =
            json!({ "server": url.shown(), "from": args.from, "ca_file": ca_pem.is_some() });
        ctx.audit(tx, &NewEntry::new("mail.set", "mail", details))
    })?;
    let view = view(ctx)?;
    let text = format!("Mail is now sent through {}.\n{}", url.shown(), view.text());
    Report::done(&view, text)
}

/// Reads a PEM file given on the command line: a regular file (no FIFO, no device), at
/// most 1 MiB.
fn read_small(path: &std::path::Path) -> Result<String> {
    crate::paths::read_regular_file(path, 1 << 20).map_err(|why| {
        Error::usage(format!("cannot use --ca-file {}: {why}", path.display()))
            .with_hint("give the path of the CA certificate in PEM")
    })
}

fn show(ctx: &Ctx) -> Result<Report> {
    let view = view(ctx)?;
    let text = view.text();
    Report::data(&view, text)
}

fn test(ctx: &Ctx, to: &str) -> Result<Report> {
    let to = validate::email(to)?;
    let now = ctx.now();
    let delivered = mail::send(server(ctx)?.as_ref(), &email::test_message(&to, now), now)?;
    let answer = match &delivered {
        mail::Delivered::Smtp { answer, .. } => Some(answer.clone()),
        mail::Delivered::Outbox(_) => None,
    };
    Report::done(
        &json!({
            "to": to,
            "delivered": if answer.is_some() { "smtp" } else { "outbox" },
            "answer": answer,
            "outbox_file": delivered.outbox_file(),
        }),
        format!("Sent a test message to {to}: {}.", delivered.describe()),
    )
}
