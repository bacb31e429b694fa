//! `mfactl user …`: add, list, show, set-password here; enrolment and recovery codes in
//! `mfa.rs`, turning 2FA off in `deactivate.rs`, support's reset in `reset.rs`, other
//! support tools in `support.rs`, temporary access passes in `pass.rs`, bulk adds in
//! `import/`, the CSV out in `export.rs`, deleting in `delete.rs`;
//! what a user looks like to scripts in `view.rs`.

mod deactivate;
mod delete;
mod export;
mod import;
mod mfa;
mod pass;
mod reset;
mod support;
mod view;

pub use view::UserView;

use serde::Serialize;
use serde_json::json;

use crate::cli::user::{UserAddArgs, UserCommand, UserListArgs, UserSetPasswordArgs};
use crate::commands::{resolve, resolve_company, resolve_tenant, resolve_user, target};
use crate::core::audit::NewEntry;
use crate::core::model::UserKind;
use crate::core::validate;
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::output::{self, List, Report};
use crate::prompt;
use crate::secrets::{self, Secret};
use crate::store::{NewUser, UserFilter};

pub fn run(ctx: &Ctx, command: UserCommand) -> Result<Report> {
    match command {
        UserCommand::Add(args) => add(ctx, &args),
        UserCommand::List(args) => list(ctx, &args),
        UserCommand::Show(args) => show(ctx, args.tenant.tenant.as_deref(), &args.email),
        UserCommand::Import(args) => import::import(ctx, &args),
        UserCommand::Export(args) => export::export(ctx, &args),
        UserCommand::SetPassword(args) => set_password(ctx, &args),
        UserCommand::Activate2fa(args) => mfa::activate(ctx, &args),
        UserCommand::Deactivate2fa(args) => deactivate::deactivate(ctx, &args),
        UserCommand::ResetMfa(args) => reset::reset(ctx, &args),
        UserCommand::AccessPass(args) => pass::issue_command(ctx, &args),
        UserCommand::RecoveryCodes(args) => mfa::recovery_codes(ctx, &args),
        UserCommand::Unlock(args) => support::unlock(ctx, &args),
        UserCommand::Devices(args) => support::devices(ctx, &args),
        UserCommand::Delete(args) => delete::delete(ctx, &args),
    }
}

/// Reads a new password: from stdin, or twice from the terminal. On a terminal a
/// password that is too short (or otherwise refused) and a pair that did not match are
/// asked again, saying why, up to `prompt::TRIES` times; then exit 2.
fn new_password(ctx: &Ctx, from_stdin: bool, required: bool) -> Result<Option<Secret>> {
    if from_stdin {
        let password = prompt::password_from_stdin()?;
        validate::password(password.expose())?;
        return Ok(Some(password));
    }
    if !ctx.interactive {
        if required {
            return Err(Error::input_required(
                "--password-stdin",
                "a new password is required",
            ));
        }
        return Ok(None);
    }
    let question = if required {
        "New password"
    } else {
        "Password (empty: set it later)"
    };
    let mut refused = None;
    for round in 1..=prompt::TRIES {
        let again = if round < prompt::TRIES {
            "; type it again"
        } else {
            ""
        };
        let first = prompt::password_or_empty(true, question, "--password-stdin")?;
        if first.expose().is_empty() && !required {
            return Ok(None);
        }
        if let Err(error) = validate::password(first.expose()) {
            output::tell(&format!("{}{again}", error.message));
            refused = Some(error);
            continue;
        }
        let repeated = prompt::password_or_empty(true, "Repeat the password", "--password-stdin")?;
        if !crate::core::codes::constant_time_eq(
            first.expose().as_bytes(),
            repeated.expose().as_bytes(),
        ) {
            output::tell(&format!("the two passwords did not match{again}"));
            refused = Some(Error::usage("the two passwords did not match"));
            continue;
        }
        return Ok(Some(first));
    }
    let last = refused.map_or_else(String::new, |e| format!(" (the last: {})", e.message));
    Err(Error::usage(format!(
        "no password was set after {} tries{last}; nothing was changed",
        prompt::TRIES
    ))
    .with_hint(format!(
        "a password has at least {} characters; or pass --password-stdin",
        validate::PASSWORD_MIN
    )))
}

#[derive(Debug, Serialize)]
struct AddedView {
    #[serde(flatten)]
    user: UserView,
    #[serde(skip_serializing_if = "Option::is_none")]
    password: Option<String>,
}

