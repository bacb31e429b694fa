//! Users: identity, password hash, lock state and the columns of their second factors.
//!
//! What every store does here (`UserStore`) and the types it returns; the SQL is in
//! `sqlite/user.rs` and `postgres/user.rs`.

use crate::core::model::{Tenant, User, UserKind};
use crate::core::policy::RoleFact;
use crate::core::signin::DeviceFact;
use crate::core::totp::Params;
use crate::error::Result;

/// A user to add.
pub struct NewUser<'a> {
    pub tenant_id: i64,
    pub company_id: Option<i64>,
    pub email: &'a str,
    pub kind: UserKind,
    pub password_hash: Option<&'a str>,
}

/// A user to add from an import, with the roles to give it and, when the file has
/// them, the password hash and the authenticator it had in another system (SPEC §8).
#[derive(Debug, Clone, Copy)]
pub struct ImportRow<'a> {
    /// The id to give the user: one of `UserStore::reserve_user_ids` (the sealed
    /// authenticator secret is bound to it).
    pub id: i64,
    pub tenant_id: i64,
    pub company_id: Option<i64>,
    pub email: &'a str,
    pub kind: UserKind,
    /// Role ids, each once.
    pub roles: &'a [i64],
    /// A PHC string of a scheme `core::password` accepts, stored as it is.
    pub password_hash: Option<&'a str>,
    /// An authenticator to enrol (2FA on, no recovery codes).
    pub totp: Option<ImportedTotp<'a>>,
}

/// An authenticator from another system, given to a user as it is.
#[derive(Debug, Clone, Copy)]
pub struct ImportedTotp<'a> {
    /// The secret sealed with the store key for the user (`commands::factor::secret_context`).
    pub sealed: &'a [u8],
    pub params: Params,
}

/// A user as `user export` writes it: what the import's CSV holds, and with secrets the
/// password hash and the sealed authenticator secret.
#[derive(Debug, Clone)]
pub struct ExportRow {
    pub id: i64,
    pub tenant: String,
    pub email: String,
    pub company: Option<String>,
    /// The roles held directly (a group's roles come with the group, which the policy
    /// file carries), by name.
    pub roles: Vec<String>,
    pub kind: UserKind,
    /// Read only when secrets are asked for.
    pub password_hash: Option<String>,
    /// The sealed secret and parameters of an enrolled authenticator, read only when
    /// secrets are asked for.
    pub totp: Option<(Vec<u8>, Params)>,
}

/// How many rows an import hands `UserStore::import_users` at a time: large enough
/// that PostgreSQL's round trips do not count, small enough that a batch's staging
/// (its role ids, the `COPY` buffer) stays small.
pub const IMPORT_BATCH: usize = 4096;

/// Which users `each_user` yields; `None` matches all.
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    pub tenant_id: Option<i64>,
    pub company_id: Option<i64>,
    /// Users holding the role directly or through a group.
    pub role_id: Option<i64>,
    pub user_id: Option<i64>,
    /// Only users with an authenticator app enrolled (`Some(true)`) or without one.
    pub enrolled: Option<bool>,
    /// Only users locked at this time.
    pub locked_at: Option<i64>,
    /// Only users whose email contains this text, compared without ASCII case.
    pub matching: Option<String>,
    /// Only local users whom some source of the policy may require 2FA of: the tenant's
    /// setting, their company, a role (SSO users sign in elsewhere). A superset, for
    /// speed: the policy in `core` decides.
    pub may_be_required: bool,
}

/// A user with everything their status needs, read by one joined query.
#[derive(Debug, Clone)]
pub struct UserRow {
    pub user: User,
    pub tenant: Tenant,
    /// The user's company: its slug and whether it enforces MFA.
    pub company: Option<(String, bool)>,
    /// Roles held directly and through groups, by name then group.
    pub roles: Vec<RoleFact>,
    pub groups: Vec<String>,
    /// When the pending enrolment started, if one is pending.
    pub pending_started_at: Option<i64>,
    pub recovery_codes_left: i64,
    /// Every remembered device of the user (`core::signin` judges which still count).
    pub devices: Vec<DeviceFact>,
    /// What proved the person who started the pending enrolment, if anything did.
    pub pending_proof: Option<crate::core::signin::EnrolProof>,
    /// The user's temporary access pass: when it was issued and when it expires.
    pub access_pass: Option<(i64, i64)>,
}

