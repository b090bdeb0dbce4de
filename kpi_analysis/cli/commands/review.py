"""``kpi-analysis review [INPUT ...] --out DIR``: annual vs mid-term comparison and target review.

Writes ``comparison.csv`` (aligned indicator pairs with pacing), ``findings.csv`` (one row per
finding, sorted by severity; both UTF-8 with BOM, tidy English headers) and ``review.xlsx``
(Chinese headers, one sheet per table: 审核发现, 年度与中期指标比对, 资金安排比对) and
``审核意见.docx`` (the review opinion: 审核依据, 主要问题 numbered per project, 审核建议; see
:mod:`kpi_analysis.outputs.review_opinion`). The files are written into a temporary folder
first and moved into place together. Inputs are read as by ``extract``.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from kpi_analysis.cli.commands.common import lazy
from kpi_analysis.cli.commands.extract import add_input_arguments, load_inputs
from kpi_analysis.cli.paths import DATA_RAW, REPORTS
from kpi_analysis.errors import EXIT_NOTHING

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_OUT = REPORTS / "review"
CSV_TABLES = ("comparison", "findings")
WORKBOOK = "review.xlsx"
OPINION = "审核意见.docx"
_LAZY = {
    "write_csv": "kpi_analysis.outputs.export",
    "write_workbook": "kpi_analysis.outputs.export",
    "write_review_opinion": "kpi_analysis.outputs.review_opinion",
}
#: The rule ids of :data:`kpi_analysis.analysis.review.profile.RULE_IDS` (kept here so that
#: ``--help`` imports nothing heavy; a test keeps the two equal).
RULE_IDS = tuple(f"R{n}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 13, 14, 15, 16))


def write_review(tables: dict[str, pd.DataFrame], out_dir: Path) -> list[Path]:
    """Write ``comparison.csv``, ``findings.csv``, ``review.xlsx`` and ``审核意见.docx``; all
    or nothing.

    ``tables`` holds ``findings``, ``comparison`` and ``funding_phasing`` (tidy frames).
    """
    from kpi_analysis.outputs.files import publish, staging_folder
    from kpi_analysis.outputs.labels import REVIEW_SHEET_LABELS, TABLE_SCHEMAS

    write_csv = lazy(globals(), _LAZY, "write_csv")
    write_workbook = lazy(globals(), _LAZY, "write_workbook")
    write_review_opinion = lazy(globals(), _LAZY, "write_review_opinion")

    with staging_folder(out_dir) as staging:
        names = []
        for name in CSV_TABLES:
            write_csv(tables[name], staging / f"{name}.csv")
            names.append(f"{name}.csv")
        sheets = {REVIEW_SHEET_LABELS[name]: frame for name, frame in tables.items()}
        schemas = {  # number formats from the tables' declared display kinds
            REVIEW_SHEET_LABELS[name]: TABLE_SCHEMAS[table]
            for name, table in (
                ("findings", "review_findings"),
                ("comparison", "comparison"),
                ("funding_phasing", "funding_phasing"),
            )
        }
        write_workbook(sheets, staging / WORKBOOK, subject="review", schemas=schemas)
        names.append(WORKBOOK)
        write_review_opinion(tables["findings"], staging / OPINION)
        names.append(OPINION)
        return publish(staging, names, out_dir)


def summary_line(findings: pd.DataFrame, comparison: pd.DataFrame) -> str:
    """One line: how many findings of each severity, how many indicator pairs."""
    from kpi_analysis.outputs.labels import SEVERITY_LABELS

    counts = findings["severity"].value_counts()
    parts = "、".join(
        f"{label} {int(counts.get(key, 0))}" for key, label in SEVERITY_LABELS.items()
    )
    paired = int(comparison["status"].isin(["same", "target_changed", "text_changed"]).sum())
    return (
        f"审核发现 {len(findings)} 条（{parts}）；"
        f"年度与中期指标比对 {len(comparison)} 行，其中配对 {paired} 对"
    )


def run(args: argparse.Namespace) -> int:
    """Read the inputs, compare and review them, write the four files to ``--out``."""
    from kpi_analysis.analysis.compare import compare_targets, funding_phasing
    from kpi_analysis.analysis.review import ReviewProfile, review_dataset
    from kpi_analysis.analysis.review.notes import with_review_notes

    unknown = sorted(set(args.skip) - set(RULE_IDS))
    if unknown:
        print(
            f"错误：未知的规则编号 {', '.join(unknown)}（可用：{', '.join(RULE_IDS)}）",
            file=sys.stderr,
        )
        return EXIT_NOTHING
    ds, code = load_inputs(args.inputs or [DATA_RAW], strict=args.strict, quiet=args.quiet)
    if ds is None:
        return code
    profile = replace(ReviewProfile(), disabled=frozenset(args.skip))
    findings = review_dataset(ds, profile)
    comparison = with_review_notes(  # the review's errors beside the pairs (and their charts)
        compare_targets(ds.indicators, profile=profile.comparison),
        findings,
        ds.indicators,
        indicator_columns=("indicator_annual", "indicator_mid"),
        year_column="year_annual",
    )
    tables = {
        "findings": findings,
        "comparison": comparison,
        "funding_phasing": funding_phasing(ds.funding, ds.projects, profile=profile.comparison),
    }
    written = write_review(tables, Path(args.out))
    if not args.quiet:
        print(summary_line(tables["findings"], tables["comparison"]))
        print(f"已写出 {len(written)} 个文件到 {args.out}")
    return code


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``review`` subcommand."""
    parser = sub.add_parser(
        "review", help="年度与中期目标比对，并审核绩效目标（输出审核发现和审核意见）"
    )
    add_input_arguments(parser, DEFAULT_OUT)
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        metavar="RULE",
        help="不执行的审核规则编号，可重复（如 --skip R13）",
    )
    parser.set_defaults(func=run)


def __getattr__(name: str) -> object:
    """Heavy names (:data:`_LAZY`) imported on first use."""
    return lazy(globals(), _LAZY, name)
