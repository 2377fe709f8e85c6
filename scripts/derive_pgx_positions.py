#!/usr/bin/env python3
"""Derive the genomic positions (both builds) of the pharmacogenomic variants pedtx tests.

Makes:
  knowledgebase/pharmacogenomics/positions.tsv
  columns: gene, hgvsc, rsid, build, chrom, pos, ref, alt, transcript, cross_check
  one row per variant and build (GRCh37 then GRCh38), in the order of variants.tsv; chrom
  without `chr`, pos 1-based, ref/alt on the genomic plus strand.

From:
  knowledgebase/pharmacogenomics/variants.tsv (curated: gene, hgvsc on the MANE Select
      transcript, rsid, protein, transcript, source). Accepted forms: c.<N><REF>><ALT> (coding)
      and c.<N>-<k><REF>><ALT> / c.<N>+<k><REF>><ALT> (intronic, k <= 10).
  <refdata>/genes/derived/mane_select_transcripts.<build>.tsv (MANE Select v1.0 structure from
      UCSC refGene), through scripts/derive_genomic_keys.py's c_to_genomic.
  PUBLISHED below: GRCh38 (and a few GRCh37) coordinates copied from published sources, each
      derived key must equal them (the cross_check column names the source).

G6PD: the refdata table has no exact MANE row (MANE Select is NM_001360016.2; the refGene
structure used is NM_000402, whose coding sequence starts 90 bases (30 codons) upstream and is
otherwise the same). c.N on NM_001360016.2 is therefore c.(N+90) on NM_000402; the offset is
checked by the published coordinates of c.202G>A, c.376A>G, c.1376G>T (exit 1 if they differ).

Regenerate (from the repository root):
  python3 scripts/derive_pgx_positions.py [--refdata DIR] [--kb DIR]
  python3 scripts/derive_pgx_positions.py --check   # exit 1 if the committed file differs
"""
import argparse
import csv
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import derive_genomic_keys as dgk  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_REFDATA = os.path.normpath(os.path.join(REPO, "..", "shared", "refdata"))
DEFAULT_KB = os.path.join(REPO, "knowledgebase")
OUTPUT = os.path.join("pharmacogenomics", "positions.tsv")
HGVSC = re.compile(r"^c\.([1-9][0-9]*)(?:([+-])([1-9][0-9]?))?([ACGT])>([ACGT])$")
# Offsets of the MANE Select numbering on the refGene transcript the refdata table uses.
CDS_OFFSET = {"G6PD": ("NM_000402", 90)}
# (gene, hgvsc, build) -> (chrom, pos, ref, alt, source)
PHARMCAT = "CPIC allele definition (PharmCAT %s_translation.json, GRCh38)"
PUBLISHED = {
    ("TPMT", "c.1A>G", "GRCh38"): ("6", 18149127, "T", "C", PHARMCAT % "TPMT"),
    ("TPMT", "c.238G>C", "GRCh38"): ("6", 18143724, "C", "G", PHARMCAT % "TPMT"),
    ("TPMT", "c.460G>A", "GRCh38"): ("6", 18138997, "C", "T", PHARMCAT % "TPMT"),
    ("TPMT", "c.495-1G>A", "GRCh38"): ("6", 18133890, "C", "T", PHARMCAT % "TPMT"),
    ("TPMT", "c.500C>G", "GRCh38"): ("6", 18133884, "G", "C", PHARMCAT % "TPMT"),
    ("TPMT", "c.626-1G>A", "GRCh38"): ("6", 18130781, "C", "T", PHARMCAT % "TPMT"),
    ("TPMT", "c.719A>G", "GRCh38"): ("6", 18130687, "T", "C", PHARMCAT % "TPMT"),
    ("NUDT15", "c.415C>T", "GRCh38"): ("13", 48045719, "C", "T", PHARMCAT % "NUDT15"),
    ("G6PD", "c.1376G>T", "GRCh38"): ("X", 154532269, "C", "A", PHARMCAT % "G6PD"),
    ("G6PD", "c.202G>A", "GRCh38"): ("X", 154536002, "C", "T", "dbSNP rs1050828 as quoted in public code"),
    ("G6PD", "c.376A>G", "GRCh38"): ("X", 154535277, "T", "C", "dbSNP rs1050829 as quoted in public code"),
    ("G6PD", "c.202G>A", "GRCh37"): ("X", 153764217, "C", "T", "dbSNP rs1050828 as quoted in public code"),
}
COLUMNS = ["gene", "hgvsc", "rsid", "build", "chrom", "pos", "ref", "alt", "transcript", "cross_check"]


