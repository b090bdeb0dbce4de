"""Notebooks are paired jupytext sources stored with outputs and follow the conventions."""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat
import pytest

FOLDER = Path(__file__).resolve().parents[2] / "notebooks"
NOTEBOOKS = sorted(FOLDER.glob("*.ipynb"))
SOURCES = sorted(FOLDER.glob("[0-9][0-9]-*.py"))


def _inputs(nb: nbformat.NotebookNode) -> list[tuple[str, str, list[str]]]:
    return [
        (cell.cell_type, cell.source.strip(), sorted(cell.metadata.get("tags", [])))
        for cell in nb.cells
    ]


def test_there_are_notebooks_and_each_has_its_source() -> None:
    assert any(p.name.startswith("01-") for p in NOTEBOOKS)
    assert [p.stem for p in SOURCES] == [p.stem for p in NOTEBOOKS]


def test_no_notebook_generator_scripts_are_left() -> None:
    scripts = FOLDER.parent / "scripts"
    assert not (scripts / "build_notebooks.py").exists()
    assert not (scripts / "build_execution_notebooks.py").exists()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_in_sync_with_its_percent_source(path: Path) -> None:
    source = path.with_suffix(".py")
    text = jupytext.read(source, fmt="py:percent")
    stored = nbformat.read(path, as_version=4)
    assert _inputs(text) == _inputs(stored), (
        f"{path.name} and {source.name} differ: run `make notebooks` (jupytext --sync)"
    )
    assert stored.metadata["jupytext"]["formats"] == "ipynb,py:percent"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_executed(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "no code cells"
    assert all(c.execution_count is not None for c in code), "not executed in full"
    with_output = [c for c in code if c.outputs]
    assert len(with_output) >= len(code) // 2, "most code cells have no stored output"
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert errors == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_charts_are_inline_and_tables_are_html(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    data = [o.get("data", {}) for o in outputs]
    assert any("image/png" in d for d in data), "no chart shown inline"
    tables = [d["text/html"] for d in data if "text/html" in d]
    assert tables, "no HTML table"
    for html in tables:
        assert "<NA>" not in html and "&lt;NA&gt;" not in html and "nan</td>" not in html
        assert 'id="T_' in html  # a Styler with a fixed uuid (no random id)
    printed = "".join(o.get("text", "") for o in outputs)
    assert "<NA>" not in printed


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_setup_cell_is_silent_and_parameters_are_tagged(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].outputs == [], "the first (setup) cell must print nothing"
    assert "display.width" in code[0].source
    assert "%matplotlib inline" in code[0].source
    tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    assert "DATA = " in tagged[0].source and "YEAR = " in tagged[0].source
