"""Build the zoo fixtures (``form.docx`` / ``form.xlsx``) from each form's ``form.json``.

Usage::

    .venv/bin/python tests/zoo/build.py            # (re)build every form under tests/zoo/forms
    .venv/bin/python tests/zoo/build.py d01-...    # only the named forms (ids or folders)
    .venv/bin/python tests/zoo/build.py --check    # verify every fixture matches its form.json

``--check`` compares the content read back from the fixture (paragraph texts, table cell
texts, merged regions), not bytes: Word and Excel files carry timestamps.

Layout rules (see tests/zoo/README.md):

* docx: each string of ``paragraphs_before`` is one paragraph; each table is a real Word
  table (python-docx) whose merged regions are real merges; a cell's text is written one
  paragraph per line (``"\\n"``); each string of a table's ``paragraphs_after`` is one
  paragraph after that table.
* xlsx: one sheet; each paragraph is a single cell in column A on its own row, above (before)
  or below (after) the table; the table's cells follow row by row starting in column A with
  thin borders and merged ranges; an empty row separates one table's block from the next
  table. Line breaks stay in the cell text (wrap-text alignment).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path

ZOO = Path(__file__).resolve().parent
FORMS = ZOO / "forms"
SHEET_TITLE = "Sheet1"


# --------------------------------------------------------------------------- form.json
def load_form(form_dir: Path) -> dict:
    """``form.json`` of a form folder, with every table made rectangular (rows padded)."""
    form = json.loads((form_dir / "form.json").read_text(encoding="utf-8"))
    return normalise_form(form)


def normalise_form(form: dict) -> dict:
    """A copy of ``form`` with defaults filled in and rows padded to the table's width."""
    tables = []
    for table in form.get("tables", []):
        rows = [[str(c) if c is not None else "" for c in row] for row in table.get("rows", [])]
        width = max((len(r) for r in rows), default=0)
        rows = [r + [""] * (width - len(r)) for r in rows]
        merges = [list(map(int, m)) for m in table.get("merges", [])]
        tables.append(
            {
                "rows": rows,
                "merges": sorted(merges),
                "paragraphs_after": [str(p) for p in table.get("paragraphs_after", [])],
            }
        )
    return {
        "paragraphs_before": [str(p) for p in form.get("paragraphs_before", [])],
        "tables": tables,
    }


def validate_form(form: dict) -> list[str]:
    """Problems with a (raw) ``form.json``: ragged rows, merges out of range or overlapping,
    text inside a merged region outside its top-left cell. Empty when fine."""
    problems: list[str] = []
    if not isinstance(form.get("paragraphs_before", []), list):
        problems.append("paragraphs_before is not a list")
    tables = form.get("tables")
    if not isinstance(tables, list) or not tables:
        return problems + ["no tables"]
    for t, table in enumerate(tables):
        rows = table.get("rows")
        if not isinstance(rows, list) or not rows:
            problems.append(f"table {t}: no rows")
            continue
        widths = {len(r) for r in rows}
        if len(widths) != 1:
            problems.append(f"table {t}: rows of different lengths {sorted(widths)}")
        width = max(widths)
        seen: dict[tuple[int, int], int] = {}
        for m, merge in enumerate(table.get("merges", [])):
            if len(merge) != 4:
                problems.append(f"table {t}: merge {merge} is not [top,left,bottom,right]")
                continue
            top, left, bottom, right = merge
            if not (0 <= top <= bottom < len(rows) and 0 <= left <= right < width):
                problems.append(f"table {t}: merge {merge} out of range")
                continue
            if (top, left) == (bottom, right):
                problems.append(f"table {t}: merge {merge} is a single cell")
            for r in range(top, bottom + 1):
                for c in range(left, right + 1):
                    if (r, c) in seen:
                        problems.append(f"table {t}: merges {seen[(r, c)]} and {m} overlap")
                    seen[(r, c)] = m
                    if (r, c) != (top, left) and c < len(rows[r]) and rows[r][c] != "":
                        problems.append(
                            f"table {t}: cell ({r},{c}) inside merge {merge} is not empty"
                        )
        if not isinstance(table.get("paragraphs_after", []), list):
            problems.append(f"table {t}: paragraphs_after is not a list")
    return problems


def fixture_path(form_dir: Path) -> Path:
    """``form.docx`` or ``form.xlsx`` according to meta.json's ``format``."""
    meta = json.loads((form_dir / "meta.json").read_text(encoding="utf-8"))
    fmt = meta["format"]
    if fmt not in ("docx", "xlsx"):
        raise ValueError(f"{form_dir.name}: format {fmt!r} is neither docx nor xlsx")
    return form_dir / f"form.{fmt}"


