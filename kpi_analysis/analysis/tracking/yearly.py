"""Score every year from every source of actuals, against the right targets.

:func:`score_years` takes what the ``score`` command reads — the target documents (a
:class:`~kpi_analysis.tables.targets.Dataset`, optional), actuals workbooks
(:class:`~kpi_analysis.tables.actuals.Actuals`) and self-evaluation forms
(:class:`~kpi_analysis.tables.selfeval.SelfEval`) — and returns one :class:`YearlyScores`:

* rows of the actuals workbook are scored against the target the documents give for their
  year (a 2022 document loaded later replaces the mid-term target the workbook was prefilled
  with, and ``target_note`` says so);
* self-evaluation forms are scored as printed (their 年度指标值, 分值, 得分), and a printed
  target that differs from the year's approved target is noted, not replaced;
* a project-year found in both is scored from the self-evaluation form (reported);
* a project-year for which the documents give no target at all is reported, naming the cell.

Rows built from an example workbook (示例数据) carry its notice in ``data_note``. Errors the
target review finds (e.g. a name saying 47 with a value of 62) travel to the score and
progress rows of their indicator in ``review_note``
(:func:`kpi_analysis.analysis.review.notes.with_review_notes`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from kpi_analysis.analysis.review import review_dataset
from kpi_analysis.analysis.review.notes import with_review_notes
from kpi_analysis.analysis.scoring import score_execution, score_indicators, summarise
from kpi_analysis.analysis.scoring.profiles import ScoringProfile, get_profile
from kpi_analysis.analysis.tracking.changes import CHANGES_COLUMNS, midterm_changes
from kpi_analysis.analysis.tracking.funding import funding_by_year
from kpi_analysis.analysis.tracking.progress import (
    PROGRESS_COLUMNS,
    ProgressProfile,
    cumulative_progress,
)
from kpi_analysis.analysis.tracking.targets import (
    apply_plan_targets,
    match_plan_targets,
    target_basis,
    year_targets,
)
from kpi_analysis.tables import schema
from kpi_analysis.tables.actuals import Actuals
from kpi_analysis.tables.selfeval import SelfEval, execution_inputs, indicator_inputs
from kpi_analysis.tables.targets import Dataset
from kpi_analysis.tables.year_targets import funding_for_years, project_key, project_numbers

__all__ = ["WORKBOOK_SOURCE", "SELFEVAL_SOURCE", "YearlyScores", "score_years"]

WORKBOOK_SOURCE = "实际完成情况工作簿"
SELFEVAL_SOURCE = "项目支出绩效自评表"
EXTRA_COLUMNS = ("target_note", "data_source", "data_note")
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class YearlyScores:
    """Scores, summary and tracking tables of one run (see :func:`score_years`)."""

    scores: pd.DataFrame
    summary: pd.DataFrame
    execution: pd.DataFrame
    funding: pd.DataFrame
    progress: pd.DataFrame
    changes: pd.DataFrame
    targets: pd.DataFrame
    findings: pd.DataFrame
    profile: ScoringProfile
    notices: tuple[str, ...] = field(default=())

    @property
    def is_example(self) -> bool:
        """True when any figure comes from an example workbook (示例数据)."""
        return bool(self.notices)


def _finding(source: object, code: str, message: str, severity: str, text: str = "") -> dict:
    return {
        "source": str(source),
        "severity": severity,
        "code": code,
        "message": message,
        "text": text,
    }


def _numbering(targets: Dataset | None, names: list[object]) -> dict[str, int]:
    """Project key → number: the target documents' numbering, newcomers appended."""
    numbers = project_numbers(targets.projects) if targets is not None else {}
    for name in names:
        key = project_key(name)
        if key and key not in numbers:
            numbers[key] = max(numbers.values(), default=0) + 1
    return numbers


def _workbook_rows(actuals: Sequence[Actuals]) -> tuple[pd.DataFrame, pd.DataFrame]:
    indicators, funding = [], []
    for book in actuals:
        note = book.notice if book.is_example else None
        extra = {"data_source": WORKBOOK_SOURCE, "data_note": note}
        indicators.append(book.indicators_actuals.assign(**extra))
        funding.append(book.funding_actuals.assign(**extra))
    return _concat(indicators), _concat(funding)


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame()
    return pd.concat([f.astype(object) for f in frames], ignore_index=True)


def _keys(frame: pd.DataFrame) -> pd.Series:
    """(project key, year) per row; a missing year is -1."""
    years = [-1 if pd.isna(y) else int(y) for y in frame["year"]]
    return pd.Series(
        list(zip(frame["project"].map(project_key), years, strict=True)), index=frame.index
    )


