"""Traditional-character and pinyin-annotated copies of a form read the same as the simplified
form (issue #12): the source document and dev zoo forms, converted, give equal tidy tables
(the source and text columns aside)."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import opencc
import pandas as pd
import pytest

import kpi_analysis

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "zoo"))

import build  # noqa: E402  (tests/zoo/build.py)

SOURCE = ROOT / "data" / "raw" / "000_2504e2a5ee8feded.txt"
ZOO = ROOT / "tests" / "zoo" / "forms"
#: Dev forms copied: one target form (docx) and one self-evaluation form (docx).
ZOO_FORMS = ("d05-anhui-luan-jinan-2023-targets", "d08-yunnan-changning-2022-selfeval")
#: Characters glossed in the pinyin copy (labels and values alike), as a reader might meet them.
PINYIN = {
    "项": "xiàng",
    "目": "mù",
    "名": "míng",
    "称": "chēng",
    "指": "zhǐ",
    "标": "biāo",
    "值": "zhí",
    "资": "zī",
    "金": "jīn",
    "年": "nián",
    "度": "dù",
    "效": "xiào",
    "质": "zhì",
    "量": "liàng",
    "数": "shù",
    "满": "mǎn",
    "意": "yì",
    "得": "dé",
    "分": "fēn",
    "实": "shí",
    "际": "jì",
}
IGNORED = ("source", "text")


@lru_cache(maxsize=1)
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


def traditional(text: str) -> str:
    """The text in traditional characters (OpenCC s2t)."""
    return str(_s2t().convert(text))


def pinyin(text: str) -> str:
    """The text with some characters followed by their pinyin: 项(xiàng)目(mù)."""
    return "".join(f"{ch}({PINYIN[ch]})" if ch in PINYIN else ch for ch in text)


COPIES: dict[str, Callable[[str], str]] = {"traditional": traditional, "pinyin": pinyin}


def _tidy(frames: dict[str, pd.DataFrame]) -> dict[str, list[dict[str, object]]]:
    """Tidy tables as comparable records, without the source and text columns."""
    out = {}
    for name, frame in frames.items():
        kept = frame.drop(columns=[c for c in IGNORED if c in frame.columns])
        out[name] = kept.astype(object).where(kept.notna(), None).to_dict("records")
    return out


def _targets(path: Path) -> dict[str, list[dict[str, object]]]:
    ds = kpi_analysis.load([str(path)])
    return _tidy({n: getattr(ds, n) for n in ("projects", "funding", "goals", "indicators")})


def _selfeval(path: Path) -> dict[str, list[dict[str, object]]]:
    se = kpi_analysis.load_selfeval([str(path)])
    return _tidy({n: getattr(se, n) for n in ("totals", "funding", "goals", "indicators")})


def _same(got: dict[str, list[dict[str, object]]], want: dict[str, list[dict[str, object]]]):
    for name, rows in want.items():
        assert len(got[name]) == len(rows), name
        for mine, theirs in zip(got[name], rows, strict=True):
            assert mine == theirs, name


def _map_form(form: dict, convert: Callable[[str], str]) -> dict:
    """A copy of a zoo ``form.json`` with every text converted."""
    return {
        "paragraphs_before": [convert(p) for p in form["paragraphs_before"]],
        "tables": [
            {
                "rows": [[convert(c) for c in row] for row in table["rows"]],
                "merges": table["merges"],
                "paragraphs_after": [convert(p) for p in table["paragraphs_after"]],
            }
            for table in form["tables"]
        ],
    }


@pytest.mark.parametrize("copy", sorted(COPIES))
def test_source_document_copies_read_the_same(copy: str, tmp_path: Path) -> None:
    want = _targets(SOURCE)
    converted = tmp_path / SOURCE.name
    converted.write_text(COPIES[copy](SOURCE.read_text(encoding="utf-8")), encoding="utf-8")
    assert converted.read_text(encoding="utf-8") != SOURCE.read_text(encoding="utf-8")
    _same(_targets(converted), want)


@pytest.mark.parametrize("copy", sorted(COPIES))
@pytest.mark.parametrize("form_id", ZOO_FORMS)
def test_zoo_form_copies_read_the_same(form_id: str, copy: str, tmp_path: Path) -> None:
    form_dir = ZOO / form_id
    form = build.load_form(form_dir)
    read = _selfeval if form_id.endswith("selfeval") else _targets
    plain = tmp_path / "plain.docx"
    build.write_docx(form, plain)
    want = read(plain)
    assert any(want.values())
    converted = tmp_path / f"{copy}.docx"
    build.write_docx(_map_form(form, COPIES[copy]), converted)
    _same(read(converted), want)


def test_the_copies_differ_from_the_simplified_text() -> None:
    assert traditional("项目名称") == "項目名稱"
    assert re.fullmatch(r"项\(xiàng\)目\(mù\)", pinyin("项目"))
