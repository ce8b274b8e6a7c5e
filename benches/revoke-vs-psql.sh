#!/usr/bin/env bash
# Benchmark: `odoo-access revoke --yes` of 50,000 keys (preview, locked re-check, DELETE,
# commit, cache signal, audit log fsynced, output) against a raw
# `DELETE ... RETURNING` in psql, alternating, RUNS runs each. The keys are re-created before
# every run (not timed).
#
#   benches/revoke-vs-psql.sh [RUNS] [KEYS]   (defaults 5 and 50000; PG* variables pick the
#                                              server, default 127.0.0.1 as postgres)
set -euo pipefail
cd "$(dirname "$0")/.."
export PGHOST="${PGHOST:-127.0.0.1}" PGUSER="${PGUSER:-postgres}"
db="${BENCH_DB:-oa_bench_revoke}"
runs="${1:-5}"
count="${2:-50000}"

cargo build --release --quiet
if [ -z "$(psql -X -At -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
    createdb "$db"
    psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f sql/odoo/18/schema.sql -f sql/odoo/sample-data.sql
fi
refill() {
    psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "
        DELETE FROM res_users_apikeys WHERE scope = 'bench';
        INSERT INTO res_users_apikeys (name, user_id, scope, index, key, create_date)
        SELECT 'bench ' || i, 10, 'bench', substr(md5(i::text), 1, 8),
               '\$pbkdf2-sha512\$6000\$bench\$' || md5(i::text), now() AT TIME ZONE 'utc'
        FROM generate_series(1, $count) AS i;" -c "VACUUM ANALYZE res_users_apikeys" -c "CHECKPOINT"
}
log=$(mktemp)
trap 'rm -f "$log" "$log.audit"' EXIT
now() { date +%s.%N; }

echo "$count keys per run; $(nproc) cores; $(psql -X -At -d postgres -c 'SHOW server_version')"
for i in $(seq "$runs"); do
    refill
    t0=$(now)
    psql -X -q -d "$db" -c "DELETE FROM res_users_apikeys WHERE scope = 'bench' RETURNING id, name, user_id, scope, create_date, expiration_date" > /dev/null
    t1=$(now)
    refill
    t2=$(now)
    target/release/odoo-access revoke -d "$db" --scope bench --yes --format csv --audit-log "$log.audit" > /dev/null
    t3=$(now)
    rm -f "$log.audit"
    echo "$t0 $t1 $t2 $t3" | awk '{ printf "%.3f %.3f\n", $2 - $1, $4 - $3 }' >> "$log"
done
sort -n -k1,1 "$log" | awk '{ p[NR] = $1 } END { printf "psql DELETE ... RETURNING    median %.3f s  min %.3f s\n", p[int((NR + 1) / 2)], p[1] }'
sort -n -k2,2 "$log" | awk '{ o[NR] = $2 } END { printf "odoo-access revoke --yes      median %.3f s  min %.3f s\n", o[int((NR + 1) / 2)], o[1] }'
