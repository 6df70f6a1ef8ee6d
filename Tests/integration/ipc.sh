#!/usr/bin/env bash
# The parent against stand-in children written from docs/ipc.md (Tests/integration/fake-child.py):
# state relayed from the VRRP child to the checker, the last state handed to a restarted VRRP
# child, and a child that writes garbage on its socketpair cut off and restarted while the
# parent carries on.
# Usage: ipc.sh OUR_KEEPALIVED_BINARY
set -uo pipefail
BIN=$(readlink -f "${1:?usage: ipc.sh OUR_KEEPALIVED_BINARY}")
here=$(cd "$(dirname "$0")" && pwd)

ns=kaipc$$
work=$(mktemp -d)
daemon=""
cleanup() {
    [[ -n $daemon ]] && kill -KILL "$daemon" 2>/dev/null
    for f in "$work"/*.pid; do [[ -f $f ]] && kill -KILL "$(cat "$f")" 2>/dev/null; done
    ip netns del "$ns" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
ip netns add "$ns"

pass=0 fail=0
check() { if eval "$2"; then pass=$((pass + 1)); echo "ok $1"; else fail=$((fail + 1)); echo "FAIL $1"; fi; }
wait_for() { local i; for i in $(seq 1 $(( $1 * 20 ))); do eval "$2" && return 0; sleep 0.05; done; eval "$2"; }

cat > "$work/keepalived.conf" <<'CONF'
global_defs {
    router_id ipc-test
    child_restart_min_uptime 0.2
    heartbeat_timeout 2
}
CONF
# Stand-ins named like the real children (the parent checks the role in hello).
cp "$here/fake-child.py" "$work/keepalived-vrrp"; cp "$here/fake-child.py" "$work/keepalived-checker"
chmod +x "$work/keepalived-vrrp" "$work/keepalived-checker"

start() { # start MODE_FOR_VRRP
    FAKE_CHILD_LOG="$work/messages" FAKE_CHILD_MODE="$1" \
    KEEPALIVED_VRRP_BINARY="$work/keepalived-vrrp" KEEPALIVED_CHECKER_BINARY="$work/keepalived-checker" \
        ip netns exec "$ns" "$BIN" -n -l -G --all -f "$work/keepalived.conf" \
        -p "$work/keepalived.pid" -r "$work/vrrp.pid" -c "$work/checkers.pid" > "$work/log" 2>&1 &
    daemon=$!
}

# ---- relay and resume ----
start report
check "both stand-in children get a configuration" 'wait_for 5 "[[ \$(grep -c \"configuration generation=1 reason=1\" $work/messages 2>/dev/null) == 2 ]]"'
checker=$(cat "$work/checkers.pid")
check "the VRRP child's state is relayed to the checker" 'wait_for 5 "grep -q \"^$checker relayed (.VI_1., 2, 150, 150, 1)\" $work/messages"'
old=$(cat "$work/vrrp.pid")
sleep 0.3
kill -KILL "$old"
check "the VRRP child is restarted" 'wait_for 5 "[[ -s $work/vrrp.pid && \$(cat $work/vrrp.pid) != $old ]]"'
new=$(cat "$work/vrrp.pid")
check "the restarted VRRP child receives the state it reported before" 'wait_for 5 "grep -q \"^$new resume \[(.VI_1., 2, 150, 150, 1)\]\" $work/messages"'
check "and a configuration marked resume" 'wait_for 5 "grep -q \"^$new configuration generation=1 reason=3\" $work/messages"'
kill -TERM "$daemon"; wait "$daemon"; daemon=""
check "every stand-in child was told to shut down" '[[ $(grep -c shutdown $work/messages) -ge 2 ]]'

# ---- a child that writes garbage ----
rm -f "$work/messages"
start garbage
check "the garbage child starts" 'wait_for 5 "[[ -s $work/vrrp.pid ]]"'
first=$(cat "$work/vrrp.pid")
check "a malformed frame closes the channel and the child is killed" 'wait_for 5 "grep -q \"protocol error\" $work/log"'
check "the child is restarted" 'wait_for 5 "[[ -s $work/vrrp.pid && \$(cat $work/vrrp.pid) != $first ]]"'
check "the parent survives it" 'kill -0 "$daemon"'
kill -TERM "$daemon"; wait "$daemon"; rc=$?; daemon=""
check "and still stops cleanly (rc $rc)" '[[ $rc -eq 0 ]]'

echo "ipc: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
