//! SQLite's `UserStore`: the SQL of users, and the joined query behind `user list`.

use rusqlite::{Row, params};

use super::{SqliteTx, filter, is_unique_violation, sql_error};
use crate::core::model::User;
use crate::core::totp::Params;
use crate::error::{Error, Result};
use crate::store::user::{device_facts, group_names, role_facts, role_names, user_kind};
use crate::store::{
    ExportRow, FactorStore, ImportRow, ImportedTotp, NewUser, UserFilter, UserRow, UserStore,
};

const COLUMNS: &str = "id, tenant_id, company_id, email, kind, password_hash IS NOT NULL, created_at, \
                       totp_enrolled_at, failed_attempts, locked_until, grace_started_at, credential_epoch, reset_at, \
                       totp_algorithm, totp_digits, totp_period";

fn user_row(row: &Row<'_>) -> rusqlite::Result<User> {
    user_at(row, 0)
}

/// A user from `COLUMNS` starting at column `at` of a row.
fn user_at(row: &Row<'_>, at: usize) -> rusqlite::Result<User> {
    let kind: String = row.get(at + 4)?;
    Ok(User {
        id: row.get(at)?,
        tenant_id: row.get(at + 1)?,
        company_id: row.get(at + 2)?,
        email: row.get(at + 3)?,
        kind: user_kind(&kind),
        has_password: row.get(at + 5)?,
        created_at: row.get(at + 6)?,
        totp_enrolled_at: row.get(at + 7)?,
        failed_attempts: row.get(at + 8)?,
        locked_until: row.get(at + 9)?,
        grace_started_at: row.get(at + 10)?,
        credential_epoch: row.get(at + 11)?,
        reset_at: row.get(at + 12)?,
        totp_params: Params::from_stored(
            &row.get::<_, String>(at + 13)?,
            row.get(at + 14)?,
            row.get(at + 15)?,
        ),
    })
}

/// The joined query of `each_user`: user, tenant, company, and per user one
/// subquery each for roles, groups, recovery codes and devices (all on indexes).
const USER_ROW_SQL: &str = "SELECT u.id, u.tenant_id, u.company_id, u.email, u.kind, u.password_hash IS NOT NULL, \
    u.created_at, u.totp_enrolled_at, u.failed_attempts, u.locked_until, u.grace_started_at, u.credential_epoch, u.reset_at, \
    u.totp_algorithm, u.totp_digits, u.totp_period, \
    t.id, t.name, t.created_at, t.twofa_enabled, t.primary_method, t.secondary_method, \
    t.grace_period_secs, t.members_may_deactivate, t.remember_device_days, \
    c.slug, c.enforce_mfa, \
    (SELECT json_group_array(json_array(r.name, r.requires_2fa)) FROM user_roles ur \
       JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id), \
    (SELECT json_group_array(json_array(r.name, r.requires_2fa, g.name)) FROM group_members m \
       JOIN groups g ON g.id = m.group_id JOIN group_roles gr ON gr.group_id = g.id \
       JOIN roles r ON r.id = gr.role_id WHERE m.user_id = u.id), \
    (SELECT json_group_array(g.name) FROM group_members m JOIN groups g ON g.id = m.group_id \
       WHERE m.user_id = u.id), \
    CASE WHEN u.pending_secret IS NOT NULL THEN u.pending_created_at END, \
    (SELECT count(*) FROM recovery_codes rc WHERE rc.user_id = u.id AND rc.used_at IS NULL), \
    (SELECT json_group_array(json_array(d.created_at, d.credential_epoch)) FROM devices d \
       WHERE d.user_id = u.id), \
    u.pending_proof, ap.issued_at, ap.expires_at \
    FROM users u JOIN tenants t ON t.id = u.tenant_id LEFT JOIN companies c ON c.id = u.company_id \
    LEFT JOIN access_passes ap ON ap.user_id = u.id";

fn user_row_of(row: &Row<'_>) -> rusqlite::Result<UserRow> {
    let direct: Option<String> = row.get(27)?;
    let through_groups: Option<String> = row.get(28)?;
    let groups: Option<String> = row.get(29)?;
    let devices: Option<String> = row.get(32)?;
    let pending_proof: Option<String> = row.get(33)?;
    let slug: Option<String> = row.get(25)?;
    let enforce: Option<bool> = row.get(26)?;
    Ok(UserRow {
        user: user_at(row, 0)?,
        tenant: super::tenant::tenant_at(row, 16)?,
        company: slug.map(|slug| (slug, enforce.unwrap_or(false))),
        roles: role_facts(direct.as_deref(), through_groups.as_deref()),
        groups: group_names(groups.as_deref()),
        pending_started_at: row.get(30)?,
        recovery_codes_left: row.get(31)?,
        devices: device_facts(devices.as_deref()),
        pending_proof: pending_proof
            .as_deref()
            .and_then(crate::core::signin::EnrolProof::from_name),
        access_pass: row.get::<_, Option<i64>>(34)?.zip(row.get(35)?),
    })
}

