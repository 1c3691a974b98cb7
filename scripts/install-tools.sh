#!/usr/bin/env bash
# Installs the build tools this repository needs beyond a plain Rust toolchain.
#
# Usage: scripts/install-tools.sh [wasm|wasm-opt|test|venv|browser|all]   (default: wasm)
#
#   wasm     the wasm32 target, Trunk, wasm-bindgen-cli and wasm-split-cli: what
#            scripts/build-frontend.sh needs.
#   wasm-opt Binaryen (from npm), which release builds of the web app optimise with.
#   test     cargo-nextest, the test runner scripts/test uses, and what `venv` installs.
#   venv     Python's venv module (Debian ships it apart from python3), for the checkers that
#            live in their own virtual environments (fuzzer, spec and client checks).
#   browser  Chromium and chromedriver, for browser tests of the web app, and axe-core (from npm),
#            the accessibility checker those tests inject into every screen.
#   all      all of the above.
#
# Idempotent: each tool is checked first and installed only when missing or at the wrong
# version, so every build script can call this unconditionally. Everything comes from rustup,
# crates.io, Debian's apt and the npm registry (into a cache folder, never globally): Trunk
# would otherwise fetch wasm-bindgen and wasm-opt from GitHub at build
# time, which fails on offline machines and makes builds depend on a third-party download
# (Trunk.toml forbids it).
#
# wasm-opt (binaryen) comes from npm, pinned, not from Debian or a Trunk download: Debian 12's
# binaryen (version 108) is too old for what current Rust and wasm-bindgen emit: its -Oz output
# loads but then fails in the browser (it mistypes the externref table: "WebAssembly.Table.set():
# Argument 1 is invalid for table").
set -euo pipefail

# Trunk release we build with. Pinned so builds are reproducible; 0.21.14 is the newest
# stable release that builds with Rust 1.95 (0.22 needs Rust 1.96.1).
readonly TRUNK_VERSION="0.21.14"
# Installed only when no cargo-nextest is present at all; any recent one runs our tests.
readonly NEXTEST_VERSION="0.9.143"
# The accessibility rules engine the browser tests run on every screen. Pinned: a newer release
# adds rules, which is a change to review, not something a build picks up by itself.
readonly AXE_CORE_VERSION="4.11.0"
# Binaryen, which optimises release builds of the web app (scripts/optimise-wasm.mjs), from npm
# (a Node.js build of the same C++ code as wasm-opt, so it runs wherever Node does). Pinned:
# Debian 12's binaryen 108 is too old for what current Rust and wasm-bindgen emit (see below),
# and a newer one is a change to test.
readonly BINARYEN_VERSION="132.0.0"
# The splitter that cuts the web app's wasm into the main module and one module per screen (the
# screens marked lazy), with the loader that fetches a screen's module on first use. It works
# on the module as the linker wrote it, before wasm-bindgen. Pinned: the split-point format it
# reads is the one leptos's `lazy` macros (in Cargo.lock) write.
readonly WASM_SPLIT_VERSION="0.2.4"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# npm tools live in their own folders here, outside the repository, installed on the first run
# and reused after that (CI caches the directory). The browser tests look for axe-core here too.
tools_dir="${BUDGET_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/budget-roi-tracker}"

# `cargo install` puts binaries here; make them visible to the checks below even when the
# caller's shell profile has not been reloaded since rustup was installed.
cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
case ":$PATH:" in
  *":$cargo_bin:"*) ;;
  *) export PATH="$cargo_bin:$PATH" ;;
esac

say() { printf '%-22s %s\n' "$1" "$2"; }

# apt needs root; use sudo only when we are not root already (containers usually are).
apt_install() {
  local sudo=()
  if [[ $EUID -ne 0 ]]; then sudo=(sudo); fi
  # A fresh machine or container image may have empty package lists: refresh them once.
  if [[ -z "${apt_updated:-}" ]]; then
    "${sudo[@]}" apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$@"
}

# cargo install, preferring --locked: the dependency versions the tool was released and tested
# with. That fails when one of them is no longer in the registry (yanked crates, or a registry
# mirror that lacks a version); the tool then still builds with versions resolved afresh.
cargo_install() {
  if ! cargo install --locked "$@"; then
    echo "warning: 'cargo install --locked $*' failed; retrying without --locked" >&2
    cargo install "$@"
  fi
}

