#!/usr/bin/env bash
# run-in-ipvs-vm.sh — run a shell command as root inside a throw-away QEMU VM
# whose kernel (Debian's stock 6.1 "linux-image-*-amd64") has IPVS (ip_vs.ko),
# with the host's whole filesystem visible in the guest.
#
# Usage:   run-in-ipvs-vm.sh 'COMMAND'
#
# The project's own copy, so that a fresh clone can run the IPVS kernel tests
# (Tests/integration/ipvs-vm.sh) with nothing but Debian's packages.
#
# - COMMAND runs under /bin/bash as root in the guest, in the caller's current
#   directory, with stdin = /dev/null.  Its stdout/stderr are streamed back to
#   this script's stdout/stderr (they are regular files in the guest, not a
#   tty), and this script exits with COMMAND's exit status.
# - The guest sees the host root filesystem read-only over 9p with a tmpfs
#   overlay on top (the guest may write anywhere; those writes are discarded),
#   EXCEPT the current directory, which is shared read-WRITE (artefacts written
#   there come back to the host).  /run is a fresh tmpfs; /tmp is the host's
#   /tmp seen through the overlay.  If the current directory is "/", nothing
#   is shared writable.
# - IPVS_VM_MODULES (default ip_vs) are modprobe'd before COMMAND runs; the
#   guest kernel's module tree is at /lib/modules/$(uname -r), so modprobe and
#   kernel auto-loading (veth, dummy, ip_vs_wrr, ...) work in the guest.
# - The host's exported environment (PATH, CI, ...) is passed to COMMAND.
#
# Must run as root.  Installs, if missing (apt-get): qemu-system-x86
# busybox-static kmod xz-utils iproute2 ipvsadm; downloads (apt-get download,
# not installed) the kernel package once into a cache.
#
# Optional environment:
#   IPVS_VM_CACHE        cache for kernel + initramfs            (/var/cache/ipvs-vm)
#   IPVS_VM_KERNEL_PKG   kernel package, e.g. linux-image-6.1.0-56-amd64
#                        (default: what linux-image-amd64 depends on; must be a
#                        generic "-amd64" flavour: "-cloud-amd64" lacks 9p)
#   IPVS_VM_MEM          guest RAM, MiB                          (2048)
#   IPVS_VM_CPUS         guest vCPUs                             (2)
#   IPVS_VM_TIMEOUT      seconds before the whole VM is killed   (1200)
#   IPVS_VM_BOOT_TIMEOUT seconds allowed until COMMAND starts    (120)
#   IPVS_VM_MODULES      modules to modprobe before COMMAND      ("ip_vs")
#   IPVS_VM_ACCEL        auto | kvm | tcg                        (auto)
#   IPVS_VM_APPEND       extra kernel command line
#   IPVS_VM_VERBOSE      1 = print timings and the guest kernel log
#
# Exit status: COMMAND's; 124 if the VM timed out; 125 if the VM ended without
# reporting a status (boot failure, kernel panic, ...); 2 on usage errors.
set -euo pipefail

