#!/usr/bin/env python3
"""Whole-process timings for bench/whole-process.sh: each command runs RUNS times, the commands
alternate (so a change in machine load hits all of them alike), and the table gives the median
and range of wall time, the median CPU time (user + system of the process and its children) and
the peak resident memory of the largest process. The ratio column divides a median by the median
of the reference row named in the row."""
import json
import os
import statistics
import subprocess
import sys
import time


def run_once(argv, env, prepare=None):
    if prepare:
        prepare()
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0, code


def main():
    spec = json.load(open(sys.argv[1]))
    runs = int(spec["runs"])
    rows = spec["rows"]
    results = {r["name"]: [] for r in rows}
    for r in rows:  # one untimed warm-up each: page cache, launcher caches, AOT/CDS files
        if not r.get("cold"):
            run_once(r["argv"], dict(os.environ, **r.get("env", {})))
    for i in range(runs):
        for r in rows:
            env = dict(os.environ, **r.get("env", {}))
            prepare = None
            if r.get("clear"):
                prepare = lambda d=r["clear"]: subprocess.run(["rm", "-rf", d], check=True)
            results[r["name"]].append(run_once(r["argv"], env, prepare))
    medians = {n: statistics.median(w for w, _, _, _ in v) for n, v in results.items()}
    print(f"runs: {runs} per command, alternating; load average before: {spec['load']}, after: "
          f"{open('/proc/loadavg').read().strip()}")
    print()
    print("| command | wall median | wall min-max | CPU median | peak RSS | exit | vs reference |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        v = results[r["name"]]
        walls = [w for w, _, _, _ in v]
        cpu = statistics.median(c for _, c, _, _ in v)
        rss = max(m for _, _, m, _ in v)
        codes = sorted({c for _, _, _, c in v})
        ref = r.get("ref")
        ratio = f"{medians[r['name']] / medians[ref]:.1f}x {ref}" if ref else ""
        print(f"| {r['name']} | {medians[r['name']]:.3f} s | {min(walls):.3f}-{max(walls):.3f} s "
              f"| {cpu:.3f} s | {rss:.0f} MiB | {','.join(map(str, codes))} | {ratio} |")


main()
