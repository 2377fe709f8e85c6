#!/usr/bin/env python3
"""`pedtx kb validate` on broken knowledge bases: one fixture per check.

Each case copies tests/kb/fixture, breaks one thing, refreshes the manifest (except in the
manifest case, so that only the intended problem is present), and expects exit code 2 with a
`pedtx: error: FILE:LINE: message` line. The unbroken fixture must validate (exit 0).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURE = os.path.join(REPO, "tests", "kb", "fixture")
MANIFEST = os.path.join(REPO, "scripts", "kb_manifest.py")

# (name, file, text to replace, replacement, expected "FILE:LINE: message" regex)
CASES = [
    ("malformed_json", "drugs.json", '"name": "imatinib",', '"name": "imatinib"',
     r"drugs\.json:16: malformed JSON"),
    ("missing_field", "evidence.json", '"response": "sensitive", "level": "C"', '"level": "C"',
     r"evidence\.json:4: missing field \"response\""),
    ("duplicate_id", "evidence.json", '"id": "FX02"', '"id": "FX01"',
     r"evidence\.json:3: duplicate evidence id \"FX01\""),
    ("unknown_drug", "evidence.json", '["selumetinib"]', '["selumetinib", "vemurafenib"]',
     r"evidence\.json:8: unknown drug \"vemurafenib\""),
    ("unknown_gene", "evidence.json", '"gene": "NF1"', '"gene": "NF7"',
     r"evidence\.json:8: unknown gene \"NF7\""),
    ("malformed_pmid", "evidence.json", '{"type": "pmid", "id": "3"}', '{"type": "pmid", "id": "PMC3"}',
     r"evidence\.json:5: malformed PMID \"PMC3\""),
    ("malformed_nct", "evidence.json", '{"type": "nct", "id": "NCT00000001"}', '{"type": "nct", "id": "NCT123"}',
     r"evidence\.json:4: malformed NCT id \"NCT123\""),
    ("unknown_tumor_code", "evidence.json", '{"codes": ["NBL"]}, "drugs": ["crizotinib"], "response": "sensitive", "level": "C"',
     '{"codes": ["NEUROBLASTOMA"]}, "drugs": ["crizotinib"], "response": "sensitive", "level": "C"',
     r"evidence\.json:4: unknown OncoTree code \"NEUROBLASTOMA\""),
    ("unused_drug", "drugs.json", '{"name": "trametinib"', '{"name": "binimetinib", "synonyms": []},\n  {"name": "trametinib"',
     r"drugs\.json:19: drug \"binimetinib\" is not used by any evidence item"),
    ("insane_age", "evidence.json", '"age": {"min_years": 2}', '"age": {"min_years": 250}',
     r"evidence\.json:8: minimum age out of range"),
    ("inverted_age", "evidence.json", '"age": {"min_years": 2}', '"age": {"min_years": 12, "max_years": 2}',
     r"evidence\.json:8: minimum age is above the maximum age"),
    ("bad_level", "evidence.json", '"level": "D"', '"level": "E"',
     r"evidence\.json:5: level must be A, B, C or D"),
    ("bad_response", "evidence.json", '"response": "resistant"', '"response": "refractory"',
     r"evidence\.json:6: unknown response \"refractory\""),
    ("no_reference", "evidence.json", '"references": [{"type": "pmid", "id": "4"}]', '"references": []',
     r"evidence\.json:7: at least one reference"),
    ("gene_not_in_gene_table", "genes.json", '{"symbol": "NF1", "hgnc_id": "HGNC:7765"',
     '{"symbol": "NOTAGENE1", "hgnc_id": "HGNC:0", "aliases": []},\n  {"symbol": "NF1", "hgnc_id": "HGNC:7765"',
     r"genes\.json:7: gene \"NOTAGENE1\" is not in the gene table"),
    ("unknown_approval", "evidence.json", '"approval": "fixture-dabrafenib-lgg"', '"approval": "no-such-approval"',
     r"evidence\.json:2: unknown approval \"no-such-approval\""),
    ("unknown_trial", "evidence.json", '"trials": ["NCT00000001"]', '"trials": ["NCT99999999"]',
     r"evidence\.json:2: trial NCT99999999 is not described in trials\.json"),
    ("bad_protein_change", "evidence.json", '"change": "F1174L"', '"change": "Phe1174Leu"',
     r"evidence\.json:4: write the protein change as \"F1174L\""),
    ("bad_url", "evidence.json", '{"type": "pmid", "id": "4"}', '{"type": "pmid", "id": "4", "url": "http://10.1.2.3:8081/pubmed/4"}',
     r"evidence\.json:7: url http://10\.1\.2\.3:8081/pubmed/4: a bare IP address"),
    ("manifest_mismatch", "trials.json", '"fixture trial"', '"fixture trial (edited)"',
     r"manifest\.json:\d+: sha256 of trials\.json does not match"),
]


def validate(pedtx, directory):
    return subprocess.run([pedtx, "kb", "validate", directory], capture_output=True, text=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pedtx", required=True)
    a = ap.parse_args()
    failures = []
    good = validate(a.pedtx, FIXTURE)
    if good.returncode != 0:
        failures.append("the unbroken fixture does not validate:\n" + good.stderr)
    tmp = tempfile.mkdtemp(prefix="pedtx_broken_kb_")
    try:
        for name, filename, old, new, expected in CASES:
            kb = os.path.join(tmp, name)
            shutil.copytree(FIXTURE, kb)
            path = os.path.join(kb, filename)
            text = open(path).read()
            if old not in text:
                failures.append("%s: fixture text %r not found in %s" % (name, old, filename))
                continue
            with open(path, "w") as f:
                f.write(text.replace(old, new, 1))
            if name != "manifest_mismatch":
                subprocess.run([sys.executable, MANIFEST, "--kb", kb], check=True, capture_output=True)
            result = validate(a.pedtx, kb)
            pattern = re.compile(r"^pedtx: error: " + re.escape(kb) + "/" + expected, re.M)
            if result.returncode != 2 or not pattern.search(result.stderr):
                failures.append("%s: expected exit 2 and /%s/, got exit %d:\n%s"
                                % (name, expected, result.returncode, result.stderr))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for failure in failures:
        print("FAIL:", failure)
    total = len(CASES) + 1
    print("%d passed, %d failed" % (total - len(failures), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
