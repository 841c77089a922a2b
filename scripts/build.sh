#!/usr/bin/env bash
# Builds the JavaScript packages from the Rust core:
#   pkg/web/   wasm-bindgen --target web     (ES module; browsers, bundlers, workerd)
#   pkg/node/  wasm-bindgen --target nodejs  (CommonJS; Node, Deno, Bun)
# from two release builds of the crate for wasm32-unknown-unknown: pkg/node with the default
# features, pkg/web without the Node transport (feature `node-sockets`), which a browser cannot
# use. Then shrinks each *_bg.wasm in place with wasm-opt (WASM_OPT_FLAGS) and checks that the
# optimized modules still load; shortens the names between pkg/web's module and its glue
# (scripts/short-wasm-names.mjs).
# Then scripts/build-bundles.mjs makes pkg/inline and pkg/script from them (skipped when up to date).
#
# Skips everything ("pkg is up to date") when pkg/ was built from sources no older than
# every file in src/, Cargo.toml, Cargo.lock, this script and scripts/short-wasm-names.mjs.
# Run scripts/setup.sh first.
#
# Usage: scripts/build.sh [--force]
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
FORCE=0
for arg in "$@"; do
  case "$arg" in
    --force|-f) FORCE=1 ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build.sh: unknown argument '$arg' (accepted: --force)" >&2; exit 2 ;;
  esac
done

[ -f .tools/env.sh ] || { echo "build.sh: .tools/env.sh is missing: run scripts/setup.sh first" >&2; exit 1; }
# shellcheck source=/dev/null
source .tools/env.sh

CRATE=neo4j_wasm
TARGET=wasm32-unknown-unknown
PKG=pkg
# Written when a build starts, moved into pkg/ when it succeeds: its time is the moment the
# sources were read, so an edit made while the build runs still counts as newer.
STAMP=$PKG/.build-stamp
OUTPUTS=("$PKG/web/$CRATE.js" "$PKG/web/${CRATE}_bg.wasm" "$PKG/node/$CRATE.js" "$PKG/node/${CRATE}_bg.wasm")
# The features rustc 1.95's default wasm32 CPU allows (its target_features section lists
# exactly these). wasm-opt reads that section when present, but rejects a module using a
# feature it was not told about otherwise, and binaryen's defaults do not cover them all.
WASM_OPT_FEATURES=(--enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue
  --enable-call-indirect-overlong)
# How wasm-opt shrinks the module: -Oz until it stops gaining, and the knowledge that the lowest
# 1 KiB of memory is never used (the stack starts at 1 MiB and grows down towards it; the data
# comes after), which lets it fold constant offsets into loads and stores. The producers and
# target features sections go (about 190 bytes gzipped): nothing reads them once wasm-opt ran.
# bench/wasm-opt.mjs reads these two lists, to optimise modules for profiling as the build does.
WASM_OPT_FLAGS=(-Oz --converge --low-memory-unused --strip-producers --strip-target-features)

print_sizes() {
  local f raw gz
  for f in "$PKG/web/${CRATE}_bg.wasm" "$PKG/node/${CRATE}_bg.wasm"; do
    raw=$(wc -c <"$f")
    gz=$(gzip -9 -c "$f" | wc -c)
    printf '%s: %d bytes (%d KiB), gzipped %d bytes (%d KiB)\n' "$f" "$raw" $(((raw + 1023) / 1024)) "$gz" $(((gz + 1023) / 1024))
  done
}

up_to_date() {
  [ -f "$STAMP" ] || return 1
  local f
  for f in "${OUTPUTS[@]}"; do [ -f "$f" ] || return 1; done
  # Any input newer than the stamp means a rebuild.
  [ -z "$(find src Cargo.toml Cargo.lock scripts/build.sh scripts/short-wasm-names.mjs -newer "$STAMP" -print -quit)" ]
}

if [ $FORCE = 0 ] && up_to_date; then
  echo "pkg is up to date"
  print_sizes
  node scripts/build-bundles.mjs
  exit 0
fi

