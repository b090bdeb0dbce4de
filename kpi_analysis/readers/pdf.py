"""Reader for born-digital PDF files (a form printed to PDF from Word, WPS or Excel).

Pages are read with pdfplumber (pdfminer.six underneath); nothing is rendered and no OCR
is done:

- **Tables** come from the ruling lines (``find_tables`` with the ``lines`` strategy). The
  cells' edges give the table's grid: a cell spanning several grid columns or rows is a
  merged cell (``col_span``/``row_span``), as the geometry shows it, never guessed from
  repeated text (see :mod:`~kpi_analysis.readers.spans`).
- **Cell text**: each character goes to the cell that holds its centre; characters are
  grouped into lines by position. A line that runs to the cell's right edge was wrapped by
  the layout and joins the next line (with a space only between Latin letters or digits);
  a line ending earlier ended a paragraph, so a line break follows.
- **Tables over pages**: a table that ends a page and a table that starts the next page with
  the same column edges are one table; a repeated header row (the first rows of the table
  again) is dropped.
- **Page headers and footers**: lines above or below every table in the top or bottom
  margin that are page numbers (``— 1 —``, ``第 1 页``, ``1/3``) or repeat on every page are
  not read; other text outside tables becomes paragraphs (titles, notes).
- ``Source`` names ``page``, ``table``, ``row`` and ``col`` (``f.pdf#page=3,table=1,row=12,col=2``);
  rows are numbered through the whole table, so a table running over pages keeps counting.

A PDF without any text (a scan) is refused with a message that OCR is needed; an encrypted
PDF that needs a password, a truncated or damaged PDF are refused with a clear message.
**Limits**: ``max_pages``, ``max_tables``, ``max_rows_per_table``, ``max_cells`` (cells and
characters) and ``max_cell_chars`` of :class:`~kpi_analysis.readers.limits.ReadLimits`.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kpi_analysis.errors import UnreadableFileError
from kpi_analysis.readers.grid import Document, Paragraph, Source
from kpi_analysis.readers.limits import DEFAULT_LIMITS, ReadLimits, bounded_text, refused
from kpi_analysis.readers.sniff import check_file_size
from kpi_analysis.readers.spans import Placed, table_from_spans

EDGE_TOLERANCE = 2.0  # points: edges closer than this are the same grid line
MARGIN_SHARE = 0.1  # top and bottom tenth of a page: where headers and footers sit
PAGE_NUMBER = re.compile(
    r"^[\s\-—–－_·•]*(第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d+|[-—–－]+\s*\d+\s*[-—–－]+"
    r"|page\s*\d+(\s*of\s*\d+)?)[\s\-—–－_·•]*$",
    re.I,
)
LATIN = re.compile(r"[A-Za-z0-9]")
#: Characters a line breaks between only at spaces or hyphens (not CJK, which breaks anywhere).
LATIN_WORD = re.compile(r"[\x21-\x7e\u00a0-\u024f]")
#: A line starting like this starts a new paragraph: （1） 1. 一、 第一条
LIST_ITEM = re.compile(
    r"^\s*([（(]\s*[0-9一二三四五六七八九十]+\s*[）)]|[0-9]+[.．、]|[一二三四五六七八九十]+、|第.{1,4}[章节条])"
)
#: Punctuation that may not start a line: Word and WPS carry the character before it down
#: with it (kinsoku), so the line above ends up to a character and a half short.
NO_LINE_START = frozenset("，。、；：？！）》」』”’〕】〗］｝〉")
#: Punctuation that may not end a line: an opening bracket goes down with the word after it.
NO_LINE_END = frozenset("（《「『“‘〔【〖［｛〈")
EOF_MARKER = b"%%EOF"
TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


@dataclass
class _Line:
    """A line of characters: its text and box."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    #: Width of the line's first word (a run of non-CJK characters, or one CJK character):
    #: had it fitted at the end of the line before, the layout would have put it there.
    first_word: float = 0.0
    #: Left edges of the line's pieces separated by a wide gap (columns, when laid out as a
    #: table without ruling lines).
    starts: tuple[float, ...] = ()


