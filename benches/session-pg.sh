#!/usr/bin/env bash
# What the PostgreSQL session check costs a command (issue 18). Every mfactl command on
# a PostgreSQL store opens a session and sets it up in one round trip (src/store/
# postgres/connect.rs, `settle_session`): a few SETs and the check. This script times,
# in fresh sessions of a throw-away server, the set-up as mfactl sends it (one message)
# followed by the first query mfactl then runs, with the check and without it:
#
#   cost = median(set-up with the check + first query) - median(the same without it)
#
# for the check of this tree (`check::FACTS`, on a store in its own schema `mfactl`)
# and for the one of BEFORE (default 99cbc1b, `SESSION_CHECK`, on the same store with
# its tables in `public`, where that check looked). Runs alternate between the variants,
# so that a busy machine slows them alike. It also times the check the way the first
# figure was taken (the check alone as a fresh session's first statement, against
# `SELECT 1`), and `mfactl tenant list` end to end with hyperfine.
#
#   benches/session-pg.sh            # RUNS=300 fresh sessions per variant
#   RUNS=50 benches/session-pg.sh    # a quick look
#
# Needs the Debian packages postgresql and hyperfine (installed when run as root).
# Builds the release binary. Results on stdout; copy them to benches/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-300}
BEFORE=${BEFORE:-99cbc1b}

source benches/common.sh
need benches/session-pg.sh hyperfine=hyperfine psql=postgresql-client
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need benches/session-pg.sh no-such-tool=postgresql

cargo build --release --locked -q
bin=$PWD/target/release/mfactl
dir=$(mktemp -d "${TMPDIR:-/tmp}/mfactl-session-pg.XXXXXX")
read -r server cluster < <(scripts/pg-cluster start)
trap 'scripts/pg-cluster stop "$cluster"; rm -rf "$dir"' EXIT
base=${server%/postgres}
psql -X -q "$server" -c "ALTER SYSTEM SET fsync = on" -c "SELECT pg_reload_conf()" >/dev/null
export MFACTL_KEY_FILE="$dir/store.key" MFACTL_ACTOR=bench XDG_DATA_HOME="$dir/data"

# A store of this tree (tables in `mfactl`), and a copy of it as a store made before
# schema 5 has it (tables in `public`), for the check of BEFORE.
say "building the stores"
psql -X -q "$server" -c "CREATE DATABASE own"
MFACTL_STORE=$base/own "$bin" tenant create acme -q
printf 'email\n' >"$dir/users.csv"
for n in $(seq 1 200); do printf 'user%s@example.com\n' "$n" >>"$dir/users.csv"; done
MFACTL_STORE=$base/own "$bin" user import "$dir/users.csv" -q
psql -X -q "$server" -c "CREATE DATABASE public TEMPLATE own"
psql -X -q -v ON_ERROR_STOP=1 "$base/public" <<'SQL'
DROP TABLE public.mfactl_schema;
DELETE FROM mfactl.mfactl_schema WHERE version >= 5;
DO $$DECLARE t record; BEGIN
  FOR t IN SELECT relname FROM pg_class WHERE relnamespace = 'mfactl'::regnamespace AND relkind = 'r' LOOP
    EXECUTE format('ALTER TABLE mfactl.%I SET SCHEMA public', t.relname);
  END LOOP;
END$$;
DROP SCHEMA mfactl;
SQL
psql -X -q -c "VACUUM ANALYZE" "$base/own"
psql -X -q -c "VACUUM ANALYZE" "$base/public"

# A string constant of a Rust file (`const NAME: &str = "…";`), as the server gets it.
rust_const() {
  python3 - "$1" "$2" <<'PY'
import re, sys
text, name = sys.argv[1], sys.argv[2]
m = re.search(r'const ' + name + r': &str = "(.*?)";\n', text, re.S)
if not m:
    sys.exit(f"no {name}")
print(re.sub(r'\\\n\s*', '', m.group(1)).replace('\\"', '"').replace('\n', ' '))
PY
}
before_check=$(rust_const "$(git show "$BEFORE:src/store/postgres/connect.rs")" SESSION_CHECK)
after_check=$(rust_const "$(cat src/store/postgres/check.rs)" FACTS)
first_query=$(rust_const "$(git show "$BEFORE:src/store/postgres/schema.rs")" FOUND)

