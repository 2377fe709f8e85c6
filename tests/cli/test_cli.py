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
    reports = sorted(n for n in os.listdir(out) if ".pedtx." in n)
    expect(reports == ["TUMOR.pedtx.tsv"], os.listdir(out))
    expect(os.path.exists(os.path.join(out, "run.json")) and os.path.exists(os.path.join(out, "cohort.tsv")),
           "run.json and cohort outputs are always written")


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
    leftovers = [n for n in os.listdir(out) if ".pedtx." in n or ".tmp." in n]
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
    names = sorted(n for n in os.listdir(out) if ".pedtx." in n)
    expect(names == ["_.._evil__script_.pedtx.json", "_.._evil__script_.pedtx.tsv"], names)
    expect(load(out, "_.._evil__script_")["sample"]["id"] == "../evil <script>", "sample id kept in the report")


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
def cohort_outputs_and_pedtx_cohort_agree():
    out = out_dir("cohort_run")
    r = run("annotate", "--samples", os.path.join(EX, "samples.tsv"), "--out", out, "--no-timestamp")
    expect(r.returncode == 0, r.stderr)
    matrix = open(os.path.join(out, "cohort_matrix.tsv")).read().splitlines()
    expect(matrix[0].startswith("sample_id\t") and len(matrix) == 10, matrix[:2])
    # Rebuild from the reports alone, as a cluster workflow's gather step would.
    rebuilt = out_dir("cohort_rebuilt")
    r = run("cohort", out, "--out", rebuilt)
    expect(r.returncode == 0, r.stderr)
    for name in ("cohort.tsv", "cohort_matrix.tsv", "cohort_summary.json"):
        want = open(os.path.join(out, name)).read()
        got = open(os.path.join(rebuilt, name)).read()
        expect(want == got, name + " differs between the run and pedtx cohort")
    summary = json.load(open(os.path.join(out, "cohort_summary.json")))
    expect(summary["samples"] == 9 and summary["fraction_with_tier_I_or_II"] == 1.0, summary)


@case
def cohort_of_runs_over_slices_of_a_sheet_equals_one_run():
    # A cluster workflow annotates consecutive slices of a sheet and gathers them with pedtx cohort:
    # same bytes as one run, in the sheet's order, with failed samples listed.
    lines = open(os.path.join(EX, "samples.tsv")).read().splitlines()
    header = lines[0].split("\t") + ["vcf_sample"]
    rows = []
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t") + [""] * len(header)))
        for column in ("vcf", "fusions"):
            if row[column]:
                row[column] = os.path.join(EX, row[column])
        rows.append("\t".join(row[c] for c in header))
    rows[2] += "NOPE"  # CML_03: a vcf_sample that is not in its VCF fails in its run

    def sheet(name, body):
        path = os.path.join(TMP, name)
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
    expect(summary["failed_samples"] == ["CML_03"] and summary["samples"] == 8, summary)
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
