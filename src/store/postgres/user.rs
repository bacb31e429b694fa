//! PostgreSQL's `UserStore`: the SQL of users, and the joined query behind `user list`.

use postgres::Row;
use postgres::types::{ToSql, Type};

use super::tx::{PgTx, get, same_name};
use crate::core::model::User;
use crate::error::{Error, Result};
use crate::store::user::{device_facts, group_names, role_facts, user_kind};
use crate::store::{FactorStore, ImportRow, NewUser, UserFilter, UserRow, UserStore};

const COLUMNS: &str = "id, tenant_id, company_id, email, kind, password_hash IS NOT NULL, created_at, \
                       totp_enrolled_at, failed_attempts, locked_until, grace_started_at, credential_epoch, reset_at";

/// A user from `COLUMNS` starting at column `at` of a row.
fn user_at(row: &Row, at: usize) -> Result<User> {
    let kind: String = get(row, at + 4)?;
    Ok(User {
        id: get(row, at)?,
        tenant_id: get(row, at + 1)?,
        company_id: get(row, at + 2)?,
        email: get(row, at + 3)?,
        kind: user_kind(&kind),
        has_password: get(row, at + 5)?,
        created_at: get(row, at + 6)?,
        totp_enrolled_at: get(row, at + 7)?,
        failed_attempts: get(row, at + 8)?,
        locked_until: get(row, at + 9)?,
        grace_started_at: get(row, at + 10)?,
        credential_epoch: get(row, at + 11)?,
        reset_at: get(row, at + 12)?,
    })
}

fn user_row(row: &Row) -> Result<User> {
    user_at(row, 0)
}

/// The joined query of `each_user`: user, tenant, company, and per user one subquery
/// each for roles, groups, recovery codes and devices (all on indexes), the lists as
/// JSON arrays read by `store::user`'s shared code.
const USER_ROW_SQL: &str = "SELECT u.id, u.tenant_id, u.company_id, u.email, u.kind, u.password_hash IS NOT NULL, \
    u.created_at, u.totp_enrolled_at, u.failed_attempts, u.locked_until, u.grace_started_at, u.credential_epoch, u.reset_at, \
    t.id, t.name, t.created_at, t.twofa_enabled, t.primary_method, t.secondary_method, \
    t.grace_period_secs, t.members_may_deactivate, t.remember_device_days, \
    c.slug, c.enforce_mfa, \
    (SELECT pg_catalog.json_agg(pg_catalog.json_build_array(r.name, r.requires_2fa))::text FROM user_roles ur \
       JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id), \
    (SELECT pg_catalog.json_agg(pg_catalog.json_build_array(r.name, r.requires_2fa, g.name))::text FROM group_members m \
       JOIN groups g ON g.id = m.group_id JOIN group_roles gr ON gr.group_id = g.id \
       JOIN roles r ON r.id = gr.role_id WHERE m.user_id = u.id), \
    (SELECT pg_catalog.json_agg(g.name)::text FROM group_members m JOIN groups g ON g.id = m.group_id \
       WHERE m.user_id = u.id), \
    CASE WHEN u.pending_secret IS NOT NULL THEN u.pending_created_at END, \
    (SELECT count(*) FROM recovery_codes rc WHERE rc.user_id = u.id AND rc.used_at IS NULL), \
    (SELECT pg_catalog.json_agg(pg_catalog.json_build_array(d.created_at, d.credential_epoch) ORDER BY d.created_at, d.id)::text \
       FROM devices d WHERE d.user_id = u.id), \
    u.pending_proof, ap.issued_at, ap.expires_at \
    FROM users u JOIN tenants t ON t.id = u.tenant_id LEFT JOIN companies c ON c.id = u.company_id \
    LEFT JOIN access_passes ap ON ap.user_id = u.id";

