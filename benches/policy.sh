#!/usr/bin/env bash
# Policy-as-code benchmark (issue 19): a policy file of TENANTS tenants (default 1,000),
# each with 100 companies, 10 roles (3 direct holders each, one role requiring 2FA) and
# 10 groups (each granted a role, 5 members each), the members drawn from USERS_PER
# users a tenant (default 100: 100,000 users in all). It times, with peak memory:
#
#   - `policy apply` into a store that has the tenants and users and nothing else,
#     beside its floor: the database's own shell (`sqlite3`, or `psql`) inserting the
#     same rows (companies, roles, grants, members, the tenants' settings and one audit
#     entry a change) in one transaction;
#   - `policy plan` of the file on the store it was applied to (in sync: no changes);
#   - `policy export` of that store;
#   - the peak memory of all three again once the store has twice the users (none of
#     the new ones named by the policy): memory must not grow with the users.
#
#   benches/policy.sh                                # SQLite (about 5 minutes on 2 cores)
#   BACKEND=postgres RUNS=1 benches/policy.sh        # PostgreSQL (a throw-away cluster;
#                                                    # about 25 minutes)
#   TENANTS=100 benches/policy.sh           # a quick one
#
# Each command runs RUNS times (default 3) after its preparation; the mean time and the
# largest peak RSS are reported. Needs the Debian packages sqlite3 (or postgresql) and
# time (installed when run as root). Builds the release binary. Results: a table on stdout; copy it to
# benches/RESULTS.md with the machine it ran on.
set -euo pipefail
cd "$(dirname "$0")/.."

TENANTS=${TENANTS:-1000}
USERS_PER=${USERS_PER:-100}
RUNS=${RUNS:-3}
BACKEND=${BACKEND:-sqlite}

source benches/common.sh
if [ "$BACKEND" = postgres ]; then
  need benches/policy.sh psql=postgresql-client /usr/bin/time=time
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need benches/policy.sh no-such-tool=postgresql
else
  need benches/policy.sh sqlite3=sqlite3 /usr/bin/time=time
fi

cargo build --release --locked -q
bin=$PWD/target/release/mfactl
dir=$(mktemp -d "${TMPDIR:-/tmp}/mfactl-policy.XXXXXX")
results="$dir/results.tsv"
: >"$results"
export MFACTL_ACTOR=bench XDG_DATA_HOME="$dir/data"
# Putting a saved store back cuts its audit log back behind what this machine saw: the
# record of it (the witness) goes with each restore, as after a restore from a backup.
forget="rm -rf '$dir/data/mfactl/witness'"

if [ "$BACKEND" = postgres ]; then
  read -r server cluster < <(scripts/pg-cluster start)
  trap 'scripts/pg-cluster stop "$cluster"; rm -rf "$dir"' EXIT
  base_url=${server%/postgres}
  psql -X -q "$server" -c "ALTER SYSTEM SET fsync = on" -c "SELECT pg_reload_conf()" >/dev/null
  psql -X -q "$server" -c "CREATE DATABASE bench"
  export MFACTL_STORE=$base_url/bench MFACTL_KEY_FILE="$dir/store.key"
  # Saves the store as database NAME, and puts it back (the template copies it whole).
  save() { psql -X -q "$server" -c "CREATE DATABASE $1 TEMPLATE bench"; }
  restore="$forget; psql -X -q '$server' -c 'DROP DATABASE bench' -c 'CREATE DATABASE bench TEMPLATE base'"
  restore2="$forget; psql -X -q '$server' -c 'DROP DATABASE bench' -c 'CREATE DATABASE bench TEMPLATE base2'"
  floor_apply="psql -X -q -v ON_ERROR_STOP=1 -1 -f '$dir/floor.sql' '$MFACTL_STORE'"
  floor_read="psql -X -q -v ON_ERROR_STOP=1 -f '$dir/read.sql' '$MFACTL_STORE'"
