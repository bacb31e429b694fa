//! PostgreSQL's `CompanyStore`: the SQL of companies and their MFA enforcement.

use postgres::Row;

use super::tx::{PgTx, get, same_name};
use crate::core::model::Company;
use crate::error::Result;
use crate::store::CompanyStore;

const COLUMNS: &str = "id, tenant_id, slug, enforce_mfa, created_at";

fn company_row(row: &Row) -> Result<Company> {
    Ok(Company {
        id: get(row, 0)?,
        tenant_id: get(row, 1)?,
        slug: get(row, 2)?,
        enforce_mfa: get(row, 3)?,
        created_at: get(row, 4)?,
    })
}

impl CompanyStore for PgTx<'_> {
    fn insert_company(
        &self,
        tenant_id: i64,
        slug: &str,
        enforce_mfa: bool,
        now: i64,
    ) -> Result<Company> {
        // The new row comes back with the insert: one round trip (`policy apply` makes
        // thousands).
        let added: Option<Company> = self.first(
            &format!(
                "INSERT INTO companies (tenant_id, slug, enforce_mfa, created_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT DO NOTHING RETURNING {COLUMNS}"
            ),
            &[&tenant_id, &slug, &enforce_mfa, &now],
            "adding a company",
            company_row,
        )?;
        added.ok_or_else(|| self.name_taken("company", "companies", "slug", Some(tenant_id), slug))
    }

    fn company_by_id(&self, id: i64) -> Result<Company> {
        self.single(
            &format!("SELECT {COLUMNS} FROM companies WHERE id = $1"),
            &[&id],
            "reading a company",
            company_row,
        )
    }

    fn companies_by_slug(&self, tenant_id: Option<i64>, slug: &str) -> Result<Vec<Company>> {
        let found = same_name("slug", 1);
        match tenant_id {
            Some(tenant_id) => self.collect(
                &format!("SELECT {COLUMNS} FROM companies WHERE tenant_id = $2 AND {found}"),
                &[&slug, &tenant_id],
                "finding a company",
                company_row,
            ),
            None => self.collect(
                &format!("SELECT {COLUMNS} FROM companies WHERE {found} ORDER BY tenant_id"),
                &[&slug],
                "finding a company",
                company_row,
            ),
        }
    }

    fn companies(&self, tenant_id: Option<i64>) -> Result<Vec<Company>> {
        match tenant_id {
            Some(tenant_id) => self.collect(
                &format!(
                    "SELECT {COLUMNS} FROM companies WHERE tenant_id = $1 ORDER BY lower(slug)"
                ),
                &[&tenant_id],
                "listing companies",
                company_row,
            ),
            None => self.collect(
                &format!("SELECT {COLUMNS} FROM companies ORDER BY tenant_id, lower(slug)"),
                &[],
                "listing companies",
                company_row,
            ),
        }
    }

    fn set_company_enforce_mfa(&self, id: i64, enforce: bool) -> Result<()> {
        self.exec(
            "UPDATE companies SET enforce_mfa = $2 WHERE id = $1",
            &[&id, &enforce],
            "saving company enforcement",
        )?;
        Ok(())
    }

    fn company_user_count(&self, id: i64) -> Result<i64> {
        self.value(
            "SELECT count(*) FROM users WHERE company_id = $1",
            &[&id],
            "counting a company's users",
        )
    }

    fn delete_company(&self, id: i64) -> Result<()> {
        self.exec(
            "DELETE FROM companies WHERE id = $1",
            &[&id],
            "deleting a company",
        )?;
        Ok(())
    }
}