/// The same columns as `USER_ROW_SQL` for a listing that reads all the users of the
/// store or of a tenant: each list is aggregated once per table and hash-joined, where
/// the correlated subqueries would probe five indexes per user (on a million users
/// that was 4.5 of the query's 5.2 s, by EXPLAIN ANALYZE). Not for a few users: the
/// aggregates cover every user whatever the filter.
const USER_ROW_WIDE_SQL: &str = "SELECT u.id, u.tenant_id, u.company_id, u.email, u.kind, u.password_hash IS NOT NULL, \
    u.created_at, u.totp_enrolled_at, u.failed_attempts, u.locked_until, u.grace_started_at, u.credential_epoch, u.reset_at, \
    t.id, t.name, t.created_at, t.twofa_enabled, t.primary_method, t.secondary_method, \
    t.grace_period_secs, t.members_may_deactivate, t.remember_device_days, \
    c.slug, c.enforce_mfa, \
    direct.held, through_groups.held, member_of.names, \
    CASE WHEN u.pending_secret IS NOT NULL THEN u.pending_created_at END, \
    coalesce(codes.left_unused, 0), remembered.devices, \
    u.pending_proof, ap.issued_at, ap.expires_at \
    FROM users u JOIN tenants t ON t.id = u.tenant_id LEFT JOIN companies c ON c.id = u.company_id \
    LEFT JOIN access_passes ap ON ap.user_id = u.id \
    LEFT JOIN (SELECT ur.user_id, pg_catalog.json_agg(pg_catalog.json_build_array(r.name, r.requires_2fa))::text AS held \
       FROM user_roles ur JOIN roles r ON r.id = ur.role_id GROUP BY ur.user_id) direct ON direct.user_id = u.id \
    LEFT JOIN (SELECT m.user_id, pg_catalog.json_agg(pg_catalog.json_build_array(r.name, r.requires_2fa, g.name))::text AS held \
       FROM group_members m JOIN groups g ON g.id = m.group_id JOIN group_roles gr ON gr.group_id = g.id \
       JOIN roles r ON r.id = gr.role_id GROUP BY m.user_id) through_groups ON through_groups.user_id = u.id \
    LEFT JOIN (SELECT m.user_id, pg_catalog.json_agg(g.name)::text AS names FROM group_members m \
       JOIN groups g ON g.id = m.group_id GROUP BY m.user_id) member_of ON member_of.user_id = u.id \
    LEFT JOIN (SELECT rc.user_id, count(*) AS left_unused FROM recovery_codes rc WHERE rc.used_at IS NULL \
       GROUP BY rc.user_id) codes ON codes.user_id = u.id \
    LEFT JOIN (SELECT d.user_id, pg_catalog.json_agg(pg_catalog.json_build_array(d.created_at, d.credential_epoch) ORDER BY d.created_at, d.id)::text \
       AS devices FROM devices d GROUP BY d.user_id) remembered ON remembered.user_id = u.id";

fn user_row_of(row: &Row) -> Result<UserRow> {
    let direct: Option<String> = get(row, 24)?;
    let through_groups: Option<String> = get(row, 25)?;
    let groups: Option<String> = get(row, 26)?;
    let devices: Option<String> = get(row, 29)?;
    let pending_proof: Option<String> = get(row, 30)?;
    let slug: Option<String> = get(row, 22)?;
    let enforce: Option<bool> = get(row, 23)?;
    Ok(UserRow {
        user: user_at(row, 0)?,
        tenant: super::tenant::tenant_at(row, 13)?,
        company: slug.map(|slug| (slug, enforce.unwrap_or(false))),
        roles: role_facts(direct.as_deref(), through_groups.as_deref()),
        groups: group_names(groups.as_deref()),
        pending_started_at: get(row, 27)?,
        recovery_codes_left: get(row, 28)?,
        devices: device_facts(devices.as_deref()),
        pending_proof: pending_proof
            .as_deref()
            .and_then(crate::core::signin::EnrolProof::from_name),
        access_pass: get::<Option<i64>>(row, 31)?.zip(get(row, 32)?),
    })
}

