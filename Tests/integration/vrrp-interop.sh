#!/usr/bin/env bash
# VRRP interoperability between real processes on a virtual LAN: our keepalived (node A) against
# the real keepalived 2.2.7 (/usr/sbin/keepalived, node B). Everything happens in network
# namespaces made here, never in the host's: per combination a bridge namespace joins the two node
# namespaces with veth pairs (eth0 in each node); addresses only in 192.0.2.0/24 and 2001:db8::/64.
#
# Combinations (run in parallel, each on its own LAN): VRRP v2 and v3, multicast and unicast.
# For each, two fresh runs (ours 150 vs keepalived 100, then swapped); in each run:
#   election (higher priority holds the VIP within 6 s), failover (SIGKILL of the master, backup
#   holds within 4 s, time printed), nopreempt (higher node restarted with nopreempt/state BACKUP
#   does not take the VIP back in 5 s), preemption (restarted normally it does, within 4 s),
#   graceful stop (SIGTERM of the master, priority 0, backup holds within 2 s).
# v3 combinations also run an IPv6 election (VIP 2001:db8::100/64) both ways.
#
# Usage: vrrp-interop.sh OUR_KEEPALIVED_BINARY
#        INTEROP_BOTH_KEEPALIVED=1 vrrp-interop.sh ...   uses the real keepalived for both nodes
#        INTEROP_KEEP_LOGS=1 keeps the temp dir (configs, logs) and prints its path
# Needs root. Ends with "vrrp-interop: N passed, M failed".
set -uo pipefail
BIN=${1:?usage: vrrp-interop.sh OUR_KEEPALIVED_BINARY}
REAL=${INTEROP_REAL_KEEPALIVED:-/usr/sbin/keepalived}
BOTH=${INTEROP_BOTH_KEEPALIVED:-0}
summary() { echo "vrrp-interop: $1 passed, $2 failed"; }

if [[ $(id -u) -ne 0 ]]; then echo "FAIL running as root (network namespaces need it)"; summary 0 1; exit 1; fi
if [[ ! -x $REAL ]]; then echo "FAIL the real keepalived exists ($REAL)"; summary 0 1; exit 1; fi
if [[ $BOTH != 1 && ! -x $BIN ]]; then echo "FAIL our binary exists ($BIN)"; summary 0 1; exit 1; fi
BIN=$(readlink -f "$BIN")
if [[ $BOTH == 1 ]]; then A_BIN=$REAL; LA=keepalivedA; else A_BIN=$BIN; LA=ours; fi
LB=keepalived

tag=vi$$                                    # every namespace made here starts with "$tag-"
work=$(mktemp -d /tmp/vrrp-interop.XXXXXX)
: > "$work/pids"                            # every pid started here (ip netns exec -> daemon)

