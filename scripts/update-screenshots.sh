#!/usr/bin/env bash
# Copies the e2e screenshots the README shows from test-results/e2e/ into media/screenshots/ (CONTRIBUTING.md).
# Run it after `npm run test:e2e`; look at each one before committing it.
set -euo pipefail
cd "$(dirname "$0")/.."
src=test-results/e2e
dst=media/screenshots
mkdir -p "$dst"
# README name <- e2e name
pairs="tree.png:tree.png dashboard-fault.png:fault-band.png check-fail.png:check-fail.png check-pass.png:check-pass.png writeup.png:writeup.png dashboard-hc-dark.png:dashboard-hc-dark.png dashboard-hc-light.png:dashboard-hc-light.png"
missing=0
for p in $pairs; do
  to=${p%%:*} from=${p#*:}
  if [ -f "$src/$from" ]; then cp "$src/$from" "$dst/$to"; echo "$dst/$to <- $src/$from"; else echo "missing: $src/$from (run npm run test:e2e first)" >&2; missing=1; fi
done
exit $missing