impl UserStore for PgTx<'_> {
    fn insert_user(&self, new: &NewUser<'_>, now: i64) -> Result<User> {
        let id: Option<i64> = self.first(
            "INSERT INTO users (tenant_id, company_id, email, kind, password_hash, password_changed_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, CASE WHEN $5::text IS NULL THEN NULL ELSE $6::bigint END, $6) \
             ON CONFLICT DO NOTHING RETURNING id",
            &[
                &new.tenant_id,
                &new.company_id,
                &new.email,
                &new.kind.as_str(),
                &new.password_hash,
                &now,
            ],
            "adding a user",
            |row| get(row, 0),
        )?;
        match id {
            Some(id) => self.user_by_id(id),
            None => Err(Error::conflict(format!(
                "user {} already exists in this tenant",
                new.email
            ))
            .with_hint(format!(
                "see it with `mfactl user show {}`",
                crate::output::quoted(new.email)
            ))),
        }
    }

    fn import_users(
        &self,
        tenant_id: i64,
        rows: &[ImportRow<'_>],
        now: i64,
    ) -> Result<Vec<Option<i64>>> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let doing = "adding users";
        // The staging table lives until the transaction ends; its ids come from the
        // users' own sequence as the rows arrive, so a row added keeps the id it was
        // given here and a conflict is known by its id alone.
        let sequence: String = self.value(
            "SELECT pg_catalog.pg_get_serial_sequence('users', 'id')",
            &[],
            doing,
        )?;
        self.batch(
            &format!(
                "CREATE TEMP TABLE IF NOT EXISTS mfactl_import (\
                   ord integer NOT NULL, email text NOT NULL, company_id bigint, kind text NOT NULL, \
                   roles bigint[] NOT NULL, id bigint NOT NULL DEFAULT pg_catalog.nextval('{}')) ON COMMIT DROP; \
                 TRUNCATE mfactl_import",
                sequence.replace('\'', "''")
            ),
            doing,
        )?;
        self.copy_in(
            "COPY mfactl_import (ord, email, company_id, kind, roles) FROM STDIN (FORMAT binary)",
            &[
                Type::INT4,
                Type::TEXT,
                Type::INT8,
                Type::TEXT,
                Type::INT8_ARRAY,
            ],
            doing,
            |writer| {
                for (ord, row) in (0_i32..).zip(rows) {
                    writer.write(&[
                        &ord,
                        &row.email,
                        &row.company_id,
                        &row.kind.as_str(),
                        &row.roles,
                    ])?;
                }
                Ok(())
            },
        )?;
        // One statement adds the users in the file's order (the first of two rows with
        // one email wins, the second conflicts as one with a user already there) and
        // grants the roles of those added; it answers which rows were added, by id.
        let added: Vec<(i32, i64)> = self.collect(
            "WITH added AS ( \
               INSERT INTO users (id, tenant_id, company_id, email, kind, created_at) \
               SELECT id, $1, company_id, email, kind, $2 FROM mfactl_import ORDER BY ord \
               ON CONFLICT DO NOTHING RETURNING id), \
             granted AS ( \
               INSERT INTO user_roles (user_id, role_id) \
               SELECT s.id, r.role_id FROM mfactl_import s JOIN added USING (id) \
               CROSS JOIN LATERAL pg_catalog.unnest(s.roles) AS r (role_id) \
               ON CONFLICT DO NOTHING) \
             SELECT s.ord, s.id FROM mfactl_import s JOIN added USING (id)",
            &[&tenant_id, &now],
            doing,
            |row| Ok((get(row, 0)?, get(row, 1)?)),
        )?;
        let mut ids = vec![None; rows.len()];
        for (ord, id) in added {
            if let Some(slot) = usize::try_from(ord).ok().and_then(|at| ids.get_mut(at)) {
                *slot = Some(id);
            }
        }
        Ok(ids)
    }

    fn user_id_by_email(&self, tenant_id: i64, email: &str) -> Result<Option<i64>> {
        self.first(
            &format!(
                "SELECT id FROM users WHERE tenant_id = $2 AND {}",
                same_name("email", 1)
            ),
            &[&email, &tenant_id],
            "finding a user",
            |row| get(row, 0),
        )
    }

    fn user_by_id(&self, id: i64) -> Result<User> {
        self.single(
            &format!("SELECT {COLUMNS} FROM users WHERE id = $1"),
            &[&id],
            "reading a user",
            user_row,
        )
    }

    fn users_by_email(&self, tenant_id: Option<i64>, email: &str) -> Result<Vec<User>> {
        let found = same_name("email", 1);
        match tenant_id {
            Some(tenant_id) => self.collect(
                &format!("SELECT {COLUMNS} FROM users WHERE tenant_id = $2 AND {found}"),
                &[&email, &tenant_id],
                "finding a user",
                user_row,
            ),
            None => self.collect(
                &format!("SELECT {COLUMNS} FROM users WHERE {found} ORDER BY tenant_id"),
                &[&email],
                "finding a user",
                user_row,
            ),
        }
    }

    fn each_user(
        &self,
        wanted: &UserFilter,
        each: &mut dyn FnMut(UserRow) -> Result<bool>,
    ) -> Result<()> {
        let mut conditions: Vec<String> = Vec::new();
        let mut params: Vec<&(dyn ToSql + Sync)> = Vec::new();
        if let Some(tenant_id) = &wanted.tenant_id {
            params.push(tenant_id);
            conditions.push(format!("u.tenant_id = ${}", params.len()));
        }
        if let Some(company_id) = &wanted.company_id {
            params.push(company_id);
            conditions.push(format!("u.company_id = ${}", params.len()));
        }
        if let Some(role_id) = &wanted.role_id {
            params.push(role_id);
            let n = params.len();
            conditions.push(format!(
                "u.id IN (SELECT user_id FROM user_roles WHERE role_id = ${n} UNION \
                 SELECT m.user_id FROM group_members m JOIN group_roles g ON g.group_id = m.group_id \
                 WHERE g.role_id = ${n})"
            ));
        }
        if let Some(user_id) = &wanted.user_id {
            params.push(user_id);
            conditions.push(format!("u.id = ${}", params.len()));
        }
        match wanted.enrolled {
            Some(true) => conditions.push("u.totp_enrolled_at IS NOT NULL".to_owned()),
            Some(false) => conditions.push("u.totp_enrolled_at IS NULL".to_owned()),
            None => {}
        }
        if let Some(locked_at) = &wanted.locked_at {
            params.push(locked_at);
            conditions.push(format!("u.locked_until > ${}", params.len()));
        }
        if let Some(text) = &wanted.matching {
            params.push(text);
            conditions.push(format!(
                "pg_catalog.strpos(pg_catalog.lower(u.email), pg_catalog.lower(${}::text)) > 0",
                params.len()
            ));
        }
        if wanted.may_be_required {
            conditions.push(
                "u.kind = 'local' AND (t.twofa_enabled OR c.enforce_mfa OR u.reset_at IS NOT NULL \
                 OR EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id \
                            WHERE ur.user_id = u.id AND r.requires_2fa) \
                 OR EXISTS (SELECT 1 FROM group_members m JOIN group_roles gr ON gr.group_id = m.group_id \
                            JOIN roles r ON r.id = gr.role_id WHERE m.user_id = u.id AND r.requires_2fa))"
                    .to_owned(),
            );
        }
        let filter = if conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conditions.join(" AND "))
        };
        // A company, a role's holders or one user: a few rows, each probing the indexes;
        // otherwise most of the table, its lists aggregated once.
        let few =
            wanted.company_id.is_some() || wanted.role_id.is_some() || wanted.user_id.is_some();
        let select = if few { USER_ROW_SQL } else { USER_ROW_WIDE_SQL };
        let sql = format!("{select}{filter} ORDER BY u.tenant_id, lower(u.email)");
        self.each_row(&sql, &params, "listing users", &mut |row| {
            each(user_row_of(row)?)
        })
    }

    fn set_password(&self, user_id: i64, hash: &str, now: i64) -> Result<usize> {
        self.exec(
            "UPDATE users SET password_hash = $2, password_changed_at = $3 WHERE id = $1",
            &[&user_id, &hash, &now],
            "saving a password",
        )?;
        self.credentials_changed(user_id)
    }

    fn delete_devices(&self, user_id: i64) -> Result<usize> {
        self.exec(
            "DELETE FROM devices WHERE user_id = $1",
            &[&user_id],
            "revoking remembered devices",
        )
    }

    fn password_hash(&self, user_id: i64) -> Result<Option<String>> {
        self.single(
            "SELECT password_hash FROM users WHERE id = $1",
            &[&user_id],
            "reading a password",
            |row| get(row, 0),
        )
    }

    fn delete_user(&self, user_id: i64) -> Result<()> {
        self.exec(
            "DELETE FROM users WHERE id = $1",
            &[&user_id],
            "deleting a user",
        )?;
        Ok(())
    }
}
