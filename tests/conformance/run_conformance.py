#!/usr/bin/env python3
"""Conformance over third-party files in ../shared/testdata (skips when the folder is absent).

Every VCF/BCF under annotated_csq_ann_bcsq/, malformed_edge/ and fusions_sv/ is run through
`pedtx annotate`. Each must be either processed (exit 0, a JSON and TSV report that parse) or
rejected (exit 2, a `pedtx: error:` line naming the file, no report left behind, run.json
saying "failed"). A crash, a sanitizer report, exit 1/3, or a partial report fails the test.
Files whose build cannot be detected are run again with --genome GRCh37, so their annotations
are exercised too.

The files run in batches (one `pedtx annotate --samples SHEET` per batch of BATCH inputs, the
batch mode users run, where one bad input never stops the others): each input is then judged from run.json
(status, error, outputs) and the batch's stderr. Starting pedtx once per file cost most of this
test's time, above all under the sanitizers. A batch that crashes, prints a sanitizer report or
leaves run.json unreadable is run again file by file, so a failure still names its file.
"""
import argparse
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.normpath(os.path.join(REPO, "..", "shared", "testdata"))
FOLDERS = ["annotated_csq_ann_bcsq", "malformed_edge", "fusions_sv", "pcgr"]
SUFFIXES = (".vcf", ".vcf.gz", ".bcf", ".vcf.bgz")
BATCH = 40
SANITIZER_MARKS = ("ERROR: AddressSanitizer", "runtime error:", "LeakSanitizer")


def inputs():
    for folder in FOLDERS:
        root = os.path.join(SHARED, folder)
        for dirpath, _, files in os.walk(root):
            for name in sorted(files):
                if name.endswith(SUFFIXES) or (folder == "malformed_edge" and "." not in name):
                    yield os.path.join(dirpath, name)


def check_reports(out, names, problems):
    """Each JSON report among names must parse and hold findings and qc."""
    for name in names:
        if name.endswith(".json"):
            with open(os.path.join(out, name)) as f:
                doc = json.load(f)
            if "findings" not in doc or "qc" not in doc:
                problems.append("%s lacks findings/qc" % name)


def check(pedtx, path, out, extra):
    result = subprocess.run([pedtx, "annotate", path, "--out", out, "--no-timestamp", "--threads", "1"] + extra,
                            capture_output=True, text=True, errors="replace", timeout=300)
    problems = []
    stderr = result.stderr
    if any(mark in stderr for mark in SANITIZER_MARKS):
        problems.append("sanitizer report:\n" + stderr[-3000:])
    run_json = os.path.join(out, "run.json")
    reports = sorted(n for n in os.listdir(out) if n.endswith((".pedtx.json", ".pedtx.tsv"))) if os.path.isdir(out) else []
    leftovers = [n for n in os.listdir(out) if ".tmp." in n] if os.path.isdir(out) else []
    if leftovers:
        problems.append("temporary files left behind: %s" % leftovers)
    if result.returncode == 0:
        if len(reports) != 2:
            problems.append("exit 0 but reports are %s" % reports)
        check_reports(out, reports, problems)
    elif result.returncode == 2:
        if "pedtx: error: " + path not in stderr:
            problems.append("exit 2 without a 'pedtx: error: %s' line; stderr: %s" % (path, stderr[-500:]))
        if reports:
            problems.append("rejected but reports were written: %s" % reports)
        if os.path.exists(run_json):
            with open(run_json) as f:
                status = json.load(f)["samples"][0]["status"]
            if status != "failed":
                problems.append("run.json says %s for a rejected input" % status)
    else:
        problems.append("exit code %d; stderr: %s" % (result.returncode, stderr[-1500:]))
    return result.returncode, stderr, problems


