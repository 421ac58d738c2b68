#!/usr/bin/env python3
"""`make bench`: cachebook against the tools a user would pick instead, in one run.

Times, with hyperfine (median of at least 5 runs):
  - site builds of synthetic courses (100, 1,000 and 5,000 lessons, with and without runnable
    demos): `cachebook build --full`, `cmark` on the same files concatenated (the floor), and
    Hugo with a minimal prev/next theme (Benchmarks/hugo);
  - rebuilds into the same folder without --full (each course size, no demos): with nothing
    changed, and with one lesson edited before each run;
  - trace replay: `cachebook lab` per eviction policy on 1M Zipf(1.0) requests over 100K keys
    into a 10K-entry cache, against a small C LRU (Benchmarks/lru.c) on the same trace;
  - start-up: `cachebook list`, `cachebook read LESSON --no-pager` and building this course's
    site, in full and again with nothing changed;
  - memory: peak RSS of a replay with a 1M-entry cache, as bytes per entry.
Prints the tables and writes them into docs/benchmarks.md, with the machine, the date, a
verdict on linear growth and every command that was run, as bench.py ran it.

--quick measures only the 1,000-lesson rows (site builds and rebuilds) and the replay rows, and
merges them into the results of the last run recorded in docs/benchmarks.md (kept in a data
comment at the end of the generated section): rows it does not measure are kept, marked with
the date they were measured.

usage: bench.py [--quick] CACHEBOOK_BINARY
"""
import datetime
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".build" / "bench"
DOCUMENT = ROOT / "docs/benchmarks.md"
RUNS = 5
STARTUP_RUNS = 10
SIZES, QUICK_SIZES = [100, 1000, 5000], [1000]
POLICIES = ["lru", "fifo", "lfu", "clock", "sieve", "s3-fifo", "arc"]
# Growth is called linear when the time per lesson rises by no more than this from one course
# size to the next. A fall is the fixed cost of a build (theme, assets) being shared out.
LINEAR_TOLERANCE = 0.10

SECTION = re.compile(r"<!-- make bench: begin.*?<!-- make bench: end -->", re.S)
DATA = re.compile(r"<!-- make bench: data\n(.*?)\n-->", re.S)

# Folders made with mkdtemp for one row; the command listing shows them as $SCRATCH.
scratch_folders = []


def show(command):
    """A command as the document lists it: paths in the repository relative to its root, a row's
    temporary folder as $SCRATCH, the interpreter running this script as python3."""
    text = command if isinstance(command, str) else shlex.join(str(part) for part in command)
    for folder in scratch_folders:
        text = text.replace(str(folder), "$SCRATCH")
    return text.replace(sys.executable, "python3").replace(str(ROOT) + "/", "")


def run(command, log=None, note="", **options):
    """Runs an argument list; with `log`, records it there (with `note` as a comment)."""
    if log is not None:
        log.append(show(command) + (f"   # {note}" if note else ""))
    # From the repository root, as the listing says: cachebook finds its default theme
    # (site/templates) from there.
    return subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT, **options)


# Outputs go to a RAM file system when there is one. On ext4, creating a thousand files costs
# the kernel anywhere from 0.15 s to over 1 s depending on how many files the disk has seen
# created and deleted lately (inode allocation scans), which would decide the figures; in RAM
# every tool writes at the same cost, run after run.
SCRATCH_ROOT = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None


def scratch():
    folder = Path(tempfile.mkdtemp(prefix="cachebook-bench-", dir=SCRATCH_ROOT))
    scratch_folders.append(folder)
    return folder


