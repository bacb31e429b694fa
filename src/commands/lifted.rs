//! How taking a role away is reported by `role` and `group`: who no longer needs 2FA
//! from a role, in the message, the JSON and the audit entry.

use serde::Serialize;
use serde_json::json;

use crate::core::model::Role;

/// The users who no longer need 2FA from a role because a grant was taken away: they
/// no longer hold the role at all (another source may still require 2FA of them).
#[derive(Debug, Clone, Serialize)]
pub struct Lifted {
    pub role: String,
    pub emails: Vec<String>,
}

impl Lifted {
    /// Who loses `role` by a change, when the role requires 2FA and anyone does.
    pub fn of(role: &Role, emails: Vec<String>) -> Option<Lifted> {
        (role.requires_2fa && !emails.is_empty()).then(|| Lifted {
            role: role.name.clone(),
            emails,
        })
    }

    /// The fields the audit entry and the JSON report carry.
    pub fn fields(lifted: &[Lifted]) -> serde_json::Value {
        json!({ "lifted_2fa_requirement": !lifted.is_empty(), "lifted": lifted })
    }

    /// Sentences for a person, one per role; empty when nothing was lifted.
    pub fn text(lifted: &[Lifted]) -> String {
        const SHOWN: usize = 5;
        lifted
            .iter()
            .map(|l| match l.emails.as_slice() {
                [one] => format!(
                    "\n{one} no longer needs 2FA from role {} (other sources may still require it).",
                    l.role
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
                        "\n{} no longer {} 2FA from role {} (other sources may still require it): {names}.",
                        crate::output::plural(emails.len(), "user"),
                        if emails.len() == 1 { "needs" } else { "need" },
                        l.role
                    )
                }
            })
            .collect()
    }
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
