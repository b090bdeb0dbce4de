"""Command line entry point: ``kpi-analysis COMMAND ...``.

Messages are in Chinese (argparse's usage errors too, :mod:`kpi_analysis.cli.parser`) and,
from the console script (:func:`entry`), never a Python traceback. ``--help`` imports no
command module and no pandas; ``--version`` prints the installed version; default paths are
relative to the current folder (:mod:`kpi_analysis.cli.paths`). Exit codes are in
:mod:`kpi_analysis.errors`; errors of the :class:`~kpi_analysis.errors.KpiError` family
carry their own (3 unreadable file, 4 unknown layout, 5 bad value). Beyond those:

- an ``--out`` inside ``data/raw`` (under the current folder, or the source checkout's)
  is refused with exit code 2 before anything runs: the raw files are never written to;
- a file that cannot be written (disk full, no permission) gives exit code 2; outputs are
  written to a temporary folder and moved into place, so earlier outputs stay intact;
- Ctrl-C gives exit code 130 (:data:`EXIT_INTERRUPTED`), again with earlier outputs intact;
- any other exception is a bug: a Chinese message naming the exception and exit code 70
  (:data:`EXIT_INTERNAL`); set ``KPI_ANALYSIS_DEBUG=1`` to see the traceback instead.

The last three are :func:`entry`'s (the console script); :func:`main` lets them propagate.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from kpi_analysis.cli import paths as config
from kpi_analysis.cli.commands import COMMANDS, EXAMPLES, SUMMARIES
from kpi_analysis.cli.parser import ChineseArgumentParser, VersionAction
from kpi_analysis.cli.terminal import safe_terminal
from kpi_analysis.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_NOTHING, KpiError

DEBUG_ENV = "KPI_ANALYSIS_DEBUG"
ALL = "*"


def chosen_command(argv: Sequence[str]) -> str | None:
    """The subcommand named on the command line (the first word not an option), or None."""
    word = next((a for a in argv if not a.startswith("-")), None)
    return word if word in COMMANDS else None


def build_parser(only: str | None = ALL) -> argparse.ArgumentParser:
    """The argument parser with one subcommand per module in ``kpi_analysis.cli.commands``.

    With ``only`` set to a command name (or None), only that command's module is imported and
    registered; the others are listed by their summary, so ``--help`` and usage errors need
    no heavy imports. The default registers every command.
    """
    parser = ChineseArgumentParser(
        prog="kpi-analysis",
        description="项目支出绩效目标表读取与分析 / budget performance target analytics",
        epilog="每个命令的用法与示例：kpi-analysis 命令 --help（如 kpi-analysis extract --help）",
    )
    parser.add_argument("--version", action=VersionAction)
    sub = parser.add_subparsers(dest="command", required=True, title="命令", metavar="命令")
    for name in COMMANDS:
        if only in (ALL, name):
            importlib.import_module(f"kpi_analysis.cli.commands.{name}").register(sub)
            command = sub.choices[name]
            command.epilog = command.epilog or EXAMPLES.get(name)
            command.description = command.description or SUMMARIES.get(name)
        else:
            sub.add_parser(name, help=SUMMARIES.get(name, ""))
    return parser


def raw_folders() -> list[Path]:
    """The folders outputs may never go into: ``./data/raw`` (the default input, wherever the
    command runs) and the source checkout's ``data/raw``."""
    folders = [Path(config.DATA_RAW).resolve(), (config.REPO_ROOT / "data" / "raw").resolve()]
    return list(dict.fromkeys(folders))


def inside_raw(out: Path) -> Path | None:
    """The raw-data folder that ``out`` is in (or is), or None."""
    target = Path(out).resolve()
    for raw in raw_folders():
        if target == raw or target.is_relative_to(raw):
            return raw
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command (:func:`_main`), control codes in its messages escaped."""
    with safe_terminal():
        return _main(argv)


def _main(argv: Sequence[str] | None = None) -> int:
    """Run one command; :class:`KpiError` becomes its Chinese message and exit code.

    Other exceptions propagate (tests see them); the console script runs :func:`entry`.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(chosen_command(argv)).parse_args(argv)
    out = getattr(args, "out", None)
    if out is not None and (raw := inside_raw(out)) is not None:
        print(
            f"错误：输出位置 {out} 位于原始数据文件夹 {raw} 之内；原始数据文件夹只存放收到的"
            "原始文件，本工具不向其中写入任何内容。请用 --out 指定其他位置（如 data/processed）",
            file=sys.stderr,
        )
        return EXIT_NOTHING
    try:
        return int(args.func(args))
    except KpiError as error:
        print(f"错误：{error}", file=sys.stderr)
        return error.exit_code


def entry(argv: Sequence[str] | None = None) -> int:
    """The console script (:func:`_entry`), control codes in its messages escaped."""
    with safe_terminal():
        return _entry(argv)


def _entry(argv: Sequence[str] | None = None) -> int:
    """The ``kpi-analysis`` console script: :func:`main`, never a traceback.

    Ctrl-C, files that cannot be written and unexpected exceptions (bugs) become Chinese
    messages and exit codes; with ``KPI_ANALYSIS_DEBUG=1`` exceptions propagate.
    """
    try:
        return main(argv)
    except KeyboardInterrupt:
        print("已中断：本次输出未写入，输出位置原有的文件保持不变", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:
        if os.environ.get(DEBUG_ENV):
            raise
        if isinstance(error, OSError):
            where = f"{error.filename}：" if error.filename else ""
            print(f"错误：无法读写文件：{where}{error.strerror or error}", file=sys.stderr)
            return EXIT_NOTHING
        print(
            f"内部错误（{type(error).__name__}: {error}）。这是本工具的缺陷，请把命令、输入文件和"
            f"此信息报告给维护者；设置环境变量 {DEBUG_ENV}=1 可显示详细的出错位置",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    raise SystemExit(entry())
