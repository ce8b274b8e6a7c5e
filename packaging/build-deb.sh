#!/usr/bin/env bash
# Builds the Debian package into target/debian/: the release binary, its man pages
# (gzipped, from the clap definitions), bash/zsh/fish completions, the contrib/ units (installed,
# not enabled), /etc/odoo-access.toml as a conffile, the role scripts and alert rules under
# /usr/share/odoo-access. Needs cargo-deb (cargo install cargo-deb --locked).
#
#   packaging/build-deb.sh            then: packaging/check-deb.sh target/debian/odoo-access_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-deb >/dev/null || { echo "needs cargo-deb: cargo install cargo-deb --locked" >&2; exit 1; }
cargo build --release --quiet
rm -rf target/man target/completions
mkdir -p target/man target/completions
cargo run --quiet --release --example mangen -- target/man
gzip -9n target/man/*.1
target/release/odoo-access completions bash > target/completions/odoo-access
target/release/odoo-access completions zsh > target/completions/_odoo-access
target/release/odoo-access completions fish > target/completions/odoo-access.fish
cargo deb --no-build
