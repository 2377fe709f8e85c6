#!/usr/bin/env python3
"""The bundled knowledge base and the test fixture validate against knowledgebase/schema/kb.schema.json.

Uses python3-jsonschema (installed by scripts/install_deps.sh); exits 77 (skipped) without it.
"""
import json
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FILES = {"genes.json": "genes_file", "drugs.json": "drugs_file", "evidence.json": "evidence_file",
         "trials.json": "trials_file"}


def main():
    try:
        import jsonschema
    except ImportError:
        print("SKIPPED: python3-jsonschema is not installed")
        return 77
    with open(os.path.join(REPO, "knowledgebase", "schema", "kb.schema.json")) as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = 0
    checked = 0
    for kb in ("knowledgebase", os.path.join("tests", "kb", "fixture")):
        for name, definition in sorted(FILES.items()):
            with open(os.path.join(REPO, kb, name)) as f:
                doc = json.load(f)
            sub = dict(schema)
            sub["$ref"] = "#/$defs/" + definition
            validator = jsonschema.Draft202012Validator(sub)
            for error in validator.iter_errors(doc):
                errors += 1
                print("FAIL %s/%s: %s at %s" % (kb, name, error.message, "/".join(str(p) for p in error.absolute_path)))
            checked += 1
    print("%d passed, %d failed" % (checked, errors))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
