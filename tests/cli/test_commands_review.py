"""The ``kpi-analysis review`` command: the four files, their contents, messages, exit codes."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from kpi_analysis.cli.commands import review as review_command
from kpi_analysis.cli.main import main

EXPECTED = {"comparison.csv", "findings.csv", "review.xlsx", "审核意见.docx"}


@pytest.fixture(scope="module")
def out_dir(source_path, tmp_path_factory):
    out = tmp_path_factory.mktemp("review")
    assert main(["review", str(source_path), "--out", str(out), "--quiet"]) == 0
    return out


def test_writes_exactly_the_four_files(out_dir) -> None:
    assert {p.name for p in out_dir.iterdir()} == EXPECTED


def test_csvs_are_utf8_with_bom_and_tidy(out_dir) -> None:
    for name in ("comparison.csv", "findings.csv"):
        assert (out_dir / name).read_bytes().startswith(b"\xef\xbb\xbf")
    comparison = pd.read_csv(out_dir / "comparison.csv", encoding="utf-8-sig")
    assert len(comparison) == 55
    assert {"status", "match_score", "pacing", "ratio", "source_mid", "source_annual"} <= set(
        comparison.columns
    )
    findings = pd.read_csv(out_dir / "findings.csv", encoding="utf-8-sig")
    assert list(findings.columns[:3]) == ["rule", "rule_name", "severity"]
    ranks = findings["severity"].map({"error": 0, "warning": 1, "info": 2})
    assert ranks.is_monotonic_increasing
    assert {"R8", "R5", "R12", "R13", "R15", "R16"} <= set(findings["rule"])


def test_workbook_has_chinese_headers_and_one_sheet_per_table(out_dir) -> None:
    book = load_workbook(out_dir / "review.xlsx")
    assert book.sheetnames == ["审核发现", "年度与中期指标比对", "资金安排比对"]
    sheet = book["审核发现"]
    header = [cell.value for cell in sheet[1]]
    # printed: project and indicator columns first (frozen), the source cell last
    assert header[:2] == ["项目序号", "项目名称"] and "三级指标" in header[:6]
    assert header[-1] == "来源单元格"
    assert {"规则", "规则名称", "严重程度", "说明", "依据"} <= set(header)
    severity = header.index("严重程度")
    values = [row[severity] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert values[0] == "错误" and values[-1] == "提示"
    source = header.index("来源单元格")
    assert "table=1,row=13,col=8" in sheet.cell(row=2, column=source + 1).value
    comparison = [cell.value for cell in book["年度与中期指标比对"][1]]
    assert "比对结果" in comparison and "进度判断" in comparison
    statuses = {
        row[comparison.index("比对结果")]
        for row in book["年度与中期指标比对"].iter_rows(min_row=2, values_only=True)
    }
    assert statuses == {"相同", "指标值变化", "名称变化", "空白模板行"}
    assert all(not str(c.value).isascii() for c in book["资金安排比对"][1])


def test_summary_line(source_path, tmp_path, capsys) -> None:
    assert main(["review", str(source_path), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "审核发现 85 条（错误 2、警告 80、提示 3）" in out
    assert "年度与中期指标比对 55 行，其中配对 46 对" in out
    assert "已写出 4 个文件" in out


def test_skip_rules(source_path, tmp_path) -> None:
    assert main(["review", str(source_path), "--out", str(tmp_path), "--quiet",
                 "--skip", "R2", "--skip", "R13"]) == 0  # fmt: skip
    rules = set(pd.read_csv(tmp_path / "findings.csv", encoding="utf-8-sig")["rule"])
    assert "R2" not in rules and "R13" not in rules and "R8" in rules


def test_unknown_rule_is_a_usage_error(source_path, tmp_path, capsys) -> None:
    code = main(["review", str(source_path), "--out", str(tmp_path / "o"), "--skip", "R99"])
    assert code == 2
    assert "R99" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_missing_input_writes_nothing(tmp_path, capsys) -> None:
    out = tmp_path / "out"
    assert main(["review", str(tmp_path / "nope.txt"), "--out", str(out)]) == 2
    assert "找不到输入" in capsys.readouterr().err
    assert not out.exists()


def test_a_failed_write_leaves_no_partial_files(source_path, tmp_path, monkeypatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "findings.csv").write_text("old", encoding="utf-8")

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(review_command, "write_workbook", broken)
    with pytest.raises(OSError, match="disk full"):
        main(["review", str(source_path), "--out", str(out), "--quiet"])
    assert [p.name for p in out.iterdir()] == ["findings.csv"]
    assert (out / "findings.csv").read_text(encoding="utf-8") == "old"


def test_formula_like_text_is_defused(tmp_path) -> None:
    frame = pd.DataFrame({"rule": ["R2"], "message": ["=HYPERLINK(1)"]})
    tables = {"findings": frame, "comparison": frame, "funding_phasing": frame}
    review_command.write_review(tables, tmp_path)
    assert "'=HYPERLINK(1)" in (tmp_path / "findings.csv").read_text(encoding="utf-8-sig")
    sheet = load_workbook(tmp_path / "review.xlsx")["审核发现"]
    header = [cell.value for cell in sheet[1]]
    assert sheet.cell(row=2, column=header.index("说明") + 1).data_type == "s"


def test_review_writes_an_opinion_listing_every_error(source_path, tmp_path) -> None:
    """审核意见.docx opens with python-docx and lists every error and warning with its cell."""
    import docx
    import pandas as pd

    from kpi_analysis.outputs.review_opinion import cell_text

    assert main(["review", str(source_path), "--out", str(tmp_path), "--quiet"]) == 0
    document = docx.Document(str(tmp_path / "审核意见.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert text.startswith("关于项目支出绩效目标的审核意见")
    sections = ["一、审核依据", "二、主要问题", "三、审核建议"]
    assert [text.index(s) for s in sections] == sorted(text.index(s) for s in sections)
    findings = pd.read_csv(tmp_path / "findings.csv", encoding="utf-8-sig")
    errors = findings[findings["severity"] == "error"]
    assert len(errors) == 2
    for row in findings[findings["severity"].isin(["error", "warning"])].itertuples():
        assert cell_text(row.source) in text
    for row in errors.itertuples():
        detail = row.message.split("」：", 1)[-1]
        assert f"【错误】{row.message}" in text or detail in text
        assert "docs/rules.md#r8" in text  # the basis points into the repository
    assert "（一）项目1「" in text and "1. 【错误】" in text


def test_review_errors_travel_to_the_comparison_rows(out_dir) -> None:
    """Project 1's 47/62 error is on its row of comparison.csv (the data the charts draw)."""
    comparison = pd.read_csv(out_dir / "comparison.csv", encoding="utf-8-sig")
    noted = comparison[comparison["review_note"].notna()]
    assert noted["indicator_annual"].str.contains("47家").any()
    assert noted["review_note"].str.contains("R8").all()
