#!/usr/bin/env bash
# Scale benchmark on PostgreSQL (issue 13): the commands of `benches/scale.sh` on a
# store of USERS users (default 1,000,000) in a PostgreSQL database, built through
# `mfactl user import` (COPY), each beside its floor measured in the same run: `psql`
# doing the equivalent query on the same database, its rows written out as JSON by the
# server (`COPY (SELECT row_to_json(…)) TO STDOUT`); for login a bare argon2id hash with
# the same parameters; for import, `psql \copy` of the same CSV into a table with a
# unique email.
#
#   benches/scale-pg.sh                 # the full run (about 20 minutes on 2 cores)
#   USERS=50000 benches/scale-pg.sh     # a quick one
#
# The server is a throw-away cluster of `scripts/pg-cluster` (Debian's `postgresql`,
# default settings but fsync turned back on, as a real server has it; the tests' cluster
# runs without). Needs the Debian packages postgresql, hyperfine, argon2, oathtool and
# time (installed when run as root). Builds the release binary. Results: a table on
# stdout; copy it to benches/RESULTS.md with the machine it ran on.
set -euo pipefail
cd "$(dirname "$0")/.."

USERS=${USERS:-1000000}
COMPANIES=1000
IMPORT_ROWS=${IMPORT_ROWS:-100000}
AUDIT_ENTRIES=${AUDIT_ENTRIES:-1300000}
RUNS=${RUNS:-3}

source benches/common.sh
need benches/scale-pg.sh hyperfine=hyperfine psql=postgresql-client argon2=argon2 oathtool=oathtool /usr/bin/time=time
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need benches/scale-pg.sh no-such-tool=postgresql

cargo build --release --locked -q
bin=$PWD/target/release/mfactl
dir=$(mktemp -d "${TMPDIR:-/tmp}/mfactl-scale-pg.XXXXXX")
read -r server cluster < <(scripts/pg-cluster start)
trap 'scripts/pg-cluster stop "$cluster"; rm -rf "$dir"' EXIT
base=${server%/postgres}
# The server as a real one runs: changes reach the disk.
psql -X -q "$server" -c "ALTER SYSTEM SET fsync = on" -c "SELECT pg_reload_conf()" >/dev/null
psql -X -q "$server" -c "CREATE DATABASE bench"
url=$base/bench
export MFACTL_STORE=$url MFACTL_KEY_FILE="$dir/store.key" MFACTL_ACTOR=bench XDG_DATA_HOME="$dir/data"
results="$dir/results.tsv"
: >"$results"

# psql (the floors, the SQL below) finds the store's tables where mfactl keeps them.
export PGOPTIONS="-c search_path=mfactl"
sql() { psql -X -q -v ON_ERROR_STOP=1 "$url" "$@" >/dev/null; }

build_store
# Factor state and group members, set with SQL as benches/scale.sh does; then the
# planner's statistics, as autovacuum would gather them on a live server.
sql <<'EOF'
UPDATE users SET totp_enrolled_at = created_at WHERE id % 3 = 0;
UPDATE users SET failed_attempts = 5, locked_until = extract(epoch FROM now())::bigint + 86400 WHERE id % 1000 = 7;
INSERT INTO group_members (group_id, user_id)
  SELECT g.id, u.id FROM users u JOIN groups g ON g.name = 'g' || ((u.id / 1000) % 10) WHERE u.id % 1000 = 1;
VACUUM ANALYZE;
EOF

