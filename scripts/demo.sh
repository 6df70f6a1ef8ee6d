#!/usr/bin/env bash
# Sets up everything and runs the product, as root, inside a throw-away network namespace:
#  1. checks the sample configuration with `keepalived -t` (as director1 of the web pair);
#  2. starts keepalived: the parent and its two children, three executables on socketpairs;
#  3. kills the VRRP child with SIGKILL and shows the parent restarting it;
#  4. reloads with SIGHUP, then stops with SIGTERM, leaving nothing behind.
# (The two-node VRRP failover demo replaces steps 2-4 once VRRP lands.)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
echo "== building"
swift build 2>&1 | tail -n 1
BIN=$(swift build --show-bin-path)

ns=ka-demo-$$
work=$(mktemp -d)
cleanup() {
    [[ -f $work/keepalived.pid ]] && kill -TERM "$(cat "$work/keepalived.pid")" 2>/dev/null && sleep 1
    ip netns del "$ns" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
ip netns add "$ns"
ip -n "$ns" link add eth0 type veth peer name eth0p
ip -n "$ns" link set lo up

echo
echo "== 1. keepalived -t -i director1 -f etc/keepalived/keepalived.conf"
if ip netns exec "$ns" "$BIN/keepalived" -t -i director1 -f etc/keepalived/keepalived.conf; then
    echo "   configuration OK"
else
    echo "   the configuration has problems (exit $?)"
fi

echo
echo "== 2. starting keepalived (daemonized) in namespace $ns"
cp etc/keepalived/keepalived.conf "$work/keepalived.conf"
pids=(-p "$work/keepalived.pid" -r "$work/vrrp.pid" -c "$work/checkers.pid")
ip netns exec "$ns" "$BIN/keepalived" -i director1 -f "$work/keepalived.conf" "${pids[@]}"
parent=$(cat "$work/keepalived.pid")
ps -o pid,ppid,comm,args --ppid "$parent" -p "$parent"
echo "   child descriptor 3: $(readlink /proc/"$(cat "$work/vrrp.pid")"/fd/3) (a SOCK_SEQPACKET socketpair end)"

echo
old=$(cat "$work/vrrp.pid")
echo "== 3. kill -9 the VRRP child ($old)"
kill -KILL "$old"
for _ in $(seq 1 100); do
    new=$(cat "$work/vrrp.pid" 2>/dev/null || true)
    [[ -n $new && $new != "$old" ]] && kill -0 "$new" 2>/dev/null && break
    sleep 0.05
done
echo "   VRRP child restarted as pid $(cat "$work/vrrp.pid") (keepalived's backoff: a child that died young waits 1 s)"

echo
echo "== 4. reload (SIGHUP), then stop (SIGTERM)"
kill -HUP "$parent"; sleep 0.5
kill -TERM "$parent"
for _ in $(seq 1 100); do kill -0 "$parent" 2>/dev/null || break; sleep 0.05; done
if kill -0 "$parent" 2>/dev/null; then echo "   still running?"; else echo "   stopped; pid files left: $(ls "$work"/*.pid 2>/dev/null | wc -l)"; fi
