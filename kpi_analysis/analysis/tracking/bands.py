"""Status colours for progress values, with printable band definitions.

The default bands are the vendor 山西 traffic light (docs/rules.md#bands, S12: red < 60 %, yellow
60–80 %, green 80–120 %, blue ≥ 120 %), here applied to cumulative progress against the
pro-rata expectation (HEURISTIC). A value is classified *as shown*: rounded half up to the
percentage decimals displayed, so a table never shows "80%" in the colour of "below 80%".

>>> print(DEFAULT_STATUS_BANDS.describe().split("（")[0])
蓝 超前：≥120%；绿 正常：80%–120%；黄 偏慢：60%–80%；红 滞后：<60%
>>> DEFAULT_STATUS_BANDS.classify(0.795).label  # shown as 80% → 正常
'正常'
>>> DEFAULT_STATUS_BANDS.classify(0.794).label  # shown as 79% → 偏慢
'偏慢'
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kpi_analysis.text.numbers import round_half_up

__all__ = ["DEFAULT_STATUS_BANDS", "StatusBand", "StatusBands", "round_half_up"]


# ================================================================================ status bands


@dataclass(frozen=True)
class StatusBand:
    """One status: ``label`` from ``lower`` (a fraction, inclusive) up to the next band."""

    label: str
    lower: float
    colour: str
    colour_name: str


@dataclass(frozen=True)
class StatusBands:
    """Status colours for progress values, applied to the value as shown (rounded).

    ``bands`` apply to 正向 targets (more is better), ``reverse_bands`` to 反向 targets (less is
    better; the value is then allowance ÷ actual). Both descend to a lower bound of 0.
    ``decimals`` is the number of decimals of the percentage shown; a value is classified
    after rounding half up to that many decimals, so a chart or table never shows "80%" in
    the colour of "below 80%".
    """

    bands: tuple[StatusBand, ...] = (
        StatusBand("超前", 1.2, "#1565C0", "蓝"),
        StatusBand("正常", 0.8, "#2E7D32", "绿"),
        StatusBand("偏慢", 0.6, "#F9A825", "黄"),
        StatusBand("滞后", 0.0, "#C62828", "红"),
    )
    reverse_bands: tuple[StatusBand, ...] = (
        StatusBand("控制在目标内", 1.0, "#2E7D32", "绿"),
        StatusBand("超出目标", 0.0, "#C62828", "红"),
    )
    unmeasured: StatusBand = StatusBand("无法计量", 0.0, "#9E9E9E", "灰")
    decimals: int = 0
    basis: str = "进度 = 累计完成 ÷ 按年度进度应完成"
    source: str = (
        "厂商山西监控配置 S12：红<60%、黄60–80%、绿80–120%、蓝≥120%，按年度进度折算为启发式用法；"
        "详见 docs/rules.md#bands"
    )

    def __post_init__(self) -> None:
        for bands in (self.bands, self.reverse_bands):
            lowers = [band.lower for band in bands]
            if not lowers or lowers != sorted(lowers, reverse=True) or lowers[-1] != 0:
                raise ValueError("status bands must descend to a lower bound of 0")
        if self.decimals < 0:
            raise ValueError("decimals must be >= 0")

    def shown(self, value: float) -> float:
        """The value as shown: a fraction rounded half up to ``decimals`` of its percentage."""
        return round_half_up(value, self.decimals + 2)

    def classify(self, value: float | None, *, reverse: bool = False) -> StatusBand:
        """The band of ``value`` after rounding (``unmeasured`` for None)."""
        if value is None:
            return self.unmeasured
        shown = self.shown(value)
        bands = self.reverse_bands if reverse else self.bands
        for band in bands:
            if shown >= band.lower - 1e-12:
                return band
        return bands[-1]

    def percent(self, value: float) -> str:
        """A fraction as the percentage shown (``0.795`` → ``80%``)."""
        return f"{self.shown(value) * 100:.{self.decimals}f}%"

    def _ranges(self, bands: tuple[StatusBand, ...]) -> list[str]:
        out = []
        for i, band in enumerate(bands):
            if i == 0:
                out.append(f"{band.colour_name} {band.label}：≥{self.percent(band.lower)}")
            elif band.lower == 0:
                out.append(f"{band.colour_name} {band.label}：<{self.percent(bands[i - 1].lower)}")
            else:
                upper = self.percent(bands[i - 1].lower)
                out.append(f"{band.colour_name} {band.label}：{self.percent(band.lower)}–{upper}")
        return out

    def describe(self, *, reverse: bool = False) -> str:
        """The bands in one line of Chinese, for a chart caption or a table note."""
        ranges = self._ranges(self.reverse_bands if reverse else self.bands)
        decimals = "整数" if self.decimals == 0 else f"{self.decimals}位小数"
        return f"{'；'.join(ranges)}（{self.basis}，按显示的{decimals}百分比判定）"

    def legend(self) -> pd.DataFrame:
        """Every band as a row (direction, label, colour, range), for legends and sheets."""
        rows = []
        for direction, bands in (("正向", self.bands), ("反向", self.reverse_bands)):
            for band, text in zip(bands, self._ranges(bands), strict=True):
                rows.append(
                    {
                        "direction": direction,
                        "status": band.label,
                        "colour": band.colour,
                        "colour_name": band.colour_name,
                        "range": text.split("：", 1)[1],
                    }
                )
        rows.append(
            {
                "direction": "—",
                "status": self.unmeasured.label,
                "colour": self.unmeasured.colour,
                "colour_name": self.unmeasured.colour_name,
                "range": "定性或无数值的目标",
            }
        )
        return pd.DataFrame(rows).astype("string")


DEFAULT_STATUS_BANDS = StatusBands()
