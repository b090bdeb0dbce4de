"""Head-word rules for form labels: which field, funding line or period a label names.

Labels are matched on :func:`~kpi_analysis.text.vocabulary.label_key` keys. Exact synonyms
come first; then *head words* decide: what a label ends with (…名称, …主管部门, …执行单位,
…资金总额, …其他资金) or starts with (年初…, 全年…, 中期…). The tables below are the data;
the functions only apply them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kpi_analysis.text.money import MONEY_UNIT
from kpi_analysis.text.vocabulary import label_key

#: Exact field labels (after label_key) → field.
FIELD_SYNONYMS = {
    "项目名称": "project",
    "项目支出名称": "project",
    "项目名称及代码": "project",
    "项目名称及编码": "project",
    "项目编码及名称": "project",
    "主管部门": "department",
    "预算部门": "department",
    "预算单位": "department",
    "部门名称": "department",
    "单位名称": "department",
    "实施单位": "implementer",
    "执行单位": "implementer",
    "项目属性": "attribute",
    "项目类型": "attribute",
    "项目期": "term",
}
#: Head words: (field, endings). Checked in order, after a trailing 及代码/代码 is dropped.
FIELD_HEADS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("implementer", ("实施单位", "执行单位", "承担单位", "实施主体", "实施部门", "执行部门")),
    (
        "department",
        (
            "主管部门",
            "主管单位",
            "预算部门",
            "预算单位",
            "单位名称",
            "部门名称",
            "填报单位",
            "申报单位",
            "申报部门",
            "项目单位",
            "所属单位",
            "归口单位",
            "下达地方或单位",
        ),
    ),
    ("project", ("项目名称", "专项名称", "资金名称", "专项资金名称", "支出名称")),
    ("term", ("项目周期", "建设周期", "实施周期", "实施期限", "起止时间", "实施期", "项目期限")),
    (
        "other",
        ("负责人", "联系人", "联系电话", "电话", "项目分类", "项目审批", "概况", "立项依据"),
    ),
)
CODE_SUFFIX = re.compile(r"(?:及其|及|和|与)?(?:预算|单位|项目)?(?:代码|编码)$")
#: A bracketed gloss inside a field label: 主管部门(单位)名称 names the 主管部门名称.
FIELD_GLOSS = re.compile(r"[(][^()]*[)]")

#: Funding head words. Order matters: other before fiscal before total.
OTHER_HEADS = ("其他资金", "其他来源", "自筹资金", "单位自筹")
FISCAL_HEADS = ("财政拨款", "财政资金", "财政性资金", "上级资金", "上级补助", "财政补助")
FISCAL_MARKERS = ("本级", "上级")
#: Who pays, named in a label (市财政预算, 中央补助, 省级资金): money from a budget is fiscal
#: when the label ends in a funds word (never 投资: 中央预算内投资 is the project's total).
FISCAL_SOURCES = ("财政", "中央", "省级", "市级", "县级", "区级", "省财政", "市财政")
FISCAL_SOURCE_ENDINGS = ("资金", "补助", "补助资金", "预算", "预算资金", "拨款", "专款")
TOTAL_ENDINGS = (
    "资金总额",
    "总额",
    "总金额",
    "金额",
    "项目金额",
    "总预算",
    "预算数",
    "预算金额",
    "预算",
    "资金合计",
    "合计",
    "总计",
    "投资",
)
#: Head words of the columns of a project list (one row per project): amount, goal, content
#: and code columns (年度预算安排 | 绩效目标 | 项目内容 | 单位编码).
LIST_AMOUNT_HEADS = ("预算安排", "资金安排", "金额", "资金", "预算", "预算数", "经费", "预算额")
LIST_GOAL_HEADS = ("目标",)
LIST_CONTENT_HEADS = ("内容", "概况")
LIST_CODE_HEADS = ("编码", "代码")
#: A unit printed after its budget code (``207101天津市河北区人民法院``, ``[017]某局``,
#: ``776001-某院``): the code (three or more digits, maybe bracketed or followed by a dash)
#: and a name of at least four characters, no digit in it.
CODED_UNIT = re.compile(r"^[\[【(（]?(\d{3,})[\]】)）]?\s*[-—－_]?\s*([^\d\s:：,，。;；]{4,40})$")


def coded_unit(text: str) -> tuple[str, str] | None:
    """(code, name) of a unit printed after its budget code, else None. A year (``2024年…``)
    is no code; a number with its unit (``300万元…``) leaves no name.

    >>> coded_unit("207101天津市河北区人民法院"), coded_unit("[017] 某县司法局")
    (('207101', '天津市河北区人民法院'), ('017', '某县司法局'))
    >>> coded_unit("2024年度绩效目标表"), coded_unit("300万元"), coded_unit("某县司法局")
    (None, None, None)
    """
    found = CODED_UNIT.match(text.strip())
    if found is None or found.group(2).startswith(("年", "万", "元", "亿", "千")):
        return None
    return found.group(1), found.group(2)


#: Words of a column that holds what the year is expected to reach (预期实现值, 预计完成值).
EXPECTED_WORDS = ("预期", "预计")
MID_FUNDING_MARKERS = ("中期", "长期", "实施期", "项目总预算", "项目总金额", "总预算", "周期")
ANNUAL_FUNDING_MARKERS = ("年度", "当年", "本年", "年初", "全年")

AMOUNT_CELL = re.compile(
    r"^(?:约)?(-?\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?)"
    rf"\s*[(（]?\s*({MONEY_UNIT}|万)?\s*[)）]?$"
)
DETAIL = re.compile(r"^([^(（]+)[(（][^)）]*[\u4e00-\u9fff][^)）]*[)）]?$")
INLINE_AMOUNT = re.compile(
    r"(?:[:：]|(?<=[^\d(（年\-—~.,，]))\s*(-?\d[\d,，]*(?:\.\d+)?)\s*"
    rf"({MONEY_UNIT}|万)?\s*$"
)


@lru_cache(maxsize=8192)
def field_of(text: str) -> str | None:
    """The header field a label names (project, department, implementer, attribute, term,
    other), or None.

    >>> field_of("业务主管部门"), field_of("专项名称"), field_of("项目执行单位(盖章)")
    ('department', 'project', 'implementer')
    >>> field_of("主管部门(单位)名称及预算编码"), field_of("实施(主管)单位")
    ('department', 'implementer')
    >>> field_of("计量单位") is None, field_of("年度目标") is None
    (True, True)
    """
    key = label_key(text)
    if key in FIELD_SYNONYMS:
        return FIELD_SYNONYMS[key]
    key = CODE_SUFFIX.sub("", FIELD_GLOSS.sub("", key))
    if key in FIELD_SYNONYMS:
        return FIELD_SYNONYMS[key]
    if len(key) > 14:
        return None
    for name, endings in FIELD_HEADS:
        if key.endswith(endings):
            return name
    return None


#: What may follow a field label without being its value: annotations (盖章) and a unit note.
EMPTY_FIELD_REST = re.compile(rf"^(?:单位|金额单位)[:：]?(?:{MONEY_UNIT})$")


def split_inline_field(text: str) -> tuple[str, str] | None:
    """``填报单位(盖章):南县疾控中心`` → (field, value) when a cell holds label and value.

    A label whose rest is only an annotation or a unit note (``填报单位:(盖章) 单位:万元``)
    holds no value: None.

    >>> split_inline_field("填报单位(盖章):南县疾控中心")
    ('department', '南县疾控中心')
    >>> split_inline_field("填报单位:(盖章) 单位:万元") is None
    True
    """
    parts = re.split(r"[:：]", text, maxsplit=1)
    if len(parts) != 2 or not parts[1].strip():
        return None
    name = field_of(parts[0])
    if name is None or name == "other":
        return None
    rest = label_key(parts[1])
    if not rest or EMPTY_FIELD_REST.match(rest):
        return None
    return name, parts[1].strip()


#: What separates the fields of a paired label (项目实施单位/项目负责人).
PAIR_MARK = re.compile(r"\s*[/／]\s*")


def paired_parts(label: str, value: str) -> list[tuple[str, str]]:
    """A label naming several fields and a value of as many parts, paired in order:
    ``项目实施单位/项目负责人 | 原州区农技中心/杨勃兴``; [] when the parts do not pair.

    >>> paired_parts("项目实施单位/项目负责人", "原州区农技中心/杨勃兴")
    [('项目实施单位', '原州区农技中心'), ('项目负责人', '杨勃兴')]
    >>> paired_parts("实施单位/负责人", "原州区农技中心")
    []
    """
    labels = PAIR_MARK.split(label.strip())
    values = PAIR_MARK.split(value.strip())
    if len(labels) < 2 or len(labels) != len(values) or not all(labels):
        return []
    return list(zip(labels, values, strict=True))


#: Labels of a form's signature line (who filled it in, who is responsible, when).
SIGNATURE_LABELS = frozenset(
    {
        "项目负责人",
        "财务负责人",
        "单位负责人",
        "填表人",
        "填报人",
        "经办人",
        "联系人",
        "联系电话",
        "填报日期",
        "填表日期",
        "审核人",
    }
)
SIGNATURE_HEAD = re.compile(r"[:：]|\s+")


#: Head words of the column where a goal's achievement is written (…目标完成情况, 实际完成…).
ACHIEVEMENT_ENDINGS = ("完成情况", "实际完成", "完成结果")


@lru_cache(maxsize=4096)
def is_achievement_label(text: str) -> bool:
    """True for the label of a goal's achievement column (年度总体目标完成情况, 实际完成情况);
    never an indicator column (指标完成情况) nor a sentence.

    >>> is_achievement_label("年度总体目标完成情况"), is_achievement_label("指标完成情况")
    (True, False)
    """
    key = label_key(text)
    return key.endswith(ACHIEVEMENT_ENDINGS) and "指标" not in key and len(key) <= 12


@lru_cache(maxsize=8192)
def is_signature_label(text: str | None) -> bool:
    """True for a cell that starts with a signature label: ``填报人``, ``项目负责人(签字):张三``,
    ``联系电话 0731-1234567``; never for words that only begin so (联系电话畅通率).

    >>> [is_signature_label(t) for t in ("填表人: 宋云花 联系电话:166", "联系电话畅通率")]
    [True, False]
    """
    if not text or not text.strip():
        return False
    if label_key(text) in SIGNATURE_LABELS:
        return True
    head = SIGNATURE_HEAD.split(text.strip(), maxsplit=1)[0]
    return label_key(head) in SIGNATURE_LABELS


def funding_category(key: str) -> tuple[str, str | None] | None:
    """(total/fiscal/other, period or None) by head words, for a folded funding label.

    >>> funding_category("其中:其他资金"), funding_category("年度本级预算金额")
    (('other', None), ('fiscal', None))
    >>> funding_category("本次下达中央预算内投资"), funding_category("当年资金总额")
    (('total', None), ('total', 'annual'))
    >>> funding_category("中期市财政预算"), funding_category("其中:中央补助")
    (('fiscal', 'mid_term'), ('fiscal', None))
    >>> funding_category("年度金额")
    ('total', 'annual')
    """
    key = key.removeprefix("其中").lstrip(":：")
    if len(key) > 16:
        return None
    if key.startswith("其他") and key.endswith("资金") or key.endswith(OTHER_HEADS):
        return "other", None
    if key.endswith(FISCAL_HEADS):
        return "fiscal", None
    if any(m in key for m in FISCAL_MARKERS) and key.endswith(TOTAL_ENDINGS + ("资金",)):
        return "fiscal", None
    if any(m in key for m in FISCAL_SOURCES) and key.endswith(FISCAL_SOURCE_ENDINGS):
        return "fiscal", _funding_period(key)
    if key.endswith(TOTAL_ENDINGS):
        return "total", _funding_period(key)
    return None


def _funding_period(key: str) -> str | None:
    """The period a funding label names (中期…, 年度…), else None."""
    if any(m in key for m in MID_FUNDING_MARKERS):
        return "mid_term"
    if any(m in key for m in ANNUAL_FUNDING_MARKERS):
        return "annual"
    return None


def parse_amount(text: str) -> tuple[float, str | None] | None:
    """(number, unit in the cell) when the whole cell is an amount, else None.

    Numbering, years, date ranges and words are never amounts.

    >>> parse_amount("8,827,620.53"), parse_amount("132万元"), parse_amount("（一）")
    ((8827620.53, None), (132.0, '万元'), None)
    >>> parse_amount("2021-2023年") is None, parse_amount("2023年") is None
    (True, True)
    >>> parse_amount("854万(建设400万元,示范454万元)")
    (854.0, '万')
    """
    compact = re.sub(r"\s+", "", text or "")
    match = AMOUNT_CELL.match(compact)
    if not match:
        detail = DETAIL.match(compact)  # 854万(高标准农田建设400万元,…): the amount, its breakdown
        head = detail.group(1) if detail else ""
        half = len(head) // 2
        if head and len(head) % 2 == 0 and head[:half] == head[half:]:
            head = head[:half]  # the same amount printed twice (854万854万)
        match = AMOUNT_CELL.match(head) if head and head[-1] in "万元" else None
    if not match:
        return None
    return float(match.group(1).replace(",", "").replace("，", "")), match.group(2)


YEAR_NUMBER = re.compile(r"^(?:19|20)\d{2}$")
DATE_LIKE = re.compile(
    r"^(?:19|20)\d{2}(?:年.*"
    r"|[./-](?:0?[1-9]|1[0-2])[./-](?:0?[1-9]|[12]\d|3[01])"
    r"|[./-](?:0?[1-9]|1[0-2])(?:[./-]\d{1,2})?[-—–~至到].+"
    r"|[-—–~至到](?:19|20)\d{2}.*)$"
)
#: Words of a label that says its figure is an amount (金额, 预算, 资金 …).
AMOUNT_WORDS = ("金额", "预算", "资金", "拨款", "投资", "经费", "总额", "补助", "结转")


def looks_like_date(text: str) -> bool:
    """True for a year or a date range (2021, 2021年, 2021-2023, 2023.07-2024.01).

    >>> [looks_like_date(t) for t in ("2021", "2021-2023年", "2023.07-2024.01", "2021-01-01")]
    [True, True, True, True]
    >>> [looks_like_date(t) for t in ("2021.5", "854", "2021万元", "12.5")]
    [False, False, False, False]
    """
    compact = re.sub(r"\s+", "", text or "")
    return bool(YEAR_NUMBER.match(compact) or DATE_LIKE.match(compact))


def year_is_amount(text: str, label: str) -> bool:
    """A figure that looks like a year is an amount only on evidence: a bare number under a
    label that says amount (金额/预算/资金 …). Date ranges and ``2021年`` never are.

    >>> year_is_amount("2021", "年度资金总额"), year_is_amount("2021", "合计")
    (True, False)
    >>> year_is_amount("2021-2023", "资金总额")
    False
    """
    compact = re.sub(r"\s+", "", text or "")
    if not YEAR_NUMBER.match(compact):
        return False
    return any(word in label_key(label) for word in AMOUNT_WORDS)
