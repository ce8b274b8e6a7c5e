#!/usr/bin/env bash
# Benchmark: what living with the audit costs (issue 32). On the fleet of
# ../shared/bench/mkfleet.sh (Odoo 18, 300 users and 60 keys per database), interleaved runs of
#   (a) report --format json                          the reference
#   (b) report --format json --waivers W --baseline B  waivers that match by glob, by id and
#                                                       by fingerprint; B is a run of (a)
#   (c) report --format html --waivers W --baseline B
# and the ratios of their medians to (a)'s (the goal: at most 1.1x each); then the time
# headless Chromium takes to open (c)'s page, against an empty page (the goal: under 2 s).
#
#   benches/report-formats.sh [COUNT] [RUNS]    (defaults 300, 5; PG* variables pick the server)
#
# Drop the fleet afterwards: ../shared/bench/mkfleet.sh 0 18 oa_bench_mk
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/lib.sh
export PGHOST="${PGHOST:-127.0.0.1}" PGUSER="${PGUSER:-postgres}" PGSSLMODE=disable
count="${1:-300}"
runs="${2:-5}"
prefix=oa_bench_mk
shared="${SHARED:-../shared}"

cargo build --release --quiet
bin=target/release/odoo-access
existing=$(psql -X -At -d postgres -c "SELECT count(*) FROM pg_database WHERE datname ~ '^${prefix}_[0-9]'")
if [ "$existing" != "$count" ]; then
    echo "creating $count databases with mkfleet.sh..." >&2
    "$shared/bench/mkfleet.sh" "$count" 18 "$prefix" >&2
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# report ARGS...: one run, its seconds on stdout; a findings exit (0-3) is a result, anything
# else stops the benchmark.
report() {
    local started ended rc=0
    started=$(date +%s.%N)
    "$bin" report --dbfilter "^${prefix}_[0-9]" -q "$@" > /dev/null || rc=$?
    ended=$(date +%s.%N)
    if [ "$rc" -gt 3 ]; then
        echo "benchmark: report $* failed (exit $rc)" >&2
        exit 1
    fi
    echo "$ended - $started" | bc
}

report --format json --output "$dir/baseline.json" > /dev/null
fingerprint=$(grep -m 1 -o '"fingerprint":"[0-9a-f]*"' "$dir/baseline.json" | cut -d'"' -f4)
expires=$(date -u -d '+180 days' +%F)
{
    for check in persistent-key old-key stale-user-with-keys; do
        printf '[[waiver]]\ncheck = "%s"\nobject = "*"\ndatabase = "%s_1*"\nreason = "bench"\nowner = "bench"\nexpires = %s\n\n' "$check" "$prefix" "$expires"
    done
    printf '[[waiver]]\ncheck = "admin-password-rpc"\nobject = "user:2:admin"\nreason = "bench"\nowner = "bench"\nexpires = %s\n\n' "$expires"
    printf '[[waiver]]\ncheck = "portal-key"\nobject = "fingerprint:%s"\nreason = "bench"\nowner = "bench"\nexpires = %s\n\n' "$fingerprint" "$expires"
} > "$dir/waivers.toml"

plain=() living=() page=()
for _ in $(seq "$runs"); do
    plain+=("$(report --format json)")
    living+=("$(report --format json --waivers "$dir/waivers.toml" --baseline "$dir/baseline.json")")
    page+=("$(report --format html --waivers "$dir/waivers.toml" --baseline "$dir/baseline.json")")
done
a=$(echo "${plain[*]}" | median)
b=$(echo "${living[*]}" | median)
c=$(echo "${page[*]}" | median)
printf 'json                      %.3f s (runs: %s)\n' "$a" "${plain[*]}"
printf 'json, waivers, baseline   %.3f s, %.2fx\n' "$b" "$(echo "$b / $a" | bc -l)"
printf 'html, waivers, baseline   %.3f s, %.2fx\n' "$c" "$(echo "$c / $a" | bc -l)"

"$bin" report --dbfilter "^${prefix}_[0-9]" -q --format html --waivers "$dir/waivers.toml" \
    --baseline "$dir/baseline.json" --output "$dir/report.html" || [ $? -le 3 ]
echo '<!DOCTYPE html><title>empty</title>' > "$dir/empty.html"
browser=$(command -v chromium || command -v chromium-browser)
open_page() {
    local started ended
    started=$(date +%s.%N)
    "$browser" --headless --no-sandbox --disable-gpu --dump-dom "file://$1" > /dev/null 2>&1
    ended=$(date +%s.%N)
    echo "$ended - $started" | bc
}
empty=() full=()
for _ in $(seq "$runs"); do
    empty+=("$(open_page "$dir/empty.html")")
    full+=("$(open_page "$dir/report.html")")
done
printf 'chromium, empty page      %.3f s\n' "$(echo "${empty[*]}" | median)"
printf 'chromium, the page        %.3f s (%s bytes)\n' "$(echo "${full[*]}" | median)" "$(stat -c %s "$dir/report.html")"
