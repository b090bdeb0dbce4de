"""``kpi-analysis extract [INPUT ...] --out DIR``: forms in, tidy tables out.

Identical files (same SHA-256) are read once and named as duplicates; from
:data:`PROGRESS_MIN_FILES` files on a progress bar runs on stderr (as ``batch``'s).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from kpi_analysis.cli.commands.batch import add_batch_arguments, run_batch, wants_batch
from kpi_analysis.cli.commands.common import add_inputs_argument, lazy, name_missing
from kpi_analysis.cli.paths import DATA_PROCESSED, DATA_RAW
from kpi_analysis.errors import EXIT_NOTHING, EXIT_OK, EXIT_PARTIAL, KpiError

if TYPE_CHECKING:
    import pandas as pd

    from kpi_analysis.readers.limits import ReadLimits
    from kpi_analysis.tables.targets import Dataset

_LAZY = {"write_tables": "kpi_analysis.outputs.export"}
UNREADABLE_CODES = ("file_unreadable", "no_form_found")
#: From this many files on, ``extract`` shows a progress bar (on a terminal, unless --quiet).
PROGRESS_MIN_FILES = 10


def summary_line(ds: Dataset) -> str:
    """One line: what was read and how every non-empty cell and paragraph was accounted for."""
    roles = ds.cells["role"].value_counts()
    used = int(roles.get("value", 0) + roles.get("label", 0) + roles.get("context", 0))
    reported = int(roles.get("reported", 0))
    line = (
        f"读取项目 {len(ds.projects)} 个、指标 {len(ds.indicators)} 条、"
        f"问题 {len(ds.findings)} 条；"
        f"非空单元格和段落 {len(ds.cells)} 个：已使用 {used}，已报告 {reported}"
    )
    elsewhere = elsewhere_cells(ds)
    if elsewhere:
        line += (
            f"（其中 {elsewhere} 个属于应由其他命令读取的文件："
            "实际完成情况填报表或自评表，见问题清单）"
        )
    return line


def elsewhere_cells(ds: Dataset) -> int:
    """Reported cells of files that another loader reads (the actuals workbook, a 自评表)."""
    from kpi_analysis.tables.targets import READ_ELSEWHERE_CODES

    marked = ds.findings["code"].isin(READ_ELSEWHERE_CODES)
    files = set(ds.findings.loc[marked, "source"].astype(str).str.split("#").str[0])
    if not files:
        return 0
    reported = ds.cells[ds.cells["role"] == "reported"]
    return int(reported["source"].astype(str).str.split("#").str[0].isin(files).sum())


def drop_duplicates(files: list[Path]) -> tuple[list[Path], list[tuple[Path, Path]]]:
    """:func:`kpi_analysis.tables.inputs.drop_duplicates` (the one rule for every command)."""
    from kpi_analysis.tables.inputs import drop_duplicates as drop

    return drop(files)


def _duplicate_findings(copies: list[tuple[Path, Path]]) -> pd.DataFrame:
    from kpi_analysis.tables.schema import FINDINGS

    return FINDINGS.from_records(
        [
            {
                "source": copy.name,
                "severity": "info",
                "code": "duplicate_file",
                "message": f"与 {kept.name} 内容完全相同（SHA-256 一致），只读取一次",
                "text": str(copy),
            }
            for copy, kept in copies
        ]
    )


def _load_with_progress(
    files: list[Path],
    *,
    strict: bool,
    limits: ReadLimits,
    quiet: bool,
    names: dict[Path, str] | None = None,
) -> Dataset:
    """:func:`~kpi_analysis.tables.targets.load`; file by file with a progress bar when many."""
    from tqdm import tqdm

    from kpi_analysis.tables.schema import CELLS, TABLES
    from kpi_analysis.tables.targets import Dataset, load

    if len(files) < PROGRESS_MIN_FILES:
        return load(files, strict=strict, limits=limits, names=names)
    parts = [
        load(path, strict=strict, limits=limits, names=names)
        for path in tqdm(
            files, desc="读取", unit="个文件", file=sys.stderr, disable=True if quiet else None
        )
    ]
    schemas = {**TABLES, "cells": CELLS}  # concat keeps the ordered 一级/二级 categoricals
    return Dataset(
        **{name: schemas[name].concat(getattr(part, name) for part in parts) for name in schemas}
    )


def load_inputs(
    inputs: list[Path],
    *,
    strict: bool,
    limits: ReadLimits | None = None,
    quiet: bool = True,
) -> tuple[Dataset | None, int]:
    """Load CLI inputs, printing Chinese errors; return the dataset (or None) and exit code.

    Every file that could not be read is named on stderr; with ``strict`` the first one
    stops the run with its error's exit code. Files with identical content (same SHA-256)
    are read once; the copies are named (``注意：``) and listed in the findings
    (``duplicate_file``). With many files and ``quiet`` false, a progress bar runs on stderr.
    """
    import pandas as pd

    from kpi_analysis.readers.limits import DEFAULT_LIMITS
    from kpi_analysis.tables.inputs import duplicate_notes
    from kpi_analysis.tables.targets import input_files, skipped_files

    if name_missing(inputs):
        return None, EXIT_NOTHING
    names = input_files(inputs)  # sources keep the path relative to the folder given
    files, copies = drop_duplicates(list(names))
    for path, why in skipped_files(inputs):  # named, as batch does: nothing left out silently
        print(f"注意：跳过 {path}：{why}", file=sys.stderr)
    if not files:
        print(f"错误：输入中没有可读取的文件（{', '.join(map(str, inputs))}）", file=sys.stderr)
        return None, EXIT_NOTHING
    for note in duplicate_notes(copies):
        print(f"注意：{note}", file=sys.stderr)
    try:
        ds = _load_with_progress(
            files, strict=strict, limits=limits or DEFAULT_LIMITS, quiet=quiet, names=names
        )
    except KpiError as error:
        print(f"错误：{error}", file=sys.stderr)
        return None, error.exit_code
    if copies:
        findings = pd.concat([ds.findings, _duplicate_findings(copies)], ignore_index=True)
        ds = replace(ds, findings=findings)
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
    write_tables = lazy(globals(), _LAZY, "write_tables")
    ds, code = load_inputs(args.inputs or [DATA_RAW], strict=args.strict, quiet=args.quiet)
    if ds is None:
        return code
    written = write_tables(ds.tables(), Path(args.out), "kpi_tables.xlsx")
    if not args.quiet:
        print(summary_line(ds))
        print(f"已写出 {len(written)} 个文件到 {args.out}")
    return code


def add_input_arguments(parser: argparse.ArgumentParser, default_out: Path) -> None:
    """The input/output/strict/quiet arguments every reading command shares."""
    add_inputs_argument(parser, "输入文件或文件夹（默认 {default}）")
    parser.add_argument("--out", type=Path, default=default_out, help="输出文件夹")
    parser.add_argument("--strict", action="store_true", help="任何文件读取失败即停止")
    parser.add_argument("--quiet", action="store_true", help="不打印摘要")


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``extract`` subcommand."""
    parser = sub.add_parser("extract", help="读取绩效目标表，输出整洁表格 (tidy tables)")
    add_input_arguments(parser, DATA_PROCESSED)
    add_batch_arguments(parser)
    parser.set_defaults(func=run)


def __getattr__(name: str) -> object:
    """Heavy names (:data:`_LAZY`) imported on first use."""
    return lazy(globals(), _LAZY, name)