@dataclass
class _PageTable:
    """One table found on a page: its cells on its own rows, with their x edges."""

    page: int
    top: float
    bottom: float
    xs: list[float]
    #: (row, col, rows, cols, box) of each cell found (0-based on the part's own grid)
    spans: list[tuple[int, int, int, int, tuple]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # each span's text
    #: for each span: its text runs to the cell's bottom edge (a cell a page break cut)
    full: list[bool] = field(default_factory=list)
    #: for each span: … and its last line runs to the right edge (the text goes on)
    open_end: list[bool] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return max(r + n for r, _, n, _, _ in self.spans)

    def placed(
        self, xs: list[float]
    ) -> tuple[list[Placed], set[tuple[int, int]], set[tuple[int, int]]]:
        """The part's cells placed on the columns ``xs`` (the whole table's x edges), and
        the (row, col) of those whose text runs to their bottom edge (and goes on)."""
        out = []
        full, open_end = set(), set()
        for (r, _, rows, _, box), text, runs_on, goes_on in zip(
            self.spans, self.texts, self.full, self.open_end, strict=True
        ):
            c0, c1 = _index(xs, box[0]), _index(xs, box[2])
            out.append(Placed(r, c0, rows, max(c1 - c0, 1), text))
            if runs_on:
                full.add((r, c0))
            if goes_on:
                open_end.add((r, c0))
        return sorted(out), full, open_end


def read_pdf(path: str | Path, *, limits: ReadLimits = DEFAULT_LIMITS) -> Document:
    """Read a born-digital PDF into a :class:`Document` (see the module docstring)."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    path = Path(path)
    check_file_size(path, limits)
    name = path.name
    try:
        with path.open("rb") as handle:
            handle.seek(max(0, path.stat().st_size - 2048))
            tail = handle.read()
    except OSError as exc:
        raise UnreadableFileError(f"无法打开文件：{exc.strerror or exc}", file=name) from exc
    if EOF_MARKER not in tail:
        raise _damaged(name, "PDF 文件不完整（被截断，没有文件结束标记）")
    try:
        with pdfplumber.open(path) as pdf:
            if len(pdf.pages) > limits.max_pages:
                raise refused(
                    f"PDF 页数过多（{len(pdf.pages)} 页，上限 {limits.max_pages} 页）",
                    "max_pages",
                    file=name,
                )
            pages = [
                _read_page(page, number, name, limits)
                for number, page in enumerate(pdf.pages, start=1)
            ]
    except UnreadableFileError:
        raise
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise UnreadableFileError(
            "PDF 文件已加密（需要密码才能打开），无法读取",
            file=name,
            hint="请向发布单位索取未加密的文件，或用密码打开后另存为未加密的 PDF",
        ) from exc
    except Exception as exc:  # pdfminer raises many kinds (PSEOF, PDFSyntaxError, KeyError…)
        if "password" in str(exc).lower() or "encrypt" in type(exc).__name__.lower():
            raise UnreadableFileError(
                "PDF 文件已加密（需要密码才能打开），无法读取",
                file=name,
                hint="请向发布单位索取未加密的文件",
            ) from exc
        raise _damaged(name, f"PDF 文件已损坏，无法解析（{type(exc).__name__}）") from exc
    if not any(page.chars for page in pages):
        raise UnreadableFileError(
            "PDF 中没有文字层（可能是扫描件或图片），需要先做文字识别（OCR）才能读取",
            file=name,
            hint="本工具不做 OCR；请向发布单位索取 Word/Excel 原件，或用 OCR 软件识别后另存为 Word",
        )
    return _assemble(name, pages, limits)


def _damaged(name: str, message: str) -> UnreadableFileError:
    return UnreadableFileError(
        message, file=name, hint="可能是下载不完整；请重新获取文件，或提供 Word/Excel 原件"
    )


@dataclass
class _Page:
    number: int
    height: float
    chars: int
    tables: list[_PageTable]
    lines: list[_Line]  # text outside tables
    width: float = 0.0


def _read_page(page, number: int, name: str, limits: ReadLimits) -> _Page:
    chars = [c for c in page.chars if c.get("text")]  # rotated (vertical) text included
    if len(chars) > limits.max_cells:
        raise refused(
            f"PDF 第 {number} 页的字符过多（{len(chars)} 个，上限 {limits.max_cells} 个）",
            "max_cells",
            file=name,
        )
    found = page.find_tables(TABLE_SETTINGS) if chars else []
    tables: list[_PageTable] = []
    owners: list[tuple[_PageTable, list[float], list[float], dict, list]] = []
    for table in sorted(found, key=lambda t: t.bbox[1]):
        boxes = [cell for cell in table.cells if cell]
        if not boxes:
            continue
        xs = _edges([b[0] for b in boxes] + [b[2] for b in boxes])
        ys = _edges([b[1] for b in boxes] + [b[3] for b in boxes])
        owner: dict[tuple[int, int], int] = {}
        spans: list[tuple[int, int, int, int, tuple]] = []
        for box in boxes:
            c0, c1 = _index(xs, box[0]), _index(xs, box[2])
            r0, r1 = _index(ys, box[1]), _index(ys, box[3])
            if c1 <= c0 or r1 <= r0:
                continue
            for r in range(r0, r1):
                for c in range(c0, c1):
                    owner.setdefault((r, c), len(spans))
            spans.append((r0, c0, r1 - r0, c1 - c0, box))
        buckets: list[list[dict]] = [[] for _ in spans]
        page_table = _PageTable(number, table.bbox[1], table.bbox[3], xs, spans=spans)
        tables.append(page_table)
        owners.append((page_table, xs, ys, owner, buckets))
    outside: list[dict] = []
    for char in chars:
        cx = (char["x0"] + char["x1"]) / 2
        cy = (char["top"] + char["bottom"]) / 2
        for _, xs, ys, owner, buckets in owners:
            if xs[0] <= cx <= xs[-1] and ys[0] <= cy <= ys[-1]:
                key = (bisect.bisect_right(ys, cy) - 1, bisect.bisect_right(xs, cx) - 1)
                slot = owner.get(key)
                if slot is not None:
                    buckets[slot].append(char)
                break
        else:
            outside.append(char)
    for page_table, _, _, _, buckets in owners:
        for (_, _, _, _, box), bucket in zip(page_table.spans, buckets, strict=True):
            lines = _lines(bucket)
            page_table.texts.append(_cell_text(lines, box[0], box[2]))
            full = bool(lines) and box[3] - lines[-1].bottom < 1.5 * lines[-1].size
            page_table.full.append(full)
            page_table.open_end.append(full and _wrapped(lines, lines[-1], box[0], box[2]))
    return _Page(number, float(page.height), len(chars), tables, _lines(outside), float(page.width))


def _edges(values: list[float]) -> list[float]:
    """Distinct edge positions, merging those within :data:`EDGE_TOLERANCE`."""
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > EDGE_TOLERANCE:
            edges.append(value)
    return edges


def _index(edges: list[float], value: float) -> int:
    """The index of the edge nearest ``value``."""
    i = bisect.bisect_left(edges, value)
    if i == len(edges) or (i > 0 and value - edges[i - 1] < edges[i] - value):
        i -= 1
    return i


def _lines(chars: list[dict]) -> list[_Line]:
    """Characters grouped into lines (top to bottom), each line's characters left to right."""
    rows: list[list[dict]] = []
    for char in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        size = char["bottom"] - char["top"]
        if rows:
            last = rows[-1]
            mid = (last[0]["top"] + last[0]["bottom"]) / 2
            if abs((char["top"] + char["bottom"]) / 2 - mid) <= max(size, 1.0) * 0.5:
                last.append(char)
                continue
        rows.append([char])
    lines = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        parts: list[str] = []
        starts: list[float] = []
        previous = None
        for char in row:
            size = char["bottom"] - char["top"]
            gap = previous is not None and char["x0"] - previous["x1"] > size * 0.9
            if gap and parts and parts[-1] != " " and char["text"] != " ":
                parts.append(" ")
            if (previous is None or gap) and not char["text"].isspace():
                starts.append(char["x0"])
            parts.append(char["text"])
            previous = char
        text = "".join(parts).strip()
        if text:
            lines.append(
                _Line(
                    text,
                    min(c["x0"] for c in row),
                    max(c["x1"] for c in row),
                    min(c["top"] for c in row),
                    max(c["bottom"] for c in row),
                    max(c["bottom"] - c["top"] for c in row),
                    _first_word_width(row),
                    tuple(starts),
                )
            )
    return lines


def _first_word_width(row: list[dict]) -> float:
    """The width of the first word of a line's characters (sorted left to right): a run of
    non-CJK characters or one CJK character, with the opening brackets before it and the
    punctuation after it that the layout keeps with it (``〔2018〕``, ``任。``)."""
    texts = [c["text"] for c in row]
    at = next((i for i, text in enumerate(texts) if not text.isspace()), None)
    if at is None:
        return 0.0
    end = at
    while end + 1 < len(texts) and texts[end] in NO_LINE_END and not texts[end + 1].isspace():
        end += 1
    if LATIN_WORD.match(texts[end]):
        while end + 1 < len(texts) and LATIN_WORD.match(texts[end + 1]):
            end += 1
    while end + 1 < len(texts) and texts[end + 1] in NO_LINE_START:
        end += 1
    return row[end]["x1"] - row[at]["x0"]


def _cell_text(lines: list[_Line], left: float, right: float) -> str:
    """Join a cell's lines: wrapped lines run on, lines ending short end a paragraph."""
    if not lines:
        return ""
    parts = [lines[0].text]
    for before, after in zip(lines, lines[1:], strict=False):
        wrapped = _wrapped(lines, before, left, right, after)
        parts.append(_joint(before.text, after.text, wrapped))
        parts.append(after.text)
    return "".join(parts)


def _wrapped(
    lines: list[_Line], line: _Line, left: float, right: float, after: _Line | None = None
) -> bool:
    """True when ``line`` runs to the right edge of its cell (the layout wrapped it), or when
    the first word of the line ``after`` it would not have fitted in the room left (a long
    number such as ``2024.01`` after ``2023.07-`` goes to the next line whole)."""
    padding = min(max(min(each.x0 for each in lines) - left, 0.0), 8.0)
    if line.x1 + 2 * line.size >= right - padding:
        return True
    return after is not None and line.x1 + after.first_word > right - padding


def _joint(before: str, after: str, wrapped: bool) -> str:
    """What goes between two lines of a cell: nothing, a space, or a line break."""
    if not wrapped:
        return "\n"
    if before and after and LATIN.match(before[-1]) and LATIN.match(after[0]):
        return " "
    return ""


def _assemble(name: str, pages: list[_Page], limits: ReadLimits) -> Document:
    """Paragraphs and tables of all pages in order, tables joined across page breaks."""
    furniture = _page_furniture(pages)
    doc = Document(path=name)
    blocks: list[tuple[str, object]] = []  # ("line", (page, _Line)) / ("table", _PageTable)
    for page in pages:
        items: list[tuple[float, str, object]] = []
        for line in page.lines:
            if _is_furniture(line, page, furniture):
                continue
            items.append((line.top, "line", (page.number, line)))
        for table in page.tables:
            items.append((table.top, "table", table))
        items.sort(key=lambda item: item[0])
        blocks.extend((kind, value) for _, kind, value in items)
    groups: list[tuple[str, object]] = []
    for kind, value in blocks:
        if kind == "table" and groups and groups[-1][0] == "tables":
            previous: list[_PageTable] = groups[-1][1]  # type: ignore[assignment]
            if _continues(previous[-1], value):  # type: ignore[arg-type]
                previous.append(value)  # type: ignore[arg-type]
                continue
        groups.append(("tables", [value]) if kind == "table" else (kind, value))
    paragraphs = 0
    pending: list[tuple[int, _Line]] = []
    lefts = [line.x0 for page in pages for line in page.lines]
    lefts += [table.xs[0] for page in pages for table in page.tables]
    rights = [line.x1 for page in pages for line in page.lines]
    rights += [table.xs[-1] for page in pages for table in page.tables]
    left = min(lefts, default=0.0)
    # the text's right edge: the widest line or table, or the page mirrored at the left margin
    # (Word and WPS lay pages out with equal side margins); the margin is where the text lines
    # start: a table stands out of it by its cells' padding
    margin = min((line.x0 for page in pages for line in page.lines), default=left)
    margins = (left, max([*rights, *(page.width - margin for page in pages)], default=0.0))

    def flush() -> None:
        nonlocal paragraphs
        _note_column_layout(doc, name, pending)
        for text, page_no in _paragraphs(pending, *margins):
            paragraphs += 1
            source = Source(file=name, line=paragraphs, page=page_no)
            text = bounded_text(doc, text, source, limits.max_cell_chars)
            doc.blocks.append(Paragraph(text=text, source=source))
        pending.clear()

    for kind, value in groups:
        if kind == "line":
            pending.append(value)  # type: ignore[arg-type]
            continue
        flush()
        _add_table(doc, name, value, limits)  # type: ignore[arg-type]
    flush()
    return doc


def _paragraphs(lines: list[tuple[int, _Line]], left: float, right: float) -> list[tuple[str, int]]:
    """Lines outside tables as paragraphs: a line reaching the right edge of the text (the
    widest line or table, from ``left`` to ``right``) runs on into a next line that starts at
    the left edge (a line whose last character was carried down with punctuation that may not
    start a line stops shorter, and so does one where the next line's first word did not fit:
    ``…（卫基层秘 / 〔2018〕 410号）``); centred title lines (each its own paragraph in Word)
    do not."""
    out: list[tuple[str, int]] = []
    previous: _Line | None = None
    for page_no, line in lines:
        carried = len(line.text) > 1 and line.text[1] in NO_LINE_START
        run_on = (
            previous is not None
            and (
                previous.x1 + (3.5 if carried else 2) * previous.size >= right
                or previous.x1 + line.first_word > right  # its first word did not fit
            )
            and len(previous.text) > 10
            and line.x0 <= left + 1.5 * line.size
        )
        if run_on and out and not LIST_ITEM.match(line.text):
            text, first_page = out[-1]
            out[-1] = (text + line.text, first_page)
        else:
            out.append((line.text, page_no))
        previous = line
    return out


#: Fewest consecutive lines with pieces starting at the same two or more positions that make
#: text look like a table without ruling lines.
COLUMN_LAYOUT_MIN_LINES = 3


def _note_column_layout(doc: Document, name: str, lines: list[tuple[int, _Line]]) -> None:
    """Note text laid out in columns without ruling lines (a table drawn by text positions
    only): it is read as paragraphs, one per line, so the reader says so instead of
    passing its rows off as text. One note per run of such lines."""
    run: list[tuple[int, _Line]] = []

    def close() -> None:
        if len(run) >= COLUMN_LAYOUT_MIN_LINES:
            page_no, first = run[0]
            doc.note(
                Source(file=name, page=page_no),
                "pdf_table_without_lines",
                f"第 {page_no} 页有 {len(run)} 行文字按列对齐排列（像没有表格线的表格），"
                "未能作为表格读取，已按段落逐行读入",
                severity="warning",
                text=first.text[:200],
            )
        run.clear()

    for page_no, line in lines:
        if len(line.starts) >= 2 and (
            not run or (run[-1][0] == page_no and _aligned(run[-1][1], line))
        ):
            run.append((page_no, line))
            continue
        close()
        if len(line.starts) >= 2:
            run.append((page_no, line))
    close()


def _aligned(above: _Line, line: _Line) -> bool:
    """True when two lines share two or more piece starts (within half a character)."""
    tolerance = max(min(above.size, line.size) * 0.5, 1.0)
    shared = sum(any(abs(a - b) <= tolerance for b in line.starts) for a in above.starts)
    return shared >= 2


def _page_furniture(pages: list[_Page]) -> set[str]:
    """Texts in the top/bottom margin that repeat on every page (digits ignored)."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:
        seen = {_digitless(line.text) for line in page.lines if _in_margin(line, page)}
        counts.update(seen)
    return {text for text, n in counts.items() if n == len(pages)}


def _digitless(text: str) -> str:
    return re.sub(r"\d+", "#", text.replace(" ", ""))


def _in_margin(line: _Line, page: _Page) -> bool:
    return line.bottom <= page.height * MARGIN_SHARE or line.top >= page.height * (1 - MARGIN_SHARE)


def _is_furniture(line: _Line, page: _Page, furniture: set[str]) -> bool:
    if not _in_margin(line, page):
        return False
    above = all(line.bottom <= t.top for t in page.tables)
    below = all(line.top >= t.bottom for t in page.tables)
    if not (above or below):
        return False
    return bool(PAGE_NUMBER.match(line.text)) or _digitless(line.text) in furniture


def _continues(before: _PageTable, after: _PageTable) -> bool:
    """True when ``after`` starts the next page with ``before``'s outer edges."""
    if after.page != before.page + 1:
        return False
    tolerance = EDGE_TOLERANCE * 2
    return (
        abs(after.xs[0] - before.xs[0]) <= tolerance
        and abs(after.xs[-1] - before.xs[-1]) <= tolerance
    )


def _add_table(doc: Document, name: str, parts: list[_PageTable], limits: ReadLimits) -> None:
    """Join a table's page parts and add it to ``doc``.

    A repeated header (the table's first rows again at the top of a page) is dropped; a
    vertical merge cut by the page break is joined again (see :func:`_join_cut_merges`).
    """
    index = len(doc.tables) + 1
    if index > limits.max_tables:
        raise refused(f"PDF 中的表格过多（超过 {limits.max_tables} 个）", "max_tables", file=name)
    xs = _edges([x for part in parts for x in part.xs])
    placed: list[Placed] = []
    row_pages: list[int] = []
    header: list[list[tuple[int, str]]] = []
    full: set[tuple[int, int]] = set()  # cells of the previous part that run to its bottom
    open_end: set[tuple[int, int]] = set()  # … and whose text goes on
    for n, part in enumerate(parts):
        cells, part_full, part_open = part.placed(xs)
        rows = part.rows
        by_row = [[(c.col, c.text) for c in cells if c.row == r] for r in range(rows)]
        skip = 0
        if n == 0:
            header = by_row[:3]
        else:
            while (
                skip < min(len(header), rows - 1)
                and any(text for _, text in header[skip])
                and by_row[skip] == header[skip]
            ):
                skip += 1
        offset = len(row_pages)
        if n > 0 and skip < rows - 1 and _split_row(placed, cells, skip, offset, open_end):
            skip += 1
        shifted = [c._replace(row=c.row - skip + offset) for c in cells if c.row >= skip]
        if n > 0:
            shifted = _join_cut_merges(placed, shifted, offset, full)
        placed.extend(shifted)
        full = {(r - skip + offset, c) for r, c in part_full}
        open_end = {(r - skip + offset, c) for r, c in part_open}
        row_pages.extend([part.page] * (rows - skip))
    if len(row_pages) > limits.max_rows_per_table:
        raise refused(
            f"PDF 中的表格行数过多（{len(row_pages)} 行，上限 {limits.max_rows_per_table} 行）",
            "max_rows_per_table",
            file=name,
            table=index,
        )
    if len(placed) + sum(len(t.cells()) for t in doc.tables) > limits.max_cells:
        raise refused(f"PDF 中的单元格过多（超过 {limits.max_cells} 个）", "max_cells", file=name)
    for i, cell in enumerate(placed):
        if len(cell.text) > limits.max_cell_chars:
            source = Source(name, table=index, row=cell.row + 1, col=cell.col + 1)
            placed[i] = cell._replace(
                text=bounded_text(doc, cell.text, source, limits.max_cell_chars)
            )
    last = len(row_pages) - 1
    table = table_from_spans(
        index,
        placed,
        lambda r, c: Source(
            file=name, table=index, row=r + 1, col=c + 1, page=row_pages[min(r, last)]
        ),
    )
    doc.blocks.append(table)


def _split_row(
    before: list[Placed],
    cells: list[Placed],
    row: int,
    first: int,
    open_end: set[tuple[int, int]],
) -> bool:
    """Join a row that a page break split (its text going on at the top of the next page)
    into the row above the break; True when it was one.

    ``row`` is the part's first row after any repeated header; it continues the row above
    when every cell of it holding text lies under a cell whose text runs to the page break
    and to its right edge (``open_end``).
    """
    above = {(c.col, c.col_span): i for i, c in enumerate(before) if c.row + c.row_span == first}
    head = [c for c in cells if c.row == row]
    filled = [c for c in head if c.text]
    if not filled or any(c.row_span > 1 for c in head):
        return False
    targets = []
    for cell in filled:
        i = above.get((cell.col, cell.col_span))
        if i is None or (before[i].row, before[i].col) not in open_end:
            return False
        targets.append((i, cell))
    for i, cell in targets:
        upper = before[i]
        before[i] = upper._replace(
            text=upper.text + _joint(upper.text, cell.text, True) + cell.text
        )
    return True


def _join_cut_merges(
    before: list[Placed], after: list[Placed], first: int, full: set[tuple[int, int]]
) -> list[Placed]:
    """Join vertical merges that a page break cut in two; return ``after`` without the
    cells joined into ``before`` (which is changed in place).

    A cell on the first row of a page (row ``first``) continues the cell above it when both
    have the same columns, the cell above reaches the page break and holds text, and either
    the cell below is empty in a *label column* (one with vertical merges elsewhere in the
    table, or whose left neighbour continues too), or the text above runs to the page break
    (``full``) and both are vertical text (one character per line, as in 总/体/目 | 标).
    """
    label_cols = {(c.col, c.col_span) for c in before + after if c.row_span > 1}
    above = {(c.col, c.col_span): i for i, c in enumerate(before) if c.row + c.row_span == first}
    kept = []
    joined: set[int] = set()  # columns where a joined cell ends
    for cell in sorted(after, key=lambda c: (c.row, c.col)):
        key = (cell.col, cell.col_span)
        i = above.get(key)
        if cell.row == first and i is not None and before[i].text:
            upper = before[i]
            label = key in label_cols or cell.col in joined
            cut = (upper.row, upper.col) in full
            # vertical text needs two lines above the break: a lone character (a score "2")
            # is no evidence of a label written one character per line
            vertical = cut and "\n" in upper.text.strip() and _vertical(upper.text)
            vertical = vertical and _vertical(cell.text)
            if (not cell.text and label) or vertical:
                text = upper.text + ("\n" + cell.text if cell.text else "")
                before[i] = upper._replace(row_span=upper.row_span + cell.row_span, text=text)
                joined.add(cell.col + cell.col_span)
                continue
        kept.append(cell)
    return kept


def _vertical(text: str) -> bool:
    """True for text written one character per line."""
    lines = text.split("\n")
    return bool(text) and all(len(line.strip()) == 1 for line in lines)
