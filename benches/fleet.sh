#!/usr/bin/env bash
# Benchmark: `odoo-access report` over COUNT Odoo databases (all six versions, a few hundred
# users and dozens of keys each), side by side with
#   (a) the work floor: one fresh connection per database running
#       ../shared/bench/report-floor.sql, at the same concurrency (benches/fleet_floor.rs);
#   (b) the guides' checklist as a psql loop (../shared/bench/psql-checklist.sh), as it is:
#       one psql process per query, one database after the other.
# All three without TLS. The psql loop goes through every Odoo database of the cluster, so run
# this on a cluster that holds no other large Odoo database.
#
#   benches/fleet.sh [COUNT] [JOBS] [RUNS] [FLEET]    (defaults 300, 8, 3, versions; PG*
#                                                      variables pick the server)
#
# FLEET=mkfleet runs on the fleet that ../shared/bench/mkfleet.sh builds instead (Odoo 18, 300
# users, 60 keys and 600 login rows per database: the fleet the speed goal of a fleet report is
# set on), without the psql loop. Drop the databases afterwards: ../shared/bench/mkfleet.sh 0
# 18 oa_bench_mk (or, for the default fleet, DROP DATABASE oa_bench_fleet_*).
set -euo pipefail
cd "$(dirname "$0")/.."
export PGHOST="${PGHOST:-127.0.0.1}" PGUSER="${PGUSER:-postgres}" PGSSLMODE=disable
count="${1:-300}"
jobs="${2:-8}"
runs="${3:-3}"
fleet="${4:-versions}"
prefix=oa_bench_fleet
shared="${SHARED:-../shared}"
[ "$fleet" = mkfleet ] && prefix=oa_bench_mk

cargo build --release --quiet
cargo bench --quiet --bench fleet_floor --no-run 2>/dev/null

existing=$(psql -X -At -d postgres -c "SELECT count(*) FROM pg_database WHERE datname ~ '^${prefix}_[0-9]'")
if [ "$fleet" = mkfleet ] && [ "$existing" != "$count" ]; then
    echo "creating $count databases with mkfleet.sh..." >&2
    "$shared/bench/mkfleet.sh" "$count" 18 "$prefix" >&2
elif [ "$existing" != "$count" ]; then
    echo "creating $count databases..." >&2
    for db in $(psql -X -At -d postgres -c "SELECT datname FROM pg_database WHERE datname LIKE '${prefix}%'"); do
        psql -X -q -d postgres -c "ALTER DATABASE \"$db\" IS_TEMPLATE false" -c "DROP DATABASE \"$db\""
    done
    for v in 14 15 16 17 18 19; do
        createdb "${prefix}_tpl_$v"
        psql -X -q -o /dev/null -v ON_ERROR_STOP=1 -d "${prefix}_tpl_$v" -f "sql/odoo/$v/schema.sql" \
            -f sql/odoo/sample-data.sql -f benches/fleet-data.sql
        psql -X -q -d postgres -c "ALTER DATABASE ${prefix}_tpl_$v IS_TEMPLATE true"
    done
    versions=(14 15 16 17 18 19)
    for i in $(seq -w 1 "$count"); do
        createdb -T "${prefix}_tpl_${versions[$((10#$i % 6))]}" "${prefix}_$i"
    done
fi
databases=$(psql -X -At -d postgres -c "SELECT datname FROM pg_database WHERE datname ~ '^${prefix}_[0-9]' ORDER BY 1")
echo "$count Odoo databases, $jobs at a time; $(nproc) cores; $(psql -X -At -d postgres -c 'SHOW server_version')"

# t COMMAND...: its wall time. A side that fails stops the benchmark, loudly (report's 1 and
# 2 say what it found, not that it failed).
t() {
    local s rc=0
    s=$(date +%s.%N)
    "$@" > /dev/null 2>&1 || rc=$?
    if [ "$rc" -gt 2 ]; then
        echo "benchmark: the side \"$*\" failed (exit $rc)" >&2
        exit 1
    fi
    echo "$(date +%s.%N) - $s" | bc
}
. benches/lib.sh
floors="" reports=""
for run in $(seq "$runs"); do
    floor=$(cargo bench --quiet --bench fleet_floor -- "$shared/bench/report-floor.sql" "$jobs" $databases 2>/dev/null | sed -e 's/.*, \([0-9.]*\) s.*/\1/')
    if [ -z "$floor" ]; then
        echo "benchmark: the work floor (benches/fleet_floor.rs) failed" >&2
        exit 1
    fi
    report=$(t target/release/odoo-access report --dbfilter "^${prefix}_[0-9]" --jobs "$jobs" --format json)
    floors="$floors $floor" reports="$reports $report"
    echo "run $run: floor ${floor} s, odoo-access report $(printf '%.2f' "$report") s"
done
floor=$(echo "$floors" | median) report=$(echo "$reports" | median)
if [ "$fleet" = mkfleet ]; then
    printf 'medians: floor %.2f s, report %.2f s: report/floor %.2fx (target <= 1.3)\n' \
        "$floor" "$report" "$(echo "$report / $floor" | bc -l)"
    exit 0
fi
loop=$(t "$shared/bench/psql-checklist.sh")
echo "psql checklist loop (once): $(printf '%.2f' "$loop") s"
printf 'medians: floor %.2f s, report %.2f s: report/floor %.2fx (target <= 1.5), psql loop/report %.1fx (target >= 20)\n' \
    "$floor" "$report" "$(echo "$report / $floor" | bc -l)" "$(echo "$loop / $report" | bc -l)"
