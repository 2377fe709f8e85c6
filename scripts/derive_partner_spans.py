#!/usr/bin/env python3
"""Derive the genome-wide gene span tables pedtx uses to name fusion partners.

Makes:
  knowledgebase/partner_spans.GRCh37.tsv, knowledgebase/partner_spans.GRCh38.tsv
  columns: symbol, chrom (no chr), start, end (1-based closed union span of the gene's RefSeq
  NM_ transcripts), strand. One row per locus, sorted by chromosome, start, symbol.

From:
  <refdata>/genes/derived/gene_spans.<build>.tsv (UCSC refGene 2018 + HGNC symbols; see the
  refdata README). Genes of the knowledge base have full MANE exon structure in
  gene_table.<build>.tsv; these tables only let a breakpoint in any other gene be named
  (e.g. SLC34A2 in SLC34A2::ROS1), without exon numbers.

Regenerate:  python3 scripts/derive_partner_spans.py [--refdata DIR] [--kb DIR] [--check]
"""
import argparse
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_REFDATA = os.path.normpath(os.path.join(REPO, "..", "shared", "refdata"))
DEFAULT_KB = os.path.join(REPO, "knowledgebase")
ORDER = {str(i): i for i in range(1, 23)}
ORDER.update({"X": 23, "Y": 24, "MT": 25})


def render(refdata, build):
    rows = []
    with open(os.path.join(refdata, "genes", "derived", "gene_spans.%s.tsv" % build)) as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            row = dict(zip(header, line.rstrip("\n").split("\t")))
            chrom = row["chrom"][3:] if row["chrom"].startswith("chr") else row["chrom"]
            if chrom == "M":
                chrom = "MT"
            if chrom not in ORDER:
                continue
            rows.append((ORDER[chrom], int(row["start"]), row["symbol"], chrom, row["end"], row["strand"]))
    rows.sort()
    out = ["# source: refdata genes/derived/gene_spans.%s.tsv (UCSC refGene NM_ union spans, HGNC symbols); "
           "1-based closed; made by scripts/derive_partner_spans.py" % build,
           "symbol\tchrom\tstart\tend\tstrand"]
    out += ["%s\t%s\t%d\t%s\t%s" % (symbol, chrom, start, end, strand) for _, start, symbol, chrom, end, strand in rows]
    return "\n".join(out) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--refdata", default=DEFAULT_REFDATA)
    ap.add_argument("--kb", default=DEFAULT_KB)
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args(argv)
    differ = []
    for build in ("GRCh37", "GRCh38"):
        text = render(a.refdata, build)
        path = os.path.join(a.kb, "partner_spans.%s.tsv" % build)
        if a.check:
            if not os.path.exists(path) or open(path).read() != text:
                differ.append(path)
        else:
            with open(path, "w") as f:
                f.write(text)
            print("wrote %s (%d genes)" % (path, text.count("\n") - 2))
    if differ:
        print("derive_partner_spans: out of date: %s" % ", ".join(differ))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