# The set-ups, each one message (psql sends statements joined by \; together).
before_with="SET ROLE NONE \\; SET search_path = pg_catalog \\; SET standard_conforming_strings = on \\; $before_check \\; SET search_path = public;"
before_without="SET ROLE NONE \\; SET search_path = pg_catalog \\; SET standard_conforming_strings = on \\; SET search_path = public;"
after_with="SET ROLE NONE \\; SET search_path = pg_catalog \\; SET standard_conforming_strings = on \\; SET synchronous_commit = on \\; SET row_security = off \\; $after_check \\; SET search_path = mfactl;"
after_without="SET ROLE NONE \\; SET search_path = pg_catalog \\; SET standard_conforming_strings = on \\; SET synchronous_commit = on \\; SET row_security = off \\; SET search_path = mfactl;"

# Milliseconds the server took for the statements of "$2" in a fresh session of "$1",
# as psql's \timing reports them (the connection itself is not counted).
session_ms() {
  { echo '\timing on'; printf '%s\n' "$2"; } | psql -X -q "$1" 2>&1 |
    sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | awk '{s += $1} END {printf "%.3f\n", s}'
}

say "timing $RUNS fresh sessions of each variant"
variants=(before_with before_without after_with after_without before_alone after_alone select_1)
for v in "${variants[@]}"; do : >"$dir/$v"; done
for _ in $(seq 1 "$RUNS"); do
  session_ms "$base/public" "$before_with
$first_query;" >>"$dir/before_with"
  session_ms "$base/public" "$before_without
$first_query;" >>"$dir/before_without"
  session_ms "$base/own" "$after_with
$first_query;" >>"$dir/after_with"
  session_ms "$base/own" "$after_without
$first_query;" >>"$dir/after_without"
  session_ms "$base/public" "SET search_path = pg_catalog \\; $before_check;" >>"$dir/before_alone"
  session_ms "$base/own" "SET search_path = pg_catalog \\; $after_check;" >>"$dir/after_alone"
  session_ms "$base/own" "SELECT 1;" >>"$dir/select_1"
done
median() { sort -n "$1" | awk '{a[NR] = $1} END {printf "%.2f", a[int((NR + 1) / 2)]}'; }
for v in "${variants[@]}"; do printf -v "m_$v" '%s' "$(median "$dir/$v")"; done
# shellcheck disable=SC2154 # set by printf -v above
{
  echo "| check | set-up + first query, with the check | without | the check costs | the check alone as a session's first statement | SELECT 1 |"
  echo "|---|---|---|---|---|---|"
  awk -v w="$m_before_with" -v o="$m_before_without" -v a="$m_before_alone" -v s="$m_select_1" -v b="$BEFORE" \
    'BEGIN {printf "| before (%s, tables in public) | %.2f ms | %.2f ms | **%.2f ms** | %.2f ms | %.2f ms |\n", b, w, o, w - o, a, s}'
  awk -v w="$m_after_with" -v o="$m_after_without" -v a="$m_after_alone" -v s="$m_select_1" \
    'BEGIN {printf "| after (tables in mfactl) | %.2f ms | %.2f ms | **%.2f ms** | %.2f ms | %.2f ms |\n", w, o, w - o, a, s}'
  echo
  echo "(medians of $RUNS fresh sessions each, server time as psql's \\timing reports it)"
}

say "mfactl end to end"
hyperfine -N --warmup 5 --runs 100 --style basic \
  "env MFACTL_STORE=$base/own $bin tenant list --json" 2>&1 | grep -E 'Time|Range'
