#!/usr/bin/env bash
# Benchmark: does a fleet run's memory stay flat and its time grow linearly with the number of
# databases? Builds the fleet of ../shared/bench/mkfleet.sh (Odoo 18, 310 users, 60 keys and
# 600 login rows per database), N databases at a time from one template, and reports the wall
# time and peak RSS (GNU time's %M) of `users`, `keys`, `report` and `dbs` over each size.
#
#   benches/fleet-scale.sh [SIZES] [JOBS] [RUNS]   (defaults "100 300 1000", 8, 3; PG* variables
#                                                   pick the server; databases past a size are
#                                                   dropped)
#
# Each figure is the median of RUNS runs, without TLS (PGSSLMODE=disable), output to /dev/null.
#   benches/fleet-scale.sh drop               (drops every database the benchmark made)
#
# Targets (issue "Hosting scale"): RSS at 1,000 databases within 10 % of RSS at 100, and time per
# database at 1,000 within 15 % of the time per database at 100. Disk: about 8 MiB a database.
set -euo pipefail
cd "$(dirname "$0")/.."
export PGHOST="${PGHOST:-127.0.0.1}" PGUSER="${PGUSER:-postgres}" PGSSLMODE=disable
shared="${SHARED:-../shared}"
prefix=oa_bench_scale
. benches/lib.sh
psql_() { psql -X -q -At -v ON_ERROR_STOP=1 -d postgres "$@"; }
drop_all() {
    for db in $(psql_ -c "SELECT datname FROM pg_database WHERE datname LIKE '${prefix}%'"); do
        psql_ -c "ALTER DATABASE \"$db\" IS_TEMPLATE false" -c "DROP DATABASE \"$db\""
    done
}
if [ "${1:-}" = drop ]; then
    drop_all
    exit 0
fi
sizes="${1:-100 300 1000}"
jobs="${2:-8}"
runs="${3:-3}"
[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)" >&2; exit 1; }

cargo build --release --quiet
measured=$(mktemp)
trap 'rm -f "$measured"' EXIT
template="${prefix}tpl_1"
if [ -z "$(psql_ -c "SELECT 1 FROM pg_database WHERE datname = '$template'")" ]; then
    # mkfleet.sh builds its template, one clone of it, and drops the template: the clone is ours.
    "$shared/bench/mkfleet.sh" 1 18 "${prefix}tpl" >&2
    psql_ -c "ALTER DATABASE \"$template\" IS_TEMPLATE true"
fi

echo "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; PostgreSQL $(psql_ -c 'SHOW server_version'); --jobs $jobs"
printf '%6s  %-7s %9s %12s %10s\n' databases command "wall s" "ms/database" "peak RSS"
for n in $sizes; do
    have=$(psql_ -c "SELECT count(*) FROM pg_database WHERE datname ~ '^${prefix}_[0-9]'")
    for i in $(seq $((n + 1)) "$have"); do
        psql_ -c "DROP DATABASE ${prefix}_$(printf %04d "$i")"
    done
    for i in $(seq $((have + 1)) "$n"); do
        psql_ -c "CREATE DATABASE ${prefix}_$(printf %04d "$i") TEMPLATE \"$template\""
    done
    # Let the server write out what the new databases dirtied before measuring.
    psql_ -c CHECKPOINT
    for command in "users --format csv" "keys --format csv" "report --format json" "dbs --format csv"; do
        walls="" rsss=""
        for _ in $(seq "$runs"); do
            # shellcheck disable=SC2086 # the command's words
            /usr/bin/time -o "$measured" -f '%e %M' target/release/odoo-access $command \
                --dbfilter "^${prefix}_[0-9]" --jobs "$jobs" -q > /dev/null 2>&1 || true
            # GNU time puts "Command exited with non-zero status N" first (report: 2).
            read -r wall rss < <(tail -n 1 "$measured")
            walls="$walls $wall" rsss="$rsss $rss"
        done
        wall=$(median <<< "$walls") rss=$(median <<< "$rsss")
        printf '%6s  %-7s %9s %12.2f %7s MiB\n' "$n" "${command%% *}" "$wall" \
            "$(echo "$wall * 1000 / $n" | bc -l)" "$(echo "scale=1; $rss / 1024" | bc)"
    done
done
echo "drop the databases with: $0 drop" >&2
