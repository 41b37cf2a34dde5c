#!/usr/bin/env python3
"""Runs every test in the built test bundle, in several processes at once, and says how it went.

`make test` calls this after building. One test process runs its tests on a pool of as many
threads as the machine has cores, and most end-to-end tests spend their time waiting on the real
binary under tmux while holding one of those threads: on a 2-core machine, two at a time. Split
by suite over several processes, the waits overlap. Every test listed by the bundle runs in
exactly one process (checked: the counts must add up), each process's output is printed whole
when it ends, and the last line is `N passed, N failed`.

A suite that changes what a whole process shares (the umask) runs in a process of its own
(SOLO below).

`--meanwhile CMD` runs a command beside the tests (make's packing of the release tarball), and
the suites named by `--after-it` start in a process of their own only once it has succeeded: they
test what it makes. If it fails, they are counted as not run, and the run fails.

    Tests/run-tests.py BUNDLE [--jobs N] [--timeout SECONDS] [--meanwhile CMD --after-it SUITE...]
"""
import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time

# Seconds the heaviest suites took in the quick tier (measured one at a time on this 2-core
# machine): the processes are balanced by these, every other suite counts one second. A wrong
# figure only makes the run less even, never skips a test.
WEIGHTS = {
    "RunbookKitTests.EnginePropertyTests": 25,
    "RunbookKitTests.JournalBulkReadTests": 22,
    "EndToEnd.JournalLockEndToEndTests": 35,
    "EndToEnd.SoakEndToEndTests": 55,
    "EndToEnd.LoadEndToEndTests": 25,
    "EndToEnd.CommandPostRealHandsEndToEndTests": 25,
    "EndToEnd.JournalDurabilityTests": 15,
    "EndToEnd.BoardEndToEndTests": 23,
    "EndToEnd.CommandPostEndToEndTests": 19,
    "EndToEnd.CommandPostJournalHazardsTests": 16,
    "EndToEnd.ReportBrowserTests": 12,
    "EndToEnd.ReleaseTarballTests": 8,
    "RunbookKitTests.ReportParallelTests": 11,
    "EndToEnd.HostileInputTests": 10,
    "EndToEnd.CommandLineBasicsTests": 9,
    "RunbookKitTests.JournalDamageTests": 5,
    "RunbookKitTests.PlaybookFuzzTests": 5,
    "RunbookKitTests.JournalTornTailTests": 7,
    "EndToEnd.IncidentChoiceEndToEndTests": 4,
    "EndToEnd.BuiltinPlaybookEndToEndTests": 6,
    "EndToEnd.ScenarioTests": 5,
    "EndToEnd.PlaybookCommandTests": 5,
}

# Suites that change something every thread of their process shares (the umask), so they run
# in a process of their own: a test beside them would make its files under their umask.
SOLO = {
    "RunbookKitTests.IncidentFileModeTests",
}

ANSI = re.compile(r"\x1b\[[0-9;]*m")
RUN_LINE = re.compile(r"Test run with (\d+) tests? in (\d+) suites? (passed|failed)")
FAILED_TEST = re.compile(r"^✘ Test (?!run with )(?!case ).* failed after ")


def list_tests(bundle):
    out = subprocess.run([bundle, "--testing-library", "swift-testing", "--list-tests"],
                         capture_output=True, text=True, check=True).stdout
    return [line.strip() for line in out.splitlines() if "/" in line]


