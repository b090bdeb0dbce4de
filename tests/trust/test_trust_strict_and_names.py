"""Issue #14: ``--strict`` exit codes as the README says; sources tell same-named files apart."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from kpi_analysis.cli.main import main
from kpi_analysis.cli.paths import DEFAULT_INPUT
from kpi_analysis.tables.selfeval import load_selfeval
from kpi_analysis.tables.targets import input_files, load
from tests.trust.hostile import hostile_corpus as build


def _target_form() -> Path:
    path = Path(DEFAULT_INPUT)
    if path.is_dir():
        return next(p for p in sorted(path.iterdir()) if p.suffix == ".txt")
    return path


def test_strict_unreadable_file_exits_3(tmp_path):
    bad = tmp_path / "坏.docx"
    bad.write_bytes(b"PK\x03\x04 not a zip")
    assert main(["extract", str(bad), "--out", str(tmp_path / "o"), "--strict"]) == 3


def test_strict_unknown_layout_exits_4(tmp_path):
    other = tmp_path / "通知.txt"
    other.write_text("关于召开会议的通知\n各单位：请按时参加。\n", encoding="utf-8")
    assert main(["extract", str(other), "--out", str(tmp_path / "o"), "--strict"]) == 4
    assert main(["extract", str(other), "--out", str(tmp_path / "p")]) == 2  # not strict


def test_strict_bad_value_exits_5(tmp_path, capsys):
    folder = build.build(tmp_path, ("actuals_formula_errors",))["actuals_formula_errors"]
    assert main(["score", str(folder), "--out", str(tmp_path / "o"), "--strict"]) == 5
    assert "--strict" in capsys.readouterr().err


def test_two_files_of_the_same_name_in_sub_folders_are_told_apart(tmp_path):
    form = _target_form()
    for folder in ("甲", "乙"):
        (tmp_path / folder).mkdir()
        shutil.copy(form, tmp_path / folder / "表.txt")
    assert list(input_files(tmp_path).values()) == ["乙/表.txt", "甲/表.txt"]
    ds = load(tmp_path)
    files = {str(s).split("#")[0] for s in ds.projects["source"]}
    assert files == {"甲/表.txt", "乙/表.txt"}
    assert {str(s).split("#")[0] for s in ds.cells["source"]} == files
    assert set(load_selfeval(tmp_path).findings["source"].str.split("#").str[0]) <= files


def test_a_file_given_itself_keeps_its_name():
    form = _target_form()
    ds = load(form)
    assert {str(s).split("#")[0] for s in ds.projects["source"]} == {form.name}


def test_weights_are_shown_with_display_rounding_and_exact_sums():
    """Issue #14: no "49.99999999999999分" anywhere a weight is shown."""
    from kpi_analysis.analysis.scoring.profiles import CENTRAL_2020
    from kpi_analysis.outputs.html_report import _number
    from kpi_analysis.outputs.writers.selfeval_layout import (
        IndicatorLine,
        class_weights,
        level1_label,
    )
    from kpi_analysis.text.numbers import format_compact

    third = 100 / 3
    lines = tuple(
        IndicatorLine("产出指标", "数量指标", f"指标{i}", "", "", weight=w)
        for i, w in enumerate([third * 0.5] * 3 + [0.1, 0.2])
    )
    weights = class_weights(lines)
    pair = class_weights(
        tuple(IndicatorLine("效益指标", "", "", "", "", weight=w) for w in (0.1, 0.2))
    )
    assert pair["效益指标"] == 0.3  # added as decimals, not 0.30000000000000004
    assert level1_label("产出指标", weights["产出指标"]) == "产出指标（50.3分）"
    assert format_compact(third) == "33.33" and format_compact(49.99999999999999) == "50"
    groups = CENTRAL_2020.class_weights
    assert len(groups) == 3
    thirds = tuple(replace(g, weight=third) for g in groups)
    text = CENTRAL_2020.with_options(execution_weight=0.0, class_weights=thirds).weights_text()
    assert "33.33" in text and "3333333" not in text
    assert _number(2.675) == "2.68" and _number(49.99999999999999) == "50.00"