impl UserStore for SqliteTx<'_> {
    fn insert_user(&self, new: &NewUser<'_>, now: i64) -> Result<User> {
        self.execute(
            "INSERT INTO users (tenant_id, company_id, email, kind, password_hash, password_changed_at, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, CASE WHEN ?5 IS NULL THEN NULL ELSE ?6 END, ?6)",
            params![new.tenant_id, new.company_id, new.email, new.kind.as_str(), new.password_hash, now],
        )
        .map_err(|e| {
            if is_unique_violation(&e) {
                Error::conflict(format!("user {} already exists in this tenant", new.email))
                    .with_hint(format!(
                        "see it with `mfactl user show {}`",
                        crate::output::quoted(new.email)
                    ))
            } else {
                sql_error("adding a user")(e)
            }
        })?;
        self.user_by_id(self.last_insert_rowid())
    }

    fn reserve_user_ids(&self, count: usize) -> Result<Vec<i64>> {
        // The write transaction holds the only writer: the ids after the largest are
        // free, and SQLite gives the same to a row added without one.
        let last: i64 = self
            .query_row("SELECT coalesce(max(id), 0) FROM users", [], |row| {
                row.get(0)
            })
            .map_err(sql_error("adding users"))?;
        (1..=i64::try_from(count).unwrap_or(i64::MAX))
            .map(|n| {
                last.checked_add(n)
                    .ok_or_else(|| Error::environment("the store has run out of user ids"))
            })
            .collect()
    }

    fn import_users(&self, rows: &[ImportRow<'_>], now: i64) -> Result<Vec<Option<i64>>> {
        let mut add = self
            .prepare_cached(
                "INSERT INTO users (id, tenant_id, company_id, email, kind, password_hash, password_changed_at, \
                   created_at, totp_secret, totp_enrolled_at, totp_algorithm, totp_digits, totp_period) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, CASE WHEN ?6 IS NULL THEN NULL ELSE ?7 END, \
                   ?7, ?8, CASE WHEN ?8 IS NULL THEN NULL ELSE ?7 END, ?9, ?10, ?11) \
                 ON CONFLICT (tenant_id, email) DO NOTHING",
            )
            .map_err(sql_error("adding a user"))?;
        let mut grant = self
            .prepare_cached(
                "INSERT INTO user_roles (user_id, role_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            )
            .map_err(sql_error("giving a role"))?;
        // Added in the order of the indexes on (tenant, email) and email (NOCASE: ASCII
        // letters folded): each insert then lands beside the one before it, in pages
        // already in memory. The sort is stable, so of two rows with one email the
        // first of the batch is added, as in the batch's order.
        let mut order: Vec<usize> = (0..rows.len()).collect();
        order.sort_by(|&a, &b| {
            let folded = |at: usize| rows[at].email.bytes().map(|c| c.to_ascii_lowercase());
            rows[a]
                .tenant_id
                .cmp(&rows[b].tenant_id)
                .then_with(|| folded(a).cmp(folded(b)))
        });
        let mut ids = vec![None; rows.len()];
        for at in order {
            let row = &rows[at];
            let params = row.totp.map(|totp| totp.params).unwrap_or_default();
            let added = add
                .execute(params![
                    row.id,
                    row.tenant_id,
                    row.company_id,
                    row.email,
                    row.kind.as_str(),
                    row.password_hash,
                    now,
                    row.totp.map(|totp| totp.sealed),
                    params.algorithm.as_str(),
                    params.digits,
                    params.period,
                ])
                .map_err(sql_error("adding a user"))?;
            let id = (added == 1).then_some(row.id);
            if let Some(id) = id {
                for role in row.roles {
                    grant
                        .execute(params![id, role])
                        .map_err(sql_error("giving a role"))?;
                }
            }
            ids[at] = id;
        }
        Ok(ids)
    }

    fn import_authenticators(&self, rows: &[(i64, ImportedTotp<'_>)], now: i64) -> Result<()> {
        let doing = "enrolling an imported authenticator";
        for (user_id, totp) in rows {
            self.prepare_cached(
                "UPDATE users SET totp_secret = ?2, totp_enrolled_at = ?3, totp_algorithm = ?4, \
                   totp_digits = ?5, totp_period = ?6, pending_secret = NULL, pending_created_at = NULL, \
                   pending_proof = NULL, reset_at = NULL WHERE id = ?1",
            )
            .and_then(|mut stmt| {
                stmt.execute(params![
                    user_id,
                    totp.sealed,
                    now,
                    totp.params.algorithm.as_str(),
                    totp.params.digits,
                    totp.params.period,
                ])
            })
            .map_err(sql_error(doing))?;
            for sql in [
                "DELETE FROM totp_steps WHERE user_id = ?1",
                "DELETE FROM recovery_codes WHERE user_id = ?1",
            ] {
                self.prepare_cached(sql)
                    .and_then(|mut stmt| stmt.execute([user_id]))
                    .map_err(sql_error(doing))?;
            }
            self.credentials_changed(*user_id)?;
        }
        Ok(())
    }

    fn upgrade_password_hash(&self, user_id: i64, old: &str, new: &str) -> Result<bool> {
        let changed = self
            .execute(
                "UPDATE users SET password_hash = ?3 WHERE id = ?1 AND password_hash = ?2",
                params![user_id, old, new],
            )
            .map_err(sql_error("saving a password"))?;
        Ok(changed == 1)
    }

    fn each_export_row(
        &self,
        tenant_id: Option<i64>,
        company_id: Option<i64>,
        secrets: bool,
        each: &mut dyn FnMut(ExportRow) -> Result<()>,
    ) -> Result<()> {
        let doing = "exporting users";
        let sql = format!(
            "SELECT u.id, t.name, u.email, c.slug, \
               (SELECT json_group_array(r.name) FROM user_roles ur JOIN roles r ON r.id = ur.role_id \
                  WHERE ur.user_id = u.id), \
               u.kind, CASE WHEN ?3 THEN u.password_hash END, \
               CASE WHEN ?3 AND u.totp_enrolled_at IS NOT NULL THEN u.totp_secret END, \
               u.totp_algorithm, u.totp_digits, u.totp_period \
             FROM users u JOIN tenants t ON t.id = u.tenant_id LEFT JOIN companies c ON c.id = u.company_id \
             WHERE {} AND {} ORDER BY u.tenant_id, u.email",
            filter(
                if company_id.is_some() {
                    "+u.tenant_id"
                } else {
                    "u.tenant_id"
                },
                1,
                tenant_id.is_some()
            ),
            filter("u.company_id", 2, company_id.is_some()),
        );
        let mut stmt = self.prepare(&sql).map_err(sql_error(doing))?;
        let mut rows = stmt
            .query(params![tenant_id, company_id, secrets])
            .map_err(sql_error(doing))?;
        while let Some(row) = rows.next().map_err(sql_error(doing))? {
            let read = (|| -> rusqlite::Result<ExportRow> {
                let roles: Option<String> = row.get(4)?;
                let kind: String = row.get(5)?;
                let sealed: Option<Vec<u8>> = row.get(7)?;
                let params =
                    Params::from_stored(&row.get::<_, String>(8)?, row.get(9)?, row.get(10)?);
                Ok(ExportRow {
                    id: row.get(0)?,
                    tenant: row.get(1)?,
                    email: row.get(2)?,
                    company: row.get(3)?,
                    roles: role_names(roles.as_deref()),
                    kind: user_kind(&kind),
                    password_hash: row.get(6)?,
                    totp: sealed.map(|sealed| (sealed, params)),
                })
            })()
            .map_err(sql_error(doing))?;
            each(read)?;
        }
        Ok(())
    }

    fn user_id_by_email(&self, tenant_id: i64, email: &str) -> Result<Option<i64>> {
        use rusqlite::OptionalExtension;
        self.prepare_cached("SELECT id FROM users WHERE tenant_id = ?1 AND email = ?2")
            .and_then(|mut stmt| {
                stmt.query_row(params![tenant_id, email], |row| row.get(0))
                    .optional()
            })
            .map_err(sql_error("finding a user"))
    }

    fn user_by_id(&self, id: i64) -> Result<User> {
        self.query_row(
            &format!("SELECT {COLUMNS} FROM users WHERE id = ?1"),
            [id],
            user_row,
        )
        .map_err(sql_error("reading a user"))
    }

    fn users_by_email(&self, tenant_id: Option<i64>, email: &str) -> Result<Vec<User>> {
        let mut stmt = self
            .prepare(&format!(
                "SELECT {COLUMNS} FROM users WHERE {} AND email = ?2 ORDER BY tenant_id",
                filter("tenant_id", 1, tenant_id.is_some())
            ))
            .map_err(sql_error("finding a user"))?;
        let rows = stmt
            .query_map(params![tenant_id, email], user_row)
            .map_err(sql_error("finding a user"))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(sql_error("finding a user"))
    }

    fn each_user(
        &self,
        wanted: &UserFilter,
        each: &mut dyn FnMut(UserRow) -> Result<bool>,
    ) -> Result<()> {
        let role = if wanted.role_id.is_some() {
            "u.id IN (SELECT user_id FROM user_roles WHERE role_id = ?3 UNION \
             SELECT m.user_id FROM group_members m JOIN group_roles g ON g.group_id = m.group_id WHERE g.role_id = ?3)"
        } else {
            "?3 IS NULL"
        };
        let enrolled = match wanted.enrolled {
            Some(true) => "u.totp_enrolled_at IS NOT NULL AND ?5 IS NOT NULL",
            Some(false) => "u.totp_enrolled_at IS NULL AND ?5 IS NOT NULL",
            None => "?5 IS NULL",
        };
        let locked = if wanted.locked_at.is_some() {
            "u.locked_until > ?6"
        } else {
            "?6 IS NULL"
        };
        let required = if wanted.may_be_required {
            "u.kind = 'local' AND (t.twofa_enabled OR c.enforce_mfa OR u.reset_at IS NOT NULL \
             OR EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id \
                        WHERE ur.user_id = u.id AND r.requires_2fa) \
             OR EXISTS (SELECT 1 FROM group_members m JOIN group_roles gr ON gr.group_id = m.group_id \
                        JOIN roles r ON r.id = gr.role_id WHERE m.user_id = u.id AND r.requires_2fa))"
        } else {
            "1"
        };
        // With a company or role, the tenant (implied by them) must not pick the index:
        // `+` keeps SQLite from scanning the tenant's users in email order.
        let narrower =
            wanted.company_id.is_some() || wanted.role_id.is_some() || wanted.user_id.is_some();
        let tenant = filter(
            if narrower {
                "+u.tenant_id"
            } else {
                "u.tenant_id"
            },
            1,
            wanted.tenant_id.is_some(),
        );
        let matching = if wanted.matching.is_some() {
            "instr(lower(u.email), lower(?7)) > 0"
        } else {
            "?7 IS NULL"
        };
        let sql = format!(
            "{USER_ROW_SQL} WHERE {tenant} AND {} AND {role} AND {} AND {enrolled} AND {locked} AND {required} \
             AND {matching} ORDER BY u.tenant_id, u.email",
            filter("u.company_id", 2, wanted.company_id.is_some()),
            filter("u.id", 4, wanted.user_id.is_some()),
        );
        let mut stmt = self
            .prepare_cached(&sql)
            .map_err(sql_error("listing users"))?;
        let mut rows = stmt
            .query(params![
                wanted.tenant_id,
                wanted.company_id,
                wanted.role_id,
                wanted.user_id,
                wanted.enrolled,
                wanted.locked_at,
                wanted.matching,
            ])
            .map_err(sql_error("listing users"))?;
        while let Some(row) = rows.next().map_err(sql_error("listing users"))? {
            let user = user_row_of(row).map_err(sql_error("listing users"))?;
            if !each(user)? {
                break;
            }
        }
        Ok(())
    }

    fn set_password(&self, user_id: i64, hash: &str, now: i64) -> Result<usize> {
        self.execute(
            "UPDATE users SET password_hash = ?2, password_changed_at = ?3 WHERE id = ?1",
            params![user_id, hash, now],
        )
        .map_err(sql_error("saving a password"))?;
        self.credentials_changed(user_id)
    }

    fn delete_devices(&self, user_id: i64) -> Result<usize> {
        self.execute("DELETE FROM devices WHERE user_id = ?1", [user_id])
            .map_err(sql_error("revoking remembered devices"))
    }

    fn password_hash(&self, user_id: i64) -> Result<Option<String>> {
        self.query_row(
            "SELECT password_hash FROM users WHERE id = ?1",
            [user_id],
            |row| row.get(0),
        )
        .map_err(sql_error("reading a password"))
    }

    fn delete_user(&self, user_id: i64) -> Result<()> {
        self.execute("DELETE FROM users WHERE id = ?1", [user_id])
            .map_err(sql_error("deleting a user"))?;
        Ok(())
    }
}
