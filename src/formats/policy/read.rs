//! Reading a policy file (SPEC §7) into `core::plan::Policy`: the TOML is parsed with
//! its spans (`toml::de::DeTable`) and walked by hand, so that every problem is named
//! with its line and column and what was expected there, and all of them are reported
//! at once: a key the format does not know, a value of the wrong type or out of range,
//! a name or email that is not valid, a name given twice (names are the same whatever
//! their case). What only the store can tell (is this a user of the tenant?) is
//! `core::plan`'s to find.

use std::collections::BTreeMap;

use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

use crate::core::duration;
use crate::core::plan::{
    At, CompanyPolicy, GroupPolicy, Policy, Pos, Problem, RolePolicy, TenantPolicy,
};
use crate::core::settings::{Method, REMEMBER_DEVICE_DAYS_MAX};
use crate::core::validate;

/// The version of the format this mfactl reads and writes.
pub const VERSION: i64 = 1;

/// The keys of a tenant's section.
pub const TENANT_KEYS: &[&str] = &[
    "twofa",
    "primary",
    "secondary",
    "grace_period",
    "members_may_deactivate",
    "remember_device_days",
    "companies",
    "roles",
    "groups",
];
pub const COMPANY_KEYS: &[&str] = &["enforce_mfa"];
pub const ROLE_KEYS: &[&str] = &["require_2fa", "members"];
pub const GROUP_KEYS: &[&str] = &["roles", "members"];

type Key<'i> = Spanned<DeString<'i>>;
type Val<'i> = Spanned<DeValue<'i>>;

struct Reader {
    /// Byte offsets where each line starts.
    starts: Vec<usize>,
    text_len: usize,
    problems: Vec<Problem>,
}

/// Reads a policy file's text; every problem found, in the order of the file.
pub fn parse(text: &str) -> Result<Policy, Vec<Problem>> {
    let mut reader = Reader {
        starts: std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect(),
        text_len: text.len(),
        problems: Vec::new(),
    };
    let root = match DeTable::parse(text) {
        Ok(root) => root,
        Err(e) => {
            let at = reader.pos(text, e.span().map_or(0, |s| s.start));
            let message = e.message().trim().replace('\n', " ");
            return Err(vec![Problem::new(
                at,
                format!("this is not valid TOML: {message}"),
                "TOML as `mfactl policy export` writes it",
            )]);
        }
    };
    let policy = reader.document(text, root.get_ref());
    if reader.problems.is_empty() {
        Ok(policy)
    } else {
        reader.problems.sort_by_key(|p| (p.at.line, p.at.column));
        Err(reader.problems)
    }
}

impl Reader {
    fn pos(&self, text: &str, offset: usize) -> Pos {
        let offset = offset.min(self.text_len);
        let line = self.starts.partition_point(|&start| start <= offset).max(1);
        let start = self.starts[line - 1];
        let column = text
            .get(start..offset)
            .map_or(1, |before| before.chars().count() + 1);
        Pos { line, column }
    }

    fn key_at(&self, text: &str, key: &Key<'_>) -> Pos {
        self.pos(text, key.span().start)
    }

    fn value_at(&self, text: &str, value: &Val<'_>) -> Pos {
        self.pos(text, value.span().start)
    }

    fn problem(&mut self, at: Pos, message: impl Into<String>, expected: impl Into<String>) {
        self.problems.push(Problem::new(at, message, expected));
    }

    fn unknown(&mut self, text: &str, key: &Key<'_>, place: &str, known: &[&str]) {
        let at = self.key_at(text, key);
        self.problem(
            at,
            format!("unknown key `{}` in {place}", key.get_ref()),
            format!("one of {}", known.join(", ")),
        );
    }

    fn wrong_type(&mut self, text: &str, key: &Key<'_>, value: &Val<'_>, expected: &str) {
        let at = self.value_at(text, value);
        self.problem(
            at,
            format!("`{}` is a {}", key.get_ref(), value.get_ref().type_str()),
            expected,
        );
    }

