//! Completion attached to the clap tree: which arguments complete from the store, which
//! offer example durations, and which take free text (so no shell offers file names for
//! them). The tree is walked once by argument name, so a new `--tenant`, `--company` or
//! EMAIL argument completes without another line here.
//!
//! The candidates themselves come from `commands::complete`, which reads the store: this
//! module only holds function pointers to it (through `from_store`) and never opens a
//! store, so `cli/` still only parses. Completion stays out of the parse of a normal run:
//! clap ignores these extensions unless clap_complete asks for candidates.

use std::ffi::OsStr;

use clap::{Arg, Command, ValueHint};
use clap_complete::engine::{ArgValueCandidates, ArgValueCompleter, CompletionCandidate};

use crate::store::NameKind;

/// Durations offered for `--grace-period`: examples, any other is fine.
pub const DURATIONS: &[&str] = &["0", "12h", "1d", "7d", "14d", "30d"];
/// How far back `--since` may look: examples (0 would be nothing).
pub const SINCE_DURATIONS: &[&str] = &["1h", "12h", "1d", "7d", "30d"];
/// Durations offered for an access pass's `--valid` (more than 0, at most 24h).
pub const PASS_DURATIONS: &[&str] = &["30m", "1h", "4h", "8h", "24h"];

/// The example durations of an argument that names one, by its id.
fn duration_examples(id: &str) -> Option<&'static [&'static str]> {
    match id {
        "grace_period" => Some(DURATIONS),
        "since" => Some(SINCE_DURATIONS),
        "valid" => Some(PASS_DURATIONS),
        _ => None,
    }
}

/// The store's names for an argument, by its id; `None` for everything else. `path` is
/// the command the argument belongs to (`["mfactl", "user", "show"]`): the positional of
/// `create` and `user add` names something new, which the store cannot know.
fn store_kind(path: &[&str], arg: &Arg) -> Option<NameKind> {
    let id = arg.get_id().as_str();
    let new_thing = matches!(path, [.., "create"] | [.., "user", "add"]);
    if arg.is_positional() && new_thing {
        return None;
    }
    match (id, path) {
        ("tenant", _) | ("name", [.., "tenant", _]) => Some(NameKind::Tenant),
        ("company" | "slug", _) => Some(NameKind::Company),
        ("role", _) => Some(NameKind::Role),
        ("group", _) => Some(NameKind::Group),
        ("email", _) => Some(NameKind::User),
        _ => None,
    }
}

/// A completer offering the store's names of `kind` that start with what was typed.
fn from_store(kind: NameKind) -> ArgValueCompleter {
    let names: fn(NameKind, &str) -> Vec<String> = crate::commands::complete::names;
    ArgValueCompleter::new(move |current: &OsStr| {
        let Some(prefix) = current.to_str() else {
            return Vec::new();
        };
        names(kind, prefix)
            .into_iter()
            .map(CompletionCandidate::new)
            .collect()
    })
}

/// The FILE of `policy plan` and `policy apply`: a policy file.
fn is_policy_file(path: &[&str], arg: &Arg) -> bool {
    arg.get_id() == "file" && matches!(path, [.., "policy", "plan" | "apply"])
}

/// A completer offering the `.toml` files and the folders (to go into) that start with
/// what was typed: the policy files a TAB after `policy plan` should find.
fn policy_files() -> ArgValueCompleter {
    ArgValueCompleter::new(clap_complete::engine::PathCompleter::any().filter(|path| {
        path.is_dir()
            || path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
    }))
}

fn durations(examples: &'static [&'static str]) -> ArgValueCandidates {
    ArgValueCandidates::new(move || {
        examples
            .iter()
            .map(|d| CompletionCandidate::new(*d))
            .collect()
    })
}

/// The tree with every completer and value hint attached: the one `cli::command()`
/// returns, for parsing, dynamic completion and the generated scripts alike.
pub fn attach(command: Command) -> Command {
    attach_at(command, &mut Vec::new())
}

