#!/usr/bin/env bash
# The page in Simplified Chinese (khcidr-web-zh, feature `zh`), built as trunk builds the
# English page: cargo, wasm-bindgen, and in release wasm-opt -Oz with the same features.
# Run by trunk after its build (Trunk.toml), into its staging directory.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${TRUNK_STAGING_DIR:?run by trunk}"
profile=()
dir=debug
if [ "${TRUNK_PROFILE:-debug}" = "release" ]; then
  profile=(--release)
  dir=release
fi
cargo build --locked --quiet --target wasm32-unknown-unknown --bin khcidr-web-zh --features zh "${profile[@]}"
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name khcidr-web-zh \
  "target/wasm32-unknown-unknown/$dir/khcidr-web-zh.wasm"
if [ "$dir" = release ]; then
  wasm-opt -Oz --converge --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$out/khcidr-web-zh_bg.wasm" -o "$out/khcidr-web-zh_bg.wasm"
fi
