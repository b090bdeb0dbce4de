"""Reading limits: how large and how deep an input may be before it is refused.

Forms come from many hands, and a damaged or hostile file must not hang a run or use up
the machine's memory. Every reader takes a :class:`ReadLimits` (``read_document(path,
limits=...)``, ``load(paths, limits=...)``); the defaults are generous for real forms (a
目标表 has a handful of tables of a few dozen rows) and small enough to keep one file's
reading within seconds and a few hundred MB.

What happens when a limit is exceeded (decided per limit):

========================== ============== ==================================================
limit                      default        when exceeded
========================== ============== ==================================================
``max_file_bytes``         100 MB         refused before reading (UnreadableFileError)
``max_uncompressed_bytes`` 200 MB         .docx/.xlsx refused before decompressing (zip bomb)
``max_compression_ratio``  100 ×          refused before decompressing (zip bomb); applies to
                                          members larger than ``ratio_min_member_bytes``
``max_tables``             2,000          refused: no form has that many tables, and a
                                          partial read would silently drop forms
``max_rows_per_table``     20,000         refused, for the same reason
``max_cells``              2,000,000      refused before the cells are built (counted in the
                                          XML first), which bounds memory
``max_nesting_depth``      5              refused (a table in the body has depth 1, a table
                                          in one of its cells depth 2…): forms nest a table
                                          at most once or twice; deeper is a hostile file
``max_cell_chars``         100,000        the cell's text is cut there and a
                                          ``cell_truncated`` warning names the cell: one
                                          pasted essay should not cost the whole form
``max_text_lines``         1,000,000      text export refused (UnreadableFileError)
``max_pages``              1,000          PDF refused before its pages are read
``convert_timeout_s``      120 s          .doc/.wps/.et conversion by LibreOffice stopped
                                          (the process killed) and the file refused
========================== ============== ==================================================

Refusals are :class:`~kpi_analysis.errors.UnreadableFileError` with a Chinese message that
names the limit and its value; ``load`` turns them into ``file_unreadable`` findings (or
raises them with ``strict=True``).

>>> ReadLimits().max_tables
2000
>>> ReadLimits(max_tables=10).max_tables
10
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kpi_analysis.errors import UnreadableFileError
from kpi_analysis.readers.grid import Document, Source

MB = 1024 * 1024

#: Largest total uncompressed size of a .docx/.xlsx package (200 MB).
MAX_UNCOMPRESSED_BYTES = 200 * MB
#: Largest compression ratio allowed for a member bigger than RATIO_MIN_MEMBER_BYTES.
MAX_COMPRESSION_RATIO = 100
#: Members at most this large (1 MB) are not checked for their compression ratio.
RATIO_MIN_MEMBER_BYTES = 1 * MB


@dataclass(frozen=True)
class ReadLimits:
    """Limits applied while reading one file (see the module docstring for each one)."""

    max_file_bytes: int = 100 * MB
    max_uncompressed_bytes: int = MAX_UNCOMPRESSED_BYTES
    max_compression_ratio: float = MAX_COMPRESSION_RATIO
    ratio_min_member_bytes: int = RATIO_MIN_MEMBER_BYTES
    max_tables: int = 2_000
    max_rows_per_table: int = 20_000
    max_cells: int = 2_000_000
    max_nesting_depth: int = 5
    max_cell_chars: int = 100_000
    max_text_lines: int = 1_000_000
    max_pages: int = 1_000
    convert_timeout_s: float = 120.0

    def __post_init__(self) -> None:
        for name, value in self.__dict__.items():
            if not (value >= 0 if name == "ratio_min_member_bytes" else value > 0):
                raise ValueError(f"{name} must be positive, got {value!r}")


DEFAULT_LIMITS = ReadLimits()


def refused(
    what: str, field: str, *, file: str, table: int | None = None, row: int | None = None
) -> UnreadableFileError:
    """The error refusing input beyond ``ReadLimits.<field>``; ``what`` says what is too much."""
    return UnreadableFileError(
        f"{what}，为安全起见拒绝读取",
        file=file,
        table=table,
        row=row,
        hint=f"请确认文件内容；如确需读取，请调高 ReadLimits.{field}",
    )


def size_text(n_bytes: float) -> str:
    """A byte count for messages: ``1.5 MB``, ``12 KB``, ``300 字节``."""
    if n_bytes >= MB:
        return f"{n_bytes / MB:.1f} MB".replace(".0 MB", " MB")
    if n_bytes >= 1024:
        return f"{n_bytes / 1024:.0f} KB"
    return f"{n_bytes:.0f} 字节"


def with_overrides(limits: ReadLimits, **values: float | None) -> ReadLimits:
    """``limits`` with the given fields replaced; ``None`` values keep the field."""
    given = {name: value for name, value in values.items() if value is not None}
    return replace(limits, **given) if given else limits


def bounded_text(doc: Document, text: str, source: Source | str, max_chars: int) -> str:
    """``text`` cut at ``max_chars``; a ``cell_truncated`` note in ``doc`` when it was longer.

    >>> doc = Document("a.txt")
    >>> bounded_text(doc, "甲乙丙", Source("a.txt", table=1, row=1, col=1), 2)
    '甲乙'
    >>> doc.notes[0]["code"], doc.notes[0]["source"]
    ('cell_truncated', 'a.txt#table=1,row=1,col=1')
    """
    if len(text) <= max_chars:
        return text
    doc.note(
        source,
        "cell_truncated",
        f"单元格文字过长（{len(text)} 字），只读取前 {max_chars} 字",
        severity="warning",
        text=text[:100],
    )
    return text[:max_chars]
