#!/usr/bin/env bash
# Benchmark: `odoo-access check` on a database with 100,000 API keys (the users benchmark's
# database, benches/users-vs-psql.sh builds it): an API key, a password (600,000 PBKDF2
# rounds), and a credential that matches nothing. Prints the median of RUNS runs of each.
#
#   benches/check.sh [RUNS]     (default 5; PG* variables pick the server)
set -euo pipefail
cd "$(dirname "$0")/.."
export PGHOST="${PGHOST:-127.0.0.1}" PGUSER="${PGUSER:-postgres}"
db="${BENCH_DB:-oa_bench_users}"
runs="${1:-5}"
cargo build --release --quiet
if [ -z "$(psql -X -At -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
    echo "no database $db: run benches/users-vs-psql.sh first" >&2
    exit 1
fi
keys=$(psql -X -At -d "$db" -c "SELECT count(*) FROM res_users_apikeys")
echo "database $db: $keys API keys; $(nproc) cores"
timing=$(mktemp)
trap 'rm -f "$timing"' EXIT
measure() { # LABEL LOGIN CREDENTIAL
    for _ in $(seq "$runs"); do
        printf '%s' "$3" | /usr/bin/time --quiet -f "%e" -o "$timing" \
            target/release/odoo-access check -d "$db" --login "$2" > /dev/null || true
        cat "$timing"
    done | sort -n | awk -v label="$1" '{ t[NR] = $1 } END {
        printf "%-34s median %5.2f s  min %5.2f s  (%d runs)\n", label, t[int((NR + 1) / 2)], t[1], NR }'
}
# Throw-away credentials of the fixture (shared/odoo/18/secrets.json).
measure "API key (carol, 6,000 rounds)" carol ed105dc28cd09447857f50e74186de613ec681cc
measure "password (carol, 600,000 rounds)" carol 'Carol-Pass-2026!'
measure "wrong credential" carol 'not-the-password'
