"""Round trips: tidy tables → standard form (.docx / .xlsx) → kpi_analysis.load → same tables.

The generated Datasets are *tidy* (what ``load`` returns): levels use the canonical names,
texts hold no whitespace the reader would fold. Texts to write may contain line breaks
between Chinese characters (wrapped text); reading folds them away, so the expected value
is the text without them — the rule real forms follow (a line break inside Chinese text
is wrapping, not content).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpi_analysis import Dataset, load
from kpi_analysis.outputs.writers import write_target_forms_docx, write_target_forms_xlsx
from kpi_analysis.tables import schema
from kpi_analysis.text.grammar import parse_targets
from kpi_analysis.text.vocabulary import LEVEL1_CANONICAL, LEVEL2_CANONICAL

WRITERS = {"docx": write_target_forms_docx, "xlsx": write_target_forms_xlsx}
TABLES = ("projects", "funding", "goals", "indicators")

# Chinese characters for generated text. Characters that make up form labels (目 标 年 度
# 期 …) are left out so that generated content never *is* a label: a project named
# "年度目标" would rightly be read as the goals header.
CJK = (
    "机构编制管理改革工作审核市直党政关人大协各民主派团体事业单位设置方案进步贯彻落实"
    "公立医院和小学周转池效做好省委办对我使用情况第轮评估相准备建健全乡镇卫生"
)
# Findings the written forms may legitimately produce (they describe the data, not the layout).
EXPECTED_FINDINGS = {
    "attribute_unmarked",
    "carryover_in_fiscal",  # info on drawn amounts: total = 财政拨款 + 其他资金 beside 上年结转
    "funding_missing",
    "level1_unknown",
    "level2_unknown",
    "level_not_target",
}


@st.composite
def texts(draw, *, min_words: int = 1, max_words: int = 8, breaks: bool = True):
    """(text to write, tidy text read back): words joined directly, by 、 or by a line break."""
    words = draw(
        st.lists(
            st.text(alphabet=CJK, min_size=1, max_size=12).flatmap(
                lambda w: st.sampled_from([w, w + "3", w + "2.5" + w[0], w + "A" + w[-1]])
            ),
            min_size=min_words,
            max_size=max_words,
        )
    )
    seps = ["", "、", "，"] + (["\n"] if breaks else [])
    raw, tidy = words[0], words[0]
    for word in words[1:]:
        sep = draw(st.sampled_from(seps))
        if sep == "\n" and not ("\u4e00" <= raw[-1] <= "\u9fff"):
            sep = ""  # a line break after a digit or letter would read back as a space
        raw += sep + word
        tidy += ("" if sep == "\n" else sep) + word
    return raw, tidy


def numbers(max_decimals: int = 4):
    """Non-negative amounts with up to ``max_decimals`` decimals."""
    return st.builds(
        lambda whole, places: whole / 10**places,
        st.integers(0, 10**8),
        st.integers(0, max_decimals),
    )


def targets():
    """(written, tidy) 指标值 texts: numbers with comparators and units, phrases, empty."""
    quantity = st.builds(
        lambda comp, num, unit: f"{comp}{num}{unit}",
        st.sampled_from(["", "≥", "≤", ">", "<", "不少于"]),
        st.builds(lambda n, d: str(n / 10**d), st.integers(0, 10**6), st.integers(0, 2)),
        st.sampled_from(["%", "次", "万元", "个", "天", "家", ""]),
    )
    fixed = st.sampled_from(["年底前", "逐步实现", "100%", "12月底前完成", "", "一周内予以答复"])
    return st.one_of(quantity.map(lambda t: (t, t)), fixed.map(lambda t: (t, t)), texts())


def optional(strategy):
    return st.one_of(st.none().map(lambda _: (None, None)), strategy)


@st.composite
def indicator_rows(draw, periods: dict[str, tuple[int, int]]):
    """Rows of both sides for a few (一级, 二级) pairs; sides may differ or be empty."""
    level1 = st.sampled_from([*LEVEL1_CANONICAL, "其他指标"])
    level2 = st.sampled_from([*LEVEL2_CANONICAL, "项目绩效"])
    pairs = draw(st.lists(st.tuples(level1, level2), max_size=4, unique=True))
    empty_side = draw(st.sampled_from([None, None, "mid_term", "annual"]))
    rows = []
    for l1, l2 in pairs:
        for period, (start, end) in periods.items():
            if period == empty_side:
                continue
            count = draw(st.integers(0, 3))
            rising = draw(st.booleans())
            for i in range(count):
                number = i + 1 if rising else draw(st.integers(1, 4))
                placeholder = draw(st.integers(0, 5)) == 0
                name = ("", "") if placeholder else draw(texts(max_words=4))
                target = ("", "") if placeholder else draw(targets())
                standard = draw(st.one_of(st.just(("", "")), texts(max_words=2)))
                rows.append(
                    {
                        "period": period,
                        "year_start": start,
                        "year_end": end,
                        "level1": l1,
                        "level2": l2,
                        "indicator_no": number,
                        "indicator": name,
                        "target": target,
                        "standard": standard,
                    }
                )
    return rows


@st.composite
def projects(draw, project_no: int):
    """(written, expected) row dictionaries of one project and its child tables."""
    mid_start = draw(st.integers(2015, 2030))
    periods = {
        "mid_term": (mid_start, mid_start + draw(st.integers(0, 5))),
        "annual": (
            annual := draw(st.integers(2015, 2030)),
            annual + draw(st.sampled_from([0, 0, 1])),
        ),
    }
    name = draw(texts(max_words=3))
    dates = st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31))
    start, end = draw(st.one_of(st.none(), dates)), draw(st.one_of(st.none(), dates))
    if start is None:
        end = None  # an end date alone is not a form the narrative can say
    fields = {
        "department": draw(optional(texts(max_words=2))),
        "implementer": draw(optional(texts(max_words=2, breaks=False))),
        "term": draw(optional(st.sampled_from(["长期", "3年", "2021-2023"]).map(lambda t: (t, t)))),
        "basis": draw(optional(st.one_of(st.just(("", "")), texts(max_words=20)))),
        "content": draw(optional(texts(max_words=30))),
    }
    attribute = draw(st.sampled_from([None, "新增项目", "延续项目", "经常性项目"]))
    budget = draw(st.one_of(st.none(), numbers()))
    written, expected = {}, {}
    for which, pick in ((written, 0), (expected, 1)):
        which["projects"] = [
            {
                "project_no": project_no,
                "project": name[pick],
                "attribute": attribute,
                "start": start.isoformat() if start else None,
                "end": end.isoformat() if end else None,
                "annual_budget_wan": budget,
                **{k: v[pick] for k, v in fields.items()},
            }
        ]
    funding = []
    for period, (y0, y1) in periods.items():
        for category in schema.FUNDING_CATEGORIES:
            amount = draw(st.one_of(st.none(), numbers()))
            if amount is not None:
                funding.append(
                    {
                        "period": period,
                        "year_start": y0,
                        "year_end": y1,
                        "category": category,
                        "amount_wan": amount,
                    }
                )
    goals = []
    for period, (y0, y1) in periods.items():
        for goal_no in draw(st.lists(st.integers(1, 9), max_size=3)):
            goal = draw(texts(max_words=15))
            goals.append(
                {
                    "period": period,
                    "year_start": y0,
                    "year_end": y1,
                    "goal_no": goal_no,
                    "goal": goal,
                }
            )
    indicators = draw(indicator_rows(periods))
    for which, pick in ((written, 0), (expected, 1)):
        keys = {"project_no": project_no, "project": name[pick]}
        which["funding"] = [{**keys, **row} for row in funding]
        which["goals"] = [{**keys, **row, "goal": row["goal"][pick]} for row in goals]
        which["indicators"] = [
            {
                **keys,
                **row,
                **{k: row[k][pick] for k in ("indicator", "target", "standard")},
            }
            for row in indicators
        ]
    return written, expected


def frames(rows: dict[str, list[dict]], source: str) -> dict[str, pd.DataFrame]:
    """Schema-typed frames, with derived 指标值 columns computed as ``load`` does."""
    out = {}
    for name in TABLES:
        table = schema.TABLES[name]
        frame = pd.DataFrame(rows[name])
        frame["source"] = source
        if name == "indicators":
            frame = frame if len(frame) else pd.DataFrame(columns=table.names)
            parsed = parse_targets(frame["target"].astype("string").fillna(""))
            for column in parsed.columns:
                frame[column] = parsed[column].to_numpy()
            frame["placeholder"] = frame["indicator"].eq("")
        for column in table.names:
            if column not in frame.columns:
                frame[column] = None
        out[name] = table.coerce(frame)
    return out


@st.composite
def datasets(draw):
    """(tables to write, expected tidy tables) for one to three projects."""
    numbers_ = draw(st.lists(st.integers(1, 40), min_size=1, max_size=3, unique=True))
    written: dict[str, list[dict]] = {name: [] for name in TABLES}
    expected: dict[str, list[dict]] = {name: [] for name in TABLES}
    for project_no in numbers_:
        w, e = draw(projects(project_no))
        for name in TABLES:
            written[name] += w[name]
            expected[name] += e[name]
    return frames(written, "generated.txt#table=1,row=1,col=1"), frames(expected, "")


def normalised(frame: pd.DataFrame) -> pd.DataFrame:
    """Without ``source``, rows sorted on every column, so row order does not matter."""
    out = frame.drop(columns="source")
    return out.sort_values(list(out.columns), na_position="first").reset_index(drop=True)


def assert_same_tables(expected: dict[str, pd.DataFrame], back: Dataset, path: Path) -> None:
    for name in TABLES:
        got = getattr(back, name)
        pd.testing.assert_frame_equal(normalised(got), normalised(expected[name]), obj=name)
        assert got["source"].str.startswith(f"{path.name}#").all(), name
    unexpected = back.findings[~back.findings["code"].isin(EXPECTED_FINDINGS)]
    assert unexpected.empty, unexpected.to_string()


@pytest.mark.parametrize("fmt", sorted(WRITERS))
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=datasets())
def test_generated_datasets_round_trip(fmt: str, data, tmp_path: Path) -> None:
    written, expected = data
    path = tmp_path / f"forms.{fmt}"
    WRITERS[fmt](written, path)
    assert_same_tables(expected, load(path, strict=True), path)


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_source_document_round_trips(fmt: str, source_path: Path, tmp_path: Path) -> None:
    original = load(source_path, strict=True)
    path = tmp_path / f"source.{fmt}"
    WRITERS[fmt](original, path, title="宿州市委编办2021年项目及绩效目标情况")
    back = load(path, strict=True)
    assert_same_tables(original.tables(), back, path)
    assert len(back.indicators) == 110 and len(back.projects) == 5
    # the findings of the source document (the unmarked 项目属性) come back, and no others:
    # the title and the narrative paragraphs the writer adds are context or values
    assert sorted(back.findings["code"]) == sorted(original.findings["code"])


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_written_file_reads_back_and_rewrites_identically(
    fmt: str, source_path: Path, tmp_path: Path
) -> None:
    """Writing what was read from a written form gives the same tables again (a fixed point)."""
    first = tmp_path / f"first.{fmt}"
    second = tmp_path / f"second.{fmt}"
    WRITERS[fmt](load(source_path), first)
    once = load(first)
    WRITERS[fmt](once, second)
    twice = load(second)
    for name in TABLES:
        pd.testing.assert_frame_equal(
            normalised(getattr(once, name)), normalised(getattr(twice, name)), obj=name
        )
