//! The PostgreSQL store's transactions against the SQLite store's, trait call for trait
//! call: each test runs one script of calls (a table family) on a fresh SQLite store and
//! on a fresh PostgreSQL database and compares everything it observed: values, order,
//! case-insensitive lookups, conflicts and their messages. Plus what only a server
//! shows: listings longer than a cursor's batch, rollbacks, and writers racing.
//! The store is not behind `--store` yet, so these call the library; each needs
//! `MFACTL_TEST_PG_URL` (`scripts/test` sets it).

use std::fmt::Debug;

use mfactl::core::audit::{ChainKey, NewEntry};
use mfactl::core::email::Purpose;
use mfactl::core::model::UserKind;
use mfactl::core::settings::{AuthSettings, Method};
use mfactl::core::totp::{Algorithm, Params};
use mfactl::error::Result;
use mfactl::store::postgres::{PgEnv, PostgresStore, Target};
use mfactl::store::{
    AuditFilter, AuditStore, CompanyStore, FactorStore, GroupStore, ImportRow, ImportedTotp,
    MailServerRow, MailStore, MetaStore, NameKind, NewUser, PolicyStore, RoleStore, Store,
    TenantStore, Tx, UserFilter, UserStore,
};

use crate::support::PgDatabase;

/// A fresh PostgreSQL store on the test server.
fn pg_store(db: &PgDatabase) -> PostgresStore {
    let env = PgEnv {
        user: "nobody-here".to_owned(),
        ..PgEnv::default()
    };
    PostgresStore::open(Target::parse(&db.url, &env).unwrap(), true).unwrap()
}

/// A fresh SQLite store in `dir`.
fn sqlite_store(dir: &tempfile::TempDir) -> Store {
    let path = dir.path().join("store.db");
    std::fs::File::create(&path).unwrap();
    Store::open(&path, false, false).unwrap()
}

/// What a call gave, as text: the value, or the error's exit code, message and hint.
/// Environment errors name the backend (its file or server), so only their code counts.
fn seen<T: Debug>(result: Result<T>) -> String {
    match result {
        Ok(value) => format!("{value:?}"),
        Err(e) if e.exit_code() == 1 => "error 1".to_owned(),
        Err(e) => format!("error {}: {} | {:?}", e.exit_code(), e.message, e.hint),
    }
}

