#!/usr/bin/env bash
# Installs what is missing, then builds the page and serves it on http://127.0.0.1:8080/.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/setup.sh)"
# No autoreload: its injected inline script would break the strict Content-Security-Policy.
exec trunk serve --release --no-autoreload "$@"
