#!/usr/bin/env python3
"""`make bench`: cachebook against the tools a user would pick instead, in one run.

Times, with hyperfine (median of at least 5 runs):
  - site builds of synthetic courses (100, 1,000 and 5,000 lessons, with and without runnable
    demos): `cachebook build`, `cmark` on the same files concatenated (the floor), and Hugo with
    a minimal prev/next theme (Benchmarks/hugo);
  - trace replay: `cachebook lab` per eviction policy on 1M Zipf(1.0) requests over 100K keys
    into a 10K-entry cache, against a small C LRU (Benchmarks/lru.c) on the same trace;
  - start-up: `cachebook list`, `cachebook read LESSON --no-pager` and building this course's site;
  - memory: peak RSS of a replay with a 1M-entry cache, as bytes per entry.
Prints one table and writes it, with the machine and the date, into docs/benchmarks.md.

usage: bench.py [--quick] CACHEBOOK_BINARY
"""
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".build" / "bench"
RUNS = 5


def run(command, **options):
    return subprocess.run(command, check=True, capture_output=True, text=True, **options)


def hyperfine(commands, runs=RUNS, warmup=1):
    """Median seconds of each shell command, measured in one hyperfine run."""
    report = WORK / "hyperfine.json"
    # `sync` before each run (not timed): the previous run's dirty pages would otherwise be
    # written back during the next one, and the builds that write files would pay for it.
    run(["hyperfine", "--style", "none", "--warmup", str(warmup), "--runs", str(runs), "--prepare", "sync",
         "--export-json", str(report), *commands])
    return [result["median"] for result in json.loads(report.read_text())["results"]]


def peak_kilobytes(command):
    """Peak resident memory of a shell command, from GNU time."""
    result = subprocess.run(["/usr/bin/time", "-v", "sh", "-c", command], capture_output=True, text=True, check=True)
    return int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor())
    memory = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)) // 1024 // 1024
    system = next((line.split("=", 1)[1].strip('"') for line in Path("/etc/os-release").read_text().splitlines() if line.startswith("PRETTY_NAME=")), platform.system())
    swift = run(["swift", "--version"]).stdout.splitlines()[0] if shutil.which("swift") else "swift not found"
    versions = {tool: run(command).stdout.splitlines()[0] for tool, command in
                [("cmark", ["cmark", "--version"]), ("hugo", ["hugo", "version"]), ("hyperfine", ["hyperfine", "--version"])]}
    return f"{os.cpu_count()} × {cpu}, {memory} GiB, {system}; {swift}; " + "; ".join(versions.values())


def make_course(lessons, demos):
    folder = WORK / f"course-{lessons}{'-demos' if demos else ''}"
    if not folder.exists():
        run([sys.executable, str(ROOT / "Benchmarks/gen_corpus.py"), str(folder), str(lessons)] + (["--demos"] if demos else []))
    concatenated = folder.with_suffix(".md")
    if not concatenated.exists():
        with concatenated.open("w") as out:
            for lesson in sorted(folder.glob("*.md")):
                out.write(lesson.read_text())
    hugo = folder.with_name(folder.name + "-hugo")
    if not hugo.exists():
        shutil.copytree(ROOT / "Benchmarks/hugo", hugo)
        shutil.copytree(folder, hugo / "content" / "lessons")
    return folder, concatenated, hugo


def site_rows(cachebook, sizes):
    rows = []
    for lessons in sizes:
        for demos in (False, True):
            course, concatenated, hugo = make_course(lessons, demos)
            # A fresh output folder per row, in the system's temporary folder: on the ext4 disk
            # measured here, creating files under .build/, where builds and tests have deleted
            # many thousands, cost the kernel four times as long (inode allocation scans).
            scratch = Path(tempfile.mkdtemp(prefix="cachebook-bench-"))
            out, hugo_out = scratch / "out-cachebook", scratch / "out-hugo"
            commands = [
                f"{cachebook} build --course {course} --out {out} --force --full --quiet",
                f"cmark {concatenated} > /dev/null",
                f"hugo --quiet --source {hugo} --destination {hugo_out} --cleanDestinationDir",
            ]
            ours, floor, theirs = hyperfine(commands)
            memory = [peak_kilobytes(command) for command in commands]
            shutil.rmtree(scratch, ignore_errors=True)
            rows.append({"lessons": lessons, "demos": demos, "cachebook": ours, "cmark": floor, "hugo": theirs, "memory": memory})
            print(f"  site {lessons:>5} lessons{' + demos' if demos else '        '}: cachebook {ours:.3f}s, cmark {floor:.3f}s, hugo {theirs:.3f}s", file=sys.stderr)
    return rows


