#!/usr/bin/env bash
# The page's builds beside the English one trunk builds itself, each as trunk builds that:
# cargo, wasm-bindgen (the version Cargo.lock names, as trunk uses), and in release
# wasm-opt -Oz (binaryen 132, Trunk.toml's) with the same features, then the glue trimmed:
# - khcidr-web-zh: the page in Simplified Chinese (feature `zh`, its words compiled in);
# - khcidr-view and khcidr-view-zh: a read-only embed, in each language: the checks, the
#   verdict, the bars and the findings, without the editor (src/view.rs).
# boot.js picks one of the four from the link and the reader's language.
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
  if ! wasm-opt --version 2>/dev/null | grep -q "version 132"; then
    echo "build-others: wasm-opt 132 is needed (scripts/setup.sh installs it)" >&2
    exit 1
  fi
fi
bindgen=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $bindgen" ]; then
  echo "build-others: wasm-bindgen $bindgen is needed (scripts/setup.sh installs it)" >&2
  exit 1
fi
cargo build --locked --quiet --target wasm32-unknown-unknown --bin khcidr-view "${profile[@]}"
cargo build --locked --quiet --target wasm32-unknown-unknown --bin khcidr-web-zh --bin khcidr-view-zh \
  --features zh "${profile[@]}"
for bin in khcidr-web-zh khcidr-view khcidr-view-zh; do
  wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name "$bin" \
    "$target/wasm32-unknown-unknown/$dir/$bin.wasm"
  if [ "$dir" = release ]; then
    wasm-opt -Oz --converge --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types --enable-multivalue \
      "$out/${bin}_bg.wasm" -o "$out/${bin}_bg.wasm"
    scripts/trim-glue.sh "$out/$bin.js"
  fi
done
