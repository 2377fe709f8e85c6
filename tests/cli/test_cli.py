#!/usr/bin/env python3
"""The pedtx command line as a user meets it: exit codes, error lines, options, outputs.

Each case runs the real binary on the bundled examples or tests/data and checks what a
bioinformatician would check: the exit code, the `pedtx: error:` line, which reports exist,
and what is in them. Prints 'N passed, M failed'.
"""
import argparse
import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402
from harness import DATA, EX, REPO, case, expect, load, out_dir, run  # noqa: E402

N_EXAMPLES = sum(1 for line in open(os.path.join(EX, "samples.tsv")).read().splitlines()[1:] if line.strip())


@case
def no_arguments_is_a_usage_error():
    r = run()
    expect(r.returncode == 1 and "Usage" in r.stdout, "exit %d" % r.returncode)


@case
def version_names_tool_and_knowledge_base():
    r = run("--version")
    expect(r.returncode == 0, r.stderr)
    expect(r.stdout.startswith("pedtx 0.") and "knowledge base pedtx-kb" in r.stdout, r.stdout)


@case
def unknown_command_and_option_are_usage_errors():
    for args in (["frobnicate"], ["annotate", "--frob", "x.vcf", "--out", "o"], ["annotate", "x.vcf"]):
        r = run(*args)
        expect(r.returncode == 1 and r.stderr.startswith("pedtx: error: "), "%s: exit %d %s" % (args, r.returncode, r.stderr))


@case
def bad_option_values_are_usage_errors():
    vcf = os.path.join(EX, "plgg_braf_v600e.snpeff.vcf")
    for args, words in ((["--genome", "hg18"], "--genome"), (["--age", "three"], "--age"), (["--age", "-1"], "--age"),
                        (["--tumor-type", "NOTACODE"], "NOTACODE"), (["--format", "pdf"], "pdf"),
                        (["--tumor-type", "ALL"], "split into BLL or TLL"),
                        (["--min-vaf", "2"], "--min-vaf")):
        r = run("annotate", vcf, "--out", out_dir("bad"), *args)
        expect(r.returncode == 1 and words in r.stderr, "%s: exit %d %s" % (args, r.returncode, r.stderr))


@case
def one_missing_file_does_not_stop_the_others():
    out = out_dir("missing")
    missing = os.path.join(DATA, "no_such_file.vcf")
    r = run("annotate", missing, os.path.join(EX, "plgg_braf_v600e.snpeff.vcf"), "--out", out, "--tumor-type", "PAST",
            "--age", "8", "--no-timestamp")
    expect(r.returncode == 2, "exit %d" % r.returncode)
    expect("pedtx: error: %s: file not found" % missing in r.stderr, r.stderr)
    expect(os.path.exists(os.path.join(out, "PLGG_02.pedtx.json")), os.listdir(out))
    with open(os.path.join(out, "run.json")) as f:
        run_json = json.load(f)
    statuses = [s["status"] for s in run_json["samples"]]
    expect(statuses == ["failed", "ok"], statuses)
    expect(run_json["samples"][1]["input"]["sha256"] and len(run_json["samples"][1]["input"]["sha256"]) == 64, run_json)


@case
def multi_sample_vcf_needs_sample_and_lists_names():
    vcf = os.path.join(DATA, "three_samples_no_tumor.vcf")
    r = run("annotate", vcf, "--out", out_dir("multi"))
    expect(r.returncode == 2 and "mother, father, child" in r.stderr, r.stderr)
    r = run("annotate", vcf, "--out", out_dir("multi2"), "--sample", "child")
    expect(r.returncode == 0, r.stderr)
    expect(os.path.exists(os.path.join(h.TMP, "multi2", "child.pedtx.json")), "report named after the column")


@case
def tier_depends_on_tumor_type_and_age():
    vcf = os.path.join(EX, "plgg_braf_v600e.snpeff.vcf")
    out = out_dir("age")
    r = run("annotate", vcf, "--out", out, "--tumor-type", "PAST", "--age", "0.25", "--no-timestamp")
    expect(r.returncode == 0, r.stderr)
    finding = load(out, "PLGG_02")["findings"][0]
    # Dabrafenib + trametinib is approved from 1 year: an infant does not get IA from it.
    dab = [e for e in finding["evidence"] if e["drugs"] == ["dabrafenib", "trametinib"] and e["level"] == "A"]
    expect(dab and all(e["tier"] != "IA" for e in dab), dab)
    expect(all("below the minimum age" in e["age_note"] for e in dab), [e["age_note"] for e in dab])
    tovo = [e for e in finding["evidence"] if e["drugs"] == ["tovorafenib"]]
    expect(tovo and tovo[0]["tier"] == "IIC", tovo)  # tovorafenib: from 6 months
    # In a leukemia no BRAF V600E evidence applies: tumor-agnostic items cover solid tumors.
    out2 = out_dir("leukemia")
    run("annotate", vcf, "--out", out2, "--tumor-type", "BLL", "--age", "16", "--no-timestamp")
    tiers = {e["tier"] for e in load(out2, "PLGG_02")["findings"][0]["evidence"]}
    expect("IA" not in tiers, tiers)


@case
def thresholds_and_filters_are_counted():
    vcf = os.path.join(EX, "neuroblastoma_alk_f1174l.vep.vcf")
    out = out_dir("vaf")
    run("annotate", vcf, "--out", out, "--min-vaf", "0.5", "--no-timestamp")
    doc = load(out, "NB_01_TUMOR")
    expect(doc["findings"] == [] and doc["qc"]["filtered_by_reason"].get("low_vaf") == 1, doc["qc"])
    out = out_dir("filtered")
    run("annotate", vcf, "--out", out, "--include-filtered", "--no-timestamp")
    alterations = sorted(f["alteration"] for f in load(out, "NB_01_TUMOR")["findings"])
    expect(alterations == ["F1174L", "R1275Q"], alterations)


@case
def formats_option_limits_outputs():
    out = out_dir("fmt")
    r = run("annotate", os.path.join(EX, "cml_abl1_t315i.bcsq.vcf"), "--out", out, "--format", "tsv")
    expect(r.returncode == 0, r.stderr)
    reports = sorted(n for n in os.listdir(out) if ".pedtx." in n)
    expect(reports == ["TUMOR.pedtx.tsv"], os.listdir(out))
    expect(os.path.exists(os.path.join(out, "run.json")) and os.path.exists(os.path.join(out, "cohort.tsv")),
           "run.json and cohort outputs are always written")
    expect(not os.path.exists(os.path.join(out, "cohort.html")), "cohort.html only with --format html")


@case
def html_format_alone_and_listed_in_run_json():
    out = out_dir("fmt_html")
    r = run("annotate", os.path.join(EX, "cml_abl1_t315i.bcsq.vcf"), "--out", out, "--format", "html")
    expect(r.returncode == 0, r.stderr)
    expect(sorted(n for n in os.listdir(out) if ".pedtx." in n) == ["TUMOR.pedtx.html"], os.listdir(out))
    with open(os.path.join(out, "run.json")) as f:
        expect(json.load(f)["samples"][0]["outputs"] == ["TUMOR.pedtx.html"], "outputs in run.json")
    expect(report_links(out) == ["TUMOR.pedtx.html"], "cohort.html links the HTML report")
    # A later run without html in the same folder removes the cohort.html that would contradict it.
    r = run("annotate", os.path.join(EX, "cml_abl1_t315i.bcsq.vcf"), "--out", out, "--format", "json")
    expect(r.returncode == 0 and not os.path.exists(os.path.join(out, "cohort.html")), "stale cohort.html kept")
    with open(os.path.join(out, "TUMOR.pedtx.html"), encoding="utf-8") as f:
        html = f.read()
    expect(html.startswith("<!DOCTYPE html>") and "ABL1 T315I" in html, html[:200])
    expect("date omitted" not in html, "a run without --no-timestamp shows its date")


