#!/usr/bin/env bash
# Build the rich-text editor into ONE ES module under ../static/ (committed; no CDN at run time).
#   cd aimsi_ebay/ui/widgets/js && ./build.sh
# Needs node >= 18 and npm; installs the exact versions in package-lock.json (npm ci).
set -euo pipefail
cd "$(dirname "$0")"
static=../static
[ -d node_modules ] || npm ci --no-audit --no-fund
mkdir -p "$static"
./node_modules/.bin/esbuild rich_text.js --bundle --format=esm --minify --target=es2020 \
  --legal-comments=none --metafile=node_modules/.meta.json --outfile="$static/rich_text.js"
cp rich_text.css "$static/rich_text.css"
node licences.mjs node_modules/.meta.json "$static/LICENSES.txt"
