//! Companies of a tenant and their MFA enforcement.
//!
//! What every store does here (`CompanyStore`) and the types it returns; the SQL is in
//! `sqlite/company.rs` and `postgres/company.rs`.

use crate::core::model::Company;
use crate::error::Result;

/// The companies of a store.
pub trait CompanyStore {
    /// Adds a company; a conflict when the tenant has one with the slug (whatever its case).
    fn insert_company(
        &self,
        tenant_id: i64,
        slug: &str,
        enforce_mfa: bool,
        now: i64,
    ) -> Result<Company>;

    /// The company with this id (an environment error when there is none).
    fn company_by_id(&self, id: i64) -> Result<Company>;

    /// Companies named `slug`, in one tenant or in all of them.
    fn companies_by_slug(&self, tenant_id: Option<i64>, slug: &str) -> Result<Vec<Company>>;

    /// The companies of one tenant, or of every tenant.
    fn companies(&self, tenant_id: Option<i64>) -> Result<Vec<Company>>;

    /// Sets whether the company requires 2FA of its users.
    fn set_company_enforce_mfa(&self, id: i64, enforce: bool) -> Result<()>;

    /// How many users belong to the company.
    fn company_user_count(&self, id: i64) -> Result<i64>;

    /// Deletes a company and its users.
    fn delete_company(&self, id: i64) -> Result<()>;
}
