#!/usr/bin/env bash
# Start-up (issue 22): a cold `mfactl user show EMAIL` on a store of USERS users (default
# 1,000,000) beside the sqlite3 shell's lookup of the same user (the joined query of
# benches/common.sh, which reads what `user show` shows), and `mfactl --version` beside
# `sqlite3 --version`. Each run is a new process (the page cache warm, as for a person
# typing commands one after the other). Two figures per row: wall time (hyperfine -N,
# the median of RUNS runs) and the instructions the process ran (valgrind's callgrind,
# the median of 5 runs), which a busy or virtual machine disturbs far less than time.
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
RUNS=${RUNS:-50}

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

# A row: what, mfactl's command, the floor's command.
compare() {
  local what=$1 ours=$2 floor=$3
  say "$what"
  hyperfine -N --style none --warmup 5 --runs "$RUNS" --export-json "$dir/h.json" "$ours" "$floor" >/dev/null 2>&1 ||
    { echo "benchmark failed" >&2; exit 1; }
  read -r t f < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(r[0]["median"], r[1]["median"])' "$dir/h.json")
  local ti fi
  ti=$(instructions "$ours")
  fi=$(instructions "$floor")
  python3 - "$what" "$t" "$f" "$ti" "$fi" <<'PY'
import sys
what, t, f, ti, fi = sys.argv[1], *map(float, sys.argv[2:])
print(f"| {what} | {t*1000:.2f} ms | {f*1000:.2f} ms | {t/f:.2f}x | {ti/1e6:.2f} M | {fi/1e6:.2f} M | {ti/fi:.2f}x |")
PY
}

echo "mfactl $("$bin" --version | cut -d' ' -f2), $USERS users, $(nproc) cores, $(date -u +%F); medians of $RUNS runs"
echo
echo "| command | mfactl | sqlite3 | ratio | mfactl instructions | sqlite3 instructions | ratio |"
echo "|---|---|---|---|---|---|---|"
compare "user show EMAIL --json" "$bin user show $email --json" "sqlite3 -json $db -init $dir/show.sql .quit"
compare "--version" "$bin --version" "sqlite3 --version"
