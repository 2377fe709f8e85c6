#!/usr/bin/env bash
# The pedtx benchmark: generates seeded inputs under bench/data/ (once) and times, in one run
# on the same files, `pedtx annotate` against `bcftools view -Ou` (htslib decode), with
# --threads 1 and 2. Prints a Markdown table of times, ratios, records/s, samples/s and peak
# RSS (/usr/bin/time -v). Usage: bench/run_bench.sh [--small]   (--small: a quick check)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v bcftools >/dev/null || { echo "bench: installing bcftools" >&2; apt-get install -y -qq bcftools >/dev/null; }
[ -x /usr/bin/time ] || apt-get install -y -qq time >/dev/null
command -v bgzip >/dev/null || apt-get install -y -qq tabix >/dev/null
PEDTX=${PEDTX:-build/release/pedtx}
[ -x "$PEDTX" ] || { cmake --preset release >/dev/null && cmake --build --preset release -j"$(nproc)" >/dev/null; }
data=bench/data
mkdir -p "$data"
big_records=2000000; cohort_samples=500; small_records=20000; joint_samples=1000; joint_records=20000
maf_rows=1000000; maf_samples=1000; small_maf_rows=20000
if [ "${1:-}" = "--small" ]; then big_records=200000; cohort_samples=40; joint_samples=100; joint_records=5000; maf_rows=100000; maf_samples=100; fi

make_big() {  # records seed file
  [ -s "$3" ] || python3 bench/make_vcf.py --records "$1" --seed "$2" | bgzip -@2 > "$3"
}
make_big "$big_records" 1 "$data/big.vcf.gz"
make_big "$small_records" 1 "$data/small.vcf.gz"
[ -s "$data/big.bcf" ] || bcftools view -Ob -o "$data/big.bcf" "$data/big.vcf.gz"
# The made-up reference of the big VCF's records (every contig at full length, plain FASTA + .fai),
# for the --reference case: every record's REF checked, KB-gene SNVs translated.
reference="$data/reference_${big_records}.fa"
[ -s "$reference.fai" ] || python3 bench/make_reference.py --vcf "$data/big.vcf.gz" --out "$reference"
joint="$data/joint_${joint_samples}.bcf"
[ -s "$joint" ] || python3 bench/make_vcf.py --records "$joint_records" --samples "$joint_samples" --seed 7 |
  bcftools view -Ob -o "$joint"