log() { printf '[build %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
mkdir -p "$PKG"
rm -f "$STAMP"
NEW_STAMP=$(mktemp "$PKG/.build-stamp.XXXXXX")
trap 'rm -f "$NEW_STAMP"' EXIT

# The module that ships is built for size: std rebuilt for size (its source is needed, which
# scripts/setup.sh adds where it can), panics that abort without formatting a message, and
# opt-level "z" except for the functions that every record and parameter goes through, which
# are marked to be optimised for speed (`size_optimized`, see src/lib.rs). About 31 KB less
# gzipped than a plain release build, and as fast. The unstable flags this takes are allowed
# for this build alone. Without the source, the prebuilt std is linked and the module is
# larger, but works the same. Panic locations (file, line and column) are left out too: an
# aborting panic prints nothing, so they were bytes no one could read (about 1 KB gzipped).
STD_FLAGS=()
if [ "${WASM_BUILD_STD:-0}" = 1 ]; then
  STD_FLAGS=(-Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size)
  export RUSTC_BOOTSTRAP=1 CARGO_PROFILE_RELEASE_OPT_LEVEL=z
  export RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none --cfg size_optimized"
fi
WASM=target/$TARGET/release/$CRATE.wasm
# pkg/web last, so that target/ keeps the browser module for bench/size-profile.mjs.
for t in node web; do
  case $t in web) bt=web features=(--no-default-features) ;; node) bt=nodejs features=() ;; esac
  log "$WASM_CARGO build --release --target $TARGET ${features[*]} ${STD_FLAGS[*]}"
  # shellcheck disable=SC2086 # WASM_CARGO may be several words (e.g. `cargo +debian-web`).
  $WASM_CARGO build --release --target $TARGET "${features[@]}" "${STD_FLAGS[@]}"
  [ -f "$WASM" ] || { echo "build.sh: $WASM was not produced" >&2; exit 1; }
  log "wasm-bindgen --target $bt --out-dir $PKG/$t"
  rm -rf "${PKG:?}/$t"
  wasm-bindgen --target "$bt" --out-dir "$PKG/$t" "$WASM"
  # Kept for bench/profile.mjs --names, which profiles Node over TCP (only this module has it).
  [ $t = web ] || cp "$WASM" "${WASM%.wasm}-$t.wasm"
done
# The repository's package.json says "type": "module"; the nodejs target is CommonJS, so
# pkg/node says so itself (otherwise Node would parse neo4j_wasm.js as an ES module).
[ -f "$PKG/node/package.json" ] || printf '{\n  "type": "commonjs"\n}\n' >"$PKG/node/package.json"
# The JS snippet (src/transport/node_socket.js, in pkg/node only) is an ES module; the CommonJS
# glue loads it with require(), which Node 20.19+ and 22.12+ allow for ES modules.
[ ! -d "$PKG/node/snippets" ] || printf '{\n  "type": "module"\n}\n' >"$PKG/node/snippets/package.json"

optimize() {
  log "wasm-opt ${WASM_OPT_FLAGS[*]} $1"
  local before
  before=$(wc -c <"$1")
  wasm-opt "${WASM_OPT_FLAGS[@]}" "${WASM_OPT_FEATURES[@]}" -o "$1.opt" "$1"
  mv "$1.opt" "$1"
  log "  $before -> $(wc -c <"$1") bytes"
}
optimize "$PKG/web/${CRATE}_bg.wasm"
optimize "$PKG/node/${CRATE}_bg.wasm"
# wasm-bindgen's names between the web module and its glue, made short: their hashes do not
# compress (about 3.8 KB of a gzipped download). pkg/node keeps them for bench/profile.mjs.
node scripts/short-wasm-names.mjs "$PKG/web" "$CRATE"

# The optimized modules must still instantiate and answer.
log "checking that pkg/node and pkg/web load"
v=$(node -e "process.stdout.write(require('./$PKG/node/$CRATE.js').version())")
[ -n "$v" ] || { echo "build.sh: pkg/node/$CRATE.js loaded but version() returned nothing" >&2; exit 1; }
w=$(node --input-type=module -e "
  import { readFile } from 'node:fs/promises';
  import { initSync, version } from './$PKG/web/$CRATE.js';
  initSync({ module: await readFile('$PKG/web/${CRATE}_bg.wasm') });
  process.stdout.write(version());")
[ "$w" = "$v" ] || { echo "build.sh: pkg/web/$CRATE.js answered version() '$w', pkg/node '$v'" >&2; exit 1; }
log "  version() = $v"

chmod 644 "$NEW_STAMP"
mv "$NEW_STAMP" "$STAMP"
trap - EXIT
print_sizes
node scripts/build-bundles.mjs --force
