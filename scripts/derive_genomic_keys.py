#!/usr/bin/env python3
"""Derive genomic keys (VCF alleles) for the protein changes of the pedtx knowledge base.

Makes:
  knowledgebase/genomic_keys.json
  {"generated_by": "scripts/derive_genomic_keys.py", "source": "...", "keys": [
    {"gene": "BRAF", "change": "V600E", "hgvsc": "c.1799T>A", "transcript": "NM_004333.6",
     "GRCh37": {"chrom": "7", "pos": 140453136, "ref": "A", "alt": "T"},
     "GRCh38": {"chrom": "7", "pos": 140753336, "ref": "A", "alt": "T"},
     "cross_check": "GRCh37: <source>; GRCh38: <source>"   (or null)}, ...]}
  One key per distinct (gene, change, hgvsc), sorted by gene, change, hgvsc; chrom without
  `chr`, pos 1-based, ref/alt on the genomic plus strand. 2-space indent, one key per line.

From:
  <kb>/evidence.json: every alteration {"type": "protein_change", "gene": G, "change": C,
      "hgvsc": ["c.1799T>A", ...]}, and the `alleles` of codon / codon_range rules. Accepted on the
      MANE Select transcript: single-base substitutions `c.<N><REF>><ALT>`, and multi-base
      substitutions inside one codon `c.<N>_<M>delins<ALT>` (M - N + 1 == len(ALT), 2 or 3
      bases: BRAF V600K c.1798_1799delinsAA), whose key is an MNV (REF and ALT of equal length);
      anything else is an error.
  <refdata>/genes/derived/mane_select_transcripts.<build>.tsv: MANE Select v1.0 transcript
      exon/CDS structure (RefSeq as aligned by UCSC refGene), GRCh37 and GRCh38.
  scripts/published_coordinates.tsv: hand-maintained coordinates copied from published
      sources (ClinVar, CIViC, peer test files), columns gene, hgvsc, build, chrom, pos, ref,
      alt, source.

Method: walk the coding parts of the exons in transcript order starting at the first coding
base (cds_start on + strand genes, cds_end on - strand genes); c.N is the N-th coding base.
On - strand genes the genomic position counts down and ref/alt are complemented. Checks, each
fatal (exit 1, nothing written): codon (N+2)//3 must equal the protein position of `change`
(V600E -> 600); the CDS length must be a multiple of 3; the transcript must be the MANE
accession itself (refGene fallbacks are accepted only when a published coordinate confirms the
key); every published coordinate must equal the derived key (all rows of
published_coordinates.tsv are derived and compared, whether or not evidence.json uses them).
The script prints how many keys were cross-checked and lists those that were not.

Multi-base substitutions (delins) name no reference bases, and refdata hold no sequence: the
reference codon is inferred from the genetic code and the knowledge base's own single-base
changes at that codon (the codons that code the reference amino acid, carry each listed
single-base change's REF, and give its amino acid with its ALT: BRAF V600 = GTN, and V600M
c.1798G>A needs ATG, so GTG). Every base the delins replaces must be the same in every codon
left, and differ from its ALT base; the ALT codon must give the change's amino acid for every
codon left; the N..M bases must be contiguous in the genome (not split by an intron). Otherwise
the script exits 1 naming the allele.

Regenerate (from the repository root):
  python3 scripts/derive_genomic_keys.py [--refdata DIR] [--kb DIR]
  python3 scripts/derive_genomic_keys.py --check     # exit 1 if the committed file differs
or everything at once: python3 scripts/derive_all.py
"""
import argparse
import csv
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # loaded by path from tests too
from derived_files import compare, write  # noqa: E402

BUILDS = ("GRCh37", "GRCh38")
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_REFDATA = os.path.normpath(os.path.join(REPO, "..", "shared", "refdata"))
DEFAULT_KB = os.path.join(REPO, "knowledgebase")
PUBLISHED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "published_coordinates.tsv")
PROG = "derive_genomic_keys"
OUTPUT = "genomic_keys.json"
SOURCE = ("MANE Select v1.0 transcripts (NCBI/EMBL-EBI), exon and CDS structure from UCSC refGene "
          "(hg19 = GRCh37, hg38 = GRCh38) via refdata genes/derived/mane_select_transcripts.<build>.tsv")
