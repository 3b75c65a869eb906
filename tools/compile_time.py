#!/usr/bin/env python3
# Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
"""What including amicpp costs a translation unit, printed side by side with Asio's own cost.

With no arguments it prints, best of 3 runs each:

1. `g++ -std=c++17 -fsyntax-only` of a file that includes only the Asio headers a connection
   needs (ASIO_BASELINE below: every Asio header that amicpp's connection includes)
   and of one that includes `<amicpp/amicpp.hpp>`, with the ratio; the umbrella also with
   AMICPP_SEPARATE_COMPILATION defined.
2. The -O2 build (compile and link) of a small realistic program, tools/compile_time/consumer.cpp
   (connect, log in, subscribe to events, Ping, Originate, log off), header-only and in the
   separately compiled mode, where the program's translation unit defines
   AMICPP_SEPARATE_COMPILATION and one more translation unit includes <amicpp/src.hpp>
   (its time is shown apart: it is compiled once, not with every change of the program).

Times are CPU seconds of the compiler (user + sys, which another job on the machine disturbs
less than the clock), with wall-clock seconds beside them. Run it from anywhere; it compiles
in a temporary folder. See docs/build-modes.md.
"""

import argparse
import os
import platform
import re
import resource
import shlex
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INCLUDE = os.path.join(ROOT, "include")
CONSUMER = os.path.join(ROOT, "tools", "compile_time", "consumer.cpp")

# Every Asio header that the headers behind <amicpp/amicpp.hpp> include (the connection, its
# driver, the supervisor): what a program using an AMI connection needs from Asio
# anyway. The script warns when the library starts to include one that is not listed here.
ASIO_BASELINE = [
    "asio/any_io_executor.hpp",
    "asio/associated_allocator.hpp",
    "asio/associated_cancellation_slot.hpp",
    "asio/associated_executor.hpp",
    "asio/async_result.hpp",
    "asio/bind_allocator.hpp",
    "asio/bind_executor.hpp",
    "asio/cancellation_signal.hpp",
    "asio/cancellation_type.hpp",
    "asio/connect.hpp",
    "asio/dispatch.hpp",
    "asio/execution/outstanding_work.hpp",
    "asio/ip/tcp.hpp",
    "asio/post.hpp",
    "asio/prefer.hpp",
    "asio/socket_base.hpp",
    "asio/steady_timer.hpp",
    "asio/strand.hpp",
    "asio/system_executor.hpp",
    "asio/write.hpp",
]

TARGET_RATIO = 1.5


class Failed(Exception):
    pass


def run(cmd, cwd):
    """Runs cmd; returns (cpu seconds of the child, wall seconds). Raises Failed on error."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise Failed("failed (%d): %s\n%s" % (proc.returncode, " ".join(map(shlex.quote, cmd)),
                                              proc.stdout.decode(errors="replace")[-4000:]))
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def best_of(runs, steps, cwd):
    """Runs the list of commands `runs` times; best CPU and best wall of each command."""
    best = [[float("inf"), float("inf")] for _ in steps]
    for _ in range(runs):
        for i, cmd in enumerate(steps):
            cpu, wall = run(cmd, cwd)
            best[i][0] = min(best[i][0], cpu)
            best[i][1] = min(best[i][1], wall)
    return best


def write(folder, name, text):
    path = os.path.join(folder, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def includes(headers):
    return "".join("#include <%s>\n" % h for h in headers)


def compiler_version(cxx):
    try:
        out = subprocess.run([cxx, "--version"], stdout=subprocess.PIPE, check=True)
        return out.stdout.decode().splitlines()[0]
    except (OSError, subprocess.CalledProcessError):
        raise Failed("cannot run %s" % cxx)


def asio_headers_of_umbrella(cxx, flags, folder):
    """The Asio headers included by amicpp's own headers behind the umbrella."""
    src = write(folder, "umbrella_deps.cpp", "#include <amicpp/amicpp.hpp>\n")
    out = subprocess.run([cxx] + flags + ["-M", src], stdout=subprocess.PIPE, cwd=folder)
    files = [f for f in out.stdout.decode().replace("\\\n", " ").split()
             if "/amicpp/" in f and f.endswith(".hpp")]
    found = set()
    for f in files:
        try:
            with open(f) as h:
                found.update(re.findall(r"^\s*#\s*include\s*<(asio/[^>]+)>", h.read(), re.M))
        except OSError:
            pass
    return sorted(found)


