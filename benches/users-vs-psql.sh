#!/usr/bin/env bash
# Benchmark: `odoo-access users --format csv` against psql copying out the users query verbatim,
# on 1,000,000 users (90 % portal), 100,000 keys, 3,000,000 res_users_log and 2,000,000
# res_device_log rows. Prints the median wall time of RUNS runs and the peak RSS of each side.
#
#   benches/users-vs-psql.sh [RUNS]        (default 5; PG* variables pick the server,
#                                            default 127.0.0.1 as postgres)
#
# The database (oa_bench_users, or $BENCH_DB) is built once and kept; drop it to rebuild.
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/lib.sh
export PGHOST="${PGHOST:-127.0.0.1}" PGUSER="${PGUSER:-postgres}"
db="${BENCH_DB:-oa_bench_users}"
runs="${1:-5}"

cargo build --release --quiet
if [ -z "$(psql -X -At -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
    echo "building $db (takes a minute or two)..." >&2
    createdb "$db"
    psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f sql/odoo/18/schema.sql -f sql/odoo/sample-data.sql \
        -f benches/users-data.sql
fi

# The users query as odoo-access sends it to an Odoo 18 database (src/sql.rs: USERS), comments
# removed and on one line, inside COPY ... TO STDOUT (what psql's \copy sends to the server).
# As Schema::adapt (src/odoo/schema.rs) does, a column of OPTIONAL_COLUMNS that the database
# lacks is read as what it means there.
query=$(cat sql/users_groups.sql sql/users_last_login.sql sql/users.sql | sed -e 's/--.*$//' |
    tr '\n' ' ' | sed -e 's/;[[:space:]]*$//')
has_column() {
    [ -n "$(psql -X -At -d "$db" -c "SELECT 1 FROM pg_attribute WHERE attrelid = 'public.$1'::regclass AND attname = '$2' AND NOT attisdropped")" ]
}
has_column res_users password_write_date || query=${query//u.password_write_date/NULL::timestamp}
timing=$(mktemp)
trap 'rm -f "$timing"' EXIT

# measure LABEL COMMAND...: one warm-up run, then RUNS timed runs.
measure() {
    local label=$1
    shift
    run_or_die "$label" "$@"
    for _ in $(seq "$runs"); do
        /usr/bin/time -f "%e %M" -o "$timing" "$@" > /dev/null
        cat "$timing"
    done | sort -n | awk -v label="$label" '
        { t[NR] = $1; if ($2 > rss) rss = $2 }
        END { printf "%-28s median %6.2f s  min %6.2f s  peak RSS %6.1f MiB  (%d runs)\n",
                     label, t[int((NR + 1) / 2)], t[1], rss / 1024, NR }'
}

rows=$(psql -X -At -d "$db" -c "SELECT count(*) FROM res_users")
echo "database $db: $rows users; $(nproc) cores; $(psql -X -At -d postgres -c 'SHOW server_version')"
measure "psql COPY users query" psql -X -q -d "$db" -c "COPY ($query) TO STDOUT WITH (FORMAT csv)"
measure "odoo-access users csv" target/release/odoo-access users -d "$db" --format csv
measure "odoo-access users json" target/release/odoo-access users -d "$db" --format json
