//! `mfactl tenant …`: create, list, show, delete, set-auth (with its dry run).

use serde::Serialize;
use serde_json::json;

use crate::cli::tenant::{AuthSettingsArgs, TenantCommand, TenantCreateArgs, TenantSetAuthArgs};
use crate::commands::must_enrol::would_enrol;
use crate::commands::{AuthView, Why, tenant_named, when, yes_no};
use crate::core::audit::NewEntry;
use crate::core::duration;
use crate::core::model::Tenant;
use crate::core::settings::{AuthChange, AuthSettings, Method};
use crate::core::validate;
use crate::ctx::Ctx;
use crate::error::Result;
use crate::output::{self, List, Report};
use crate::prompt;
use crate::store::{Tx, UserFilter};

/// The warning shown wherever the email method is offered (SPEC §4).
pub const EMAIL_IS_WEAKER: &str =
    "the email method is the weaker factor: anyone who can read the member's mailbox passes it";

/// The warning shown while a tenant offers email and no mail server is set (issue 18,
/// finding 5): the outbox is the right default for test pipelines, not for people.
pub const EMAIL_TO_OUTBOX: &str = "no mail server is set: email codes are written to the outbox of the machine that runs `login`, where whoever signs in reads them, so the email method protects nothing; set one with `mfactl mail set --smtp-url smtp://USER@HOST:587 --from ADDRESS`";

pub fn run(ctx: &Ctx, command: TenantCommand) -> Result<Report> {
    match command {
        TenantCommand::Create(args) => create(ctx, &args),
        TenantCommand::List => list(ctx),
        TenantCommand::Show(args) => show(ctx, &args.name),
        TenantCommand::Delete(args) => delete(ctx, &args.name, args.yes.yes),
        TenantCommand::SetAuth(args) => set_auth(ctx, &args),
    }
}

#[derive(Debug, Serialize)]
struct TenantView {
    name: String,
    created_at: String,
    auth: AuthView,
    companies: i64,
    users: i64,
    roles: i64,
    groups: i64,
    /// Whether the tenant offers the email method while no mail server is set: its
    /// codes then go to the outbox of whoever runs `login`.
    email_to_outbox: bool,
    warnings: Vec<&'static str>,
}

impl TenantView {
    fn new(tx: &Tx<'_>, tenant: &Tenant) -> Result<Self> {
        let counts = tx.tenant_counts(tenant.id)?;
        let email_to_outbox = tenant.auth.offers_email() && tx.mail_server()?.is_none();
        let mut warnings = Vec::new();
        if tenant.auth.offers_email() {
            warnings.push(EMAIL_IS_WEAKER);
        }
        if email_to_outbox {
            warnings.push(EMAIL_TO_OUTBOX);
        }
        Ok(TenantView {
            name: tenant.name.clone(),
            created_at: when(tenant.created_at),
            auth: AuthView::new(tenant),
            companies: counts.companies,
            users: counts.users,
            roles: counts.roles,
            groups: counts.groups,
            email_to_outbox,
            warnings,
        })
    }

    fn text(&self) -> String {
        let auth = &self.auth;
        let mut text = output::fields(&[
            ("tenant", self.name.clone()),
            ("created", self.created_at.clone()),
            (
                "2FA",
                if auth.enabled {
                    "on".into()
                } else {
                    "off".into()
                },
            ),
            ("primary method", auth.primary.into()),
            ("secondary method", auth.secondary.into()),
            ("grace period", auth.grace_period.clone()),
            (
                "members may deactivate",
                yes_no(auth.members_may_deactivate).into(),
            ),
            (
                "remember device",
                if auth.remember_device_days == 0 {
                    "off".into()
                } else {
                    format!("{} days", auth.remember_device_days)
                },
            ),
            ("companies", self.companies.to_string()),
            ("users", self.users.to_string()),
            ("roles", self.roles.to_string()),
            ("groups", self.groups.to_string()),
        ]);
        for warning in &self.warnings {
            text.push_str(&format!("\nnote: {warning}"));
        }
        text
    }
}

/// Creates a tenant with the default settings, audited: `tenant create`, and `policy
/// apply` for a tenant the file names that the store does not have.
pub fn create_in(ctx: &Ctx, tx: &Tx<'_>, name: &str, why: Why<'_>) -> Result<Tenant> {
    validate::name("tenant", name)?;
    let tenant = tx.insert_tenant(name, ctx.now())?;
    ctx.audit(
        tx,
        &why.entry(NewEntry::new(
            "tenant.create",
            format!("tenant:{name}"),
            json!({}),
        )),
    )?;
    Ok(tenant)
}

/// Checks a new tenant's name and settings, needing no store: what `tenant create`
/// refuses is refused before a store is made. Returns the settings' change.
pub fn check_create(args: &TenantCreateArgs) -> Result<AuthChange> {
    validate::name("tenant", &args.name)?;
    let change = change_of(&args.settings, false)?;
    // A clash of methods, a grace period too long, …
    AuthSettings::default().apply(&change)?;
    Ok(change)
}