def shards(suites, jobs):
    """Longest first, each to the lightest process so far."""
    loads = [[0, []] for _ in range(min(jobs, len(suites)))]
    for s in sorted(suites, key=lambda s: (-WEIGHTS.get(s, 1), s)):
        lightest = min(loads, key=lambda l: l[0])
        lightest[0] += WEIGHTS.get(s, 1)
        lightest[1].append(s)
    return [sorted(l[1]) for l in loads if l[1]]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("bundle", help="the test bundle, e.g. .build/debug/runbookPackageTests.xctest")
    ap.add_argument("--jobs", type=int, default=4, help="test processes at once (default 4)")
    ap.add_argument("--timeout", type=int, default=1800, help="seconds one process may take (default 1800)")
    ap.add_argument("--meanwhile", help="a command to run beside the tests (split like a shell line, never run by one)")
    ap.add_argument("--after-it", action="append", default=[], metavar="SUITE",
                    help="a suite that starts only once --meanwhile has succeeded (repeatable)")
    args = ap.parse_args()
    if args.after_it and not args.meanwhile:
        ap.error("--after-it needs --meanwhile")

    started = time.monotonic()
    ids = list_tests(args.bundle)
    suites = sorted({i.split("/", 1)[0] for i in ids})
    if not ids:
        print("run-tests: the bundle lists no test", file=sys.stderr)
        return 1
    unknown = [s for s in args.after_it if s not in suites]
    if unknown:
        print("run-tests: --after-it names no suite of the bundle: " + ", ".join(unknown), file=sys.stderr)
        return 1
    later = sorted(args.after_it)
    groups = shards([s for s in suites if s not in later and s not in SOLO], args.jobs)
    groups += [[s] for s in sorted(SOLO) if s in suites and s not in later]
    if later:
        groups.append(later)
    # Every process starts in one zone: several unit suites set TZ=UTC for themselves while other
    # tests of the same process render local times, and a zone that changed under a test (unset,
    # /etc/localtime's Etc/UTC, then UTC) made two renders of one report differ. A TZ already set
    # is kept: the tests must pass in any zone.
    test_env = dict(os.environ)
    test_env.setdefault("TZ", "UTC")
    with tempfile.TemporaryDirectory(prefix="runbook-tests-") as tmp:
        def start(k, group):
            pattern = "^(" + "|".join(re.escape(s) + "/" for s in group) + ")"
            log = open(os.path.join(tmp, f"shard-{k}.log"), "w+")
            proc = subprocess.Popen([args.bundle, "--testing-library", "swift-testing", "--filter", pattern],
                                    stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=test_env)
            return (k, group, proc, log, time.monotonic())

        pending = [start(k + 1, g) for k, g in enumerate(groups[:len(groups) - (1 if later else 0)])]
        beside = None
        if args.meanwhile:
            beside_log = open(os.path.join(tmp, "meanwhile.log"), "w+")
            beside = subprocess.Popen(shlex.split(args.meanwhile), stdout=beside_log, stderr=subprocess.STDOUT,
                                      stdin=subprocess.DEVNULL)
            beside_t0 = time.monotonic()
        ran, failed, bad = 0, [], []
        while pending or beside:
            time.sleep(0.2)
            if beside and beside.poll() is not None:
                beside_log.seek(0)
                print(f"──── meanwhile: {args.meanwhile}: exit {beside.returncode}, {time.monotonic() - beside_t0:.0f} s", flush=True)
                sys.stdout.write(beside_log.read())
                if beside.returncode == 0:
                    if later:
                        pending.append(start(len(groups), later))
                else:
                    bad.append(f"'{args.meanwhile}' failed (exit {beside.returncode}), so {', '.join(later) or 'nothing'} did not run")
                beside = None
            for item in list(pending):
                k, group, proc, log, t0 = item
                status = proc.poll()
                if status is None and time.monotonic() - t0 > args.timeout:
                    proc.kill()
                    status = proc.wait()
                    bad.append(f"process {k} took more than {args.timeout} s and was stopped")
                if status is None:
                    continue
                pending.remove(item)
                log.seek(0)
                text = log.read()
                took = time.monotonic() - t0
                print(f"──── test process {k} of {len(groups)}: {len(group)} suites, exit {status}, {took:.0f} s", flush=True)
                sys.stdout.write(text)
                plain = [ANSI.sub("", line) for line in text.splitlines()]
                counted = [RUN_LINE.search(line) for line in plain]
                counted = [m for m in counted if m]
                if not counted:
                    bad.append(f"process {k} ended (exit {status}) without finishing its run")
                else:
                    ran += int(counted[-1].group(1))
                failed += [line for line in plain if FAILED_TEST.search(line)]
                if status != 0 and not any(line for line in plain if FAILED_TEST.search(line)):
                    bad.append(f"process {k} exited with status {status}")
                sys.stdout.flush()
    if ran != len(ids) and not bad:
        bad.append(f"{len(ids)} tests are listed but {ran} ran: a suite was left out")
    took = time.monotonic() - started
    print(f"──── {len(ids)} tests in {len(suites)} suites, in {len(groups)} processes at once, {took:.0f} s")
    for line in failed:
        print(line)
    for line in bad:
        print("run-tests: " + line)
    print(f"{ran - len(failed)} passed, {len(failed)} failed")
    return 1 if failed or bad else 0


if __name__ == "__main__":
    sys.exit(main())
