#!/usr/bin/env bash
# The VRRP sockets against the kernel: raw IPv4/IPv6 protocol-112 sockets, the AF_PACKET
# gratuitous ARP and the ICMPv6 unsolicited neighbour advertisement, on a veth pair inside a
# network namespace made here (never the host's). Runs the Swift test binary's
# VRRPSocketKernel tests there with VRRP_NETNS_TEST=1; they compare the frames captured on the
# peer end with keepalived's golden frames (../shared/vectors) byte for byte.
#
# Usage: vrrp-sockets.sh OUR_KEEPALIVED_BINARY
#        (swift-keepalivedPackageTests.xctest must be beside it: swift build --build-tests)
# Needs root. Ends with "vrrp-sockets: N passed, M failed".
set -uo pipefail
BIN=${1:?usage: vrrp-sockets.sh OUR_KEEPALIVED_BINARY}
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"   # the tests read ../shared/vectors relative to the repository

tests=$(dirname "$(readlink -f "$BIN" 2>/dev/null || echo "$BIN")")/swift-keepalivedPackageTests.xctest
pass=0 fail=0
summary() { echo "vrrp-sockets: $pass passed, $fail failed"; }
check() { if eval "$2"; then pass=$((pass + 1)); echo "ok $1"; else fail=$((fail + 1)); echo "FAIL $1"; fi; }

if [[ ! -x $tests ]]; then
    echo "FAIL the test binary exists ($tests; build with: swift build --build-tests)"
    fail=1; summary; exit 1
fi
if [[ $(id -u) -ne 0 ]]; then
    echo "FAIL running as root (network namespaces need it)"
    fail=1; summary; exit 1
fi

ns=vrrpio$$
log=$(mktemp)
cleanup() { ip netns del "$ns" 2>/dev/null; rm -f "$log" "$log.plain"; }
trap cleanup EXIT

nsx() { ip netns exec "$ns" "$@"; }
setup() {
    ip netns add "$ns" || return 1
    nsx ip link set lo up
    nsx sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
        net.ipv6.auto_flowlabels=0 net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0 || return 1
    nsx ip link add vrrpa address 02:00:00:00:00:01 type veth peer name vrrpb address 02:00:00:00:00:02 || return 1
    nsx sysctl -qw net.ipv4.conf.vrrpb.accept_local=1 net.ipv4.conf.vrrpb.rp_filter=0 net.ipv4.conf.vrrpa.rp_filter=0 || return 1
    nsx ip addr add 192.0.2.1/24 dev vrrpa || return 1
    nsx ip addr add 2001:db8::1/64 dev vrrpa nodad || return 1
    nsx ip addr add 2001:db8::100/128 dev vrrpa nodad || return 1
    nsx ip addr add 192.0.2.3/32 dev vrrpb || return 1
    nsx ip link set vrrpa up && nsx ip link set vrrpb up || return 1
    # The unicast peer 192.0.2.2 is B's MAC, so unicast adverts leave A as keepalived's did.
    nsx ip neigh replace 192.0.2.2 lladdr 02:00:00:00:00:02 dev vrrpa nud permanent || return 1
    sleep 1   # let the link settle (bounded, one second)
}
check "a namespace with a veth pair (02:00:00:00:00:01 / :02) is set up" setup

if [[ $fail -eq 0 ]]; then
    VRRP_NETNS_TEST=1 NO_COLOR=1 VRRP_NETNS_IF_A=vrrpa VRRP_NETNS_IF_B=vrrpb \
        timeout 300 ip netns exec "$ns" "$tests" --testing-library swift-testing --filter VRRPSocketKernel > "$log" 2>&1
    rc=$?
    sed 's/\x1b\[[0-9;]*m//g' "$log" > "$log.plain"
    while read -r _ _ name verdict _; do
        if [[ $verdict == passed ]]; then pass=$((pass + 1)); echo "ok swift test $name"
        else fail=$((fail + 1)); echo "FAIL swift test $name"; fi
    done < <(grep -E '^. Test [A-Za-z0-9_]+\(\) (passed|failed)' "$log.plain")
    check "the Swift test binary exited 0" '[[ $rc -eq 0 ]]'
    check "the run executed the kernel tests" 'grep -qE "Test run with [1-9][0-9]* tests" "$log.plain"'
    if [[ $rc -ne 0 ]]; then
        echo "----- failing output -----"
        grep -vE '^. (Test|Suite) .* (started|passed)' "$log.plain" | grep -v '^↳' | tail -n 80
    fi
fi
summary
[[ $fail -eq 0 ]]