/// Runs a script of trait calls in a write transaction on both stores (`lite` on
/// SQLite, `pg` on PostgreSQL: the same generic script) and asserts they saw the same,
/// line by line (the first difference is named).
fn same_on_both(
    lite: impl FnOnce(&Tx<'_>) -> Vec<String>,
    pg: impl FnOnce(&Tx<'_>) -> Vec<String>,
) {
    let dir = tempfile::tempdir().unwrap();
    let lite = sqlite_store(&dir).write(|tx| Ok(lite(tx))).unwrap();
    let db = PgDatabase::new();
    let pg = pg_store(&db).write(|tx| Ok(pg(tx))).unwrap();
    for (line, (l, p)) in lite.iter().zip(&pg).enumerate() {
        assert_eq!(
            l, p,
            "line {line}: SQLite saw the left, PostgreSQL the right"
        );
    }
    assert_eq!(lite.len(), pg.len());
    assert!(lite.len() > 5, "the script observed too little");
}

fn every_user<T: UserStore + ?Sized>(tx: &T, wanted: &UserFilter) -> String {
    let mut rows = Vec::new();
    let listed = tx.each_user(wanted, &mut |row| {
        let mut devices: Vec<_> = row
            .devices
            .iter()
            .map(|d| (d.issued_at, d.credential_epoch))
            .collect();
        devices.sort_unstable();
        rows.push(format!(
            "{:?} {} {:?} {:?} {:?} {:?} {} {devices:?}",
            row.user,
            row.tenant.name,
            row.company,
            row.roles
                .iter()
                .map(|r| (&r.name, r.requires_2fa, &r.via_group))
                .collect::<Vec<_>>(),
            row.groups,
            row.pending_started_at,
            row.recovery_codes_left,
        ));
        Ok(true)
    });
    format!("{} {rows:?}", seen(listed))
}

#[test]
fn tenants_companies_and_meta_behave_as_on_sqlite() {
    same_on_both(|tx| tenants_script(tx), |tx| tenants_script(tx));
}

fn tenants_script<T: MetaStore + TenantStore + CompanyStore + ?Sized>(tx: &T) -> Vec<String> {
    let mut seen_lines = vec![
        seen(tx.key_record().map(|k| (k.check, k.store_id, k.has_data))),
        seen(tx.set_meta("colour", "blue")),
        seen(tx.set_meta("colour", "green")),
        seen(tx.meta("colour")),
        seen(tx.meta("nothing")),
        seen(tx.set_key_check("check-1", "store-1")),
    ];
    for name in ["Acme", "beta", "Zulu", "Ärzte", "ärzte", "zeta"] {
        seen_lines.push(seen(tx.insert_tenant(name, 100)));
    }
    seen_lines.push(seen(tx.insert_tenant("ACME", 101)));
    seen_lines.push(seen(tx.insert_tenant("Beta", 101)));
    let acme = tx.tenant_by_name("aCmE").unwrap().unwrap();
    for name in ["ÄRZTE", "ärZTE", "arzte", "nobody"] {
        seen_lines.push(seen(tx.tenant_by_name(name)));
    }
    seen_lines.push(seen(tx.tenants()));
    let auth = AuthSettings {
        enabled: true,
        primary: Method::Email,
        secondary: Some(Method::Totp),
        grace_period_secs: 3600,
        members_may_deactivate: false,
        remember_device_days: 7,
    };
    seen_lines.push(seen(tx.update_tenant_auth(acme.id, &auth)));
    seen_lines.push(seen(tx.tenant_by_id(acme.id)));
    seen_lines.push(seen(tx.tenant_by_id(999)));
    seen_lines.push(seen(
        tx.key_record().map(|k| (k.check, k.store_id, k.has_data)),
    ));
    for slug in ["Sales", "support", "Ops"] {
        seen_lines.push(seen(tx.insert_company(acme.id, slug, slug == "Ops", 200)));
    }
    let beta = tx.tenant_by_name("beta").unwrap().unwrap();
    seen_lines.push(seen(tx.insert_company(beta.id, "sales", false, 200)));
    seen_lines.push(seen(tx.insert_company(acme.id, "SALES", false, 201)));
    seen_lines.push(seen(tx.companies_by_slug(None, "SALES")));
    seen_lines.push(seen(tx.companies_by_slug(Some(beta.id), "Sales")));
    seen_lines.push(seen(tx.companies(Some(acme.id))));
    seen_lines.push(seen(tx.companies(None)));
    let sales = tx.companies_by_slug(Some(acme.id), "sales").unwrap()[0].clone();
    seen_lines.push(seen(tx.set_company_enforce_mfa(sales.id, true)));
    seen_lines.push(seen(tx.company_by_id(sales.id)));
    seen_lines.push(seen(tx.company_user_count(sales.id)));
    seen_lines.push(seen(tx.tenant_counts(acme.id)));
    for (kind, tenant, prefix) in [
        (NameKind::Tenant, None, ""),
        (NameKind::Tenant, None, "A"),
        (NameKind::Tenant, None, "ä"),
        (NameKind::Tenant, Some(acme.id), "Z"),
        (NameKind::Company, None, "s"),
        (NameKind::Company, None, "S"),
        (NameKind::Company, Some(acme.id), ""),
        (NameKind::Company, Some(beta.id), "sa"),
    ] {
        seen_lines.push(seen(tx.names_starting(kind, tenant, prefix, 10)));
    }
    seen_lines.push(seen(tx.names_starting(NameKind::Tenant, None, "", 2)));
    seen_lines.push(seen(tx.names_near("company", Some(acme.id), "sals")));
    seen_lines.push(seen(tx.store_counts().map(|c| {
        (
            c.tenants,
            c.companies,
            c.users,
            c.roles,
            c.groups,
            c.audit_entries,
        )
    })));
    seen_lines.push(seen(tx.delete_company(sales.id)));
    seen_lines.push(seen(tx.delete_tenant(beta.id)));
    seen_lines.push(seen(tx.companies(None)));
    seen_lines.push(seen(tx.tenants()));
    seen_lines
}

/// A tenant `acme` with a company `Sales`, for the scripts below; returns their ids.
fn acme<T: TenantStore + CompanyStore + ?Sized>(tx: &T) -> (i64, i64) {
    let tenant = tx.insert_tenant("acme", 100).unwrap();
    let company = tx.insert_company(tenant.id, "Sales", false, 100).unwrap();
    (tenant.id, company.id)
}

/// A bcrypt hash made by `htpasswd -nbB -C 10 u 'correct horse'`.
const BCRYPT: &str = "$2y$10$aDCAGwtMcqpvpDpCIUGKL.lVAYEYocvByMGHz61hm/.7ljg0lQXF6";

fn new_user(tenant_id: i64, company_id: Option<i64>, email: &str) -> NewUser<'_> {
    NewUser {
        tenant_id,
        company_id,
        email,
        kind: UserKind::Local,
        password_hash: Some("hash-1"),
    }
}

#[test]
fn users_and_their_factors_behave_as_on_sqlite() {
    same_on_both(|tx| users_script(tx), |tx| users_script(tx));
}

#[expect(
    clippy::too_many_lines,
    reason = "one script of trait calls, read top to bottom"
)]
fn users_script<T: MetaStore + TenantStore + CompanyStore + UserStore + FactorStore + ?Sized>(
    tx: &T,
) -> Vec<String> {
    let (tenant, sales) = acme(tx);
    let other = tx.insert_tenant("other", 100).unwrap().id;
    let mut lines = Vec::new();
    for email in ["Bob@x.example", "alice@x.example", "carol@y.example"] {
        lines.push(seen(
            tx.insert_user(&new_user(tenant, Some(sales), email), 300),
        ));
    }
    lines.push(seen(tx.insert_user(
        &NewUser {
            kind: UserKind::Sso,
            password_hash: None,
            ..new_user(other, None, "bob@X.example")
        },
        301,
    )));
    // A batch: two added, one repeating the first without case, one taken in the store
    // (last: PostgreSQL's sequence skips on a conflict, and the ids are compared). The
    // first comes with a password hash and an authenticator of its own kind (SPEC §8).
    let ids = tx.reserve_user_ids(4).unwrap();
    lines.push(format!("{ids:?}"));
    let sealed = [7_u8; 40];
    let imported = ImportedTotp {
        sealed: &sealed,
        params: Params::new(Algorithm::Sha256, 8, 60).unwrap(),
    };
    let row = |at: usize, email| ImportRow {
        id: ids[at],
        tenant_id: tenant,
        company_id: None,
        email,
        kind: UserKind::Local,
        roles: &[],
        password_hash: None,
        totp: None,
    };
    let rows = [
        ImportRow {
            password_hash: Some(BCRYPT),
            totp: Some(imported),
            ..row(0, "dave@x.example")
        },
        ImportRow {
            company_id: Some(sales),
            kind: UserKind::Sso,
            ..row(1, "erin@x.example")
        },
        ImportRow {
            kind: UserKind::Sso,
            ..row(2, "DAVE@x.example")
        },
        ImportRow {
            company_id: Some(sales),
            ..row(3, "ALICE@x.example")
        },
    ];
    lines.push(seen(tx.import_users(&rows, 302).map(|ids| {
        // Which rows were added (ids may skip on PostgreSQL), and that they grow.
        let added: Vec<i64> = ids.iter().flatten().copied().collect();
        assert!(added.is_sorted(), "{ids:?}");
        ids.iter().map(Option::is_some).collect::<Vec<_>>()
    })));
    let dave = ids[0];
    lines.push(seen(tx.user_by_id(dave)));
    lines.push(seen(tx.totp_secret(dave)));
    lines.push(seen(tx.recovery_codes_left(dave)));
    // The first sign-in replaces an imported hash, only if it is still the one checked.
    lines.push(seen(tx.upgrade_password_hash(
        dave,
        "not-the-hash",
        "$argon2id$new",
    )));
    lines.push(seen(tx.password_hash(dave)));
    lines.push(seen(tx.upgrade_password_hash(
        dave,
        BCRYPT,
        "$argon2id$new",
    )));
    lines.push(seen(tx.password_hash(dave)));
    lines.push(seen(
        tx.insert_user(&new_user(tenant, None, "BOB@x.example"), 303),
    ));
    let bob = tx
        .user_id_by_email(tenant, "bob@X.EXAMPLE")
        .unwrap()
        .unwrap();
    let alice = tx
        .user_id_by_email(tenant, "alice@x.example")
        .unwrap()
        .unwrap();
    lines.push(seen(tx.user_id_by_email(tenant, "nobody@x.example")));
    lines.push(seen(tx.users_by_email(None, "BOB@x.example")));
    lines.push(seen(tx.users_by_email(Some(other), "bob@x.example")));
    lines.push(seen(tx.user_by_id(bob)));
    lines.push(seen(tx.user_by_id(9999)));
    lines.push(seen(tx.password_hash(bob)));
    lines.push(seen(
        tx.password_hash(
            tx.user_id_by_email(tenant, "erin@x.example")
                .unwrap()
                .unwrap(),
        ),
    ));

    // TOTP: a pending enrolment, turned on, steps kept and forgotten.
    lines.push(seen(tx.pending_secret(bob)));
    lines.push(seen(tx.set_pending_secret(
        bob,
        &[1, 2, 3, 0, 255],
        400,
        None,
    )));
    lines.push(seen(tx.pending_secret(bob)));
    lines.push(seen(tx.set_pending_secret(
        alice,
        &[9, 8],
        399,
        Some(mfactl::core::signin::EnrolProof::Pass),
    )));
    lines.push(seen(tx.pending_secret(alice)));
    lines.push(seen(tx.set_reset_at(bob, Some(398))));
    lines.push(seen(tx.user_by_id(bob)));

    // Access passes: one per user, replaced, removed.
    let pass = |hash: &str, at: i64| mfactl::core::pass::PassFact {
        hash: hash.to_owned(),
        issued_at: at,
        expires_at: at + 60,
    };
    lines.push(seen(tx.access_pass(bob)));
    lines.push(seen(tx.set_access_pass(bob, &pass("p-1", 390))));
    lines.push(seen(tx.set_access_pass(bob, &pass("p-2", 395))));
    lines.push(seen(tx.set_access_pass(alice, &pass("p-3", 396))));
    lines.push(seen(tx.access_pass(bob)));
    lines.push(every_user(
        tx,
        &UserFilter {
            user_id: Some(alice),
            ..UserFilter::default()
        },
    ));
    lines.push(seen(tx.delete_access_pass(alice)));
    lines.push(seen(tx.delete_access_pass(alice)));
    lines.push(seen(tx.access_pass(alice)));
    lines.push(every_user(
        tx,
        &UserFilter {
            user_id: Some(bob),
            ..UserFilter::default()
        },
    ));
    // An imported authenticator for carol, who has none: 2FA on, no recovery codes, her
    // devices revoked; then the export's rows, with and without secrets.
    let carol = tx
        .user_id_by_email(tenant, "carol@y.example")
        .unwrap()
        .unwrap();
    lines.push(seen(tx.insert_device(carol, "dev-x", "tok-x", "totp", 390)));
    let sealed_carol = [9_u8; 36];
    lines.push(seen(tx.import_authenticators(
        &[(
            carol,
            ImportedTotp {
                sealed: &sealed_carol,
                params: Params::new(Algorithm::Sha512, 6, 30).unwrap(),
            },
        )],
        395,
    )));
    lines.push(seen(tx.user_by_id(carol)));
    lines.push(seen(tx.totp_secret(carol)));
    lines.push(seen(tx.devices(carol)));
    for (tenant_id, company_id, secrets) in [
        (Some(tenant), None, true),
        (None, None, false),
        (Some(tenant), Some(sales), true),
    ] {
        let mut rows = Vec::new();
        let read = tx.each_export_row(tenant_id, company_id, secrets, &mut |row| {
            rows.push(format!("{row:?}"));
            Ok(())
        });
        lines.push(format!("{} {rows:?}", seen(read)));
    }
    lines.push(seen(tx.activate_totp(bob, 1000, 401)));
    lines.push(seen(tx.totp_secret(bob)));
    lines.push(seen(tx.pending_secret(bob)));
    for step in 1001..1012 {
        lines.push(seen(tx.accept_totp_step(bob, step, 402)));
    }
    lines.push(seen(tx.totp_steps(bob)));
    lines.push(seen(tx.forget_totp_steps_after(bob, 1008)));
    lines.push(seen(tx.totp_steps(bob)));

    // Recovery codes, used once.
    let hashes: Vec<String> = (0..4).map(|n| format!("rc-{n}")).collect();
    lines.push(seen(tx.replace_recovery_codes(bob, &hashes)));
    let codes = tx.unused_recovery_codes(bob).unwrap();
    lines.push(format!("{codes:?}"));
    lines.push(seen(tx.use_recovery_code(codes[1].0, 500)));
    lines.push(seen(tx.use_recovery_code(codes[1].0, 501)));
    lines.push(seen(tx.recovery_codes_left(bob)));
    lines.push(seen(tx.set_recovery_code_hash(codes[2].0, "rebound")));
    lines.push(seen(tx.recovery_code_rows()));

    // Remembered devices and the credential epoch.
    lines.push(seen(tx.insert_device(bob, "dev-b", "tok-b", "totp", 600)));
    lines.push(seen(tx.insert_device(bob, "dev-a", "tok-a", "email", 600)));
    lines.push(seen(
        tx.insert_device(alice, "dev-c", "tok-c", "recovery", 590),
    ));
    lines.push(seen(tx.touch_device("dev-a", 650)));
    lines.push(seen(tx.devices(bob)));
    lines.push(seen(tx.device_by_token(bob, "tok-a")));
    lines.push(seen(tx.device_by_token(alice, "tok-a")));
    lines.push(every_user(tx, &UserFilter::default()));
    lines.push(seen(tx.delete_device(bob, "dev-b")));
    lines.push(seen(tx.delete_device(bob, "dev-b")));
    lines.push(seen(tx.delete_tenant_devices(tenant, 595)));
    lines.push(seen(tx.devices(alice)));
    lines.push(seen(tx.set_password(bob, "hash-2", 700)));
    lines.push(seen(tx.devices(bob)));
    lines.push(seen(tx.password_hash(bob)));

    // The lock, the grace period, and the listing's filters.
    lines.push(seen(tx.set_lock(alice, 5, Some(2000))));
    lines.push(seen(tx.start_grace(alice, 800)));
    lines.push(seen(tx.credentials_changed(alice)));
    for wanted in [
        UserFilter {
            tenant_id: Some(tenant),
            ..UserFilter::default()
        },
        UserFilter {
            company_id: Some(sales),
            ..UserFilter::default()
        },
        UserFilter {
            enrolled: Some(true),
            ..UserFilter::default()
        },
        UserFilter {
            enrolled: Some(false),
            tenant_id: Some(tenant),
            ..UserFilter::default()
        },
        UserFilter {
            locked_at: Some(1999),
            ..UserFilter::default()
        },
        UserFilter {
            locked_at: Some(2000),
            ..UserFilter::default()
        },
        UserFilter {
            may_be_required: true,
            ..UserFilter::default()
        },
    ] {
        lines.push(every_user(tx, &wanted));
    }
    tx.set_company_enforce_mfa(sales, true).unwrap();
    lines.push(every_user(
        tx,
        &UserFilter {
            may_be_required: true,
            ..UserFilter::default()
        },
    ));
    let mut first = Vec::new();
    lines.push(seen(tx.each_user(&UserFilter::default(), &mut |row| {
        first.push(row.user.email);
        Ok(false)
    })));
    lines.push(format!("{first:?}"));

    lines.push(seen(tx.clear_factors(bob)));
    lines.push(seen(tx.clear_factors(bob)));
    lines.push(seen(tx.totp_steps(bob)));
    lines.push(seen(tx.delete_devices(alice)));
    lines.push(seen(tx.delete_user(alice)));
    lines.push(every_user(tx, &UserFilter::default()));
    lines.push(seen(tx.names_near("user", Some(tenant), "BO@x")));
    lines.push(seen(tx.names_starting(NameKind::User, None, "B", 10)));
    lines.push(seen(
        tx.store_counts()
            .map(|c| (c.users, c.local_users, c.sso_users, c.enrolled)),
    ));
    lines
}

