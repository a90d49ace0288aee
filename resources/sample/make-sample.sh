#!/usr/bin/env bash
# Regenerates the shipped sample case: a deterministic demo incident sealed with the public sample
# key. The same command always writes the same bytes (test/integration/sample.test.ts checks it).
set -euo pipefail
cd "$(dirname "$0")/../.."
rm -f resources/sample/sample.trail
node electron/cli/trailview.js demo --seed 1 --size 800KB --out resources/sample/sample.trail