def line(label, cpu, wall, ratio=None):
    text = "  %-52s %7.2f s  (%6.2f s wall)" % (label, cpu, wall)
    if ratio is not None:
        text += "  %5.2fx" % ratio
    print(text, flush=True)


def syntax_only(args, folder):
    flags = ["-std=c++17", "-fsyntax-only", "-I", INCLUDE, "-DASIO_STANDALONE"] + args.flags
    print("%s -std=c++17 -fsyntax-only -I include, best of %d (CPU s, wall s, ratio to Asio)"
          % (args.cxx, args.runs))
    cases = [("Asio headers a connection needs (%d)" % len(ASIO_BASELINE),
              includes(ASIO_BASELINE), [])]
    cases.append(("<amicpp/amicpp.hpp>", includes(["amicpp/amicpp.hpp"]), []))
    cases.append(("<amicpp/amicpp.hpp>, AMICPP_SEPARATE_COMPILATION",
                  includes(["amicpp/amicpp.hpp"]), ["-DAMICPP_SEPARATE_COMPILATION"]))
    for h in args.header:
        cases.append(("<%s>" % h, includes([h]), []))
    steps = []
    for i, (_, text, extra) in enumerate(cases):
        steps.append([args.cxx] + flags + extra + [write(folder, "syntax_%d.cpp" % i, text)])
    best = best_of(args.runs, steps, folder)
    base = best[0][0]
    for (label, _, _), (cpu, wall) in zip(cases, best):
        line(label, cpu, wall, cpu / base)
    ratio = best[1][0] / base
    print("  umbrella / Asio: %.2fx (target <= %.2fx: %s)"
          % (ratio, TARGET_RATIO, "met" if ratio <= TARGET_RATIO else "NOT met"))
    missing = [h for h in asio_headers_of_umbrella(args.cxx, flags[:1] + flags[2:], folder)
               if h not in ASIO_BASELINE]
    if missing:
        print("  note: the umbrella's headers include Asio headers the baseline leaves out: "
              + ", ".join(missing))
    print()
    if args.breakdown:
        breakdown(args, flags, folder)


# Cumulative: each line adds one header to the ones above it, so the step is what it adds.
BREAKDOWN = [
    "amicpp/message.hpp",
    "amicpp/parser.hpp",
    "amicpp/serializer.hpp",
    "amicpp/action.hpp",
    "amicpp/reply.hpp",
    "amicpp/connection_options.hpp",
    "amicpp/session/core.hpp",
    "amicpp/detail/pending.hpp",
    "amicpp/supervision/supervisor.hpp",
    "amicpp/io/driver.hpp",
    "amicpp/basic_connection.hpp",
    "amicpp/connection.hpp",
    "amicpp/actions/ping.hpp",
    "amicpp/actions/command.hpp",
    "amicpp/actions/originate.hpp",
    "amicpp/actions/status.hpp",
    "amicpp/amicpp.hpp",
]


def breakdown(args, flags, folder):
    print("cumulative: the Asio baseline, then each header added to those above it")
    headers = list(ASIO_BASELINE)
    steps = [[args.cxx] + flags + [write(folder, "cumulative_0.cpp", includes(headers))]]
    for i, h in enumerate(BREAKDOWN, 1):
        headers.append(h)
        steps.append([args.cxx] + flags + [write(folder, "cumulative_%d.cpp" % i,
                                                  includes(headers))])
    best = best_of(args.runs, steps, folder)
    previous = best[0][0]
    line("Asio baseline", best[0][0], best[0][1], 1.0)
    for h, (cpu, wall) in zip(BREAKDOWN, best[1:]):
        line("+ <%s>  (%+.2f s)" % (h, cpu - previous), cpu, wall, cpu / best[0][0])
        previous = cpu
    print()


