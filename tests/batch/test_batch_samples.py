"""Synthetic forms: varied by substitution, and still read as real forms."""

from __future__ import annotations

import pytest

from kpi_analysis import load
from tests.support.batch_samples import form_sections, vary_form, write_text_forms


@pytest.fixture(scope="module")
def text(source_path) -> str:
    return source_path.read_text(encoding="utf-8")


def test_the_source_has_five_project_sections(text):
    header, sections = form_sections(text)
    assert header.startswith("宿州市委编办2021年项目及绩效目标情况")
    assert len(sections) == 5
    assert [s.split(".", 1)[0] for s in sections] == ["1", "2", "3", "4", "5"]


def test_a_varied_form_reads_with_its_new_department_year_and_projects(text, tmp_path):
    original = load_text(text, tmp_path / "orig.txt")
    body = vary_form(
        text, department="淮北市教育局", year=2023, sections=[4, 0], suffix="（甲）", percent=95
    )
    varied = load_text(body, tmp_path / "varied.txt")
    names = original.projects["project"].tolist()
    assert varied.projects["project"].tolist() == [names[4] + "（甲）", names[0] + "（甲）"]
    assert varied.projects["project_no"].tolist() == [1, 2]
    assert set(varied.projects["department"]) == {"淮北市教育局"}
    years = varied.indicators.groupby("period")[["year_start", "year_end"]].agg(set)
    assert years.loc["annual", "year_start"] == {2023}
    assert years.loc["mid_term", "year_start"] == {2023}
    assert years.loc["mid_term", "year_end"] == {2025}
    keep = original.indicators["project_no"].isin([1, 5])
    assert len(varied.indicators) == keep.sum()
    assert (varied.indicators["value"] == 100).sum() == 0
    assert (varied.indicators["value"] == 95).sum() == (
        original.indicators.loc[keep, "value"] == 100
    ).sum()
    # nothing new goes unread: the same kinds of findings as the original
    assert set(varied.findings["code"]) <= set(original.findings["code"])


def test_write_text_forms_varies_folders_projects_and_counts(tmp_path):
    paths = write_text_forms(tmp_path, 12, seed=3)
    assert len(paths) == 12 == len(set(paths))
    ds = load(paths)
    assert ds.projects["department"].nunique() > 1
    assert ds.indicators["year_start"].nunique() > 1
    per_file = ds.indicators["source"].str.split("#").str[0].value_counts()
    assert per_file.nunique() > 1  # different indicator counts
    for path in paths:
        assert path.parts[-3] in set(ds.projects["department"])
    assert write_text_forms(tmp_path / "again", 12, seed=3)[5].read_text(encoding="utf-8") == paths[
        5
    ].read_text(encoding="utf-8")


def load_text(body: str, path):
    path.write_text(body, encoding="utf-8")
    return load(path)
