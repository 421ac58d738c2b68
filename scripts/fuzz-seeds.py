#!/usr/bin/env python3
"""Writes the seed inputs of each fuzz target, taken from the course itself, into DIR/TARGET/.

Seeds give libFuzzer valid scenarios, exercises and lessons to mutate from, so it reaches deep
code in minutes instead of hours. They are generated, not kept: the course is the source.

usage: scripts/fuzz-seeds.py DIR
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FENCE = re.compile(r"^(```+|~~~+)([^\n]*)\n(.*?)^\1[ \t]*$", re.S | re.M)


def seeds():
    """(target, name, bytes) for every seed. Targets that read a control byte get one."""
    sources = sorted(ROOT.glob("Lessons/**/*.md")) + sorted(ROOT.glob("Tests/CachebookEndToEndTests/Fixtures/**/*.md"))
    for index, path in enumerate(sources):
        text = path.read_bytes()
        width = bytes([60 + index % 100])
        yield "lesson-pipeline", f"{path.stem}", width + text
        yield "course-files", f"{path.stem}", b"\x00" + text
        for number, match in enumerate(FENCE.finditer(text.decode("utf-8"))):
            info, body = match.group(2).strip(), match.group(3).encode()
            if info.startswith("cachelab"):
                yield "scenario", f"{path.stem}-{number}", width + body
            elif info.startswith("exercise"):
                yield "exercise", f"{path.stem}-{number}", body
    for course in sorted(ROOT.glob("**/course.yml")):
        if ".build" not in course.parts:
            yield "course-files", f"course-{len(course.parts)}-{course.parent.name}", b"\x01" + course.read_bytes()


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = Path(sys.argv[1])
    counts = {}
    for target, name, data in seeds():
        folder = out / target
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
        counts[target] = counts.get(target, 0) + 1
    print(", ".join(f"{count} {target}" for target, count in sorted(counts.items())) + " seeds")


if __name__ == "__main__":
    main()
