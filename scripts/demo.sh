#!/usr/bin/env bash
# The live demo, as root: two directors in network namespaces on one virtual LAN run
# keepalived with the sample configuration (etc/keepalived/keepalived.conf, as director1 and
# director2). They elect a master for VIP 192.0.2.100; director1 crashes (SIGKILL) and
# director2 takes over; director1 comes back and takes the VIP back (preemption); both stop.
# Nothing runs in the machine's own network namespace.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
echo "== building"
swift build 2>&1 | tail -n 1
BIN=$(swift build --show-bin-path)/keepalived
CONF=etc/keepalived/keepalived.conf

tag=$$
lan=ka-lan-$tag; n1=ka-director1-$tag; n2=ka-director2-$tag
work=$(mktemp -d)
cleanup() {
    for n in director1 director2; do
        for f in "$work/$n".*pid; do [[ -f $f ]] && kill -KILL "$(cat "$f")" 2>/dev/null; done
    done
    for ns in "$n1" "$n2" "$lan"; do ip netns del "$ns" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

now_ms() { date +%s%3N; }
has_vip() { ip -n "$1" -4 addr show dev eth0 | grep -q '192.0.2.100/'; }
holder() { if has_vip "$n1"; then echo -n "director1 "; fi; if has_vip "$n2"; then echo -n "director2"; fi; echo; }
wait_until() { local limit=$(( $(now_ms) + $1 )); shift; while (( $(now_ms) < limit )); do "$@" && return 0; sleep 0.05; done; return 1; }
start() { # start NAME NAMESPACE
    ip netns exec "$2" "$BIN" -i "$1" -f "$CONF" -p "$work/$1.pid" -r "$work/$1.vrrp.pid" -c "$work/$1.check.pid"
}

echo
echo "== 1. keepalived -t on the sample, as each director"
for id in director1 director2; do
    ip netns add ka-t-$tag; ip -n ka-t-$tag link add eth0 type veth peer name eth0p
    ip netns exec ka-t-$tag "$BIN" -t -i "$id" -f "$CONF" && echo "   $id: configuration OK"
    ip netns del ka-t-$tag
done

echo
echo "== 2. a LAN (bridge) and two directors, 192.0.2.1 and 192.0.2.2 on eth0"
ip netns add "$lan"; ip -n "$lan" link add br0 type bridge; ip -n "$lan" link set br0 up
i=1
for ns in "$n1" "$n2"; do
    ip netns add "$ns"
    ip link add "lan$i-$tag" type veth peer name eth0 netns "$ns"
    ip link set "lan$i-$tag" netns "$lan"; ip -n "$lan" link set "lan$i-$tag" master br0 up
    ip -n "$ns" link set eth0 address "02:00:00:00:00:0$i"
    ip -n "$ns" addr add "192.0.2.$i/24" dev eth0
    ip -n "$ns" link set eth0 up; ip -n "$ns" link set lo up
    i=$((i + 1))
done

echo
echo "== 3. start keepalived on both (director1 priority 150, director2 priority 100)"
start director2 "$n2"; start director1 "$n1"
ps -o pid,ppid,comm --ppid "$(cat "$work/director1.pid")" -p "$(cat "$work/director1.pid")"
t0=$(now_ms)
wait_until 8000 has_vip "$n1" && echo "   director1 is MASTER after $(( $(now_ms) - t0 )) ms; VIP held by: $(holder)"

echo
echo "== 4. director1 crashes (SIGKILL to all its processes)"
kill -KILL "$(cat "$work/director1.vrrp.pid")" "$(cat "$work/director1.check.pid")" "$(cat "$work/director1.pid")"
ip -n "$n1" addr del 192.0.2.100/24 dev eth0 2>/dev/null || true  # the dead node's kernel would keep it; a real crash takes the box down
t0=$(now_ms)
wait_until 6000 has_vip "$n2" && echo "   director2 took over after $(( $(now_ms) - t0 )) ms (master-down interval 3 x 1 s + skew); VIP held by: $(holder)"

echo
echo "== 5. director1 comes back and takes the VIP back (preemption)"
rm -f "$work"/director1.*pid
start director1 "$n1"
t0=$(now_ms)
wait_until 8000 bash -c "ip -n $n1 -4 addr show dev eth0 | grep -q 192.0.2.100/ && ! ip -n $n2 -4 addr show dev eth0 | grep -q 192.0.2.100/" \
    && echo "   director1 is MASTER again after $(( $(now_ms) - t0 )) ms; VIP held by: $(holder)"

echo
echo "== 6. stop both (SIGTERM: priority-0 advert, VIPs released)"
p1=$(cat "$work/director1.pid"); p2=$(cat "$work/director2.pid")
kill -TERM "$p1" "$p2"
wait_until 8000 bash -c "! kill -0 $p1 2>/dev/null && ! kill -0 $p2 2>/dev/null" && echo "   stopped; VIP held by: [$(holder)]"
