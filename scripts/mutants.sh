#!/usr/bin/env bash
# Tests that fail when the code is wrong: cargo-mutants puts one bug at a time into the
# core and the kube.tf reader and runs their tests; a mutant no test catches is a test to
# write (or an equivalent change, to list with its reason).
#   scripts/mutants.sh                 every mutant (hours on 2 cores: about 10 s each)
#   MUTANTS_SHARD=k/n scripts/mutants.sh   one part of n, for several machines or sessions
#   MUTANTS_BASE=<commit> scripts/mutants.sh   only the mutants in the change since <commit>
#   MUTANTS_ITERATE=1 scripts/mutants.sh   again only the mutants the last run did not catch
#                                          (after new tests: minutes, not hours)
# Results: target/mutants/mutants.out (caught.txt, missed.txt, timeout.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
MUTANTS_VERSION=27.1.0
if [ "$(cargo mutants --version 2>/dev/null)" != "cargo-mutants $MUTANTS_VERSION" ]; then
  printf '\033[1mmutants:\033[0m installing cargo-mutants %s\n' "$MUTANTS_VERSION" >&2
  cargo install cargo-mutants --version "$MUTANTS_VERSION" --locked >&2
fi
# MUTANTS_PACKAGES narrows the run to one crate (khcidr-core or khcidr-kubetf); each mutant is
# tested by its own crate's tests, built without debug information (the `mutants` profile).
packages=()
for p in ${MUTANTS_PACKAGES:-khcidr-core khcidr-kubetf}; do packages+=(--package "$p"); done
args=("${packages[@]}" --jobs 2 --timeout 60 --profile mutants --cap-lints=true
  --output "${MUTANTS_OUTPUT:-target/mutants}")
if [ -n "${MUTANTS_SHARD:-}" ]; then
  args+=(--shard "$MUTANTS_SHARD")
fi
if [ -n "${MUTANTS_BASE:-}" ]; then
  git diff "$MUTANTS_BASE" -- crates/core/src crates/kubetf/src > target/mutants.diff
  args+=(--in-diff target/mutants.diff)
fi
# A mutant is caught by the first test that fails; the property tests run 200 cases each
# rather than 2000, and the examples in the documentation are not rebuilt for each one:
# about 4 s a mutant.
export KHCIDR_CASES=${KHCIDR_CASES:-200}
if [ -n "${MUTANTS_ITERATE:-}" ]; then
  args+=(--iterate)
fi
# cargo-nextest, where it is installed, runs the tests side by side and stops at the first
# that fails: a caught mutant takes a second or two.
if cargo nextest --version >/dev/null 2>&1; then
  args+=(--test-tool nextest)
fi
exec cargo mutants "${args[@]}" -- --lib --tests
