#!/usr/bin/env bash
# Behaviour kept: builds the CLI at BASE (default: the last commit) and from the work tree,
# and compares what both print for every module fixture and kube.tf fixture
# (scripts/same-output.mjs). For a change that must not change behaviour.
#   scripts/same-output.sh [BASE]
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-HEAD}
work=target/same-output
rm -rf "$work/src"
mkdir -p "$work"
git worktree prune
git worktree add --detach --quiet "$work/src" "$base"
trap 'git worktree remove --force "$work/src"' EXIT
CARGO_TARGET_DIR="$PWD/$work/target" cargo build --quiet --locked --release -p khcidr --manifest-path "$work/src/Cargo.toml"
cargo build --quiet --locked --release -p khcidr
node scripts/same-output.mjs "$work/target/release/khcidr" target/release/khcidr
