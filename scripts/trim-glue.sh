#!/usr/bin/env bash
# A page's wasm-bindgen glue without its comments, indentation and blank lines (trunk's
# minifier cannot read its `export default`). Its strings are each on one line, so none
# changes; the browser tests load the glue as it is served. Usage: trim-glue.sh FILE...
set -euo pipefail
for glue in "$@"; do
  sed -i -E '/^[[:space:]]*\/\*/,/\*\/[[:space:]]*$/d; /^[[:space:]]*(\/\/.*)?$/d; s/^[[:space:]]+//' "$glue"
done