def hyperfine(commands, log, runs=RUNS, warmup=1, prepare=("sync",)):
    """Median seconds of each shell command, measured in one hyperfine run. `prepare` is one
    command run before every timed run, or one per command."""
    report = WORK / "hyperfine.json"
    # `sync` before each run (not timed): the previous run's dirty pages would otherwise be
    # written back during the next one, and the builds that write files would pay for it.
    options = ["hyperfine", "--style", "none", "--warmup", str(warmup), "--runs", str(runs)]
    for step in prepare:
        options += ["--prepare", step]
    options += ["--export-json", str(report)]
    run(options + list(commands))
    log.append(show(" \\\n    ".join([shlex.join(options)] + [shlex.quote(command) for command in commands])))
    return [result["median"] for result in json.loads(report.read_text())["results"]]


def peak_kilobytes(command, log):
    """Peak resident memory of a shell command, from GNU time."""
    result = run(["/usr/bin/time", "-v", "sh", "-c", command], log, "peak memory: Maximum resident set size")
    return int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor())
    memory = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)) // 1024 // 1024
    system = next((line.split("=", 1)[1].strip('"') for line in Path("/etc/os-release").read_text().splitlines() if line.startswith("PRETTY_NAME=")), platform.system())
    swift = run(["swift", "--version"]).stdout.splitlines()[0] if shutil.which("swift") else "swift not found"
    versions = {tool: run(command).stdout.splitlines()[0] for tool, command in
                [("cmark", ["cmark", "--version"]), ("hugo", ["hugo", "version"]), ("hyperfine", ["hyperfine", "--version"])]}
    return f"{os.cpu_count()} × {cpu}, {memory} GiB, {system}; {swift}; " + "; ".join(versions.values())


def make_course(lessons, demos, log):
    folder = WORK / f"course-{lessons}{'-demos' if demos else ''}"
    command = [sys.executable, str(ROOT / "Benchmarks/gen_corpus.py"), str(folder), str(lessons)] + (["--demos"] if demos else [])
    if folder.exists():
        log.append(show(command) + "   # made by an earlier run, reused")
    else:
        run(command, log)
    concatenated = folder.with_suffix(".md")
    if not concatenated.exists():
        with concatenated.open("w") as out:
            for lesson in sorted(folder.glob("*.md")):
                out.write(lesson.read_text())
    hugo = folder.with_name(folder.name + "-hugo")
    if not hugo.exists():
        shutil.copytree(ROOT / "Benchmarks/hugo", hugo)
        shutil.copytree(folder, hugo / "content" / "lessons")
    log.append(f"# {show(str(concatenated))}: the lessons concatenated in name order; {show(str(hugo))}: "
               "Benchmarks/hugo with the lessons in content/lessons (both made by bench.py when missing)")
    return folder, concatenated, hugo


def site_row(cachebook, lessons, demos):
    log = []
    course, concatenated, hugo = make_course(lessons, demos, log)
    folder = scratch()
    out, hugo_out = folder / "out-cachebook", folder / "out-hugo"
    commands = [
        f"{cachebook} build --course {course} --out {out} --force --full --quiet",
        f"cmark {concatenated} > /dev/null",
        f"hugo --quiet --source {hugo} --destination {hugo_out} --cleanDestinationDir",
    ]
    ours, floor, theirs = hyperfine(commands, log)
    memory = [peak_kilobytes(command, log) for command in commands]
    shutil.rmtree(folder, ignore_errors=True)
    print(f"  site {lessons:>5} lessons{' + demos' if demos else '        '}: cachebook {ours:.3f}s, cmark {floor:.3f}s, hugo {theirs:.3f}s", file=sys.stderr)
    return {"lessons": lessons, "demos": demos, "cachebook": ours, "cmark": floor, "hugo": theirs, "memory": memory, "commands": log}


