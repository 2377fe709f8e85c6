#!/usr/bin/env python3
"""MAF conformance over ../shared/testdata (issue 18); skips (exit 77) when the folder is absent.

1. Every MAF of oncokb_annotator/ (GRCh37 and GRCh38, with its clinical, CNA, SV and fusion files)
   and moalmanac/ (Oncotator-style MAFs) goes through `pedtx annotate --maf`: every data row is
   read (qc.records_read summed over the samples equals the file's data lines) or the run names
   the row's line (exit 2, `FILE:LINE:`); with --skip-bad-rows every row is read or counted.
2. Where pedtx's knowledge base overlaps OncoKB, pedtx's tiers are compared with the levels of
   EXPECTED_oncokb_levels.md (restated from oncokb-annotator's test_Annotation.py) and with the
   examples' own rows. The expected outcome of every comparison, agreement or difference with its
   reason, is the checked-in table tests/conformance/maf_oncokb_comparison.tsv; this test asserts
   pedtx gives exactly the tier that table says, and prints where and why the two differ. The
   queries that OncoKB's test sends to its API (not rows of the example files) are written here as
   our own minimal MAF / SV / CNA rows, each naming the query it restates.
"""
import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.normpath(os.path.join(REPO, "..", "shared", "testdata"))
ONCOKB = os.path.join(SHARED, "oncokb_annotator")
MOALMANAC = os.path.join(SHARED, "moalmanac", "example_data")
TABLE = os.path.join(REPO, "tests", "conformance", "maf_oncokb_comparison.tsv")
TIERS = ["IA", "IB", "IIC", "IID", "III"]

# Restated queries of EXPECTED_oncokb_levels.md as MAF rows (GRCh37, as in test_Annotation.py).
QUERY_MAF = """#version 2.4
Hugo_Symbol\tTumor_Sample_Barcode\tNCBI_Build\tChromosome\tStart_Position\tEnd_Position\tVariant_Classification\tReference_Allele\tTumor_Seq_Allele2\tHGVSp_Short
BRAF\tQ_BRAF_CRC\tGRCh37\t7\t140453136\t140453136\tMissense_Mutation\tA\tT\tp.V600E
BRAF\tQ_BRAF_LUAD_37\tGRCh37\t7\t140453136\t140453136\tMissense_Mutation\tA\tT\t
KRAS\tQ_KRAS_SNV\tGRCh37\t12\t25398285\t25398285\tMissense_Mutation\tC\tA\tp.G12C
KRAS\tQ_KRAS_DELINS\tGRCh37\t12\t25398285\t25398286\tMissense_Mutation\tCA\tAG\tp.G12C
TERT\tQ_TERT_BLCA\tGRCh37\t5\t1295228\t1295228\t5'Flank\tG\tA\t
MYD88\tQ_MYD88_OV\tGRCh37\t3\t38182641\t38182641\tMissense_Mutation\tT\tC\tp.M232T
"""
# The same BRAF V600E by its GRCh38 coordinate (test_Annotation.py: the two give identical annotations).
QUERY_MAF_38 = """Hugo_Symbol\tTumor_Sample_Barcode\tNCBI_Build\tChromosome\tStart_Position\tEnd_Position\tVariant_Classification\tReference_Allele\tTumor_Seq_Allele2
BRAF\tQ_BRAF_LUAD_38\tGRCh38\t7\t140753336\t140753336\tMissense_Mutation\tA\tT
"""
QUERY_SV = """Sample_Id\tSite1_Hugo_Symbol\tSite2_Hugo_Symbol\tClass
Q_ALK_NSCLC\tALK\tEML4\tINVERSION
Q_ALK_MEL\tALK\tEML4\tINVERSION
Q_BCR_ABL1\tBCR\tABL1\tTRANSLOCATION
"""
QUERY_CNA = """Hugo_Symbol\tQ_BRCA2_OV\tQ_ERBB2_BRCA\tQ_ERBB2_CRC\tQ_CDKN2A_AML
BRCA2\t-2\t0\t0\t0
ERBB2\t0\t2\t2\t0
CDKN2A\t0\t0\t0\t-2
"""
QUERY_SHEET = [  # sample_id, OncoTree code, msi
    ("Q_BRAF_CRC", "COADREAD", ""), ("Q_BRAF_LUAD_37", "LUAD", ""), ("Q_KRAS_SNV", "LUAD", ""),
    ("Q_KRAS_DELINS", "LUAD", ""), ("Q_TERT_BLCA", "BLCA", ""), ("Q_MYD88_OV", "OVARY", ""),
    ("Q_ALK_NSCLC", "NSCLC", ""), ("Q_ALK_MEL", "MEL", ""), ("Q_BCR_ABL1", "ALAL", ""),
    ("Q_BRCA2_OV", "OVARY", ""), ("Q_ERBB2_BRCA", "BRCA", ""), ("Q_ERBB2_CRC", "COADREAD", ""),
    ("Q_CDKN2A_AML", "AML", ""), ("Q_MSI_CRC", "COADREAD", "MSI-H"), ("Q_MSI_LEUK", "AML", "MSI-H"),
]


