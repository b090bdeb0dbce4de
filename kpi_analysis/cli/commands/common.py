"""Input and argument handling shared by the commands (not a subcommand itself)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from kpi_analysis.analysis.scoring.profiles import PROFILES
from kpi_analysis.cli.paths import DATA_RAW

DEFAULT_PROFILE = "central_2020"


def input_paths(inputs: Iterable[str | Path] | None) -> list[Path]:
    """The command-line inputs as paths; the embedded example folder when none are given."""
    return [Path(p) for p in (inputs or [DATA_RAW])]


def name_missing(inputs: Iterable[str | Path]) -> bool:
    """Print the inputs that do not exist on stderr; True when there are any."""
    missing = [p for p in inputs if not Path(p).exists()]
    if missing:
        print(f"错误：找不到输入 {', '.join(map(str, missing))}", file=sys.stderr)
    return bool(missing)


def add_profile_argument(parser: argparse.ArgumentParser, help: str = "评分规则") -> None:
    """``--profile``: the scoring rules
    (:data:`~kpi_analysis.analysis.scoring.profiles.PROFILES`)."""
    parser.add_argument("--profile", choices=sorted(PROFILES), default=DEFAULT_PROFILE, help=help)
