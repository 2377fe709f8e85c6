#!/usr/bin/env python3
"""The HTML reports in a real browser, as a tumor board would see and print them.

Runs `pedtx annotate --samples examples/samples.tsv --no-timestamp`, then for every HTML
report: headless Chromium takes a screenshot, prints to PDF on Letter (Chromium's default
paper) and on A4, and dumps the DOM with console logging on. pdftotext and pdfinfo read the
PDFs back: the findings that the JSON report lists (gene, alteration, a drug) must be on
paper, every page must name the sample, and the page count must be 1-15. An injection case
runs a sample sheet whose sample_id is `<script>alert(1)</script>`, on a VCF whose file name
is `"><img src=x onerror=alert(1)>.vcf`: the DOM must hold no element made from them.

The cohort overview: the examples' cohort.html is screenshotted, printed (Letter and A4) and
dumped the same way, and must name every sample on paper. Then a 1,000-sample cohort (the
examples' VCFs under 1,000 sample ids and tumor types, one of them the injection id) is run
with `pedtx annotate --samples`; its cohort.html must render without console errors, list
all 1,000 samples in the DOM with working links, print, and hold no element made from the
injection id. The size of that cohort.html and the time Chromium takes are printed.

Exits 77 (skipped) with a message when /usr/bin/chromium or poppler-utils is missing.
Prints 'N passed, M failed'.
"""
import argparse
import html.parser
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHROMIUM = "/usr/bin/chromium"
SKIP = 77
MIN_PAGES, MAX_PAGES = 1, 15
ACTIONABLE = ("IA", "IB", "IIC")
SCRIPT_ID = "<script>alert(1)</script>"
QUOTE_ID = "A&B \"quoted\" 'x'"
COHORT_SIZE = 1000
COHORT_MAX_PAGES = 80
IMAGE_NAME = '"><img src=x onerror=alert(1)>'

TMP = None
results = []


def check(name, condition, detail=""):
    results.append((name, bool(condition)))
    print("%s: %s%s" % ("PASS" if condition else "FAIL", name, "" if condition or not detail else " -- " + detail))
    return condition


def chromium_major():
    out = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=60).stdout
    match = re.search(r"(\d+)\.\d+", out)
    return int(match.group(1)) if match else 0


def chromium(*args, url):
    """One headless run with a fresh profile; nothing reaches the network."""
    profile = tempfile.mkdtemp(prefix="profile_", dir=TMP)
    env = dict(os.environ, HOME=profile, XDG_CONFIG_HOME=profile, XDG_CACHE_HOME=profile)
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--user-data-dir=" + profile] + list(args) + [url]
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=180, env=env)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def file_url(path):
    from urllib.request import pathname2url
    return "file://" + pathname2url(os.path.abspath(path))


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", head[16:24])


def pdf_info(path):
    out = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
    pages = re.search(r"^Pages:\s+(\d+)", out, re.M)
    size = re.search(r"^Page size:\s+(.*)$", out, re.M)
    return (int(pages.group(1)) if pages else 0), (size.group(1) if size else "")


def pdf_pages_text(path):
    text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [" ".join(page.split()) for page in pages]


def console_problems(stderr):
    """Console messages (errors, CSP reports) and uncaught exceptions from the page."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


def expected_text(json_path):
    """What the printed report must show, read from the sample's JSON report."""
    with open(json_path) as f:
        doc = json.load(f)
    words = []
    for finding in doc["findings"]:
        if finding["tier"] not in ACTIONABLE:
            continue
        words += [finding["gene"], finding["alteration"]]
        drugs = [d for e in finding["evidence"] if e["response"] == "sensitive" and e["tier"] in ACTIONABLE
                 for d in e["drugs"]]
        if drugs:
            words.append(drugs[0])
    return doc, words


def print_pdf(html, pdf, pdf_flag):
    return chromium("--print-to-pdf=" + pdf, pdf_flag, url=file_url(html))


