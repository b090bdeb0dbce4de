"""Paths used by the CLI, the Makefile and the notebooks (one place for them)."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_RAW = REPO_ROOT / "data" / "raw"
DATA_PROCESSED = REPO_ROOT / "data" / "processed"
REPORTS = REPO_ROOT / "reports"
FIGURES = REPORTS / "figures"
DEFAULT_INPUT = DATA_RAW / "000_2504e2a5ee8feded.txt"