def lab_rows(cachebook):
    trace = WORK / "zipf-1.0-100k-1m.txt"
    if not trace.exists():
        run([cachebook, "lab", "--workload", "zipf", "--alpha", "1.0", "--keys", "100000", "--requests", "1000000",
             "--seed", "1", "--policies", "lru", "--sizes", "10000", "--save-trace", str(trace)])
    lru = WORK / "lru"
    run(["gcc", "-O2", "-o", str(lru), str(ROOT / "Benchmarks/lru.c")])
    c_runs = [run([str(lru), str(trace), "10000"]).stdout.split() for _ in range(RUNS)]
    c_misses = int(c_runs[0][1])
    c_seconds = statistics.median(float(r[2]) for r in c_runs)
    rows = []
    for policy in ["lru", "fifo", "lfu", "clock", "sieve", "s3-fifo", "arc"]:
        results = [json.loads(run([cachebook, "lab", "--trace", str(trace), "--policies", policy, "--sizes", "10000", "--json"]).stdout)[0]
                   for _ in range(RUNS)]
        seconds = statistics.median(r["replaySeconds"] for r in results)
        rows.append({"policy": policy, "requests": results[0]["requests"], "misses": results[0]["misses"], "seconds": seconds})
        print(f"  lab {policy:>8}: {results[0]['requests'] / seconds / 1e6:.1f}M requests/s", file=sys.stderr)
    return rows, {"misses": c_misses, "seconds": c_seconds, "requests": 1_000_000}, trace


def startup(cachebook):
    return hyperfine([f"{cachebook} list --course {ROOT / 'Lessons'} --no-pager > /dev/null",
                      f"{cachebook} read read-through --course {ROOT / 'Lessons'} --no-pager > /dev/null",
                      f"{cachebook} build --course {ROOT / 'Lessons'} --out {WORK / 'course-site'} --force --full --quiet"], runs=10)


def memory_per_entry(cachebook):
    """Peak RSS of a replay that ends up holding 1M entries, and what each entry adds: the same
    replay over a single key has the same trace and process, so the difference is the cache."""
    base = f"{cachebook} lab --workload uniform --requests 3000000 --seed 1 --policies lru --json"
    big = peak_kilobytes(f"{base} --keys 1000000 --sizes 1000000 > /dev/null")
    small = peak_kilobytes(f"{base} --keys 1 --sizes 1 > /dev/null")
    return (big - small) * 1024 / 1_000_000, big, small


def table(site, lab, c_lru, start, memory):
    lines = ["| Site build | cachebook | cmark (floor) | Hugo | cachebook ÷ cmark | Hugo ÷ cachebook | peak memory (cachebook / cmark / Hugo) |",
             "|---|---|---|---|---|---|---|"]
    for row in site:
        name = f"{row['lessons']:,} lessons" + (", 2 demos each" if row["demos"] else "")
        mb = " / ".join(f"{kb / 1024:.0f} MB" for kb in row["memory"])
        lines.append(f"| {name} | {row['cachebook']:.3f} s | {row['cmark']:.3f} s | {row['hugo']:.3f} s | "
                     f"{row['cachebook'] / row['cmark']:.2f}× | {row['hugo'] / row['cachebook']:.1f}× | {mb} |")
    lines += ["", "| Replay (1M Zipf(1.0) requests, 100K keys, 10K entries) | misses | requests/s | ÷ C LRU |", "|---|---|---|---|"]
    c_rate = c_lru["requests"] / c_lru["seconds"]
    lines.append(f"| C LRU (Benchmarks/lru.c, -O2) | {c_lru['misses']:,} | {c_rate / 1e6:.1f}M | 1.00 |")
    for row in lab:
        rate = row["requests"] / row["seconds"]
        lines.append(f"| cachebook lab, {row['policy']} | {row['misses']:,} | {rate / 1e6:.1f}M | {rate / c_rate:.2f} |")
    lines += ["", "| Start-up | median |", "|---|---|",
              f"| `cachebook list` | {start[0] * 1000:.0f} ms |", f"| `cachebook read read-through --no-pager` | {start[1] * 1000:.0f} ms |",
              f"| `cachebook build` of this course (8 lessons) | {start[2] * 1000:.0f} ms |"]
    if memory:
        per_entry, big, small = memory
        lines += ["", f"Memory: a replay of 3M uniform requests over 1M keys into a 1,000,000-entry LRU cache peaks at {big / 1024:.0f} MB; "
                      f"the same replay over a single key peaks at {small / 1024:.0f} MB (the trace, 8 bytes per request, and the process). "
                      f"The difference is the cache: **{per_entry:.1f} bytes per entry** (two 4-byte list links and a resident flag per key)."]
    return "\n".join(lines)


