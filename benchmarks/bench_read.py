"""Benchmark: the source document as a Word file, read three ways, timed side by side.

(a) the floor: python-docx opens the file and a bare loop joins the ``w:t`` texts of every
    ``w:tc`` in the XML;
(b) docx2python's extraction of the same file (what a user would otherwise reach for);
(c) the package's full extraction to tidy tables, ``kpi_analysis.load(path)``.

Each is run once to warm up, then ``--repeats`` times (at least 15), taking turns so that
changes in machine load hit all three alike, with a full garbage collection (untimed) before
each call so that no reader is charged for freeing another's documents. The medians are
printed, with (c) split into its stages (read the file to a grid, interpret the forms, build
the tidy DataFrames), and on the last line ``ratio_vs_floor=X.XX ratio_vs_docx2python=Y.YY``
(c / a and c / b).

Before that line, two more formats are timed the same way:

- Excel: the source form as .xlsx (merged label cells), ``read_document`` against openpyxl's
  own read-only pass over every cell value of the same workbook: ``xlsx_ratio_vs_readonly=``;
- PDF: ``tests/data/formats/source.pdf`` (LibreOffice's print of the source form),
  ``read_document`` against pdfplumber's own ``extract_tables`` on every page: pages per
  second and ``pdf_ratio_vs_extract_tables=`` (``--pdf-repeats``, default 5).

    PYTHONPATH=. .venv/bin/python benchmarks/bench_read.py [--repeats 40] [--docx FILE]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "data" / "raw" / "000_2504e2a5ee8feded.txt"


def write_source_docx(path: Path) -> Path:
    """Write the source document as a Word form with the package's writer (real merged
    cells); without :mod:`kpi_analysis.outputs.writers`, rebuild it with the test builder."""
    from kpi_analysis import load

    try:
        from kpi_analysis.outputs.writers import write_target_forms_docx
    except ImportError:
        sys.path.insert(0, str(REPO / "tests" / "support"))
        from builders import docx_from_document

        from kpi_analysis.readers.text import read_text

        print("written by: tests/support/builders.docx_from_document")
        return docx_from_document(read_text(SOURCE), path, merge_labels=True)
    print("written by: kpi_analysis.outputs.writers.write_target_forms_docx")
    return write_target_forms_docx(load(SOURCE), path)


def floor(path: Path) -> list[str]:
    """python-docx open + the text of every table cell, straight from the XML."""
    import docx
    from docx.oxml.ns import qn

    tc_tag, t_tag = qn("w:tc"), qn("w:t")
    body = docx.Document(str(path)).element.body
    return ["".join(t.text or "" for t in tc.iter(t_tag)) for tc in body.iter(tc_tag)]


def with_docx2python(path: Path) -> object:
    """docx2python's extraction of the document body."""
    from docx2python import docx2python

    with docx2python(path) as content:
        return content.body


def package(path: Path) -> object:
    """kpi_analysis's full extraction to tidy tables."""
    from kpi_analysis import load

    return load(path)


def stages(path: Path) -> dict[str, Callable[[Path], object]]:
    """The stages of (c), each timed on its own input: read, interpret, tidy tables."""
    from kpi_analysis.forms.document import interpret_document
    from kpi_analysis.readers import read_document
    from kpi_analysis.tables.targets import records_to_frames

    doc = read_document(path)
    parts = [interpret_document(doc)]
    return {
        "read to grid": read_document,
        "interpret forms": lambda _: interpret_document(doc),
        "tidy DataFrames": lambda _: records_to_frames(parts),
    }


def write_source_xlsx(path: Path) -> Path:
    """The source document as an Excel form with merged label cells (the test builder)."""
    sys.path.insert(0, str(REPO / "tests" / "support"))
    from builders import xlsx_from_document

    from kpi_analysis.readers.text import read_text

    return xlsx_from_document(read_text(SOURCE), path, merge_labels=True)


def openpyxl_read_only(path: Path) -> list[object]:
    """openpyxl's read-only pass: every cell value of every sheet."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        return [
            v
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for v in row
        ]
    finally:
        workbook.close()


def pdfplumber_tables(path: Path) -> list[object]:
    """pdfplumber's own table extraction on every page."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [page.extract_tables() for page in pdf.pages]


