#!/usr/bin/env python3
"""Golden-file test: the bundled examples must give exactly the committed reports.

Runs `pedtx annotate --samples examples/samples.tsv --no-timestamp` with --threads 1 and
--threads 2, checks the two runs are byte-identical (determinism), and compares every
per-sample report (JSON, TSV and HTML) and the cohort outputs (cohort.tsv, cohort_matrix.tsv,
cohort_summary.json, cohort.html) with tests/golden/expected/. run.json is compared too,
without its command line (which names the temporary output folder).

Regenerate the expected files after an intended change (and review the diff!):
  python3 tests/golden/run_golden.py --pedtx build/release/pedtx --update
"""
import argparse
import difflib
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXPECTED = os.path.join(REPO, "tests", "golden", "expected")


def run(pedtx, out, threads):
    cmd = [pedtx, "annotate", "--samples", "examples/samples.tsv", "--out", out, "--no-timestamp",
           "--threads", str(threads)]
    result = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit("golden: %s exited %d\n%s" % (" ".join(cmd), result.returncode, result.stderr))


def normalised_run_json(path):
    with open(path) as f:
        doc = json.load(f)
    doc.pop("command_line", None)
    return json.dumps(doc, indent=2, sort_keys=False) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pedtx", required=True)
    ap.add_argument("--update", action="store_true", help="rewrite tests/golden/expected")
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="pedtx_golden_")
    try:
        one, two = os.path.join(tmp, "t1"), os.path.join(tmp, "t2")
        run(a.pedtx, one, 1)
        run(a.pedtx, two, 2)
        names = sorted(n for n in os.listdir(one) if n.endswith((".json", ".tsv", ".html")))
        failures = []
        for name in names:
            if name == "run.json":
                same = normalised_run_json(os.path.join(one, name)) == normalised_run_json(os.path.join(two, name))
            else:
                same = filecmp.cmp(os.path.join(one, name), os.path.join(two, name), shallow=False)
            if not same:
                failures.append("%s differs between --threads 1 and --threads 2" % name)
        actual = {}
        for name in names:
            path = os.path.join(one, name)
            actual[name] = normalised_run_json(path) if name == "run.json" else open(path, encoding="utf-8").read()
        if a.update:
            shutil.rmtree(EXPECTED, ignore_errors=True)
            os.makedirs(EXPECTED)
            for name, text in actual.items():
                with open(os.path.join(EXPECTED, name), "w", encoding="utf-8") as f:
                    f.write(text)
            print("golden: wrote %d expected files to tests/golden/expected" % len(actual))
            return 0
        expected_names = sorted(os.listdir(EXPECTED))
        if expected_names != names:
            failures.append("file sets differ: expected %s, got %s" % (expected_names, names))
        for name in names:
            path = os.path.join(EXPECTED, name)
            if not os.path.exists(path):
                continue
            want = open(path, encoding="utf-8").read()
            if want != actual[name]:
                diff = "".join(difflib.unified_diff(want.splitlines(True), actual[name].splitlines(True),
                                                    "expected/" + name, "actual/" + name, n=2))
                failures.append("%s differs from its golden file:\n%s" % (name, diff[:4000]))
        for failure in failures:
            print("FAIL:", failure)
        print("golden: %d files compared, %d passed, %d failed" % (len(names), len(names) - len(failures), len(failures)))
        return 1 if failures else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
