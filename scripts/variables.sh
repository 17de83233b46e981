#!/usr/bin/env bash
# The variables each kube-hetzner release declares, for crates/kubetf/data/variables.txt:
# one line per variable, `name first last`, the first and last release (of khcidr's release
# table) whose variables.tf declares it.
#   scripts/variables.sh PATH > crates/kubetf/data/variables.txt
# PATH: a clone of the module (or its bare git directory) with every release's tag.
# A variable declared, dropped and declared again is refused: the table holds one span each.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=${1:?usage: scripts/variables.sh PATH-TO-A-KUBE-HETZNER-CHECKOUT}
git_dir=$(git -C "$repo" rev-parse --absolute-git-dir 2>/dev/null || echo "$repo")
table=crates/core/src/model/release.rs
releases=$(grep -oE '^\s+\(\(([0-9]+), ([0-9]+), ([0-9]+)\), V[0-9_]+\)' "$table" |
  sed -E 's/^\s+\(\(([0-9]+), ([0-9]+), ([0-9]+)\).*/\1.\2.\3/')
printf '# The variables each kube-hetzner release declares: name, first release, last release.\n'
printf '# From each release tag'"'"'s variables.tf (v2.0.0 to v%s) by scripts/variables.sh.\n' "$(tail -n 1 <<<"$releases")"
# Each variable's span: it must be declared in every release from its first to its last.
for release in $releases; do
  git --git-dir="$git_dir" show "v$release:variables.tf" |
    grep -oE '^variable "[^"]+"' | sed -E 's/^variable "([^"]+)"/\1/' | sort -u |
    sed "s/\$/ $release/"
done | awk -v order="$(tr '\n' ' ' <<<"$releases")" '
  BEGIN { n = split(order, rel, " "); for (i = 1; i <= n; i++) index_of[rel[i]] = i }
  { i = index_of[$2]
    if (!($1 in first)) first[$1] = i
    else if (last[$1] != i - 1) { print "variable " $1 " is dropped and declared again (" rel[i] ")" > "/dev/stderr"; bad = 1 }
    last[$1] = i }
  END { if (bad) exit 1
        for (name in first) print name, rel[first[name]], rel[last[name]] }' | sort