# --------------------------------------------------------------------------- docx
def _set_cell_text(cell, text: str) -> None:
    lines = text.split("\n")
    paragraphs = cell.paragraphs
    paragraphs[0].text = lines[0]
    for extra in paragraphs[1:]:  # left over from a merge
        extra._p.getparent().remove(extra._p)
    for line in lines[1:]:
        cell.add_paragraph(line)


def write_docx(form: dict, path: Path) -> None:
    """Write ``form`` as a Word document with real tables and merges."""
    import docx

    document = docx.Document()
    for text in form["paragraphs_before"]:
        document.add_paragraph(text)
    for table in form["tables"]:
        rows = table["rows"]
        width = len(rows[0])
        word_table = document.add_table(rows=len(rows), cols=width)
        word_table.style = "Table Grid"
        for top, left, bottom, right in table["merges"]:
            word_table.cell(top, left).merge(word_table.cell(bottom, right))
        merged_away = {
            (r, c)
            for top, left, bottom, right in table["merges"]
            for r in range(top, bottom + 1)
            for c in range(left, right + 1)
            if (r, c) != (top, left)
        }
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                if (r, c) in merged_away:
                    continue
                _set_cell_text(word_table.cell(r, c), text)
        for text in table["paragraphs_after"]:
            document.add_paragraph(text)
    document.save(str(path))


def read_docx(path: Path) -> dict:
    """The paragraphs, tables (cell texts and merged regions) of a Word file, as form.json."""
    import docx
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    out: dict = {"paragraphs_before": [], "tables": []}
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            text = Paragraph(element, document).text
            if out["tables"]:
                out["tables"][-1]["paragraphs_after"].append(text)
            else:
                out["paragraphs_before"].append(text)
        elif element.tag == qn("w:tbl"):
            table = Table(element, document)
            n_rows, n_cols = len(table.rows), len(table.columns)
            grid = [[table.cell(r, c) for c in range(n_cols)] for r in range(n_rows)]
            regions: dict[int, list[int]] = {}
            order: list[int] = []
            for r in range(n_rows):
                for c in range(n_cols):
                    key = id(grid[r][c]._tc)
                    if key not in regions:
                        regions[key] = [r, c, r, c]
                        order.append(key)
                    else:
                        box = regions[key]
                        box[2], box[3] = max(box[2], r), max(box[3], c)
            rows = [["" for _ in range(n_cols)] for _ in range(n_rows)]
            merges = []
            for key in order:
                top, left, bottom, right = regions[key]
                rows[top][left] = "\n".join(p.text for p in grid[top][left].paragraphs)
                if (top, left) != (bottom, right):
                    merges.append([top, left, bottom, right])
            out["tables"].append({"rows": rows, "merges": sorted(merges), "paragraphs_after": []})
    return out


# --------------------------------------------------------------------------- xlsx
def xlsx_layout(form: dict) -> tuple[dict[tuple[int, int], str], list[tuple[int, int, int, int]]]:
    """Where ``write_xlsx`` puts every non-empty text (1-based row, column) and the merged
    ranges (min_row, min_col, max_row, max_col)."""
    cells: dict[tuple[int, int], str] = {}
    merges: list[tuple[int, int, int, int]] = []
    row = 1
    for text in form["paragraphs_before"]:
        if text:
            cells[(row, 1)] = text
        row += 1
    for t, table in enumerate(form["tables"]):
        if t:
            row += 1  # an empty row between one table's block and the next table
        for r, values in enumerate(table["rows"]):
            for c, text in enumerate(values):
                if text:
                    cells[(row + r, c + 1)] = text
        for top, left, bottom, right in table["merges"]:
            merges.append((row + top, left + 1, row + bottom, right + 1))
        row += len(table["rows"])
        for text in table["paragraphs_after"]:
            if text:
                cells[(row, 1)] = text
            row += 1
    return cells, sorted(merges)


