#!/usr/bin/env bash
# Start-up (issue 22): a cold `mfactl user show EMAIL` on a store of USERS users (default
# 1,000,000) beside the sqlite3 shell's lookup of the same user (the joined query of
# benches/common.sh, which reads what `user show` shows), and `mfactl --version` beside
# `sqlite3 --version`. Each run is a new process (the page cache warm, as for a person
# typing commands one after the other). Two figures per row: wall time (hyperfine -N,
# ROUNDS rounds of RUNS runs of each, taking turns; see compare) and the instructions
# the process ran (valgrind's callgrind, the median of 5 runs), which a busy or virtual
# machine disturbs far less than time.
#
#   benches/startup.sh                 # the full run
#   USERS=50000 benches/startup.sh     # a quick one
#
# Needs the Debian packages hyperfine, sqlite3, valgrind and python3 (installed when run
# as root). Builds the release binary. Results: a table on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

USERS=${USERS:-1000000}
COMPANIES=1000
RUNS=${RUNS:-30}
ROUNDS=${ROUNDS:-15}

source benches/common.sh
need benches/startup.sh hyperfine=hyperfine sqlite3=sqlite3 valgrind=valgrind python3=python3

cargo build --release --locked -q
bin=$PWD/target/release/mfactl
dir=$(mktemp -d "${TMPDIR:-/tmp}/mfactl-startup.XXXXXX")
trap 'rm -rf "$dir"' EXIT
export MFACTL_STORE="$dir/big.db" MFACTL_ACTOR=bench XDG_DATA_HOME="$dir/data"
db=$MFACTL_STORE
build_store
email="user$((USERS * 7 / 9))@example.com"
printf '%s WHERE u.email = %s;\n' "$select" "'$email'" >"$dir/show.sql"

# The median of 5 runs of "$1" of the instructions it ran (callgrind's "Collected").
instructions() {
  local i
  for i in 1 2 3 4 5; do
    # shellcheck disable=SC2086 # the command's words
    valgrind --tool=callgrind --callgrind-out-file=/dev/null $1 2>&1 >/dev/null |
      awk '/Collected :/ {print $4}'
  done | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

# A row: what, mfactl's command, the floor's command. The two take turns in ROUNDS
# rounds of RUNS runs each (hyperfine runs one command's runs, then the other's, so a
# machine that slows down meanwhile would favour one); the figures are the medians over
# the rounds of each round's medians, and of each round's ratio.
compare() {
  local what=$1 ours=$2 floor=$3 round
  say "$what"
  for round in $(seq "$ROUNDS"); do
    hyperfine -N --style none --warmup 5 --runs "$RUNS" --export-json "$dir/h$round.json" "$ours" "$floor" >/dev/null 2>&1 ||
      { echo "benchmark failed" >&2; exit 1; }
  done
  local ti fi
  ti=$(instructions "$ours")
  fi=$(instructions "$floor")
  python3 - "$what" "$ti" "$fi" "$dir"/h[0-9]*.json <<'PY'
import json, statistics, sys
what, ti, fi = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
rounds = [json.load(open(name))["results"] for name in sys.argv[4:]]
t = statistics.median(r[0]["median"] for r in rounds)
f = statistics.median(r[1]["median"] for r in rounds)
ratio = statistics.median(r[0]["median"] / r[1]["median"] for r in rounds)
print(f"| {what} | {t*1000:.2f} ms | {f*1000:.2f} ms | {ratio:.2f}x | {ti/1e6:.2f} M | {fi/1e6:.2f} M | {ti/fi:.2f}x |")
PY
  rm -f "$dir"/h[0-9]*.json
}

echo "mfactl $("$bin" --version | cut -d' ' -f2), $USERS users, $(nproc) cores, $(date -u +%F); medians of $ROUNDS rounds of $RUNS runs each"
echo
echo "| command | mfactl | sqlite3 | ratio | mfactl instructions | sqlite3 instructions | ratio |"
echo "|---|---|---|---|---|---|---|"
compare "user show EMAIL --json" "$bin user show $email --json" "sqlite3 -json $db -init $dir/show.sql .quit"
compare "--version" "$bin --version" "sqlite3 --version"
