#!/usr/bin/env python3
"""A stand-in child for the parent's integration tests, speaking the IPC protocol of
docs/ipc.md on descriptor 3 (written independently of the Swift codec, from the spec).

Behaviour is chosen with FAKE_CHILD_MODE:
  report   - after the first configuration, report instance VI_1 as MASTER (priority 150).
  garbage  - after the first configuration, write a malformed frame.
  record   - write every resume / relayed-instance-state message to FAKE_CHILD_LOG.
Every mode answers heartbeats and exits on shutdown. FAKE_CHILD_LOG (if set) gets one line per
message received, with the pid.
"""
import os
import struct
import sys

FD = 3
MODE = os.environ.get("FAKE_CHILD_MODE", "report")
LOG = os.environ.get("FAKE_CHILD_LOG")
ROLE = 2 if "vrrp" in os.path.basename(sys.argv[0]) or os.environ.get("FAKE_CHILD_ROLE") == "vrrp" else 3


def log(line):
    if LOG:
        with open(LOG, "a") as f:
            f.write(f"{os.getpid()} {line}\n")


def frame(mtype, payload):
    return b"KA" + bytes([1, 0]) + struct.pack(">HI", mtype, len(payload)) + payload


def string(s):
    b = s.encode()
    return struct.pack(">I", len(b)) + b


def send(mtype, payload=b""):
    os.write(FD, frame(mtype, payload))


def instance_report(data, off):
    n = struct.unpack_from(">I", data, off)[0]
    name = data[off + 4:off + 4 + n].decode()
    state, base, eff, installed = data[off + 4 + n:off + 8 + n]
    return (name, state, base, eff, installed), off + 8 + n


def main():
    send(0x0001, bytes([ROLE]) + struct.pack(">I", os.getpid()) + string("fake-child"))
    configured = False
    pending = b""
    while True:
        try:
            data = os.read(FD, 70000)
        except OSError:
            return 0
        if not data:
            return 0
        mtype, length = struct.unpack_from(">HI", data, 4)
        flags = data[3]
        pending += data[10:10 + length]
        if flags & 1:
            continue
        payload, pending = pending, b""
        if mtype == 0x0002:
            generation = struct.unpack_from(">Q", payload, 0)[0]
            reason = payload[8]
            log(f"configuration generation={generation} reason={reason}")
            send(0x0003, struct.pack(">Q", generation))
            if not configured:
                configured = True
                if MODE == "report":
                    send(0x0010, string("VI_1") + bytes([2, 150, 150, 1]))
                elif MODE == "garbage":
                    os.write(FD, b"\xde\xad\xbe\xef garbage that is not a frame")
        elif mtype == 0x0013:
            count = struct.unpack_from(">I", payload, 0)[0]
            off, reports = 4, []
            for _ in range(count):
                r, off = instance_report(payload, off)
                reports.append(r)
            log(f"resume {reports}")
        elif mtype == 0x0014:
            r, _ = instance_report(payload, 0)
            log(f"relayed {r}")
        elif mtype == 0x8001:
            send(0x8002, payload[:8])
        elif mtype == 0x0005:
            log("shutdown")
            return 0
        elif mtype == 0x0001:
            log("hello from parent")


if __name__ == "__main__":
    sys.exit(main())
