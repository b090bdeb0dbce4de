"""The shortcuts the readers take for speed give the same answers as the plain functions.

- ``all_folded`` (one OpenCC conversion for a whole document) must never say "nothing to
  fold" when ``fold_script`` would change one of the texts;
- the memoised grammar and vocabulary functions return what the unmemoised ones return.
"""

from __future__ import annotations

import random

import pytest

from kpi_analysis.text import grammar, vocabulary
from kpi_analysis.text.vocabulary import all_folded, fold_script

#: Pieces that fold (traditional characters, a phrase that only converts whole, a pinyin
#: gloss), pieces that do not (simplified text, a unit in brackets) and separators.
PIECES = (
    "项目名称",
    "乾",
    "燥",
    "乾燥",
    "計畫",
    "名稱",
    "项",
    "(xiàng)",
    "（mù）",
    "重量(kg)",
    "(A)",
    "≥95%",
    "de",
    "(de)",
    "abc",
    "",
    " ",
    "\n",
)


def plain_unchanged(texts: list[str]) -> bool:
    return all(fold_script(text) == text for text in texts)


@pytest.mark.parametrize("seed", range(40))
def test_all_folded_never_hides_a_change(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(50):
        texts = [
            "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 3)))
            for _ in range(rng.randint(0, 6))
        ]
        if all_folded(texts):
            assert plain_unchanged(texts), texts


def test_all_folded_examples() -> None:
    assert all_folded([])
    assert all_folded(["项目名称", "重量(kg)", "≥95%", ""])
    assert not all_folded(["项目", "乾燥"])  # a phrase: 乾 alone stays 乾
    assert not all_folded(["项目", "項(xiàng)目"])
    assert not all_folded(["项", "(xiàng)"])  # a gloss across two texts: the slow path decides
    assert not all_folded(["目标(de)实现", "重量(kg)"])  # a neutral-tone gloss is dropped
    assert all_folded(["(de)", "重量 (kg)", "（mù）"])  # brackets, but after no CJK character
    assert plain_unchanged(["项", "(xiàng)"])


def test_memoised_functions_match_the_plain_ones() -> None:
    texts = [
        "≥90%",
        " 各\u3000 1\xa0次 ",
        "预期产出指标",
        "时效指标(工期指标)",
        "……",
        "指标3：",
        None,
    ]
    for text in texts:
        parsed = grammar.parse_each([text])[0]
        assert parsed == grammar.parse_target(text)
        assert grammar.normalise_text(text) == grammar.normalise_text.__wrapped__(text)
        for name in ("canonical_level1", "canonical_level2", "is_placeholder_text"):
            memo = getattr(vocabulary, name)
            assert memo(text) == memo.__wrapped__(text), (name, text)
