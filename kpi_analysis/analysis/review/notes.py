"""Review findings carried to the indicator rows they are about (自评表 notes, chart data).

The review (:func:`kpi_analysis.analysis.review.review_dataset`) reports problems of the
*target* documents, such as an indicator whose name says 47 while its value says 62. The same
indicator then appears in the year-end tables (scores, completion, progress, pacing). These
pure functions put the findings beside those rows:

* :func:`indicator_review_notes` — one row per target indicator that has findings of the
  chosen severities, with a Chinese ``review_note``;
* :func:`with_review_notes` — any per-indicator frame (``project`` + indicator name, optionally
  a year) with a ``review_note`` column added (``<NA>`` where nothing was found);
* :func:`reason_with_review` — the text of a 自评表's 偏差原因分析 cell with the note appended.

>>> note_text({"rule": "R8", "rule_name": "名称数字不符", "severity": "error",
...            "message": "项目1「甲」2021年度产出指标/数量指标 指标1「乙」：名称写明47家。"})
'【审核错误 R8 名称数字不符】名称写明47家。'
>>> reason_with_review("", "【审核错误 R8】名称写明47家。")
'【审核错误 R8】名称写明47家。'
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from kpi_analysis.analysis.compare import document_of, name_key
from kpi_analysis.analysis.review.rules import present, text
from kpi_analysis.tables.year_targets import project_key

__all__ = [
    "NOTE_COLUMN",
    "indicator_review_notes",
    "note_mark",
    "note_text",
    "reason_with_review",
    "with_review_notes",
]

NOTE_COLUMN = "review_note"
SEVERITY_WORDS = {"error": "审核错误", "warning": "审核警告", "info": "审核提示"}
_LABEL_RE = re.compile(r"^项目\d+「[^」]*」.*?」：")
_ROW_RE = re.compile(r"table=(\d+),row=(\d+)")
_COL_RE = re.compile(r"col=(\d+)")
_NOTE_RULE_RE = re.compile(r"【(审核错误|审核警告|审核提示|审核) (R\d+)")


def note_text(finding: dict | pd.Series) -> str:
    """One finding as a short note: ``【审核错误 R8 规则名】`` and the message without its label."""
    message = text(finding["message"])
    detail = _LABEL_RE.sub("", message, count=1) or message
    word = SEVERITY_WORDS.get(text(finding["severity"]), "审核")
    return f"【{word} {text(finding['rule'])} {text(finding['rule_name'])}】{detail}"


def note_mark(note: object) -> str:
    """A short mark for charts: the severity word and rule ids of a ``review_note``
    (empty when there is no note).

    >>> note_mark("【审核错误 R8 名称数字不符】名称写明47家。；【审核错误 R3 x】y")
    '【审核错误 R8、R3】'
    >>> note_mark(None)
    ''
    """
    found = _NOTE_RULE_RE.findall(text(note)) if present(note) else []
    if not found:
        return ""
    rules = "、".join(dict.fromkeys(rule for _, rule in found))
    return f"【{found[0][0]} {rules}】"


def _row_key(source: object) -> tuple[str, str, int] | None:
    """(document, 'table=…,row=…', column) of a source address, or None."""
    if not present(source):
        return None
    found = _ROW_RE.search(str(source))
    if not found:
        return None
    col = _COL_RE.search(str(source))
    document = str(document_of(pd.Series([str(source)])).iloc[0])
    return document, found.group(0), int(col.group(1)) if col else 0


def _indicator_at(rows: dict[tuple[str, str], list[tuple[int, int]]], source: object) -> int | None:
    """The indicator row a finding's cell is in: same document and table row, and of the
    indicators on that row (mid-term and annual side by side) the one whose cell is the
    nearest at or left of the cited column."""
    key = _row_key(source)
    if key is None:
        return None
    document, row, col = key
    candidates = sorted(rows.get((document, row), []))
    left = [idx for c, idx in candidates if c <= col]
    if left:
        return left[-1]
    return candidates[0][1] if candidates else None


def indicator_review_notes(
    findings: pd.DataFrame,
    indicators: pd.DataFrame,
    severities: Sequence[str] = ("error",),
) -> pd.DataFrame:
    """The target indicators with findings of ``severities``; one row per indicator row.

    Columns: ``project``, ``period``, ``year_start``, ``year_end``, ``indicator``, ``source``
    (the indicator's cell) and ``review_note`` (the notes of its findings, joined by ``；``).
    A finding is tied to the indicator row whose cell it cites (same table row of the same
    document); findings about a whole project (no indicator) are not carried.
    """
    columns = ["project", "period", "year_start", "year_end", "indicator", "source", NOTE_COLUMN]
    chosen = findings[findings["severity"].isin(list(severities)).fillna(False).astype(bool)]
    chosen = chosen[chosen["indicator"].notna()]
    if chosen.empty or indicators.empty:
        return pd.DataFrame(columns=columns)
    rows: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for idx, source in indicators["source"].items():
        key = _row_key(source)
        if key is not None:
            rows.setdefault(key[:2], []).append((key[2], idx))
    notes: dict[int, list[str]] = {}
    for finding in chosen.to_dict("records"):
        idx = _indicator_at(rows, finding["source"])
        if idx is None:
            continue
        note = note_text(finding)
        if note not in notes.setdefault(idx, []):
            notes[idx].append(note)
    records = [
        {
            **{name: indicators.at[idx, name] for name in columns[:-1]},
            NOTE_COLUMN: "；".join(texts),
        }
        for idx, texts in notes.items()
    ]
    return pd.DataFrame.from_records(records, columns=columns)


def with_review_notes(
    frame: pd.DataFrame,
    findings: pd.DataFrame,
    indicators: pd.DataFrame,
    *,
    indicator_columns: Sequence[str] = ("indicator",),
    year_column: str | None = "year",
    severities: Sequence[str] = ("error",),
) -> pd.DataFrame:
    """A copy of ``frame`` with a ``review_note`` column (``string``; NA where none applies).

    ``frame`` has one row per indicator (scores, completion, progress, pacing …) with a
    ``project`` column, the indicator name in ``indicator_columns`` (any of them; for a
    pacing or comparison table ``("indicator_annual", "indicator_mid")``) and, when
    ``year_column`` is given and present, the year: a note applies to the years its target
    covers (an annual target its year, a mid-term target its period).

    >>> findings = pd.DataFrame({"rule": ["R8"], "rule_name": ["名称数字不符"],
    ...     "severity": ["error"], "indicator": ["审核47家"],
    ...     "source": ["a.txt#table=1,row=13,col=8"], "message": ["名称写明47家。"]})
    >>> indicators = pd.DataFrame({"project": ["甲"], "period": ["annual"],
    ...     "year_start": [2021], "year_end": [2021], "indicator": ["审核47家"],
    ...     "source": ["a.txt#table=1,row=13,col=8"]})
    >>> scores = pd.DataFrame({"project": ["甲", "甲"], "year": [2021, 2022],
    ...     "indicator": ["审核47家", "审核47家"]})
    >>> with_review_notes(scores, findings, indicators)["review_note"].tolist()
    ['【审核错误 R8 名称数字不符】名称写明47家。', <NA>]
    """
    notes = indicator_review_notes(findings, indicators, severities)
    by_name: dict[tuple[str, str], list[tuple[object, object, str]]] = {}
    for row in notes.to_dict("records"):
        key = (project_key(row["project"]), name_key(row["indicator"]))
        by_name.setdefault(key, []).append((row["year_start"], row["year_end"], row[NOTE_COLUMN]))
    use_year = year_column is not None and year_column in frame.columns
    values: list[object] = []
    for row in frame.to_dict("records"):
        project = project_key(text(row.get("project")))
        names = dict.fromkeys(
            name_key(row[c]) for c in indicator_columns if c in row and present(row[c])
        )
        found = [note for name in names for note in by_name.get((project, name), [])]
        year = row.get(year_column) if use_year and year_column else None
        texts = [
            note
            for start, end, note in found
            if not present(year)
            or not (present(start) and present(end))
            or int(start) <= int(year) <= int(end)
        ]
        values.append("；".join(dict.fromkeys(texts)) if texts else pd.NA)
    return frame.assign(**{NOTE_COLUMN: pd.array(values, dtype="string")})


def reason_with_review(reason: object, note: object) -> str:
    """The 偏差原因分析 text of a 自评表 row with the review note appended (either may be empty)."""
    parts = [text(reason).strip(), text(note).strip()]
    return "\n".join(part for part in parts if part)
