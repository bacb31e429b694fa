#!/usr/bin/env bash
# Scale benchmark (issue 10): builds a store of USERS users (default 1,000,000) across
# 1,000 companies with roles and groups, through `mfactl user import`, then prints each
# command's time and peak memory beside its floor measured in the same run: the sqlite3
# shell doing the equivalent query on the same file (or, for login, a bare argon2id hash
# with the same parameters; for import, sqlite3's .import of the same CSV).
#
#   benches/scale.sh                 # the full run (about 25 minutes on 2 cores)
#   USERS=50000 benches/scale.sh     # a quick one
#
# Needs the Debian packages hyperfine, sqlite3, argon2, oathtool and time (installed
# when run as root). Builds the release binary. Results: a table on stdout; copy it to
# benches/RESULTS.md with the machine it ran on.
set -euo pipefail
cd "$(dirname "$0")/.."

USERS=${USERS:-1000000}
COMPANIES=1000
IMPORT_ROWS=${IMPORT_ROWS:-100000}
AUDIT_ENTRIES=${AUDIT_ENTRIES:-1300000}
RUNS=${RUNS:-3}

source benches/common.sh
need benches/scale.sh hyperfine=hyperfine sqlite3=sqlite3 argon2=argon2 oathtool=oathtool /usr/bin/time=time

cargo build --release --locked -q
bin=$PWD/target/release/mfactl
dir=$(mktemp -d "${TMPDIR:-/tmp}/mfactl-scale.XXXXXX")
trap 'rm -rf "$dir"' EXIT
# This machine's records of the stores (the audit witness) stay in the bench's folder.
export MFACTL_STORE="$dir/big.db" MFACTL_ACTOR=bench XDG_DATA_HOME="$dir/data"
db=$MFACTL_STORE
results="$dir/results.tsv"
: >"$results"

# Copies a store (its WAL included) and its key file.
copy_store() {
  sqlite3 "$1" ".backup $2"
  cp "$1.key" "$2.key"
  chmod 600 "$2" "$2.key"
}

build_store
# Factor state and group members, set with SQL (no command makes a third of a million
# users enrolled at once): a third enrolled, one in a thousand locked, every 1,000th
# user in a group.
sqlite3 "$db" <<'EOF'
UPDATE users SET totp_enrolled_at = created_at WHERE id % 3 = 0;
UPDATE users SET failed_attempts = 5, locked_until = unixepoch() + 86400 WHERE id % 1000 = 7;
INSERT INTO group_members (group_id, user_id)
  SELECT g.id, u.id FROM users u JOIN groups g ON g.name = 'g' || ((u.id / 1000) % 10) WHERE u.id % 1000 = 1;
EOF

# The bench user signs in with a password and an authenticator code.
printf 'bench-password-1\n' >"$dir/pw"
"$bin" user add bench@example.com --company c500 --password-stdin -q <"$dir/pw"
secret=$("$bin" user activate-2fa bench@example.com --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')
"$bin" user activate-2fa bench@example.com --code "$(oathtool --totp -b "$secret")" -q >/dev/null

# A floor command: the query kept in a file, run by the sqlite3 shell on the store.
queries=0
q() {
  queries=$((queries + 1))
  printf '%s;\n' "$1" >"$dir/query$queries.sql"
  echo "sqlite3 -json ${2:-$db} <$dir/query$queries.sql"
}
role_holders="u.id IN (SELECT user_id FROM user_roles WHERE role_id = (SELECT id FROM roles WHERE name = 'r3')
  UNION SELECT m.user_id FROM group_members m JOIN group_roles g ON g.group_id = m.group_id WHERE g.role_id = (SELECT id FROM roles WHERE name = 'r3'))"
missing="u.totp_enrolled_at IS NULL AND ((u.kind = 'local' AND c.enforce_mfa) OR t.twofa_enabled
  OR EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id AND r.requires_2fa)
  OR EXISTS (SELECT 1 FROM group_members m JOIN group_roles gr ON gr.group_id = m.group_id JOIN roles r ON r.id = gr.role_id
             WHERE m.user_id = u.id AND r.requires_2fa))"

