"""Shared by the Snakemake workflow tests (tests/pipelines/test_workflow_*.py): runs
pipelines/snakemake on the bundled examples in a temporary folder and compares its cohort with
one `pedtx annotate --samples examples/samples.tsv` run.

Each test script exits 77 (CTest: skipped) with a message when snakemake is not installed,
and prints 'N passed, M failed'.
"""
import argparse
import html.parser
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WORKFLOW = os.path.join(REPO, "pipelines", "snakemake")
SNAKEFILE = os.path.join(WORKFLOW, "Snakefile")
PROFILES = os.path.join(WORKFLOW, "profiles")
EXAMPLES = os.path.join(REPO, "examples")
# Samples in examples/samples.tsv (header and comments left out).
N_EXAMPLES = sum(1 for line in open(os.path.join(EXAMPLES, "samples.tsv")).read().splitlines()[1:]
                 if line.strip() and not line.startswith("#"))
HERE = os.path.dirname(os.path.abspath(__file__))
COHORT_FILES = ("cohort.tsv", "cohort_matrix.tsv", "cohort_summary.json")
SKIP = 77


class Context:
    pedtx = None
    tmp = None
    bcftools = False


CTX = Context()
CASES = []


def case(fn):
    CASES.append(fn)
    return fn


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def setup(description):
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--pedtx", required=True, help="the pedtx executable under test")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args()
    if shutil.which("snakemake") is None:
        print("skipped: snakemake is not installed (apt-get install snakemake, or scripts/install_deps.sh)")
        sys.exit(SKIP)
    CTX.pedtx = os.path.abspath(args.pedtx)
    CTX.bcftools = shutil.which("bcftools") is not None
    CTX.tmp = tempfile.mkdtemp(prefix="pedtx_workflow_")
    return args


def write_config(name, **settings):
    """A config file for one run: the examples, chunks of 4 (three chunks), the pedtx under test, output in tmp.
    Normalisation is on when bcftools is installed. JSON is YAML."""
    config = {
        "samples": os.path.join(EXAMPLES, "samples.tsv"),
        "out": os.path.join(CTX.tmp, name, "out"),
        "pedtx": CTX.pedtx,
        "chunk_size": 4,
        "normalise": CTX.bcftools,
        "resources": {"annotate": {"threads": 2}, "normalise": {"threads": 2}},
    }
    config.update(settings)
    os.makedirs(os.path.join(CTX.tmp, name), exist_ok=True)
    path = os.path.join(CTX.tmp, name, "config.yaml")
    with open(path, "w") as f:
        json.dump(config, f, indent=1)
    return path, config["out"]


def snakemake(name, config, *args, env=None, timeout=300):
    """Runs snakemake on the workflow with its working directory (and .snakemake/) in tmp/NAME."""
    workdir = os.path.join(CTX.tmp, name)
    command = ["snakemake", "-s", SNAKEFILE, "--configfile", config, "--directory", workdir] + list(args)
    return subprocess.run(command, capture_output=True, text=True, cwd=REPO, env=env, timeout=timeout)


def tail(result, lines=25):
    """The end of a Snakemake run's output, for a failure message."""
    text = (result.stdout + result.stderr).rstrip().splitlines()
    return "exit %d\n  " % result.returncode + "\n  ".join(text[-lines:])


def direct_run(sheet=None, name="direct"):
    """One `pedtx annotate --samples` over the whole sheet: what the workflow must reproduce."""
    out = os.path.join(CTX.tmp, name)
    r = subprocess.run([CTX.pedtx, "annotate", "--samples", sheet or os.path.join(EXAMPLES, "samples.tsv"),
                        "--out", out, "--no-timestamp", "--threads", "2"], capture_output=True, text=True)
    expect(r.returncode in (0, 2) and os.path.isfile(os.path.join(out, "run.json")), r.stderr)
    return out


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def expect_same_cohort(workflow_cohort, direct_out):
    """The gathered cohort equals the single run's: same findings (cohort.tsv rows as a multiset,
    matrix rows as a set, same header) and, since the workflow keeps the sheet's order, the
    same bytes in all three files."""
    for name in COHORT_FILES:
        expect(os.path.isfile(os.path.join(workflow_cohort, name)), "no %s in %s" % (name, workflow_cohort))
    for name in ("cohort.tsv", "cohort_matrix.tsv"):
        want = read(os.path.join(direct_out, name)).splitlines()
        got = read(os.path.join(workflow_cohort, name)).splitlines()
        expect(want[0] == got[0], "%s header differs: %r vs %r" % (name, want[0], got[0]))
        expect(sorted(want[1:]) == sorted(got[1:]), "%s rows differ from the direct run: %s" % (
            name, sorted(set(want[1:]) ^ set(got[1:]))[:6]))
    for name in COHORT_FILES:
        expect(read(os.path.join(direct_out, name)) == read(os.path.join(workflow_cohort, name)),
               "%s is not byte-identical to the direct run's" % name)
    # cohort.html links into the chunk folders, so only its links are checked here.
    links = report_links(os.path.join(workflow_cohort, "cohort.html"))
    reported = json.loads(read(os.path.join(workflow_cohort, "cohort_summary.json")))["samples"]
    expect(len(links) == reported, "cohort.html links %d reports for %d samples" % (len(links), reported))
    broken = [link for link in links if not os.path.isfile(os.path.join(workflow_cohort, link))]
    expect(not broken, "cohort.html links to missing reports: %s" % broken[:3])


def report_links(cohort_html):
    """The report links of a cohort.html (hrefs other than #anchors), unescaped and decoded."""
    hrefs = []

    class Links(html.parser.HTMLParser):
        def handle_starttag(self, tag, attrs):
            href = dict(attrs).get("href")
            if tag == "a" and href and not href.startswith("#"):
                hrefs.append(urllib.parse.unquote(href))

    Links().feed(read(cohort_html))
    return hrefs


def job_counts(snakemake_output):
    """{rule: count} from the 'Job stats' table Snakemake prints."""
    counts, inside = {}, False
    for line in snakemake_output.splitlines():
        if line.startswith("Job stats"):
            inside = True
            continue
        if inside:
            fields = line.split()
            if not fields:
                if counts:
                    break
                continue
            if fields[0] in ("job", "total") or fields[0].startswith("-"):
                continue
            if len(fields) >= 2 and fields[1].isdigit():
                counts[fields[0]] = int(fields[1])
    return counts


def expected_jobs(chunks, normalise):
    jobs = {"all": 1, "sheet": chunks, "annotate": chunks, "cohort": 1, "failures": 1, "reports": 1}
    if normalise:
        jobs["normalise"] = chunks
    return jobs


def finish(args):
    results = []
    for fn in CASES:
        try:
            fn()
            results.append((fn.__name__, None))
            print("ok   " + fn.__name__, flush=True)
        except Exception as e:  # a failed expectation or a crash is one failed case
            results.append((fn.__name__, e))
            print("FAIL %s: %s: %s" % (fn.__name__, type(e).__name__, e), flush=True)
    if args.keep:
        print("kept " + CTX.tmp)
    else:
        shutil.rmtree(CTX.tmp, ignore_errors=True)
    failed = sum(1 for _, e in results if e is not None)
    print("%d passed, %d failed" % (len(results) - failed, failed))
    return 1 if failed else 0