/// The users of a store.
pub trait UserStore {
    /// Adds a user; a conflict when the tenant has one with the email.
    fn insert_user(&self, new: &NewUser<'_>, now: i64) -> Result<User>;

    /// Ids for `count` users about to be added by `import_users` in this transaction,
    /// growing: the caller binds each row's sealed secret to its id before the row is
    /// sent. An id whose row is not added (its email is taken) is not used again.
    fn reserve_user_ids(&self, count: usize) -> Result<Vec<i64>>;

    /// Adds a batch of users from an import, each with its roles, password hash and
    /// authenticator when it has them, in the order given. One result per row: the
    /// row's id, or `None` when the email (compared without ASCII case) is taken, by a
    /// user of the tenant or by an earlier row of the batch. SQLite runs cached
    /// statements row by row; PostgreSQL copies the batch into a staging table
    /// (`COPY … FROM STDIN`) and adds it with one set-based statement. Callers send
    /// `IMPORT_BATCH` rows at a time.
    fn import_users(&self, rows: &[ImportRow<'_>], now: i64) -> Result<Vec<Option<i64>>>;

    /// Enrols an authenticator from another system for each user (2FA on, with no
    /// recovery codes until they are regenerated), replacing nothing: the caller checked
    /// none of them has one. Any pending enrolment and reset go; the users' factors
    /// changed, so remembered devices are revoked.
    fn import_authenticators(&self, rows: &[(i64, ImportedTotp<'_>)], now: i64) -> Result<()>;

    /// Replaces an imported password hash by its argon2id rehash at the first sign-in
    /// that passes, if the hash is still `old`; the password did not change, so
    /// remembered devices stay. Returns whether it was replaced.
    fn upgrade_password_hash(&self, user_id: i64, old: &str, new: &str) -> Result<bool>;

    /// Streams the users of a tenant (or of every tenant), of one company when given,
    /// ordered by tenant and email, as `user export` writes them; with `secrets`, with
    /// their password hashes and sealed authenticator secrets. One statement, read from
    /// a cursor: memory stays flat whatever the store's size.
    fn each_export_row(
        &self,
        tenant_id: Option<i64>,
        company_id: Option<i64>,
        secrets: bool,
        each: &mut dyn FnMut(ExportRow) -> Result<()>,
    ) -> Result<()>;

    /// The id of the tenant's user with this email, if there is one.
    fn user_id_by_email(&self, tenant_id: i64, email: &str) -> Result<Option<i64>>;

    /// The user with this id (an environment error when there is none).
    fn user_by_id(&self, id: i64) -> Result<User>;

    /// Users with this email, in one tenant or in all of them.
    fn users_by_email(&self, tenant_id: Option<i64>, email: &str) -> Result<Vec<User>>;

    /// Streams the users matching `wanted`, ordered by tenant and email, each with
    /// everything their status needs, to `each`; it returns false to stop. One
    /// statement, read from a cursor: memory stays flat whatever the store's size.
    fn each_user(
        &self,
        wanted: &UserFilter,
        each: &mut dyn FnMut(UserRow) -> Result<bool>,
    ) -> Result<()>;

    /// Replaces the password hash; a change of credentials, so the user's remembered
    /// devices are revoked. Returns how many there were.
    fn set_password(&self, user_id: i64, hash: &str, now: i64) -> Result<usize>;

    /// Removes every remembered device of a user; returns how many there were.
    fn delete_devices(&self, user_id: i64) -> Result<usize>;

    /// The password hash of a user, if one is set.
    fn password_hash(&self, user_id: i64) -> Result<Option<String>>;

    /// Deletes a user. Their recovery codes, remembered devices, accepted TOTP steps,
    /// email codes, role grants and group memberships go with them: every table that
    /// refers to `users` does so `ON DELETE CASCADE` (the audit log refers to no table).
    fn delete_user(&self, user_id: i64) -> Result<()>;
}

/// The kind of a user from its stored name: `sso`, else local.
pub(super) fn user_kind(stored: &str) -> UserKind {
    if stored == "sso" {
        UserKind::Sso
    } else {
        UserKind::Local
    }
}

// A backend's user query aggregates each user's roles, groups and devices into JSON
// arrays (one subquery each, on indexes): these read them back, the same for every
// backend. Text that is not such an array counts as none.

fn json_array(text: Option<&str>) -> Vec<serde_json::Value> {
    text.and_then(|t| serde_json::from_str(t).ok())
        .unwrap_or_default()
}

/// The roles a user holds: `[name, requires_2fa]` held directly and `[name,
/// requires_2fa, group]` through a group (`requires_2fa` a number or a boolean), sorted
/// by name then group.
pub(super) fn role_facts(direct: Option<&str>, through_groups: Option<&str>) -> Vec<RoleFact> {
    let mut roles: Vec<RoleFact> = json_array(direct)
        .into_iter()
        .chain(json_array(through_groups))
        .filter_map(|held| {
            let requires = held.get(1)?;
            Some(RoleFact {
                name: held.get(0)?.as_str()?.to_owned(),
                requires_2fa: requires.as_bool().or(requires.as_i64().map(|v| v != 0))?,
                via_group: held.get(2).and_then(|g| g.as_str()).map(str::to_owned),
            })
        })
        .collect();
    roles.sort_by(|a, b| (&a.name, &a.via_group).cmp(&(&b.name, &b.via_group)));
    roles
}

/// The names of a user's groups, sorted.
pub(super) fn group_names(names: Option<&str>) -> Vec<String> {
    let mut groups: Vec<String> = json_array(names)
        .into_iter()
        .filter_map(|g| g.as_str().map(str::to_owned))
        .collect();
    groups.sort();
    groups
}

/// The names of a user's roles held directly (a JSON array of names), sorted.
pub(super) fn role_names(names: Option<&str>) -> Vec<String> {
    group_names(names)
}

/// A user's remembered devices: `[issued_at, credential_epoch]` each.
pub(super) fn device_facts(devices: Option<&str>) -> Vec<DeviceFact> {
    json_array(devices)
        .into_iter()
        .filter_map(|device| {
            Some(DeviceFact {
                issued_at: device.get(0)?.as_i64()?,
                credential_epoch: device.get(1)?.as_i64()?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{device_facts, group_names, role_facts, user_kind};
    use crate::core::model::UserKind;

    #[test]
    fn roles_read_from_either_backend_sorted_by_name_then_group() {
        // SQLite aggregates booleans as 0/1, PostgreSQL as true/false.
        let direct = r#"[["ops",1],["admin",0]]"#;
        let through_groups = r#"[["ops",true,"night"],["admin",false,"day"]]"#;
        let roles: Vec<(String, bool, Option<String>)> =
            role_facts(Some(direct), Some(through_groups))
                .into_iter()
                .map(|r| (r.name, r.requires_2fa, r.via_group))
                .collect();
        assert_eq!(
            roles,
            [
                ("admin".to_owned(), false, None),
                ("admin".to_owned(), false, Some("day".to_owned())),
                ("ops".to_owned(), true, None),
                ("ops".to_owned(), true, Some("night".to_owned())),
            ]
        );
    }

    #[test]
    fn missing_or_unreadable_aggregates_count_as_none() {
        for text in [None, Some(""), Some("not json"), Some("{}")] {
            assert!(role_facts(text, text).is_empty(), "{text:?}");
            assert!(group_names(text).is_empty(), "{text:?}");
            assert!(device_facts(text).is_empty(), "{text:?}");
        }
        assert!(role_facts(Some("[[1,2]]"), Some(r#"[["ops"]]"#)).is_empty());
        assert!(device_facts(Some(r#"[["a",2]]"#)).is_empty());
    }

    #[test]
    fn groups_sorted_and_devices_in_order() {
        assert_eq!(group_names(Some(r#"["b","a"]"#)), ["a", "b"]);
        let devices = device_facts(Some("[[10,2],[5,1]]"));
        let read: Vec<(i64, i64)> = devices
            .iter()
            .map(|d| (d.issued_at, d.credential_epoch))
            .collect();
        assert_eq!(read, [(10, 2), (5, 1)]);
    }

    #[test]
    fn a_user_is_local_unless_stored_as_sso() {
        assert_eq!(user_kind("sso"), UserKind::Sso);
        assert_eq!(user_kind("local"), UserKind::Local);
    }
}
