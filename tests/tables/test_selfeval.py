"""The self-evaluation loader: files and folders, findings, and the scorer's inputs."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from selfeval_forms import (
    cunji_form,
    putuo_form,
    qingshen_form,
    weituo_form,
    write_docx,
    write_xlsx,
)

from kpi_analysis.readers import read_document
from kpi_analysis.tables import schema
from kpi_analysis.tables.selfeval import (
    execution_inputs,
    indicator_inputs,
    load_selfeval,
    selfeval_from_documents,
)
from kpi_analysis.tables.selfeval_schema import SELFEVAL_TABLES


def test_tables_follow_their_schemas(tmp_path: Path) -> None:
    se = load_selfeval(write_docx([cunji_form(), qingshen_form()], tmp_path / "a.docx"))
    for name, table in SELFEVAL_TABLES.items():
        table.validate(getattr(se, name))
    schema.FINDINGS.validate(se.findings)
    schema.CELLS.validate(se.cells)
    assert set(se.tables()) == {"funding", "indicators", "goals", "totals", "findings"}


def test_folder_with_projects_numbered_in_order(tmp_path: Path) -> None:
    write_docx([weituo_form()], tmp_path / "1.docx")
    write_xlsx([cunji_form()], tmp_path / "2.xlsx")
    se = load_selfeval(tmp_path)
    assert se.totals[["project_no", "project"]].values.tolist() == [
        [1, "委托业务项目"],
        [2, "村级补助及运转经费"],
    ]
    assert set(se.indicators["project_no"]) == {1, 2}


def test_same_form_twice_is_read_once(tmp_path: Path) -> None:
    write_docx([cunji_form()], tmp_path / "a.docx")
    write_xlsx([cunji_form()], tmp_path / "b.xlsx")
    se = load_selfeval(tmp_path)
    assert len(se.totals) == 1 and len(se.indicators) == 8
    duplicate = se.findings[se.findings["code"] == "duplicate_form"]
    assert len(duplicate) == 1 and duplicate.iloc[0]["source"].startswith("b.xlsx#sheet=")


def test_unreadable_and_foreign_files_are_findings(tmp_path: Path, repo_root: Path) -> None:
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    example = repo_root / "data" / "raw" / "actuals_example_2021-2023.xlsx"
    se = load_selfeval([tmp_path / "broken.docx", example])
    codes = dict(zip(se.findings["code"], se.findings["severity"], strict=True))
    assert codes["file_unreadable"] == "error"
    assert codes["not_a_selfeval_document"] == "info"
    assert se.totals.empty


def test_total_line_of_zeros_uses_the_lines_below(tmp_path: Path) -> None:
    # corpus 03/04 print "0 0 0 10 0 0" on 年度资金总额 and the money on 本年财政拨款
    se = load_selfeval(write_docx([cunji_form()], tmp_path / "a.docx"))
    warned = se.findings[se.findings["code"] == "total_row_empty"]
    assert len(warned) == 2  # 全年预算数 and 全年执行数
    inputs = execution_inputs(se).iloc[0]
    assert (inputs["budget_full"], inputs["executed"]) == (132.912, 132.912)
    assert inputs["budget_initial"] == 202.64
    assert inputs["amount_basis"] == "明细合计"
    # the printed numbers are passed on as printed
    assert (inputs["execution_weight"], inputs["published_score"], inputs["published_rate"]) == (
        10,
        0,
        0,
    )


def test_funding_identity_is_checked(tmp_path: Path) -> None:
    form = putuo_form(
        funding=[
            ("年度资金总额", "250,000", "250,000", "215,457.6", "10", "86.18%", "8.62"),
            ("其中：当年财政拨款", "240,000", "240,000", "215,457.6", "—", "", "—"),
            ("上年结转资金", "0", "0", "0", "—", "", "—"),
            ("其他资金", "0", "0", "0", "—", "", "—"),
        ]
    )
    se = load_selfeval(write_docx([form], tmp_path / "a.docx"))
    found = se.findings[se.findings["code"] == "funding_identity"]
    assert (
        len(found) == 1 and "全年预算数 25 万元与明细合计 24 万元不符" in found.iloc[0]["message"]
    )
    assert execution_inputs(se).iloc[0]["amount_basis"] == "年度资金总额"


def test_indicator_inputs_keep_the_published_score(tmp_path: Path) -> None:
    se = load_selfeval(write_docx([putuo_form()], tmp_path / "a.docx"))
    rows = indicator_inputs(se)
    assert "score" not in rows.columns
    assert rows["published_score"].tolist() == se.indicators["score"].tolist()
    assert (rows["target_period"] == "annual").all()
    assert execution_inputs(se).iloc[0]["published_total"] == 97.51


def test_documents_already_read(tmp_path: Path) -> None:
    doc = read_document(write_docx([cunji_form()], tmp_path / "a.docx"))
    se = selfeval_from_documents([doc])
    assert len(se.indicators) == 8
    assert not pd.isna(se.totals.iloc[0]["year"])
