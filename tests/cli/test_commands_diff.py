"""``kpi-analysis diff OLD NEW``: projects added/removed, mid-term targets and funding changed."""

from __future__ import annotations

import pandas as pd

from kpi_analysis.cli.main import main


def _changed_copy(source_path, folder):
    folder.mkdir()
    text = source_path.read_text(encoding="utf-8")
    text = text.replace("不少于3次", "不少于6次", 1)
    new = folder / "2022.txt"
    new.write_text(text, encoding="utf-8")
    return new


def test_diff_writes_a_table_and_a_chart(source_path, tmp_path, capsys) -> None:
    new = _changed_copy(source_path, tmp_path / "new")
    out = tmp_path / "out"
    assert main(["diff", str(source_path), str(new), "--out", str(out)]) == 0
    assert {p.name for p in out.iterdir()} == {"changes.csv", "changes.xlsx", "changes.png"}
    changes = pd.read_csv(out / "changes.csv", encoding="utf-8-sig")
    changed = changes[changes["change"] == "target_changed"]
    assert len(changed) == 1
    assert (changed["old"].iloc[0], changed["new"].iloc[0]) == ("不少于3次", "不少于6次")
    assert "中期指标值变化 1" in capsys.readouterr().out


def test_document_changes_report_projects_and_funding(source_path) -> None:
    from dataclasses import replace

    from kpi_analysis import load
    from kpi_analysis.analysis.tracking.changes import document_changes

    old = load(source_path)
    first = old.projects["project"].iloc[0]
    funding = old.funding.copy()
    funding.loc[funding.index[0], "amount_wan"] = float(funding["amount_wan"].iloc[0]) + 10
    new = replace(
        old,
        projects=old.projects[old.projects["project"] != first].reset_index(drop=True),
        funding=funding,
    )
    changes = document_changes(old, new)
    assert changes.loc[changes["change"] == "project_removed", "project"].tolist() == [first]
    assert (changes["change"] == "funding_changed").sum() == 0  # its project is gone
    moved = replace(old, funding=funding)
    changes = document_changes(old, moved)
    row = changes[changes["change"] == "funding_changed"].iloc[0]
    assert float(row["new_amount_wan"]) - float(row["old_amount_wan"]) == 10
    assert document_changes(old, old).empty