#[test]
fn roles_and_groups_behave_as_on_sqlite() {
    same_on_both(|tx| roles_script(tx), |tx| roles_script(tx));
}

#[expect(
    clippy::too_many_lines,
    reason = "one script of trait calls, read top to bottom"
)]
fn roles_script<
    T: MetaStore + TenantStore + CompanyStore + UserStore + RoleStore + GroupStore + ?Sized,
>(
    tx: &T,
) -> Vec<String> {
    let (tenant, sales) = acme(tx);
    let mut lines = Vec::new();
    let mut users = Vec::new();
    for email in ["zed@x.example", "Amy@x.example", "bea@x.example"] {
        users.push(
            tx.insert_user(&new_user(tenant, Some(sales), email), 300)
                .unwrap(),
        );
    }
    let (zed, amy, bea) = (&users[0], &users[1], &users[2]);
    for name in ["ops", "Admin", "billing"] {
        lines.push(seen(tx.insert_role(tenant, name)));
    }
    lines.push(seen(tx.insert_role(tenant, "ADMIN")));
    for name in ["Night", "day", "audit"] {
        lines.push(seen(tx.insert_group(tenant, name)));
    }
    lines.push(seen(tx.insert_group(tenant, "DAY")));
    lines.push(seen(tx.insert_group(tenant, "night")));
    let admin = tx.roles_by_name(Some(tenant), "admin").unwrap().remove(0);
    let ops = tx.roles_by_name(None, "OPS").unwrap().remove(0);
    let night = tx.groups_by_name(Some(tenant), "NIGHT").unwrap().remove(0);
    let day = tx.groups_by_name(None, "day").unwrap().remove(0);
    lines.push(seen(tx.roles(Some(tenant))));
    lines.push(seen(tx.roles(None)));
    lines.push(seen(tx.set_role_requires_2fa(admin.id, true)));

    lines.push(seen(tx.assign_role(&admin, amy.id, &amy.email)));
    lines.push(seen(tx.assign_role(&admin, amy.id, &amy.email)));
    lines.push(seen(tx.assign_role(&ops, zed.id, &zed.email)));
    for user in [zed, amy, bea] {
        lines.push(seen(tx.add_group_member(&night, user.id, &user.email)));
    }
    lines.push(seen(tx.add_group_member(&night, bea.id, &bea.email)));
    lines.push(seen(tx.add_group_member(&day, amy.id, &amy.email)));
    lines.push(seen(tx.grant_group_role(&night, &admin)));
    lines.push(seen(tx.grant_group_role(&day, &admin)));
    lines.push(seen(tx.grant_group_role(&night, &ops)));
    lines.push(seen(tx.grant_group_role(&night, &ops)));

    lines.push(seen(tx.held_roles(amy.id)));
    lines.push(seen(tx.held_roles(zed.id)));
    lines.push(seen(tx.role_group_names(admin.id)));
    let mut holders = Vec::new();
    lines.push(seen(tx.each_role_holder(admin.id, &mut |h| {
        holders.push(format!("{h:?}"));
        Ok(true)
    })));
    lines.push(format!("{holders:?}"));
    lines.push(seen(tx.role_holder_emails(admin.id)));
    lines.push(seen(tx.role_holder_count(admin.id)));
    lines.push(seen(tx.holds_role_directly(admin.id, amy.id)));
    lines.push(seen(tx.holds_role_directly(admin.id, zed.id)));
    lines.push(seen(tx.groups_giving_role(admin.id, amy.id)));
    lines.push(seen(tx.user_group_names(amy.id)));
    lines.push(seen(
        tx.members_holding_role_only_through(night.id, admin.id),
    ));
    lines.push(seen(tx.members_holding_role_only_through(night.id, ops.id)));
    let mut groups = Vec::new();
    lines.push(seen(tx.each_group(Some(tenant), &mut |g| {
        groups.push(format!("{g:?}"));
        Ok(true)
    })));
    lines.push(format!("{groups:?}"));
    let mut members = Vec::new();
    lines.push(seen(tx.each_group_member(night.id, &mut |email| {
        members.push(email);
        Ok(members.len() < 2)
    })));
    lines.push(format!("{members:?}"));
    lines.push(seen(tx.group_member_count(night.id)));
    lines.push(seen(tx.group_roles(night.id)));
    lines.push(seen(tx.is_group_member(day.id, zed.id)));
    lines.push(every_user(
        tx,
        &UserFilter {
            role_id: Some(admin.id),
            ..UserFilter::default()
        },
    ));
    lines.push(every_user(
        tx,
        &UserFilter {
            may_be_required: true,
            ..UserFilter::default()
        },
    ));
    lines.push(seen(tx.names_starting(
        NameKind::Role,
        Some(tenant),
        "a",
        10,
    )));
    lines.push(seen(tx.names_near("group", Some(tenant), "dya")));

    lines.push(seen(tx.unassign_role(admin.id, amy.id)));
    lines.push(seen(tx.unassign_role(admin.id, amy.id)));
    lines.push(seen(tx.remove_group_member(night.id, zed.id)));
    lines.push(seen(tx.remove_group_member(night.id, zed.id)));
    lines.push(seen(tx.revoke_group_role(day.id, admin.id)));
    lines.push(seen(tx.revoke_group_role(day.id, admin.id)));
    lines.push(seen(tx.held_roles(amy.id)));
    lines.push(seen(tx.delete_group(night.id)));
    lines.push(seen(tx.delete_role(ops.id)));
    lines.push(seen(tx.held_roles(zed.id)));
    lines.push(seen(tx.tenant_counts(tenant)));
    lines
}

