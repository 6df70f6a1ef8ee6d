#!/usr/bin/env bash
# The command line against the real keepalived: --signum numbers, exit codes of -v, -h, a bad
# option, and -t on a good and a bad file. Runs in a throw-away network namespace.
# Usage: cli.sh OUR_KEEPALIVED_BINARY
set -uo pipefail
ours=${1:?usage: cli.sh OUR_KEEPALIVED_BINARY}
theirs=/usr/sbin/keepalived
[[ -x $theirs ]] || { echo "cli: the real keepalived is not installed"; echo "cli: 0 passed, 1 failed"; exit 1; }

ns=kacli$$
ip netns add "$ns"
work=$(mktemp -d)
trap 'ip netns del "$ns" 2>/dev/null; rm -rf "$work"' EXIT
ip -n "$ns" link add eth0 type veth peer name eth0p

pass=0 fail=0
check() { # check NAME EXPECTED ACTUAL
    if [[ "$2" == "$3" ]]; then pass=$((pass + 1)); echo "ok $1"
    else fail=$((fail + 1)); echo "FAIL $1: expected '$2', got '$3'"; fi
}
rc() { "$@" >/dev/null 2>&1; echo $?; }
inns() { ip netns exec "$ns" "$@"; }

for f in STOP RELOAD DATA STATS STATS_CLEAR JSON; do
    check "--signum=$f" "$($theirs --signum=$f)" "$($ours --signum=$f)"
done
check "--signum unknown rc" "$(rc $theirs --signum=NOPE)" "$(rc $ours --signum=NOPE)"
check "-v rc" "$(rc $theirs -v)" "$(rc $ours -v)"
check "-h rc" "$(rc $theirs -h)" "$(rc $ours -h)"
check "bad option rc" "$(rc $theirs --no-such-option)" "$(rc $ours --no-such-option)"

cat > "$work/good.conf" <<'CONF'
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 7
    priority 100
    virtual_ipaddress {
        192.0.2.50/24
    }
}
CONF
cat > "$work/bad.conf" <<'CONF'
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 300
    virtual_ipaddress {
        192.0.2.50/24
    }
}
CONF
check "-t good rc" "$(rc inns $theirs -t -l -n -f "$work/good.conf")" "$(rc inns $ours -t -f "$work/good.conf")"
check "-t bad rc" "$(rc inns $theirs -t -l -n -f "$work/bad.conf")" "$(rc inns $ours -t -f "$work/bad.conf")"
out=$(inns "$ours" -t -f "$work/bad.conf" 2>&1)
check "-t reports file:line" "yes" "$(grep -q "bad.conf:3: error:" <<<"$out" && echo yes || echo "no: $out")"
inns "$ours" -t"$work/t.log" -f "$work/bad.conf" >/dev/null 2>&1
check "-t=LOG writes the log" "yes" "$(grep -q 'bad.conf:3:' "$work/t.log" 2>/dev/null && echo yes || echo no)"

echo "cli: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