def rebuild_row(cachebook, lessons):
    """A build into the folder of an earlier full build, without --full: with nothing changed,
    and with one lesson's text changed before each run (a line appended)."""
    log = []
    course, _, _ = make_course(lessons, False, log)
    folder = scratch()
    copy, out = folder / "course", folder / "out"
    shutil.copytree(course, copy)
    log.append(f"cp -R {show(str(course))} {show(str(copy))}   # a copy, since one lesson is edited")
    build = f"{cachebook} build --course {copy} --out {out} --force --quiet"
    prime = f"{cachebook} build --course {copy} --out {out} --force --full --quiet"
    run(["sh", "-c", prime])
    log.append(show(prime) + "   # once, untimed: the earlier full build")
    lesson = copy / f"lesson-{lessons // 2:05d}.md"
    edit = f'echo "Edited at $(date +%s%N)." >> {lesson} && sync'
    log.append(f"# first command: nothing changed since the build before; second: {show(str(lesson))} edited before each run")
    unchanged, edited = hyperfine([build, build], log, prepare=("sync", edit))
    shutil.rmtree(folder, ignore_errors=True)
    print(f"  rebuild {lessons:>5} lessons: unchanged {unchanged:.3f}s, one lesson edited {edited:.3f}s", file=sys.stderr)
    return {"lessons": lessons, "unchanged": unchanged, "edited": edited, "commands": log}


def lab_row(cachebook):
    log = []
    trace = WORK / "zipf-1.0-100k-1m.txt"
    command = [cachebook, "lab", "--workload", "zipf", "--alpha", "1.0", "--keys", "100000", "--requests", "1000000",
               "--seed", "1", "--policies", "lru", "--sizes", "10000", "--save-trace", str(trace)]
    if trace.exists():
        log.append(show(command) + "   # made by an earlier run, reused")
    else:
        run(command, log)
    lru = WORK / "lru"
    run(["gcc", "-O2", "-o", str(lru), str(ROOT / "Benchmarks/lru.c")], log)
    command = [str(lru), str(trace), "10000"]
    c_runs = [run(command).stdout.split() for _ in range(RUNS)]
    log.append(show(command) + f"   # {RUNS} runs; prints requests, misses, seconds; median seconds")
    c_lru = {"misses": int(c_runs[0][1]), "seconds": statistics.median(float(r[2]) for r in c_runs), "requests": int(c_runs[0][0])}
    policies = []
    for policy in POLICIES:
        command = [cachebook, "lab", "--trace", str(trace), "--policies", policy, "--sizes", "10000", "--json"]
        results = [json.loads(run(command).stdout)[0] for _ in range(RUNS)]
        log.append(show(command) + f"   # {RUNS} runs; median replaySeconds")
        seconds = statistics.median(r["replaySeconds"] for r in results)
        policies.append({"policy": policy, "requests": results[0]["requests"], "misses": results[0]["misses"], "seconds": seconds})
        print(f"  lab {policy:>8}: {results[0]['requests'] / seconds / 1e6:.1f}M requests/s", file=sys.stderr)
    ours = next(row for row in policies if row["policy"] == "lru")
    if ours["misses"] != c_lru["misses"]:
        sys.exit(f"error: cachebook's LRU counted {ours['misses']} misses and the C LRU {c_lru['misses']}; they must agree")
    return {"c_lru": c_lru, "policies": policies, "commands": log}


def startup_row(cachebook):
    log = []
    course, site = ROOT / "Lessons", WORK / "course-site"
    # The last command runs after the full builds into the same folder: nothing has changed.
    list_, read, build, rebuild = hyperfine([
        f"{cachebook} list --course {course} --no-pager > /dev/null",
        f"{cachebook} read read-through --course {course} --no-pager > /dev/null",
        f"{cachebook} build --course {course} --out {site} --force --full --quiet",
        f"{cachebook} build --course {course} --out {site} --force --quiet",
    ], log, runs=STARTUP_RUNS)
    lessons = len(list(course.rglob("*.md")))
    return {"list": list_, "read": read, "build": build, "rebuild": rebuild, "lessons": lessons, "commands": log}


def memory_row(cachebook):
    """Peak RSS of a replay that ends up holding 1M entries, and what each entry adds: the same
    replay over a single key has the same trace and process, so the difference is the cache."""
    log = []
    base = f"{cachebook} lab --workload uniform --requests 3000000 --seed 1 --policies lru --json"
    big = peak_kilobytes(f"{base} --keys 1000000 --sizes 1000000 > /dev/null", log)
    small = peak_kilobytes(f"{base} --keys 1 --sizes 1 > /dev/null", log)
    return {"per_entry": (big - small) * 1024 / 1_000_000, "big": big, "small": small, "commands": log}