# The wasm-bindgen CLI must be exactly the version of the wasm-bindgen crate the app links
# against, or the generated JS glue does not match the wasm module. Cargo.lock is the truth.
locked_wasm_bindgen_version() {
  local versions
  versions="$(awk '
    /^\[\[package\]\]/ { in_pkg = 0 }
    /^name = "wasm-bindgen"$/ { in_pkg = 1; next }
    in_pkg && /^version = / { gsub(/"/, "", $3); print $3; in_pkg = 0 }
  ' "$repo_root/Cargo.lock")"
  if [[ -z "$versions" ]]; then
    echo "error: no wasm-bindgen package in Cargo.lock (run: cargo generate-lockfile)" >&2
    return 1
  fi
  if [[ "$(wc -l <<<"$versions")" -ne 1 ]]; then
    echo "error: several wasm-bindgen versions in Cargo.lock: $(tr '\n' ' ' <<<"$versions")" >&2
    return 1
  fi
  printf '%s\n' "$versions"
}

install_wasm_target() {
  if rustup target list --installed | grep -qx 'wasm32-unknown-unknown'; then
    say "wasm32 target" "already present"
  else
    rustup target add wasm32-unknown-unknown
    say "wasm32 target" "installed"
  fi
}

install_trunk() {
  local current=""
  if command -v trunk >/dev/null 2>&1; then
    current="$(trunk --version | awk '{print $2}')"
  fi
  if [[ "$current" == "$TRUNK_VERSION" ]]; then
    say "trunk" "already present ($TRUNK_VERSION)"
  else
    cargo_install trunk --version "$TRUNK_VERSION"
    say "trunk" "installed ($TRUNK_VERSION${current:+, replacing $current})"
  fi
}

install_wasm_bindgen() {
  local wanted current=""
  wanted="$(locked_wasm_bindgen_version)"
  if command -v wasm-bindgen >/dev/null 2>&1; then
    current="$(wasm-bindgen --version | awk '{print $2}')"
  fi
  if [[ "$current" == "$wanted" ]]; then
    say "wasm-bindgen-cli" "already present ($wanted)"
  else
    # --force: replace a CLI of another version left by an older Cargo.lock.
    cargo_install --force wasm-bindgen-cli --version "$wanted"
    say "wasm-bindgen-cli" "installed ($wanted${current:+, replacing $current})"
  fi
}

install_wasm_split() {
  local current=""
  # The tool has no --version; cargo's list of what it installed names the crate's version.
  if command -v wasm-split-cli >/dev/null 2>&1; then
    current="$(cargo install --list | sed -n 's/^wasm_split_cli_support v\([^:]*\):$/\1/p')"
  fi
  if [[ "$current" == "$WASM_SPLIT_VERSION" ]]; then
    say "wasm-split-cli" "already present ($WASM_SPLIT_VERSION)"
  else
    # The crate is a library; its command-line tool is behind the `build-binary` feature.
    cargo_install --force wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary
    say "wasm-split-cli" "installed ($WASM_SPLIT_VERSION${current:+, replacing $current})"
  fi
}

install_nextest() {
  if cargo nextest --version >/dev/null 2>&1; then
    say "cargo-nextest" "already present ($(cargo nextest --version | awk 'NR == 1 {print $2}'))"
  else
    cargo_install cargo-nextest --version "$NEXTEST_VERSION"
    say "cargo-nextest" "installed ($NEXTEST_VERSION)"
  fi
}

install_venv() {
  if python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
    say "python3-venv" "already present"
  else
    apt_install python3-venv
    say "python3-venv" "installed"
  fi
}

install_browser() {
  if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
    say "chromium" "already present"
  else
    apt_install chromium chromium-driver
    say "chromium" "installed"
  fi
}

# npm_tool <folder> <package> <version>: installs one pinned npm package into
# $tools_dir/<folder> (never globally), unless that version is there already.
npm_tool() {
  local folder="$tools_dir/$1" package="$2" version="$3" current=""
  local manifest="$folder/node_modules/$package/package.json"
  if [[ -f "$manifest" ]]; then
    current="$(node -p "require(process.argv[1]).version" "$manifest" 2>/dev/null || true)"
  fi
  if [[ "$current" == "$version" ]]; then
    say "$package" "already present ($version)"
    return
  fi
  if ! command -v npm >/dev/null 2>&1; then
    apt_install nodejs npm
  fi
  rm -rf "$folder"
  mkdir -p "$folder"
  npm install --prefix "$folder" --no-audit --no-fund --loglevel=error "$package@$version" >&2
  say "$package" "installed ($version${current:+, replacing $current}) into $folder"
}

install_axe_core() {
  npm_tool axe-core axe-core "$AXE_CORE_VERSION"
}

install_binaryen() {
  npm_tool binaryen binaryen "$BINARYEN_VERSION"
}

what="${1:-wasm}"
case "$what" in
  wasm) install_wasm_target; install_trunk; install_wasm_bindgen; install_wasm_split ;;
  wasm-opt) install_binaryen ;;
  test) install_nextest; install_venv ;;
  venv) install_venv ;;
  browser) install_browser; install_axe_core ;;
  all)
    install_wasm_target; install_trunk; install_wasm_bindgen; install_wasm_split; install_binaryen
    install_nextest; install_venv; install_browser; install_axe_core
    ;;
  -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
  *) echo "usage: $0 [wasm|wasm-opt|test|venv|browser|all]" >&2; exit 2 ;;
esac
