"""Interpret a whole document of 项目支出绩效自评表: one form per titled table.

A table starts a new form when it (or the paragraphs above it) carries a 自评表 title, or
when it has the header rows only self-evaluation forms have and holds a project name. A
following table without title or project name that still has self-evaluation headers (a
form split by a page break) continues the form before it; so does a following table with no
title, project name or header at all whose rows bear out the rest of an indicator block
(:meth:`~kpi_analysis.forms.selfeval.form.SelfEvalForm.continue_headless`). Every other table
is reported, not dropped; every non-empty cell is accounted for.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kpi_analysis.forms.cells import script_folded
from kpi_analysis.forms.document import is_target_form, report_whole_table
from kpi_analysis.forms.recorder import Recorder
from kpi_analysis.forms.segments import form_blocks, is_form_title
from kpi_analysis.forms.selfeval.form import (
    SelfEvalForm,
    SelfEvalRecords,
    field_name,
    header_shortfall,
    is_selfeval_form,
    is_selfeval_title_in,
)
from kpi_analysis.readers.grid import Document, Paragraph, Table


@dataclass
class SelfEvalDocument:
    """The forms of one document and the recorder's bookkeeping."""

    path: str
    forms: list[SelfEvalRecords] = field(default_factory=list)
    recorder: Recorder = field(default_factory=Recorder)


def _has_project_name(table: Table) -> bool:
    return any(field_name(c.text) == "project" for c in table.cells()[:40] if not c.is_empty)


def _untitled(table: Table, paragraphs: list[Paragraph]) -> bool:
    """True for a table that may continue the form before it: no form title above or in it,
    no project name, no target-form header."""
    titled = is_selfeval_title_in(table, paragraphs) or any(
        is_form_title(p.text) for p in paragraphs
    )
    return not (titled or _has_project_name(table) or is_target_form(table))


def interpret_selfeval_document(doc: Document) -> SelfEvalDocument:
    """Interpret every 自评表 in ``doc``; other tables and stray paragraphs are reported."""
    doc = script_folded(doc)  # traditional and pinyin-annotated copies read the same
    out = SelfEvalDocument(path=doc.path)
    rec = out.recorder
    paragraphs: list[Paragraph] = []
    current: SelfEvalForm | None = None
    unit: str | None = None  # a paragraph's 单位：元 holds for the later forms too
    for block in form_blocks(doc.blocks):  # forms stacked in one table: one per segment
        if isinstance(block, Paragraph):
            paragraphs.append(block)
            continue
        looks = is_selfeval_form(block, paragraphs)
        titled = looks and is_selfeval_title_in(block, paragraphs)
        if titled or (looks and (_has_project_name(block) or current is None)):
            if current is not None:
                out.forms.append(current.finish())
            current = SelfEvalForm(rec, paragraphs, doc.path, amount_unit=unit)
            current.ordinal = len(out.forms) + 1
            current.read_table(block)
        elif looks and current is not None:
            current.read_paragraphs(paragraphs)
            current.read_table(block)
        elif (
            current is not None
            and _untitled(block, paragraphs)
            and current.continue_headless(block)
        ):
            current.read_paragraphs(paragraphs)
        else:
            shortfall = header_shortfall(block)
            report_whole_table(
                rec,
                block,
                doc.path,
                "table_not_a_selfeval_form",
                f"该表格不是项目支出绩效自评表（{shortfall}），未读取"
                if shortfall
                else "该表格不是项目支出绩效自评表，未读取",
                severity="warning",
            )
            for paragraph in paragraphs:
                _unused(rec, paragraph)
        paragraphs = []
        if current is not None:
            unit = current.paragraph_unit
    if current is not None:
        out.forms.append(current.finish())
    for paragraph in paragraphs:
        _unused(rec, paragraph)
    rec.account(doc.non_empty_cells())
    return out


def _unused(rec: Recorder, paragraph: Paragraph) -> None:
    rec.report(
        paragraph.source,
        "paragraph_not_used",
        "段落未使用",
        severity="info",
        text=paragraph.text,
    )
    rec.paragraph(paragraph, "reported")


def document_kinds(doc: Document) -> set[str]:
    """Which forms ``doc`` holds: ``selfeval`` and/or ``target`` (empty: neither)."""
    kinds: set[str] = set()
    paragraphs: list[Paragraph] = []
    for block in form_blocks(script_folded(doc).blocks):
        if isinstance(block, Paragraph):
            paragraphs.append(block)
            continue
        if is_selfeval_form(block, paragraphs):
            kinds.add("selfeval")
        elif is_target_form(block):
            kinds.add("target")
        paragraphs = []
    return kinds
