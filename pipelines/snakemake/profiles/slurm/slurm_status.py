#!/usr/bin/env python3
"""Snakemake 7 --cluster-status for SLURM: prints success, running or failed for a job id.

Without it Snakemake only notices a job's end through marker files the job writes itself, so a
job that SLURM kills (time limit, out of memory, node failure) would be waited for forever.
"""
import subprocess
import sys
import time

RUNNING = {"PENDING", "CONFIGURING", "RUNNING", "COMPLETING", "REQUEUED", "REQUEUE_FED", "REQUEUE_HOLD",
           "RESIZING", "SUSPENDED", "STAGE_OUT", "SIGNALING", "STOPPED", "RESV_DEL_HOLD"}


def sacct_state(job_id):
    out = subprocess.run(["sacct", "-j", job_id, "-X", "--noheader", "--parsable2", "--format=State"],
                         capture_output=True, text=True, timeout=60, check=True).stdout
    states = [line.strip() for line in out.splitlines() if line.strip()]
    return states[0].split()[0] if states else ""  # "CANCELLED by 123" -> CANCELLED


def scontrol_state(job_id):
    out = subprocess.run(["scontrol", "show", "job", job_id], capture_output=True, text=True, timeout=60).stdout
    for field in out.split():
        if field.startswith("JobState="):
            return field.split("=", 1)[1]
    return ""


def main():
    job_id = sys.argv[1].split(";")[0].strip()  # sbatch --parsable prints "id" or "id;cluster"
    state = ""
    for attempt in range(3):
        if attempt:
            time.sleep(attempt)  # a job just submitted may not be in the accounting database yet
        try:
            state = sacct_state(job_id) or scontrol_state(job_id)
        except (OSError, subprocess.SubprocessError):
            state = ""
        if state:
            break
    if state == "COMPLETED":
        print("success")
    elif not state or state in RUNNING:
        print("running")
    else:  # FAILED, TIMEOUT, OUT_OF_MEMORY, CANCELLED, NODE_FAIL, PREEMPTED, BOOT_FAIL, DEADLINE
        print("failed")


if __name__ == "__main__":
    main()
