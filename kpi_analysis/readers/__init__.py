"""Format readers: each turns one file format into a :class:`~kpi_analysis.grid.Document`.

Readers know file formats and nothing about performance targets.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kpi_analysis.errors import UnreadableFileError
from kpi_analysis.grid import Document
from kpi_analysis.readers.text import read_text

Reader = Callable[[Path], Document]

READERS: dict[str, Reader] = {".txt": read_text, ".text": read_text}

OLD_BINARY = {
    ".doc": "旧版 Word 二进制格式（.doc）",
    ".xls": "旧版 Excel 二进制格式（.xls）",
    ".wps": "WPS 文字格式（.wps）",
    ".et": "WPS 表格格式（.et）",
}


def supported_suffixes() -> tuple[str, ...]:
    """File endings that :func:`read_document` reads."""
    return tuple(sorted(READERS))


def read_document(path: str | Path) -> Document:
    """Read one file with the reader for its format; raise :class:`UnreadableFileError`."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in OLD_BINARY:
        raise UnreadableFileError(
            f"不支持{OLD_BINARY[suffix]}",
            file=path.name,
            hint="请用 Word/WPS/LibreOffice 另存为 .docx 或 .xlsx 后再读取，"
            "例如 soffice --headless --convert-to docx 文件名",
        )
    reader = READERS.get(suffix)
    if reader is None:
        raise UnreadableFileError(
            f"不支持的文件类型“{suffix or '无扩展名'}”",
            file=path.name,
            hint=f"支持：{'、'.join(supported_suffixes())}",
        )
    if not path.is_file():
        raise UnreadableFileError("文件不存在或不是普通文件", file=str(path))
    return reader(path)