HGVSC_SUB = re.compile(r"^c\.([1-9][0-9]*)([ACGT])>([ACGT])$")
HGVSC_DELINS = re.compile(r"^c\.([1-9][0-9]*)_([1-9][0-9]*)delins([ACGT]{2,3})$")
CHANGE_POS = re.compile(r"^[A-Z*]([1-9][0-9]*)")
COMP = {"A": "T", "C": "G", "G": "C", "T": "A"}
PUB_COLUMNS = ["gene", "hgvsc", "build", "chrom", "pos", "ref", "alt", "source"]


BASES = "TCAG"
AMINO = "FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG"
CODE = {a + b + c: AMINO[16 * i + 4 * j + k]
        for i, a in enumerate(BASES) for j, b in enumerate(BASES) for k, c in enumerate(BASES)}
CHANGE_SNV = re.compile(r"^([A-Z*])([1-9][0-9]*)([A-Z*])$")


def check_genetic_code(change, hgvsc_list):
    """None, or why the c. changes cannot give `change` (R132H) by the standard genetic code.

    Without the reference sequence the codon is not known; the check asks that some codon
    whose base at the changed position is the hgvsc's REF translates to the reference amino
    acid, and the same codon with ALT there to the new one. All hgvsc of one change that touch
    the same codon position must agree on REF. Catches a wrong position or base in curation."""
    m = CHANGE_SNV.match(change)
    if not m:
        return None  # deletions, frameshifts, ...: not a single-amino-acid substitution
    ref_aa, pos, alt_aa = m.group(1), int(m.group(2)), m.group(3)
    for h in hgvsc_list:
        mh = HGVSC_SUB.match(h) if isinstance(h, str) else None
        if not mh:
            continue  # reported by derive_key
        n, ref, alt = int(mh.group(1)), mh.group(2), mh.group(3)
        if (n + 2) // 3 != pos:
            continue  # reported below with the codon check
        k = (n - 1) % 3
        ok = any(CODE[c] == ref_aa and CODE[c[:k] + alt + c[k + 1:]] == alt_aa
                 for c in CODE if c[k] == ref)
        if not ok:
            return ("%s cannot change %s to %s: no codon with %s at position %d of codon %d "
                    "codes %s and, with %s there, %s" % (h, ref_aa, alt_aa, ref, k + 1, pos, ref_aa, alt, alt_aa))
    return None


class DeriveError(Exception):
    pass


def norm_chrom(c):
    c = c[3:] if c.startswith("chr") else c
    return "MT" if c == "M" else c


