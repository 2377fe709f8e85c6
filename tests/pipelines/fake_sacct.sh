#!/usr/bin/env bash
# A stand-in for SLURM's sacct beside fake_sbatch.sh: `sacct -j JOBID ... --format=State` prints
# the job's state: RUNNING while its process lives, then COMPLETED or FAILED from its exit code.
set -euo pipefail
state=${FAKE_SLURM_DIR:?FAKE_SLURM_DIR is not set}
id=
while [ $# -gt 0 ]; do
  case "$1" in
    -j) id=$2; shift ;;
    -j*) id=${1#-j} ;;
  esac
  shift
done
[ -n "$id" ] || { echo "sacct: error: no job id" >&2; exit 1; }
rc_file=$state/$id.rc
if [ ! -f "$rc_file" ] && kill -0 "$id" 2>/dev/null; then
  echo RUNNING
elif [ -f "$rc_file" ] && [ "$(cat "$rc_file")" = 0 ]; then
  echo COMPLETED
elif [ -f "$rc_file" ]; then
  echo FAILED
else
  sleep 0.2  # the process may have just ended: its exit code is being written
  if [ -f "$rc_file" ] && [ "$(cat "$rc_file")" = 0 ]; then echo COMPLETED; else echo FAILED; fi
fi
