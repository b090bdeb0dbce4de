"""``kpi-analysis batch [INPUT ...] --out DIR``: extract folder trees in parallel.

Files run in worker processes (``--jobs``) or on a Dask cluster (``--engine dask
--scheduler ADDRESS``); the output is a Parquet dataset partitioned by year and department
(``--format parquet-dataset``, the default, with ``--incremental`` re-runs) or the usual
CSV / Parquet / Excel tables (``--format tables``). ``extract`` takes the same options
through :func:`add_batch_arguments`, :func:`wants_batch` and :func:`run_batch`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kpi_analysis.cli.commands.common import add_inputs_argument, lazy
from kpi_analysis.cli.paths import DATA_PROCESSED, DATA_RAW
from kpi_analysis.errors import EXIT_NOTHING, KpiError

if TYPE_CHECKING:
    from kpi_analysis.batch.pipeline import BatchReport

#: The engines of :data:`kpi_analysis.batch.engine.ENGINES`, listed here so that ``--help``
#: does not import the batch package (a test keeps the two equal).
ENGINES = ("local", "dask")
_LAZY = {
    "BatchReport": "kpi_analysis.batch.pipeline",
    "extract_dataset": "kpi_analysis.batch.pipeline",
    "extract_tables": "kpi_analysis.batch.pipeline",
    "write_tables": "kpi_analysis.outputs.export",
}

FORMATS = ("parquet-dataset", "tables")
SHOWN_FAILURES = 20
DEFAULT_OUT = DATA_PROCESSED / "dataset"


def positive_int(text: str) -> int:
    """argparse type: an integer of at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"应为正整数：{text}")
    return value


def add_batch_arguments(parser: argparse.ArgumentParser) -> None:
    """``--jobs``, ``--engine``, ``--scheduler``, ``--incremental`` and ``--format``.

    Their defaults are None, so that :func:`wants_batch` can tell whether any was given.
    """
    group = parser.add_argument_group("批量处理")
    group.add_argument(
        "--jobs", type=positive_int, default=None, help="并行工作进程数（默认：全部 CPU 核）"
    )
    group.add_argument(
        "--engine", choices=ENGINES, default=None, help="计算引擎：local 本机多进程（默认）或 dask"
    )
    group.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        default=None,
        help="Dask 调度器地址，如 tcp://10.0.0.5:8786（隐含 --engine dask）",
    )
    group.add_argument(
        "--incremental",
        action="store_true",
        default=None,
        help="只读取新增或内容有变化的文件，并删除已不存在文件的记录",
    )
    group.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="输出格式：parquet-dataset 按年度和主管部门分区的 Parquet 数据集；"
        "tables 即 CSV/Parquet/Excel 表格",
    )


def wants_batch(args: argparse.Namespace) -> bool:
    """True when any batch option was given (``extract`` then routes to :func:`run_batch`)."""
    names = ("jobs", "engine", "scheduler", "incremental", "format")
    return any(getattr(args, name, None) is not None for name in names)


def usage_error(text: str) -> int:
    """Print a Chinese usage error; return the exit code for it."""
    print(f"错误：{text}", file=sys.stderr)
    return EXIT_NOTHING


def print_failures(report: BatchReport) -> None:
    """List the files that failed on stderr (the first few; all are in ``failures``)."""
    for file, _, message in report.failures[:SHOWN_FAILURES]:
        name = Path(file).name
        if message.startswith(f"{name}:"):  # name the file by its path under the input folder
            message = file + message[len(name) :]
        print(f"错误：{message}", file=sys.stderr)
    hidden = len(report.failures) - SHOWN_FAILURES
    if hidden > 0:
        print(f"……另有 {hidden} 个文件读取失败，完整清单见 failures 表", file=sys.stderr)


def run_batch(args: argparse.Namespace, *, default_format: str = "parquet-dataset") -> int:
    """Run a batch extraction from parsed arguments; return the exit code."""
    extract_dataset = lazy(globals(), _LAZY, "extract_dataset")
    extract_tables = lazy(globals(), _LAZY, "extract_tables")
    write_tables = lazy(globals(), _LAZY, "write_tables")
    engine = args.engine or ("dask" if args.scheduler else "local")
    fmt = args.format or ("parquet-dataset" if args.incremental else default_format)
    if getattr(args, "strict", False):
        return usage_error("--strict 不能与批量选项（--jobs、--engine 等）同时使用")
    if args.scheduler and engine != "dask":
        return usage_error("--scheduler 只能与 --engine dask 一起使用")
    if args.incremental and fmt != "parquet-dataset":
        return usage_error("--incremental 只适用于 --format parquet-dataset")
    inputs = list(args.inputs or [DATA_RAW])
    missing = [p for p in inputs if not Path(p).exists()]
    if missing:
        return usage_error(f"找不到输入 {', '.join(map(str, missing))}")
    options = {
        "jobs": args.jobs,
        "engine": engine,
        "scheduler": args.scheduler,
        "progress": False if args.quiet else None,
    }
    out = Path(args.out)
    try:
        if fmt == "parquet-dataset":
            report = extract_dataset(inputs, out, incremental=bool(args.incremental), **options)
        else:
            tables, report = extract_tables(inputs, **options)
            if report.succeeded:
                write_tables(tables, out, "kpi_tables.xlsx")
    except KpiError as error:  # the cluster cannot be used, the output folder is locked…
        print(f"错误：{error}", file=sys.stderr)
        return error.exit_code
    if not report.files:
        return usage_error(f"输入中没有可读取的文件（{', '.join(map(str, inputs))}）")
    print_failures(report)
    if not args.quiet:
        print(report.summary())
        if fmt == "parquet-dataset":
            print(f"数据集已写入 {out}（kpi_analysis.open_dataset 可按年度等条件读取）")
        elif report.succeeded:
            print(f"已写出表格到 {out}")
    if not report.succeeded and not report.skipped:
        print("错误：没有读到任何绩效目标表", file=sys.stderr)
    return report.exit_code()


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``batch`` subcommand."""
    parser = sub.add_parser(
        "batch", help="并行读取整个文件夹（本机多进程或 Dask 集群），输出分区 Parquet 数据集"
    )
    add_inputs_argument(parser, "输入文件或文件夹（默认 {default}）")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="输出文件夹")
    parser.add_argument("--quiet", action="store_true", help="不显示进度条和摘要")
    add_batch_arguments(parser)
    parser.set_defaults(func=run_batch)


def __getattr__(name: str) -> object:
    """Heavy names (:data:`_LAZY`) imported on first use."""
    return lazy(globals(), _LAZY, name)
