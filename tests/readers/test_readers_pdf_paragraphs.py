"""PDF paragraphs out of laid-out lines: where a line that stops short of the right margin
still runs on (its next word did not fit), measured on synthetic characters."""

from __future__ import annotations

from kpi_analysis.readers.grid import Paragraph
from kpi_analysis.readers.limits import DEFAULT_LIMITS
from kpi_analysis.readers.pdf import _assemble, _lines, _Page, _PageTable

WIDTH = 300.0  # the page; the text runs from 20 to 280 (equal side margins)
MARGIN = 20.0
SIZE = 10.0


def line_chars(text: str, top: float) -> list[dict]:
    """Characters of a line from the left margin: CJK characters 10 wide, others 6."""
    out, x = [], MARGIN
    for char in text:
        width = 6.0 if char.isascii() else SIZE
        out.append({"text": char, "x0": x, "x1": x + width, "top": top, "bottom": top + SIZE})
        x += width
    return out


def paragraphs(*texts: str) -> list[str]:
    """The paragraphs of a page with these lines, above a table that stands out of the left
    margin by its cells' padding (as Word draws it)."""
    chars = [c for n, text in enumerate(texts) for c in line_chars(text, 20.0 + 12 * n)]
    table = _PageTable(
        page=1,
        top=200.0,
        bottom=220.0,
        xs=[MARGIN - 5, 150.0],
        spans=[(0, 0, 1, 1, (MARGIN - 5, 200.0, 150.0, 220.0))],
        texts=["表"],
        full=[False],
        open_end=[False],
    )
    page = _Page(1, 400.0, len(chars), [table], _lines(chars), WIDTH)
    doc = _assemble("p.pdf", [page], DEFAULT_LIMITS)
    return [b.text for b in doc.blocks if isinstance(b, Paragraph)]


# 22 characters: the line ends at 240, 40 short of the margin (four characters)
SHORT = "根据安徽省卫生健康委员会发的通知文件卫基层秘"


def test_a_line_runs_on_when_the_next_word_with_its_brackets_did_not_fit() -> None:
    # 〔2018〕 is 44 wide: an opening bracket may not end a line, a closing one may not start
    # one, and the digits do not break, so the layout carried it down whole
    assert len(SHORT) == 22
    assert paragraphs(SHORT, "〔2018〕410号）将本县列入试点。") == [
        SHORT + "〔2018〕410号）将本县列入试点。"
    ]


def test_a_line_ends_its_paragraph_when_the_next_word_would_have_fitted() -> None:
    # 〔20〕 is 32 wide and would have fitted in the 40 left: the paragraph ended there
    assert paragraphs(SHORT, "〔20〕号文件另起一段。") == [SHORT, "〔20〕号文件另起一段。"]


def test_a_lone_character_above_a_page_break_is_no_vertical_label() -> None:
    """A score “2” at the bottom of a page and another “2” at the top of the next are two rows'
    values, not one label written a character per line; 总/体 over 目/标 is one label."""
    from kpi_analysis.readers.pdf import _join_cut_merges
    from kpi_analysis.readers.spans import Placed

    before = [Placed(0, 0, 1, 1, "指标17"), Placed(0, 1, 1, 1, "2")]
    after = [Placed(1, 0, 1, 1, "指标18"), Placed(1, 1, 1, 1, "2")]
    kept = _join_cut_merges(before, after, 1, {(0, 1)})
    assert [c.text for c in before] == ["指标17", "2"] and len(kept) == 2
    before = [Placed(0, 0, 1, 1, "总\n体"), Placed(0, 1, 1, 1, "甲")]
    after = [Placed(1, 0, 1, 1, "目\n标"), Placed(1, 1, 1, 1, "乙")]
    kept = _join_cut_merges(before, after, 1, {(0, 0)})
    assert before[0].text == "总\n体\n目\n标" and before[0].row_span == 2
    assert [c.text for c in kept] == ["乙"]
