#!/usr/bin/env python3
"""Seeded generator of a cohort of somatic VCFs for the batch benchmark (bench/, not tests).

Takes a pool VCF written by bench/make_vcf.py (plain text on stdin or --pool FILE) and writes N
samples, each a random sorted subset of the pool's records (between --min and --max records),
as uncompressed VCF into --out; bench/run_bench.sh bgzips them. Also writes samples.tsv for
`pedtx annotate --samples`.
"""
import argparse
import os
import random
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pool", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--samples", type=int, default=500)
    ap.add_argument("--min", type=int, default=2000)
    ap.add_argument("--max", type=int, default=50000)
    ap.add_argument("--seed", type=int, default=2)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    header, records = [], []
    with open(a.pool) as f:
        for line in f:
            (header if line.startswith("#") else records).append(line)
    os.makedirs(a.out, exist_ok=True)
    tumor_types = ["NBL", "PAST", "BLL", "CML", "ALCL", "DMG", "IFS", "HGGNOS", "AML", "OS"]
    sheet = ["sample_id\tvcf\ttumor_type\tage_years"]
    for i in range(a.samples):
        n = rng.randint(a.min, min(a.max, len(records)))
        chosen = sorted(rng.sample(range(len(records)), n))
        name = "S%04d" % (i + 1)
        with open(os.path.join(a.out, name + ".vcf"), "w") as f:
            f.writelines(header)
            f.writelines(records[j] for j in chosen)
        sheet.append("%s\t%s.vcf.gz\t%s\t%.1f" % (name, name, rng.choice(tumor_types), rng.uniform(0.3, 21)))
    with open(os.path.join(a.out, "samples.tsv"), "w") as f:
        f.write("\n".join(sheet) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