def site_key(row):
    return f"site {row['lessons']}{' demos' if row['demos'] else ''}"


def growth(site):
    """Per-lesson build time at each course size and the verdict on linear growth."""
    lines, verdicts, stamps = [], [], set()
    for demos in (False, True):
        rows = sorted((row for row in site if row["demos"] == demos), key=lambda row: row["lessons"])
        if len(rows) < 2:
            continue
        stamps |= {row["measured"] for row in rows}
        per = [(row["lessons"], row["cachebook"] / row["lessons"] * 1000) for row in rows]
        steps = [(a, b, tb / ta - 1) for (a, ta), (b, tb) in zip(per, per[1:])]
        worst = max(steps, key=lambda step: step[2])
        figures = ", ".join(f"{ms:.2f} ms at {n:,} lessons" for n, ms in per)
        changes = "; ".join(f"{change:+.0%} from {a:,} to {b:,}".replace("-", "−").replace("+0%", "±0%").replace("−0%", "±0%")
                            for a, b, change in steps)
        if worst[2] <= LINEAR_TOLERANCE:
            verdict = f"linear: per-lesson time rises by no more than {LINEAR_TOLERANCE:.0%} from one size to the next ({changes})"
        else:
            verdict = (f"not linear: per-lesson time rises by {worst[2]:.0%} from {worst[0]:,} to {worst[1]:,} lessons, "
                       f"more than the {LINEAR_TOLERANCE:.0%} allowed ({changes})")
        verdicts.append(worst[2] <= LINEAR_TOLERANCE)
        lines.append(f"- {'with 2 demos per lesson' if demos else 'without demos'}, per lesson: {figures}; **{verdict}**.")
    if not verdicts:
        return "**Linear growth: not judged**: it needs builds of at least two course sizes (`make bench`)."
    head = (f"**Linear growth: {'yes' if all(verdicts) else 'no'}.** bench.py divides each full build's median time "
            f"by its lesson count and calls growth linear when that per-lesson time rises by no more than "
            f"{LINEAR_TOLERANCE:.0%} from one course size to the next; a fall is the fixed cost of a build (theme, assets) "
            f"shared among more lessons.")
    if len(stamps) > 1:
        head += " The sizes compared were measured at different times (" + ", ".join(sorted(stamps)) + " UTC), so the verdict mixes runs."
    return "\n".join([head, ""] + lines)


