#!/usr/bin/env bash
# Interface addresses and link/address notifications over rtnetlink (libnl-route-3) against
# this machine's kernel, inside a network namespace of our own holding a veth pair: runs the
# already-built Swift test binary's RouteNetlinkKernel tests there with RTNL_NETNS_TEST=1
# (IPv4 VIP with label and brd, IPv6 VIP with nodad, idempotent add and delete, list, link
# lookup, link down/up and address add/remove seen by LinkMonitor), then cross-checks with
# `ip -n NS addr show` the addresses the tests leave in place.
#
# Usage: rtnetlink.sh OUR_KEEPALIVED_BINARY   (the test bundle swift-keepalivedPackageTests.xctest
#        is looked up beside it; build with: swift build --build-tests)
# Needs root (network namespaces). Ends with "rtnetlink: N passed, M failed".
set -uo pipefail
BIN=${1:?usage: rtnetlink.sh OUR_KEEPALIVED_BINARY}
if [[ $BIN == *.xctest ]]; then tests=$BIN; else tests=$(dirname "$BIN")/swift-keepalivedPackageTests.xctest; fi
tests=$(readlink -f "$tests" 2>/dev/null || echo "$tests")

pass=0 fail=0
summary() { echo "rtnetlink: $pass passed, $fail failed"; }
check() { if eval "$2"; then pass=$((pass + 1)); echo "ok $1"; else fail=$((fail + 1)); echo "FAIL $1"; fi; }

if [[ ! -x $tests ]]; then
    echo "FAIL the test binary exists ($tests; build with: swift build --build-tests)"
    fail=1; summary; exit 1
fi
if [[ $(id -u) -ne 0 ]]; then
    echo "FAIL running as root (network namespaces need it)"
    fail=1; summary; exit 1
fi

ns=kartnl$$
log=$(mktemp)
cleanup() { ip netns del "$ns" 2>/dev/null; rm -f "$log" "$log.plain"; }
trap cleanup EXIT

# Everything below happens inside $ns only: the root namespace is never touched.
ip netns add "$ns" || { echo "FAIL ip netns add"; fail=1; summary; exit 1; }
ip -n "$ns" link set lo up
ip -n "$ns" link add rtnl0 type veth peer name rtnl1
ip -n "$ns" link set rtnl0 up
ip -n "$ns" link set rtnl1 up
check "the namespace has the veth pair" 'ip -n "$ns" link show rtnl0 >/dev/null 2>&1 && ip -n "$ns" link show rtnl1 >/dev/null 2>&1'

RTNL_NETNS_TEST=1 RTNL_TEST_IFACE=rtnl0 RTNL_TEST_PEER=rtnl1 NO_COLOR=1 \
    timeout 300 ip netns exec "$ns" "$tests" --testing-library swift-testing --filter RouteNetlinkKernel > "$log" 2>&1
rc=$?
sed 's/\x1b\[[0-9;]*m//g' "$log" > "$log.plain"

# One check per Swift test, by its result line.
while read -r _ _ name verdict _; do
    if [[ $verdict == passed ]]; then pass=$((pass + 1)); echo "ok swift test $name"
    else fail=$((fail + 1)); echo "FAIL swift test $name"; fi
done < <(grep -E '^. Test [A-Za-z0-9_]+\(\) (passed|failed)' "$log.plain")
check "the Swift test binary exited 0" '[[ $rc -eq 0 ]]'
check "the run executed the kernel tests" 'grep -qE "Test run with [0-9]+ tests" "$log.plain" && ! grep -q " skipped" "$log.plain"'

# Cross-check with iproute2 what the tests left in place.
show=$(ip -n "$ns" addr show dev rtnl0)
show4=$(ip -n "$ns" -4 addr show dev rtnl0)
show6=$(ip -n "$ns" -6 addr show dev rtnl0)
check "ip shows the IPv4 VIP with brd and label" 'grep -qE "inet 192\.0\.2\.10/24 brd 192\.0\.2\.255 scope global rtnl0:vip" <<<"$show4"'
check "ip shows the IPv6 VIP with nodad and not tentative" 'grep -E "inet6 2001:db8::10/64 " <<<"$show6" | grep -q nodad && ! grep -E "inet6 2001:db8::10/64 " <<<"$show6" | grep -q tentative'
check "ip shows no address the tests deleted" '! grep -qE "192\.0\.2\.(20|30)/|198\.51\.100\.(5|40)/|2001:db8::(20|30|5)/" <<<"$show"'
check "the peer is up again after the link down/up test" 'ip -n "$ns" link show rtnl1 | grep -q "<.*UP.*>"'

if [[ $rc -ne 0 || $fail -ne 0 ]]; then
    echo "----- failing output -----"
    grep -vE '^. (Test|Suite) .* (started|passed)' "$log.plain" | tail -n 60
    echo "----- ip addr show dev rtnl0 -----"
    echo "$show"
fi
summary
[[ $fail -eq 0 ]]
