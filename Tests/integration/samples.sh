#!/usr/bin/env bash
# Sample-config test: every etc/keepalived/samples/*.conf must be accepted by the real
# keepalived's config test AND by ours.
#
# Usage: samples.sh OUR_KEEPALIVED_BINARY
#
# For each sample (files in subdirectories such as conf.d/ and scripts/ are supporting
# files, not samples), run from the samples directory inside a throw-away network
# namespace, under "timeout 20":
#   real:  keepalived -t -l -n -i director1 -f FILE
#   ours:  OUR_BINARY -t -i director1 -f FILE
# A sample passes when both exit 0. Prints "ok FILE" or "FAIL FILE: ..." followed by
# both outputs, and ends with "samples: N passed, M failed" (exit status 1 if M > 0).
# Needs root (network namespaces). The namespace holds veth pairs eth0/eth0p, eth1/eth1p
# and veth0/veth1, all up, with 192.0.2.1/24 and 2001:db8::1/64 on eth0 and
# 198.51.100.1/24 on eth1 - the layout the samples are written for.
set -euo pipefail

if [[ $# -ne 1 || -z $1 ]]; then
    echo "usage: samples.sh OUR_KEEPALIVED_BINARY" >&2
    exit 2
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
samples="$here/etc/keepalived/samples"

setup_fail() {
    echo "FAIL setup: $1"
    echo "samples: 0 passed, 1 failed"
    exit 1
}

theirs=$(command -v keepalived 2>/dev/null || true)
[[ -z $theirs && -x /usr/sbin/keepalived ]] && theirs=/usr/sbin/keepalived
[[ -n $theirs ]] || setup_fail "the real keepalived is not installed (it is required, not optional)"

ours=$(readlink -f "$1" || true)
[[ -n $ours && -x $ours && -f $ours ]] || setup_fail "our binary '$1' is not an executable file"

[[ -d $samples ]] || setup_fail "no samples directory $samples"

ns="kasamples$$$RANDOM"
ip netns add "$ns" 2>/dev/null || setup_fail "cannot create network namespace $ns (root is required)"
cleanup() { ip netns del "$ns" 2>/dev/null || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM
ip -n "$ns" link set lo up
ip -n "$ns" link add eth0 type veth peer name eth0p
ip -n "$ns" link add eth1 type veth peer name eth1p
ip -n "$ns" link add veth0 type veth peer name veth1
for dev in eth0 eth0p eth1 eth1p veth0 veth1; do ip -n "$ns" link set "$dev" up; done
ip -n "$ns" addr add 192.0.2.1/24 dev eth0
ip -n "$ns" addr add 198.51.100.1/24 dev eth1
ip -n "$ns" -6 addr add 2001:db8::1/64 dev eth0 nodad

# run_checked ARGS... : runs ARGS in the namespace from the samples directory;
# sets $out (stdout and stderr together) and $rc.
run_checked() {
    rc=0
    out=$(cd "$samples" && timeout -k 5 20 ip netns exec "$ns" "$@" 2>&1 </dev/null) || rc=$?
}

describe() {    # describe RC : a short word for an exit status
    local rc=$1
    if ((rc == 0)); then echo "accept"
    elif ((rc == 124 || rc == 137)); then echo "timeout (exit $rc)"
    elif ((rc > 128)); then echo "killed by signal $((rc - 128)) (exit $rc)"
    elif ((rc == 126 || rc == 127)); then echo "not runnable (exit $rc)"
    else echo "reject (exit $rc)"
    fi
}

show() {        # show TEXT : indented output, or a marker when there was none
    if [[ -z $1 ]]; then echo "    (no output)"; else printf '%s\n' "$1" | sed 's/^/    | /'; fi
}

pass=0 fail=0
shopt -s nullglob
files=("$samples"/*.conf)
if ((${#files[@]} == 0)); then
    echo "FAIL setup: no *.conf files in $samples"
    fail=$((fail + 1))
fi

for path in "${files[@]}"; do
    [[ -f $path ]] || continue
    name=$(basename "$path")

    run_checked "$theirs" -t -l -n -i director1 -f "$name"
    theirs_rc=$rc theirs_out=$out
    run_checked "$ours" -t -i director1 -f "$name"
    ours_rc=$rc ours_out=$out

    if ((theirs_rc == 0 && ours_rc == 0)); then
        pass=$((pass + 1))
        echo "ok $name"
        continue
    fi

    fail=$((fail + 1))
    echo "FAIL $name: keepalived: $(describe "$theirs_rc"), ours: $(describe "$ours_rc")"
    echo "  keepalived output (exit $theirs_rc):"
    show "$theirs_out"
    echo "  our output (exit $ours_rc):"
    show "$ours_out"
done

echo "samples: $pass passed, $fail failed"
((fail == 0))
