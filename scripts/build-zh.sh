#!/usr/bin/env bash
# The page in Simplified Chinese (khcidr-web-zh, feature `zh`), built as trunk builds the
# English page: cargo, wasm-bindgen (the version Cargo.lock names, as trunk uses), and in
# release wasm-opt -Oz (binaryen 132, Trunk.toml's) with the same features.
# Run by trunk after its build (Trunk.toml), into its staging directory.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${TRUNK_STAGING_DIR:?run by trunk}"
# The page's own build only: `make bench` builds its floors with this Trunk.toml's hooks too.
if [ -n "${TRUNK_HTML_FILE:-}" ] && [ "$(realpath "$TRUNK_HTML_FILE")" != "$(realpath index.html)" ]; then
  exit 0
fi
target="${CARGO_TARGET_DIR:-target}"
profile=()
dir=debug
if [ "${TRUNK_PROFILE:-debug}" = "release" ]; then
  profile=(--release)
  dir=release
fi
bindgen=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $bindgen" ]; then
  echo "build-zh: wasm-bindgen $bindgen is needed (scripts/setup.sh installs it)" >&2
  exit 1
fi
wasm="$target/wasm32-unknown-unknown/$dir/khcidr-web-zh.wasm"
cargo build --locked --quiet --target wasm32-unknown-unknown --bin khcidr-web-zh --features zh "${profile[@]}"
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name khcidr-web-zh "$wasm"
if [ "$dir" = release ]; then
  if ! wasm-opt --version 2>/dev/null | grep -q "version 132"; then
    echo "build-zh: wasm-opt 132 is needed (scripts/setup.sh installs it)" >&2
    exit 1
  fi
  wasm-opt -Oz --converge --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$out/khcidr-web-zh_bg.wasm" -o "$out/khcidr-web-zh_bg.wasm"
  scripts/trim-glue.sh "$out/khcidr-web-zh.js"
fi