def write_xlsx(form: dict, path: Path) -> None:
    """Write ``form`` as a one-sheet workbook (paragraphs as single cells, merged ranges)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Side

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    cells, merges = xlsx_layout(form)
    # borders on every table cell, text or not
    row = 1 + len(form["paragraphs_before"])
    for t, table in enumerate(form["tables"]):
        if t:
            row += 1
        for r, values in enumerate(table["rows"]):
            for c in range(len(values)):
                cell = sheet.cell(row=row + r, column=c + 1)
                cell.border = border
                cell.alignment = wrap
        row += len(table["rows"]) + len(table["paragraphs_after"])
    for (r, c), text in cells.items():
        sheet.cell(row=r, column=c).value = text
        sheet.cell(row=r, column=c).data_type = "s"
    for min_row, min_col, max_row, max_col in merges:
        sheet.merge_cells(
            start_row=min_row, start_column=min_col, end_row=max_row, end_column=max_col
        )
    sheet.column_dimensions["A"].width = 14
    workbook.save(str(path))


def read_xlsx(path: Path) -> tuple[dict[tuple[int, int], str], list[tuple[int, int, int, int]]]:
    """Non-empty cell texts and merged ranges of the workbook's only sheet."""
    from openpyxl import load_workbook

    workbook = load_workbook(str(path))
    if len(workbook.worksheets) != 1:
        raise ValueError(f"{path}: {len(workbook.worksheets)} sheets, expected 1")
    sheet = workbook.worksheets[0]
    cells = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None and str(cell.value) != "":
                cells[(cell.row, cell.column)] = str(cell.value)
    merges = sorted((m.min_row, m.min_col, m.max_row, m.max_col) for m in sheet.merged_cells.ranges)
    return cells, merges


# --------------------------------------------------------------------------- build / check
def build(form_dir: Path) -> Path:
    """(Re)write the fixture of one form folder; returns its path."""
    form = load_form(form_dir)
    problems = validate_form(json.loads((form_dir / "form.json").read_text(encoding="utf-8")))
    if problems:
        raise ValueError(f"{form_dir.name}: " + "; ".join(problems))
    path = fixture_path(form_dir)
    for stale in (form_dir / "form.docx", form_dir / "form.xlsx"):
        if stale != path and stale.exists():
            stale.unlink()
    if path.suffix == ".docx":
        write_docx(form, path)
    else:
        write_xlsx(form, path)
    return path


def check(form_dir: Path) -> list[str]:
    """Differences between a form's fixture and its form.json (empty when up to date)."""
    try:
        form = load_form(form_dir)
        path = fixture_path(form_dir)
    except (OSError, ValueError, KeyError) as exc:
        return [f"{form_dir.name}: {exc}"]
    if not path.is_file():
        return [f"{form_dir.name}: {path.name} missing (run tests/zoo/build.py {form_dir.name})"]
    try:
        if path.suffix == ".docx":
            got = read_docx(path)
            if got == form:
                return []
            return [f"{form_dir.name}: {path.name} differs from form.json: {_diff(form, got)}"]
        want = xlsx_layout(form)
        got_x = read_xlsx(path)
        if got_x == want:
            return []
        return [f"{form_dir.name}: {path.name} differs from form.json: {_diff(want, got_x)}"]
    except Exception as exc:  # a broken fixture is a failed check, whatever the library raises
        return [f"{form_dir.name}: cannot read {path.name}: {type(exc).__name__}: {exc}"]


def _diff(want: object, got: object) -> str:
    """A short description of the first difference between two nested structures."""
    if isinstance(want, dict) and isinstance(got, dict):
        for key in list(want) + [k for k in got if k not in want]:
            if want.get(key) != got.get(key):
                return f"[{key!r}] " + _diff(want.get(key), got.get(key))
    if isinstance(want, list | tuple) and isinstance(got, list | tuple):
        for i, (a, b) in enumerate(zip(want, got, strict=False)):
            if a != b:
                return f"[{i}] " + _diff(a, b)
        if len(want) != len(got):
            return f"length {len(want)} != {len(got)}"
    return f"{want!r} != {got!r}"[:300]


def form_dirs(names: Iterable[str] = ()) -> list[Path]:
    """Form folders: the named ones (ids or paths), else every folder under tests/zoo/forms."""
    names = list(names)
    if not names:
        return sorted(p for p in FORMS.iterdir() if p.is_dir()) if FORMS.is_dir() else []
    out = []
    for name in names:
        path = Path(name)
        out.append(path if path.is_dir() else FORMS / name)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("forms", nargs="*", help="form ids or folders (default: all)")
    parser.add_argument("--check", action="store_true", help="verify instead of building")
    args = parser.parse_args(argv)
    dirs = form_dirs(args.forms)
    if args.check:
        problems = [p for d in dirs for p in check(d)]
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"checked {len(dirs)} forms: {len(problems)} out of date or broken")
        return 1 if problems else 0
    failed = 0
    for form_dir in dirs:
        try:
            path = build(form_dir)
        except (OSError, ValueError, KeyError) as exc:
            print(f"FAILED {form_dir.name}: {exc}", file=sys.stderr)
            failed += 1
            continue
        print(f"built {path}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
