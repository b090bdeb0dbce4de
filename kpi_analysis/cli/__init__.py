"""The ``kpi-analysis`` command line: argument parsing, default paths and subcommands.

``entry`` and ``main`` (:mod:`kpi_analysis.cli.main`) are also reachable from here, for
console scripts installed by older versions (``from kpi_analysis.cli import entry``).
"""

from __future__ import annotations

import importlib


def __getattr__(name: str) -> object:
    """``entry`` and ``main`` of :mod:`kpi_analysis.cli.main`, imported on first use."""
    if name in ("entry", "main"):
        return getattr(importlib.import_module("kpi_analysis.cli.main"), name)
    raise AttributeError(f"module 'kpi_analysis.cli' has no attribute {name!r}")
