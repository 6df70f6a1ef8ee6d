#!/usr/bin/env bash
# Installs what building, testing and the demo need on Debian 12, as root. Idempotent: it
# installs only what is missing, and runs apt-get update only when it has to.
set -euo pipefail

packages=(
    pkg-config libnl-3-dev libnl-genl-3-dev libnl-route-3-dev libcap-dev   # build
    iproute2 procps psmisc tcpdump                                          # namespaces, process checks, captures
    keepalived                                                              # the interop peer and config-test oracle
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
    echo "install-deps: need root to install: ${missing[*]}" >&2
    exit 1
fi

# Never let a package start a daemon while we install it (the keepalived package would try
# to start the real keepalived in the root namespace).
policy=/usr/sbin/policy-rc.d
created_policy=0
if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod 755 "$policy"; created_policy=1
fi
trap '[[ $created_policy == 1 ]] && rm -f "$policy"' EXIT

export DEBIAN_FRONTEND=noninteractive
opts=(-y -q --no-install-recommends -o DPkg::Lock::Timeout=300)
echo "install-deps: installing ${missing[*]}" >&2
apt-get install "${opts[@]}" "${missing[@]}" >&2 || { apt-get update -q >&2 && apt-get install "${opts[@]}" "${missing[@]}" >&2; }

# The distribution's keepalived is only a test peer: make sure it is not running as a service.
if command -v systemctl >/dev/null 2>&1 && systemctl is-system-running >/dev/null 2>&1; then
    systemctl disable --now keepalived >/dev/null 2>&1 || true
fi
pkill -x keepalived 2>/dev/null || true
