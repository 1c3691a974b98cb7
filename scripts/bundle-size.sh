#!/usr/bin/env bash
# Builds the web app as it ships (scripts/build-frontend.sh --release) into a folder of its own
# and prints what a browser downloads: each file's size plain and gzipped (gzip's default
# level, as the server compresses), the wasm, the JS and the total, and how far the total is
# from the budget. Fails when the total gzipped grows past the ceiling: the size the bundle
# has today with a little room, so that growth is caught while the budget is not yet met.
#
#   scripts/bundle-size.sh
#
# Environment:
#   BUNDLE_BUDGET_BYTES  the budget for the whole bundle gzipped (default 600000: 600 KB)
#   BUNDLE_CEILING_BYTES what fails the run (default 950000); lower it as the bundle shrinks,
#                        down to the budget
#   BUNDLE_DIST_DIR      where to build (default: bundle-size/dist under the cargo target
#                        directory; never dist/, which the server and the browser tests use)
# Honours CARGO_TARGET_DIR. The release build shares nothing with the dev build but the
# cargo cache, so running it never invalidates dist/ or the dev wasm.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

budget="${BUNDLE_BUDGET_BYTES:-600000}"
ceiling="${BUNDLE_CEILING_BYTES:-950000}"
target_dir="${CARGO_TARGET_DIR:-$repo_root/target}"
out="${BUNDLE_DIST_DIR:-$target_dir/bundle-size/dist}"

case "${1:-}" in
  "") ;;
  -h | --help) sed -n '2,18p' "$0"; exit 0 ;;
  *) echo "usage: scripts/bundle-size.sh" >&2; exit 2 ;;
esac

"$repo_root/scripts/build-frontend.sh" --release --dist "$out"

gz() { gzip -c "$1" | wc -c; }
row() { printf '%-44s %12s %12s\n' "$@"; }

wasm_raw=0 wasm_gz=0 js_raw=0 js_gz=0 total_raw=0 total_gz=0
echo
row "file" "bytes" "gzip bytes"
while IFS= read -r -d '' file; do
  raw=$(wc -c <"$file")
  zipped=$(gz "$file")
  row "${file#"$out"/}" "$raw" "$zipped"
  case "$file" in
    *.wasm) wasm_raw=$((wasm_raw + raw)); wasm_gz=$((wasm_gz + zipped)) ;;
    *.js) js_raw=$((js_raw + raw)); js_gz=$((js_gz + zipped)) ;;
  esac
  total_raw=$((total_raw + raw))
  total_gz=$((total_gz + zipped))
done < <(find "$out" -type f -not -path '*/.stage/*' -print0 | sort -z)
echo
row "wasm" "$wasm_raw" "$wasm_gz"
row "js" "$js_raw" "$js_gz"
row "total (wasm + js + html/css)" "$total_raw" "$total_gz"
echo
if [[ $total_gz -gt $ceiling ]]; then
  echo "FAIL: the release bundle is $total_gz bytes gzipped, over the ceiling of $ceiling" >&2
  exit 1
fi
if [[ $total_gz -gt $budget ]]; then
  echo "release bundle: $total_gz bytes gzipped: OVER the budget of $budget by $((total_gz - budget)) (ceiling $ceiling)"
else
  echo "release bundle: $total_gz bytes gzipped, within the budget of $budget"
fi
