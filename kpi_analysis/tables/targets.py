"""Load forms into a :class:`Dataset` of tidy tables (the package's main entry point)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pandas as pd

from kpi_analysis.errors import KpiError, UnreadableFileError, raise_strict
from kpi_analysis.forms.document import DocumentRecords, interpret_document
from kpi_analysis.forms.recorder import Recorder, accounting_columns
from kpi_analysis.readers import read_document, supported_suffixes
from kpi_analysis.readers.grid import Document
from kpi_analysis.readers.limits import DEFAULT_LIMITS, ReadLimits
from kpi_analysis.tables import schema
from kpi_analysis.text.grammar import COLUMNS as PARSE_COLUMNS
from kpi_analysis.text.grammar import parse_each

T = TypeVar("T")

TABLE_NAMES = ("projects", "funding", "goals", "indicators", "findings")


@dataclass(frozen=True)
class Dataset:
    """The tidy tables of one or more documents.

    ``cells`` accounts for every non-empty input cell and every paragraph outside the tables
    (role: label, value, context, reported, ignored), so that nothing is lost silently.
    """

    projects: pd.DataFrame
    funding: pd.DataFrame
    goals: pd.DataFrame
    indicators: pd.DataFrame
    findings: pd.DataFrame
    cells: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        """The five user-facing tables by name (without the ``cells`` accounting)."""
        return {name: getattr(self, name) for name in TABLE_NAMES}


def expand_paths(paths: str | Path | Iterable[str | Path]) -> list[Path]:
    """Files to read: files as given, folders walked for supported files (sorted)."""
    return list(input_files(paths))


def input_files(paths: str | Path | Iterable[str | Path]) -> dict[Path, str]:
    """Each file to read (as :func:`expand_paths`) → the name its ``source`` gives it.

    The one rule for every loader: a file found in a folder is named by its POSIX path
    relative to that folder (``甲/表.docx`` and ``乙/表.docx`` are told apart); a file given
    itself is named by its file name.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    files: dict[Path, str] = {}
    for item in paths:
        path = Path(item)
        if path.is_dir():
            for p in sorted(path.rglob("*")):
                if (
                    p.is_file()
                    and p.suffix.lower() in supported_suffixes()
                    and not p.name.startswith((".", "~$"))
                ):
                    files.setdefault(p, source_name(p, path))
        else:
            files.setdefault(path, source_name(path))
    return files


def source_name(path: str | Path, folder: str | Path | None = None) -> str:
    """The name a file's ``source`` gives it: its POSIX path relative to ``folder``.

    The one rule for ``load``, ``extract`` and ``batch``: without a folder (a file given
    itself) the file's name; a file outside ``folder`` (a link leading out) is named by its
    absolute path.

    >>> source_name(Path("in/甲/表.docx"), Path("in")), source_name("in/表.docx")
    ('甲/表.docx', '表.docx')
    """
    path = Path(path)
    if folder is None:
        return path.name
    folder = Path(folder)
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def skipped_files(paths: str | Path | Iterable[str | Path]) -> list[tuple[Path, str]]:
    """Files inside the given folders that :func:`expand_paths` leaves out, with why (Chinese).

    Hidden files and Office lock files (``~$…``) are not listed: nobody sent them.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    skipped = []
    for item in paths:
        path = Path(item)
        if not path.is_dir():
            continue
        for p in sorted(path.rglob("*")):
            if not p.is_file() or p.name.startswith((".", "~$")):
                continue
            if p.suffix.lower() not in supported_suffixes():
                kind = f"“{p.suffix}”" if p.suffix else "无扩展名"
                skipped.append((p, f"不支持的文件类型（{kind}），未读取"))
    return skipped


def records_to_frames(parts: list[DocumentRecords]) -> dict[str, pd.DataFrame]:
    """Assemble per-document records into schema-typed DataFrames.

    The 指标值 grammar is applied here, once per indicator row.
    """

    def rows_of(name: str) -> list[dict[str, object]]:
        return [row for part in parts for row in getattr(part, name)]

    frames = {
        "projects": schema.PROJECTS.from_records(rows_of("projects")),
        "funding": schema.FUNDING.from_records(rows_of("funding")),
        "goals": schema.GOALS.from_records(rows_of("goals")),
    }
    frames["indicators"] = schema.INDICATORS.from_columns(indicator_columns(rows_of("indicators")))
    frames["findings"] = schema.FINDINGS.from_records(
        [row for part in parts for row in part.recorder.findings]
    )
    frames["cells"] = schema.CELLS.from_columns(
        accounting_columns([part.recorder for part in parts])
    )
    return frames


def indicator_columns(rows: list[dict[str, object]]) -> dict[str, list[object]]:
    """Indicator records as columns, with the parse of each 指标值 (the same text parsed once)."""
    parsed = parse_each(str(row["target"] or "") for row in rows)
    columns = {name: [row.get(name) for row in rows] for name in schema.INDICATORS.names}
    for name in PARSE_COLUMNS:
        columns[name] = [getattr(found, name) for found in parsed]
    return columns


def read_file(
    path: Path, limits: ReadLimits = DEFAULT_LIMITS, name: str | None = None
) -> DocumentRecords:
    """Read and interpret one file; unexpected exceptions become errors naming the file.

    A reader or interpreter bug, or a library exception not foreseen for some damaged file
    (``ValueError``, ``KeyError``…), must neither stop a run over many files nor be lost: it
    becomes an :class:`UnreadableFileError` whose message names the stage and the original
    exception class; the original stays attached as ``__cause__``. The reader's notes are
    added as findings, except for the package's own actuals workbook, whose helper formulas
    and hidden metadata sheet are read by :func:`~kpi_analysis.tables.actuals.load_actuals`.
    """
    return interpret_read(path, read_guarded(path, limits, name))


def interpret_read(path: Path, doc: Document) -> DocumentRecords:
    """Interpret a document already read from ``path`` (guarded as in :func:`read_file`)."""
    try:
        part = _guarded(interpret_document, path, "解读表格", doc)
    except KpiError as error:
        if error.file == path.name:
            error.file = doc.path  # the name input_files gave it
        raise
    if not is_own_workbook(part):
        note_findings(doc, part.recorder)
    return part


def read_guarded(
    path: Path, limits: ReadLimits = DEFAULT_LIMITS, name: str | None = None
) -> Document:
    """:func:`~kpi_analysis.readers.read_document`; any failure is an UnreadableFileError.

    ``name`` (from :func:`input_files`) replaces the file name in every source and error.
    """
    try:
        doc = _guarded(read_document, path, "读取", path, limits=limits)
    except KpiError as error:
        if name and error.file == path.name:
            error.file = name
        raise
    return doc.renamed(name) if name else doc


def is_own_workbook(part: DocumentRecords) -> bool:
    """True for the package's own actuals workbook (read by ``load_actuals``, not here)."""
    return any(f["code"] == "not_a_target_document" for f in part.recorder.findings)