#[test]
fn policy_reads_behave_as_on_sqlite() {
    same_on_both(|tx| policy_script(tx), |tx| policy_script(tx));
}

/// What `policy export`, `plan` and `apply` read: a tenant's state (its companies with
/// their user counts, roles with direct holders, groups with roles and members, each
/// sorted without case), which emails are users, and the users a plan could make enrol.
fn policy_script<
    T: TenantStore + CompanyStore + UserStore + RoleStore + GroupStore + PolicyStore + ?Sized,
>(
    tx: &T,
) -> Vec<String> {
    let (tenant_id, sales) = acme(tx);
    let hr = tx.insert_company(tenant_id, "hr", true, 100).unwrap();
    let mut users = Vec::new();
    for (email, company) in [
        ("zed@x.example", Some(sales)),
        ("Amy@x.example", Some(hr.id)),
        ("bea@x.example", None),
    ] {
        users.push(
            tx.insert_user(&new_user(tenant_id, company, email), 300)
                .unwrap(),
        );
    }
    let mut sso = new_user(tenant_id, Some(sales), "sso@x.example");
    sso.kind = UserKind::Sso;
    tx.insert_user(&sso, 300).unwrap();
    let admin = tx.insert_role(tenant_id, "Admin").unwrap();
    let ops = tx.insert_role(tenant_id, "ops").unwrap();
    tx.set_role_requires_2fa(admin.id, true).unwrap();
    tx.assign_role(&admin, users[1].id, "amy@x.example")
        .unwrap();
    tx.assign_role(&admin, users[0].id, "zed@x.example")
        .unwrap();
    let night = tx.insert_group(tenant_id, "Night").unwrap();
    let day = tx.insert_group(tenant_id, "day").unwrap();
    tx.grant_group_role(&night, &ops).unwrap();
    tx.grant_group_role(&night, &admin).unwrap();
    tx.add_group_member(&night, users[2].id, "bea@x.example")
        .unwrap();
    tx.add_group_member(&night, users[1].id, "amy@x.example")
        .unwrap();
    let _ = day;
    let tenant = tx.tenant_by_id(tenant_id).unwrap();
    let mut lines = vec![
        seen(tx.tenant_state(&tenant)),
        seen(tx.existing_emails(
            tenant_id,
            &[
                "amy@x.example".to_owned(),
                "nobody@x.example".to_owned(),
                "zed@x.example".to_owned(),
            ],
        )),
        seen(tx.existing_emails(tenant_id, &[])),
    ];
    let mut candidates = Vec::new();
    lines.push(seen(tx.each_enrol_candidate(tenant_id, &mut |c| {
        candidates.push(c);
        Ok(true)
    })));
    lines.push(format!("{candidates:?}"));
    let mut first = Vec::new();
    lines.push(seen(tx.each_enrol_candidate(tenant_id, &mut |c| {
        first.push(c);
        Ok(false)
    })));
    lines.push(format!("{first:?}"));
    let empty = tx.insert_tenant("globex", 100).unwrap();
    lines.push(seen(tx.tenant_state(&empty)));
    lines
}

