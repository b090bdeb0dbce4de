"""Chinese text renders with a real CJK font: no tofu boxes."""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib
import pytest
from matplotlib import font_manager
from matplotlib.figure import Figure

from kpi_analysis.outputs.charts import fonts

CHINESE = "项目支出绩效目标 数量指标 满意度 宿州市委编办 埇桥区"


def _chinese_figure() -> Figure:
    fig = Figure(layout="constrained")
    ax = fig.add_subplot()
    ax.plot([0, 1, 2], [3, -1, 2], label="满意度（%）")
    ax.set_title(CHINESE)
    ax.set_xlabel("年度 — 中期")
    ax.set_ylabel("指标数（个）")
    ax.legend(title="宿州市委编办")
    return fig


def test_font_file_comes_from_the_font_package():
    path = fonts.cjk_font_path()
    assert path.is_file()
    assert path.suffix.lower() in {".otf", ".ttf", ".ttc"}
    assert fonts.FONT_PACKAGE in path.parts


def _entries_for(path: Path) -> list:
    return [f for f in font_manager.fontManager.ttflist if Path(f.fname) == path]


def test_registration_is_idempotent_and_returns_the_family():
    path = fonts.cjk_font_path()
    first = fonts.register_cjk_font()
    entries = _entries_for(path)
    second = fonts.register_cjk_font()
    assert first == second == fonts.CJK_FONT_FAMILY
    assert first.startswith("Noto Sans CJK")
    assert entries  # registered ...
    assert _entries_for(path) == entries  # ... and only once


def test_registration_puts_the_font_first():
    with matplotlib.rc_context({"font.sans-serif": ["DejaVu Sans", "Arial"]}):
        family = fonts.register_cjk_font()
        assert matplotlib.rcParams["font.family"] == ["sans-serif"]
        assert matplotlib.rcParams["font.sans-serif"][:3] == [family, "DejaVu Sans", "Arial"]
        assert matplotlib.rcParams["axes.unicode_minus"] is False
        found = font_manager.findfont(font_manager.FontProperties(family=["sans-serif"]))
        assert Path(found) == fonts.cjk_font_path()


def test_chinese_text_renders_without_missing_glyphs(tmp_path, missing_glyphs):
    fonts.register_cjk_font()
    target = tmp_path / "chinese.png"
    assert missing_glyphs(_chinese_figure(), target) == []
    assert target.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_the_glyph_check_detects_a_font_without_chinese(tmp_path, missing_glyphs):
    # The same figure with only DejaVu Sans must produce warnings, or the test above proves nothing.
    with matplotlib.rc_context({"font.family": ["sans-serif"], "font.sans-serif": ["DejaVu Sans"]}):
        warnings = missing_glyphs(_chinese_figure(), tmp_path / "tofu.png")
    assert warnings
    assert any("DejaVu Sans" in message for message in warnings)


def test_apply_chart_style_fixes_size_and_dpi():
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        family = fonts.apply_chart_style()
        rc = matplotlib.rcParams
        assert family == fonts.CJK_FONT_FAMILY
        assert tuple(rc["figure.figsize"]) == (8.0, 4.5)
        assert rc["figure.dpi"] == 100
        assert rc["savefig.dpi"] == 150
        assert rc["font.sans-serif"][0] == family
        assert rc["axes.unicode_minus"] is False


def test_missing_font_package_raises_a_bilingual_error(monkeypatch):
    # A None entry in sys.modules makes the import fail as if the package were not installed.
    monkeypatch.setitem(sys.modules, fonts.FONT_PACKAGE, None)
    with pytest.raises(RuntimeError) as excinfo:
        fonts.cjk_font_path()
    message = str(excinfo.value)
    assert "pip install cvttf-notosanscjk-regular" in message
    assert "中文字体" in message
    assert "not installed" in message