def render(data):
    rows, latest = data["rows"], max(row["measured"] for row in data["rows"].values())

    def mark(row):
        return "" if row["measured"] == latest else f" *(measured {row['measured']})*"

    site = sorted((row for key, row in rows.items() if key.startswith("site ")), key=lambda row: (row["lessons"], row["demos"]))
    rebuilds = sorted((row for key, row in rows.items() if key.startswith("rebuild ")), key=lambda row: row["lessons"])
    this = data["runs"][latest]
    lines = [f"Measured on {latest} UTC, in {this['seconds']:.0f} s (`make bench{'-quick' if this['quick'] else ''}`), on: {this['machine']}."]
    for stamp in sorted({row["measured"] for row in rows.values()} - {latest}, reverse=True):
        earlier = data["runs"][stamp]
        lines.append(f"Rows marked *(measured {stamp})* are kept from the `make bench{'-quick' if earlier['quick'] else ''}` run of "
                     f"that date, which measured what this run did not" +
                     ("." if earlier["machine"] == this["machine"] else f", on: {earlier['machine']}."))
    lines.append("")
    if site:
        lines += ["| Site build (`--full`) | cachebook | cmark (floor) | Hugo | cachebook ÷ cmark | Hugo ÷ cachebook | peak memory (cachebook / cmark / Hugo) |",
                  "|---|---|---|---|---|---|---|"]
        for row in site:
            name = f"{row['lessons']:,} lessons" + (", 2 demos each" if row["demos"] else "") + mark(row)
            mb = " / ".join(f"{kb / 1024:.0f} MB" for kb in row["memory"])
            lines.append(f"| {name} | {row['cachebook']:.3f} s | {row['cmark']:.3f} s | {row['hugo']:.3f} s | "
                         f"{row['cachebook'] / row['cmark']:.2f}× | {row['hugo'] / row['cachebook']:.1f}× | {mb} |")
        lines += ["", growth(site), ""]
    if rebuilds:
        full = {row["lessons"]: row for row in site if not row["demos"]}
        lines += ["| Rebuild into the same folder, no `--full` (no demos) | full build (table above) | nothing changed | one lesson edited | edited ÷ full |",
                  "|---|---|---|---|---|"]
        for row in rebuilds:
            base = full.get(row["lessons"])
            lines.append(f"| {row['lessons']:,} lessons{mark(row)} | " + (f"{base['cachebook']:.3f} s" if base else "—") +
                         f" | {row['unchanged']:.3f} s | {row['edited']:.3f} s | " +
                         (f"{row['edited'] / base['cachebook']:.2f} |" if base else "— |"))
        lines.append("")
    if "lab" in rows:
        lab = rows["lab"]
        c_lru = lab["c_lru"]
        c_rate = c_lru["requests"] / c_lru["seconds"]
        lines += [f"| Replay (1M Zipf(1.0) requests, 100K keys, 10K entries){mark(lab)} | misses | requests/s | ÷ C LRU |", "|---|---|---|---|",
                  f"| C LRU (Benchmarks/lru.c, -O2) | {c_lru['misses']:,} | {c_rate / 1e6:.1f}M | 1.00 |"]
        for row in lab["policies"]:
            rate = row["requests"] / row["seconds"]
            lines.append(f"| cachebook lab, {row['policy']} | {row['misses']:,} | {rate / 1e6:.1f}M | {rate / c_rate:.2f} |")
        lines.append("")
    if "startup" in rows:
        start = rows["startup"]
        lines += [f"| Start-up{mark(start)} | median |", "|---|---|",
                  f"| `cachebook list` | {start['list'] * 1000:.0f} ms |",
                  f"| `cachebook read read-through --no-pager` | {start['read'] * 1000:.0f} ms |",
                  f"| `cachebook build --full` of this course ({start['lessons']} lessons) | {start['build'] * 1000:.0f} ms |",
                  f"| `cachebook build` of this course again, nothing changed | {start['rebuild'] * 1000:.0f} ms |", ""]
    if "memory" in rows:
        memory = rows["memory"]
        lines += [f"Memory{mark(memory)}: a replay of 3M uniform requests over 1M keys into a 1,000,000-entry LRU cache peaks at {memory['big'] / 1024:.0f} MB; "
                  f"the same replay over a single key peaks at {memory['small'] / 1024:.0f} MB (the trace, 8 bytes per request, and the process). "
                  f"The difference is the cache: **{memory['per_entry']:.1f} bytes per entry** (two 4-byte list links and a resident flag per key).", ""]
    lines += ["### Commands",
              "",
              "Every command behind the figures above, as bench.py ran it (from the repository root; `$SCRATCH` is a fresh "
              f"folder made for that row with `mktemp -d`{' in /dev/shm, a RAM file system' if SCRATCH_ROOT else ''}, removed afterwards). "
              "hyperfine's medians are shown; "
              "`--prepare` runs before every timed run, untimed.",
              ""]
    titles = {"lab": "Replay", "startup": "Start-up", "memory": "Memory"}
    ordered = [site_key(row) for row in site] + [f"rebuild {row['lessons']}" for row in rebuilds] + [key for key in titles if key in rows]
    for key in ordered:
        row = rows[key]
        if key.startswith("site "):
            title = f"Site build, {row['lessons']:,} lessons" + (", 2 demos each" if row["demos"] else "")
        elif key.startswith("rebuild "):
            title = f"Rebuild, {row['lessons']:,} lessons"
        else:
            title = titles[key]
        lines += [f"{title}{mark(row)}:", "", "```sh", *row["commands"], "```", ""]
    return "\n".join(lines).rstrip()