@case
def genome_mismatch_is_reported():
    r = run("annotate", os.path.join(EX, "plgg_braf_v600e.snpeff.vcf"), "--genome", "GRCh38", "--out", out_dir("gm"))
    expect(r.returncode == 2 and "say GRCh37" in r.stderr, r.stderr)


@case
def bcf_and_gzip_inputs_work():
    out = out_dir("formats")
    for name in ("mutect2_two_samples.bcf", "mutect2_two_samples.vcf.gz", "strelka2_somatic.plain_gzip.vcf.gz"):
        r = run("annotate", os.path.join(DATA, name), "--out", os.path.join(out, name))
        expect(r.returncode == 0, "%s: %s" % (name, r.stderr))


@case
def truncated_input_leaves_no_report():
    src = os.path.join(EX, "neuroblastoma_alk_f1174l.vep.vcf")
    text = open(src).read()
    cut = os.path.join(h.TMP, "truncated.vcf.gz")
    with gzip.open(cut, "wt") as f:
        f.write(text)
    data = open(cut, "rb").read()
    with open(cut, "wb") as f:
        f.write(data[: len(data) - 40])
    out = out_dir("trunc")
    r = run("annotate", cut, "--out", out)
    expect(r.returncode == 2 and "pedtx: error: " + cut in r.stderr, r.stderr)
    leftovers = [n for n in os.listdir(out) if ".pedtx." in n or ".tmp." in n]
    expect(leftovers == [], leftovers)


@case
def unsafe_sample_names_give_safe_file_names():
    sheet = os.path.join(h.TMP, "sheet.tsv")
    with open(sheet, "w") as f:
        f.write("sample_id\tvcf\ttumor_type\tage_years\n")
        f.write("../evil <script>\t%s\tPAST\t8\n" % os.path.join(EX, "plgg_braf_v600e.snpeff.vcf"))
    out = out_dir("unsafe")
    r = run("annotate", "--samples", sheet, "--out", out, "--no-timestamp")
    expect(r.returncode == 0, r.stderr)
    names = sorted(n for n in os.listdir(out) if ".pedtx." in n)
    expect(names == ["_.._evil__script_.pedtx.html", "_.._evil__script_.pedtx.json", "_.._evil__script_.pedtx.tsv"],
           names)
    expect(load(out, "_.._evil__script_")["sample"]["id"] == "../evil <script>", "sample id kept in the report")
    with open(os.path.join(out, "_.._evil__script_.pedtx.html"), encoding="utf-8") as f:
        html = f.read()
    expect("<script" not in html and "<h1>Sample ../evil &lt;script&gt;</h1>" in html, "sample id escaped in the HTML")


@case
def malformed_sample_sheet_is_rejected_before_work():
    sheet = os.path.join(h.TMP, "bad_sheet.tsv")
    with open(sheet, "w") as f:
        f.write("sample_id\tvcf\ttumor_type\tage_years\n")
        f.write("A\t%s\tPAST\t8\n" % os.path.join(EX, "plgg_braf_v600e.snpeff.vcf"))
        f.write("B\t%s\tPAST\teight\n" % os.path.join(EX, "plgg_braf_v600e.snpeff.vcf"))
    out = out_dir("badsheet")
    r = run("annotate", "--samples", sheet, "--out", out)
    expect(r.returncode == 1 and "%s:3: column age_years" % sheet in r.stderr, r.stderr)
    expect(not os.path.exists(out), "no work was started")


@case
def tmb_and_msi_from_options_and_sheet():
    vcf = os.path.join(EX, "dmg_h3k27m.unannotated.vcf")
    for bad, message in ((["--msi", "positive"], "--msi: \"positive\""), (["--tmb", "high"], "--tmb: \"high\""),
                         (["--tmb-territory-mb", "0"], "--tmb-territory-mb must be > 0")):
        r = run("annotate", vcf, "--out", out_dir("bad_biomarker"), *bad)
        expect(r.returncode == 1 and message in r.stderr, (bad, r.stderr))
    out = out_dir("biomarker_options")
    r = run("annotate", vcf, "--out", out, "--tumor-type", "SARCNOS", "--age", "14", "--tmb", "12.5", "--msi", "MSS",
            "--no-timestamp")
    expect(r.returncode == 0, r.stderr)
    report = load(out, "DMG_04")
    expect(report["biomarkers"]["tmb"]["mutations_per_mb"] == 12.5 and report["biomarkers"]["msi"] == "MSS",
           report["biomarkers"])
    tmb = [f for f in report["findings"] if f["alteration"] == "TMB-high"]
    expect(len(tmb) == 1 and tmb[0]["tier"] == "IA" and tmb[0]["variant"] is None, tmb)
    expect(not any(f["alteration"] == "MSI-high" for f in report["findings"]), "MSS gives no MSI-high finding")
    html = open(os.path.join(out, "DMG_04.pedtx.html")).read()
    expect("12.5 mut/Mb" in html and "TMB-high" in html, "TMB in the HTML report")
    sheet = os.path.join(h.TMP, "biomarker_sheet.tsv")
    with open(sheet, "w") as f:
        f.write("sample_id\tvcf\ttumor_type\tage_years\ttmb\tmsi\n")
        f.write("A\t%s\tCOADREAD\t15\t\tdMMR\n" % vcf)
        f.write("B\t%s\tCOADREAD\t15\t3\tMSI-X\n" % vcf)
    r = run("annotate", "--samples", sheet, "--out", out_dir("biomarker_bad_sheet"))
    expect(r.returncode == 1 and "%s:3: column msi" % sheet in r.stderr, r.stderr)
    with open(sheet, "w") as f:
        f.write("sample_id\tvcf\ttumor_type\tage_years\ttmb\tmsi\n")
        f.write("A\t%s\tCOADREAD\t15\t\tdMMR\n" % vcf)
    out = out_dir("biomarker_sheet")
    r = run("annotate", "--samples", sheet, "--out", out, "--no-timestamp")
    expect(r.returncode == 0, r.stderr)
    report = load(out, "A")
    msi = [f for f in report["findings"] if f["alteration"] == "MSI-high"]
    expect(len(msi) == 1 and msi[0]["tier"] == "IA" and report["biomarkers"]["tmb"] is None, report["biomarkers"])


