"""Interpret a whole document: pair each form table with the paragraphs before it."""

from __future__ import annotations

from dataclasses import dataclass, field

from kpi_analysis.forms.cells import script_folded
from kpi_analysis.forms.context import context_kind, paragraph_place
from kpi_analysis.forms.fields import names_project
from kpi_analysis.forms.funding import classify, funding_lines
from kpi_analysis.forms.narrative import Narrative, account_names, interpret_narrative
from kpi_analysis.forms.recorder import Recorder
from kpi_analysis.forms.segments import form_blocks
from kpi_analysis.forms.selfeval.form import is_selfeval_form
from kpi_analysis.forms.targets.columns import header_shortfall, is_header
from kpi_analysis.forms.targets.form import (
    TargetFormInterpreter,
    is_generic_goal_label,
    is_goal_label,
)
from kpi_analysis.forms.targets.listing import ListingFormInterpreter, listing_columns
from kpi_analysis.forms.targets.outline import OutlineFormInterpreter, outline_columns
from kpi_analysis.forms.targets.summary import split_summary
from kpi_analysis.readers.grid import Document, Paragraph, Source, Table
from kpi_analysis.text.formats import ACTUALS_FORMAT_ID
from kpi_analysis.text.vocabulary import label_key

NO_YEARS = (None, None)


@dataclass
class DocumentRecords:
    """Tidy records of every form in one document, plus the recorder's bookkeeping."""

    projects: list[dict[str, object]] = field(default_factory=list)
    funding: list[dict[str, object]] = field(default_factory=list)
    goals: list[dict[str, object]] = field(default_factory=list)
    indicators: list[dict[str, object]] = field(default_factory=list)
    recorder: Recorder = field(default_factory=Recorder)


def is_own_workbook(doc: Document) -> bool:
    """True for workbooks this package writes for other purposes (the actuals workbook)."""
    return any(
        ACTUALS_FORMAT_ID in c.text and c.text.strip() == ACTUALS_FORMAT_ID
        for table in doc.tables
        for row in table.rows
        for c in row
    )


def table_ref(source: Source) -> str:
    """``file#table=N`` (with the sheet for Excel) for a finding about a whole table."""
    return str(Source(file=source.file, table=source.table, sheet=source.sheet))


def report_whole_table(
    rec: Recorder, table: Table, path: str, code: str, message: str, *, severity: str = "info"
) -> None:
    """One finding for ``table`` as a whole, pointing at its table (or ``path`` when empty)."""
    first = next((c for c in table.cells() if not c.is_empty), None)
    where = table_ref(first.source) if first is not None else path
    rec.report_table(table.cells(), where, code, message, severity=severity)


def is_target_form(table: Table) -> bool:
    """True when the table carries the labels of a 绩效目标表.

    That is an indicator header row, or a project-name label together with a funding or
    goal label.
    """
    if any(is_header(row) for row in table.rows):
        return True
    cells = [c for c in table.cells() if not c.is_empty]
    keys = {label_key(c.text) for c in cells}
    has_name = names_project(cells)
    has_body = any(classify(k) is not None for k in keys) or any(
        is_goal_label(c.text) or is_generic_goal_label(c.text) or funding_lines(c.text)
        for c in cells
    )
    return has_name and has_body


def _many_forms(
    block: Table, paragraphs: list[Paragraph], rec: Recorder
) -> list[TargetFormInterpreter] | None:
    """The projects of a table holding one per row group: an outline tree (names with a value
    column) or a department's project list (goals in one cell); None for any other table."""
    outline = outline_columns(block)
    if outline is not None:
        narrative = interpret_narrative(paragraphs, rec)
        return OutlineFormInterpreter(block, outline, narrative, rec).run_outline()
    listing = listing_columns(block)
    if listing is not None:
        narrative = interpret_narrative(paragraphs, rec)
        return ListingFormInterpreter(block, listing, narrative, rec).run_listing()
    return None


def _add_form(
    out: DocumentRecords,
    block: Table,
    narrative: Narrative,
    forms: int,
    path: str,
    form: TargetFormInterpreter | None = None,
) -> None:
    """Interpret one form table (or take the finished ``form``) and append its records."""
    if form is None:
        form = TargetFormInterpreter(block, narrative, out.recorder)
        records = form.run()
    else:
        records = form.records
    account_names(narrative, str(records.project["project"] or ""), out.recorder)
    project_no = narrative.project_no or forms
    keys = {"project_no": project_no, "project": records.project["project"]}
    table_source = str(block.rows[0][0].source) if block.rows and block.rows[0] else path
    out.projects.append({"source": table_source, **keys, **records.project})
    for kind in ("funding", "goals", "indicators"):
        rows = getattr(records, kind)  # this form's own records: completed in place
        for row in rows:
            row.update(keys)
            row["year_start"], row["year_end"] = form.years.get(str(row["period"]), NO_YEARS)
        getattr(out, kind).extend(rows)