def growth_note(site):
    plain = {row["lessons"]: row["cachebook"] for row in site if not row["demos"]}
    if not {100, 1000, 5000} <= plain.keys():
        return ""
    per_lesson = {n: plain[n] / n * 1000 for n in (100, 1000, 5000)}
    return ("Per lesson, without demos, a build takes " + ", ".join(f"{per_lesson[n]:.2f} ms at {n:,}" for n in (100, 1000, 5000)) +
            " lessons. Growth is linear when these stay close; at 100 lessons the fixed start-up cost (loading the theme, "
            "writing the assets) weighs more per lesson.")


def main():
    quick = "--quick" in sys.argv
    cachebook = str(Path([a for a in sys.argv[1:] if not a.startswith("--")][0]).resolve())
    WORK.mkdir(parents=True, exist_ok=True)
    started = datetime.datetime.now(datetime.timezone.utc)
    print("Measuring (site builds, replays, start-up, memory)…", file=sys.stderr)
    site = site_rows(cachebook, [1000] if quick else [100, 1000, 5000])
    lab, c_lru, _ = lab_rows(cachebook)
    ours_lru = next(row for row in lab if row["policy"] == "lru")
    if ours_lru["misses"] != c_lru["misses"]:
        sys.exit(f"error: cachebook's LRU counted {ours_lru['misses']} misses and the C LRU {c_lru['misses']}; they must agree")
    start = startup(cachebook)
    memory = None if quick else memory_per_entry(cachebook)
    result = table(site, lab, c_lru, start, memory)
    print(result)
    elapsed = (datetime.datetime.now(datetime.timezone.utc) - started).total_seconds()
    section = "\n".join([
        "<!-- make bench: begin (generated; edit Benchmarks/bench.py instead) -->",
        "## `make bench`: side by side with cmark, Hugo and a C LRU",
        "",
        f"Measured on {started:%Y-%m-%d %H:%M} UTC, in {elapsed:.0f} s{' (make bench-quick)' if quick else ''}, on: {machine()}.",
        "",
        result,
        "",
        growth_note(site),
        "",
        "Commands, each timed with `hyperfine --warmup 1 --runs 5 --prepare sync` (start-up: 10 runs), the medians shown:",
        "",
        "```",
        "cachebook build --course COURSE --out OUT --force --full --quiet   # --full: no reuse of unchanged lessons",
        "cmark COURSE.md > /dev/null            # every lesson concatenated: the floor",
        "hugo --quiet --source HUGO --destination OUT --cleanDestinationDir   # Benchmarks/hugo",
        "cachebook lab --trace zipf-1.0-100k-1m.txt --policies POLICY --sizes 10000 --json   # replaySeconds",
        "lru zipf-1.0-100k-1m.txt 10000         # Benchmarks/lru.c, gcc -O2",
        "```",
        "",
        "Courses come from `Benchmarks/gen_corpus.py DIR N [--demos]`; the trace from `cachebook lab --workload zipf "
        "--alpha 1.0 --keys 100000 --requests 1000000 --seed 1 --save-trace FILE`. Run it all with `make bench` "
        "(or `make bench-quick` for the 1,000-lesson and replay rows).",
        "<!-- make bench: end -->",
    ])
    document = ROOT / "docs/benchmarks.md"
    text = document.read_text() if document.exists() else "# Benchmarks\n"
    marked = re.compile(r"<!-- make bench: begin.*?<!-- make bench: end -->", re.S)
    if marked.search(text):
        text = marked.sub(lambda _: section, text)
    else:
        title, _, rest = text.partition("\n")
        text = f"{title}\n\n{section}\n{rest}"
    document.write_text(text)
    print(f"\nWrote docs/benchmarks.md ({elapsed:.0f} s).", file=sys.stderr)


if __name__ == "__main__":
    main()