fn create(ctx: &Ctx, args: &TenantCreateArgs) -> Result<Report> {
    let name = args.name.as_str();
    let change = check_create(args)?;
    let view = ctx.store.write(|tx| {
        let tenant = create_in(ctx, tx, name, Why::default())?;
        let (tenant, _) = set_auth_in(ctx, tx, &tenant, &change, Why::default())?;
        TenantView::new(tx, &tenant)
    })?;
    warn_of_email(ctx, &change)?;
    let text = if view.auth.enabled {
        format!("Created tenant {name} with 2FA on:\n{}", view.text())
    } else {
        format!(
            "Created tenant {name} (2FA off; turn it on with `mfactl tenant set-auth {} --enable`).",
            output::quoted(name)
        )
    };
    Report::done(&view, text)
}

fn list(ctx: &Ctx) -> Result<Report> {
    let views = ctx.store.read(|tx| {
        tx.tenants()?
            .iter()
            .map(|t| TenantView::new(tx, t))
            .collect::<Result<Vec<_>>>()
    })?;
    let mut list = List::table(
        ctx.json,
        &[
            "TENANT",
            "2FA",
            "PRIMARY",
            "SECONDARY",
            "GRACE",
            "COMPANIES",
            "USERS",
        ],
        "No tenants yet. Create one with `mfactl tenant create NAME`.",
    )?;
    for v in &views {
        let more = list.push(v, || {
            vec![
                v.name.clone(),
                if v.auth.enabled {
                    "on".into()
                } else {
                    "off".into()
                },
                v.auth.primary.into(),
                v.auth.secondary.into(),
                v.auth.grace_period.clone(),
                v.companies.to_string(),
                v.users.to_string(),
            ]
        })?;
        if !more {
            break;
        }
    }
    list.finish()
}

fn show(ctx: &Ctx, name: &str) -> Result<Report> {
    let view = ctx
        .store
        .read(|tx| TenantView::new(tx, &tenant_named(tx, name)?))?;
    let text = view.text();
    Report::data(&view, text)
}

fn delete(ctx: &Ctx, name: &str, yes: bool) -> Result<Report> {
    let (tenant, counts) = ctx.store.read(|tx| {
        let tenant = tenant_named(tx, name)?;
        let counts = tx.tenant_counts(tenant.id)?;
        Ok((tenant, counts))
    })?;
    prompt::confirm(
        ctx.interactive,
        yes,
        &format!(
            "Delete tenant {name} with its {}, {}, {} and {}?",
            output::plural(counts.companies, "company"),
            output::plural(counts.users, "user"),
            output::plural(counts.roles, "role"),
            output::plural(counts.groups, "group")
        ),
    )?;
    ctx.store.write(|tx| {
        let tenant = tenant_named(tx, &tenant.name)?;
        let counts = tx.tenant_counts(tenant.id)?;
        tx.delete_tenant(tenant.id)?;
        let details = json!({
            "companies": counts.companies, "users": counts.users, "roles": counts.roles, "groups": counts.groups
        });
        ctx.audit(tx, &NewEntry::new("tenant.delete", format!("tenant:{}", tenant.name), details))
    })?;
    Report::done(
        &json!({ "deleted": tenant.name, "companies": counts.companies, "users": counts.users }),
        format!(
            "Deleted tenant {} and its {}.",
            tenant.name,
            output::plural(counts.users, "user")
        ),
    )
}

/// The change the settings flags ask for (`disable`: `set-auth --disable`).
fn change_of(args: &AuthSettingsArgs, disable: bool) -> Result<AuthChange> {
    let method = |m: &str| Method::parse(m);
    Ok(AuthChange {
        enabled: if args.enable {
            Some(true)
        } else if disable {
            Some(false)
        } else {
            None
        },
        primary: args.primary.as_deref().and_then(method),
        secondary: args.secondary.as_deref().map(method),
        grace_period_secs: args
            .grace_period
            .as_deref()
            .map(duration::parse)
            .transpose()?,
        members_may_deactivate: args.members_may_deactivate,
        remember_device_days: args.remember_device_days,
    })
}

/// What `set-auth` reports: the tenant with its (resulting) settings.
#[derive(Debug, Serialize)]
struct SetAuthView {
    #[serde(flatten)]
    tenant: TenantView,
    dry_run: bool,
    /// Whether anything was changed: never on a dry run.
    changed: bool,
    /// On a dry run: whether the real command would change anything.
    #[serde(skip_serializing_if = "Option::is_none")]
    would_change: Option<bool>,
}

