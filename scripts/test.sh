#!/usr/bin/env bash
# Runs the whole test suite: installs what is missing, builds once, then runs the unit tests
# (swift test) and the integration tests (Tests/integration/*.sh) against the built binaries.
# Needs root: the integration tests create network namespaces.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh || exit 1

echo "== build (once, shared by every test below)"
if ! swift build --build-tests 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\] '; then
    echo "== build FAILED"
    exit 1
fi
BIN=$(swift build --show-bin-path)

failed=0
echo "== unit tests"
swift test --skip-build 2>&1 | tee /tmp/swift-keepalived-unit.log | grep -vE '^(􀟈|✔|◇|Test Case .* (started|passed))' | tail -n 60
[[ ${PIPESTATUS[0]} -eq 0 ]] || failed=1
grep -E 'Test run with [0-9]+ tests' /tmp/swift-keepalived-unit.log | tail -n 1

echo "== integration tests"
for t in Tests/integration/*.sh; do
    echo "-- $t"
    if ! bash "$t" "$BIN/keepalived"; then
        echo "FAILED: $t"
        failed=1
    fi
done

if [[ $failed -ne 0 ]]; then
    echo "== some tests FAILED"
    exit 1
fi
echo "== all tests passed"
