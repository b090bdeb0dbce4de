"""``data/raw`` is never written to: not by the default runs, and ``--out`` there is refused.

The commands run against a temporary copy of the repository layout (``data/raw`` with the
real files, the current folder set to the copy, the commands' defaults pointed at it).
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from kpi_analysis.cli import paths as config
from kpi_analysis.cli.commands import extract, review, template
from kpi_analysis.cli.main import main


def _state(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder``: its bytes and modification time (ns)."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    } | {str(p.relative_to(folder)) + "/": (b"", 0) for p in folder.rglob("*") if p.is_dir()}


@pytest.fixture
def repo_copy(tmp_path, monkeypatch) -> Path:
    """A copy of data/raw in a fresh repository layout, with the defaults pointed at it."""
    raw = tmp_path / "data" / "raw"
    shutil.copytree(config.DATA_RAW, raw)
    old = time.time() - 3600  # an hour ago: a rewrite would show in the modification time
    for path in raw.iterdir():
        os.utime(path, (old, old))
    processed = tmp_path / "data" / "processed"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(config, "DATA_RAW", raw)
    for module in (extract, review, template):
        monkeypatch.setattr(module, "DATA_RAW", raw)
    monkeypatch.setattr(extract, "DATA_PROCESSED", processed)
    monkeypatch.setattr(review, "DEFAULT_OUT", tmp_path / "reports" / "review")
    monkeypatch.setattr(template, "DEFAULT_OUT", processed / "actuals_template.xlsx")
    return tmp_path


def test_default_runs_read_data_raw_and_leave_it_untouched(repo_copy) -> None:
    raw = repo_copy / "data" / "raw"
    before = _state(raw)
    assert len(before) >= 2
    for argv in (["extract", "--quiet"], ["review", "--quiet"], ["template", "--quiet"]):
        assert main(argv) == 0, argv
    assert _state(raw) == before
    assert (repo_copy / "data" / "processed" / "projects.csv").is_file()
    assert (repo_copy / "data" / "processed" / "actuals_template.xlsx").is_file()
    assert (repo_copy / "reports" / "review" / "findings.csv").is_file()


@pytest.mark.parametrize(
    "argv",
    [
        ["extract", "--out", "data/raw"],
        ["extract", "--out", "data/raw/tables"],
        ["review", "--out", "data/raw/../raw/review"],
        ["template", "--out", "data/raw/actuals_template.xlsx"],
    ],
)
def test_out_inside_data_raw_is_refused(repo_copy, capsys, argv) -> None:
    raw = repo_copy / "data" / "raw"
    before = _state(raw)
    assert main([*argv, "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "原始数据文件夹" in err and "--out" in err
    assert _state(raw) == before  # nothing written, not even an empty folder


def test_out_inside_data_raw_by_absolute_path_or_symlink_is_refused(repo_copy, capsys) -> None:
    raw = repo_copy / "data" / "raw"
    link = repo_copy / "shortcut"
    link.symlink_to(raw, target_is_directory=True)
    before = _state(raw)
    assert main(["extract", "--out", str(raw / "x"), "--quiet"]) == 2
    assert main(["extract", "--out", str(link / "x"), "--quiet"]) == 2
    assert _state(raw) == before


def test_the_packages_own_data_raw_is_protected_from_anywhere(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # not the repository: ./data/raw does not exist here
    target = Path(config.DATA_RAW) / "kpi-trust-test-output"
    assert main(["extract", "--out", str(target), "--quiet"]) == 2
    assert not target.exists()


def test_a_folder_merely_named_raw_elsewhere_is_fine(repo_copy, source_path) -> None:
    out = repo_copy / "exports" / "raw"
    assert main(["extract", str(source_path), "--out", str(out), "--quiet"]) == 0
    assert (out / "projects.csv").is_file()