def builds(args, folder):
    o2 = ["-std=c++17", "-O2", "-I", INCLUDE, "-DASIO_STANDALONE"] + args.flags
    link = ["-pthread"] + args.ldflags
    consumer = os.path.relpath(CONSUMER, ROOT)
    print("%s -std=c++17 -O2, %s (%d lines), best of %d (CPU s, wall s)"
          % (args.cxx, consumer, sum(1 for _ in open(CONSUMER)), args.runs))

    header_only = [args.cxx] + o2 + ["-c", CONSUMER, "-o", "consumer_ho.o"]
    header_only_link = [args.cxx, "consumer_ho.o", "-o", "consumer_ho"] + link
    separate = [args.cxx] + o2 + ["-DAMICPP_SEPARATE_COMPILATION", "-c", CONSUMER,
                                  "-o", "consumer_sc.o"]
    src = write(folder, "src.cpp", "#include <amicpp/src.hpp>\n")
    library = [args.cxx] + o2 + ["-DAMICPP_SEPARATE_COMPILATION", "-c", src, "-o", "src.o"]
    separate_link = [args.cxx, "consumer_sc.o", "src.o", "-o", "consumer_sc"] + link
    (ho, ho_link, sc, lib, sc_link) = best_of(
        args.runs, [header_only, header_only_link, separate, library, separate_link], folder)

    print("  header-only")
    line("consumer.cpp: compile", ho[0], ho[1])
    line("link", ho_link[0], ho_link[1])
    line("build", ho[0] + ho_link[0], ho[1] + ho_link[1])
    print("  separate (AMICPP_SEPARATE_COMPILATION + src.cpp: #include <amicpp/src.hpp>)")
    line("consumer.cpp: compile", sc[0], sc[1])
    line("link (consumer.o + src.o)", sc_link[0], sc_link[1])
    line("build after a change of consumer.cpp", sc[0] + sc_link[0], sc[1] + sc_link[1])
    line("src.cpp: compile (once)", lib[0], lib[1])
    line("build from scratch", sc[0] + lib[0] + sc_link[0], sc[1] + lib[1] + sc_link[1])
    print("  separate / header-only, after a change of consumer.cpp: %.2fx"
          % ((sc[0] + sc_link[0]) / (ho[0] + ho_link[0])))
    print()


def main():
    parser = argparse.ArgumentParser(
        description="Compile-time cost of amicpp's headers against Asio's, and the -O2 build "
                    "of a small program in both build modes (docs/build-modes.md).")
    parser.add_argument("--cxx", default=os.environ.get("CXX", "g++"), help="compiler (g++)")
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs (3)")
    parser.add_argument("--syntax-only", action="store_true", help="skip the -O2 builds")
    parser.add_argument("--builds-only", action="store_true", help="skip the -fsyntax-only part")
    parser.add_argument("--breakdown", action="store_true",
                        help="also time the umbrella's headers one by one, cumulatively")
    parser.add_argument("--header", action="append", default=[], metavar="HEADER",
                        help="also time this header alone (amicpp/events/catalog.hpp); repeatable")
    parser.add_argument("--flags", default="", help="more compiler flags, as one string")
    parser.add_argument("--ldflags", default="", help="more linker flags, as one string")
    args = parser.parse_args()
    args.flags = shlex.split(args.flags)
    args.ldflags = shlex.split(args.ldflags)

    try:
        print("amicpp compile time: %s; %s, %d CPUs"
              % (compiler_version(args.cxx), platform.machine(), os.cpu_count() or 0))
        print()
        with tempfile.TemporaryDirectory(prefix="amicpp-compile-time-") as folder:
            if not args.builds_only:
                syntax_only(args, folder)
            if not args.syntax_only:
                builds(args, folder)
    except Failed as e:
        print("compile_time: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
