#!/usr/bin/env python3
"""How the Snakemake workflow handles failures: a sample pedtx cannot process (exit code 2) is
listed and the others reported; a chunk that fails (exit 1 or 3, or 2 before any work) fails
its job only, and a second run redoes only that chunk and the gathering; a broken sample sheet
is refused before any job. Prints 'N passed, M failed'; exits 77 without snakemake."""
import json
import os
import stat
import sys

from workflow_common import (CTX, EXAMPLES, N_EXAMPLES, case, direct_run, expect, expect_same_cohort, finish, job_counts,
                             read, setup, snakemake, tail, write_config)


def example_sheet(name, edit=None):
    """examples/samples.tsv with absolute paths and a vcf_sample column, written to tmp;
    edit(rows) may change the rows (dicts) first."""
    lines = read(os.path.join(EXAMPLES, "samples.tsv")).splitlines()
    header = lines[0].split("\t") + ["vcf_sample"]
    rows = []
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t") + [""] * len(header)))
        for column in ("vcf", "fusions", "germline"):
            if row[column]:
                row[column] = os.path.join(EXAMPLES, row[column])
        rows.append(row)
    if edit:
        edit(rows)
    path = os.path.join(CTX.tmp, name)
    with open(path, "w") as f:
        f.write("\n".join(["\t".join(header)] + ["\t".join(r[c] for c in header) for r in rows]) + "\n")
    return path


@case
def sample_pedtx_cannot_process_is_listed_and_the_rest_reported():
    def bad_column(rows):
        rows[2]["vcf_sample"] = "NOPE"  # CML_03, in chunk000: pedtx reports it failed, exit code 2
    sheet = example_sheet("one_bad_sample.tsv", bad_column)
    config, out = write_config("exit2", samples=sheet)
    r = snakemake("exit2", config, "--cores", "2")
    expect(r.returncode == 0, tail(r))
    expect("some samples of chunk000 failed" in read(os.path.join(out, "logs", "annotate", "chunk000.log")),
           "the chunk's log does not say samples failed")
    failed = read(os.path.join(out, "cohort", "failed_samples.tsv")).splitlines()
    expect(len(failed) == 2 and failed[1].startswith("CML_03\tchunk000\t" + os.path.join(EXAMPLES, "cml_abl1_t315i.bcsq.vcf\t"))
           and "NOPE" in failed[1], failed)
    summary = json.loads(read(os.path.join(out, "cohort", "cohort_summary.json")))
    expect(summary["failed_samples"] == ["CML_03"] and summary["samples"] == N_EXAMPLES - 1, summary)
    expect("1 failed, see" in r.stdout + r.stderr, "no failure summary at the end of the run")
    expect_same_cohort(os.path.join(out, "cohort"), direct_run(sheet, "exit2_direct"))


def flaky_pedtx(name, fail_chunk, code):
    """A pedtx that fails `annotate` of one chunk the first time (exit `code`), and records calls."""
    calls = os.path.join(CTX.tmp, name + ".calls")
    marker = os.path.join(CTX.tmp, name + ".failed_once")
    path = os.path.join(CTX.tmp, name + "_pedtx.sh")
    with open(path, "w") as f:
        f.write("""#!/usr/bin/env bash
echo "$*" >> '{calls}'
if [ "$1" = annotate ] && [[ "$*" == *"/chunks/{chunk} "* ]] && [ ! -e '{marker}' ]; then
  touch '{marker}'
  echo "pedtx: error: simulated failure of {chunk}" >&2
  exit {code}
fi
exec '{pedtx}' "$@"
""".format(calls=calls, marker=marker, chunk=fail_chunk, code=code, pedtx=CTX.pedtx))
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
    return path, calls


def annotate_calls(calls):
    chunks = []
    for line in read(calls).splitlines():
        if line.startswith("annotate "):
            chunks.append(line.split("/chunks/")[1].split()[0])
    return sorted(chunks)


@case
def chunk_failing_once_is_the_only_thing_redone():
    pedtx, calls = flaky_pedtx("flaky", "chunk001", 3)
    config, out = write_config("rerun", pedtx=pedtx)
    r = snakemake("rerun", config, "--cores", "2", "--keep-going")
    expect(r.returncode != 0, "the failed chunk did not fail the run")
    chunks = sorted(os.listdir(os.path.join(out, "chunks")))
    expect(chunks == ["chunk000", "chunk002"], "kept chunk folders: %s" % chunks)
    expect(not os.path.exists(os.path.join(out, "cohort", "cohort.tsv")), "cohort built without chunk001")
    expect("simulated failure of chunk001" in read(os.path.join(out, "logs", "annotate", "chunk001.log")),
           "the error is not in the chunk's log")
    dry = snakemake("rerun", config, "-n")
    counts = job_counts(dry.stdout + dry.stderr)
    expect(counts == {"all": 1, "annotate": 1, "cohort": 1, "failures": 1, "reports": 1}, counts)
    r = snakemake("rerun", config, "--cores", "2")
    expect(r.returncode == 0, tail(r))
    expect(annotate_calls(calls) == ["chunk000", "chunk001", "chunk001", "chunk002"], annotate_calls(calls))
    expect_same_cohort(os.path.join(out, "cohort"), direct_run())


@case
def usage_errors_fail_their_chunk_only():
    def bad_age(rows):
        rows[4]["age_years"] = "nine"  # PHALL_05, in chunk001: pedtx refuses the chunk's sheet (exit 1)
    config, out = write_config("exit1", samples=example_sheet("bad_age.tsv", bad_age), normalise=False)
    r = snakemake("exit1", config, "--cores", "2", "--keep-going")
    expect(r.returncode != 0, "a chunk pedtx refused did not fail the run")
    expect(sorted(os.listdir(os.path.join(out, "chunks"))) == ["chunk000", "chunk002"], os.listdir(os.path.join(out, "chunks")))
    log = read(os.path.join(out, "logs", "annotate", "chunk001.log"))
    expect("column age_years" in log and "nine" in log, log)


@case
def exit_code_2_before_any_work_fails_the_job():
    config, out = write_config("nokb", kb=os.path.join(CTX.tmp, "no_such_kb"), normalise=False)
    r = snakemake("nokb", config, "--cores", "2", "--keep-going")
    expect(r.returncode != 0, "chunks without a run.json were taken as done")
    expect(not os.path.isdir(os.path.join(out, "chunks", "chunk000")), "a failed chunk left its folder")
    expect("knowledge-base directory not found" in read(os.path.join(out, "logs", "annotate", "chunk000.log")),
           "the error is not in the chunk's log")


@case
def broken_sheet_is_refused_before_any_job():
    def duplicate(rows):
        rows[5]["sample_id"] = rows[1]["sample_id"]
    config, out = write_config("dup", samples=example_sheet("dup.tsv", duplicate))
    r = snakemake("dup", config, "-n")
    expect(r.returncode != 0 and 'dup.tsv:7: column sample_id: duplicate "PLGG_02"' in r.stdout + r.stderr, tail(r))

    def missing(rows):
        rows[0]["vcf"] = os.path.join(CTX.tmp, "missing.vcf")
    config, out = write_config("missing", samples=example_sheet("missing.tsv", missing))
    r = snakemake("missing", config, "-n")
    expect(r.returncode != 0 and "missing.vcf" in r.stdout + r.stderr, tail(r))
    expect(not os.path.exists(out), "work was started")


if __name__ == "__main__":
    sys.exit(finish(setup(__doc__)))
