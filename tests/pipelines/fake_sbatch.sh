#!/usr/bin/env bash
# A stand-in for SLURM's sbatch in the workflow tests (tests/pipelines/test_workflow_cluster.py),
# put on PATH as `sbatch` so that the real profiles/slurm submits through it. Each job script runs
# as its own background process, detached from Snakemake, like a job on another node; its process
# id is the job id, printed as `sbatch --parsable` does. Options are checked the way SLURM would
# refuse them, and every submission is appended to $FAKE_SLURM_DIR/submissions.tsv.
# fake_sacct.sh answers for the jobs from $FAKE_SLURM_DIR/JOBID.rc.
set -euo pipefail
state=${FAKE_SLURM_DIR:?FAKE_SLURM_DIR is not set}
output=
cpus=
mem=
time_limit=
args=("$@")
while [ $# -gt 1 ]; do
  case "$1" in
    --output=*) output=${1#--output=} ;;
    --cpus-per-task=*) cpus=${1#--cpus-per-task=} ;;
    --mem=*) mem=${1#--mem=} ;;
    --time=*) time_limit=${1#--time=} ;;
    --parsable | --partition=* | --account=* | --job-name=*) ;;
    *) echo "sbatch: error: unrecognized option '$1'" >&2; exit 1 ;;
  esac
  shift
done
jobscript=${1:-}
[ -f "$jobscript" ] || { echo "sbatch: error: no job script" >&2; exit 1; }
for pair in "cpus-per-task:$cpus" "mem:$mem" "time:$time_limit"; do
  [[ ${pair#*:} =~ ^[0-9]+$ ]] || { echo "sbatch: error: invalid --${pair%%:*} '${pair#*:}'" >&2; exit 1; }
done
[ -n "$output" ] || { echo "sbatch: error: no --output" >&2; exit 1; }

(
  id=$BASHPID
  log=${output//%j/$id}
  # SLURM does not create the folder of --output; a job whose log cannot be opened fails.
  if ! exec >"$log" 2>&1; then echo 1 >"$state/$id.rc"; exit 1; fi
  rc=0
  bash "$jobscript" || rc=$?
  echo "$rc" >"$state/$id.rc.tmp" && mv "$state/$id.rc.tmp" "$state/$id.rc"
) </dev/null >/dev/null 2>&1 &
id=$!
printf '%s\t%s\n' "$id" "${args[*]}" >>"$state/submissions.tsv"
echo "$id"