fn add(ctx: &Ctx, args: &UserAddArgs) -> Result<Report> {
    let email = validate::email(&args.email)?;
    let tenant_arg = args.tenant.tenant.as_deref();
    let (tenant, company) = ctx.store.read(|tx| match &args.company {
        // A company found in exactly one tenant names that tenant, as every name does.
        Some(slug) => {
            let (tenant, company) = resolve_company(tx, tenant_arg, slug)?;
            Ok((tenant, Some(company)))
        }
        None => Ok((resolve_tenant(tx, tenant_arg)?, None)),
    })?;
    let kind = if args.sso {
        UserKind::Sso
    } else {
        UserKind::Local
    };
    let generated = if args.generate_password {
        Some(secrets::generate_password()?)
    } else {
        None
    };
    let password = match (&generated, kind) {
        (Some(generated), _) => Some(generated.clone()),
        (None, UserKind::Local) => new_password(ctx, args.password_stdin, false)?,
        (None, UserKind::Sso) => None,
    };
    let hash = password
        .as_ref()
        .map(|p| secrets::hash_password(p.expose()))
        .transpose()?;
    let view = ctx.store.write(|tx| {
        let user = tx.insert_user(
            &NewUser {
                tenant_id: tenant.id,
                company_id: company.as_ref().map(|c| c.id),
                email: &email,
                kind,
                password_hash: hash.as_deref(),
            },
            ctx.now(),
        )?;
        let details = json!({
            "kind": kind.as_str(),
            "company": company.as_ref().map(|c| c.slug.clone()),
            "password_set": hash.is_some(),
        });
        ctx.audit(
            tx,
            &NewEntry::new("user.add", target("user", &tenant, &email), details),
        )?;
        UserView::read(tx, user.id, ctx.now())
    })?;
    let mut text = format!(
        "Added {} user {email} to tenant {}",
        kind.as_str(),
        tenant.name
    );
    if let Some(company) = &company {
        text.push_str(&format!(" (company {})", company.slug));
    }
    text.push('.');
    if kind == UserKind::Local && hash.is_none() {
        text.push_str(&format!(
            "\nNo password yet: set one with `mfactl user set-password {}`.",
            output::quoted(&email)
        ));
    }
    let password = generated.map(|g| g.expose().to_owned());
    if let Some(password) = &password {
        // Shown once, and printed even with -q: it cannot be recovered later.
        let report = Report::data(
            &AddedView {
                user: view,
                password: Some(password.clone()),
            },
            format!("{text}\nGenerated password (shown once): {password}"),
        )?;
        return Ok(report);
    }
    Report::done(
        &AddedView {
            user: view,
            password: None,
        },
        text,
    )
}

fn list(ctx: &Ctx, args: &UserListArgs) -> Result<Report> {
    let tenant_arg = args.tenant.tenant.as_deref();
    let mfa = args.mfa.as_deref();
    ctx.store.read(|tx| {
        let mut filter = UserFilter {
            tenant_id: tenant_arg
                .map(|t| crate::commands::tenant_named(tx, t))
                .transpose()?
                .map(|t| t.id),
            matching: args.matching.clone(),
            ..UserFilter::default()
        };
        if let Some(slug) = &args.company {
            let (tenant, company) = resolve_company(tx, tenant_arg, slug)?;
            filter.tenant_id = Some(tenant.id);
            filter.company_id = Some(company.id);
        }
        if let Some(role) = &args.role {
            validate::name("role", role)?;
            let known = filter
                .tenant_id
                .map(|id| tx.tenant_by_id(id))
                .transpose()?
                .map(|t| t.name);
            let tenant = known.as_deref().or(tenant_arg);
            let (tenant, role) = resolve(
                tx,
                tenant,
                "role",
                role,
                |tx, t| tx.roles_by_name(t, role),
                |r| r.tenant_id,
            )?;
            filter.tenant_id = Some(tenant.id);
            filter.role_id = Some(role.id);
        }
        let now = ctx.now();
        // SQL narrows by factor state; whether 2FA is missing is the policy's call.
        match mfa {
            Some("enrolled") => filter.enrolled = Some(true),
            Some("missing") => {
                filter.enrolled = Some(false);
                filter.may_be_required = true;
            }
            Some("locked") => filter.locked_at = Some(now),
            _ => {}
        }
        let mut list = List::table(
            ctx.json,
            &["EMAIL", "TENANT", "COMPANY", "KIND", "2FA", "ROLES"],
            "No users match.",
        )?;
        tx.each_user(&filter, &mut |row| {
            let view = UserView::from_row(row, now);
            if mfa == Some("missing") && !view.missing() {
                return Ok(true);
            }
            list.push(&view, || {
                vec![
                    view.email.clone(),
                    view.tenant.clone(),
                    view.company.clone().unwrap_or_else(|| "-".into()),
                    view.kind.into(),
                    view.status(),
                    view.role_names(),
                ]
            })
        })?;
        list.finish()
    })
}

fn show(ctx: &Ctx, tenant: Option<&str>, email: &str) -> Result<Report> {
    let view = ctx.store.read(|tx| {
        let (_, user) = resolve_user(tx, tenant, email)?;
        UserView::read(tx, user.id, ctx.now())
    })?;
    let text = view.text();
    Report::data(&view, text)
}

fn set_password(ctx: &Ctx, args: &UserSetPasswordArgs) -> Result<Report> {
    let tenant_arg = args.tenant.tenant.as_deref();
    let (tenant, user) = ctx
        .store
        .read(|tx| resolve_user(tx, tenant_arg, &args.email))?;
    if user.kind == UserKind::Sso {
        return Err(Error::policy(format!(
            "{} signs in through SSO and has no password here",
            user.email
        ))
        .with_hint("change the password with the identity provider"));
    }
    let Some(password) = new_password(ctx, args.password_stdin, true)? else {
        return Err(Error::input_required(
            "--password-stdin",
            "a new password is required",
        ));
    };
    let hash = secrets::hash_password(password.expose())?;
    let revoked = ctx.store.write(|tx| {
        let (tenant, user) = resolve_user(tx, Some(&tenant.name), &user.email)?;
        let revoked = tx.set_password(user.id, &hash, ctx.now())?;
        // SPEC §4: a new password revokes the user's access pass.
        let pass_revoked = tx.delete_access_pass(user.id)?;
        let dropped = tx.drop_proved_pending(user.id)?;
        let entry = NewEntry::new(
            "user.set_password",
            target("user", &tenant, &user.email),
            json!({
                "devices_revoked": revoked,
                "access_pass_revoked": pass_revoked,
                "dropped_proved_enrolment": dropped,
            }),
        );
        ctx.audit(tx, &entry)?;
        Ok(revoked)
    })?;
    Report::done(
        &json!({ "email": user.email, "tenant": tenant.name, "devices_revoked": revoked }),
        format!(
            "Changed the password of {}; {revoked} remembered devices revoked.",
            user.email
        ),
    )
}
