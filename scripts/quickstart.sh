#!/usr/bin/env bash
# Quick start, step 1: install dependencies, build pedtx (release preset), and annotate the
# bundled examples. Reports go to examples/out/.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install_deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)"

out=examples/out
status=0
build/release/pedtx annotate --samples examples/samples.tsv --out "$out" || status=$?
echo
echo "pedtx $(build/release/pedtx --version | head -1 | cut -d' ' -f2) built at build/release/pedtx"
echo "Reports for the bundled examples are in $out/:"
ls -1 "$out" | sed 's/^/  /'
echo "Summary (sample, gene, alteration, tier, drugs, response):"
for tsv in "$out"/*.pedtx.tsv; do
  grep -v '^#' "$tsv" | awk -F'\t' 'NR>1 {print "  " $1 "\t" $4 " " $5 "\t" $23 "\t" $20 "\t" $21}' | sort -u
done
echo "Tumor-board reports (open in a browser; print to PDF on A4 or Letter): $out/*.pedtx.html"
echo "Cohort overview: $out/cohort.html"
exit $status