def _dated(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows with a project and a year (forms without them are reported by the loader)."""
    if frame.empty:
        return frame
    keep = frame["year"].notna() & frame["project"].notna()
    return frame[keep].reset_index(drop=True)


def _drop_overlap(
    workbook: pd.DataFrame, forms: pd.DataFrame, findings: list[dict], report: bool
) -> pd.DataFrame:
    """Workbook rows of project-years that a self-evaluation form also covers are dropped."""
    if workbook.empty or forms.empty:
        return workbook
    covered = set(_keys(forms))
    overlap = _keys(workbook).isin(covered)
    if report:
        for (_, year), part in workbook[overlap].groupby(_keys(workbook)[overlap], sort=False):
            findings.append(
                _finding(
                    part["source"].iloc[0],
                    "duplicate_actuals",
                    f"{part['project'].iloc[0]} {year} 年同时有自评表和实际完成情况工作簿，"
                    "按自评表评分，工作簿中的该年度数据未使用",
                    "warning",
                )
            )
    return workbook[~overlap].reset_index(drop=True)


def _selfeval_notes(matched: pd.DataFrame, known: set[str], findings: list[dict]) -> pd.Series:
    """Notes on printed targets against the plan; project-years without targets reported.

    ``known`` holds the keys of the projects the target documents have.
    """
    notes = pd.Series(pd.NA, index=matched.index, dtype="string")
    for idx, row in matched.iterrows():
        check = row["target_check"]
        if check == "differs":
            notes[idx] = (
                f"表中年度指标值与{row['plan_note']}不同（计划为“{row['plan_target']}”），按表中计分"
            )
        elif check == "not_in_plan":
            notes[idx] = row["plan_note"]
    missing = matched[matched["target_check"] == "no_targets_for_year"]
    for (key, year), part in missing.groupby(_keys(missing), sort=False):
        name = part["project"].iloc[0]
        if key in known:
            code, severity = "year_without_targets", "warning"
            message = (
                f"{name} {year} 年在绩效目标表中既无年度目标也无中期目标，无法核对自评表中的指标值"
            )
        else:
            code, severity = "project_without_targets", "info"
            message = f"绩效目标表中没有项目“{name}”，未核对其自评表中的指标值"
        findings.append(_finding(part["source"].iloc[0], code, message, severity))
    return notes


def _indicator_rows(
    targets: Dataset | None,
    workbook: pd.DataFrame,
    forms: pd.DataFrame,
    findings: list[dict],
) -> pd.DataFrame:
    years = sorted(
        {int(y) for frame in (workbook, forms) if not frame.empty for y in frame["year"]}
    )
    plan = year_targets(targets.indicators, targets.projects, years) if targets else None
    parts = []
    if not workbook.empty:
        if plan is not None:
            workbook = apply_plan_targets(match_plan_targets(workbook, plan))
        else:
            workbook = workbook.assign(target_note=pd.NA)
        parts.append(workbook)
    if not forms.empty:
        if plan is not None:
            matched = match_plan_targets(forms, plan)
            known = set(targets.projects["project"].map(project_key)) if targets else set()
            forms = forms.assign(target_note=_selfeval_notes(matched, known, findings))
        else:
            forms = forms.assign(target_note=pd.NA)
        parts.append(forms.assign(data_source=SELFEVAL_SOURCE, data_note=None))
    return _concat(parts)


def _with_extras(scored: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    extras = rows.loc[:, ["source", *EXTRA_COLUMNS]].drop_duplicates("source")
    out = scored.merge(extras.astype({"source": "string"}), on="source", how="left")
    return out.astype({name: "string" for name in EXTRA_COLUMNS})


def _by_key(frame: pd.DataFrame, notes: dict[tuple[str, int], tuple]) -> pd.DataFrame:
    """``data_source``/``data_note`` per project-year from ``notes``."""
    keys = _keys(frame) if not frame.empty else pd.Series([], dtype=object)
    found = [notes.get(key, (None, None)) for key in keys]
    return frame.assign(
        data_source=pd.array([f[0] for f in found], dtype="string"),
        data_note=pd.array([f[1] for f in found], dtype="string"),
    )


def score_years(
    targets: Dataset | None = None,
    actuals: Sequence[Actuals] = (),
    selfeval: SelfEval | None = None,
    profile: ScoringProfile | str | None = None,
    progress_profile: ProgressProfile | None = None,
) -> YearlyScores:
    """Score each project × year found in ``actuals`` and ``selfeval`` (see module docstring).

    Raises ``ValueError`` when there is nothing to score (no actual rows at all).
    """
    profile = get_profile(profile)
    findings: list[dict] = []
    workbook, workbook_funding = _workbook_rows(actuals)
    forms = _dated(indicator_inputs(selfeval)) if selfeval is not None else pd.DataFrame()
    forms_funding = _dated(execution_inputs(selfeval)) if selfeval is not None else pd.DataFrame()
    if workbook.empty and forms.empty and workbook_funding.empty and forms_funding.empty:
        raise ValueError("没有可评分的实际完成数据（自评表或实际完成情况工作簿）")
    workbook = _drop_overlap(workbook, forms, findings, report=True)
    workbook_funding = _drop_overlap(workbook_funding, forms_funding, findings, report=False)
    names = [
        name
        for frame in (workbook, forms, workbook_funding, forms_funding)
        if not frame.empty
        for name in frame["project"]
    ]
    numbers = _numbering(targets, names)
    rows = _indicator_rows(targets, workbook, forms, findings)
    if "project" in rows:  # no indicator rows at all (an actuals workbook without 绩效指标)
        rows["project_no"] = rows["project"].map(lambda n: numbers.get(project_key(n)))
    scores = _with_extras(score_indicators(rows, profile), rows)
    funding_rows = _concat(
        [
            workbook_funding,
            forms_funding.assign(data_source=SELFEVAL_SOURCE, data_note=None)
            if not forms_funding.empty
            else forms_funding,
        ]
    )
    notes: dict[tuple[str, int], tuple] = {}
    for frame in (rows, funding_rows):
        if not frame.empty:
            for key, source, note in zip(
                _keys(frame), frame["data_source"], frame["data_note"], strict=True
            ):
                notes.setdefault(key, (source, None if pd.isna(note) else note))
    if not funding_rows.empty:
        funding_rows["project_no"] = funding_rows["project"].map(
            lambda n: numbers.get(project_key(n))
        )
    execution = score_execution(funding_rows, profile) if not funding_rows.empty else None
    summary = _by_key(summarise(scores, execution, profile), notes)
    years = sorted({int(y) for y in summary["year"].dropna()})
    plan = (
        funding_for_years(targets.funding, targets.projects, years) if targets is not None else None
    )
    funding = (
        _by_key(funding_by_year(funding_rows, plan, profile), notes)
        if not funding_rows.empty
        else _by_key(funding_by_year(_empty_funding(), None, profile), notes)
    )
    if targets is not None:
        progress = cumulative_progress(
            scores, targets.indicators, targets.projects, progress_profile
        )
        changes = midterm_changes(targets.indicators, targets.projects)
        basis = target_basis(year_targets(targets.indicators, targets.projects, years))
        findings = [*targets.findings.to_dict("records"), *findings]
        review = review_dataset(targets)  # its errors travel to the rows of their indicator
        scores = with_review_notes(scores, review, targets.indicators)
        if not progress.empty:
            progress = with_review_notes(progress, review, targets.indicators)
    else:
        progress = pd.DataFrame(columns=list(PROGRESS_COLUMNS))
        scores = scores.assign(review_note=pd.array([pd.NA] * len(scores), dtype="string"))
        changes = pd.DataFrame(columns=list(CHANGES_COLUMNS))
        basis = target_basis(pd.DataFrame())
    for book in actuals:
        findings.extend(book.findings.to_dict("records"))
    if selfeval is not None:
        findings.extend(selfeval.findings.to_dict("records"))
    progress = _by_key(progress, notes) if not progress.empty else progress
    notices = tuple(dict.fromkeys(book.notice for book in actuals if book.is_example))
    return YearlyScores(
        scores=scores,
        summary=summary,
        execution=execution if execution is not None else pd.DataFrame(),
        funding=funding,
        progress=progress,
        changes=changes,
        targets=basis,
        findings=_findings(findings),
        profile=profile,
        notices=notices,
    )


def _empty_funding() -> pd.DataFrame:
    return pd.DataFrame(columns=["project", "year", "budget_full", "executed"])


def _findings(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=schema.FINDINGS.names).astype(object)
    frame = schema.FINDINGS.coerce(frame.where(frame.notna(), None))
    order = frame["severity"].map(lambda s: SEVERITY_ORDER.get(str(s), 3))
    return frame.iloc[order.argsort(kind="stable")].reset_index(drop=True)
