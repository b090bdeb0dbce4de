"""Checking that a dataset read from Word/Excel holds what the text export gives."""

from __future__ import annotations

import pandas as pd

from kpi_analysis.tables.targets import TABLE_NAMES, Dataset


def without_source(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` without its ``source`` column (sources name different cells per format)."""
    return frame.drop(columns=["source"]).reset_index(drop=True)


def assert_same_content(ds: Dataset, expected: Dataset) -> None:
    """Every tidy table equal but for sources; the same cells with the same roles."""
    for name in TABLE_NAMES:
        pd.testing.assert_frame_equal(
            without_source(getattr(ds, name)), without_source(getattr(expected, name))
        )
    roles = ds.cells[["text", "role"]].sort_values(["text", "role"]).reset_index(drop=True)
    wanted = expected.cells[["text", "role"]].sort_values(["text", "role"])
    pd.testing.assert_frame_equal(roles, wanted.reset_index(drop=True))


#: The place a finding about a paragraph names first (``表.docx 第 3 段：``, ``表.pdf 第 2 页第
#: 3 段：``, ``表.xlsx Sheet1!A1：``): like a source, it differs between versions of a form.
PLACE = r"^.+? (?:第 \d+ 页)?第 \d+ 段：|^.+? [^ ]+![A-Z]+\d+："


def _squeezed(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` without sources, with all white space taken out of its ``text`` column
    (and a finding's message without the place it names, see :data:`PLACE`)."""
    frame = without_source(frame) if "source" in frame else frame.reset_index(drop=True)
    if "text" in frame:
        frame = frame.assign(text=frame["text"].astype(str).str.replace(r"\s+", "", regex=True))
    if "message" in frame:
        frame = frame.assign(
            message=frame["message"].astype(str).str.replace(PLACE, "", regex=True)
        )
    return frame


def assert_same_facts(ds: Dataset, expected: Dataset) -> None:
    """Like :func:`assert_same_content` for formats that do not keep a cell's white space
    (web pages collapse it, PDF has no space characters, LibreOffice's .doc pads cells):
    the tidy tables equal but for sources and the white space of quoted cell text.

    Works for target datasets (``load``) and self-evaluations (``load_selfeval``) alike."""
    tables, wanted_tables = ds.tables(), expected.tables()
    assert list(tables) == list(wanted_tables)
    for name, frame in tables.items():
        pd.testing.assert_frame_equal(
            _squeezed(frame), _squeezed(wanted_tables[name]), obj=f"{name} table"
        )
    roles = _squeezed(ds.cells[["text", "role"]]).sort_values(["text", "role"])
    wanted = _squeezed(expected.cells[["text", "role"]]).sort_values(["text", "role"])
    pd.testing.assert_frame_equal(roles.reset_index(drop=True), wanted.reset_index(drop=True))
