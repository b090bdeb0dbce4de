"""Load 项目支出绩效自评表 (.docx, .xlsx, text export) into tidy tables, and feed the scorer.

:func:`load_selfeval` reads files or folders into a :class:`SelfEval` (funding, indicators,
goals, totals, findings, cells). Published numbers are kept as printed. Problems never
raise: a cell with text where a number belongs, a missing 分值 column, a form without a year
or project name, a duplicated form, a funding total that disagrees with its lines — each
becomes a finding whose ``source`` names the file and the cell (for Excel, sheet and A1
address).

:func:`indicator_inputs` and :func:`execution_inputs` turn a :class:`SelfEval` into the input
of :func:`kpi_analysis.analysis.scoring.score_indicators` and
:func:`~kpi_analysis.analysis.scoring.score_execution`,
with the form's 得分 as ``published_score`` so the scorer shows both side by side.

>>> import pathlib
>>> se = load_selfeval(pathlib.Path("no-such-file.docx"))
>>> se.findings.loc[0, "code"]
'file_unreadable'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kpi_analysis.errors import KpiError, raise_strict
from kpi_analysis.forms.recorder import accounting_columns
from kpi_analysis.forms.selfeval.document import SelfEvalDocument, interpret_selfeval_document
from kpi_analysis.readers.grid import Document
from kpi_analysis.tables import schema
from kpi_analysis.tables.actuals import is_actuals_workbook
from kpi_analysis.tables.selfeval_schema import (
    SELFEVAL_FUNDING,
    SELFEVAL_GOALS,
    SELFEVAL_INDICATORS,
    SELFEVAL_TOTALS,
)
from kpi_analysis.tables.targets import input_files, note_findings, read_guarded
from kpi_analysis.tables.year_targets import project_key
from kpi_analysis.text.grammar import parse_targets

__all__ = [
    "SelfEval",
    "execution_inputs",
    "indicator_inputs",
    "load_selfeval",
    "selfeval_from_documents",
]

TABLE_NAMES = ("funding", "indicators", "goals", "totals", "findings")
AMOUNT_TOLERANCE = 0.005  # 万元
PARTS = ("fiscal", "carryover", "other")


@dataclass(frozen=True)
class SelfEval:
    """The tidy tables of one or more self-evaluation forms.

    Columns: :mod:`kpi_analysis.tables.selfeval_schema`; ``cells`` accounts for every non-empty
    input cell and every paragraph outside the tables (role: label, value, context, reported).
    """

    funding: pd.DataFrame
    indicators: pd.DataFrame
    goals: pd.DataFrame
    totals: pd.DataFrame
    findings: pd.DataFrame
    cells: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        """The user-facing tables by name (without the ``cells`` accounting)."""
        return {name: getattr(self, name) for name in TABLE_NAMES}


def _finding(source: str, code: str, message: str, severity: str, text: str = "") -> dict:
    return {"source": source, "severity": severity, "code": code, "message": message, "text": text}


def _read(path: Path, name: str, strict: bool) -> SelfEvalDocument:
    if is_actuals_workbook(path):
        part = SelfEvalDocument(path=name)
        part.recorder.report(
            name,
            "not_a_selfeval_document",
            "这是本工具生成的实际完成情况填报表，不是自评表；请用 load_actuals 读取",
            severity="info",
        )
        return part
    try:
        doc = read_guarded(path, name=name)
    except KpiError as error:
        if strict:
            raise
        part = SelfEvalDocument(path=name)
        part.recorder.report(
            error.file or name,
            "file_unreadable",
            error.message,
            severity="error",
            text=error.hint or "",
        )
        return part
    part = _interpret(doc)
    note_findings(doc, part.recorder)
    if strict:  # an unknown layout or a bad value stops the run (exit code 4 / 5)
        raise_strict(part.recorder.findings)
    return part


def _interpret(doc: Document) -> SelfEvalDocument:
    part = interpret_selfeval_document(doc)
    if not part.forms:
        part.recorder.report(
            doc.path, "no_selfeval_form", "文件中没有找到项目支出绩效自评表", severity="error"
        )
    return part


def load_selfeval(paths: str | Path | Iterable[str | Path], *, strict: bool = False) -> SelfEval:
    """Read files or folders of self-evaluation forms into a :class:`SelfEval`.

    A file that cannot be read becomes an ``error`` finding naming the file; with
    ``strict=True`` the :class:`~kpi_analysis.errors.KpiError` is raised instead. Files are
    named as :func:`~kpi_analysis.tables.targets.input_files` names them.
    """
    return _assemble([_read(path, name, strict) for path, name in input_files(paths).items()])


def selfeval_from_documents(docs: Iterable[Document]) -> SelfEval:
    """The :class:`SelfEval` of documents already read (e.g. by a command that sorts inputs)."""
    return _assemble([_interpret(doc) for doc in docs])


def _assemble(parts: list[SelfEvalDocument]) -> SelfEval:
    findings: list[dict] = [f for part in parts for f in part.recorder.findings]
    numbers: dict[str, int] = {}
    seen: dict[tuple[str, int | None], str] = {}
    rows: dict[str, list[dict]] = {"funding": [], "indicators": [], "goals": [], "totals": []}
    for part in parts:
        for form in part.forms:
            head = form.form
            name = head["project"]
            if name is None:
                continue
            pkey = project_key(name)
            slot = (pkey, head["year"])
            if slot in seen:
                findings.append(
                    _finding(
                        str(head["source"]),
                        "duplicate_form",
                        f"{name} {head['year']} 年度的自评表重复"
                        f"（已读取 {seen[slot]}），本表未使用",
                        "warning",
                    )
                )
                continue
            seen[slot] = str(head["source"])
            number = numbers.setdefault(pkey, len(numbers) + 1)
            keys = {"project_no": number, "project": name, "year": head["year"]}
            rows["totals"].append({**head, **keys})
            for kind in ("funding", "indicators", "goals"):
                rows[kind].extend({**row, **keys} for row in getattr(form, kind))
            findings.extend(_funding_checks(form.funding, name, head["year"]))
    return SelfEval(
        funding=SELFEVAL_FUNDING.from_rows(rows["funding"]),
        indicators=_indicators(rows["indicators"]),
        goals=SELFEVAL_GOALS.from_rows(rows["goals"]),
        totals=SELFEVAL_TOTALS.from_rows(rows["totals"]),
        findings=schema.FINDINGS.from_rows(findings),
        cells=schema.CELLS.from_columns(accounting_columns([part.recorder for part in parts])),
    )


def _indicators(rows: list[dict]) -> pd.DataFrame:
    if not rows:
        return SELFEVAL_INDICATORS.empty()
    frame = pd.DataFrame(rows)
    parsed = parse_targets(frame["target"].astype("string").fillna(""))
    for name in ("kind", "comparator", "value", "per"):
        frame[name] = parsed[name].to_numpy()
    unit_column = frame["unit_column"].astype(object)
    frame["unit"] = unit_column.where(unit_column.notna(), parsed["unit"].to_numpy())
    return SELFEVAL_INDICATORS.from_rows(frame.to_dict("records"))


def _funding_checks(funding: list[dict], project: str, year: int | None) -> list[dict]:
    """The funding identity: 年度资金总额 = 财政拨款 + 上年结转 + 其他资金 (R11)."""
    total = next((row for row in funding if row["category"] == "total"), None)
    parts = [row for row in funding if row["category"] in PARTS]
    if total is None or not parts:
        return []
    out = []
    for field, label in (("budget_full", "全年预算数"), ("executed", "全年执行数")):
        values = [row.get(field) for row in parts if row.get(field) is not None]
        if not values:
            continue
        summed = round(sum(values), 6)  # type: ignore[arg-type]
        printed = total.get(field)
        if (printed is None or printed == 0) and summed > 0:
            out.append(
                _finding(
                    str(total["source"]),
                    "total_row_empty",
                    f"{project} {year} 年度资金总额的{label}为空或0，"
                    f"但资金明细合计 {summed:g} 万元；执行率按明细合计计算",
                    "warning",
                )
            )
        elif printed is not None and abs(printed - summed) > AMOUNT_TOLERANCE:
            out.append(
                _finding(
                    str(total["source"]),
                    "funding_identity",
                    f"{project} {year} 年度资金总额的{label} {printed:g} 万元与明细合计 "
                    f"{summed:g} 万元不符",
                    "warning",
                )
            )
    return out


# ------------------------------------------------------------------------------- scoring inputs


def indicator_inputs(selfeval: SelfEval) -> pd.DataFrame:
    """Indicator rows for :func:`~kpi_analysis.analysis.scoring.score_indicators`.

    The form's 得分 becomes ``published_score`` (kept as printed); its 分值 is ``weight``.
    """
    frame = selfeval.indicators.rename(columns={"score": "published_score"})
    return frame.assign(target_period="annual").reset_index(drop=True)


def _amounts(rows: pd.DataFrame) -> tuple[float | None, float | None, float | None, str]:
    """Initial, full-year and executed amounts of one form, and which lines they come from."""
    total = rows[rows["category"] == "total"]
    parts = rows[rows["category"].isin(PARTS)]

    def first(field: str) -> float | None:
        values = total[field].dropna()
        return float(values.iloc[0]) if len(values) else None

    budget = first("budget_full")
    if (budget is None or budget == 0) and parts["budget_full"].fillna(0).sum() > 0:
        return (
            float(parts["budget_initial"].fillna(0).sum()),
            float(parts["budget_full"].fillna(0).sum()),
            float(parts["executed"].fillna(0).sum()),
            "明细合计",
        )
    return first("budget_initial"), budget, first("executed"), "年度资金总额"


def _same(series: pd.Series, value: object) -> pd.Series:
    """Rows equal to ``value``; a missing value matches missing values."""
    if pd.isna(value):
        return series.isna()
    return series.eq(value).fillna(False).astype(bool)


def execution_inputs(selfeval: SelfEval) -> pd.DataFrame:
    """One row per form for :func:`~kpi_analysis.analysis.scoring.score_execution` (amounts in
    万元).

    Amounts come from the 年度资金总额 line; when it is blank or 0 while the lines below it
    carry amounts (as some published forms print), from the sum of those lines
    (``amount_basis`` says which). The printed 分值, 执行率, 得分 and 总分 are passed as
    ``execution_weight``, ``published_rate``, ``published_score`` and ``published_total``.
    """
    rows = []
    for head in selfeval.totals.to_dict("records"):
        mine = selfeval.funding[
            _same(selfeval.funding["project_no"], head["project_no"])
            & _same(selfeval.funding["year"], head["year"])
        ]
        total = mine[mine["category"] == "total"]
        initial, budget, executed, basis = _amounts(mine)
        printed = total.iloc[0].to_dict() if len(total) else {}
        rows.append(
            {
                "project_no": head["project_no"],
                "project": head["project"],
                "year": head["year"],
                "budget_initial": initial,
                "budget_full": budget,
                "executed": executed,
                "amount_unit": "万元",
                "amount_basis": basis,
                "reason": printed.get("reason"),
                "execution_weight": printed.get("weight"),
                "published_rate": printed.get("rate"),
                "published_score": printed.get("score"),
                "published_total": head["total_score"],
                "source": printed.get("source", head["source"]),
            }
        )
    columns = [
        "project_no",
        "project",
        "year",
        "budget_initial",
        "budget_full",
        "executed",
        "amount_unit",
        "amount_basis",
        "reason",
        "execution_weight",
        "published_rate",
        "published_score",
        "published_total",
        "source",
    ]
    frame = pd.DataFrame(rows, columns=columns).astype(object)
    return frame.where(frame.notna(), None)
