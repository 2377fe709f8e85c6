#!/usr/bin/env python3
"""Unit tests of scripts/derive_genomic_keys.py for multi-base substitutions (issue 13 item 11).

1. Synthetic transcripts (made up for this test: a plus-strand and a minus-strand gene of two
   coding exons, rows in the layout of refdata genes/derived/mane_select_transcripts.<build>.tsv):
   c. to genomic positions on both strands, SNV and delins keys (reverse-complemented on the minus
   strand), a delins across an exon junction refused, the reference codon inferred from the
   genetic code and the listed single-base changes, and the refusals (bases not fixed, ALT codon
   giving another amino acid, a kept reference base, unequal lengths).
2. With /work/shared/refdata (skipped, and said so, when absent): the BRAF (minus strand) and KIT
   (plus strand) two-base keys derived in GRCh37 and GRCh38 equal the committed
   knowledgebase/genomic_keys.json, and the V600K key starts at the V600E key.
"""
import importlib.util
import json
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
spec = importlib.util.spec_from_file_location("derive", os.path.join(REPO, "scripts", "derive_genomic_keys.py"))
derive = importlib.util.module_from_spec(spec)
spec.loader.exec_module(derive)

FAILURES = []


def check(cond, msg):
    if not cond:
        FAILURES.append(msg)


def raises(fn, text):
    try:
        fn()
    except derive.DeriveError as e:
        return text in str(e)
    return False


def row(strand, exons, cds):
    """A transcript row: exons as (start, end) in transcript order, 1-based closed."""
    return {"symbol": "G", "refgene_nm_used": "NM_TEST", "selection": "exact_accession",
            "mane_refseq_nm_v1.0": "NM_TEST", "chrom": "chr1", "strand": strand,
            "cds_start": str(cds[0]), "cds_end": str(cds[1]),
            "exon_starts_tx_order": ",".join(str(s) for s, _ in exons),
            "exon_ends_tx_order": ",".join(str(e) for _, e in exons)}


def synthetic():
    # Plus strand: coding exon 1 = 101..106 (c.1-6), exon 2 = 201..206 (c.7-12).
    plus = row("+", [(101, 106), (201, 206)], (101, 206))
    # Minus strand: exon 1 (transcript order) = 306..301 (c.1-6), exon 2 = 206..201 (c.7-12).
    minus = row("-", [(301, 306), (201, 206)], (201, 306))
    tx = {("GRCh38", "P"): plus, ("GRCh38", "M"): minus}
    check(derive.c_to_genomic(plus, 1) == 101 and derive.c_to_genomic(plus, 7) == 201, "plus: c. positions")
    check(derive.c_to_genomic(minus, 1) == 306 and derive.c_to_genomic(minus, 7) == 206, "minus: c. positions")
    k, _ = derive.derive_key(tx, "GRCh38", "P", "c.5C>T")
    check((k["pos"], k["ref"], k["alt"]) == (105, "C", "T"), "plus SNV %s" % k)
    k, _ = derive.derive_key(tx, "GRCh38", "M", "c.5C>T")
    check((k["pos"], k["ref"], k["alt"]) == (302, "G", "A"), "minus SNV complemented %s" % k)
    k, _ = derive.derive_key(tx, "GRCh38", "P", "c.4_5delinsAA", "GT")
    check((k["pos"], k["ref"], k["alt"]) == (104, "GT", "AA"), "plus delins %s" % k)
    # Minus strand: c.4 = 303, c.5 = 302; genome order 302..303 is c.5,c.4 complemented.
    k, _ = derive.derive_key(tx, "GRCh38", "M", "c.4_5delinsAA", "GT")
    check((k["pos"], k["ref"], k["alt"]) == (302, "AC", "TT"), "minus delins reverse-complemented %s" % k)
    k, _ = derive.derive_key(tx, "GRCh38", "M", "c.4_5delinsAG", "GT")
    check((k["ref"], k["alt"]) == ("AC", "CT"), "minus delins AG -> CT %s" % k)
    check(raises(lambda: derive.derive_key(tx, "GRCh38", "P", "c.6_7delinsAA", "GT"), "spans an intron"),
          "delins across the exon junction is refused")
    check(raises(lambda: derive.derive_key(tx, "GRCh38", "P", "c.4_5delinsAT", "GT"), "keeps a reference base"),
          "delins keeping a reference base is refused")
    check(raises(lambda: derive.derive_key(tx, "GRCh38", "P", "c.4_6delinsAA", "GTG"), "only substitutions"),
          "unequal delins refused")
    check(raises(lambda: derive.derive_key(tx, "GRCh38", "P", "c.4_5del", None), "neither"), "del refused")

    # Reference codon inference: V600 = GTN; V600M c.1798G>A (ATG only) fixes the third base.
    v600m = [(0, "G", "A", "M")]
    check(derive.delins_reference("V600K", "c.1798_1799delinsAA", v600m) == ("GT", None), "V600K ref GT")
    check(derive.delins_reference("V600D", "c.1799_1800delinsAT", v600m) == ("TG", None), "V600D ref TG")
    ref, why = derive.delins_reference("V600D", "c.1799_1800delinsAT", [])
    check(ref is None and "not fixed" in why, "without V600M the third base is unknown: %s" % why)
    ref, why = derive.delins_reference("V600K", "c.1798_1799delinsAG", v600m)
    check(ref is None and "gives R" in why, "AGG is Arg, not Lys: %s" % why)
    ref, why = derive.delins_reference("V600K", "c.1799_1801delinsAAA", v600m)
    check(ref is None and "two codons" in why, "a delins over two codons is refused: %s" % why)
    ref, why = derive.delins_reference("D816F", "c.2446_2447delinsTT", [])
    check(ref == "GA" and why is None, "KIT D816 = GAY fixes GA: %s %s" % (ref, why))


def bundled():
    refdata = derive.DEFAULT_REFDATA
    if not os.path.isdir(os.path.join(refdata, "genes", "derived")):
        print("SKIP bundled keys: %s is absent" % refdata)
        return
    tx = derive.load_transcripts(refdata)
    keys = json.load(open(os.path.join(REPO, "knowledgebase", "genomic_keys.json")))["keys"]
    committed = {(k["gene"], k["hgvsc"]): k for k in keys}
    cases = [("BRAF", "c.1798_1799delinsAA", "GT", "-"), ("BRAF", "c.1799_1800delinsAT", "TG", "-"),
             ("KIT", "c.2446_2447delinsTT", "GA", "+")]
    for build in derive.BUILDS:
        for gene, hgvsc, ref, strand in cases:
            key, r = derive.derive_key(tx, build, gene, hgvsc, ref)
            check(r["strand"] == strand, "%s %s strand %s" % (build, gene, r["strand"]))
            c = committed.get((gene, hgvsc))
            check(c is not None and c[build] == key, "%s %s %s: derived %s, committed %s"
                  % (build, gene, hgvsc, key, c and c[build]))
        e = committed[("BRAF", "c.1799T>A")][build]
        k = committed[("BRAF", "c.1798_1799delinsAA")][build]
        check(k["pos"] == e["pos"] and k["ref"][0] == e["ref"], "%s: V600K starts at the V600E base" % build)
    print("bundled two-base keys checked in %s" % ", ".join(derive.BUILDS))


def main():
    synthetic()
    bundled()
    for msg in FAILURES:
        print("FAIL " + msg)
    print("derive_genomic_keys unit tests: %s" % ("OK" if not FAILURES else "%d failures" % len(FAILURES)))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
