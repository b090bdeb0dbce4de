"""Input and argument handling shared by the commands (not a subcommand itself)."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from kpi_analysis.cli.paths import DATA_RAW

DEFAULT_PROFILE = "central_2020"


def lazy(namespace: Mapping[str, object], table: Mapping[str, str], name: str) -> object:
    """``name`` as a command module sees it: its own binding when one was set (a test's
    monkeypatch), else imported on first use from the module ``table[name]`` names.

    Command modules import pandas-heavy code this way, inside ``run``, so that ``--help``
    and usage errors stay fast; their module ``__getattr__`` calls this too.
    """
    if name in namespace:
        return namespace[name]
    module = table.get(name)
    if module is None:
        raise AttributeError(name)
    return getattr(importlib.import_module(module), name)


def input_paths(inputs: Iterable[str | Path] | None) -> list[Path]:
    """The command-line inputs as paths; the embedded example folder when none are given."""
    return [Path(p) for p in (inputs or [DATA_RAW])]


def name_missing(inputs: Iterable[str | Path]) -> bool:
    """Print the inputs that do not exist on stderr; True when there are any."""
    missing = [p for p in inputs if not Path(p).exists()]
    if missing:
        print(f"错误：找不到输入 {', '.join(map(str, missing))}", file=sys.stderr)
    return bool(missing)


def profile_name(text: str) -> str:
    """argparse type: the name of a scoring profile (checked when given, so that ``--help``
    does not import the scoring package)."""
    from kpi_analysis.analysis.scoring.profiles import PROFILES

    if text not in PROFILES:
        names = "、".join(sorted(PROFILES))
        raise argparse.ArgumentTypeError(f"未知的评分规则 {text}（可用：{names}）")
    return text


def add_inputs_argument(parser: argparse.ArgumentParser, help: str) -> None:
    """The positional ``inputs`` (files or folders, none = the example folder); ``{default}``
    in ``help`` becomes that folder's name."""
    parser.add_argument("inputs", nargs="*", type=Path, help=help.format(default=DATA_RAW.name))


def add_profile_argument(parser: argparse.ArgumentParser, help: str = "评分规则") -> None:
    """``--profile``: the scoring rules
    (:data:`~kpi_analysis.analysis.scoring.profiles.PROFILES`; see docs/rules.md)."""
    parser.add_argument(
        "--profile", type=profile_name, default=DEFAULT_PROFILE, metavar="PROFILE", help=help
    )
