#!/usr/bin/env python3
"""Recurrent alleles of codon and range rules carry hgvsc, and bare VCFs of them match (issue 13, item 11).

A codon rule (KIT D816, any change) or a range rule (ALK 1174-1275 missense) matches an
annotated VCF by its protein change. A file without annotation has no protein change: it can
only reach such a rule through the genomic keys that scripts/derive_genomic_keys.py derives from
the `hgvsc` of the rule's `alleles` (knowledgebase/FORMAT.md). This test holds the list of
recurrent alleles a pediatric tumor board expects (RECURRENT) and checks:

1. Static: every codon / codon_range rule of an actionable gene covering a listed codon lists
   each of its alleles with `hgvsc`, and every protein_change item of a listed allele has `hgvsc`.
   The hgvsc must be exactly the single-nucleotide changes that give the allele by the standard
   genetic code, given the reference amino acid and the codon bases confirmed from a source
   (CONFIRMED): "any SNV that produces the amino-acid change counts", so a codon where two or
   three SNVs give the same protein change must list each. An allele no SNV gives (BRAF V600K,
   KIT D816F) lists exactly the substitutions of two adjacent bases of the codon that give it
   (c.1798_1799delinsAA); an allele an SNV gives may list such two-base changes beside its SNVs
   (BRAF V600E c.1799_1800delinsAA, COSM475), each of which must give it.
2. Bare VCFs (needs --pedtx): for each build, one unannotated VCF (no INFO annotation, like a
   Mutect2 or Strelka call set; chromosome names as in the b37 and hg38 analysis sets) holding
   the genomic key of every listed allele; `pedtx annotate --genome BUILD` must report each
   record as a finding of the allele's gene, named by the allele, carrying every evidence item
   whose rule lists it.

Alleles whose SNV (or two-base change) depends on a codon base no source read confirmed
(NOT_SNV_DERIVABLE) are named in
knowledgebase/README.md, Known gaps; the test checks that they really are not derivable, so the
list shrinks when a source is added to CONFIRMED.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KB = os.path.join(REPO, "knowledgebase")

# (gene, codon) -> recurrent alleles (1-letter changes) the knowledge base must list with hgvsc.
RECURRENT = {
    ("IDH1", 132): ["R132H", "R132C", "R132G", "R132S", "R132L"],
    ("IDH2", 140): ["R140Q", "R140W", "R140L", "R140G"],
    ("IDH2", 172): ["R172K", "R172G"],
    ("KIT", 816): ["D816V", "D816H", "D816Y", "D816N", "D816G", "D816A", "D816F"],
    ("FLT3", 835): ["D835Y", "D835V", "D835H", "D835N", "D835A", "D835G"],
    ("BRAF", 600): ["V600E", "V600M", "V600G", "V600A", "V600L", "V600K", "V600D", "V600R"],
    ("ALK", 1174): ["F1174L", "F1174C", "F1174I", "F1174S", "F1174V"],
    ("ALK", 1245): ["F1245C", "F1245V", "F1245L", "F1245I"],
    ("ALK", 1275): ["R1275Q", "R1275L"],
    ("RET", 634): ["C634R", "C634Y", "C634F", "C634S", "C634G"],
    ("RET", 918): ["M918T"],
    ("H3-3A", 28): ["K28M"],
    ("H3C2", 28): ["K28M"],
    ("ABL1", 244): ["M244V"],
    ("ABL1", 253): ["Y253H"],
    ("ABL1", 255): ["E255K", "E255V"],
    ("ABL1", 299): ["V299L"],
    ("ABL1", 315): ["T315I", "T315A"],
    ("ABL1", 317): ["F317L", "F317V", "F317I", "F317C"],
    ("ABL1", 359): ["F359V", "F359I", "F359C"],
    ("ABL1", 396): ["H396R"],
    ("ABL1", 459): ["E459K"],
}

# Recurrent alleles left without hgvsc, each because no SNV gives it for every codon the
# confirmed bases allow (see Known gaps).
NOT_SNV_DERIVABLE = {
    ("IDH2", 172): ["R172M", "R172W", "R172S"],  # need the third base of AGR
    ("KIT", 816): ["D816E"],                      # third base of GAY
    ("FLT3", 835): ["D835E"],                      # third base of GAY
    ("RET", 634): ["C634W"],                       # third base of TGY
    ("H3C3", 28): ["K28M"],                        # third base of AAR
    ("ABL1", 250): ["G250E"],                      # third base of GGN
    ("ABL1", 252): ["Q252H"],                      # third base of CAR
}

# Codon bases confirmed from a source, beyond what the reference amino acid fixes (0-based index
# in the codon -> allowed bases). Each reason names what was read.
CONFIRMED = {
    ("IDH1", 132): ({0: "C", 1: "G", 2: "TC"},
                    "NM_005896.4 c.394C>T R132C, c.395G>A R132H, c.394C>A R132S (Ser needs AGY), reference-"
                    "checked known-variant list; GRCh38 2:208248388 C>T and 2:208248389 G>A in an HD829 control table"),
    ("IDH2", 140): ({0: "C", 1: "G", 2: "G"},
                    "NM_002168.4 c.419G>A R140Q and c.418C>T R140W (Trp needs TGG): MAF fix-up table, "
                    "g.chr15:90088702C>T / 90088703G>A"),
    ("IDH2", 172): ({0: "A", 1: "G", 2: "AG"},
                    "c.515G>A R172K (Lys needs AAR, so the codon is AGR): GRCh38 15:90088606 C>T"),
    ("BRAF", 600): ({2: "G"}, "c.1798G>A V600M (Met needs ATG): ClinVar VCV000376064 as cited in a hotspot list"),
    ("ALK", 1174): ({2: "C"}, "c.3522C>A F1174L (CIViC variant 8, scripts/published_coordinates.tsv)"),
    ("ALK", 1275): ({0: "C", 1: "G", 2: "AG"}, "c.3824G>A R1275Q (Gln needs CAR, so CGR)"),
    ("ABL1", 315): ({1: "C", 2: "TCA"}, "c.944C>T = p.Thr315Ile (ClinVar RCV000432136; Ile needs ATH)"),
    ("H3-3A", 28): ({2: "G"}, "c.83A>T = K28M (EV0039; genomic rule EV0038 GRCh38 1:226064434 A>T): Met needs ATG"),
    ("H3C2", 28): ({2: "G"}, "c.83A>T = K28M as curated in EV0040: Met needs ATG"),
    ("ABL1", 317): ({2: "C"}, "c.951C>A and c.951C>G in a diagnostic laboratory's ABL1 mutation list"),
}

BASES = "TCAG"
AMINO = "FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG"
CODE = {a + b + c: AMINO[16 * i + 4 * j + k]
        for i, a in enumerate(BASES) for j, b in enumerate(BASES) for k, c in enumerate(BASES)}


def snvs_for(gene, change):
    """The c. substitutions that give `change` for every codon still possible."""
    ref_aa, pos, alt_aa = change[0], int(change[1:-1]), change[-1]
    known = CONFIRMED.get((gene, pos), ({}, ""))[0]
    codons = [c for c in CODE if CODE[c] == ref_aa and all(c[k] in v for k, v in known.items())]
    out = []
    for k in range(3):
        refs = {c[k] for c in codons}
        if len(refs) != 1:
            continue
        ref = refs.pop()
        for alt in "ACGT":
            if alt != ref and all(CODE[c[:k] + alt + c[k + 1:]] == alt_aa for c in codons):
                out.append("c.%d%s>%s" % (3 * (pos - 1) + k + 1, ref, alt))
    return sorted(out)


def mnvs_for(gene, change):
    """The c. substitutions of two adjacent codon bases (c.N_N+1delinsXY, both bases changed) that
    give `change` for every codon still possible."""
    ref_aa, pos, alt_aa = change[0], int(change[1:-1]), change[-1]
    known = CONFIRMED.get((gene, pos), ({}, ""))[0]
    codons = [c for c in CODE if CODE[c] == ref_aa and all(c[k] in v for k, v in known.items())]
    out = []
    for k in range(2):
        refs = {c[k:k + 2] for c in codons}
        if len(refs) != 1:
            continue
        ref = refs.pop()
        for a in "ACGT":
            for b in "ACGT":
                if a != ref[0] and b != ref[1] and all(CODE[c[:k] + a + b + c[k + 2:]] == alt_aa for c in codons):
                    n = 3 * (pos - 1) + k + 1
                    out.append("c.%d_%ddelins%s%s" % (n, n + 1, a, b))
    return sorted(out)


FAILURES = []


def check(cond, msg):
    if not cond:
        FAILURES.append(msg)


def listed_alleles(evidence):
    """gene, change -> [(evidence id, hgvsc list)] over protein_change items and rule alleles."""
    out = {}
    for e in evidence:
        a = e["alteration"]
        if a["type"] == "protein_change":
            out.setdefault((a["gene"], a["change"]), []).append((e["id"], a.get("hgvsc")))
        for al in a.get("alleles", []):
            out.setdefault((a["gene"], al["change"]), []).append((e["id"], al.get("hgvsc")))
    return out


def static_checks(evidence):
    listed = listed_alleles(evidence)
    for e in evidence:
        a = e["alteration"]
        if a["type"] not in ("codon", "codon_range"):
            continue
        lo, hi = (a["codon"], a["codon"]) if a["type"] == "codon" else (a["start"], a["end"])
        given = {al["change"]: al["hgvsc"] for al in a.get("alleles", [])}
        covered = [(g, c) for (g, c) in RECURRENT if g == a["gene"] and lo <= c <= hi]
        check(a["type"] == "codon_range" or covered,
              "%s: codon rule %s %s has no entry in RECURRENT: list its recurrent alleles" % (e["id"], a["gene"], lo))
        for key in covered:
            for change in RECURRENT[key]:
                check(change in given, "%s: %s rule %d-%d does not list %s with hgvsc" % (e["id"], a["gene"], lo, hi, change))
    for (gene, codon), changes in sorted(RECURRENT.items()):
        for change in changes:
            want, two_base = snvs_for(gene, change), mnvs_for(gene, change)
            check(want or two_base, "%s %s: no SNV or two-base change gives it from the confirmed codon; move it to "
                  "NOT_SNV_DERIVABLE" % (gene, change))
            uses = listed.get((gene, change), [])
            check(uses, "%s %s: no evidence item or rule allele names it" % (gene, change))
            for eid, hg in uses:
                check(hg, "%s: %s %s has no hgvsc" % (eid, gene, change))
                if not hg:
                    continue
                snv = sorted(h for h in hg if "delins" not in h)
                mnv = sorted(h for h in hg if "delins" in h)
                if want:
                    check(snv == want, "%s: %s %s lists %s; the genetic code gives %s" % (eid, gene, change, snv, want))
                    check(set(mnv) <= set(two_base), "%s: %s %s lists %s; two-base changes that give it: %s"
                          % (eid, gene, change, mnv, two_base))
                else:
                    check(not snv and mnv == two_base, "%s: %s %s lists %s; the genetic code gives the two-base "
                          "changes %s" % (eid, gene, change, hg, two_base))
    for (gene, codon), changes in NOT_SNV_DERIVABLE.items():
        for change in changes:
            # Their recurrent forms are SNVs at a base no source fixed; a two-base change that happens
            # to give the amino acid (IDH2 R172S c.514_515delinsTC) is not one of them.
            now = snvs_for(gene, change)
            check(not now, "%s %s is derivable now (%s): add it to RECURRENT and to the rules" % (gene, change, now))


def bare_vcf_checks(pedtx, evidence):
    keys = json.load(open(os.path.join(KB, "genomic_keys.json")))["keys"]
    listed = listed_alleles(evidence)
    wanted = {(g, c) for (g, _), cs in RECURRENT.items() for c in cs}
    tmp = tempfile.mkdtemp(prefix="pedtx_rule_alleles_")
    for build, prefix in (("GRCh37", ""), ("GRCh38", "chr")):
        records = {}
        for k in keys:
            if (k["gene"], k["change"]) not in wanted:
                continue
            g = k[build]
            records[(g["chrom"], g["pos"], g["ref"], g["alt"])] = (k["gene"], k["change"], k["hgvsc"])
        found_alleles = {(gene, change) for gene, change, _ in records.values()}
        for gc in sorted(wanted - found_alleles):
            check(False, "%s: no %s genomic key for %s %s" % (build, build, gc[0], gc[1]))
        order = sorted(records, key=lambda r: (len(r[0]), r[0], r[1]))
        chroms = sorted({r[0] for r in order}, key=lambda c: (len(c), c))
        lines = ["##fileformat=VCFv4.2"] + ["##contig=<ID=%s%s>" % (prefix, c) for c in chroms] + [
            '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
            "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR"]
        for chrom, pos, ref, alt in order:
            lines.append("\t".join([prefix + chrom, str(pos), ".", ref, alt, ".", "PASS", ".", "GT", "0/1"]))
        sample = "bare_" + build
        vcf = os.path.join(tmp, sample + ".vcf")
        with open(vcf, "w") as f:
            f.write("\n".join(lines) + "\n")
        out = os.path.join(tmp, "out_" + build)
        r = subprocess.run([pedtx, "annotate", vcf, "--genome", build, "--tumor-type", "AML", "--age", "10",
                            "--out", out, "--no-timestamp"], capture_output=True, text=True)
        check(r.returncode == 0, "%s: pedtx annotate exited %d: %s" % (build, r.returncode, r.stderr))
        if r.returncode != 0:
            continue
        report = json.load(open(os.path.join(out, "TUMOR.pedtx.json")))  # named by the VCF's sample column
        by_pos = {}
        for f in report["findings"]:
            v = f.get("variant") or {}
            chrom = str(v.get("chrom", "")).replace("chr", "")
            by_pos.setdefault((chrom, v.get("pos"), v.get("ref"), v.get("alt")), []).append(f)
        for rec, (gene, change, hgvsc) in sorted(records.items()):
            fs = [f for f in by_pos.get(rec, []) if f["gene"] == gene]
            where = "%s %s:%d %s>%s (%s %s %s)" % (build, rec[0], rec[1], rec[2], rec[3], gene, change, hgvsc)
            check(len(fs) == 1, "%s: %d findings of %s" % (where, len(fs), gene))
            if len(fs) != 1:
                continue
            check(fs[0]["alteration"] == change, "%s: finding named %r" % (where, fs[0]["alteration"]))
            got = {ev["id"] for ev in fs[0]["evidence"]}
            need = {eid for eid, _ in listed.get((gene, change), [])}
            check(need <= got, "%s: evidence %s missing (has %s)" % (where, sorted(need - got), sorted(got)))
        print("%s: %d bare records of %d recurrent alleles checked" % (build, len(records), len(found_alleles)))
    shutil.rmtree(tmp, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pedtx", help="pedtx binary (without it only the static checks run)")
    args = ap.parse_args()
    evidence = json.load(open(os.path.join(KB, "evidence.json")))["evidence"]
    static_checks(evidence)
    if args.pedtx:
        bare_vcf_checks(args.pedtx, evidence)
    n = sum(len(v) for v in RECURRENT.values())
    for msg in FAILURES:
        print("FAIL " + msg)
    print("%d recurrent alleles in %d codons: %s" % (n, len(RECURRENT), "OK" if not FAILURES else "%d failures" % len(FAILURES)))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
