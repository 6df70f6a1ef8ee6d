#!/usr/bin/env bash
# The IPVS client against a real kernel: boots a throw-away VM whose kernel has IPVS
# (scripts/run-in-ipvs-vm.sh; this machine's kernel has none) and runs the already-built
# Swift test binary's IPVSKernel tests in it with IPVS_VM=1. Each of those tests works in a
# network namespace of its own and cross-checks the kernel table with ipvsadm (-Sn, -Ln,
# --thresholds, --timeout, --daemon) after its adds, updates and deletes: TCP/UDP/SCTP,
# IPv6 and firewall-mark services, every scheduler the kernel offers, NAT/DR/tunnel real
# servers, persistence, timeouts, sync daemons, flush, rules written by ipvsadm read back.
#
# Usage: ipvs-vm.sh [BIN]   BIN = the build's bin directory, or any file in it (scripts/test.sh
#        passes .../keepalived), or the test binary itself; default: .build/debug.
# Needs root (QEMU, namespaces). Ends with "ipvs-vm: N passed, M failed".
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"

arg=${1:-.build/debug}
if [[ -n ${IPVS_VM_TEST_BINARY:-} ]]; then
    tests=$IPVS_VM_TEST_BINARY
elif [[ $arg == *.xctest ]]; then
    tests=$arg
elif [[ -d $arg ]]; then
    tests=$arg/swift-keepalivedPackageTests.xctest
else
    tests=$(dirname "$arg")/swift-keepalivedPackageTests.xctest
fi
tests=$(readlink -f "$tests" 2>/dev/null || echo "$tests")

pass=0 fail=0
summary() { echo "ipvs-vm: $pass passed, $fail failed"; }
if [[ ! -x $tests ]]; then
    echo "FAIL the test binary exists ($tests; build with: swift build --build-tests)"
    fail=1; summary; exit 1
fi
if [[ $(id -u) -ne 0 ]]; then
    echo "FAIL running as root (QEMU and network namespaces need it)"
    fail=1; summary; exit 1
fi

# The guest part: prints "ok NAME" / "FAIL NAME" lines, one per check.
guest=$(cat <<'GUEST'
set -u
tests=$1
check() { if eval "$2"; then echo "ok $1"; else echo "FAIL $1"; fi; }
check "the guest kernel has IPVS (/proc/net/ip_vs)" '[ -e /proc/net/ip_vs ]'
check "ipvsadm is installed in the guest" 'command -v ipvsadm >/dev/null'
log=$(mktemp)
# A fresh network namespace for the whole run (each test also makes its own).
unshare --net /bin/sh -c 'ip link set lo up; IPVS_VM=1 NO_COLOR=1 exec "$0" --testing-library swift-testing --filter IPVSKernel' "$tests" > "$log" 2>&1
rc=$?
sed 's/\x1b\[[0-9;]*m//g' "$log" > "$log.plain"
# One check per Swift test, by its result line.
grep -E '^. Test [A-Za-z0-9_]+\(\) (passed|failed)' "$log.plain" | while read -r _ _ name verdict _; do
    if [ "$verdict" = passed ]; then echo "ok swift test $name"; else echo "FAIL swift test $name"; fi
done
check "the Swift test binary exited 0" '[ $rc -eq 0 ]'
check "the run executed the kernel tests (not skipped)" '! grep -q " skipped" "$log.plain" && grep -qE "Test run with [0-9]+ tests" "$log.plain"'
check "the guest's own IPVS table was left alone" '[ -z "$(ipvsadm -Sn)" ]'
if [ $rc -ne 0 ]; then
    echo "----- failing output -----"
    grep -vE '^. (Test|Suite) .* (started|passed)' "$log.plain" | grep -v '^↳' | tail -n 80
fi
grep -E '^IPVSKernel:' "$log.plain"
GUEST
)

start=$(date +%s)
runner=$repo/scripts/run-in-ipvs-vm.sh
[[ -x $runner ]] || runner=$repo/../shared/tools/run-in-ipvs-vm.sh
out=$(mktemp)
IPVS_VM_TIMEOUT=${IPVS_VM_TIMEOUT:-900} "$runner" "bash -c $(printf '%q' "$guest") guest $(printf '%q' "$tests")" > "$out"
vmrc=$?
cat "$out"
pass=$(grep -c '^ok ' "$out")
fail=$(grep -c '^FAIL ' "$out")
if [[ $vmrc -ne 0 ]]; then
    echo "FAIL the VM ran the tests (exit status $vmrc)"
    fail=$((fail + 1))
fi
if [[ $pass -eq 0 && $fail -eq 0 ]]; then
    echo "FAIL the VM reported results"
    fail=1
fi
echo "ipvs-vm: VM run took $(( $(date +%s) - start )) s"
summary
[[ $fail -eq 0 ]]
