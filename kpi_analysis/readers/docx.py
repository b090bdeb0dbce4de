"""Reader for Word documents (.docx): body paragraphs and tables straight from the XML.

The main document part is parsed once with lxml (no entity expansion, no DTD, no network)
and its body walked in order:

- ``w:p`` → :class:`Paragraph` (runs' ``w:t``; ``w:tab`` → TAB; ``w:br``/``w:cr`` → line
  break; empty paragraphs skipped). For a paragraph, ``Source.line`` is its number among
  the body's paragraphs.
- ``w:tbl`` → :class:`Table`. One :class:`Cell` per ``w:tc``: ``w:gridSpan`` gives
  ``col_span``; ``w:vMerge="restart"`` starts a vertical merge whose ``row_span`` counts
  the continuation cells below; a continuation (``w:vMerge`` without ``restart``) becomes
  an empty cell with ``continued=True``. ``w:gridBefore``/``w:gridAfter`` become empty
  filler cells spanning the skipped grid columns. ``Source.col`` is the logical grid
  column (1-based), so sources name the same column on every row.
- Cell text is the cell's paragraphs joined with line breaks. A table nested in a cell is
  not part of the cell's text: it becomes its own :class:`Table` right after its parent
  (table numbers continue in document order).
- Content controls (``w:sdt``), ``w:customXml`` and hyperlinks are unwrapped; fields
  keep their displayed result (not their code); tracked insertions are kept, tracked
  deletions (and rows deleted with change tracking) are dropped. Headers, footers, text
  boxes, drawings and embedded objects are ignored.
- Check-box symbols inserted with ``w:sym`` (Wingdings) become ☑ / □ / ✓ / ☒.
- A file whose body is only an embedded HTML/RTF chunk (``w:altChunk``, written by some
  reporting systems and converted by Word on opening) is refused with a hint to re-save.
- Text in text boxes and shapes is not part of the grid; each text box holding text
  becomes a ``text_box_ignored`` note (a finding after :func:`kpi_analysis.load`).

**Limits** (:class:`~kpi_analysis.readers.limits.ReadLimits`): the package is checked for zip
bombs before it is decompressed; after parsing, the numbers of tables and cells and the
depth of table nesting are counted in C (XPath) before any cell object is built, and a
table with too many rows is refused before its cells are built. A cell or paragraph longer
than ``max_cell_chars`` is cut there with a ``cell_truncated`` note.

python-docx's ``row.cells`` is not used: it repeats a merged cell on every row it covers.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from lxml import etree

from kpi_analysis.errors import UnreadableFileError
from kpi_analysis.readers.grid import Cell, Document, Paragraph, Source, Table
from kpi_analysis.readers.limits import DEFAULT_LIMITS, ReadLimits, bounded_text, refused
from kpi_analysis.readers.package import checked_main_part, checked_path, damaged, unopenable
from kpi_analysis.readers.sniff import PROLOG_SCAN_BYTES, parse_xml, refuse_dtd

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
W_BODY, W_P, W_R = W + "body", W + "p", W + "r"
W_TBL, W_TR, W_TC, W_TRPR = (W + t for t in ("tbl", "tr", "tc", "trPr"))
W_SDT, W_SDTCONTENT, W_CUSTOMXML = W + "sdt", W + "sdtContent", W + "customXml"
W_GRIDSPAN, W_VMERGE, W_HMERGE = W + "gridSpan", W + "vMerge", W + "hMerge"
W_GRIDBEFORE, W_GRIDAFTER, W_VAL = W + "gridBefore", W + "gridAfter", W + "val"
W_DEL, W_MOVEFROM, W_SYM = W + "del", W + "moveFrom", W + "sym"
W_CHAR, W_FONT, W_ALTCHUNK = W + "char", W + "font", W + "altChunk"
W_TXBXCONTENT = W + "txbxContent"
W_VANISH, W_RPR = W + "vanish", W + "rPr"
#: ``w:val`` values that switch a toggle property such as ``w:vanish`` off
OFF = frozenset(("0", "false", "off"))
MC_FALLBACK = MC + "Fallback"
NS = {"w": W[1:-1]}
WRAPPERS = (W_SDT, W_CUSTOMXML)
#: Elements whose text is not running text (drawings and text boxes, field codes, ruby
#: guides, deleted text outside a w:del).
DROPPED = tuple(
    W + t
    for t in ("drawing", "pict", "object", "instrText", "delText", "delInstrText", "fldData", "rt")
) + (MC + "AlternateContent",)
#: Tracked changes of table properties: the spans and merges a table had before an edit.
OLD_PROPERTIES = (W + "tcPrChange", W + "trPrChange")
#: The markup of a table row the fast row reader looks at, in document order.
ROW_MARKUP = (W_TC, W_GRIDSPAN, W_VMERGE, W_HMERGE, W_GRIDBEFORE, W_GRIDAFTER)
#: Run content that stands for a character.
CHARACTERS = {
    W + "tab": "\t",
    W + "ptab": "\t",
    W + "br": "\n",
    W + "cr": "\n",
    W + "noBreakHyphen": "-",
    W + "softHyphen": "",
}

#: Symbol-font characters used for check boxes in forms, by (font family, code point).
SYMBOLS = {
    ("wingdings", 0xFE): "☑",
    ("wingdings", 0xFD): "☒",
    ("wingdings", 0xFC): "✓",
    ("wingdings", 0xA8): "□",
    ("wingdings", 0x6F): "□",
    ("wingdings 2", 0x52): "☑",
    ("wingdings 2", 0x54): "☒",
    ("wingdings 2", 0x50): "✓",
    ("wingdings 2", 0xA3): "□",
    ("wingdings 2", 0x2A): "□",
}


def read_docx(
    path: str | Path,
    *,
    limits: ReadLimits = DEFAULT_LIMITS,
    max_uncompressed: int | None = None,
    max_ratio: float | None = None,
    ratio_min_member: int | None = None,
) -> Document:
    """Read a .docx file into a :class:`Document` of paragraphs and tables.

    ``limits`` bound the file (see :mod:`kpi_analysis.readers.limits`); the other keyword
    arguments override its zip-bomb limits (as in
    :func:`~kpi_analysis.readers.sniff.check_package`).
    """
    path, limits = checked_path(path, limits, max_uncompressed, max_ratio, ratio_min_member)
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            part = checked_main_part(archive, name, limits)
            if part is None or not part.startswith("word/"):
                raise UnreadableFileError(
                    "文件不是 Word 文档（压缩包中没有 word/document.xml）",
                    file=name,
                    hint="请确认文件是用 Word/WPS 保存的 .docx",
                )
            data = archive.read(part)
    except UnreadableFileError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, ValueError) as exc:
        # RuntimeError: an encrypted or unsupported zip member (NotImplementedError)
        raise damaged(name, ".docx", "Word") from exc
    except OSError as exc:
        raise unopenable(name, exc) from exc
    refuse_dtd(data[:PROLOG_SCAN_BYTES], name, part)
    root = parse_xml(data, name, part)
    body = root.find(W_BODY)
    if body is None:
        raise UnreadableFileError("Word 文档中没有正文（w:body）", file=name)
    doc = parse_body(body, name, limits)
    if not doc.tables and body.find(W_ALTCHUNK) is not None:
        raise UnreadableFileError(
            "文档正文是嵌入的网页/RTF 片段（altChunk），Word 打开时才会转换，无法直接读取",
            file=name,
            hint="请在 Word/WPS 中打开后另存为 .docx 再读取",
        )
    return doc


def parse_body(body: etree._Element, name: str, limits: ReadLimits = DEFAULT_LIMITS) -> Document:
    """Turn a ``w:body`` element into a :class:`Document` (``name`` goes into sources)."""
    check_structure(body, name, limits)
    boxes: list[str] = []
    hidden: list[str] = []
    walker = _Walker(name, prepare(body, boxes, hidden), limits)
    for texts, code, message, severity in (
        (
            hidden,
            "hidden_text",
            "隐藏文字（w:vanish）打印和显示时都看不到，未读入单元格或段落，仅作记录",
            "warning",
        ),
        (boxes, "text_box_ignored", "文本框/图形中的文字未读取（不属于表格）", "info"),
    ):
        for text in texts:
            walker.doc.note(name, code, message, severity=severity, text=text[:200])
    walker.blocks_of(body)
    return walker.doc


def check_structure(body: etree._Element, name: str, limits: ReadLimits) -> None:
    """Refuse a body with too many tables or cells or too deeply nested tables.

    Counted with XPath (in C) before any cell is built, so a hostile file costs little.
    """
    tables = int(body.xpath("count(.//w:tbl)", namespaces=NS))
    if tables > limits.max_tables:
        raise refused(
            f"文件中的表格过多（{tables} 个，上限 {limits.max_tables} 个）", "max_tables", file=name
        )
    cells = int(body.xpath("count(.//w:tc)", namespaces=NS))
    if cells > limits.max_cells:
        raise refused(
            f"文件中的单元格过多（{cells} 个，上限 {limits.max_cells} 个）", "max_cells", file=name
        )
    too_deep = ".//w:tbl" + "//w:tbl" * limits.max_nesting_depth
    if tables > limits.max_nesting_depth and body.xpath(f"boolean({too_deep})", namespaces=NS):
        raise UnreadableFileError(
            f"表格嵌套层数过深（超过 {limits.max_nesting_depth} 层），为安全起见拒绝读取",
            file=name,
            hint="正常的绩效目标表不会多层嵌套表格；请在 Word 中检查文件",
        )


def prepare(
    body: etree._Element, boxes: list[str] | None = None, hidden: list[str] | None = None
) -> set[etree._Element]:
    """Leave only running text as XML text in ``body``, so a paragraph's text is its string.

    Drops drawings, field codes, tracked deletions (rows deleted with change tracking
    too) and the old spans and merges of tracked property changes, gives tabs, line
    breaks and symbols their character as text and ends every paragraph with a line break
    (as its tail), so that the string of a table cell is its paragraphs joined by line
    breaks. Returns the cells that hold a nested table; the text
    of each dropped text box that holds text is appended to ``boxes``. Runs hidden with
    ``w:vanish`` are dropped too; the text of each (not deleted anyway) goes to ``hidden``.
    """
    if boxes is not None:
        for box in body.iter(W_TXBXCONTENT):
            if any(a.tag == MC_FALLBACK for a in box.iterancestors()):
                continue  # the same text box again, for programs without DrawingML
            text = " ".join(etree.tostring(box, method="text", encoding=str).split())
            if text:
                boxes.append(text)
    doomed = []
    nests = set()
    tags = (W_P, W_TBL, W_DEL, W_MOVEFROM, W_SYM, W_VANISH, *DROPPED, *OLD_PROPERTIES)
    for el in body.iter(*tags, *CHARACTERS):
        tag = el.tag
        if tag == W_P:
            el.tail = "\n"
            continue
        if tag == W_VANISH:
            _hide(el, doomed, hidden)
            continue
        if tag == W_TBL:
            holder = next(el.iterancestors(W_TC), None)
            if holder is not None:
                nests.add(holder)
            continue
        parent = el.getparent()
        if tag in CHARACTERS:
            if parent.tag == W_R:  # not a tab stop definition in w:pPr
                el.text = CHARACTERS[tag]
        elif tag == W_SYM:
            el.text = _symbol(el)
        elif tag in (W_DEL, W_MOVEFROM) and parent.tag == W_TRPR:
            doomed.append(parent.getparent())  # a table row deleted with change tracking
        elif tag in (W_DEL, W_MOVEFROM) and parent.tag.endswith("Pr"):
            continue  # a property marking a paragraph mark or a run as changed
        else:
            doomed.append(el)
    for el in doomed:
        parent = el.getparent()
        if parent is not None:
            parent.remove(el)
    return nests


def _hide(vanish: etree._Element, doomed: list, hidden: list[str] | None) -> None:
    """Drop the run a ``w:vanish`` (switched on) belongs to; note its text in ``hidden``."""
    props = vanish.getparent()
    run = props.getparent() if props is not None and props.tag == W_RPR else None
    if run is None or run.tag != W_R or vanish.get(W_VAL, "1").lower() in OFF:
        return  # a paragraph mark's property, or switched off
    doomed.append(run)
    text = etree.tostring(run, method="text", encoding=str).strip()
    deleted = any(a.tag in (W_DEL, W_MOVEFROM) for a in run.iterancestors())
    if hidden is not None and text and not deleted:
        hidden.append(text)


def paragraph_text(p: etree._Element) -> str:
    """The text of one ``w:p`` after :func:`prepare`."""
    return etree.tostring(p, method="text", encoding=str, with_tail=False)


def _symbol(el: etree._Element) -> str:
    try:
        code = int(el.get(W_CHAR, ""), 16)
    except ValueError:
        return ""
    if code >= 0xF000:
        code -= 0xF000
    return SYMBOLS.get(((el.get(W_FONT) or "").lower(), code), "")


def _int_val(el: etree._Element) -> int:
    try:
        return int(el.get(W_VAL, "1"))
    except ValueError:
        return 0


class _Walker:
    """Walks body content in document order, numbering paragraphs and tables."""

    def __init__(
        self, name: str, nests: set[etree._Element], limits: ReadLimits = DEFAULT_LIMITS
    ) -> None:
        self.name = name
        self.nests = nests
        self.limits = limits
        self.doc = Document(path=name)
        self.paragraphs = 0
        self.tables = 0

    def blocks_of(self, container: etree._Element) -> None:
        for child in container:
            tag = child.tag
            if tag == W_P:
                self.paragraphs += 1
                text = paragraph_text(child).strip()
                if text:
                    source = Source(file=self.name, line=self.paragraphs)
                    text = self._bounded(text, source)
                    self.doc.blocks.append(Paragraph(text=text, source=source))
            elif tag == W_TBL:
                self.table(child)
            elif tag in WRAPPERS:
                self.blocks_of(_content(child))

    def table(self, tbl: etree._Element) -> None:
        self.tables += 1
        table = Table(index=self.tables)
        self.doc.blocks.append(table)
        nested: list[etree._Element] = []
        trs = list(_children(tbl, W_TR))
        if len(trs) > self.limits.max_rows_per_table:
            raise refused(
                f"表格行数过多（{len(trs)} 行，上限 {self.limits.max_rows_per_table} 行）",
                "max_rows_per_table",
                file=self.name,
                table=table.index,
            )
        table.rows = self._cells(self._rows(trs, nested), table.index)
        for inner in nested:
            self.table(inner)

    def _rows(self, trs: list[etree._Element], nested: list[etree._Element]) -> list[list[list]]:
        """Raw cells of each row: [col, span, merge, text]; merge ∈ '', 'restart', 'continue'.

        One pass over each row's cells and span/merge properties (filtered in C, looking
        through content controls), without visiting the other markup. A cell that holds a
        nested table keeps its own paragraphs as text; the nested table is collected into
        ``nested`` and its markup is skipped here.
        """
        nests = self.nests
        rows = []
        for tr in trs:
            cells: list[list] = []
            cell: list = []
            after = 0
            holds_nest = False
            for el in tr.iter(*ROW_MARKUP):
                if holds_nest and _in_nested_table(el, tr):
                    continue
                tag = el.tag
                if tag == W_TC:
                    if el in nests:
                        holds_nest = True
                        text = "\n".join(self._cell_texts(el, nested))
                    else:
                        text = etree.tostring(el, method="text", encoding=str, with_tail=False)
                        if text.endswith("\n"):
                            text = text[:-1]  # the last paragraph's tail
                    cell = [0, 1, "", text, False]
                    cells.append(cell)
                elif tag == W_GRIDSPAN:
                    cell[1] = max(_int_val(el), 1)
                elif tag == W_VMERGE:
                    cell[2] = "restart" if el.get(W_VAL) == "restart" else "continue"
                elif tag == W_HMERGE:
                    cell[4] = el.get(W_VAL) != "restart"
                elif tag == W_GRIDBEFORE:
                    if _int_val(el) > 0:
                        cells.append([0, _int_val(el), "", "", False])
                else:
                    after = _int_val(el)
            raw: list[list] = []
            col = 1
            for item in cells:
                if item[4] and raw:
                    raw[-1][1] += item[1]  # legacy horizontal merge: widen the cell on the left
                    col += item[1]
                    continue
                raw.append([col, item[1], item[2], item[3]])
                col += item[1]
            if after > 0:
                raw.append([col, after, "", ""])
            rows.append(raw)
        return rows

    def _cell_texts(self, container: etree._Element, nested: list[etree._Element]) -> list[str]:
        """Paragraph texts of a cell that holds a nested table (collected into ``nested``)."""
        texts: list[str] = []
        for child in _content(container) if container.tag in WRAPPERS else container:
            if child.tag == W_P:
                texts.append(paragraph_text(child))
            elif child.tag == W_TBL:
                nested.append(child)
            elif child.tag in WRAPPERS:
                texts.extend(self._cell_texts(child, nested))
        return texts

    def _cells(self, raw_rows: list[list[list]], index: int) -> list[list[Cell]]:
        """Build the cells, resolving vertical merges (row spans, continuations) on the way.

        A merge opened by ``restart`` stays open in its column while the rows below continue
        it; its cell gets its row span when the merge closes. A continuation with nothing
        open above it starts afresh (a plain cell).
        """
        rows: list[list[Cell]] = []
        name = self.name
        max_chars = self.limits.max_cell_chars
        open_merges: dict[int, list[int]] = {}  # column → [row index, cell index, rows spanned]
        new = tuple.__new__
        for r, raw in enumerate(raw_rows, start=1):
            row: list[Cell] = []
            merged_here: set[int] = set()
            for col, span, merge, text in raw:
                # the package's hottest loop: build the named tuples without their Python-level
                # __new__ (same fields, same types; see kpi_analysis.readers.grid)
                source = new(Source, (name, index, r, col, None, None, None, None))
                if len(text) > max_chars:
                    text = self._bounded(text, source)
                if merge == "continue" and col in open_merges:
                    open_merges[col][2] += 1
                    merged_here.add(col)
                    row.append(new(Cell, ("", source, 1, span, True)))
                    continue
                if merge == "restart":
                    self._close_merge(rows, open_merges.pop(col, None))
                    open_merges[col] = [r - 1, len(row), 1]
                    merged_here.add(col)
                row.append(new(Cell, (text, source, 1, span, False)))
            rows.append(row)
            for col in [c for c in open_merges if c not in merged_here]:
                self._close_merge(rows, open_merges.pop(col))
        for merge in open_merges.values():
            self._close_merge(rows, merge)
        return rows

    @staticmethod
    def _close_merge(rows: list[list[Cell]], merge: list[int] | None) -> None:
        """Give the cell that opened a vertical merge the number of rows it spans."""
        if merge is not None and merge[2] > 1:
            r, i, spanned = merge
            rows[r][i] = rows[r][i]._replace(row_span=spanned)

    def _bounded(self, text: str, source: Source) -> str:
        """``text`` cut at ``max_cell_chars``, with a note when it was longer."""
        return bounded_text(self.doc, text, source, self.limits.max_cell_chars)


def _content(wrapper: etree._Element) -> etree._Element:
    """The content of a content control (``w:sdtContent``) or of a ``w:customXml``."""
    if wrapper.tag == W_SDT:
        content = wrapper.find(W_SDTCONTENT)
        return content if content is not None else etree.Element("empty")
    return wrapper


def _children(parent: etree._Element, tag: str):
    """Children with ``tag``, looking through content controls and custom XML wrappers."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in WRAPPERS:
            yield from _children(_content(child), tag)


def _in_nested_table(el: etree._Element, tr: etree._Element) -> bool:
    """True when ``el`` belongs to a table nested in a cell of the row ``tr``."""
    for ancestor in el.iterancestors():
        if ancestor is tr:
            return False
        if ancestor.tag == W_TBL:
            return True
    return False
