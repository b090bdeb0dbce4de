"""``kpi-analysis score [INPUT ...] --out DIR``: year-end scores from every source of actuals.

Inputs may mix, in one folder, target documents (项目支出绩效目标表), self-evaluation forms
(项目支出绩效自评表) and actuals workbooks (``kpi-analysis template``); each file is recognised
by its content. Writes

* ``scores.csv`` — one row per project × year × indicator (computed and published score, and
  how the score was reached);
* ``summary.csv`` — one row per project × year (execution rate and score, indicator score,
  total, grade, published total);
* ``scores.xlsx`` — Chinese headers: 说明 (rules, bands, notices), 评分汇总, 评分明细, 资金执行,
  中期目标进度, 中期目标变化, 目标来源, 状态分档, 读取问题.

All three files are written into a temporary folder and moved into place together. Figures
from an example workbook are marked 示例数据 in every file (``data_note`` column and the first
line of 说明).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kpi_analysis.cli.commands.common import (
    add_inputs_argument,
    add_profile_argument,
    input_paths,
    name_missing,
)
from kpi_analysis.cli.paths import REPORTS
from kpi_analysis.errors import EXIT_NOTHING, EXIT_OK, EXIT_PARTIAL, KpiError

if TYPE_CHECKING:
    import pandas as pd

    from kpi_analysis.analysis.tracking import YearlyScores

DEFAULT_OUT = REPORTS / "scores"
WORKBOOK = "scores.xlsx"
UNREADABLE = ("file_unreadable", "no_form_found", "no_selfeval_form")
EXAMPLE_MARK = "示例数据"


def _notes_sheet(result: YearlyScores) -> pd.DataFrame:
    import pandas as pd

    from kpi_analysis.analysis.tracking import DEFAULT_STATUS_BANDS

    profile = result.profile
    lines = [(f"注意：{EXAMPLE_MARK}", notice) for notice in result.notices]
    lines += [
        ("评分规则", profile.label()),
        ("权重", profile.weights_text()),
        *(("规则依据", note) for note in profile.notes),
        ("依据与来源", f"详见 docs/rules.md#profile-{profile.name}（来源：docs/rules.md#sources）"),
        ("状态分档（正向指标）", DEFAULT_STATUS_BANDS.describe()),
        ("状态分档（反向指标）", DEFAULT_STATUS_BANDS.describe(reverse=True)),
        ("状态分档依据", DEFAULT_STATUS_BANDS.source),
        ("项目 × 年度", str(len(result.summary))),
        ("指标评分行", str(len(result.scores))),
        ("读取问题", str(len(result.findings))),
    ]
    return pd.DataFrame(lines, columns=["项目", "内容"])


def workbook_sheets(result: YearlyScores) -> dict[str, pd.DataFrame]:
    """The sheets of ``scores.xlsx`` by Chinese name, in order: tidy frames (their headers
    and value labels are applied when written, subject ``"tracking"``)."""
    from kpi_analysis.analysis.tracking import DEFAULT_STATUS_BANDS

    suffix = f"（{EXAMPLE_MARK}）" if result.is_example else ""
    return {
        "说明": _notes_sheet(result),
        f"评分汇总{suffix}": result.summary,
        f"评分明细{suffix}": result.scores,
        f"资金执行{suffix}": result.funding,
        f"中期目标进度{suffix}": result.progress,
        "中期目标变化": result.changes,
        "目标来源": result.targets,
        "状态分档": DEFAULT_STATUS_BANDS.legend(),
        "读取问题": result.findings,
    }


def sheet_schemas(result: YearlyScores) -> dict[str, object]:
    """The schemas (display kinds, hence number formats) of the sheets that have one."""
    from kpi_analysis.outputs.labels import TABLE_SCHEMAS

    suffix = f"（{EXAMPLE_MARK}）" if result.is_example else ""
    return {
        f"评分汇总{suffix}": TABLE_SCHEMAS["summary"],
        f"评分明细{suffix}": TABLE_SCHEMAS["scores"],
    }


def write_scores(result: YearlyScores, out_dir: Path) -> list[Path]:
    """Write ``scores.csv``, ``summary.csv`` and ``scores.xlsx``; all or nothing."""
    from kpi_analysis.outputs.export import write_csv, write_workbook
    from kpi_analysis.outputs.files import publish, staging_folder

    with staging_folder(out_dir) as staging:
        write_csv(result.scores, staging / "scores.csv")
        write_csv(result.summary, staging / "summary.csv")
        write_workbook(
            workbook_sheets(result),
            staging / WORKBOOK,
            subject="tracking",
            schemas=sheet_schemas(result),
        )
        return publish(staging, ["scores.csv", "summary.csv", WORKBOOK], out_dir)


def summary_line(result: YearlyScores) -> str:
    """One line: what was scored, grades, and how many rows need attention."""
    grades = result.summary["grade"].value_counts()
    grade_text = "、".join(f"{g} {int(n)}" for g, n in grades.items())
    differs = int(result.scores["flags"].str.contains("published_differs").fillna(False).sum())
    return (
        f"评分 {len(result.summary)} 个项目年度、{len(result.scores)} 条指标"
        f"（{grade_text}）；与表中得分不一致 {differs} 条；读取问题 {len(result.findings)} 条"
    )


def run(args: argparse.Namespace) -> int:
    """Read the inputs, score every project-year, write the three files to ``--out``."""
    from kpi_analysis.analysis.scoring.profiles import get_profile
    from kpi_analysis.analysis.tracking import score_years
    from kpi_analysis.tables.inputs import duplicate_notes, read_inputs

    inputs_given = input_paths(args.inputs)
    if name_missing(inputs_given):
        return EXIT_NOTHING
    try:
        inputs = read_inputs(inputs_given, strict=args.strict)
    except KpiError as error:
        print(f"错误：{error}", file=sys.stderr)
        return error.exit_code
    for note in duplicate_notes(inputs.duplicates):
        print(f"注意：{note}", file=sys.stderr)
    for problem in inputs.problems:
        print(f"错误：{problem}", file=sys.stderr)
    try:
        result = score_years(
            inputs.targets, inputs.actuals, inputs.selfeval, get_profile(args.profile)
        )
    except ValueError as error:
        print(f"错误：{error}；未写出文件", file=sys.stderr)
        return EXIT_NOTHING
    written = write_scores(result, Path(args.out))
    if not args.quiet:
        for notice in result.notices:
            print(f"注意：{notice}")
        print(summary_line(result))
        print(f"已写出 {len(written)} 个文件到 {args.out}")
    return EXIT_PARTIAL if inputs.problems else EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``score`` subcommand."""
    parser = sub.add_parser(
        "score", help="年终绩效自评评分（绩效目标表 + 自评表和/或实际完成情况工作簿）"
    )
    add_inputs_argument(
        parser, "绩效目标表、自评表、实际完成情况工作簿或其文件夹（默认 {default}）"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="输出文件夹")
    add_profile_argument(parser, "评分规则（默认 central_2020）")
    parser.add_argument("--strict", action="store_true", help="任何文件读取失败即停止")
    parser.add_argument("--quiet", action="store_true", help="不打印摘要")
    parser.set_defaults(func=run)
