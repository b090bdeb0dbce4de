"""Reader for web pages (.html/.htm, and MHTML “single file web pages” .mht/.mhtml).

Budget units publish their forms as web pages, often a Word table saved as HTML and often
GBK-encoded; reporting systems export HTML tables under an ``.xls`` name. The page is
parsed with lxml's HTML parser (never fetching anything: no network, no external entities,
no DTD, no frames or images):

- **Charset**: a BOM, then the MIME part's charset (MHTML), then ``<meta charset>`` /
  ``<meta http-equiv="Content-Type" content="…; charset=…">``, then detection (UTF-8, else
  GB18030). GBK/GB2312 are read as GB18030 (their superset).
- **MHTML**: the first ``text/html`` part (quoted-printable or base64) is the page.
- **Tables**: ``<tr>`` of the table itself (also in ``thead``/``tbody``/``tfoot``), ``<td>``
  and ``<th>`` placed on the grid with ``rowspan``/``colspan`` (see
  :mod:`~kpi_analysis.readers.spans`). A table nested in a cell becomes its own table right
  after its parent; a *layout* table (one that holds other tables and has at most
  :data:`LAYOUT_MAX_COLS` columns, as many government pages are built) is not a table: its
  text becomes paragraphs and its nested tables are the tables.
- **Text**: ``<br>`` and block elements (``<p>``, ``<div>``, ``<li>``…) inside a cell are line
  breaks; other white space collapses to one space as a browser shows it; ``&nbsp;`` and
  U+3000 are spaces. Text outside tables (titles, headings, notes) becomes paragraphs.
  ``<script>``, ``<style>``, ``<head>`` and comments are ignored.
- ``Source`` names ``table``, ``row`` and ``col`` (1-based grid positions); a paragraph's
  ``line`` is its number among the page's paragraphs.

**Limits**: tables, cells, nesting depth and grid positions (spans) are counted before any
cell is built; a page without any table is refused (it is not a form, or the form is an
attachment to download).
"""

from __future__ import annotations

import codecs
import email
import email.policy
import re
from pathlib import Path

from lxml import etree

from kpi_analysis.errors import UnreadableFileError
from kpi_analysis.readers.grid import Document, Paragraph, Source
from kpi_analysis.readers.limits import DEFAULT_LIMITS, ReadLimits, bounded_text, refused
from kpi_analysis.readers.sniff import check_count, read_file_bytes
from kpi_analysis.readers.spans import Placed, table_from_spans

#: A table that holds other tables and has at most this many columns is page layout.
LAYOUT_MAX_COLS = 3
MAX_COLSPAN = 1000  # the HTML standard's limits
MAX_ROWSPAN = 65534
META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.I)
MIME_START = re.compile(rb"^\s*(mime-version|content-type|from|subject|date)\s*:", re.I)
GB_ALIASES = {"gbk", "gb2312", "gb_2312-80", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"}
BLOCKS = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "nav",
        "aside",
        "address",
        "center",
        "form",
        "fieldset",
        "caption",
        "figure",
        "figcaption",
        "hr",
    ]
)
IGNORED = frozenset(
    ["script", "style", "head", "noscript", "template", "iframe", "frame", "frameset", "object"]
)
#: Source-code line breaks and the indentation around them collapse to one space; runs of
#: plain spaces inside a line are kept (LibreOffice writes a cell's spaces that way).
HTML_BREAK = re.compile(r"[ \t]*[\r\n\f][ \t\r\n\f]*")
HARD_SPACES = str.maketrans({"\xa0": " ", "\u3000": " ", "\t": " "})

PARSER = etree.HTMLParser(
    no_network=True, remove_comments=True, remove_pis=True, huge_tree=False, recover=True
)


def read_html(path: str | Path, *, limits: ReadLimits = DEFAULT_LIMITS) -> Document:
    """Read a web page (HTML or MHTML) into a :class:`Document`."""
    path = Path(path)
    name = path.name
    data = read_file_bytes(path, limits)
    data, declared = _mhtml_page(data, name) if MIME_START.match(data[:200]) else (data, None)
    text = decode_page(data, declared)
    root = _parse(text, name)
    return _PageReader(name, limits).read(root)


