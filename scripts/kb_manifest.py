#!/usr/bin/env python3
"""Write the manifest of the pedtx knowledge base.

Makes:
  knowledgebase/manifest.json
  {"files": {"<path relative to knowledgebase/>": "<sha256 hex>", ...},
   "name": "pedtx-kb", "release_date": "<VERSION line 2>", "schema_version": 1,
   "version": "<VERSION line 1>"}
  (JSON, sorted keys, 2-space indent, trailing newline).

From:
  knowledgebase/VERSION   line 1: version (e.g. 2026.11.0), line 2: release date (YYYY-MM-DD)
  every file under knowledgebase/ (sub-folders such as schema/ included, paths with `/`),
  except manifest.json itself, FORMAT.md, README* and CHANGELOG* (at any depth) and hidden
  files (`.name`).
  VERSION itself is listed.

Run it last, after every other generator (scripts/derive_all.py does that).

Regenerate (from the repository root):
  python3 scripts/kb_manifest.py [--kb DIR]
  python3 scripts/kb_manifest.py --check    # exit 1 if manifest.json is missing/stale or a hash differs
or everything at once: python3 scripts/derive_all.py
(--refdata is accepted for symmetry with the other scripts and ignored.)
"""
import argparse
import difflib
import hashlib
import json
import os
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_REFDATA = os.path.normpath(os.path.join(REPO, "..", "shared", "refdata"))
DEFAULT_KB = os.path.join(REPO, "knowledgebase")
PROG = "kb_manifest"
NAME = "pedtx-kb"
SCHEMA_VERSION = 1
OUTPUT = "manifest.json"


class ManifestError(Exception):
    pass


def excluded(rel):
    base = rel.split("/")[-1]
    if any(part.startswith(".") for part in rel.split("/")):
        return True
    if rel == OUTPUT or rel == "FORMAT.md":
        return True
    if base.startswith("README") or base.startswith("CHANGELOG"):
        return True
    return False


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_version(kb):
    path = os.path.join(kb, "VERSION")
    if not os.path.isfile(path):
        raise ManifestError("missing %s (line 1: version, line 2: release date)" % path)
    with open(path, encoding="utf-8") as fh:
        lines = [ln.strip() for ln in fh.read().splitlines() if ln.strip()]
    if len(lines) != 2:
        raise ManifestError("%s must have exactly 2 lines (version, release date)" % path)
    version, date = lines
    if not re.match(r"^\d{4}\.\d+\.\d+$", version):
        raise ManifestError("%s line 1 %r is not a version like 2026.11.0" % (path, version))
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", date):
        raise ManifestError("%s line 2 %r is not a date YYYY-MM-DD" % (path, date))
    return version, date


def build(kb):
    if not os.path.isdir(kb):
        raise ManifestError("no knowledge-base folder %s" % kb)
    version, date = read_version(kb)
    files = {}
    for root, dirs, names in os.walk(kb):
        dirs.sort()
        for n in sorted(names):
            full = os.path.join(root, n)
            rel = os.path.relpath(full, kb).replace(os.sep, "/")
            if excluded(rel) or not os.path.isfile(full) or rel.endswith(".tmp"):
                continue
            files[rel] = sha256(full)
    manifest = {"name": NAME, "version": version, "release_date": date,
                "schema_version": SCHEMA_VERSION, "files": files}
    return json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n", manifest


def check(kb, text, manifest):
    path = os.path.join(kb, OUTPUT)
    try:
        with open(path, encoding="utf-8") as fh:
            old_text = fh.read()
    except FileNotFoundError:
        sys.stderr.write("%s: %s is missing (run without --check to create it)\n" % (PROG, path))
        return False
    if old_text == text:
        return True
    try:
        old = json.loads(old_text)
    except json.JSONDecodeError as e:
        sys.stderr.write("%s: %s is not valid JSON: %s\n" % (PROG, path, e))
        return False
    old_files = old.get("files", {}) if isinstance(old, dict) else {}
    new_files = manifest["files"]
    for rel in sorted(set(old_files) | set(new_files)):
        if rel not in new_files:
            sys.stderr.write("%s: listed but absent or excluded: %s\n" % (PROG, rel))
        elif rel not in old_files:
            sys.stderr.write("%s: not listed in manifest: %s\n" % (PROG, rel))
        elif old_files[rel] != new_files[rel]:
            sys.stderr.write("%s: sha256 differs: %s\n" % (PROG, rel))
    for k in ("name", "version", "release_date", "schema_version"):
        if not isinstance(old, dict) or old.get(k) != manifest[k]:
            sys.stderr.write("%s: %s differs: manifest has %r, expected %r\n"
                             % (PROG, k, old.get(k) if isinstance(old, dict) else None, manifest[k]))
    diff = list(difflib.unified_diff(old_text.splitlines(), text.splitlines(),
                                     "committed/" + OUTPUT, "regenerated/" + OUTPUT, lineterm="", n=0))
    sys.stderr.write("%s: %s is stale (%d diff lines)\n" % (PROG, path, len(diff)))
    return False


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--refdata", default=DEFAULT_REFDATA, help="ignored (accepted for symmetry)")
    ap.add_argument("--kb", default=DEFAULT_KB, help="knowledge-base folder (default %(default)s)")
    ap.add_argument("--check", action="store_true",
                    help="regenerate in memory and exit 1 if manifest.json differs")
    a = ap.parse_args(argv)
    try:
        text, manifest = build(a.kb)
    except ManifestError as e:
        sys.stderr.write("%s: error: %s\n" % (PROG, e))
        return 2
    print("%s: %s %s (%s), %d files" % (PROG, NAME, manifest["version"], manifest["release_date"],
                                        len(manifest["files"])))
    if a.check:
        if not check(a.kb, text, manifest):
            return 1
        print("%s: check OK" % PROG)
        return 0
    path = os.path.join(a.kb, OUTPUT)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    os.replace(tmp, path)
    print("wrote %s" % path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