readonly PROG=${0##*/}
die() { printf '%s: error: %s\n' "$PROG" "$*" >&2; exit 125; }
VERBOSE=${IPVS_VM_VERBOSE:-0}
T0=$(date +%s.%N)
log() {
    [[ $VERBOSE == 1 ]] || return 0
    printf '%s: [%5.2fs] %s\n' "$PROG" "$(awk -v a="$T0" -v b="$(date +%s.%N)" 'BEGIN{print b-a}')" "$*" >&2
}

if [[ $# -ne 1 || -z $1 ]]; then
    printf 'usage: %s COMMAND\n' "$PROG" >&2
    exit 2
fi
readonly USER_CMD=$1
[[ $(id -u) -eq 0 ]] || die "must run as root"

readonly CACHE=${IPVS_VM_CACHE:-/var/cache/ipvs-vm}
readonly MEM=${IPVS_VM_MEM:-2048}
readonly CPUS=${IPVS_VM_CPUS:-2}
readonly TIMEOUT=${IPVS_VM_TIMEOUT:-1200}
readonly BOOT_TIMEOUT=${IPVS_VM_BOOT_TIMEOUT:-120}
readonly MODULES=${IPVS_VM_MODULES-ip_vs}
readonly ACCEL_REQ=${IPVS_VM_ACCEL:-auto}
readonly BUSYBOX=/bin/busybox   # must be busybox-static's: it runs in the initramfs

# Modules the initramfs loads (plus dependencies) to mount the host's files:
# virtio PCI transport, 9p over virtio, overlayfs.  All are modules in Debian.
readonly INITRD_MODULES="virtio_pci 9pnet_virtio 9p overlay"

###########################################################################
# 1. Host packages (idempotent; only missing ones are installed).
###########################################################################
APT_UPDATED=0
apt_update() { [[ $APT_UPDATED == 1 ]] || { apt-get update -q >&2 && APT_UPDATED=1; }; }
apt_install() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' \
            || missing+=("$p")
    done
    [[ ${#missing[@]} -eq 0 ]] && return 0
    echo "$PROG: installing ${missing[*]}" >&2
    local opts=(-y -q --no-install-recommends -o DPkg::Lock::Timeout=300)
    DEBIAN_FRONTEND=noninteractive apt-get install "${opts[@]}" "${missing[@]}" >&2 \
        || { apt_update; DEBIAN_FRONTEND=noninteractive apt-get install "${opts[@]}" "${missing[@]}" >&2; } \
        || die "apt-get install ${missing[*]} failed"
}

mkdir -p "$CACHE"
# Serialise installation and cache building between concurrent runs; the VMs
# themselves run in parallel fine.
exec 9>"$CACHE/.lock"
flock 9
apt_install qemu-system-x86 busybox-static kmod xz-utils iproute2 ipvsadm
[[ -x $BUSYBOX ]] || die "$BUSYBOX missing (package busybox-static)"
log "packages ok"

###########################################################################
# 2. Kernel (cached in $CACHE/kernel-<version>): vmlinuz, an uncompressed
#    vmlinux (QEMU boots it via its PVH entry; saves ~5 s of in-guest xz
#    decompression under TCG) and the module tree.
###########################################################################
resolve_kernel_pkg() {
    if [[ -n ${IPVS_VM_KERNEL_PKG:-} ]]; then echo "$IPVS_VM_KERNEL_PKG"; return; fi
    apt-cache depends linux-image-amd64 2>/dev/null \
        | awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }'
}

fetch_kernel() {  # fetch_kernel PKG DIR
    local pkg=$1 dir=$2 vmlinuz off
    rm -rf "$dir"; mkdir -p "$dir/dl"
    # -o APT::Sandbox::User=root: avoid the "_apt cannot access" warning.
    ( cd "$dir/dl" && apt-get download -q -o APT::Sandbox::User=root "$pkg" >&2 ) || return 1
    # Keep what a VM can use: skip sound, GPU, media, NIC, wireless... (~190 MB).
    dpkg-deb --fsys-tarfile "$dir"/dl/*.deb | tar -x -C "$dir" \
        --wildcards './boot/vmlinuz-*' './boot/config-*' './lib/modules/*' \
        --exclude='./lib/modules/*/kernel/sound' \
        --exclude='./lib/modules/*/kernel/drivers/gpu' \
        --exclude='./lib/modules/*/kernel/drivers/media' \
        --exclude='./lib/modules/*/kernel/drivers/net/wireless' \
        --exclude='./lib/modules/*/kernel/drivers/net/ethernet' \
        --exclude='./lib/modules/*/kernel/drivers/infiniband' \
        --exclude='./lib/modules/*/kernel/drivers/staging' \
        --exclude='./lib/modules/*/kernel/drivers/scsi' \
        --exclude='./lib/modules/*/kernel/drivers/usb' \
        --exclude='./lib/modules/*/kernel/drivers/iio' \
        --exclude='./lib/modules/*/kernel/drivers/bluetooth' \
        --exclude='./lib/modules/*/kernel/net/wireless' \
        --exclude='./lib/modules/*/kernel/net/mac80211' \
        --exclude='./lib/modules/*/kernel/net/bluetooth' || return 1
    rm -rf "$dir/dl"
    vmlinuz=$(ls "$dir"/boot/vmlinuz-*) || return 1
    # bzImage = setup code + xz payload (Debian: CONFIG_KERNEL_XZ).  Cut at the
    # xz magic, decompress the first stream -> ELF vmlinux.  No pipes: with
    # pipefail a SIGPIPE'd grep/tail would count as a failure.
    off=$(LC_ALL=C grep -m1 -aboP '\xfd7zXZ\x00' "$vmlinuz" | cut -d: -f1 || true)
    if [[ -n $off ]] \
        && xz -dc --single-stream < <(tail -c +$((off + 1)) "$vmlinuz") > "$dir/boot/vmlinux" 2>/dev/null \
        && [[ $(od -An -c -N4 "$dir/boot/vmlinux" | tr -d ' ') == '177ELF' ]]; then
        :
    else
        echo "$PROG: warning: could not extract vmlinux, will boot vmlinuz (slower)" >&2
        rm -f "$dir/boot/vmlinux"
    fi
    # Debian ships modules.dep; regenerate only if it is missing.
    local kver; kver=$(basename "$dir"/lib/modules/*)
    [[ -f $dir/lib/modules/$kver/modules.dep ]] || depmod -b "$dir" "$kver" || return 1
    touch "$dir/.ready"
}

if [[ -z ${IPVS_VM_KERNEL_PKG:-} && -f $CACHE/current/.ready ]]; then
    KDIR=$(readlink -f "$CACHE/current")        # fast path: no apt at all
else
    KPKG=$(resolve_kernel_pkg)
    [[ -n $KPKG ]] || { apt_update; KPKG=$(resolve_kernel_pkg); }
    [[ -n $KPKG ]] || die "cannot resolve the kernel package behind linux-image-amd64"
    KDIR=$CACHE/kernel-${KPKG#linux-image-}
    if [[ ! -f $KDIR/.ready ]]; then
        echo "$PROG: fetching $KPKG (one-time, ~70 MB)" >&2
        if ! fetch_kernel "$KPKG" "$KDIR.tmp"; then
            # Stale package lists name a kernel the mirror no longer has.
            apt_update; KPKG=$(resolve_kernel_pkg); KDIR=$CACHE/kernel-${KPKG#linux-image-}
            fetch_kernel "$KPKG" "$KDIR.tmp" || die "could not download/unpack $KPKG"
        fi
        rm -rf "$KDIR"; mv "$KDIR.tmp" "$KDIR"
    fi
    [[ -n ${IPVS_VM_KERNEL_PKG:-} ]] || ln -sfn "$(basename "$KDIR")" "$CACHE/current"
fi
KVER=$(basename "$KDIR"/lib/modules/*)
MODDIR=$KDIR/lib/modules/$KVER
if [[ -f $KDIR/boot/vmlinux ]]; then KERNEL=$KDIR/boot/vmlinux; else KERNEL=$(ls "$KDIR"/boot/vmlinuz-*); fi
log "kernel $KVER: $KERNEL"

###########################################################################
# 3. Initramfs (cached): static busybox, the modules to mount the host's
#    files, and /init (stage 1).  Stage 1 mounts the host root (9p, ro) under
#    a tmpfs overlay, the control dir and the cwd (9p, rw), then switch_root's
#    to stage 2, a script this run writes into the control dir.
###########################################################################
INIT_SCRIPT=$(cat <<'EOF_INIT'
#!/bin/busybox sh
# ipvs-vm stage 1: PID 1 in the initramfs.
/bin/busybox --install -s /bin
export PATH=/bin
fail() { echo "ipvs-vm init: $*"; echo "ipvs-vm init: $*" > /dev/kmsg; sleep 1; poweroff -f; }
mark() { echo "<5>ipvs-vm: $*" > /dev/kmsg; }
mount -t proc proc /proc && mount -t sysfs sysfs /sys && mount -t devtmpfs dev /dev \
    || fail "cannot mount /proc /sys /dev"
mark stage 1
while read -r m; do insmod "/mods/$m" || fail "insmod $m failed"; done < /mods/order
mkdir -p /host /rw /newroot /ctl
p9="trans=virtio,version=9p2000.L,msize=512000"
mount -t 9p -o "$p9,ro,cache=loose" hostroot /host || fail "cannot mount the host root (9p)"
mount -t 9p -o "$p9" ctl /ctl || fail "cannot mount the control dir (9p)"
mount -t tmpfs -o mode=0755 rw /rw && mkdir -p /rw/upper /rw/work
mount -t overlay -o lowerdir=/host,upperdir=/rw/upper,workdir=/rw/work overlay /newroot \
    || fail "cannot mount the overlay root"
mount -t proc proc /newroot/proc
mount -t sysfs sysfs /newroot/sys
mount -t tmpfs -o mode=0755 run /newroot/run
mkdir -p /newroot/run/ipvs-vm && mount --move /ctl /newroot/run/ipvs-vm
cwd=$(cat /newroot/run/ipvs-vm/cwd)
if [ "$cwd" != / ]; then
    mount -t 9p -o "$p9" cwd "/newroot$cwd" || fail "cannot mount the cwd $cwd (9p)"
fi
mark switch_root
mount --move /dev /newroot/dev
exec switch_root /newroot /bin/busybox sh /run/ipvs-vm/stage2
EOF_INIT
)

# Dependency-ordered module list, from the kernel's modules.dep.
declare -A SEEN=()
ORDER=()
add_mod() {  # add_mod kernel/dir/name.ko
    local rel=$1 d
    [[ -n ${SEEN[$rel]:-} ]] && return 0
    SEEN[$rel]=1
    for d in $(awk -v m="$rel:" '$1 == m { for (i = 2; i <= NF; i++) print $i }' "$MODDIR/modules.dep"); do
        add_mod "$d"
    done
    ORDER+=("$rel")
}
for m in $INITRD_MODULES; do
    rel=$(awk -v n="/$m.ko:" 'substr($1, length($1) - length(n) + 1) == n { print substr($1, 1, length($1) - 1); exit }' \
          "$MODDIR/modules.dep")
    if [[ -z $rel ]]; then
        grep -q "/$m.ko\$" "$MODDIR/modules.builtin" && continue   # built in
        die "module $m not found in $MODDIR"
    fi
    add_mod "$rel"
done

INITRD_KEY=$(printf '%s\n' "$KVER" "$INIT_SCRIPT" "${ORDER[@]}" "$(sha256sum < "$BUSYBOX")" \
             | sha256sum | cut -c1-16)
INITRD=$CACHE/initramfs-$KVER-$INITRD_KEY.cpio
if [[ ! -f $INITRD ]]; then
    tmp=$(mktemp -d "$CACHE/initrd.XXXXXX")
    mkdir -p "$tmp"/{bin,dev,proc,sys,mods}
    cp "$BUSYBOX" "$tmp/bin/busybox"
    printf '%s\n' "$INIT_SCRIPT" > "$tmp/init"; chmod 755 "$tmp/init"
    for rel in "${ORDER[@]}"; do cp "$MODDIR/$rel" "$tmp/mods/"; basename "$rel"; done > "$tmp/mods/order"
    # Uncompressed cpio: nothing to decompress in the (possibly emulated) guest.
    ( cd "$tmp" && find . -mindepth 1 | LC_ALL=C sort | "$BUSYBOX" cpio -o -H newc 2>/dev/null ) > "$INITRD.tmp"
    mv "$INITRD.tmp" "$INITRD"; rm -rf "$tmp"
fi
flock -u 9; exec 9>&-
log "initramfs: $INITRD"

###########################################################################
# 4. Per-run control directory, shared read-write with the guest ("ctl"):
#    cmd, cwd, env, modules, moddir, stage2 in; stdout, stderr, rc out.
###########################################################################
RUN=$(mktemp -d /tmp/ipvs-vm-run.XXXXXX)
QEMU_PID=""; BG_PIDS=()
# shellcheck disable=SC2317  # invoked via trap
cleanup() {
    if [[ -n $QEMU_PID ]]; then kill "$QEMU_PID" 2>/dev/null || true; fi
    local p; for p in "${BG_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    rm -rf "$RUN"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
CTL=$RUN/ctl; mkdir -p "$CTL"

printf '%s\n' "$USER_CMD" > "$CTL/cmd"
pwd -P > "$CTL/cwd"
printf '%s\n' "$MODULES" > "$CTL/modules"
printf '%s\n' "$MODDIR" > "$CTL/moddir"
: > "$CTL/stdout"; : > "$CTL/stderr"
# The host's exported environment, minus what must not leak into the guest.
for v in $(compgen -e); do
    case $v in
        PWD|OLDPWD|SHLVL|_|HOSTNAME|TMPDIR|SHELLOPTS|BASHOPTS|UID|EUID|PPID|BASH_*|SSH_*|DISPLAY|XDG_*|TERM*) continue ;;
    esac
    printf 'export %s=%q\n' "$v" "${!v}"
done > "$CTL/env"
echo 'unset BASH_ENV' >> "$CTL/env"

cat > "$CTL/stage2" <<'EOF_STAGE2'
# ipvs-vm stage 2: PID 1 after switch_root (root = overlay of the host's /),
# run by the host's static busybox.
C=/run/ipvs-vm
B=/bin/busybox
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
mark() { echo "<5>ipvs-vm: $*" > /dev/kmsg; }
mark stage 2
$B mkdir -p /dev/pts /dev/shm /dev/mqueue /sys/fs/cgroup
$B mount -t devpts -o newinstance,ptmxmode=0666 devpts /dev/pts
[ -e /dev/ptmx ] || $B ln -s pts/ptmx /dev/ptmx
$B mount -t tmpfs tmpfs /dev/shm
$B mount -t mqueue mqueue /dev/mqueue 2>/dev/null
$B mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null
$B mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
[ -e /dev/fd ] || $B ln -s /proc/self/fd /dev/fd
$B hostname ipvs-vm
$B ip link set lo up
# Make the guest kernel's module tree visible where modprobe looks for it.
$B mkdir -p /lib/modules && $B ln -sfn "$(cat $C/moddir)" "/lib/modules/$($B uname -r)"
if [ -x /sbin/modprobe ]; then MODPROBE=/sbin/modprobe; else MODPROBE="$B modprobe"; fi
for m in $(cat $C/modules); do
    $MODPROBE "$m" 2>> $C/stderr || echo "ipvs-vm: modprobe $m failed" >> $C/stderr
done
: > $C/started
mark command
# COMMAND's stdout/stderr are plain files in the control dir (uncached 9p:
# each write reaches the host at once, where they are streamed).  BASH_ENV
# makes the non-interactive bash source the host environment first.
(
    cd "$(cat $C/cwd)" || exit 125
    if [ -x /bin/bash ]; then BASH_ENV=$C/env exec /bin/bash $C/cmd; fi
    . $C/env; exec $B sh $C/cmd
) < /dev/null >> $C/stdout 2>> $C/stderr
rc=$?
mark command exited with $rc
echo "$rc" > $C/rc.tmp && $B mv $C/rc.tmp $C/rc
$B sync
$B poweroff -f
EOF_STAGE2

###########################################################################
# 5. Boot, stream the output, collect the status.
###########################################################################
ACCEL=$ACCEL_REQ
if [[ $ACCEL == auto ]]; then
    # KVM only with hardware virtualisation (kvm_intel/kvm_amd).  Some
    # sandboxes expose a /dev/kvm backed by kvm_pvm (PVM) that cannot run a
    # stock kernel: QEMU aborts with -cpu host ("failed to set MSR 0x10a")
    # and, with other CPU models, the guest hangs right after "Booting".
    if [[ -r /dev/kvm && -w /dev/kvm && ! -d /sys/module/kvm_pvm ]] \
        && [[ -d /sys/module/kvm_intel || -d /sys/module/kvm_amd ]]; then
        ACCEL=kvm
    else
        ACCEL=tcg
    fi
fi
case $ACCEL in
    kvm) ACCEL_ARGS=(-accel kvm -cpu host) ;;
    tcg) ACCEL_ARGS=(-accel "tcg,thread=multi" -cpu max) ;;
    *)   die "IPVS_VM_ACCEL must be auto, kvm or tcg" ;;
esac
# pci=noacpi skips the slow ACPI PCI-interrupt routing (~0.8 s under TCG);
# mitigations=off avoids expensive emulated speculation barriers.
KARGS="console=ttyS0 panic=-1 pci=noacpi mitigations=off tsc=reliable"
if [[ $VERBOSE == 1 ]]; then KARGS+=" loglevel=6"; else KARGS+=" quiet"; fi
KARGS+=" ${IPVS_VM_APPEND:-}"

FS_ARGS=(
    -fsdev "local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap"
    -device "virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot"
    -fsdev "local,id=ctl,path=$CTL,security_model=none,multidevs=remap"
    -device "virtio-9p-pci,fsdev=ctl,mount_tag=ctl"
)
CWD=$(cat "$CTL/cwd")
if [[ $CWD != / ]]; then
    # In QEMU option values a literal comma is written ",,".
    FS_ARGS+=(-fsdev "local,id=cwd,path=${CWD//,/,,},security_model=none,multidevs=remap"
              -device "virtio-9p-pci,fsdev=cwd,mount_tag=cwd")
fi
log "booting ($ACCEL): $KARGS"

set +e
timeout --kill-after=10 "$TIMEOUT" qemu-system-x86_64 \
    -name ipvs-vm -M pc "${ACCEL_ARGS[@]}" -smp "$CPUS" -m "$MEM" \
    -nodefaults -no-user-config -display none -no-reboot \
    -kernel "$KERNEL" -initrd "$INITRD" -append "$KARGS" \
    -serial "file:$RUN/console.log" \
    "${FS_ARGS[@]}" \
    < /dev/null > "$RUN/qemu.out" 2>&1 &
QEMU_PID=$!
# Live copy of COMMAND's output; --pid: exit once qemu is gone and all is read.
tail -c +1 -s 0.1 -f --pid="$QEMU_PID" "$CTL/stdout" & BG_PIDS+=($!)
tail -c +1 -s 0.1 -f --pid="$QEMU_PID" "$CTL/stderr" >&2 & BG_PIDS+=($!)
# Boot watchdog: a guest that never starts COMMAND is killed early.  (Its own
# fds go to /dev/null so that a leftover sleep cannot hold a caller's pipe.)
watchdog() {
    sleep "$BOOT_TIMEOUT" & local sp=$!
    trap 'kill $sp; exit 0' TERM
    wait "$sp"
    [[ -e $CTL/started ]] || { : > "$RUN/boot-timeout"; kill "$QEMU_PID"; }
}
watchdog < /dev/null > /dev/null 2>&1 & WATCHDOG=$!
wait "$QEMU_PID"; QRC=$?
QEMU_PID=""
kill "$WATCHDOG" 2>/dev/null; wait "$WATCHDOG" 2>/dev/null
for p in "${BG_PIDS[@]}"; do wait "$p" 2>/dev/null; done
BG_PIDS=()
set -e
log "VM done (qemu status $QRC)"

[[ $VERBOSE == 1 ]] && { echo "----- guest console -----"; cat "$RUN/console.log"; echo "-----"; } >&2
if [[ -s $CTL/rc ]]; then
    exit "$(cat "$CTL/rc")"
fi
if [[ -e $RUN/boot-timeout ]]; then
    echo "$PROG: error: COMMAND had not started after ${BOOT_TIMEOUT}s; VM killed" >&2; RC=125
elif [[ $QRC == 124 || $QRC == 137 ]]; then
    echo "$PROG: error: VM timed out after ${TIMEOUT}s" >&2; RC=124
else
    echo "$PROG: error: VM ended (qemu status $QRC) without reporting COMMAND's status" >&2; RC=125
fi
{ echo "----- qemu output -----"; cat "$RUN/qemu.out"
  echo "----- guest console (last 40 lines) -----"; tail -n 40 "$RUN/console.log"; } >&2
exit $RC
