"""The review profile: every rule's on/off switch, thresholds and word lists, with defaults.

A :class:`ReviewProfile` is frozen; derive variants with :func:`dataclasses.replace` or
:meth:`ReviewProfile.only`:

>>> profile = ReviewProfile()
>>> profile.enabled("R2"), profile.satisfaction_ceiling
(True, 100.0)
>>> ReviewProfile.only("R8", "R14").enabled("R2")
False

Rule ids follow docs/rules.md#rules (R1–R12); R13–R16 are added here (see :mod:`.rules`). Word
lists are HEURISTIC unless docs/rules.md gives them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from kpi_analysis.analysis.compare import ComparisonProfile

#: Rule ids implemented by :func:`kpi_analysis.analysis.review.review`.
RULE_IDS = (
    "R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R11", "R12", "R13", "R14", "R15", "R16",
)  # fmt: skip


@dataclass(frozen=True)
class ReviewProfile:
    """Switches, thresholds and word lists of the target review.

    Switches (``True`` = rule on): one per rule id, see :data:`RULE_IDS`; ``disabled`` lists
    the ids switched off (default: none).

    R1 完整性: ``required_level1`` (一级 classes every project needs) and
    ``required_output_level2`` (二级 classes under 产出指标; a missing one is a warning only,
    S26). A group holding only blank template rows counts as missing.

    R2 vague targets: a 指标值 of kind ``qualitative`` (no number, no date) holding one of
    ``vague_words``.

    R4 direction: ``cost_words`` mark cost indicators by name, ``time_name_words`` time-limit
    indicators (besides the 二级 classes in ``cost_level2`` / ``time_level2``);
    ``negative_rate_pattern`` marks indicators where less is better (差错率, 投诉率 …), and
    ``positive_rate_words`` rates where more is better (合格率, 覆盖率 …).

    R5: satisfaction indicators (二级 服务对象满意度指标 or a name with one of
    ``satisfaction_words``) with a target of ``satisfaction_ceiling`` % or more; other rates
    above ``rate_ceiling`` % (warning) or written "≥100%" (info).

    R6/R15: ``cost_level2`` classes count as cost indicators; a cost row needs a money unit
    (``money_units``) or one of ``cost_words`` in its name or value.

    R7: ``comparison`` holds the thresholds of :mod:`kpi_analysis.analysis.compare`;
    ``pacing_severity`` maps a pacing verdict to a finding severity (verdicts not listed give
    no finding); ``report_unmatched`` reports annual-only and mid-term-only indicators.

    R8/R14: numbers are compared when their units agree; ``interchangeable_units`` groups
    classifier units that count the same things (47个 vs 47家).

    R13: ``doubled_min_chars`` is the shortest repeated run of CJK characters reported
    ("提高提高" is 2); ``doubled_single_chars`` are single characters never written twice
    ("的的"); ``doubled_punctuation`` the marks never written twice ("：：").
    """

    disabled: frozenset[str] = frozenset()
    comparison: ComparisonProfile = field(default_factory=ComparisonProfile)

    # R1
    required_level1: tuple[str, ...] = ("产出指标", "效益指标", "满意度指标")
    required_output_level2: tuple[str, ...] = ("数量指标", "质量指标", "时效指标")
    # R2
    vague_words: tuple[str, ...] = (
        "逐步", "进一步", "有所", "明显", "显著", "持续", "较好", "稳步", "提升", "提高",
        "改善", "完善", "加强", "优化", "推进",
    )  # fmt: skip
    # R4
    time_level2: tuple[str, ...] = ("时效指标",)
    time_name_words: tuple[str, ...] = (
        "时限", "完成时间", "办结时间", "答复时间", "周期", "工期", "用时", "时效",
    )  # fmt: skip
    duration_units: tuple[str, ...] = (
        "天", "日", "周", "月", "个月", "年", "小时", "分钟", "工作日", "个工作日", "季度",
    )  # fmt: skip
    negative_rate_pattern: str = (
        r"(差错|投诉|事故|失误|违规|违纪|不合格|错误|误差|结余|闲置|超支|返工|空置|流失|故障)"
        r"(发生)?(率|数|次数|起数|件数|量)"
    )
    positive_rate_words: tuple[str, ...] = (
        "覆盖", "合格", "达标", "满意", "完成率", "知晓", "使用率", "到位", "及时", "执行率",
        "注册率", "参与率", "通过率", "优良", "办结", "处理率", "响应率", "完好率",
        "正确率", "准确率", "利用率",
    )  # fmt: skip
    # R5
    satisfaction_words: tuple[str, ...] = ("满意度", "满意率")
    satisfaction_level2: tuple[str, ...] = ("服务对象满意度指标",)
    satisfaction_ceiling: float = 100.0
    rate_ceiling: float = 100.0
    # R6, R15
    cost_level2: tuple[str, ...] = ("成本指标", "经济成本指标", "社会成本指标", "生态环境成本指标")
    money_units: tuple[str, ...] = ("元", "千元", "万元", "亿元")
    cost_words: tuple[str, ...] = (
        "成本", "费用", "经费", "资金", "预算", "单价", "造价", "支出", "价格", "金额", "费",
    )  # fmt: skip
    # R7
    pacing_severity: tuple[tuple[str, str], ...] = (
        ("exceeds_mid_term", "warning"),
        ("unit_mismatch", "warning"),
        ("comparator_mismatch", "warning"),
        ("front_loaded", "info"),
        ("back_loaded", "info"),
    )
    report_unmatched: bool = True
    # R8, R14
    interchangeable_units: tuple[tuple[str, ...], ...] = (
        ("个", "家", "所", "座", "处", "项", "件"),
        ("人", "名", "位"),
    )
    # R13
    doubled_min_chars: int = 2
    doubled_single_chars: str = "的了和与及在对是为把被"
    doubled_punctuation: str = "，、；：！？,;:!?"

    def enabled(self, rule: str) -> bool:
        """True when ``rule`` is switched on."""
        return rule not in self.disabled

    @classmethod
    def only(cls, *rules: str, **changes: object) -> ReviewProfile:
        """A default profile with only ``rules`` switched on (and other fields changed)."""
        unknown = set(rules) - set(RULE_IDS)
        if unknown:
            raise ValueError(f"unknown rule ids: {sorted(unknown)}")
        return replace(cls(), disabled=frozenset(RULE_IDS) - set(rules), **changes)
