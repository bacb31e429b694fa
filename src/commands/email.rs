//! Email to users: codes (SPEC §4: five an hour, each reserved in the transaction that
//! checks the limit and counted as sent only once delivered) and notifications of what
//! happened to their 2FA (sent after the change committed; a failure is warned about
//! and audited, never undoes the change).

use serde_json::json;

use crate::commands::{target, when};
use crate::core::audit::NewEntry;
use crate::core::email::{self, Notice, Purpose, SmtpUrl};
use crate::core::model::{Tenant, User};
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::mail::{self, Delivered};
use crate::output;
use crate::secrets::{self, Secret};
use crate::store::MailServerRow;

/// The MAC of the mail server's settings under the store key, bound to the store's id:
/// settings rewritten in the database alone (to send codes, or the password, somewhere
/// else) do not match it, and neither do settings moved in from another store that
/// shares the key file (every admin of a team has the one file; a staging store may too).
pub fn settings_mac(ctx: &Ctx, row: &MailServerRow) -> String {
    settings_mac_with(&ctx.key, &ctx.store_id, row)
}

/// `settings_mac` under `key` for the store `store_id` (`store check` on a store it has
/// no `Ctx` for, `store rekey` under the new key).
pub fn settings_mac_with(key: &secrets::Key, store_id: &str, row: &MailServerRow) -> String {
    key.keyed_hash(
        "mail-server-of-store",
        &json!([store_id, settings_fields(row)]).to_string(),
    )
}

/// The SMTP URL of stored settings, without the password: what the password's
/// encryption is bound to (`SmtpUrl::password_context`).
pub fn stored_url(row: &MailServerRow) -> SmtpUrl {
    SmtpUrl {
        implicit_tls: row.implicit_tls,
        host: row.host.clone(),
        port: row.port,
        username: row.username.clone(),
        password: None,
    }
}

/// The MAC that mfactl wrote before the settings were bound to their store (schema 3
/// stores set up before issue 13): recognised only to say why it no longer counts.
fn unbound_settings_mac(ctx: &Ctx, row: &MailServerRow) -> String {
    ctx.key
        .keyed_hash("mail-server", &settings_fields(row).to_string())
}

/// Every column of the settings the MAC covers.
fn settings_fields(row: &MailServerRow) -> serde_json::Value {
    json!([
        row.implicit_tls,
        row.host,
        row.port,
        row.username,
        row.sealed_password
            .as_deref()
            .map(|p| data_encoding::HEXLOWER.encode(p)),
        row.from_address,
        row.ca_pem,
        row.set_at,
    ])
}

