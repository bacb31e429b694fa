//! `mfactl company …`: create, list, show, delete, enforce-mfa.

use serde::Serialize;
use serde_json::json;

use crate::cli::company::{CompanyCommand, CompanyEnforceMfaArgs};
use crate::commands::lifted::{Lifted, local_emails, with_lifted};
use crate::commands::must_enrol::{MustEnrol, would_enrol};
use crate::commands::{CompanyView, Why, resolve_company, resolve_tenant, target, yes_no};
use crate::core::audit::NewEntry;
use crate::core::model::{Company, Tenant};
use crate::core::validate;
use crate::ctx::Ctx;
use crate::error::Result;
use crate::output::{self, List, Report};
use crate::prompt;
use crate::store::Tx;
use crate::store::UserFilter;

pub fn run(ctx: &Ctx, command: CompanyCommand) -> Result<Report> {
    match command {
        CompanyCommand::Create(args) => create(
            ctx,
            args.tenant.tenant.as_deref(),
            &args.slug,
            args.enforce_mfa,
        ),
        CompanyCommand::List(args) => list(ctx, args.tenant.tenant.as_deref()),
        CompanyCommand::Show(args) => show(ctx, args.tenant.tenant.as_deref(), &args.slug),
        CompanyCommand::Delete(args) => {
            delete(ctx, args.tenant.tenant.as_deref(), &args.slug, args.yes.yes)
        }
        CompanyCommand::EnforceMfa(args) => enforce_mfa(ctx, &args),
    }
}

fn company_text(view: &CompanyView) -> String {
    output::fields(&[
        ("company", view.slug.clone()),
        ("tenant", view.tenant.clone()),
        ("MFA enforced", yes_no(view.enforce_mfa).into()),
        ("users", view.users.to_string()),
        ("created", view.created_at.clone()),
    ])
}

/// Creates a company, audited: `company create`, and `policy apply`.
pub fn create_in(
    ctx: &Ctx,
    tx: &Tx<'_>,
    tenant: &Tenant,
    slug: &str,
    enforce: bool,
    why: Why<'_>,
) -> Result<Company> {
    validate::name("company", slug)?;
    let company = tx.insert_company(tenant.id, slug, enforce, ctx.now())?;
    let entry = NewEntry::new(
        "company.create",
        target("company", tenant, slug),
        json!({ "enforce_mfa": enforce }),
    );
    ctx.audit(tx, &why.entry(entry))?;
    Ok(company)
}

/// Deletes a company and its users, audited: `company delete` (which asks first), and
/// `policy apply --prune`, which never gets here for a company that has users.
/// Returns how many users went with it.
pub fn delete_in(
    ctx: &Ctx,
    tx: &Tx<'_>,
    tenant: &Tenant,
    company: &Company,
    why: Why<'_>,
) -> Result<i64> {
    let users = tx.company_user_count(company.id)?;
    tx.delete_company(company.id)?;
    ctx.audit(
        tx,
        &why.entry(NewEntry::new(
            "company.delete",
            target("company", tenant, &company.slug),
            json!({ "users": users }),
        )),
    )?;
    Ok(users)
}

/// Enforces MFA for a company or lifts it, audited when it changes: `company
/// enforce-mfa`, and `policy apply`. Returns whether it changed.
pub fn enforce_mfa_in(
    ctx: &Ctx,
    tx: &Tx<'_>,
    tenant: &Tenant,
    company: &Company,
    enforce: bool,
    why: Why<'_>,
) -> Result<bool> {
    if company.enforce_mfa == enforce {
        return Ok(false);
    }
    tx.set_company_enforce_mfa(company.id, enforce)?;
    let entry = NewEntry::new(
        "company.enforce_mfa",
        target("company", tenant, &company.slug),
        json!({ "enforce_mfa": enforce }),
    );
    ctx.audit(tx, &why.entry(entry))?;
    Ok(true)
}

