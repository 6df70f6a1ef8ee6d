#!/usr/bin/env bash
# Trackers moving priority and state, ours against the real keepalived on a namespace LAN:
# a failing vrrp_script with a negative weight drops our master's priority below the peer's
# (the peer preempts); when it succeeds again we take the VIP back; a weight-0 track_file with
# a non-zero value puts our instance in FAULT; a tracked interface going down does too.
# Usage: vrrp-tracking.sh OUR_KEEPALIVED_BINARY
set -uo pipefail
BIN=$(readlink -f "${1:?usage: vrrp-tracking.sh OUR_KEEPALIVED_BINARY}")
tag=$$
lan=katl$tag; a=kata$tag; b=katb$tag
work=$(mktemp -d)
cleanup() {
    for f in "$work"/*.pid; do [[ -f $f ]] && kill -KILL "$(cat "$f")" 2>/dev/null; done
    for ns in "$a" "$b" "$lan"; do ip netns del "$ns" 2>/dev/null; done
    rm -rf "$work"
}
trap cleanup EXIT
pass=0 fail=0
check() { if eval "$2"; then pass=$((pass + 1)); echo "ok $1"; else fail=$((fail + 1)); echo "FAIL $1"; tail -n 15 "$work/a.log"; fi; }
now_ms() { date +%s%3N; }
wait_for() { local limit=$(( $(now_ms) + $1 )); shift; while (( $(now_ms) < limit )); do eval "$1" && return 0; sleep 0.05; done; eval "$1"; }
vip() { ip -n "$1" -4 addr show dev eth0 | grep -q '192.0.2.100/'; }

ip netns add "$lan"; ip -n "$lan" link add br0 type bridge; ip -n "$lan" link set br0 up
i=1
for ns in "$a" "$b"; do
    ip netns add "$ns"
    ip link add "tl$i-$tag" type veth peer name eth0 netns "$ns"
    ip link set "tl$i-$tag" netns "$lan"; ip -n "$lan" link set "tl$i-$tag" master br0 up
    ip -n "$ns" addr add "192.0.2.$i/24" dev eth0; ip -n "$ns" link set eth0 up; ip -n "$ns" link set lo up
    i=$((i + 1))
done
ip -n "$a" link add eth1 type veth peer name eth1p; ip -n "$a" link set eth1 up; ip -n "$a" link set eth1p up

touch "$work/healthy"; echo 0 > "$work/maintenance"
printf '#!/bin/sh\necho "$@" >> %s/notify.log\n' "$work" > "$work/notify.sh"; chmod 755 "$work/notify.sh"
cat > "$work/a.conf" <<CONF
global_defs {
    enable_script_security
    script_user root
}
vrrp_script chk_service {
    script "/usr/bin/test -e $work/healthy"
    interval 1
    fall 1
    rise 1
    weight -60
}
track_file maintenance {
    file $work/maintenance
    weight 0
}
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 61
    priority 150
    advert_int 1
    virtual_ipaddress {
        192.0.2.100/24
    }
    track_script {
        chk_service
    }
    track_file {
        maintenance
    }
    track_interface {
        eth1
    }
    notify_master "$work/notify.sh became-master"
    notify "$work/notify.sh"
}
CONF
cat > "$work/b.conf" <<CONF
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 61
    priority 100
    advert_int 1
    virtual_ipaddress {
        192.0.2.100/24
    }
}
CONF
ip netns exec "$a" "$BIN" -n -l -P -G -f "$work/a.conf" -p "$work/a.pid" -r "$work/av.pid" -c "$work/ac.pid" > "$work/a.log" 2>&1 &
ip netns exec "$b" /usr/sbin/keepalived -n -l -P -G -f "$work/b.conf" -p "$work/b.pid" -r "$work/bv.pid" > "$work/b.log" 2>&1 &
disown -a  # the cleanup kills them; no job notices

check "ours (150) is master while every tracker is good" 'wait_for 8000 "vip $a && ! vip $b"'
check "notify_master ran" 'wait_for 3000 "grep -qx became-master $work/notify.log"'
check "the generic notify ran with INSTANCE VI_1 MASTER 150" 'wait_for 3000 "grep -qx \"INSTANCE VI_1 MASTER 150\" $work/notify.log"'
rm -f "$work/healthy"
t=$(now_ms)
check "a failing script (weight -60) drops us to 90: keepalived (100) preempts" 'wait_for 8000 "vip $b && ! vip $a"'
echo "   took $(( $(now_ms) - t )) ms"
touch "$work/healthy"
check "the script succeeds again: we are back to 150 and take the VIP back" 'wait_for 8000 "vip $a && ! vip $b"'
echo 1 > "$work/maintenance"
check "a weight-0 track_file with a non-zero value puts us in FAULT" 'wait_for 8000 "vip $b && ! vip $a" && grep -q "Entering FAULT STATE" $work/a.log'
check "the generic notify ran for FAULT" 'wait_for 3000 "grep -q \"INSTANCE VI_1 FAULT\" $work/notify.log"'
echo 0 > "$work/maintenance"
check "the file back to 0: we leave FAULT and preempt" 'wait_for 10000 "vip $a && ! vip $b"'
ip -n "$a" link set eth1p down
check "a tracked interface losing carrier puts us in FAULT" 'wait_for 8000 "vip $b && ! vip $a"'
ip -n "$a" link set eth1p up
check "carrier back: we take the VIP back" 'wait_for 10000 "vip $a && ! vip $b"'

echo "vrrp-tracking: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
