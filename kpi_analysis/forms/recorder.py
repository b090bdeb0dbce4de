"""Bookkeeping shared by interpreters: what each cell was used for, and findings.

Every non-empty input cell and paragraph gets a role (label, value, context, reported,
ignored), so a test can prove that nothing was lost silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kpi_analysis.readers.grid import Cell, Paragraph, Source

NO_ROLE = ("", "")
#: Roles a later, more specific role replaces (a value always does).
REPLACEABLE = frozenset(("", "ignored", "reported"))


@dataclass
class Recorder:
    """Collects cell roles and findings while one document is interpreted."""

    #: cell source → (role, text); sources become strings only when tables are built
    roles: dict[Source, tuple[str, str]] = field(default_factory=dict)
    findings: list[dict[str, str]] = field(default_factory=list)

    def label(self, cell: Cell) -> None:
        """Mark a cell as a form label (its text is vocabulary, not data)."""
        self._mark(cell, "label")

    def value(self, cell: Cell) -> None:
        """Mark a cell whose text went into a tidy table."""
        self._mark(cell, "value")

    def ignore(self, cell: Cell) -> None:
        """Mark a cell that is layout only (e.g. whitespace)."""
        self._mark(cell, "ignored")

    def report(
        self,
        where: Cell | Source | str,
        code: str,
        message: str,
        *,
        severity: str = "warning",
        text: str | None = None,
    ) -> None:
        """Add a finding; a cell reported this way counts as accounted for."""
        source = where.source if isinstance(where, Cell) else where
        if text is None and isinstance(where, Cell):
            text = where.text
        self.findings.append(
            {
                "source": str(source),
                "severity": severity,
                "code": code,
                "message": message,
                "text": text or "",
            }
        )
        if isinstance(where, Cell) and not where.is_empty:
            self.roles.setdefault(where.source, ("reported", where.text))

    def report_table(
        self, cells: list[Cell], where: str, code: str, message: str, *, severity: str = "info"
    ) -> None:
        """One finding for a whole table (``where``); each of its cells counts as reported."""
        filled = [c for c in cells if not c.is_empty]
        preview = " | ".join(c.text.strip() for c in filled[:6])[:200]
        self.findings.append(
            {
                "source": where,
                "severity": severity,
                "code": code,
                "message": f"{message}（{len(filled)} 个非空单元格）",
                "text": preview,
            }
        )
        for cell in filled:
            self.roles.setdefault(cell.source, ("reported", cell.text))

    def _mark(self, cell: Cell, role: str) -> None:
        if cell.is_empty:
            return
        key = cell.source
        if role == "value" or self.roles.get(key, NO_ROLE)[0] in REPLACEABLE:
            self.roles[key] = (role, cell.text)

    def paragraph(self, paragraph: Paragraph, role: str, text: str | None = None) -> None:
        """Give a paragraph outside the tables a role, like a cell.

        ``context``: read as context (a title, a unit line, a note, page furniture, the
        wording of a numbered item); ``text`` is the part that went into a tidy table, for a
        value after its label.
        """
        if paragraph.text.strip():
            self._mark(Cell(paragraph.text if text is None else text, paragraph.source), role)

    def has_role(self, paragraph: Paragraph) -> bool:
        """True once ``paragraph`` has a role (or is empty, which needs none)."""
        return not paragraph.text.strip() or paragraph.source in self.roles

    def account(self, cells: list[Cell]) -> None:
        """Report every non-empty cell that has no role yet as not understood."""
        for cell in cells:
            if cell.source not in self.roles and not cell.is_empty:
                self.report(cell, "cell_not_understood", "单元格内容未能识别，未进入任何表")


def accounting_columns(recorders: list[Recorder]) -> dict[str, list[str]]:
    """Columns of the ``cells`` table: each marked cell's source (as text), text and role."""
    marked = [(source, mark) for rec in recorders for source, mark in rec.roles.items()]
    return {
        "source": [str(source) for source, _ in marked],
        "text": [text for _, (_, text) in marked],
        "role": [role for _, (role, _) in marked],
    }
