#!/usr/bin/env bash
# The kube-hetzner releases a module checkout has that are newer than khcidr's release table:
# prints each as a row for `RELEASES` in crates/core/src/model/release.rs, with its tag date.
#   scripts/releases.sh PATH   PATH: a clone of the module (or its bare git directory)
# Each row is given the newest era; read the module's diff from the last known release
# (every address expression ERAS.md lists) before keeping it there or starting an era.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=${1:?usage: scripts/releases.sh PATH-TO-A-KUBE-HETZNER-CHECKOUT}
table=crates/core/src/model/release.rs
known=$(grep -oE '^\s+\(\(([0-9]+), ([0-9]+), ([0-9]+)\), V[0-9_]+\)' "$table" | sed -E 's/[^0-9,]//g; s/,,.*//; s/,/./g' | sed -E 's/\.$//')
newest=$(sort -V <<<"$known" | tail -n 1)
newest_era=$(grep -oE '\), (V[0-9_]+)\),' "$table" | tail -n 1 | sed -E 's/\), (V[0-9_]+)\),/\1/')
git --git-dir="$(git -C "$repo" rev-parse --absolute-git-dir 2>/dev/null || echo "$repo")" \
  for-each-ref refs/tags --format='%(refname:short) %(creatordate:short)' |
  grep -E '^v[0-9]+\.[0-9]+\.[0-9]+ ' | sed 's/^v//' | sort -t. -k1,1n -k2,2n -k3,3n |
  while read -r version date; do
    # Newer than the newest known release (older tags, 0.x and 1.x, are out of scope).
    if [ "$(printf '%s\n%s\n' "$newest" "$version" | sort -V | tail -n 1)" = "$version" ] \
       && [ "$version" != "$newest" ]; then
      IFS=. read -r major minor patch <<<"$version"
      printf '        ((%s, %s, %s), %s), // tagged %s: check its era\n' "$major" "$minor" "$patch" "$newest_era" "$date"
    fi
  done
