"""One exception hierarchy; every error names the file (and table/row/column where known).

The CLI turns these into Chinese messages and exit codes (see ``cli.py``).
"""

from __future__ import annotations


class KpiError(Exception):
    """Base class: a problem with an input the user can fix, described in Chinese."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        table: int | None = None,
        row: int | None = None,
        col: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.table = table
        self.row = row
        self.col = col
        self.hint = hint

    def location(self) -> str:
        """Where the problem is, e.g. ``a.docx 表2 第5行 第3列``."""
        parts = [self.file or "?"]
        if self.table is not None:
            parts.append(f"表{self.table}")
        if self.row is not None:
            parts.append(f"第{self.row}行")
        if self.col is not None:
            parts.append(f"第{self.col}列")
        return " ".join(parts)

    def __str__(self) -> str:
        text = f"{self.location()}: {self.message}"
        if self.hint:
            text += f"（{self.hint}）"
        return text


class UnreadableFileError(KpiError):
    """The file cannot be opened or decoded (corrupt, encrypted, old binary format…)."""

    exit_code = 3


class UnknownLayoutError(KpiError):
    """The file opens but holds no form this package understands."""

    exit_code = 4


class BadValueError(KpiError):
    """A cell holds a value of the wrong kind (text where a number belongs…)."""

    exit_code = 5
