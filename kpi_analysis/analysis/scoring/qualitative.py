"""Qualitative (定性) indicator scores: three bands of the weight (docs/rules.md#profiles).

Central bands (S10, S11): 达成年度指标 80 %–100 % (80 % inclusive), 部分达成年度指标并具有一定效果
60 %–80 %, 未达成年度指标且效果较差 0–60 %; the variant profiles use 80 / 50 (S13, S8).

* A free-text 实际完成值 is put in a band by a keyword mapping (HEURISTIC, shown in every
  explanation): bottom words are tried first, then middle, then top, so that "未完成" and
  "基本完成" do not count as "完成".
* A deadline target ("年底前", "2021年12月") with a dated actual ("2021年11月完成") is top band
  when on time, bottom ("滞后") when late (HEURISTIC).
* Without a unit-given score the row gets the band maximum w, 0.8w, 0.6w (HEURISTIC, as
  docs/rules.md says: the supremum of the band). A unit-given score inside its band
  (S10 check: ``round(w*0.8,2) <= score <= w`` …) is kept; outside, it is flagged and the
  band maximum is used.

>>> from kpi_analysis.analysis.scoring.profiles import CENTRAL_2020
>>> band_for_text("基本完成").band, band_for_text("基本完成").keyword
(1, '基本')
>>> score_qualitative(10, "达成预期指标", CENTRAL_2020).score
10.0
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kpi_analysis.analysis.scoring.profiles import Band, ScoringProfile
from kpi_analysis.analysis.scoring.quantitative import IndicatorScore
from kpi_analysis.text.grammar import normalise_text
from kpi_analysis.text.numbers import as_float, fmt, fmt2, is_missing, round2

TOP, MIDDLE, BOTTOM = 0, 1, 2

KEYWORDS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (BOTTOM, ("未", "滞后", "较差", "不及时", "不合格", "不到位", "不达标", "不符合")),
    (MIDDLE, ("基本", "部分")),
    (
        TOP,
        (
            "已完成",
            "完成",
            "达到",
            "达成预期",
            "达成",
            "及时",
            "效果明显",
            "显著",
            "实现",
            "达标",
            "合格",
            "符合",
            "合规",
        ),
    ),
)
"""HEURISTIC keyword → band mapping, tried in this order (docs/rules.md#profiles, a few
words added)."""

BAND_WORDS = {TOP: "达成", MIDDLE: "部分达成", BOTTOM: "未达成"}


def mapping_text() -> str:
    """The keyword mapping in one line, for explanations."""
    return "；".join(f"{'/'.join(words)}→{BAND_WORDS[band]}" for band, words in KEYWORDS)


@dataclass(frozen=True)
class BandMatch:
    """The band a text was put in (0 top, 1 middle, 2 bottom) and why."""

    band: int
    keyword: str
    reason: str


def band_for_text(text: object) -> BandMatch | None:
    """The band of a free-text actual by the keyword mapping, or None."""
    if is_missing(text):
        return None
    folded = normalise_text(str(text))
    for band, words in KEYWORDS:
        for word in words:
            if word in folded:
                return BandMatch(band, word, f"关键词“{word}”")
    return None


_YM_RE = re.compile(r"(\d{4})\s*(?:年|[-/.])\s*(\d{1,2})(?!\d)")
_YEAR_END_RE = re.compile(r"年底|年末|年内|全年|本年度|年度内")
_MONTH_RE = re.compile(r"(?<!\d)(\d{1,2})\s*月")


def _target_deadline(target: str, year: int | None) -> tuple[int, int] | None:
    match = _YM_RE.search(target)
    if match:
        return int(match.group(1)), int(match.group(2))
    if year is None:
        return None
    if _YEAR_END_RE.search(target):
        return year, 12
    match = _MONTH_RE.search(target)
    if match and re.search(r"月\s*(?:底|末|前|内|之前)", target):
        return year, int(match.group(1))
    return None


def _actual_date(actual: str, year: int | None) -> tuple[int, int] | None:
    match = _YM_RE.search(actual)
    if match:
        return int(match.group(1)), int(match.group(2))
    match = _MONTH_RE.search(actual)
    if match and year is not None:
        return year, int(match.group(1))
    return None


def _plausible(year_month: tuple[int, int]) -> bool:
    return 1990 <= year_month[0] <= 2100 and 1 <= year_month[1] <= 12


def deadline_band(target: object, actual: object, year: int | None) -> BandMatch | None:
    """Top band if a dated actual meets the target's deadline, bottom if late (HEURISTIC)."""
    if is_missing(target) or is_missing(actual):
        return None
    deadline = _target_deadline(normalise_text(str(target)), year)
    done = _actual_date(normalise_text(str(actual)), year)
    if deadline is None or done is None or not (_plausible(deadline) and _plausible(done)):
        return None
    when = f"完成时间 {done[0]}年{done[1]}月，期限 {deadline[0]}年{deadline[1]}月"
    if done <= deadline:
        return BandMatch(TOP, "按期", f"{when}，按期完成")
    return BandMatch(BOTTOM, "滞后", f"{when}，滞后")


