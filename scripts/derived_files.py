"""What the derive_*.py scripts share: comparing regenerated knowledge-base files with the committed
ones (--check) and writing them atomically."""
import difflib
import os
import sys


def compare(kb, outputs, prog):
    """Return True if every file in outputs ({name: text}) equals the file in kb; print a diff summary."""
    ok = True
    for name, text in sorted(outputs.items()):
        path = os.path.join(kb, name)
        try:
            with open(path, encoding="utf-8", newline="") as fh:
                old = fh.read()
        except FileNotFoundError:
            sys.stderr.write("%s: %s is missing (run without --check to create it)\n" % (prog, path))
            ok = False
            continue
        if old != text:
            ok = False
            diff = list(difflib.unified_diff(old.splitlines(), text.splitlines(),
                                             "committed/" + name, "regenerated/" + name, lineterm="", n=0))
            nplus = sum(1 for line in diff if line.startswith("+") and not line.startswith("+++"))
            nminus = sum(1 for line in diff if line.startswith("-") and not line.startswith("---"))
            sys.stderr.write("%s: %s differs (+%d -%d lines):\n" % (prog, path, nplus, nminus))
            for line in diff[:40]:
                sys.stderr.write("  " + line[:300] + "\n")
            if len(diff) > 40:
                sys.stderr.write("  ... (%d more diff lines)\n" % (len(diff) - 40))
    return ok


def write(kb, outputs):
    """Write each file of outputs into kb through a temporary file and a rename."""
    os.makedirs(kb, exist_ok=True)
    for name, text in sorted(outputs.items()):
        path = os.path.join(kb, name)
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
        print("wrote %s" % path)