    fn document(&mut self, text: &str, root: &DeTable<'_>) -> Policy {
        let mut version = None;
        let mut policy = Policy::default();
        for (key, value) in root {
            match key.get_ref().as_ref() {
                "version" => version = Some((key, value)),
                "tenants" => match value.get_ref() {
                    DeValue::Table(tenants) => policy.tenants = self.tenants(text, tenants),
                    _ => self.wrong_type(text, key, value, "a table of tenants: [tenants.NAME]"),
                },
                _ => self.unknown(text, key, "the file", &["version", "tenants"]),
            }
        }
        match version {
            None => self.problem(
                Pos { line: 1, column: 1 },
                "the file does not say its format version",
                format!("`version = {VERSION}` at the top"),
            ),
            Some((key, value)) => match integer(value.get_ref()) {
                Some(VERSION) => {}
                Some(other) => {
                    let at = self.value_at(text, value);
                    self.problem(
                        at,
                        format!("format version {other} is not one this mfactl reads"),
                        format!("version = {VERSION}"),
                    );
                }
                None => self.wrong_type(text, key, value, &format!("version = {VERSION}")),
            },
        }
        policy
    }

    /// The tables of a map of named things (tenants, companies, roles, groups), each
    /// name checked and given once (whatever its case).
    fn named<'t, 'i>(
        &mut self,
        text: &str,
        map: &'t DeTable<'i>,
        what: &str,
    ) -> Vec<(String, Pos, &'t DeTable<'i>)> {
        let mut seen: BTreeMap<String, Pos> = BTreeMap::new();
        let mut named = Vec::new();
        // In the order of the file, so that the second of two names is the one named.
        let mut entries: Vec<(&Key<'i>, &Val<'i>)> = map.iter().collect();
        entries.sort_by_key(|(key, _)| key.span().start);
        for (key, value) in entries {
            let name = key.get_ref().as_ref();
            let at = self.key_at(text, key);
            if let Err(e) = validate::name(what, name) {
                self.problem(at, e.message, e.hint.unwrap_or_default());
                continue;
            }
            if let Some(first) = seen.insert(name.to_ascii_lowercase(), at) {
                self.problem(
                    at,
                    format!(
                        "{what} {name} is named twice (also at {}:{}): names are the same whatever their case",
                        first.line, first.column
                    ),
                    format!("each {what} once"),
                );
                continue;
            }
            match value.get_ref() {
                DeValue::Table(table) => named.push((name.to_owned(), at, table)),
                _ => self.wrong_type(text, key, value, &format!("a table: [... .{name}]")),
            }
        }
        named.sort_by_key(|(name, _, _)| name.to_ascii_lowercase());
        named
    }

    fn tenants(&mut self, text: &str, tenants: &DeTable<'_>) -> Vec<TenantPolicy> {
        let mut out = Vec::new();
        for (name, at, table) in self.named(text, tenants, "tenant") {
            let mut tenant = TenantPolicy {
                name: name.clone(),
                at,
                ..TenantPolicy::default()
            };
            self.tenant(text, &mut tenant, table);
            out.push(tenant);
        }
        out
    }

    fn tenant(&mut self, text: &str, tenant: &mut TenantPolicy, table: &DeTable<'_>) {
        let place = format!("tenant {}", tenant.name);
        let settings = &mut tenant.settings;
        for (key, value) in table {
            let at = self.value_at(text, value);
            match key.get_ref().as_ref() {
                "twofa" => settings.twofa = self.boolean(text, key, value),
                "members_may_deactivate" => {
                    settings.members_may_deactivate = self.boolean(text, key, value);
                }
                "primary" => {
                    settings.primary = self
                        .string(text, key, value, "\"totp\" or \"email\"")
                        .and_then(|s| {
                            let method = Method::parse(&s);
                            if method.is_none() {
                                self.problem(
                                    at,
                                    format!("`primary` is {s:?}"),
                                    "\"totp\" or \"email\"",
                                );
                            }
                            method.map(|value| At { value, at })
                        });
                }
                "secondary" => {
                    let expected = "\"totp\", \"email\" or \"none\"";
                    settings.secondary = self.string(text, key, value, expected).and_then(|s| {
                        let method = match s.as_str() {
                            "none" => Some(None),
                            other => Method::parse(other).map(Some),
                        };
                        if method.is_none() {
                            self.problem(at, format!("`secondary` is {s:?}"), expected);
                        }
                        method.map(|value| At { value, at })
                    });
                }
                "grace_period" => {
                    let expected = "a duration: \"0\", or a whole number with m, h or d (\"90m\", \"12h\", \"14d\"; at most 3650d)";
                    settings.grace_period =
                        self.string(text, key, value, expected).and_then(
                            |s| match duration::parse(&s) {
                                Ok(secs) => Some(At { value: secs, at }),
                                Err(e) => {
                                    self.problem(
                                        at,
                                        format!("`grace_period`: {}", e.message),
                                        expected,
                                    );
                                    None
                                }
                            },
                        );
                }
                "remember_device_days" => {
                    let expected = format!(
                        "a whole number of days from 0 (off) to {REMEMBER_DEVICE_DAYS_MAX}"
                    );
                    match integer(value.get_ref()) {
                        Some(days) => match u32::try_from(days) {
                            Ok(days) if days <= REMEMBER_DEVICE_DAYS_MAX => {
                                settings.remember_device_days = Some(At { value: days, at });
                            }
                            _ => self.problem(
                                at,
                                format!("`remember_device_days` is {days}, out of range"),
                                expected,
                            ),
                        },
                        None => self.wrong_type(text, key, value, &expected),
                    }
                }
                "companies" => {
                    tenant.companies =
                        self.section(text, key, value, "company", |r, name, at, t| {
                            r.company(text, name, at, t)
                        });
                }
                "roles" => {
                    tenant.roles = self.section(text, key, value, "role", |r, name, at, t| {
                        r.role(text, name, at, t)
                    });
                }
                "groups" => {
                    tenant.groups = self.section(text, key, value, "group", |r, name, at, t| {
                        r.group(text, name, at, t)
                    });
                }
                _ => self.unknown(text, key, &place, TENANT_KEYS),
            }
        }
    }

