#!/usr/bin/env python3
"""Clinical cases against the knowledge base, through the real `pedtx annotate` CLI.

Each row of tests/kb/cases.tsv is one patient: an alteration, a tumor type (OncoTree) and an
age, and what the report must say about one drug (or combination): its response and the best
evidence tier, or `none` (the drug must not be listed with that response at all).

Mutation rows: the runner writes a one-record GRCh38 VCF with a VEP-style CSQ (SYMBOL,
Consequence, HGVSp in 3-letter form, the MANE Select transcript of
knowledgebase/gene_table.GRCh38.tsv). Coordinates are never typed by hand: a change with a
derived key in knowledgebase/genomic_keys.json uses that key; any other change is placed on its
codon (or c. position) by walking the MANE Select coding exons of the gene table, so it lies
inside the gene's span and in the right exon. It then runs
`pedtx annotate VCF --tumor-type T --age A --no-timestamp` and reads the JSON report.

Fusion and copy-number rows are written as breakend / symbolic-allele VCFs. While pedtx skips
those alleles (qc `symbolic_or_breakend_allele`), the rows are reported as pending, not failed;
as soon as pedtx reads them, they are checked like the others. Biomarker rows give the sample's
TMB or MSI status on the command line (`TMB-high` = --tmb 15, `TMB-low` = --tmb 4, `MSI-high`,
`dMMR`, `MSS` = --msi), or `TMB-estimated:N/MB`: N SNVs in the VCF and --tmb-territory-mb MB.

Columns: case_id, category (mutation | fusion | copy_number | biomarker), gene (for fusions
FIVE::THREE), alteration (1-letter protein change `V600E`, `F1174=`, `R1947*`, `W288Cfs*12`,
`D586_E596dup`; `intron` with an intronic hgvsc; `amplification` / `deletion`; biomarker as above),
hgvsc or `-`, tumor_type, age_years, expected_drug (lower-case, `+` for a combination, `-` for
none), expected_response, expected_tier (IA IB IIC IID III, or `none`), note, and options
(may be left off): further `pedtx annotate` options for the case, e.g. `--agency EMA`.

Several alterations in one sample (a resistance mutation beside the fusion it undercuts): join
them with ` & ` in category, gene, alteration and hgvsc alike, e.g. category `fusion & mutation`,
gene `BCR::ABL1 & ABL1`, alteration `fusion & T315I`, hgvsc `- & c.944C>T`. The expectation is
then checked over every finding of the sample.

Expectations:
- drug given, tier given: some evidence item with exactly these drugs and this response is in the
  report, and the best tier among such items is the expected one.
- drug given, tier `none`: no evidence item listing any of these drugs with this response.
- drug `-`, tier given: a finding in the gene with that tier (III: a variant of unknown
  significance in a knowledge-base gene, with no evidence).
- drug `-`, tier `none`: no finding in the gene at all.
- response `note`: expected_drug holds a text that a finding note of the gene must contain (tier
  `present`) or that no note of the gene may contain (tier `none`), e.g. the compound-mutation note
  of two ABL1 kinase-domain mutations ("2 ABL1 kinase-domain mutations found (E255K, T315I)").

Every gene with a mutation rule in knowledgebase/evidence.json must have a positive mutation row.
Prints one line per case and 'N passed, M failed, K pending'.
"""
import argparse
import csv
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KB = os.path.join(REPO, "knowledgebase")
CASES = os.path.join(REPO, "tests", "kb", "cases.tsv")
COLUMNS = ["case_id", "category", "gene", "alteration", "hgvsc", "tumor_type", "age_years", "expected_drug",
           "expected_response", "expected_tier", "note", "options"]
OPTIONAL_LAST = 1  # rows may leave off the options column
TIERS = ["IA", "IB", "IIC", "IID", "III"]
MUTATION_RULES = {"protein_change", "codon", "codon_range", "exon", "loss_of_function", "itd", "genomic"}
PENDING = {"fusion": "pending: needs the fusion reader", "copy_number": "pending: needs the CNV reader"}

AA3 = {"A": "Ala", "R": "Arg", "N": "Asn", "D": "Asp", "C": "Cys", "Q": "Gln", "E": "Glu", "G": "Gly",
       "H": "His", "I": "Ile", "L": "Leu", "K": "Lys", "M": "Met", "F": "Phe", "P": "Pro", "S": "Ser",
       "T": "Thr", "W": "Trp", "Y": "Tyr", "V": "Val", "*": "Ter"}
