#!/usr/bin/env bash
# What the PostgreSQL session check costs a command (issue 18). Every mfactl command on
# a PostgreSQL store opens a session and sets it up in one round trip (src/store/
# postgres/connect.rs, `settle_session`): a few SETs and the check. This script times,
# in fresh sessions of a throw-away server, the set-up as mfactl sends it (one message)
# followed by the first query mfactl then runs (`FOUND` of BEFORE's schema.rs), with the
# check and without it:
#
#   cost = median(set-up with the check + first query) - median(the same without it)
#
# for the check of this tree (`check::FACTS`, on a store in its own schema `mfactl`)
# and for the one of BEFORE (default 99cbc1b, `SESSION_CHECK`, on the same store with
# its tables in `public`, where that check looked). Runs alternate between the variants,
# so that a busy machine slows them alike. The timing is done as mfactl's own client
# does it (benches/session_cost.rs, rust-postgres), and again through psql's \timing,
# as the first figure was taken; and `mfactl tenant list` is timed end to end.
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
# schema 6 has it (tables in `public`), for the check of BEFORE.
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
# The check of BEFORE (on the store in public), of this tree (on the store in mfactl),
# and the first query of BEFORE: the same for both variants.
before_check=$(rust_const "$(git show "$BEFORE:src/store/postgres/connect.rs")" SESSION_CHECK)
after_check=$(rust_const "$(cat src/store/postgres/check/mod.rs)" FACTS)
first_query=$(rust_const "$(git show "$BEFORE:src/store/postgres/schema.rs")" FOUND)

# The set-ups as mfactl sends them, each one message: the first query after them, the
# SETs, and the check of BEFORE or of this tree between them, or no check.
printf '%s\n' "$first_query" >"$dir/first.sql"
pre_before="SET ROLE NONE; SET search_path = pg_catalog; SET standard_conforming_strings = on"
pre_after="$pre_before; SET synchronous_commit = on; SET row_security = off"
printf '%s; %s; SET search_path = public\n' "$pre_before" "$before_check" >"$dir/before_with"
printf '%s; SET search_path = public\n' "$pre_before" >"$dir/before_without"
printf '%s; %s; SET search_path = mfactl\n' "$pre_after" "$after_check" >"$dir/after_with"
printf '%s; SET search_path = mfactl\n' "$pre_after" >"$dir/after_without"

# The cost of a check: with it, less without it, medians and 10th percentiles (on a busy
# machine the lower percentiles are the runs others disturbed least).
table() {
  awk -F '\t' -v before="$BEFORE" '
    { median[$1] = $2; p10[$1] = $3 }
    END {
      print "| check | set-up + first query, with the check | without | the check costs |"
      print "|---|---|---|---|"
      split("before after", which, " ")
      for (i = 1; i <= 2; i++) {
        w = which[i] "_with"; o = which[i] "_without"
        label = i == 1 ? "before (" before ", tables in public)" : "after (tables in mfactl)"
        printf "| %s | %.2f ms (%.2f) | %.2f ms (%.2f) | **%.2f ms** (%.2f) |\n", label,
          median[w], p10[w], median[o], p10[o], median[w] - median[o], p10[w] - p10[o]
      }
    }'
}

say "timing $RUNS fresh sessions of each variant, as mfactl's client"
cargo bench --locked -q --bench session_cost -- "$RUNS" "$dir/first.sql" \
  "$base/public" "$dir/before_with" "$base/public" "$dir/before_without" \
  "$base/own" "$dir/after_with" "$base/own" "$dir/after_without" |
  sed "s|$dir/||" >"$dir/client.tsv"
echo "mfactl's client (rust-postgres), medians of $RUNS fresh sessions, 10th percentiles in brackets:"
echo
table <"$dir/client.tsv"

# The same through psql's \timing, as the first figure was taken: each set-up given as
# one message (psql sends statements joined by \; together), then the first query.
say "timing $RUNS fresh sessions of each variant, through psql"
psql_ms() {
  { echo '\timing on'; sed 's/; /\\; /g; s/$/;/' "$2"; sed 's/$/;/' "$dir/first.sql"; } | psql -X -q "$1" 2>&1 |
    sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | awk '{s += $1} END {printf "%.3f\n", s}'
}
for v in before_with before_without after_with after_without; do : >"$dir/$v.psql"; done
for _ in $(seq 1 "$RUNS"); do
  for v in before_with before_without; do psql_ms "$base/public" "$dir/$v" >>"$dir/$v.psql"; done
  for v in after_with after_without; do psql_ms "$base/own" "$dir/$v" >>"$dir/$v.psql"; done
done
for v in before_with before_without after_with after_without; do
  sort -n "$dir/$v.psql" |
    awk -v v="$v" '{a[NR] = $1} END {printf "%s\t%.3f\t%.3f\n", v, a[int((NR + 1) / 2)], a[int(NR / 10) + 1]}'
done >"$dir/psql.tsv"
echo
echo "psql's \\timing (its own reading of the rows counts too), the same way:"
echo
table <"$dir/psql.tsv"

say "mfactl end to end"
echo
hyperfine -N --warmup 5 --runs 100 --style basic \
  "env MFACTL_STORE=$base/own $bin tenant list --json" 2>&1 | grep -E 'Time|Range'