#[test]
fn mail_codes_and_the_audit_chain_behave_as_on_sqlite() {
    same_on_both(|tx| mail_script(tx), |tx| mail_script(tx));
}

#[expect(
    clippy::too_many_lines,
    reason = "one script of trait calls, read top to bottom"
)]
fn mail_script<T: TenantStore + CompanyStore + UserStore + MailStore + AuditStore + ?Sized>(
    tx: &T,
) -> Vec<String> {
    let (tenant, _) = acme(tx);
    let user = tx
        .insert_user(&new_user(tenant, None, "u@x.example"), 1)
        .unwrap()
        .id;
    let mut lines = vec![seen(tx.mail_server())];
    let mut server = MailServerRow {
        implicit_tls: false,
        host: "smtp.example".to_owned(),
        port: 587,
        username: Some("me".to_owned()),
        sealed_password: Some(vec![0, 1, 2, 254]),
        from_address: "mfa@example".to_owned(),
        ca_pem: None,
        set_at: 10,
        mac: "mac-1".to_owned(),
    };
    lines.push(seen(tx.set_mail_server(&server)));
    server.port = 465;
    server.implicit_tls = true;
    server.username = None;
    lines.push(seen(tx.set_mail_server(&server)));
    lines.push(seen(tx.mail_server()));

    let first = tx
        .reserve_email_code(user, Purpose::SignIn, "h1", 1000)
        .unwrap();
    lines.push(seen(tx.latest_email_code(user, Purpose::SignIn)));
    lines.push(seen(tx.deliver_email_code(first, 1000)));
    let abandoned = tx
        .reserve_email_code(user, Purpose::SignIn, "h2", 1100)
        .unwrap();
    let second = tx
        .reserve_email_code(user, Purpose::Reset, "h3", 1200)
        .unwrap();
    lines.push(seen(tx.deliver_email_code(second, 1200)));
    // In no promised order (SQLite's follows its index): compared sorted.
    let sorted = |sent: Result<Vec<i64>>| {
        sent.map(|mut sent| {
            sent.sort_unstable();
            sent
        })
    };
    lines.push(seen(sorted(tx.email_codes_sent_since(user, 900, 1150))));
    lines.push(seen(tx.drop_email_code(abandoned)));
    lines.push(seen(tx.latest_email_code(user, Purpose::SignIn)));
    lines.push(seen(tx.guess_email_code(first)));
    lines.push(seen(tx.guess_email_code(first)));
    lines.push(seen(tx.use_email_code(first, 1300)));
    lines.push(seen(tx.use_email_code(first, 1301)));
    lines.push(seen(tx.latest_email_code(user, Purpose::SignIn)));
    lines.push(seen(tx.latest_email_code(user, Purpose::Deactivate)));
    let late = tx
        .reserve_email_code(user, Purpose::SignIn, "h4", 100_000)
        .unwrap();
    lines.push(seen(tx.deliver_email_code(late, 100_000)));
    lines.push(seen(sorted(tx.email_codes_sent_since(user, 0, 0))));

    let key = ChainKey::new([7; 32]);
    lines.push(seen(tx.audit_head()));
    lines.push(seen(tx.key_audit_chain(&key)));
    lines.push(seen(tx.key_audit_chain(&key)));
    for (n, actor) in ["ann", "Ann", "bo"].iter().enumerate() {
        let entry = NewEntry::new(
            "user.added",
            format!("user acme/u{n}@x.example"),
            serde_json::json!({ "n": n }),
        )
        .with_reason((n == 1).then(|| "because".to_owned()));
        lines.push(seen(tx.append_audit(
            2000 + i64::try_from(n).unwrap(),
            actor,
            &entry,
            &key,
        )));
    }
    lines.push(seen(tx.audit_head()));
    lines.push(seen(tx.audit_entry(2)));
    lines.push(seen(tx.audit_entry(9)));
    for wanted in [
        AuditFilter::default(),
        AuditFilter {
            since: Some(2001),
            ..AuditFilter::default()
        },
        AuditFilter {
            actor: Some("ann".to_owned()),
            ..AuditFilter::default()
        },
        AuditFilter {
            target: Some("u2@".to_owned()),
            ..AuditFilter::default()
        },
        AuditFilter {
            target: Some("U2@".to_owned()),
            ..AuditFilter::default()
        },
        AuditFilter {
            target: Some("%".to_owned()),
            ..AuditFilter::default()
        },
    ] {
        let mut entries = Vec::new();
        lines.push(seen(tx.each_audit_entry(&wanted, &mut |e| {
            entries.push(format!("{e:?}"));
            Ok(true)
        })));
        lines.push(format!("{entries:?}"));
    }
    let wrong = ChainKey::new([8; 32]);
    lines.push(seen(tx.append_audit(
        3000,
        "x",
        &NewEntry::new("a", "t", serde_json::json!({})),
        &wrong,
    )));
    lines.push(seen(tx.store_counts().map(|c| c.audit_entries)));
    lines
}

