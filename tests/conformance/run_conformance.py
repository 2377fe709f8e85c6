#!/usr/bin/env python3
"""Conformance over third-party files in ../shared/testdata (skips when the folder is absent).

Every VCF/BCF under annotated_csq_ann_bcsq/, malformed_edge/ and fusions_sv/ is run through
`pedtx annotate`. Each must be either processed (exit 0, a JSON and TSV report that parse) or
rejected (exit 2, a `pedtx: error:` line naming the file, no report left behind, run.json
saying "failed"). A crash, a sanitizer report, exit 1/3, or a partial report fails the test.
Files whose build cannot be detected are run again with --genome GRCh37, so their annotations
are exercised too.
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


def inputs():
    for folder in FOLDERS:
        root = os.path.join(SHARED, folder)
        for dirpath, _, files in os.walk(root):
            for name in sorted(files):
                if name.endswith(SUFFIXES) or (folder == "malformed_edge" and "." not in name):
                    yield os.path.join(dirpath, name)


def check(pedtx, path, out, extra):
    result = subprocess.run([pedtx, "annotate", path, "--out", out, "--no-timestamp", "--threads", "1"] + extra,
                            capture_output=True, text=True, errors="replace", timeout=300)
    problems = []
    stderr = result.stderr
    if "ERROR: AddressSanitizer" in stderr or "runtime error:" in stderr or "LeakSanitizer" in stderr:
        problems.append("sanitizer report:\n" + stderr[-3000:])
    run_json = os.path.join(out, "run.json")
    reports = sorted(n for n in os.listdir(out) if n.endswith((".pedtx.json", ".pedtx.tsv"))) if os.path.isdir(out) else []
    leftovers = [n for n in os.listdir(out) if ".tmp." in n] if os.path.isdir(out) else []
    if leftovers:
        problems.append("temporary files left behind: %s" % leftovers)
    if result.returncode == 0:
        if len(reports) != 2:
            problems.append("exit 0 but reports are %s" % reports)
        for name in reports:
            if name.endswith(".json"):
                with open(os.path.join(out, name)) as f:
                    doc = json.load(f)
                if "findings" not in doc or "qc" not in doc:
                    problems.append("%s lacks findings/qc" % name)
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

    def one(index, path):  # each input in its own folder; results are printed in input order
        out = os.path.join(tmp, str(index))
        code, stderr, problems = check(a.pedtx, path, out, [])
        if code == 2 and "cannot tell the genome build" in stderr and not problems:
            shutil.rmtree(out, ignore_errors=True)
            code, stderr, problems = check(a.pedtx, path, out, ["--genome", "GRCh37"])
        shutil.rmtree(out, ignore_errors=True)
        return path, code, stderr, problems

    try:
        # pedtx runs with --threads 1: as many at once as there are cores.
        with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            for path, code, stderr, problems in pool.map(lambda item: one(*item), enumerate(inputs())):
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
