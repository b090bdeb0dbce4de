"""Property test of the near match of labels (:func:`near_label`): a label misprinted by one
character is read as the label, anything else stays unread."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from kpi_analysis.forms.fields import UNREAD_FIELD_LABELS
from kpi_analysis.forms.selfeval.columns import FUNDING_LABELS
from kpi_analysis.forms.selfeval.form import FIELD_NAMES
from kpi_analysis.text.vocabulary import NEAR_LABEL_MIN, near_label

FIELD_VOCABULARY = (*FIELD_NAMES, *UNREAD_FIELD_LABELS)
VOCABULARIES = (FIELD_VOCABULARY, FUNDING_LABELS)
LONG = sorted({label for v in VOCABULARIES for label in v if len(label) >= NEAR_LABEL_MIN})
#: Plain words and real indicator names (zoo forms) that are no labels.
NOT_LABELS = [
    "保障人数",
    "公用经费标准",
    "公用经费完成时间",
    "办公所需成本",
    "培训人次",
    "道路硬化",
    "群众满意度",
    "项目完成率",
    "银川市第六中学",
    "保障学校正常工作运行",
    "年度资金总额",
    "资金到位率",
    "预算执行率",
    "实施效果",
    "单位负责人",
]
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)


@given(st.sampled_from(NOT_LABELS), st.sampled_from(VOCABULARIES))
def test_words_and_indicator_names_stay_unread(word: str, vocabulary: tuple[str, ...]) -> None:
    assume(word not in vocabulary)
    assert near_label(word, vocabulary) is None


@given(st.text(CJK, min_size=1, max_size=12), st.sampled_from(VOCABULARIES))
def test_random_text_is_no_label(text: str, vocabulary: tuple[str, ...]) -> None:
    assume(text not in vocabulary)
    assert near_label(text, vocabulary) is None


@given(st.sampled_from(LONG), st.integers(0, 20), CJK, st.sampled_from(VOCABULARIES))
def test_one_substitution_is_read_as_the_label(
    label: str, at: int, char: str, vocabulary: tuple[str, ...]
) -> None:
    at %= len(label)
    assume(label in vocabulary and char != label[at])
    text = label[:at] + char + label[at + 1 :]
    assume(text not in vocabulary)
    found = near_label(text, vocabulary)
    others = tuple(v for v in vocabulary if v != label)
    if found is None:  # ambiguous: another label is also one character away
        assert near_label(text, others) is not None
    else:
        assert found == label
    assert near_label(text, (label,)) == label


@given(st.sampled_from(LONG), st.integers(0, 20), st.integers(1, 20), CJK, CJK)
def test_two_substitutions_are_not_read(label: str, at: int, gap: int, a: str, b: str) -> None:
    first = at % len(label)
    second = (first + gap % (len(label) - 1) + 1) % len(label)
    assume(a != label[first] and b != label[second])
    chars = list(label)
    chars[first], chars[second] = a, b
    assert near_label("".join(chars), (label,)) is None


@given(st.sampled_from([v for v in FIELD_VOCABULARY if len(v) < NEAR_LABEL_MIN] or ["项目期"]))
def test_short_labels_are_never_near_matched(label: str) -> None:
    assert near_label("X" + label[1:], (label,)) is None


def test_column_letter_with_misread_brackets() -> None:
    assert near_label("调整预算数,A、", FUNDING_LABELS) == "调整预算数"
    assert near_label("调整预算将,A、", FUNDING_LABELS) == "调整预算数"
    assert near_label("调整预将将,A、", FUNDING_LABELS) is None
