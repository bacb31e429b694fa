#!/usr/bin/env bash
# Start-up and a small query, next to the sqlite3 shell doing the same count.
# Needs hyperfine and sqlite3 (Debian packages); builds the release binary.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in hyperfine sqlite3; do
  command -v "$tool" >/dev/null || { echo "benches/startup.sh needs the Debian package $tool" >&2; exit 1; }
done
cargo build --release --locked -q
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export MFACTL_STORE="$dir/bench.db"
bin=target/release/mfactl
"$bin" tenant create bench -q
for n in $(seq 1 200); do "$bin" user add "user$n@example.com" -q; done
hyperfine -N --warmup 5 \
  "$bin --version" \
  "$bin user list --json" \
  "sqlite3 $MFACTL_STORE 'SELECT email FROM users'"
