#!/usr/bin/env bash
# Moving in and out (issue 21): `user import` of IMPORT_ROWS rows (default 100,000) with
# bcrypt (cost 10) and argon2id password hashes and a TOTP secret each, beside the
# sqlite3 shell's `.import` of the same file into a table of the same columns with a
# unique email; and `user export --with-secrets` of EXPORT_USERS users (default
# 1,000,000), its time and peak memory beside the sqlite3 shell writing the same rows as
# CSV (without decrypting), and beside mfactl's own export of 1,000 users (flat memory).
#
#   benches/move.sh                                        # the full run
#   IMPORT_ROWS=20000 EXPORT_USERS=100000 benches/move.sh  # a quick one
#
# Needs the Debian packages hyperfine, sqlite3, apache2-utils, argon2 and time
# (installed when run as root). Builds the release binary. Results: a table on stdout;
# copy it to benches/RESULTS.md with the machine it ran on.
set -euo pipefail
cd "$(dirname "$0")/.."

IMPORT_ROWS=${IMPORT_ROWS:-100000}
EXPORT_USERS=${EXPORT_USERS:-1000000}
RUNS=${RUNS:-3}

source benches/common.sh
need benches/move.sh hyperfine=hyperfine sqlite3=sqlite3 htpasswd=apache2-utils argon2=argon2 /usr/bin/time=time

cargo build --release --locked -q
bin=$PWD/target/release/mfactl
dir=$(mktemp -d "${TMPDIR:-/tmp}/mfactl-move.XXXXXX")
trap 'rm -rf "$dir"' EXIT
export MFACTL_ACTOR=bench XDG_DATA_HOME="$dir/data"
results="$dir/results.tsv"
: >"$results"

# Hashes made by the tools of other systems, 20 of each scheme, cycled over the rows
# (an import stores a hash as it is: how many are distinct does not change its work).
say "making bcrypt and argon2id hashes"
for i in $(seq 20); do
  htpasswd -nbB -C 10 "u$i" "password $i" | cut -d: -f2
  printf 'password %s' "$i" | argon2 "saltsaltsalt$i" -id -e -m 16 -t 3 -p 4
done >"$dir/hashes"

# COUNT users: every other hash bcrypt, the other argon2id (quoted: PHC strings hold
# commas), a random 160-bit TOTP secret each, a third of them SHA256 with 8 digits.
users_csv() {
  python3 - "$1" "$dir/hashes" <<'PY'
import base64, os, sys
count, hashes = int(sys.argv[1]), open(sys.argv[2]).read().split()
out = sys.stdout
out.write("email,password_hash,totp_secret,totp_algorithm,totp_digits,totp_period\n")
for i in range(count):
    secret = base64.b32encode(os.urandom(20)).decode()
    kind = ("SHA256", "8") if i % 3 == 0 else ("SHA1", "6")
    out.write(f'user{i}@example.com,"{hashes[i % len(hashes)]}",{secret},{kind[0]},{kind[1]},30\n')
PY
}

# Import: each run starts from the same fresh store (and this machine's record of its
# audit log is removed, which would rightly refuse a store put back to an older state).
say "user import of $IMPORT_ROWS rows with hashes and secrets"
users_csv "$IMPORT_ROWS" >"$dir/import.csv"
fresh="$dir/fresh.db"
MFACTL_STORE=$fresh "$bin" tenant create acme -q
sqlite3 "$fresh" ".backup $dir/fresh.orig"
cp "$fresh.key" "$dir/fresh.orig.key"
sqlite3 "$dir/floor.orig" "CREATE TABLE staged (email TEXT NOT NULL COLLATE NOCASE, password_hash TEXT,
  totp_secret TEXT, totp_algorithm TEXT, totp_digits INTEGER, totp_period INTEGER, UNIQUE (email));"
PREP="find $dir/data -name '*.head' -delete; rm -f $fresh-wal $fresh-shm && cp $dir/fresh.orig $fresh && cp $dir/fresh.orig.key $fresh.key && chmod 600 $fresh $fresh.key && cp $dir/floor.orig $dir/floor.db"
row "user import ($IMPORT_ROWS rows: bcrypt/argon2id hashes, TOTP secrets)" \
  "MFACTL_STORE=$fresh $bin user import $dir/import.csv -q" \
  "sqlite3 $dir/floor.db '.import --csv --skip 1 $dir/import.csv staged'" "3x" --prepare "$PREP"
PREP=

# Export: a store of EXPORT_USERS users with secrets, built by `user import`; and one of
# 1,000 for the memory an export of any size needs.
say "building a store of $EXPORT_USERS users with hashes and secrets"
big="$dir/big.db"
MFACTL_STORE=$big "$bin" tenant create acme -q
users_csv "$EXPORT_USERS" >"$dir/big.csv"
start=$(date +%s)
MFACTL_STORE=$big "$bin" user import "$dir/big.csv" -q
build_secs=$(($(date +%s) - start))
rm -f "$dir/big.csv"
small="$dir/small.db"
MFACTL_STORE=$small "$bin" tenant create acme -q
users_csv 1000 >"$dir/small.csv"
MFACTL_STORE=$small "$bin" user import "$dir/small.csv" -q

out="$dir/export.csv"
export_cmd="MFACTL_STORE=$big $bin user export --with-secrets --yes --out $out -q"
floor_cmd="sqlite3 -csv -header $big \"SELECT t.name AS tenant, u.email, c.slug AS company, '' AS roles, u.kind = 'sso' AS sso,
  u.password_hash, hex(u.totp_secret) AS totp_secret, u.totp_algorithm, u.totp_digits, u.totp_period
  FROM users u JOIN tenants t ON t.id = u.tenant_id LEFT JOIN companies c ON c.id = u.company_id
  ORDER BY u.tenant_id, u.email\" > $out"
say "user export --with-secrets of $EXPORT_USERS users"
PREP="rm -f $out"
t=$(mean mfactl "$export_cmd" --prepare "$PREP")
f=$(mean floor "$floor_cmd" --prepare "$PREP")
m=$(rss "$export_cmd")
fm=$(rss "$floor_cmd")
printf '%s\t%s\t%s\t%s\t%s\t%s\n' "user export --with-secrets ($EXPORT_USERS users)" "$t" "$m" "$f" "$fm" "flat memory" >>"$results"
small_rss=$(rss "MFACTL_STORE=$small $bin user export --with-secrets --yes --out $out -q")
PREP=

echo
echo "mfactl $("$bin" --version | cut -d' ' -f2), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(date -u +%F)"
echo "store of $EXPORT_USERS users with secrets built by \`user import\` in ${build_secs} s; store file $(du -m "$big" | cut -f1) MB"
echo
echo "| command | mfactl | peak RSS | sqlite3 floor | floor RSS | ratio | goal |"
echo "|---|---|---|---|---|---|---|"
awk -F'\t' '{ printf "| %s | %.3f s | %s MB | %.3f s | %s MB | %.2fx | %s |\n", $1, $2, $3, $4, $5, $2 / $4, ($6 ~ /x$/ ? "<= " $6 : $6) }' "$results"
echo
echo "peak RSS of the same export of 1,000 users: $small_rss MB"
