"""The tables a batch stores, and the year / department each row is filed under.

Every stored table is the tidy table of :mod:`kpi_analysis.tables.schema` plus three columns:

- ``file``: the input file, as a POSIX path relative to the batch's input folder (the key
  that ``--incremental`` uses); ``source`` names the file the same way (as ``load`` and
  ``extract`` do on a folder), so ``甲/表.docx`` and ``乙/表.docx`` are told apart;
- ``year``: the budget year of the form the row comes from, i.e. the ``year_start`` of the
  form's annual (年度) column. Mid-term (中期) rows go with their form's annual year, so one
  form never spreads over several year partitions: the mid-term 2021–2023 targets printed
  in the 2021 form are in ``year == 2021`` and keep their own ``year_start``/``year_end``.
  A form without an annual column is filed under its mid-term start year; with neither,
  the year is missing;
- ``department``: the form's 主管部门 (already a column of ``projects``, kept as read; in the
  other tables stripped of spaces, an empty name counted as missing).

Findings have no project: they go with the file's most common year and department.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import pandas as pd

from kpi_analysis.tables import schema
from kpi_analysis.tables.schema import INT, STRING, TableSchema
from kpi_analysis.tables.targets import TABLE_NAMES

PARTITION_COLUMNS = ("year", "department")
EXTRA_COLUMNS = (("file", STRING), ("year", INT), ("department", STRING))
YEAR_TABLES = ("funding", "goals", "indicators")


def stored_schema(base: TableSchema) -> TableSchema:
    """``base`` with the ``file``, ``year`` and ``department`` columns appended (once)."""
    extra = tuple((name, dtype) for name, dtype in EXTRA_COLUMNS if name not in base.names)
    return TableSchema(base.name, base.columns + extra, base.key)


STORED: dict[str, TableSchema] = {name: stored_schema(schema.TABLES[name]) for name in TABLE_NAMES}

FAILURES = TableSchema(
    "failures",
    (("file", STRING), ("error_class", STRING), ("message", STRING)),
    key=("file",),
)

ALL_TABLES: dict[str, TableSchema] = {**STORED, "failures": FAILURES}


def project_partitions(tables: Mapping[str, pd.DataFrame]) -> dict[object, tuple[object, object]]:
    """``project_no`` → (budget year, department) for one file's tables.

    The year is the smallest annual ``year_start`` of the project, else its smallest
    mid-term ``year_start``, else missing.
    """
    annual: dict[object, int] = {}
    mid_term: dict[object, int] = {}
    for name in YEAR_TABLES:
        frame = tables.get(name)
        if frame is None or frame.empty:
            continue
        for number, period, year in zip(
            frame["project_no"].tolist(),
            frame["period"].tolist(),
            frame["year_start"].tolist(),
            strict=True,
        ):
            if pd.isna(year):
                continue
            years = annual if period == "annual" else mid_term
            years[number] = min(years.get(number, year), year)
    out: dict[object, tuple[object, object]] = {}
    projects = tables["projects"]
    for number, department in zip(
        projects["project_no"].tolist(), projects["department"].tolist(), strict=True
    ):
        year = annual.get(number, mid_term.get(number, pd.NA))
        out.setdefault(number, (year, clean_department(department)))
    return out


def clean_department(value: object) -> object:
    """A department name stripped of (full-width) spaces; empty or missing → ``pd.NA``."""
    if value is None or pd.isna(value):
        return pd.NA
    text = str(value).strip()  # str.strip also removes the full-width space U+3000
    return text or pd.NA


def document_partition(partitions: Mapping[object, tuple[object, object]]) -> tuple[object, object]:
    """The most common (year, department) of a file's projects (first one on a tie)."""
    if not partitions:
        return pd.NA, pd.NA
    counts = Counter(partitions.values())
    return counts.most_common(1)[0][0]


def annotate(tables: Mapping[str, pd.DataFrame], file: str) -> dict[str, pd.DataFrame]:
    """The stored form of one file's tidy tables: ``file``, ``year``, ``department`` added.

    Pure: the input frames are not changed (a new frame is returned for each table).
    """
    partitions = project_partitions(tables)
    doc_partition = document_partition(partitions)
    out: dict[str, pd.DataFrame] = {}
    for name in TABLE_NAMES:
        frame = tables[name]
        if "project_no" in frame.columns:
            keys = [partitions.get(n, (pd.NA, pd.NA)) for n in frame["project_no"].tolist()]
        else:
            keys = [doc_partition] * len(frame)
        extra = {
            "file": pd.array([file] * len(frame), dtype=STRING),
            "year": pd.array([k[0] for k in keys], dtype=INT),
        }
        if "department" not in frame.columns:
            extra["department"] = pd.array([k[1] for k in keys], dtype=STRING)
        out[name] = frame.assign(**extra)
    return out


def failure_frame(file: str, error_class: str, message: str) -> pd.DataFrame:
    """A one-row ``failures`` table."""
    row = {"file": file, "error_class": error_class, "message": message}
    return FAILURES.coerce(pd.DataFrame([row], columns=FAILURES.names))
