#!/usr/bin/env python3
"""The SLURM profile (pipelines/snakemake/profiles/slurm) as a dry run (-n) on the bundled
examples in chunks of 3: it plans the expected jobs (one sheet, normalise and annotate job per
chunk, one cohort), shows the pedtx commands, and submits nothing. Prints 'N passed, M failed';
exits 77 without snakemake."""
import os
import stat
import sys

from workflow_common import (CTX, N_EXAMPLES, PROFILES, case, expect, expected_jobs, finish, job_counts, setup, snakemake, tail,
                             write_config)


def poisoned_path():
    """PATH with an sbatch that records any call: a dry run must never submit."""
    bin_dir = os.path.join(CTX.tmp, "bin")
    os.makedirs(bin_dir, exist_ok=True)
    for tool in ("sbatch", "sacct", "scancel"):
        path = os.path.join(bin_dir, tool)
        with open(path, "w") as f:
            f.write("#!/bin/sh\necho \"$0 $*\" >> '%s/called'\nexit 1\n" % CTX.tmp)
        os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
    return dict(os.environ, PATH=bin_dir + os.pathsep + os.environ["PATH"])


def dry_run(name, **settings):
    config, out = write_config(name, **settings)
    r = snakemake(name, config, "--profile", os.path.join(PROFILES, "slurm"), "-n", env=poisoned_path())
    expect(r.returncode == 0, tail(r))
    return r.stdout + r.stderr, out


@case
def slurm_dry_run_lists_the_jobs():
    text, out = dry_run("slurm", normalise=True)
    expect(job_counts(text) == expected_jobs(3, True), job_counts(text))
    for chunk in ("chunk000", "chunk001", "chunk002"):
        command = "annotate --samples %s/normalised/%s.tsv --out %s/chunks/%s --no-timestamp" % (out, chunk, out, chunk)
        expect(command in text, "no pedtx command for " + chunk)
    expect("cohort %s/chunks/chunk000 %s/chunks/chunk001 %s/chunks/chunk002 --out %s/cohort" % (out, out, out, out)
           in text, "no pedtx cohort over the three chunks in order")
    expect("This was a dry-run" in text, "not a dry run")
    expect(not os.path.exists(out), "a dry run wrote outputs")
    expect(not os.path.exists(os.path.join(CTX.tmp, "called")), "a dry run called " + str(
        open(os.path.join(CTX.tmp, "called")).read() if os.path.exists(os.path.join(CTX.tmp, "called")) else ""))


@case
def without_normalisation_no_bcftools_jobs():
    text, out = dry_run("slurm_nonorm", normalise=False, chunk_size=4)
    expect(job_counts(text) == expected_jobs(3, False), job_counts(text))
    expect("annotate --samples %s/sheets/chunk002.tsv" % out in text, "chunk002 does not read its own sheet")


@case
def one_chunk_per_sample_and_one_for_all():
    text, _ = dry_run("slurm_one", normalise=False, chunk_size=1)
    expect(job_counts(text) == expected_jobs(N_EXAMPLES, False), job_counts(text))
    text, _ = dry_run("slurm_all", normalise=False, chunk_size=100)
    expect(job_counts(text) == expected_jobs(1, False), job_counts(text))


if __name__ == "__main__":
    sys.exit(finish(setup(__doc__)))
