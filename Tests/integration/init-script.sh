#!/usr/bin/env bash
# The LSB init script's start / status / reload / stop / restart cycle and exit codes, and the
# systemd readiness notification, with our binary, inside a throw-away network namespace.
# Usage: init-script.sh OUR_KEEPALIVED_BINARY
set -uo pipefail
BIN=$(readlink -f "${1:?usage: init-script.sh OUR_KEEPALIVED_BINARY}")
here=$(cd "$(dirname "$0")/../.." && pwd)
script="$here/etc/init.d/keepalived"

ns=kainit$$
work=$(mktemp -d)
cleanup() {
    for f in "$work"/*.pid; do [[ -f $f ]] && kill -KILL "$(cat "$f")" 2>/dev/null; done
    ip netns del "$ns" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
ip netns add "$ns"
ip -n "$ns" link add eth0 type veth peer name eth0p

pass=0 fail=0
check() { if eval "$2"; then pass=$((pass + 1)); echo "ok $1"; else fail=$((fail + 1)); echo "FAIL $1"; fi; }
wait_gone() { local i; for i in $(seq 1 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.05; done; return 1; }

cat > "$work/keepalived.conf" <<'CONF'
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 9
    priority 100
    virtual_ipaddress {
        192.0.2.9/24
    }
}
CONF
cat > "$work/default" <<DEF
DAEMON=$BIN
PIDFILE=$work/keepalived.pid
CONFIG=$work/keepalived.conf
DAEMON_ARGS="-P -G -r $work/vrrp.pid -c $work/checkers.pid"
STOP_TIMEOUT=10
DEF
run() { KEEPALIVED_DEFAULTS="$work/default" ip netns exec "$ns" "$script" "$@" >/dev/null 2>&1; echo $?; }

check "status before start exits 3 (not running)" '[[ $(run status) == 3 ]]'
check "reload when not running exits 7" '[[ $(run reload) == 7 ]]'
check "start exits 0" '[[ $(run start) == 0 ]]'
pid=$(cat "$work/keepalived.pid" 2>/dev/null)
check "start leaves the daemon running" '[[ -n $pid ]] && kill -0 "$pid"'
check "status while running exits 0" '[[ $(run status) == 0 ]]'
check "start again is a no-op that exits 0" '[[ $(run start) == 0 && $(cat $work/keepalived.pid) == "$pid" ]]'
check "reload exits 0 and keeps the same daemon" '[[ $(run reload) == 0 ]] && sleep 0.3 && kill -0 "$pid"'
echo 'vrrp_instance VI_1 { virtual_router_id 999 }' >> "$work/keepalived.conf"
check "reload with a bad configuration exits 1 and keeps the daemon" '[[ $(run force-reload) == 1 ]] && kill -0 "$pid"'
sed -i '$d' "$work/keepalived.conf"
check "restart exits 0 with a new daemon" '[[ $(run restart) == 0 ]] && [[ $(cat $work/keepalived.pid) != "$pid" ]]'
pid=$(cat "$work/keepalived.pid")
check "stop exits 0" '[[ $(run stop) == 0 ]]'
check "stop leaves no daemon and no pid file" 'wait_gone "$pid" && [[ ! -e $work/keepalived.pid && ! -e $work/vrrp.pid ]]'
check "stop when stopped exits 0" '[[ $(run stop) == 0 ]]'
check "status after stop exits 3" '[[ $(run status) == 3 ]]'
echo 999999 > "$work/keepalived.pid"
check "status with a stale pid file exits 1" '[[ $(run status) == 1 ]]'
rm -f "$work/keepalived.pid"
check "an unknown action exits 2" '[[ $(run frobnicate) == 2 ]]'

# ---- systemd: READY=1 on NOTIFY_SOCKET once the children are up (Type=notify) ----
python3 - "$work/notify.sock" > "$work/notify.out" <<'PY' &
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1]); s.settimeout(10)
try:
    while True:
        msg = s.recv(4096).decode()
        print(msg.replace("\n", " "), flush=True)
        if "READY=1" in msg:
            break
except socket.timeout:
    pass
PY
listener=$!
for i in $(seq 1 50); do [[ -S $work/notify.sock ]] && break; sleep 0.05; done
NOTIFY_SOCKET="$work/notify.sock" ip netns exec "$ns" "$BIN" -n -P -G -f "$work/keepalived.conf" \
    -p "$work/keepalived.pid" -r "$work/vrrp.pid" -c "$work/checkers.pid" &
daemon=$!
wait "$listener"
check "the daemon sends READY=1 with its MAINPID over NOTIFY_SOCKET" 'grep -q "READY=1 MAINPID=$daemon" "$work/notify.out"'
check "the child is up when READY=1 is sent" '[[ -s $work/vrrp.pid ]] && kill -0 "$(cat $work/vrrp.pid)"'
kill -TERM "$daemon"; wait "$daemon"

echo "init-script: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
