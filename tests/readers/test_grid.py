"""The format-neutral grid: sources that name their cell, immutable cells."""

from __future__ import annotations

import pytest

from kpi_analysis.readers.grid import Cell, Source


@pytest.mark.parametrize(
    ("source", "text"),
    [
        (Source("a.docx", table=2, row=3, col=1), "a.docx#table=2,row=3,col=1"),
        (Source("a.txt", table=1, row=4, col=2, line=17), "a.txt#table=1,row=4,col=2,line=17"),
        (Source("b.xlsx", sheet="表1", address="B4"), "b.xlsx#sheet=表1,cell=B4"),
        (Source("a.docx", line=5), "a.docx#line=5"),
        (Source("a.docx"), "a.docx"),
    ],
)
def test_a_source_names_file_and_position(source: Source, text: str) -> None:
    assert str(source) == text


def test_sources_are_values() -> None:
    assert Source("a", table=1, row=2, col=3) == Source("a", 1, 2, 3)
    assert len({Source("a", 1, 2, 3), Source("a", 1, 2, 3), Source("a", 1, 2, 4)}) == 2


def test_cells_cannot_be_changed() -> None:
    cell = Cell("产出指标", Source("a"), row_span=2)
    with pytest.raises(AttributeError):
        cell.text = "效益指标"  # type: ignore[misc]
    assert (cell.row_span, cell.col_span, cell.continued) == (2, 1, False)


@pytest.mark.parametrize(("text", "empty"), [("", True), (" \n\t", True), ("\u3000", True),
                                             ("0", False), (" 指标 ", False)])  # fmt: skip
def test_a_cell_of_whitespace_is_empty(text: str, empty: bool) -> None:
    assert Cell(text, Source("a")).is_empty is empty
