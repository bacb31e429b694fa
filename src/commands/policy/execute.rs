//! Carrying out a plan inside the caller's transaction, change by change, through the
//! functions the single commands use (`tenant::set_auth_in`, `company::enforce_mfa_in`,
//! `role::assign_in`, `group::grant_role_in`, …): the same rows, checks, refusals and
//! audit entries, with the policy's reason and file in each entry (`Why`). `apply`
//! commits it; `plan` rolls it back.

use std::collections::HashMap;

use crate::commands::{Why, company, group, role, tenant};
use crate::core::model::{Company, Group, Role, Tenant};
use crate::core::plan::{Action, Change};
use crate::core::settings::AuthChange;
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::store::Tx;

/// Carries out `changes` (a plan's, tenant after tenant) in `tx`; `done` is told how
/// many are done after each tenant.
pub fn execute(
    ctx: &Ctx,
    tx: &Tx<'_>,
    changes: &[Change],
    why: Why<'_>,
    done: &mut dyn FnMut(usize),
) -> Result<()> {
    let mut start = 0;
    while start < changes.len() {
        let name = &changes[start].tenant;
        let end = changes[start..]
            .iter()
            .position(|c| &c.tenant != name)
            .map_or(changes.len(), |n| start + n);
        Objects::new(tx, name, &changes[start..end], ctx, why)?.run(&changes[start..end])?;
        done(end);
        start = end;
    }
    Ok(())
}

/// One tenant's objects as the changes find and make them (names without case).
struct Objects<'c, 't> {
    ctx: &'c Ctx,
    tx: &'c Tx<'t>,
    why: Why<'c>,
    tenant: Tenant,
    companies: HashMap<String, Company>,
    roles: HashMap<String, Role>,
    groups: HashMap<String, Group>,
    users: HashMap<String, i64>,
}

fn key(name: &str) -> String {
    name.to_ascii_lowercase()
}

impl<'c, 't> Objects<'c, 't> {
    /// The tenant, created first when the plan says so, with its settings changed.
    fn new(
        tx: &'c Tx<'t>,
        name: &str,
        changes: &[Change],
        ctx: &'c Ctx,
        why: Why<'c>,
    ) -> Result<Self> {
        let creates = changes.iter().any(|c| c.action == Action::CreateTenant);
        let mut tenant = if creates {
            tenant::create_in(ctx, tx, name, why)?
        } else {
            tx.tenant_by_name(name)?.ok_or_else(|| {
                Error::conflict(format!(
                    "tenant {name} is gone: the store changed while the plan was made"
                ))
                .with_hint("run `mfactl policy plan` again")
            })?
        };
        let mut auth = AuthChange::default();
        for change in changes {
            match change.action {
                Action::SetTwofa(on) => auth.enabled = Some(on),
                Action::SetPrimary(method) => auth.primary = Some(method),
                Action::SetSecondary(method) => auth.secondary = Some(method),
                Action::SetGracePeriod(secs) => auth.grace_period_secs = Some(secs),
                Action::SetMembersMayDeactivate(may) => auth.members_may_deactivate = Some(may),
                Action::SetRememberDeviceDays(days) => auth.remember_device_days = Some(days),
                _ => {}
            }
        }
        // All of a tenant's settings in one change, as one `set-auth` with every flag.
        (tenant, _) = tenant::set_auth_in(ctx, tx, &tenant, &auth, why)?;
        Ok(Objects {
            ctx,
            tx,
            why,
            tenant,
            companies: HashMap::new(),
            roles: HashMap::new(),
            groups: HashMap::new(),
            users: HashMap::new(),
        })
    }

    fn gone(&self, what: &str, name: &str) -> Error {
        Error::conflict(format!(
            "{what} {name} of tenant {} is gone: the store changed while the plan was made",
            self.tenant.name
        ))
        .with_hint("run `mfactl policy plan` again")
    }

    fn company(&mut self, name: &str) -> Result<Company> {
        if let Some(found) = self.companies.get(&key(name)) {
            return Ok(found.clone());
        }
        let found = self
            .tx
            .companies_by_slug(Some(self.tenant.id), name)?
            .into_iter()
            .next()
            .ok_or_else(|| self.gone("company", name))?;
        self.companies.insert(key(name), found.clone());
        Ok(found)
    }

    fn role(&mut self, name: &str) -> Result<Role> {
        if let Some(found) = self.roles.get(&key(name)) {
            return Ok(found.clone());
        }
        let found = self
            .tx
            .roles_by_name(Some(self.tenant.id), name)?
            .into_iter()
            .next()
            .ok_or_else(|| self.gone("role", name))?;
        self.roles.insert(key(name), found.clone());
        Ok(found)
    }

