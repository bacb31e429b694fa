//! The names a CSV import refers to, looked up in the store once each: its tenants, and
//! the companies and roles of each tenant. With `--create-missing` a name the store does
//! not have is created, audited as the single commands audit it (`tenant.create`,
//! `company.create`, `role.create`, with `"via": "user.import"`).

use std::collections::BTreeMap;

use serde_json::json;

use crate::commands::target;
use crate::core::audit::NewEntry;
use crate::core::model::Tenant;
use crate::ctx::Ctx;
use crate::error::Result;
use crate::store::Tx;

use super::Created;
use super::read::{Names, What};
use super::write::Import;

/// The tenants the file names, by index of `Names::list`: each looked up once, and with
/// `create` made when missing (audited). Returns them and the names created.
pub(super) fn resolve_tenants(
    ctx: &Ctx,
    tx: &Tx<'_>,
    names: &Names,
    create: bool,
    created: &mut Created,
) -> Result<BTreeMap<u32, Tenant>> {
    let mut tenants = BTreeMap::new();
    for (at, (what, _, name)) in (0_u32..).zip(&names.list) {
        if *what != What::Tenant {
            continue;
        }
        let found = match tx.tenant_by_name(name)? {
            Some(tenant) => Some(tenant),
            None if create => {
                let tenant = tx.insert_tenant(name, ctx.now())?;
                ctx.audit(
                    tx,
                    &NewEntry::new(
                        "tenant.create",
                        format!("tenant:{name}"),
                        json!({ "via": "user.import" }),
                    ),
                )?;
                created.tenants.push(name.clone());
                Some(tenant)
            }
            None => None,
        };
        if let Some(tenant) = found {
            tenants.insert(at, tenant);
        }
    }
    Ok(tenants)
}

/// The ids of the file's company and role names in their tenants, in the order of
/// `Names::list` (`None` for tenant names and names not found): the store is asked
/// about each name once, and with `create` a missing one is made (audited).
pub(super) fn resolve_names(
    import: &Import<'_>,
    create: bool,
    created: &mut Created,
) -> Result<Vec<Option<i64>>> {
    let (ctx, tx) = (import.ctx, import.tx);
    let mut ids = Vec::with_capacity(import.parsed.names.list.len());
    for (what, tenant, name) in &import.parsed.names.list {
        let tenant = match (what, import.tenant_of(*tenant)) {
            (What::Tenant, _) | (_, Err(_)) => {
                ids.push(None);
                continue;
            }
            (_, Ok(tenant)) => tenant,
        };
        let found = match what {
            What::Company => tx
                .companies_by_slug(Some(tenant.id), name)?
                .first()
                .map(|c| c.id),
            _ => tx
                .roles_by_name(Some(tenant.id), name)?
                .first()
                .map(|r| r.id),
        };
        let id = match (found, create) {
            (Some(id), _) => Some(id),
            (None, false) => None,
            (None, true) => {
                let (id, list) = if *what == What::Company {
                    let company = tx.insert_company(tenant.id, name, false, ctx.now())?;
                    (company.id, &mut created.companies)
                } else {
                    let role = tx.insert_role(tenant.id, name)?;
                    (role.id, &mut created.roles)
                };
                let details = json!({ "via": "user.import" });
                let action = format!("{}.create", what.noun());
                ctx.audit(
                    tx,
                    &NewEntry::new(&action, target(what.noun(), tenant, name), details),
                )?;
                list.push(format!("{}/{name}", tenant.name));
                Some(id)
            }
        };
        ids.push(id);
    }
    Ok(ids)
}
