"""kpi_analysis: read 项目支出绩效目标表 into tidy tables and analyse them.

The public surface is small: :func:`load` reads files or folders into a :class:`Dataset`;
:func:`parse_target` parses one 指标值; the error classes name the file, table and row.

The names below are imported on first use (PEP 562), so that ``import kpi_analysis`` — and
the command line's ``--help`` — does not load pandas.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from kpi_analysis.errors import BadValueError, KpiError, UnknownLayoutError, UnreadableFileError

if TYPE_CHECKING:
    from kpi_analysis.batch.open import open_dataset
    from kpi_analysis.readers.limits import ReadLimits
    from kpi_analysis.tables.actuals import Actuals, load_actuals
    from kpi_analysis.tables.selfeval import SelfEval, load_selfeval
    from kpi_analysis.tables.targets import Dataset, load
    from kpi_analysis.text.grammar import TargetParse, parse_target

__all__ = [
    "Actuals",
    "BadValueError",
    "Dataset",
    "KpiError",
    "ReadLimits",
    "SelfEval",
    "TargetParse",
    "UnknownLayoutError",
    "UnreadableFileError",
    "load",
    "load_actuals",
    "load_selfeval",
    "open_dataset",
    "parse_target",
]

_LAZY = {
    "open_dataset": "kpi_analysis.batch.open",
    "ReadLimits": "kpi_analysis.readers.limits",
    "Actuals": "kpi_analysis.tables.actuals",
    "load_actuals": "kpi_analysis.tables.actuals",
    "SelfEval": "kpi_analysis.tables.selfeval",
    "load_selfeval": "kpi_analysis.tables.selfeval",
    "Dataset": "kpi_analysis.tables.targets",
    "load": "kpi_analysis.tables.targets",
    "TargetParse": "kpi_analysis.text.grammar",
    "parse_target": "kpi_analysis.text.grammar",
}


def package_version() -> str:
    """The installed version (``0+unknown`` in a source tree that was never installed)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kpi_analysis")
    except PackageNotFoundError:
        return "0+unknown"


def __getattr__(name: str) -> object:
    """Import the public names on first use."""
    if name == "__version__":
        return package_version()
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kpi_analysis' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, "__version__"})
