"""``kpi-analysis report --year 2021 [INPUT ...] --out DIR``: the year-end report.

Reads target documents and actuals workbooks (see :mod:`kpi_analysis.outputs.report`), scores every
project, and writes for each project with actuals in that year the filled 项目支出绩效自评表
(``{year}-{no}-{项目}-绩效自评表.docx`` and ``.xlsx``), the year's charts under
``figures/`` and the year-end report as one self-contained HTML page
(``{year}-年度绩效自评报告.html``: charts and font embedded, printable on A4), plus its PDF when
Chromium is installed (``--no-pdf`` skips it). Output built from the shipped example workbook
says 示例数据 in every title.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kpi_analysis.cli.commands.common import (
    add_inputs_argument,
    add_profile_argument,
    input_paths,
    name_missing,
)
from kpi_analysis.cli.paths import REPORTS
from kpi_analysis.errors import EXIT_NOTHING, EXIT_OK, EXIT_PARTIAL


def run(args: argparse.Namespace) -> int:
    """Read the inputs, score them and write the year's forms and charts."""
    # Imported here so that ``report --help`` stays fast (no pandas, matplotlib …).
    from kpi_analysis.outputs.report import load_year_end, score_year_end, write_year_report
    from kpi_analysis.outputs.writers.selfeval_layout import EXAMPLE_NOTICE
    from kpi_analysis.tables.inputs import duplicate_notes

    inputs = input_paths(args.inputs)
    if name_missing(inputs):
        return EXIT_NOTHING
    data = load_year_end(inputs)
    for note in duplicate_notes(list(data.duplicates)):
        print(f"注意：{note}", file=sys.stderr)
    if not data.has_actuals:
        print(
            "错误：输入中没有实际完成情况（自评表，或用 kpi-analysis template 生成并填写的"
            "实际完成情况工作簿）",
            file=sys.stderr,
        )
        return EXIT_NOTHING
    for problem in data.problems:
        print(f"错误：{problem}", file=sys.stderr)
    scored = score_year_end(data, args.profile)
    out = Path(args.out) if args.out else REPORTS / str(args.year)
    try:
        files = write_year_report(data, args.year, out, scored=scored, pdf=not args.no_pdf)
    except ValueError as error:
        print(f"错误：{error}", file=sys.stderr)
        return EXIT_NOTHING
    if not args.quiet:
        if data.example or scored.is_example:
            print(f"注意：{EXAMPLE_NOTICE}——输入为演示用示例工作簿，表和图的标题均已注明。")
        print(
            f"已写出 {args.year} 年 {len(files.projects)} 个项目的绩效自评表"
            f"（{len(files.forms)} 个 .docx/.xlsx 文件）和 {len(files.charts)} 张图到 {out}"
        )
        if files.html is not None:
            print(f"年终报告（HTML）：{files.html}")
        if files.pdf is not None:
            print(f"年终报告（PDF）：{files.pdf}")
        elif not args.no_pdf:
            print("提示：未找到 Chromium，未生成 PDF（可安装 chromium 后重新运行）")
        errors = scored.findings[scored.findings["severity"] == "error"]
        if len(errors):
            print(
                f"提示：读取和评分时发现 {len(errors)} 个错误（如实际完成值不是数字），"
                "详见 kpi-analysis score 的输出",
                file=sys.stderr,
            )
    return EXIT_PARTIAL if data.problems else EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``report`` subcommand."""
    parser = sub.add_parser("report", help="年终报告：填写项目支出绩效自评表（.docx/.xlsx）并出图")
    add_inputs_argument(parser, "绩效目标表和实际完成情况工作簿（文件或文件夹，默认 {default}）")
    parser.add_argument("--year", type=int, required=True, help="年度，如 2021")
    parser.add_argument("--out", type=Path, default=None, help="输出文件夹（默认 reports/年度）")
    add_profile_argument(parser)
    parser.add_argument(
        "--no-pdf", action="store_true", help="不用 Chromium 打印 PDF（只写 HTML 年终报告）"
    )
    parser.add_argument("--quiet", action="store_true", help="不打印摘要")
    parser.set_defaults(func=run)
