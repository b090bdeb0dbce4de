"""Excel outputs that print: A4 landscape, fit to width, header rows, order, band colours."""

from __future__ import annotations

import pandas as pd
from openpyxl import load_workbook

from kpi_analysis.outputs.export import write_workbook


def test_sheets_print_on_a4_landscape_with_key_columns_first_and_source_last(tmp_path) -> None:
    frame = pd.DataFrame(
        {
            "source": ["a.txt#table=1,row=2,col=3"],
            "status": ["滞后"],
            "colour": ["#C62828"],
            "indicator": ["开展培训"],
            "amount_wan": pd.array([1.5], dtype="Float64"),
            "project": ["项目甲"],
            "project_no": pd.array([1], dtype="Int64"),
        }
    )
    write_workbook({"progress": frame}, tmp_path / "book.xlsx")
    sheet = load_workbook(tmp_path / "book.xlsx").worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["项目序号", "项目名称", "三级指标"]
    assert headers[-1] == "来源单元格"
    assert sheet.freeze_panes == "D2"
    setup = sheet.page_setup
    assert (setup.orientation, str(setup.paperSize)) == ("landscape", "9")
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$1:$1"
    status = sheet.cell(2, next(i for i, h in enumerate(headers, 1) if h in ("状态", "status")))
    assert status.fill.fgColor.rgb.endswith("C62828")
    amount = sheet.cell(2, headers.index("金额（万元）") + 1)
    assert amount.number_format == "#,##0.00"
