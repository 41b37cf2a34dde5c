#!/usr/bin/env python3
"""make bench: every figure the issues ask for, each beside its reference timed in the same run.

Usage: bench.py BINDIR [DIST_BINARY]
  BINDIR       the release build's bin folder (runbook and runbook-bench)
  DIST_BINARY  the release tarball's runbook (Swift runtime inside); "" or absent: not measured

Environment:
  BENCH_QUICK=1   fewer repetitions and smaller journals (a few minutes instead of the full run);
                  the goals are for the full sizes, so a quick run's "met?" is a hint only
  BENCH_ONLY=N,M  only these issues' figures (e.g. BENCH_ONLY=11,12)
  BENCH_DIR=DIR   where the scratch files go (default /tmp; the durable-append figures measure
                  this folder's disk)

Each runbook figure and its reference are run alternately, pair after pair (timed_set), so both
see the same machine: on a shared machine the speed drifts by 2x within minutes, and a ratio of
two figures taken minutes apart drifts with it. Quote medians and ratios.

The output: per issue, one line per figure; then the machine; then one table
(figure | runbook median | reference median | ratio | goal | met?) to paste into the README.
"""
import datetime, json, os, re, platform, resource, shutil, sqlite3, statistics, subprocess, sys, tempfile, time

bindir = sys.argv[1]
RB = os.path.join(bindir, "runbook")
# The release tarball's binary (Swift runtime linked in), when make bench built it.
STATIC = sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] else None
BENCH = os.path.join(bindir, "runbook-bench")
HERE = os.path.dirname(os.path.abspath(__file__))
QUICK = os.environ.get("BENCH_QUICK") == "1"
ONLY = {s.strip() for s in os.environ.get("BENCH_ONLY", "").split(",") if s.strip()}
work = tempfile.mkdtemp(prefix="runbook-bench-", dir=os.environ.get("BENCH_DIR", "/tmp"))
env = dict(os.environ, RUNBOOK_ACTOR="bench")
env.pop("RUNBOOK_INCIDENT", None)
VERSION = [RB, "--version"]


def full_or_quick(full, quick):
    return quick if QUICK else full


# ---------------------------------------------------------------------------------------------
# Timing

def run(cmd, **kw):
    return subprocess.run(cmd, env=env, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def bench_json(cmd):
    """Runs a runbook-bench measurement: prints its human line, returns its JSON line."""
    out = run(cmd).stdout.strip().splitlines()
    figures = json.loads(out[-1])
    for line in out[:-1]:
        print(line)
    return figures


def timed_set(cmds, n, cwd=None):
    """Medians of n runs of each command, run in turn (a, b, c, a, b, c, ...) so all see the
    same machine. A command may be a function of the round number giving the argv (for runs
    that each need a fresh folder)."""
    times = [[] for _ in cmds]
    for i in range(n):
        for cmd, out in zip(cmds, times):
            argv = cmd(i) if callable(cmd) else cmd
            t = time.perf_counter()
            subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd)
            out.append(time.perf_counter() - t)
    return [statistics.median(t) for t in times]


def rss(cmd, cwd=None):
    """Peak resident memory of one run, in MB."""
    out = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True, cwd=cwd)
    return int(out.stderr.strip().splitlines()[-1]) / 1024


def sha256sum(path):
    return ["sha256sum", path]


def readme_check():
    """The README's Python verification snippet, taken from the README so the figure is
    against what users run; it reads journal.jsonl in its working folder."""
    path = os.path.join(work, "verify.py")
    if not os.path.exists(path):
        readme = open(os.path.join(HERE, "..", "README.md")).read()
        open(path, "w").write(readme.split("```python\n", 1)[1].split("```", 1)[0])
    return [sys.executable, path]


# ---------------------------------------------------------------------------------------------
# The durable-append references: a bare write+fsync from Python, and SQLite (WAL,
# synchronous=FULL) committing one row per transaction, each a line of the journal's size.

