#!/usr/bin/env bash
# npm start: make sure Docker runs, build and package the extension, then open the learner workspace
# (not this repo) with it installed: in VS Code when `code` is on PATH, otherwise in code-server at
# http://127.0.0.1:8080. The extension shows its Labs view and "Get started" walkthrough on the first
# open of that workspace (src/extension/landing.ts, triggered by the marker written below).
#
# Environment:
#   BREAKFIX_WORKSPACE  the learner workspace (default ~/breakfix-labs-workspace; created if missing).
#                       Start Lab copies labs into it and makes it a git repo. Must lie outside this repo.
#   BREAKFIX_EDITOR     auto (default: `code` when on PATH, else code-server) | code | code-server
#   BREAKFIX_CS_PORT    code-server's port (8080)
#   BREAKFIX_CS_STATE   code-server's extensions + user-data dirs for this checkout (see code-server.sh;
#                       default ${XDG_DATA_HOME:-~/.local/share}/breakfix-labs/<checkout>-<hash>)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CALLER_DIR="${INIT_CWD:-$PWD}"   # a relative BREAKFIX_WORKSPACE is relative to where npm start was typed
cd "$ROOT"
VSIX="$ROOT/dist/breakfix-labs.vsix"
CS="$ROOT/scripts/code-server.sh"
say() { echo "[start] $*" >&2; }
die() { say "error: $*"; exit 1; }

# --- the learner workspace ---------------------------------------------------------------------
WORKSPACE="${BREAKFIX_WORKSPACE:-$HOME/breakfix-labs-workspace}"
[[ "$WORKSPACE" = /* ]] || WORKSPACE="$CALLER_DIR/$WORKSPACE"
created=""; [ -d "$WORKSPACE" ] || created=1
mkdir -p "$WORKSPACE"
WORKSPACE="$(cd "$WORKSPACE" && pwd -P)"
case "$WORKSPACE/" in
  "$(pwd -P)"/*)
    if [ -n "$created" ]; then rmdir "$WORKSPACE" 2>/dev/null || true; fi
    die "the workspace $WORKSPACE lies inside this repo ($ROOT): Start Lab would copy labs and commit into the product's own git repo. Set BREAKFIX_WORKSPACE to a folder outside it." ;;
esac
# The marker: the extension's `workspaceContains` activation event and its cue to show the Labs view
# and the walkthrough on the first open (src/extension/landing.ts, LEARNER_MARKER).
MARKER="$WORKSPACE/.breakfix/workspace.json"
if [ ! -f "$MARKER" ]; then
  mkdir -p "$(dirname "$MARKER")"
  printf '{ "format": 1, "createdBy": "npm start" }\n' > "$MARKER"
fi

# --- engine, build, package --------------------------------------------------------------------
if [ -f scripts/ensure-engine.sh ]; then
  bash scripts/ensure-engine.sh || say "warning: no Docker engine is ready; labs can be browsed but stacks will not start (see 'Break/Fix: Run Doctor')."
else
  say "warning: scripts/ensure-engine.sh is missing; not checking the Docker engine."
fi
# The engine's environment (PATH to the matching docker client, Compose overrides) for the editor.
if [ -f .tools/engine.env ]; then
  # shellcheck disable=SC1091
  . .tools/engine.env
fi

npm run package

# --- desktop VS Code ---------------------------------------------------------------------------
editor="${BREAKFIX_EDITOR:-auto}"
case "$editor" in
  auto) command -v code >/dev/null 2>&1 && editor=code || editor=code-server ;;
  code) command -v code >/dev/null 2>&1 || die "BREAKFIX_EDITOR=code but \`code\` is not on PATH" ;;
  code-server) ;;
  *) die "BREAKFIX_EDITOR must be auto, code or code-server (got '$editor')" ;;
esac
if [ "$editor" = code ]; then
  code --install-extension "$VSIX" --force
  code "$WORKSPACE"
  say "opened $WORKSPACE in VS Code with Break/Fix Labs installed (trust the folder when VS Code asks: it holds your copies of the labs)."
  exit 0
fi

# --- code-server -------------------------------------------------------------------------------
# Its extensions and user-data dirs lie outside the repo and outside the workspace (code-server.sh).
PORT="${BREAKFIX_CS_PORT:-8080}"
EXT_DIR="$(bash "$CS" dirs | sed -n 's/^extensions-dir=//p')"
USER_DIR="$(bash "$CS" dirs | sed -n 's/^user-data-dir=//p')"
bash "$CS" install
bash "$CS" install-ext "$VSIX" "$EXT_DIR" "$USER_DIR"
# First run: quiet user settings (this server's own user-data dir, never the learner's desktop VS Code).
SETTINGS="$USER_DIR/User/settings.json"
if [ ! -f "$SETTINGS" ]; then
  mkdir -p "$(dirname "$SETTINGS")"
  cat > "$SETTINGS" <<'JSON'
{
  "workbench.startupEditor": "none",
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "chat.disableAIFeatures": true,
  "telemetry.telemetryLevel": "off",
  "git.openRepositoryInParentFolders": "never"
}
JSON
fi

# --disable-workspace-trust: this server exists to open the workspace npm start made, which holds the
# learner's own copies of the bundled labs; Restricted Mode would block Start Stack there.
# --ignore-last-opened: always open that workspace, not whatever folder the last session ended on.
BREAKFIX_CS_EXT_DIR="$EXT_DIR" BREAKFIX_CS_USER_DIR="$USER_DIR" BREAKFIX_CS_PORT="$PORT" \
  bash "$CS" run "$WORKSPACE" --disable-workspace-trust --ignore-last-opened &
server=$!
trap 'kill "$server" 2>/dev/null || true' INT TERM EXIT
for _ in $(seq 1 60); do
  if curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null; then
    echo "Break/Fix Labs is running at http://127.0.0.1:$PORT (workspace: $WORKSPACE; code-server's extensions and settings: $(dirname "$EXT_DIR"))"
    wait "$server"
    exit $?
  fi
  kill -0 "$server" 2>/dev/null || { say "code-server exited early"; wait "$server"; exit 1; }
  sleep 1
done
say "code-server did not answer on port $PORT within 60 s"
exit 1
