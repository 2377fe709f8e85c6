#!/usr/bin/env python3
"""Every row of the FDA pediatric oncology approvals list is accounted for in the knowledge base.

Reads ../shared/reference/fda_poda/approvals.tsv (see its README for the columns, how
min_age_years was derived and the list's known defects). Each row must either be matched by an
approval in knowledgebase/drugs.json with the same drug, biomarker, approval year and minimum
age, or be listed with its statement id and a reason in the table "FDA pediatric approvals not in
the knowledge base" of knowledgebase/README.md. A listed row that the knowledge base does match,
or a listed statement id that is not in the list, is an error too (the table must stay true).

Exits 77 (skipped) when ../shared is absent.
"""
import csv
import json
import os
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.normpath(os.path.join(REPO, "..", "shared"))
APPROVALS = os.path.join(SHARED, "reference", "fda_poda", "approvals.tsv")
KB = os.path.join(REPO, "knowledgebase")
TABLE_HEADING = "FDA pediatric approvals not in the knowledge base"
AGE_TOLERANCE = 0.0005  # ages are written with 3 decimals (1 month = 0.083)


def normalise_drug(name):
    """'Imatinib Mesylate' -> 'imatinib mesylate'; KB synonyms map it to the generic name."""
    return " ".join(name.lower().split())


# Words the list and the labels add or drop freely ("BRAF V600E mutation", "RET gene fusion",
# "ALK-positive"); the gene, the alteration and words such as "fusion" or "negative" still count.
FILLER_WORDS = {"mutation", "gene", "positive"}


def normalise_biomarker(text):
    """Case, hyphens, spacing, filler words and parenthetical glosses do not matter:
    'Philadelphia chromosome-positive (BCR::ABL1)' == 'Philadelphia chromosome positive'."""
    text = re.sub(r"\([^)]*\)", " ", text.lower())
    text = text.replace("-", " ")
    return " ".join(w for w in text.split() if w not in FILLER_WORDS)


def load_kb_approvals():
    with open(os.path.join(KB, "drugs.json")) as f:
        drugs = json.load(f)["drugs"]
    by_name = {}
    for drug in drugs:
        for name in [drug["name"]] + drug.get("synonyms", []):
            by_name[normalise_drug(name)] = drug
    return by_name


def read_rows():
    with open(APPROVALS, newline="") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        return [dict(zip(header, fields)) for fields in reader]


def read_not_in_kb_table():
    """{statement_id: reason} from the README table under TABLE_HEADING."""
    with open(os.path.join(KB, "README.md")) as f:
        lines = f.read().split("\n")
    start = None
    for i, line in enumerate(lines):
        if line.startswith("#") and TABLE_HEADING.lower() in line.lower():
            start = i
            break
    if start is None:
        return None
    listed = {}
    header = None
    for line in lines[start + 1:]:
        if line.startswith("#"):
            break
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = [c.lower() for c in cells]
            continue
        if all(set(c) <= set("-: ") for c in cells):
            continue
        row = dict(zip(header, cells))
        statement = row.get("statement", "").strip("`")
        listed[statement] = row.get("reason", "")
    return listed


def drugs_of(row):
    return [normalise_drug(d) for d in row["drug"].split(" + ")]


def matching_approval(row, kb_drugs, drug_name):
    """The KB approval of drug_name that matches the row, or a list of why none does."""
    drug = kb_drugs.get(drug_name)
    if drug is None:
        return None, ["drug %r is not in drugs.json" % drug_name]
    year = int(row["approval_date"][:4])
    biomarker = normalise_biomarker(row["biomarker_text"])
    min_age = float(row["min_age_years"]) if row["min_age_years"] else None
    near = []
    for approval in drug.get("approvals", []):
        if approval.get("agency") != "FDA":
            continue
        problems = []
        if approval.get("year") != year:
            problems.append("year %s != %d" % (approval.get("year"), year))
        if normalise_biomarker(approval.get("biomarker", "")) != biomarker:
            problems.append("biomarker %r != %r" % (approval.get("biomarker"), row["biomarker_text"]))
        kb_age = approval.get("min_age_years")
        if (kb_age is None) != (min_age is None) or (
                kb_age is not None and abs(kb_age - min_age) > AGE_TOLERANCE):
            problems.append("min_age_years %s != %s" % (kb_age, min_age))
        if not problems:
            return approval, []
        near.append("%s: %s" % (approval["id"], ", ".join(problems)))
    return None, near or ["%s has no FDA approval" % drug["name"]]


def main():
    if not os.path.exists(APPROVALS):
        print("SKIPPED: %s is absent (../shared is needed for this test)" % APPROVALS)
        return 77
    kb_drugs = load_kb_approvals()
    listed = read_not_in_kb_table()
    if listed is None:
        print("FAIL knowledgebase/README.md has no table \"%s\"" % TABLE_HEADING)
        return 1
    rows = read_rows()
    passed = failed = 0
    statement_ids = set()
    for row in rows:
        sid = row["statement_id"]
        statement_ids.add(sid)
        matches = []
        problems = []
        for drug_name in drugs_of(row):
            approval, why = matching_approval(row, kb_drugs, drug_name)
            if approval:
                matches.append(approval["id"])
            else:
                problems.append("%s: %s" % (drug_name, "; ".join(why)))
        matched = not problems
        if sid in listed:
            if not listed[sid]:
                failed += 1
                print("FAIL %s is listed as not in the knowledge base without a reason" % sid)
            elif matched:
                failed += 1
                print("FAIL %s is listed as not in the knowledge base, but %s match it: remove it from the table"
                      % (sid, ", ".join(matches)))
            else:
                passed += 1
                print("ok   %s %s (%s): not in the knowledge base: %s"
                      % (sid, row["drug"], row["biomarker_text"], listed[sid]))
        elif matched:
            passed += 1
            print("ok   %s %s (%s, %s) -> %s" % (sid, row["drug"], row["biomarker_text"], row["approval_date"][:4],
                                                 ", ".join(matches)))
        else:
            failed += 1
            print("FAIL %s %s (%s, %s, min age %s): no matching approval in drugs.json and not listed in "
                  "knowledgebase/README.md: %s" % (sid, row["drug"], row["biomarker_text"], row["approval_date"],
                                                   row["min_age_years"] or "none", " | ".join(problems)))
    for sid in sorted(set(listed) - statement_ids):
        failed += 1
        print("FAIL the README table lists %s, which is not in approvals.tsv" % sid)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
