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
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EX = os.path.join(REPO, "examples")
DATA = os.path.join(REPO, "tests", "data")
PEDTX = None
TMP = None
CASES = []
results = []


def run(*args):
    return subprocess.run([PEDTX] + list(args), capture_output=True, text=True, cwd=REPO)


def out_dir(name):
    path = os.path.join(TMP, name)
    shutil.rmtree(path, ignore_errors=True)
    return path


def case(fn):
    CASES.append(fn)
    return fn


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def load(out, sample):
    with open(os.path.join(out, sample + ".pedtx.json")) as f:
        return json.load(f)


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
    expect(os.path.exists(os.path.join(TMP, "multi2", "child.pedtx.json")), "report named after the column")


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
    expect(sorted(os.listdir(out)) == ["TUMOR.pedtx.tsv", "run.json"], os.listdir(out))


@case
def html_format_alone_and_listed_in_run_json():
    out = out_dir("fmt_html")
    r = run("annotate", os.path.join(EX, "cml_abl1_t315i.bcsq.vcf"), "--out", out, "--format", "html")
    expect(r.returncode == 0, r.stderr)
    expect(sorted(os.listdir(out)) == ["TUMOR.pedtx.html", "run.json"], os.listdir(out))
    with open(os.path.join(out, "run.json")) as f:
        expect(json.load(f)["samples"][0]["outputs"] == ["TUMOR.pedtx.html"], "outputs in run.json")
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
    cut = os.path.join(TMP, "truncated.vcf.gz")
    with gzip.open(cut, "wt") as f:
        f.write(text)
    data = open(cut, "rb").read()
    with open(cut, "wb") as f:
        f.write(data[: len(data) - 40])
    out = out_dir("trunc")
    r = run("annotate", cut, "--out", out)
    expect(r.returncode == 2 and "pedtx: error: " + cut in r.stderr, r.stderr)
    leftovers = [n for n in os.listdir(out) if n != "run.json"]
    expect(leftovers == [], leftovers)


@case
def unsafe_sample_names_give_safe_file_names():
    sheet = os.path.join(TMP, "sheet.tsv")
    with open(sheet, "w") as f:
        f.write("sample_id\tvcf\ttumor_type\tage_years\n")
        f.write("../evil <script>\t%s\tPAST\t8\n" % os.path.join(EX, "plgg_braf_v600e.snpeff.vcf"))
    out = out_dir("unsafe")
    r = run("annotate", "--samples", sheet, "--out", out, "--no-timestamp")
    expect(r.returncode == 0, r.stderr)
    names = sorted(os.listdir(out))
    expect(names == ["_.._evil__script_.pedtx.html", "_.._evil__script_.pedtx.json", "_.._evil__script_.pedtx.tsv",
                     "run.json"], names)
    expect(load(out, "_.._evil__script_")["sample"]["id"] == "../evil <script>", "sample id kept in the report")
    with open(os.path.join(out, "_.._evil__script_.pedtx.html"), encoding="utf-8") as f:
        html = f.read()
    expect("<script" not in html and "<h1>Sample ../evil &lt;script&gt;</h1>" in html, "sample id escaped in the HTML")


@case
def malformed_sample_sheet_is_rejected_before_work():
    sheet = os.path.join(TMP, "bad_sheet.tsv")
    with open(sheet, "w") as f:
        f.write("sample_id\tvcf\ttumor_type\tage_years\n")
        f.write("A\t%s\tPAST\t8\n" % os.path.join(EX, "plgg_braf_v600e.snpeff.vcf"))
        f.write("B\t%s\tPAST\teight\n" % os.path.join(EX, "plgg_braf_v600e.snpeff.vcf"))
    out = out_dir("badsheet")
    r = run("annotate", "--samples", sheet, "--out", out)
    expect(r.returncode == 1 and "%s:3: column age_years" % sheet in r.stderr, r.stderr)
    expect(not os.path.exists(out), "no work was started")


@case
def kb_info_counts():
    r = run("kb", "info")
    expect(r.returncode == 0 and "evidence_items\t" in r.stdout and "level_A\t" in r.stdout, r.stdout)


def main():
    global PEDTX, TMP
    ap = argparse.ArgumentParser()
    ap.add_argument("--pedtx", required=True)
    a = ap.parse_args()
    PEDTX = os.path.abspath(a.pedtx)
    TMP = tempfile.mkdtemp(prefix="pedtx_cli_")
    try:
        for fn in CASES:
            try:
                fn()
                results.append((fn.__name__, None))
            except AssertionError as e:
                results.append((fn.__name__, str(e) or "assertion failed"))
        failed = [(n, e) for n, e in results if e]
        for name, error in failed:
            print("FAIL %s: %s" % (name, error))
        print("%d passed, %d failed" % (len(results) - len(failed), len(failed)))
        return 1 if failed else 0
    finally:
        shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
