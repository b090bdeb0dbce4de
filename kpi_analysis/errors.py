"""One exception hierarchy; every error names the file (and table/row/column where known).

The CLI turns these into Chinese messages and exit codes (see ``cli.py``):

======================= ==== ===========================================================
class                   exit when
======================= ==== ===========================================================
``KpiError``            2    base class (a problem with an input the user can fix)
``UnreadableFileError`` 3    the file cannot be opened, decoded, or exceeds a read limit
``UnknownLayoutError``  4    the file opens but holds no form this package understands
``BadValueError``       5    a cell holds a value of the wrong kind
======================= ==== ===========================================================

>>> error = BadValueError("应为数字", file="a.xlsx", table=1, row=5, col=3)
>>> str(error), error.exit_code
('a.xlsx 表1 第5行 第3列: 应为数字', 5)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

if TYPE_CHECKING:
    from kpi_analysis.readers.grid import Source


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

    @classmethod
    def at(cls, source: Source, message: str, *, hint: str | None = None) -> Self:
        """An error located at a :class:`~kpi_analysis.readers.grid.Source` (file, table, row,
        col)."""
        return cls(
            message,
            file=source.file,
            table=source.table,
            row=source.row,
            col=source.col,
            hint=hint,
        )

    def __reduce__(self):
        """Pickle with every field (errors cross process boundaries in batch runs)."""
        fields = {
            "file": self.file,
            "table": self.table,
            "row": self.row,
            "col": self.col,
            "hint": self.hint,
        }
        return (_rebuild, (type(self), self.message, fields))

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


def _rebuild(cls: type[KpiError], message: str, fields: dict) -> KpiError:
    """Unpickle a :class:`KpiError` (see ``__reduce__``)."""
    return cls(message, **fields)


# Exit codes of the ``kpi-analysis`` command (documented in the README).
EXIT_OK = 0  # everything read and written
EXIT_PARTIAL = 1  # some files could not be read; the rest were written
EXIT_NOTHING = 2  # usage error, or nothing could be read; nothing written
EXIT_INTERNAL = 70  # an unexpected exception (a bug); EX_SOFTWARE in sysexits.h
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT


#: Error findings that ``strict`` turns into :class:`UnknownLayoutError` (exit code 4).
LAYOUT_CODES = frozenset(
    {"no_form_found", "no_selfeval_form", "sheet_missing", "header_missing", "column_missing"}
)
#: Error findings that ``strict`` turns into :class:`BadValueError` (exit code 5).
VALUE_CODES = frozenset(
    {
        "bad_number",
        "bad_amount",
        "bad_year",
        "negative_number",
        "text_in_number_cell",
        "formula_error",
        "formula_without_value",
    }
)


def raise_strict(findings: list[dict]) -> None:
    """With ``strict``: raise the first error finding of an unknown layout or a bad value.

    >>> finding = {"source": "a.xlsx#cell=F3", "severity": "error", "code": "formula_error",
    ...            "message": "错误值", "text": ""}
    >>> try:
    ...     raise_strict([finding])
    ... except BadValueError as error:
    ...     print(error.file, error.exit_code)
    a.xlsx 5
    """
    for finding in findings:
        if finding.get("severity") != "error":
            continue
        code = finding.get("code")
        kind = (
            UnknownLayoutError
            if code in LAYOUT_CODES
            else BadValueError
            if code in VALUE_CODES
            else None
        )
        if kind is not None:
            source = str(finding.get("source") or "")
            raise kind(
                str(finding.get("message") or code),
                file=source.split("#", 1)[0] or None,
                hint=f"位置 {source}；去掉 --strict 可照常读取其余文件",
            )