class DeriveError(Exception):
    pass


def read_variants(kb):
    path = os.path.join(kb, "pharmacogenomics", "variants.tsv")
    rows = []
    with open(path, encoding="utf-8") as fh:
        lines = [l for l in fh.read().split("\n") if l and not l.startswith("#")]
    header = lines[0].split("\t")
    for number, line in enumerate(lines[1:], start=2):
        rows.append(dict(zip(header, line.split("\t"))))
    return rows


def derive(tx, build, gene, hgvsc):
    m = HGVSC.match(hgvsc)
    if not m:
        raise DeriveError("%s %s: not c.N<REF>><ALT> or c.N+/-k<REF>><ALT>" % (gene, hgvsc))
    n, sign, k, ref, alt = int(m.group(1)), m.group(2), m.group(3), m.group(4), m.group(5)
    row = tx.get((build, gene))
    if row is None:
        raise DeriveError("%s has no MANE Select row in %s" % (gene, build))
    if gene in CDS_OFFSET:
        expected, offset = CDS_OFFSET[gene]
        if row["refgene_nm_used"] != expected:
            raise DeriveError("%s: expected refGene %s, table has %s" % (gene, expected, row["refgene_nm_used"]))
        n += offset
    elif row["selection"] != "exact_accession":
        raise DeriveError("%s: refdata row is %s, not the MANE accession" % (gene, row["selection"]))
    pos = dgk.c_to_genomic(row, n)
    if sign:
        step = int(k) if sign == "+" else -int(k)
        pos = pos + step if row["strand"] == "+" else pos - step
    if row["strand"] == "-":
        ref, alt = dgk.COMP[ref], dgk.COMP[alt]
    return dgk.norm_chrom(row["chrom"]), pos, ref, alt


def build_rows(refdata, kb):
    tx = dgk.load_transcripts(refdata)
    out = []
    used = set()
    for v in read_variants(kb):
        for build in dgk.BUILDS:
            chrom, pos, ref, alt = derive(tx, build, v["gene"], v["hgvsc"])
            key = (v["gene"], v["hgvsc"], build)
            check = ""
            if key in PUBLISHED:
                used.add(key)
                p = PUBLISHED[key]
                if (chrom, pos, ref, alt) != p[:4]:
                    raise DeriveError("%s %s %s: derived %s:%d %s>%s but %s says %s:%d %s>%s"
                                      % (v["gene"], v["hgvsc"], build, chrom, pos, ref, alt, p[4], *p[:4]))
                check = p[4]
            out.append([v["gene"], v["hgvsc"], v["rsid"], build, chrom, str(pos), ref, alt, v["transcript"], check])
    missing = set(PUBLISHED) - used
    if missing:
        raise DeriveError("published coordinates without a variant: %s" % sorted(missing))
    return out


def render(rows):
    text = ("# Derived by scripts/derive_pgx_positions.py from pharmacogenomics/variants.tsv and the MANE Select\n"
            "# structure in refdata genes/derived/mane_select_transcripts.<build>.tsv; do not edit by hand.\n")
    text += "\t".join(COLUMNS) + "\n"
    for r in rows:
        text += "\t".join(r) + "\n"
    return text


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--refdata", default=DEFAULT_REFDATA)
    ap.add_argument("--kb", default=DEFAULT_KB)
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args(argv)
    try:
        text = render(build_rows(a.refdata, a.kb))
    except (DeriveError, dgk.DeriveError, OSError) as e:
        print("derive_pgx_positions: error: %s" % e, file=sys.stderr)
        return 1
    path = os.path.join(a.kb, OUTPUT)
    if a.check:
        with open(path, encoding="utf-8") as fh:
            if fh.read() != text:
                print("derive_pgx_positions: %s is stale (regenerate it)" % path, file=sys.stderr)
                return 1
        return 0
    with open(path + ".tmp", "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(path + ".tmp", path)
    print("derive_pgx_positions: wrote %s (%d rows)" % (path, len(text.splitlines()) - 3))
    return 0


if __name__ == "__main__":
    sys.exit(main())
