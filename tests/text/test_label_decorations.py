"""Decorations publishers put on labels (found by benchmarks/perturb.py) never hide the label:
numbering before a word that starts like a points annotation, numbering followed by a digit,
stacked and hierarchical numbering, half-bracket and Roman numbering, bullets. Synthetic
labels, each mechanism on several words."""

from __future__ import annotations

import pytest

from kpi_analysis.forms.funding import classify
from kpi_analysis.forms.targets.columns import column_role
from kpi_analysis.text.headwords import field_of
from kpi_analysis.text.vocabulary import label_key


@pytest.mark.parametrize("word", ["分值", "分数", "分项资金", "得分"])
@pytest.mark.parametrize("number", ["(9)", "(10)", "（3）"])
def test_bracketed_number_before_a_word_starting_with_fen_is_numbering(
    number: str, word: str
) -> None:
    """``(9)分值`` is item 9 of 分值, not the points annotation ``(9)分`` before 值."""
    assert label_key(number + word) == word


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("产出指标(0-20)分", "产出指标"),
        ("数量指标(10)分", "数量指标"),
        ("数量指标(10)分：", "数量指标"),
        ("效益指标（30分）", "效益指标"),
    ],
)
def test_points_annotations_are_still_dropped(text: str, key: str) -> None:
    assert label_key(text) == key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("3、2023年预算数", "2023年预算数"),  # a number with 、 is numbering, whatever follows
        ("5、1.项目年度目标", "项目年度目标"),  # stacked numbering
        ("5.1.项目名称", "项目名称"),  # hierarchical numbering
        ("2.1、资金总额", "资金总额"),
        ("2.1．资金总额", "资金总额"),
    ],
)
def test_numbering_variants_are_dropped(text: str, key: str) -> None:
    assert label_key(text) == key


@pytest.mark.parametrize("text", ["1.5倍", "12.5%", "3.2023年预算数"])
def test_decimals_are_not_numbering(text: str) -> None:
    """A dot between digits is a decimal point: nothing is dropped."""
    assert label_key(text) == text


@pytest.mark.parametrize("prefix", ["1）", "12)", "一）", "三)", "Ⅰ、", "Ⅳ.", "Ⅴ、1."])
def test_half_bracket_and_roman_numbering_are_dropped(prefix: str) -> None:
    """``1）`` ``一）`` (a closing bracket only) and Roman numerals (NFKC: Ⅳ → IV) number
    labels too; the known labels behind them are read by meaning."""
    assert label_key(prefix + "项目名称") == "项目名称"
    assert field_of(prefix + "实施单位") == "implementer"
    assert column_role(prefix + "二级指标") == "level2"


@pytest.mark.parametrize("bullet", ["◆", "◇", "●", "▶"])
def test_bullets_are_decorations(bullet: str) -> None:
    assert label_key(bullet + "主管部门") == "主管部门"
    assert (classify(label_key(bullet + "其他资金")) or ("",))[0] == "other"


@pytest.mark.parametrize(
    "text", ["IV类水质", "V.I.P服务", "IT运维", "新增项目□延续项目√", "■新增项目□延续项目"]
)
def test_roman_letters_and_checkboxes_in_words_stay(text: str) -> None:
    """Letters that start a word (IV类, IT) and checkboxes (□ ■ √ carry a choice) stay."""
    assert label_key(text) == text
