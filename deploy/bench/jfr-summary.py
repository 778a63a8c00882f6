#!/usr/bin/env python3
"""Summarises a JFR recording of `switchboard bench`: where the CPU went (top frames by self samples, and by the first
frame of our own code) and what allocated (top allocation sites by sampled weight). Usage: jfr-summary.py FILE.jfr"""
import collections
import json
import subprocess
import sys

TOP = 15
OURS = "dev.switchboard."


def frames(event):
    stack = event["values"].get("stackTrace") or {}
    return [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in stack.get("frames", [])]


def events(path, name):
    raw = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", name, path],
                         check=True, capture_output=True).stdout
    return json.loads(raw)["recording"]["events"]


def table(title, counter, total, unit):
    print(f"## {title}")
    for key, n in counter.most_common(TOP):
        print(f"{100.0 * n / max(total, 1):5.1f} %  {n:>12,} {unit}  {key}")
    print()


def main(path):
    cpu = events(path, "jdk.ExecutionSample")
    leaf, ours = collections.Counter(), collections.Counter()
    for e in cpu:
        fs = frames(e)
        if not fs:
            continue
        leaf[fs[0]] += 1
        mine = next((f for f in fs if f.startswith(OURS) and "$$Lambda" not in f), None)
        ours[mine or "(no switchboard frame: " + fs[-1] + ")"] += 1
    print(f"# {path}: {len(cpu)} CPU samples\n")
    table("CPU, top frames (self)", leaf, len(cpu), "samples")
    table("CPU, first dev.switchboard frame on the stack", ours, len(cpu), "samples")
    alloc = events(path, "jdk.ObjectAllocationSample")
    sites, classes = collections.Counter(), collections.Counter()
    total = 0
    for e in alloc:
        weight = e["values"].get("weight", 0)
        total += weight
        fs = frames(e)
        mine = next((f for f in fs if f.startswith(OURS) and "$$Lambda" not in f), fs[-1] if fs else "?")
        sites[mine] += weight
        classes[e["values"]["objectClass"]["name"]] += weight
    print(f"# allocation: {total / 1e9:.2f} GB sampled weight in {len(alloc)} samples\n")
    table("Allocation by first dev.switchboard frame", sites, total, "bytes")
    table("Allocation by class", classes, total, "bytes")


if __name__ == "__main__":
    main(sys.argv[1])
