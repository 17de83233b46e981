#!/usr/bin/env bash
# Installs what khcidr's build and tests need, skipping whatever is already there.
#   scripts/setup.sh            the wasm target, trunk, wasm-bindgen-cli (matching Cargo.lock), wasm-opt
#   scripts/setup.sh --browser  also Chromium for the browser tests
# Prints the PATH additions to use, as an `export PATH=...` line on its last line.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
say() { printf '\033[1msetup:\033[0m %s\n' "$*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown >&2
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 5 minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked >&2
fi

# wasm-bindgen-cli must match the wasm-bindgen crate exactly, or trunk tries to download one.
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$bindgen_version" ]; then
  say "Cargo.lock names no wasm-bindgen version"; exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $bindgen_version" ]; then
  say "installing wasm-bindgen-cli $bindgen_version"
  # Not --locked: one of its locked transitive crates is yanked.
  cargo install wasm-bindgen-cli --version "$bindgen_version" >&2
fi

# wasm-opt (binaryen 132) and the browser driver come from tests/package-lock.json.
if [ ! -x tests/node_modules/.bin/wasm-opt ] || [ ! -d tests/node_modules/playwright-core ] \
   || [ tests/package-lock.json -nt tests/node_modules/.package-lock.json ]; then
  say "installing wasm-opt and playwright-core from npm"
  (cd tests && npm ci --no-audit --no-fund --loglevel=error >&2)
fi

if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
  say "installing Chromium"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >&2
fi

echo "export PATH=\"$PWD/tests/node_modules/.bin:$HOME/.cargo/bin:\$PATH\""
