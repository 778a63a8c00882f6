#!/usr/bin/env python3
"""Summarises a JFR recording of `switchboard bench`: where the CPU went (top frames by self samples, the first frame
of our own code, and the pair) and what allocated (sampled weight by our first frame and by class). Reads
`jfr print` output line by line, so a recording of minutes needs little memory. Usage: jfr-summary.py FILE.jfr

The bench runs in the service's JVM: its mail generator, IMAP appender and SMTP sink (GreenMail) show up too, under
dev.switchboard.gateway.bench or as threads without a switchboard frame."""
import collections
import re
import subprocess
import sys

TOP = 15
OURS = "dev.switchboard."
UNITS = {"bytes": 1, "byte": 1, "kB": 1e3, "MB": 1e6, "GB": 1e9}


def events(path, name):
    """Yields (fields, frames) per event; frames are method names, innermost first."""
    proc = subprocess.Popen(["jfr", "print", "--stack-depth", "64", "--events", name, path],
                            stdout=subprocess.PIPE, text=True, bufsize=1 << 20)
    fields, frames, in_stack = {}, [], False
    for line in proc.stdout:
        line = line.strip()
        if line.endswith("{") and not line.startswith("stackTrace"):
            fields, frames, in_stack = {}, [], False
        elif line.startswith("stackTrace = ["):
            in_stack = True
        elif in_stack and line == "]":
            in_stack = False
        elif in_stack:
            if line != "...":
                frames.append(line.split("(", 1)[0])
        elif line == "}":
            yield fields, frames
        elif " = " in line:
            key, value = line.split(" = ", 1)
            fields[key] = value
    proc.wait()


def ours(frames):
    return next((f for f in frames if f.startswith(OURS) and "$$Lambda" not in f), None)


def table(title, counter, total, unit):
    print(f"## {title}")
    for key, n in counter.most_common(TOP):
        print(f"{100.0 * n / max(total, 1):5.1f} %  {n:>14,.0f} {unit}  {key}")
    print()


def main(path):
    leaf, mine, pairs = collections.Counter(), collections.Counter(), collections.Counter()
    samples = 0
    for _, frames in events(path, "jdk.ExecutionSample"):
        if not frames:
            continue
        samples += 1
        m = ours(frames) or "(no switchboard frame: " + frames[-1] + ")"
        leaf[frames[0]] += 1
        mine[m] += 1
        pairs[frames[0] + "  <-  " + m] += 1
    print(f"# {path}: {samples} CPU samples\n")
    table("CPU, top frames (self)", leaf, samples, "samples")
    table("CPU, first dev.switchboard frame on the stack", mine, samples, "samples")
    table("CPU, top frame <- first dev.switchboard frame", pairs, samples, "samples")
    sites, classes = collections.Counter(), collections.Counter()
    total = 0.0
    for fields, frames in events(path, "jdk.ObjectAllocationSample"):
        match = re.match(r"([\d.]+) (\w+)", fields.get("weight", "0 bytes"))
        weight = float(match.group(1)) * UNITS.get(match.group(2), 1) if match else 0
        total += weight
        sites[ours(frames) or "(no switchboard frame: " + (frames[-1] if frames else "?") + ")"] += weight
        classes[fields.get("objectClass", "?").split(" (", 1)[0]] += weight
    print(f"# allocation: {total / 1e9:.2f} GB sampled weight\n")
    table("Allocation by first dev.switchboard frame", sites, total, "bytes")
    table("Allocation by class", classes, total, "bytes")


if __name__ == "__main__":
    main(sys.argv[1])
