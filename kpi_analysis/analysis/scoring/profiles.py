"""Scoring profiles: every weight, band and formula option of 单位自评 as frozen configuration.

The rules differ between jurisdictions (docs/rules.md#profiles), so nothing here is hard-wired
in the
scoring code. Source ids (S1, S2 …) refer to the source list of ``docs/rules.md``; points marked
UNCONFIRMED rest on no retrieved official text, points marked HEURISTIC are this package's
choices where no rule exists.

>>> CENTRAL_2020.grade(89.99), CENTRAL_2020.grade(90)
('良', '优')
>>> CENTRAL_2020.indicator_total
90.0
>>> PROFILES["hb_variant"].execution_weight
20.0
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from kpi_analysis.text.numbers import format_compact

REVERSE_METHODS = ("ratio", "linear_2x")
MISSING_CLASS_POLICIES = ("to_output", "proportional", "rescale_to_100")

OUTPUT = "产出指标"
BENEFIT = "效益指标"
SATISFACTION = "满意度指标"
COST = "成本指标"


@dataclass(frozen=True)
class Band:
    """One band of a banded scale: ``label`` from ``lower`` (inclusive) up to the next band.

    Grade bands use points (优 from 90); qualitative bands use fractions of the weight
    (达成年度指标 from 0.8).
    """

    label: str
    lower: float


@dataclass(frozen=True)
class ClassWeight:
    """The weight of one first-level class, or of classes that share it (split by rows)."""

    classes: tuple[str, ...]
    weight: float

    @property
    def label(self) -> str:
        """The classes joined for messages, e.g. ``产出指标+成本指标``."""
        return "+".join(self.classes)


CENTRAL_GRADES = (Band("优", 90.0), Band("良", 80.0), Band("中", 60.0), Band("差", 0.0))
CENTRAL_QUALITATIVE = (
    Band("达成年度指标", 0.8),
    Band("部分达成年度指标并具有一定效果", 0.6),
    Band("未达成年度指标且效果较差", 0.0),
)
VARIANT_QUALITATIVE = (
    Band("达成年度指标", 0.8),
    Band("部分达成年度指标并具有一定效果", 0.5),
    Band("未达成年度指标且效果较差", 0.0),
)


@dataclass(frozen=True)
class ScoringProfile:
    """All parameters of one self-evaluation scoring rule set.

    * ``execution_weight``: points of 预算执行率; indicator weights sum to 100 minus this.
    * ``class_weights``: first-level class weights; a :class:`ClassWeight` naming several
      classes gives them one weight, split across their rows together (成本指标 as a
      first-level class of the new template shares 产出指标's weight this way).
    * ``grade_bands``: 优/良/中/差 lower bounds in points, descending; ``None`` = no grade.
    * ``qualitative_bands``: 定性 bands as fractions of the weight, descending.
    * ``reverse_method``: ``ratio`` (w × A/B) or ``linear_2x`` (full to A, zero at 2A).
    * ``over_achievement_threshold``: B/A at or above which a 正向 row is flagged.
    * ``missing_class_policy``: ``to_output``, ``proportional`` or ``rescale_to_100``.
    * ``execution_rate_cap``: the execution rate is clipped to [0, cap] before scoring.
    * ``rate_reason_threshold``: an execution rate below this needs a written reason.
    """

    name: str
    title: str
    sources: tuple[str, ...]
    execution_weight: float = 10.0
    class_weights: tuple[ClassWeight, ...] = (
        ClassWeight((OUTPUT, COST), 50.0),
        ClassWeight((BENEFIT,), 30.0),
        ClassWeight((SATISFACTION,), 10.0),
    )
    grade_bands: tuple[Band, ...] | None = CENTRAL_GRADES
    qualitative_bands: tuple[Band, ...] = CENTRAL_QUALITATIVE
    reverse_method: str = "ratio"
    over_achievement_threshold: float = 1.2
    missing_class_policy: str = "to_output"
    execution_rate_cap: float = 1.0
    rate_reason_threshold: float = 0.9
    notes: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        if self.reverse_method not in REVERSE_METHODS:
            raise ValueError(f"reverse_method must be one of {REVERSE_METHODS}")
        if self.missing_class_policy not in MISSING_CLASS_POLICIES:
            raise ValueError(f"missing_class_policy must be one of {MISSING_CLASS_POLICIES}")
        total = self.execution_weight + sum(c.weight for c in self.class_weights)
        if abs(total - 100.0) > 1e-9:
            raise ValueError(f"{self.name}: weights sum to {total}, not 100")
        classes = [name for group in self.class_weights for name in group.classes]
        if len(classes) != len(set(classes)):
            raise ValueError(f"{self.name}: a class appears in two weight groups")
        for bands in (self.grade_bands or (), self.qualitative_bands):
            lowers = [band.lower for band in bands]
            if lowers != sorted(lowers, reverse=True) or (lowers and lowers[-1] != 0):
                raise ValueError(f"{self.name}: bands must descend to a lower bound of 0")
        if self.execution_rate_cap <= 0 or self.over_achievement_threshold <= 1:
            raise ValueError(f"{self.name}: cap must be > 0 and threshold > 1")

    @property
    def indicator_total(self) -> float:
        """Points of all indicators together (100 − execution weight)."""
        return 100.0 - self.execution_weight

    def group_of(self, level1: str) -> ClassWeight | None:
        """The weight group a first-level class belongs to (None for an unknown class)."""
        for group in self.class_weights:
            if level1 in group.classes:
                return group
        return None

    def grade(self, total: float) -> str | None:
        """The grade of a total already rounded to 2 decimals (None when not graded)."""
        if self.grade_bands is None:
            return None
        for band in self.grade_bands:
            if total >= band.lower:
                return band.label
        return self.grade_bands[-1].label

    def weights_text(self) -> str:
        """The split in words, e.g. ``预算执行率10/产出指标+成本指标50/效益指标30/满意度指标10``."""
        parts = [f"预算执行率{format_compact(self.execution_weight)}"]
        parts += [f"{group.label}{format_compact(group.weight)}" for group in self.class_weights]
        return "/".join(parts)

    def label(self) -> str:
        """Name and title for explanations, e.g. ``central_2020（中央 财预〔2020〕10号）``."""
        return f"{self.name}（{self.title}）"

    def with_options(self, **changes: object) -> ScoringProfile:
        """A copy with some fields changed (e.g. ``reverse_method="linear_2x"``)."""
        return replace(self, **changes)


CENTRAL_2020 = ScoringProfile(
    name="central_2020",
    title="中央 财预〔2020〕10号 默认",
    sources=("S1", "S2", "S5", "S6", "S7", "S8", "S9", "S10", "S11"),
    notes=(
        "权重 10/50/30/10：S1，实表 S5、S6；10号原文 UNCONFIRMED",
        "等级 优≥90、良≥80、中≥60、差：S2；10号原文 UNCONFIRMED",
        "定性三档 80%/60%：厂商实现 S10、S11；原文措辞部分 UNCONFIRMED",
        "反向指标 ratio：S8、S9；执行率上限 1：S8“得分不得突破权重总额”",
        "缺少一级指标时权重并入产出（to_output）：S7 实践；官方规则 UNCONFIRMED",
        "成本指标作一级时与产出共享 50 分、按行数分摊：UNCONFIRMED，建议默认",
    ),
)
"""Default central profile (docs/rules.md#profiles).

Weights 预算执行率 10 / 产出 50 / 效益 30 / 满意度 10 (S1; real tables S5, S6). Grades 优 ≥ 90,
良 ≥ 80, 中 ≥ 60, 差 (S2; 10号 wording UNCONFIRMED). 定性 bands 80 % / 60 % of the weight
(S10, S11). Reverse indicators by ratio (S8, S9). Execution rate capped at 100 % (S8).
Missing class → 产出 (S7 practice; official rule UNCONFIRMED). 成本 as first-level class shares
产出's 50 pro rata by rows (UNCONFIRMED suggested default). Rate < 90 % needs a reason (S7).
"""

HB_VARIANT = ScoringProfile(
    name="hb_variant",
    title="hbprogoal 变体（湖北或河北，未确认）",
    sources=("S13", "S8"),
    execution_weight=20.0,
    class_weights=(
        ClassWeight((OUTPUT, COST), 40.0),
        ClassWeight((BENEFIT, SATISFACTION), 40.0),
    ),
    qualitative_bands=VARIANT_QUALITATIVE,
    notes=(
        "预算执行 20、产出 40、效益和满意度合计 40：S13",
        "定性三档 100-80%(含80%)、80-50%(含50%)、50-0%：S13、S8",
        "等级沿用中央分档：UNCONFIRMED（S13 称可以不评级）",
    ),
)
"""The ``hbprogoal`` variant (湖北 or 河北, unidentified), docs/rules.md#profiles.

预算执行情况 20, 产出 40, 效益 + 满意度 together 40, split across their rows (S13). 定性 bands
100–80 % / 80–50 % / 50–0 % (S13, S8). Grades: the central bands (UNCONFIRMED; S13 allows
no grading at all).
"""

MUNICIPAL_20_80 = ScoringProfile(
    name="municipal_20_80",
    title="市级模板 执行率20/指标80",
    sources=("S8",),
    execution_weight=20.0,
    class_weights=(ClassWeight((OUTPUT, COST, BENEFIT, SATISFACTION), 80.0),),
    qualitative_bands=VARIANT_QUALITATIVE,
    notes=(
        "预算执行情况 20 分、得分 = 20 × 执行率：S8",
        "指标 80 分由单位分配；未填时全部指标平均分配：HEURISTIC",
        "定性三档 100-80%/80-50%/50-0%：S8；等级沿用中央分档：UNCONFIRMED",
    ),
)
"""Municipal 2020 template (S8): 预算执行情况 20 points (20 × 执行率), indicators 80.

The unit splits the 80; when the form gives no weights they are split equally across all
indicator rows (HEURISTIC). 定性 bands 100–80 / 80–50 / 50–0 % (S8). Grades: central bands
(UNCONFIRMED).
"""

VENDOR_GRADES = ScoringProfile(
    name="vendor_grades",
    title="厂商等级变体 优≥80/良≥70/中≥60（省份未明）",
    sources=("S11",),
    grade_bands=(Band("优", 80.0), Band("良", 70.0), Band("中", 60.0), Band("差", 0.0)),
    notes=(
        "等级 优≥80、良70-80、中60-70、差<60：S11 selfresultproject，省份未明",
        "其余与 central_2020 相同",
    ),
)
"""Vendor grade variant (S11 ``selfresultproject``; province unidentified).

Grades 优 ≥ 80, 良 ≥ 70, 中 ≥ 60, 差 < 60; everything else as :data:`CENTRAL_2020`.
"""

PROFILES: dict[str, ScoringProfile] = {
    profile.name: profile for profile in (CENTRAL_2020, HB_VARIANT, MUNICIPAL_20_80, VENDOR_GRADES)
}
"""Profiles by name; ``central_2020`` is the default."""

DEFAULT_PROFILE = CENTRAL_2020


def get_profile(profile: str | ScoringProfile | None = None) -> ScoringProfile:
    """A profile by name (or the profile itself); ``None`` gives the default."""
    if profile is None:
        return DEFAULT_PROFILE
    if isinstance(profile, ScoringProfile):
        return profile
    try:
        return PROFILES[profile]
    except KeyError:
        raise ValueError(f"未知评分规则“{profile}”，可选：{'、'.join(PROFILES)}") from None