def python_fsync_append(path, n, size):
    line = b"a" * (size - 1) + b"\n"
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    times = []
    try:
        for _ in range(n):
            t = time.perf_counter()
            os.write(fd, line)
            os.fsync(fd)
            times.append(time.perf_counter() - t)
    finally:
        os.close(fd)
    return times


def sqlite_append(path, n, size):
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("CREATE TABLE IF NOT EXISTS entries (seq INTEGER PRIMARY KEY, line TEXT NOT NULL)")
        line = "a" * (size - 1)
        times = []
        for _ in range(n):
            t = time.perf_counter()
            db.execute("BEGIN")
            db.execute("INSERT INTO entries (line) VALUES (?)", (line,))
            db.execute("COMMIT")
            times.append(time.perf_counter() - t)
        return times
    finally:
        db.close()


# ---------------------------------------------------------------------------------------------
# The table

ROWS = []
FAILED = []


def fmt_t(t):
    if t is None:
        return "—"
    if t >= 1:
        return f"{t:.2f} s"
    if t >= 0.01:
        return f"{t * 1000:.0f} ms"
    if t >= 0.001:
        return f"{t * 1000:.1f} ms"
    if t >= 0.0001:
        return f"{t * 1000:.2f} ms"
    if t >= 0.000001:
        return f"{t * 1e6:.1f} µs"
    return f"{t * 1e9:.0f} ns"


def independent(hi, lo):
    """A cost "independent of the journal's length": at the long journal at most 1.5x the short
    one's (a shared machine's noise), or both under a microsecond, where the clock's own
    resolution is most of what is measured."""
    return hi <= 1.5 * lo or max(hi, lo) < 1e-6


def ratio(a, b):
    return a / b if b > 0 else None


def row(issue, figure, value, reference, ratio, goal, met):
    """One line of the table. value and reference are already words ("12 ms", "sha256sum
    1.53 s"); ratio is a number or None; met is True, False or None (no goal)."""
    ROWS.append((issue, figure, value, reference, f"{ratio:.2f}x" if ratio is not None else "—", goal,
                 {True: "yes", False: "**NO**", None: "—"}[met]))


def not_measured(issue, figure, reference, goal, why):
    ROWS.append((issue, figure, f"not measured: {why}", reference, "—", goal, "—"))


def print_table():
    head = ("issue", "figure", "runbook median", "reference median", "ratio", "goal", "met?")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for r in ROWS:
        print("| " + " | ".join(c.replace("|", "\\|") for c in r) + " |")