printf 'bench-password-1\n' >"$dir/pw"
"$bin" user add bench@example.com --company c500 --password-stdin -q <"$dir/pw"
secret=$("$bin" user activate-2fa bench@example.com --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')
"$bin" user activate-2fa bench@example.com --code "$(oathtool --totp -b "$secret")" -q >/dev/null

# The joined query the floors run: what `user list` needs of each user (PostgreSQL's
# spelling of benches/scale.sh's), each row written as JSON by the server.
select="SELECT u.email, t.name AS tenant, c.slug AS company, u.kind, u.password_hash IS NOT NULL AS has_password,
  u.created_at, u.totp_enrolled_at, u.failed_attempts, u.locked_until, u.grace_started_at, c.enforce_mfa,
  t.twofa_enabled, t.primary_method, t.secondary_method, t.grace_period_secs,
  (SELECT json_agg(json_build_array(r.name, r.requires_2fa)) FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id) AS roles,
  (SELECT json_agg(json_build_array(r.name, r.requires_2fa, g.name)) FROM group_members m JOIN groups g ON g.id = m.group_id
     JOIN group_roles gr ON gr.group_id = g.id JOIN roles r ON r.id = gr.role_id WHERE m.user_id = u.id) AS group_roles,
  (SELECT json_agg(g.name) FROM group_members m JOIN groups g ON g.id = m.group_id WHERE m.user_id = u.id) AS groups,
  (SELECT count(*) FROM recovery_codes rc WHERE rc.user_id = u.id AND rc.used_at IS NULL) AS recovery_codes_left,
  (SELECT count(*) FROM devices d WHERE d.user_id = u.id) AS devices
  FROM users u JOIN tenants t ON t.id = u.tenant_id LEFT JOIN companies c ON c.id = u.company_id"
# The same, for the listings that read most of the table: each list aggregated once and
# hash-joined, as mfactl asks PostgreSQL for them (the correlated subqueries above,
# one index probe per user and list, take twice as long there).
wide="SELECT u.email, t.name AS tenant, c.slug AS company, u.kind, u.password_hash IS NOT NULL AS has_password,
  u.created_at, u.totp_enrolled_at, u.failed_attempts, u.locked_until, u.grace_started_at, c.enforce_mfa,
  t.twofa_enabled, t.primary_method, t.secondary_method, t.grace_period_secs,
  direct.held AS roles, through_groups.held AS group_roles, member_of.names AS groups,
  coalesce(codes.left_unused, 0) AS recovery_codes_left, coalesce(remembered.devices, 0) AS devices
  FROM users u JOIN tenants t ON t.id = u.tenant_id LEFT JOIN companies c ON c.id = u.company_id
  LEFT JOIN (SELECT ur.user_id, json_agg(json_build_array(r.name, r.requires_2fa)) AS held
     FROM user_roles ur JOIN roles r ON r.id = ur.role_id GROUP BY ur.user_id) direct ON direct.user_id = u.id
  LEFT JOIN (SELECT m.user_id, json_agg(json_build_array(r.name, r.requires_2fa, g.name)) AS held
     FROM group_members m JOIN groups g ON g.id = m.group_id JOIN group_roles gr ON gr.group_id = g.id
     JOIN roles r ON r.id = gr.role_id GROUP BY m.user_id) through_groups ON through_groups.user_id = u.id
  LEFT JOIN (SELECT m.user_id, json_agg(g.name) AS names FROM group_members m JOIN groups g ON g.id = m.group_id
     GROUP BY m.user_id) member_of ON member_of.user_id = u.id
  LEFT JOIN (SELECT rc.user_id, count(*) AS left_unused FROM recovery_codes rc WHERE rc.used_at IS NULL
     GROUP BY rc.user_id) codes ON codes.user_id = u.id
  LEFT JOIN (SELECT d.user_id, count(*) AS devices FROM devices d GROUP BY d.user_id) remembered ON remembered.user_id = u.id"
# A floor command: the query kept in a file, its rows as JSON through COPY by psql.
queries=0
q() {
  queries=$((queries + 1))
  printf 'COPY (SELECT row_to_json(q) FROM (%s) q) TO STDOUT;\n' "$1" >"$dir/query$queries.sql"
  echo "psql -X -q ${2:-$url} -f $dir/query$queries.sql"
}
role_holders="u.id IN (SELECT user_id FROM user_roles WHERE role_id = (SELECT id FROM roles WHERE name = 'r3')
  UNION SELECT m.user_id FROM group_members m JOIN group_roles g ON g.group_id = m.group_id WHERE g.role_id = (SELECT id FROM roles WHERE name = 'r3'))"
missing="u.totp_enrolled_at IS NULL AND ((u.kind = 'local' AND c.enforce_mfa) OR t.twofa_enabled
  OR EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id AND r.requires_2fa)
  OR EXISTS (SELECT 1 FROM group_members m JOIN group_roles gr ON gr.group_id = m.group_id JOIN roles r ON r.id = gr.role_id
             WHERE m.user_id = u.id AND r.requires_2fa))"
order="ORDER BY u.tenant_id, lower(u.email)"

row "user list --json (all)" "$bin user list --json" "$(q "$wide $order")" "2x"
row "user list --role R --json" "$bin user list --role r3 --json" "$(q "$select WHERE $role_holders $order")" "2x"
row "user list --mfa missing --json" "$bin user list --mfa missing --json" "$(q "$wide WHERE $missing $order")" "2x"
row "user list --mfa enrolled --json" "$bin user list --mfa enrolled --json" "$(q "$wide WHERE u.totp_enrolled_at IS NOT NULL $order")" "2x"
row "company enforce-mfa C --dry-run --json" "$bin company enforce-mfa c700 --dry-run --json" \
  "$(q "SELECT email, created_at FROM users WHERE company_id = (SELECT id FROM companies WHERE slug = 'c700') AND kind = 'local' AND totp_enrolled_at IS NULL ORDER BY lower(email)")" "2x" --warmup 3
