#!/usr/bin/env python3
"""Config-test benchmark: our `keepalived -t` against the real keepalived's on one large file.

Both run alternately in one session, inside a throw-away network namespace, N times each.
For each run we take the wall time and the peak resident memory (ru_maxrss of the process and
anything it spawned, from wait4). We report median, p95 and the spread, and the ratios of the
medians (ours / keepalived's: below 1 means we are faster or smaller).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time


def run_once(cmd):
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    return elapsed, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def summary(values):
    s = sorted(values)
    p95 = s[min(len(s) - 1, int(round(0.95 * (len(s) - 1))))]
    return {"median": statistics.median(s), "p95": p95, "min": s[0], "max": s[-1], "n": len(s)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ours", required=True)
    ap.add_argument("--theirs", default="/usr/sbin/keepalived")
    ap.add_argument("--config", required=True)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--json", help="write the results here")
    a = ap.parse_args()

    ns = f"kabench{os.getpid()}"
    subprocess.run(["ip", "netns", "add", ns], check=True)
    try:
        wrap = ["ip", "netns", "exec", ns]
        ours_cmd = wrap + [a.ours, "-t", "-f", a.config]
        theirs_cmd = wrap + [a.theirs, "-t", "-l", "-n", "-f", a.config]
        results = {"ours": {"time": [], "rss": [], "rc": set()}, "keepalived": {"time": [], "rss": [], "rc": set()}}
        for _ in range(a.runs):
            for name, cmd in (("ours", ours_cmd), ("keepalived", theirs_cmd)):
                t, rss, rc = run_once(cmd)
                results[name]["time"].append(t)
                results[name]["rss"].append(rss)
                results[name]["rc"].add(rc)
    finally:
        subprocess.run(["ip", "netns", "del", ns])

    report = {"config": a.config, "config_bytes": os.path.getsize(a.config), "runs": a.runs}
    for name, r in results.items():
        report[name] = {"seconds": summary(r["time"]), "peak_rss_kib": summary(r["rss"]), "exit_codes": sorted(r["rc"])}
    report["ratio_time"] = report["ours"]["seconds"]["median"] / report["keepalived"]["seconds"]["median"]
    report["ratio_rss"] = report["ours"]["peak_rss_kib"]["median"] / report["keepalived"]["peak_rss_kib"]["median"]

    print(f"config: {a.config} ({report['config_bytes'] / 1e6:.1f} MB), {a.runs} runs each, alternating")
    print(f"{'':12} {'median s':>9} {'p95 s':>7} {'min-max s':>15} {'median RSS MiB':>15} {'exit':>5}")
    for name in ("ours", "keepalived"):
        s, m = report[name]["seconds"], report[name]["peak_rss_kib"]
        print(f"{name:12} {s['median']:9.3f} {s['p95']:7.3f} {s['min']:7.3f}-{s['max']:<7.3f} {m['median'] / 1024:15.1f} {report[name]['exit_codes']}")
    print(f"ratio ours/keepalived: time {report['ratio_time']:.2f}, peak RSS {report['ratio_rss']:.2f}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(report, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
