#!/usr/bin/env bash
# `make bench`: the core's native benchmark, a release build, then the page measured in
# headless Chromium. Prints the figures and writes target/bench/summary.json.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/setup.sh --browser)"
core=$(cargo bench -q -p khcidr-core --bench check | tail -n 1)
trunk build --release
# The framework's floor, from the same lock and profile.
trunk build bench/floor/index.html --release --dist target/bench/floor-dist
node scripts/bench.mjs "$core"
