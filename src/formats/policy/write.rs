//! Writing tenants as a policy file (`policy export`): every setting, company, role
//! and group of each tenant, by name, with a comment header naming the format version.
//! The order is stable and the text depends on the store alone (no date), so two
//! exports of the same store are the same file and a diff shows only what changed. A
//! kind a tenant has none of is written as an empty table (`[tenants.acme.roles]`, which
//! `[tenants.acme.roles.admin]` can follow anywhere in the file): the export is the whole
//! policy, so `policy apply --prune` of it removes what was added since.

use crate::core::duration;
use crate::core::plan::{TenantState, method_value};
use crate::formats::policy::read::VERSION;

/// The comment at the top of every export.
pub fn header() -> String {
    format!(
        "# mfactl policy, format version {VERSION}: `mfactl policy plan FILE` shows what\n\
         # `mfactl policy apply FILE` would change. `mfactl policy schema` prints the\n\
         # format's JSON Schema for editors. Users are not in it: a policy names them,\n\
         # and never adds or removes one.\n\
         version = {VERSION}\n"
    )
}

/// One tenant's section, with a blank line before each table.
pub fn tenant(state: &TenantState) -> String {
    let name = key(&state.name);
    let s = &state.settings;
    let mut out = format!(
        "\n[tenants.{name}]\n\
         twofa = {}\n\
         primary = {}\n\
         secondary = {}\n\
         grace_period = {}\n\
         members_may_deactivate = {}\n\
         remember_device_days = {}\n",
        s.enabled,
        string(s.primary.as_str()),
        string(method_value(s.secondary)),
        string(&duration::format(s.grace_period_secs)),
        s.members_may_deactivate,
        s.remember_device_days,
    );
    if state.companies.is_empty() {
        out.push_str(&format!("\n[tenants.{name}.companies]\n"));
    }
    for company in &state.companies {
        out.push_str(&format!(
            "\n[tenants.{name}.companies.{}]\nenforce_mfa = {}\n",
            key(&company.name),
            company.enforce_mfa
        ));
    }
    if state.roles.is_empty() {
        out.push_str(&format!("\n[tenants.{name}.roles]\n"));
    }
    for role in &state.roles {
        out.push_str(&format!(
            "\n[tenants.{name}.roles.{}]\nrequire_2fa = {}\nmembers = {}\n",
            key(&role.name),
            role.require_2fa,
            array(&role.members)
        ));
    }
    if state.groups.is_empty() {
        out.push_str(&format!("\n[tenants.{name}.groups]\n"));
    }
    for group in &state.groups {
        out.push_str(&format!(
            "\n[tenants.{name}.groups.{}]\nroles = {}\nmembers = {}\n",
            key(&group.name),
            array(&group.roles),
            array(&group.members)
        ));
    }
    out
}

/// A key as TOML reads it back: bare when it can be, else a quoted string.
fn key(name: &str) -> String {
    let bare = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if bare { name.to_owned() } else { string(name) }
}

/// A TOML basic string.
fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// An array of strings: on one line when it is short, else one item a line.
fn array(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| string(i)).collect();
    let line = format!("[{}]", quoted.join(", "));
    if line.len() <= 72 {
        return line;
    }
    let mut out = String::from("[\n");
    for item in quoted {
        out.push_str(&format!("  {item},\n"));
    }
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use super::{array, key, string};

    #[test]
    fn keys_and_strings_read_back_as_written() {
        assert_eq!(key("acme"), "acme");
        assert_eq!(key("acme.eu"), "\"acme.eu\"");
        assert_eq!(string("a\"b\\c\u{1b}"), "\"a\\\"b\\\\c\\u001B\"");
        assert_eq!(array(&[]), "[]");
        let long: Vec<String> = (0..10).map(|i| format!("user{i}@example.com")).collect();
        assert!(array(&long).starts_with("[\n  \"user0@example.com\",\n"));
    }
}
