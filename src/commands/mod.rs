//! Thin glue, one file per noun and one function per verb: arguments → store reads →
//! core decision → store write with its audit entry in the same transaction → report.
//! Shared here: finding tenants and named things, and the JSON views of them.

pub mod audit;
pub mod company;
pub mod complete;
pub mod completions;
pub mod email;
pub mod enrol;
pub mod factor;
pub mod group;
pub mod lifted;
pub mod login;
pub mod mail;
pub mod must_enrol;
pub mod policy;
pub mod report;
pub mod role;
pub mod store;
pub mod tenant;
pub mod user;

use serde::Serialize;

use crate::core::audit::NewEntry;
use crate::core::duration;
use crate::core::model::{Company, Tenant, User};
use crate::core::policy::{Facts, RoleFact};
use crate::core::time::format_rfc3339;
use crate::error::{Error, Result};
use crate::store::Tx;

fn names(tenants: &[Tenant]) -> String {
    tenants
        .iter()
        .map(|t| t.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The tenant with this name, or not found with the names that exist.
pub fn tenant_named(tx: &Tx<'_>, name: &str) -> Result<Tenant> {
    crate::core::validate::name("tenant", name)?;
    if let Some(tenant) = tx.tenant_by_name(name)? {
        return Ok(tenant);
    }
    let all = tx.tenants()?;
    let hint = if all.is_empty() {
        format!(
            "no tenant exists yet: create it with `mfactl tenant create {}`",
            crate::output::quoted(name)
        )
    } else if all.len() <= 10 {
        format!("existing tenants: {}", names(&all))
    } else {
        let close = closest(name, all.into_iter().map(|t| t.name).collect());
        let list = "list them with `mfactl tenant list`";
        if close.is_empty() {
            list.to_owned()
        } else {
            format!("did you mean {}? {list}", close.join(", "))
        }
    };
    Err(Error::not_found(format!("tenant {name} not found")).with_hint(hint))
}

/// The tenant a command acts in: `--tenant`, or the only tenant of the store.
pub fn resolve_tenant(tx: &Tx<'_>, given: Option<&str>) -> Result<Tenant> {
    if let Some(name) = given {
        return tenant_named(tx, name);
    }
    let mut all = tx.tenants()?;
    match all.len() {
        0 => Err(Error::not_found("no tenant exists yet")
            .with_hint("create one with `mfactl tenant create NAME`")),
        1 => Ok(all.remove(0)),
        _ => Err(
            Error::usage(format!("the store has several tenants: {}", names(&all))).with_hint(
                format!(
                    "name one with --tenant (e.g. `--tenant {}`) or MFACTL_TENANT",
                    crate::output::quoted(&all[0].name)
                ),
            ),
        ),
    }
}

/// Finds a named thing (user, company, role, group). Without `--tenant` and with several
/// tenants, it is looked for in all of them: found once, that tenant is meant; found in
/// several, the candidates are listed, never guessed.
pub fn resolve<T>(
    tx: &Tx<'_>,
    tenant: Option<&str>,
    what: &str,
    name: &str,
    find: impl Fn(&Tx<'_>, Option<i64>) -> Result<Vec<T>>,
    tenant_of: impl Fn(&T) -> i64,
) -> Result<(Tenant, T)> {
    let tenant = if let Some(given) = tenant {
        Some(tenant_named(tx, given)?)
    } else {
        let mut all = tx.tenants()?;
        match all.len() {
            0 => {
                return Err(Error::not_found(format!(
                    "{what} {name} not found: no tenant exists yet"
                ))
                .with_hint("create one with `mfactl tenant create NAME`"));
            }
            1 => Some(all.remove(0)),
            _ => None,
        }
    };
    if let Some(tenant) = tenant {
        let found = find(tx, Some(tenant.id))?.into_iter().next();
        return match found {
            Some(thing) => Ok((tenant, thing)),
            None => Err(not_found(tx, Some(&tenant), what, name)?),
        };
    }
    let mut found = find(tx, None)?;
    match found.len() {
        0 => Err(not_found(tx, None, what, name)?),
        1 => {
            let thing = found.remove(0);
            Ok((tx.tenant_by_id(tenant_of(&thing))?, thing))
        }
        _ => {
            let tenants: Vec<String> = found
                .iter()
                .map(|t| tx.tenant_by_id(tenant_of(t)).map(|t| t.name))
                .collect::<Result<_>>()?;
            let hint = format!(
                "name one with --tenant (e.g. `--tenant {}`) or MFACTL_TENANT",
                crate::output::quoted(&tenants[0])
            );
            Err(Error::usage(format!(
                "{what} {name} exists in several tenants: {}",
                tenants.join(", ")
            ))
            .with_hint(hint))
        }
    }
}

/// "not found", with the names close to the one given, and how to list them all.
fn not_found(tx: &Tx<'_>, tenant: Option<&Tenant>, what: &str, name: &str) -> Result<Error> {
    let (message, list) = match tenant {
        Some(tenant) => (
            format!("{what} {name} not found in tenant {}", tenant.name),
            format!(
                "mfactl {what} list --tenant {}",
                crate::output::quoted(&tenant.name)
            ),
        ),
        None => (
            format!("{what} {name} not found in any tenant"),
            format!("mfactl {what} list"),
        ),
    };
    let close = closest(name, tx.names_near(what, tenant.map(|t| t.id), name)?);
    let hint = if close.is_empty() {
        format!("list them with `{list}`")
    } else {
        format!("did you mean {}? list them with `{list}`", close.join(", "))
    };
    Ok(Error::not_found(message).with_hint(hint))
}

/// The (at most five) candidates closest to `name`: a small edit away, or one
/// containing the other; the closest first.
fn closest(name: &str, candidates: Vec<String>) -> Vec<String> {
    let wanted = name.to_lowercase();
    let mut scored: Vec<(usize, String)> = candidates
        .into_iter()
        .filter_map(|candidate| {
            let lower = candidate.to_lowercase();
            let distance = strsim::levenshtein(&wanted, &lower);
            let near = distance <= 2.max(wanted.chars().count() / 4)
                || (wanted.len() >= 3 && (lower.contains(&wanted) || wanted.contains(&lower)));
            near.then_some((distance, candidate))
        })
        .collect();
    scored.sort();
    scored.into_iter().take(5).map(|(_, name)| name).collect()
}

/// A user by email, in `--tenant` or the one tenant that has it.
pub fn resolve_user(tx: &Tx<'_>, tenant: Option<&str>, email: &str) -> Result<(Tenant, User)> {
    let email = crate::core::validate::email(email)?;
    resolve(
        tx,
        tenant,
        "user",
        &email,
        |tx, t| tx.users_by_email(t, &email),
        |u| u.tenant_id,
    )
}

/// A company by slug, in `--tenant` or the one tenant that has it.
pub fn resolve_company(tx: &Tx<'_>, tenant: Option<&str>, slug: &str) -> Result<(Tenant, Company)> {
    crate::core::validate::name("company", slug)?;
    resolve(
        tx,
        tenant,
        "company",
        slug,
        |tx, t| tx.companies_by_slug(t, slug),
        |c| c.tenant_id,
    )
}

/// The `target` of audit entries: `kind:tenant/name`.
pub fn target(kind: &str, tenant: &Tenant, name: &str) -> String {
    format!("{kind}:{}/{name}", tenant.name)
}

/// What an audit entry records beyond the change itself: nothing more for a single
/// command; for `policy apply`, the reason and which file and plan made the change. The
/// single commands and `policy apply` make each change through one function that takes
/// it (`company::enforce_mfa_in`, `role::assign_in`, …), so both write the same rows
/// and the same entries.
#[derive(Debug, Clone, Copy, Default)]
pub struct Why<'a> {
    pub reason: Option<&'a str>,
    /// Added to the entry's details as `"policy"`.
    pub policy: Option<&'a serde_json::Value>,
}

impl Why<'_> {
    /// `entry` with the reason and the policy's details.
    pub fn entry(&self, mut entry: NewEntry) -> NewEntry {
        if let Some(reason) = self.reason {
            entry.reason = Some(reason.to_owned());
        }
        if let (Some(policy), Some(details)) = (self.policy, entry.details.as_object_mut()) {
            details.insert("policy".to_owned(), policy.clone());
        }
        entry
    }
}

/// `yes` / `no` for human output.
pub fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

/// A timestamp for JSON and human output.
pub fn when(secs: i64) -> String {
    format_rfc3339(secs)
}

/// A company as scripts see it.
#[derive(Debug, Serialize)]
pub struct CompanyView {
    pub slug: String,
    pub tenant: String,
    pub enforce_mfa: bool,
    pub created_at: String,
    pub users: i64,
}

impl CompanyView {
    pub fn new(tx: &Tx<'_>, tenant: &Tenant, company: &Company) -> Result<Self> {
        Ok(CompanyView {
            slug: company.slug.clone(),
            tenant: tenant.name.clone(),
            enforce_mfa: company.enforce_mfa,
            created_at: when(company.created_at),
            users: tx.company_user_count(company.id)?,
        })
    }
}

/// A tenant's settings as scripts see them.
#[derive(Debug, Serialize)]
pub struct AuthView {
    pub enabled: bool,
    pub primary: &'static str,
    pub secondary: &'static str,
    pub grace_period: String,
    pub grace_period_seconds: i64,
    pub members_may_deactivate: bool,
    pub remember_device_days: u32,
}

impl AuthView {
    pub fn new(tenant: &Tenant) -> Self {
        let auth = &tenant.auth;
        AuthView {
            enabled: auth.enabled,
            primary: auth.primary.as_str(),
            secondary: auth.secondary.map_or("none", |m| m.as_str()),
            grace_period: duration::format(auth.grace_period_secs),
            grace_period_seconds: auth.grace_period_secs,
            members_may_deactivate: auth.members_may_deactivate,
            remember_device_days: auth.remember_device_days,
        }
    }
}

/// The facts the policy needs about a user, read from the store.
pub fn policy_facts(tx: &Tx<'_>, tenant: &Tenant, user: &User) -> Result<Facts> {
    let company = user.company_id.map(|id| tx.company_by_id(id)).transpose()?;
    Ok(Facts {
        tenant_name: tenant.name.clone(),
        tenant: tenant.auth.clone(),
        kind: user.kind,
        enrolled: user.totp_enrolled_at.is_some(),
        reset: user.reset_at.is_some() && user.totp_enrolled_at.is_none(),
        company: company.map(|c| (c.slug, c.enforce_mfa)),
        roles: tx
            .held_roles(user.id)?
            .into_iter()
            .map(|held| RoleFact {
                name: held.role.name,
                via_group: held.via_group,
                requires_2fa: held.role.requires_2fa,
            })
            .collect(),
        grace_started_at: user.grace_started_at,
    })
}