else
  trap 'rm -rf "$dir"' EXIT
  export MFACTL_STORE="$dir/bench.db"
  save() { sqlite3 "$MFACTL_STORE" ".backup $dir/$1.db"; }
  restore="$forget; cp '$dir/base.db' '$MFACTL_STORE'; rm -f '$MFACTL_STORE-wal' '$MFACTL_STORE-shm'"
  restore2="$forget; cp '$dir/base2.db' '$MFACTL_STORE'; rm -f '$MFACTL_STORE-wal' '$MFACTL_STORE-shm'"
  floor_apply="sqlite3 '$MFACTL_STORE' < '$dir/floor.sql'"
  floor_read="sqlite3 -json '$MFACTL_STORE' < '$dir/read.sql'"
fi

say "writing the files: $TENANTS tenants, $((TENANTS * USERS_PER)) users"
python3 - "$dir" "$TENANTS" "$USERS_PER" "$BACKEND" <<'PY'
import sys
out, tenants, per, backend = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
true, false = "TRUE", "FALSE"
def email(t, n): return f"u{n}@t{t}.example"
def role_members(t, k): return [email(t, (k * 7 + m * 13) % per) for m in range(3)]
def group_members(t, k): return [email(t, (k * 11 + m * 17 + 3) % per) for m in range(5)]
with open(f"{out}/tenants.toml", "w") as f:
    f.write("version = 1\n")
    for t in range(tenants):
        f.write(f"[tenants.t{t}]\n")
import os
for name, first in (("users", 0), ("more", per)):
    os.makedirs(f"{out}/{name}")
    for t in range(tenants):
        with open(f"{out}/{name}/t{t}.csv", "w") as f:
            f.write("email\n")
            for n in range(first, first + per):
                f.write(f"{email(t, n)}\n")
with open(f"{out}/policy.toml", "w") as f:
    f.write("version = 1\n")
    for t in range(tenants):
        f.write(f'\n[tenants.t{t}]\ntwofa = true\ngrace_period = "7d"\nremember_device_days = 30\n')
        for c in range(100):
            f.write(f"\n[tenants.t{t}.companies.c{c}]\nenforce_mfa = {str(c % 4 == 0).lower()}\n")
        for k in range(10):
            members = ", ".join(f'"{e}"' for e in role_members(t, k))
            f.write(f"\n[tenants.t{t}.roles.r{k}]\nrequire_2fa = {str(k == 0).lower()}\nmembers = [{members}]\n")
        for k in range(10):
            members = ", ".join(f'"{e}"' for e in group_members(t, k))
            f.write(f'\n[tenants.t{t}.groups.g{k}]\nroles = ["r{k}"]\nmembers = [{members}]\n')