def band_range(weight: float, bands: tuple[Band, ...], band: int) -> tuple[float, float]:
    """Lower (inclusive) and upper bound in points; the upper bound is exclusive below the top."""
    lower = round2(weight * bands[band].lower)
    upper = round2(weight) if band == 0 else round2(weight * bands[band - 1].lower)
    return lower, upper


def in_band(score: float, weight: float, bands: tuple[Band, ...], band: int) -> bool:
    """Whether a score lies in a band (S10 checks: top inclusive of w, others exclusive above)."""
    lower, upper = band_range(weight, bands, band)
    return lower <= score <= upper if band == 0 else lower <= score < upper


def band_of_score(score: float, weight: float, bands: tuple[Band, ...]) -> int | None:
    """The band a score falls in, or None when it is outside [0, w]."""
    for index in range(len(bands)):
        if in_band(score, weight, bands, index):
            return index
    return None


def score_qualitative(
    weight: float,
    actual: object,
    profile: ScoringProfile,
    *,
    target: object = None,
    year: int | None = None,
    given_score: object = None,
) -> IndicatorScore:
    """Score one 定性 row: band by deadline or keywords; band maximum or a valid given score."""
    w = float(weight)
    bands = profile.qualitative_bands
    shown = "" if is_missing(actual) else str(actual).strip()
    rule = f"映射规则（启发式）：{mapping_text()}"
    match = deadline_band(target, actual, year) or band_for_text(actual)
    if match is None:
        text = f"定性指标：实际完成值“{shown}”无法归入档次，未计分；{rule}"
        return IndicatorScore(None, "qualitative", text, ("qualitative_unmapped",))
    index = min(match.band, len(bands) - 1)
    band = bands[index]
    lower, upper = band_range(w, bands, index)
    upper_pct = 1.0 if index == 0 else bands[index - 1].lower
    span = (
        f"{fmt(band.lower * 100)}%–{fmt(upper_pct * 100)}%"
        f"{'' if index == 0 else '（不含）'}，即 {fmt2(lower)}–{fmt2(upper)} 分"
    )
    text = f"定性指标：实际完成值“{shown}”按{match.reason}归入“{band.label}”档（{span}）；"
    flags: list[str] = []
    given = as_float(given_score)
    maximum = upper
    if given is not None and in_band(given, w, bands, index):
        score = round2(given)
        text += f"单位自评得分 {fmt2(given)} 在档内，予以采用"
    else:
        score = maximum
        if given is not None:
            flags.append("score_outside_band")
            text += f"单位自评得分 {fmt2(given)} 不在档内，按档内最高分 {fmt2(score)} 计"
        else:
            text += f"未给出得分，取档内最高分 {fmt(w)} × {fmt(upper_pct * 100)}% = {fmt2(score)}"
    text += f"；{rule}"
    return IndicatorScore(score, "qualitative", text, tuple(flags), band=band.label)
