"""Every non-empty input cell ends up in a tidy table or in the findings."""

from __future__ import annotations

import re

from kpi_analysis import load
from kpi_analysis.forms.fields import parse_attribute
from kpi_analysis.forms.narrative import parse_amount_wan, parse_dates
from kpi_analysis.readers import read_document
from kpi_analysis.readers.grid import Paragraph


def _fold(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_non_empty_cell_is_accounted_for(source_path) -> None:
    doc = read_document(source_path)
    ds = load(source_path)
    accounted = dict(zip(ds.cells["source"], ds.cells["role"], strict=True))
    cells = doc.non_empty_cells()
    assert len(cells) > 400
    missing = [str(c.source) for c in cells if str(c.source) not in accounted]
    assert missing == []
    paragraphs = [b for b in doc.blocks if isinstance(b, Paragraph)]
    assert len(paragraphs) == 37
    assert [str(p.source) for p in paragraphs if str(p.source) not in accounted] == []
    reported = ds.cells.loc[ds.cells.role == "reported", "source"]
    finding_sources = set(ds.findings["source"])
    for source in reported:  # reported alone, or with its whole table
        table = source.split(",row=")[0]
        assert source in finding_sources or table in finding_sources


def test_value_cells_reach_a_tidy_table(source_path) -> None:
    ds = load(source_path)
    tables = [ds.projects, ds.funding, ds.goals, ds.indicators]
    haystack = _fold("\n".join(str(v) for f in tables for v in f.to_numpy().ravel()))
    values = ds.cells[ds.cells.role == "value"]
    dates = set(ds.projects["start"]) | set(ds.projects["end"])
    lost = []
    for source, text in zip(values["source"], values["text"], strict=True):
        if "table=" not in source:  # a narrative paragraph: dates and budgets are parsed
            if parse_dates(text)[0] in dates:
                continue
            if parse_amount_wan(text) in set(ds.projects["annual_budget_wan"]):
                continue
        if parse_attribute(text) is not None or "新增项目" in text:
            continue  # the 项目属性 cell becomes the ticked option (or empty + a finding)
        number = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*", text)
        if number:
            assert float(number.group(1)) in set(ds.funding["amount_wan"])
            continue
        parts = [p for p in re.split(r"目标\d+[：:]|指标\d+[：:]", _fold(text)) if p]
        if not all(part in haystack for part in parts):
            lost.append(text)
    assert lost == []
