#!/usr/bin/env bash
# Quick start, step 2: the whole test suite. Builds the release preset and runs every test
# (Catch2 unit tests, golden reports, CLI, knowledge-base and conformance tests), then does the
# same under AddressSanitizer + UndefinedBehaviorSanitizer (preset asan) for every test that runs
# pedtx on inputs (tests labelled release_only — browser rendering, the Snakemake workflow, the
# knowledge-base tables — run in the release pass only).
# Then fuzzes each parser for a short budget (scripts/fuzz.sh, clang + libFuzzer).
# Use --no-asan for a quicker local run (it also skips the fuzzing).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install_deps.sh
jobs=$(nproc)
presets=(release asan)
[ "${1:-}" = "--no-asan" ] && presets=(release)

for preset in "${presets[@]}"; do
  echo "== pedtx: build and test, preset $preset"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j"$jobs"
  if [ "$preset" = asan ]; then
    ctest --preset "$preset" -j"$jobs" -LE release_only
  else
    ctest --preset "$preset" -j"$jobs"
  fi
  echo "== pedtx: preset $preset done at ${SECONDS} s"
done

if [ "${1:-}" != "--no-asan" ]; then
  echo "== pedtx: fuzzing (10 s per target; scripts/fuzz.sh 3600 for a long run)"
  scripts/fuzz.sh 10
  echo "== pedtx: fuzzing done at ${SECONDS} s"
fi
