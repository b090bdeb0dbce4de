"""``kpi-analysis extract [INPUT ...] --out DIR``: forms in, tidy tables out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kpi_analysis.cli.commands.batch import add_batch_arguments, run_batch, wants_batch
from kpi_analysis.cli.commands.common import name_missing
from kpi_analysis.cli.paths import DATA_PROCESSED, DATA_RAW
from kpi_analysis.errors import EXIT_NOTHING, EXIT_OK, EXIT_PARTIAL, KpiError
from kpi_analysis.outputs.export import write_tables
from kpi_analysis.readers.limits import DEFAULT_LIMITS, ReadLimits
from kpi_analysis.tables.targets import Dataset, expand_paths, load

UNREADABLE_CODES = ("file_unreadable", "no_form_found")


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


def load_inputs(
    inputs: list[Path], *, strict: bool, limits: ReadLimits = DEFAULT_LIMITS
) -> tuple[Dataset | None, int]:
    """Load CLI inputs, printing Chinese errors; return the dataset (or None) and exit code.

    Every file that could not be read is named on stderr; with ``strict`` the first one
    stops the run with its error's exit code.
    """
    if name_missing(inputs):
        return None, EXIT_NOTHING
    files = expand_paths(inputs)
    if not files:
        print(f"错误：输入中没有可读取的文件（{', '.join(map(str, inputs))}）", file=sys.stderr)
        return None, EXIT_NOTHING
    try:
        ds = load(files, strict=strict, limits=limits)
    except KpiError as error:
        print(f"错误：{error}", file=sys.stderr)
        return None, error.exit_code
    failed = ds.findings[ds.findings["code"].isin(UNREADABLE_CODES)]
    for row in failed.itertuples():
        detail = f"（{row.text}）" if row.text else ""
        print(f"错误：{row.source}: {row.message}{detail}", file=sys.stderr)
    if ds.projects.empty:
        print("错误：没有读到任何绩效目标表，未写出文件", file=sys.stderr)
        return None, EXIT_NOTHING
    return ds, EXIT_PARTIAL if len(failed) else EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Read the inputs and write the tidy tables to ``--out``."""
    if wants_batch(args):
        return run_batch(args, default_format="tables")
    ds, code = load_inputs(args.inputs or [DATA_RAW], strict=args.strict)
    if ds is None:
        return code
    written = write_tables(ds.tables(), Path(args.out), "kpi_tables.xlsx")
    if not args.quiet:
        print(summary_line(ds))
        print(f"已写出 {len(written)} 个文件到 {args.out}")
    return code


def add_input_arguments(parser: argparse.ArgumentParser, default_out: Path) -> None:
    """The input/output/strict/quiet arguments every reading command shares."""
    parser.add_argument(
        "inputs", nargs="*", type=Path, help=f"输入文件或文件夹（默认 {DATA_RAW.name}）"
    )
    parser.add_argument("--out", type=Path, default=default_out, help="输出文件夹")
    parser.add_argument("--strict", action="store_true", help="任何文件读取失败即停止")
    parser.add_argument("--quiet", action="store_true", help="不打印摘要")


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``extract`` subcommand."""
    parser = sub.add_parser("extract", help="读取绩效目标表，输出整洁表格 (tidy tables)")
    add_input_arguments(parser, DATA_PROCESSED)
    add_batch_arguments(parser)
    parser.set_defaults(func=run)
