#!/usr/bin/env python3
"""Seeded generator of a multi-sample MAF for benchmarks (bench/, not tests).

Rows are SNVs and short indels over GRCh38 in the column layout vcf2maf / GDC write (a
'#version 2.4' line, then Hugo_Symbol ... t_alt_count), for --samples tumors. Rows are sorted by
position, not grouped by sample (the GDC/cBioPortal order), so the row loop meets every sample
all through the file. About 1% of the rows fall in knowledge-base genes (gene table of the
knowledge base, with a protein change), and the knowledge base's genomic keys are planted at
their positions in some samples, so the run produces findings. Writes the MAF to stdout.

  python3 bench/make_maf.py --rows 1000000 --samples 1000 --seed 5 > bench/data/big.maf
"""
import argparse
import json
import os
import random
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AMINO = "ACDEFGHIKLMNPQRSTVWY"
CLASSES = ["Missense_Mutation"] * 12 + ["Silent"] * 5 + ["Nonsense_Mutation", "Splice_Site", "Intron", "3'UTR"]


def kb_genes():
    genes = []
    with open(os.path.join(REPO, "knowledgebase", "gene_table.GRCh38.tsv")) as f:
        header = None
        for line in f:
            if line.startswith("#"):
                continue
            fields = line.rstrip("\n").split("\t")
            if header is None:
                header = fields
                continue
            row = dict(zip(header, fields))
            genes.append((row["symbol"], row["chrom"], int(row["cds_start"] or row["span_start"]),
                          int(row["cds_end"] or row["span_end"])))
    return genes


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100000)
    ap.add_argument("--samples", type=int, default=100)
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    genes = kb_genes()
    keys = json.load(open(os.path.join(REPO, "knowledgebase", "genomic_keys.json")))["keys"]
    samples = ["TUMOR-%04d" % (i + 1) for i in range(args.samples)]
    rows = []
    for _ in range(args.rows):
        if rng.random() < 0.01:
            symbol, chrom, start, end = rng.choice(genes)
            pos = rng.randint(start, max(start, end))
        else:
            chrom = str(rng.randint(1, 22))
            pos = rng.randint(1_000_000, 100_000_000)
            symbol = "BG%05d" % rng.randint(1, 18000)
        rows.append((chrom, pos, symbol))
    for key in keys:  # the knowledge base's keys, in 5% of the samples each
        g = key["GRCh38"]
        for sample in rng.sample(samples, max(1, len(samples) // 20)):
            rows.append((g["chrom"], g["pos"], key["gene"], g["ref"], g["alt"], "p." + key["change"], sample))
    rows.sort(key=lambda r: (int(r[0]) if r[0].isdigit() else 23, r[1]))
    out = sys.stdout
    out.write("#version 2.4\n")
    out.write("Hugo_Symbol\tEntrez_Gene_Id\tCenter\tNCBI_Build\tChromosome\tStart_Position\tEnd_Position\tStrand\t"
              "Variant_Classification\tVariant_Type\tReference_Allele\tTumor_Seq_Allele1\tTumor_Seq_Allele2\t"
              "Tumor_Sample_Barcode\tMatched_Norm_Sample_Barcode\tHGVSc\tHGVSp\tHGVSp_Short\tTranscript_ID\t"
              "Exon_Number\tt_depth\tt_ref_count\tt_alt_count\tn_depth\n")
    bases = "ACGT"
    for row in rows:
        chrom, pos, symbol = row[0], row[1], row[2]
        depth = rng.randint(20, 400)
        alt_reads = rng.randint(3, depth)
        if len(row) > 3:
            ref, alt, protein, sample = row[3], row[4], row[5], row[6]
            cls, vtype, end = "Missense_Mutation", "SNP", pos
        else:
            sample = rng.choice(samples)
            r = rng.random()
            if r < 0.9:
                ref = rng.choice(bases)
                alt = rng.choice([b for b in bases if b != ref])
                cls, vtype, end = rng.choice(CLASSES), "SNP", pos
            elif r < 0.95:
                ref = "".join(rng.choice(bases) for _ in range(rng.randint(1, 6)))
                alt = "-"
                cls, vtype, end = rng.choice(["Frame_Shift_Del", "In_Frame_Del"]), "DEL", pos + len(ref) - 1
            else:
                ref, alt = "-", "".join(rng.choice(bases) for _ in range(rng.randint(1, 6)))
                cls, vtype, end = rng.choice(["Frame_Shift_Ins", "In_Frame_Ins"]), "INS", pos + 1
            codon = rng.randint(1, 1500)
            protein = "p.%s%d%s" % (rng.choice(AMINO), codon, rng.choice(AMINO)) if cls == "Missense_Mutation" else ""
        out.write("%s\t0\tbench\tGRCh38\t%s\t%d\t%d\t+\t%s\t%s\t%s\t%s\t%s\t%s\tNORMAL\t\t%s\t%s\tENST%011d\t\t%d\t%d\t%d\t%d\n"
                  % (symbol, chrom, pos, end, cls, vtype, ref, ref, alt, sample, protein, protein,
                     rng.randint(1, 99999), depth, depth - alt_reads, alt_reads, depth))


if __name__ == "__main__":
    main()