def check_report(html, json_path, pdf_flag):
    stem = os.path.basename(html)[: -len(".pedtx.html")]
    doc, words = expected_text(json_path)
    sample_id = doc["sample"]["id"]

    png = os.path.join(TMP, stem + ".png")
    r = chromium("--screenshot=" + png, "--window-size=1280,2000", url=file_url(html))
    check("%s: screenshot 1280x2000" % stem, os.path.exists(png) and png_size(png) == (1280, 2000),
          "exit %d, size %s" % (r.returncode, png_size(png) if os.path.exists(png) else None))
    check("%s: screenshot is not blank" % stem, os.path.exists(png) and os.path.getsize(png) > 20000,
          "%d bytes" % (os.path.getsize(png) if os.path.exists(png) else 0))

    pdf = os.path.join(TMP, stem + ".letter.pdf")
    r = print_pdf(html, pdf, pdf_flag)
    if not check("%s: printed to PDF" % stem, os.path.exists(pdf), r.stderr[-500:]):
        return
    pages, size = pdf_info(pdf)
    check("%s: %d pages on Letter (%d-%d)" % (stem, pages, MIN_PAGES, MAX_PAGES), MIN_PAGES <= pages <= MAX_PAGES, size)
    text = pdf_pages_text(pdf)
    whole = " ".join(text)
    for word in words:
        check("%s: PDF shows %s" % (stem, word), word in whole)
    if not words:
        check("%s: PDF says No actionable finding" % stem, "No actionable finding" in whole)
    check("%s: PDF states the report does not replace clinical judgement" % stem,
          "supports, and does not replace, clinical judgement" in whole)
    check("%s: every page names the sample" % stem,
          len(text) == pages and all("pedtx report: " + sample_id in page for page in text),
          "%d text pages for %d PDF pages" % (len(text), pages))

    # A4: the report leaves the paper to the printer; force A4 on a copy and print again.
    a4_html = os.path.join(TMP, stem + ".a4.html")
    with open(html, encoding="utf-8") as f:
        source = f.read()
    with open(a4_html, "w", encoding="utf-8") as f:
        f.write(source.replace("</head>", "<style>@page{size:A4}</style></head>", 1))
    a4_pdf = os.path.join(TMP, stem + ".a4.pdf")
    print_pdf(a4_html, a4_pdf, pdf_flag)
    a4_pages, a4_size = pdf_info(a4_pdf) if os.path.exists(a4_pdf) else (0, "")
    check("%s: %d pages on A4 (%d-%d)" % (stem, a4_pages, MIN_PAGES, MAX_PAGES),
          "A4" in a4_size and MIN_PAGES <= a4_pages <= MAX_PAGES, a4_size)
    a4_text = " ".join(pdf_pages_text(a4_pdf)) if os.path.exists(a4_pdf) else ""
    check("%s: A4 PDF shows the findings" % stem, all(word in a4_text for word in words))

    r = chromium("--enable-logging=stderr", "--v=0", "--dump-dom", url=file_url(html))
    problems = console_problems(r.stderr)
    check("%s: no console errors" % stem, not problems, "; ".join(problems)[:500])
    check("%s: DOM has no script element" % stem, "<script" not in r.stdout.lower() and "</html>" in r.stdout)


def check_injection(pedtx, pdf_flag):
    vcf = os.path.join(TMP, IMAGE_NAME + ".vcf")
    shutil.copyfile(os.path.join(REPO, "examples", "plgg_braf_v600e.snpeff.vcf"), vcf)
    sheet = os.path.join(TMP, "injection.tsv")
    with open(sheet, "w", encoding="utf-8") as f:
        f.write("sample_id\tvcf\ttumor_type\tage_years\n%s\t%s\tPAST\t8\n" % (SCRIPT_ID, os.path.basename(vcf)))
    out = os.path.join(TMP, "injection")
    r = subprocess.run([pedtx, "annotate", "--samples", sheet, "--out", out, "--no-timestamp", "--format", "html"],
                       capture_output=True, text=True, cwd=REPO)
    reports = sorted(n for n in os.listdir(out) if n.endswith(".pedtx.html")) if os.path.isdir(out) else []
    if not check("injection: pedtx writes the report", r.returncode == 0 and len(reports) == 1, r.stderr):
        return
    html = os.path.join(out, reports[0])
    r = chromium("--enable-logging=stderr", "--v=0", "--dump-dom", url=file_url(html))
    dom = r.stdout
    check("injection: DOM dumped", "</html>" in dom, r.stderr[-500:])
    check("injection: no script element in the DOM", "<script" not in dom.lower())
    check("injection: no img element in the DOM", "<img" not in dom.lower())
    check("injection: sample id shown as text", "&lt;script&gt;alert(1)&lt;/script&gt;" in dom)
    check("injection: file name shown as text", "&lt;img src=x onerror=alert(1)&gt;" in dom)
    problems = console_problems(r.stderr)
    check("injection: no console errors", not problems, "; ".join(problems)[:500])
    pdf = os.path.join(TMP, "injection.pdf")
    print_pdf(html, pdf, pdf_flag)
    text = " ".join(pdf_pages_text(pdf)) if os.path.exists(pdf) else ""
    check("injection: printed sample id is the literal text", SCRIPT_ID in text)


