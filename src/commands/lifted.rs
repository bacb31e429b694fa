//! How taking a role away is confirmed and reported by `role` and `group`: who would
//! no longer need 2FA from a role, in the question asked first (SPEC §2: a change that
//! weakens protection asks on a terminal and takes --yes), then who no longer needs it,
//! in the message, the JSON and the audit entry.

use serde::Serialize;
use serde_json::json;

use crate::core::model::{Role, UserKind};
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::prompt;
use crate::store::{Tx, UserFilter};

/// The users who no longer need 2FA from a role (a grant taken away, or the role no
/// longer requiring it) or from a company (its enforcement lifted); another source may
/// still require 2FA of them.
#[derive(Debug, Clone, Serialize)]
pub struct Lifted {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    pub emails: Vec<String>,
}

impl Lifted {
    /// Who loses `role` by a change, when the role requires 2FA and anyone does.
    pub fn of(role: &Role, emails: Vec<String>) -> Option<Lifted> {
        (role.requires_2fa && !emails.is_empty()).then(|| Lifted {
            role: Some(role.name.clone()),
            company: None,
            emails,
        })
    }

    /// Who loses the enforcement of the company `slug`, when anyone does.
    pub fn of_company(slug: &str, emails: Vec<String>) -> Option<Lifted> {
        (!emails.is_empty()).then(|| Lifted {
            role: None,
            company: Some(slug.to_owned()),
            emails,
        })
    }

    /// What required 2FA of them: "role admin", "company sales".
    fn source(&self) -> String {
        match (&self.role, &self.company) {
            (Some(role), _) => format!("role {role}"),
            (None, Some(company)) => format!("company {company}"),
            (None, None) => "a source".to_owned(),
        }
    }

    /// The fields the audit entry and the JSON report carry.
    pub fn fields(lifted: &[Lifted]) -> serde_json::Value {
        json!({ "lifted_2fa_requirement": !lifted.is_empty(), "lifted": lifted })
    }

    /// Sentences for a person, one per role; empty when nothing was lifted.
    pub fn text(lifted: &[Lifted]) -> String {
        let mut text = String::new();
        for l in lifted {
            text.push('\n');
            text.push_str(&l.sentence(false));
        }
        text
    }

    /// Who no longer needs (or, before the change, `would` no longer need) 2FA from
    /// the role, as one sentence.
    fn sentence(&self, would: bool) -> String {
        const SHOWN: usize = 5;
        let need = |one: bool| match (would, one) {
            (true, _) => "would no longer need",
            (false, true) => "no longer needs",
            (false, false) => "no longer need",
        };
        match self.emails.as_slice() {
            [one] => format!(
                "{one} {} 2FA from {} (other sources may still require it).",
                need(true),
                self.source()
            ),
            emails => {
                let more = emails.len().saturating_sub(SHOWN);
                let mut names = emails
                    .iter()
                    .take(SHOWN)
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(", ");
                if more > 0 {
                    names.push_str(&format!(" and {more} more"));
                }
                format!(
                    "{} {} 2FA from {} (other sources may still require it): {names}.",
                    crate::output::plural(emails.len(), "user"),
                    need(emails.len() == 1),
                    self.source()
                )
            }
        }
    }

    /// The question a change that lifts these asks: `action` ("Take role admin from
    /// alice@example.com?"), then who would no longer need 2FA.
    pub fn question(action: &str, lifted: &[Lifted]) -> String {
        let mut question = action.to_owned();
        for l in lifted {
            question.push(' ');
            question.push_str(&l.sentence(true));
        }
        question
    }

    /// Asks before a change that lifts a 2FA requirement from anyone, as `lifted`
    /// (read before the write) says: on a terminal, or `--yes` (`yes`); without either,
    /// exit 4 naming --yes. Asks nothing when nothing is lifted. Returns whether the
    /// change may lift a requirement (`Lifted::check` in the write).
    pub fn confirm(ctx: &Ctx, yes: bool, action: &str, lifted: &[Lifted]) -> Result<bool> {
        if lifted.is_empty() {
            return Ok(yes);
        }
        prompt::confirm(ctx.interactive, yes, &Lifted::question(action, lifted))?;
        Ok(true)
    }

    /// Inside the write, with what the change lifts now: refuses (and so rolls back) a
    /// change that lifts a requirement when none was confirmed, because none was to be
    /// lifted when it was read (the store changed in between).
    pub fn check(ctx: &Ctx, confirmed: bool, action: &str, lifted: &[Lifted]) -> Result<()> {
        if confirmed || lifted.is_empty() {
            return Ok(());
        }
        let question = Lifted::question(action, lifted);
        if !ctx.interactive {
            return prompt::confirm(false, false, &question);
        }
        Err(
            Error::conflict(format!("the store changed while this ran: {question}"))
                .with_hint("nothing was changed; run the command again to be asked"),
        )
    }
}

/// The emails of the local users `wanted` selects (SSO users are never required 2FA
/// here, so nothing is lifted from them).
pub fn local_emails(tx: &Tx<'_>, wanted: &UserFilter) -> Result<Vec<String>> {
    let mut emails = Vec::new();
    tx.each_user(wanted, &mut |row| {
        if row.user.kind == UserKind::Local {
            emails.push(row.user.email);
        }
        Ok(true)
    })?;
    Ok(emails)
}

/// Adds the `Lifted` fields to a JSON object.
pub fn with_lifted(mut value: serde_json::Value, lifted: &[Lifted]) -> serde_json::Value {
    if let (Some(object), serde_json::Value::Object(fields)) =
        (value.as_object_mut(), Lifted::fields(lifted))
    {
        object.extend(fields);
    }
    value
}
