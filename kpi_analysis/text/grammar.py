"""The 指标值 grammar: read a target-value cell as comparator, number, unit and rate basis.

Every 指标值 string is parsed once, by :func:`parse_target` (or :func:`parse_targets` for a
whole column), into a :class:`TargetParse` of five fields:

* ``kind``: ``quantitative`` (a number), ``timing`` (a deadline, date or period),
  ``qualitative`` (words only), ``placeholder`` (an unfilled template cell such as ``-`` or
  ``≤**万元``) or ``empty``;
* ``comparator``: one of ``≥ > = ≤ < ≈``; a bare quantity reads as ``=``;
* ``value``: the number as written (``万元`` stays in the unit, it is not multiplied out);
* ``unit``: ``%``, ``次``, ``万元``, ``元/个`` …, without the rate basis;
* ``per``: the rate basis (``年``, ``月`` …) from ``/月``, ``每年``, ``全年`` and the like.

Examples:

>>> parse_target("≥90%")
TargetParse(kind='quantitative', comparator='≥', value=90.0, unit='%', per=None)
>>> parse_target("2021年约280家")
TargetParse(kind='quantitative', comparator='≈', value=280.0, unit='家', per=None)
>>> parse_target("每年不少于2次")
TargetParse(kind='quantitative', comparator='≥', value=2.0, unit='次', per='年')
>>> parse_target("≤620万/月")
TargetParse(kind='quantitative', comparator='≤', value=620.0, unit='万元', per='月')
>>> parse_target("一周内予以答复")
TargetParse(kind='timing', comparator='≤', value=1.0, unit='周', per=None)
>>> parse_target("12月底到位").kind
'timing'
>>> parse_target("(≤**万元)").kind
'placeholder'
>>> normalise_text("实时\\n维护")
'实时维护'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from kpi_analysis.text.numbers import is_missing
from kpi_analysis.text.vocabulary import fold_script

__all__ = [
    "COMPARATORS",
    "KINDS",
    "TargetParse",
    "comparator_symbol",
    "normalise_text",
    "parse_target",
    "parse_targets",
]

KINDS = ("quantitative", "timing", "qualitative", "placeholder", "empty")
COMPARATORS = ("≥", ">", "=", "≤", "<", "≈")
COLUMNS = ("kind", "comparator", "value", "unit", "per")


@dataclass(frozen=True)
class TargetParse:
    """The parse of one 指标值 cell (see the module docstring for the fields)."""

    kind: str
    comparator: str | None = None
    value: float | None = None
    unit: str | None = None
    per: str | None = None


# --------------------------------------------------------------------------- text folding

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WIDE_RE = re.compile(f"[{_CJK}\u3000-\u303f\uff00-\uffef]")
_WS_RE = re.compile(r"[\s\u200b-\u200d\u2060\ufeff]+")

# Full-width ASCII to ASCII, except the full-width comma (it is never a thousands separator).
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F) if code != 0xFF0C}
_FOLD.update({ord(a): b for a, b in zip("≧≦⩾⩽≮≯−═", "≥≤≥≤≥≤-=", strict=True)})
_SPACE_RE = re.compile(r"(?<![A-Za-z0-9]) +| +(?![A-Za-z0-9])")
_LABEL_PREFIX_RE = re.compile(r"^指标\d+[:：]")


def _is_wide(char: str) -> bool:
    """True for a CJK ideograph, CJK punctuation or a full-width form."""
    return bool(char) and _WIDE_RE.match(char) is not None


@lru_cache(maxsize=65536)
def normalise_text(text: str | None) -> str:
    """Collapse whitespace: none between two CJK characters, one space elsewhere, none at the ends.

    >>> normalise_text("  各\\u3000 1\\xa0次 ")
    '各 1 次'
    """
    if text is None:
        return ""
    if _WS_RE.search(text) is None:
        return text  # nothing to collapse (most cells)

    def _join(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if _is_wide(before) and _is_wide(after):
            return ""
        wrapped = "\n" in match.group(0) and (_is_wide(before) or _is_wide(after))
        return "" if wrapped else " "

    return _WS_RE.sub(_join, text).strip()


def _prepare(text: str) -> str:
    """Fold a normalised cell into the compact form the grammar reads."""
    folded = fold_script(text).translate(_FOLD)
    compact = _SPACE_RE.sub("", folded)
    return _LABEL_PREFIX_RE.sub("", compact)


# --------------------------------------------------------------------------- vocabulary

_TIME_UNITS = (
    "个工作日", "工作日", "个月", "半年", "小时", "分钟", "学期", "学年", "季度", "星期",
    "天", "日", "周", "月", "年", "秒",
)  # fmt: skip
_COUNT_UNITS = (
    "人次", "人天", "人日", "户次", "车次", "架次", "批次", "班次", "场次", "种次", "篇次", "期次",
    "项次", "件次", "台次", "台套", "课时", "学时", "学分", "个", "人", "户", "辆", "次", "项",
    "套", "份", "篇", "家", "所", "座", "台", "件", "本", "册", "场", "期", "批", "种", "门", "条",
    "处", "间", "张", "块", "棵", "株", "头", "只", "羽", "匹", "笔", "宗", "例", "起", "类", "名",
    "位", "床", "组", "队", "支", "部", "栋", "幢", "层", "盏", "根", "片", "箱", "袋", "瓶", "盒",
    "桶", "趟", "站", "艘", "颗", "枚", "尾", "副", "架", "轮", "届", "集", "章", "节", "课", "首",
    "幅", "票",
)  # fmt: skip
_MEASURE_UNITS = (
    "平方公里", "平方千米", "平方米", "立方米", "千瓦时", "公斤", "千克", "公顷", "公里", "千米",
    "延米", "平米", "兆瓦", "千瓦", "毫升", "公升", "标箱", "吨", "克", "斤", "亩", "米", "元",
    "度", "升", "分", "方",
)  # fmt: skip
_SPECIAL_UNITS = ("个百分点", "百分点", "百分比", "%", "‰", "℃", "㎡", "㎞", "m²", "m³")
_BASE_UNITS = sorted({*_TIME_UNITS, *_COUNT_UNITS, *_MEASURE_UNITS}, key=len, reverse=True)
_UNIT_ALT = "|".join(
    [*map(re.escape, _SPECIAL_UNITS), f"[万亿千百]?(?:{'|'.join(_BASE_UNITS)})", "[万亿]"]
)
_UNIT_RE = re.compile(f"(?:{_UNIT_ALT})")
_ASCII_UNIT_RE = re.compile(r" ?([A-Za-z]{1,5}[23²³]?)(?![A-Za-z])")
_NOT_FALLBACK_UNIT = frozenset("以及或和与至到左右上下内外的后前多余每各共等为是在于之其此该均")
_FALLBACK_UNIT_RE = re.compile(f"[{_CJK}]")
_UNIT_CANON = {"百分比": "%", "万": "万元", "亿": "亿元"}

_PER_CANON = {
    "年": "年", "年度": "年", "半年": "半年", "季度": "季度", "季": "季度", "月": "月",
    "个月": "月", "周": "周", "星期": "周", "天": "天", "日": "日", "学期": "学期", "学年": "学年",
}  # fmt: skip
_DURATION_UNITS = frozenset(_TIME_UNITS)
_RATIO_UNITS = frozenset({"%", "‰", "百分点", "个百分点"})

_PER_BASE = "|".join(sorted(_PER_CANON, key=len, reverse=True))
_RECURRENCE_RE = re.compile(f"(?:每个?|按)({_PER_BASE})")
_PERIOD_RE = re.compile(r"全年度?|(年|月|日)均")

_SYMBOL_RE = re.compile(r"(>=|=>|≥=?|<=|=<|≤=?|==|[><=≈])$")
_SYMBOL_CANON = {">=": "≥", "=>": "≥", "≥=": "≥", "<=": "≤", "=<": "≤", "≤=": "≤", "==": "="}
_WORD_COMPARATORS = {
    "大于等于": "≥", "大于或等于": "≥", "小于等于": "≤", "小于或等于": "≤",
    "不少于": "≥", "不低于": "≥", "不小于": "≥", "至少": "≥", "最少": "≥", "最低": "≥",
    "达到": "≥", "超过": "≥", "未超过": "≤", "不高于": "≤", "不超过": "≤", "不大于": "≤",
    "不多于": "≤", "最高": "≤", "最多": "≤", "控制在": "≤", "控制于": "≤",
    "大于": ">", "高于": ">", "多于": ">", "低于": "<", "少于": "<", "小于": "<", "不足": "<",
    "大约": "≈", "接近": "≈", "约": "≈",
}  # fmt: skip
_WORD_ALT = "|".join(  # 约 but not 节约, 制约, 签约, 约束 …
    "(?<![节制契合预公条简特邀签])约(?![束定])" if word == "约" else word
    for word in sorted(_WORD_COMPARATORS, key=len, reverse=True)
)
_WORD_RE = re.compile(_WORD_ALT)
_POSTFIX_RE = re.compile(r"(?:及|或)?(以上|以下|以内|之内|内|左右)")
_POSTFIX_COMPARATORS = {"以上": "≥", "以下": "≤", "以内": "≤", "之内": "≤", "内": "≤", "左右": "≈"}
_WITHIN = frozenset({"以内", "之内", "内"})
_CLAUSE_END = "，,；;。！!？?"
_LEAD_WORD_RE = re.compile(
    f"(?:[><=≈≥≤]|{_WORD_ALT}|各|共|计|累计|合计|每个?(?:{_PER_BASE})|全年)$"
)

# --------------------------------------------------------------------------- numbers and dates

_ARABIC_RE = re.compile(r"(?<![A-Za-z\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)")
# A minus right before a number is its sign unless it follows a digit, letter or closing mark
# ("-5%", "≤-5%", "控制在-3%以内"); "1-12" and "5万元-10万元" are ranges.
_SIGN_RE = re.compile(r"(?<![A-Za-z\d.,)\]%】])-$")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_CN_POWERS = {"十": 10, "百": 100, "千": 1000}
_CN_NUMERAL = "[零〇一二两三四五六七八九十百千]+"
_CN_RE = re.compile(f"(?<![第统唯同单之其])({_CN_NUMERAL})")
_PERCENT_WORD_RE = re.compile(rf"百分之({_CN_NUMERAL}|\d+(?:\.\d+)?)")
_RANGE_SEP_RE = re.compile(r"[-—–~至到]+(?=\d)")

_NON_TIME_UNIT = "|".join(
    [
        *map(re.escape, _SPECIAL_UNITS),
        "[万亿千百]",
        *(unit for unit in _BASE_UNITS if unit not in _DURATION_UNITS),
    ]
)
_YEAR = r"(?<!\d)(?:19|20)\d{2}"
_MONTH = r"(?:1[0-2]|0?[1-9])"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])"
_CN_MONTH = "(?:十[一二]?|[一二三四五六七八九])"
_DATE_RES = tuple(
    re.compile(pattern)
    for pattern in (
        rf"{_YEAR}[./-]{_MONTH}(?:[./-]{_DAY})?(?!\d)(?!{_NON_TIME_UNIT})",
        rf"{_YEAR}年?[-—–~至到]+(?:19|20)\d{{2}}(?!\d)(?!{_NON_TIME_UNIT})",
        rf"{_YEAR}年度?",
        rf"(?<![\d.]){_MONTH}月?[-—–~至到]+{_MONTH}月(?:份|底|末)?",
        rf"(?<![\d.]){_MONTH}月(?:{_DAY}[日号])?",
        rf"(?<=年){_CN_MONTH}月|(?<![一二三四五六七八九十两个每第]){_CN_MONTH}月(?=[份底末初中上下])",
        r"(?<!\d)第?[1-4一二三四]季度",
    )
)
_TIMING_WORD_RE = re.compile(
    "年底|年末|年初|年中|年度?内|上半年|下半年|季度?末|月底|月末|月初|月中|上旬|中旬|下旬|"
    "当年|当月|当季|之前|以前|截至|截止"
)

_MASK = r"(?:\*+|×{2,}|✕{2,}|[xX]{2,})"
_MASKED_NUMBER_RE = re.compile(f"(?:^|[><=≈≥≤]|{_WORD_ALT}){_MASK}|{_MASK}(?:\\d|{_UNIT_ALT})")
_FILLER_RE = re.compile(r"[-—–―‐_/\\*×✕·.。…~、一xX]+|无")
_BRACKETS_RE = re.compile(r"[()\[\]【】「」]")
_BARE_FORM_RE = re.compile(f"(?:[><=≈≥≤]+|{_WORD_ALT})?(?:{_UNIT_ALT})?(?:{_POSTFIX_RE.pattern})?")


@dataclass(frozen=True)
class _Quantity:
    """A number found in the text, with what follows it."""

    start: int
    end: int
    value: float
    unit: str | None
    per: str | None
    comparator: str | None
    within: bool


def _cn_to_number(numeral: str) -> int:
    """Read a simple Chinese numeral below 10,000 (``十二`` → 12, ``两百`` → 200)."""
    total, digit = 0, 0
    for char in numeral:
        if char in _CN_POWERS:
            total += (digit or 1) * _CN_POWERS[char]
            digit = 0
        else:
            digit = _CN_DIGITS[char]
    return total + digit


def _date_spans(text: str) -> list[tuple[int, int]]:
    """Spans of dates, months, years and quarters; numbers inside them are not values."""
    return [match.span() for regex in _DATE_RES for match in regex.finditer(text)]


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """True when [start, end) overlaps one of ``spans``."""
    return any(start < span_end and span_start < end for span_start, span_end in spans)


# --------------------------------------------------------------------------- quantities


def _unit_at(text: str, pos: int, *, loose: bool) -> tuple[str | None, int]:
    """The unit written at ``pos`` and where it ends; ``loose`` also accepts unknown CJK units."""
    match = _UNIT_RE.match(text, pos)
    if match:
        return match.group(), match.end()
    match = _ASCII_UNIT_RE.match(text, pos)
    if match:
        return match.group(1), match.end()
    match = _FALLBACK_UNIT_RE.match(text, pos)
    if match and loose and match.group() not in _NOT_FALLBACK_UNIT:
        return match.group(), match.end()
    return None, pos


def _split_per(units: list[str]) -> tuple[str, str | None]:
    """Split ``元/个/年`` into unit ``元/个`` and rate basis ``年``."""
    per = None
    if len(units) > 1 and units[-1] in _PER_CANON:
        per = _PER_CANON[units.pop()]
    units[0] = _UNIT_CANON.get(units[0], units[0])
    return "/".join(units), per


def _quantity_at(text: str, start: int, end: int, value: float, *, loose: bool) -> _Quantity | None:
    """Read the unit, rate basis, range and trailing comparator after a number."""
    comparator = None
    pos = end
    if text[pos : pos + 1] in ("余", "多"):
        comparator, pos = "≥", pos + 1
    unit, pos = _unit_at(text, pos, loose=loose)
    sep = _RANGE_SEP_RE.match(text, pos)
    upper = _ARABIC_RE.match(text, sep.end()) if sep else None
    if upper:
        upper_unit, upper_end = _unit_at(text, upper.end(), loose=loose)
        if unit is None or upper_unit in (None, unit):
            comparator, unit, pos = "≥", unit or upper_unit, upper_end
    if unit is None:
        return _with_postfix(text, start, pos, value, None, None, comparator)
    if unit == "次" and text[pos : pos + 1] == "性":
        return None
    units = [unit]
    while text[pos : pos + 1] == "/":
        segment, seg_end = _unit_at(text, pos + 1, loose=loose)
        if segment is None:
            break
        units.append(segment)
        pos = seg_end
    unit, per = _split_per(units)
    return _with_postfix(text, start, pos, value, unit, per, comparator)


def _with_postfix(
    text: str,
    start: int,
    pos: int,
    value: float,
    unit: str | None,
    per: str | None,
    comparator: str | None,
) -> _Quantity:
    """Attach a trailing 以上/以下/以内/内/左右 to a quantity."""
    within = False
    if match := _POSTFIX_RE.match(text, pos):
        word = match.group(1)
        comparator = _POSTFIX_COMPARATORS[word]
        within = word in _WITHIN and unit in _DURATION_UNITS
        pos = match.end()
    return _Quantity(start, pos, value, unit, per, comparator, within)


def _chinese_expected(text: str, quantity: _Quantity) -> bool:
    """Whether a Chinese numeral stands where a number is expected (not ``一户一档``)."""
    if quantity.unit is None:
        return False
    if quantity.comparator is not None or _LEAD_WORD_RE.search(text, 0, quantity.start):
        return True
    return quantity.end == len(text) or text[quantity.end] in _CLAUSE_END + ".、)"


def _arabic_quantities(text: str, dates: list[tuple[int, int]]) -> list[_Quantity]:
    """Quantities written with Arabic digits, skipping years, dates, ordinals and list marks."""
    found = []
    for match in _ARABIC_RE.finditer(text):
        start, end = match.span()
        if _overlaps(start, end, dates) or text[start - 1 : start] == "第":
            continue
        after = text[end : end + 1]
        if after == "、" or (after == "." and not text[end + 1 : end + 2].isdigit()):
            continue
        if text[start - 1 : start] == "(" and after == ")":
            continue
        value = float(match.group().replace(",", ""))
        if _SIGN_RE.search(text, 0, start):
            start, value = start - 1, -value
        quantity = _quantity_at(text, start, end, value, loose=True)
        if quantity is not None:
            found.append(quantity)
    return found


def _chinese_quantities(text: str, dates: list[tuple[int, int]]) -> list[_Quantity]:
    """Quantities written in Chinese numerals (``一周内``, ``不少于两次``, ``百分之九十``)."""
    found = []
    taken: list[tuple[int, int]] = list(dates)
    for match in _PERCENT_WORD_RE.finditer(text):
        raw = match.group(1)
        value = float(raw) if raw[0].isdigit() else float(_cn_to_number(raw))
        found.append(_with_postfix(text, match.start(), match.end(), value, "%", None, None))
        taken.append(match.span())
    for match in _CN_RE.finditer(text):
        start, end = match.span()
        if _overlaps(start, end, taken):
            continue
        value = float(_cn_to_number(match.group()))
        quantity = _quantity_at(text, start, end, value, loose=False)
        if quantity is not None and _chinese_expected(text, quantity):
            found.append(quantity)
    return found


def _find_quantity(text: str, dates: list[tuple[int, int]]) -> _Quantity | None:
    """The quantity the cell states: the first one that is not a ``N天内`` deadline, if any."""
    quantities = sorted(
        [*_arabic_quantities(text, dates), *_chinese_quantities(text, dates)],
        key=lambda quantity: quantity.start,
    )
    plain = [quantity for quantity in quantities if not quantity.within]
    return (plain or quantities or [None])[0]


def _comparator(text: str, quantity: _Quantity) -> str:
    """Comparator of a quantity: a symbol before it, a word after it, a word before it, or ``=``."""
    if symbol := _SYMBOL_RE.search(text[: quantity.start]):
        return _SYMBOL_CANON.get(symbol.group(1), symbol.group(1))
    if quantity.comparator is not None:
        return quantity.comparator
    clause_start = max(text.rfind(char, 0, quantity.start) for char in _CLAUSE_END) + 1
    words = _WORD_RE.findall(text, clause_start, quantity.start)
    return _WORD_COMPARATORS[words[-1]] if words else "="


#: Words naming only a comparison when a cell holds nothing else (a 指标方向 column: 等于).
_CELL_WORDS = {**_WORD_COMPARATORS, "等于": "=", "约等于": "≈", "不等于": None}
_CELL_SYMBOL_RE = re.compile(r"(?:>=|=>|≥=?|<=|=<|≤=?|==|[><=≈])")


@lru_cache(maxsize=4096)
def comparator_symbol(text: str | None) -> str | None:
    """The comparator named by a cell that holds only a comparison, as one of
    :data:`COMPARATORS`: a symbol (``≥``, ``>=``, the variant ``≧`` or ``＝``) or a word
    (``大于等于``, ``不低于``, ``等于``). None for anything else (``正向``, ``≥95%``).

    >>> [comparator_symbol(t) for t in ("大于等于", "≧", ">=", "等于", "正向", "≥95%")]
    ['≥', '≥', '≥', '=', None, None]
    """
    compact = _prepare(normalise_text(text))
    if not compact:
        return None
    if _CELL_SYMBOL_RE.fullmatch(compact):
        return _SYMBOL_CANON.get(compact, compact)
    return _CELL_WORDS.get(compact)


def _recurrence(text: str) -> str | None:
    """Rate basis from 每年 / 每个月 / 按月 …, or None."""
    match = _RECURRENCE_RE.search(text)
    return _PER_CANON[match.group(1)] if match else None


def _quantity_per(text: str, quantity: _Quantity) -> str | None:
    """Rate basis of a quantity: ``/月`` in the unit, else 每年 / 全年 / 年均 in the text."""
    if quantity.per is not None or quantity.unit in _RATIO_UNITS:
        return quantity.per
    if per := _recurrence(text):
        return per
    match = _PERIOD_RE.search(text)
    if match is None:
        return None
    return "年" if match.group(1) is None else _PER_CANON[match.group(1)]


# --------------------------------------------------------------------------- kinds


def _is_placeholder(text: str) -> bool:
    """Unfilled template cells: dashes, ``**``, ``/``, ``无``, ``≤**万元``, a lone ``≥``."""
    bare = _BRACKETS_RE.sub("", text)
    if not bare or _FILLER_RE.fullmatch(bare) or _BARE_FORM_RE.fullmatch(bare):
        return True
    return _MASKED_NUMBER_RE.search(bare) is not None


def parse_target(text: str | None) -> TargetParse:
    """Parse one 指标值 cell into kind, comparator, value, unit and rate basis."""
    normalised = normalise_text(text)
    if not normalised:
        return TargetParse("empty")
    prepared = _prepare(normalised)
    if _is_placeholder(prepared):
        return TargetParse("placeholder")
    dates = _date_spans(prepared)
    quantity = _find_quantity(prepared, dates)
    if quantity is not None and not quantity.within:
        comparator = _comparator(prepared, quantity)
        # An upper bound on a duration ("≤7工作日", "<3天") is a deadline, like "一周内".
        bounded = quantity.unit in _DURATION_UNITS and comparator in ("≤", "<")
        return TargetParse(
            "timing" if bounded else "quantitative",
            comparator,
            quantity.value,
            quantity.unit,
            None if bounded else _quantity_per(prepared, quantity),
        )
    per = _recurrence(prepared)
    if quantity is not None:
        return TargetParse("timing", quantity.comparator, quantity.value, quantity.unit, per)
    if dates or per or _TIMING_WORD_RE.search(prepared):
        return TargetParse("timing", per=per)
    return TargetParse("qualitative")


def _as_text(cell: object) -> str | None:
    """A Series cell as text: missing values become None, numbers their string form."""
    if cell is None or (not isinstance(cell, str) and pd.isna(cell)):
        return None
    return cell if isinstance(cell, str) else str(cell)


#: :func:`parse_target` with a bounded memo. A parse depends on the text alone and is
#: immutable, and the same 指标值 (≥90%, 100%, 是) comes back on many rows and in many files
#: of a run, so each distinct text is parsed once per process (while it stays in the memo).
_parse_memo = lru_cache(maxsize=16384)(parse_target)


def parse_each(texts: Iterable[str | None]) -> list[TargetParse]:
    """:func:`parse_target` of each text, in order; each distinct text is parsed once.

    >>> [p.kind for p in parse_each(["≥90%", "-", "≥90%"])]
    ['quantitative', 'placeholder', 'quantitative']
    """
    return [_parse_memo(text) for text in texts]


def parse_targets(texts: pd.Series) -> pd.DataFrame:
    """Parse a column of 指标值 cells; one row per cell, same index, input left unchanged.

    Columns ``kind``, ``comparator``, ``unit``, ``per`` hold str or None; ``value`` is float.

    >>> parse_targets(pd.Series(["≥90%", "-"])).to_dict("records")[0]["comparator"]
    '≥'
    """
    parses = parse_each(_as_text(cell) for cell in texts.tolist())
    return pd.DataFrame(
        {
            column: pd.Series(
                [getattr(parse, column) for parse in parses],
                index=texts.index,
                dtype=float if column == "value" else object,
            )
            for column in COLUMNS
        }
    )


# -- completion values (实际完成值) --

PERCENT_UNITS = ("%", "％", "百分比")
_NUMBER_RE = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_NUMBER_UNIT_RE = re.compile(r"^([+-]?\d+(?:\.\d+)?)\s*([^\d\s.+-][^\d]{0,5})$")


def parse_actual_number(value: object) -> tuple[float | None, str | None]:
    """The number (and unit, if written) in an actual cell: 132.9, "95%", "3次", "1,234".

    Text without a number gives ``(None, None)``; a sign is kept ("-5" → -5).

    >>> parse_actual_number("95%"), parse_actual_number("达成预期指标")
    ((95.0, '%'), (None, None))
    """
    if is_missing(value) or isinstance(value, bool):
        return None, None
    if isinstance(value, int | float):
        return float(value), None
    text = str(value).strip().replace(",", "").replace("，", "").replace(" ", "")
    if not text:
        return None, None
    if _NUMBER_RE.match(text):
        return float(text), None
    match = _NUMBER_UNIT_RE.match(text)
    if match:
        unit = match.group(2)
        return float(match.group(1)), "%" if unit in PERCENT_UNITS else unit
    parsed = parse_target(text)
    if parsed.kind == "quantitative" and parsed.value is not None:
        return float(parsed.value), parsed.unit
    return None, None