#: Finding codes that mark a whole file as read by another loader (the actuals workbook, a 自评表).
READ_ELSEWHERE_CODES = frozenset({"not_a_target_document", "selfeval_form"})


def is_read_elsewhere(part: DocumentRecords) -> bool:
    """True for files another loader reads: the actuals workbook or a 自评表."""
    return any(f["code"] in READ_ELSEWHERE_CODES for f in part.recorder.findings)


def _guarded(func: Callable[..., T], path: Path, stage: str, *args: object, **kwargs: object) -> T:
    """``func(*args, **kwargs)``; exceptions other than KpiError become UnreadableFileError."""
    try:
        return func(*args, **kwargs)
    except KpiError:
        raise
    except MemoryError as exc:
        raise UnreadableFileError(
            f"{stage}时内存不足",
            file=path.name,
            hint="请单独读取该文件，或调低 ReadLimits 中的上限",
        ) from exc
    except Exception as exc:
        raise UnreadableFileError(
            f"{stage}时发生内部错误（{type(exc).__name__}: {exc}）",
            file=path.name,
            hint="请把该文件和此信息报告给维护者",
        ) from exc


def note_findings(doc: Document, recorder: Recorder) -> None:
    """Turn the reader's notes on ``doc`` into findings."""
    for note in doc.notes:
        recorder.report(
            note["source"],
            note["code"],
            note["message"],
            severity=note["severity"],
            text=note.get("text", ""),
        )


def load(
    paths: str | Path | Iterable[str | Path],
    *,
    strict: bool = False,
    limits: ReadLimits = DEFAULT_LIMITS,
    names: Mapping[Path, str] | None = None,
    strict_findings: bool = True,
) -> Dataset:
    """Read files or folders of forms into a :class:`Dataset`.

    A file that cannot be read becomes an ``error`` finding (``file_unreadable``) naming the
    file; with ``strict=True`` the :class:`~kpi_analysis.errors.KpiError` is raised instead.
    An unexpected exception while reading or interpreting a file is treated the same way
    (see :func:`read_file`). ``limits`` bound each file
    (:class:`~kpi_analysis.readers.limits.ReadLimits`).
    Sources name a file by its path relative to the folder given (:func:`input_files`);
    ``names`` overrides that for files a caller has already listed from their folders.
    With ``strict``, an unknown layout or a bad value (an error finding) raises too (exit
    code 4 / 5), unless ``strict_findings`` is false (``batch`` keeps such files' tables).
    What a reader could not put into cells (its notes: formulas without a cached value,
    hidden sheets, text boxes, cut cells) becomes findings too.

    >>> from kpi_analysis.cli.paths import DEFAULT_INPUT
    >>> ds = load(DEFAULT_INPUT)
    >>> len(ds.projects)
    5
    """
    named = input_files(paths)
    if names:
        named = {path: names.get(path, name) for path, name in named.items()}
    return _dataset(
        ((name, lambda p=path, n=name: read_file(p, limits, n)) for path, name in named.items()),
        strict,
        strict_findings,
    )


def load_documents(documents: Iterable[tuple[Path, Document]], *, strict: bool = False) -> Dataset:
    """Like :func:`load`, for documents a caller has already read (no second read)."""
    return _dataset(
        ((doc.path, lambda p=path, d=doc: interpret_read(p, d)) for path, doc in documents),
        strict,
    )


def _dataset(
    work: Iterable[tuple[str, Callable[[], DocumentRecords]]],
    strict: bool,
    strict_findings: bool = True,
) -> Dataset:
    """Run each file's read/interpret step; failures become findings (or raise if strict).

    ``work`` pairs each file's source name with its step.
    """
    parts: list[DocumentRecords] = []
    for name, step in work:
        try:
            part = step()
        except KpiError as error:
            if strict:
                raise
            part = DocumentRecords()
            part.recorder.report(
                error.file or name,
                "file_unreadable",
                error.message,
                severity="error",
                text=error.hint or "",
            )
        else:
            if not part.projects and not is_read_elsewhere(part):
                part.recorder.report(
                    name, "no_form_found", "文件中没有找到绩效目标表", severity="error"
                )
            if strict and strict_findings:  # unknown layout / bad value: exit code 4 / 5
                raise_strict(part.recorder.findings)
        parts.append(part)
    return Dataset(**records_to_frames(parts))
