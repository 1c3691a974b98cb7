#!/usr/bin/env bash
# Builds the web app (frontend/) to wasm with Trunk, into dist/ at the repository root, where
# the API server serves it from. Trunk writes the page; its post-build step,
# scripts/web-app-wasm.sh, compiles the app and splits it into a module per screen.
#
# Usage: scripts/build-frontend.sh [--release] [--dist DIR]
#
#   (default)  dev build: quick to compile, large and unoptimised.
#   --release  what we ship: the size-optimised `wasm-release` cargo profile, then every module
#              optimised by Binaryen as `wasm-opt -Oz` would (pinned, from npm;
#              scripts/install-tools.sh wasm-opt).
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
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
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

# Release builds optimise with Binaryen (scripts/web-app-wasm.sh).
if [[ -n "$release" ]]; then
  "$repo_root/scripts/install-tools.sh" wasm-opt
fi

trunk "${trunk_args[@]}"

echo "web app built${release:+ (release)}"
