#!/usr/bin/env python3
# Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
"""Runs two builds of a benchmark program alternately and prints the median of every figure.

On a shared, noisy machine a figure alone misleads; the same figure from two builds measured in
turns, in one run, holds. Typical use, the engine before and after a change:

    git worktree add /tmp/before <commit>
    g++ -std=gnu++20 -O2 -DNDEBUG -DASIO_STANDALONE -I/tmp/before/include -Ibench \\
        bench/connection_bench.cpp -o /tmp/connection_bench_before -lpthread
    tools/bench_compare.py --runs 5 /tmp/connection_bench_before build/bench/bench/connection_bench \\
        -- latency 20000

Every number on a line of the program's output is a figure; lines are matched by their text
with the numbers (and runs of spaces) taken out; a line only one build prints is shown alone.

Each run's process CPU time (user + system, of the program and its threads) is a figure too: a
neighbour that takes the CPU away slows a rate but hardly changes the work a run does, so on a
loaded machine the CPU ratio is the steadier measure of a change that cuts work.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys

NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def figures(output):
    """{line shape: [numbers]} for every line of output that has numbers."""
    out = {}
    for line in output.splitlines():
        numbers = [float(n) for n in NUMBER.findall(line)]
        if numbers:
            shape = re.sub(r"\s+", " ", NUMBER.sub("#", line.strip()))
            out.setdefault(shape, []).append(numbers)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="runs of each build (default 3)")
    parser.add_argument("before", help="the baseline program")
    parser.add_argument("after", help="the program measured against it")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="-- then the programs' arguments")
    a = parser.parse_args()
    args = a.args[1:] if a.args[:1] == ["--"] else a.args
    seen = {"before": {}, "after": {}}
    for i in range(a.runs):
        for which, program in (("before", a.before), ("after", a.after)):
            before_cpu = os.times()
            run = subprocess.run([program] + args, capture_output=True, text=True, timeout=1800)
            after_cpu = os.times()
            if run.returncode != 0:
                sys.exit(f"{program} failed ({run.returncode}):\n{run.stdout}{run.stderr}")
            cpu = (after_cpu.children_user - before_cpu.children_user +
                   after_cpu.children_system - before_cpu.children_system)
            output = run.stdout + f"process CPU time (user + system): {cpu:.3f} s\n"
            for shape, rows in figures(output).items():
                seen[which].setdefault(shape, []).extend(rows)
    print(f"medians of {a.runs} alternating runs: {' '.join(args)}")
    for shape, rows in seen["after"].items():
        before_rows = seen["before"].get(shape)
        after = [statistics.median(col) for col in zip(*rows)]
        if before_rows is None:
            print(f"  after only: {fill(shape, after)}")
            continue
        before = [statistics.median(col) for col in zip(*before_rows)]
        ratios = ", ".join(f"{x / b:.2f}x" if b else "-" for b, x in zip(before, after))
        print(f"  before: {fill(shape, before)}")
        print(f"  after:  {fill(shape, after)}   (after/before: {ratios})")
    for shape, rows in seen["before"].items():
        if shape not in seen["after"]:
            before = [statistics.median(col) for col in zip(*rows)]
            print(f"  before only: {fill(shape, before)}")


def fill(shape, numbers):
    it = iter(numbers)
    return re.sub("#", lambda _: f"{next(it):g}", shape)


if __name__ == "__main__":
    main()
