"""Default locations of the CLI, the Makefile and the notebooks (one place for them).

Every default is a path *relative to the current folder* (``./data/raw``, ``./reports`` …),
so it resolves where the command is run, never inside the installed package. Run the
commands from the project folder (the Makefile does) or give the paths explicitly.
"""

from __future__ import annotations

from pathlib import Path

#: The source checkout this module lives in (development scripts only; never a default).
REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_RAW = Path("data") / "raw"
DATA_PROCESSED = Path("data") / "processed"
REPORTS = Path("reports")
FIGURES = REPORTS / "figures"
NOTEBOOKS = Path("notebooks")
DEFAULT_INPUT = DATA_RAW / "000_2504e2a5ee8feded.txt"