# The floor: the same rows by the database's shell, names looked up as mfactl does,
# and one audit entry a change (the chain's hashes are not computed: a floor).
# Names are looked up on the indexes that hold them: NOCASE columns on SQLite, lower(…)
# on PostgreSQL.
col = (lambda c: c) if backend == "sqlite" else (lambda c: f"lower({c})")
tid = lambda t: f"(SELECT id FROM tenants WHERE {col('name')} = 't{t}')"
uid = lambda t, e: f"(SELECT id FROM users WHERE tenant_id = {tid(t)} AND {col('email')} = '{e}')"
rid = lambda t, k: f"(SELECT id FROM roles WHERE tenant_id = {tid(t)} AND {col('name')} = 'r{k}')"
gid = lambda t, k: f"(SELECT id FROM groups WHERE tenant_id = {tid(t)} AND {col('name')} = 'g{k}')"
with open(f"{out}/floor.sql", "w") as f:
    if backend == "sqlite":
        f.write("BEGIN IMMEDIATE;\n")
    def audit(action, target):
        f.write("INSERT INTO audit_log (seq, at, actor, action, target, reason, details, prev_hash, hash) "
                f"SELECT coalesce(max(seq), 0) + 1, 0, 'bench', '{action}', '{target}', NULL, '{{}}', "
                f"'{'0' * 64}', '{'0' * 64}' FROM audit_log;\n")
    for t in range(tenants):
        f.write(f"UPDATE tenants SET twofa_enabled = {true}, grace_period_secs = 604800, remember_device_days = 30 WHERE {col('name')} = 't{t}';\n")
        audit("tenant.set_auth", f"tenant:t{t}")
        for c in range(100):
            f.write(f"INSERT INTO companies (tenant_id, slug, enforce_mfa, created_at) VALUES ({tid(t)}, 'c{c}', {true if c % 4 == 0 else false}, 0);\n")
            audit("company.create", f"company:t{t}/c{c}")
        for k in range(10):
            f.write(f"INSERT INTO roles (tenant_id, name, requires_2fa) VALUES ({tid(t)}, 'r{k}', {true if k == 0 else false});\n")
            audit("role.create", f"role:t{t}/r{k}")
            if k == 0:
                audit("role.require_2fa", f"role:t{t}/r{k}")
            for e in role_members(t, k):
                f.write(f"INSERT INTO user_roles (user_id, role_id) VALUES ({uid(t, e)}, {rid(t, k)});\n")
                audit("role.assign", f"user:t{t}/{e}")
        for k in range(10):
            f.write(f"INSERT INTO groups (tenant_id, name) VALUES ({tid(t)}, 'g{k}');\n")
            audit("group.create", f"group:t{t}/g{k}")
            f.write(f"INSERT INTO group_roles (group_id, role_id) VALUES ({gid(t, k)}, {rid(t, k)});\n")
            audit("group.grant_role", f"group:t{t}/g{k}")
            for e in group_members(t, k):
                f.write(f"INSERT INTO group_members (group_id, user_id) VALUES ({gid(t, k)}, {uid(t, e)});\n")
                audit("group.add_member", f"user:t{t}/{e}")
    if backend == "sqlite":
        f.write("COMMIT;\n")
# What plan and export read, by the shell: every tenant's companies, roles with their
# holders, groups with their roles and members.
with open(f"{out}/read.sql", "w") as f:
    f.write("SELECT t.name, t.twofa_enabled, t.grace_period_secs FROM tenants t ORDER BY t.name;\n")
    f.write("SELECT c.tenant_id, c.slug, c.enforce_mfa, (SELECT count(*) FROM users u WHERE u.company_id = c.id) FROM companies c ORDER BY c.tenant_id, c.slug;\n")
    f.write("SELECT r.tenant_id, r.name, r.requires_2fa, u.email FROM roles r LEFT JOIN user_roles ur ON ur.role_id = r.id LEFT JOIN users u ON u.id = ur.user_id ORDER BY r.tenant_id, r.name, u.email;\n")
    f.write("SELECT g.tenant_id, g.name, r.name FROM groups g LEFT JOIN group_roles gr ON gr.group_id = g.id LEFT JOIN roles r ON r.id = gr.role_id ORDER BY g.tenant_id, g.name;\n")
    f.write("SELECT g.tenant_id, g.name, u.email FROM groups g JOIN group_members m ON m.group_id = g.id JOIN users u ON u.id = m.user_id ORDER BY g.tenant_id, g.name, u.email;\n")
PY

say "building the store: the tenants by policy apply, the users by user import"
"$bin" policy apply "$dir/tenants.toml" -q
import() { for t in $(seq 0 $((TENANTS - 1))); do "$bin" user import "$dir/$1/t$t.csv" --tenant "t$t" -q; done; }
import users
[ "$BACKEND" = postgres ] && psql -X -q "$MFACTL_STORE" -c "VACUUM ANALYZE" >/dev/null
save base
import more
save base2
bash -c "$restore"
changes=$("$bin" policy plan "$dir/policy.toml" --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["changes"]))')
say "the plan from the empty store: $changes changes"