    /// A tenant's `companies`, `roles` or `groups`: a table of named tables (an empty
    /// one counts: `Some` of nothing).
    fn section<T>(
        &mut self,
        text: &str,
        key: &Key<'_>,
        value: &Val<'_>,
        what: &str,
        read: impl Fn(&mut Reader, String, Pos, &DeTable<'_>) -> T,
    ) -> Option<Vec<T>> {
        let DeValue::Table(table) = value.get_ref() else {
            self.wrong_type(text, key, value, &format!("a table of {what} names"));
            return None;
        };
        let named = self.named(text, table, what);
        Some(
            named
                .into_iter()
                .map(|(name, at, t)| read(self, name, at, t))
                .collect(),
        )
    }

    fn company(&mut self, text: &str, name: String, at: Pos, table: &DeTable<'_>) -> CompanyPolicy {
        let mut company = CompanyPolicy {
            name,
            at,
            enforce_mfa: None,
        };
        for (key, value) in table {
            match key.get_ref().as_ref() {
                "enforce_mfa" => company.enforce_mfa = self.boolean(text, key, value),
                _ => self.unknown(
                    text,
                    key,
                    &format!("company {}", company.name),
                    COMPANY_KEYS,
                ),
            }
        }
        company
    }

    fn role(&mut self, text: &str, name: String, at: Pos, table: &DeTable<'_>) -> RolePolicy {
        let mut role = RolePolicy {
            name,
            at,
            require_2fa: None,
            members: None,
        };
        for (key, value) in table {
            match key.get_ref().as_ref() {
                "require_2fa" => role.require_2fa = self.boolean(text, key, value),
                "members" => role.members = self.emails(text, key, value),
                _ => self.unknown(text, key, &format!("role {}", role.name), ROLE_KEYS),
            }
        }
        role
    }

    fn group(&mut self, text: &str, name: String, at: Pos, table: &DeTable<'_>) -> GroupPolicy {
        let mut group = GroupPolicy {
            name,
            at,
            roles: None,
            members: None,
        };
        for (key, value) in table {
            match key.get_ref().as_ref() {
                "roles" => group.roles = self.role_names(text, key, value),
                "members" => group.members = self.emails(text, key, value),
                _ => self.unknown(text, key, &format!("group {}", group.name), GROUP_KEYS),
            }
        }
        group
    }

    fn boolean(&mut self, text: &str, key: &Key<'_>, value: &Val<'_>) -> Option<At<bool>> {
        if let DeValue::Boolean(b) = value.get_ref() {
            Some(At {
                value: *b,
                at: self.value_at(text, value),
            })
        } else {
            self.wrong_type(text, key, value, "true or false");
            None
        }
    }

    fn string(
        &mut self,
        text: &str,
        key: &Key<'_>,
        value: &Val<'_>,
        expected: &str,
    ) -> Option<String> {
        if let DeValue::String(s) = value.get_ref() {
            Some(s.to_string())
        } else {
            self.wrong_type(text, key, value, expected);
            None
        }
    }

    /// An array of strings, each checked by `check` (which gives the value kept) and
    /// given once.
    fn strings(
        &mut self,
        text: &str,
        key: &Key<'_>,
        value: &Val<'_>,
        expected: &str,
        check: impl Fn(&str) -> crate::error::Result<String>,
    ) -> Option<Vec<At<String>>> {
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(text, key, value, &format!("an array of {expected}"));
            return None;
        };
        let mut seen: BTreeMap<String, Pos> = BTreeMap::new();
        let mut out = Vec::new();
        for item in items {
            let at = self.value_at(text, item);
            let DeValue::String(s) = item.get_ref() else {
                self.problem(
                    at,
                    format!(
                        "an item of `{}` is a {}",
                        key.get_ref(),
                        item.get_ref().type_str()
                    ),
                    expected,
                );
                continue;
            };
            match check(s) {
                Ok(checked) => {
                    if let Some(first) = seen.insert(checked.to_ascii_lowercase(), at) {
                        self.problem(
                            at,
                            format!(
                                "{checked} is listed twice in `{}` (also at {}:{})",
                                key.get_ref(),
                                first.line,
                                first.column
                            ),
                            "each once",
                        );
                    } else {
                        out.push(At { value: checked, at });
                    }
                }
                Err(e) => self.problem(at, e.message, expected),
            }
        }
        Some(out)
    }