row "user list --json (all)" "$bin user list --json" "$(q "$select ORDER BY u.tenant_id, u.email")" "2x"
row "user list --role R --json" "$bin user list --role r3 --json" "$(q "$select WHERE $role_holders ORDER BY u.tenant_id, u.email")" "2x"
row "user list --mfa missing --json" "$bin user list --mfa missing --json" "$(q "$select WHERE $missing ORDER BY u.tenant_id, u.email")" "2x"
row "user list --mfa enrolled --json" "$bin user list --mfa enrolled --json" "$(q "$select WHERE u.totp_enrolled_at IS NOT NULL ORDER BY u.tenant_id, u.email")" "2x"
row "company enforce-mfa C --dry-run --json" "$bin company enforce-mfa c700 --dry-run --json" \
  "$(q "SELECT email, created_at FROM users WHERE company_id = (SELECT id FROM companies WHERE slug = 'c700') AND kind = 'local' AND totp_enrolled_at IS NULL ORDER BY email")" "2x" --warmup 3
row "user list --company C --json" "$bin user list --company c700 --json" "$(q "$select WHERE u.company_id = (SELECT id FROM companies WHERE slug = 'c700') ORDER BY u.tenant_id, u.email")" "2x" --warmup 3
row "user show EMAIL --json" "$bin user show user$((USERS * 7 / 9))@example.com --json" "$(q "$select WHERE u.email = 'user$((USERS * 7 / 9))@example.com'")" "1.5x" --warmup 3

# The coverage report. Its floor groups the same facts by company in one SQL query (the
# policy written in SQL for the floor only; mfactl asks core::policy of each user): the
# role holders found once (an uncorrelated IN list), the users read in table order.
coverage="WITH f AS (
  SELECT u.tenant_id, u.company_id, u.kind = 'local' AS local, u.totp_enrolled_at IS NOT NULL AS enrolled,
    coalesce(u.locked_until > unixepoch(), 0) AS locked, u.grace_started_at AS started,
    t.twofa_enabled AS by_tenant, t.grace_period_secs AS grace, coalesce(c.enforce_mfa, 0) AS by_company,
    u.id IN (SELECT ur.user_id FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE r.requires_2fa
             UNION SELECT m.user_id FROM group_members m JOIN group_roles gr ON gr.group_id = m.group_id
             JOIN roles r ON r.id = gr.role_id WHERE r.requires_2fa) AS by_role
  FROM users u NOT INDEXED JOIN tenants t ON t.id = u.tenant_id LEFT JOIN companies c ON c.id = u.company_id),
g AS (SELECT *, local AND NOT enrolled AND (by_tenant OR by_company OR by_role) AS missing,
  local AND NOT enrolled AND by_tenant AND NOT by_company AND NOT by_role AND grace > 0
    AND (started IS NULL OR started + grace > unixepoch()) AS in_grace FROM f)
SELECT t.name AS tenant, c.slug AS company, count(*) AS users,
  sum(local AND (enrolled OR by_tenant OR by_company OR by_role)) AS required, sum(enrolled) AS enrolled,
  sum(missing) AS missing, sum(in_grace) AS in_grace, sum(in_grace AND started IS NULL) AS grace_not_started,
  min(CASE WHEN in_grace AND started IS NOT NULL THEN started + grace END) AS earliest_grace_end, sum(locked) AS locked
FROM g JOIN tenants t ON t.id = g.tenant_id LEFT JOIN companies c ON c.id = g.company_id
GROUP BY g.tenant_id, g.company_id ORDER BY t.name, c.slug IS NULL, c.slug"
row "report --json (per company)" "$bin report --json" "$(q "$coverage")" "2x"

# Login: password and a fresh authenticator code each run. The used code is forgotten
# before each run (not timed), as the replay rule would refuse it within its 30 s.
say "login"
prepare="sqlite3 $db 'DELETE FROM totp_steps' && oathtool --totp -b $secret >$dir/code"
login="$bin login bench@example.com --password-stdin --code \$(cat $dir/code) <$dir/pw"
hash=$(sqlite3 "$db" "SELECT password_hash FROM users WHERE email = 'bench@example.com'")
m=$(echo "$hash" | sed -E 's/.*m=([0-9]+).*/\1/'); t=$(echo "$hash" | sed -E 's/.*t=([0-9]+).*/\1/'); p=$(echo "$hash" | sed -E 's/.*p=([0-9]+).*/\1/')
floor="printf bench-password-1 | argon2 saltsaltsaltsalt -id -t $t -k $m -p $p -l 32"
lt=$(mean login "$login" --warmup 2 --prepare "$prepare")
# The floor: the argon2 reference CLI, as a process (hyperfine) or as it times its own
# hashing (no process start); the smaller of the two.
lf=$(mean argon2 "$floor" --warmup 2)
lf_self=$(for i in $(seq 9); do bash -c "$floor" | awk '/seconds/ {print $1}'; done | sort -n | sed -n 5p)
lf=$(python3 -c 'import sys; print(min(float(sys.argv[1]), float(sys.argv[2])))' "$lf" "$lf_self")
PREP=$prepare
lm=$(rss "$login")
fm=$(rss "$floor")
PREP=
printf '%s\t%s\t%s\t%s\t%s\t%s\n' "login password + TOTP (argon2id m=$m t=$t p=$p)" "$lt" "$lm" "$lf" "$fm" "1.2x" >>"$results"