fn create(ctx: &Ctx, tenant: Option<&str>, slug: &str, enforce: bool) -> Result<Report> {
    validate::name("company", slug)?;
    let view = ctx.store.write(|tx| {
        let tenant = resolve_tenant(tx, tenant)?;
        let company = create_in(ctx, tx, &tenant, slug, enforce, Why::default())?;
        CompanyView::new(tx, &tenant, &company)
    })?;
    let enforced = if enforce {
        " with MFA enforced for its local users"
    } else {
        ""
    };
    Report::done(
        &view,
        format!(
            "Created company {slug} in tenant {}{enforced}.",
            view.tenant
        ),
    )
}

fn list(ctx: &Ctx, tenant: Option<&str>) -> Result<Report> {
    let views = ctx.store.read(|tx| {
        let tenant_id = tenant
            .map(|name| crate::commands::tenant_named(tx, name))
            .transpose()?
            .map(|t| t.id);
        tx.companies(tenant_id)?
            .iter()
            .map(|c| CompanyView::new(tx, &tx.tenant_by_id(c.tenant_id)?, c))
            .collect::<Result<Vec<_>>>()
    })?;
    let mut list = List::table(
        ctx.json,
        &["COMPANY", "TENANT", "MFA ENFORCED", "USERS"],
        "No companies yet. Create one with `mfactl company create SLUG`.",
    )?;
    for v in &views {
        let more = list.push(v, || {
            vec![
                v.slug.clone(),
                v.tenant.clone(),
                yes_no(v.enforce_mfa).into(),
                v.users.to_string(),
            ]
        })?;
        if !more {
            break;
        }
    }
    list.finish()
}

fn show(ctx: &Ctx, tenant: Option<&str>, slug: &str) -> Result<Report> {
    let view = ctx.store.read(|tx| {
        let (tenant, company) = resolve_company(tx, tenant, slug)?;
        CompanyView::new(tx, &tenant, &company)
    })?;
    let text = company_text(&view);
    Report::data(&view, text)
}

fn delete(ctx: &Ctx, tenant: Option<&str>, slug: &str, yes: bool) -> Result<Report> {
    let (tenant, company, users) = ctx.store.read(|tx| {
        let (tenant, company) = resolve_company(tx, tenant, slug)?;
        let users = tx.company_user_count(company.id)?;
        Ok((tenant, company, users))
    })?;
    prompt::confirm(
        ctx.interactive,
        yes,
        &format!(
            "Delete company {} of tenant {} and its {}?",
            company.slug,
            tenant.name,
            output::plural(users, "user")
        ),
    )?;
    ctx.store.write(|tx| {
        let (tenant, company) = resolve_company(tx, Some(&tenant.name), &company.slug)?;
        delete_in(ctx, tx, &tenant, &company, Why::default()).map(|_| ())
    })?;
    Report::done(
        &json!({ "deleted": company.slug, "tenant": tenant.name, "users": users }),
        format!(
            "Deleted company {} of tenant {} and its {}.",
            company.slug,
            tenant.name,
            output::plural(users, "user")
        ),
    )
}

/// Hands each user of the company whom the policy makes enrol once MFA is enforced to
/// `each` (false: stop): local users who are not enrolled and have no email code to pass
/// instead. The decision is `core::policy`'s.
fn each_must_enrol(
    tx: &Tx<'_>,
    company: &Company,
    now: i64,
    mut each: impl FnMut(MustEnrol) -> Result<bool>,
) -> Result<()> {
    let wanted = UserFilter {
        company_id: Some(company.id),
        enrolled: Some(false),
        ..UserFilter::default()
    };
    tx.each_user(&wanted, &mut |row| {
        let must = would_enrol(row, now, |facts| {
            facts.company = Some((company.slug.clone(), true));
        });
        match must {
            Some(user) => each(user),
            None => Ok(true),
        }
    })
}

/// What `enforce-mfa` reports before the list of who must enrol.
#[derive(Debug, Serialize)]
struct EnforceView {
    #[serde(flatten)]
    company: CompanyView,
    dry_run: bool,
    /// Whether anything was changed: never on a dry run.
    changed: bool,
    /// On a dry run: whether the real command would change the setting.
    #[serde(skip_serializing_if = "Option::is_none")]
    would_change: Option<bool>,
}

