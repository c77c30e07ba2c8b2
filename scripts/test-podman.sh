#!/usr/bin/env bash
# `npm run test:podman`: lab 1 on Podman (test/podman/), set up and torn down by scripts/podman.sh. Not part of
# `npm test`: see docs/podman-trial.md for why (its minutes, and the firewall rules Podman's networking adds).
set -uo pipefail
cd "$(dirname "$0")/.."
[ -f .tools/engine.env ] && source .tools/engine.env
bash scripts/podman.sh start || exit 1
npx mocha --config test/podman/.mocharc.json; rc=$?
bash scripts/podman.sh stop
exit $rc
