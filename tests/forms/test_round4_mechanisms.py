"""Mechanisms for layouts met in the fourth round of public forms, each on a small grid.

Target forms: level columns one level off (一级指标 over 二级 classes), a 计算符号 column, a
lone goal title over a labelled goal row, department-wide forms, a 一级指标 label over two
columns, an overall goal beside the annual one, a field printed twice, a 项目属性 printed as a
word, numbering glued to a year. Self-evaluation forms: an unreadable 一级 under a known 二级,
class points printed bare, goal labels used as row labels or in label-text pairs, funding
sources as columns with the total's 执行数, a block 权重 column, paired slash fields and a
weight column known only by its numbers.
"""

from __future__ import annotations

from test_reading_mechanisms import accounted, document
from test_selfeval_layouts import assert_accounted, read

from kpi_analysis.forms.cells import period_of
from kpi_analysis.forms.document import interpret_document
from kpi_analysis.forms.fields import split_indicator
from kpi_analysis.forms.selfeval.columns import indicator_evidence, indicator_role
from kpi_analysis.forms.selfeval.values import class_weight
from kpi_analysis.forms.targets.columns import column_role
from kpi_analysis.readers.grid import Cell, Document, Source, Table
from kpi_analysis.text.headwords import paired_parts
from kpi_analysis.text.vocabulary import canonical_level1, canonical_level2


def codes(doc) -> list[str]:
    return [f["code"] for f in interpret_document(doc).recorder.findings]


def se_codes(se) -> set[str]:
    return set(se.findings["code"])


# -- text ------------------------------------------------------------------------------------
def test_value_and_comparator_columns_by_head_word() -> None:
    assert column_role("当年预期实现值") == "target"
    assert column_role("预计完成值") == "target"
    assert column_role("2021年实际实现值") == "extra"  # history, never the target
    assert column_role("计算符号") == "comparator"
    assert indicator_role("计算符号") == "value_type"


def test_a_year_word_beats_the_weak_mid_term_marker() -> None:
    assert period_of("年度绩效总目标") == "annual"
    assert period_of("绩效总目标") == "mid_term"
    assert period_of("中期目标(2021年度)") == "mid_term"


def test_class_points_printed_bare() -> None:
    assert canonical_level1("产出\n指标\n40 分") == "产出指标"
    assert canonical_level2("数量指\n标 15 分") == "数量指标"
    assert class_weight("产出\n指标\n40 分") == 40.0
    assert canonical_level2("培训15分") is None


def test_numbering_glued_to_a_year() -> None:
    assert split_indicator("指标12021年11月30日前完成资金支付") == (
        1,
        "2021年11月30日前完成资金支付",
    )
    assert split_indicator("指标2021年完成率") == (None, "指标2021年完成率")
    assert split_indicator("指标3：培训人数") == (3, "培训人数")


def test_paired_parts() -> None:
    assert paired_parts("实施单位/负责人", "某中心/张三") == [
        ("实施单位", "某中心"),
        ("负责人", "张三"),
    ]
    assert paired_parts("实施单位/负责人", "某中心") == []
    assert paired_parts("实施单位", "某中心/张三") == []


# -- target forms ----------------------------------------------------------------------------
def test_level_columns_one_level_off_are_read_by_content() -> None:
    doc = document(
        ["项目名称", "大楼运行保障", "", ""],
        ["绩效目标", "以服务对象满意为目标，打造文明型机关。", "", ""],
        ["一级指标", "二级指标", "绩效标准", "当年预期实现值"],
        ["数量指标", "维修维护次数", "反映维修情况", "2280次"],
        ["", "安检巡察次数", "反映巡检情况", "200次"],
        ["质量指标", "验收合格率", "反映质量情况", "≥92%"],
    )
    rows = interpret_document(doc).indicators
    got = [(r["level1"], r["level2"], r["indicator"], r["target"]) for r in rows]
    assert got == [
        ("产出指标", "数量指标", "维修维护次数", "2280次"),
        ("产出指标", "数量指标", "安检巡察次数", "200次"),
        ("产出指标", "质量指标", "验收合格率", "≥92%"),
    ]
    assert {"levels_shifted", "level1_inferred"} <= set(codes(doc))
    assert accounted(doc)


def test_level_columns_that_hold_classes_are_not_shifted() -> None:
    doc = document(
        ["项目名称", "甲", "", ""],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "培训人数", "100人"],
    )
    rows = interpret_document(doc).indicators
    assert [(r["level1"], r["level2"]) for r in rows] == [("产出指标", "数量指标")]
    assert "levels_shifted" not in codes(doc)


