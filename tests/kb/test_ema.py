#!/usr/bin/env python3
"""Every EMA approval in the knowledge base against the EMA reference table (MOAlmanac).

Reads ../shared/reference/ema/approvals.tsv (one row per EMA indication with a genomic
biomarker, from the Molecular Oncology Almanac; see its README for the columns, how
min_age_years was read from the indication text, and the source's known defects).

1. Each approval with agency EMA in knowledgebase/drugs.json must match a row of the same drug
   (the row's `drugs` or `product` names it) and tumor type (OncoTree codes equal or one a
   descendant of the other; a tumor-agnostic approval matches a row without a code) with the
   same approval year and minimum age, the same upper age bound (`under_age_years` against
   "upper age bound < N years") and the same body-weight condition (`min_weight_kg` against
   "weighing at least N kg"). Otherwise it must be listed in KB_EXCEPTIONS with the reason.
2. Each EMA row with a pediatric minimum age (under 18, or "paediatric" without a number) for a
   drug of the knowledge base must be matched by a knowledge-base EMA approval, or be listed in
   ROW_EXCEPTIONS with the reason.
A listed exception that no longer applies is an error too, so the lists stay true.

Exits 77 (skipped) when ../shared is absent.
"""
import csv
import json
import os
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.normpath(os.path.join(REPO, "..", "shared"))
APPROVALS = os.path.join(SHARED, "reference", "ema", "approvals.tsv")
KB = os.path.join(REPO, "knowledgebase")
AGE_TOLERANCE = 0.0005  # ages are written with 3 decimals (1 month = 0.083)

# Knowledge-base EMA approvals that differ from the reference, each checked against the EMA or EC
# source named in its reason.
KB_EXCEPTIONS = {
    "dabrafenib-trametinib-ema-2023-lgg":
        "the reference has no Finlee (dabrafenib) document: its rows ind:ema.spexotras:0/1 are the trametinib "
        "label (authorised 5 Jan 2024); Finlee was authorised on 15 Nov 2023 (EMA EPAR, medpath EMA record)",
    "dabrafenib-trametinib-ema-2023-hgg":
        "as dabrafenib-trametinib-ema-2023-lgg: Finlee (dabrafenib) authorised 15 Nov 2023; the reference "
        "holds only the Spexotras (trametinib) rows dated 2024",
    "imatinib-ema-2002-cml":
        "the reference gives ind:ema.glivec:0 the initial Glivec date (2001-11-07, adults after interferon); the "
        "first-line adult and paediatric CML indication was approved by the European Commission in December 2002",
    "selumetinib-ema-2021-nf1-pn":
        "selumetinib (Koselugo) is not in the reference at all (its README, 'Not in the source'); EU conditional "
        "approval June 2021 for paediatric patients with NF1 aged 3 years and above (CHMP opinion 22 Apr 2021)",
    "selumetinib-ema-2025-nf1-pn-adults":
        "selumetinib (Koselugo) is not in the reference at all; the adult NF1-PN indication: CHMP positive opinion "
        "22 Sep 2025 (AstraZeneca), EU approval announced by AstraZeneca on 28 Oct 2025 (Commission decision not "
        "read); adults only (18 years)",
    "mirdametinib-ema-2025-nf1-pn":
        "mirdametinib (Ezmekly) is not in the reference at all; EMA EPAR page: CHMP positive opinion 22 May 2025 for a "
        "conditional marketing authorisation, indication 'paediatric and adult patients with NF1 aged 2 years and "
        "above'; European Commission conditional approval in 2025 (SpringWorks / medpath report of the decision)",
}

# Reference rows for knowledge-base drugs with a paediatric age that the knowledge base does not
# hold as EMA approvals, with the reason.
ROW_EXCEPTIONS = {
    "ind:ema.retsevmo:1":
        "selpercatinib RET-fusion thyroid cancer from 12 years: the EU approval year of the adolescent indication "
        "was not confirmed from an EMA/EC source (knowledgebase/README.md, Known gaps)",
    "ind:ema.retsevmo:2":
        "selpercatinib RET-mutant medullary thyroid cancer from 12 years: the EU approval year was not confirmed "
        "from an EMA/EC source (knowledgebase/README.md, Known gaps)",
}


def tumor_tree():
    parents = {}
    with open(os.path.join(KB, "tumor_types.tsv")) as f:
        header = None
        for line in f:
            if line.startswith("#"):
                continue
            fields = line.rstrip("\n").split("\t")
            if header is None:
                header = fields
                continue
            row = dict(zip(header, fields))
            parents[row["code"]] = row.get("parent", "")
    return parents


def lineage(code, parents):
    seen = []
    while code and code not in seen:
        seen.append(code)
        code = parents.get(code, "")
    return seen


def related(a, b, parents):
    return a in lineage(b, parents) or b in lineage(a, parents)


# Reference codes that are not OncoTree 2025 codes: MOAlmanac's "ALL" (acute lymphoblastic
# leukaemia) is B- or T-lymphoblastic leukaemia in OncoTree.
CODE_ALIASES = {"ALL": ["BLL", "TLL"]}


def row_codes(row):
    """'ASTR | ODG' -> ['ASTR', 'ODG']; 'CLLSLL (broadMatch)' -> ['CLLSLL']; '-' dropped."""
    codes = []
    for cell in row["oncotree_code"].split("|"):
        code = re.sub(r"\(.*\)", "", cell).strip()
        if code and code != "-":
            codes.extend(CODE_ALIASES.get(code, [code]))
    return codes


