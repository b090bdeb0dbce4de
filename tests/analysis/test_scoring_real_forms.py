"""The engine reproduces the published numbers of real self-evaluation forms.

Numbers are copied by hand from the S5 table (docs/rules.md#s5) and from partial copies of published
forms: 四川省青神县 2023 (S7, https://www.scqs.gov.cn/info/13206/211004.htm) and two
安徽池州 2022 forms (棠溪; the 贵池区 S6 mirror, see docs/rules.md#s6). The copies stop part-way,
so only the rows they show are used; what a cut-off hides (e.g. the 满意度 rows of 03/04) is
reported by the engine as a missing class, which the tests expect.
"""

from __future__ import annotations

import pandas as pd
import pytest

from kpi_analysis.analysis.scoring import score_execution, score_indicators, summarise

COLUMNS = ["level1", "level2", "indicator", "target", "actual", "weight", "published_score"]


def _form(project: str, year: int, rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS).assign(project=project, year=year)


# corpus 04: 村级补助及运转经费 (2022), indicator block as printed
CUNJI = _form(
    "村级补助及运转经费",
    2022,
    [
        ("产出指标", "数量指标", "补助村(社区)数量", "=8个", "8", 8, 8),
        ("产出指标", "数量指标", "保障村干部人数", "=42个", "42", 8, 8),
        ("产出指标", "质量指标", "补助资格合规性", "合规", "达成预期指标", 8, 8),
        (
            "产出指标",
            "质量指标",
            "经费审批流程规范性",
            "严格执行相关制度规定",
            "达成预期指标",
            8,
            8,
        ),
        ("产出指标", "时效指标", "补助经费到位及时性", "及时", "达成预期指标", 8, 8),
        ("产出指标", "成本指标", "项目总成本", "≤202.6万元", "132.9", 10, 10),
        (
            "效益指标",
            "经济效益指标",
            "对保障村(社区)两委机构正常运行的影响程度",
            "效果明显",
            "达成预期指标",
            10,
            10,
        ),
        (
            "效益指标",
            "社会效益指标",
            "提高村(社区)干部工作积极性的影响程度",
            "效果明显",
            "达成预期指标",
            10,
            10,
        ),
    ],
)

# corpus 03: 委托业务项目 (2022)
WEITUO = _form(
    "委托业务项目",
    2022,
    [
        ("产出指标", "数量指标", "基建工程委托业务项目数量", "≥50个", "50", 8, 8),
        ("产出指标", "质量指标", "委托业务报告合格率", "≥100百分比", "100", 8, 8),
        ("产出指标", "质量指标", "经费支出合规性", "严格执行相关制度规定", "达成预期指标", 8, 8),
        (
            "产出指标",
            "时效指标",
            "提交报告及时性",
            "在项目计划完成时间内完成",
            "达成预期指标",
            8,
            8,
        ),
        ("产出指标", "成本指标", "项目总成本", "≤90万元", "90", 8, 8),
        ("产出指标", "成本指标", "单项业务成本", "符合相关规定", "达成预期指标", 10, 10),
        (
            "效益指标",
            "社会效益指标",
            "对维护基建市场公平的影响程度",
            "效果明显",
            "达成预期指标",
            10,
            10,
        ),
        (
            "效益指标",
            "生态效益指标",
            "对控制基建项目成本影响程度",
            "效果明显",
            "达成预期指标",
            10,
            10,
        ),
        (
            "效益指标",
            "可持续影响指标",
            "对推动基建项目“四项制度”健全和落实的持续性影响",
            "效果明显",
            "达成预期指标",
            10,
            10,
        ),
    ],
)


@pytest.mark.parametrize(
    ("form", "benefit"), [(CUNJI, 20), (WEITUO, 30)], ids=["corpus04", "corpus03"]
)
def test_indicator_scores_match_the_published_ones(form: pd.DataFrame, benefit: float) -> None:
    scores = score_indicators(form)
    assert scores["score"].tolist() == form["published_score"].astype(float).tolist()
    assert scores["score_diff"].tolist() == [0.0] * len(form)
    assert not scores["flags"].str.contains("published_differs").any()
    # class sums as printed: 产出指标(50分); 效益 as far as the copy goes (04 stops at 可持续影响,
    # both stop before the 满意度 rows)
    sums = scores.groupby("level1")["weight"].sum().to_dict()
    assert sums == {"产出指标": 50, "效益指标": benefit}
    assert scores["flags"].str.contains("missing_class").all()