class SampleCells(html.parser.HTMLParser):
    """The text and link of every sample-id cell (td.id) of a cohort.html DOM."""

    def __init__(self):
        super().__init__()
        self.cells, self.links, self.inside, self.elements = [], [], False, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append(tag)
        if tag == "td" and "id" in (attrs.get("class") or "").split():
            self.inside = True
            self.cells.append("")
            self.links.append(None)
        elif tag == "a" and self.inside:
            self.links[-1] = attrs.get("href")

    def handle_endtag(self, tag):
        if tag == "td":
            self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.cells[-1] += data


def dump_dom(path):
    start = time.monotonic()
    r = chromium("--enable-logging=stderr", "--v=0", "--dump-dom", url=file_url(path))
    return r, time.monotonic() - start


def check_cohort_page(html, sample_ids, pdf_flag, label, max_pages):
    """Screenshot, Letter and A4 PDFs, DOM: the checks every cohort.html must pass."""
    png = os.path.join(TMP, label + ".png")
    r = chromium("--screenshot=" + png, "--window-size=1280,2000", url=file_url(html))
    check("%s: screenshot is not blank" % label, os.path.exists(png) and png_size(png) == (1280, 2000)
          and os.path.getsize(png) > 20000, r.stderr[-300:])
    texts = {}
    for paper in ("letter", "a4"):
        page = html
        if paper == "a4":
            page = os.path.join(TMP, label + ".a4.html")
            with open(html, encoding="utf-8") as f:
                source = f.read()
            with open(page, "w", encoding="utf-8") as f:
                f.write(source.replace("</head>", "<style>@page{size:A4}</style></head>", 1))
        pdf = os.path.join(TMP, "%s.%s.pdf" % (label, paper))
        start = time.monotonic()
        print_pdf(page, pdf, pdf_flag)
        seconds = time.monotonic() - start
        pages, size = pdf_info(pdf) if os.path.exists(pdf) else (0, "")
        check("%s: %d pages on %s (1-%d, %.1f s)" % (label, pages, paper, max_pages, seconds),
              1 <= pages <= max_pages and (paper != "a4" or "A4" in size), size)
        texts[paper] = pdf_pages_text(pdf) if os.path.exists(pdf) else []
    whole = " ".join(texts["letter"])
    missing = [sample for sample in sample_ids if sample not in whole]
    check("%s: PDF names every sample" % label, not missing, "missing %s" % missing[:5])
    check("%s: PDF states the overview does not replace clinical judgement" % label,
          "supports, and does not replace, clinical judgement" in whole)
    check("%s: every printed page says what it is" % label,
          texts["letter"] and all("pedtx cohort overview" in page for page in texts["letter"]))
    r, seconds = dump_dom(html)
    problems = console_problems(r.stderr)
    check("%s: no console errors" % label, not problems, "; ".join(problems)[:500])
    check("%s: DOM has no script element" % label, "<script" not in r.stdout.lower() and "</html>" in r.stdout)
    cells = SampleCells()
    cells.feed(r.stdout)
    check("%s: DOM lists every sample, in order (%d rows, %.1f s)" % (label, len(cells.cells), seconds),
          cells.cells == list(sample_ids), "first differences: %s" %
          [(a, b) for a, b in zip(cells.cells, sample_ids) if a != b][:3])
    folder = os.path.dirname(html)
    broken = [link for link in cells.links
              if link and not os.path.isfile(os.path.join(folder, urllib.parse.unquote(link)))]
    check("%s: every sample links to its report" % label, None not in cells.links and not broken, str(broken[:3]))
    return r.stdout, cells


def check_cohort_of_examples(out, pdf_flag):
    with open(os.path.join(out, "run.json")) as f:
        ids = [sample["sample_id"] for sample in json.load(f)["samples"]]
    check_cohort_page(os.path.join(out, "cohort.html"), ids, pdf_flag, "cohort", MAX_PAGES)


