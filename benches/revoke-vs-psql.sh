#!/usr/bin/env bash
# Benchmark: `odoo-access revoke --yes` of 50,000 keys (preview, DELETE with the row-version
# check, commit, cache signal, audit log fsynced, CSV output) against a raw
# `DELETE ... RETURNING` in psql, RUNS runs each, over both transports a sysadmin uses: the
# Unix socket (the default on the Odoo host) and TCP to 127.0.0.1 (TLS, sslmode=prefer, for
# both programs). The keys are re-created and a CHECKPOINT is taken before every timed
# command (not timed), so each DELETE writes the same full-page images.
#
#   benches/revoke-vs-psql.sh [RUNS] [KEYS]   (defaults 5 and 50000; PGUSER picks the role,
#                                              default postgres; BENCH_SOCKET the socket
#                                              directory, default /var/run/postgresql)
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/lib.sh
export PGUSER="${PGUSER:-postgres}"
socket="${BENCH_SOCKET:-/var/run/postgresql}"
db="${BENCH_DB:-oa_bench_revoke}"
runs="${1:-5}"
count="${2:-50000}"

cargo build --release --quiet
export PGHOST=127.0.0.1
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
# time_one LABEL HOST COMMAND...: refill, then time the command against HOST.
time_one() {
    local label=$1 host=$2
    shift 2
    refill
    local t0 t1
    t0=$(now)
    PGHOST=$host run_or_die "$label" "$@"
    t1=$(now)
    rm -f "$log.audit"
    echo "$label $t0 $t1" | awk '{ printf "%s %.3f\n", $1, $3 - $2 }' >> "$log"
}

echo "$count keys per run; $(nproc) cores; $(psql -X -At -d postgres -c 'SHOW server_version')"
for i in $(seq "$runs"); do
    for transport in socket tcp; do
        host=$socket
        [ "$transport" = tcp ] && host=127.0.0.1
        time_one "psql/$transport" "$host" psql -X -q -d "$db" -c "DELETE FROM res_users_apikeys WHERE scope = 'bench' RETURNING id, name, user_id, scope, create_date, expiration_date"
        time_one "odoo-access/$transport" "$host" target/release/odoo-access revoke -d "$db" --scope bench --yes --format csv --audit-log "$log.audit"
    done
done
for label in psql/socket odoo-access/socket psql/tcp odoo-access/tcp; do
    grep "^$label " "$log" | sort -n -k2,2 | awk -v l="$label" '{ t[NR] = $2 } END { printf "%-20s median %.3f s  min %.3f s\n", l, t[int((NR + 1) / 2)], t[1] }'
done
