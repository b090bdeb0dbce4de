"""Property test of the one label normaliser: decorations never hide a known label."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kpi_analysis.forms.funding import classify
from kpi_analysis.forms.targets.columns import column_role
from kpi_analysis.text.headwords import field_of
from kpi_analysis.text.vocabulary import canonical_level1, canonical_level2, label_key

KNOWN = {
    "项目名称": lambda t: field_of(t) == "project",
    "主管部门": lambda t: field_of(t) == "department",
    "实施单位": lambda t: field_of(t) == "implementer",
    "资金总额": lambda t: classify(label_key(t)) is not None,
    "其他资金": lambda t: (classify(label_key(t)) or ("",))[0] == "other",
    "财政拨款": lambda t: (classify(label_key(t)) or ("",))[0] == "fiscal",
    "二级指标": lambda t: column_role(t) == "level2",
    "指标值": lambda t: column_role(t) == "target",
    "产出指标": lambda t: canonical_level1(t) == "产出指标",
    "数量指标": lambda t: canonical_level2(t) == "数量指标",
}
TRADITIONAL = {"项目名称": "項目名稱", "主管部门": "主管部門", "资金总额": "資金總額"}
PREFIXES = ["", "一、", "（一）", "1、", "(1)", "①", "1.", "第一、", "★", "*"]
SUFFIXES = [
    "",
    "（A）",
    "(B/A)",
    "（万元）",
    "（元）",
    "（50分）",
    "(0-20)分",
    "（必填）",
    "*",
    "：",
]
PLAIN = ["培训", "群众", "道路硬化", "年度", "合计金额说明文字很长很长的句子", "指标说明"]


def _spaced(text: str, gaps: list[int]) -> str:
    chars = list(text)
    for g in sorted(set(gaps), reverse=True):
        chars.insert(g % (len(chars) + 1), " " if g % 2 else "\n")
    return "".join(chars)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(sorted(KNOWN)),
    st.sampled_from(PREFIXES),
    st.sampled_from(SUFFIXES),
    st.lists(st.integers(0, 20), max_size=3),
    st.booleans(),
    st.booleans(),
)
def test_decorated_known_labels_are_recognised(
    label: str, prefix: str, suffix: str, gaps: list[int], traditional: bool, fullwidth: bool
) -> None:
    text = TRADITIONAL.get(label, label) if traditional else label
    if label == "项目名称" and traditional:
        text = "項(xiàng)目名稱"  # inline pinyin annotation
    text = prefix + _spaced(text, gaps) + suffix
    if fullwidth:
        text = text.replace("(", "（").replace(")", "）")
    assert KNOWN[label](text), text


@given(st.sampled_from(PLAIN), st.sampled_from(SUFFIXES))
def test_plain_words_stay_unrecognised(word: str, suffix: str) -> None:
    text = word + suffix
    assert field_of(text) is None
    assert column_role(text) is None
    assert canonical_level1(text) is None and canonical_level2(text) is None


def test_real_parentheses_survive() -> None:
    assert label_key("(動物防疫項目)") == "(动物防疫项目)"
    assert label_key("粉碎拌合机(11kw)") == "粉碎拌合机(11kw)"
