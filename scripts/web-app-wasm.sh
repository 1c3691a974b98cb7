#!/usr/bin/env bash
# Trunk's post-build step (Trunk.toml): compiles the web app to wasm and writes it, with its
# JavaScript, into Trunk's staging folder, naming every file after the build's content.
#
# Each screen of the app is a lazy route: its code is a module of its own that the browser
# fetches the first time the screen opens, so the first page loads the app's shell and that
# screen, not every screen. Trunk 0.21 knows no such split, so this does what its Rust step
# would, with the split in the middle:
#   1. cargo build for wasm32 (the `wasm-release` profile for `trunk build --release`, the dev
#      profile otherwise), linked with relocations, which the splitter needs;
#   2. wasm-split-cli: the main module, a module per screen, a module per piece of code some
#      screens share, and the loader (`__wasm_split.js`) that fetches a screen's modules;
#   3. wasm-bindgen on the main module (keeping the exports the screens' modules import);
#   4. release builds only: every module optimised for size (scripts/optimise-wasm.mjs, Binaryen
#      from npm, as `wasm-opt -Oz`);
#   5. every file renamed `<name>-<hash>.<ext>` (one hash of the whole output), the references
#      between them rewritten, and index.html pointed at the entry files. The server lets
#      browsers keep files so named for a year.
#
# Run by Trunk with TRUNK_PROFILE and TRUNK_STAGING_DIR set; scripts/build-frontend.sh installs
# the tools it needs (scripts/install-tools.sh wasm, and wasm-opt for release builds).
# Honours CARGO_TARGET_DIR.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

: "${TRUNK_STAGING_DIR:?run by Trunk (see Trunk.toml): TRUNK_STAGING_DIR is not set}"
profile="${TRUNK_PROFILE:-debug}"

cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
case ":$PATH:" in
  *":$cargo_bin:"*) ;;
  *) export PATH="$cargo_bin:$PATH" ;;
esac

# 1. The wasm as the linker wrote it.
cargo_args=(build --locked -p frontend --bin frontend --target wasm32-unknown-unknown)
case "$profile" in
  release) cargo_args+=(--profile wasm-release); profile_dir=wasm-release ;;
  *) profile_dir=debug ;;
esac
cargo "${cargo_args[@]}"
target_dir="${CARGO_TARGET_DIR:-$(cargo metadata --format-version 1 --no-deps |
  sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')}"
linked="$target_dir/wasm32-unknown-unknown/$profile_dir/frontend.wasm"

work="$target_dir/web-app/$profile_dir"
rm -rf "$work"
mkdir -p "$work/split"

# 2. Split at the lazy screens.
wasm-split-cli "$linked" "$work/split" --target web --out-name frontend

# 3. The main module's JavaScript glue. The screens' modules import the main module's exports
# by their linker names: keep them, and keep them mangled as the screens' modules spell them.
wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle \
  --out-dir "$work/split" --out-name frontend "$work/split/frontend.wasm"
rm "$work/split/frontend.wasm"

# The loader notes above each shared module which screens need it: a line per module, for
# people, not browsers.
sed -i -e '\#^/\*.*\*/$#d' "$work/split/__wasm_split.js"

# 4. Release: smaller modules.
if [[ "$profile" == release ]]; then
  tools_dir="${BUDGET_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/budget-roi-tracker}"
  node "$repo_root/scripts/optimise-wasm.mjs" "$tools_dir/binaryen" "$work"/split/*.wasm
fi

# 5. Content names: one hash of every file, so that any change renames them all.
hash="$(cd "$work/split" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum |
  cut -c1-16)"
renames="$work/renames.sed"
: >"$renames"
for path in "$work"/split/*; do
  name="${path##*/}"
  case "$name" in
    frontend_bg.wasm) renamed="frontend-${hash}_bg.wasm" ;;
    *.*) renamed="${name%.*}-$hash.${name##*.}" ;;
  esac
  mv "$path" "$TRUNK_STAGING_DIR/$renamed"
  # A reference is an import (`from "./name"`) or a fetched address (`URL("./name"` or
  # `URL('name'`); names contain only [A-Za-z0-9_.]. The main module's own import names (the
  # keys of its imports object) stay as the module spells them.
  escaped="${name//./\\.}"
  printf 's#\\(from \\|URL(\\)\\([\x27"]\\)\\(\\./\\)\\{0,1\\}%s[\x27"]#\\1\\2\\3%s\\2#g\n' \
    "$escaped" "$renamed" >>"$renames"
done
sed -i -f "$renames" "$TRUNK_STAGING_DIR/frontend-$hash.js" "$TRUNK_STAGING_DIR/__wasm_split-$hash.js"
# index.html names the entry files by their plain names, and keeps the skipped Rust link for
# Trunk only (see frontend/index.html).
sed -i -e "s#\"/frontend\\.js\"#\"/frontend-$hash.js\"#g" \
  -e "s#\"/frontend_bg\\.wasm\"#\"/frontend-${hash}_bg.wasm\"#g" \
  -e '/<link data-trunk rel="rust"/d' "$TRUNK_STAGING_DIR/index.html"

echo "web app wasm: $(find "$TRUNK_STAGING_DIR" -maxdepth 1 -name "*-$hash*.wasm" | wc -l) modules ($profile)"
