#!/usr/bin/env bash
# Compares odoo-access binaries on the fleet of benches/fleet.sh (run that first): each round
# runs `report` once with every binary, in turn, so that the host's drift touches them alike.
# Prints each binary's median wall time and median machine CPU seconds (from /proc/stat: the
# server's backends and the client together).
#
#   benches/fleet-ab.sh ROUNDS JOBS BINARY...     (PG* variables pick the server;
#                                                  FLEET_PREFIX=oa_bench_mk for the fleet of
#                                                  benches/fleet.sh ... mkfleet)
set -euo pipefail
export PGHOST="${PGHOST:-127.0.0.1}" PGUSER="${PGUSER:-postgres}" PGSSLMODE=disable
[ $# -ge 3 ] || { echo "usage: benches/fleet-ab.sh ROUNDS JOBS BINARY..." >&2; exit 64; }
rounds=$1 jobs=$2 prefix="${FLEET_PREFIX:-oa_bench_fleet}"
shift 2
hz=$(getconf CLK_TCK)
busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
declare -A walls cpus
for _ in $(seq "$rounds"); do
    for bin in "$@"; do
        c0=$(busy) t0=$(date +%s.%N)
        "$bin" report --dbfilter "^${prefix}_[0-9]" --jobs "$jobs" --format json > /dev/null || true
        t1=$(date +%s.%N) c1=$(busy)
        walls[$bin]+=" $(echo "$t1 - $t0" | bc)"
        cpus[$bin]+=" $(echo "($c1 - $c0) / $hz" | bc -l)"
    done
done
. "$(dirname "$0")/lib.sh"
for bin in "$@"; do
    printf '%s: wall %.3f s, CPU %.2f s (median of %d)\n' "$bin" \
        "$(echo "${walls[$bin]}" | median)" "$(echo "${cpus[$bin]}" | median)" "$rounds"
done
