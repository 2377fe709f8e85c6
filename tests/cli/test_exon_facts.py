#!/usr/bin/env python3
"""Exon-level rules for every input (issue 14): an NPM1 type A insertion, a KIT exon 11 deletion
and a FLT3-ITD, each as a VEP-annotated, a bcftools csq (BCSQ) and a bare (Mutect2-like) VCF,
reach the same evidence; --reference checks REF and translates substitutions.

The VCFs are written here in the formats those tools write (VEP: CSQ with a "Format: ..." header
description; bcftools csq: BCSQ "Consequence|gene|transcript|biotype|strand|amino_acid_change|
dna_change"; Mutect2: GT:AD:AF:DP). Genomic positions come from the bundled gene table (MANE
Select structure) or from published alleles; REF bases of the KIT deletion and the FLT3 anchor
are made up (only their count and the inserted bases matter without --reference). The reference
FASTA of the last case is made up too: all N except the bases around BRAF codon 600, written as
BGZF with its .fai and .gzi by this script. Prints 'N passed, M failed'.
"""
import argparse
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402
from harness import REPO, case, expect, run  # noqa: E402


def gene_table(build):
    rows = {}
    with open(os.path.join(REPO, "knowledgebase", "gene_table.%s.tsv" % build)) as f:
        lines = [l for l in f.read().splitlines() if not l.startswith("#")]
    header = lines[0].split("\t")
    for line in lines[1:]:
        r = dict(zip(header, line.split("\t")))
        r["exons"] = list(zip(map(int, r["exon_starts"].split(",")), map(int, r["exon_ends"].split(","))))
        rows[r["symbol"]] = r
    return rows


def genomic_of_coding(gene, c):
    """Genomic position of c.N on the gene's MANE transcript (exons are in transcript order)."""
    cds_s, cds_e = int(gene["cds_start"]), int(gene["cds_end"])
    left = c
    for s, e in gene["exons"]:
        s, e = max(s, cds_s), min(e, cds_e)
        if s > e:
            continue
        n = e - s + 1
        if left <= n:
            return e - (left - 1) if gene["strand"] == "-" else s + (left - 1)
        left -= n
    raise ValueError("c.%d beyond the CDS" % c)


def revcomp(s):
    return s[::-1].translate(str.maketrans("ACGT", "TGCA"))


GRCH38_CONTIGS = {"4": 190214555, "5": 181538259, "7": 159345973, "13": 114364328, "1": 248956422}

HEADER = """##fileformat=VCFv4.2
##source=Mutect2
##reference=GRCh38
{contigs}##FILTER=<ID=PASS,Description="All filters passed">
##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">
##FORMAT=<ID=AF,Number=A,Type=Float,Description="Allele fraction">
##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">
{info}#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR
"""
CSQ_INFO = ('##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl VEP. Format: '
            'Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|EXON|INTRON|HGVSc|HGVSp|CANONICAL|'
            'MANE_SELECT">\n')
BCSQ_INFO = ('##INFO=<ID=BCSQ,Number=.,Type=String,Description="Haplotype-aware consequence annotation from '
             'BCFtools/csq, see http://samtools.github.io/bcftools/howtos/csq-calling.html for details. Format: '
             'Consequence|gene|transcript|biotype|strand|amino_acid_change|dna_change">\n')


def write_vcf(path, records, info_line=""):
    contigs = "".join("##contig=<ID=%s,length=%d>\n" % (c, n) for c, n in sorted(GRCH38_CONTIGS.items()))
    with open(path, "w") as f:
        f.write(HEADER.format(contigs=contigs, info=info_line))
        for chrom, pos, ref, alt, info in records:
            f.write("%s\t%d\t.\t%s\t%s\t.\tPASS\t%s\tGT:AD:AF:DP\t0/1:60,40:0.4:100\n" % (chrom, pos, ref, alt, info or "."))