def check_batch(pedtx, paths, out, extra):
    """Runs the inputs as one batch. Returns {path: (code, stderr, problems)} judged per input from
    run.json, or None when the batch as a whole went wrong (then each input is run on its own)."""
    # A sample sheet, so that every input has its own sample id (many files name their column TUMOR).
    os.makedirs(out)
    sheet = os.path.join(out, "inputs.tsv")
    with open(sheet, "w") as f:
        f.write("sample_id\tvcf\n")
        for i, path in enumerate(paths):
            f.write("input%d\t%s\n" % (i, path))
    result = subprocess.run([pedtx, "annotate", "--samples", sheet, "--out", out, "--no-timestamp", "--threads", "1"]
                            + extra, capture_output=True, text=True, errors="replace", timeout=1200)
    stderr = result.stderr
    if result.returncode not in (0, 2) or any(mark in stderr for mark in SANITIZER_MARKS):
        return None
    try:
        with open(os.path.join(out, "run.json")) as f:
            samples = json.load(f)["samples"]
    except (OSError, ValueError, KeyError):
        return None
    if [s["input"]["path"] for s in samples] != paths:
        return None
    files = os.listdir(out)
    leftovers = [n for n in files if ".tmp." in n]
    verdicts = {}
    for sample, path in zip(samples, paths):
        problems = []
        if leftovers:
            problems.append("temporary files left behind in the batch: %s" % leftovers)
        outputs = sample.get("outputs") or []
        reports = sorted(n for n in outputs if n.endswith((".pedtx.json", ".pedtx.tsv")))
        if sample["status"] == "ok":
            missing = [n for n in outputs if n not in files]
            if len(reports) != 2 or missing:
                problems.append("status ok but reports are %s (missing on disk: %s)" % (reports, missing))
            else:
                check_reports(out, reports, problems)
            verdicts[path] = (0, "", problems)
        elif sample["status"] == "failed":
            line = "pedtx: error: " + path + ":"
            own = "\n".join(l for l in stderr.splitlines() if l.startswith(line))
            if not own:
                problems.append("failed without a '%s' line; run.json error: %s" % (line, sample.get("error")))
            if reports:
                problems.append("rejected but reports were written: %s" % reports)
            verdicts[path] = (2, own, problems)
        else:
            problems.append("run.json says %s" % sample["status"])
            verdicts[path] = (3, "", problems)
    return verdicts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pedtx", required=True)
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    if not os.path.isdir(SHARED):
        print("SKIPPED: %s not found; conformance over shared test data not run" % SHARED)
        return 77
    tmp = tempfile.mkdtemp(prefix="pedtx_conformance_")
    processed = rejected = failed = 0

    def one_by_one(index, paths, extra):
        verdicts = {}
        for i, path in enumerate(paths):
            out = os.path.join(tmp, "%d_%d" % (index, i))
            verdicts[path] = check(a.pedtx, path, out, extra)
            shutil.rmtree(out, ignore_errors=True)
        return verdicts

    def batch(index, paths, extra):
        out = os.path.join(tmp, "batch_%d" % index)
        verdicts = check_batch(a.pedtx, paths, out, extra)
        shutil.rmtree(out, ignore_errors=True)
        return verdicts if verdicts is not None else one_by_one(index, paths, extra)

    def run_all(paths, extra, first_index):
        chunks = [paths[i:i + BATCH] for i in range(0, len(paths), BATCH)]
        verdicts = {}
        # pedtx runs with --threads 1: as many batches at once as there are cores.
        with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            for part in pool.map(lambda item: batch(first_index + item[0], item[1], extra), enumerate(chunks)):
                verdicts.update(part)
        return verdicts

    try:
        paths = list(inputs())
        verdicts = run_all(paths, [], 0)
        # Inputs whose build cannot be detected: again with --genome GRCh37, so their annotations
        # are exercised too.
        again = [p for p in paths if verdicts[p][0] == 2 and "cannot tell the genome build" in verdicts[p][1]
                 and not verdicts[p][2]]
        verdicts.update(run_all(again, ["--genome", "GRCh37"], 100000))
        for path in paths:
            code, stderr, problems = verdicts[path]
            rel = os.path.relpath(path, SHARED)
            if problems:
                failed += 1
                print("FAIL %s:\n  %s" % (rel, "\n  ".join(problems)))
            elif code == 0:
                processed += 1
                if a.verbose:
                    print("ok   processed %s" % rel)
            else:
                rejected += 1
                if a.verbose:
                    first = [l for l in stderr.splitlines() if l.startswith("pedtx: error:")][:1]
                    print("ok   rejected  %s: %s" % (rel, first[0] if first else ""))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    total = processed + rejected + failed
    print("conformance: %d files: %d processed, %d rejected with a clear error, %d failed"
          % (total, processed, rejected, failed))
    print("%d passed, %d failed" % (processed + rejected, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
