#!/usr/bin/env bash
# Issue 5's acceptance check: `cachebook build` of the real course finishes in under a second.
# Times five full builds of Lessons/ with the release binary (after one to warm the caches) and
# fails if their median is a second or more.
#
# usage: scripts/check-build-time.sh [CACHEBOOK_BINARY]
set -euo pipefail
binary=$(realpath "${1:-$(dirname "$0")/../.build/release/cachebook}")
cd "$(dirname "$0")/.."
scripts/require-packages.sh cmd:python3:python3
folder=$(mktemp -d)
trap 'rm -rf "$folder"' EXIT
python3 - "$binary" "$folder/site" <<'PY'
import statistics, subprocess, sys, time

binary, out = sys.argv[1], sys.argv[2]
command = [binary, "build", "--course", "Lessons", "--out", out, "--force", "--full", "--quiet"]
subprocess.run(command, check=True)
times = []
for _ in range(5):
    start = time.perf_counter()
    subprocess.run(command, check=True)
    times.append(time.perf_counter() - start)
median = statistics.median(times)
print(f"cachebook build of the real course: median {median:.3f} s of 5 (limit 1 s)")
sys.exit(0 if median < 1 else 1)
PY