COMP = {"A": "T", "C": "G", "G": "C", "T": "A"}
VEP_FORMAT = ("Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|EXON|INTRON|HGVSc|HGVSp|"
              "CANONICAL|MANE_SELECT")


class CaseError(Exception):
    pass


def read_table(path):
    rows = []
    with open(path) as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if fields[0] == "case_id":
                if fields not in (COLUMNS, COLUMNS[:-OPTIONAL_LAST]):
                    raise SystemExit("%s:%d: header must be %s" % (path, number, "\t".join(COLUMNS)))
                continue
            if len(fields) not in (len(COLUMNS) - OPTIONAL_LAST, len(COLUMNS)):
                raise SystemExit("%s:%d: expected %d columns (or %d without options), found %d" % (
                    path, number, len(COLUMNS), len(COLUMNS) - OPTIONAL_LAST, len(fields)))
            row = dict(zip(COLUMNS, fields))
            row.setdefault("options", "")
            row["line"] = number
            rows.append(row)
    return rows


def load_gene_table():
    genes = {}
    with open(os.path.join(KB, "gene_table.GRCh38.tsv")) as f:
        header = None
        for line in f:
            if line.startswith("#"):
                continue
            fields = line.rstrip("\n").split("\t")
            if header is None:
                header = fields
                continue
            row = dict(zip(header, fields))
            row["exons"] = list(zip([int(x) for x in row["exon_starts"].split(",")],
                                    [int(x) for x in row["exon_ends"].split(",")]))
            genes[row["symbol"]] = row
    return genes


def load_keys():
    with open(os.path.join(KB, "genomic_keys.json")) as f:
        keys = json.load(f)["keys"]
    return {(k["gene"], k["change"], k["hgvsc"]): k["GRCh38"] for k in keys}


def coding_segments(gene):
    """Coding parts of the MANE exons in transcript order (the gene table lists exons 5'->3')."""
    cs, ce = int(gene["cds_start"]), int(gene["cds_end"])
    segments = []
    for number, (s, e) in enumerate(gene["exons"], 1):
        s2, e2 = max(s, cs), min(e, ce)
        if s2 <= e2:
            segments.append((s2, e2, number))
    return segments


def c_to_genomic(gene, n):
    """(position, exon number) of coding base c.n on the MANE Select transcript."""
    remaining = n - 1
    for s, e, number in coding_segments(gene):
        length = e - s + 1
        if remaining < length:
            return (s + remaining if gene["strand"] == "+" else e - remaining), number
        remaining -= length
    raise CaseError("c.%d is beyond the coding sequence of %s" % (n, gene["symbol"]))


def exon_of(gene, pos):
    for number, (s, e) in enumerate(gene["exons"], 1):
        if s <= pos <= e:
            return number
    return None


def aa3(letter):
    if letter not in AA3:
        raise CaseError("unknown amino acid %r" % letter)
    return AA3[letter]


def describe_change(alteration):
    """(consequence, impact, HGVSp, codon, length change in bases) from a 1-letter protein change."""
    m = re.fullmatch(r"([A-Z])(\d+)([A-Z])", alteration)
    if m:
        return "missense_variant", "MODERATE", "p.%s%s%s" % (aa3(m[1]), m[2], aa3(m[3])), int(m[2]), 0
    m = re.fullmatch(r"([A-Z])(\d+)=", alteration)
    if m:
        return "synonymous_variant", "LOW", "p.%s%s=" % (aa3(m[1]), m[2]), int(m[2]), 0
    m = re.fullmatch(r"([A-Z])(\d+)\*", alteration)
    if m:
        return "stop_gained", "HIGH", "p.%s%sTer" % (aa3(m[1]), m[2]), int(m[2]), 0
    m = re.fullmatch(r"([A-Z])(\d+)([A-Z])fs\*(\d+)", alteration)
    if m:
        return ("frameshift_variant", "HIGH", "p.%s%s%sfsTer%s" % (aa3(m[1]), m[2], aa3(m[3]), m[4]), int(m[2]),
                4)
    m = re.fullmatch(r"([A-Z])(\d+)_([A-Z])(\d+)dup", alteration)
    if m:
        length = int(m[4]) - int(m[2]) + 1
        return ("inframe_insertion", "MODERATE", "p.%s%s_%s%sdup" % (aa3(m[1]), m[2], aa3(m[3]), m[4]),
                int(m[2]), 3 * length)
    raise CaseError("cannot read alteration %r (V600E, F1174=, R1947*, W288Cfs*12, D586_E596dup)" % alteration)


