#!/usr/bin/env bash
# Builds the web app as it ships (scripts/build-frontend.sh --release) into a folder of its own
# and prints what a browser downloads, gzipped (gzip's default level, as the server compresses).
#
# The app is split into a module per screen (scripts/web-app-wasm.sh): a browser first loads
# the page, the JavaScript and the main module (the shell), then the modules of the screen it
# opens, and another screen's only when that screen opens. So the figure that counts is what
# opening one screen costs, the shell and that screen's modules; the script prints it for every
# screen, the largest of them against the budget, and every file together for reference.
# It fails when the largest screen grows past the ceiling.
#
#   scripts/bundle-size.sh
#
# Environment:
#   BUNDLE_BUDGET_BYTES  the budget for one screen's download gzipped (default 600000: 600 KB)
#   BUNDLE_CEILING_BYTES what fails the run (default 600000, the budget)
#   BUNDLE_DIST_DIR      where to build (default: bundle-size/dist under the cargo target
#                        directory; never dist/, which the server and the browser tests use)
# Honours CARGO_TARGET_DIR. The release build shares nothing with the dev build but the
# cargo cache, so running it never invalidates dist/ or the dev wasm.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

budget="${BUNDLE_BUDGET_BYTES:-600000}"
ceiling="${BUNDLE_CEILING_BYTES:-$budget}"
target_dir="${CARGO_TARGET_DIR:-$repo_root/target}"
out="${BUNDLE_DIST_DIR:-$target_dir/bundle-size/dist}"

case "${1:-}" in
  "") ;;
  -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
  *) echo "usage: scripts/bundle-size.sh" >&2; exit 2 ;;
esac

"$repo_root/scripts/build-frontend.sh" --release --dist "$out"

# The loader the splitter writes (__wasm_split-<hash>.js) names each screen's module and the
# shared modules it needs: read the downloads from it.
python3 - "$out" "$budget" "$ceiling" <<'PY'
import gzip, os, re, sys

out, budget, ceiling = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
files = sorted(f for f in os.listdir(out) if os.path.isfile(os.path.join(out, f)))
size = {f: os.path.getsize(os.path.join(out, f)) for f in files}
zipped = {f: len(gzip.compress(open(os.path.join(out, f), "rb").read(), 6, mtime=0)) for f in files}
loader = next(f for f in files if f.startswith("__wasm_split-") and f.endswith(".js"))
text = open(os.path.join(out, loader)).read()

# `const __chunk_N = makeLoad(() => { ... "./chunk_N-<hash>.wasm" ... }, [deps])` for a shared
# module, `export const __wasm_split_load_<screen> = wrapAsyncCb(makeLoad(...` for a screen's.
loads = re.compile(
    r'(?:const (__chunk_\d+)|export const __wasm_split_load_(\w+)) = (?:wrapAsyncCb\()?makeLoad\('
    r'.*?new URL\("\./([^"]+)".*?\[([^\]]*)\]', re.S)
module, deps, screens = {}, {}, []
for match in loads.finditer(text):
    name = match.group(1) or match.group(2)
    module[name] = match.group(3)
    deps[name] = [d.strip() for d in match.group(4).split(",") if d.strip()]
    if match.group(2):
        screens.append(name)
if not screens:
    sys.exit(f"FAIL: no lazily loaded screen found in {loader}")

def closure(name, seen):
    if name not in seen:
        seen.add(name)
        for dep in deps[name]:
            closure(dep, seen)
    return seen

lazily = {module[n] for n in module}
shell = [f for f in files if f not in lazily]
shell_gz = sum(zipped[f] for f in shell)
row = "{:<26} {:>8} {:>14} {:>16}".format
print()
print(row("download", "modules", "bytes", "gzip bytes"))
print(row("shell (page, JS, main)", len([f for f in shell if f.endswith(".wasm")]),
          sum(size[f] for f in shell), shell_gz))
largest = (0, "")
for screen in sorted(screens):
    parts = [module[n] for n in closure(screen, set())]
    raw = sum(size[f] for f in shell) + sum(size[p] for p in parts)
    gz = shell_gz + sum(zipped[p] for p in parts)
    label = "+ " + re.sub(r"_screen$", "", screen)
    print(row(label, len(parts), raw, gz))
    largest = max(largest, (gz, label[2:]))
print(row("every file", len([f for f in files if f.endswith(".wasm")]),
          sum(size.values()), sum(zipped.values())))
print()
gz, screen = largest
if gz > ceiling:
    print(f"FAIL: opening {screen} downloads {gz} bytes gzipped, over the ceiling of {ceiling}",
          file=sys.stderr)
    sys.exit(1)
if gz > budget:
    print(f"release bundle: the largest screen ({screen}) downloads {gz} bytes gzipped: "
          f"OVER the budget of {budget} by {gz - budget} (ceiling {ceiling})")
else:
    print(f"release bundle: the largest screen ({screen}) downloads {gz} bytes gzipped, "
          f"within the budget of {budget}")
PY