@case
def agency_chooses_whose_approvals_give_tier_ia():
    # NPM1::ALK ALCL at 19: the FDA crizotinib label covers young adults (from 1 year), the EMA
    # one only patients under 18 (knowledgebase/drugs.json, crizotinib-ema-2024-alcl).
    vcf = os.path.join(EX, "alcl_npm1_alk.bnd.vcf")
    r = run("annotate", vcf, "--out", out_dir("agency_bad"), "--agency", "PMDA")
    expect(r.returncode == 1 and "--agency must be FDA, EMA or any" in r.stderr, r.stderr)

    def crizotinib_alcl(agency):
        out = out_dir("agency_" + agency)
        r = run("annotate", vcf, "--out", out, "--tumor-type", "ALCL", "--age", "19", "--agency", agency,
                "--no-timestamp")
        expect(r.returncode == 0, r.stderr)
        report = load(out, "ALCL_06")
        expect(report["sample"]["agency"] == agency, report["sample"])
        items = [e for f in report["findings"] for e in f["evidence"] if e["id"] == "EV0023"]
        expect(len(items) == 1, items)
        return items[0], out

    item, out = crizotinib_alcl("FDA")
    expect(item["tier"] == "IA", item)
    agencies = {a["agency"]: a for a in item["approvals"]}
    expect(set(agencies) == {"FDA", "EMA"}, item["approvals"])
    expect(agencies["FDA"]["counted"] and not agencies["EMA"]["counted"], item["approvals"])
    expect("above the label's age range" in agencies["EMA"]["note"], agencies["EMA"])
    item, out = crizotinib_alcl("EMA")
    expect(item["tier"] == "IIC" and item["approval"]["agency"] == "EMA", item)
    expect("under 18 years only; patient is 19 years (above the label's age range)" in item["age_note"],
           item["age_note"])
    tsv = open(os.path.join(out, "ALCL_06.pedtx.tsv")).read()
    expect("FDA 2021 (not counted); EMA 2024" in tsv, "TSV lists both approvals")
    html = open(os.path.join(out, "ALCL_06.pedtx.html")).read()
    expect("not counted for the tier" in html and "EMA only (--agency EMA)" in html, "HTML names the agency")
    item, out = crizotinib_alcl("any")
    expect(item["tier"] == "IA", item)
    # The sheet column sets it per sample, over --agency; a bad value names the file and line.
    sheet = os.path.join(h.TMP, "agency_sheet.tsv")
    with open(sheet, "w") as f:
        f.write("sample_id\tvcf\ttumor_type\tage_years\tagency\n")
        f.write("EU\t%s\tALCL\t19\tEMA\n" % vcf)
        f.write("US\t%s\tALCL\t19\t\n" % vcf)
    out = out_dir("agency_sheet")
    r = run("annotate", "--samples", sheet, "--out", out, "--agency", "FDA", "--no-timestamp")
    expect(r.returncode == 0, r.stderr)
    tiers = {s: [e["tier"] for f in load(out, s)["findings"] for e in f["evidence"] if e["id"] == "EV0023"]
             for s in ("EU", "US")}
    expect(tiers == {"EU": ["IIC"], "US": ["IA"]}, tiers)
    with open(sheet, "a") as f:
        f.write("XX\t%s\tALCL\t19\tWHO\n" % vcf)
    r = run("annotate", "--samples", sheet, "--out", out_dir("agency_bad_sheet"))
    expect(r.returncode == 1 and "%s:4: column agency: \"WHO\"" % sheet in r.stderr, r.stderr)


@case
def one_large_vcf_is_the_same_at_any_thread_count():
    # Batches of the record pipeline are matched in parallel and merged in file order.
    vcf = os.path.join(h.TMP, "many_records.vcf")
    total = h.write_many_records_vcf(vcf)
    outputs = []
    for threads in ("1", "2"):
        out = out_dir("many_t" + threads)
        r = run("annotate", vcf, "--out", out, "--genome", "GRCh38", "--tumor-type", "NBL", "--age", "4",
                "--threads", threads, "--no-timestamp", "--min-alt-reads", "3")
        expect(r.returncode == 0, r.stderr)
        outputs.append([open(os.path.join(out, "TUMOR.pedtx." + ext)).read() for ext in ("json", "tsv", "html")])
    expect(outputs[0] == outputs[1], "reports differ between --threads 1 and 2")
    report = json.loads(outputs[0][0])
    expect(report["qc"]["records_read"] == total and report["qc"]["filtered_by_reason"].get("low_alt_reads", 0) > 0,
           report["qc"])
    expect(len(report["findings"]) >= 5, "%d findings" % len(report["findings"]))
    # Two malformed records far apart: the first one is reported, whatever the thread count.
    bad = os.path.join(h.TMP, "many_records_bad.vcf")
    h.write_many_records_vcf(bad, broken=(3500, 5200))
    for threads in ("1", "2"):
        r = run("annotate", bad, "--out", out_dir("many_bad_t" + threads), "--genome", "GRCh38", "--threads", threads)
        expect(r.returncode == 2 and "record 3500" in r.stderr and "record 5200" not in r.stderr, r.stderr)


@case
def annotated_vcf_output_is_a_valid_vcf_with_the_findings():
    vcf = os.path.join(EX, "neuroblastoma_alk_f1174l.vep.vcf")
    out = out_dir("annotated_vcf")
    r = run("annotate", vcf, "--out", out, "--tumor-type", "NBL", "--age", "3", "--format", "json,vcf",
            "--no-timestamp")
    expect(r.returncode == 0, r.stderr)
    annotated = os.path.join(out, "NB_01_TUMOR.pedtx.vcf.gz")
    with gzip.open(annotated, "rt") as f:
        lines = f.read().splitlines()
    header = [l for l in lines if l.startswith("##")]
    body = [l.split("\t") for l in lines if not l.startswith("#")]
    source = [l.split("\t") for l in open(vcf).read().splitlines() if l and not l.startswith("#")]
    expect(any(l.startswith("##INFO=<ID=PEDTX,") for l in header) and "##pedtx_sample=NB_01_TUMOR" in header, header[-6:])
    expect([b[:7] for b in body] == [s_[:7] for s_ in source], "records differ from the input's")
    pedtx = [b for b in body if "PEDTX=" in b[7]]
    expect(len(pedtx) == 1 and "PEDTX=T|ALK|F1174L|IIC|lorlatinib:IIC|crizotinib:IID|" in pedtx[0][7], pedtx)
    run_json = json.load(open(os.path.join(out, "run.json")))
    expect("NB_01_TUMOR.pedtx.vcf.gz" in run_json["samples"][0]["outputs"], run_json["samples"][0])
    # htslib reads the annotated VCF back, and pedtx finds the same findings in it.
    again = out_dir("annotated_vcf_again")
    r = run("annotate", annotated, "--out", again, "--tumor-type", "NBL", "--age", "3", "--no-timestamp",
            "--format", "json")
    expect(r.returncode == 0, r.stderr)
    first, second = load(out, "NB_01_TUMOR"), load(again, "NB_01_TUMOR")
    expect([(f["gene"], f["alteration"], f["tier"]) for f in first["findings"]] ==
           [(f["gene"], f["alteration"], f["tier"]) for f in second["findings"]], "findings differ")
    # A sample id with VCF metacharacters stays on its header line, escaped.
    sheet = os.path.join(h.TMP, "vcf_sheet.tsv")
    with open(sheet, "w") as f:
        f.write("sample_id\tvcf\nNB;x=1,%%y <z>\t%s\n" % vcf)
    out = out_dir("annotated_vcf_sheet")
    r = run("annotate", "--samples", sheet, "--out", out, "--format", "vcf", "--no-timestamp")
    expect(r.returncode == 0, r.stderr)
    produced = [n for n in os.listdir(out) if n.endswith(".pedtx.vcf.gz")]
    with gzip.open(os.path.join(out, produced[0]), "rt") as f:
        header = [l for l in f.read().splitlines() if l.startswith("##pedtx_sample=")]
    expect(header == ["##pedtx_sample=NB%3Bx%3D1%2C%25y%20%3Cz%3E"], header)
    r = run("annotate", vcf, "--all-samples", "--out", out_dir("annotated_vcf_all"), "--format", "vcf")
    expect(r.returncode == 1 and "--format vcf" in r.stderr, r.stderr)


