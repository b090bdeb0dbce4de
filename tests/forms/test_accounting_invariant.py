"""Accounting with teeth: a cell recorded as a value is in a tidy table; every other
non-empty cell is a label or is in ``findings`` with a reason (the package's accounting
promise, README “只降级、不丢弃”)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import kpi_analysis
from kpi_analysis.forms.fields import ATTRIBUTE_OPTIONS
from kpi_analysis.forms.narrative import parse_amount_wan, parse_dates
from kpi_analysis.text.headwords import parse_amount
from kpi_analysis.text.money import MONEY_UNITS, to_wan
from kpi_analysis.text.vocabulary import fold

ROOT = Path(__file__).resolve().parents[2]
DEV_TARGETS = sorted(
    p / f"form.{fmt}"
    for p in (ROOT / "tests" / "zoo" / "forms").glob("d*-targets")
    for fmt in ("docx", "xlsx")
    if (p / f"form.{fmt}").is_file()
)
FIXTURES = [ROOT / "data" / "raw" / "000_2504e2a5ee8feded.txt", *DEV_TARGETS]
MARK = re.compile(r"目标\d+[:：]|指标\d+[:：.、]?")


def _squash(text: object) -> str:
    return re.sub(r"[\s,，。.;；:：、\"“”]", "", fold(str(text)))


def _line_amount_read(line: str, amounts: list[float]) -> bool:
    """True when the amount after a line's label (``一、预算资金:250``) is in ``amounts``."""
    parsed = parse_amount(re.split(r"[:：]", line)[-1])
    return parsed is not None and any(
        abs(a - to_wan(parsed[0], unit)) < 0.005 for a in amounts for unit in MONEY_UNITS
    )


def check_accounting(ds: kpi_analysis.Dataset) -> list[str]:  # type: ignore[name-defined]
    """Problems with the accounting of ``ds`` (empty when it holds)."""
    problems = []
    tidy = [ds.projects, ds.funding, ds.goals, ds.indicators]
    texts = "\n".join(
        _squash(v)
        for frame in tidy
        for col in frame.columns
        if col != "source"
        for v in frame[col].dropna().tolist()
    )
    amounts = [float(a) for a in ds.funding["amount_wan"].dropna()]
    reported = set(ds.findings["source"])
    dates = set(ds.projects["start"].dropna()) | set(ds.projects["end"].dropna())
    budgets = set(ds.projects["annual_budget_wan"].dropna())
    for source, text, role in ds.cells[["source", "text", "role"]].itertuples(index=False):
        paragraph = "table=" not in source
        if (
            role == "value"
            and paragraph
            and (parse_dates(text)[0] in dates or parse_amount_wan(text) in budgets)
        ):
            continue  # a narrative 起止时间 / 年度预算 parsed into the projects table
        if role == "value":
            parsed = parse_amount(text)
            if parsed is not None and any(
                abs(a - to_wan(parsed[0], unit)) < 0.005 for a in amounts for unit in MONEY_UNITS
            ):
                continue
            lines = [line for line in text.splitlines() if line.strip()]
            if len(lines) > 1 and all(_line_amount_read(line, amounts) for line in lines):
                continue  # a cell of funding lines ("资金总额: 250" / "其他:0"): each amount read
            if any(o in text and _squash(o) in texts for o in ATTRIBUTE_OPTIONS):
                continue  # a 项目属性 cell: the ticked option is the value
            body = re.split(r"[:：]", text, maxsplit=1)[-1] if "单位" in text else text
            pieces = [p for p in (_squash(x) for x in MARK.split(body)) if p]
            if not all(p in texts for p in pieces):
                problems.append(f"value not in any table: {source} {text!r}")
        elif role == "reported":
            table = re.search(r"table=\d+", source)
            file = source.split("#")[0]
            table_level = table is not None and any(
                r.split("#")[0] == file and table.group(0) in r and "row=" not in r
                for r in reported
            )
            if source not in reported and not table_level:
                problems.append(f"reported without a finding: {source} {text!r}")
        elif role not in ("label", "context", "ignored"):
            problems.append(f"unknown role {role!r}: {source}")
    return problems


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.parent.name)
def test_every_value_cell_is_in_a_table_and_every_other_cell_is_accounted(path: Path) -> None:
    ds = kpi_analysis.load([str(path)])
    assert len(ds.projects) > 0
    assert check_accounting(ds) == []
