#!/usr/bin/env bash
# ThreadSanitizer over pedtx's parallel paths: many samples under one thread budget, one big VCF
# through the parallel record pipeline, and --all-samples over a joint VCF, each at 4 threads on
# a build with -fsanitize=thread (preset tsan). Exit 1 on any ThreadSanitizer report.
#   scripts/tsan.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset tsan >/dev/null
cmake --build --preset tsan -j"$(nproc)" --target pedtx
pedtx=build/tsan/pedtx
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1 suppressions=$PWD/tests/sanitizers/tsan.supp"
python3 - "$work/big.vcf" <<'PY'
import os, sys
sys.path.insert(0, "tests/cli")
import harness
harness.write_many_records_vcf(sys.argv[1], background=30000)
PY
run() {
  echo "== tsan: $*"
  if ! "$pedtx" annotate "$@" --no-timestamp -q 2>"$work/stderr"; then
    cat "$work/stderr" >&2
    echo "tsan: pedtx failed or ThreadSanitizer reported a race ($*)" >&2
    exit 1
  fi
}
run --samples examples/samples.tsv --out "$work/batch" --threads 4 --format json,tsv,html,vcf
run "$work/big.vcf" --out "$work/big" --threads 4 --tumor-type NBL
run tests/data/mutect2_two_samples.vcf --all-samples --out "$work/joint" --threads 4
echo "tsan: no data race in the parallel paths"
