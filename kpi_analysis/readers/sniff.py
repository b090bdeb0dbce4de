"""Recognise a file's real format from its bytes, and check Office packages before parsing.

Users rename files, save web pages as ``.xls`` and send password-protected forms, so the
extension alone does not say how to read a file. :func:`sniff` looks at the content:

- ``docx`` / ``xlsx``: an Office Open XML zip package whose main part is a Word document or
  an Excel workbook (``.docm`` and ``.xlsm`` included);
- ``encrypted``: an OLE2 compound file holding ``EncryptionInfo`` / ``EncryptedPackage``
  streams, which is how Word and Excel store a .docx/.xlsx protected by a password;
- ``xls``: an OLE2 compound file with a ``Workbook``/``Book`` stream (old Excel .xls, WPS .et);
- ``doc``: an OLE2 compound file with a ``WordDocument`` stream (old Word .doc, WPS .wps);
- ``ole2``: any other OLE2 compound file (PowerPoint, Outlook…);
- ``zip`` (another zip archive), ``pdf``, ``rtf``, ``html`` (also MHT “single file web page”),
  ``text`` (UTF-8, GB18030, or UTF-16 with a BOM), ``binary`` and ``empty``.

:func:`check_package` refuses zip bombs before anything is decompressed: packages whose
members add up to more than :data:`MAX_UNCOMPRESSED_BYTES`, or with a member larger than
:data:`RATIO_MIN_MEMBER_BYTES` compressed more than :data:`MAX_COMPRESSION_RATIO` times, and
XML parts that declare a DTD (Office files never do; a DTD is how entity-expansion attacks
such as “billion laughs” start). :func:`check_file_size` refuses files larger than
``ReadLimits.max_file_bytes`` before any reader opens them. The limits themselves live in
:mod:`kpi_analysis.readers.limits`.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path
from typing import Literal

from lxml import etree

from kpi_analysis.errors import UnreadableFileError
from kpi_analysis.readers.limits import (  # the zip-bomb limits, importable from here as before
    DEFAULT_LIMITS,
    MAX_COMPRESSION_RATIO,
    MAX_UNCOMPRESSED_BYTES,
    RATIO_MIN_MEMBER_BYTES,
    ReadLimits,
    refused,
    size_text,
    with_overrides,
)

Kind = Literal[
    "docx",
    "xlsx",
    "encrypted",
    "xls",
    "doc",
    "ole2",
    "zip",
    "pdf",
    "rtf",
    "html",
    "text",
    "binary",
    "empty",
]

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
ENCRYPTION_STREAMS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
#: Directory entries (64-byte UTF-16 names, NUL-padded) of old Excel and Word files.
WORKBOOK_STREAMS = ("Workbook\x00".encode("utf-16-le"), "Book\x00".encode("utf-16-le"))
WORD_STREAMS = ("WordDocument\x00".encode("utf-16-le"),)
OLE2_SCAN_BYTES = 64 * 1024 * 1024  # where to look for stream names in an OLE2 file

#: How much of each XML part's beginning is searched for a DTD.
PROLOG_SCAN_BYTES = 64 * 1024

OFFICE_DOCUMENT_REL = re.compile(
    rb'Type="[^"]*/officeDocument"[^>]*Target="/?([^"]+)"|Target="/?([^"]+)"[^>]*Type="[^"]*/officeDocument"'
)
HTML_START = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*"
    rb"(<!doctype\s+html|<html|<head|<body|<meta\s|<title|<table|mime-version:)",
    re.I | re.S,
)
DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY", "<!DOCTYPE".encode("utf-16-le"))

KIND_NAMES = {
    "docx": "Word 文档（.docx）",
    "xlsx": "Excel 工作簿（.xlsx）",
    "encrypted": "加密的 Office 文件",
    "xls": "旧版 Excel 二进制文件（.xls/.et）",
    "doc": "旧版 Word 二进制文件（.doc/.wps）",
    "ole2": "旧版 Office 二进制文件（不是 Word 或 Excel）",
    "zip": "zip 压缩包",
    "pdf": "PDF 文件",
    "rtf": "RTF 富文本文件",
    "html": "网页（HTML/MHT）文件",
    "text": "纯文本文件",
    "binary": "无法识别的二进制文件",
    "empty": "空文件",
}

#: The XML parser every reader uses: no entity expansion, no network, no huge trees.
#: Whitespace between elements (pretty-printed XML) is dropped; whitespace inside an
#: element that holds only whitespace (``<w:t> </w:t>``) is kept.


def _xml_parser(*, huge_tree: bool) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=huge_tree,
        load_dtd=False,
        remove_blank_text=True,
    )


SAFE_PARSER = _xml_parser(huge_tree=False)

#: :data:`SAFE_PARSER` that accepts text nodes over libxml2's 10 MB limit (nothing else differs).
LONG_TEXT_PARSER = _xml_parser(huge_tree=True)


def sniff(path: str | Path) -> Kind:
    """Return the real format of the file at ``path`` judged by its content."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
            if not head:
                return "empty"
            if head.startswith(OLE2_MAGIC):
                handle.seek(0)
                return _ole2_kind(handle.read(OLE2_SCAN_BYTES))
            if head.startswith(ZIP_MAGICS):
                return _zip_kind(path)
            handle.seek(0)
            start = handle.read(4096)
    except OSError as exc:
        raise cannot_open(path.name, exc) from exc
    return _text_kind(start)


