#!/usr/bin/env bash
# Installs what is missing, then runs every check and test: format, lints, the core,
# CLI and page crates' tests, a release build of the page, and the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/setup.sh --browser)"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check
step "cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy -p khcidr-web --all-targets --features zh --locked -- -D warnings
step "cargo test (core, CLI, page logic)"
cargo test --workspace --locked
step "trunk build --release"
trunk build --release --locked
step "browser tests (headless Chromium)"
(cd tests && node --test --test-concurrency=1)