@case
def cohort_outputs_and_pedtx_cohort_agree():
    out = out_dir("cohort_run")
    r = run("annotate", "--samples", os.path.join(EX, "samples.tsv"), "--out", out, "--no-timestamp")
    expect(r.returncode == 0, r.stderr)
    matrix = open(os.path.join(out, "cohort_matrix.tsv")).read().splitlines()
    expect(matrix[0].startswith("sample_id\t") and len(matrix) == N_EXAMPLES + 1, matrix[:2])
    # Rebuild from the reports alone, as a cluster workflow's gather step would.
    rebuilt = out_dir("cohort_rebuilt")
    r = run("cohort", out, "--out", rebuilt, "--no-timestamp")
    expect(r.returncode == 0, r.stderr)
    for name in ("cohort.tsv", "cohort_matrix.tsv", "cohort_summary.json"):
        want = open(os.path.join(out, name)).read()
        got = open(os.path.join(rebuilt, name)).read()
        expect(want == got, name + " differs between the run and pedtx cohort")
    # cohort.html: the same page, but for the links (from rebuilt/ back into the run folder).
    want = open(os.path.join(out, "cohort.html")).read()
    got = open(os.path.join(rebuilt, "cohort.html")).read()
    expect(want == got.replace('href="../cohort_run/', 'href="'), "cohort.html differs between the run and pedtx cohort")
    summary = json.load(open(os.path.join(out, "cohort_summary.json")))
    expect(summary["samples"] == N_EXAMPLES and summary["fraction_with_tier_I_or_II"] == 1.0, summary)


def report_links(folder):
    """The report links of folder/cohort.html (hrefs other than #anchors), unescaped and decoded."""
    import html.parser
    import urllib.parse

    class Links(html.parser.HTMLParser):
        hrefs = []

        def handle_starttag(self, tag, attrs):
            href = dict(attrs).get("href")
            if tag == "a" and href and not href.startswith("#"):
                self.hrefs.append(href)

    parser = Links()
    parser.hrefs = []
    with open(os.path.join(folder, "cohort.html"), encoding="utf-8") as f:
        parser.feed(f.read())  # the parser unescapes attribute values
    return [urllib.parse.unquote(href) for href in parser.hrefs]


@case
def cohort_html_links_each_report_from_any_output_folder():
    # Run folders with characters that need percent-encoding; the overview in another folder.
    base = out_dir("links")
    run_dir = os.path.join(base, "run #1 <b>&'")
    sheet = os.path.join(h.TMP, "links.tsv")
    with open(sheet, "w") as f:
        f.write("sample_id\tvcf\ttumor_type\n")
        f.write("NB_01\t%s\tNBL\n" % os.path.join(EX, "neuroblastoma_alk_f1174l.vep.vcf"))
        f.write("GONE\t%s\tNBL\n" % os.path.join(h.TMP, "no_such.vcf"))
        f.write("PLGG_02\t%s\tPAST\n" % os.path.join(EX, "plgg_braf_v600e.snpeff.vcf"))
    r = run("annotate", "--samples", sheet, "--out", run_dir, "--no-timestamp")
    expect(r.returncode == 2, r.stderr)
    expect(report_links(run_dir) == ["NB_01.pedtx.html", "PLGG_02.pedtx.html"], report_links(run_dir))
    json_only = os.path.join(base, "json only")
    r = run("annotate", os.path.join(EX, "cml_abl1_t315i.bcsq.vcf"), "--out", json_only, "--format", "json",
            "--no-timestamp")
    expect(r.returncode == 0, r.stderr)
    os.remove(os.path.join(json_only, "run.json"))  # a folder of reports alone
    gathered = os.path.join(base, "cohort", "overview")
    r = run("cohort", run_dir, json_only, "--out", gathered, "--no-timestamp")
    expect(r.returncode == 0, r.stderr)
    links = report_links(gathered)
    expect(links == ["../../run #1 <b>&'/NB_01.pedtx.html", "../../run #1 <b>&'/PLGG_02.pedtx.html",
                     "../../json only/TUMOR.pedtx.json"], links)
    for link in links:
        expect(os.path.isfile(os.path.join(gathered, link)), "broken link " + link)
    page = open(os.path.join(gathered, "cohort.html"), encoding="utf-8").read()
    expect('href="../../run%20%231%20%3Cb%3E%26%27/NB_01.pedtx.html"' in page, "href not percent-encoded")
    expect(">GONE</td>" in page and "no_such.vcf" in page, "the failed sample and its reason are listed")
    expect("date omitted (--no-timestamp)" in page, "--no-timestamp")
    r = run("cohort", run_dir, json_only, "--out", gathered, "--no-timestamp")
    expect(open(os.path.join(gathered, "cohort.html"), encoding="utf-8").read() == page, "rerun differs")
    r = run("cohort", run_dir, json_only, "--out", gathered)
    dated = open(os.path.join(gathered, "cohort.html"), encoding="utf-8").read()
    expect(r.returncode == 0 and "date omitted" not in dated and "Z</dd>" in dated, "no date without --no-timestamp")


@case
def cohort_of_runs_over_slices_of_a_sheet_equals_one_run():
    # A cluster workflow annotates consecutive slices of a sheet and gathers them with pedtx cohort:
    # same bytes as one run, in the sheet's order, with failed samples listed.
    lines = open(os.path.join(EX, "samples.tsv")).read().splitlines()
    header = lines[0].split("\t") + ["vcf_sample"]
    rows = []
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t") + [""] * len(header)))
        for column in ("vcf", "fusions", "germline"):
            if row[column]:
                row[column] = os.path.join(EX, row[column])
        rows.append("\t".join(row[c] for c in header))
    rows[2] += "NOPE"  # CML_03: a vcf_sample that is not in its VCF fails in its run

    def sheet(name, body):
        path = os.path.join(h.TMP, name)
        with open(path, "w") as f:
            f.write("\n".join(["\t".join(header)] + body) + "\n")
        return path

    one = out_dir("slices_one")
    r = run("annotate", "--samples", sheet("whole.tsv", rows), "--out", one, "--no-timestamp")
    expect(r.returncode == 2, r.stderr)
    parts = []
    for i in range(0, len(rows), 4):
        parts.append(out_dir("slice_%d" % i))
        run("annotate", "--samples", sheet("slice_%d.tsv" % i, rows[i:i + 4]), "--out", parts[-1], "--no-timestamp")
    # A sample a run took over from an earlier one (--resume) counts as reported.
    manifest_path = os.path.join(parts[2], "run.json")
    manifest = json.load(open(manifest_path))
    manifest["samples"][0]["status"] = "resumed"
    with open(manifest_path, "w") as f:
        json.dump(manifest, f)
    # A stray report from an earlier run in a run folder is left out, and said so.
    shutil.copy(os.path.join(one, "NB_01.pedtx.json"), os.path.join(parts[1], "OLD.pedtx.json"))
    gathered = out_dir("slices_gathered")
    r = run("cohort", *parts, "--out", gathered)
    expect(r.returncode == 0 and "1 failed" in r.stderr and "not listed in its run.json" in r.stderr, r.stderr)
    for name in ("cohort.tsv", "cohort_matrix.tsv", "cohort_summary.json"):
        want = open(os.path.join(one, name)).read()
        got = open(os.path.join(gathered, name)).read()
        expect(want == got, name + " differs between one run and the gathered slices")
    summary = json.load(open(os.path.join(gathered, "cohort_summary.json")))
    expect(summary["failed_samples"] == ["CML_03"] and summary["samples"] == N_EXAMPLES - 1, summary)
    # A run folder whose listed report is gone is an error naming the file.
    os.remove(os.path.join(parts[0], "PLGG_02.pedtx.json"))
    r = run("cohort", *parts, "--out", out_dir("slices_broken"))
    expect(r.returncode == 2 and "PLGG_02.pedtx.json: listed in" in r.stderr, r.stderr)


