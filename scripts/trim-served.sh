#!/usr/bin/env bash
# The files every visitor fetches first, without what only the build reads (release builds
# only; run by trunk after its build, Trunk.toml, in its staging directory):
# - the boot script's comment and blank lines (static/boot.js keeps them for its readers),
#   then the script put inline in the page (inline-boot.mjs);
# - the page's `rel=rust` link and `data-integrity`, trunk's own markers, which it leaves
#   in index.html when it injects no scripts;
# - the English page's glue, trimmed by trim-glue.sh (build-others.sh trims the others').
set -euo pipefail
cd "$(dirname "$0")/.."
out="${TRUNK_STAGING_DIR:?run by trunk}"
# The page's own build only: `make bench` builds its floors with this Trunk.toml's hooks too.
if [ -n "${TRUNK_HTML_FILE:-}" ] && [ "$(realpath "$TRUNK_HTML_FILE")" != "$(realpath index.html)" ]; then
  exit 0
fi
if [ "${TRUNK_PROFILE:-debug}" = "release" ]; then
  sed -i -E '/^[[:space:]]*(\/\/.*)?$/d' "$out/boot.js"
  node scripts/inline-boot.mjs "$out"
  sed -i -E 's/<link [^>]*rel="?rust"?[^>]*>//g; s/ data-integrity="?none"?//g' "$out/index.html"
  scripts/trim-glue.sh "$out/khcidr-web.js"
fi
