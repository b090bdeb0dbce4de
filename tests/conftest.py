"""Shared fixtures. Selects the non-interactive Agg backend before anything draws."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import pytest  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """Return the repository root (the folder holding pyproject.toml)."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def source_path(repo_root: Path) -> Path:
    """Return the real text export of a 项目支出绩效目标表 kept under data/raw."""
    path = repo_root / "data" / "raw" / "000_2504e2a5ee8feded.txt"
    if not path.is_file():
        pytest.fail(f"missing source document: {path}")
    return path


def _draw_collecting_glyph_warnings(fig, path: Path) -> list[str]:
    """Save ``fig`` as PNG at ``path``; return the "Glyph … missing from font" warnings raised."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(path, format="png")
    return [str(w.message) for w in caught if "missing from" in str(w.message)]


@pytest.fixture
def missing_glyphs():
    """Callable ``(fig, path) -> list of missing-glyph warning messages`` after drawing ``fig``."""
    return _draw_collecting_glyph_warnings