def machine():
    """What the figures were measured on: they mean little without it."""
    cpu = "unknown"
    count = 0
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name") and cpu == "unknown":
            cpu = line.split(":", 1)[1].strip()
        if line.startswith("processor"):
            count += 1
    mem = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
    swift = os.environ.get("SWIFT", "swift")
    try:
        sv = subprocess.run([swift, "--version"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).stdout.strip().splitlines()[0]
    except OSError:
        sv = "swift not found"
    fs = subprocess.run(["df", "-T", work], stdout=subprocess.PIPE, text=True).stdout.splitlines()[-1].split()
    return [f"CPU: {cpu}, {count} logical CPUs",
            f"memory: {mem / 1024 / 1024:.1f} GB",
            f"kernel: {platform.system()} {platform.release()}",
            f"swift: {sv}",
            f"scratch folder: {work} ({fs[1]} on {fs[0]})",
            f"runbook: {run(VERSION).stdout.strip()}"]


def load():
    return " ".join(open("/proc/loadavg").read().split()[:3])


# ---------------------------------------------------------------------------------------------
# Journals and incidents, made once and shared by the figures that read them

_incidents = {}


def incident(n):
    """An OCCI incident of n entries over ten weeks with 100 periods: (home, id, journal)."""
    if n not in _incidents:
        home = os.path.join(work, f"home{n}")
        inc = run([BENCH, "gen-incident", home, str(n)]).stdout.strip()
        _incidents[n] = (home, inc, os.path.join(home, "incidents", inc, "journal.jsonl"))
    return _incidents[n]


def drop_incident(n):
    if n in _incidents:
        shutil.rmtree(_incidents.pop(n)[0], ignore_errors=True)


def words(n):
    return f"{n:,}"


# ---------------------------------------------------------------------------------------------
# The figures, by the issue that asked for them

def issue2():
    """The journal: verify against sha256sum and the README's check; the durable append against
    a bare write+fsync and SQLite; a whole `runbook note` against the process start."""
    print("== issue 2: the journal ==")
    n = full_or_quick(1_000_000, 200_000)
    folder = os.path.join(work, "journal-big")
    os.makedirs(folder)
    big = os.path.join(folder, "journal.jsonl")
    run([BENCH, "gen-journal", big, str(n)])
    mb = os.path.getsize(big) / 1e6
    v, s, py, ver = timed_set([[RB, "verify", "--journal", big], sha256sum(big), readme_check(), VERSION], 3, cwd=folder)
    peak = rss([RB, "verify", "--journal", big])
    print(f"runbook verify on {words(n)} entries ({mb:.0f} MB): median {fmt_t(v)}; sha256sum {fmt_t(s)} ({v / s:.2f}x, goal <= 1.0x); "
          f"the README's Python check {fmt_t(py)} ({v / py:.2f}x); runbook --version {fmt_t(ver)}; peak memory {peak:.1f} MB (goal < 100 MB)")
    fig = f"`runbook verify`, {words(n)} entries ({mb:.0f} MB)"
    row("2", fig, fmt_t(v), f"`sha256sum` {fmt_t(s)}", v / s, "≤ 1.0x", v / s <= 1.0)
    row("2", fig, fmt_t(v), f"README's Python check {fmt_t(py)}", v / py, "—", None)
    row("2", f"`runbook verify` peak memory, {words(n)} entries", f"{peak:.1f} MB", "—", None, "< 100 MB", peak < 100)
    shutil.rmtree(folder, ignore_errors=True)

    # The durable append. Journal.append and a bare pwrite+fsync of the same bytes alternate
    # inside runbook-bench; rounds of it alternate with rounds of Python's write+fsync and
    # SQLite's commits on the same disk, and every figure is the median of all its samples.
    rounds, per = full_or_quick((6, 50), (3, 30))
    home = os.path.join(work, "append")
    samples = {"append": [], "perform": [], "raw": [], "python": [], "sqlite": []}
    for _ in range(rounds):
        figures = bench_json([BENCH, "append", home, str(per)])
        for k in ("append", "perform", "raw"):
            samples[k] += figures[k]
        size = figures["lineBytes"]
        samples["python"] += python_fsync_append(os.path.join(home, "python-fsync.bin"), per, size)
        samples["sqlite"] += sqlite_append(os.path.join(home, "sqlite.db"), per, size)
    a, p, raw, pyf, sq = (statistics.median(samples[k]) for k in ("append", "perform", "raw", "python", "sqlite"))
    print(f"append one entry in process ({rounds * per} of each, {size}-byte lines): Journal.append median {fmt_t(a)}; "
          f"bare write+fsync (Swift, same bytes) {fmt_t(raw)} ({a / raw:.2f}x, goal <= 1.2x); Python os.write+os.fsync {fmt_t(pyf)} ({a / pyf:.2f}x); "
          f"SQLite WAL synchronous=FULL, one row per transaction {fmt_t(sq)} ({a / sq:.2f}x); a whole note through the engine {fmt_t(p)} ({p / raw:.2f}x the bare write)")
    row("2", "append one entry in process (`Journal.append`)", fmt_t(a), f"bare write+fsync {fmt_t(raw)}", a / raw, "≤ 1.2x", a / raw <= 1.2)
    row("2", "append one entry in process (`Journal.append`)", fmt_t(a), f"Python `os.write`+`os.fsync` {fmt_t(pyf)}", a / pyf, "—", None)
    row("2", "append one entry in process (`Journal.append`)", fmt_t(a), f"SQLite WAL, synchronous=FULL, 1 row/commit {fmt_t(sq)}", a / sq, "—", None)
    row("2", "a whole note through the engine (`IncidentSession.perform`)", fmt_t(p), f"bare write+fsync {fmt_t(raw)}", p / raw, "—", None)
    shutil.rmtree(home, ignore_errors=True)

    home5k, inc5k, _ = incident(5000)
    note, ver = timed_set([[RB, "--home", home5k, "--incident", inc5k, "note", "bench note"], VERSION], full_or_quick(40, 15))
    print(f"runbook note on a 5,000-entry journal: median {fmt_t(note)}; runbook --version {fmt_t(ver)}; ratio {note / ver:.2f}x (goal <= 2x)")
    row("2", "`runbook note`, 5,000 entries", fmt_t(note), f"`runbook --version` {fmt_t(ver)}", note / ver, "≤ 2x", note / ver <= 2)
    drop_incident(5000)


def issue3():
    """Playbooks: checking occi.yaml as a whole process; the loader under mutation fuzzing."""
    print("== issue 3: playbooks ==")
    occi = os.path.join(HERE, "..", "Playbooks", "occi.yaml")
    chk, ver = timed_set([[RB, "playbooks", "check", occi], VERSION], 20)
    print(f"runbook playbooks check occi.yaml: median {fmt_t(chk)} (goal < 50 ms); runbook --version {fmt_t(ver)}")
    row("3", "`runbook playbooks check occi.yaml`", fmt_t(chk), f"`runbook --version` {fmt_t(ver)}", chk / ver, "< 50 ms", chk < 0.05)
    n = full_or_quick(10_000, 1_000)
    t = time.perf_counter()
    print(run([BENCH, "fuzz", str(n)]).stdout.strip())
    row("3", f"fuzz: {words(n)} mutated playbooks loaded", fmt_t(time.perf_counter() - t), "—", None, "no crash or hang", True)


def issue4_5():
    """The engine and the command post: state from cold, advancing one entry and picking up
    another process's entry at two lengths, the command post's first frame and keys."""
    print("== issue 4: the engine ==")
    n = full_or_quick(100_000, 20_000)
    home, inc, journal = incident(n)
    status = [RB, "--home", home, "--incident", inc, "status", "--json"]
    st, ver = timed_set([status, VERSION], full_or_quick(7, 3))
    peak = rss(status)
    print(f"runbook status --json on {words(n)} entries: median {fmt_t(st)} (goal < 500 ms); runbook --version {fmt_t(ver)}; peak memory {peak:.1f} MB (goal < 150 MB)")
    row("4", f"`runbook status --json`, {words(n)} entries", fmt_t(st), f"`runbook --version` {fmt_t(ver)}", st / ver, "< 500 ms", st < 0.5)
    row("4", f"`runbook status --json` peak memory, {words(n)} entries", f"{peak:.1f} MB", "—", None, "< 150 MB", peak < 150)

    # Short and long alternate, so "independent of the journal's length" compares like with like.
    small_home, small_inc, _ = incident(1000)
    short, long_ = {"apply": [], "pickup": []}, {"apply": [], "pickup": []}
    for _ in range(3):
        for h, i, out in ((small_home, small_inc, short), (home, inc, long_)):
            f = bench_json([BENCH, "advance", h, i])
            out["apply"].append(f["apply"])
            out["pickup"].append(f["pickup"])
    for key, fig, issue in (("apply", "advance the state by one entry (`engine.apply`)", "4"),
                            ("pickup", "pick up one entry another process wrote", "4, 5")):
        lo, hi = statistics.median(short[key]), statistics.median(long_[key])
        print(f"{fig}: median {fmt_t(hi)} at {words(n)} entries, {fmt_t(lo)} at 1,000 (goal: independent of length, <= 1.5x)")
        row(issue, f"{fig}, at {words(n)} entries", fmt_t(hi), f"the same at 1,000 entries {fmt_t(lo)}", ratio(hi, lo),
            "independent of length (≤ 1.5x)", independent(hi, lo))

    print("== issue 5: the command post ==")
    first, key, sha = command_post(home, inc, journal)
    row("5", f"command post's first frame, {words(n)} entries", fmt_t(first), f"`sha256sum` of its journal {fmt_t(sha)}", first / sha, "< 300 ms", first < 0.3)
    row("5", "one key + next frame, 120x40, OCCI", fmt_t(key), "—", None, "< 5 ms", key < 0.005)


def command_post(home, inc, journal):
    """The command post's first frame (read, verify, fold, draw) against sha256sum of the same
    journal, alternated; and one key with the next frame."""
    firsts, keys, shas = [], [], []
    for _ in range(3):
        f = bench_json([BENCH, "screen", home, inc])
        firsts.append(f["first"])
        keys.append(f["key"])
        shas.append(timed_set([sha256sum(journal)], 1)[0])
    first, key, sha = statistics.median(firsts), statistics.median(keys), statistics.median(shas)
    print(f"command post on {words(f['entries'])} entries: first frame median {fmt_t(first)} (goal < 300 ms); sha256sum of the journal {fmt_t(sha)} ({first / sha:.2f}x); one key + next frame {fmt_t(key)} (goal < 5 ms)")
    return first, key, sha


def issue11_22():
    """The executive board: --once against verify on the same ten-week journal; the live board's
    full first frame against sha256sum; following one new entry at two lengths; and issue 22's
    first frame of the command post at the same length."""
    print("== issue 11: the executive board ==")
    n = full_or_quick(200_000, 50_000)
    home, inc, journal = incident(n)
    # Eleven pairs: the two differ by a tenth of a second, which a shared machine's noise can swing.
    once, ver, start = timed_set([[RB, "--home", home, "--incident", inc, "board", "--once"], [RB, "verify", "--journal", journal], VERSION],
                                 full_or_quick(11, 5))
    print(f"runbook board --once on {words(n)} entries (ten weeks, 100 periods): median {fmt_t(once)}; runbook verify on the same journal {fmt_t(ver)}; "
          f"ratio {once / ver:.2f}x (goal <= 2x); runbook --version {fmt_t(start)}")
    row("11, 22", f"`runbook board --once`, {words(n)} entries", fmt_t(once), f"`runbook verify` same journal {fmt_t(ver)}", once / ver, "≤ 2x", once / ver <= 2)

    small_home, small_inc, _ = incident(1000)
    fulls, shas, follow_long, follow_short = [], [], [], []
    for _ in range(3):
        f = bench_json([BENCH, "board", home, inc])
        fulls.append(f["full"])
        follow_long.append(f["follow"])
        shas.append(timed_set([sha256sum(journal)], 1)[0])
        follow_short.append(bench_json([BENCH, "board", small_home, small_inc])["follow"])
    full, sha = statistics.median(fulls), statistics.median(shas)
    lo, hi = statistics.median(follow_short), statistics.median(follow_long)
    print(f"live board on {words(n)} entries: full first frame, every line verified, median {fmt_t(full)} (goal < 300 ms); sha256sum of the journal {fmt_t(sha)}; "
          f"one new entry read and drawn {fmt_t(hi)}, at 1,000 entries {fmt_t(lo)} (goal: independent of length, <= 1.5x)")
    row("11, 22", f"live board's full first frame, {words(n)} entries", fmt_t(full), f"`sha256sum` of its journal {fmt_t(sha)}", full / sha, "< 300 ms", full < 0.3)
    row("11", f"live board: one new entry read and drawn, at {words(n)} entries", fmt_t(hi), f"the same at 1,000 entries {fmt_t(lo)}", ratio(hi, lo),
        "independent of length (≤ 1.5x)", independent(hi, lo))

    print("== issue 22: the command post on a ten-week journal ==")
    first, _, sha = command_post(home, inc, journal)
    row("22", f"command post's first frame, {words(n)} entries", fmt_t(first), f"`sha256sum` of its journal {fmt_t(sha)}", first / sha, "≤ 300 ms", first <= 0.3)


def issue12():
    """The after-action report against the README's Python check on the same journal."""
    print("== issue 12: the after-action report ==")
    n = full_or_quick(200_000, 50_000)
    home, inc, journal = incident(n)
    out = os.path.join(work, "report.html")
    rep = [RB, "--home", home, "--incident", inc, "report", "--format", "html", "--output", out]
    r, py, ver = timed_set([rep, readme_check(), VERSION], full_or_quick(7, 3), cwd=os.path.dirname(journal))
    peak = rss(rep)
    print(f"runbook report --format html on {words(n)} entries (ten weeks, 100 periods; {os.path.getsize(out) / 1e6:.0f} MB of HTML): median {fmt_t(r)}; "
          f"the README's Python check on the same journal {fmt_t(py)}; ratio {r / py:.2f}x (goal <= 0.5x); runbook --version {fmt_t(ver)}; "
          f"peak memory {peak:.1f} MB (goal < 300 MB)")
    row("12, 22", f"`runbook report --format html`, {words(n)} entries", fmt_t(r), f"README's Python check {fmt_t(py)}", r / py, "≤ 0.5x", r / py <= 0.5)
    row("12", f"`runbook report --format html` peak memory, {words(n)} entries", f"{peak:.1f} MB", "—", None, "< 300 MB", peak < 300)
    os.unlink(out)


def issue13():
    """The release binary: the dist binary's size and start-up against the dynamic build."""
    print("== issue 13: the release binary ==")
    if not (STATIC and os.path.exists(STATIC)):
        print("no dist binary given (make bench builds it with 'make static'): sizes and start-up not measured")
        not_measured("13", "dist binary size", "dynamic release build", "—", "no dist binary given (`make bench` builds it)")
        not_measured("13", "dist binary's `runbook --version` start-up", "dynamic release build", "—", "no dist binary given")
        return

    def mb(path):
        return os.path.getsize(path) / 1e6
    stripped = os.path.join(work, "runbook-stripped")
    strip = subprocess.run(["strip", "-o", stripped, STATIC], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
    # What the dynamic build needs besides itself: the Swift runtime libraries ldd finds in the toolchain.
    runtime = set()
    for line in run(["ldd", RB]).stdout.splitlines():
        parts = line.split("=>")
        lib = parts[1].split("(")[0].strip() if len(parts) == 2 else ""
        if lib and "/swift/" in lib:
            runtime.add(os.path.realpath(lib))
    dyn = mb(RB) + sum(map(mb, runtime))
    print(f"binary size: dist (static Swift runtime) {mb(STATIC):.1f} MB{f' ({mb(stripped):.1f} MB stripped)' if strip else ''}; "
          f"dynamic release {mb(RB):.1f} MB plus {dyn - mb(RB):.1f} MB of Swift runtime libraries ({len(runtime)} files)")
    row("13", "dist binary size (Swift runtime inside)", f"{mb(STATIC):.1f} MB" + (f" ({mb(stripped):.1f} MB stripped)" if strip else ""),
        f"dynamic build + its Swift libraries {dyn:.1f} MB", mb(STATIC) / dyn, "—", None)
    sv, dv = timed_set([[STATIC, "--version"], VERSION], 40)
    print(f"runbook --version start-up: dist median {fmt_t(sv)}, dynamic release median {fmt_t(dv)}, ratio {sv / dv:.2f}x")
    row("13", "dist binary's `runbook --version` start-up", fmt_t(sv), f"dynamic build {fmt_t(dv)}", sv / dv, "—", None)


def gen_station_folder(path, stations, entries):
    """Adds one incident to the sync folder at `path` (DESIGN.md Stations: incidents/<id>/
    playbook.yaml and <station-id>.jsonl): `stations` stations' chains of `entries` entries each,
    sealed as `runbook sync` gives them (runbook-bench gen-station-folder). Returns its id."""
    out = run([BENCH, "gen-station-folder", path, str(stations), str(entries)]).stdout.strip().splitlines()
    homes = os.path.join(path, ".homes")
    if os.path.isdir(homes):
        shutil.rmtree(homes)  # the generator's own station homes: not part of what a stick carries
    return out[-1]


def issue26():
    """Stations: sync of 3 stations x 50,000 entries into a fresh station against `cp -r` of the
    same folder; the merged fold of 3 x 50,000 against one 150,000-entry chain (status --json
    as a whole process: read, verify and fold); board --all --once over 140 incidents."""
    print("== issue 26: stations ==")
    figures = (("sync of 3 stations × 50,000 entries into a fresh station", "`cp -r` of the same folder", "—"),
               ("merged fold, 3 × 50,000 (`status --json`)", "one 150,000-entry chain", "≤ 1.2x"),
               ("`board --all --once`, 140 incidents × 3 stations × 2,000, warm", "`runbook --version`", "≤ 1 s"),
               ("`board --all --once` after one new entry in one incident", "`runbook --version`", "≤ 1 s"))
    # `open` is the default command, so "sync" could be taken as its argument: sync is built when
    # its own help comes back, naming it.
    helped = subprocess.run([RB, "sync", "--help"], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    if helped.returncode != 0 or "runbook sync" not in helped.stdout:
        print("sync not built yet: issue 26's figures are not measured")
        for fig, ref, goal in figures:
            not_measured("26", fig, ref, goal, "sync not built yet")
        return
    stations, per = 3, full_or_quick(50_000, 10_000)
    stick = os.path.join(work, "stick")
    try:
        inc = gen_station_folder(stick, stations, per)
    except NotImplementedError as e:
        print(f"{e}: issue 26's figures are not measured")
        for fig, ref, goal in figures:
            not_measured("26", fig, ref, goal, "no station-chain generator yet (`gen_station_folder`)")
        return
    rounds = full_or_quick(5, 3)
    sync, cp = timed_set([lambda i: [RB, "--home", os.path.join(work, f"fresh-{i}"), "sync", stick],
                          lambda i: ["cp", "-r", stick, os.path.join(work, f"copy-{i}")]], rounds)
    print(f"runbook sync of {stations} stations x {words(per)} entries into a fresh station: median {fmt_t(sync)}; cp -r of the same folder {fmt_t(cp)}; ratio {sync / cp:.2f}x")
    row("26", f"sync of {stations} stations × {words(per)} entries into a fresh station", fmt_t(sync), f"`cp -r` of the same folder {fmt_t(cp)}", sync / cp, "—", None)

    merged_home = os.path.join(work, "fresh-0")
    one_home, one_inc, _ = incident(stations * per)
    merged, one = timed_set([[RB, "--home", merged_home, "--incident", inc, "status", "--json"],
                             [RB, "--home", one_home, "--incident", one_inc, "status", "--json"]], rounds)
    print(f"merged fold of {stations} x {words(per)} (status --json): median {fmt_t(merged)}; one {words(stations * per)}-entry chain {fmt_t(one)}; ratio {merged / one:.2f}x (goal <= 1.2x)")
    row("26", f"merged fold, {stations} × {words(per)} (`status --json`)", fmt_t(merged), f"one {words(stations * per)}-entry chain {fmt_t(one)}", merged / one, "≤ 1.2x", merged / one <= 1.2)
    # The fold alone, in one process: the same entries dealt out to three chains, merged and
    # folded, against the one chain folded (runbook-bench merged-fold).
    line = run([BENCH, "merged-fold", one_home, one_inc, str(stations)]).stdout.strip().splitlines()[0]
    print(line)
    m = re.search(r"median (\d+) ms; fold of one \d+-entry chain median (\d+) ms", line)
    if m:
        mf, of = int(m.group(1)) / 1000, int(m.group(2)) / 1000
        row("26", f"merged fold alone (in process), {stations} × {words(per)}", fmt_t(mf), f"one chain's fold {fmt_t(of)}", mf / max(of, 1e-9), "≤ 1.2x", mf / max(of, 1e-9) <= 1.2)

    # 140 incidents, each with this station's chain and two other stations' copies in stations/
    # (runbook-bench gen-rollup: incidents at their own facilities, as an EOC holds them).
    count = full_or_quick(140, 20)
    roll = os.path.join(work, "rollup")
    run([BENCH, "gen-rollup", roll, str(count), str(stations), "2000"])
    incs = sorted(os.listdir(os.path.join(roll, "incidents")))
    board_all = [RB, "--home", roll, "board", "--all", "--once"]
    warm, ver = timed_set([board_all, VERSION], rounds)
    print(f"board --all --once over {count} incidents x {stations} stations x 2,000 entries, warm: median {fmt_t(warm)} (goal <= 1 s); runbook --version {fmt_t(ver)}")
    row("26", f"`board --all --once`, {count} incidents × {stations} stations × 2,000, warm", fmt_t(warm), f"`runbook --version` {fmt_t(ver)}", warm / ver, "≤ 1 s", warm <= 1)
    after = []
    for i in range(rounds):
        # The generated entries are dated in the past: the clock check wants --force.
        run([RB, "--home", roll, "--incident", incs[i % len(incs)], "note", "--force", "bench note"])
        after.append(timed_set([board_all], 1)[0])
    a = statistics.median(after)
    print(f"board --all --once after one new entry in one incident: median {fmt_t(a)} (goal <= 1 s)")
    row("26", "`board --all --once` after one new entry in one incident", fmt_t(a), f"`runbook --version` {fmt_t(ver)}", a / ver, "≤ 1 s", a <= 1)


ISSUES = (("2", issue2), ("3", issue3), ("4", issue4_5), ("5", issue4_5), ("11", issue11_22), ("22", issue11_22),
          ("12", issue12), ("13", issue13), ("26", issue26))

started = datetime.datetime.now(datetime.timezone.utc)
try:
    facts = machine()
    print(f"make bench, {started:%Y-%m-%d %H:%M} UTC{' (BENCH_QUICK=1: fewer repetitions, smaller journals)' if QUICK else ''}")
    for f in facts:
        print(f)
    print(f"load average at the start: {load()}")
    done = set()
    for number, fn in ISSUES:
        if (ONLY and number not in ONLY) or fn in done:
            continue
        done.add(fn)
        try:
            fn()
        except Exception as e:  # one figure that cannot be measured must not hide the others
            detail = e.stderr.strip() if isinstance(e, subprocess.CalledProcessError) and e.stderr else str(e)
            print(f"FAILED: {fn.__name__}: {detail}")
            FAILED.append(fn.__name__)
            not_measured(number, fn.__doc__.split(":", 1)[0], "—", "—", f"failed ({fn.__name__})")
    ended = datetime.datetime.now(datetime.timezone.utc)
    print()
    print(f"== the figures: {started:%Y-%m-%d %H:%M}–{ended:%H:%M} UTC, {round((ended - started).total_seconds() / 60)} min"
          f"{', BENCH_QUICK=1' if QUICK else ''}; load average at the end: {load()} ==")
    for f in facts:
        print(f"- {f}")
    print()
    print_table()
    missed = [r for r in ROWS if r[6] == "**NO**"]
    print()
    print(f"{len(ROWS)} figures: {sum(r[6] == 'yes' for r in ROWS)} met their goal, {len(missed)} missed"
          f"{': ' + '; '.join(r[1] for r in missed) if missed else ''}; {sum(r[2].startswith('not measured') for r in ROWS)} not measured")
finally:
    shutil.rmtree(work, ignore_errors=True)
sys.exit(1 if FAILED else 0)
