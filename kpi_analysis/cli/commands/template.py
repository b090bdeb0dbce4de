"""``kpi-analysis template [INPUT ...] --years 2021 2022 2023 --out FILE.xlsx``.

Writes the actuals workbook prefilled from the target documents (see
:mod:`kpi_analysis.outputs.actuals_template`). Actuals workbooks found among the inputs (such as the
example under ``data/raw``) are skipped, and an existing output file is only replaced with
``--force`` so that a filled-in workbook is never overwritten by accident.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kpi_analysis.cli.commands.common import add_profile_argument, input_paths, name_missing
from kpi_analysis.cli.commands.extract import load_inputs
from kpi_analysis.cli.paths import DATA_PROCESSED, DATA_RAW
from kpi_analysis.errors import EXIT_NOTHING

DEFAULT_OUT = DATA_PROCESSED / "actuals_template.xlsx"


def run(args: argparse.Namespace) -> int:
    """Read the target documents and write the actuals workbook."""
    from kpi_analysis.outputs.actuals_template import write_actuals_template
    from kpi_analysis.tables.actuals import is_actuals_workbook
    from kpi_analysis.tables.targets import expand_paths

    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        print(f"错误：输出文件须为 .xlsx（{out}）", file=sys.stderr)
        return EXIT_NOTHING
    if out.exists() and not args.force:
        print(
            f"错误：{out} 已存在；如确需覆盖（会丢失已填写的内容），请加 --force", file=sys.stderr
        )
        return EXIT_NOTHING
    inputs = input_paths(args.inputs)
    if name_missing(inputs):
        return EXIT_NOTHING
    files = [p for p in expand_paths(inputs) if not is_actuals_workbook(p)]
    if not files:
        names = ", ".join(map(str, inputs))
        print(f"错误：输入中没有可读取的绩效目标表（{names}）", file=sys.stderr)
        return EXIT_NOTHING
    ds, code = load_inputs(files, strict=args.strict, quiet=args.quiet)
    if ds is None:
        return code
    covered = _default_years(ds)
    outside = sorted(set(args.years or ()) - set(covered))
    if outside:
        print(
            f"错误：--years 中的 {'、'.join(map(str, outside))} 年不在绩效目标覆盖的年度内"
            f"（{'、'.join(map(str, covered)) or '无'}），未写出文件",
            file=sys.stderr,
        )
        return EXIT_NOTHING
    years = args.years or covered
    summary = write_actuals_template(ds, years, out, profile=args.profile)
    if not args.quiet:
        print(
            f"已写出 {out}：{len(summary.years)} 个年度（{'、'.join(map(str, summary.years))}），"
            f"指标 {summary.indicator_rows} 行，资金 {summary.funding_rows} 行"
        )
        fallback = sorted({year for _, year in summary.mid_term_years})
        for year in fallback:
            count = sum(1 for _, y in summary.mid_term_years if y == year)
            print(
                f"提示：{year} 年 {count} 个项目没有年度绩效目标，"
                "已按中期目标预填（见“目标来源”列）"
            )
        for project, year in summary.without_targets:
            print(f"警告：{project} {year} 年既无年度目标也无中期目标，未列入", file=sys.stderr)
    return code


def _default_years(ds) -> list[int]:
    """All years covered by the targets (mid-term and annual)."""
    spans = ds.indicators[["year_start", "year_end"]].dropna().drop_duplicates()
    years = {
        y for row in spans.itertuples() for y in range(int(row.year_start), int(row.year_end) + 1)
    }
    return sorted(years)


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``template`` subcommand."""
    parser = sub.add_parser("template", help="生成实际完成情况填报工作簿（按绩效目标预填）")
    parser.add_argument(
        "inputs", nargs="*", type=Path, help=f"绩效目标表文件或文件夹（默认 {DATA_RAW.name}）"
    )
    parser.add_argument(
        "--years", nargs="+", type=int, help="年度，如 2021 2022 2023（默认：目标覆盖的全部年度）"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="输出 .xlsx 文件")
    add_profile_argument(parser, "评分规则（决定分值说明）")
    parser.add_argument("--force", action="store_true", help="覆盖已存在的输出文件")
    parser.add_argument("--strict", action="store_true", help="任何文件读取失败即停止")
    parser.add_argument("--quiet", action="store_true", help="不打印摘要")
    parser.set_defaults(func=run)
