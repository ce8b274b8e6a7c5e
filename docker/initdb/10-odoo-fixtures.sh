#!/usr/bin/env bash
# Runs once, when the container's data directory is created: one database per Odoo version.
set -euo pipefail
for version in 14 15 16 17 18 19; do
    createdb -U postgres "odoo${version}"
    psql -X -q -v ON_ERROR_STOP=1 -U postgres -d "odoo${version}" \
        -f "/fixtures/odoo/${version}/schema.sql" -f /fixtures/odoo/sample-data.sql
done
