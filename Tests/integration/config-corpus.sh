#!/usr/bin/env bash
# Config-corpus differential test: every Tests/ConfigCorpus/*.conf is checked with the real
# keepalived's config test and with ours, inside a throw-away network namespace.
#
# Usage: config-corpus.sh OUR_KEEPALIVED_BINARY
#        CORPUS_ONLY_KEEPALIVED=1 config-corpus.sh [ANYTHING]   # only check the corpus itself
#
# For each file (subdirectories such as include.d/ and scripts/ are not corpus entries):
#   real:  keepalived -t -l -n -i main -f FILE
#   ours:  OUR_BINARY -t -i main -f FILE
# Both run with the corpus directory as the working directory (relative track-script paths in
# the corpus are resolved against it, as keepalived resolves them against its cwd), with
# "-i main" as config id (so "@main" lines apply and "@backup" lines do not), and under
# "timeout 20". Exit status 0 means accept, any other status means reject; a timeout, or our
# binary dying from a signal / not being runnable, is always a failure.
# Checks: (a) keepalived's verdict equals the file's first line "# expect: accept|reject";
#         (b) our verdict equals keepalived's, unless DELIBERATE-DIFFERENCES.md lists the file as
#             "- `FILE`: ours=accept|reject — reason", in which case ours must equal that.
# Needs root (network namespaces). The namespace holds veth pairs eth0/eth0p, eth1/eth1p and
# veth0/veth1, all up, with 192.0.2.1/24 and 2001:db8::1/64 on eth0 and 198.51.100.1/24 on eth1.
set -euo pipefail

only_keepalived=${CORPUS_ONLY_KEEPALIVED:-0}
ours_arg=${1:-}
if [[ $only_keepalived != 1 && -z $ours_arg ]]; then
    echo "usage: config-corpus.sh OUR_KEEPALIVED_BINARY" >&2
    exit 2
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
corpus="$here/Tests/ConfigCorpus"
differences="$corpus/DELIBERATE-DIFFERENCES.md"

theirs=$(command -v keepalived 2>/dev/null || true)
[[ -z $theirs && -x /usr/sbin/keepalived ]] && theirs=/usr/sbin/keepalived
if [[ -z $theirs ]]; then
    echo "FAIL setup: the real keepalived is not installed (it is required, not optional)"
    echo "config-corpus: 0 passed, 1 failed"
    exit 1
fi

ours=""
if [[ $only_keepalived != 1 ]]; then
    ours=$(readlink -f "$ours_arg" || true)
    if [[ -z $ours || ! -x $ours ]]; then
        echo "FAIL setup: our binary '$ours_arg' is not an executable file"
        echo "config-corpus: 0 passed, 1 failed"
        exit 1
    fi
fi

ns="kacorpus$$$RANDOM"
if ! ip netns add "$ns"; then
    echo "FAIL setup: cannot create network namespace $ns (root is required)"
    echo "config-corpus: 0 passed, 1 failed"
    exit 1
fi
cleanup() { ip netns del "$ns" 2>/dev/null || true; }
trap cleanup EXIT
ip -n "$ns" link set lo up
ip -n "$ns" link add eth0 type veth peer name eth0p
ip -n "$ns" link add eth1 type veth peer name eth1p
ip -n "$ns" link add veth0 type veth peer name veth1
for dev in eth0 eth0p eth1 eth1p veth0 veth1; do ip -n "$ns" link set "$dev" up; done
ip -n "$ns" addr add 192.0.2.1/24 dev eth0
ip -n "$ns" addr add 198.51.100.1/24 dev eth1
ip -n "$ns" -6 addr add 2001:db8::1/64 dev eth0 nodad

# run_checked BINARY ARGS... : sets $out (combined output) and $rc, run in the corpus directory.
run_checked() {
    rc=0
    out=$(cd "$corpus" && timeout -k 5 20 ip netns exec "$ns" "$@" 2>&1 </dev/null) || rc=$?
}

# verdict_of RC WHO : accept / reject / timeout / abnormal
verdict_of() {
    local rc=$1 who=$2
    if ((rc == 0)); then echo accept
    elif ((rc == 124 || rc == 137)); then echo timeout
    elif [[ $who == ours ]] && ((rc >= 125)); then echo abnormal
    else echo reject
    fi
}

# deliberate_verdict NAME : the "ours=" verdict listed for NAME, or nothing.
deliberate_verdict() {
    [[ -f $differences ]] || return 0
    local line re='^- `([^`]+)`: ours=(accept|reject)([^a-z]|$)'
    while IFS= read -r line; do
        if [[ $line =~ $re && ${BASH_REMATCH[1]} == "$1" ]]; then
            echo "${BASH_REMATCH[2]}"
            return 0
        fi
    done <"$differences"
}

indent() { sed 's/^/    | /'; }

pass=0 fail=0

# Entries in the differences list must name real corpus files.
if [[ -f $differences ]]; then
    while IFS= read -r listed; do
        if [[ ! -f $corpus/$listed ]]; then
            fail=$((fail + 1))
            echo "FAIL $listed: listed in DELIBERATE-DIFFERENCES.md but not in the corpus"
        fi
    done < <(sed -n -E 's/^- `([^`]+)`: ours=.*/\1/p' "$differences")
fi

shopt -s nullglob
files=("$corpus"/*.conf)
if ((${#files[@]} == 0)); then
    echo "FAIL setup: no corpus files in $corpus"
    fail=$((fail + 1))
fi

for path in "${files[@]}"; do
    [[ -f $path ]] || continue           # only regular files directly in the corpus directory
    name=$(basename "$path")
    problems=()

    expect=$(sed -n -E '1s/^# expect: (accept|reject)[[:space:]]*$/\1/p' "$path")
    [[ -n $expect ]] || problems+=("first line is not '# expect: accept' or '# expect: reject'")

    run_checked "$theirs" -t -l -n -i main -f "$path"
    theirs_rc=$rc theirs_out=$out
    theirs_verdict=$(verdict_of "$theirs_rc" keepalived)
    if [[ -n $expect && $theirs_verdict != "$expect" ]]; then
        problems+=("keepalived: $theirs_verdict (exit $theirs_rc), file expects $expect")
    fi

    ours_rc="" ours_out=""
    if [[ $only_keepalived != 1 ]]; then
        run_checked "$ours" -t -i main -f "$path"
        ours_rc=$rc ours_out=$out
        ours_verdict=$(verdict_of "$ours_rc" ours)
        wanted=$(deliberate_verdict "$name")
        if [[ -n $wanted ]]; then
            [[ $ours_verdict == "$wanted" ]] ||
                problems+=("ours: $ours_verdict (exit $ours_rc), DELIBERATE-DIFFERENCES.md says ours=$wanted")
        elif [[ $ours_verdict != "$theirs_verdict" ]]; then
            problems+=("ours: $ours_verdict (exit $ours_rc), keepalived: $theirs_verdict (exit $theirs_rc)")
        fi
    fi

    if ((${#problems[@]} == 0)); then
        pass=$((pass + 1))
        echo "ok $name"
    else
        fail=$((fail + 1))
        joined=$(printf '%s; ' "${problems[@]}")
        echo "FAIL $name: ${joined%; }"
        echo "  keepalived output (exit $theirs_rc):"
        printf '%s\n' "$theirs_out" | indent
        if [[ $only_keepalived != 1 ]]; then
            echo "  our output (exit $ours_rc):"
            printf '%s\n' "$ours_out" | indent
        fi
    fi
done

echo "config-corpus: $pass passed, $fail failed"
((fail == 0))