    fn emails(&mut self, text: &str, key: &Key<'_>, value: &Val<'_>) -> Option<Vec<At<String>>> {
        self.strings(
            text,
            key,
            value,
            "email addresses of users of the tenant (\"alice@example.com\")",
            validate::email,
        )
    }

    fn role_names(
        &mut self,
        text: &str,
        key: &Key<'_>,
        value: &Val<'_>,
    ) -> Option<Vec<At<String>>> {
        self.strings(text, key, value, "role names", |name| {
            validate::name("role", name).map(|()| name.to_owned())
        })
    }
}

/// A TOML integer's value, when it fits.
fn integer(value: &DeValue<'_>) -> Option<i64> {
    match value {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::core::plan::Pos;
    use crate::core::settings::Method;
    use crate::formats::policy::parse;

    #[test]
    fn the_spec_example_reads_with_where_each_thing_is() {
        let text = "version = 1\n\n[tenants.acme]\nsecondary = \"email\"\ngrace_period = \"14d\"\n\
                    companies = {}\n\n[tenants.acme.roles.admin]\nmembers = [\"Bob@Example.com\"]\n";
        let policy = parse(text).unwrap();
        let acme = &policy.tenants[0];
        assert_eq!(acme.name, "acme");
        assert_eq!(
            acme.at,
            Pos {
                line: 3,
                column: 10
            }
        );
        let secondary = acme.settings.secondary.as_ref().unwrap();
        assert_eq!(secondary.value, Some(Method::Email));
        assert_eq!(
            secondary.at,
            Pos {
                line: 4,
                column: 13
            }
        );
        assert_eq!(
            acme.settings.grace_period.as_ref().unwrap().value,
            14 * 86_400
        );
        assert_eq!(acme.settings.twofa, None, "left out: left alone");
        assert_eq!(acme.companies, Some(Vec::new()), "an empty table counts");
        assert_eq!(acme.groups, None);
        let members = acme.roles.as_ref().unwrap()[0].members.as_ref().unwrap();
        assert_eq!(members[0].value, "bob@example.com");
        assert_eq!(
            members[0].at,
            Pos {
                line: 9,
                column: 12
            }
        );
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let problems = parse("version = 1 # ünïcödé\n[tenants.acme]\n\"ü\" = 1\n").unwrap_err();
        assert_eq!(problems[0].at, Pos { line: 3, column: 1 });
        let problems =
            parse("version = 1\n[tenants.acme]\ntwofa = 1 # é\nprimary = \"é\"\n").unwrap_err();
        let places: Vec<Pos> = problems.iter().map(|p| p.at).collect();
        assert_eq!(
            places,
            [
                Pos { line: 3, column: 9 },
                Pos {
                    line: 4,
                    column: 11
                }
            ]
        );
    }
}
