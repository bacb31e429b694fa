//! The PostgreSQL store's transactions against the SQLite store's, trait call for trait
//! call: each test runs one script of calls (a table family) on a fresh SQLite store and
//! on a fresh PostgreSQL database and compares everything it observed: values, order,
//! case-insensitive lookups, conflicts and their messages. Plus what only a server
//! shows: listings longer than a cursor's batch, rollbacks, and writers racing.
//! The store is not behind `--store` yet, so these call the library; each needs
//! `MFACTL_TEST_PG_URL` (`scripts/test` sets it).

use std::fmt::Debug;

use mfactl::core::settings::{AuthSettings, Method};
use mfactl::error::Result;
use mfactl::store::postgres::{PgEnv, PgTx, PostgresStore, Target};
use mfactl::store::{CompanyStore, MetaStore, NameKind, Store, TenantStore, Tx};

use crate::support::PgDatabase;

/// A fresh PostgreSQL store on the test server.
fn pg_store(db: &PgDatabase) -> PostgresStore {
    let env = PgEnv {
        user: "nobody-here".to_owned(),
        ..PgEnv::default()
    };
    PostgresStore::open(Target::parse(&db.url, &env).unwrap()).unwrap()
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
    pg: impl FnOnce(&PgTx<'_>) -> Vec<String>,
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
