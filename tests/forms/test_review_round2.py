"""Review round 2 of the self-evaluation reader, each mechanism on a small synthetic form.

A label one character off a known label is a misprint only when the damaged text reads as no
known word and the value beside fits the field; a funding label merged down over several
value rows labels its first row only; a paragraph's money unit holds for the later forms of a
document; a title's project is read before its year is removed; a unit after 单位 ends its
word (单位：元阳县… names a place).
"""

from __future__ import annotations

import docx
from test_selfeval_layouts import read, table

from kpi_analysis.forms.fields import near_field
from kpi_analysis.forms.selfeval.form import project_from_title
from kpi_analysis.readers.grid import Document, Paragraph, Source
from kpi_analysis.tables.selfeval import SelfEval, load_selfeval, selfeval_from_documents
from kpi_analysis.text.money import stated_unit
from kpi_analysis.text.vocabulary import near_label, reads_as_words

TITLE = "项目支出绩效自评表（2021年度）"
INDICATORS = [
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
    ["产出指标", "数量指标", "保障人数", "2370人", "2370人", "10", "10"],
]
FUNDING = [
    ["资金来源", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["年度资金总额", "1000000", "1200000", "900000", "10", "90%", "9"],
]


def near_findings(se: SelfEval) -> list[str]:
    return se.findings.loc[se.findings["code"] == "label_near_match", "message"].tolist()


def role_of(se: SelfEval, text: str) -> list[str]:
    return se.cells.loc[se.cells["text"] == text, "role"].tolist()


# -- 1. near labels need evidence: no known word in the damage, a value that fits -------------
def test_a_damaged_label_that_reads_as_known_words_is_no_misprint() -> None:
    # 预计 is a word of the label vocabularies: 全年预计数 is a forecast, not 全年预算数
    assert reads_as_words("全年预计数", "全年预算数")
    assert near_label("全年预计数", ("全年预算数", "年初预算数")) is None
    # OCR misprints make non-words, and are still read
    assert near_label("实施第位", ("实施单位",)) == "实施单位"
    assert near_label("年初预匏数", ("年初预算数", "全年预算数")) == "年初预算数"
    assert near_label("调整预算将", ("调整预算数",)) == "调整预算数"
    # a word of the caller's own vocabulary counts too
    assert near_label("甲乙丙戊", ("甲乙丙丁",)) == "甲乙丙丁"
    assert near_label("甲乙丙戊", ("甲乙丙丁", "丙戊己庚")) is None


def test_a_forecast_column_is_not_read_as_the_budget() -> None:
    rows = [
        ["项目名称", "甲项目", "", "", "", "", ""],
        ["资金来源", "年初预算数", "全年预计数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "100", "120", "90", "10", "90%", "9"],
        *INDICATORS,
    ]
    se = read(rows, (TITLE,))
    assert 120.0 not in se.funding["budget_full"].dropna().tolist()
    assert not near_findings(se)
    assert role_of(se, "120") == ["reported"]  # reported, never silently lost


def test_a_near_field_label_needs_a_value_that_fits_the_field() -> None:
    assert near_field("项目实施地", "某县某镇") is None  # a place is no period
    assert near_field("项目属地", "某县某镇") is None  # a place is no attribute
    assert near_field("项目实施朝", "2021年-2023年") == ("term", "项目实施期")
    assert near_field("项目属往", "□新增 ■延续") == ("attribute", "项目属性")
    assert near_field("实施第位", "某县某镇") == ("implementer", "实施单位")  # any text fits
    for label in ("项目实施地", "项目属地"):
        rows = [["项目名称", "甲项目", "", "", "", "", ""], [label, "某县某镇", "", "", "", "", ""]]
        se = read([*rows, *INDICATORS], (TITLE,))
        assert not near_findings(se)
        assert role_of(se, label) == ["reported"] and role_of(se, "某县某镇") == ["reported"]


# -- 2. a funding label merged over several value rows labels the first only ------------------
def test_a_merged_funding_label_labels_its_first_value_row_only(tmp_path) -> None:
    document = docx.Document()
    document.add_paragraph(TITLE)
    rows = [
        ["项目名称", "甲项目", "", "", "", "", ""],
        ["年度资金总额", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["", "100", "120", "90", "10", "75%", "7.5"],
        ["", "80", "100", "70", "", "", ""],
        *INDICATORS,
    ]
    grid = document.add_table(rows=len(rows), cols=7)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                grid.cell(r, c).text = text
    grid.cell(1, 0).merge(grid.cell(3, 0))
    grid.cell(1, 0).text = "年度资金总额"
    path = tmp_path / "span.docx"
    document.save(path)
    se = load_selfeval(path)
    assert se.funding["budget_initial"].tolist() == [100.0]  # one total, not two
    later = se.findings[se.findings["code"] == "funding_row_unlabelled"]
    assert len(later) == 3 and later["severity"].eq("warning").all()


# -- 3. a paragraph's unit holds for the later forms of the document -------------------------
def test_a_unit_paragraph_holds_for_later_forms_without_their_own() -> None:
    path = "f.docx"
    blocks = [
        Paragraph("单位：元", Source(path, line=1)),
        Paragraph(TITLE, Source(path, line=2)),
        table([["项目名称", "甲项目", "", "", "", "", ""], *FUNDING, *INDICATORS], path, 1),
        Paragraph(TITLE, Source(path, line=3)),
        table([["项目名称", "乙项目", "", "", "", "", ""], *FUNDING, *INDICATORS], path, 2),
        Paragraph("单位：万元", Source(path, line=4)),
        Paragraph(TITLE, Source(path, line=5)),
        table([["项目名称", "丙项目", "", "", "", "", ""], *FUNDING, *INDICATORS], path, 3),
    ]
    se = selfeval_from_documents([Document(path=path, blocks=blocks)])
    assert se.totals["form_unit"].tolist() == ["元", "元", "万元"]
    assert se.funding["budget_initial"].tolist() == [100.0, 100.0, 1000000.0]


# -- 4. a title's project is read before its year is removed ---------------------------------
def test_a_year_inside_a_titled_name_stays_in_the_name() -> None:
    assert project_from_title("某县2022年度项目支出绩效自评表") == "某县2022年度项目"
    assert project_from_title("村级运转经费项目支出绩效自评表（2022年度）") == "村级运转经费项目"
    assert project_from_title("2022年度项目支出绩效自评表") is None
    whole = "2023年度XX专项资金绩效自评表"
    assert project_from_title(whole) == whole


# -- 5. a unit after 单位 ends its word --------------------------------------------------------
def test_a_unit_after_danwei_is_not_the_start_of_a_place_name() -> None:
    assert stated_unit("填报单位：元阳县教育局") is None
    assert stated_unit("单位元氏县") is None
    assert stated_unit("单位：元 填报日期") == "元"
    assert stated_unit("单位：万元（不含上级补助）") == "万元"
    rows = [
        [TITLE, "", "", "单位：元氏县民政局", "", "", ""],
        ["项目名称", "甲项目", "", "", "", "", ""],
        ["资金来源", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "100", "120", "90", "10", "90%", "9"],
        *INDICATORS,
    ]
    se = read(rows)
    assert se.totals["form_unit"].tolist() == ["万元"]
    assert se.funding["budget_initial"].tolist() == [100.0]


# -- 6. fields the totals table has no column for are reported, not lost as values -------------
def test_attribute_and_term_values_are_reported_not_lost() -> None:
    from test_selfeval_layouts import assert_accounted

    rows = [
        ["项目名称", "甲项目", "项目属性", "延续", "实施期限", "2021年", ""],
        *FUNDING,
        *INDICATORS,
    ]
    se = read(rows, (TITLE,))
    assert se.totals["project"].tolist() == ["甲项目"]
    assert role_of(se, "延续") == ["reported"]
    assert role_of(se, "2021年") == ["reported"]
    codes = se.findings.loc[se.findings["text"].isin(["延续", "2021年"]), "code"].tolist()
    assert codes == ["field_not_tabulated", "field_not_tabulated"]
    assert role_of(se, "甲项目") == ["value"]
    assert_accounted(se)
