#!/usr/bin/env bash
# Builds the web app (frontend/) to wasm with Trunk, into dist/ at the repository root, where
# the API server serves it from.
#
# Usage: scripts/build-frontend.sh [--release] [--dist DIR]
#
#   (default)  dev build: quick to compile, large and unoptimised.
#   --release  what we ship: the size-optimised `wasm-release` cargo profile (selected in
#              frontend/index.html), then Binaryen's wasm-opt -Oz on the module (pinned, from
#              npm; scripts/install-tools.sh wasm-opt).
#   --dist DIR build into DIR instead of dist/ (which the server and the browser tests use).
#
# Honours CARGO_TARGET_DIR (Trunk asks cargo where the target directory is).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

trunk_args=(build)
release=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --release) trunk_args+=(--release); release=1 ;;
    --dist)
      [[ $# -ge 2 ]] || { echo "--dist needs a directory" >&2; exit 2; }
      trunk_args+=(--dist "$2"); shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "usage: $0 [--release] [--dist DIR]" >&2; exit 2 ;;
  esac
  shift
done

# Cheap when everything is present; on a fresh machine it compiles Trunk and wasm-bindgen.
"$repo_root/scripts/install-tools.sh" wasm

# install-tools.sh may just have put trunk and wasm-bindgen here.
cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
case ":$PATH:" in
  *":$cargo_bin:"*) ;;
  *) export PATH="$cargo_bin:$PATH" ;;
esac

# Trunk.toml runs Trunk offline, which makes it call `cargo build --offline`: download the
# dependencies first (a no-op when they are already in the cargo cache).
cargo fetch --quiet

# Trunk checks crates.io for a newer Trunk on every run; a build should not touch the network.
export TRUNK_SKIP_VERSION_CHECK=true

# Release builds run wasm-opt (data-wasm-opt in frontend/index.html): the pinned npm build, put
# first on PATH, and its version told to Trunk, which would otherwise want its own default
# version (and, offline, refuse to build).
if [[ -n "$release" ]]; then
  "$repo_root/scripts/install-tools.sh" wasm-opt
  tools_dir="${BUDGET_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/budget-roi-tracker}"
  export PATH="$tools_dir/binaryen/node_modules/.bin:$PATH"
  # "wasm-opt version 132 (version_132)" -> version_132
  TRUNK_TOOLS_WASM_OPT="$(wasm-opt --version | sed -n 's/.*(\(version_[0-9]*\)).*/\1/p')"
  export TRUNK_TOOLS_WASM_OPT
fi

trunk "${trunk_args[@]}"

echo "web app built${release:+ (release)}"