fn enforce_mfa(ctx: &Ctx, args: &CompanyEnforceMfaArgs) -> Result<Report> {
    let enforce = !args.off;
    let tenant_arg = args.tenant.tenant.as_deref();
    let (tenant, company) = ctx
        .store
        .read(|tx| resolve_company(tx, tenant_arg, &args.slug))?;
    if args.dry_run {
        return ctx.store.read(|tx| {
            let mut company_view = CompanyView::new(tx, &tenant, &company)?;
            company_view.enforce_mfa = enforce;
            let view = EnforceView {
                company: company_view,
                dry_run: true,
                changed: false,
                would_change: Some(company.enforce_mfa != enforce),
            };
            let slug = &company.slug;
            let (head, empty) = if enforce {
                (
                    format!("Dry run: enforcing MFA for company {slug} would require these local users to enrol:"),
                    format!("Dry run: enforcing MFA for company {slug} would require no local user to enrol."),
                )
            } else {
                let lifted = format!(
                    "Dry run: lifting MFA enforcement for company {slug} would let its local users sign in without 2FA unless another source requires it."
                );
                (lifted.clone(), lifted)
            };
            let mut list = List::within(ctx.json, &view, "must_enrol", &head, &empty)?;
            if enforce {
                each_must_enrol(tx, &company, ctx.now(), |user| {
                    list.push(&user, || vec![user.line()])
                })?;
            }
            list.finish()
        });
    }
    if !enforce && company.enforce_mfa {
        let lifting = ctx
            .store
            .read(|tx| lifted_by(tx, &tenant, &company, enforce))?;
        prompt::confirm(
            ctx.interactive,
            args.yes.yes,
            &Lifted::question(
                &format!(
                    "Lift MFA enforcement for company {} of tenant {}?",
                    company.slug, tenant.name
                ),
                &lifting,
            ),
        )?;
    }
    let (tenant, company, changed, lifted) = ctx.store.write(|tx| {
        let (tenant, company) = resolve_company(tx, Some(&tenant.name), &company.slug)?;
        let lifted = lifted_by(tx, &tenant, &company, enforce)?;
        let changed = enforce_mfa_in(ctx, tx, &tenant, &company, enforce, Why::default())?;
        let company = Company {
            enforce_mfa: enforce,
            ..company
        };
        Ok((tenant, company, changed, lifted))
    })?;
    // Who must enrol is read after the change commits: a slow reader of the list must
    // not hold the store's write lock.
    ctx.store.read(|tx| {
        let view = EnforceView {
            company: CompanyView::new(tx, &tenant, &company)?,
            dry_run: false,
            changed,
            would_change: None,
        };
        let view = with_lifted(output::to_json(&view)?, &lifted);
        if ctx.json {
            let mut list = List::within(true, &view, "must_enrol", "", "")?;
            if enforce {
                each_must_enrol(tx, &company, ctx.now(), |user| list.push(&user, Vec::new))?;
            }
            return list.finish();
        }
        let mut must = 0;
        if enforce {
            each_must_enrol(tx, &company, ctx.now(), |_| {
                must += 1;
                Ok(true)
            })?;
        }
        let slug = &company.slug;
        let text = match (enforce, changed) {
            (true, true) => format!(
                "MFA is now enforced for the local users of company {slug}; {must} must enrol at their next sign-in."
            ),
            (true, false) => format!("MFA was already enforced for company {slug}."),
            (false, true) => format!(
                "MFA enforcement lifted for company {slug}.{}",
                Lifted::text(&lifted)
            ),
            (false, false) => format!("MFA was not enforced for company {slug}."),
        };
        Report::done(&view, text)
    })
}

/// Who would no longer need 2FA from the company if its enforcement were lifted
/// (`enforce` false): its local users; nothing otherwise.
fn lifted_by(
    tx: &Tx<'_>,
    tenant: &Tenant,
    company: &Company,
    enforce: bool,
) -> Result<Vec<Lifted>> {
    if enforce || !company.enforce_mfa {
        return Ok(Vec::new());
    }
    let wanted = UserFilter {
        tenant_id: Some(tenant.id),
        company_id: Some(company.id),
        ..UserFilter::default()
    };
    Ok(
        Lifted::of_company(&company.slug, local_emails(tx, &wanted)?)
            .into_iter()
            .collect(),
    )
}
