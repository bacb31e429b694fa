//! Shell completion that knows the store: the tenant names, company slugs, role and
//! group names and user emails that start with what was typed, for clap_complete's
//! dynamic completion (`COMPLETE=bash mfactl`, see `crate::run`).
//!
//! These functions live here rather than in `cli/`, which only parses: `cli::complete`
//! attaches them to the arguments as plain function pointers and never opens a store
//! itself. They take no clap types either, so this file follows the rules of `commands/`.
//!
//! Completion runs at every TAB, so it must be quick, quiet and harmless: the store is
//! the one the command line would use (`--store` typed before the cursor, else
//! `MFACTL_STORE`, else the default), read without creating or changing any file (not
//! even SQLite's `-wal` and `-shm`); a missing store or key file, or any error, gives no
//! candidates and prints nothing. Each list is one prefix query on an index, capped at
//! `LIMIT` names.

use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::OnceLock;

use crate::core::text::is_hidden;
use crate::error::Result;
use crate::store::{NameKind, Store, postgres};
use crate::{env, paths};

/// The most candidates offered at once: a shell shows this many; typing more narrows it.
pub const LIMIT: u32 = 50;

/// What the command line typed before the cursor says about where to look.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Line {
    /// `--store PATH` or `--store=PATH`.
    pub store: Option<PathBuf>,
    /// `--tenant T` or `--tenant=T`.
    pub tenant: Option<String>,
    /// Whether the shell is bash, which inserts a candidate as it is (the others quote).
    pub bash: bool,
}

static LINE: OnceLock<Line> = OnceLock::new();

impl Line {
    /// Reads `--store` and `--tenant` from the words of a command line (the program
    /// name first) up to the word at `cursor`, which is being completed. The last one
    /// given counts, as clap would take it; nothing after a bare `--` is an option.
    pub fn parse(words: &[OsString], cursor: usize) -> Line {
        let mut line = Line::default();
        let words: Vec<&str> = words
            .iter()
            .take(cursor)
            .skip(1)
            .map(|w| w.to_str().unwrap_or(""))
            .collect();
        let mut index = 0;
        while let Some(&word) = words.get(index) {
            if word == "--" {
                break;
            }
            let (flag, inline) = match word.split_once('=') {
                Some((flag, value)) => (flag, Some(value)),
                None => (word, None),
            };
            if flag == "--store" || flag == "--tenant" {
                let value = if inline.is_some() {
                    inline
                } else {
                    index += 1;
                    words.get(index).copied()
                };
                if let Some(value) = value.map(unquote).filter(|v| !v.is_empty()) {
                    if flag == "--store" {
                        line.store = Some(expand_home(value));
                    } else {
                        line.tenant = Some(value.to_owned());
                    }
                }
            }
            index += 1;
        }
        line
    }
}

/// Bash and zsh hand over a word as it was typed: `'my store.db'` keeps its quotes.
fn unquote(word: &str) -> &str {
    for quote in ['\'', '"'] {
        if let Some(inner) = word
            .strip_prefix(quote)
            .and_then(|rest| rest.strip_suffix(quote))
        {
            return inner;
        }
    }
    word
}

/// `~/x.db` as the shell would expand it (a word being completed is not expanded yet).
fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(path),
    }
}

/// Records the command line being completed and the shell (`COMPLETE`, which
/// clap_complete clears before it calls the candidate functions); only the first call
/// counts (there is one completion per process).
pub fn begin(words: &[OsString], cursor: usize, shell: &std::ffi::OsStr) {
    let line = Line {
        bash: shell == "bash",
        ..Line::parse(words, cursor)
    };
    let _ = LINE.set(line);
}

/// The names of `kind` starting with `prefix`, from the store in use; none on any error.
/// A name with control or bidi characters is never offered (it could split into two
/// candidates or show something else than it is), and bash, which inserts a candidate
/// as it is, gets each one quoted as a shell reads it back (`o'brien@x` is legal).
pub fn names(kind: NameKind, prefix: &str) -> Vec<String> {
    let line = LINE.get().cloned().unwrap_or_default();
    let bash = line.bash;
    read_names(&line, kind, prefix)
        .unwrap_or_default()
        .into_iter()
        .filter(|name| offerable(name))
        .map(|name| if bash { bash_escaped(&name) } else { name })
        .collect()
}

