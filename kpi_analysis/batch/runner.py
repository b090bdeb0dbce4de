"""The work done for one file of a batch: read it, tidy it, hash it, and never raise.

:func:`process_file` is what every engine runs per file (in a worker process or on a Dask
worker), so it takes and returns only picklable values.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa

from kpi_analysis.batch.arrow import to_arrow, to_pandas
from kpi_analysis.batch.partition import STORED, annotate
from kpi_analysis.errors import KpiError
from kpi_analysis.readers import supported_suffixes
from kpi_analysis.tables.targets import load, source_name

#: Endings that are not read but are still picked up from folders, so that an old binary
#: form in a folder shows up in ``failures`` (with the reader's conversion hint) instead of
#: being passed over silently.
REPORTED_SUFFIXES = (".doc", ".xls", ".wps", ".et")
CHUNK = 1 << 20


@dataclass(frozen=True)
class Failure:
    """Why a file gave no tables: the error class and a Chinese message naming the file."""

    error_class: str
    message: str


@dataclass
class FileResult:
    """What one file gave: its stored tables (see :mod:`.partition`) or a failure.

    ``tables`` are Arrow tables (compact in memory and in transit); :meth:`frames` gives
    them as DataFrames.
    """

    file: str
    path: str
    sha256: str
    size: int
    tables: dict[str, pa.Table] = field(default_factory=dict)
    failure: Failure | None = None
    seconds: float = 0.0

    def frames(self) -> dict[str, pd.DataFrame]:
        """The stored tables as DataFrames with the tidy dtypes."""
        return {name: to_pandas(data) for name, data in self.tables.items()}

    @property
    def failed(self) -> bool:
        """True when the file could not be read into tables."""
        return self.failure is not None

    @property
    def rows(self) -> int:
        """Rows over all tables."""
        return sum(data.num_rows for data in self.tables.values())


def file_digest(path: str | Path) -> tuple[str, int]:
    """SHA-256 (hex) and size in bytes of a file's content, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def file_key(path: str | Path, root: str | Path | None = None) -> str:
    """The file's name in the dataset (``file`` column and ``source``): its POSIX path
    relative to ``root`` (else its name), as :func:`~kpi_analysis.tables.targets.source_name`
    names it for ``load`` and ``extract``."""
    return source_name(path, root)


def batch_root(inputs: Iterable[str | Path]) -> Path:
    """The folder that file keys are relative to: the deepest folder holding every input."""
    folders = [
        str(Path(p).resolve() if Path(p).is_dir() else Path(p).resolve().parent) for p in inputs
    ]
    if not folders:
        raise ValueError("no inputs")
    return Path(os.path.commonpath(folders))


def _wanted(path: Path) -> bool:
    suffixes = supported_suffixes() + REPORTED_SUFFIXES
    return (
        path.suffix.lower() in suffixes and not path.name.startswith((".", "~$")) and path.is_file()
    )


def discover_files(inputs: Iterable[str | Path]) -> tuple[list[Path], int]:
    """Files to process (sorted, each once) and how many other files the folders held.

    Files named on the command line are always taken; folders are walked for readable forms
    and old binary forms (reported as failures later); other files are only counted.
    """
    found: dict[Path, Path] = {}
    ignored = 0
    for item in inputs:
        path = Path(item)
        if not path.is_dir():
            found.setdefault(path.resolve(), path)
            continue
        for child in path.rglob("*"):
            if _wanted(child):
                found.setdefault(child.resolve(), child)
            elif child.is_file():
                ignored += 1
    return [found[key] for key in sorted(found)], ignored


def process_file(path: str | Path, root: str | Path | None = None) -> FileResult:
    """Read one file with :func:`kpi_analysis.load`; a problem becomes ``failure``.

    Never raises for a bad input: unreadable files, files without a form and unexpected
    errors of the interpreter all come back as a :class:`Failure`.
    """
    started = time.perf_counter()
    key = file_key(path, root)
    name = Path(path).name

    def failed(error_class: str, message: str, sha256: str = "", size: int = 0) -> FileResult:
        return FileResult(
            key,
            str(path),
            sha256,
            size,
            failure=Failure(error_class, message),
            seconds=time.perf_counter() - started,
        )

    try:
        sha256, size = file_digest(path)
    except OSError as error:
        return failed(type(error).__name__, f"{name}: 无法打开文件：{error.strerror or error}")
    try:
        # sources name the file as the dataset does (甲/表.docx, 乙/表.docx told apart);
        # bad cells stay findings
        ds = load([path], strict=True, strict_findings=False, names={Path(path): key})
        tables = {
            name: to_arrow(frame, STORED[name])
            for name, frame in annotate(ds.tables(), key).items()
        }
    except KpiError as error:
        return failed(type(error).__name__, str(error), sha256, size)
    except Exception as error:  # a bug must not stop the batch: report it with the file
        return failed(
            type(error).__name__,
            f"{name}: 读取时发生内部错误：{error}（请把该文件和此信息报告给维护者）",
            sha256,
            size,
        )
    if ds.projects.empty:
        return failed("UnknownLayoutError", f"{name}: 文件中没有找到绩效目标表", sha256, size)
    return FileResult(
        key,
        str(path),
        sha256,
        size,
        tables=tables,
        seconds=time.perf_counter() - started,
    )