def _ole2_kind(data: bytes) -> Kind:
    if any(name in data for name in ENCRYPTION_STREAMS):
        return "encrypted"
    if any(name in data for name in WORD_STREAMS):  # before Workbook: Word files embed charts
        return "doc"
    if any(name in data for name in WORKBOOK_STREAMS):
        return "xls"
    return "ole2"


def _zip_kind(path: Path) -> Kind:
    try:
        with zipfile.ZipFile(path) as archive:
            part = main_part(archive)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError):
        return "zip"  # a damaged zip: the reader for its extension reports the damage
    if part is None:
        return "zip"
    if part.startswith("word/"):
        return "docx"
    if part.startswith("xl/"):
        return "xlsx"
    return "zip"


def _text_kind(start: bytes) -> Kind:
    if start.startswith(b"%PDF"):
        return "pdf"
    if start.startswith(b"{\\rtf"):
        return "rtf"
    body = start.removeprefix(b"\xef\xbb\xbf")
    if HTML_START.match(body):
        return "html"
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _utf16_kind(start)
    if b"\x00" in start:
        return "binary"
    for encoding in ("utf-8", "gb18030"):
        try:
            start.decode(encoding)
        except UnicodeDecodeError as exc:
            if exc.start >= len(start) - 4:  # a character cut off by the 4 KB window
                return "text"
            continue
        return "text"
    return "binary"