def load_transcripts(refdata):
    tx = {}
    for b in BUILDS:
        path = os.path.join(refdata, "genes", "derived", "mane_select_transcripts.%s.tsv" % b)
        if not os.path.isfile(path):
            raise DeriveError("missing %s" % path)
        with open(path, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                tx[(b, r["symbol"])] = r
    return tx


def coding_segments(row):
    """Coding parts of the exons, in transcript order, as (start, end) 1-based closed."""
    if not row["cds_start"] or not row["cds_end"]:
        return None
    cs, ce = int(row["cds_start"]), int(row["cds_end"])
    starts = [int(x) for x in row["exon_starts_tx_order"].split(",")]
    ends = [int(x) for x in row["exon_ends_tx_order"].split(",")]
    segs = []
    for s, e in zip(starts, ends):
        s2, e2 = max(s, cs), min(e, ce)
        if s2 <= e2:
            segs.append((s2, e2))
    return segs


def c_to_genomic(row, n):
    """Genomic 1-based position of coding base c.n on the transcript row."""
    segs = coding_segments(row)
    if not segs:
        raise DeriveError("transcript %s is non-coding" % row["refgene_nm_used"])
    total = sum(e - s + 1 for s, e in segs)
    if total % 3:
        raise DeriveError("CDS of %s (%s) is %d bases, not a multiple of 3"
                          % (row["symbol"], row["refgene_nm_used"], total))
    if n > total:
        raise DeriveError("c.%d is beyond the %d-base CDS of %s" % (n, total, row["refgene_nm_used"]))
    rem = n - 1
    for s, e in segs:
        length = e - s + 1
        if rem < length:
            return s + rem if row["strand"] == "+" else e - rem
        rem -= length
    raise AssertionError("unreachable")


def revcomp(seq):
    return "".join(COMP[b] for b in reversed(seq))


def derive_key(tx, build, gene, hgvsc, delins_ref=None):
    """The VCF allele of `hgvsc`; a delins needs its reference bases (coding strand) in delins_ref."""
    row = tx.get((build, gene))
    m = HGVSC_SUB.match(hgvsc)
    md = HGVSC_DELINS.match(hgvsc)
    if not m and not md:
        raise DeriveError("hgvsc %r of %s is neither a single-base substitution c.<N><REF>><ALT> (e.g. "
                          "c.1799T>A) nor a substitution of 2-3 bases c.<N>_<M>delins<ALT> (e.g. "
                          "c.1798_1799delinsAA); intronic, UTR, dup, del and ins forms are not supported: "
                          "give those as a `genomic` alteration" % (hgvsc, gene))
    if row is None:
        raise DeriveError("%s has no MANE Select transcript in %s (is it a current HGNC symbol?)"
                          % (gene, build))
    if row["strand"] not in ("+", "-"):
        raise DeriveError("%s: bad strand %r" % (gene, row["strand"]))
    if m:
        n, ref, alt = int(m.group(1)), m.group(2), m.group(3)
        if ref == alt:
            raise DeriveError("hgvsc %r of %s has REF == ALT" % (hgvsc, gene))
        pos = c_to_genomic(row, n)
        if row["strand"] == "-":
            ref, alt = COMP[ref], COMP[alt]
        return {"chrom": norm_chrom(row["chrom"]), "pos": pos, "ref": ref, "alt": alt}, row
    n, last, alt = int(md.group(1)), int(md.group(2)), md.group(3)
    if last - n + 1 != len(alt):
        raise DeriveError("hgvsc %r of %s replaces %d bases with %d: only substitutions of equal length "
                          "(MNVs) give a genomic key" % (hgvsc, gene, max(last - n + 1, 0), len(alt)))
    if delins_ref is None or len(delins_ref) != len(alt):
        raise DeriveError("hgvsc %r of %s: the reference bases of c.%d_%d are unknown" % (hgvsc, gene, n, last))
    if any(r == a for r, a in zip(delins_ref, alt)):
        raise DeriveError("hgvsc %r of %s keeps a reference base (reference %s): write the smallest change"
                          % (hgvsc, gene, delins_ref))
    first_g, last_g = c_to_genomic(row, n), c_to_genomic(row, last)
    if abs(last_g - first_g) != last - n:
        raise DeriveError("hgvsc %r of %s spans an intron in %s: no single VCF record" % (hgvsc, gene, build))
    ref, alt_g = delins_ref, alt
    if row["strand"] == "-":
        ref, alt_g = revcomp(ref), revcomp(alt_g)
    return {"chrom": norm_chrom(row["chrom"]), "pos": min(first_g, last_g), "ref": ref, "alt": alt_g}, row


def codon_candidates(change, single_base):
    """Codons (coding strand) that code the reference amino acid of `change` (V600K -> V) and
    agree with every single-base change the knowledge base lists at that codon:
    single_base = [(k, ref, alt, alt_aa)] with k the 0-based place in the codon."""
    ref_aa = change[0]
    out = []
    for c in sorted(CODE):
        if CODE[c] != ref_aa:
            continue
        if all(c[k] == ref and CODE[c[:k] + alt + c[k + 1:]] == alt_aa for k, ref, alt, alt_aa in single_base):
            out.append(c)
    return out


def delins_reference(change, hgvsc, single_base):
    """(reference bases, None) for a delins inside one codon, or (None, why not)."""
    md = HGVSC_DELINS.match(hgvsc)
    mc = CHANGE_SNV.match(change)
    if not mc:
        return None, "%s is not a single amino-acid substitution" % change
    n, last, alt = int(md.group(1)), int(md.group(2)), md.group(3)
    codon = (n + 2) // 3
    if (last + 2) // 3 != codon:
        return None, "c.%d_%d spans two codons" % (n, last)
    if codon != int(mc.group(2)):
        return None, "c.%d_%d is in codon %d but the change says position %s" % (n, last, codon, mc.group(2))
    k0, k1 = (n - 1) % 3, (last - 1) % 3
    cands = codon_candidates(change, single_base)
    if not cands:
        return None, ("no codon coding %s agrees with the single-base changes listed at codon %d"
                      % (change[0], codon))
    refs = {c[k0:k1 + 1] for c in cands}
    if len(refs) != 1:
        return None, ("the reference bases of c.%d_%d are not fixed (codons left: %s): list a single-base "
                      "change at this codon that fixes them" % (n, last, ", ".join(cands)))
    for c in cands:
        mutated = c[:k0] + alt + c[k1 + 1:]
        if CODE[mutated] != mc.group(3):
            return None, "%s>%s gives %s, not %s" % (c, mutated, CODE[mutated], mc.group(3))
    return refs.pop(), None


def load_evidence(kb):
    path = os.path.join(kb, "evidence.json")
    if not os.path.isfile(path):
        raise DeriveError("missing %s" % path)
    with open(path, encoding="utf-8") as fh:
        try:
            data = json.load(fh)
        except json.JSONDecodeError as e:
            raise DeriveError("%s is not valid JSON: %s" % (path, e))
    ev = data.get("evidence") if isinstance(data, dict) else None
    if not isinstance(ev, list):
        raise DeriveError("%s has no top-level \"evidence\" array" % path)
    return ev


def load_published(path):
    rows = []
    if not os.path.isfile(path):
        raise DeriveError("missing %s" % path)
    with open(path, encoding="utf-8", newline="") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    rd = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    if rd.fieldnames != PUB_COLUMNS:
        raise DeriveError("%s: header must be %s, is %s" % (path, "\t".join(PUB_COLUMNS), rd.fieldnames))
    for i, r in enumerate(rd, 2):
        if None in r or any(r[c] in (None, "") for c in PUB_COLUMNS):
            raise DeriveError("%s: data row %d is incomplete" % (path, i))
        if r["build"] not in BUILDS:
            raise DeriveError("%s: data row %d: build must be GRCh37 or GRCh38" % (path, i))
        if not r["pos"].isdigit():
            raise DeriveError("%s: data row %d: pos is not a number" % (path, i))
        rows.append({"gene": r["gene"], "hgvsc": r["hgvsc"], "build": r["build"],
                     "chrom": norm_chrom(r["chrom"]), "pos": int(r["pos"]),
                     "ref": r["ref"].upper(), "alt": r["alt"].upper(), "source": r["source"]})
    return rows


def build(refdata, kb, published_path):
    tx = load_transcripts(refdata)
    evidence = load_evidence(kb)
    published = load_published(published_path)
    errors, notes = [], []

    # 1. collect (gene, change, hgvsc) from evidence.json
    wanted = {}          # (gene, change, hgvsc) -> [evidence ids]
    change_of = {}       # (gene, hgvsc) -> change
    n_pc, n_no_hgvsc, n_alleles = 0, 0, 0
    todo = []            # (evidence id, gene, change, hgvsc list)
    for i, item in enumerate(evidence):
        eid = item.get("id", "evidence[%d]" % i) if isinstance(item, dict) else "evidence[%d]" % i
        alt = item.get("alteration") if isinstance(item, dict) else None
        if not isinstance(alt, dict):
            continue
        if alt.get("type") == "protein_change":
            n_pc += 1
            if alt.get("hgvsc") is None:
                n_no_hgvsc += 1
                continue
            todo.append((eid, alt.get("gene"), alt.get("change"), alt.get("hgvsc")))
        elif alt.get("type") in ("codon", "codon_range") and alt.get("alleles") is not None:
            if not isinstance(alt["alleles"], list):
                errors.append("%s: alleles must be a list" % eid)
                continue
            lo, hi = (alt.get("codon"), alt.get("codon")) if alt["type"] == "codon" else (alt.get("start"), alt.get("end"))
            for a in alt["alleles"]:
                if not isinstance(a, dict):
                    errors.append("%s: each allele is an object {change, hgvsc}" % eid)
                    continue
                n_alleles += 1
                mpos = CHANGE_POS.match(a.get("change") or "")
                if not mpos or not (isinstance(lo, int) and isinstance(hi, int) and lo <= int(mpos.group(1)) <= hi):
                    errors.append("%s: allele %r is not at codon(s) %s-%s of the rule" % (eid, a.get("change"), lo, hi))
                    continue
                todo.append((eid, alt.get("gene"), a.get("change"), a.get("hgvsc")))
    for eid, gene, change, hg in todo:
        if not isinstance(gene, str) or not isinstance(change, str) or not isinstance(hg, list):
            errors.append("%s: protein_change needs string gene/change and a list hgvsc" % eid)
            continue
        problem = check_genetic_code(change, hg)
        if problem:
            errors.append("%s %s %s: %s" % (eid, gene, change, problem))
            continue
        for h in hg:
            if not isinstance(h, str):
                errors.append("%s %s %s: hgvsc entries must be strings" % (eid, gene, change))
                continue
            prev = change_of.setdefault((gene, h), change)
            if prev != change:
                errors.append("%s: %s %s is given as both %s and %s" % (eid, gene, h, prev, change))
                continue
            wanted.setdefault((gene, change, h), []).append(eid)

    ref_at = {}          # (gene, c. position) -> (reference base, hgvsc)
    for (gene, change, h) in sorted(wanted):
        m = HGVSC_SUB.match(h)
        if not m:
            continue
        prev = ref_at.setdefault((gene, int(m.group(1))), (m.group(2), h))
        if prev[0] != m.group(2):
            errors.append("%s: %s and %s disagree on the reference base of c.%s" % (gene, prev[1], h, m.group(1)))

    single_at = {}       # (gene, codon) -> [(k, ref, alt, alt amino acid)] from single-base hgvsc
    for (gene, change, h) in sorted(wanted):
        m, mc = HGVSC_SUB.match(h), CHANGE_SNV.match(change)
        if m and mc and (int(m.group(1)) + 2) // 3 == int(mc.group(2)):
            n = int(m.group(1))
            single_at.setdefault((gene, (n + 2) // 3), []).append(((n - 1) % 3, m.group(2), m.group(3), mc.group(3)))
    delins_ref = {}      # (gene, change, hgvsc) -> reference bases on the coding strand
    for (gene, change, h) in sorted(wanted):
        md = HGVSC_DELINS.match(h)
        if not md:
            continue
        ref, why = delins_reference(change, h, single_at.get((gene, (int(md.group(1)) + 2) // 3), []))
        if why:
            errors.append("%s %s %s (%s): %s" % (gene, change, h, ",".join(wanted[(gene, change, h)]), why))
        else:
            delins_ref[(gene, change, h)] = ref

    # 2. derive every published coordinate (self-test of the method) and index them
    pub_ok = {}          # (gene, hgvsc, build) -> [sources]
    for p in published:
        try:
            pref = None
            if HGVSC_DELINS.match(p["hgvsc"]):  # the published REF gives the coding-strand bases
                strand = (tx.get((p["build"], p["gene"])) or {}).get("strand")
                pref = revcomp(p["ref"]) if strand == "-" else p["ref"]
            key, _ = derive_key(tx, p["build"], p["gene"], p["hgvsc"], pref)
        except DeriveError as e:
            errors.append("published_coordinates.tsv %s %s %s: %s" % (p["gene"], p["hgvsc"], p["build"], e))
            continue
        got = (key["chrom"], key["pos"], key["ref"], key["alt"])
        exp = (p["chrom"], p["pos"], p["ref"], p["alt"])
        if got != exp:
            errors.append("MISMATCH %s %s %s: derived %s:%d %s>%s but %s says %s:%d %s>%s"
                          % (p["gene"], p["hgvsc"], p["build"], got[0], got[1], got[2], got[3],
                             p["source"], exp[0], exp[1], exp[2], exp[3]))
            continue
        pub_ok.setdefault((p["gene"], p["hgvsc"], p["build"]), []).append(p["source"])

    # 3. derive the keys wanted by evidence.json
    keys = []
    n_cross = {0: [], 1: [], 2: []}
    for (gene, change, h) in sorted(wanted):
        ids = ",".join(wanted[(gene, change, h)])
        where = "%s %s %s (%s)" % (gene, change, h, ids)
        mpos = CHANGE_POS.match(change)
        if not mpos:
            errors.append("%s: cannot read the protein position from change %r" % (where, change))
            continue
        obj = {"gene": gene, "change": change, "hgvsc": h}
        if HGVSC_DELINS.match(h) and (gene, change, h) not in delins_ref:
            continue  # reported above
        try:
            per_build, rows = {}, {}
            for b in BUILDS:
                per_build[b], rows[b] = derive_key(tx, b, gene, h, delins_ref.get((gene, change, h)))
        except DeriveError as e:
            errors.append("%s: %s" % (where, e))
            continue
        n = int((HGVSC_SUB.match(h) or HGVSC_DELINS.match(h)).group(1))
        codon, aa_pos = (n + 2) // 3, int(mpos.group(1))
        if codon != aa_pos:
            errors.append("%s: %s is in codon %d but the change says position %d"
                          % (where, h, codon, aa_pos))
            continue
        cross = []
        for b in BUILDS:
            srcs = pub_ok.get((gene, h, b))
            if srcs:
                cross.append("%s: %s" % (b, " | ".join(sorted(set(srcs)))))
        for b in BUILDS:
            if rows[b]["selection"] != "exact_accession" and not pub_ok.get((gene, h, b)):
                errors.append("%s: %s transcript for %s is %s (%s), not the MANE accession %s; "
                              "c. numbering is unverified -- add a published %s coordinate to "
                              "scripts/published_coordinates.tsv" % (
                                  where, b, gene, rows[b]["refgene_nm_used"], rows[b]["selection"],
                                  rows[b]["mane_refseq_nm_v1.0"], b))
        obj["transcript"] = rows["GRCh38"]["mane_refseq_nm_v1.0"]
        obj["GRCh37"] = per_build["GRCh37"]
        obj["GRCh38"] = per_build["GRCh38"]
        obj["cross_check"] = "; ".join(cross) if cross else None
        n_cross[len(cross)].append("%s %s %s" % (gene, change, h))
        keys.append(obj)

    lines = ["{",
             '  "generated_by": "scripts/derive_genomic_keys.py",',
             '  "source": %s,' % json.dumps(SOURCE),
             '  "keys": [']
    for i, k in enumerate(keys):
        lines.append("    " + json.dumps(k, ensure_ascii=False) + ("," if i + 1 < len(keys) else ""))
    lines += ["  ]", "}"]
    text = "\n".join(lines) + "\n"
    json.loads(text)  # sanity

    stats = {"protein_change": n_pc, "without_hgvsc": n_no_hgvsc, "rule_alleles": n_alleles, "keys": len(keys),
             "published_rows": len(published), "published_verified": sum(len(v) for v in pub_ok.values()),
             "cross": n_cross}
    return {OUTPUT: text}, errors, notes, stats



def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--refdata", default=DEFAULT_REFDATA, help="refdata folder (default %(default)s)")
    ap.add_argument("--kb", default=DEFAULT_KB, help="knowledge-base folder (default %(default)s)")
    ap.add_argument("--published", default=PUBLISHED,
                    help="published coordinates table (default %(default)s)")
    ap.add_argument("--check", action="store_true",
                    help="regenerate in memory and exit 1 if the file in --kb differs")
    a = ap.parse_args(argv)
    try:
        outputs, errors, notes, st = build(a.refdata, a.kb, a.published)
    except DeriveError as e:
        sys.stderr.write("%s: error: %s\n" % (PROG, e))
        return 2
    for n in notes:
        sys.stderr.write("%s: note: %s\n" % (PROG, n))
    print("%s: %d protein_change items (%d without hgvsc), %d keys; published coordinates: "
          "%d rows, %d verified against the derivation"
          % (PROG, st["protein_change"], st["without_hgvsc"], st["keys"], st["published_rows"],
             st["published_verified"]))
    if errors:
        for e in errors:
            sys.stderr.write("%s: ERROR: %s\n" % (PROG, e))
        sys.stderr.write("%s: %d error(s); nothing written\n" % (PROG, len(errors)))
        return 1
    cr = st["cross"]
    print("%s: cross-checked against a published coordinate: %d keys in both builds, %d in one "
          "build, %d not at all" % (PROG, len(cr[2]), len(cr[1]), len(cr[0])))
    for k in cr[1]:
        print("%s:   only one build cross-checked: %s" % (PROG, k))
    for k in cr[0]:
        print("%s:   NOT cross-checked: %s" % (PROG, k))
    if a.check:
        if not compare(a.kb, outputs, PROG):
            return 1
        print("%s: check OK" % PROG)
        return 0
    write(a.kb, outputs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