# The audit log: AUDIT_ENTRIES entries, added with SQL to a copy of the store (the
# listing does not verify the chain; the copy keeps the real store's chain intact).
say "audit --json on $AUDIT_ENTRIES entries"
copy_store "$db" "$dir/audit.db"
sqlite3 "$dir/audit.db" "WITH RECURSIVE n(i) AS (SELECT (SELECT max(seq) FROM audit_log) + 1 UNION ALL SELECT i + 1 FROM n WHERE i < $AUDIT_ENTRIES)
  INSERT INTO audit_log (seq, at, actor, action, target, reason, details, prev_hash, hash)
  SELECT i, unixepoch() - $AUDIT_ENTRIES + i, 'support', 'user.unlock', 'user:acme/user' || i || '@example.com', 'ticket ' || i, '{\"failed_attempts\":5}', 'x', 'y' FROM n"
row "audit --json ($AUDIT_ENTRIES entries)" "MFACTL_STORE=$dir/audit.db $bin audit --json" \
  "$(q "SELECT seq, strftime('%Y-%m-%dT%H:%M:%SZ', at, 'unixepoch') AS at, actor, action, target, reason, json(details) AS details FROM audit_log ORDER BY seq" "$dir/audit.db")" "2x"

# Import of IMPORT_ROWS rows into a fresh store, against sqlite3's .import of the same
# CSV into an equivalent table (same columns, the same unique email index) of a copy.
# Each run starts from the same fresh store (so this machine's record of its audit
# log, which would rightly refuse a store put back to an older state, is removed).
say "user import of $IMPORT_ROWS rows"
fresh="$dir/fresh.db"
MFACTL_STORE=$fresh "$bin" tenant create acme -q
for c in $(seq 0 $((COMPANIES - 1))); do MFACTL_STORE=$fresh "$bin" company create "c$c" -q; done
for r in $(seq 0 9); do MFACTL_STORE=$fresh "$bin" role create "r$r" -q; done
copy_store "$fresh" "$dir/fresh.orig"; copy_store "$fresh" "$dir/floor.orig"
sqlite3 "$dir/floor.orig" "CREATE TABLE staged (email TEXT NOT NULL COLLATE NOCASE, company TEXT, roles TEXT, sso TEXT, UNIQUE (email));"
head -n $((IMPORT_ROWS + 1)) "$dir/users.csv" >"$dir/import.csv"
PREP="find $dir/data -name '*.head' -delete && rm -f $fresh-wal $fresh-shm && cp -p $dir/fresh.orig $fresh && cp -p $dir/fresh.orig.key $fresh.key && cp $dir/floor.orig $dir/floor.db"
row "user import ($IMPORT_ROWS rows)" "MFACTL_STORE=$fresh $bin user import $dir/import.csv -q" \
  "sqlite3 $dir/floor.db '.import --csv --skip 1 $dir/import.csv staged'" "3x" --prepare "$PREP"
PREP=

echo
echo "mfactl $("$bin" --version | cut -d' ' -f2), $USERS users, $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(date -u +%F)"
echo "store built by \`user import\` of $USERS rows in ${build_secs} s; store file $(du -m "$db" | cut -f1) MB"
echo
echo "| command | mfactl | peak RSS | sqlite3 floor | floor RSS | ratio | goal |"
echo "|---|---|---|---|---|---|---|"
awk -F'\t' '{ printf "| %s | %.3f s | %s MB | %.3f s | %s MB | %.2fx | <= %s |\n", $1, $2, $3, $4, $5, $2 / $4, $6 }' "$results"
