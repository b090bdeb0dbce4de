"""Perturbation benchmark: do the readers keep the facts of a dev form decorated differently?

Real publishers decorate the same form in their own way: spaces or line breaks inside labels,
annotations (（万元）（必填）★ *), numbering (一、（一）1. ①), traditional characters, another
column order. This script takes every **dev** form of the zoo (tests/zoo/forms/d*; holdout forms
are never read), writes perturbed copies of its ``form.json`` into a temporary folder with
``tests/zoo/build.py``'s writers, reads them with ``tests/zoo/facts.py``'s comparison (the one
``benchmarks/fidelity.py`` uses) and prints, per perturbation kind, the facts matched on the
original and on the perturbed copies, the forms that lost facts, and a summary line::

    perturb_retained=0.9876

the share of the facts matched on the originals that are still matched on the copies (over
every kind, the ``all`` variant included).

Only **label cells** are perturbed, never text that bears a fact (:func:`label_cells`): a
table cell whose normalised text is ≤ :data:`MAX_LABEL` characters, holds a letter, is not a
number / amount / percentage / date / quantity (28种, 不少于6 种, 3年), is not part of any
expected fact string (project, department, goals, indicator names, targets …) and contains
none of them. Kinds:

* ``spaces``: a space, a line break or a full-width space inside each label;
* ``annotations``: a trailing unit in the form's own unit (（万元）, （单位：万元）; only on
  labels of rows printing amounts), （必填）, ``*``, a leading ★ ``*`` ◆ ●, a trailing colon;
* ``numbering``: 一、 （一） 1. ① 1、 (1) 1） 一） Ⅰ、 before the field and header labels
  (never in a column of indicator names, never on a class name);
* ``traditional``: the whole form in traditional characters (OpenCC ``s2t``);
* ``columns``: two adjacent value columns of an indicator header (right of the indicator
  names) swapped with their body cells, when the header is one row and no merged region
  touches the swapped cells;
* ``all``: every applicable kind at once.

Structural kinds (``--kinds structural``, not in the default run; summary line
``perturb_structural_retained=``): ``unmerged-repeat`` / ``unmerged-first`` (merged regions
unmerged, text repeated in every covered cell / kept in the top-left one), ``page-split``
(the longest indicator block cut into a second table, with and without the header repeated:
two copies), ``blank-column`` (an empty right column, an empty row in the field block),
``trailing-notes`` (a 注：… paragraph and a 填报人 / 联系电话 row after the form).

``--rounds N`` makes N copies per kind, each giving every label another decoration (9 rounds
try every style on every label, ~7 minutes; 1 round, the default, ~1 minute). ``--missed`` lists
the facts each copy lost; ``--kinds`` (also ``spaces+numbering``) and form ids narrow the run.
Exit status 0 always (a measurement).
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "zoo"))

import build  # noqa: E402  (tests/zoo/build.py)
import facts  # noqa: E402  (tests/zoo/facts.py)

from kpi_analysis.text.vocabulary import LEVEL1_CANONICAL, LEVEL2_CANONICAL  # noqa: E402

#: Longest label (normalised characters) that is perturbed.
MAX_LABEL = 20
#: Facts shorter than this are too common to protect by containment (是, 好).
MIN_FACT = 2
KINDS = ("spaces", "annotations", "numbering", "traditional", "columns")
_NUMERIC = re.compile(
    r"^[-+−]?[\d,，.．]+(?:%|％|万元|元|亿元|千元|分)?$"  # 1,234.5  95%  12万元
    r"|^\d{4}[-/.年]\d{1,2}(?:[-/.月]\d{1,2}日?)?$"  # 2023-06-30, 2023年6月
    r"|^\d{4}年?$"
)
_LETTER = re.compile(r"[A-Za-z\u3400-\u9fff]")
#: A cell stating the unit amounts are printed in (金额单位：元, 万元): it bears the amounts'
#: scale, so it is never decorated.
_UNIT_STATEMENT = re.compile(r"单位.*元|^[(（]?(?:万元|元|千元|亿元)[)）]?$")
#: A cell printing an amount, a share, a decimal or a long number inside its text
#: (总额10606.75万元, 5.8万, 联系电话 1588…): it bears a value.
_HOLDS_VALUE = re.compile(r"\d(?:万|元|%)|\d[.．]\d|\d{3,}")
#: A cell printing a quantity: a number with a short unit, after a comparator or not (28种,
#: 不少于6 种, 3年, ≥95分): the value of a row (an indicator row printed without its name,
#: a 实施期), never a label.
_QUANTITY = re.compile(
    r"^(?:[≥≤><=＞＜]=?|不[少低高大小超]于|大于|小于|高于|低于|达到|超过|约)?"
    r"\d+(?:[.．]\d+)?[A-Za-z\u3400-\u9fff]{1,3}$"
)
_AMOUNT = re.compile(r"^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^[-+]?\d+(?:\.\d+)?$")

#: The canonical indicator classes (tests/zoo/README.md): class names bear the level facts.
CLASS_NAMES = (*LEVEL1_CANONICAL, *LEVEL2_CANONICAL)
Cell = tuple[int, int, int]  # table, row, column


# --------------------------------------------------------------------------- what is a label
def fact_strings(expected: dict) -> list[str]:
    """Every text of the expected facts, normalised (:func:`facts.norm`)."""
    out: set[str] = set()
    for table in ("projects", "funding", "goals", "indicators"):
        for record in expected.get(table, []):
            for value in record.values():
                if isinstance(value, str) and facts.norm(value):
                    out.add(facts.norm(value))
    return sorted(out)


def _indicator_names(expected: dict) -> list[str]:
    return sorted({facts.norm(r["indicator"]) for r in expected.get("indicators", [])} - {""})


def _class_names(expected: dict) -> list[str]:
    names = {
        facts.norm(r.get(k)) for r in expected.get("indicators", []) for k in ("level1", "level2")
    }
    return sorted(names - {""})


def is_label_text(text: str, fact_texts: Iterable[str]) -> bool:
    """A label candidate: short, has a letter, not a number/date, no part of a fact and
    holding no fact."""
    key = facts.norm(text)
    if not key or len(key) > MAX_LABEL or not _LETTER.search(key) or _NUMERIC.match(key):
        return False
    if _UNIT_STATEMENT.search(key) or _HOLDS_VALUE.search(key) or _QUANTITY.match(key):
        return False
    if any(name in key for name in CLASS_NAMES):
        return False  # a class of the indicator taxonomy, printed with or without rows
    return not any(key in fact or (len(fact) >= MIN_FACT and fact in key) for fact in fact_texts)


def label_cells(form: dict, expected: dict) -> set[Cell]:
    """The table cells of ``form`` (normalised form.json) that are label candidates: label
    texts outside the rows printing an indicator name (whose other cells are the row's
    values: 指标性质, comparator, unit, weight)."""
    fact_texts = fact_strings(expected)
    name_rows = _name_rows(form, expected)
    return {
        (t, r, c)
        for t, table in enumerate(form["tables"])
        for r, row in enumerate(table["rows"])
        if r not in name_rows.get(t, {})
        for c, text in enumerate(row)
        if is_label_text(text, fact_texts)
    }


def _name_column(row: list[str], names: list[str]) -> int | None:
    """The column of ``row`` printing an indicator name: the cell equal to one, else a cell
    holding one with a short prefix or suffix (指标1：…)."""
    keys = [facts.norm(text) for text in row]
    for c, key in enumerate(keys):
        if key and key in names:
            return c
    for c, key in enumerate(keys):
        if key and any(n in key and len(key) <= len(n) + 6 for n in names):
            return c
    return None


def _name_rows(form: dict, expected: dict) -> dict[int, dict[int, int]]:
    """Per table, the rows printing an indicator name → the column it sits in."""
    names = _indicator_names(expected)
    out: dict[int, dict[int, int]] = {}
    for t, table in enumerate(form["tables"]):
        for r, row in enumerate(table["rows"]):
            c = _name_column(row, names)
            if c is not None:
                out.setdefault(t, {})[r] = c
    return out


# --------------------------------------------------------------------------- perturbations
@dataclass
class Context:
    """What the perturbations know of one form."""

    expected: dict
    labels: set[Cell]
    name_rows: dict[int, dict[int, int]]
    unit: str | None  # the unit amounts are printed in: "万元", "元" or None
    classes: list[str] = field(default_factory=list)
    round: int = 0  # shifts which decoration each label gets (see ``--rounds``)


def _edit_labels(form: dict, cells: Iterable[Cell], edit: Callable[[str, int], str]) -> dict:
    out = copy.deepcopy(form)
    for i, (t, r, c) in enumerate(sorted(cells)):
        row = out["tables"][t]["rows"][r]
        row[c] = edit(row[c], i)
    return out


_CJK = re.compile(r"[\u3400-\u9fff]")


def split_at(text: str) -> int | None:
    """Where a label is cut for a space: between two CJK characters, nearest its middle
    (never inside a number or a bracket); None when there is no such place."""
    places = [i for i in range(1, len(text)) if _CJK.match(text[i - 1]) and _CJK.match(text[i])]
    return min(places, key=lambda i: abs(2 * i - len(text))) if places else None


def perturb_spaces(form: dict, ctx: Context) -> dict | None:
    """A space, a line break or a full-width space in the middle of every label (cycling)."""
    marks = (" ", "\n", "\u3000", "  ", None)  # None: a space between every character

    def edit(text: str, i: int) -> str:
        stripped = text.strip()
        at = split_at(stripped)
        if at is None:
            return text
        mark = marks[(i + ctx.round) % len(marks)]
        if mark is None:
            return re.sub(r"(?<=[\u3400-\u9fff])(?=[\u3400-\u9fff])", " ", stripped)
        return stripped[:at] + mark + stripped[at:]

    return _edit_labels(form, ctx.labels, edit)


def _printed_amount(text: str, expected: dict, unit: str | None) -> bool:
    """The cell prints one of the form's expected amounts (in the form's unit)."""
    key = facts.norm(text).replace(",", "")
    if not unit or not _AMOUNT.match(key):
        return False
    scale = 10000 if unit == "元" else 1
    value = float(key)
    return any(
        abs(value - float(a) * scale) <= facts.TOLERANCE * scale
        for a in expected.get("amounts_printed_wan", [])
    )


def _amount_rows(form: dict, ctx: Context) -> set[tuple[int, int]]:
    """Rows printing one of the form's amounts: where a unit annotation is at home."""
    return {
        (t, r)
        for t, table in enumerate(form["tables"])
        for r, row in enumerate(table["rows"])
        if any(_printed_amount(c, ctx.expected, ctx.unit) for c in row)
    }


