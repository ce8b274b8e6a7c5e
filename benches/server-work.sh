#!/usr/bin/env bash
# The server's work for one fleet database, counted in instructions instead of seconds, so that
# a change to the report's SQL can be judged on a host whose speed drifts (benches/fleet.sh
# moves by ±10 % between series; this count moves by well under 1 %).
#
#   benches/server-work.sh [DATABASE] [RUNS]   (defaults oa_bench_mk_001, 3; PG* variables say
#                                               where DATABASE is, e.g. one of mkfleet.sh's;
#                                               ODOO_ACCESS=BINARY measures another build)
#
# Copies DATABASE into a throwaway cluster (VACUUM ANALYZE, no autovacuum) that runs under
# valgrind's callgrind, then opens RUNS fresh backends for each of: a bare connection
# (`SELECT 1`), the work floor (../shared/bench/report-floor.sql, as benches/fleet_floor.rs
# sends it) and `odoo-access report`. Each backend's instructions are read from its callgrind
# file when it exits; they include the postmaster's own start-up before the fork, which the
# bare connection shows, so the ratio that matters is the one of the work beyond it. User
# space only: the kernel's share (fork, page faults, exit) is not counted.
set -euo pipefail
cd "$(dirname "$0")/.."
export PGHOST="${PGHOST:-127.0.0.1}" PGUSER="${PGUSER:-postgres}" PGSSLMODE=disable
database="${1:-oa_bench_mk_001}"
runs="${2:-3}"
shared="${SHARED:-../shared}"
bindir="${PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}"
port=5499
command -v valgrind > /dev/null || { echo "needs valgrind" >&2; exit 69; }

cargo build --release --quiet
cargo bench --quiet --bench fleet_floor --no-run 2>/dev/null
floor_bin=$(ls -t target/release/deps/fleet_floor-* | grep -v '\.d$' | head -1)

work=$(mktemp -d)
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$work"
stop() {
    as_postgres "$bindir/pg_ctl" -D "$work/data" -m immediate stop > /dev/null 2>&1 || true
    rm -rf "$work"
}
trap stop EXIT
as_postgres "$bindir/initdb" -D "$work/data" -A trust -U postgres > /dev/null
options="-p $port -k $work -c listen_addresses=127.0.0.1 -c autovacuum=off"
as_postgres "$bindir/pg_ctl" -D "$work/data" -o "$options" -l "$work/log" -w start > /dev/null
createdb -p "$port" copy
pg_dump "$database" | psql -X -q -p "$port" -d copy -o /dev/null
psql -X -q -p "$port" -d copy -c 'VACUUM ANALYZE'
as_postgres "$bindir/pg_ctl" -D "$work/data" -w stop > /dev/null
as_postgres sh -c "cd '$work' && exec valgrind --tool=callgrind --callgrind-out-file='$work/cg.%p' \
    '$bindir/postgres' -D '$work/data' $options" > "$work/valgrind.log" 2>&1 &
until psql -X -q -p "$port" -d copy -c 'SELECT 1' -o /dev/null 2>/dev/null; do sleep 1; done

# Instructions of the backends that "$@" started (their callgrind files appear at exit).
instructions() {
    local before files total=0 n
    before=$(ls "$work")
    "$@" > /dev/null 2>&1 || true
    sleep 2
    files=$(comm -13 <(echo "$before") <(ls "$work") | grep '^cg\.' || true)
    for f in $files; do
        n=$(awk '/^(summary|totals):/ {print $2; exit}' "$work/$f")
        total=$((total + n))
        rm -f "$work/$f"
    done
    echo "$total"
}
. benches/lib.sh
bare() { psql -X -q -p "$port" -d copy -c 'SELECT 1'; }
floor() { PGPORT=$port "$floor_bin" "$shared/bench/report-floor.sql" 1 copy; }
report() { PGPORT=$port "${ODOO_ACCESS:-target/release/odoo-access}" report -d copy --format json; }
# The first backends of a new server build its caches' files: not counted.
instructions bare > /dev/null
instructions report > /dev/null
b="" f="" r=""
for _ in $(seq "$runs"); do
    b="$b $(instructions bare)" f="$f $(instructions floor)" r="$r $(instructions report)"
done
b=$(echo "$b" | median) f=$(echo "$f" | median) r=$(echo "$r" | median)
printf 'server instructions per database (median of %d): bare connection %.0f, floor %.0f, report %.0f\n' \
    "$runs" "$b" "$f" "$r"
printf 'beyond a bare connection: floor %.2fM, report %.2fM: report/floor %.2fx\n' \
    "$(echo "($f - $b) / 1000000" | bc -l)" "$(echo "($r - $b) / 1000000" | bc -l)" \
    "$(echo "($r - $b) / ($f - $b)" | bc -l)"