def check_large_cohort(pedtx, pdf_flag):
    """1,000 samples from the examples' VCFs, one with the injection id, one with quotes."""
    with open(os.path.join(REPO, "examples", "samples.tsv")) as f:
        header, *rows = [line.split("\t") for line in f.read().splitlines() if line and not line.startswith("#")]
    column = {name: i for i, name in enumerate(header)}
    tumor_types = ["NBL", "PAST", "CML", "DMG", "BLL", "ALCL", "IFS", "AML", "OS", "ES", "RMS", "WT"]
    ids = ["COH%04d" % i for i in range(COHORT_SIZE)]
    ids[0], ids[1] = SCRIPT_ID, QUOTE_ID
    sheet = os.path.join(TMP, "cohort_%d.tsv" % COHORT_SIZE)
    with open(sheet, "w", encoding="utf-8") as f:
        f.write("sample_id\tvcf\ttumor_type\tage_years\tfusions\n")
        for i, sample in enumerate(ids):
            row = rows[i % len(rows)]
            fusions = row[column["fusions"]] if "fusions" in column and len(row) > column["fusions"] else ""
            f.write("%s\t%s\t%s\t%d\t%s\n" % (
                sample, os.path.join(REPO, "examples", row[column["vcf"]]), tumor_types[i * 7 % len(tumor_types)],
                i % 18, os.path.join(REPO, "examples", fusions) if fusions else ""))
    out = os.path.join(TMP, "cohort_%d" % COHORT_SIZE)
    start = time.monotonic()
    r = subprocess.run([pedtx, "annotate", "--samples", sheet, "--out", out, "--no-timestamp", "--quiet",
                        "--format", "html"], capture_output=True, text=True, cwd=REPO)
    seconds = time.monotonic() - start
    html_path = os.path.join(out, "cohort.html")
    if not check("cohort of %d: pedtx annotate (%.1f s)" % (COHORT_SIZE, seconds),
                 r.returncode == 0 and os.path.isfile(html_path), r.stderr[-500:]):
        return
    size = os.path.getsize(html_path)
    check("cohort of %d: cohort.html is %d bytes (< 2 MB)" % (COHORT_SIZE, size), size < 2_000_000)
    dom, cells = check_cohort_page(html_path, ids, pdf_flag, "cohort_%d" % COHORT_SIZE, COHORT_MAX_PAGES)
    check("cohort of %d: no img element in the DOM" % COHORT_SIZE, "<img" not in dom.lower())
    check("cohort of %d: injection id shown as text" % COHORT_SIZE, "&lt;script&gt;alert(1)&lt;/script&gt;" in dom)
    check("cohort of %d: grid capped and scrollable" % COHORT_SIZE,
          'class="scroll"' in dom and dom.count('<rect class="band"') <= 30)


def main():
    global TMP
    ap = argparse.ArgumentParser()
    ap.add_argument("--pedtx", required=True)
    a = ap.parse_args()
    missing = [tool for tool, path in (("chromium", CHROMIUM if os.access(CHROMIUM, os.X_OK) else None),
                                       ("pdftotext", shutil.which("pdftotext")), ("pdfinfo", shutil.which("pdfinfo")))
               if not path]
    if missing:
        print("browser: SKIP: %s missing (apt-get install chromium poppler-utils, or scripts/install_deps.sh)"
              % ", ".join(missing))
        return SKIP
    pedtx = os.path.abspath(a.pedtx)
    # --no-pdf-header-footer replaced --print-to-pdf-no-header in Chromium 111.
    pdf_flag = "--no-pdf-header-footer" if chromium_major() >= 111 else "--print-to-pdf-no-header"
    TMP = tempfile.mkdtemp(prefix="pedtx_browser_")
    try:
        out = os.path.join(TMP, "out")
        r = subprocess.run([pedtx, "annotate", "--samples", "examples/samples.tsv", "--out", out, "--no-timestamp"],
                           capture_output=True, text=True, cwd=REPO)
        if not check("pedtx annotate on the examples", r.returncode == 0, r.stderr):
            return 1
        reports = sorted(n for n in os.listdir(out) if n.endswith(".pedtx.html"))
        with open(os.path.join(REPO, "examples", "samples.tsv")) as f:
            samples = [line for line in f.read().splitlines()[1:] if line.strip() and not line.startswith("#")]
        check("one HTML report per sample", len(reports) == len(samples) > 0, str(reports))
        for name in reports:
            check_report(os.path.join(out, name), os.path.join(out, name.replace(".html", ".json")), pdf_flag)
        check_injection(pedtx, pdf_flag)
        check_cohort_of_examples(out, pdf_flag)
        check_large_cohort(pedtx, pdf_flag)
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
    failed = sum(1 for _, ok in results if not ok)
    print("%d passed, %d failed" % (len(results) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
