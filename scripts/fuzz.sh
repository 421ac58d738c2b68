#!/usr/bin/env bash
# Builds the libFuzzer executable and fuzzes each target for SECONDS (default 600).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     targets: scenario course-files exercise lesson-pipeline
#
# Inputs that crash, hang (over 20 s) or use more than 2 GB are written to
# .build-fuzz/findings/TARGET/ and make the script fail; copy each into
# Tests/FuzzRegressionTests/Inputs/TARGET/ once fixed. The corpus each run grows is kept in
# .build-fuzz/corpus/TARGET/, so later runs start where earlier ones stopped.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(scenario course-files exercise lesson-pipeline)

build=.build-fuzz
echo "Building cachebook-fuzz (release, -sanitize=fuzzer,address)…" >&2
CACHEBOOK_FUZZ=1 swift build -c release --build-path "$build" --product cachebook-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library >&2
binary="$build/release/cachebook-fuzz"

python3 scripts/fuzz-seeds.py "$build/seeds" >&2

failed=()
for target in "${targets[@]}"; do
    mkdir -p "$build/corpus/$target" "$build/findings/$target" "$build/seeds/$target"
    echo "Fuzzing $target for ${seconds}s…" >&2
    log="$build/findings/$target.log"
    if CACHEBOOK_FUZZ_TARGET="$target" "$binary" "$build/corpus/$target" "$build/seeds/$target" \
        -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -max_len=65536 \
        -artifact_prefix="$build/findings/$target/" -print_final_stats=1 >"$log" 2>&1; then
        grep -E "^stat::number_of_executed_units|^#[0-9]+.*DONE" "$log" | tail -2 >&2 || true
    else
        failed+=("$target")
        tail -40 "$log" >&2
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzzing found problems in: ${failed[*]} (inputs in $build/findings/)" >&2
    exit 1
fi
echo "No crashes, hangs or memory blow-ups in: ${targets[*]}" >&2
