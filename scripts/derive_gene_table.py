#!/usr/bin/env python3
"""Derive the per-build gene tables of the pedtx knowledge base.

Makes:
  knowledgebase/gene_table.GRCh37.tsv and knowledgebase/gene_table.GRCh38.tsv
  One row per gene symbol listed in knowledgebase/genes.json, sorted by symbol. Columns:
    symbol, hgnc_id,
    chrom                       no `chr` prefix: 1..22, X, Y, MT
    span_start, span_end        union of all RefSeq NM_ transcripts of the gene at this locus
                                (1-based, closed). Use it for breakpoint -> gene mapping: e.g.
                                ABL1 starts at exon 1a, far upstream of the MANE transcript.
    strand                      + or -
    mane_refseq, mane_ensembl   MANE Select v1.0 transcript (versioned NM_ / ENST)
    refgene_nm_used             the UCSC refGene (2018) accession whose exon structure is given
                                (normally the MANE accession without version; when it differs,
                                the MANE accession was absent from the 2018 dump and a same-gene
                                transcript was used, see refdata README)
    tx_start, tx_end, cds_start, cds_end   1-based, closed (cds_* empty if non-coding)
    exon_count, exon_starts, exon_ends     comma lists in transcript order 5'->3'
                                           (the i-th entry is exon i)
  Each file starts with one `# source: ...` comment line, then the header line.

From (refdata, see its README for provenance and licences):
  <refdata>/genes/derived/gene_spans.<build>.tsv               union spans per locus
  <refdata>/genes/derived/mane_select_transcripts.<build>.tsv  MANE Select exon structure
  <refdata>/genes/MANE.GRCh38.v1.0.summary.txt.gz              MANE chromosome (by HGNC ID)
  <kb>/genes.json                                              the gene list

Genes with several loci (PAR genes on X and Y, multi-copy genes) keep the locus on the MANE
chromosome that overlaps the MANE transcript. A gene that cannot be placed in a build is
reported on stderr and the script exits 1 (nothing is written).

Regenerate (from the repository root):
  python3 scripts/derive_gene_table.py [--refdata DIR] [--kb DIR]
  python3 scripts/derive_gene_table.py --check      # exit 1 if the committed files differ
or everything at once: python3 scripts/derive_all.py
"""
import argparse
import csv
import gzip
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # loaded by path from tests too
from derived_files import compare, write  # noqa: E402

BUILDS = ("GRCh37", "GRCh38")
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_REFDATA = os.path.normpath(os.path.join(REPO, "..", "shared", "refdata"))
DEFAULT_KB = os.path.join(REPO, "knowledgebase")
PROG = "derive_gene_table"
COLUMNS = ["symbol", "hgnc_id", "chrom", "span_start", "span_end", "strand", "mane_refseq",
           "mane_ensembl", "refgene_nm_used", "tx_start", "tx_end", "cds_start", "cds_end",
           "exon_count", "exon_starts", "exon_ends"]
VALID_CHROMS = [str(i) for i in range(1, 23)] + ["X", "Y", "MT"]


class DeriveError(Exception):
    pass


def read_tsv(path):
    if not os.path.isfile(path):
        raise DeriveError("missing %s" % path)
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def norm_chrom(c):
    c = c[3:] if c.startswith("chr") else c
    return "MT" if c == "M" else c


def load_genes(kb):
    path = os.path.join(kb, "genes.json")
    if not os.path.isfile(path):
        raise DeriveError("missing %s" % path)
    with open(path, encoding="utf-8") as fh:
        try:
            data = json.load(fh)
        except json.JSONDecodeError as e:
            raise DeriveError("%s is not valid JSON: %s" % (path, e))
    genes = data.get("genes") if isinstance(data, dict) else None
    if not isinstance(genes, list):
        raise DeriveError("%s has no top-level \"genes\" array" % path)
    out = {}
    for i, g in enumerate(genes):
        sym = g.get("symbol") if isinstance(g, dict) else None
        if not isinstance(sym, str) or not sym:
            raise DeriveError("%s: genes[%d] has no symbol" % (path, i))
        hid = g.get("hgnc_id")
        if sym in out and out[sym] != hid:
            raise DeriveError("%s: %s listed twice with different hgnc_id" % (path, sym))
        out[sym] = hid
    return out


def load_mane_chrom(refdata):
    """HGNC ID -> GRCh38 chromosome of the MANE Select transcript (MANE v1.0 summary)."""
    path = os.path.join(refdata, "genes", "MANE.GRCh38.v1.0.summary.txt.gz")
    if not os.path.isfile(path):
        raise DeriveError("missing %s" % path)
    out = {}
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        header = fh.readline().lstrip("#").rstrip("\n").split("\t")
        for line in fh:
            r = dict(zip(header, line.rstrip("\n").split("\t")))
            if r.get("MANE_status") == "MANE Select":
                out[r["HGNC_ID"]] = norm_chrom(r["GRCh38_chr"])
    return out


def load_symbol_hints(refdata):
    """UPPER-CASED name -> sorted approved symbols it may stand for (HGNC previous/alias)."""
    path = os.path.join(refdata, "hgnc", "derived", "hgnc_symbol_lookup.tsv")
    hints = {}
    if os.path.isfile(path):
        for r in read_tsv(path):
            hints.setdefault(r["query_symbol"], set()).add("%s (%s symbol of %s, %s)" % (
                r["approved_symbol"], r["match_type"], r["hgnc_id"], r["locus_group"]))
    return hints


