#!/usr/bin/env bash
# The parent and its two children as real processes, in a throw-away network namespace:
# three executables joined by socketpairs, kill -9 restarts (20 per child, each timed),
# a SIGSTOPped child replaced, HUP with a good and a bad configuration, dumps, TERM leaving
# nothing behind, a daemonized start, and a second instance refused.
# Usage: supervisor.sh OUR_KEEPALIVED_BINARY
set -uo pipefail
BIN=${1:?usage: supervisor.sh OUR_KEEPALIVED_BINARY}
BIN=$(readlink -f "$BIN")

ns=kasup$$
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
ip -n "$ns" link add eth0 type veth peer name eth0p
ip -n "$ns" link set lo up

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }
now_ms() { date +%s%3N; }
# wait_for SECONDS COMMAND...: polls every 20 ms; true if COMMAND succeeded in time.
wait_for() {
    local limit=$(( $(now_ms) + ${1%.*} * 1000 )); shift
    while (( $(now_ms) < limit )); do "$@" && return 0; sleep 0.02; done
    "$@"
}
alive() { [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null && [[ $(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null) != Z ]]; }
pid_of() { cat "$work/$1.pid" 2>/dev/null; }

conf="$work/keepalived.conf"
write_conf() {
    cat > "$conf" <<CONF
global_defs {
    router_id test-$1
    child_wait_time 3
    heartbeat_timeout 1
    child_restart_min_uptime 0.3
}
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority 100
    advert_int 1
    virtual_ipaddress {
        192.0.2.100/24
    }
}
virtual_server 192.0.2.100 80 {
    delay_loop 5
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server 198.51.100.11 80 {
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
CONF
}
write_conf one
pidargs=(-p "$work/keepalived.pid" -r "$work/vrrp.pid" -c "$work/checkers.pid")

# ---- start in the foreground ----
ip netns exec "$ns" "$BIN" -n -l -D -G -f "$conf" "${pidargs[@]}" > "$work/log" 2>&1 &
daemon=$!
check "parent writes its pid file" 'wait_for 5 test -s "$work/keepalived.pid" && [[ $(pid_of keepalived) == "$daemon" ]]'
check "both children start and write pid files" 'wait_for 5 test -s "$work/vrrp.pid" && wait_for 5 test -s "$work/checkers.pid"'
vrrp=$(pid_of vrrp); checker=$(pid_of checkers)
exes=$(for p in "$daemon" "$vrrp" "$checker"; do readlink "/proc/$p/exe"; done | xargs -n1 basename | sort | tr '\n' ' ')
check "three processes run three executables ($exes)" '[[ "$exes" == "keepalived keepalived-checker keepalived-vrrp " ]]'
check "children are the parent's children" '[[ $(awk "{print \$4}" /proc/$vrrp/stat) == "$daemon" && $(awk "{print \$4}" /proc/$checker/stat) == "$daemon" ]]'
check "each child holds its socketpair end on fd 3" '[[ $(readlink /proc/$vrrp/fd/3) == socket:* && $(readlink /proc/$checker/fd/3) == socket:* ]]'
check "children inherit no other descriptor" '[[ $(ls /proc/$vrrp/fd | sort -n | tr "\n" " ") == "0 1 2 3 "* ]]'

# ---- kill -9 each child 20 times ----
for child in vrrp checkers; do
    times=()
    for i in $(seq 1 20); do
        old=$(pid_of $child)
        sleep 0.35   # past child_restart_min_uptime, so the restart is immediate
        start=$(now_ms)
        kill -KILL "$old"
        if wait_for 3 bash -c "p=\$(cat '$work/$child.pid' 2>/dev/null); [[ -n \$p && \$p != $old ]] && kill -0 \$p 2>/dev/null"; then
            times+=($(( $(now_ms) - start )))
        else
            times+=(99999)
        fi
    done
    sorted=$(printf '%s\n' "${times[@]}" | sort -n)
    median=$(sed -n 10p <<<"$sorted"); worst=$(tail -n1 <<<"$sorted")
    echo "   $child restart after kill -9 (20 runs): median ${median} ms, worst ${worst} ms"
    echo "$child median_ms=$median worst_ms=$worst" >> "${SUPERVISOR_TIMINGS:-/dev/null}"
    check "$child is back after every kill -9 in under 1 s (worst ${worst} ms)" '(( worst < 1000 ))'
done
check "the parent survived 40 child deaths" 'alive "$daemon"'

# ---- a stopped child is detected and replaced ----
old=$(pid_of vrrp)
kill -STOP "$old"
start=$(now_ms)
check "a SIGSTOPped child is replaced (heartbeat timeout 1 s)" 'wait_for 6 bash -c "p=\$(cat $work/vrrp.pid 2>/dev/null); [[ -n \$p && \$p != $old ]] && kill -0 \$p"'
echo "   stopped child replaced after $(( $(now_ms) - start )) ms"
check "the stopped child is gone" '! alive "$old"'

# ---- dumps ----
rm -f /tmp/keepalived.data /tmp/keepalived_check.data
kill -USR1 "$daemon"
check "SIGUSR1 writes the VRRP and checker data dumps" 'wait_for 3 test -s /tmp/keepalived.data && wait_for 3 test -s /tmp/keepalived_check.data'

# ---- reload ----
vrrp=$(pid_of vrrp); checker=$(pid_of checkers)
write_conf two
kill -HUP "$daemon"
sleep 0.5
rm -f /tmp/keepalived.data; kill -USR1 "$daemon"
check "HUP with a good configuration reloads both children in place" 'wait_for 3 grep -q "Reloads = 1" /tmp/keepalived.data && [[ $(pid_of vrrp) == "$vrrp" && $(pid_of checkers) == "$checker" ]]'
cp "$conf" "$work/good.conf"
printf 'vrrp_instance VI_1 {\n    virtual_router_id 999\n' > "$conf"
kill -HUP "$daemon"
check "HUP with a bad configuration is refused and logged" 'wait_for 3 grep -q "Reload aborted" "$work/log"'
rm -f /tmp/keepalived.data; kill -USR1 "$daemon"
check "after a bad reload the children keep running the old configuration" 'wait_for 3 grep -q "Reloads = 1" /tmp/keepalived.data && alive "$vrrp" && alive "$checker" && alive "$daemon"'
cp "$work/good.conf" "$conf"

# ---- a second instance refuses to start ----
out=$(ip netns exec "$ns" "$BIN" -n -f "$conf" "${pidargs[@]}" 2>&1); rc=$?
check "a second instance refuses to start while the first is alive (rc $rc)" '[[ $rc -ne 0 && $out == *"already running"* ]]'

# ---- TERM stops everything and leaves nothing behind ----
vrrp=$(pid_of vrrp); checker=$(pid_of checkers)
kill -TERM "$daemon"
check "TERM stops the parent" 'wait_for 10 bash -c "! kill -0 $daemon 2>/dev/null || [[ \$(cut -d\" \" -f3 /proc/$daemon/stat) == Z ]]"'
wait "$daemon" 2>/dev/null; rc=$?
daemon=""
check "the parent exits 0 after TERM (rc $rc)" '[[ $rc -eq 0 ]]'
check "TERM leaves no child process" '! alive "$vrrp" && ! alive "$checker"'
check "TERM leaves no pid file" '[[ ! -e $work/keepalived.pid && ! -e $work/vrrp.pid && ! -e $work/checkers.pid ]]'

# ---- a daemonized start returns while the daemon keeps running ----
start=$(now_ms)
ip netns exec "$ns" "$BIN" -f "$conf" "${pidargs[@]}"; rc=$?
elapsed=$(( $(now_ms) - start ))
check "a daemonized start returns 0 once the daemon is ready (${elapsed} ms)" '[[ $rc -eq 0 ]]'
d=$(pid_of keepalived)
check "the daemon keeps running in its own session" 'alive "$d" && [[ $(ps -o sid= -p "$d" | tr -d " ") == "$d" ]]'
check "the daemon's children are up" 'alive "$(pid_of vrrp)" && alive "$(pid_of checkers)"'
kill -TERM "$d"
check "the daemonized instance stops on TERM" 'wait_for 10 bash -c "! kill -0 $d 2>/dev/null"'

# ---- a bad configuration makes a daemonized start fail with keepalived's code ----
printf 'vrrp_instance VI_1 {\n' > "$work/bad.conf"
ip netns exec "$ns" "$BIN" -f "$work/bad.conf" "${pidargs[@]}" 2>/dev/null; rc=$?
check "a daemonized start with a bad configuration fails with exit 4 (rc $rc)" '[[ $rc -eq 4 ]]'

# ---- no child outlives its parent ----
ip netns exec "$ns" "$BIN" -n -G -f "$conf" "${pidargs[@]}" > /dev/null 2>&1 &
daemon=$!
wait_for 5 test -s "$work/checkers.pid"; wait_for 5 test -s "$work/vrrp.pid"
vrrp=$(pid_of vrrp); checker=$(pid_of checkers)
kill -KILL "$daemon"; wait "$daemon" 2>/dev/null; daemon=""
check "children exit when the parent is killed (PR_SET_PDEATHSIG)" 'wait_for 5 bash -c "! kill -0 $vrrp 2>/dev/null && ! kill -0 $checker 2>/dev/null"'
rm -f "$work"/*.pid

echo "supervisor: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