def three_alleles():
    """(gene, chrom, pos, ref, alt, vep fields, bcsq fields) of the three AML alleles, GRCh38."""
    t = gene_table("GRCh38")
    kit, flt3 = t["KIT"], t["FLT3"]
    # NPM1 c.860_863dup (p.W288Cfs*12): published VCF allele 5:171410539 C>CTCTG.
    npm1 = ("NPM1", "5", 171410539, "C", "CTCTG",
            "TCTG|frameshift_variant|HIGH|NPM1|ENSG00000181163|Transcript|%s|protein_coding|11/11||%s:c.860_863dup|"
            "ENSP00000296930.4:p.Trp288CysfsTer12|YES|%s" % (t["NPM1"]["mane_ensembl"], t["NPM1"]["mane_ensembl"],
                                                              t["NPM1"]["mane_refseq"]),
            "frameshift|NPM1|%s|protein_coding|+|288W>288CX|171410539C>CTCTG" % t["NPM1"]["mane_ensembl"].split(".")[0])
    # KIT c.1669_1674del (p.W557_K558del) after the anchor c.1668; REF bases made up.
    anchor = genomic_of_coding(kit, 1668)
    kit_ref = "CTGGAAG"
    kit_allele = ("KIT", "4", anchor, kit_ref, kit_ref[0],
                  "-|inframe_deletion|MODERATE|KIT|ENSG00000157404|Transcript|%s|protein_coding|11/21||%s:c.1669_1674del|"
                  "ENSP00000288135.6:p.Trp557_Lys558del|YES|%s" % (kit["mane_ensembl"], kit["mane_ensembl"],
                                                                   kit["mane_refseq"]),
                  "inframe_deletion|KIT|%s|protein_coding|+|556QWK>556Q|%d%s>%s" % (
                      kit["mane_ensembl"].split(".")[0], anchor, kit_ref, kit_ref[0]))
    # FLT3-ITD: the 69-bp insertion of vcf2maf's test MAF (c.1813_1814ins..., exon 14), placed
    # after c.1814 of the GRCh38 transcript; the anchor base is made up.
    inserted = "ACTCCCATTTGAGATCATATTCATATTCTCTGAAATCAACGTAGAAGTACTCATTACCCCCTCGGGGGG"
    pos = genomic_of_coding(flt3, 1814)
    flt3_allele = ("FLT3", "13", pos, "A", "A" + inserted,
                   "%s|inframe_insertion|MODERATE|FLT3|ENSG00000122025|Transcript|%s|protein_coding|14/24||%s:c.1813_1814ins%s|"
                   "ENSP00000241453.7:p.Glu604_Phe605insSerProArgGlyGlyAsnGluTyrPheTyrValAspPheArgGluTyrGluTyrAspLeuLysTrpGlu|"
                   "YES|%s" % (inserted, flt3["mane_ensembl"], flt3["mane_ensembl"], revcomp(inserted), flt3["mane_refseq"]),
                   "inframe_insertion|FLT3|%s|protein_coding|-|604E>604ESPRGGNEYFYVDFREYEYDLKWE|%dA>A%s" % (
                       flt3["mane_ensembl"].split(".")[0], pos, inserted))
    return [npm1, kit_allele, flt3_allele]


def evidence_by_gene(out, sample="TUMOR"):
    """The report of the sample (named after the VCF's tumor column) and {gene: (tier, evidence ids)}."""
    with open(os.path.join(out, sample + ".pedtx.json")) as f:
        doc = json.load(f)
    return doc, {f["gene"]: (f["tier"], sorted(e["id"] for e in f["evidence"]))
                 for f in doc["findings"] if f["category"] == "mutation"}


@case
def bcsq_and_bare_vcfs_reach_the_vep_evidence():
    alleles = three_alleles()
    flavours = {
        "vep": (CSQ_INFO, lambda a: "CSQ=" + a[5]),
        "bcsq": (BCSQ_INFO, lambda a: "BCSQ=" + a[6]),
        "bare": ("", lambda a: None),
    }
    seen = {}
    for name, (info_line, info) in flavours.items():
        vcf = os.path.join(h.TMP, "aml_%s.vcf" % name)
        write_vcf(vcf, [(a[1], a[2], a[3], a[4], info(a)) for a in sorted(alleles, key=lambda a: (int(a[1]), a[2]))],
                  info_line)
        out = os.path.join(h.TMP, "out_" + name)
        r = run("annotate", vcf, "--out", out, "--tumor-type", "AML", "--age", "9", "--no-timestamp")
        expect(r.returncode == 0, "%s: exit %d %s" % (name, r.returncode, r.stderr))
        doc, found = evidence_by_gene(out)
        seen[name] = (doc, found)
        expect(set(found) == {"NPM1", "KIT", "FLT3"}, "%s: findings for %s" % (name, sorted(found)))
    vep = seen["vep"][1]
    expect("EV0042" in vep["NPM1"][1], "VEP NPM1 exon 11 evidence missing: %s" % (vep["NPM1"],))
    expect(vep["FLT3"][1], "VEP FLT3-ITD has no evidence")
    for name in ("bcsq", "bare"):
        expect(seen[name][1] == vep, "%s differs from VEP: %s vs %s" % (name, seen[name][1], vep))
    # How each was matched, and the facts pedtx filled in.
    for name, expected in (("bcsq", "transcript_tables"), ("bare", "transcript_tables")):
        doc = seen[name][0]
        npm1 = next(f for f in doc["findings"] if f["gene"] == "NPM1")
        ev = next(e for e in npm1["evidence"] if e["id"] == "EV0042")
        expect(ev["matched_by"] == expected, "%s: EV0042 matched by %s" % (name, ev["matched_by"]))
        position = npm1["variant"]["mane_position"]
        expect(position["exon"] == 11 and position["frame"] == "frameshift" and "exon" in position["filled_in"],
               "%s: %s" % (name, position))
        kit = next(f for f in doc["findings"] if f["gene"] == "KIT")
        expect(kit["variant"]["exon"] == 11 and kit["variant"]["mane_position"]["codon"] == 557, kit["variant"])
    bare_npm1 = next(f for f in seen["bare"][0]["findings"] if f["gene"] == "NPM1")
    expect(bare_npm1["alteration"] == "c.859_860insTCTG" and bare_npm1["variant"]["variant_class"] == "frameshift",
           bare_npm1)
    vep_npm1 = next(f for f in seen["vep"][0]["findings"] if f["gene"] == "NPM1")
    expect(all(e["matched_by"] == "annotation" for e in vep_npm1["evidence"]), vep_npm1["evidence"])


