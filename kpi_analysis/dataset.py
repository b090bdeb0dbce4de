"""Load forms into a :class:`Dataset` of tidy tables (the package's main entry point)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kpi_analysis import schema
from kpi_analysis.errors import KpiError
from kpi_analysis.forms.document import DocumentRecords, interpret_document
from kpi_analysis.grammar import parse_target
from kpi_analysis.readers import read_document, supported_suffixes

TABLE_NAMES = ("projects", "funding", "goals", "indicators", "findings")


@dataclass(frozen=True)
class Dataset:
    """The tidy tables of one or more documents.

    ``cells`` accounts for every non-empty input cell (role: label, value, reported), so
    that nothing is lost silently.
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
    if isinstance(paths, (str, Path)):
        paths = [paths]
    files: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            files.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and p.suffix.lower() in supported_suffixes()
                and not p.name.startswith((".", "~$"))
            )
        else:
            files.append(path)
    return files


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
    indicators = []
    for row in rows_of("indicators"):
        parsed = parse_target(str(row["target"] or ""))
        indicators.append(
            {
                **row,
                "kind": parsed.kind,
                "comparator": parsed.comparator,
                "value": parsed.value,
                "unit": parsed.unit,
                "per": parsed.per,
            }
        )
    frames["indicators"] = schema.INDICATORS.from_records(indicators)
    frames["findings"] = schema.FINDINGS.from_records(
        [row for part in parts for row in part.recorder.findings]
    )
    frames["cells"] = schema.CELLS.from_records(
        [
            {"source": source, "text": text, "role": role}
            for part in parts
            for source, (role, text) in part.recorder.roles.items()
        ]
    )
    return frames


def load(paths: str | Path | Iterable[str | Path], *, strict: bool = False) -> Dataset:
    """Read files or folders of forms into a :class:`Dataset`.

    A file that cannot be read becomes an ``error`` finding naming the file; with
    ``strict=True`` the :class:`~kpi_analysis.errors.KpiError` is raised instead.

    >>> from kpi_analysis.config import DEFAULT_INPUT
    >>> ds = load(DEFAULT_INPUT)
    >>> len(ds.projects)
    5
    """
    parts: list[DocumentRecords] = []
    for path in expand_paths(paths):
        try:
            doc = read_document(path)
        except KpiError as error:
            if strict:
                raise
            failed = DocumentRecords()
            failed.recorder.report(
                error.file or path.name,
                "file_unreadable",
                error.message,
                severity="error",
                text=error.hint or "",
            )
            parts.append(failed)
            continue
        part = interpret_document(doc)
        own_workbook = any(f["code"] == "not_a_target_document" for f in part.recorder.findings)
        if not part.projects and not own_workbook:
            part.recorder.report(
                doc.path, "no_form_found", "文件中没有找到绩效目标表", severity="error"
            )
        parts.append(part)
    frames = records_to_frames(parts)
    return Dataset(**frames)
