"""Command line: ``kpi-analysis extract [INPUT ...] --out DIR``.

Messages are in Chinese. Exit codes: 0 success; 1 some files could not be read (the rest
were written); 2 usage error or nothing could be read; 3 unreadable file (``--strict``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from kpi_analysis.config import DATA_PROCESSED, DATA_RAW
from kpi_analysis.dataset import Dataset, expand_paths, load
from kpi_analysis.errors import KpiError
from kpi_analysis.export import write_tables

EXIT_OK, EXIT_PARTIAL, EXIT_NOTHING = 0, 1, 2


def summary_line(ds: Dataset) -> str:
    """One line: what was read and how every non-empty cell was accounted for."""
    roles = ds.cells["role"].value_counts()
    used = int(roles.get("value", 0) + roles.get("label", 0))
    reported = int(roles.get("reported", 0))
    return (
        f"读取项目 {len(ds.projects)} 个、指标 {len(ds.indicators)} 条、"
        f"问题 {len(ds.findings)} 条；"
        f"非空单元格 {len(ds.cells)} 个：已使用 {used}，已报告 {reported}"
    )


def cmd_extract(args: argparse.Namespace) -> int:
    """Read the inputs and write the tidy tables to ``--out``."""
    inputs = args.inputs or [DATA_RAW]
    missing = [p for p in inputs if not Path(p).exists()]
    if missing:
        print(f"错误：找不到输入 {', '.join(map(str, missing))}", file=sys.stderr)
        return EXIT_NOTHING
    files = expand_paths(inputs)
    if not files:
        print(f"错误：输入中没有可读取的文件（{', '.join(map(str, inputs))}）", file=sys.stderr)
        return EXIT_NOTHING
    try:
        ds = load(files, strict=args.strict)
    except KpiError as error:
        print(f"错误：{error}", file=sys.stderr)
        return error.exit_code
    failed = ds.findings[ds.findings["code"].isin(["file_unreadable", "no_form_found"])]
    for row in failed.itertuples():
        print(
            f"错误：{row.source}: {row.message}{'（' + row.text + '）' if row.text else ''}",
            file=sys.stderr,
        )
    if ds.projects.empty:
        print("错误：没有读到任何绩效目标表，未写出文件", file=sys.stderr)
        return EXIT_NOTHING
    written = write_tables(ds.tables(), Path(args.out), "kpi_tables.xlsx")
    if not args.quiet:
        print(summary_line(ds))
        print(f"已写出 {len(written)} 个文件到 {args.out}")
    return EXIT_PARTIAL if len(failed) else EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (subcommands)."""
    parser = argparse.ArgumentParser(
        prog="kpi-analysis",
        description="项目支出绩效目标表读取与分析 / budget performance target analytics",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    extract = sub.add_parser("extract", help="读取绩效目标表，输出整洁表格 (tidy tables)")
    extract.add_argument(
        "inputs", nargs="*", type=Path, help=f"输入文件或文件夹（默认 {DATA_RAW.name}）"
    )
    extract.add_argument(
        "--out", type=Path, default=DATA_PROCESSED, help="输出文件夹（默认 data/processed）"
    )
    extract.add_argument("--strict", action="store_true", help="任何文件读取失败即停止")
    extract.add_argument("--quiet", action="store_true", help="不打印摘要")
    extract.set_defaults(func=cmd_extract)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``kpi-analysis`` command."""
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
