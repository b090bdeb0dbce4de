"""Register a CJK font with matplotlib so Chinese labels render as text, not tofu boxes.

The font is Noto Sans CJK TC Regular (SIL Open Font License), shipped on PyPI by the
``cvttf-notosanscjk-regular`` package. The TC build holds the full simplified-Chinese
character set as well. Registration only touches this process's matplotlib state: nothing
is written to site-packages or to the user's matplotlibrc.

Importing this module registers the font (and raises ``RuntimeError`` with install
instructions when the font package is missing).

>>> family = register_cjk_font()
>>> family == CJK_FONT_FAMILY
True
>>> import matplotlib
>>> matplotlib.rcParams["font.sans-serif"][0] == family
True
"""

from __future__ import annotations

import importlib
import importlib.resources
import threading
from pathlib import Path

import matplotlib
from matplotlib import font_manager

__all__ = [
    "CHART_STYLE",
    "CJK_FONT_FAMILY",
    "FONT_PACKAGE",
    "apply_chart_style",
    "cjk_font_path",
    "register_cjk_font",
]

FONT_PACKAGE = "cvttf_NotoSansCJK_Regular"
_FONT_SUFFIXES = (".otf", ".ttf", ".ttc")

#: Family name of the registered font ("Noto Sans CJK TC"); ``None`` until registration.
CJK_FONT_FAMILY: str | None = None

#: Figure defaults that keep rendered images the same from run to run.
CHART_STYLE: dict[str, object] = {
    "figure.figsize": (8.0, 4.5),
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "savefig.bbox": "standard",
    "font.size": 10.0,
    "axes.unicode_minus": False,
    "svg.hashsalt": "kpi_analysis",
}

_MISSING_FONT = (
    "未找到中文字体包 cvttf-notosanscjk-regular，图表中的中文将无法显示。"
    "请运行：pip install cvttf-notosanscjk-regular\n"
    "The CJK font package cvttf-notosanscjk-regular is not installed, so Chinese text in "
    "charts cannot be drawn. Install it with: pip install cvttf-notosanscjk-regular"
)

_lock = threading.Lock()


def cjk_font_path() -> Path:
    """Return the path of the Noto Sans CJK font file shipped by the font package."""
    try:
        package = importlib.import_module(FONT_PACKAGE)
    except ImportError as exc:
        raise RuntimeError(_MISSING_FONT) from exc
    getter = getattr(package, "get_TTF_path", None)
    if getter is not None:
        try:
            return Path(getter())
        except (FileNotFoundError, OSError) as exc:
            raise RuntimeError(_MISSING_FONT) from exc
    for entry in sorted(importlib.resources.files(FONT_PACKAGE).iterdir(), key=str):
        if entry.name.lower().endswith(_FONT_SUFFIXES):
            return Path(str(entry))
    raise RuntimeError(_MISSING_FONT)


def register_cjk_font() -> str:
    """Register the CJK font with matplotlib and put it first in ``font.sans-serif``.

    Safe to call repeatedly: the font file is added once, and the rcParams are set again
    each call (so a later ``rcdefaults()`` can be undone). Returns the family name.
    """
    global CJK_FONT_FAMILY
    with _lock:
        if CJK_FONT_FAMILY is None:
            path = cjk_font_path()
            family = font_manager.FontProperties(fname=str(path)).get_name()
            known = {Path(f.fname) for f in font_manager.fontManager.ttflist}
            if path not in known:
                font_manager.fontManager.addfont(str(path))
            CJK_FONT_FAMILY = family
        family = CJK_FONT_FAMILY
    rc = matplotlib.rcParams
    rc["font.family"] = ["sans-serif"]
    rc["font.sans-serif"] = [family, *(f for f in rc["font.sans-serif"] if f != family)]
    rc["axes.unicode_minus"] = False
    return family


def apply_chart_style() -> str:
    """Register the CJK font and fix figure size and DPI defaults; return the font family."""
    family = register_cjk_font()
    matplotlib.rcParams.update(CHART_STYLE)
    return family


register_cjk_font()