def test_comparator_column_named_calculation_sign() -> None:
    doc = document(
        ["项目名称", "甲", "", "", "", ""],
        ["一级指标", "二级指标", "三级指标", "计算符号", "目标值", "度量单位"],
        ["产出指标", "质量指标", "工资发放准确性(%)", "≥", "95", "%"],
    )
    assert interpret_document(doc).indicators[0]["target"] == "≥95%"


def test_lone_goal_title_over_a_labelled_goal_row() -> None:
    doc = document(
        ["项目名称", "甲", ""],
        ["年度绩效目标", "", ""],
        ["*年度绩效总目标", "保证职能实现，保障人员经费。", ""],
    )
    goals = interpret_document(doc).goals
    assert [(g["period"], g["goal"]) for g in goals] == [("annual", "保证职能实现，保障人员经费。")]
    assert accounted(doc)


def test_department_wide_form_is_named_after_its_department() -> None:
    doc = document(
        ["部门整体绩效目标", "", "", ""],
        ["部门名称:", "某县林业局", "联系人:", "王某"],
        ["*部门职能职责概述", "保障林业局职能实现", "", ""],
        ["一级指标", "二级指标", "三级指标", "目标值"],
        ["产出指标", "数量指标", "保障人数", "116人"],
    )
    out = interpret_document(doc)
    assert out.projects[0]["project"] == "某县林业局"
    assert accounted(doc)
    plain = document(
        ["部门名称:", "某县林业局", "", ""],
        ["一级指标", "二级指标", "三级指标", "目标值"],
        ["产出指标", "数量指标", "保障人数", "116人"],
    )
    assert interpret_document(plain).projects[0]["project"] == "m"  # the file name, as before


def _spanned(rows: list[list[tuple[str, int]]]) -> Document:
    """A document of one table whose cells carry column spans: (text, span) per cell."""
    table = Table(index=1)
    for r, row in enumerate(rows, 1):
        cells, col = [], 1
        for text, span in row:
            cells.append(Cell(text, Source("m.docx", 1, r, col), 1, span))
            col += span
        table.rows.append(cells)
    doc = Document("m.docx")
    doc.blocks = [table]
    return doc


def test_level1_label_over_two_columns() -> None:
    one = [("", 1)]
    doc = _spanned(
        [
            [("项目名称", 1), ("甲", 1), *one * 3],
            [("一级指标", 2), ("二级指标", 1), ("三级指标", 1), ("指标值", 1)],
            [("绩效指标", 1), ("产出指标", 1), ("数量指标", 1), ("猪肉产量稳定率", 1), ("≥95%", 1)],
            [*one * 2, ("时效指标", 1), ("完成时间", 1), ("年底前", 1)],
        ]
    )
    rows = interpret_document(doc).indicators
    assert [(r["level1"], r["level2"], r["target"]) for r in rows] == [
        ("产出指标", "数量指标", "≥95%"),
        ("产出指标", "时效指标", "年底前"),
    ]
    assert "level1_unknown" not in codes(doc)
    assert accounted(doc)


def test_overall_goal_beside_an_annual_goal_is_mid_term() -> None:
    doc = document(
        ["项目名称", "甲"],
        ["项目总体目标", "对约3500米公路沿线进行绿化美化。"],
        ["项目年度目标", "今年完成3500米公路沿线的清表和栽植。"],
    )
    goals = [(g["period"], g["goal"][:6]) for g in interpret_document(doc).goals]
    assert goals == [("mid_term", "对约3500"), ("annual", "今年完成35")]
    alone = document(["项目名称", "甲"], ["项目总体目标", "对约3500米公路沿线进行绿化美化。"])
    assert [g["period"] for g in interpret_document(alone).goals] == ["annual"]


def test_a_field_printed_twice_keeps_the_exact_label() -> None:
    doc = document(
        ["一级项目名称", "文化事业发展专项资金", "二级项目名称", "博物馆免费开放补助"],
        ["组织实施单位", "省文物局", "主管部门", "市文旅局"],
        ["项目实施单位", "城市博物馆", "", ""],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "开放天数", "=300天"],
    )
    project = interpret_document(doc).projects[0]
    assert (project["project"], project["implementer"]) == ("博物馆免费开放补助", "城市博物馆")
    assert codes(doc).count("field_repeated") == 2
    assert accounted(doc)


def test_attribute_printed_as_a_word() -> None:
    def attribute(text: str) -> object:
        doc = document(["项目名称", "甲"], ["项目属性", text], ["年度目标", "完成改造任务一项"])
        return interpret_document(doc).projects[0]["attribute"]

    assert attribute("延续") == "延续"
    assert attribute("■新增项目 □延续项目") == "新增项目"
    assert attribute("新增项目延续项目") is None


# -- self-evaluation forms -------------------------------------------------------------------
TITLE = ("2021年度项目支出绩效自评表",)
HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]