@case
def cohort_refuses_mixed_knowledge_bases():
    out = out_dir("mixed")
    run("annotate", os.path.join(EX, "plgg_braf_v600e.snpeff.vcf"), "--out", out, "--no-timestamp")
    doc = load(out, "PLGG_02")
    other = out_dir("mixed_other")
    os.makedirs(other)
    doc["sample"]["id"] = "OTHER"
    doc["knowledge_base"]["version"] = "1999.1.0"
    with open(os.path.join(other, "OTHER.pedtx.json"), "w") as f:
        json.dump(doc, f)
    r = run("cohort", out, other, "--out", out_dir("mixed_out"))
    expect(r.returncode == 2 and "different knowledge bases" in r.stderr, r.stderr)
    r = run("cohort", out, other, "--out", out_dir("mixed_out2"), "--allow-mixed-kb")
    expect(r.returncode == 0, r.stderr)


@case
def sigterm_mid_run_leaves_complete_reports_and_says_interrupted():
    # A FIFO input makes the timing deterministic: pedtx is inside the record loop, waiting
    # for data, when the signal arrives; then more records come and it stops at its next check.
    fifo = os.path.join(h.TMP, "stream.vcf")
    if os.path.exists(fifo):
        os.remove(fifo)
    os.mkfifo(fifo)
    sheet = os.path.join(h.TMP, "kill_sheet.tsv")
    with open(sheet, "w") as f:
        f.write("sample_id\tvcf\ttumor_type\tage_years\n")
        f.write("STREAM\t%s\tNBL\t3\n" % fifo)
        f.write("PLGG_02\t%s\tPAST\t8\n" % os.path.join(EX, "plgg_braf_v600e.snpeff.vcf"))
    out = out_dir("killed")
    proc = subprocess.Popen([h.PEDTX, "annotate", "--samples", sheet, "--out", out, "--threads", "1", "--no-timestamp"],
                            stderr=subprocess.PIPE, text=True, cwd=REPO)
    header = [l for l in open(os.path.join(EX, "neuroblastoma_alk_f1174l.vep.vcf")) if l.startswith("#")]
    record = "chr1\t%d\t.\tA\tG\t.\tPASS\t.\tGT:AD:AF:DP\t0/0:10,0:0:10\t0/1:10,10:0.5:20\n"
    stream = open(fifo, "w")
    try:
        stream.writelines(header)
        stream.writelines(record % (1000 + i) for i in range(100))
        stream.flush()
        time.sleep(0.5)
        proc.send_signal(signal.SIGTERM)
        time.sleep(0.2)
        stream.writelines(record % (2000 + i) for i in range(20000))
        stream.close()
    except BrokenPipeError:
        pass  # pedtx stopped reading, as it should
    finally:
        try:
            stream.close()
        except BrokenPipeError:
            pass
    _, stderr = proc.communicate(timeout=60)
    expect(proc.returncode == 128 + signal.SIGTERM, "exit %d: %s" % (proc.returncode, stderr))
    names = sorted(os.listdir(out))
    expect(not any(".pedtx." in n or ".tmp." in n for n in names), names)
    run_json = json.load(open(os.path.join(out, "run.json")))
    expect(run_json["summary"]["interrupted"] is True, run_json["summary"])
    expect([s["status"] for s in run_json["samples"]] == ["interrupted", "interrupted"], run_json["samples"])


@case
def resume_skips_current_reports_and_redoes_changed_ones():
    out = out_dir("resume")
    sheet = os.path.join(EX, "samples.tsv")
    r = run("annotate", "--samples", sheet, "--out", out, "--no-timestamp")
    expect(r.returncode == 0, r.stderr)
    before = open(os.path.join(out, "NB_01.pedtx.json")).read()
    r = run("annotate", "--samples", sheet, "--out", out, "--no-timestamp", "--resume")
    statuses = {s["sample_id"]: s["status"] for s in json.load(open(os.path.join(out, "run.json")))["samples"]}
    expect(set(statuses.values()) == {"resumed"}, statuses)
    expect("%d kept from an earlier run" % N_EXAMPLES in r.stderr, r.stderr)
    expect(open(os.path.join(out, "NB_01.pedtx.json")).read() == before, "resumed report unchanged")
    # Changed options: every sample is done again.
    r = run("annotate", "--samples", sheet, "--out", out, "--no-timestamp", "--resume", "--min-depth", "5")
    statuses = {s["sample_id"]: s["status"] for s in json.load(open(os.path.join(out, "run.json")))["samples"]}
    expect(set(statuses.values()) == {"ok"}, statuses)


@case
def all_samples_gives_one_report_per_column_in_one_pass():
    keys = {(k["gene"], k["change"], k["hgvsc"]): k["GRCh38"]
            for k in json.load(open(os.path.join(REPO, "knowledgebase", "genomic_keys.json")))["keys"]}
    braf = keys[("BRAF", "V600E", "c.1799T>A")]
    alk = keys[("ALK", "F1174L", "c.3522C>A")]
    vcf = os.path.join(h.TMP, "joint.vcf")
    lines = ["##fileformat=VCFv4.2", "##contig=<ID=chr2,length=242193529>", "##contig=<ID=chr7,length=159345973>",
             '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
             "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tP1\tP2\tP3"]
    lines.append("chr%s\t%d\t.\t%s\t%s\t.\tPASS\t.\tGT\t0/0\t0/1\t0/0" % (alk["chrom"], alk["pos"], alk["ref"], alk["alt"]))
    lines.append("chr%s\t%d\t.\t%s\t%s\t.\tPASS\t.\tGT\t0/1\t0/0\t1/1" % (braf["chrom"], braf["pos"], braf["ref"], braf["alt"]))
    open(vcf, "w").write("\n".join(lines) + "\n")
    sheet = os.path.join(h.TMP, "joint_sheet.tsv")
    open(sheet, "w").write("sample_id\ttumor_type\tage_years\nP1\tPAST\t8\nP2\tNBL\t2\nP3\tLGGNOS\t12\n")
    out = out_dir("joint")
    r = run("annotate", vcf, "--all-samples", "--samples", sheet, "--out", out, "--no-timestamp")
    expect(r.returncode == 0, r.stderr)
    found = {s: sorted(f["gene"] + " " + f["alteration"] for f in load(out, s)["findings"]) for s in ("P1", "P2", "P3")}
    expect(found == {"P1": ["BRAF V600E"], "P2": ["ALK F1174L"], "P3": ["BRAF V600E"]}, found)
    expect(load(out, "P2")["sample"]["tumor_type"] == "NBL", "tumor type from the sheet")
    expect(len(open(os.path.join(out, "cohort_matrix.tsv")).read().splitlines()) == 4, "3 samples in the matrix")
    # Each column's report carries the fingerprint --resume compares, as a per-file run's does.
    expect(len(load(out, "P1")["provenance"]["options_fingerprint"]) == 64, load(out, "P1")["provenance"])
    # --resume: the file is not read again while every column's reports are current ...
    before = open(os.path.join(out, "P2.pedtx.json")).read()
    r = run("annotate", vcf, "--all-samples", "--samples", sheet, "--out", out, "--no-timestamp", "--resume")
    expect(r.returncode == 0 and "3 kept from an earlier run" in r.stderr, r.stderr)
    statuses = {s["sample_id"]: s["status"] for s in json.load(open(os.path.join(out, "run.json")))["samples"]}
    expect(statuses == {"P1": "resumed", "P2": "resumed", "P3": "resumed"}, statuses)
    expect(open(os.path.join(out, "P2.pedtx.json")).read() == before, "resumed report unchanged")
    # ... and is read again when one column's report is gone or a sheet value changed.
    os.remove(os.path.join(out, "P3.pedtx.html"))
    r = run("annotate", vcf, "--all-samples", "--samples", sheet, "--out", out, "--no-timestamp", "--resume")
    statuses = {s["sample_id"]: s["status"] for s in json.load(open(os.path.join(out, "run.json")))["samples"]}
    expect(r.returncode == 0 and set(statuses.values()) == {"ok"}, (r.stderr, statuses))
    expect(os.path.exists(os.path.join(out, "P3.pedtx.html")), "P3 written again")
    open(sheet, "w").write("sample_id\ttumor_type\tage_years\nP1\tPAST\t8\nP2\tNBL\t3\nP3\tLGGNOS\t12\n")
    r = run("annotate", vcf, "--all-samples", "--samples", sheet, "--out", out, "--no-timestamp", "--resume")
    statuses = {s["sample_id"]: s["status"] for s in json.load(open(os.path.join(out, "run.json")))["samples"]}
    expect(r.returncode == 0 and set(statuses.values()) == {"ok"}, (r.stderr, statuses))
    expect(load(out, "P2")["sample"]["age_years"] == 3, load(out, "P2")["sample"])