def row_drugs(row):
    names = set()
    for cell in (row["drugs"], row["product"]):
        for regimen in cell.split("|"):
            for part in re.split(r"[+]", regimen):
                if part.strip():
                    names.add(part.strip().lower())
    return names


def row_min_age(row):
    return float(row["min_age_years"]) if row["min_age_years"] else None


def row_under_age(row):
    m = re.search(r"upper age bound < (\d+(?:\.\d+)?) years", row["other_conditions"])
    return float(m.group(1)) if m else None


def row_min_weight(row):
    m = re.search(r"weighing at least (\d+(?:\.\d+)?) kg", row["other_conditions"])
    return float(m.group(1)) if m else None


def same_number(a, b):
    return (a is None) == (b is None) and (a is None or abs(a - b) <= AGE_TOLERANCE)


def tumor_matches(approval, row, parents):
    codes = row_codes(row)
    if not approval.get("tumor_types"):
        return not codes
    return any(related(a, b, parents) for a in approval["tumor_types"] for b in codes)


def differences(approval, row):
    problems = []
    if row["approval_date"][:4] != str(approval.get("year")):
        problems.append("year %s != %s" % (approval.get("year"), row["approval_date"][:4]))
    if not same_number(approval.get("min_age_years"), row_min_age(row)):
        problems.append("min_age_years %s != %s" % (approval.get("min_age_years"), row["min_age_years"] or "none"))
    if not same_number(approval.get("under_age_years"), row_under_age(row)):
        problems.append("under_age_years %s != %s" % (approval.get("under_age_years"), row_under_age(row)))
    if not same_number(approval.get("min_weight_kg"), row_min_weight(row)):
        problems.append("min_weight_kg %s != %s" % (approval.get("min_weight_kg"), row_min_weight(row)))
    return problems


def main():
    if not os.path.exists(APPROVALS):
        print("SKIP: %s not found (the EMA reference table is in ../shared)" % APPROVALS)
        return 77
    parents = tumor_tree()
    with open(APPROVALS, newline="") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        rows = [dict(zip(header, fields)) for fields in reader]
    with open(os.path.join(KB, "drugs.json")) as f:
        drugs = json.load(f)["drugs"]
    kb_names = {d["name"] for d in drugs}
    failures = []
    checked = 0
    matched_rows = set()
    for drug in drugs:
        for approval in drug.get("approvals", []):
            if approval.get("agency") != "EMA":
                continue
            checked += 1
            candidates = [r for r in rows if drug["name"] in row_drugs(r) and tumor_matches(approval, r, parents)]
            exact = [r for r in candidates if not differences(approval, r)]
            for r in exact:
                matched_rows.add(r["id"])
            listed = approval["id"] in KB_EXCEPTIONS
            if exact and listed:
                failures.append("%s matches %s but is listed in KB_EXCEPTIONS: remove it from the list" %
                                (approval["id"], exact[0]["id"]))
            elif not exact and not listed:
                near = ["%s: %s" % (r["id"], ", ".join(differences(approval, r))) for r in candidates]
                failures.append("%s (%s, %s) has no matching EMA reference row%s" % (
                    approval["id"], drug["name"], approval.get("year"),
                    ("; nearest: " + "; ".join(near)) if near else " of this drug and tumor type"))
            else:
                print("ok   %s%s" % (approval["id"], " (exception: %s)" % KB_EXCEPTIONS[approval["id"]][:80]
                                     if listed else " = " + exact[0]["id"]))
    for approval_id in KB_EXCEPTIONS:
        if not any(a["id"] == approval_id for d in drugs for a in d.get("approvals", [])):
            failures.append("KB_EXCEPTIONS names %s, which is not an approval in drugs.json" % approval_id)
    # Reverse: paediatric EMA rows of knowledge-base drugs.
    for r in rows:
        age = row_min_age(r)
        paediatric = (age is not None and age < 18) or (age is None and re.search(r"paediatric|children|adolescent",
                                                                                   r["age_text"], re.I))
        if not paediatric or r["genomic_basis"] == "absent_only" and "BCR::ABL1" not in r["biomarker"]:
            continue
        if not (row_drugs(r) & kb_names):
            continue
        covered = r["id"] in matched_rows
        listed = r["id"] in ROW_EXCEPTIONS
        if covered and listed:
            failures.append("%s is matched by the knowledge base but listed in ROW_EXCEPTIONS" % r["id"])
        elif not covered and not listed:
            # A row whose drug's KB approval is itself a listed exception is accounted for there.
            kb_listed = [a["id"] for d in drugs if d["name"] in row_drugs(r) for a in d.get("approvals", [])
                         if a.get("agency") == "EMA" and a["id"] in KB_EXCEPTIONS and tumor_matches(a, r, parents)]
            if not kb_listed:
                failures.append("%s (%s, %s, min age %s) is a paediatric EMA indication of a knowledge-base drug "
                                "with no EMA approval in drugs.json and no ROW_EXCEPTIONS entry" %
                                (r["id"], r["drugs"], r["oncotree_code"] or "any solid tumour",
                                 r["min_age_years"] or "not stated"))
    for row_id in ROW_EXCEPTIONS:
        if not any(r["id"] == row_id for r in rows):
            failures.append("ROW_EXCEPTIONS names %s, which is not a row of the reference" % row_id)
    for failure in failures:
        print("FAIL " + failure)
    print("%d EMA approvals checked, %d exceptions, %d failures" % (checked, len(KB_EXCEPTIONS), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
