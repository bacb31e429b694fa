//! Users: identity, password hash, lock state and the columns of their second factors.

use rusqlite::{Row, params};

use crate::core::model::{User, UserKind};
use crate::error::{Error, Result};
use crate::store::{Tx, is_unique_violation, sql_error};

const COLUMNS: &str = "id, tenant_id, company_id, email, kind, password_hash IS NOT NULL, created_at, \
                       totp_enrolled_at, failed_attempts, locked_until, grace_started_at, credential_epoch";

fn user_row(row: &Row<'_>) -> rusqlite::Result<User> {
    let kind: String = row.get(4)?;
    Ok(User {
        id: row.get(0)?,
        tenant_id: row.get(1)?,
        company_id: row.get(2)?,
        email: row.get(3)?,
        kind: if kind == "sso" {
            UserKind::Sso
        } else {
            UserKind::Local
        },
        has_password: row.get(5)?,
        created_at: row.get(6)?,
        totp_enrolled_at: row.get(7)?,
        failed_attempts: row.get(8)?,
        locked_until: row.get(9)?,
        grace_started_at: row.get(10)?,
        credential_epoch: row.get(11)?,
    })
}

/// A user to add.
pub struct NewUser<'a> {
    pub tenant_id: i64,
    pub company_id: Option<i64>,
    pub email: &'a str,
    pub kind: UserKind,
    pub password_hash: Option<&'a str>,
}

/// Which users `users` returns; `None` matches all.
#[derive(Debug, Clone, Copy, Default)]
pub struct UserFilter {
    pub tenant_id: Option<i64>,
    pub company_id: Option<i64>,
    /// Users holding the role directly or through a group.
    pub role_id: Option<i64>,
}

impl Tx<'_> {
    pub fn insert_user(&self, new: &NewUser<'_>, now: i64) -> Result<User> {
        self.execute(
            "INSERT INTO users (tenant_id, company_id, email, kind, password_hash, password_changed_at, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, CASE WHEN ?5 IS NULL THEN NULL ELSE ?6 END, ?6)",
            params![new.tenant_id, new.company_id, new.email, new.kind.as_str(), new.password_hash, now],
        )
        .map_err(|e| {
            if is_unique_violation(&e) {
                Error::conflict(format!("user {} already exists in this tenant", new.email))
                    .with_hint("see it with `mfactl user show EMAIL`")
            } else {
                sql_error("adding a user")(e)
            }
        })?;
        self.user_by_id(self.last_insert_rowid())
    }

    pub fn user_by_id(&self, id: i64) -> Result<User> {
        self.query_row(
            &format!("SELECT {COLUMNS} FROM users WHERE id = ?1"),
            [id],
            user_row,
        )
        .map_err(sql_error("reading a user"))
    }

    /// Users with this email, in one tenant or in all of them.
    pub fn users_by_email(&self, tenant_id: Option<i64>, email: &str) -> Result<Vec<User>> {
        let mut stmt = self
            .prepare(&format!(
                "SELECT {COLUMNS} FROM users WHERE (?1 IS NULL OR tenant_id = ?1) AND email = ?2 ORDER BY tenant_id"
            ))
            .map_err(sql_error("finding a user"))?;
        let rows = stmt
            .query_map(params![tenant_id, email], user_row)
            .map_err(sql_error("finding a user"))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(sql_error("finding a user"))
    }

    pub fn users(&self, filter: UserFilter) -> Result<Vec<User>> {
        let mut stmt = self
            .prepare(&format!(
                "SELECT {COLUMNS} FROM users u WHERE (?1 IS NULL OR tenant_id = ?1) \
                 AND (?2 IS NULL OR company_id = ?2) \
                 AND (?3 IS NULL OR EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role_id = ?3) \
                      OR EXISTS (SELECT 1 FROM group_members m JOIN group_roles g ON g.group_id = m.group_id \
                                 WHERE m.user_id = u.id AND g.role_id = ?3)) \
                 ORDER BY tenant_id, email"
            ))
            .map_err(sql_error("listing users"))?;
        let rows = stmt
            .query_map(
                params![filter.tenant_id, filter.company_id, filter.role_id],
                user_row,
            )
            .map_err(sql_error("listing users"))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(sql_error("listing users"))
    }

    /// Replaces the password hash; a change of credentials, so the user's remembered
    /// devices are revoked. Returns how many there were.
    pub fn set_password(&self, user_id: i64, hash: &str, now: i64) -> Result<usize> {
        self.execute(
            "UPDATE users SET password_hash = ?2, password_changed_at = ?3 WHERE id = ?1",
            params![user_id, hash, now],
        )
        .map_err(sql_error("saving a password"))?;
        self.credentials_changed(user_id)
    }

    /// Removes every remembered device of a user; returns how many there were.
    pub fn delete_devices(&self, user_id: i64) -> Result<usize> {
        self.execute("DELETE FROM devices WHERE user_id = ?1", [user_id])
            .map_err(sql_error("revoking remembered devices"))
    }

    /// The password hash of a user, if one is set.
    pub fn password_hash(&self, user_id: i64) -> Result<Option<String>> {
        self.query_row(
            "SELECT password_hash FROM users WHERE id = ?1",
            [user_id],
            |row| row.get(0),
        )
        .map_err(sql_error("reading a password"))
    }
}
