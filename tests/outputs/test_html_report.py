"""The HTML year-end report without a browser: self-contained, marked, printable, no code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kpi_analysis.outputs import html_report
from kpi_analysis.outputs.report import load_year_end, score_year_end, year_report_page

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"


@pytest.fixture(scope="module")
def page() -> str:
    data = load_year_end(RAW)
    return year_report_page(data, score_year_end(data), 2021)


def test_self_contained_no_external_resources(page: str) -> None:
    assert re.findall(r'(?:src|href)="(?!data:)[^"]*"', page) == []
    assert "url(http" not in page and "@import" not in page
    assert len(re.findall(r'<img [^>]*src="data:image/png;base64,', page)) == 5


def test_printable_on_a4_with_the_font_embedded(page: str) -> None:
    assert "@page { size: A4 portrait;" in page
    assert f'font-family: "{html_report.FONT_FAMILY}"' in page
    assert 'src: url("data:font/otf;base64,' in page
    assert "thead { display: table-header-group; }" in page  # header rows repeat on each page


def test_tables_are_tables_and_marked_as_example_data(page: str) -> None:
    assert "<h1>2021年度项目支出绩效自评报告</h1>" in page
    assert 'class="example">示例数据（虚构）' in page
    assert page.count("（示例数据（虚构））") == 2 * 5  # every chart: caption and alt text
    assert page.count('<p class="example-page">示例数据（虚构）</p>') == 5  # every project page
    assert page.count("<table") >= 17
    assert "深化事业单位改革" in page and "86.00%" in page
    assert "<NA>" not in page and "&lt;NA&gt;" not in page and ">nan<" not in page
    assert "import " not in page and "In [" not in page  # no code


def test_no_example_mark_for_real_data() -> None:
    page = html_report.year_report_html(
        2022,
        summary=__import__("pandas").DataFrame(),
        funding=__import__("pandas").DataFrame(),
        forms=[],
        charts={},
    )
    assert "示例数据" not in page and "（本年度没有可作图的数据）" in page


def test_print_pdf_without_chromium_returns_none(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(html_report, "find_chromium", lambda: None)
    (tmp_path / "a.html").write_text("<p>x</p>", encoding="utf-8")
    assert html_report.print_pdf(tmp_path / "a.html", tmp_path / "a.pdf") is None
    assert not (tmp_path / "a.pdf").exists()