@case
def annotation_exon_wins_and_the_report_says_so():
    npm1 = three_alleles()[0]
    vcf = os.path.join(h.TMP, "npm1_wrong_exon.vcf")
    write_vcf(vcf, [(npm1[1], npm1[2], npm1[3], npm1[4], "CSQ=" + npm1[5].replace("|11/11|", "|10/11|"))], CSQ_INFO)
    out = os.path.join(h.TMP, "out_wrong_exon")
    r = run("annotate", vcf, "--out", out, "--tumor-type", "AML", "--age", "9", "--no-timestamp")
    expect(r.returncode == 0, r.stderr)
    doc, found = evidence_by_gene(out)
    finding = next(f for f in doc["findings"] if f["gene"] == "NPM1")
    expect(finding["variant"]["exon"] == 10, finding["variant"])
    expect(any("exon 10" in n and "exon 11" in n for n in finding.get("notes", [])), finding.get("notes"))
    expect("EV0042" not in found["NPM1"][1], "the annotation's exon 10 must win: %s" % (found["NPM1"],))


# --- a made-up bgzipped reference ----------------------------------------------------------------

BGZF_BLOCK = 65280


def bgzf_block(data):
    deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
    compressed = deflate.compress(data) + deflate.flush()
    header = struct.pack("<BBBBIBBHBBHH", 31, 139, 8, 4, 0, 0, 255, 6, 66, 67, 2, len(compressed) + 25)
    return header + compressed + struct.pack("<II", zlib.crc32(data) & 0xFFFFFFFF, len(data))


def write_bgzf_fasta(path, name, length, bases):
    """One sequence of `length` N's with `bases` ({1-based pos: base}) put in, on one line, as BGZF
    with .fai and .gzi (the formats samtools faidx and bgzip -i write)."""
    head = (">%s\n" % name).encode()
    total = len(head) + length + 1
    special = {}
    for pos, base in bases.items():
        special[len(head) + pos - 1] = base.encode()
    n_block = bgzf_block(b"N" * BGZF_BLOCK)
    index = []
    offset = 0
    with open(path, "wb") as f:
        for start in range(0, total, BGZF_BLOCK):
            end = min(total, start + BGZF_BLOCK)
            plain = start >= len(head) and end < total and not any(start <= p < end for p in special)
            if plain:
                block = n_block
            else:
                data = bytearray(b"N" * (end - start))
                for i in range(start, end):
                    if i < len(head):
                        data[i - start] = head[i]
                    elif i == total - 1:
                        data[i - start] = ord("\n")
                    elif i in special:
                        data[i - start] = special[i][0]
                block = bgzf_block(bytes(data))
            if start:
                index.append((offset, start))
            f.write(block)
            offset += len(block)
        f.write(bgzf_block(b""))
    with open(path + ".fai", "w") as f:
        f.write("%s\t%d\t%d\t%d\t%d\n" % (name, length, len(head), length, length + 1))
    with open(path + ".gzi", "wb") as f:
        f.write(struct.pack("<Q", len(index)))
        for compressed, uncompressed in index:
            f.write(struct.pack("<QQ", compressed, uncompressed))


