#!/usr/bin/env bash
# npm start: make sure Docker runs, build and package the extension, then open this repo in
# VS Code with it installed, or, without `code` on PATH, in code-server at http://127.0.0.1:8080.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VSIX="$ROOT/dist/breakfix-labs.vsix"
say() { echo "[start] $*" >&2; }

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

if command -v code >/dev/null 2>&1; then
  code --install-extension "$VSIX" --force
  code "$ROOT/"
  say "opened $ROOT in VS Code with Break/Fix Labs installed."
  exit 0
fi

CS="$ROOT/scripts/code-server.sh"
EXT_DIR="$ROOT/.tools/cs-extensions"
USER_DIR="$ROOT/.tools/cs-user"
PORT="${BREAKFIX_CS_PORT:-8080}"
bash "$CS" install
bash "$CS" install-ext "$VSIX" "$EXT_DIR" "$USER_DIR"

BREAKFIX_CS_EXT_DIR="$EXT_DIR" BREAKFIX_CS_USER_DIR="$USER_DIR" bash "$CS" run "$ROOT" &
server=$!
trap 'kill "$server" 2>/dev/null || true' INT TERM EXIT
for _ in $(seq 1 60); do
  if curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null; then
    echo "Break/Fix Labs is running at http://127.0.0.1:$PORT"
    wait "$server"
    exit $?
  fi
  kill -0 "$server" 2>/dev/null || { say "code-server exited early"; wait "$server"; exit 1; }
  sleep 1
done
say "code-server did not answer on port $PORT within 60 s"
exit 1
