#!/usr/bin/env bash
# `make bench`: the core's native benchmark, a release build, then the page measured in
# headless Chromium. Prints the figures and writes target/bench/summary.json.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/setup.sh --browser)"

# twiggy says where the page's bytes go; only the bench needs it.
TWIGGY_VERSION=0.8.0
if [ "$(twiggy --version 2>/dev/null)" != "twiggy-opt $TWIGGY_VERSION" ]; then
  echo "bench: installing twiggy $TWIGGY_VERSION" >&2
  cargo install twiggy --version "$TWIGGY_VERSION" --locked >&2
fi

core=$(cargo bench -q -p khcidr-core --bench check | tail -n 1)
trunk build --release
# The framework's floor, bare and with the checks, from the same lock and profile.
trunk build bench/floor/index.html --release --dist target/bench/floor-dist
trunk build bench/floor/checks/index.html --release --dist target/bench/floor-checks-dist

# A named build of the page's wasm, optimised as trunk does, for twiggy: v0 symbol names
# keep each component's name in the framework's generic functions.
named=target/bench/named
features="--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue"
RUSTFLAGS="-C symbol-mangling-version=v0" cargo build -q --release --target wasm32-unknown-unknown \
  -p khcidr-web --target-dir "$named/target"
wasm-bindgen "$named/target/wasm32-unknown-unknown/release/khcidr-web.wasm" --out-dir "$named" \
  --target web --keep-debug
# shellcheck disable=SC2086
wasm-opt -Oz -g $features "$named/khcidr-web_bg.wasm" -o "$named/khcidr-web.wasm"
twiggy top -n 1000000 -f json "$named/khcidr-web.wasm" > "$named/twiggy-top.json"

node scripts/bench.mjs "$core"