@case
def issue12_gvcf_vep_without_hgvs_and_multi_sample_seg():
    data = os.path.join(DATA, "issue12")
    # gVCF (GATK <NON_REF>): BRAF V600E is found, reference blocks counted, one warning.
    out = out_dir("issue12_gvcf")
    r = run("annotate", os.path.join(data, "gatk_haplotypecaller.g.vcf"), "--out", out, "--tumor-type", "PAST",
            "--no-timestamp", "--quiet")
    expect(r.returncode == 0, r.stderr)
    doc = load(out, "TUMOR_01")
    expect([f["gene"] + " " + f["alteration"] for f in doc["findings"]] == ["BRAF V600E"], doc["findings"])
    expect(doc["qc"]["filtered_by_reason"].get("gvcf_reference_block") == 2, doc["qc"])
    expect(any("looks like a gVCF" in w for w in doc["warnings"]), doc["warnings"])
    # VEP without --hgvs: IDH1 R132H with vorasidenib; TPM4 (fusion partner only) not reported.
    out = out_dir("issue12_vep")
    r = run("annotate", os.path.join(data, "vep_default_no_hgvs.vcf"), "--out", out, "--tumor-type", "ASTR2",
            "--age", "14", "--no-timestamp", "--quiet")
    expect(r.returncode == 0, r.stderr)
    findings = {f["gene"] + " " + f["alteration"]: f for f in load(out, "TUMOR")["findings"]}
    expect("IDH1 R132H" in findings and "BRAF V600E" in findings, sorted(findings))
    expect(any("vorasidenib" in e["drugs"] for e in findings["IDH1 R132H"]["evidence"]), findings["IDH1 R132H"])
    expect(not any(k.startswith("TPM4") for k in findings), sorted(findings))
    # A multi-sample SEG: --cna-sample picks the rows; an id that is not there is refused with the ids.
    vcf = os.path.join(EX, "hgg_cmmrd.vcf")
    out = out_dir("issue12_seg")
    r = run("annotate", vcf, "--out", out, "--cna", os.path.join(data, "cohort.seg"), "--cna-sample", "S2",
            "--no-timestamp", "--quiet")
    expect(r.returncode == 0, r.stderr)
    reports = [n for n in os.listdir(out) if n.endswith(".pedtx.json")]
    doc = json.load(open(os.path.join(out, reports[0])))
    expect([f["gene"] + " " + f["alteration"] for f in doc["findings"]] == ["MYCN amplification"], doc["findings"])
    out = out_dir("issue12_seg_missing")
    r = run("annotate", vcf, "--out", out, "--cna", os.path.join(data, "cohort.seg"), "--no-timestamp", "--quiet")
    expect(r.returncode == 2 and "cohort.seg" in r.stderr and "S1, S2, S3" in r.stderr and "--cna-sample" in r.stderr,
           r.stderr)
    # --cn-min-probes: the 2-probe blip in BRAF is called only when the user allows 2 probes.
    for probes, expected in (("3", False), ("2", True)):
        out = out_dir("issue12_cns_" + probes)
        r = run("annotate", vcf, "--out", out, "--cna", os.path.join(data, "braf_blip.cns"), "--cn-min-probes", probes,
                "--no-timestamp", "--quiet")
        expect(r.returncode == 0, r.stderr)
        doc = json.load(open(os.path.join(out, [n for n in os.listdir(out) if n.endswith(".pedtx.json")][0])))
        braf = any(f["gene"] == "BRAF" and f["alteration"] == "amplification" for f in doc["findings"])
        expect(braf == expected, (probes, doc["findings"], doc["qc"]))
    r = run("annotate", vcf, "--out", out_dir("x"), "--cn-min-probes", "-1")
    expect(r.returncode == 1 and "--cn-min-probes" in r.stderr, r.stderr)


@case
def kb_info_counts():
    r = run("kb", "info")
    expect(r.returncode == 0 and "evidence_items\t" in r.stdout and "level_A\t" in r.stdout, r.stdout)


@case
def kb_diff_lists_changes_and_a_summary():
    r = run("kb", "diff", "knowledgebase", "knowledgebase")
    expect(r.returncode == 0 and r.stdout.startswith("summary\t") and "\t0 changes:" in r.stdout, r.stdout + r.stderr)
    r = run("kb", "diff", "tests/kb/fixture", "knowledgebase")
    lines = r.stdout.rstrip("\n").split("\n")
    expect(r.returncode == 0 and lines[-1].startswith("summary\t2026.0.1 -> "), r.stdout[-300:] + r.stderr)
    expect(lines[:-1] == sorted(lines[:-1]) and all(len(l.split("\t")) == 4 for l in lines[:-1]), "unsorted or malformed")
    expect("added\tevidence\tEV0001\t" in r.stdout and "removed\tevidence\tFX01\t" in r.stdout, r.stdout[:300])
    r = run("kb", "diff", "knowledgebase")
    expect(r.returncode == 1 and "OLD NEW" in r.stderr, r.stderr)
    r = run("kb", "diff", "knowledgebase", "no/such/dir")
    expect(r.returncode == 2 and "no/such/dir" in r.stderr, r.stderr)


@case
def non_human_and_other_build_headers_are_refused_even_with_genome():
    # Minimal headers of each kind in tests/data/references (issue 12, item 6).
    refs = os.path.join(DATA, "references")
    for name, words in (("maize_b73_v4.vcf", "##contig 1 has length 307041717"),
                        ("mouse_grcm38.vcf", "##contig chr1 has length 195471971"),
                        ("zebrafish_grcz11.vcf", "##contig 1 has length 59578282"),
                        ("sars_cov_2.vcf", "(MN908947.3, length 29903)"),
                        ("toy_5kb_demo.vcf", "##contig chr7 has length 5000"),
                        ("ncbi36_reference_line.vcf", "##reference=1000GenomesPilot-NCBI36 names NCBI36"),
                        ("mixed_builds.vcf", "mix the builds")):
        path = os.path.join(refs, name)
        for extra in ([], ["--genome", "GRCh37"], ["--genome", "GRCh38"]):
            out = out_dir("ref_" + name)
            r = run("annotate", path, "--out", out, *extra)
            expect(r.returncode == 2, "%s %s: exit %d %s" % (name, extra, r.returncode, r.stderr))
            expect("pedtx: error: %s: the header describes a reference that is not human GRCh37 or GRCh38" % path
                   in r.stderr and words in r.stderr, r.stderr)
            expect(not [n for n in os.listdir(out) if n.endswith(".pedtx.json")], "no report for " + name)
    # Real human headers: partial contig lists, hg19 and b37 naming, decoys, alt, HLA, chrUn.
    for name, build in (("hg19_partial_with_chrM_and_unplaced.vcf", "GRCh37"), ("b37_decoy_hs37d5.vcf", "GRCh37"),
                        ("grch38_analysis_set_alt_hla.vcf", "GRCh38")):
        for extra in ([], ["--genome", build]):
            out = out_dir("human_" + name)
            r = run("annotate", os.path.join(refs, name), "--out", out, "--no-timestamp", *extra)
            expect(r.returncode == 0, "%s %s: %s" % (name, extra, r.stderr))
            expect(load(out, "TUMOR")["genome_build"] == build, name)