def _utf16_kind(start: bytes) -> Kind:
    """Text saved as UTF-16 with a BOM (Word's “Unicode” text export), or binary."""
    even = start[: len(start) // 2 * 2]
    try:
        text = even.decode("utf-16")
    except UnicodeDecodeError as exc:
        return "text" if exc.start >= len(even) - 4 else "binary"  # a pair cut off at 4 KB
    body = text.lstrip()
    if body[:20].lower().startswith(("<html", "<!doctype html", "<table")):
        return "html"
    return "binary" if "\x00" in text else "text"


def main_part(archive: zipfile.ZipFile) -> str | None:
    """The package's main part (``word/document.xml``, ``xl/workbook.xml``…), or None."""
    names = set(archive.namelist())
    if "_rels/.rels" in names:
        rels = archive.read("_rels/.rels")
        match = OFFICE_DOCUMENT_REL.search(rels)
        if match:
            target = (match.group(1) or match.group(2)).decode("utf-8", "replace")
            if target in names:
                return target
    for candidate in ("word/document.xml", "xl/workbook.xml"):
        if candidate in names:
            return candidate
    return None


def with_zip_limits(
    limits: ReadLimits,
    max_uncompressed: int | None = None,
    max_ratio: float | None = None,
    ratio_min_member: int | None = None,
) -> ReadLimits:
    """``limits`` with the zip-bomb limits the readers also take as keyword arguments."""
    return with_overrides(
        limits,
        max_uncompressed_bytes=max_uncompressed,
        max_compression_ratio=max_ratio,
        ratio_min_member_bytes=ratio_min_member,
    )


def cannot_open(name: str, exc: OSError) -> UnreadableFileError:
    """The error for a file that the system would not open or read."""
    return UnreadableFileError(f"无法打开文件：{exc.strerror or exc}", file=name)


def read_file_bytes(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> bytes:
    """The whole file at ``path``, once :func:`check_file_size` has let it through."""
    check_file_size(path, limits)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise cannot_open(path.name, exc) from exc


def check_count(
    count: int,
    limits: ReadLimits,
    field: str,
    what: str,
    unit: str,
    *,
    file: str,
    table: int | None = None,
) -> None:
    """Refuse ``count`` beyond ``limits.<field>``.

    The message reads ``{what}（{count} {unit}，上限 {limit} {unit}）``.
    """
    limit = getattr(limits, field)
    if count > limit:
        message = f"{what}（{count} {unit}，上限 {limit} {unit}）"
        raise refused(message, field, file=file, table=table)


def check_file_size(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> None:
    """Refuse a file larger than ``limits.max_file_bytes`` before reading it."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise cannot_open(path.name, exc) from exc
    if size > limits.max_file_bytes:
        raise UnreadableFileError(
            f"文件过大（{size_text(size)}，上限 {size_text(limits.max_file_bytes)}），"
            "为安全起见拒绝读取",
            file=path.name,
            hint="正常的绩效目标表不会这么大；如确需读取，请调高 ReadLimits.max_file_bytes",
        )


def check_package(
    archive: zipfile.ZipFile,
    name: str,
    *,
    max_uncompressed: int = MAX_UNCOMPRESSED_BYTES,
    max_ratio: float = MAX_COMPRESSION_RATIO,
    ratio_min_member: int = RATIO_MIN_MEMBER_BYTES,
    scan_xml: bool = False,
) -> None:
    """Refuse a package that would decompress to too much data, before parsing it.

    With ``scan_xml`` the start of every XML part is also searched for a DTD.
    """
    infos = archive.infolist()
    total = sum(info.file_size for info in infos)
    if total > max_uncompressed:
        raise UnreadableFileError(
            f"文件解压后过大（{size_text(total)}，上限 {size_text(max_uncompressed)}），"
            "为安全起见拒绝读取",
            file=name,
            hint="请确认文件来源；正常的绩效目标表不会这么大",
        )
    for info in infos:
        if info.file_size <= ratio_min_member:
            continue
        ratio = info.file_size / info.compress_size if info.compress_size else float("inf")
        if ratio > max_ratio:
            raise UnreadableFileError(
                f"文件中的“{info.filename}”压缩比异常（{ratio:.0f} 倍，上限 {max_ratio:g} 倍），"
                "疑似压缩炸弹，为安全起见拒绝读取",
                file=name,
                hint="请确认文件来源",
            )
    if scan_xml:
        for info in infos:
            if info.filename.endswith((".xml", ".rels")):
                refuse_dtd(read_prolog(archive, info), name, info.filename)


def read_prolog(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The first :data:`PROLOG_SCAN_BYTES` of a member, decompressed."""
    with archive.open(info) as member:
        return member.read(PROLOG_SCAN_BYTES)


def refuse_dtd(data: bytes, name: str, part: str) -> None:
    """Raise when XML ``data`` (a part's beginning or whole) declares a DTD or entities."""
    if any(marker in data for marker in DTD_MARKERS):
        raise UnreadableFileError(
            f"文件中的“{part}”含有 DTD/实体声明（正常的 Office 文件没有），为安全起见拒绝读取",
            file=name,
            hint="请确认文件来源，或在 Word/Excel 中打开后另存",
        )


def parse_xml(data: bytes, name: str, part: str) -> etree._Element:
    """Parse one XML part with :data:`SAFE_PARSER`; damage becomes UnreadableFileError."""
    try:
        try:
            root = etree.fromstring(data, SAFE_PARSER)
        except etree.XMLSyntaxError as exc:
            if "text node too long" not in str(exc).lower():
                raise
            # one very long text (a pasted essay): parsed, then cut at max_cell_chars by
            # the reader (cell_truncated); the part's size is already bounded by the zip limits
            root = etree.fromstring(data, LONG_TEXT_PARSER)
    except etree.XMLSyntaxError as exc:
        if "excessive depth" in str(exc).lower():  # libxml2's limit of 256 levels
            raise UnreadableFileError(
                f"文件中的“{part}”层层嵌套过深（超过 XML 解析器的 256 层上限），为安全起见拒绝读取",
                file=name,
                hint="正常的 Office 文件不会这样嵌套；请确认文件来源",
            ) from exc
        raise UnreadableFileError(
            f"文件内容已损坏（{part} 不是完整的 XML）",
            file=name,
            hint="请在 Word/Excel 中打开并另存后再试",
        ) from exc
    if root.getroottree().docinfo.internalDTD is not None:
        refuse_dtd(b"<!DOCTYPE", name, part)
    return root