def encode(data):
    """JSON for an HTML comment, one row a line: no `--` and no `>`, which only occur inside
    strings, where they can be written as escapes."""
    parts = []
    for name in ("runs", "rows"):
        items = [f"  {json.dumps(key, ensure_ascii=False)}: {json.dumps(value, ensure_ascii=False)}" for key, value in data[name].items()]
        parts.append(f' "{name}": {{\n' + ",\n".join(items) + "\n }")
    text = "{\n" + ",\n".join(parts) + "\n}"
    return text.replace("--", "-\\u002d").replace(">", "\\u003e")


def main():
    quick = "--quick" in sys.argv
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(arguments) != 1:
        sys.exit("usage: bench.py [--quick] CACHEBOOK_BINARY")
    cachebook = str(Path(arguments[0]).resolve())
    text = DOCUMENT.read_text() if DOCUMENT.exists() else "# Benchmarks\n"
    section = SECTION.search(text)
    previous = DATA.search(section.group(0)) if section else None
    if quick and not previous:
        sys.exit(f"error: {DOCUMENT.relative_to(ROOT)} has no results of an earlier `make bench` for --quick to merge into; run `make bench` once")
    WORK.mkdir(parents=True, exist_ok=True)
    started = datetime.datetime.now(datetime.timezone.utc)
    stamp = f"{started:%Y-%m-%d %H:%M}"
    sizes = QUICK_SIZES if quick else SIZES
    print(f"Measuring ({'1,000-lesson site builds and rebuilds, replays' if quick else 'site builds, rebuilds, replays, start-up, memory'})…", file=sys.stderr)
    measured = {}
    for lessons in sizes:
        for demos in (False, True):
            row = site_row(cachebook, lessons, demos)
            measured[site_key(row)] = row
    for lessons in sizes:
        measured[f"rebuild {lessons}"] = rebuild_row(cachebook, lessons)
    measured["lab"] = lab_row(cachebook)
    if not quick:
        measured["startup"] = startup_row(cachebook)
        measured["memory"] = memory_row(cachebook)
    for row in measured.values():
        row["measured"] = stamp
    elapsed = (datetime.datetime.now(datetime.timezone.utc) - started).total_seconds()
    data = json.loads(previous.group(1)) if quick else {"runs": {}, "rows": {}}
    data["rows"].update(measured)
    data["runs"][stamp] = {"quick": quick, "seconds": elapsed, "machine": machine()}
    used = {row["measured"] for row in data["rows"].values()}
    data["runs"] = {key: value for key, value in data["runs"].items() if key in used}
    body = render(data)
    print(body)
    section = "\n".join([
        "<!-- make bench: begin (generated; edit Benchmarks/bench.py instead) -->",
        "## `make bench`: side by side with cmark, Hugo and a C LRU",
        "",
        body,
        "",
        "Courses come from `Benchmarks/gen_corpus.py DIR N [--demos]`. Run it all with `make bench`, or `make bench-quick` "
        "for the 1,000-lesson and replay rows only, merged into the rows above.",
        "",
        "<!-- make bench: data",
        encode(data),
        "-->",
        "<!-- make bench: end -->",
    ])
    if SECTION.search(text):
        text = SECTION.sub(lambda _: section, text)
    else:
        title, _, rest = text.partition("\n")
        text = f"{title}\n\n{section}\n{rest}"
    DOCUMENT.write_text(text)
    print(f"\nWrote {DOCUMENT.relative_to(ROOT)} ({elapsed:.0f} s).", file=sys.stderr)


if __name__ == "__main__":
    main()
