#!/usr/bin/env bash
# Operations benchmark (issue 20): `store check`, `store backup` and `store rekey` on the
# store of benches/scale.sh (USERS users, default 1,000,000, built the same way by
# `user import`), given what years of use leave in a store: a third of the users
# enrolled with real sealed TOTP secrets and ten recovery codes each, and AUDIT_ENTRIES
# more audit entries, all as mfactl would have written them (benches/fill-secrets.py),
# so the checks decrypt and verify real data. Each command sits beside its floor on the
# same file: the sqlite3 shell's `PRAGMA integrity_check` (check), `.backup` (backup),
# and, for rekey, sqlite3 rewriting the same rows in one transaction without the crypto.
#
#   benches/ops.sh                   # the full run (about 15 minutes on 2 cores)
#   USERS=50000 AUDIT_ENTRIES=65000 benches/ops.sh     # a quick one
#
# Needs the Debian packages hyperfine, sqlite3, time and python3-cryptography (installed
# when run as root). Builds the release binary. Results: a table on stdout; copy it to
# benches/RESULTS.md with the machine it ran on.
set -euo pipefail
cd "$(dirname "$0")/.."

USERS=${USERS:-1000000}
COMPANIES=1000
AUDIT_ENTRIES=${AUDIT_ENTRIES:-1300000}
RUNS=${RUNS:-3}

source benches/common.sh
need benches/ops.sh hyperfine=hyperfine sqlite3=sqlite3 /usr/bin/time=time
if ! python3 -c 'import cryptography' 2>/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-cryptography >/dev/null
  else
    echo "benches/ops.sh needs the Debian package python3-cryptography" >&2
    exit 1
  fi
fi

cargo build --release --locked -q
bin=$PWD/target/release/mfactl
dir=$(mktemp -d "${TMPDIR:-/tmp}/mfactl-ops.XXXXXX")
trap 'rm -rf "$dir"' EXIT
# This machine's records of the stores (the audit witness) stay in the bench's folder.
export MFACTL_STORE="$dir/big.db" MFACTL_ACTOR=bench XDG_DATA_HOME="$dir/data"
db=$MFACTL_STORE
results="$dir/results.tsv"
: >"$results"

build_store
# As scale.sh: one in a thousand locked, every 1,000th user in a group; the enrolled third
# gets its secrets and recovery codes, and the log its entries, from fill-secrets.py.
sqlite3 "$db" <<'EOF'
UPDATE users SET failed_attempts = 5, locked_until = unixepoch() + 86400 WHERE id % 1000 = 7;
INSERT INTO group_members (group_id, user_id)
  SELECT g.id, u.id FROM users u JOIN groups g ON g.name = 'g' || ((u.id / 1000) % 10) WHERE u.id % 1000 = 1;
EOF
say "sealing secrets and extending the audit log"
python3 benches/fill-secrets.py "$db" "$db.key" "$AUDIT_ENTRIES" >&2
"$bin" store check -q >/dev/null || { "$bin" store check >&2; exit 1; }

# One row: what, the mfactl command, its floor, and each one's preparation (not timed).
op_row() {
  local what=$1 ours=$2 floor=$3 prep_ours=$4 prep_floor=$5
  say "$what"
  local t f m fm
  t=$(mean mfactl "$ours" --warmup 1 --prepare "$prep_ours")
  f=$(mean floor "$floor" --warmup 1 --prepare "$prep_floor")
  PREP=$prep_ours
  m=$(rss "$ours")
  PREP=$prep_floor
  fm=$(rss "$floor")
  PREP=
  printf '%s\t%s\t%s\t%s\t%s\n' "$what" "$t" "$m" "$f" "$fm" >>"$results"
}

op_row "store check (integrity, foreign keys, every secret, the whole log)" \
  "$bin store check" "sqlite3 $db 'PRAGMA integrity_check'" "true" "true"
op_row "store backup FILE (snapshot, check, sync), floor: .backup" \
  "$bin store backup $dir/backup.db -q" "sqlite3 $db '.backup $dir/floor-backup.db'" \
  "rm -f $dir/backup.db" "rm -f $dir/floor-backup.db"
# The backup is checked as `store check` checks a store: the same work for the floor.
op_row "store backup FILE, floor: .backup, then integrity_check of the copy" \
  "$bin store backup $dir/backup.db -q" \
  "sqlite3 $db '.backup $dir/floor-backup.db' && sqlite3 $dir/floor-backup.db 'PRAGMA integrity_check'" \
  "rm -f $dir/backup.db" "rm -f $dir/floor-backup.db"
# The rekey floor: the same rows rewritten in one transaction, on a copy of the store.
sqlite3 "$db" ".backup $dir/floor.db"
rewrite="BEGIN;
UPDATE users SET totp_secret = randomblob(length(totp_secret)) WHERE totp_secret IS NOT NULL;
UPDATE recovery_codes SET code_hash = lower(hex(randomblob(32)));
UPDATE meta SET value = value WHERE key = 'audit_head';
COMMIT;"
printf '%s\n' "$rewrite" >"$dir/rewrite.sql"
op_row "store rekey --yes (every secret and hash, one transaction)" \
  "$bin store rekey --yes -q" "sqlite3 $dir/floor.db <$dir/rewrite.sql" \
  "rm -f $db.key.old" "true"
"$bin" store check -q >/dev/null || { "$bin" store check >&2; exit 1; }

echo
echo "mfactl $("$bin" --version | cut -d' ' -f2), $USERS users, $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(date -u +%F)"
echo "store: $(du -m "$db" | cut -f1) MB; $(sqlite3 "$db" 'SELECT count(*) FROM users WHERE totp_secret IS NOT NULL') sealed secrets, $(sqlite3 "$db" 'SELECT count(*) FROM recovery_codes') recovery codes, $(sqlite3 "$db" 'SELECT count(*) FROM audit_log') audit entries"
echo
echo "| command | mfactl | peak RSS | sqlite3 floor | floor RSS | ratio |"
echo "|---|---|---|---|---|---|"
awk -F'\t' '{ printf "| %s | %.3f s | %s MB | %.3f s | %s MB | %.2fx |\n", $1, $2, $3, $4, $5, $2 / $4 }' "$results"
