#!/usr/bin/env python3
"""Checks that the source tree keeps its floors (src/README.md, ../shared/STYLE.md).

Floors, bottom up: core -> util -> kb | io -> match -> pipeline -> report -> run -> cli.
A file in include/pedtx/<floor>/ or src/<floor>/ may include headers of its own floor and of
the floors below; kb and io stand side by side and never include each other. Also checked:
every folder of src/ has its paragraph in src/README.md, include/pedtx/ mirrors src/, and no
source file is longer than 600 lines unless its header comment says why ("over 600 lines
because ...").

Exit 0 when the layout holds; 1 with one line per breach (FILE:LINE: ...).
"""
import pathlib
import re
import sys

FLOORS = ["core", "util", "kb", "io", "match", "pipeline", "report", "run", "cli"]
RANK = {"core": 0, "util": 1, "kb": 2, "io": 2, "match": 3, "pipeline": 4, "report": 5, "run": 6, "cli": 7}
MAX_LINES = 600
INCLUDE = re.compile(r'^\s*#\s*include\s+"pedtx/([a-z_]+)/[^"]+"')


def floor_of(path: pathlib.Path, root: pathlib.Path) -> str | None:
    parts = path.relative_to(root).parts
    if parts[0] == "src" and len(parts) > 2:
        return parts[1]
    if parts[:2] == ("include", "pedtx") and len(parts) > 3:
        return parts[2]
    return None


def main() -> int:
    root = pathlib.Path(__file__).resolve().parent.parent
    problems: list[str] = []
    sources = sorted(p for d in ("src", "include/pedtx") for p in (root / d).rglob("*")
                     if p.suffix in (".cpp", ".hpp", ".in") and p.is_file())
    for path in sources:
        rel = path.relative_to(root)
        floor = floor_of(path, root)
        if floor is None:
            continue
        if floor not in RANK:
            problems.append(f"{rel}:1: folder '{floor}' is no floor of the flow ({' -> '.join(FLOORS)})")
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            match = INCLUDE.match(line)
            if not match:
                continue
            target = match.group(1)
            if target not in RANK:
                problems.append(f"{rel}:{number}: includes pedtx/{target}/, which is no floor")
            elif RANK[target] > RANK[floor]:
                problems.append(f"{rel}:{number}: {floor}/ includes {target}/, a floor above it")
            elif {floor, target} == {"kb", "io"}:
                problems.append(f"{rel}:{number}: {floor}/ includes {target}/ (kb and io never include each other)")
        if len(lines) > MAX_LINES:
            head = "\n".join(lines[:8])
            if "over 600 lines because" not in head:
                problems.append(f"{rel}:1: {len(lines)} lines (over {MAX_LINES}) and no reason at the top "
                                "(\"over 600 lines because ...\")")
    src_folders = sorted(p.name for p in (root / "src").iterdir() if p.is_dir())
    include_folders = sorted(p.name for p in (root / "include/pedtx").iterdir() if p.is_dir())
    readme = (root / "src/README.md").read_text(encoding="utf-8")
    for folder in src_folders:
        if f"**{folder}/**" not in readme:
            problems.append(f"src/README.md:1: no paragraph for src/{folder}/ (\"**{folder}/**\")")
        if folder not in RANK:
            problems.append(f"src/{folder}:1: folder '{folder}' is no floor of the flow")
    for folder in include_folders:
        if folder not in src_folders:
            problems.append(f"include/pedtx/{folder}:1: no src/{folder}/ beside it")
    for folder in src_folders:
        if folder != "cli" and folder not in include_folders:
            problems.append(f"src/{folder}:1: no include/pedtx/{folder}/ beside it")
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} layout problem(s)", file=sys.stderr)
        return 1
    print(f"layout holds: {len(sources)} files on {len(src_folders)} floors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
