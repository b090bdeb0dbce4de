"""Reading a written .docx table straight from its XML (shared by the Word writer tests)."""

from __future__ import annotations

from docx.oxml.ns import qn


def tc_text(tc) -> str:
    """Cell text as Word shows it: paragraphs and w:br line breaks become newlines."""
    lines = []
    for p in tc.iter(qn("w:p")):
        parts = []
        for el in p.iter(qn("w:t"), qn("w:br")):
            parts.append(el.text or "" if el.tag == qn("w:t") else "\n")
        lines.append("".join(parts))
    return "\n".join(lines)


def xml_grid(table) -> list[list[tuple[str, int, str | None]]]:
    """Each row as (text, gridSpan, vMerge) per w:tc, straight from the XML."""
    rows = []
    for tr in table._tbl.tr_lst:
        row = []
        for tc in tr.tc_lst:
            tc_pr = tc.tcPr
            span = tc_pr.find(qn("w:gridSpan")) if tc_pr is not None else None
            vmerge = tc_pr.find(qn("w:vMerge")) if tc_pr is not None else None
            row.append(
                (
                    tc_text(tc),
                    int(span.get(qn("w:val"))) if span is not None else 1,
                    None if vmerge is None else (vmerge.get(qn("w:val")) or "continue"),
                )
            )
        rows.append(row)
    return rows
