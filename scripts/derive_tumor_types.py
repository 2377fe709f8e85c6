#!/usr/bin/env python3
"""Derive the OncoTree tumor-type tables of the pedtx knowledge base.

Makes:
  knowledgebase/tumor_types.tsv         the FULL OncoTree 2025_10_03 tree, one row per node:
                                        code, name, parent, tissue, main_type (the TISSUE root
                                        has an empty parent), sorted by code.
  knowledgebase/tumor_type_aliases.tsv  earlier / revoked OncoTree codes -> current code, so
                                        that old codes given by users (DIPG, GBM, ALL, ...) are
                                        understood. Columns: alias, code, relation
                                        (history | precursor | revocation), code_name.
                                        An alias with several rows is ambiguous (e.g. ALL ->
                                        BLL and TLL): it stands for any of those codes.

From:
  <refdata>/oncotree/derived/oncotree_2025_10_03.flat.tsv  (made from the verbatim
  cBioPortal/oncotree trees/oncotree_2025_10_03.json; OncoTree, Memorial Sloan Kettering
  Cancer Center, CC BY 4.0). The `history`, `precursors` and `revocations` columns of a node
  list codes that now resolve to that node.

Both files start with one `# source: ...` comment line, then a header line, then data
(tab-separated, UTF-8, LF).

Regenerate (from the repository root):
  python3 scripts/derive_tumor_types.py [--refdata DIR] [--kb DIR]
  python3 scripts/derive_tumor_types.py --check      # exit 1 if the committed files differ
or everything at once: python3 scripts/derive_all.py
"""
import argparse
import csv
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # loaded by path from tests too
from derived_files import compare, write  # noqa: E402

RELEASE = "oncotree_2025_10_03"
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_REFDATA = os.path.normpath(os.path.join(REPO, "..", "shared", "refdata"))
DEFAULT_KB = os.path.join(REPO, "knowledgebase")
ATTRIBUTION = "OncoTree, Memorial Sloan Kettering Cancer Center, CC BY 4.0"
RELATIONS = [("history", "history"), ("precursors", "precursor"), ("revocations", "revocation")]


CURATED_ALIASES = [("SEGA", "LGGNOS")]


def die(msg):
    sys.stderr.write("derive_tumor_types: error: %s\n" % msg)
    sys.exit(2)


def clean(value, what):
    if any(c in value for c in "\t\r\n"):
        die("%s contains a tab or newline: %r" % (what, value))
    return value


def load_flat(refdata):
    path = os.path.join(refdata, "oncotree", "derived", RELEASE + ".flat.tsv")
    if not os.path.isfile(path):
        die("missing %s" % path)
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    need = {"code", "name", "main_type", "tissue", "parent", "history", "precursors", "revocations"}
    if not rows or not need <= set(rows[0]):
        die("%s lacks columns %s" % (path, sorted(need - set(rows[0] if rows else []))))
    return rows


def build(refdata):
    rows = load_flat(refdata)
    nodes = {}
    for r in rows:
        code = clean(r["code"].strip(), "code")
        if not code:
            die("empty OncoTree code in %s" % RELEASE)
        if code in nodes:
            die("duplicate OncoTree code %s" % code)
        nodes[code] = r
    if "TISSUE" not in nodes or nodes["TISSUE"]["parent"]:
        die("TISSUE root missing or has a parent")
    for code, r in nodes.items():
        parent = r["parent"]
        if code != "TISSUE" and parent not in nodes:
            die("%s has unknown parent %r" % (code, parent))

    header = "# source: OncoTree release %s (cBioPortal/oncotree trees/%s.json via refdata " \
             "oncotree/derived/%s.flat.tsv); %s\n" % (RELEASE, RELEASE, RELEASE, ATTRIBUTION)

    out = [header, "code\tname\tparent\ttissue\tmain_type\n"]
    for code in sorted(nodes):
        r = nodes[code]
        out.append("\t".join(clean(x, code) for x in
                             (code, r["name"], r["parent"], r["tissue"], r["main_type"])) + "\n")
    tumor_types = "".join(out)

    # aliases ----------------------------------------------------------------
    pairs = set()
    notes = []
    upper_codes = {}
    for code in nodes:
        upper_codes.setdefault(code.upper(), set()).add(code)
    for code in sorted(nodes):
        r = nodes[code]
        for col, rel in RELATIONS:
            for old in [x.strip() for x in r[col].split("|") if x.strip()]:
                clean(old, "%s of %s" % (col, code))
                if old == code:
                    notes.append("%s lists itself under %s (code re-used); no alias" % (code, col))
                    continue
                if old in nodes:
                    notes.append("%s (%s of %s) is still a current code; no alias" % (old, rel, code))
                    continue
                clash = upper_codes.get(old.upper(), set()) - {code}
                if clash:
                    notes.append("%s (%s of %s) equals current code(s) %s ignoring case; no alias"
                                 % (old, rel, code, ",".join(sorted(clash))))
                    continue
                pairs.add((old, code, rel))
    # Curated aliases for entities OncoTree has no node for (documented in knowledgebase/README.md):
    # subependymal giant cell astrocytoma (TSC-associated SEGA) is coded LGGNOS (Low-Grade Glioma, NOS).
    for old, code in CURATED_ALIASES:
        if old in nodes or code not in nodes:
            die("curated alias %s -> %s: alias is a current code or target is unknown" % (old, code))
        pairs.add((old, code, "curated"))
    targets = {}
    for old, code, _ in pairs:
        targets.setdefault(old, set()).add(code)
    for old in sorted(targets):
        if len(targets[old]) > 1:
            notes.append("alias %s is ambiguous: %s" % (old, ", ".join(sorted(targets[old]))))
    out = [header.replace("# source:", "# source: history/precursors/revocations columns of", 1),
           "alias\tcode\trelation\tcode_name\n"]
    for old, code, rel in sorted(pairs):
        out.append("%s\t%s\t%s\t%s\n" % (old, code, rel, nodes[code]["name"]))
    aliases = "".join(out)
    return {"tumor_types.tsv": tumor_types, "tumor_type_aliases.tsv": aliases}, notes, len(nodes), len(pairs)



def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--refdata", default=DEFAULT_REFDATA, help="refdata folder (default %(default)s)")
    ap.add_argument("--kb", default=DEFAULT_KB, help="knowledge-base folder (default %(default)s)")
    ap.add_argument("--check", action="store_true",
                    help="regenerate in memory and exit 1 if the files in --kb differ")
    a = ap.parse_args(argv)
    outputs, notes, n_nodes, n_alias = build(a.refdata)
    for n in notes:
        sys.stderr.write("derive_tumor_types: note: %s\n" % n)
    print("derive_tumor_types: %d OncoTree nodes, %d alias rows" % (n_nodes, n_alias))
    if a.check:
        if not compare(a.kb, outputs, "derive_tumor_types"):
            return 1
        print("derive_tumor_types: check OK")
        return 0
    write(a.kb, outputs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