# MAF input (issue 18): rows sorted by position, not grouped by sample (GDC / cBioPortal order).
maf="$data/maf_${maf_samples}x${maf_rows}.maf"
[ -s "$maf" ] || python3 bench/make_maf.py --rows "$maf_rows" --samples "$maf_samples" --seed 5 > "$maf"
small_maf="$data/maf_${maf_samples}x${small_maf_rows}.maf"
[ -s "$small_maf" ] || python3 bench/make_maf.py --rows "$small_maf_rows" --samples "$maf_samples" --seed 5 > "$small_maf"
if [ ! -s "$data/cohort/samples.tsv" ] || [ "$(($(wc -l < "$data/cohort/samples.tsv") - 1))" != "$cohort_samples" ]; then
  rm -rf "$data/cohort"
  python3 bench/make_vcf.py --records 60000 --seed 3 > "$data/pool.vcf"
  python3 bench/make_cohort.py --pool "$data/pool.vcf" --out "$data/cohort" --samples "$cohort_samples"
  for f in "$data"/cohort/*.vcf; do bgzip -f "$f"; done
fi

measure() {  # label command... ; prints "label<TAB>seconds<TAB>maxrss_kb"
  local label=$1; shift
  local log; log=$(mktemp)
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || { echo "bench: $label failed" >&2; tail -5 "$log" >&2; }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  rm -f "$log"
  printf '%s\t%s\t%s\n' "$label" "$wall" "$rss"
}

records() { bcftools view -H "$1" | wc -l; }
nbig=$(records "$data/big.vcf.gz"); nsmall=$(records "$data/small.vcf.gz")
njoint=$(records "$joint")
nmaf=$(grep -vc '^#' "$maf"); nmaf=$((nmaf - 1)); nsmallmaf=$(grep -vc '^#' "$small_maf"); nsmallmaf=$((nsmallmaf - 1))
ncohort=0; for f in "$data"/cohort/*.vcf.gz; do ncohort=$((ncohort + $(bcftools view -H "$f" | wc -l))); done
out=$(mktemp -d)
results=$(mktemp)
{
  measure "bcftools view -Ou, VCF.gz" bcftools view -Ou -o /dev/null "$data/big.vcf.gz"
  measure "pedtx, VCF.gz, 1 thread" "$PEDTX" annotate "$data/big.vcf.gz" --out "$out/a1" --threads 1 --quiet --no-timestamp
  measure "pedtx, VCF.gz, 2 threads" "$PEDTX" annotate "$data/big.vcf.gz" --out "$out/a2" --threads 2 --quiet --no-timestamp
  cat "$reference" > /dev/null  # in the page cache, like a reference a pipeline reads all day
  # The same REF check in htslib's own tool: bcftools norm reads each record's REF from the FASTA.
  measure "bcftools norm --check-ref w -f, VCF.gz" bcftools norm --check-ref w -f "$reference" -Ou -o /dev/null "$data/big.vcf.gz"
  measure "pedtx, VCF.gz --reference, 1 thread" "$PEDTX" annotate "$data/big.vcf.gz" --out "$out/r1" --threads 1 --quiet --no-timestamp --reference "$reference"
  measure "pedtx, VCF.gz --reference, 2 threads" "$PEDTX" annotate "$data/big.vcf.gz" --out "$out/r2" --threads 2 --quiet --no-timestamp --reference "$reference"
  measure "bcftools view -Ou, BCF" bcftools view -Ou -o /dev/null "$data/big.bcf"
  measure "pedtx, BCF, 1 thread" "$PEDTX" annotate "$data/big.bcf" --out "$out/b1" --threads 1 --quiet --no-timestamp
  measure "pedtx, BCF, 2 threads" "$PEDTX" annotate "$data/big.bcf" --out "$out/b2" --threads 2 --quiet --no-timestamp
  measure "pedtx, small VCF.gz, 1 thread" "$PEDTX" annotate "$data/small.vcf.gz" --out "$out/s1" --threads 1 --quiet --no-timestamp
  measure "bcftools view -Ou, cohort (serial)" bash -c "for f in $data/cohort/*.vcf.gz; do bcftools view -Ou -o /dev/null \$f; done"
  measure "pedtx, cohort, 1 thread" "$PEDTX" annotate --samples "$data/cohort/samples.tsv" --out "$out/c1" --threads 1 --quiet --no-timestamp
  measure "pedtx, cohort, 2 threads" "$PEDTX" annotate --samples "$data/cohort/samples.tsv" --out "$out/c2" --threads 2 --quiet --no-timestamp
  measure "bcftools view -Ou, joint BCF" bcftools view -Ou -o /dev/null "$joint"
  measure "pedtx, joint BCF --all-samples, 1 thread" "$PEDTX" annotate "$joint" --all-samples --out "$out/j1" --threads 1 --quiet --no-timestamp
  measure "pedtx, joint BCF --all-samples, 2 threads" "$PEDTX" annotate "$joint" --all-samples --out "$out/j2" --threads 2 --quiet --no-timestamp
  measure "pedtx, MAF, 1 thread" "$PEDTX" annotate --maf "$maf" --tumor-type NBL --out "$out/m1" --threads 1 --quiet --no-timestamp --format json,tsv
  measure "pedtx, MAF, 2 threads" "$PEDTX" annotate --maf "$maf" --tumor-type NBL --out "$out/m2" --threads 2 --quiet --no-timestamp --format json,tsv
  measure "pedtx, small MAF, 1 thread" "$PEDTX" annotate --maf "$small_maf" --tumor-type NBL --out "$out/m3" --threads 1 --quiet --no-timestamp --format json,tsv
} | tee "$results" >&2
for pair in "a1 a2" "r1 r2" "b1 b2" "c1 c2" "j1 j2" "m1 m2"; do  # the same reports at 1 and 2 threads
  set -- $pair
  diff -r -x run.json "$out/$1" "$out/$2" >/dev/null || echo "bench: outputs of $1 and $2 differ" >&2
done
python3 - "$results" "$nbig" "$nsmall" "$ncohort" "$cohort_samples" "$njoint" "$joint_samples" "$nmaf" "$nsmallmaf" "$maf_samples" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
t = {r[0]: (float(r[1]), int(r[2])) for r in rows}
nbig, nsmall, ncohort, nsamples, njoint, jsamples, nmaf, nsmallmaf, msamples = map(int, sys.argv[2:11])
def sec(k): return t[k][0]
print("| measurement | seconds | records/s | peak RSS (MB) | ratio / note |")
print("|---|---:|---:|---:|---|")
base_vcf, base_bcf = sec("bcftools view -Ou, VCF.gz"), sec("bcftools view -Ou, BCF")
for k, (s, rss) in t.items():
    n = (nsmallmaf if "small MAF" in k else nmaf if "MAF" in k else nsmall if "small" in k else ncohort if "cohort" in k
         else njoint if "joint" in k else nbig)
    note = ""
    if k.startswith("pedtx, VCF.gz"): note = "%.2fx bcftools (target <= 1.2x at 1 thread)" % (s / base_vcf)
    if k.startswith("pedtx, VCF.gz --reference"):
        note += "; %.2fx pedtx without --reference; %.2fx bcftools norm --check-ref" % (
            s / sec(k.replace(" --reference", "")), s / sec("bcftools norm --check-ref w -f, VCF.gz"))
    if k.startswith("pedtx, BCF"): note = "%.2fx bcftools (target <= 1.5x at 1 thread)" % (s / base_bcf)
    if k.startswith("pedtx, joint BCF"):
        note = "%.2fx bcftools; %d reports, %.0f sample-records/s" % (s / sec("bcftools view -Ou, joint BCF"), jsamples,
                                                                     njoint * jsamples / s)
    if k == "pedtx, small VCF.gz, 1 thread": note = "RSS %.0f%% of the big file's" % (100.0 * rss / t["pedtx, VCF.gz, 1 thread"][1])
    if k == "pedtx, MAF, 1 thread":
        note = "%.2fx the VCF.gz path's records/s at 1 thread (target >= 1.0x); %d reports" % (
            (n / s) / (nbig / sec("pedtx, VCF.gz, 1 thread")), msamples)
    if k == "pedtx, small MAF, 1 thread": note = "RSS %.0f%% of the big MAF's" % (100.0 * rss / t["pedtx, MAF, 1 thread"][1])
    if k == "pedtx, cohort, 2 threads": note = "speed-up %.2fx over 1 thread (target >= 1.8x); %.1f samples/s" % (sec("pedtx, cohort, 1 thread") / s, nsamples / s)
    if k == "pedtx, cohort, 1 thread":
        big_rate = nbig / sec("pedtx, VCF.gz, 1 thread")
        fixed = (s - ncohort / big_rate) / nsamples * 1000
        note = "fixed cost per sample %.1f ms (target <= 15 ms); %.1f samples/s" % (fixed, nsamples / s)
    print("| %s | %.2f | %s | %.0f | %s |" % (k, s, "{:,.0f}".format(n / s) if s > 0 else "-", rss / 1024.0, note))
print()
print("Inputs: %d-record VCF.gz (and BCF), %d-record small VCF.gz, cohort of %d VCF.gz with %d records in all, "
      "joint-called BCF of %d samples x %d records, MAF of %d samples x %d rows (and %d rows)." % (
          nbig, nsmall, nsamples, ncohort, jsamples, njoint, msamples, nmaf, nsmallmaf))
PY
rm -rf "$out" "$results"