def mutation_record(row, genes, keys, all_keys):
    """(chrom, pos, ref, alt, csq) for a mutation row."""
    gene = genes.get(row["gene"])
    if gene is None:
        raise CaseError("%s is not in knowledgebase/gene_table.GRCh38.tsv" % row["gene"])
    hgvsc = row["hgvsc"] if row["hgvsc"] != "-" else ""
    alteration = row["alteration"]
    intron = ""
    exon = ""
    if alteration == "intron":
        m = re.fullmatch(r"c\.(\d+)([+-])(\d+)([ACGT])>([ACGT])", hgvsc)
        if not m:
            raise CaseError("an intronic row needs an hgvsc such as c.1234+25G>A")
        anchor, anchor_exon = c_to_genomic(gene, int(m[1]))
        offset = int(m[3]) * (1 if m[2] == "+" else -1)
        pos = anchor + offset if gene["strand"] == "+" else anchor - offset
        if exon_of(gene, pos):
            raise CaseError("%s lands in an exon of %s" % (hgvsc, row["gene"]))
        intron_number = anchor_exon if m[2] == "+" else anchor_exon - 1
        intron = "%d/%d" % (intron_number, len(gene["exons"]) - 1)
        ref, alt = (m[4], m[5]) if gene["strand"] == "+" else (COMP[m[4]], COMP[m[5]])
        consequence, impact, hgvsp = "intron_variant", "MODIFIER", ""
    else:
        consequence, impact, hgvsp, codon, grow = describe_change(alteration)
        key = keys.get((row["gene"], alteration, hgvsc)) if hgvsc else None
        if key:
            pos, ref, alt = key["pos"], key["ref"], key["alt"]
            exon = exon_of(gene, pos)
        else:
            m = re.match(r"c\.(\d+)", hgvsc)
            n = int(m[1]) if m else 3 * codon - 1
            if not m and consequence in ("frameshift_variant", "inframe_insertion"):
                n = 3 * codon
            # A frameshift or duplication is named after the first changed residue, which can
            # follow the first changed base's codon (c.860_863dup -> W288Cfs*12): substitutions only.
            if m and consequence not in ("frameshift_variant", "inframe_insertion") and (n + 2) // 3 != codon:
                raise CaseError("%s is in codon %d, not %d" % (hgvsc, (n + 2) // 3, codon))
            pos, exon = c_to_genomic(gene, n)
            substitution = re.fullmatch(r"c\.\d+([ACGT])>([ACGT])", hgvsc)
            if substitution:
                ref, alt = substitution[1], substitution[2]
                if gene["strand"] == "-":
                    ref, alt = COMP[ref], COMP[alt]
            else:
                # No reference genome here: the bases are placeholders of the right length, never
                # a derived genomic key (that would let the key, not the annotation, make the match).
                m2 = re.match(r"c\.\d+(?:_\d+)?delins([ACGT]+)$", hgvsc)
                width = len(m2[1]) if m2 else 1
                ref = "C" * width
                alt = ("T" * width) if grow == 0 else "C" + "ACG" * (grow // 3) + "A" * (grow % 3)
                if (pos, ref, alt) in all_keys:
                    alt = "G" * len(alt)
        exon = "%d/%d" % (exon, len(gene["exons"])) if exon else ""
    if gene["chrom"] not in [str(c) for c in range(1, 23)] + ["X", "Y"]:
        raise CaseError("unexpected chromosome %s" % gene["chrom"])
    transcript = gene["mane_ensembl"]
    csq = "|".join([alt, consequence, impact, row["gene"], "", "Transcript", transcript, "protein_coding", exon,
                    intron, (transcript + ":" + hgvsc) if hgvsc else "", hgvsp, "YES", gene["mane_refseq"]])
    return gene["chrom"], pos, ref, alt, "CSQ=" + csq


def fusion_records(row, genes):
    """Breakend pair for FIVE::THREE, breakpoints at the middle of each gene's span."""
    five, three = row["gene"].split("::")
    a, b = genes.get(five), genes.get(three)
    if not a or not b:
        raise CaseError("fusion partners must be in the gene table: %s" % row["gene"])
    pa = (int(a["span_start"]) + int(a["span_end"])) // 2
    pb = (int(b["span_start"]) + int(b["span_end"])) // 2
    # 5' partner keeps the part upstream of its breakpoint; 3' partner the part downstream.
    # '[' : the joined piece extends to the right of the named position; ']' : to the left.
    bracket_b = "[" if b["strand"] == "+" else "]"
    bracket_a = "]" if a["strand"] == "+" else "["
    mate_b = "%schr%s:%d%s" % (bracket_b, b["chrom"], pb, bracket_b)
    mate_a = "%schr%s:%d%s" % (bracket_a, a["chrom"], pa, bracket_a)
    alt_a = ("N" + mate_b) if a["strand"] == "+" else (mate_b + "N")
    alt_b = (mate_a + "N") if b["strand"] == "+" else ("N" + mate_a)
    return [("chr" + a["chrom"], pa, "bnd_1", "N", alt_a, "SVTYPE=BND;MATEID=bnd_2"),
            ("chr" + b["chrom"], pb, "bnd_2", "N", alt_b, "SVTYPE=BND;MATEID=bnd_1")]


def copy_number_record(row, genes):
    gene = genes.get(row["gene"])
    if not gene:
        raise CaseError("%s is not in the gene table" % row["gene"])
    start, end = int(gene["span_start"]), int(gene["span_end"])
    if row["alteration"] == "amplification":
        return ("chr" + gene["chrom"], start - 1, "cnv_1", "N", "<DUP>",
                "SVTYPE=DUP;END=%d;SVLEN=%d;CN=20" % (end, end - start + 1))
    if row["alteration"] == "deletion":
        return ("chr" + gene["chrom"], start - 1, "cnv_1", "N", "<DEL>",
                "SVTYPE=DEL;END=%d;SVLEN=-%d;CN=0" % (end, end - start + 1))
    raise CaseError("copy-number rows are amplification or deletion")


def chrom_rank(chrom):
    name = chrom[3:] if chrom.startswith("chr") else chrom
    return int(name) if name.isdigit() else {"X": 23, "Y": 24}.get(name, 25)


def write_vcf(path, sample, records):
    """records: (chrom, pos, id, ref, alt, info)."""
    chroms = []
    for record in records:
        if record[0] not in chroms:
            chroms.append(record[0])
    lines = ["##fileformat=VCFv4.2", "##source=pedtx tests/kb/run_cases.py", "##reference=GRCh38"]
    lines += ["##contig=<ID=%s,assembly=GRCh38>" % c for c in chroms]
    lines += ['##FILTER=<ID=PASS,Description="All filters passed">',
              '##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl VEP. '
              'Format: %s">' % VEP_FORMAT,
              '##INFO=<ID=SVTYPE,Number=1,Type=String,Description="Type of structural variant">',
              '##INFO=<ID=MATEID,Number=.,Type=String,Description="ID of mate breakends">',
              '##INFO=<ID=END,Number=1,Type=Integer,Description="End position of the variant">',
              '##INFO=<ID=SVLEN,Number=.,Type=Integer,Description="Length of the variant">',
              '##INFO=<ID=CN,Number=1,Type=Float,Description="Copy number">',
              '##ALT=<ID=DUP,Description="Duplication">', '##ALT=<ID=DEL,Description="Deletion">',
              '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
              '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">',
              '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Read depth">',
              "\t".join(["#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO", "FORMAT", sample])]
    for chrom, pos, rid, ref, alt, info in records:
        lines.append("\t".join([chrom, str(pos), rid, ref, alt, ".", "PASS", info, "GT:AD:DP", "0/1:60,40:100"]))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


BIOMARKER_ARGS = {"TMB-high": ["--tmb", "15"], "TMB-low": ["--tmb", "4"], "MSI-high": ["--msi", "MSI-H"],
                  "dMMR": ["--msi", "dMMR"], "MSS": ["--msi", "MSS"]}


def biomarker_case(row):
    """(records, extra CLI args) for a biomarker row. `TMB-estimated:N/MB` writes N SNVs and
    lets pedtx estimate TMB over MB megabases; the other names give --tmb / --msi values."""
    name = row["alteration"]
    if name in BIOMARKER_ARGS:
        return [], BIOMARKER_ARGS[name]
    match = re.fullmatch(r"TMB-estimated:(\d+)/(\d+(?:\.\d+)?)", name)
    if not match:
        raise CaseError("biomarker rows are %s or TMB-estimated:N/MB" % ", ".join(BIOMARKER_ARGS))
    records = [("chr1", 1000000 + 1000 * i, ".", "A", "G", ".") for i in range(int(match.group(1)))]
    return records, ["--tmb-territory-mb", match.group(2)]


def run_pedtx(pedtx, vcf, out, row, extra_args=()):
    command = [pedtx, "annotate", vcf, "--out", out, "--tumor-type", row["tumor_type"], "--age", row["age_years"],
               "--genome", "GRCh38", "--no-timestamp", "--format", "json"] + list(extra_args) + row["options"].split()
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise CaseError("pedtx exited %d: %s" % (result.returncode, result.stderr.strip()))
    reports = glob.glob(os.path.join(out, "*.pedtx.json"))
    if len(reports) != 1:
        raise CaseError("expected one report in %s, found %d" % (out, len(reports)))
    with open(reports[0]) as f:
        return json.load(f)


def describe_report(findings):
    parts = []
    for finding in findings:
        items = ["%s %s %s %s" % (e["id"], "+".join(e["drugs"]) or "-", e["response"], e["tier"])
                 for e in finding["evidence"]]
        parts.append("%s %s [%s]%s" % (finding["gene"], finding["alteration"], finding["tier"],
                                       (": " + ", ".join(items)) if items else ""))
    return "; ".join(parts) or "no findings"


def check(row, report):
    """None when the report meets the row's expectation, else what is wrong."""
    findings = report["findings"]
    if row["category"] == "mutation":  # a combined row (` & `) is checked over every finding
        findings = [f for f in findings if f["gene"] == row["gene"]]
    tier = row["expected_tier"]
    if row["expected_response"] == "note":
        found = any(row["expected_drug"] in note for f in findings for note in f.get("notes", []))
        if tier == "present":
            return None if found else "no %s finding note contains %r" % (row["gene"], row["expected_drug"])
        return "a %s finding note contains %r" % (row["gene"], row["expected_drug"]) if found else None
    if row["expected_drug"] == "-":
        if tier == "none":
            return None if not findings else "expected no %s finding" % row["gene"]
        wanted = [f for f in findings if f["tier"] == tier and
                  (row["expected_response"] == "-" or
                   any(e["response"] == row["expected_response"] for e in f["evidence"]))]
        if tier == "III":
            wanted = [f for f in wanted if not f["evidence"]]
        return None if wanted else "expected a %s finding of tier %s" % (row["gene"], tier)
    drugs = set(row["expected_drug"].split("+"))
    entries = [e for f in findings for e in f["evidence"] if e["response"] == row["expected_response"]]
    if tier == "none":
        listed = [e for e in entries if drugs & set(e["drugs"])]
        if listed:
            return "%s must not be listed as %s, but %s list it" % (
                row["expected_drug"], row["expected_response"], ", ".join("%s (%s)" % (e["id"], e["tier"])
                                                                          for e in listed))
        return None
    exact = [e for e in entries if set(e["drugs"]) == drugs]
    if not exact:
        return "%s is not listed as %s" % (row["expected_drug"], row["expected_response"])
    best = min(exact, key=lambda e: TIERS.index(e["tier"]))
    if best["tier"] != tier:
        return "%s %s: best tier %s (%s), expected %s" % (row["expected_drug"], row["expected_response"],
                                                         best["tier"], best["id"], tier)
    return None


def reader_absent(report):
    return report["qc"].get("filtered_by_reason", {}).get("symbolic_or_breakend_allele", 0) > 0


def coverage_problems(rows):
    with open(os.path.join(KB, "evidence.json")) as f:
        evidence = json.load(f)["evidence"]
    genes = sorted({e["alteration"]["gene"] for e in evidence if e["alteration"]["type"] in MUTATION_RULES})
    covered = {r["gene"] for r in rows if r["category"] == "mutation" and r["expected_tier"] != "none"
               and r["expected_drug"] != "-" and r["expected_response"] != "note"}
    return ["gene %s has a mutation rule in evidence.json but no positive mutation case" % g
            for g in genes if g not in covered]


def parts(row):
    """One row per alteration of a (possibly combined, ` & `-joined) row."""
    columns = ("category", "gene", "alteration", "hgvsc")
    split = {c: [x.strip() for x in row[c].split(" & ")] for c in columns}
    if len({len(v) for v in split.values()}) != 1:
        raise CaseError("category, gene, alteration and hgvsc must list the same number of ` & `-joined parts")
    return [dict(row, **{c: split[c][i] for c in columns}) for i in range(len(split["category"]))]


def validate_row(row):
    for part in parts(row):
        if part["category"] not in ("mutation", "fusion", "copy_number", "biomarker"):
            raise CaseError("unknown category %r" % part["category"])
    if row["expected_response"] == "note":
        if row["expected_tier"] not in ("present", "none"):
            raise CaseError("a note row's expected_tier is present or none")
    elif row["expected_tier"] not in TIERS + ["none"]:
        raise CaseError("expected_tier must be one of %s or none" % " ".join(TIERS))
    if row["expected_response"] not in ("sensitive", "resistant", "not_effective", "prognostic", "diagnostic", "note",
                                        "-"):
        raise CaseError("unknown expected_response %r" % row["expected_response"])
    float(row["age_years"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pedtx", required=True)
    ap.add_argument("--cases", default=CASES)
    ap.add_argument("--keep", action="store_true", help="keep the VCFs and reports (printed path)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print each report's findings")
    a = ap.parse_args()
    pedtx = os.path.abspath(a.pedtx)
    rows = read_table(a.cases)
    genes = load_gene_table()
    keys = load_keys()
    all_keys = {(k["pos"], k["ref"], k["alt"]) for k in keys.values()}
    tmp = tempfile.mkdtemp(prefix="pedtx_cases_")
    passed = failed = pending = 0
    seen = set()
    try:
        for row in rows:
            label = "%s (%s %s %s, %s, %s y%s)" % (row["case_id"], row["gene"], row["alteration"],
                                                  row["category"], row["tumor_type"], row["age_years"],
                                                  (", " + row["options"]) if row["options"] else "")
            try:
                if row["case_id"] in seen:
                    raise CaseError("duplicate case_id")
                seen.add(row["case_id"])
                validate_row(row)
                vcf = os.path.join(tmp, row["case_id"] + ".vcf")
                out = os.path.join(tmp, row["case_id"] + ".out")
                extra_args = []
                records = []
                for part in parts(row):
                    if part["category"] == "biomarker":
                        more, args = biomarker_case(part)
                        records += more
                        extra_args += args
                    elif part["category"] == "mutation":
                        chrom, pos, ref, alt, info = mutation_record(part, genes, keys, all_keys)
                        records.append(("chr" + chrom, pos, ".", ref, alt, info))
                    elif part["category"] == "fusion":
                        records += fusion_records(part, genes)
                    else:
                        records.append(copy_number_record(part, genes))
                # VCF order: by chromosome (as numbered) and position.
                records.sort(key=lambda r: (chrom_rank(r[0]), r[1]))
                write_vcf(vcf, row["case_id"], records)
                report = run_pedtx(pedtx, vcf, out, row, extra_args)
                structural = [p["category"] for p in parts(row) if p["category"] in ("fusion", "copy_number")]
                if structural and reader_absent(report):
                    pending += 1
                    print("PEND %s: %s" % (label, PENDING[structural[0]]))
                    continue
                problem = check(row, report)
                if a.verbose or problem:
                    detail = describe_report(report["findings"])
                else:
                    detail = ""
                if problem:
                    failed += 1
                    print("FAIL %s: %s; report: %s  [%s]" % (label, problem, detail, row["note"]))
                else:
                    passed += 1
                    print("ok   %s: %s %s %s%s" % (label, row["expected_drug"], row["expected_response"],
                                                    row["expected_tier"], ("  -> " + detail) if detail else ""))
            except CaseError as e:
                failed += 1
                print("FAIL %s (cases.tsv line %d): %s" % (label, row["line"], e))
        for problem in coverage_problems(rows):
            failed += 1
            print("FAIL coverage: %s" % problem)
    finally:
        if a.keep:
            print("cases kept in %s" % tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed, %d pending" % (passed, failed, pending))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