/// A name as bash reads it back, each character a shell treats specially behind a
/// backslash (`o\'brien@x`): unlike quotes, this keeps the typed prefix in front, which
/// clap_complete matches candidates against.
fn bash_escaped(name: &str) -> String {
    let mut escaped = String::with_capacity(name.len());
    for c in name.chars() {
        if !(c.is_alphanumeric() || "@%+=:,./_-".contains(c)) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// Whether a name may be put on a command line as it is: no control characters, no
/// characters that reorder or hide text.
fn offerable(name: &str) -> bool {
    !name.chars().any(|c| is_hidden(c, false))
}

fn read_names(line: &Line, kind: NameKind, prefix: &str) -> Result<Vec<String>> {
    let given = line.store.clone().or_else(|| {
        std::env::var_os(env::STORE)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    });
    let url = given
        .as_deref()
        .and_then(|given| given.to_str())
        .filter(|given| postgres::connect::is_url(given));
    let store = if let Some(url) = url {
        // As for a file: no key file (MFACTL_KEY_FILE, as every command on a URL needs),
        // no names.
        let has_key = std::env::var_os(env::KEY_FILE)
            .filter(|v| !v.is_empty())
            .is_some_and(|key| std::fs::metadata(key).is_ok_and(|meta| meta.is_file()));
        if !has_key {
            return Ok(Vec::new());
        }
        // A database that holds no store is left as it is (`create` false).
        let target = postgres::Target::parse(url, &postgres::PgEnv::from_process())?;
        Store::open_url(target, false)?
    } else {
        // `store_file` without `create` refuses a missing store instead of making one.
        let path = paths::store_file(&paths::store_path(given.as_deref())?, false)?;
        let key = paths::key_file(&path)?;
        if !std::fs::metadata(&key).is_ok_and(|meta| meta.is_file()) {
            return Ok(Vec::new());
        }
        paths::check_side_files(&path)?;
        Store::open_untouched(&path)?
    };
    let tenant = line.tenant.clone().or_else(|| {
        std::env::var(env::TENANT)
            .ok()
            .filter(|v| !v.trim().is_empty())
    });
    store.read(|tx| {
        let tenant_id = match (kind, tenant) {
            (NameKind::Tenant, _) | (_, None) => None,
            (_, Some(name)) => match tx.tenant_by_name(&name)? {
                Some(tenant) => Some(tenant.id),
                // A tenant that does not exist has nothing to offer.
                None => return Ok(Vec::new()),
            },
        };
        tx.names_starting(kind, tenant_id, prefix, LIMIT)
    })
}

#[cfg(test)]
mod tests {
    use super::{Line, unquote};
    use std::ffi::OsString;
    use std::path::PathBuf;

    fn words(line: &str) -> Vec<OsString> {
        line.split(' ').map(OsString::from).collect()
    }

    #[test]
    fn the_store_and_tenant_typed_before_the_cursor_count() {
        let typed = words("mfactl --store /tmp/a.db user show --tenant acme al");
        assert_eq!(
            Line::parse(&typed, 7),
            Line {
                store: Some(PathBuf::from("/tmp/a.db")),
                tenant: Some("acme".to_owned()),
                bash: false,
            }
        );
        let typed = words("mfactl user show --store=/tmp/b.db --tenant=beta al");
        let line = Line::parse(&typed, 5);
        assert_eq!(line.store, Some(PathBuf::from("/tmp/b.db")));
        assert_eq!(line.tenant.as_deref(), Some("beta"));
    }

    #[test]
    fn what_is_being_typed_or_comes_after_the_cursor_does_not_count() {
        // Completing the value of --tenant itself: it is not a tenant yet.
        let typed = words("mfactl user show al --tenant ac");
        assert_eq!(Line::parse(&typed, 5), Line::default());
        let typed = words("mfactl user show al --tenant acme");
        assert_eq!(Line::parse(&typed, 3), Line::default());
        // After `--` nothing is an option.
        let typed = words("mfactl user show -- --tenant acme x");
        assert_eq!(Line::parse(&typed, 6), Line::default());
    }

    #[test]
    fn quotes_typed_around_a_value_are_removed() {
        assert_eq!(unquote("'my store.db'"), "my store.db");
        assert_eq!(unquote("\"acme\""), "acme");
        assert_eq!(unquote("'half"), "'half");
    }
}
