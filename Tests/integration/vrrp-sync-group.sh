#!/usr/bin/env bash
# vrrp_sync_group against the real keepalived: our node has VI_1 at priority 150 and VI_2 at
# 90; the peer (keepalived) has both at 100. Without a sync group we are master of VI_1 only;
# in a sync group VI_2's BACKUP holds VI_1 back too, so the peer holds both VIPs; and when the
# group can be master (VI_2 raised to 120), both VIPs move to us together.
# Usage: vrrp-sync-group.sh OUR_KEEPALIVED_BINARY
set -uo pipefail
BIN=$(readlink -f "${1:?usage: vrrp-sync-group.sh OUR_KEEPALIVED_BINARY}")
tag=$$
lan=kasl$tag; a=kasa$tag; b=kasb$tag
work=$(mktemp -d)
cleanup() {
    for f in "$work"/*.pid; do [[ -f $f ]] && kill -KILL "$(cat "$f")" 2>/dev/null; done
    for ns in "$a" "$b" "$lan"; do ip netns del "$ns" 2>/dev/null; done
    rm -rf "$work"
}
trap cleanup EXIT
pass=0 fail=0
check() { if eval "$2"; then pass=$((pass + 1)); echo "ok $1"; else fail=$((fail + 1)); echo "FAIL $1"; echo "  ours: $(vips "$a")  keepalived: $(vips "$b")"; tail -n 12 "$work/a.log"; fi; }
now_ms() { date +%s%3N; }
wait_for() { local limit=$(( $(now_ms) + $1 )); shift; while (( $(now_ms) < limit )); do eval "$1" && return 0; sleep 0.05; done; eval "$1"; }
vips() { ip -n "$1" -4 addr show dev eth0 | grep -oE '192\.0\.2\.10[12]' | sort | tr '\n' ' '; }

ip netns add "$lan"; ip -n "$lan" link add br0 type bridge; ip -n "$lan" link set br0 up
i=1
for ns in "$a" "$b"; do
    ip netns add "$ns"
    ip link add "sg$i-$tag" type veth peer name eth0 netns "$ns"
    ip link set "sg$i-$tag" netns "$lan"; ip -n "$lan" link set "sg$i-$tag" master br0 up
    ip -n "$ns" addr add "192.0.2.$i/24" dev eth0; ip -n "$ns" link set eth0 up; ip -n "$ns" link set lo up
    i=$((i + 1))
done
inst() { printf 'vrrp_instance %s {\n    interface eth0\n    virtual_router_id %s\n    priority %s\n    advert_int 1\n    virtual_ipaddress {\n        %s/24\n    }\n}\n' "$@"; }
group='vrrp_sync_group G {\n    group {\n        VI_1\n        VI_2\n    }\n}\n'
run() { # run WITH_GROUP VI_2_PRIORITY
    for f in "$work"/*.pid; do [[ -f $f ]] && kill -TERM "$(cat "$f")" 2>/dev/null; done
    wait_for 5000 '! ls $work/*.pid >/dev/null 2>&1'
    { [[ $1 == 1 ]] && printf "$group"; inst VI_1 51 150 192.0.2.101; inst VI_2 52 "$2" 192.0.2.102; } > "$work/a.conf"
    { inst VI_1 51 100 192.0.2.101; inst VI_2 52 100 192.0.2.102; } > "$work/b.conf"
    ip netns exec "$a" "$BIN" -n -l -P -G -f "$work/a.conf" -p "$work/a.pid" -r "$work/av.pid" -c "$work/ac.pid" > "$work/a.log" 2>&1 &
    ip netns exec "$b" /usr/sbin/keepalived -n -l -P -G -f "$work/b.conf" -p "$work/b.pid" -r "$work/bv.pid" > "$work/b.log" 2>&1 &
    disown -a
}

run 0 90
check "without a sync group: ours holds VI_1, keepalived VI_2" 'wait_for 9000 "[[ \"\$(vips $a)\" == \"192.0.2.101 \" && \"\$(vips $b)\" == \"192.0.2.102 \" ]]"'
run 1 90
check "in a sync group, VI_2 (90 < 100) holds VI_1 back: keepalived holds both" 'sleep 5; wait_for 6000 "[[ -z \"\$(vips $a)\" && \"\$(vips $b)\" == \"192.0.2.101 192.0.2.102 \" ]]"'
run 1 120
check "in a sync group that can be master, both VIPs move to us together" 'wait_for 9000 "[[ \"\$(vips $a)\" == \"192.0.2.101 192.0.2.102 \" && -z \"\$(vips $b)\" ]]"'

echo "vrrp-sync-group: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