def test_unreadable_level1_yields_to_a_known_level2() -> None:
    rows = [
        ["项目名称", "公用经费", "", "", "", "", ""],
        HEADER,
        ["顼目产出(30分)", "数量指标", "保障人数", "2370人", "2370人", "10", "10"],
        ["项目决策(10分)", "决策依据", "立项依据", "—", "充分", "2", "2"],
    ]
    se = read(rows, TITLE)
    got = se.indicators[["level1", "level2"]].values.tolist()
    assert got == [["产出指标", "数量指标"], ["项目决策", "决策依据"]]
    assert "level1_from_level2" in se_codes(se)
    assert_accounted(se)


def test_class_points_printed_bare_on_a_selfeval_form() -> None:
    rows = [
        ["项目名称", "道路养护", "", "", "", "", ""],
        HEADER,
        ["产出\n指标\n40 分", "数量指\n标 15 分", "养护里程", "300公里", "300公里", "15", "15"],
    ]
    se = read(rows, TITLE)
    row = se.indicators.iloc[0]
    assert (row["level1"], row["level2"], row["level1_weight"]) == ("产出指标", "数量指标", 40.0)


def test_block_weight_column_left_of_the_classes() -> None:
    row = [
        Cell(t, Source("f")) for t in ("项目权重", "一级指标", "三级指标", "实际完成值", "自评分")
    ]
    assert "weight" not in indicator_evidence(row).roles


def test_goal_column_label_used_as_a_row_label() -> None:
    rows = [
        ["项目名称", "道路养护", ""],
        ["项目年度目标", "1.完成乡村道路建设养护里程 300 公里;", ""],
        HEADER[:3],
    ]
    se = read(rows, TITLE)
    assert se.goals["goal"].tolist() == ["1.完成乡村道路建设养护里程 300 公里;"]


def test_goal_labels_with_their_texts_in_one_row() -> None:
    rows = [
        ["项目名称", "公用经费", "", "", "", ""],
        ["年度总体r二", "年初设定目标", "保障学校正常运行", "年度总体目标完成情况", "已完成", ""],
    ]
    se = read(rows, TITLE)
    assert se.goals[["goal", "achieved"]].values.tolist() == [["保障学校正常运行", "已完成"]]
    assert_accounted(se)


def test_funding_sources_as_columns_with_the_totals_execution() -> None:
    rows = [
        ["项目名称", "道路养护", "", "", "", "", "", ""],
        [
            "项目资金来源",
            "中央(万元)",
            "本级(万元)",
            "其他(万元)",
            "合计(万元)",
            "执行数(万元)",
            "执行率",
            "",
        ],
        ["", "", "309", "", "309", "300", "97%", ""],
        ["项目权重", "评价内容", "分值", "自评分", "", "", "", ""],
    ]
    se = read(rows, TITLE)
    total = se.funding[se.funding["category"] == "total"].iloc[0]
    assert (total["budget_full"], total["executed"], total["rate"]) == (309.0, 300.0, 0.97)
    assert len(se.funding) == 1  # 本级 is no category: its amount is reported, not a line
    assert "funding_column_unread" in se_codes(se)


def test_paired_label_and_value_fields() -> None:
    rows = [
        ["项目名称", "种薯繁育", "项目实施单位/项目负责人", "原州区农技中心/杨某", "", "", ""],
        ["主管部门", "农业农村局", "", "", "", "", ""],
        HEADER,
        ["产出指标", "数量指标", "发放原原种", "550万粒", "550万粒", "8", "8"],
    ]
    se = read(rows, TITLE)
    totals = se.totals.iloc[0]
    assert (totals["implementer"], totals["department"]) == ("原州区农技中心", "农业农村局")
    assert "field_part_not_tabulated" in se_codes(se)


def _weight_rows(first_weight: str) -> list[list[str]]:
    return [
        ["项目名称", "公用经费", "", "", "", "", ""],
        ["一级指标", "二级指标", "三级指标", "考值参分", "指标值(八)", "全年实际值(B)", "得分"],
        ["产出指标", "数量指标", "保障人数", first_weight, "2370人", "2370人", "9"],
        ["", "质量指标", "经费标准", "5", "符合要求", "符合要求", "5"],
        ["", "时效指标", "完成时间", "5", "12月", "12月", "4"],
    ]


def test_weight_column_known_by_its_numbers() -> None:
    se = read(_weight_rows("10"), TITLE)
    assert se.indicators["weight"].tolist() == [10.0, 5.0, 5.0]
    assert "weight_by_content" in se_codes(se)
    assert_accounted(se)


def test_no_weight_column_when_a_score_exceeds_it() -> None:
    se = read(_weight_rows("3"), TITLE)  # 得分 9 above 3: not a column of points
    assert se.indicators["weight"].isna().all()
    assert "weight_by_content" not in se_codes(se)
