"""Assign 二级 labels to the indicator rows of one side of the indicator block."""

from __future__ import annotations

from kpi_analysis.forms.recorder import Recorder
from kpi_analysis.readers.grid import Cell

Row = dict[str, object]


class LevelGroups:
    """Groups indicator rows under their 二级 label.

    A label normally stands on the first row of its group (merged over the group, or
    repeated on every row). When numbering restarts (指标1 after 指标4) on a row without a
    label, a new group starts; a label on a later row whose number continues that group
    (指标2) names it — the label sat in the second row of its group.
    """

    def __init__(self, recorder: Recorder) -> None:
        self.rec = recorder
        self.rows: list[Row] = []
        self.group: list[Row] = []
        self.label: str | None = None
        self.label_cell: Cell | None = None
        self.last_no: int | None = None

    def _close(self) -> None:
        if not self.group and self.label is not None and self.label_cell is not None:
            self.rec.report(
                self.label_cell,
                "level2_without_indicator",
                f"二级指标“{self.label}”下没有三级指标行",
                severity="info",
            )
        for row in self.group:
            row["level2"] = self.label
            if self.label is None:
                self.rec.report(
                    str(row["source"]),
                    "level2_missing",
                    "指标行没有二级指标，无法归类",
                    text=str(row["indicator"]),
                )
        self.rows.extend(self.group)
        self.group, self.label, self.label_cell, self.last_no = [], None, None, None

    def _restarts(self, number: int | None) -> bool:
        return number is not None and self.last_no is not None and number <= self.last_no

    def add(self, label: str | None, label_cell: Cell | None, row: Row) -> None:
        """Add an indicator row, opening a new group where labels or numbering say so."""
        number = row["indicator_no"]
        if label is not None:
            repeated = label == self.label and not self._restarts(number)
            names_open_group = (
                bool(self.group)
                and self.label is None
                and number is not None
                and self.last_no is not None
                and number == self.last_no + 1
            )
            if not (repeated or names_open_group):
                self._close()
            if self.label is None:
                self.label, self.label_cell = label, label_cell
        elif self.group and self._restarts(number):
            self._close()
        self.group.append(row)
        if number is None:
            number = (self.last_no or 0) + 1
            row["indicator_no"] = number
        self.last_no = number  # type: ignore[assignment]

    def label_only(self, label: str, cell: Cell | None) -> None:
        """A 二级 label on a row without indicator text: it opens a new group."""
        if label == self.label and not self.group:
            return
        self._close()
        self.label, self.label_cell = label, cell

    def break_group(self) -> None:
        """Close the open group (a new 一级 class starts)."""
        self._close()

    def finish(self) -> list[Row]:
        """Close the last group and return every row of this side."""
        self._close()
        return self.rows
