#!/usr/bin/env bash
# Checks a built .deb as a user would meet it: lintian reports no error, `dpkg -i` installs it,
# its binary runs, its man page is found, its units are installed and not enabled; then it is
# removed again (dpkg --purge). Its services pass `systemd-analyze verify` and rate an exposure
# of 2.0 or less. Run as root on a Debian or Ubuntu machine (or container).
#
#   packaging/check-deb.sh target/debian/odoo-access_0.1.0-1_amd64.deb
set -euo pipefail
deb="${1:?the .deb to check}"
command -v lintian >/dev/null || { echo "needs lintian: apt-get install lintian" >&2; exit 1; }
# Errors fail the check; warnings are printed for a person to read.
lintian --fail-on error "$deb"
dpkg -i "$deb"
trap 'dpkg --purge odoo-access >/dev/null' EXIT
odoo-access --version
man -w odoo-access
man -w odoo-access-report
test -f /usr/share/bash-completion/completions/odoo-access
test -f /usr/lib/systemd/system/odoo-access-revoke-expired.timer
test -f /usr/share/odoo-access/sql/roles/lifecycle-role.sql
dpkg-query -W -f='${Conffiles}\n' odoo-access | grep -q /etc/odoo-access.toml
# The units as installed: valid, and hardened to an exposure of at most 2.0 (20 on
# systemd-analyze's scale of 100).
for unit in /usr/lib/systemd/system/odoo-access-*.service; do
    systemd-analyze verify "$unit"
    systemd-analyze security --offline=true --threshold=20 "$unit" | tail -n 1
done
echo "the .deb installs, runs and is documented"
