//! SQLite's `CompanyStore`: the SQL of companies and their MFA enforcement.

use rusqlite::{Row, params};

use super::{SqliteTx, filter, is_unique_violation, name_taken, sql_error};
use crate::core::model::Company;
use crate::error::Result;
use crate::store::CompanyStore;

const COLUMNS: &str = "id, tenant_id, slug, enforce_mfa, created_at";

fn company_row(row: &Row<'_>) -> rusqlite::Result<Company> {
    Ok(Company {
        id: row.get(0)?,
        tenant_id: row.get(1)?,
        slug: row.get(2)?,
        enforce_mfa: row.get(3)?,
        created_at: row.get(4)?,
    })
}

impl CompanyStore for SqliteTx<'_> {
    fn insert_company(
        &self,
        tenant_id: i64,
        slug: &str,
        enforce_mfa: bool,
        now: i64,
    ) -> Result<Company> {
        self.prepare_cached(
            "INSERT INTO companies (tenant_id, slug, enforce_mfa, created_at) VALUES (?1, ?2, ?3, ?4)",
        )
        .and_then(|mut stmt| stmt.execute(params![tenant_id, slug, enforce_mfa, now]))
        .map_err(|e| {
            if is_unique_violation(&e) {
                name_taken(self, "company", "companies", "slug", Some(tenant_id), slug)
            } else {
                sql_error("adding a company")(e)
            }
        })?;
        self.company_by_id(self.last_insert_rowid())
    }

    fn company_by_id(&self, id: i64) -> Result<Company> {
        self.prepare_cached(&format!("SELECT {COLUMNS} FROM companies WHERE id = ?1"))
            .and_then(|mut stmt| stmt.query_row([id], company_row))
            .map_err(sql_error("reading a company"))
    }

    fn companies_by_slug(&self, tenant_id: Option<i64>, slug: &str) -> Result<Vec<Company>> {
        let mut stmt = self
            .prepare(&format!(
                "SELECT {COLUMNS} FROM companies WHERE {} AND slug = ?2 ORDER BY tenant_id",
                filter("tenant_id", 1, tenant_id.is_some())
            ))
            .map_err(sql_error("finding a company"))?;
        let rows = stmt
            .query_map(params![tenant_id, slug], company_row)
            .map_err(sql_error("finding a company"))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(sql_error("finding a company"))
    }

    fn companies(&self, tenant_id: Option<i64>) -> Result<Vec<Company>> {
        let mut stmt = self
            .prepare(&format!(
                "SELECT {COLUMNS} FROM companies WHERE {} ORDER BY tenant_id, slug",
                filter("tenant_id", 1, tenant_id.is_some())
            ))
            .map_err(sql_error("listing companies"))?;
        let rows = stmt
            .query_map([tenant_id], company_row)
            .map_err(sql_error("listing companies"))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(sql_error("listing companies"))
    }

    fn set_company_enforce_mfa(&self, id: i64, enforce: bool) -> Result<()> {
        self.execute(
            "UPDATE companies SET enforce_mfa = ?2 WHERE id = ?1",
            params![id, enforce],
        )
        .map_err(sql_error("saving company enforcement"))?;
        Ok(())
    }

    fn company_user_count(&self, id: i64) -> Result<i64> {
        self.query_row(
            "SELECT count(*) FROM users WHERE company_id = ?1",
            [id],
            |row| row.get(0),
        )
        .map_err(sql_error("counting a company's users"))
    }

    fn delete_company(&self, id: i64) -> Result<()> {
        self.execute("DELETE FROM companies WHERE id = ?1", [id])
            .map_err(sql_error("deleting a company"))?;
        Ok(())
    }
}
