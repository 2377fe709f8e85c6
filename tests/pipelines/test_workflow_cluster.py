#!/usr/bin/env python3
"""A simulated SLURM run: the real profiles/slurm submits through fake_sbatch.sh (on PATH as
`sbatch`), which starts every job as its own detached background process and prints a job id;
its status script asks fake_sacct.sh. The jobs share nothing but the file system, so the gathered
cohort equal to one `pedtx annotate --samples` run shows that the chunks are independent and the
gather step works across them. Also checks what each job asked SLURM for. Prints
'N passed, M failed'; exits 77 without snakemake."""
import os
import sys

from workflow_common import (CTX, HERE, N_EXAMPLES, PROFILES, case, direct_run, expect, expect_same_cohort, finish, read,
                             setup, snakemake, tail, write_config)

STATE = {}


def fake_slurm():
    bin_dir = os.path.join(CTX.tmp, "bin")
    jobs = os.path.join(CTX.tmp, "slurm_jobs")
    os.makedirs(bin_dir, exist_ok=True)
    os.makedirs(jobs, exist_ok=True)
    os.symlink(os.path.join(HERE, "fake_sbatch.sh"), os.path.join(bin_dir, "sbatch"))
    os.symlink(os.path.join(HERE, "fake_sacct.sh"), os.path.join(bin_dir, "sacct"))
    # CI=true: Snakemake 7 then checks job states every second instead of every ten.
    return dict(os.environ, PATH=bin_dir + os.pathsep + os.environ["PATH"], FAKE_SLURM_DIR=jobs, CI="true"), jobs


def submissions(jobs):
    """[(job id, {option: value}, job script)] from fake_sbatch.sh's record."""
    found = []
    for line in read(os.path.join(jobs, "submissions.tsv")).splitlines():
        job_id, command = line.split("\t")
        words = command.split()
        options = dict(w[2:].split("=", 1) for w in words[:-1] if w.startswith("--") and "=" in w)
        found.append((job_id, options, words[-1]))
    return found


@case
def simulated_cluster_run_matches_direct_run():
    env, jobs = fake_slurm()
    config, out = write_config("cluster", resources={
        "normalise": {"threads": 1, "mem_mb": 700, "runtime": 30},
        "annotate": {"threads": 2, "mem_mb": 1500, "runtime": 90},
        "cohort": {"threads": 1, "mem_mb": 800, "mem_mb_per_sample": 10, "runtime": 20}})
    r = snakemake("cluster", config, "--profile", os.path.join(PROFILES, "slurm"), "--jobs", "4",
                  "--latency-wait", "10", env=env, timeout=240)
    expect(r.returncode == 0, tail(r, 40))
    expect_same_cohort(os.path.join(out, "cohort"), direct_run())
    STATE.update(out=out, jobs=jobs, output=r.stdout + r.stderr)


@case
def each_cluster_job_was_its_own_submission():
    found = submissions(STATE["jobs"])
    names = sorted(options["job-name"] for _, options, _ in found)
    want = ["pedtx.annotate.chunk=chunk000", "pedtx.annotate.chunk=chunk001", "pedtx.annotate.chunk=chunk002",
            "pedtx.cohort."]
    if CTX.bcftools:
        want += ["pedtx.normalise.chunk=chunk000", "pedtx.normalise.chunk=chunk001", "pedtx.normalise.chunk=chunk002"]
    expect(names == sorted(want), "submitted: %s (local rules must not be)" % names)
    ids = [job_id for job_id, _, _ in found]
    expect(len(set(ids)) == len(ids), "job ids repeat: %s" % ids)
    for job_id, _, _ in found:
        expect(read(os.path.join(STATE["jobs"], job_id + ".rc")).strip() == "0", "job %s failed" % job_id)


@case
def jobs_ask_slurm_for_their_rule_resources():
    want = {"normalise": ("1", "700", "30"), "annotate": ("2", "1500", "90"), "cohort": ("1", str(800 + 10 * N_EXAMPLES), "20")}
    for job_id, options, _ in submissions(STATE["jobs"]):
        rule = options["job-name"].split(".")[1]
        got = (options["cpus-per-task"], options["mem"], options["time"])
        expect(got == want[rule], "%s asked for cpus/mem/time %s, not %s" % (rule, got, want[rule]))
        expect(options["partition"] == "PARTITION" and options["account"] == "ACCOUNT", options)


@case
def slurm_output_goes_beside_each_job_log():
    for job_id, options, _ in submissions(STATE["jobs"]):
        path = options["output"].replace("%j", job_id)
        expect(path.startswith(os.path.join(STATE["out"], "logs") + os.sep), path)
        expect(os.path.isfile(path), "no SLURM output " + path)
    annotate_log = os.path.join(STATE["out"], "logs", "annotate", "chunk001.log")
    expect("4 of 4 samples reported" in read(annotate_log), "pedtx's output is not in the job log")


if __name__ == "__main__":
    sys.exit(finish(setup(__doc__)))