def paragraphs_of(doc: Document) -> list[Paragraph]:
    """The paragraphs outside the tables, in order."""
    return [b for b in doc.blocks if isinstance(b, Paragraph)]


def account_loose(rec: Recorder, paragraphs: list[Paragraph], where: str) -> None:
    """Paragraphs no form reads (``where`` says which, in Chinese): framing ones (titles,
    units, notes, page furniture) are context, the rest is reported (``paragraph_not_used``)."""
    for paragraph in paragraphs:
        if rec.has_role(paragraph):
            continue
        if context_kind(paragraph.text):
            rec.paragraph(paragraph, "context")
            continue
        rec.report(
            paragraph.source,
            "paragraph_not_used",
            f"{paragraph_place(paragraph.source)}：{where}的段落未对应任何表格，仅作记录",
            severity="info",
            text=paragraph.text.strip(),
        )
        rec.paragraph(paragraph, "reported")


def _between_pages(paragraphs: list[Paragraph]) -> bool:
    """True when nothing but page furniture (blank lines, page numbers, 续表) stands between
    two tables: the second may continue the first across a page break."""
    return all(
        not p.text.strip()
        or context_kind(p.text) == "页眉页脚"
        or label_key(p.text).strip("()（）") == "续表"
        for p in paragraphs
    )


def interpret_document(doc: Document) -> DocumentRecords:
    """Interpret every 绩效目标表 in ``doc``; everything else is reported, not dropped."""
    doc = script_folded(doc)  # traditional and pinyin-annotated copies read the same
    out = DocumentRecords()
    rec = out.recorder
    paragraphs: list[Paragraph] = []
    forms = 0
    if is_own_workbook(doc):
        rec.report_table(
            doc.non_empty_cells(),
            doc.path,
            "not_a_target_document",
            "这是本工具生成的实际完成情况填报表，不是绩效目标表；请用 load_actuals 读取",
        )
        for paragraph in paragraphs_of(doc):
            rec.paragraph(paragraph, "context")  # its own headings, read by load_actuals
        return out
    pending: tuple[TargetFormInterpreter, Table, Narrative, int] | None = None

    def finish_pending() -> None:
        nonlocal pending
        if pending is not None:
            form, table, narrative, number = pending
            form.finish()
            _add_form(out, table, narrative, number, doc.path, form)
            pending = None

    for block in form_blocks(doc.blocks):  # forms stacked in one table: one per segment
        if isinstance(block, Paragraph):
            paragraphs.append(block)
            continue
        if pending is not None and _between_pages(paragraphs) and pending[0].continue_table(block):
            for paragraph in paragraphs:
                rec.paragraph(paragraph, "context")
            paragraphs = []
            continue  # a page break split the form: its indicator block goes on
        finish_pending()
        if is_selfeval_form(block, paragraphs):
            report_whole_table(
                rec,
                block,
                doc.path,
                "selfeval_form",
                "这是项目支出绩效自评表，不是绩效目标表；请用 load_selfeval 读取",
            )
            for paragraph in paragraphs:  # its title and headings, read by load_selfeval
                rec.paragraph(paragraph, "context")
            paragraphs = []
            continue
        target = is_target_form(block)  # decided once per table
        parts = None if target else _many_forms(block, paragraphs, rec)
        if parts is not None:  # an outline tree or a project list: one form per project
            paragraphs = []
            for part in parts:
                forms += 1
                _add_form(out, block, part.narrative, forms, doc.path, part)
            continue
        if not target:
            shortfall = header_shortfall(block.rows)
            report_whole_table(
                rec,
                block,
                doc.path,
                "table_not_a_form",
                f"该表格不是绩效目标表（{shortfall}），未读取"
                if shortfall
                else "该表格不是绩效目标表，未读取",
                severity="warning",
            )
            continue
        narrative = interpret_narrative(paragraphs, rec)
        paragraphs = []
        summary = split_summary(block)
        if summary is not None:
            if summary.orphans:
                rec.report_table(
                    summary.orphans,
                    table_ref(summary.orphans[0].source),
                    "summary_subtotal",
                    "汇总表中不属于任何项目的行（如部门合计），未计入项目",
                )
            for part in summary.forms:
                forms += 1
                _add_form(
                    out,
                    part,
                    narrative
                    if part is summary.forms[0]
                    else Narrative(amount_unit=narrative.amount_unit),
                    forms,
                    doc.path,
                )
            continue
        forms += 1
        form = TargetFormInterpreter(block, narrative, rec)
        form.start()
        form.read_rows(block.rows)  # finished when the next table does not continue it
        pending = (form, block, narrative, forms)
    finish_pending()
    account_loose(rec, paragraphs, "表格之后")
    account_loose(rec, paragraphs_of(doc), "表格之间")  # anything a narrative left without a role
    rec.account(doc.non_empty_cells())
    return out
