"""The year-end report: the filled 项目支出绩效自评表 per project and the year's charts.

1. :func:`load_year_end` sorts the inputs — target documents, self-evaluation forms and
   actuals workbooks — into a :class:`YearEndData` (with the reader of ``kpi-analysis score``);
2. :func:`score_year_end` scores them with :func:`kpi_analysis.analysis.tracking.score_years` (the
   pipeline of ``kpi-analysis score``, so forms and ``scores.csv`` agree);
   :func:`selfeval_forms` turns one year into :class:`~kpi_analysis.outputs.writers.selfeval_layout.
   SelfEvalSheet` objects and :func:`year_charts` draws that year's charts (years up to it);
   both are pure;
3. :func:`write_year_report` writes, for each project, the form as .docx and .xlsx, the
   charts as PNG and the whole year as one self-contained HTML page
   (:mod:`kpi_analysis.outputs.html_report`; a PDF of it when Chromium is installed), staged
   in a temporary folder and moved into place at the end.

Everything built from the shipped example workbook is marked 示例数据 (form and chart titles).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from kpi_analysis.analysis import tracking
from kpi_analysis.analysis.review.notes import NOTE_COLUMN, reason_with_review
from kpi_analysis.analysis.scoring import ScoringProfile, get_profile
from kpi_analysis.outputs.charts import execution as charts_execution
from kpi_analysis.outputs.charts.targets import save_figure
from kpi_analysis.outputs.files import publish, staging_folder
from kpi_analysis.outputs.html_report import (
    figure_png,
    print_pdf,
    report_file_stem,
    year_report_html,
)
from kpi_analysis.outputs.writers.layout import goal_text
from kpi_analysis.outputs.writers.selfeval_docx import write_selfeval_docx
from kpi_analysis.outputs.writers.selfeval_layout import (
    FUNDING_ROWS,
    FundingLine,
    IndicatorLine,
    SelfEvalSheet,
)
from kpi_analysis.outputs.writers.selfeval_xlsx import write_selfeval_xlsx
from kpi_analysis.tables.actuals import Actuals
from kpi_analysis.tables.inputs import read_inputs
from kpi_analysis.tables.selfeval import SelfEval
from kpi_analysis.tables.targets import Dataset
from kpi_analysis.tables.year_targets import project_key
from kpi_analysis.text.numbers import TOLERANCE, as_float, fmt, is_missing, pct

#: Funding categories (:data:`kpi_analysis.tables.selfeval_schema.SELFEVAL_FUNDING`) → form row.
FUNDING_CATEGORY_ROWS = dict(
    zip(("total", "fiscal", "carryover", "other"), FUNDING_ROWS, strict=True)
)
#: File stems of the charts, written as ``figures/{year}-{name}.png``.
CHART_NAMES = ("funding", "execution-rate", "completion", "score-trend", "cumulative-progress")
FILE_NAME_FORBIDDEN = re.compile(r'[\\/:*?"<>|\s\x00-\x1f]+')


@dataclass(frozen=True)
class YearEndData:
    """The inputs of the year-end report, loaded.

    ``targets``: the target documents (None when none were given); ``actuals``: actuals
    workbooks; ``selfeval``: self-evaluation forms (None when none were given);
    ``problems``: files that could not be used (``"name: message"``); ``duplicates``:
    (copy, kept) pairs of identical files, each copy read only once.
    """

    targets: Dataset | None = None
    actuals: tuple[Actuals, ...] = ()
    selfeval: SelfEval | None = None
    problems: tuple[str, ...] = ()
    duplicates: tuple[tuple[Path, Path], ...] = ()

    @property
    def example(self) -> bool:
        """True when any actuals workbook holds illustrative example data (示例数据)."""
        return any(book.is_example for book in self.actuals)

    @property
    def has_actuals(self) -> bool:
        """True when there is anything to score (actual rows or self-evaluation forms)."""
        workbook = any(
            not book.indicators_actuals.empty or not book.funding_actuals.empty
            for book in self.actuals
        )
        forms = self.selfeval is not None and not self.selfeval.totals.empty
        return workbook or forms


@dataclass(frozen=True)
class ReportFiles:
    """What :func:`write_year_report` wrote (paths inside the output folder)."""

    forms: list[Path]
    charts: list[Path]
    projects: list[str]
    html: Path | None = None
    pdf: Path | None = None

    @property
    def all(self) -> list[Path]:
        """Every file written."""
        pages = [p for p in (self.html, self.pdf) if p is not None]
        return [*self.forms, *self.charts, *pages]


# ----------------------------------------------------------------------------- inputs


def load_year_end(paths: str | Path | Iterable[str | Path]) -> YearEndData:
    """Read files and folders and sort them by kind (:func:`kpi_analysis.tables.inputs.
    read_inputs`): actuals workbooks, self-evaluation forms, target documents; identical
    files are read once."""
    if isinstance(paths, str | Path):
        paths = [paths]
    inputs = read_inputs([Path(p) for p in paths])
    return YearEndData(
        targets=inputs.targets,
        actuals=tuple(inputs.actuals),
        selfeval=inputs.selfeval,
        problems=tuple(inputs.problems),
        duplicates=tuple(inputs.duplicates),
    )


def score_year_end(
    data: YearEndData, profile: ScoringProfile | str | None = None
) -> tracking.YearlyScores:
    """Score every project × year of ``data``
    (:func:`kpi_analysis.analysis.tracking.score_years`)."""
    return tracking.score_years(data.targets, data.actuals, data.selfeval, profile)


# ----------------------------------------------------------------------------- forms


def _rows_for(frame: pd.DataFrame | None, key: str, year: int | None = None) -> pd.DataFrame:
    """The rows of one project (and year) of ``frame``; empty when it has no such columns."""
    if frame is None or frame.empty or "project" not in frame.columns:
        return pd.DataFrame()
    mask = frame["project"].map(project_key) == key
    if year is not None:
        mask &= frame["year"].eq(year).fillna(False).astype(bool)
    return frame[mask]


def _file(source: object) -> str:
    return "" if is_missing(source) else str(source).split("#", 1)[0]


def _text(value: object) -> str:
    return "" if is_missing(value) else str(value).strip()


def expected_goals(goals: pd.DataFrame | None, key: str, year: int) -> str:
    """The 预期目标 of one project-year: its annual goals, else the mid-term goals covering it."""
    mine = _rows_for(goals, key)
    if mine.empty:
        return ""
    covers = mine[(mine["year_start"] <= year) & (mine["year_end"] >= year)]
    for period, prefix in (("annual", ""), ("mid_term", "（该年度无年度目标，列中期目标）\n")):
        chosen = covers[covers["period"] == period]
        if chosen.empty:
            continue
        last = max(chosen["source"].map(_file))
        chosen = chosen[chosen["source"].map(_file) == last]
        return prefix + goal_text(chosen, period)
    return ""


def achievement_text(execution: dict | None, scores: pd.DataFrame) -> str:
    """A 实际完成情况 summarised from the actuals (used when the unit wrote none)."""
    parts = ["（据实际完成值汇总）"]
    if execution is not None and as_float(execution.get("budget_full")) is not None:
        unit = _text(execution.get("amount_unit")) or "万元"
        parts.append(
            f"全年预算数{fmt(as_float(execution['budget_full']))}{unit}，"
            f"全年执行数{fmt(as_float(execution.get('executed')))}{unit}，"
            f"预算执行率{pct(as_float(execution.get('execution_rate')))}。"
        )
    if not scores.empty:
        met = [
            s is not None and w is not None and s >= w - TOLERANCE
            for s, w in zip(
                scores["score"].map(as_float), scores["weight"].map(as_float), strict=True
            )
        ]
        met = [False if m is pd.NA else bool(m) for m in met]  # an unscored indicator
        missed = scores[[not m for m in met]]
        text = f"{len(scores)}项绩效指标中{sum(met)}项达到年度指标值"
        if missed.empty:
            text += "。"
        else:
            listed = "；".join(
                f"{_text(r.indicator)}（指标值{_text(r.target) or '—'}，"
                f"实际{_text(r.actual) or '未填'}）"
                for r in missed.itertuples()
            )
            text += f"，未达到的：{listed}。"
        parts.append(text)
    return "".join(parts)


def form_notes(
    profile: ScoringProfile, execution: dict | None, scores: pd.DataFrame, *, has_lines: bool
) -> list[str]:
    """The notes printed under one form: rule, reasons, derived weights, flags, differences."""
    notes = [
        f"分值与得分按评分规则 {profile.label()} 计算（{profile.weights_text()}）；"
        "预算执行率得分 = 分值 × 全年执行数 ÷ 全年预算数（执行率超过100%按100%计）。"
    ]
    if not has_lines:
        notes.append("资金来源明细（当年财政拨款、上年结转资金、其他资金）未提供，相应行留空。")
    if execution is not None:
        rate = as_float(execution.get("execution_rate"))
        if rate is not None and rate < profile.rate_reason_threshold:
            reason = _text(execution.get("reason"))
            limit = pct(profile.rate_reason_threshold)
            notes.append(
                f"预算执行率低于{limit}的原因：{reason}"
                if reason
                else f"预算执行率低于{limit}，未说明原因。"
            )
    if scores.empty:
        return notes
    derived = scores[scores["weight_basis"].fillna("") != "given"]
    if len(derived):
        notes.append(f"{len(derived)}项指标未填分值，按评分规则在一级指标内平均分配。")
    mid = scores[scores["target_period"].fillna("") == "mid_term"]
    if len(mid):
        notes.append(f"该年度无年度绩效目标，{len(mid)}项指标的年度指标值取自中期目标。")
    if "target_note" in scores.columns:
        for row in scores[scores["target_note"].notna()].itertuples():
            notes.append(f"{_text(row.indicator)}：{_text(row.target_note)}。")
    flags = scores["flags"].fillna("")
    over = scores[flags.str.contains("over_achievement", regex=False)]
    if len(over):
        names = "、".join(_text(v) for v in over["indicator"])
        notes.append(f"超额完成（未扣分，请审核目标是否偏低）：{names}。")
    silent = scores[flags.str.contains("shortfall_without_reason", regex=False)]
    if len(silent):
        names = "、".join(_text(v) for v in silent["indicator"])
        notes.append(f"未得满分但未填写偏差原因：{names}。")
    unscored = scores[scores["score"].isna()]
    if len(unscored):
        names = "、".join(_text(v) for v in unscored["indicator"])
        notes.append(f"未能计分的指标（缺少实际完成值或无法识别）：{names}。")
    for row in scores[flags.str.contains("published_differs", regex=False)].itertuples():
        notes.append(
            f"单位自评得分与计算得分不同：{_text(row.indicator)} 自评 {row.published_score:.2f}，"
            f"计算 {row.score:.2f}。"
        )
    return notes


def _funding_lines(execution: dict | None, lines: pd.DataFrame) -> tuple[FundingLine, ...]:
    out = []
    if execution is not None:
        out.append(
            FundingLine(
                FUNDING_ROWS[0],
                as_float(execution.get("budget_initial")),
                as_float(execution.get("budget_full")),
                as_float(execution.get("executed")),
            )
        )
    if not lines.empty:
        for category, label in list(FUNDING_CATEGORY_ROWS.items())[1:]:
            rows = lines[lines["category"] == category]
            if len(rows):
                first = rows.iloc[0]
                out.append(
                    FundingLine(
                        label,
                        as_float(first["budget_initial"]),
                        as_float(first["budget_full"]),
                        as_float(first["executed"]),
                    )
                )
    return tuple(out)


def _project_header(data: YearEndData, key: str, year: int) -> dict:
    """Name, department and implementer: from the target documents, else the form."""
    projects = None if data.targets is None else data.targets.projects
    mine = _rows_for(projects, key)
    if len(mine):
        ordered = mine.assign(_file=mine["source"].map(_file)).sort_values("_file", kind="stable")
        return ordered.iloc[-1].to_dict()
    totals = _rows_for(None if data.selfeval is None else data.selfeval.totals, key, year)
    return totals.iloc[0].to_dict() if len(totals) else {}


def selfeval_forms(
    data: YearEndData, scored: tracking.YearlyScores, year: int
) -> list[SelfEvalSheet]:
    """One :class:`SelfEvalSheet` per project with results in ``year``, in project order."""
    profile = scored.profile
    summary = scored.summary[scored.summary["year"].eq(year).fillna(False).astype(bool)]
    selfeval = data.selfeval
    forms = []
    for row in summary.to_dict("records"):
        key = project_key(row["project"])
        header = _project_header(data, key, year)
        found = _rows_for(scored.execution, key, year)
        execution = found.iloc[0].to_dict() if len(found) else None
        scores = _rows_for(scored.scores, key, year)
        lines = _rows_for(None if selfeval is None else selfeval.funding, key, year)
        achieved = _rows_for(None if selfeval is None else selfeval.goals, key, year)
        goal_actual = _text(achieved["achieved"].iloc[0]) if len(achieved) else ""
        goal_expected = expected_goals(
            None if data.targets is None else data.targets.goals, key, year
        ) or (_text(achieved["goal"].iloc[0]) if len(achieved) else "")
        forms.append(
            SelfEvalSheet(
                year=year,
                project=_text(header.get("project")) or _text(row["project"]),
                department=_text(header.get("department")),
                implementer=_text(header.get("implementer")),
                project_no=None if is_missing(row["project_no"]) else int(row["project_no"]),
                funding=_funding_lines(execution, lines),
                execution_weight=profile.execution_weight,
                execution_rate=as_float(row["execution_rate"]),
                execution_score=as_float(row["execution_score"]),
                goal_expected=goal_expected,
                goal_actual=goal_actual or achievement_text(execution, scores),
                indicators=tuple(
                    IndicatorLine(
                        level1=_text(r["level1"]),
                        level2=_text(r["level2"]),
                        indicator=_text(r["indicator"]),
                        target=_text(r["target"]),
                        actual=_text(r["actual"]),
                        weight=as_float(r["weight"]),
                        score=as_float(r["score"]),
                        reason=reason_with_review(r["reason"], r.get(NOTE_COLUMN)),
                    )
                    for r in scores.to_dict("records")
                ),
                total=as_float(row["total"]),
                grade=None if is_missing(row["grade"]) else str(row["grade"]),
                example=data.example or scored.is_example,
                notes=tuple(form_notes(profile, execution, scores, has_lines=not lines.empty)),
            )
        )
    return forms


# ----------------------------------------------------------------------------- charts


def completion_table(scores: pd.DataFrame) -> pd.DataFrame:
    """Completion per project × indicator × year for :func:`~kpi_analysis.outputs.charts.execution.
    completion_heatmap`: the scoring ``completion`` (实际 ÷ 目标, 反向 目标 ÷ 实际) where the
    row was scored as a number, else 得分 ÷ 分值 (定性); NaN when not scored. The target
    review's errors on the indicator (``review_note``, from
    :func:`kpi_analysis.analysis.tracking.score_years`) come along, so the chart marks them."""
    weight = scores["weight"].astype("Float64")
    ratio = scores["score"].astype("Float64") / weight.where(weight > 0)
    out = scores.loc[:, ["project_no", "project", "year", "indicator"]].copy()
    out["completion"] = scores["completion"].astype("Float64").fillna(ratio).astype("float64")
    notes = scores[NOTE_COLUMN] if NOTE_COLUMN in scores.columns else [pd.NA] * len(scores)
    out[NOTE_COLUMN] = pd.array(list(notes), dtype="string")
    return out.reset_index(drop=True)


def _up_to(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    if frame.empty or "year" not in frame.columns:
        return frame.iloc[0:0]
    return frame[frame["year"].le(year).fillna(False).astype(bool)]


def year_charts(
    scored: tracking.YearlyScores,
    year: int,
    *,
    example: bool = False,
    completion_bands: object = charts_execution.DEFAULT_STATUS_BANDS,
    progress_bands: object = tracking.DEFAULT_STATUS_BANDS,
) -> dict[str, Figure]:
    """The charts of the report for ``year`` (data of the years up to it), by file stem.

    The cumulative-progress chart is drawn when the target documents give mid-term targets
    with numbers and the actuals have values for them.
    """
    example = example or scored.is_example
    funding = _up_to(scored.funding, year)
    rates = funding[funding["execution_rate"].notna()] if not funding.empty else funding
    progress = _up_to(scored.progress, year)
    if not progress.empty:
        progress = progress[progress["progress"].notna()]
    ce = charts_execution
    # fmt: off
    charts: tuple[tuple[str, Callable[..., Figure], pd.DataFrame, str, dict], ...] = (
        ("funding", ce.funding_chart, funding, "各项目资金：中期与年度（万元，截至{}年）", {}),
        ("execution-rate", ce.execution_rate_chart, rates, "各项目预算执行率（截至{}年）", {}),
        ("completion", ce.completion_heatmap, _up_to(completion_table(scored.scores), year),
         "绩效指标完成情况（截至{}年）", {"bands": completion_bands}),
        ("score-trend", ce.score_trend_chart, _up_to(scored.summary, year),
         "自评总分与等级（截至{}年）", {}),
        ("cumulative-progress", ce.cumulative_progress_chart, progress,
         "中期目标累计完成进度（截至{}年）", {"bands": progress_bands}),
    )
    # fmt: on
    figures: dict[str, Figure] = {}
    for stem, chart, frame, title, options in charts:
        if not frame.empty:
            figures[stem] = chart(frame, title=title.format(year), example=example, **options)
    return figures


# ----------------------------------------------------------------------------- writing


def form_file_stem(form: SelfEvalSheet) -> str:
    """``2021-01-项目名-绩效自评表`` (characters a file name cannot hold removed, name cut)."""
    name = FILE_NAME_FORBIDDEN.sub("", form.project)[:40] or "项目"
    number = f"{form.project_no:02d}-" if form.project_no is not None else ""
    return f"{form.year}-{number}{name}-绩效自评表"


def report_years(scored: tracking.YearlyScores) -> list[int]:
    """The years that have results."""
    return sorted({int(y) for y in scored.summary["year"].dropna()})


def year_report_page(
    data: YearEndData,
    scored: tracking.YearlyScores,
    year: int,
    *,
    forms: list[SelfEvalSheet] | None = None,
    figures: dict[str, Figure] | None = None,
) -> str:
    """The self-contained HTML report of ``year`` (:func:`~kpi_analysis.outputs.html_report.
    year_report_html`): totals, funding, charts and every project's form."""
    forms = forms if forms is not None else selfeval_forms(data, scored, year)
    figures = figures if figures is not None else year_charts(scored, year, example=data.example)

    def of_year(frame: pd.DataFrame) -> pd.DataFrame:
        if frame.empty or "year" not in frame.columns:
            return frame
        return frame[frame["year"].eq(year).fillna(False).astype(bool)]

    return year_report_html(
        year,
        summary=of_year(scored.summary),
        funding=of_year(scored.funding),
        forms=forms,
        charts={name: figure_png(fig) for name, fig in figures.items()},
        example=data.example or scored.is_example,
        profile_text=(f"评分规则 {scored.profile.label()}（{scored.profile.weights_text()}）。"),
    )


