#!/usr/bin/env bash
# Sets up everything and runs the product. For now: build, then check the sample
# configuration with `keepalived -t`, printing what it finds.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build --product keepalived 2>&1 | tail -n 1
BIN=$(swift build --show-bin-path)
echo "+ keepalived -t -f etc/keepalived/keepalived.conf"
if "$BIN/keepalived" -t -f etc/keepalived/keepalived.conf; then
    echo "configuration OK"
else
    echo "configuration has problems (exit $?)"
fi
