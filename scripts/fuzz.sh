#!/usr/bin/env bash
# Fuzzes pedtx's parsers with libFuzzer (clang, AddressSanitizer + UBSan): the VCF path (header,
# records, CSQ/ANN/BCSQ annotations, HGVSp), fusion / copy-number tables and sample sheets, HGVS
# protein changes, and the knowledge-base loader.
#   scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 10: the short budget the test suite uses;
#                                           run for hours with e.g. 3600)
# Seeds are the repository's own inputs of each kind, tests/fuzz/corpus and ../shared/testdata
# when present. A crash leaves crash-* in build/fuzz/findings/TARGET/: copy it into
# tests/fuzz/corpus/TARGET/ with a descriptive name and fix the bug; fuzz.replay.TARGET then runs
# it in every test run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j"$(nproc)"
shared=../shared/testdata
# Up to 200 small files of ../shared/testdata matching the find expression, as seeds.
copy_shared_seeds() {
  local into=$1
  shift
  [ -d "$shared" ] || return 0
  local files
  files=$(find "$shared" "$@" -size -200k | sort | head -200 || true)
  local f
  for f in $files; do cp "$f" "$into/$(echo "$f" | tr '/' '_')"; done
}

status=0
for target in vcf tables hgvs kb; do
  seeds=build/fuzz/seeds/$target
  findings=build/fuzz/findings/$target
  rm -rf "$seeds"
  mkdir -p "$seeds" "$findings"
  cp -r tests/fuzz/corpus/$target/. "$seeds/"
  case $target in
    vcf)
      cp tests/data/*.vcf examples/*.vcf "$seeds/" 2>/dev/null || true
      copy_shared_seeds "$seeds" -name '*.vcf' ;;
    tables)
      cp tests/data/issue12/*.tsv tests/data/issue12/*.seg examples/*.tsv "$seeds/" 2>/dev/null || true
      copy_shared_seeds "$seeds" \( -name '*.tsv' -o -name '*.seg' -o -name '*.txt' \) ;;
    kb)
      cp knowledgebase/drugs.json knowledgebase/trials.json "$seeds/" ;;
  esac
  echo "== fuzz_$target: ${seconds}s"
  if ! (cd "$findings" && ASAN_OPTIONS=detect_leaks=1 \
        "$OLDPWD/build/fuzz/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -max_len=65536 \
        -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 "$OLDPWD/$seeds" 2>&1 | tail -12); then
    status=1
  fi
  if ls "$findings"/crash-* "$findings"/leak-* "$findings"/timeout-* >/dev/null 2>&1; then
    echo "fuzz_$target found a failure: $(ls "$findings")" >&2
    status=1
  fi
done
exit $status