def build_table(refdata, build, genes, mane_chrom, hints):
    d = os.path.join(refdata, "genes", "derived")
    spans = {}
    for r in read_tsv(os.path.join(d, "gene_spans.%s.tsv" % build)):
        spans.setdefault(r["symbol"], []).append(r)
    mane = {}
    for r in read_tsv(os.path.join(d, "mane_select_transcripts.%s.tsv" % build)):
        if r["symbol"] in mane:
            raise DeriveError("%s: two MANE rows for %s" % (build, r["symbol"]))
        mane[r["symbol"]] = r

    rows, problems = [], []
    for sym in sorted(genes):
        want_hgnc = genes[sym]
        m = mane.get(sym)
        if m is None:
            hint = sorted(hints.get(sym.upper(), []))
            problems.append("%s %s: no MANE Select transcript in mane_select_transcripts.%s.tsv "
                            "(not a current HGNC protein-coding symbol, or not placed in %s)%s"
                            % (build, sym, build, build,
                               "; HGNC: " + "; ".join(hint) if hint else "; unknown to HGNC"))
            continue
        if want_hgnc and want_hgnc != m["hgnc_id"]:
            problems.append("%s %s: genes.json says %s but refdata says %s"
                            % (build, sym, want_hgnc, m["hgnc_id"]))
            continue
        chrom = norm_chrom(m["chrom"])
        expect = mane_chrom.get(m["hgnc_id"])
        if expect is not None and expect != chrom:
            problems.append("%s %s: MANE transcript placed on %s but MANE v1.0 chromosome is %s"
                            % (build, sym, chrom, expect))
            continue
        tx_s, tx_e = int(m["tx_start"]), int(m["tx_end"])
        cands = [s for s in spans.get(sym, [])
                 if norm_chrom(s["chrom"]) == chrom and s["strand"] == m["strand"]
                 and int(s["start"]) <= tx_e and int(s["end"]) >= tx_s]
        if len(cands) != 1:
            problems.append("%s %s: %d gene_spans loci overlap the MANE transcript %s:%d-%d"
                            % (build, sym, len(cands), chrom, tx_s, tx_e))
            continue
        s = cands[0]
        if s["hgnc_id"] != m["hgnc_id"]:
            problems.append("%s %s: gene_spans hgnc_id %s != %s" % (build, sym, s["hgnc_id"], m["hgnc_id"]))
            continue
        if chrom not in VALID_CHROMS:
            problems.append("%s %s: unexpected chromosome %s" % (build, sym, chrom))
            continue
        span_s, span_e = int(s["start"]), int(s["end"])
        if not (span_s <= tx_s and tx_e <= span_e):
            problems.append("%s %s: union span %d-%d does not contain MANE transcript %d-%d"
                            % (build, sym, span_s, span_e, tx_s, tx_e))
            continue
        starts = m["exon_starts_tx_order"].split(",")
        ends = m["exon_ends_tx_order"].split(",")
        if len(starts) != int(m["exon_count"]) or len(ends) != len(starts):
            problems.append("%s %s: exon_count does not match the exon lists" % (build, sym))
            continue
        rows.append([sym, m["hgnc_id"], chrom, str(span_s), str(span_e), m["strand"],
                     m["mane_refseq_nm_v1.0"], m["mane_ensembl_enst_v1.0"], m["refgene_nm_used"],
                     m["tx_start"], m["tx_end"], m["cds_start"], m["cds_end"], m["exon_count"],
                     m["exon_starts_tx_order"], m["exon_ends_tx_order"]])
    header = ("# source: %s gene spans (union of RefSeq NM_ transcripts, UCSC refGene 2018) and MANE "
              "Select v1.0 exon structure, via refdata genes/derived/gene_spans.%s.tsv and "
              "mane_select_transcripts.%s.tsv; 1-based closed coordinates\n" % (build, build, build))
    text = header + "\t".join(COLUMNS) + "\n" + "".join("\t".join(r) + "\n" for r in rows)
    return text, problems, len(rows)


def build(refdata, kb):
    genes = load_genes(kb)
    mane_chrom = load_mane_chrom(refdata)
    hints = load_symbol_hints(refdata)
    outputs, problems = {}, []
    counts = {}
    for b in BUILDS:
        text, probs, n = build_table(refdata, b, genes, mane_chrom, hints)
        outputs["gene_table.%s.tsv" % b] = text
        problems += probs
        counts[b] = n
    return outputs, problems, len(genes), counts



def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--refdata", default=DEFAULT_REFDATA, help="refdata folder (default %(default)s)")
    ap.add_argument("--kb", default=DEFAULT_KB, help="knowledge-base folder (default %(default)s)")
    ap.add_argument("--check", action="store_true",
                    help="regenerate in memory and exit 1 if the files in --kb differ")
    a = ap.parse_args(argv)
    try:
        outputs, problems, n_genes, counts = build(a.refdata, a.kb)
    except DeriveError as e:
        sys.stderr.write("%s: error: %s\n" % (PROG, e))
        return 2
    if problems:
        for p in problems:
            sys.stderr.write("%s: gene not placed: %s\n" % (PROG, p))
        sys.stderr.write("%s: %d problem(s); nothing written\n" % (PROG, len(problems)))
        return 1
    print("%s: %d genes from genes.json; rows: %s" % (
        PROG, n_genes, ", ".join("%s %d" % (b, counts[b]) for b in BUILDS)))
    if a.check:
        if not compare(a.kb, outputs, PROG):
            return 1
        print("%s: check OK" % PROG)
        return 0
    write(a.kb, outputs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