def test_reverse_cost_indicator_of_corpus_04() -> None:
    # ≤202.6万元 with actual 132.9: w × min(202.6/132.9, 1) = 10
    row = score_indicators(CUNJI).iloc[5]
    assert row["method"] == "reverse_ratio" and row["score"] == 10.0
    assert "202.6 ÷ 132.9" in row["explanation"]


def test_execution_rows_of_corpus_03_and_04() -> None:
    # Both forms print the amounts on 本年财政拨款 and "0 0 0 10 0 0" on 年度资金总额.
    funding = pd.DataFrame(
        {
            "project": ["村级补助及运转经费", "委托业务项目", "村级补助及运转经费"],
            "year": [2022, 2022, 2022],
            "budget_initial": [202.64, 90.0, 0.0],
            "budget_full": [132.912, 89.974, 0.0],
            "executed": [132.912, 89.974, 0.0],
            "published_score": [0.0, 0.0, 0.0],
        }
    )
    out = score_execution(funding)
    # the 财政拨款 amounts give 100 % → 10.00, not the 0 printed on the total row
    assert out["execution_score"].tolist() == [10.0, 10.0, 0.0]
    assert out.loc[0, "execution_rate"] == 1.0
    assert "published_differs" in out.loc[0, "flags"]
    # scored as printed (0 budget), the total row does give 0, flagged as a zero budget
    assert out.loc[2, "score_diff"] == 0.0 and "budget_zero" in out.loc[2, "flags"]


def test_corpus_04_total() -> None:
    execution = score_execution(
        pd.DataFrame(
            {
                "project": ["村级补助及运转经费"],
                "year": [2022],
                "budget_full": [132.912],
                "executed": [132.912],
            }
        )
    )
    summary = summarise(score_indicators(CUNJI), execution)
    # 10 + 70 printed indicator points (the 满意度 and 可持续 rows are cut off the copy)
    assert summary.loc[0, "total"] == 80.0
    assert summary.loc[0, "grade"] == "良"


def test_corpus_01_weights_follow_to_output_policy() -> None:
    # 四川青神 2023: no 满意度 row; the form weights 产出 60 and 效益 30 (S7) — exactly what
    # the to_output policy derives when no weights are given. 完成值 is blank on the form.
    form = pd.DataFrame(
        {
            "project": "51000021R000000019951-工资性支出",
            "year": 2023,
            "level1": ["产出指标", "效益指标"],
            "level2": ["数量指标", "社会效益指标"],
            "indicator": ["发放(缴纳)覆盖率", "足额保障率(参保率)"],
            "target": ["=100%", "=100%"],
            "actual": [None, None],
        }
    )
    scores = score_indicators(form)
    assert scores["weight"].tolist() == [60, 30]
    assert scores["flags"].str.contains("missing_class").all()
    assert scores["score"].isna().all()
    assert scores["flags"].str.contains("actual_missing").all()
    # the same form with its printed weights: kept, sum 90 is right, class sums differ from 50/30
    printed = score_indicators(form.assign(weight=[60, 30]))
    assert "weight_sum_mismatch" not in printed.loc[0, "flags"]
    assert "class_weight_differs" in printed.loc[0, "flags"]
    # 预算执行情况: 251.89 / 251.89 = 100.00 % → 10
    execution = score_execution(
        pd.DataFrame(
            {
                "project": [form.loc[0, "project"]],
                "year": [2023],
                "budget_initial": [238.93],
                "budget_full": [251.89],
                "executed": [251.89],
                "execution_weight": [10],
            }
        )
    )
    assert execution.loc[0, "execution_score"] == 10.0
    assert execution.loc[0, "flags"] == ""


@pytest.mark.parametrize(
    ("budget", "executed", "score"),
    [(250_000, 215_457.6, 8.62), (20_000, 9_034, 4.52)],
)
def test_s5_published_execution_scores(budget: float, executed: float, score: float) -> None:
    # 上海普陀 2022 (S5), amounts in 元
    funding = pd.DataFrame(
        {
            "project": ["普陀"],
            "year": [2022],
            "budget_full": [budget],
            "executed": [executed],
            "amount_unit": ["元"],
            "published_score": [score],
        }
    )
    out = score_execution(funding)
    assert out.loc[0, "execution_score"] == score
    assert out.loc[0, "score_diff"] == 0.0
