#!/usr/bin/env bash
# Builds a static Linux binary for hosts without a Rust toolchain:
# target/x86_64-unknown-linux-musl/release/odoo-access, musl libc and OpenSSL (built from source
# by the openssl crate's `vendored` feature) linked in. Needs the musl target
# (rustup target add x86_64-unknown-linux-musl) and musl-gcc (apt-get install musl-tools), perl
# and make.
#
#   packaging/build-static.sh        then: ldd says "not a dynamic executable"
set -euo pipefail
cd "$(dirname "$0")/.."
target=x86_64-unknown-linux-musl
rustup target list --installed | grep -qx "$target" || rustup target add "$target"
command -v musl-gcc >/dev/null || { echo "needs musl-gcc: apt-get install musl-tools" >&2; exit 1; }
export CC_x86_64_unknown_linux_musl=musl-gcc
cargo build --release --target "$target" --features vendored-openssl
binary="target/$target/release/odoo-access"
if ldd "$binary" 2>&1 | grep -q "=>"; then
    echo "$binary links dynamic libraries:" >&2
    ldd "$binary" >&2
    exit 1
fi
"$binary" --version
ls -l "$binary"
