"""``kpi-analysis diff OLD NEW --out DIR``: what changed between two years' target documents.

``OLD`` and ``NEW`` are files or folders (e.g. the 2021 and the 2022 documents). Writes
``changes.csv`` (UTF-8 with BOM), ``changes.xlsx`` (Chinese headers) and ``changes.png`` (changes
per project by kind): projects added or removed, mid-term indicators added, dropped, renamed
or re-targeted, funding amounts changed (see
:func:`kpi_analysis.analysis.tracking.changes.document_changes`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kpi_analysis.cli.commands.extract import load_inputs
from kpi_analysis.cli.paths import REPORTS
from kpi_analysis.errors import EXIT_OK, EXIT_PARTIAL

DEFAULT_OUT = REPORTS / "diff"


def run(args: argparse.Namespace) -> int:
    """Read both sides, compare them, write the table and the chart to ``--out``."""
    from kpi_analysis.analysis.tracking.changes import DIFF_LABELS, document_changes
    from kpi_analysis.outputs.diff import write_diff

    old, code_old = load_inputs([Path(args.old)], strict=args.strict, quiet=args.quiet)
    if old is None:
        return code_old
    new, code_new = load_inputs([Path(args.new)], strict=args.strict, quiet=args.quiet)
    if new is None:
        return code_new
    changes = document_changes(old, new)
    title = f"绩效目标的变化：{Path(args.old).name} → {Path(args.new).name}"
    written = write_diff(changes, Path(args.out), title=title)
    if not args.quiet:
        counts = changes["change"].value_counts()
        parts = "、".join(
            f"{label} {int(counts[k])}" for k, label in DIFF_LABELS.items() if k in counts
        )
        print(f"变化 {len(changes)} 条" + (f"（{parts}）" if parts else "（两者相同）"))
        print(f"已写出 {len(written)} 个文件到 {args.out}")
    return EXIT_PARTIAL if EXIT_PARTIAL in (code_old, code_new) else EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``diff`` subcommand."""
    parser = sub.add_parser(
        "diff", help="比较两个年度的绩效目标文件：项目增减、中期目标变化、资金变化"
    )
    parser.add_argument("old", type=Path, metavar="OLD", help="较早年度的文件或文件夹")
    parser.add_argument("new", type=Path, metavar="NEW", help="较晚年度的文件或文件夹")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="输出文件夹")
    parser.add_argument("--strict", action="store_true", help="任何文件读取失败即停止")
    parser.add_argument("--quiet", action="store_true", help="不打印摘要")
    parser.set_defaults(func=run)