def read_grid(path: Path) -> object:
    """The package's reader (file → grid)."""
    from kpi_analysis.readers import read_document

    return read_document(path)


def other_formats(tmp: Path, repeats: int, pdf_repeats: int) -> None:
    """Time the Excel and PDF readers against their libraries' own passes."""
    xlsx = write_source_xlsx(tmp / "source_form.xlsx")
    ms = median_ms({"openpyxl": openpyxl_read_only, "ours": read_grid}, xlsx, repeats)
    print(f"xlsx: openpyxl read-only {ms['openpyxl']:.2f} ms, read_document {ms['ours']:.2f} ms")
    print(f"xlsx_ratio_vs_readonly={ms['ours'] / ms['openpyxl']:.2f}")
    pdf = REPO / "tests" / "data" / "formats" / "source.pdf"
    try:
        import pdfplumber
    except ImportError:
        print("pdfplumber is not installed: PDF skipped")
        return
    if not pdf.is_file():
        print(f"{pdf} is missing: PDF skipped")
        return
    with pdfplumber.open(pdf) as document:
        pages = len(document.pages)
    ms = median_ms({"pdfplumber": pdfplumber_tables, "ours": read_grid}, pdf, pdf_repeats)
    print(
        f"pdf: {pages} pages, pdfplumber extract_tables {ms['pdfplumber']:.0f} ms, "
        f"read_document {ms['ours']:.0f} ms = {pages / ms['ours'] * 1000:.1f} pages/s"
    )
    print(f"pdf_ratio_vs_extract_tables={ms['ours'] / ms['pdfplumber']:.2f}")


def median_ms(
    funcs: dict[str, Callable[[Path], object]], path: Path, repeats: int
) -> dict[str, float]:
    """Median wall time of each ``func(path)`` in milliseconds, after one warm-up call each.

    The functions take turns (a, b, c, a, b, c …) so that a change in machine load while
    the benchmark runs affects all of them alike and the ratios stay fair. A full garbage
    collection runs before each timed call, outside the timing: python-docx and docx2python
    leave their documents in reference cycles, and without it the next call (whichever
    reader that is) would pay for freeing them. Each call still pays for the collections
    its own allocations trigger while it runs.
    """
    times: dict[str, list[float]] = {name: [] for name in funcs}
    for func in funcs.values():
        func(path)
    for _ in range(repeats):
        for name, func in funcs.items():
            gc.collect()  # the garbage of the call before is not charged to this one
            start = time.perf_counter()
            func(path)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) * 1000 for name, values in times.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeats", type=int, default=40, help="timed runs per reader (≥15)")
    parser.add_argument("--docx", type=Path, help="time this .docx instead of the source")
    parser.add_argument("--pdf-repeats", type=int, default=5, help="timed runs of the PDF")
    args = parser.parse_args(argv)
    repeats = max(args.repeats, 15)
    with tempfile.TemporaryDirectory() as tmp:
        other_formats(Path(tmp), repeats, max(args.pdf_repeats, 1))
        path = args.docx or write_source_docx(Path(tmp) / "source_form.docx")
        ds = package(path)
        print(
            f"file: {path.name} ({path.stat().st_size / 1024:.0f} KB), "
            f"{len(ds.projects)} projects, {len(ds.indicators)} indicator rows"
        )
        funcs: dict[str, Callable[[Path], object]] = {"a": floor, "c": package}
        try:
            import docx2python  # noqa: F401
        except ImportError:
            print("docx2python is not installed: (b) skipped")
        else:
            funcs["b"] = with_docx2python
        parts = stages(path)
        medians = median_ms({**funcs, **parts}, path, repeats)
    a, b, c = medians["a"], medians.get("b"), medians["c"]
    print(f"(a) python-docx open + bare cell walk : {a:8.2f} ms")
    print("(b) docx2python                        : " + (f"{b:8.2f} ms" if b else "skipped"))
    print(f"(c) kpi_analysis.load (tidy tables)    : {c:8.2f} ms  (medians of {repeats})")
    print("    of which " + ", ".join(f"{name} {medians[name]:.2f} ms" for name in parts))
    ratio_b = f"{c / b:.2f}" if b else "nan"
    print(f"ratio_vs_floor={c / a:.2f} ratio_vs_docx2python={ratio_b}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