def perturb_annotations(form: dict, ctx: Context) -> dict | None:
    """Annotations on every label (cycling): the form's unit on labels of amount rows,
    （必填）, a trailing ``*``, a leading ★ ``*`` ◆ ●, a trailing colon."""
    amount_rows = _amount_rows(form, ctx)
    units = {"万元": ("（万元）", "（单位：万元）"), "元": ("(元)", "（单位：元）")}.get(
        ctx.unit or ""
    )
    plain = (
        lambda s: s + "（必填）",
        lambda s: s + "*",
        lambda s: "★" + s,
        lambda s: "*" + s,
        lambda s: "◆" + s,
        lambda s: "●" + s,
        lambda s: s if s.endswith(("：", ":")) else s + "：",
        lambda s: s if s.endswith(("：", ":")) else s + ":",
    )
    cells = sorted(ctx.labels)
    out = copy.deepcopy(form)
    for i, (t, r, c) in enumerate(cells):
        row = out["tables"][t]["rows"][r]
        k = i + ctx.round
        if units and (t, r) in amount_rows and k % 2 == 0:
            row[c] = row[c] + units[(k // 2) % len(units)]
        else:
            row[c] = plain[k % len(plain)](row[c])
    return out


_CHINESE_NUMBERS = "一二三四五六七八九十"
_ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ"


def _numbering(i: int, round_: int = 0) -> str:
    """The ``i``-th label's number, in a style cycling with ``i`` and the round."""
    n = i % 10
    styles = (
        f"{_CHINESE_NUMBERS[n]}、",
        f"（{_CHINESE_NUMBERS[n]}）",
        f"{n + 1}.",
        chr(ord("①") + n),
        f"{n + 1}、",
        f"({n + 1})",
        f"{n + 1}）",
        f"{_CHINESE_NUMBERS[n]}）",
        f"{_ROMAN[n]}、",
    )
    return styles[(i // 10 + i + round_) % len(styles)]


def perturb_numbering(form: dict, ctx: Context) -> dict | None:
    """A numbering prefix on field and header labels: never in a column of indicator names
    below their first row (unexpected template names too), never on a class name."""
    name_columns = {t: (min(rows), set(rows.values())) for t, rows in ctx.name_rows.items() if rows}
    cells = [
        (t, r, c)
        for (t, r, c) in ctx.labels
        if not (t in name_columns and r >= name_columns[t][0] and c in name_columns[t][1])
        and not any(k in facts.norm(form["tables"][t]["rows"][r][c]) for k in ctx.classes)
    ]
    if not cells:
        return None
    return _edit_labels(form, cells, lambda text, i: _numbering(i, ctx.round) + text.strip())


def perturb_traditional(form: dict, ctx: Context) -> dict | None:
    """The whole form (paragraphs and cells) in traditional characters (OpenCC s2t)."""
    import opencc

    convert = opencc.OpenCC("s2t").convert
    out = copy.deepcopy(form)
    out["paragraphs_before"] = [convert(p) for p in out["paragraphs_before"]]
    for table in out["tables"]:
        table["rows"] = [[convert(c) for c in row] for row in table["rows"]]
        table["paragraphs_after"] = [convert(p) for p in table["paragraphs_after"]]
    return out


def _touched_by_merge(table: dict, rows: range, cols: tuple[int, int]) -> bool:
    for top, left, bottom, right in table["merges"]:
        if top <= rows.stop - 1 and bottom >= rows.start and left <= cols[1] and right >= cols[0]:
            return True
    return False


def _blocks(t: int, name_rows: dict[int, int], labels: set[Cell]) -> list[tuple[int, int, int]]:
    """Indicator blocks of table ``t``: (first row, last row, name column). Rows between two
    indicator rows (class rows, placeholders) stay in the block unless one of them prints a
    label right of the names (a new header)."""
    out: list[list[int]] = []
    for r in sorted(name_rows):
        col = name_rows[r]
        if out and col == out[-1][2]:
            between = range(out[-1][1] + 1, r)
            if not any(lt == t and lr in between and lc > col for lt, lr, lc in labels):
                out[-1][1] = r
                continue
        out.append([r, r, col])
    return [(a, b, c) for a, b, c in out]


def swappable_columns(form: dict, ctx: Context) -> list[tuple[int, int, int, int]]:
    """(table, header row, last body row, left column) of each indicator block whose header
    (the row above its first indicator) has two adjacent labelled value columns right of the
    names that no merged region touches from the header to the block's end, and whose row
    above prints nothing over them (the header is one row there)."""
    out = []
    for t, name_rows in ctx.name_rows.items():
        table = form["tables"][t]
        width = len(table["rows"][0])
        for first, last, name_col in _blocks(t, name_rows, ctx.labels):
            header = first - 1
            if header < 0:
                continue
            for c in range(name_col + 1, width - 1):
                if not all((t, header, k) in ctx.labels for k in (c, c + 1)):
                    continue
                if _touched_by_merge(table, range(header, last + 1), (c, c + 1)):
                    continue
                above = table["rows"][header - 1] if header else None
                if above and (above[c] or above[c + 1]):
                    continue  # the row above labels these columns apart: a two-row header
                out.append((t, header, last, c))
                break
    return out


def perturb_columns(form: dict, ctx: Context) -> dict | None:
    """Swap two adjacent value columns of each indicator block (header and body cells)."""
    spots = swappable_columns(form, ctx)
    if not spots:
        return None
    out = copy.deepcopy(form)
    for t, header, last, c in spots:
        rows = out["tables"][t]["rows"]
        for r in range(header, last + 1):
            rows[r][c], rows[r][c + 1] = rows[r][c + 1], rows[r][c]
    return out


PERTURBATIONS: dict[str, Callable[[dict, Context], dict | None]] = {
    "spaces": perturb_spaces,
    "annotations": perturb_annotations,
    "numbering": perturb_numbering,
    "traditional": perturb_traditional,
    "columns": perturb_columns,
}


#: The order in which :func:`perturb_chain` applies kinds: columns first (on the labels as
#: printed), then spaces inside the labels, the decorations around them, and the script.
CHAIN_ORDER = ("columns", "spaces", "annotations", "numbering", "traditional")


def perturb_chain(form: dict, ctx: Context, kinds: Iterable[str]) -> dict | None:
    """Several kinds at once (in :data:`CHAIN_ORDER`); None when none applies."""
    wanted = set(kinds)
    out = form
    changed = False
    for kind in CHAIN_ORDER:
        if kind not in wanted:
            continue
        step = PERTURBATIONS[kind](out, ctx)
        if step is not None:
            out, changed = step, True
            if kind == "columns":  # the label cells moved with their columns
                ctx = _context(out, ctx.expected, ctx.round)
    return out if changed else None


def make_variant(form: dict, ctx: Context, kind: str) -> dict | None:
    """The copy of one kind: a name of :data:`KINDS`, ``all``, or kinds joined by ``+``."""
    if kind == "all":
        return perturb_chain(form, ctx, KINDS)
    if "+" in kind:
        return perturb_chain(form, ctx, kind.split("+"))
    return PERTURBATIONS[kind](form, ctx)


# --------------------------------------------------------------------------- structural kinds
# How real exports vary the *structure* of a form without changing what it says: merged
# regions unmerged (text repeated in every covered cell, or kept in the top-left cell only),
# a page break splitting the indicator table (with or without the header repeated), an empty
# column or row, notes and a signature row after the form. Each function returns the copies
# of its kind (a list: page-split makes two); the copies are numbered like rounds.
STRUCTURAL_KINDS = (
    "unmerged-repeat",
    "unmerged-first",
    "page-split",
    "blank-column",
    "trailing-notes",
)
#: A note and a signature line as published forms print them after the table (no amount, no
#: unit, no project wording: they bear no fact).
NOTE = "注：1.本表由项目实施单位填报，主管部门审核；2.绩效指标应细化、量化，便于考核。"
SIGNER = "填报人：王丽"
PHONE = "联系电话：0833-3721568"


def _unmerged(form: dict, repeat: bool) -> list[dict]:
    if not any(table["merges"] for table in form["tables"]):
        return []
    out = copy.deepcopy(form)
    for table in out["tables"]:
        rows = table["rows"]
        for top, left, bottom, right in table["merges"] if repeat else ():
            for r in range(top, bottom + 1):
                for c in range(left, right + 1):
                    rows[r][c] = rows[top][left]
        table["merges"] = []
    return [out]


def perturb_unmerged_repeat(form: dict, ctx: Context) -> list[dict]:
    """Every merged region unmerged, its text repeated in each cell it covered."""
    return _unmerged(form, repeat=True)


def perturb_unmerged_first(form: dict, ctx: Context) -> list[dict]:
    """Every merged region unmerged, its text left in its top-left cell only."""
    return _unmerged(form, repeat=False)


def _header_start(table: dict, first: int) -> int:
    """The first row of the header above an indicator block starting at ``first``: the row
    above it, extended up over merged regions that end in it (a two-row header)."""
    start = first - 1
    for top, _, bottom, _ in table["merges"]:
        if top < start <= bottom < first:
            start = top
    return start


def _slice_merges(merges: list[list[int]], rows: range, shift: int) -> list[list[int]]:
    """The parts of ``merges`` inside ``rows``, moved by ``shift`` rows; single cells dropped."""
    out = []
    for top, left, bottom, right in merges:
        top, bottom = max(top, rows.start), min(bottom, rows.stop - 1)
        if top <= bottom and (top, left) != (bottom, right):
            out.append([top + shift, left, bottom + shift, right])
    return out


def split_point(form: dict, ctx: Context) -> tuple[int, int, int] | None:
    """(table, first header row, split row) of the longest indicator block with two rows or
    more printing an indicator name: the split row is its middle name row."""
    best: tuple[int, int, int, int] | None = None
    for t, name_rows in ctx.name_rows.items():
        table = form["tables"][t]
        for first, last, _ in _blocks(t, name_rows, ctx.labels):
            names = sorted(r for r in name_rows if first <= r <= last)
            if len(names) < 2 or first < 1:
                continue
            header = _header_start(table, first)
            if not any((t, header, c) in ctx.labels for c in range(len(table["rows"][header]))):
                continue  # no header row to repeat
            if best is None or len(names) > best[0]:
                best = (len(names), t, header, names[len(names) // 2])
    return best[1:] if best else None


def perturb_page_split(form: dict, ctx: Context) -> list[dict]:
    """The indicator table cut at a row inside its longest indicator block (a page break),
    the rest a second table: once with the header rows repeated at its top, once without.
    Merged regions crossing the cut are cut too (their text stays on the first page)."""
    point = split_point(form, ctx)
    if point is None:
        return []
    t, header, cut = point
    out = []
    for repeat in (True, False):
        layout = copy.deepcopy(form)
        table = layout["tables"][t]
        rows, merges = table["rows"], table["merges"]
        head = [list(r) for r in rows[header:cut]] if repeat else []
        first = {
            "rows": rows[:cut],
            "merges": _slice_merges(merges, range(0, cut), 0),
            "paragraphs_after": [],
        }
        rest = range(cut, len(rows))
        second = {
            "rows": head + rows[cut:],
            "merges": [],
            "paragraphs_after": table["paragraphs_after"],
        }
        if repeat:  # the header's own merged regions are repeated with it
            second["merges"] = [
                [top - header, left, bottom - header, right]
                for top, left, bottom, right in merges
                if header <= top and bottom < cut
            ]
            # a region reaching into the header from above or below is not repeated: its
            # text stays where it was printed, the header copy keeps what is printed there
            for top, left, bottom, right in merges:
                if not (header <= top and bottom < cut):
                    for r in range(max(top, header), min(bottom, cut - 1) + 1):
                        for c in range(left, right + 1):
                            if (r, c) != (top, left):
                                second["rows"][r - header][c] = ""
        second["merges"] += _slice_merges(merges, rest, len(head) - cut)
        layout["tables"][t : t + 1] = [first, second]
        out.append(layout)
    return out


def _field_rows(form: dict, ctx: Context) -> tuple[int, int] | None:
    """(table, row) where an empty row goes inside the field block: the middle of the rows of
    the first table above its first indicator header (all its rows when it has none)."""
    table = form["tables"][0]
    names = sorted(ctx.name_rows.get(0, {}))
    end = _header_start(table, names[0]) if names else len(table["rows"])
    if end < 2:
        return None
    return 0, max(1, end // 2)


def perturb_blank_column(form: dict, ctx: Context) -> list[dict]:
    """An empty column at the right edge of every table, and an empty row inside the field
    block (merged regions crossing it grow over it)."""
    layout = copy.deepcopy(form)
    for table in layout["tables"]:
        for row in table["rows"]:
            row.append("")
    spot = _field_rows(form, ctx)
    if spot is not None:
        t, at = spot
        table = layout["tables"][t]
        table["rows"].insert(at, [""] * len(table["rows"][0]))
        table["merges"] = [
            [top + (top >= at), left, bottom + (bottom >= at), right]
            for top, left, bottom, right in table["merges"]
        ]
    return [layout]


def perturb_trailing_notes(form: dict, ctx: Context) -> list[dict]:
    """A 注：… paragraph and a signature row (填报人：… 联系电话：…) after the form: the row
    ends the last table (its halves merged), the note follows it."""
    layout = copy.deepcopy(form)
    table = layout["tables"][-1]
    width = len(table["rows"][0])
    half = max(1, width // 2)
    row = [""] * width
    row[0] = SIGNER
    if width > 1:
        row[half] = PHONE
    else:
        row[0] = f"{SIGNER}    {PHONE}"
    r = len(table["rows"])
    table["rows"].append(row)
    for left, right in ((0, half - 1), (half, width - 1)):
        if right > left:
            table["merges"].append([r, left, r, right])
    table["paragraphs_after"] = [*table["paragraphs_after"], NOTE]
    return [layout]


STRUCTURAL: dict[str, Callable[[dict, Context], list[dict]]] = {
    "unmerged-repeat": perturb_unmerged_repeat,
    "unmerged-first": perturb_unmerged_first,
    "page-split": perturb_page_split,
    "blank-column": perturb_blank_column,
    "trailing-notes": perturb_trailing_notes,
}


# --------------------------------------------------------------------------- running
def _form_unit(form: dict, expected: dict) -> str | None:
    """万元 when the table prints the expected amounts as they are, 元 when ×10000."""
    printed = [float(a) for a in expected.get("amounts_printed_wan", [])]
    if not printed:
        return None
    votes: Counter[str] = Counter()
    for table in form["tables"]:
        for row in table["rows"]:
            for text in row:
                key = facts.norm(text).replace(",", "")
                if not _AMOUNT.match(key):
                    continue
                value = float(key)
                if any(abs(value - a) <= facts.TOLERANCE for a in printed):
                    votes["万元"] += 1
                elif any(abs(value - a * 10000) <= 0.5 for a in printed):
                    votes["元"] += 1
    return votes.most_common(1)[0][0] if votes else None


def _context(form: dict, expected: dict, round_: int = 0) -> Context:
    return Context(
        expected=expected,
        labels=label_cells(form, expected),
        name_rows=_name_rows(form, expected),
        unit=_form_unit(form, expected),
        classes=_class_names(expected),
        round=round_,
    )


def variants(
    form: dict, expected: dict, kinds: Iterable[str] = (*KINDS, "all"), rounds: int = 1
) -> list[tuple[str, int, dict]]:
    """The perturbed copies of one normalised form.json: (kind, round, layout). Each round
    gives every label another decoration of its kind; a copy equal to the form or to an
    earlier copy of its kind (a kind that does not apply, or does not vary by round) is
    left out."""
    kinds = list(kinds)
    out: list[tuple[str, int, dict]] = []
    ctx = _context(form, expected)
    for kind in (k for k in kinds if k in STRUCTURAL):  # not varied by round: numbered
        copies = [c for c in STRUCTURAL[kind](form, ctx) if c != form]
        out += [(kind, i, c) for i, c in enumerate(copies)]
    kinds = [k for k in kinds if k not in STRUCTURAL]
    for round_ in range(rounds):
        ctx = _context(form, expected, round_)
        for kind in kinds:
            copy_ = make_variant(form, ctx, kind)
            if copy_ is None or copy_ == form:
                continue
            if any(k == kind and layout == copy_ for k, _, layout in out):
                continue
            out.append((kind, round_, copy_))
    return out


def evaluate_copy(form: facts.Form, layout: dict, folder: Path) -> facts.Result:
    """Write ``layout`` as the form's fixture format into ``folder`` and score it."""
    folder.mkdir(parents=True, exist_ok=True)
    problems = build.validate_form(layout)
    if problems:
        raise ValueError(f"{form.id}: perturbed layout invalid: {problems}")
    target = folder / form.fixture.name
    if target.suffix == ".docx":
        build.write_docx(layout, target)
    else:
        build.write_xlsx(layout, target)
    copy_form = facts.Form(folder, form.meta, form.expected)
    result = facts.evaluate(copy_form)
    return result


def retained(original: facts.Result, perturbed: facts.Result) -> tuple[int, int]:
    """(facts matched on the original still matched on the copy, facts matched on the
    original): missed descriptions compared as multisets."""
    lost = Counter(perturbed.missed) - Counter(original.missed)
    return original.matched - min(original.matched, sum(lost.values())), original.matched


@dataclass
class KindTally:
    """Totals of one perturbation kind."""

    forms: int = 0
    original: int = 0
    perturbed: int = 0
    kept: int = 0
    invented: int = 0
    vanished: int = 0
    losers: list[str] = field(default_factory=list)


def dev_forms(ids: Iterable[str] = ()) -> list[facts.Form]:
    """The dev forms of the zoo (holdout forms are never loaded), optionally only ``ids``."""
    ids = list(ids)
    out = []
    for path in sorted(facts.FORMS.glob("d*")):
        if not (path / "meta.json").is_file():
            continue
        form = facts.load_form(path)
        if form.split != "dev":
            continue
        if ids and form.id not in ids and not any(form.id.startswith(i) for i in ids):
            continue
        out.append(form)
    return out


def run(
    forms: Iterable[facts.Form],
    kinds: Iterable[str] = (*KINDS, "all"),
    on_copy: Callable[[str, facts.Form, facts.Result, facts.Result], None] | None = None,
    rounds: int = 1,
) -> dict[str, KindTally]:
    """Score every perturbed copy of ``forms`` (``rounds`` decorations per label and kind);
    ``on_copy(kind, form, original, copy)`` is called for each copy read."""
    kinds = list(kinds)
    tallies = {kind: KindTally() for kind in kinds}
    with tempfile.TemporaryDirectory(prefix="perturb-") as tmp:
        for form in forms:
            original = facts.evaluate(form)
            layout = build.normalise_form(json.loads((form.path / "form.json").read_text("utf-8")))
            for kind, round_, perturbed in variants(layout, form.expected, kinds, rounds):
                folder = Path(tmp) / form.id / f"{kind}-{round_}"
                result = evaluate_copy(form, perturbed, folder)
                kept, _ = retained(original, result)
                tally = tallies[kind]
                tally.forms += 1
                tally.original += original.matched
                tally.perturbed += result.matched
                tally.kept += kept
                tally.invented += max(0, len(result.invented) - len(original.invented))
                tally.vanished += int(result.vanished and not original.vanished)
                if kept < original.matched:
                    tally.losers.append(f"{form.id[:3]}/{round_}(-{original.matched - kept})")
                if on_copy:
                    on_copy(f"{kind}/{round_}", form, original, result)
    return tallies


def share(tallies: Iterable[KindTally]) -> float | None:
    """Facts matched on the originals still matched on the copies, as a share."""
    tallies = list(tallies)
    original = sum(t.original for t in tallies)
    return sum(t.kept for t in tallies) / original if original else None


def _kind(text: str) -> str:
    if text == "structural" or text in STRUCTURAL:
        return text
    if text != "all" and not all(part in KINDS for part in text.split("+")):
        raise argparse.ArgumentTypeError(f"unknown kind {text!r}")
    return text


def _expand(kinds: Iterable[str]) -> list[str]:
    """``structural`` stands for every structural kind."""
    return [k for kind in kinds for k in (STRUCTURAL_KINDS if kind == "structural" else [kind])]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--kinds",
        nargs="+",
        type=_kind,
        default=[*KINDS, "all"],
        help=f"kinds to run: {', '.join(KINDS)}, all, or kinds joined by + (spaces+numbering); "
        f"structural kinds {', '.join(STRUCTURAL_KINDS)}, or structural for all of them",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="decorations per label and kind (each round gives every label another one)",
    )
    parser.add_argument("--missed", action="store_true", help="list the facts each copy lost")
    parser.add_argument("forms", nargs="*", help="only these dev form ids (or id prefixes)")
    args = parser.parse_args(argv)

    def show(kind: str, form: facts.Form, original: facts.Result, result: facts.Result) -> None:
        lost = Counter(result.missed) - Counter(original.missed)
        if args.missed and (lost or result.error):
            print(
                f"  {kind:<12} {form.id}: lost {sum(lost.values())}"
                + (f"  ERROR {result.error[:100]}" if result.error else "")
            )
            for what in lost.elements():
                print(f"      {what}")

    tallies = run(dev_forms(args.forms), _expand(args.kinds), show, args.rounds)
    print(f"{'kind':<12} forms  original  perturbed  retained  invented vanished  lost facts in")
    for kind, t in tallies.items():
        value = share([t])
        print(
            f"{kind:<12} {t.forms:>5}  {t.original:>8}  {t.perturbed:>9}  "
            f"{(f'{value:.4f}' if value is not None else 'n/a'):>8}  {t.invented:>8} "
            f"{t.vanished:>8}  {' '.join(t.losers) or '-'}"
        )
    every = list(tallies.values())
    print(
        f"{'total':<12} {sum(t.forms for t in every):>5}  {sum(t.original for t in every):>8}  "
        f"{sum(t.perturbed for t in every):>9}"
    )
    label = share(t for k, t in tallies.items() if k not in STRUCTURAL)
    structural = share(t for k, t in tallies.items() if k in STRUCTURAL)
    if label is not None or structural is None:
        print(f"perturb_retained={label:.4f}" if label is not None else "perturb_retained=n/a")
    if structural is not None:
        print(f"perturb_structural_retained={structural:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