    fn group(&mut self, name: &str) -> Result<Group> {
        if let Some(found) = self.groups.get(&key(name)) {
            return Ok(found.clone());
        }
        let found = self
            .tx
            .groups_by_name(Some(self.tenant.id), name)?
            .into_iter()
            .next()
            .ok_or_else(|| self.gone("group", name))?;
        self.groups.insert(key(name), found.clone());
        Ok(found)
    }

    fn user(&mut self, email: &str) -> Result<i64> {
        if let Some(id) = self.users.get(email) {
            return Ok(*id);
        }
        let id = self
            .tx
            .user_id_by_email(self.tenant.id, email)?
            .ok_or_else(|| self.gone("user", email))?;
        self.users.insert(email.to_owned(), id);
        Ok(id)
    }

    fn run(mut self, changes: &[Change]) -> Result<()> {
        for change in changes {
            self.one(change)?;
        }
        Ok(())
    }

    fn one(&mut self, change: &Change) -> Result<()> {
        let (ctx, tx, why) = (self.ctx, self.tx, self.why);
        let name = change.name.as_str();
        match &change.action {
            Action::CreateCompany { enforce_mfa } => {
                let made = company::create_in(ctx, tx, &self.tenant, name, *enforce_mfa, why)?;
                self.companies.insert(key(name), made);
            }
            Action::EnforceMfa(on) => {
                let mut found = self.company(name)?;
                company::enforce_mfa_in(ctx, tx, &self.tenant, &found, *on, why)?;
                found.enforce_mfa = *on;
                self.companies.insert(key(name), found);
            }
            Action::DeleteCompany => {
                let found = self.company(name)?;
                // A policy never removes users: checked again where the rows are.
                let users = tx.company_user_count(found.id)?;
                if users > 0 {
                    return Err(Error::policy(format!(
                        "company {name} of tenant {} still has {}: a policy never removes users",
                        self.tenant.name,
                        crate::output::plural(users, "user")
                    )));
                }
                company::delete_in(ctx, tx, &self.tenant, &found, why)?;
                self.companies.remove(&key(name));
            }
            Action::CreateRole { require_2fa } => {
                let mut made = role::create_in(ctx, tx, &self.tenant, name, why)?;
                if *require_2fa {
                    role::require_2fa_in(ctx, tx, &self.tenant, &made, true, why)?;
                    made.requires_2fa = true;
                }
                self.roles.insert(key(name), made);
            }
            Action::Require2fa(on) => {
                let mut found = self.role(name)?;
                role::require_2fa_in(ctx, tx, &self.tenant, &found, *on, why)?;
                found.requires_2fa = *on;
                self.roles.insert(key(name), found);
            }
            Action::DeleteRole => {
                let found = self.role(name)?;
                role::delete_in(ctx, tx, &self.tenant, &found, why)?;
                self.roles.remove(&key(name));
            }
            Action::AssignRole(email) => {
                let (found, user) = (self.role(name)?, self.user(email)?);
                role::assign_in(ctx, tx, &self.tenant, &found, user, email, why)?;
            }
            Action::UnassignRole(email) => {
                let (found, user) = (self.role(name)?, self.user(email)?);
                role::unassign_in(ctx, tx, &self.tenant, &found, user, email, why)?;
            }
            Action::CreateGroup => {
                let made = group::create_in(ctx, tx, &self.tenant, name, why)?;
                self.groups.insert(key(name), made);
            }
            Action::DeleteGroup => {
                let found = self.group(name)?;
                group::delete_in(ctx, tx, &self.tenant, &found, why)?;
                self.groups.remove(&key(name));
            }
            Action::GrantRole(granted) => {
                let (found, granted) = (self.group(name)?, self.role(granted)?);
                group::grant_role_in(ctx, tx, &self.tenant, &found, &granted, why)?;
            }
            Action::RevokeRole(revoked) => {
                let (found, revoked) = (self.group(name)?, self.role(revoked)?);
                group::revoke_role_in(ctx, tx, &self.tenant, &found, &revoked, why)?;
            }
            Action::AddMember(email) => {
                let (found, user) = (self.group(name)?, self.user(email)?);
                group::add_member_in(ctx, tx, &self.tenant, &found, user, email, why)?;
            }
            Action::RemoveMember(email) => {
                let (found, user) = (self.group(name)?, self.user(email)?);
                group::remove_member_in(ctx, tx, &self.tenant, &found, user, email, why)?;
            }
            // Made with the tenant (`Objects::new`).
            Action::CreateTenant
            | Action::SetTwofa(_)
            | Action::SetPrimary(_)
            | Action::SetSecondary(_)
            | Action::SetGracePeriod(_)
            | Action::SetMembersMayDeactivate(_)
            | Action::SetRememberDeviceDays(_) => {}
        }
        Ok(())
    }
}
