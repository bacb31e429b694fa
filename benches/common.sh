# What benches/scale.sh and benches/scale-pg.sh share, sourced by both: the Debian
# packages they need, timing and peak memory of a command beside its floor, and the
# store they build. The caller sets bin, dir, results, USERS, COMPANIES and RUNS.

# Installs the Debian packages of the tools named (as "tool=package ..."), when root;
# otherwise names the missing ones and stops. $1 is the script's name for the message.
need() {
  local script=$1 pair missing=()
  shift
  for pair in "$@"; do
    command -v "${pair%%=*}" >/dev/null 2>&1 || missing+=("${pair#*=}")
  done
  [ ${#missing[@]} -eq 0 ] && return
  if [ "$(id -u)" -eq 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "$script needs these Debian packages: ${missing[*]}" >&2
    exit 1
  fi
}

say() { echo "== $*" >&2; }

# Mean seconds of a hyperfine run of "$2" (named "$1"); extra hyperfine flags after.
mean() {
  local name=$1 command=$2
  shift 2
  hyperfine --style none --runs "$RUNS" "$@" --export-json "$dir/h.json" -n "$name" "$command" >/dev/null 2>&1 ||
    { echo "benchmark failed: $command" >&2; hyperfine --runs 1 "$command" >&2; exit 1; }
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["mean"])' "$dir/h.json"
}

# Peak RSS in MB of one run of "$1" (after the command in $PREP, when set).
PREP=
rss() {
  [ -z "$PREP" ] || bash -c "$PREP"
  /usr/bin/time -f %M -o "$dir/rss" bash -c "$1" >/dev/null 2>&1 || { echo "failed: $1" >&2; exit 1; }
  awk '{printf "%.1f", $1/1024}' "$dir/rss"
}

# One row of the results: what, mfactl command, floor command, goal ratio.
row() {
  local what=$1 ours=$2 floor=$3 goal=$4
  shift 4
  say "$what"
  local t f m fm
  t=$(mean mfactl "$ours" "$@")
  f=$(mean floor "$floor" "$@")
  m=$(rss "$ours")
  fm=$(rss "$floor")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$what" "$t" "$m" "$f" "$fm" "$goal" >>"$results"
}

# The store, on whichever backend MFACTL_STORE names: 1 tenant, COMPANIES companies
# (100 enforce MFA), 10 roles (r0 requires 2FA), 10 groups each granting a role; USERS
# users through `user import` (every user in a company, every 100th holding a role,
# every 20th signing in through SSO). Sets build_secs to the import's seconds.
build_store() {
  say "building a store of $USERS users"
  "$bin" tenant create acme -q
  for c in $(seq 0 $((COMPANIES - 1))); do "$bin" company create "c$c" -q; done
  for c in $(seq 0 99); do "$bin" company enforce-mfa "c$c" -q; done
  for r in $(seq 0 9); do
    "$bin" role create "r$r" -q
    "$bin" group create "g$r" -q
    "$bin" group grant-role "g$r" "r$r" -q
  done
  "$bin" role require-2fa r0 -q
  python3 - "$USERS" "$COMPANIES" >"$dir/users.csv" <<'PY'
import sys
users, companies = int(sys.argv[1]), int(sys.argv[2])
out = sys.stdout
out.write("email,company,roles,sso\n")
for i in range(users):
    roles = f"r{(i // 100) % 10}" if i % 100 == 0 else ""
    out.write(f"user{i}@example.com,c{i % companies},{roles},{'true' if i % 20 == 0 else 'false'}\n")
PY
  local start
  start=$(date +%s)
  "$bin" user import "$dir/users.csv" -q
  build_secs=$(($(date +%s) - start))
}

# The joined query the SQLite floors run: what `user list` and `user show` need of each
# user (benches/scale-pg.sh has its PostgreSQL form).
select="SELECT u.email, t.name AS tenant, c.slug AS company, u.kind, u.password_hash IS NOT NULL AS has_password,
  u.created_at, u.totp_enrolled_at, u.failed_attempts, u.locked_until, u.grace_started_at, c.enforce_mfa,
  t.twofa_enabled, t.primary_method, t.secondary_method, t.grace_period_secs,
  (SELECT json_group_array(json_array(r.name, r.requires_2fa)) FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id) AS roles,
  (SELECT json_group_array(json_array(r.name, r.requires_2fa, g.name)) FROM group_members m JOIN groups g ON g.id = m.group_id
     JOIN group_roles gr ON gr.group_id = g.id JOIN roles r ON r.id = gr.role_id WHERE m.user_id = u.id) AS group_roles,
  (SELECT json_group_array(g.name) FROM group_members m JOIN groups g ON g.id = m.group_id WHERE m.user_id = u.id) AS groups,
  (SELECT count(*) FROM recovery_codes rc WHERE rc.user_id = u.id AND rc.used_at IS NULL) AS recovery_codes_left,
  (SELECT count(*) FROM devices d WHERE d.user_id = u.id) AS devices
  FROM users u JOIN tenants t ON t.id = u.tenant_id LEFT JOIN companies c ON c.id = u.company_id"