def write_year_report(
    data: YearEndData,
    year: int,
    out_dir: str | Path,
    *,
    profile: ScoringProfile | str | None = None,
    scored: tracking.YearlyScores | None = None,
    pdf: bool = True,
) -> ReportFiles:
    """Write ``year``'s forms (.docx, .xlsx), charts (``figures/*.png``) and the HTML report
    (``{year}-年度绩效自评报告.html``; with ``pdf`` and an installed Chromium also ``.pdf``)
    to ``out_dir``.

    ``scored`` is :func:`score_year_end` of ``data`` (computed here when not given). All files
    are written into a temporary folder inside ``out_dir`` first and moved into place at the
    end, so a failure leaves no half-written report. Raises ``ValueError`` when ``year`` has
    no results.
    """
    scored = scored if scored is not None else score_year_end(data, get_profile(profile))
    if year not in report_years(scored):
        have = "、".join(map(str, report_years(scored))) or "无"
        raise ValueError(f"{year} 年没有实际完成情况（已有年度：{have}）")
    forms = selfeval_forms(data, scored, year)
    figures = year_charts(scored, year, example=data.example)
    out_dir = Path(out_dir)
    with staging_folder(out_dir) as staging:
        names: list[str] = []
        for form in forms:
            stem = form_file_stem(form)
            write_selfeval_docx(form, staging / f"{stem}.docx")
            write_selfeval_xlsx(form, staging / f"{stem}.xlsx")
            names += [f"{stem}.docx", f"{stem}.xlsx"]
        chart_names = []
        for name, figure in figures.items():
            save_figure(figure, staging / "figures" / f"{year}-{name}.png")
            chart_names.append(f"figures/{year}-{name}.png")
        stem = report_file_stem(year)
        page = year_report_page(data, scored, year, forms=forms, figures=figures)
        (staging / f"{stem}.html").write_text(page, encoding="utf-8")
        pages = [f"{stem}.html"]
        if pdf and print_pdf(staging / f"{stem}.html", staging / f"{stem}.pdf") is not None:
            pages.append(f"{stem}.pdf")
        publish(staging, [*names, *chart_names, *pages], out_dir)
    return ReportFiles(
        forms=[out_dir / n for n in names],
        charts=[out_dir / n for n in chart_names],
        projects=[form.project for form in forms],
        html=out_dir / pages[0],
        pdf=out_dir / pages[1] if len(pages) > 1 else None,
    )
