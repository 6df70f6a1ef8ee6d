#!/usr/bin/env bash
# Config-test benchmark: 1,000 virtual servers x 10 real servers, ours vs keepalived -t.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/install-deps.sh
# Built as it ships: release, with the Swift runtime linked statically.
swift build -c release --product keepalived --static-swift-stdlib --scratch-path .build-static 2>&1 | tail -n 1
BIN=$(swift build -c release --static-swift-stdlib --scratch-path .build-static --show-bin-path)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 benchmarks/config-test/generate.py --virtual-servers "${VS:-1000}" --real-servers "${RS:-10}" "$work/big.conf"
mkdir -p benchmarks/results
python3 benchmarks/config-test/run.py --ours "$BIN/keepalived" --config "$work/big.conf" --runs "${RUNS:-7}" \
    --json "benchmarks/results/$(date +%F)-config-test.json"