@case
def unknown_build_says_what_the_header_has():
    path = os.path.join(DATA, "references", "no_length_unnamed_reference.vcf")
    r = run("annotate", path, "--out", out_dir("unknown_build"))
    expect(r.returncode == 2, r.stderr)
    expect("cannot tell the genome build: the header has 1 ##contig line without a length (chr7); "
           "##reference=file:///data/ref.fa names no build" in r.stderr, r.stderr)
    expect("give --genome GRCh37 or --genome GRCh38" in r.stderr, r.stderr)
    r = run("annotate", path, "--out", out_dir("unknown_build2"), "--genome", "GRCh38")
    expect(r.returncode == 0, r.stderr)


@case
def broken_headers_name_the_cause_and_line():
    # Minimal copies in tests/data/headers of headers third-party tools write (issue 12, item 8).
    headers = os.path.join(DATA, "headers")
    for name, words in (("generated_by_comment.vcf", 'line 3: "# Generated By: varscan2vcf.pl v1.2" is not a header line'),
                        ("trailing_tab_on_chrom_line.vcf", "line 4: the #CHROM line ends with a tab"),
                        ("duplicate_sample_name.vcf", 'line 4: sample name "S1" appears twice'),
                        ("no_header.vcf.gz", 'found "chr7 140753336 . A T . PASS . GT 0/1"')):
        path = os.path.join(headers, name)
        r = run("annotate", path, "--out", out_dir("hdr_" + name), "--genome", "GRCh38", "--quiet")
        expect(r.returncode == 2, "%s: exit %d" % (name, r.returncode))
        expect("pedtx: error: %s: " % path in r.stderr and words in r.stderr, r.stderr)
        expect("no valid VCF header" not in r.stderr, r.stderr)


@case
def sample_sheet_errors_advise_sheet_columns_and_genome_column_sets_the_build():
    sheet = os.path.join(h.TMP, "advice_sheet.tsv")
    unknown = os.path.join(DATA, "references", "no_length_unnamed_reference.vcf")
    with open(sheet, "w") as f:
        f.write("sample_id\tvcf\tvcf_sample\tgenome\n")
        f.write("TRIO\t%s\t\t\n" % os.path.join(DATA, "three_samples_no_tumor.vcf"))
        f.write("NOBUILD\t%s\t\t\n" % unknown)
        f.write("WITHBUILD\t%s\t\tGRCh38\n" % unknown)
        f.write("WRONGBUILD\t%s\t\tGRCh37\n" % os.path.join(DATA, "references", "grch38_analysis_set_alt_hla.vcf"))
    out = out_dir("advice")
    r = run("annotate", "--samples", sheet, "--out", out, "--no-timestamp", "--quiet")
    expect(r.returncode == 2, r.stderr)
    trio = [l for l in r.stderr.splitlines() if "three_samples_no_tumor.vcf" in l]
    expect(trio and "the sample sheet's vcf_sample column" in trio[0] and "--sample" not in trio[0], r.stderr)
    nobuild = [l for l in r.stderr.splitlines() if "cannot tell the genome build" in l]
    expect(nobuild and "fill the sample sheet's genome column" in nobuild[0], r.stderr)
    expect("the sample sheet's genome column says GRCh37 but the header's ##contig lengths say GRCh38" in r.stderr,
           r.stderr)
    report = load(out, "WITHBUILD")
    expect(report["genome_build"] == "GRCh38" and report["genome_build_source"] == "sample sheet", report)
    with open(sheet, "w") as f:
        f.write("sample_id\tvcf\tgenome\nA\t%s\thg18\n" % unknown)
    r = run("annotate", "--samples", sheet, "--out", out_dir("advice2"))
    expect(r.returncode != 0 and "%s:2: column genome" % sheet in r.stderr, r.stderr)


@case
def threads_above_the_core_count_are_capped_without_tbb_warning():
    vcf = os.path.join(EX, "plgg_braf_v600e.snpeff.vcf")
    cores = os.cpu_count() or 1
    for quiet in ([], ["--quiet"]):
        r = run("annotate", vcf, "--out", out_dir("threads_cap"), "--threads", str(cores + 62), *quiet)
        expect(r.returncode == 0, r.stderr)
        expect("TBB Warning" not in r.stderr, r.stderr)
        note = "--threads %d is more than the" % (cores + 62)
        expect((note in r.stderr) == (not quiet), "%s: %s" % (quiet, r.stderr))
    with open(os.path.join(h.TMP, "threads_cap", "run.json")) as f:
        expect(json.load(f)["samples"][0]["status"] == "ok", "run.json")


@case
def annotations_without_allele_funcotator_and_pave_are_read_or_warned():
    # Minimal copies in tests/data/annotations of each annotator's output (issue 12, item 9).
    ann = os.path.join(DATA, "annotations")
    for name, source in (("vep_csq_without_allele.vcf", "VEP"), ("vep_csq_allele_num_multiallelic.vcf", "VEP"),
                         ("funcotator.vcf", "Funcotator"), ("pave_impact.vcf", "PAVE")):
        out = out_dir("ann_" + name)
        r = run("annotate", os.path.join(ann, name), "--out", out, "--no-timestamp")
        # Without Allele or ALLELE_NUM the header alone warns that multi-allelic records cannot be read.
        warned = "pedtx: warning:" in r.stderr
        expect(r.returncode == 0 and warned == (name == "vep_csq_without_allele.vcf"), "%s: %s" % (name, r.stderr))
        report = load(out, "TUMOR")
        expect(report["input"]["annotation"] == source, report["input"])
        found = [(f["gene"], f["alteration"], f["matched_by"]) for f in report["findings"]]
        expect(("BRAF", "V600E", "annotation") in found, "%s: %s" % (name, found))
    for name, words in (("vep_csq_without_allele_multiallelic.vcf", "no Allele or ALLELE_NUM field"),
                        ("funcotator_without_field_list.vcf", "the annotation was not used and matching fell back")):
        path = os.path.join(ann, name)
        out = out_dir("warn_" + name)
        r = run("annotate", path, "--out", out, "--no-timestamp")
        lines = [l for l in r.stderr.splitlines() if l.startswith("pedtx: warning: " + path)]
        expect(r.returncode == 0 and len(lines) == 1 and words in lines[0], r.stderr)
        report = load(out, "TUMOR")
        expect(any(words in w for w in report["warnings"]), report["warnings"])
        found = [(f["gene"], f["alteration"], f["matched_by"]) for f in report["findings"]]
        expect(("BRAF", "V600E", "genomic_key") in found, found)
        r = run("annotate", path, "--out", out_dir("warnq_" + name), "--quiet")
        expect("pedtx: warning:" not in r.stderr, r.stderr)