#[test]
fn store_operations_behave_as_on_sqlite() {
    same_on_both(|tx| ops_script(tx), |tx| ops_script(tx));
}

/// Issue 20: what `store check` and `store rekey` read and rewrite, in batches.
fn ops_script(tx: &Tx<'_>) -> Vec<String> {
    use mfactl::store::ops::{HashTable, RowKey};
    let (tenant, _) = acme(tx);
    let mut users = Vec::new();
    for n in 0..5 {
        let email = format!("o{n}@x.example");
        users.push(
            tx.insert_user(&new_user(tenant, None, &email), 1)
                .unwrap()
                .id,
        );
    }
    let mut lines = vec![seen(tx.database_problems(20))];
    // Sealed secrets: users 0, 2 and 3 pending, user 2 enrolled (its pending moved on).
    for (n, user) in users.iter().enumerate() {
        if n != 1 && n != 4 {
            let sealed = vec![u8::try_from(n).unwrap(); 3];
            lines.push(seen(tx.set_pending_secret(*user, &sealed, 100, None)));
        }
    }
    lines.push(seen(tx.activate_totp(users[2], 7, 200)));
    lines.push(seen(tx.set_pending_secret(users[2], &[9, 9], 90, None)));
    let mut batch = tx.sealed_users(0, 2).unwrap();
    lines.push(format!("{}", batch.len()));
    lines.push(format!("{batch:?}"));
    lines.push(seen(tx.sealed_users(batch[1].id, 10)));
    for user in &mut batch {
        user.totp = user.totp.as_ref().map(|t| [t.as_slice(), &[1]].concat());
        user.pending = None;
    }
    lines.push(seen(tx.reseal_users(&batch)));
    lines.push(seen(tx.sealed_users(0, 10)));
    lines.push(seen(tx.expired(95, 1000)));
    lines.push(seen(tx.expired(100, 1000)));

    // Keyed hashes of each table, read after a key and rewritten.
    lines.push(seen(tx.replace_recovery_codes(
        users[0],
        &["r1".to_owned(), "r2".to_owned(), "r3".to_owned()],
    )));
    lines.push(seen(tx.insert_device(users[0], "b2", "d1", "totp", 10)));
    lines.push(seen(tx.insert_device(users[1], "a1", "d2", "totp", 11)));
    let code = tx
        .reserve_email_code(users[0], Purpose::SignIn, "e1", 1000)
        .unwrap();
    lines.push(seen(tx.deliver_email_code(code, 1000)));
    lines.push(seen(tx.set_access_pass(
        users[3],
        &mfactl::core::pass::PassFact {
            hash: "p1".to_owned(),
            issued_at: 10,
            expires_at: 500,
        },
    )));
    for table in HashTable::ALL {
        let all = tx.hashed_rows(table, None, 100).unwrap();
        lines.push(format!(
            "{table:?} {:?}",
            all.iter().map(|r| &r.hash).collect::<Vec<_>>()
        ));
        let after = all.first().map(|row| row.key.clone());
        lines
            .push(seen(tx.hashed_rows(table, after.as_ref(), 1).map(|rows| {
                rows.into_iter().map(|r| r.hash).collect::<Vec<_>>()
            })));
        let mut rewritten = all.clone();
        for row in &mut rewritten {
            row.hash = format!("w({})", row.hash);
        }
        lines.push(seen(tx.set_hashes(table, &rewritten)));
        lines.push(seen(tx.hashed_rows(table, None, 100).map(|rows| {
            rows.into_iter()
                .map(|r| (matches!(r.key, RowKey::Text(_)), r.hash))
                .collect::<Vec<_>>()
        })));
    }
    lines.push(seen(tx.unused_recovery_codes(users[0])));
    lines.push(seen(tx.expired(0, 1000)));

    // The key record after a rekey, and the chain carried on under the new key.
    let (old, new) = (ChainKey::new([3; 32]), ChainKey::new([4; 32]));
    lines.push(seen(tx.key_audit_chain(&old)));
    let entry = NewEntry::new("user.added", "t", serde_json::json!({}));
    lines.push(seen(tx.append_audit(10, "ann", &entry, &old)));
    let rekey = NewEntry::new("store.rekey", "store", serde_json::json!({}));
    lines.push(seen(tx.append_audit_rekeyed(11, "ann", &rekey, &new, &new)));
    lines.push(seen(tx.append_audit_rekeyed(11, "ann", &rekey, &old, &new)));
    lines.push(seen(tx.append_audit(12, "ann", &entry, &old)));
    lines.push(seen(tx.append_audit(12, "ann", &entry, &new)));
    lines.push(seen(tx.audit_head()));
    lines.push(seen(tx.set_rekeyed("check-2", "[]")));
    lines.push(seen(tx.key_record().map(|r| (r.check, r.ring))));
    lines
}