row "user list --company C --json" "$bin user list --company c700 --json" "$(q "$select WHERE u.company_id = (SELECT id FROM companies WHERE slug = 'c700') $order")" "2x" --warmup 3
row "user show EMAIL --json" "$bin user show user$((USERS * 7 / 9))@example.com --json" "$(q "$select WHERE lower(u.email) = 'user$((USERS * 7 / 9))@example.com'")" "1.5x" --warmup 3

# The coverage report's floor: benches/scale.sh's GROUP BY in PostgreSQL's spelling.
now="extract(epoch FROM now())::bigint"
coverage="WITH f AS (
  SELECT u.tenant_id, u.company_id, u.kind = 'local' AS local, u.totp_enrolled_at IS NOT NULL AS enrolled,
    coalesce(u.locked_until > $now, false) AS locked, u.grace_started_at AS started,
    t.twofa_enabled AS by_tenant, t.grace_period_secs AS grace, coalesce(c.enforce_mfa, false) AS by_company,
    u.id IN (SELECT ur.user_id FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE r.requires_2fa
             UNION SELECT m.user_id FROM group_members m JOIN group_roles gr ON gr.group_id = m.group_id
             JOIN roles r ON r.id = gr.role_id WHERE r.requires_2fa) AS by_role
  FROM users u JOIN tenants t ON t.id = u.tenant_id LEFT JOIN companies c ON c.id = u.company_id),
g AS (SELECT *, local AND NOT enrolled AND (by_tenant OR by_company OR by_role) AS missing,
  local AND NOT enrolled AND by_tenant AND NOT by_company AND NOT by_role AND grace > 0
    AND (started IS NULL OR started + grace > $now) AS in_grace FROM f)
SELECT t.name AS tenant, c.slug AS company, count(*) AS users,
  count(*) FILTER (WHERE local AND (enrolled OR by_tenant OR by_company OR by_role)) AS required,
  count(*) FILTER (WHERE enrolled) AS enrolled, count(*) FILTER (WHERE missing) AS missing,
  count(*) FILTER (WHERE in_grace) AS in_grace, count(*) FILTER (WHERE in_grace AND started IS NULL) AS grace_not_started,
  min(CASE WHEN in_grace AND started IS NOT NULL THEN started + grace END) AS earliest_grace_end,
  count(*) FILTER (WHERE locked) AS locked
FROM g JOIN tenants t ON t.id = g.tenant_id LEFT JOIN companies c ON c.id = g.company_id
GROUP BY g.tenant_id, g.company_id, t.name, c.slug ORDER BY lower(t.name), c.slug IS NULL, lower(c.slug)"
row "report --json (per company)" "$bin report --json" "$(q "$coverage")" "2x"

# Login: password and a fresh authenticator code each run, the used code forgotten
# before each run (not timed).
say "login"
prepare="psql -X -q $url -c 'DELETE FROM totp_steps' >/dev/null && oathtool --totp -b $secret >$dir/code"
login="$bin login bench@example.com --password-stdin --code \$(cat $dir/code) <$dir/pw"
hash=$(psql -X -At "$url" -c "SELECT password_hash FROM users WHERE email = 'bench@example.com'")
m=$(echo "$hash" | sed -E 's/.*m=([0-9]+).*/\1/'); t=$(echo "$hash" | sed -E 's/.*t=([0-9]+).*/\1/'); p=$(echo "$hash" | sed -E 's/.*p=([0-9]+).*/\1/')
floor="printf bench-password-1 | argon2 saltsaltsaltsalt -id -t $t -k $m -p $p -l 32"
lt=$(mean login "$login" --warmup 2 --prepare "$prepare")
lf=$(mean argon2 "$floor" --warmup 2)
lf_self=$(for i in $(seq 9); do bash -c "$floor" | awk '/seconds/ {print $1}'; done | sort -n | sed -n 5p)
lf=$(python3 -c 'import sys; print(min(float(sys.argv[1]), float(sys.argv[2])))' "$lf" "$lf_self")
PREP=$prepare
lm=$(rss "$login")
fm=$(rss "$floor")
PREP=
printf '%s\t%s\t%s\t%s\t%s\t%s\n' "login password + TOTP (argon2id m=$m t=$t p=$p)" "$lt" "$lm" "$lf" "$fm" "1.2x" >>"$results"

# The audit log: AUDIT_ENTRIES entries added with SQL to a copy of the database (the
# listing does not verify the chain; the copy keeps the real store's chain intact).
say "audit --json on $AUDIT_ENTRIES entries"
psql -X -q "$server" -c "CREATE DATABASE audit TEMPLATE bench"
psql -X -q -v ON_ERROR_STOP=1 "$base/audit" -c "INSERT INTO audit_log (seq, at, actor, action, target, reason, details, prev_hash, hash)
  SELECT i, $now - $AUDIT_ENTRIES + i, 'support', 'user.unlock', 'user:acme/user' || i || '@example.com', 'ticket ' || i, '{\"failed_attempts\":5}', 'x', 'y'
  FROM generate_series((SELECT max(seq) FROM audit_log) + 1, $AUDIT_ENTRIES) AS i" -c "VACUUM ANALYZE audit_log" >/dev/null