# Seconds (mean of RUNS runs) and peak RSS in MB (the largest) of "$1", each run after
# "$2" (when given): one line "SECONDS MB".
measure() {
  local command=$1 prepare=${2:-} total=0 peak=0 i secs mb
  for i in $(seq "$RUNS"); do
    [ -z "$prepare" ] || bash -c "$prepare"
    /usr/bin/time -f '%e %M' -o "$dir/time" bash -c "$command" >/dev/null 2>"$dir/stderr" ||
      { echo "failed: $command" >&2; cat "$dir/stderr" >&2; exit 1; }
    read -r secs mb <"$dir/time"
    total=$(python3 -c "print($total + $secs)")
    peak=$(python3 -c "print(max($peak, $mb))")
  done
  python3 -c "print(f'{$total / $RUNS:.3f} {$peak / 1024:.1f}')"
}

# One row of the results: what, mfactl command, floor command, goal, prepare command.
result() {
  local what=$1 ours=$2 floor=$3 goal=$4 prepare=${5:-} t m f fm
  say "$what"
  read -r f fm < <(measure "$floor" "$prepare")
  read -r t m < <(measure "$ours" "$prepare")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$what" "$t" "$m" "$f" "$fm" "$goal" >>"$results"
}

result "policy apply ($changes changes) into the empty store" \
  "$bin policy apply '$dir/policy.toml' --yes -q" "$floor_apply" "<= 3x" "$restore"
# The last run left the applied store: plan it (in sync) and export it.
[ "$BACKEND" = postgres ] && psql -X -q "$MFACTL_STORE" -c "VACUUM ANALYZE" >/dev/null
in_sync=$("$bin" policy plan "$dir/policy.toml" --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["changes"]))')
[ "$in_sync" = 0 ] || { echo "the applied store plans $in_sync changes" >&2; exit 1; }
result "policy plan, in sync" "$bin policy plan '$dir/policy.toml' -q" "$floor_read" "< 3 s"
result "policy export" "$bin policy export --out '$dir/export.toml'" "$floor_read" "< 3 s" \
  "rm -f '$dir/export.toml'"

say "peak memory with twice the users"
rss_plan=$(measure "$bin policy plan '$dir/policy.toml' -q" | cut -d' ' -f2)
rss_export=$(measure "$bin policy export --out '$dir/export.toml'" "rm -f '$dir/export.toml'" | cut -d' ' -f2)
rss_apply=$(sed -n 1p "$results" | cut -f3)
runs=$RUNS
RUNS=1
rss_apply2=$(measure "$bin policy apply '$dir/policy.toml' --yes -q" "$restore2" | cut -d' ' -f2)
rss_plan2=$(measure "$bin policy plan '$dir/policy.toml' -q" | cut -d' ' -f2)
rss_export2=$(measure "$bin policy export --out '$dir/export.toml'" "rm -f '$dir/export.toml'" | cut -d' ' -f2)

echo
echo "BACKEND=$BACKEND TENANTS=$TENANTS users=$((TENANTS * USERS_PER)) changes=$changes runs=$runs"
echo
echo "| command | mfactl | peak RSS | floor | floor RSS | ratio | goal |"
echo "|---|---|---|---|---|---|---|"
while IFS=$'\t' read -r what t m f fm goal; do
  ratio=$(python3 -c "print(f'{$t / $f:.2f}x')")
  printf '| %s | %.3f s | %s MB | %.3f s | %s MB | %s | %s |\n' "$what" "$t" "$m" "$f" "$fm" "$ratio" "$goal"
done <"$results"
echo
echo "| peak RSS | $((TENANTS * USERS_PER)) users | $((2 * TENANTS * USERS_PER)) users |"
echo "|---|---|---|"
echo "| policy apply into the empty store | $rss_apply MB | $rss_apply2 MB |"
echo "| policy plan, in sync | $rss_plan MB | $rss_plan2 MB |"
echo "| policy export | $rss_export MB | $rss_export2 MB |"