/// Listings come from a server-side cursor, in batches: more rows than a batch arrive
/// whole and in order, a stop ends the reading, and the transaction can be used
/// between rows.
#[test]
fn listings_longer_than_a_batch_are_streamed_in_order() {
    let db = PgDatabase::new();
    let store = pg_store(&db);
    store
        .write(|tx| {
            let tenant = tx.insert_tenant("acme", 1)?.id;
            let emails: Vec<String> = (0..4500)
                .rev()
                .map(|n| format!("u{n:05}@x.example"))
                .collect();
            let ids = tx.reserve_user_ids(emails.len())?;
            let rows: Vec<ImportRow<'_>> = emails
                .iter()
                .zip(ids)
                .map(|(email, id)| ImportRow {
                    id,
                    tenant_id: tenant,
                    company_id: None,
                    email,
                    kind: UserKind::Local,
                    roles: &[],
                    password_hash: None,
                    totp: None,
                })
                .collect();
            tx.import_users(&rows, 1)?;
            Ok(())
        })
        .unwrap();
    let (all, first) = store
        .read(|tx| {
            let mut all = Vec::new();
            tx.each_user(&UserFilter::default(), &mut |row| {
                // The transaction is free between rows.
                assert_eq!(tx.user_by_id(row.user.id)?.email, row.user.email);
                all.push(row.user.email);
                Ok(true)
            })?;
            let mut first = 0;
            tx.each_user(&UserFilter::default(), &mut |_| {
                first += 1;
                Ok(first < 300)
            })?;
            Ok((all, first))
        })
        .unwrap();
    let expected: Vec<String> = (0..4500).map(|n| format!("u{n:05}@x.example")).collect();
    assert_eq!(all, expected);
    assert_eq!(first, 300);
}