def _mhtml_page(data: bytes, name: str) -> tuple[bytes, str | None]:
    """The ``text/html`` part of an MHTML file and its declared charset."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return payload, part.get_content_charset()
    raise UnreadableFileError(
        "MHTML 网页文件中没有 HTML 页面",
        file=name,
        hint="请在浏览器中打开后另存为“网页，仅 HTML”，或提供 Word/Excel 原件",
    )


def decode_page(data: bytes, declared: str | None = None) -> str:
    """The page's text: BOM, then the declared or ``<meta>`` charset, then UTF-8 / GB18030."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")):
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, "replace")
    if data.startswith(codecs.BOM_UTF16_BE):
        return data[2:].decode("utf-16-be", "replace")
    if declared is None:
        match = META_CHARSET.search(data[:8192])
        declared = match.group(1).decode("ascii", "replace") if match else None
    candidates = [_codec(declared)] if declared else []
    candidates += ["utf-8", "gb18030"]
    for encoding in candidates:
        if encoding is None:
            continue
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("gb18030", "replace")


def _codec(label: str) -> str | None:
    label = label.strip().lower()
    if label in GB_ALIASES or label.startswith("gb"):
        return "gb18030"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _parse(text: str, name: str) -> etree._Element:
    text = XML_DECLARATION.sub("", text, count=1).replace("\x00", "")
    if not text.strip():
        raise UnreadableFileError("网页文件没有内容", file=name, hint="请重新获取或重新保存该文件")
    try:
        root = etree.fromstring(text, PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise UnreadableFileError(
            "网页内容无法解析", file=name, hint="请在浏览器或 Word 中打开后另存"
        ) from exc
    if root is None:
        raise UnreadableFileError("网页文件没有内容", file=name, hint="请重新获取或重新保存该文件")
    for element in list(root.iter(*IGNORED)):
        parent = element.getparent()
        if parent is not None:
            _drop(element, parent)
    return root


def _drop(element: etree._Element, parent: etree._Element) -> None:
    """Remove ``element`` and its content, keeping the text that follows it."""
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


class _PageReader:
    """Walks a parsed page in order, collecting paragraphs and tables."""

    def __init__(self, name: str, limits: ReadLimits) -> None:
        self.name = name
        self.limits = limits
        self.doc = Document(path=name)
        self.line: list[str] = []  # inline text of the paragraph being collected
        self.paragraphs = 0
        self.pending: list[etree._Element] = []  # nested tables to add after their parent

    def read(self, root: etree._Element) -> Document:
        self._check(root)
        body = root.find("body")
        self._walk(body if body is not None else root)
        self._flush()
        if not self.doc.tables:
            raise UnreadableFileError(
                "网页中没有表格，不是绩效目标表或自评表",
                file=self.name,
                hint="表格可能在附件中（Word/Excel/PDF），请下载附件后读取",
            )
        return self.doc

    def _check(self, root: etree._Element) -> None:
        limits, name = self.limits, self.name
        tables = int(root.xpath("count(//table)"))
        check_count(tables, limits, "max_tables", "网页中的表格过多", "个", file=name)
        cells = int(root.xpath("count(//td|//th)"))
        check_count(cells, limits, "max_cells", "网页中的单元格过多", "个", file=name)
        leaves = root.xpath("//table[not(.//table)]")
        depth = max((int(t.xpath("count(ancestor-or-self::table)")) for t in leaves), default=0)
        check_count(depth, limits, "max_nesting_depth", "网页中的表格嵌套过深", "层", file=name)

    # -- running text ----------------------------------------------------------------------
    def _walk(self, element: etree._Element) -> None:
        if element.text:
            self.line.append(element.text)
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "table":
                if self._is_layout(child):
                    self._flush()
                    for cell in _own_cells(child):
                        self._walk(cell)
                        self._flush()
                else:
                    self._flush()
                    self._table(child)
            elif tag == "br" or tag in BLOCKS:
                self._flush()
                self._walk(child)
                self._flush()
            else:
                self._walk(child)
            if child.tail:
                self.line.append(child.tail)

    def _flush(self) -> None:
        text = collapse("".join(self.line))
        self.line = []
        if not text:
            return
        self.paragraphs += 1
        source = Source(file=self.name, line=self.paragraphs)
        text = bounded_text(self.doc, text, source, self.limits.max_cell_chars)
        self.doc.blocks.append(Paragraph(text=text, source=source))

    # -- tables ----------------------------------------------------------------------------
    def _is_layout(self, table: etree._Element) -> bool:
        rows = _own_rows(table)
        if not rows or not table.xpath(".//table"):
            return False
        width = max(sum(_span(c, "colspan", MAX_COLSPAN) for c in _row_cells(r)) for r in rows)
        return width <= LAYOUT_MAX_COLS

    def _table(self, element: etree._Element) -> None:
        limits = self.limits
        index = len(self.doc.tables) + 1
        rows = _own_rows(element)
        check_count(
            len(rows), limits, "max_rows_per_table", "网页中的表格行数过多", "行",
            file=self.name, table=index,
        )  # fmt: skip
        placed: list[Placed] = []
        taken: set[tuple[int, int]] = set()
        positions = 0
        nested: list[etree._Element] = []
        for r, row in enumerate(rows):
            c = 0
            for cell in _row_cells(row):
                while (r, c) in taken:
                    c += 1
                col_span = _span(cell, "colspan", MAX_COLSPAN)
                row_span = min(_span(cell, "rowspan", MAX_ROWSPAN, zero=len(rows)), len(rows) - r)
                positions += row_span * col_span
                if positions > limits.max_cells:
                    raise refused(
                        f"网页表格的合并单元格覆盖的位置过多（超过 {limits.max_cells} 个）",
                        "max_cells",
                        file=self.name,
                        table=index,
                    )
                taken.update(
                    (rr, cc) for rr in range(r, r + row_span) for cc in range(c, c + col_span)
                )
                source = Source(file=self.name, table=index, row=r + 1, col=c + 1)
                text = cell_text(cell, nested)
                text = bounded_text(self.doc, text, source, limits.max_cell_chars)
                placed.append(Placed(r, c, row_span, col_span, text))
                c += col_span
        table = table_from_spans(
            index, placed, lambda r, c: Source(file=self.name, table=index, row=r + 1, col=c + 1)
        )
        if table.rows:
            self.doc.blocks.append(table)
        for inner in nested:
            self._table(inner)


def _own_rows(table: etree._Element) -> list[etree._Element]:
    return table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")


def _row_cells(row: etree._Element) -> list[etree._Element]:
    return row.xpath("./td|./th")


def _own_cells(table: etree._Element) -> list[etree._Element]:
    return [cell for row in _own_rows(table) for cell in _row_cells(row)]


def _span(cell: etree._Element, attribute: str, most: int, zero: int = 1) -> int:
    digits = re.match(r"\s*(\d+)", cell.get(attribute) or "")
    if digits is None:
        return 1
    value = int(digits.group(1)[:6])
    if value == 0:
        return max(zero, 1)
    return min(value, most)


def cell_text(cell: etree._Element, nested: list[etree._Element] | None = None) -> str:
    """A cell's text: block elements and ``<br>`` are line breaks, white space collapsed.

    Tables inside the cell are left out (and appended to ``nested``).
    """
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = collapse("".join(current))
        current.clear()
        if text:
            lines.append(text)

    def walk(element: etree._Element) -> None:
        if element.text:
            current.append(element.text)
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "table":
                flush()
                if nested is not None:
                    nested.append(child)
            elif tag == "br" or tag in BLOCKS:
                flush()
                walk(child)
                flush()
            else:
                walk(child)
            if child.tail:
                current.append(child.tail)

    walk(cell)
    flush()
    return "\n".join(lines)


def collapse(text: str) -> str:
    """A text node's white space: line breaks of the source collapse to one space,
    ``&nbsp;``/U+3000/TAB become spaces; the ends are stripped.

    >>> collapse("  项目\\n    名称\\xa0\\xa0甲  乙\\u3000 ")
    '项目 名称  甲  乙'
    """
    return HTML_BREAK.sub(" ", text).translate(HARD_SPACES).strip()
