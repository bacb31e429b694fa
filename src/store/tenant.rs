//! Tenants and their authentication settings.
//!
//! What every store does here (`TenantStore`) and the types it returns; the SQL is in
//! `sqlite/tenant.rs` and `postgres/tenant.rs`.

use crate::core::model::Tenant;
use crate::core::settings::AuthSettings;
use crate::error::Result;

/// How many things a tenant holds (for `tenant show` and delete confirmations).
#[derive(Debug, Clone, Copy, Default)]
pub struct TenantCounts {
    pub companies: i64,
    pub users: i64,
    pub roles: i64,
    pub groups: i64,
}

/// The tenants of a store.
pub trait TenantStore {
    /// Adds a tenant with the default settings; a conflict when the name is taken.
    fn insert_tenant(&self, name: &str, now: i64) -> Result<Tenant>;

    /// The tenant with this id (an environment error when there is none).
    fn tenant_by_id(&self, id: i64) -> Result<Tenant>;

    /// The tenant with this name, if there is one.
    fn tenant_by_name(&self, name: &str) -> Result<Option<Tenant>>;

    /// Every tenant, by name.
    fn tenants(&self) -> Result<Vec<Tenant>>;

    /// Saves the authentication settings of a tenant.
    fn update_tenant_auth(&self, id: i64, auth: &AuthSettings) -> Result<()>;

    /// How many companies, users, roles and groups a tenant holds.
    fn tenant_counts(&self, id: i64) -> Result<TenantCounts>;

    /// Deletes a tenant with its companies, users, roles and groups (not its audit history).
    fn delete_tenant(&self, id: i64) -> Result<()>;
}