/// A refused write and a rehearsal change nothing; a read cannot write.
#[test]
fn a_failed_write_and_a_rehearsal_leave_nothing_behind() {
    let db = PgDatabase::new();
    let store = pg_store(&db);
    let refused: Result<()> = store.write(|tx| {
        tx.insert_tenant("acme", 1)?;
        tx.insert_tenant("ACME", 1)?;
        Ok(())
    });
    assert_eq!(refused.unwrap_err().exit_code(), 8);
    let rehearsed = store
        .rehearse(|tx| Ok(tx.insert_tenant("beta", 1)?.name))
        .unwrap();
    assert_eq!(rehearsed, "beta");
    let wrote = store.read(|tx| tx.insert_tenant("gamma", 1).map(|_| ()));
    assert_eq!(wrote.unwrap_err().exit_code(), 1);
    assert_eq!(store.read(|tx| tx.tenants()).unwrap().len(), 0);
    let rows: i64 = db
        .client()
        .query_one("SELECT count(*) FROM tenants", &[])
        .unwrap()
        .get(0);
    assert_eq!(rows, 0);
}

/// Writers on separate connections (as on separate machines) read a counter and write
/// it back inside their write: the write lock makes every increment count, as
/// `BEGIN IMMEDIATE` does on SQLite, and the audit chain they append to stays in order.
#[test]
fn concurrent_writers_never_lose_an_update_and_append_the_chain_in_order() {
    let db = PgDatabase::new();
    let user = pg_store(&db)
        .write(|tx| {
            let tenant = tx.insert_tenant("acme", 1)?.id;
            tx.key_audit_chain(&ChainKey::new([3; 32]))?;
            Ok(tx
                .insert_user(&new_user(tenant, None, "u@x.example"), 1)?
                .id)
        })
        .unwrap();
    let writers: Vec<_> = (0..8)
        .map(|w| {
            let url = db.url.clone();
            std::thread::spawn(move || {
                let env = PgEnv {
                    user: "nobody-here".to_owned(),
                    ..PgEnv::default()
                };
                let store = PostgresStore::open(Target::parse(&url, &env).unwrap(), true).unwrap();
                for n in 0..10 {
                    store
                        .write(|tx| {
                            let failed = tx.user_by_id(user)?.failed_attempts;
                            tx.set_lock(user, failed + 1, None)?;
                            let entry = NewEntry::new(
                                "user.login_failed",
                                format!("w{w} n{n}"),
                                serde_json::json!({}),
                            );
                            tx.append_audit(10, "racer", &entry, &ChainKey::new([3; 32]))?;
                            Ok(())
                        })
                        .unwrap();
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().unwrap();
    }
    let store = pg_store(&db);
    let (failed, seqs) = store
        .read(|tx| {
            let mut seqs = Vec::new();
            tx.each_audit_entry(&AuditFilter::default(), &mut |e| {
                seqs.push(e.seq);
                Ok(true)
            })?;
            Ok((tx.user_by_id(user)?.failed_attempts, seqs))
        })
        .unwrap();
    assert_eq!(failed, 80);
    assert_eq!(seqs, (1..=80).collect::<Vec<i64>>());
}

/// The server ending the session in the middle of a write (an administrator, a restart,
/// the network) is an environment error naming the server and what was being done,
/// and nothing of the write is saved.
#[test]
fn a_connection_lost_mid_write_names_the_server_and_saves_nothing() {
    let db = PgDatabase::new();
    let store = pg_store(&db);
    let e = store
        .write(|tx| {
            tx.insert_tenant("acme", 1)?;
            let pid: i32 = db
                .client()
                .query_one(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() \
                     AND pid <> pg_backend_pid() AND state = 'idle in transaction'",
                    &[],
                )
                .unwrap()
                .get(0);
            db.client()
                .execute("SELECT pg_terminate_backend($1)", &[&pid])
                .unwrap();
            tx.insert_tenant("beta", 1)?;
            Ok(())
        })
        .unwrap_err();
    assert_eq!(e.exit_code(), 1);
    let port = crate::support::pg_port(&db.url);
    assert!(
        e.message.contains(&format!("127.0.0.1:{port}"))
            && e.message.contains("lost the connection")
            && e.message.contains("adding a tenant"),
        "{}",
        e.message
    );
    let rows: i64 = db
        .client()
        .query_one("SELECT count(*) FROM tenants", &[])
        .unwrap()
        .get(0);
    assert_eq!(rows, 0);
}