row "audit --json ($AUDIT_ENTRIES entries)" "MFACTL_STORE=$base/audit $bin audit --json" \
  "$(q "SELECT seq, to_char(to_timestamp(at) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS at, actor, action, target, reason, details::json AS details FROM audit_log ORDER BY seq" "$base/audit")" "2x"

# Import of IMPORT_ROWS rows into a fresh database, against psql's \copy of the same CSV
# into an equivalent table (same columns, a unique email) of a copy. Each run starts
# from the same fresh database (so this machine's record of its audit log, which would
# rightly refuse a store put back to an older state, is removed).
say "user import of $IMPORT_ROWS rows"
psql -X -q "$server" -c "CREATE DATABASE fresh_orig"
MFACTL_STORE=$base/fresh_orig "$bin" tenant create acme -q
for c in $(seq 0 $((COMPANIES - 1))); do MFACTL_STORE=$base/fresh_orig "$bin" company create "c$c" -q; done
for r in $(seq 0 9); do MFACTL_STORE=$base/fresh_orig "$bin" role create "r$r" -q; done
psql -X -q "$server" -c "CREATE DATABASE floor_orig TEMPLATE fresh_orig"
psql -X -q "$base/floor_orig" -c "CREATE TABLE staged (email text COLLATE \"C\" NOT NULL, company text, roles text, sso text)" \
  -c "CREATE UNIQUE INDEX staged_email ON staged (lower(email))"
head -n $((IMPORT_ROWS + 1)) "$dir/users.csv" >"$dir/import.csv"
PREP="find $dir/data -name '*.head' -delete; psql -X -q $server -c 'DROP DATABASE IF EXISTS fresh' -c 'CREATE DATABASE fresh TEMPLATE fresh_orig' -c 'DROP DATABASE IF EXISTS floor' -c 'CREATE DATABASE floor TEMPLATE floor_orig'"
row "user import ($IMPORT_ROWS rows)" "MFACTL_STORE=$base/fresh $bin user import $dir/import.csv -q" \
  "psql -X -q $base/floor -c '\\copy staged FROM $dir/import.csv WITH (FORMAT csv, HEADER true)'" "3x" --prepare "$PREP"
# The same rows copied by psql into the users table itself (company ids resolved ahead,
# not timed): the same indexes and foreign key checks as mfactl's insert, a floor
# closer to the work that cannot be skipped.
bash -c "$PREP"
psql -X -q "$base/floor" -c "\\copy staged FROM $dir/import.csv WITH (FORMAT csv, HEADER true)"
psql -X -q "$base/floor" -c "COPY (SELECT (SELECT id FROM tenants), c.id, s.email, CASE WHEN s.sso = 'true' THEN 'sso' ELSE 'local' END, 0
  FROM staged s LEFT JOIN companies c ON lower(c.slug) = lower(s.company)) TO STDOUT WITH (FORMAT csv)" >"$dir/import-ids.csv"
row "user import ($IMPORT_ROWS rows), floor: \\copy into users" "MFACTL_STORE=$base/fresh $bin user import $dir/import.csv -q" \
  "psql -X -q $base/fresh -c '\\copy users (tenant_id, company_id, email, kind, created_at) FROM $dir/import-ids.csv WITH (FORMAT csv)'" "3x" --prepare "$PREP"
PREP=

echo
echo "mfactl $("$bin" --version | cut -d' ' -f2), $USERS users, $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(date -u +%F)"
echo "server: $(psql -X -At "$url" -c 'SHOW server_version'); shared_buffers $(psql -X -At "$url" -c 'SHOW shared_buffers'), work_mem $(psql -X -At "$url" -c 'SHOW work_mem'), fsync $(psql -X -At "$url" -c 'SHOW fsync'), synchronous_commit $(psql -X -At "$url" -c 'SHOW synchronous_commit')"
echo "store built by \`user import\` of $USERS rows in ${build_secs} s; database $(psql -X -At "$url" -c "SELECT pg_size_pretty(pg_database_size(current_database()))")"
echo
echo "| command | mfactl | peak RSS | psql floor | floor RSS | ratio | goal |"
echo "|---|---|---|---|---|---|---|"
awk -F'\t' '{ printf "| %s | %.3f s | %s MB | %.3f s | %s MB | %.2fx | <= %s |\n", $1, $2, $3, $4, $5, $2 / $4, $6 }' "$results"
