#!/usr/bin/env bash
# The boot script as served: its comment lines are for whoever reads static/boot.js, not
# for every visitor to fetch (about a third of its bytes). Release builds only; run by
# trunk after its build (Trunk.toml), in its staging directory.
set -euo pipefail
out="${TRUNK_STAGING_DIR:?run by trunk}"
if [ "${TRUNK_PROFILE:-debug}" = "release" ]; then
  sed -i -E '/^[[:space:]]*\/\//d' "$out/boot.js"
fi