/// The store's mail server, its password decrypted; `None`: the outbox.
pub fn server(ctx: &Ctx) -> Result<Option<mail::Server>> {
    let Some(row) = ctx
        .store
        .read(|tx: &crate::store::Tx<'_>| tx.mail_server())?
    else {
        return Ok(None);
    };
    let intact = crate::core::codes::constant_time_eq(
        settings_mac(ctx, &row).as_bytes(),
        row.mac.as_bytes(),
    );
    let unbound = || {
        crate::core::codes::constant_time_eq(
            unbound_settings_mac(ctx, &row).as_bytes(),
            row.mac.as_bytes(),
        )
    };
    if !intact && unbound() {
        return Err(Error::integrity(
            "the mail server settings were saved by an older mfactl, before settings were bound to their store: no mail is sent with them",
        )
        .with_hint("set them again, once, with `mfactl mail set --smtp-url URL --from ADDRESS`"));
    }
    if !intact {
        return Err(Error::integrity(
            "the mail server settings were changed without the key file, or moved in from another store: no mail is sent with them",
        )
        .with_hint("check them with `mfactl mail show` elsewhere, and set them again with `mfactl mail set`"));
    }
    let url = SmtpUrl {
        implicit_tls: row.implicit_tls,
        host: row.host,
        port: row.port,
        username: row.username,
        password: None,
    };
    let password = row
        .sealed_password
        .map(|sealed| ctx.key.decrypt(&sealed, &url.password_context()))
        .transpose()?
        .map(|bytes| Secret::new(String::from_utf8_lossy(&bytes).into_owned()));
    Ok(Some(mail::Server {
        url,
        password,
        from: row.from_address,
        ca_pem: row.ca_pem,
    }))
}

/// The keyed hash of an email code, bound to the user and the purpose.
pub fn code_hash(ctx: &Ctx, user_id: i64, purpose: Purpose, code: &str) -> String {
    ctx.keyed_hash(
        "email-code",
        &format!("{user_id}\u{0}{}\u{0}{code}", purpose.as_str()),
    )
}

/// A code that was sent.
#[derive(Debug, Clone)]
pub struct Sent {
    pub to: String,
    pub expires_at: i64,
    pub delivered: Delivered,
}

impl Sent {
    /// What scripts see of it (never the code).
    pub fn json(&self, user: &User, tenant: &Tenant) -> serde_json::Value {
        json!({
            "email": user.email,
            "tenant": tenant.name,
            "code_sent_to": self.to,
            "expires_at": when(self.expires_at),
            "delivered": if self.delivered.outbox_file().is_some() { "outbox" } else { "smtp" },
            "outbox_file": self.delivered.outbox_file(),
            "next": "code",
        })
    }
}

/// Sends a fresh code to the user for `purpose`. Over five codes in an hour is refused
/// (exit 5, saying when the next may go); a mail that did not go out leaves no code.
pub fn send_code(ctx: &Ctx, tenant: &Tenant, user: &User, purpose: Purpose) -> Result<Sent> {
    let server = server(ctx)?;
    let code = loop {
        if let Some(code) = email::code_from_random(&secrets::random_bytes()?) {
            break code;
        }
    };
    let hash = code_hash(ctx, user.id, purpose, &code);
    let (id, sent_at) = ctx.store.write(|tx| {
        let now = ctx.now();
        // A code not delivered within the send deadline (and a margin) was not sent: an
        // interrupted send (Ctrl-C, a kill) must not use up the hour's five.
        let deadline = i64::try_from(mail::send_deadline().as_secs()).unwrap_or(600);
        let running = now - deadline - 30;
        let sent = tx.email_codes_sent_since(user.id, now - 3600, running)?;
        if let Err(next) = email::may_send(&sent, now) {
            return Err(Error::locked(format!(
                "{} was sent {} codes in the last hour: the next can be sent at {}",
                user.email,
                email::CODES_PER_HOUR,
                when(next)
            ))
            .with_hint("use a code already sent (the latest works for 10 minutes), or wait"));
        }
        Ok((tx.reserve_email_code(user.id, purpose, &hash, now)?, now))
    })?;
    let message = email::code_message(&user.email, &tenant.name, purpose, &code, sent_at);
    let delivered = match mail::send(server.as_ref(), &message, sent_at) {
        Ok(delivered) => delivered,
        Err(e) => {
            // Best effort: if this fails too, the reservation is a code nobody has.
            let _ = ctx.store.write(|tx| tx.drop_email_code(id));
            return Err(e);
        }
    };
    ctx.store.write(|tx| {
        tx.deliver_email_code(id, sent_at)?;
        let details = json!({
            "purpose": purpose.as_str(),
            "delivered": delivered.outbox_file().map_or("smtp", |_| "outbox"),
        });
        ctx.audit(
            tx,
            &NewEntry::new(
                "user.email_code_sent",
                target("user", tenant, &user.email),
                details,
            ),
        )
    })?;
    if let Delivered::Outbox(_) = &delivered {
        ctx.note(&delivered.describe());
    }
    Ok(Sent {
        to: user.email.clone(),
        expires_at: sent_at + email::CODE_SECONDS,
        delivered,
    })
}

/// Sends a code for `purpose`, to be asked for on a terminal; without one the run
/// stops with exit 4 naming `flag`, printing what a script needs (never the code) and
/// `finish_with`, the command that completes it.
pub fn send_or_stop(
    ctx: &Ctx,
    tenant: &Tenant,
    user: &User,
    purpose: Purpose,
    (flag, finish_with): (&str, &str),
) -> Result<Sent> {
    let sent = send_code(ctx, tenant, user, purpose)?;
    if !ctx.interactive {
        let text = format!(
            "A code was sent to {} by email; it works once, until {}.\nFinish with: {finish_with}",
            user.email,
            when(sent.expires_at)
        );
        return Err(Error::input_required(
            flag,
            format!("the code sent to {} by email is needed", user.email),
        )
        .with_output(sent.json(user, tenant), text));
    }
    Ok(sent)
}

/// Tells a user what happened to their 2FA. Called after the change committed: a
/// message that cannot be delivered is reported on stderr and in the audit log.
pub fn notify(ctx: &Ctx, tenant: &Tenant, email_address: &str, notice: &Notice) {
    let now = ctx.now();
    let message = email::notice_message(email_address, &tenant.name, notice, now);
    match server(ctx).and_then(|server| mail::send(server.as_ref(), &message, now)) {
        Ok(delivered) => {
            if let Delivered::Outbox(_) = delivered {
                ctx.note(&format!(
                    "{email_address} was told by email: {}",
                    delivered.describe()
                ));
            }
        }
        Err(error) => {
            let mut why = error.message.clone();
            for cause in &error.causes {
                why.push_str(": ");
                why.push_str(cause);
            }
            output::warn(&format!(
                "{email_address} could not be told by email ({}): {why}",
                notice.as_str()
            ));
            let details = json!({ "notice": notice.as_str(), "error": why });
            let recorded = ctx.store.write(|tx| {
                ctx.audit(
                    tx,
                    &NewEntry::new(
                        "user.notification_failed",
                        target("user", tenant, email_address),
                        details,
                    ),
                )
            });
            if let Err(e) = recorded {
                output::warn(&format!(
                    "the failed notification was not audited: {}",
                    e.message
                ));
            }
        }
    }
}