# A cBioPortal-style cohort (issue 18), our own minimal copy of data_mutations.txt (rows sorted by
# position, not grouped by sample) and data_clinical_sample.txt (four '#' lines).
MAF_ROWS = """#version 2.4
Hugo_Symbol\tTumor_Sample_Barcode\tNCBI_Build\tChromosome\tStart_Position\tEnd_Position\tVariant_Classification\tReference_Allele\tTumor_Seq_Allele2\tHGVSp_Short\tt_alt_count\tt_depth
ALK\tNB-1\tGRCh37\t2\t29443697\t29443697\tMissense_Mutation\tA\tG\tp.F1174L\t30\t100
ALK\tBAD-1\tGRCh37\t2\t29443697\t29443697\tMissense_Mutation\tA\tG\tp.F1174L\t30\t100
BRAF\tPLGG-2\tGRCh37\t7\t140453136\t140453136\tMissense_Mutation\tA\tT\tp.V600E\t12\t40
KIT\tNB-1\tGRCh37\t4\t55599321\t55599321\tMissense_Mutation\tA\tT\tp.D816V\t5\t50
"""
CLINICAL = """#Patient Identifier\tSample Identifier\tOncotree Code\tAge
#Patient\tSample\tCode\tAge
#STRING\tSTRING\tSTRING\tNUMBER
#1\t1\t1\t1
PATIENT_ID\tSAMPLE_ID\tONCOTREE_CODE\tAGE
P1\tNB-1\tNBL\t3
P2\tBAD-1\tNOT_A_CODE\t4
"""


@case
def maf_input_samples_errors_threads_and_resume():
    tmp = out_dir("maf_inputs")
    os.makedirs(tmp)
    maf, clinical = os.path.join(tmp, "data_mutations.txt"), os.path.join(tmp, "clinical.txt")
    with open(maf, "w") as f:
        f.write(MAF_ROWS)
    with open(clinical, "w") as f:
        f.write(CLINICAL)
    outs = {}
    for threads in ("1", "2"):
        out = outs[threads] = os.path.join(tmp, "out" + threads)
        r = run("annotate", "--maf", maf, "--clinical", clinical, "--out", out, "--no-timestamp", "--threads", threads)
        # The unknown code fails its sample only, naming it; the sample without one is a warning.
        expect(r.returncode == 2, "exit %d %s" % (r.returncode, r.stderr))
        expect("sample BAD-1: unknown OncoTree code \"NOT_A_CODE\"" in r.stderr, r.stderr)
        expect("pedtx: warning: " in r.stderr and "PLGG-2" in r.stderr, r.stderr)
        expect(sorted(n for n in os.listdir(out) if n.endswith(".json")) ==
               ["NB-1.pedtx.json", "PLGG-2.pedtx.json", "cohort_summary.json", "run.json"], os.listdir(out))
    for name in ("NB-1.pedtx.json", "PLGG-2.pedtx.json", "cohort.tsv"):
        with open(os.path.join(outs["1"], name)) as a, open(os.path.join(outs["2"], name)) as b:
            expect(a.read() == b.read(), "%s differs between 1 and 2 threads" % name)
    nb = load(outs["1"], "NB-1")
    expect(nb["sample"]["tumor_type"] == "NBL" and nb["sample"]["age_years"] == 3, nb["sample"])
    expect(nb["qc"]["records_read"] == 2 and nb["input"]["annotation"] == "MAF", nb["qc"])
    alk = [f for f in nb["findings"] if f["gene"] == "ALK"]
    expect(alk and alk[0]["alteration"] == "F1174L" and alk[0]["variant"]["vaf"] == 0.3, alk)
    # --resume keeps every report when nothing changed.
    r = run("annotate", "--maf", maf, "--clinical", clinical, "--out", outs["1"], "--no-timestamp", "--threads", "1",
            "--resume")
    expect("2 kept from an earlier run" in r.stderr, r.stderr)
    # A row that cannot be read fails the MAF naming its line; --skip-bad-rows counts it.
    with open(maf, "a") as f:
        f.write("BRAF\tPLGG-2\tGRCh37\t7\tnot_a_position\t140453136\tMissense_Mutation\tA\tT\tp.V600E\t12\t40\n")
    r = run("annotate", "--maf", maf, "--out", out_dir("maf_bad"), "--no-timestamp")
    expect(r.returncode == 2 and "pedtx: error: %s:7: Start_Position" % maf in r.stderr, r.stderr)
    out = out_dir("maf_skip")
    r = run("annotate", "--maf", maf, "--out", out, "--no-timestamp", "--skip-bad-rows")
    expect(r.returncode == 0, r.stderr)
    expect(load(out, "PLGG-2")["qc"]["filtered_by_reason"]["maf_unreadable_row_in_file"] == 1, load(out, "PLGG-2")["qc"])
    for args, words in ((["--maf", maf, "x.vcf"], "does not combine"), (["--clinical", clinical, "x.vcf"], "--maf"),
                        (["--maf", maf, "--format", "maf"], "include json")):
        r = run("annotate", "--out", out_dir("maf_usage"), *args)
        expect(r.returncode == 1 and words in r.stderr, "%s: %s" % (args, r.stderr))


@case
def cbioportal_study_from_annotate_and_from_cohort():
    tmp = out_dir("maf_cbio")
    os.makedirs(tmp)
    maf = os.path.join(tmp, "data_mutations.txt")
    with open(maf, "w") as f:
        f.write(MAF_ROWS.replace("NOT_A_CODE", "NBL"))
    out = os.path.join(tmp, "out")
    r = run("annotate", "--maf", maf, "--tumor-type", "NBL", "--out", out, "--no-timestamp",
            "--format", "json,maf,cbioportal")
    expect(r.returncode == 0, r.stderr)
    study = os.path.join(out, "cbioportal")
    expect(sorted(os.listdir(study)) == ["case_lists", "data_clinical_patient.txt", "data_clinical_sample.txt",
                                         "data_mutations.txt", "meta_clinical_patient.txt", "meta_clinical_sample.txt",
                                         "meta_mutations.txt", "meta_study.txt"], os.listdir(study))
    with open(os.path.join(study, "data_mutations.txt")) as f:
        rows = [l.rstrip("\n").split("\t") for l in f]
    header = rows[0]
    alk = [dict(zip(header, r)) for r in rows[1:] if r[0] == "ALK" and r[header.index("Tumor_Sample_Barcode")] == "NB-1"]
    expect(alk and alk[0]["cbp_driver"] == "Putative_Driver" and alk[0]["cbp_driver_tiers"].startswith("pedtx tier I"),
           alk)
    # The annotated MAF: every input row, in order, with pedtx's columns.
    with open(os.path.join(out, "cohort.pedtx.maf")) as f:
        lines = [l.rstrip("\n").split("\t") for l in f if not l.startswith("#")]
    expect(lines[0][-5:] == ["pedtx_tier", "pedtx_drugs", "pedtx_response", "pedtx_evidence", "pedtx_kb_version"],
           lines[0])
    expect(len(lines) == 5 and [l[1] for l in lines[1:]] == ["NB-1", "BAD-1", "PLGG-2", "NB-1"], lines)
    expect(lines[1][-5] == alk[0]["cbp_driver_tiers"].split()[-1], lines[1])
    # pedtx cohort writes the same study from the run's folder.
    again = os.path.join(tmp, "again")
    r = run("cohort", out, "--out", os.path.join(tmp, "cohort"), "--cbioportal", again, "--no-timestamp")
    expect(r.returncode == 0, r.stderr)
    for name in ("data_mutations.txt", "data_clinical_sample.txt", "case_lists/cases_sequenced.txt"):
        with open(os.path.join(study, name)) as a, open(os.path.join(again, name)) as b:
            expect(a.read() == b.read(), name + " differs between annotate and cohort")

if __name__ == "__main__":
    sys.exit(h.main(__doc__))
