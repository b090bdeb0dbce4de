"""Format readers: each turns one file format into a :class:`~kpi_analysis.readers.grid.Document`.

Readers know file formats and nothing about performance targets.

:func:`read_document` chooses the reader by the file's *content* (see
:mod:`kpi_analysis.readers.sniff`), not only by its extension:

- a Word or Excel package is read as what it is, whatever its extension (a .docx renamed
  .xlsx, a .docx saved as .doc, a form without extension);
- a text export is read only from a .txt/.text file: text, HTML, RTF or PDF content under a
  .docx/.xlsx name is refused with a message naming the real format and what to do;
- empty files, password-protected Office files and old binary .doc/.xls/.wps/.et files are
  refused with a Chinese message saying how to convert them; a “.xls” that is really a
  web page (HTML tables, as many reporting systems export) is named as such.

Every reader takes the same :class:`~kpi_analysis.readers.limits.ReadLimits`; a file larger than
``max_file_bytes`` is refused before its content is looked at.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kpi_analysis.errors import UnreadableFileError
from kpi_analysis.readers.docx import read_docx
from kpi_analysis.readers.grid import Document
from kpi_analysis.readers.limits import DEFAULT_LIMITS, ReadLimits
from kpi_analysis.readers.sniff import KIND_NAMES, check_file_size, sniff
from kpi_analysis.readers.text import read_text
from kpi_analysis.readers.xlsx import read_xlsx

#: ``reader(path, *, limits=ReadLimits()) -> Document``
Reader = Callable[..., Document]

READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".text": read_text,
    ".docx": read_docx,
    ".docm": read_docx,
    ".xlsx": read_xlsx,
    ".xlsm": read_xlsx,
}
TEXT_SUFFIXES = (".txt", ".text")

OLD_BINARY = {
    ".doc": "旧版 Word 二进制格式（.doc）",
    ".xls": "旧版 Excel 二进制格式（.xls）",
    ".wps": "WPS 文字格式（.wps）",
    ".et": "WPS 表格格式（.et）",
}
CONVERT_HINT = (
    "请用 Word/WPS/LibreOffice 另存为 .docx 或 .xlsx 后再读取，"
    "例如 soffice --headless --convert-to docx 文件名"
)
WRONG_CONTENT_HINTS = {
    "text": "如果这是文本导出文件，请把扩展名改为 .txt",
    "html": "这是网页格式的“伪 Office 文件”，请用 Word/Excel 打开后另存为 .docx/.xlsx",
    "rtf": "请用 Word/WPS 打开后另存为 .docx",
    "pdf": "PDF 无法可靠还原表格结构，请提供 Word/Excel 原件",
    "zip": "请确认文件是 Word/Excel 保存的 .docx/.xlsx",
    "binary": "请确认文件格式，或在 Word/Excel 中打开后另存为 .docx/.xlsx",
}


def supported_suffixes() -> tuple[str, ...]:
    """File endings that :func:`read_document` reads."""
    return tuple(sorted(READERS))


def read_document(path: str | Path, *, limits: ReadLimits = DEFAULT_LIMITS) -> Document:
    """Read one file with the reader for its real format; raise :class:`UnreadableFileError`.

    ``limits`` bound the file's size and structure (see :mod:`kpi_analysis.readers.limits`).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise UnreadableFileError("文件不存在或不是普通文件", file=str(path))
    check_file_size(path, limits)
    kind = sniff(path)
    if kind == "docx":
        return read_docx(path, limits=limits)
    if kind == "xlsx":
        return read_xlsx(path, limits=limits)
    if kind == "empty":
        raise UnreadableFileError(
            "文件为空（0 字节）", file=path.name, hint="请重新获取或重新保存该文件"
        )
    if kind == "encrypted":
        raise UnreadableFileError(
            "文件已加密（设置了密码），请先在 Word/Excel 中去除密码后另存",
            file=path.name,
            hint="在 Word/Excel 中：文件 → 信息 → 保护文档/工作簿 → 用密码进行加密，清空密码后保存",
        )
    if kind == "ole2" or (suffix in OLD_BINARY and kind == "binary"):
        what = OLD_BINARY.get(suffix, "旧版 Office 二进制格式（.doc/.xls/.wps/.et）")
        raise UnreadableFileError(f"不支持{what}", file=path.name, hint=CONVERT_HINT)
    reader = READERS.get(suffix)
    if reader is None and suffix not in OLD_BINARY:
        raise UnreadableFileError(
            f"不支持的文件类型“{suffix or '无扩展名'}”",
            file=path.name,
            hint=f"支持：{'、'.join(supported_suffixes())}",
        )
    if reader is not None and suffix in TEXT_SUFFIXES and kind == "text":
        return reader(path, limits=limits)
    if reader is not None and kind == "zip" and suffix not in TEXT_SUFFIXES:
        return reader(path, limits=limits)  # a damaged package: the reader says what is wrong
    raise UnreadableFileError(
        f"文件扩展名为 {suffix}，但内容是{KIND_NAMES[kind]}",
        file=path.name,
        hint=WRONG_CONTENT_HINTS.get(kind),
    )