/// Lists the local users whom the policy would make enrol under the settings the
/// change results in; writes nothing and records no audit entry.
fn set_auth_dry_run(ctx: &Ctx, args: &TenantSetAuthArgs, change: &AuthChange) -> Result<Report> {
    ctx.store.read(|tx| {
        let tenant = tenant_named(tx, &args.name)?;
        let after = tenant.auth.apply(change)?;
        let changed = after != tenant.auth;
        let resulting = Tenant {
            auth: after.clone(),
            ..tenant.clone()
        };
        let view = SetAuthView {
            tenant: TenantView::new(tx, &resulting)?,
            dry_run: true,
            changed: false,
            would_change: Some(changed),
        };
        let settings = format!(
            "Dry run: nothing was changed. Tenant {} would have these settings:\n{}",
            tenant.name,
            view.tenant.text()
        );
        let head =
            format!("{settings}\nThese local users would have to enrol at their next sign-in:");
        let empty = format!("{settings}\nNo local user would have to enrol.");
        let mut list = List::within(ctx.json, &view, "must_enrol", &head, &empty)?;
        let wanted = UserFilter {
            tenant_id: Some(tenant.id),
            enrolled: Some(false),
            ..UserFilter::default()
        };
        let now = ctx.now();
        tx.each_user(&wanted, &mut |row| {
            let must = would_enrol(row, now, |facts| facts.tenant = after.clone());
            match must {
                Some(user) => list.push(&user, || vec![user.line()]),
                None => Ok(true),
            }
        })?;
        list.finish()
    })
}

/// The warnings of a change that chooses email: it is the weaker factor, and without a
/// mail server it protects nothing.
fn warn_of_email(ctx: &Ctx, change: &AuthChange) -> Result<()> {
    if change.primary == Some(Method::Email) {
        output::warn(EMAIL_IS_WEAKER);
    }
    let chooses_email =
        change.primary == Some(Method::Email) || change.secondary == Some(Some(Method::Email));
    if chooses_email && ctx.store.read(|tx| tx.mail_server())?.is_none() {
        output::warn(EMAIL_TO_OUTBOX);
    }
    Ok(())
}

/// Changes a tenant's settings, audited with the settings before and after: `tenant
/// set-auth`, and `policy apply`. A shorter remember-device lifetime revokes the devices
/// it makes too old (all of them when remembering is turned off), so that a longer one
/// later revives nothing. Returns the tenant as it is now, and whether anything changed
/// (nothing is written or audited when nothing does).
pub fn set_auth_in(
    ctx: &Ctx,
    tx: &Tx<'_>,
    tenant: &Tenant,
    change: &AuthChange,
    why: Why<'_>,
) -> Result<(Tenant, bool)> {
    let next = tenant.auth.apply(change)?;
    if next == tenant.auth {
        return Ok((tenant.clone(), false));
    }
    tx.update_tenant_auth(tenant.id, &next)?;
    let now = ctx.now();
    let devices_revoked = if next.remember_device_days < tenant.auth.remember_device_days {
        let issued_by = match next.remember_device_days {
            0 => i64::MAX,
            days => now - i64::from(days) * 86_400,
        };
        tx.delete_tenant_devices(tenant.id, issued_by)?
    } else {
        0
    };
    let updated = Tenant {
        auth: next,
        ..tenant.clone()
    };
    let details = json!({
        "before": AuthView::new(tenant),
        "after": AuthView::new(&updated),
        "devices_revoked": devices_revoked,
    });
    ctx.audit(
        tx,
        &why.entry(NewEntry::new(
            "tenant.set_auth",
            format!("tenant:{}", updated.name),
            details,
        )),
    )?;
    Ok((updated, true))
}

fn set_auth(ctx: &Ctx, args: &TenantSetAuthArgs) -> Result<Report> {
    let change = change_of(&args.settings, args.disable)?;
    let before = ctx.store.read(|tx| tenant_named(tx, &args.name))?;
    let after = before.auth.apply(&change)?;
    if args.dry_run {
        warn_of_email(ctx, &change)?;
        return set_auth_dry_run(ctx, args, &change);
    }
    if after.turns_off(&before.auth) {
        prompt::confirm(
            ctx.interactive,
            args.yes.yes,
            &format!("Turn 2FA off for every member of tenant {}?", before.name),
        )?;
    }
    warn_of_email(ctx, &change)?;
    let (view, changed) = ctx.store.write(|tx| {
        let tenant = tenant_named(tx, &args.name)?;
        let (updated, changed) = set_auth_in(ctx, tx, &tenant, &change, Why::default())?;
        Ok((TenantView::new(tx, &updated)?, changed))
    })?;
    let headline = if changed {
        format!(
            "Updated the authentication settings of tenant {}:",
            view.name
        )
    } else {
        format!(
            "No change to the authentication settings of tenant {}:",
            view.name
        )
    };
    let text = format!("{headline}\n{}", view.text());
    let view = SetAuthView {
        tenant: view,
        dry_run: false,
        changed,
        would_change: None,
    };
    // The settings are the command's answer, but a confirmation all the same: -q hushes it.
    Report::done(&view, text)
}