fn attach_at(command: Command, path: &mut Vec<String>) -> Command {
    path.push(command.get_name().to_owned());
    let names: Vec<&str> = path.iter().map(String::as_str).collect();
    let command = command.mut_args(|arg| {
        let arg = free_text(arg);
        if let Some(kind) = store_kind(&names, &arg) {
            arg.add(from_store(kind))
        } else if is_policy_file(&names, &arg) {
            arg.add(policy_files())
        } else if let Some(examples) = duration_examples(arg.get_id().as_str()) {
            arg.add(durations(examples))
        } else {
            arg
        }
    });
    let command = command.mut_subcommands(|sub| attach_at(sub, path));
    path.pop();
    command
}

/// A value that is not a path and has no fixed values is free text (a name, an email,
/// a code): the generated scripts then offer nothing instead of the files around.
fn free_text(arg: Arg) -> Arg {
    let takes_text = arg.get_action().takes_values()
        && arg.get_value_hint() == ValueHint::Unknown
        && arg.get_possible_values().is_empty();
    if takes_text {
        arg.value_hint(ValueHint::Other)
    } else {
        arg
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;
    use clap_complete::engine::{ArgValueCandidates, ArgValueCompleter};

    use super::attach;
    use crate::cli::Cli;

    /// Every argument that names something in the store completes from it, and the
    /// names of new things do not.
    fn walk(command: &clap::Command, path: &str, found: &mut Vec<String>) {
        for arg in command.get_arguments() {
            let completes = arg.get::<ArgValueCompleter>().is_some();
            let id = arg.get_id().as_str();
            let names_a_stored_thing = matches!(id, "tenant" | "company" | "slug" | "role")
                || matches!(id, "group" | "email")
                || (id == "name" && path.starts_with("mfactl tenant"));
            let is_new =
                arg.is_positional() && (path.ends_with(" create") || path == "mfactl user add");
            // The file of `policy plan` and `apply` completes to .toml files instead.
            if id == "file" && matches!(path, "mfactl policy plan" | "mfactl policy apply") {
                assert!(completes, "{path} {id} offers no .toml files");
                continue;
            }
            assert_eq!(
                completes,
                names_a_stored_thing && !is_new,
                "{path} {id}: completes from the store = {completes}"
            );
            if completes {
                found.push(format!("{path} {id}"));
            }
            if matches!(id, "grace_period" | "since") {
                assert!(arg.get::<ArgValueCandidates>().is_some(), "{path} {id}");
            }
        }
        for sub in command.get_subcommands() {
            walk(sub, &format!("{path} {}", sub.get_name()), found);
        }
    }

    #[test]
    fn every_argument_naming_a_stored_thing_completes_from_the_store() {
        let command = attach(Cli::command());
        let mut found = Vec::new();
        walk(&command, "mfactl", &mut found);
        for expected in [
            "mfactl tenant show name",
            "mfactl tenant set-auth name",
            "mfactl company show slug",
            "mfactl user list company",
            "mfactl user list role",
            "mfactl user show email",
            "mfactl user show tenant",
            "mfactl login email",
            "mfactl group add-member group",
            "mfactl group add-member email",
            "mfactl group grant-role role",
        ] {
            assert!(found.iter().any(|f| f == expected), "{expected}: {found:?}");
        }
    }

    #[test]
    fn free_text_offers_no_file_names_and_paths_still_do() {
        let command = attach(Cli::command());
        let user = command.find_subcommand("user").unwrap();
        let show = user.find_subcommand("show").unwrap();
        let email = show.get_arguments().find(|a| a.get_id() == "email");
        assert_eq!(email.unwrap().get_value_hint(), clap::ValueHint::Other);
        let import = user.find_subcommand("import").unwrap();
        let file = import.get_arguments().find(|a| a.get_id() == "file");
        assert_eq!(file.unwrap().get_value_hint(), clap::ValueHint::AnyPath);
        let store = command.get_arguments().find(|a| a.get_id() == "store");
        assert_eq!(store.unwrap().get_value_hint(), clap::ValueHint::AnyPath);
    }
}
