#!/usr/bin/env python3
"""Regenerate (or, with --check, verify) every derived file of the pedtx knowledge base.

Runs, in this order, each as a separate Python process with the same --refdata/--kb/--check:
  1. scripts/derive_tumor_types.py   -> knowledgebase/tumor_types.tsv, tumor_type_aliases.tsv
  2. scripts/derive_gene_table.py    -> knowledgebase/gene_table.GRCh37.tsv, gene_table.GRCh38.tsv
  3. scripts/derive_genomic_keys.py  -> knowledgebase/genomic_keys.json
  4. scripts/derive_pgx_positions.py -> knowledgebase/pharmacogenomics/positions.tsv
  5. scripts/kb_manifest.py          -> knowledgebase/manifest.json (last: it hashes the others)

Without --check it stops at the first failing step (later steps would hash or use stale files).
With --check it runs every step and exits 1 if any differs or fails.

Usage (from the repository root):
  python3 scripts/derive_all.py                 # regenerate
  python3 scripts/derive_all.py --check         # verify the committed files (used by a test)
  python3 scripts/derive_all.py --refdata /path/to/refdata --kb /path/to/knowledgebase
"""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DEFAULT_REFDATA = os.path.normpath(os.path.join(REPO, "..", "shared", "refdata"))
DEFAULT_KB = os.path.join(REPO, "knowledgebase")
STEPS = ["derive_tumor_types.py", "derive_gene_table.py", "derive_partner_spans.py", "derive_genomic_keys.py",
         "derive_pgx_positions.py", "kb_manifest.py"]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--refdata", default=DEFAULT_REFDATA, help="refdata folder (default %(default)s)")
    ap.add_argument("--kb", default=DEFAULT_KB, help="knowledge-base folder (default %(default)s)")
    ap.add_argument("--check", action="store_true",
                    help="verify instead of writing; exit 1 if anything differs")
    a = ap.parse_args(argv)
    if not os.path.isdir(a.refdata):
        # CTest treats exit code 77 as "skipped": the suite still passes without ../shared.
        print("SKIPPED: reference data folder %s not found; cannot re-derive the tables" % a.refdata)
        return 77
    failed = []
    for step in STEPS:
        cmd = [sys.executable, os.path.join(HERE, step), "--refdata", a.refdata, "--kb", a.kb]
        if a.check:
            cmd.append("--check")
        print("== %s" % " ".join(["python3", "scripts/" + step] + cmd[2:]), flush=True)
        rc = subprocess.call(cmd)
        if rc != 0:
            failed.append("%s (exit %d)" % (step, rc))
            if not a.check:
                break
    if failed:
        sys.stderr.write("derive_all: FAILED: %s\n" % ", ".join(failed))
        return 1
    print("derive_all: all %s" % ("checks passed" if a.check else "files regenerated"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
