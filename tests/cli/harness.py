"""The CLI test harness shared by test_cli.py, test_hardening.py and test_exon_facts.py.

A test file marks each case with @case, and ends with `sys.exit(harness.main(__doc__))`. A run
takes --pedtx BINARY and either every case, the cases whose name contains -k TEXT, or exactly
one with --case NAME (CTest runs each case on its own that way: tests/CMakeLists.txt lists them
with --list at configure time). Each run works in its own temporary folder, h.TMP.
Prints 'N passed, M failed'; exit 1 when a case failed.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EX = os.path.join(REPO, "examples")
DATA = os.path.join(REPO, "tests", "data")
PEDTX = None
TMP = None
CASES = []


def case(fn):
    CASES.append(fn)
    return fn


def run(*args):
    return subprocess.run([PEDTX] + list(args), capture_output=True, text=True, cwd=REPO)


def out_dir(name):
    path = os.path.join(TMP, name)
    shutil.rmtree(path, ignore_errors=True)
    return path


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def load(out, sample):
    with open(os.path.join(out, sample + ".pedtx.json")) as f:
        return json.load(f)


def write_many_records_vcf(path, background=6000, broken=()):
    """A GRCh38 VCF with every knowledge-base genomic key among `background` filler SNVs, so that
    the record pipeline sees several batches; records (1-based numbers) in `broken` get a
    genotype htslib cannot parse."""
    keys = json.load(open(os.path.join(REPO, "knowledgebase", "genomic_keys.json")))["keys"]
    records = {}
    for k in keys:
        g = k["GRCh38"]
        records[("chr" + g["chrom"], g["pos"], g["ref"], g["alt"])] = True
    chroms = sorted({c for c, _, _, _ in records}, key=lambda c: (len(c), c))
    for i in range(background):
        chrom = chroms[i % len(chroms)]
        records[(chrom, 100000 + 37 * i, "A", "G")] = True
    order = sorted(records, key=lambda r: (chroms.index(r[0]), r[1]))
    lines = ["##fileformat=VCFv4.2", "##reference=GRCh38"] + ["##contig=<ID=%s>" % c for c in chroms] + [
        '##FILTER=<ID=weak,Description="Filler records failing a filter">',
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
        '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">',
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR"]
    for number, (chrom, pos, ref, alt) in enumerate(order, 1):
        lines.append("\t".join([chrom, str(pos), ".", ref, alt, ".", "PASS" if number % 5 else "weak", ".", "GT:AD",
                                ("0/x" if number in broken else "0/1") + ":30,%d" % (number % 40)]))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return len(order)


def main(description=None):
    global PEDTX, TMP
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--pedtx", help="the pedtx binary")
    ap.add_argument("-k", help="run only cases whose name contains this")
    ap.add_argument("--case", help="run exactly this case")
    ap.add_argument("--list", action="store_true", help="print the case names, one per line")
    a = ap.parse_args()
    if a.list:
        print("\n".join(fn.__name__ for fn in CASES))
        return 0
    if not a.pedtx:
        ap.error("--pedtx is required")
    selected = [fn for fn in CASES if (not a.k or a.k in fn.__name__) and (not a.case or fn.__name__ == a.case)]
    if a.case and not selected:
        print("no case named %s" % a.case)
        return 1
    PEDTX = os.path.abspath(a.pedtx)
    TMP = tempfile.mkdtemp(prefix="pedtx_cli_")
    results = []
    try:
        for fn in selected:
            try:
                fn()
                results.append((fn.__name__, None))
            except AssertionError as e:
                results.append((fn.__name__, str(e) or "assertion failed"))
        failed = [(n, e) for n, e in results if e]
        for name, error in failed:
            print("FAIL %s: %s" % (name, error[:2000]))
        print("%d passed, %d failed" % (len(results) - len(failed), len(failed)))
        return 1 if failed else 0
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
