"""Command line entry point: ``kpi-analysis COMMAND ...``.

Messages are in Chinese. Exit codes are in :mod:`kpi_analysis.exit_codes`; errors of the
:class:`~kpi_analysis.errors.KpiError` family carry their own (3 unreadable file,
4 unknown layout, 5 bad value).
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence

from kpi_analysis.commands import COMMANDS


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one subcommand per module in ``kpi_analysis.commands``."""
    parser = argparse.ArgumentParser(
        prog="kpi-analysis",
        description="项目支出绩效目标表读取与分析 / budget performance target analytics",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        importlib.import_module(f"kpi_analysis.commands.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``kpi-analysis`` command."""
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