def data_lines(path):
    """Data rows of a MAF: lines after the first non-'#' line (the header), blank ones left out."""
    rows, header_seen = 0, False
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if not line.strip() or (not header_seen and line.startswith("#")):
                continue
            if not header_seen:
                header_seen = True
                header = line
                continue
            if line == header:
                continue
            rows += 1
    return rows


def run(pedtx, args, out):
    if os.path.exists(out):
        shutil.rmtree(out)
    result = subprocess.run([pedtx, "annotate", "--out", out, "--no-timestamp", "--threads", "2", "--quiet"] + args,
                            capture_output=True, text=True, errors="replace", timeout=300)
    reports = {}
    if os.path.isdir(out):
        for name in sorted(os.listdir(out)):
            if name.endswith(".pedtx.json"):
                with open(os.path.join(out, name)) as f:
                    doc = json.load(f)
                reports[doc["sample"]["id"]] = doc
    return result, reports


def best_tier(report, gene, alteration):
    """pedtx's best tier for a gene's alteration in a report ('none' without a finding with evidence)."""
    best = "none"
    for f in report["findings"]:
        names = {f.get("gene") or "", f["alteration"]}
        if f.get("fusion"):
            names |= {f["fusion"]["five_prime"]["gene"], f["fusion"]["three_prime"]["gene"]}
        if gene not in names and gene != "*":
            continue
        if alteration != "*" and alteration.lower() not in f["alteration"].lower():
            continue
        if not f["evidence"]:
            continue
        if best == "none" or TIERS.index(f["tier"]) < TIERS.index(best):
            best = f["tier"]
    return best


