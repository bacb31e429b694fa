//! PostgreSQL's `UserStore`: the SQL of users, and the joined query behind `user list`.

use postgres::Row;
use postgres::types::{ToSql, Type};

use super::tx::{PgTx, get, same_name};
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
        totp_params: Params::from_stored(
            &get::<String>(row, at + 13)?,
            get(row, at + 14)?,
            get(row, at + 15)?,
        ),
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
    u.totp_algorithm, u.totp_digits, u.totp_period, \
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
    u.totp_algorithm, u.totp_digits, u.totp_period, \
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
    let direct: Option<String> = get(row, 27)?;
    let through_groups: Option<String> = get(row, 28)?;
    let groups: Option<String> = get(row, 29)?;
    let devices: Option<String> = get(row, 32)?;
    let pending_proof: Option<String> = get(row, 33)?;
    let slug: Option<String> = get(row, 25)?;
    let enforce: Option<bool> = get(row, 26)?;
    Ok(UserRow {
        user: user_at(row, 0)?,
        tenant: super::tenant::tenant_at(row, 16)?,
        company: slug.map(|slug| (slug, enforce.unwrap_or(false))),
        roles: role_facts(direct.as_deref(), through_groups.as_deref()),
        groups: group_names(groups.as_deref()),
        pending_started_at: get(row, 30)?,
        recovery_codes_left: get(row, 31)?,
        devices: device_facts(devices.as_deref()),
        pending_proof: pending_proof
            .as_deref()
            .and_then(crate::core::signin::EnrolProof::from_name),
        access_pass: get::<Option<i64>>(row, 34)?.zip(get(row, 35)?),
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

    fn reserve_user_ids(&self, count: usize) -> Result<Vec<i64>> {
        if count == 0 {
            return Ok(Vec::new());
        }
        let doing = "adding users";
        let sequence: String = self.value(
            "SELECT pg_catalog.pg_get_serial_sequence('users', 'id')",
            &[],
            doing,
        )?;
        let count = i64::try_from(count).unwrap_or(i64::MAX);
        // Taken from the users' own sequence, as a row added without an id would be.
        self.collect(
            "SELECT pg_catalog.nextval($1::text::regclass) FROM pg_catalog.generate_series(1, $2::bigint) ORDER BY 1",
            &[&sequence, &count],
            doing,
            |row| get(row, 0),
        )
    }

    fn import_users(&self, rows: &[ImportRow<'_>], now: i64) -> Result<Vec<Option<i64>>> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let doing = "adding users";
        // The staging table lives until the transaction ends; each row carries the id
        // reserved for it, so a row added keeps it and a conflict is known by its id.
        self.batch(
            "CREATE TEMP TABLE IF NOT EXISTS mfactl_import_users (\
               ord integer NOT NULL, id bigint NOT NULL, tenant_id bigint NOT NULL, email text NOT NULL, \
               company_id bigint, kind text NOT NULL, roles bigint[] NOT NULL, password_hash text, \
               totp_secret bytea, totp_algorithm text NOT NULL, totp_digits bigint NOT NULL, \
               totp_period bigint NOT NULL) ON COMMIT DROP; \
             TRUNCATE mfactl_import_users",
            doing,
        )?;
        self.copy_in(
            "COPY mfactl_import_users (ord, id, tenant_id, email, company_id, kind, roles, password_hash, \
               totp_secret, totp_algorithm, totp_digits, totp_period) FROM STDIN (FORMAT binary)",
            &[
                Type::INT4,
                Type::INT8,
                Type::INT8,
                Type::TEXT,
                Type::INT8,
                Type::TEXT,
                Type::INT8_ARRAY,
                Type::TEXT,
                Type::BYTEA,
                Type::TEXT,
                Type::INT8,
                Type::INT8,
            ],
            doing,
            |writer| {
                for (ord, row) in (0_i32..).zip(rows) {
                    let params = row.totp.map(|totp| totp.params).unwrap_or_default();
                    writer.write(&[
                        &ord,
                        &row.id,
                        &row.tenant_id,
                        &row.email,
                        &row.company_id,
                        &row.kind.as_str(),
                        &row.roles,
                        &row.password_hash,
                        &row.totp.map(|totp| totp.sealed),
                        &params.algorithm.as_str(),
                        &i64::from(params.digits),
                        &i64::from(params.period),
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
               INSERT INTO users (id, tenant_id, company_id, email, kind, password_hash, password_changed_at, \
                 created_at, totp_secret, totp_enrolled_at, totp_algorithm, totp_digits, totp_period) \
               SELECT id, tenant_id, company_id, email, kind, password_hash, \
                 CASE WHEN password_hash IS NULL THEN NULL ELSE $1::bigint END, $1, totp_secret, \
                 CASE WHEN totp_secret IS NULL THEN NULL ELSE $1::bigint END, totp_algorithm, totp_digits, \
                 totp_period FROM mfactl_import_users ORDER BY ord \
               ON CONFLICT (tenant_id, lower(email)) DO NOTHING RETURNING id), \
             granted AS ( \
               INSERT INTO user_roles (user_id, role_id) \
               SELECT s.id, r.role_id FROM mfactl_import_users s JOIN added USING (id) \
               CROSS JOIN LATERAL pg_catalog.unnest(s.roles) AS r (role_id) \
               ON CONFLICT DO NOTHING) \
             SELECT s.ord, s.id FROM mfactl_import_users s JOIN added USING (id)",
            &[&now],
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

    fn import_authenticators(&self, rows: &[(i64, ImportedTotp<'_>)], now: i64) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let doing = "enrolling imported authenticators";
        self.batch(
            "CREATE TEMP TABLE IF NOT EXISTS mfactl_import_totp (\
               user_id bigint NOT NULL, totp_secret bytea NOT NULL, totp_algorithm text NOT NULL, \
               totp_digits bigint NOT NULL, totp_period bigint NOT NULL) ON COMMIT DROP; \
             TRUNCATE mfactl_import_totp",
            doing,
        )?;
        self.copy_in(
            "COPY mfactl_import_totp (user_id, totp_secret, totp_algorithm, totp_digits, totp_period) \
             FROM STDIN (FORMAT binary)",
            &[Type::INT8, Type::BYTEA, Type::TEXT, Type::INT8, Type::INT8],
            doing,
            |writer| {
                for (user_id, totp) in rows {
                    writer.write(&[
                        user_id,
                        &totp.sealed,
                        &totp.params.algorithm.as_str(),
                        &i64::from(totp.params.digits),
                        &i64::from(totp.params.period),
                    ])?;
                }
                Ok(())
            },
        )?;
        // The same as `clear_factors` then an enrolment, set-based: the secret and its
        // parameters, no pending enrolment or reset, no steps, no recovery codes, the
        // credential epoch moved on and remembered devices revoked.
        self.batch(
            &format!(
                "UPDATE users u SET totp_secret = s.totp_secret, totp_enrolled_at = {now}, \
                   totp_algorithm = s.totp_algorithm, totp_digits = s.totp_digits, totp_period = s.totp_period, \
                   pending_secret = NULL, pending_created_at = NULL, pending_proof = NULL, reset_at = NULL, \
                   credential_epoch = u.credential_epoch + 1 \
                 FROM mfactl_import_totp s WHERE u.id = s.user_id; \
                 DELETE FROM totp_steps WHERE user_id IN (SELECT user_id FROM mfactl_import_totp); \
                 DELETE FROM recovery_codes WHERE user_id IN (SELECT user_id FROM mfactl_import_totp); \
                 DELETE FROM devices WHERE user_id IN (SELECT user_id FROM mfactl_import_totp)"
            ),
            doing,
        )
    }

    fn upgrade_password_hash(&self, user_id: i64, old: &str, new: &str) -> Result<bool> {
        let changed = self.exec(
            "UPDATE users SET password_hash = $3 WHERE id = $1 AND password_hash = $2",
            &[&user_id, &old, &new],
            "saving a password",
        )?;
        Ok(changed == 1)
    }

    fn each_export_row(
        &self,
        tenant_id: Option<i64>,
        company_id: Option<i64>,
        secrets: bool,
        each: &mut dyn FnMut(ExportRow) -> Result<()>,
    ) -> Result<()> {
        let mut conditions: Vec<String> = Vec::new();
        let mut params: Vec<&(dyn ToSql + Sync)> = vec![&secrets];
        if let Some(tenant_id) = &tenant_id {
            params.push(tenant_id);
            conditions.push(format!("u.tenant_id = ${}", params.len()));
        }
        if let Some(company_id) = &company_id {
            params.push(company_id);
            conditions.push(format!("u.company_id = ${}", params.len()));
        }
        let filter = if conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conditions.join(" AND "))
        };
        let sql = format!(
            "SELECT u.id, t.name, u.email, c.slug, held.names, u.kind, \
               CASE WHEN $1 THEN u.password_hash END, \
               CASE WHEN $1 AND u.totp_enrolled_at IS NOT NULL THEN u.totp_secret END, \
               u.totp_algorithm, u.totp_digits, u.totp_period \
             FROM users u JOIN tenants t ON t.id = u.tenant_id LEFT JOIN companies c ON c.id = u.company_id \
             LEFT JOIN LATERAL (SELECT pg_catalog.json_agg(r.name)::text AS names FROM user_roles ur \
               JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id) held ON true\
             {filter} ORDER BY u.tenant_id, lower(u.email)"
        );
        self.each_row(&sql, &params, "exporting users", &mut |row| {
            let roles: Option<String> = get(row, 4)?;
            let kind: String = get(row, 5)?;
            let sealed: Option<Vec<u8>> = get(row, 7)?;
            let params = Params::from_stored(&get::<String>(row, 8)?, get(row, 9)?, get(row, 10)?);
            each(ExportRow {
                id: get(row, 0)?,
                tenant: get(row, 1)?,
                email: get(row, 2)?,
                company: get(row, 3)?,
                roles: role_names(roles.as_deref()),
                kind: user_kind(&kind),
                password_hash: get(row, 6)?,
                totp: sealed.map(|sealed| (sealed, params)),
            })?;
            Ok(true)
        })
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
