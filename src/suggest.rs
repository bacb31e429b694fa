//! Suggested commands carry the context of the command that printed them (issue 22):
//! a hint such as `mfactl group show ops` after `group revoke-role ops admin --tenant
//! alpha` must run when pasted, so it gets the `--tenant` (and the `--store`) that were
//! typed. Applied once, to everything a run prints for a person or a script (hints,
//! messages, human text), where a suggestion is `mfactl …` in backticks or after a colon
//! at the end of a line (`Finish with: mfactl …`). The environment (`MFACTL_TENANT`,
//! `MFACTL_STORE`) needs nothing: the shell that pastes the suggestion has it too.

use crate::output::quoted;

/// The flags a suggestion needs to run where the command ran, as they were typed.
#[derive(Debug, Default, Clone)]
pub struct Context {
    tenant: Option<String>,
    store: Option<String>,
}

impl Context {
    /// The context of a command line on which `tenant` and `store` were typed (read by
    /// `cli::typed_context`; the environment's values are not given).
    pub fn new(tenant: Option<String>, store: Option<String>) -> Context {
        Context { tenant, store }
    }

    fn is_empty(&self) -> bool {
        self.tenant.is_none() && self.store.is_none()
    }

    /// `text` with every suggested command given this context.
    pub fn apply(&self, text: &str) -> String {
        if self.is_empty() || !text.contains("mfactl ") {
            return text.to_owned();
        }
        let mut out = String::with_capacity(text.len() + 32);
        let mut rest = text;
        while let Some(at) = rest.find("mfactl ") {
            let (before, from) = rest.split_at(at);
            out.push_str(before);
            let quoted_by_backtick = before.ends_with('`');
            let after_colon = before.ends_with(": ");
            if !(quoted_by_backtick || after_colon) {
                out.push_str("mfactl ");
                rest = &from["mfactl ".len()..];
                continue;
            }
            let end = if quoted_by_backtick {
                from.find('`').unwrap_or(from.len())
            } else {
                from.find('\n').unwrap_or(from.len())
            };
            out.push_str(&self.complete(&from[..end]));
            rest = &from[end..];
        }
        out.push_str(rest);
        out
    }

    /// One suggested command with the flags it lacks, before any pipe.
    fn complete(&self, command: &str) -> String {
        let (head, tail) = match command.find(" | ") {
            Some(pipe) => command.split_at(pipe),
            None => (command, ""),
        };
        let head = head.trim_end();
        let mut added = String::new();
        if let Some(tenant) = &self.tenant
            && !head.contains("--tenant")
            && takes_tenant(head)
        {
            added.push_str(&format!(" --tenant {}", quoted(tenant)));
        }
        if let Some(store) = &self.store
            && !head.contains("--store")
        {
            added.push_str(&format!(" --store {}", quoted(store)));
        }
        // A trailing note in parentheses stays after the flags.
        let (command_part, note) = match head.find(" (") {
            Some(at) => head.split_at(at),
            None => (head, ""),
        };
        format!("{command_part}{added}{note}{tail}")
    }
}

/// Whether the command a suggestion names takes `--tenant`.
fn takes_tenant(command: &str) -> bool {
    let tree = crate::cli::command();
    let mut current = &tree;
    for word in command.split_whitespace().skip(1) {
        match current.find_subcommand(word) {
            Some(sub) => current = sub,
            None => break,
        }
    }
    current.get_arguments().any(|arg| arg.get_id() == "tenant")
}

#[cfg(test)]
mod tests {
    use super::Context;

    fn context(tenant: Option<&str>, store: Option<&str>) -> Context {
        Context {
            tenant: tenant.map(str::to_owned),
            store: store.map(str::to_owned),
        }
    }

    #[test]
    fn suggestions_get_the_flags_they_lack() {
        let alpha = context(Some("alpha"), Some("/tmp/my store.db"));
        assert_eq!(
            alpha.apply("see it with `mfactl group show ops`"),
            "see it with `mfactl group show ops --tenant alpha --store '/tmp/my store.db'`"
        );
        assert_eq!(
            alpha.apply("Finish with: mfactl login a@x.io --code CODE\nnext line"),
            "Finish with: mfactl login a@x.io --code CODE --tenant alpha --store '/tmp/my store.db'\nnext line"
        );
        // A command without --tenant gets the store only; one that has it, nothing.
        assert_eq!(
            alpha.apply("`mfactl tenant list` and `mfactl user show b --tenant beta`"),
            "`mfactl tenant list --store '/tmp/my store.db'` and `mfactl user show b --tenant beta --store '/tmp/my store.db'`"
        );
        // Before a pipe, and before a note in parentheses.
        assert_eq!(
            context(Some("alpha"), None)
                .apply("`mfactl user list --json | jq .` or: mfactl user list (any)"),
            "`mfactl user list --json --tenant alpha | jq .` or: mfactl user list --tenant alpha (any)"
        );
        // Prose that names mfactl is left alone, and so is everything without context.
        assert_eq!(alpha.apply("mfactl refused it"), "mfactl refused it");
        assert_eq!(
            context(None, None).apply("`mfactl group show ops`"),
            "`mfactl group show ops`"
        );
    }
}