def check_rows(pedtx, tmp, maf, extra, label, problems, summary):
    """Every row read, or rejected with its line; with --skip-bad-rows, read or counted."""
    expected = data_lines(maf)
    result, reports = run(pedtx, ["--maf", maf] + extra, os.path.join(tmp, label))
    read = sum(r["qc"]["records_read"] for r in reports.values())
    failed = result.stderr.count("pedtx: error: ")
    if result.returncode == 0 and read != expected:
        problems.append("%s: %d data rows but the reports read %d" % (label, expected, read))
    if result.returncode not in (0, 2):
        problems.append("%s: exit %d: %s" % (label, result.returncode, result.stderr[-800:]))
    if result.returncode == 2:
        lines = [l for l in result.stderr.splitlines() if l.startswith("pedtx: error: ")]
        for line in lines:
            if maf + ":" not in line and "sample " not in line:
                problems.append("%s: an error that names neither a MAF line nor a sample: %s" % (label, line))
        if not any(maf + ":" in l for l in lines):  # sample-level failures only: the rows were read
            rows = set()
            for r in reports.values():
                rows.add(r["sample"]["id"])
        else:
            again, reports = run(pedtx, ["--maf", maf, "--skip-bad-rows"] + extra, os.path.join(tmp, label + "_skip"))
            read = sum(r["qc"]["records_read"] for r in reports.values())
            skipped = max([r["qc"]["filtered_by_reason"].get("maf_unreadable_row_in_file", 0)
                           for r in reports.values()] or [0])
            if read + skipped != expected:
                problems.append("%s --skip-bad-rows: %d rows, %d read + %d skipped" % (label, expected, read, skipped))
    summary.append("%s: %d data rows, exit %d, %d reports, %d sample errors" % (
        label, expected, result.returncode, len(reports), failed))
    return result, reports


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pedtx", required=True)
    args = ap.parse_args()
    if not os.path.isdir(ONCOKB) or not os.path.isdir(MOALMANAC):
        print("SKIPPED: %s or %s not found; MAF conformance not run" % (ONCOKB, MOALMANAC))
        return 77
    pedtx = os.path.abspath(args.pedtx)
    problems, summary = [], []
    tmp = tempfile.mkdtemp(prefix="pedtx_maf_conf_")
    try:
        results = {}
        k = lambda name: os.path.join(ONCOKB, name)
        for label, maf, extra in [
            ("oncokb_grch37_sv", k("example_maf.txt"),
             ["--clinical", k("example_clinical.txt"), "--cna", k("example_cna.txt"), "--fusions", k("example_sv.txt")]),
            ("oncokb_grch37_fusions", k("example_maf.txt"),
             ["--clinical", k("example_clinical.txt"), "--fusions", k("example_fusions.txt")]),
            ("oncokb_grch38", k("example_maf_grch38.txt"),
             ["--clinical", k("example_clinical.txt"), "--cna", k("example_cna.txt"), "--fusions", k("example_sv.txt")]),
        ] + [("moalmanac_" + os.path.basename(n).split(".")[1] + "_" + os.path.basename(n).split(".")[-2],
              os.path.join(MOALMANAC, n), ["--tumor-type", "MEL"])
             for n in sorted(os.listdir(MOALMANAC)) if n.endswith(".maf")]:
            results[label] = check_rows(pedtx, tmp, maf, extra, label, problems, summary)

        # The restated API queries.
        with open(os.path.join(tmp, "queries.maf"), "w") as f:
            f.write(QUERY_MAF)
        with open(os.path.join(tmp, "queries_sv.txt"), "w") as f:
            f.write(QUERY_SV)
        with open(os.path.join(tmp, "queries_cna.txt"), "w") as f:
            f.write(QUERY_CNA)
        with open(os.path.join(tmp, "queries_sheet.tsv"), "w") as f:
            f.write("sample_id\ttumor_type\tmsi\n")
            for row in QUERY_SHEET:
                f.write("\t".join(row) + "\n")
        # Samples of the sheet without MAF rows (fusion / CNA / MSI only) get one silent row each.
        with open(os.path.join(tmp, "queries.maf"), "a") as f:
            for sample, _, _ in QUERY_SHEET:
                if sample not in QUERY_MAF:
                    f.write("TTN\t%s\tGRCh37\t2\t179400000\t179400000\tSilent\tA\tG\t\n" % sample)
        results["queries"] = check_rows(
            pedtx, tmp, os.path.join(tmp, "queries.maf"),
            ["--samples", os.path.join(tmp, "queries_sheet.tsv"), "--fusions", os.path.join(tmp, "queries_sv.txt"),
             "--cna", os.path.join(tmp, "queries_cna.txt")], "queries", problems, summary)

        with open(os.path.join(tmp, "queries38.maf"), "w") as f:
            f.write(QUERY_MAF_38)
        results["queries38"] = check_rows(pedtx, tmp, os.path.join(tmp, "queries38.maf"), ["--tumor-type", "LUAD"],
                                          "queries38", problems, summary)

        # The comparison table: every row asserted.
        agree = differ = 0
        with open(TABLE) as f:
            rows = [r for r in csv.DictReader((l for l in f if not l.startswith("#")), delimiter="\t")]
        for row in rows:
            _, reports = results[row["run"]]
            report = reports.get(row["sample"])
            got = best_tier(report, row["gene"], row["alteration"]) if report else "no report"
            if got != row["pedtx_tier"]:
                problems.append("%s %s %s %s: pedtx gives %s, the table expects %s (%s)" % (
                    row["run"], row["sample"], row["gene"], row["alteration"], got, row["pedtx_tier"], row["reason"]))
            if row["relation"] == "agree":
                agree += 1
            else:
                differ += 1
                summary.append("%s: %s %s in %s: OncoKB %s, pedtx %s: %s" % (
                    "differs" if row["relation"] == "differ" else "outside pedtx's knowledge base", row["gene"],
                    row["alteration"], row["tumor_type"], row["oncokb"], row["pedtx_tier"], row["reason"]))
        summary.append("comparison: %d rows, %d agree, %d differ or lie outside pedtx's knowledge base" % (
            len(rows), agree, differ))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("\n".join(summary))
    if problems:
        print("FAILED:\n  " + "\n  ".join(problems))
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
