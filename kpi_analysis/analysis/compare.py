"""Annual vs mid-term targets: align indicators, check their pacing, check funding phasing.

Three pure functions over the tidy tables of :mod:`kpi_analysis.tables.targets`; none of them
changes its input or "fixes" a number, they only report:

* :func:`align_indicators` pairs each annual indicator with its mid-term counterpart within a
  project (same 一级/二级 group, then name similarity and numbering) and gives each pair a
  ``status``: ``same``, ``target_changed`` (same name, other 指标值), ``text_changed`` (the name
  changed), ``annual_only``, ``mid_term_only``, or ``placeholder`` for unfilled template rows
  ("指标1：" with nothing after it). Placeholders are paired only with placeholders, so they
  never hide a real annual-only or mid-term-only indicator; they stay in the table so that
  every indicator row is accounted for, and the review reports them (rule R12).
* :func:`pace_targets` compares annual and mid-term quantities, honouring the rate basis.
* :func:`funding_phasing` compares mid-term and annual funding.

All checks here are HEURISTIC (docs/rules.md#mid-term: no regulation gives a formula); every
threshold
is a field of :class:`ComparisonProfile`.

>>> import pandas as pd
>>> rows = pd.DataFrame({
...     "source": ["a.txt#table=1,row=3,col=4", "a.txt#table=1,row=3,col=8"],
...     "project_no": [1, 1], "project": ["项目甲", "项目甲"],
...     "period": ["mid_term", "annual"], "year_start": [2021, 2021], "year_end": [2023, 2021],
...     "level1": ["产出指标"] * 2, "level2": ["数量指标"] * 2, "indicator_no": [1, 1],
...     "indicator": ["开展培训", "开展培训"], "target": ["不少于3次", "不少于1次"],
...     "standard": ["", ""], "kind": ["quantitative"] * 2, "comparator": ["≥", "≥"],
...     "value": [3.0, 1.0], "unit": ["次", "次"], "per": [None, None],
...     "placeholder": [False, False]})
>>> aligned = align_indicators(rows)
>>> aligned.loc[0, "status"]
'target_changed'
>>> pace = pace_targets(aligned)
>>> pace.loc[0, "basis"], float(pace.loc[0, "ratio"]), pace.loc[0, "pacing"]
('cumulative', 1.0, 'consistent')
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

import pandas as pd

from kpi_analysis.tables.schema import (
    AMOUNT_WAN,
    BOOL,
    FLOAT,
    INDICATOR_COLUMNS,
    INT,
    LEVEL1,
    LEVEL2,
    STRING,
    TableSchema,
)
from kpi_analysis.tables.targets import Dataset
from kpi_analysis.text.money import WAN_PER_UNIT

__all__ = [
    "ALIGNED",
    "COMPARISON",
    "FUNDING_PHASING",
    "PACING",
    "PACING_VERDICTS",
    "STATUSES",
    "ComparisonProfile",
    "align_indicators",
    "compare_targets",
    "dataset_for_year",
    "document_of",
    "filter_year",
    "funding_phasing",
    "name_key",
    "name_similarity",
    "MEASURES",
    "MEASURE_LABELS",
    "Measure",
    "pace_targets",
    "pacing_counts",
    "status_counts",
    "target_measure",
    "unit_scale",
]

STATUSES = ("same", "target_changed", "text_changed", "annual_only", "mid_term_only", "placeholder")
PAIRED = ("same", "target_changed", "text_changed")
PACING_VERDICTS = (
    "consistent",
    "front_loaded",
    "back_loaded",
    "subset",
    "exceeds_mid_term",
    "unit_mismatch",
    "comparator_mismatch",
    "not_comparable",
    "basis_unclear",
)
PHASING_VERDICTS = ("even", "uneven", "not_comparable")


@dataclass(frozen=True)
class ComparisonProfile:
    """Thresholds of the annual vs mid-term comparison (all HEURISTIC, docs/rules.md#mid-term).

    * ``same_slot_min_score``: lowest name similarity (0–1) at which two indicators in the same
      二级 group *and* with the same number are paired (the form's two columns put counterparts
      side by side, so a low bar is enough);
    * ``same_group_min_score``: lowest similarity to pair indicators of one group with
      different numbers;
    * ``pace_tolerance``: ratios within ``1 ± pace_tolerance`` are ``consistent``;
    * ``phasing_band``: a funding phasing ratio outside this closed band is ``uneven``
      (docs/rules.md#mid-term: [0.5, 1.5]);
    * ``default_years``: years of the mid-term period when the table does not say (3);
    * ``amount_tolerance_wan``: rounding allowed in funding identities (万元);
    * ``flow_units``: units of things that happen (次, 期, money …): an annual target above its
      even share of the mid-term total is ``front_loaded``. Other units (家, 个, 名 …) may count
      a fixed set that each year covers a part of, so the same case reads ``subset``;
    * ``rate_units``: units compared level to level;
    * ``level_units`` / ``level_words``: units of a population (家, 所 …) and name words (率,
      标准 …) that make a target a level, not divided by the years (:func:`target_measure`);
    * ``duration_units``: units of time limits; a ceiling (≤) in one of them is a level;
    * ``per_year``: how many of each rate basis make a year.
    """

    same_slot_min_score: float = 0.2
    same_group_min_score: float = 0.5
    pace_tolerance: float = 0.2
    phasing_band: tuple[float, float] = (0.5, 1.5)
    default_years: int = 3
    amount_tolerance_wan: float = 0.005
    flow_units: tuple[str, ...] = (
        "次", "人次", "户次", "场", "场次", "期", "批", "批次", "轮", "篇", "期次", "课时",
        "学时", "小时", "天", "人天", "日", "元", "万元", "亿元", "千元",
    )  # fmt: skip
    rate_units: tuple[str, ...] = ("%", "‰", "百分点", "个百分点")
    level_units: tuple[str, ...] = ("家", "所", "座", "处", "个单位", "个部门", "个机构")
    level_words: tuple[str, ...] = ("率", "满意度", "标准", "水平", "覆盖", "保持", "控制在")
    duration_units: tuple[str, ...] = (
        "天", "日", "小时", "分钟", "工作日", "个工作日", "周", "个月", "月",
    )  # fmt: skip
    per_year: tuple[tuple[str, float], ...] = (
        ("年", 1.0), ("学年", 1.0), ("半年", 2.0), ("学期", 2.0), ("季度", 4.0),
        ("月", 12.0), ("周", 52.0), ("天", 365.0), ("日", 365.0),
    )  # fmt: skip

    def per_year_factor(self, per: object) -> float | None:
        """How many ``per`` periods make a year (None for an unknown basis)."""
        return dict(self.per_year).get(str(per)) if _present(per) else None


# --------------------------------------------------------------------------- what a target measures

MEASURES = ("level", "flow", "total", "unclear")
#: Chinese names of :data:`MEASURES` (the ``basis`` of pacing uses the same words).
MEASURE_LABELS = {"level": "水平（不逐年累加）", "flow": "流量（逐年累加）",
                  "total": "总量（明示累计）", "unclear": "口径不明"}  # fmt: skip
_TOTAL_RE = re.compile(r"累计|合计|共计|总计|[一二两三四五六七八九十\d]+年(?:内)?(?:共|总)")


@dataclass(frozen=True)
class Measure:
    """What a target measures: ``kind`` (one of :data:`MEASURES`) and why, in Chinese.

    ``level``: a state to reach or keep (a population such as 62家机构, a rate, a standard, a
    per-period frequency); never divided by the years. ``flow`` / ``total``: things that add up
    over the years (次, 场, 人次, 篇, spending) or a target that says it is a total (累计, 合计,
    三年共). ``unclear``: the rule cannot tell; no per-year figure is derived.
    """

    kind: str
    reason: str

    @property
    def cumulative(self) -> bool:
        """True when the target adds up over the years (flow or explicit total)."""
        return self.kind in ("flow", "total")


def target_measure(
    indicator: object,
    target: object,
    unit: object,
    per: object = None,
    *,
    comparator: object = None,
    value: float | None = None,
    annual_values: tuple[float, ...] = (),
    profile: ComparisonProfile | None = None,
) -> Measure:
    """Decide whether a (mid-term) target is a level, a flow, a total, or unclear.

    The one rule used by the pacing table (:func:`pace_targets`), the charts drawn from it
    and the multi-year progress (:mod:`kpi_analysis.analysis.tracking.progress`). In order:
    an explicit total (累计/合计/三年共) → ``total``; a per-period basis (每年/每月) or a rate
    unit (% ‰) or a unit with ``/`` (300元/个) → ``level``; a flow unit (次, 场, 人次, 篇, 元 …) →
    ``flow``; a population unit (家, 所 …) → ``level``; a name that speaks of a rate or standard
    (率, 满意度, 标准, 水平) → ``level``; annual targets restating the same value → ``level``;
    else ``unclear`` (口径不明).

    >>> target_measure("审核市直机构编制事项", "市直62家行政机构", "家").kind
    'level'
    >>> target_measure("开展培训", "不少于3次", "次").kind
    'flow'
    >>> target_measure("新建站点", "三年共建成12个", "个").kind
    'total'
    >>> target_measure("新建站点", "12个", "个").kind
    'unclear'
    """
    profile = profile or ComparisonProfile()
    name, text = _text(indicator), _text(target)
    unit_text = _text(unit)
    head = unit_text.split("/")[0]
    if _TOTAL_RE.search(text) or _TOTAL_RE.search(name):
        return Measure("total", "指标值或名称写明累计/合计，按总量逐年累加")
    if _present(per) and _text(per):
        return Measure("level", f"目标按“每{_text(per)}”计，为每期应达到的水平")
    if unit_text in profile.rate_units:
        return Measure("level", f"单位“{unit_text}”为比率，是水平而非累计量")
    if _text(comparator) in ("≤", "<") and unit_text in profile.duration_units:
        return Measure("level", "时限类反向指标，是每次应达到的水平")
    if "/" in unit_text:
        return Measure("level", f"单位“{unit_text}”为标准（单价、定额），是水平而非累计量")
    if head in profile.flow_units:
        return Measure("flow", f"单位“{head}”计量发生的次数或金额，逐年累加")
    if unit_text in profile.level_units:
        return Measure("level", f"单位“{unit_text}”计量对象总体（如机构数），每年覆盖，不按年分摊")
    if any(word in name for word in profile.level_words):
        return Measure("level", "指标名称表明为比率、标准或水平，不按年分摊")
    if value is not None and annual_values and all(abs(v - value) < 1e-9 for v in annual_values):
        return Measure("level", "年度目标与中期目标数值相同，视为每年应达到的水平")
    return Measure("unclear", "口径不明：无法判断是水平还是逐年累计，不折算每年数值")


# --------------------------------------------------------------------------- table contracts

_SIDE_COLUMNS = INDICATOR_COLUMNS

ALIGNED = TableSchema(
    "comparison",
    (
        ("document", STRING),
        ("project_no", INT),
        ("project", STRING),
        ("level1", LEVEL1),
        ("level2", LEVEL2),
        *((f"{name}_mid", dtype) for name, dtype in _SIDE_COLUMNS),
        *((f"{name}_annual", dtype) for name, dtype in _SIDE_COLUMNS),
        ("year_start_mid", INT),
        ("year_end_mid", INT),
        ("year_annual", INT),
        ("status", STRING),
        ("match_score", FLOAT),
        ("source_mid", STRING),
        ("source_annual", STRING),
    ),
)

_PACING_COLUMNS = (
    ("unit", STRING),
    ("basis", STRING),
    ("years", INT),
    ("expected_annual", FLOAT),
    ("annual_per_year", FLOAT),
    ("ratio", FLOAT),
    ("pacing", STRING),
)

PACING = TableSchema(
    "pacing",
    (
        ("document", STRING),
        ("project_no", INT),
        ("project", STRING),
        ("level1", LEVEL1),
        ("level2", LEVEL2),
        ("indicator_no_mid", INT),
        ("indicator_no_annual", INT),
        ("indicator_mid", STRING),
        ("indicator_annual", STRING),
        ("target_mid", STRING),
        ("target_annual", STRING),
        ("value_mid", FLOAT),
        ("value_annual", FLOAT),
        *_PACING_COLUMNS,
        ("source_mid", STRING),
        ("source_annual", STRING),
    ),
)

COMPARISON = TableSchema(
    "comparison",
    (*ALIGNED.columns[:-2], *_PACING_COLUMNS, *ALIGNED.columns[-2:]),
)


def _identity_gap(
    total: object, fiscal: object, other: object, carryover: object, profile: ComparisonProfile
) -> float:
    """total − 财政拨款 − 其他资金; 0 when a 上年结转 line printed beside them closes the gap
    (total = 财政拨款 + 上年结转 + 其他资金). A carryover inside 财政拨款 leaves it 0 anyway."""
    gap = round(float(total) - float(fiscal) - float(other), 6)  # type: ignore[arg-type]
    tolerance = profile.amount_tolerance_wan
    if _present(carryover) and abs(gap - float(carryover)) <= tolerance:  # type: ignore[arg-type]
        return 0.0
    return gap


FUNDING_PHASING = TableSchema(
    "funding_phasing",
    (
        ("document", STRING),
        ("project_no", INT),
        ("project", STRING),
        ("year_start_mid", INT),
        ("year_end_mid", INT),
        ("year_annual", INT),
        ("years", INT),
        ("mid_total", FLOAT, AMOUNT_WAN),
        ("mid_fiscal", FLOAT, AMOUNT_WAN),
        ("mid_other", FLOAT, AMOUNT_WAN),
        ("annual_total", FLOAT, AMOUNT_WAN),
        ("annual_fiscal", FLOAT, AMOUNT_WAN),
        ("annual_other", FLOAT, AMOUNT_WAN),
        ("phasing_ratio", FLOAT),
        ("phasing", STRING),
        ("mid_identity_gap", FLOAT, AMOUNT_WAN),
        ("annual_identity_gap", FLOAT, AMOUNT_WAN),
        ("mid_covers_annual", BOOL),
        ("budget_wan", FLOAT, AMOUNT_WAN),
        ("budget_gap", FLOAT, AMOUNT_WAN),
        ("source_mid", STRING),
        ("source_annual", STRING),
    ),
)

# --------------------------------------------------------------------------- small helpers

_PREFIX_RE = re.compile(r"^\s*指标\s*\d+\s*[:：]*")
_NOT_WORD_RE = re.compile(r"[\W_]+")
_SPACE_RE = re.compile(r"\s+")
_MONEY = {unit: float(factor) for unit, factor in WAN_PER_UNIT.items()}  # 万元 per unit


def _present(value: object) -> bool:
    """True for a real value (not None, NA or NaN)."""
    return value is not None and not (not isinstance(value, str) and pd.isna(value))


def _text(value: object) -> str:
    """A cell as text; missing values become ''."""
    return str(value) if _present(value) else ""


def document_of(sources: pd.Series) -> pd.Series:
    """The file part of ``source`` strings (``a.txt#table=1,row=2`` → ``a.txt``).

    >>> document_of(pd.Series(["a.txt#table=1,row=2,col=3"])).tolist()
    ['a.txt']
    """
    return sources.astype("string").str.replace(r"#[^#]*$", "", regex=True)


def name_key(text: object) -> str:
    """Fold an indicator name for matching: NFKC, no "指标1：" prefix, no spaces or punctuation.

    >>> name_key(" 指标1：：优化机关、事业单位 ")
    '优化机关事业单位'
    """
    folded = unicodedata.normalize("NFKC", _text(text))
    return _NOT_WORD_RE.sub("", _PREFIX_RE.sub("", folded))


def _target_key(text: object) -> str:
    """Fold a 指标值 for equality: NFKC and no whitespace (symbols and units are kept)."""
    return _SPACE_RE.sub("", unicodedata.normalize("NFKC", _text(text)))


def name_similarity(left: object, right: object) -> float:
    """Similarity of two indicator names (difflib ratio of :func:`name_key`, 0–1).

    >>> name_similarity("实名制系统数据更新", "实名制系统更新")
    0.875
    """
    a, b = name_key(left), name_key(right)
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def unit_scale(unit: object) -> tuple[str | None, float]:
    """Base unit and factor: money goes to 万元 (``元/个`` → ``万元/个``, 1e-4); others stay.

    >>> unit_scale("元/个")
    ('万元/个', 0.0001)
    >>> unit_scale("次")
    ('次', 1.0)
    """
    if not _present(unit) or not str(unit):
        return None, 1.0
    head, sep, rest = str(unit).partition("/")
    if head in _MONEY:
        return "万元" + sep + rest, _MONEY[head]
    return str(unit), 1.0


def _project_keys(frame: pd.DataFrame) -> list[tuple[object, object]]:
    return list(zip(document_of(frame["source"]), frame["project_no"], strict=True))


def _year_keys(frame: pd.DataFrame, year: int) -> set[tuple[object, object]]:
    annual = ((frame["period"] == "annual") & (frame["year_start"] == year)).fillna(False)
    keys = _project_keys(frame)
    return {key for key, keep in zip(keys, annual.to_numpy(dtype=bool), strict=True) if keep}


def filter_year(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """Rows of the documents and projects whose annual period starts in ``year``.

    Works on the indicators, funding and goals tables (columns ``source``, ``project_no``,
    ``period``, ``year_start``). Mid-term rows are kept with their project's annual rows.
    """
    wanted = _year_keys(frame, year)
    mask = [key in wanted for key in _project_keys(frame)]
    return frame.loc[mask].reset_index(drop=True)


def dataset_for_year(dataset: Dataset, year: int) -> Dataset:
    """The projects of ``dataset`` whose annual targets or funding are for ``year``.

    Projects and the loader's findings are kept for the documents and projects that remain
    (a finding is kept when its document does).
    """
    wanted = _year_keys(dataset.indicators, year) | _year_keys(dataset.funding, year)
    documents = {document for document, _ in wanted}

    def keep(frame: pd.DataFrame) -> pd.DataFrame:
        mask = [key in wanted for key in _project_keys(frame)]
        return frame.loc[mask].reset_index(drop=True)

    def keep_documents(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[document_of(frame["source"]).isin(documents)].reset_index(drop=True)

    return replace(
        dataset,
        projects=keep(dataset.projects),
        funding=keep(dataset.funding),
        goals=keep(dataset.goals),
        indicators=keep(dataset.indicators),
        findings=keep_documents(dataset.findings),
        cells=keep_documents(dataset.cells),
    )


# --------------------------------------------------------------------------- alignment


def _group(row: pd.Series) -> tuple[str, str]:
    return (_text(row["level1"]), _text(row["level2"]))


def _pair_rows(
    mid: pd.DataFrame, annual: pd.DataFrame, profile: ComparisonProfile
) -> list[tuple[int | None, int | None, float | None]]:
    """Greedy, deterministic pairing of filled-in rows: (mid idx, annual idx, score)."""
    candidates = []
    for a_pos, (a_idx, a_row) in enumerate(annual.iterrows()):
        for m_pos, (m_idx, m_row) in enumerate(mid.iterrows()):
            if _group(a_row) != _group(m_row):
                continue
            score = name_similarity(a_row["indicator"], m_row["indicator"])
            same_slot = _present(a_row["indicator_no"]) and (
                a_row["indicator_no"] == m_row["indicator_no"]
            )
            if score >= profile.same_group_min_score or (
                same_slot and score >= profile.same_slot_min_score
            ):
                priority = score + (0.25 if same_slot else 0.0)
                candidates.append((-priority, a_pos, m_pos, m_idx, a_idx, score))
    candidates.sort(key=lambda c: c[:3])
    pairs: list[tuple[int | None, int | None, float | None]] = []
    used_mid: set[int] = set()
    used_annual: set[int] = set()
    for *_, m_idx, a_idx, score in candidates:
        if m_idx in used_mid or a_idx in used_annual:
            continue
        used_mid.add(m_idx)
        used_annual.add(a_idx)
        pairs.append((m_idx, a_idx, score))
    pairs += [(idx, None, None) for idx in mid.index if idx not in used_mid]
    pairs += [(None, idx, None) for idx in annual.index if idx not in used_annual]
    return pairs


def _pair_placeholders(
    mid: pd.DataFrame, annual: pd.DataFrame
) -> list[tuple[int | None, int | None, float | None]]:
    """Pair template rows by group and number; a lone one stays alone."""
    pairs: list[tuple[int | None, int | None, float | None]] = []
    free = list(annual.index)
    for m_idx, m_row in mid.iterrows():
        match = next(
            (
                a_idx
                for a_idx in free
                if _group(annual.loc[a_idx]) == _group(m_row)
                and annual.loc[a_idx, "indicator_no"] == m_row["indicator_no"]
            ),
            None,
        )
        if match is not None:
            free.remove(match)
        pairs.append((m_idx, match, None))
    pairs += [(None, idx, None) for idx in free]
    return pairs


def _status(mid: pd.Series | None, annual: pd.Series | None, placeholder: bool) -> str:
    if placeholder:
        return "placeholder"
    if mid is None:
        return "annual_only"
    if annual is None:
        return "mid_term_only"
    if name_key(mid["indicator"]) != name_key(annual["indicator"]):
        return "text_changed"
    if _target_key(mid["target"]) != _target_key(annual["target"]):
        return "target_changed"
    return "same"


def _first(frame: pd.DataFrame, column: str) -> object:
    values = frame[column].dropna()
    return values.iloc[0] if len(values) else pd.NA


def align_indicators(
    indicators: pd.DataFrame, profile: ComparisonProfile | None = None
) -> pd.DataFrame:
    """Pair annual indicators with their mid-term counterparts, one row per pair.

    Pairs form within a project (document × ``project_no``) and within one 一级/二级 group:
    highest name similarity first, with a bonus for the same indicator number; a pair needs
    ``same_slot_min_score`` (same number) or ``same_group_min_score`` (other number). Columns:
    see :data:`ALIGNED`; ``match_score`` is the name similarity of a pair (NA for rows alone).
    """
    profile = profile or ComparisonProfile()
    frame = indicators.copy()
    frame["document"] = document_of(frame["source"])
    frame["placeholder"] = frame["placeholder"].fillna(False).astype(bool)
    records = []
    for (document, project_no), project in frame.groupby(
        ["document", "project_no"], sort=False, dropna=False
    ):
        mid = project[project["period"] == "mid_term"]
        annual = project[project["period"] == "annual"]
        groups: dict[tuple[str, str], int] = {}
        for _, row in project.iterrows():
            groups.setdefault(_group(row), len(groups))
        pairs = [
            (*pair, False)
            for pair in _pair_rows(
                mid[~mid["placeholder"]], annual[~annual["placeholder"]], profile
            )
        ] + [
            (*pair, True)
            for pair in _pair_placeholders(mid[mid["placeholder"]], annual[annual["placeholder"]])
        ]
        years = {
            "year_start_mid": _first(mid, "year_start"),
            "year_end_mid": _first(mid, "year_end"),
            "year_annual": _first(annual, "year_start"),
        }
        rows = []
        for m_idx, a_idx, score, placeholder in pairs:
            m_row = frame.loc[m_idx] if m_idx is not None else None
            a_row = frame.loc[a_idx] if a_idx is not None else None
            anchor = m_row if m_row is not None else a_row
            record = {
                "document": document,
                "project_no": project_no,
                "project": anchor["project"],
                "level1": anchor["level1"],
                "level2": anchor["level2"],
                **years,
                "status": _status(m_row, a_row, placeholder),
                "match_score": round(score, 3) if score is not None else pd.NA,
                "source_mid": m_row["source"] if m_row is not None else pd.NA,
                "source_annual": a_row["source"] if a_row is not None else pd.NA,
            }
            for name, _ in _SIDE_COLUMNS:
                record[f"{name}_mid"] = m_row[name] if m_row is not None else pd.NA
                record[f"{name}_annual"] = a_row[name] if a_row is not None else pd.NA
            number = record["indicator_no_mid"]
            if not _present(number):
                number = record["indicator_no_annual"]
            order = (groups[_group(anchor)], int(number) if _present(number) else 0, m_row is None)
            rows.append((order, record))
        records += [record for _, record in sorted(rows, key=lambda item: item[0])]
    if not records:
        return ALIGNED.empty()
    return ALIGNED.coerce(pd.DataFrame.from_records(records))


# --------------------------------------------------------------------------- pacing

_UP, _DOWN = frozenset({"≥", ">"}), frozenset({"≤", "<"})


def _comparators_clash(left: object, right: object) -> bool:
    """True when one side is a floor (≥ >) and the other a ceiling (≤ <)."""
    pair = {_text(left), _text(right)}
    return bool(pair & _UP) and bool(pair & _DOWN)


def _pace_row(row: pd.Series, years: int, profile: ComparisonProfile) -> dict[str, object]:
    """Pacing of one aligned pair (see :func:`pace_targets`)."""
    out: dict[str, object] = {"years": years}
    if row["kind_mid"] != "quantitative" or row["kind_annual"] != "quantitative":
        return {**out, "pacing": "not_comparable"}
    base_mid, scale_mid = unit_scale(row["unit_mid"])
    base_annual, scale_annual = unit_scale(row["unit_annual"])
    out["unit"] = row["unit_annual"] if _present(row["unit_annual"]) else row["unit_mid"]
    if base_mid and base_annual and base_mid != base_annual:
        return {**out, "pacing": "unit_mismatch"}
    shown = scale_annual if base_annual else scale_mid  # amounts are reported in out["unit"]
    mid = float(row["value_mid"]) * scale_mid
    annual = float(row["value_annual"]) * scale_annual
    per_mid, per_annual = row["per_mid"], row["per_annual"]
    factor_mid, factor_annual = (
        profile.per_year_factor(per_mid),
        profile.per_year_factor(per_annual),
    )
    if (_present(per_mid) and factor_mid is None) or (
        _present(per_annual) and factor_annual is None
    ):
        return {**out, "pacing": "not_comparable"}
    annual_per_year = annual * (factor_annual or 1.0)
    measure = target_measure(
        row["indicator_mid"],
        row["target_mid"],
        row["unit_mid"] if _present(row["unit_mid"]) else row["unit_annual"],
        per_mid,
        comparator=row["comparator_mid"],
        value=float(row["value_mid"]),
        annual_values=(float(row["value_annual"]),) if factor_annual is None else (),
        profile=profile,
    )
    if measure.kind == "unclear":  # 口径不明: no per-year figure, nothing to chart
        return {**out, "basis": "unclear", "pacing": "basis_unclear"}
    level = measure.kind == "level"
    unit_base = base_annual or base_mid
    rate = unit_base in profile.rate_units
    population = level and not rate and factor_mid is None and unit_base in profile.level_units
    if level:  # a rate, a population, a standard or a per-year target: level to level
        expected = mid * (factor_mid or 1.0)
        if rate:
            annual_per_year, expected = annual, mid
    else:  # a flow or total over the mid-term period: the year's even share
        expected = mid / years
    out.update(
        basis="level" if level else "cumulative",
        expected_annual=expected / shown,
        annual_per_year=annual_per_year / shown,
    )
    ratio = annual_per_year / expected if expected else (1.0 if annual_per_year == 0 else None)
    out["ratio"] = round(ratio, 4) if ratio is not None else pd.NA
    if _comparators_clash(row["comparator_mid"], row["comparator_annual"]):
        return {**out, "pacing": "comparator_mismatch"}
    if ratio is None:
        return {**out, "pacing": "not_comparable"}
    tolerance = profile.pace_tolerance
    if (not level or population) and annual_per_year > mid * (1 + 1e-9):
        verdict = "exceeds_mid_term"
    elif population and annual_per_year < mid * (1 - 1e-9):
        verdict = "subset"  # 47 of the 62 agencies this year
    elif abs(ratio - 1) <= tolerance + 1e-9:
        verdict = "consistent"
    elif ratio < 1:
        verdict = "back_loaded"
    else:
        verdict = "front_loaded"
    return {**out, "pacing": verdict}


def _pacing_frame(
    aligned: pd.DataFrame, years: int | None, profile: ComparisonProfile
) -> pd.DataFrame:
    """Pacing columns for the rows of ``aligned`` that pacing applies to (same index)."""
    quantitative = (aligned["kind_mid"] == "quantitative") | (
        aligned["kind_annual"] == "quantitative"
    )
    applies = aligned["status"].isin(PAIRED) & quantitative.fillna(False)
    records = {}
    for idx, row in aligned[applies].iterrows():
        n_years = years
        if n_years is None:
            start, end = row["year_start_mid"], row["year_end_mid"]
            n_years = (
                int(end) - int(start) + 1
                if _present(start) and _present(end)
                else profile.default_years
            )
        records[idx] = _pace_row(row, n_years, profile)
    names = [name for name, _ in _PACING_COLUMNS]
    frame = pd.DataFrame.from_dict(records, orient="index").reindex(
        index=aligned.index[applies], columns=names
    )
    for name, dtype in _PACING_COLUMNS:
        frame[name] = frame[name].astype(dtype)
    return frame


def pace_targets(
    aligned: pd.DataFrame, years: int | None = None, profile: ComparisonProfile | None = None
) -> pd.DataFrame:
    """Compare annual and mid-term quantities of paired indicators; one row per pair.

    Rows: pairs where at least one side is a quantity (the other side in words gives
    ``not_comparable``). ``years`` overrides the length of the mid-term period (default: from
    the table, else ``profile.default_years``).

    What a target measures comes from :func:`target_measure` (one rule for the pacing table,
    the charts and the multi-year tracking):

    * ``basis = "level"``: a level — a rate (unit %), a population (62家机构), a standard
      (300元/个) or a per-period target (每年/每月 …, turned into per-year amounts: 每月2次 → 24
      a year) — is compared level to level and never divided by the years;
    * ``basis = "cumulative"``: a flow (次, 场, 人次, 篇, spending) or an explicit total (累计,
      合计, 三年共) is compared with the annual target times the years (mid-term 不少于3次 over
      2021–2023, annual 不少于1次 → ratio 1.0);
    * ``basis = "unclear"`` (口径不明): no per-year figure, no ratio, verdict ``basis_unclear``;
    * ``ratio = annual_per_year / expected_annual``. Verdicts: ``consistent`` (within
      ``1 ± pace_tolerance``), ``front_loaded`` / ``back_loaded`` (above / below the even pace
      or level), ``subset`` (a population level of which the year covers a part, e.g. 47 of
      62 agencies), ``exceeds_mid_term`` (one year above the whole period or population),
      ``unit_mismatch``, ``comparator_mismatch`` (≥ on one side,
      ≤ on the other) and ``not_comparable``.
    """
    profile = profile or ComparisonProfile()
    pacing = _pacing_frame(aligned, years, profile)
    base = aligned.loc[
        pacing.index, [c for c in PACING.names if c in aligned.columns and c not in pacing]
    ]
    out = pd.concat([base, pacing], axis=1)
    if out.empty:
        return PACING.empty()
    return PACING.coerce(out)


def compare_targets(
    indicators: pd.DataFrame, years: int | None = None, profile: ComparisonProfile | None = None
) -> pd.DataFrame:
    """:func:`align_indicators` with the pacing columns of :func:`pace_targets` (NA where none)."""
    profile = profile or ComparisonProfile()
    aligned = align_indicators(indicators, profile)
    pacing = _pacing_frame(aligned, years, profile)
    out = aligned.join(pacing, how="left")
    return COMPARISON.coerce(out)


# --------------------------------------------------------------------------- counts


def _counts(frame: pd.DataFrame, column: str, order: tuple[str, ...]) -> pd.DataFrame:
    """Rows per project (index ``project_no``) and value of ``column`` (canonical order)."""
    table = pd.crosstab(frame["project_no"].astype("Int64"), frame[column].astype(str))
    present = [value for value in order if value in table.columns]
    table = table.reindex(columns=present).astype("int64")
    table.columns.name = column
    return table


def status_counts(aligned: pd.DataFrame) -> pd.DataFrame:
    """Aligned rows per project and ``status`` (statuses that occur, in :data:`STATUSES` order)."""
    return _counts(aligned, "status", STATUSES)


def pacing_counts(pacing: pd.DataFrame) -> pd.DataFrame:
    """Paced pairs per project and ``pacing`` verdict (in :data:`PACING_VERDICTS` order)."""
    return _counts(pacing, "pacing", PACING_VERDICTS)


# --------------------------------------------------------------------------- funding


def funding_phasing(
    funding: pd.DataFrame,
    projects: pd.DataFrame | None = None,
    *,
    years: int | None = None,
    profile: ComparisonProfile | None = None,
) -> pd.DataFrame:
    """Mid-term vs annual funding per project; one row per project.

    * ``phasing_ratio = mid_total / (annual_total × years)``; ``phasing`` is ``uneven`` outside
      ``profile.phasing_band`` (HEURISTIC "uneven phasing — check": front- or back-loading can
      be legitimate), ``not_comparable`` without both totals or with a zero annual total;
    * ``mid_identity_gap`` / ``annual_identity_gap`` = total − 财政拨款 − 其他资金 (0 when the
      identity holds, also when a printed 上年结转 line makes it hold; NA when a part is missing);
    * ``mid_covers_annual``: mid-term total and 财政拨款 are at least the annual ones;
    * ``budget_wan`` / ``budget_gap``: the narrative's 年度预算安排 (from ``projects``) and its
      difference from the annual total.
    """
    profile = profile or ComparisonProfile()
    frame = funding.copy()
    frame["document"] = document_of(frame["source"])
    budgets: dict[tuple[str, int], object] = {}
    if projects is not None and len(projects):
        docs = document_of(projects["source"])
        for doc, number, budget in zip(
            docs, projects["project_no"], projects["annual_budget_wan"], strict=True
        ):
            budgets[(doc, number)] = budget
    records = []
    for (document, project_no), rows in frame.groupby(
        ["document", "project_no"], sort=False, dropna=False
    ):
        amounts: dict[str, object] = {}
        sources: dict[str, object] = {}
        for _, row in rows.iterrows():
            prefix = "mid" if row["period"] == "mid_term" else "annual"
            key = f"{prefix}_{row['category']}"
            if key not in amounts:
                amounts[key] = row["amount_wan"]
                sources[key] = row["source"]
        mid_rows = rows[rows["period"] == "mid_term"]
        annual_rows = rows[rows["period"] == "annual"]
        start, end = _first(mid_rows, "year_start"), _first(mid_rows, "year_end")
        n_years = years or (
            int(end) - int(start) + 1
            if _present(start) and _present(end)
            else profile.default_years
        )
        record: dict[str, object] = {
            "document": document,
            "project_no": project_no,
            "project": rows["project"].iloc[0],
            "year_start_mid": start,
            "year_end_mid": end,
            "year_annual": _first(annual_rows, "year_start"),
            "years": n_years,
            "source_mid": sources.get("mid_total", pd.NA),
            "source_annual": sources.get("annual_total", pd.NA),
        }
        for side in ("mid", "annual"):
            for category in ("total", "fiscal", "other"):
                value = amounts.get(f"{side}_{category}", pd.NA)
                record[f"{side}_{category}"] = value if _present(value) else pd.NA
            parts = [record[f"{side}_{c}"] for c in ("total", "fiscal", "other")]
            record[f"{side}_identity_gap"] = (
                _identity_gap(*parts, amounts.get(f"{side}_carryover"), profile)
                if all(_present(p) for p in parts)
                else pd.NA
            )
        mid_total, annual_total = record["mid_total"], record["annual_total"]
        if _present(mid_total) and _present(annual_total) and float(annual_total) > 0:
            ratio = float(mid_total) / (float(annual_total) * n_years)
            low, high = profile.phasing_band
            record["phasing_ratio"] = round(ratio, 4)
            record["phasing"] = "even" if low - 1e-9 <= ratio <= high + 1e-9 else "uneven"
        else:
            record["phasing_ratio"] = pd.NA
            record["phasing"] = "not_comparable"
        tolerance = profile.amount_tolerance_wan
        checks = [
            (record[f"mid_{c}"], record[f"annual_{c}"])
            for c in ("total", "fiscal")
            if _present(record[f"mid_{c}"]) and _present(record[f"annual_{c}"])
        ]
        record["mid_covers_annual"] = (
            all(float(m) + tolerance >= float(a) for m, a in checks) if checks else pd.NA
        )
        budget = budgets.get((document, project_no), pd.NA)
        record["budget_wan"] = budget if _present(budget) else pd.NA
        record["budget_gap"] = (
            round(float(budget) - float(annual_total), 6)
            if _present(budget) and _present(annual_total)
            else pd.NA
        )
        records.append(record)
    if not records:
        return FUNDING_PHASING.empty()
    return FUNDING_PHASING.coerce(pd.DataFrame.from_records(records))
