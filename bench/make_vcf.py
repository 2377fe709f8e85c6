#!/usr/bin/env python3
"""Seeded generator of a realistic single-sample tumor VCF for benchmarks (bench/, not tests).

Records are sorted SNVs and short indels over GRCh38 chr1-22, FORMAT GT:AD:DP:AF, and a VEP-like
CSQ string (two transcripts per record) naming genes from the knowledge base's gene table and
made-up background genes. The knowledge base's genomic keys are planted at their positions
(with matching CSQ), so the run produces findings. Writes plain VCF text to stdout; pipe it
through bgzip.

  python3 bench/make_vcf.py --records 2000000 --seed 1 | bgzip -@2 > bench/data/big.vcf.gz

With --samples N (N > 1) it writes a joint-called cohort VCF instead: columns S0001..SN, each
record carried (0/1) by about 3% of the samples (planted knowledge-base keys by about 10%), the
others 0/0 with reference reads only; convert it with `bcftools view -Ob`.
"""
import argparse
import json
import os
import random
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GRCH38_LENGTHS = None


def contig_lengths():
    path = os.path.join(REPO, "..", "shared", "refdata", "contigs", "derived", "primary_contigs.tsv")
    lengths = {}
    with open(path) as f:
        next(f)
        for line in f:
            build, _, contig, length, _ = line.rstrip("\n").split("\t")
            if build == "GRCh38" and contig.startswith("chr") and contig[3:].isdigit():
                lengths[contig] = int(length)
    return lengths


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--samples", type=int, default=1, help="joint-called columns (1: a single TUMOR column)")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    lengths = contig_lengths()
    contigs = ["chr%d" % i for i in range(1, 23)]
    total = sum(lengths[c] for c in contigs)
    with open(os.path.join(REPO, "knowledgebase", "genomic_keys.json")) as f:
        keys = json.load(f)["keys"]
    planted = {}
    for k in keys:
        g = k["GRCh38"]
        planted[("chr" + g["chrom"], g["pos"])] = (g["ref"], g["alt"], k["gene"], k["change"], k["hgvsc"])
    out = sys.stdout
    out.write("##fileformat=VCFv4.2\n##source=pedtx bench/make_vcf.py seed=%d\n" % a.seed)
    for c in contigs:
        out.write("##contig=<ID=%s,length=%d>\n" % (c, lengths[c]))
    out.write('##FILTER=<ID=PASS,Description="All filters passed">\n')
    out.write('##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl VEP. '
              'Format: Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|EXON|INTRON|HGVSc|HGVSp|'
              'CANONICAL|MANE_SELECT">\n')
    for fmt in ('<ID=GT,Number=1,Type=String,Description="Genotype">',
                '<ID=AD,Number=R,Type=Integer,Description="Allelic depths">',
                '<ID=DP,Number=1,Type=Integer,Description="Depth">',
                '<ID=AF,Number=A,Type=Float,Description="Allele fraction">'):
        out.write("##FORMAT=%s\n" % fmt)
    names = ["TUMOR"] if a.samples <= 1 else ["S%04d" % (i + 1) for i in range(a.samples)]
    out.write("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t%s\n" % "\t".join(names))
    # Joint-called cohorts: a few genotype strings drawn per sample keep the generator fast.
    reference_calls = ["0/0:%d,0:%d:0" % (d, d) for d in (25, 40, 60, 90)]
    carrier_calls = ["0/1:%d,%d:%d:%.3f" % (d - r, r, d, r / d) for d, r in ((40, 12), (60, 30), (90, 20), (120, 55))]
    per_contig = {c: max(1, int(a.records * lengths[c] / total)) for c in contigs}
    bases = "ACGT"
    consequences = ["missense_variant", "synonymous_variant", "intron_variant", "3_prime_UTR_variant",
                    "upstream_gene_variant", "stop_gained", "splice_region_variant&intron_variant"]
    for c in contigs:
        n = per_contig[c]
        positions = sorted(rng.sample(range(10000, lengths[c] - 10000), n))
        for pk in sorted(p for (pc, p) in planted if pc == c):
            positions.append(pk)
        positions = sorted(set(positions))
        for pos in positions:
            if (c, pos) in planted:
                ref, alt, gene, change, hgvsc = planted[(c, pos)]
                csq = "%s|missense_variant|MODERATE|%s|ENSG0|Transcript|ENST_KB|protein_coding|1/2||ENST_KB:%s|ENSP_KB:p.%s|YES|NM_KB" % (
                    alt, gene, hgvsc, change)
            else:
                ref = rng.choice(bases)
                alt = rng.choice([b for b in bases if b != ref])
                if rng.random() < 0.08:
                    alt = ref + "".join(rng.choice(bases) for _ in range(rng.randint(1, 4)))
                gene = "GENE%d" % rng.randint(1, 19000)
                cons = rng.choice(consequences)
                tx1 = "ENST%011d" % rng.randint(1, 10 ** 9)
                csq = ",".join("%s|%s|MODIFIER|%s|ENSG%011d|Transcript|%s.%d|protein_coding|%d/12||%s:c.%d%s>%s|%s||" % (
                    alt if len(alt) == 1 else alt[1:], cons, gene, rng.randint(1, 10 ** 9), tx1, i + 1,
                    rng.randint(1, 12), tx1, rng.randint(1, 3000), ref, alt[-1], "") for i in range(2))
            if a.samples > 1:
                share = 0.10 if (c, pos) in planted else 0.03
                calls = [rng.choice(carrier_calls) if rng.random() < share else rng.choice(reference_calls)
                         for _ in names]
                out.write("%s\t%d\t.\t%s\t%s\t.\tPASS\tCSQ=%s\tGT:AD:DP:AF\t%s\n" % (
                    c, pos, ref, alt, csq, "\t".join(calls)))
                continue
            depth = rng.randint(20, 200)
            alt_reads = rng.randint(1, depth)
            out.write("%s\t%d\t.\t%s\t%s\t.\tPASS\tCSQ=%s\tGT:AD:DP:AF\t0/1:%d,%d:%d:%.3f\n" % (
                c, pos, ref, alt, csq, depth - alt_reads, alt_reads, depth, alt_reads / depth))
    return 0


if __name__ == "__main__":
    sys.exit(main())