@case
def reference_checks_ref_and_translates_substitutions():
    braf = gene_table("GRCh38")["BRAF"]
    # Made-up sequence around BRAF codon 600 (c.1798-1800 GTG, V), on the minus strand: the
    # transcript's codons 599-601 ACA GTG AAA put on the genome, the rest random-looking.
    transcript = "ACAGTGAAA"
    bases = {}
    for i, base in enumerate(transcript):
        bases[genomic_of_coding(braf, 1795 + i)] = revcomp(base)
    filler = "GATTACACGT"
    for k, pos in enumerate(range(140753300, 140753400)):
        bases.setdefault(pos, filler[k % len(filler)])
    fasta = os.path.join(h.TMP, "made_up_chr7.fa.gz")
    write_bgzf_fasta(fasta, "chr7", 140754000, bases)
    c1798, c1799 = genomic_of_coding(braf, 1798), genomic_of_coding(braf, 1799)
    expect(c1799 == 140753336 and c1798 == c1799 + 1, "BRAF c.1799 at %d" % c1799)
    # V600K (c.1798_1799delinsAA): genomic 140753336 AC>TT. A REF that is not the reference,
    # and a record on a chromosome the FASTA lacks (in H3-3A).
    records = [("7", 140753310, "T", "G", None),  # made-up FASTA has filler here: not T
               ("7", c1799, bases[c1799] + bases[c1798], "TT", None),
               ("1", int(gene_table("GRCh38")["H3-3A"]["tx_start"]) + 10, "A", "G", None)]
    records[0] = ("7", 140753310, "A" if bases[140753310] != "A" else "C", "G", None)
    records.sort(key=lambda r: (int(r[0]), r[1]))
    vcf = os.path.join(h.TMP, "braf_mnv.vcf")
    write_vcf(vcf, records)

    out = os.path.join(h.TMP, "out_no_reference")
    r = run("annotate", vcf, "--out", out, "--tumor-type", "LGGNOS", "--age", "9", "--no-timestamp")
    expect(r.returncode == 0, r.stderr)
    doc, found = evidence_by_gene(out)
    # Without --reference the MNV has no translated protein change, but it is the derived
    # genomic key of V600K (c.1798_1799delinsAA, issue 13 item 11).
    braf_finding = next((f for f in doc["findings"] if f["gene"] == "BRAF"), None)
    expect(braf_finding is not None and braf_finding["alteration"] == "V600K" and
           braf_finding["matched_by"] == "genomic_key", braf_finding)
    expect("EV0075" in found["BRAF"][1], found)
    expect("reference_check" not in doc["qc"], doc["qc"])

    out = os.path.join(h.TMP, "out_reference")
    r = run("annotate", vcf, "--out", out, "--tumor-type", "LGGNOS", "--age", "9", "--no-timestamp",
            "--reference", fasta)
    expect(r.returncode == 0, r.stderr)
    doc, found = evidence_by_gene(out)
    braf_finding = next((f for f in doc["findings"] if f["gene"] == "BRAF"), None)
    expect(braf_finding is not None, "no BRAF finding with --reference")
    expect(braf_finding["alteration"] == "V600K" and braf_finding["matched_by"] == "reference_translation",
           (braf_finding["alteration"], braf_finding["matched_by"]))
    expect("EV0075" in found["BRAF"][1], found["BRAF"])
    expect(all(e["matched_by"] == "reference_translation" for e in braf_finding["evidence"]), braf_finding["evidence"])
    expect(braf_finding["variant"]["hgvsp"] == "p.V600K", braf_finding["variant"])
    check = doc["qc"]["reference_check"]
    expect(check["records_checked"] == 2 and check["ref_mismatches"] == 1 and check["not_in_reference"] == 1, check)
    expect(any("differs from the reference" in w and "7:140753310" in w for w in doc["warnings"]), doc["warnings"])
    html = open(os.path.join(out, "TUMOR.pedtx.html")).read()
    expect("translated from the reference FASTA" in html and "REF differs from the reference" in html, "html")

    # A reference without an index is a usage error naming the file and the fix.
    bare_fasta = os.path.join(h.TMP, "no_index.fa")
    with open(bare_fasta, "w") as f:
        f.write(">7\nACGT\n")
    r = run("annotate", vcf, "--out", os.path.join(h.TMP, "out_bad_ref"), "--reference", bare_fasta)
    expect(r.returncode == 1 and "no_index.fa" in r.stderr and "samtools faidx" in r.stderr, r.stderr)


if __name__ == "__main__":
    sys.exit(h.main(__doc__))
