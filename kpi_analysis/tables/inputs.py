"""Sort mixed inputs by what they are: target documents, 自评表, actuals workbooks."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from kpi_analysis.errors import KpiError
from kpi_analysis.forms.selfeval.document import document_kinds
from kpi_analysis.readers.grid import Document
from kpi_analysis.tables.actuals import Actuals, is_actuals_workbook, load_actuals
from kpi_analysis.tables.selfeval import SelfEval, selfeval_from_documents
from kpi_analysis.tables.targets import Dataset, input_files, load_documents, read_guarded

#: Findings that leave an actuals workbook without any indicator row to score.
UNUSABLE = ("file_unreadable", "sheet_missing", "header_missing")


@dataclass
class Inputs:
    """The inputs of one run, sorted by kind."""

    targets: Dataset | None = None
    actuals: list[Actuals] = field(default_factory=list)
    selfeval: SelfEval | None = None
    problems: list[str] = field(default_factory=list)  # files that could not be used
    #: (copy, kept) pairs of files with identical content: each copy was not read again.
    duplicates: list[tuple[Path, Path]] = field(default_factory=list)


def file_digest(path: Path) -> str:
    """SHA-256 of a file's content."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def drop_duplicates(files: list[Path]) -> tuple[list[Path], list[tuple[Path, Path]]]:
    """Files with identical content (same SHA-256) kept once, in order; the (copy, kept) pairs.

    The one rule for every command (``extract``, ``review``, ``score``, ``report``); a file
    that cannot be opened is kept, for its reader to report.
    """
    seen: dict[str, Path] = {}
    kept: list[Path] = []
    copies: list[tuple[Path, Path]] = []
    for path in files:
        try:
            key = file_digest(path)
        except OSError:  # unreadable: let the reader report it
            kept.append(path)
            continue
        if key in seen:
            copies.append((path, seen[key]))
        else:
            seen[key] = path
            kept.append(path)
    return kept, copies


def duplicate_notes(copies: list[tuple[Path, Path]]) -> list[str]:
    """The Chinese notes naming each copy and the file kept."""
    return [f"{copy} 与 {kept} 内容相同，只读取一次" for copy, kept in copies]


def read_inputs(paths: list[Path], *, strict: bool = False) -> Inputs:
    """Read and sort the inputs: actuals workbooks, self-evaluation forms, target documents.

    A file that cannot be read, or holds none of the three, is listed in ``problems`` (with
    ``strict`` the first one raises :class:`~kpi_analysis.errors.KpiError`). Files with
    identical content are read once (:func:`drop_duplicates`); the copies are in
    ``duplicates``.
    """
    out = Inputs()
    documents: list[Document] = []
    target_docs: list[tuple[Path, Document]] = []
    names = input_files(paths)
    files, out.duplicates = drop_duplicates(list(names))
    for path in files:
        if is_actuals_workbook(path):
            book = load_actuals(path, strict=strict)
            failed = book.findings[book.findings["code"].isin(UNUSABLE)]
            out.problems += [f"{path.name}: {m}" for m in failed["message"]]
            if book.indicators_actuals.empty and not failed.empty:
                continue  # no 绩效指标 sheet (or no header): nothing of it can be scored
            out.actuals.append(book)
            continue
        try:
            doc = read_guarded(path, name=names[path])
        except KpiError as error:
            if strict:
                raise
            out.problems.append(f"{names[path]}: {error.message}")
            continue
        kinds = document_kinds(doc)
        if "selfeval" in kinds:
            documents.append(doc)
        if "target" in kinds:
            target_docs.append((path, doc))
        if not kinds:
            out.problems.append(f"{names[path]}: 文件中没有绩效目标表或绩效自评表")
    if target_docs:
        targets = load_documents(target_docs, strict=strict)
        out.targets = targets if not targets.projects.empty else None
    if documents:
        out.selfeval = selfeval_from_documents(documents)
    return out