# The pid belongs to a process inside one of our namespaces (guards against pid reuse).
ours_pid() { [[ $1 =~ ^[0-9]+$ ]] && [[ -e /proc/$1 ]] && [[ $(ip netns identify "$1" 2>/dev/null) == "$tag"-* ]]; }
cleanup() {
    trap '' INT TERM
    local p f pids=()
    for p in "${jobs_pids[@]:-}"; do [[ -n $p ]] && kill -TERM "$p" 2>/dev/null; done
    for f in "$work"/pids "$work"/*/*.pid "$work"/*/*.vpid "$work"/*/*.cpid; do
        [[ -f $f ]] || continue
        while read -r p; do ours_pid "$p" && pids+=("$p"); done < "$f"
    done
    if ((${#pids[@]})); then
        kill -TERM "${pids[@]}" 2>/dev/null
        for _ in $(seq 20); do
            local left=0
            for p in "${pids[@]}"; do ours_pid "$p" && ! grep -q '^State:.*Z' "/proc/$p/status" 2>/dev/null && left=1; done
            ((left)) || break; sleep 0.1
        done
        for p in "${pids[@]}"; do ours_pid "$p" && kill -KILL "$p" 2>/dev/null; done
    fi
    for p in $(ip netns list | awk '{print $1}' | grep "^$tag-"); do ip netns del "$p" 2>/dev/null; done
    if [[ ${INTEROP_KEEP_LOGS:-0} == 1 ]]; then echo "# logs kept in $work" >&2; else rm -rf "$work"; fi
}
jobs_pids=()
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }

# ---------------------------------------------------------------- one combination (subshell)
# Globals inside a combination: C (name), D (dir), NA NB NBR (namespaces), VER, CAST, FAM, VIP,
# PA PB (priorities of A and B in the current run), RUN (run label), OUT (result file).
setup_lan() {
    ip netns add "$NBR" && ip netns add "$NA" && ip netns add "$NB" || return 1
    ip -n "$NBR" link set lo up
    ip -n "$NBR" link add br0 type bridge stp_state 0 mcast_snooping 0 || return 1
    ip -n "$NBR" link set br0 up || return 1
    local n ns ip4 ip6
    for n in a b; do
        if [[ $n == a ]]; then ns=$NA ip4=192.0.2.1 ip6=2001:db8::1; else ns=$NB ip4=192.0.2.2 ip6=2001:db8::2; fi
        ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 || return 1
        ip -n "$ns" link set lo up
        ip -n "$NBR" link add "v$n" type veth peer name eth0 netns "$ns" || return 1
        ip netns exec "$ns" sysctl -qw net.ipv6.conf.eth0.accept_dad=0 || return 1
        ip -n "$NBR" link set "v$n" master br0 up || return 1
        ip -n "$ns" addr add $ip4/24 dev eth0 || return 1
        ip -n "$ns" addr add $ip6/64 dev eth0 nodad || return 1
        ip -n "$ns" link set eth0 up || return 1
    done
}

# write_conf NODE PRIORITY [nopreempt]
write_conf() {
    local node=$1 prio=$2 nopre=${3:-} src peer vrid=51
    if [[ $node == A ]]; then src=192.0.2.1 peer=192.0.2.2; else src=192.0.2.2 peer=192.0.2.1; fi
    if [[ $FAM == 6 ]]; then src=${src/192.0.2./2001:db8::} peer=${peer/192.0.2./2001:db8::}; vrid=52; fi
    {
        echo "global_defs {"
        echo "    router_id node$node"
        [[ $VER == 3 ]] && echo "    vrrp_version 3"
        echo "}"
        echo "vrrp_instance VI_$node {"
        echo "    state BACKUP"
        echo "    interface eth0"
        echo "    virtual_router_id $vrid"
        echo "    priority $prio"
        echo "    advert_int 1"
        [[ -n $nopre ]] && echo "    nopreempt"
        if [[ $CAST == unicast ]]; then
            echo "    unicast_src_ip $src"
            echo "    unicast_peer {"
            echo "        $peer"
            echo "    }"
        fi
        echo "    virtual_ipaddress {"
        echo "        $VIP dev eth0"
        echo "    }"
        echo "}"
    } > "$D/$node.conf"
}

ns_of() { if [[ $1 == A ]]; then echo "$NA"; else echo "$NB"; fi; }
start_node() {   # NODE
    local node=$1 ns bin extra=()
    ns=$(ns_of "$node")
    if [[ $node == A ]]; then bin=$A_BIN; else bin=$REAL; fi
    [[ $bin == "$BIN" ]] && extra=(-c "$D/$node.cpid")
    rm -f "$D/$node.pid" "$D/$node.vpid" "$D/$node.cpid"
    echo "=== $(date -u +%T.%N) start $RUN $node (priority file $D/$node.conf)" >> "$D/$RUN-$node.log"
    ip netns exec "$ns" "$bin" -n -l -G -P -f "$D/$node.conf" -p "$D/$node.pid" -r "$D/$node.vpid" "${extra[@]}" \
        >> "$D/$RUN-$node.log" 2>&1 < /dev/null &
    echo $! >> "$work/pids"
    echo $! > "$D/$node.main"
}
running() { [[ -e /proc/$1 ]] && ! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null; }
# pids of a node: the process we started, and those its pid files name (only if in our namespaces)
node_pids() {
    local p f
    for f in "$D/$1.main" "$D/$1.vpid" "$D/$1.cpid" "$D/$1.pid"; do
        [[ -f $f ]] || continue
        read -r p < "$f" && ours_pid "$p" && echo "$p"
    done | sort -u
}
crash_node() {   # SIGKILL, like a machine dying: stop the parent first so it cannot respawn the child
    local node=$1 main p ns
    main=$(cat "$D/$node.main")
    ours_pid "$main" && kill -STOP "$main"
    # children first: a parent dying first would make the VRRP child stop gracefully (PDEATHSIG)
    for p in $(node_pids "$node"); do [[ $p != "$main" ]] && kill -KILL "$p" 2>/dev/null; done
    kill -KILL "$main" 2>/dev/null
    wait "$main" 2>/dev/null
    ns=$(ns_of "$node")
    ip -n "$ns" addr del "$VIP" dev eth0 2>/dev/null   # a dead machine's addresses are gone too
    echo "=== $(date -u +%T.%N) SIGKILL $node" >> "$D/$RUN-$node.log"
}
stop_node() {    # SIGTERM, wait (bounded 5 s) for it to exit, then SIGKILL
    local node=$1 main p t
    main=$(cat "$D/$node.main" 2>/dev/null) || return 0
    echo "=== $(date -u +%T.%N) SIGTERM $node" >> "$D/$RUN-$node.log"
    ours_pid "$main" && kill -TERM "$main"
    [[ ${2:-} == nowait ]] && return 0
    reap_node "$node"
}
reap_node() {
    local node=$1 main p t
    main=$(cat "$D/$node.main" 2>/dev/null) || return 0
    t=$(($(now_ms) + 5000))
    while running "$main" && (($(now_ms) < t)); do sleep 0.05; done
    for p in $(node_pids "$node"); do running "$p" && kill -KILL "$p" 2>/dev/null; done
    wait "$main" 2>/dev/null
    rm -f "$D/$node.main"
}

holds() { ip -n "$(ns_of "$1")" -o -"$FAM" addr show dev eth0 2>/dev/null | grep -qF " $VIP "; }
only() { local other=B; [[ $1 == B ]] && other=A; holds "$1" && ! holds "$other"; }
ELAPSED=0
wait_for() {     # TIMEOUT_MS COMMAND...: poll every 50 ms; ELAPSED = ms until it held
    local limit=$1 t0 now; shift
    t0=$(now_ms)
    while :; do
        now=$(now_ms); ELAPSED=$((now - t0))
        "$@" && return 0
        ((ELAPSED > limit)) && return 1
        sleep 0.05
    done
}
WHY=
holds_for() {    # DURATION_MS COMMAND...: true the whole time (WHY says when and what it saw if not)
    local t0 limit=$1; shift
    t0=$(now_ms) WHY=
    while :; do
        ELAPSED=$(($(now_ms) - t0))
        if ! "$@"; then WHY="after $ELAPSED ms: A holds: $(holds A && echo yes || echo no), B holds: $(holds B && echo yes || echo no)"; return 1; fi
        ((ELAPSED >= limit)) && return 0
        sleep 0.1
    done
}

label() { if [[ $1 == A ]]; then echo "$LA"; else echo "$LB"; fi; }
result() {       # ok|FAIL NAME
    echo "$1 $C $2" >> "$OUT"
    if [[ $1 == FAIL ]]; then
        local n
        for n in A B; do
            echo "  --- last 20 log lines of node $n ($(label $n), $RUN) ---" >> "$OUT"
            tail -n 20 "$D/$RUN-$n.log" 2>/dev/null | sed 's/^/  | /' >> "$OUT"
            echo "  --- node $n addresses: $(ip -n "$(ns_of $n)" -o -"$FAM" addr show dev eth0 2>/dev/null | awk '{printf "%s ", $4}')" >> "$OUT"
        done
    fi
}
skip() { echo "FAIL $C $1 (not run: an earlier step of this run failed)" >> "$OUT"; }

# One run: H is the higher-priority node (150), L the lower (100).
run_pair() {
    local H=$1 L=$2 h l
    h=$(label "$H") l=$(label "$L")
    RUN=ipv4-$H-high
    write_conf "$H" 150; write_conf "$L" 100
    start_node "$H"; start_node "$L"
    local pre="$h(150) vs $l(100):"
    if wait_for 6000 only "$H"; then result ok "$pre election: $h is the only master ($ELAPSED ms)"
    else
        result FAIL "$pre election: $h is the only master within 6 s"
        skip "$pre failover"; skip "$pre nopreempt"; skip "$pre preemption"; skip "$pre graceful stop"
        stop_node "$H" nowait; stop_node "$L" nowait; reap_node "$H"; reap_node "$L"; return
    fi
    crash_node "$H"
    if wait_for 4000 only "$L"; then result ok "$pre failover: $h SIGKILLed, $l master after $ELAPSED ms"
    else
        result FAIL "$pre failover: $h SIGKILLed, $l master within 4 s"
        skip "$pre nopreempt"; skip "$pre preemption"; skip "$pre graceful stop"
        stop_node "$L"; return
    fi
    write_conf "$H" 150 nopreempt; start_node "$H"
    if holds_for 5000 only "$L"; then result ok "$pre nopreempt: restarted $h (nopreempt, state BACKUP) leaves $l master for 5 s"
    else result FAIL "$pre nopreempt: restarted $h (nopreempt, state BACKUP) leaves $l master for 5 s ($WHY)"; fi
    stop_node "$H"
    if ! wait_for 1000 only "$L"; then   # the nopreempt node may have taken over: restore the state
        stop_node "$H"; stop_node "$L"; skip "$pre preemption"; skip "$pre graceful stop"; return
    fi
    write_conf "$H" 150; start_node "$H"
    if wait_for 4000 only "$H"; then result ok "$pre preemption: restarted $h master again after $ELAPSED ms"
    else
        result FAIL "$pre preemption: restarted $h master again within 4 s"
        skip "$pre graceful stop"; stop_node "$H" nowait; stop_node "$L" nowait; reap_node "$H"; reap_node "$L"; return
    fi
    stop_node "$H" nowait
    if wait_for 2000 only "$L"; then result ok "$pre graceful stop: $h SIGTERMed (priority 0), $l master after $ELAPSED ms"
    else result FAIL "$pre graceful stop: $h SIGTERMed (priority 0), $l master within 2 s"; fi
    reap_node "$H"; stop_node "$L"
}

run_ipv6() {
    local H=$1 L=$2 h l
    h=$(label "$H") l=$(label "$L")
    RUN=ipv6-$H-high
    write_conf "$H" 150; write_conf "$L" 100
    start_node "$H"; start_node "$L"
    if wait_for 6000 only "$H"; then result ok "ipv6 $VIP $h(150) vs $l(100): election: $h is the only master ($ELAPSED ms)"
    else result FAIL "ipv6 $VIP $h(150) vs $l(100): election: $h is the only master within 6 s"; fi
    stop_node "$H" nowait; stop_node "$L" nowait; reap_node "$H"; reap_node "$L"
}

combo() {        # VER CAST
    VER=$1 CAST=$2 C="v$1-$2" D=$work/v$1-$2 OUT=$work/v$1-$2/out
    NBR=$tag-$C-br NA=$tag-$C-a NB=$tag-$C-b
    mkdir -p "$D"; : > "$OUT"
    if ! setup_lan > "$D/setup.log" 2>&1; then
        echo "FAIL $C the virtual LAN is set up: $(tail -n 3 "$D/setup.log" | tr '\n' ' ')" >> "$OUT"; return
    fi
    FAM=4 VIP=192.0.2.100/24
    run_pair A B
    run_pair B A
    if [[ $VER == 3 ]]; then
        FAM=6 VIP=2001:db8::100/64
        run_ipv6 A B
        run_ipv6 B A
    fi
}

# ---------------------------------------------------------------- main
echo "# node A ($LA): $A_BIN; node B ($LB): $REAL"
combos=("2 multicast" "2 unicast" "3 multicast" "3 unicast")
for c in "${combos[@]}"; do
    (trap - EXIT; trap 'exit 1' TERM; combo $c) &
    jobs_pids+=($!)
done
deadline=$((SECONDS + 170))
pass=0 fail=0
for i in "${!combos[@]}"; do
    read -r ver cast <<< "${combos[$i]}"
    dir=$work/v$ver-$cast
    while kill -0 "${jobs_pids[$i]}" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    if kill -0 "${jobs_pids[$i]}" 2>/dev/null; then
        kill -TERM "${jobs_pids[$i]}" 2>/dev/null
        echo "FAIL v$ver-$cast finished before the overall deadline" >> "$dir/out"
    fi
    wait "${jobs_pids[$i]}" 2>/dev/null
    [[ -f $dir/out ]] && cat "$dir/out"
    n=$(grep -c '^ok ' "$dir/out" 2>/dev/null); pass=$((pass + ${n:-0}))
    n=$(grep -c '^FAIL ' "$dir/out" 2>/dev/null); fail=$((fail + ${n:-0}))
    [[ -f $dir/out ]] || fail=$((fail + 1))
done
summary "$pass" "$fail"
[[ $fail -eq 0 ]]
