"""Extract whole folder trees: find the files, skip unchanged ones, run, store.

Two outputs: :func:`extract_dataset` writes the partitioned Parquet dataset file by file
(memory stays flat), :func:`extract_tables` gathers everything into one set of tables in
memory (for the CSV / Excel export of a moderate number of files).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO

import pandas as pd
import pyarrow as pa

from kpi_analysis.batch.arrow import to_pandas
from kpi_analysis.batch.engine import WorkFailure, run_files
from kpi_analysis.batch.partition import ALL_TABLES
from kpi_analysis.batch.runner import (
    Failure,
    FileResult,
    batch_root,
    discover_files,
    file_digest,
    file_key,
    process_file,
)
from kpi_analysis.batch.store import DatasetStore
from kpi_analysis.errors import EXIT_NOTHING, EXIT_OK, EXIT_PARTIAL


@dataclass
class BatchReport:
    """What a batch run did."""

    files: int = 0  # forms found in the inputs
    processed: int = 0  # read in this run
    skipped: int = 0  # unchanged since the last run (--incremental)
    removed: int = 0  # files whose old rows were removed (gone, changed or re-read)
    ignored: int = 0  # other files in the input folders
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # file, class, message
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def succeeded(self) -> int:
        """Files read into tables in this run."""
        return self.processed - len(self.failures)

    def exit_code(self) -> int:
        """0 all read; 1 some files failed; 2 nothing found or every file failed."""
        if not self.files:
            return EXIT_NOTHING
        if self.failures:
            return EXIT_PARTIAL if self.succeeded or self.skipped else EXIT_NOTHING
        return EXIT_OK

    def summary(self) -> str:
        """One Chinese line for the end of a run."""
        rate = self.processed / self.seconds if self.seconds else 0.0
        parts = [f"共 {self.files} 个文件：读取 {self.succeeded} 个，失败 {len(self.failures)} 个"]
        if self.skipped:
            parts.append(f"未变化跳过 {self.skipped} 个")
        if self.removed:
            parts.append(f"删除旧记录 {self.removed} 个文件")
        if self.ignored:
            parts.append(f"忽略其他文件 {self.ignored} 个")
        rows = "、".join(f"{name} {count}" for name, count in self.rows.items() if count)
        text = "，".join(parts) + f"；用时 {self.seconds:.1f} 秒（{rate:.1f} 个文件/秒）"
        return text + (f"；写出行数：{rows}" if rows else "")


def as_file_result(item: str, result: object, root: Path) -> FileResult:
    """The engine's result for one file; a :class:`WorkFailure` becomes a failed result."""
    if isinstance(result, FileResult):
        return result
    assert isinstance(result, WorkFailure)
    return FileResult(
        file_key(item, root),
        item,
        "",
        0,
        failure=Failure(result.error_class, result.message),
    )


def unchanged(store: DatasetStore, key: str, path: Path) -> bool:
    """True when the store holds ``path`` read from the same content (unreadable: False)."""
    try:
        sha256, _ = file_digest(path)
    except OSError:
        return False
    return store.unchanged(key, sha256)


def extract_dataset(
    inputs: list[str | Path],
    out: str | Path,
    *,
    jobs: int | None = None,
    engine: str = "local",
    scheduler: object = None,
    incremental: bool = False,
    progress: bool | None = None,
    progress_file: IO[str] | None = None,
    batch_files: int = 256,
) -> BatchReport:
    """Read every form under ``inputs`` into the Parquet dataset at ``out``.

    Without ``incremental`` the dataset is rebuilt from scratch. With it, files whose content
    (SHA-256) and package version are unchanged are skipped; rows of files that changed or
    disappeared are removed; files that failed last time are tried again.
    """
    started = time.perf_counter()
    files, ignored = discover_files(inputs)
    report = BatchReport(files=len(files), ignored=ignored)
    if not files:
        return report
    root = batch_root(inputs)
    keys = {file_key(path, root): path for path in files}
    with DatasetStore.open(out, batch_files=batch_files) as store:
        todo = list(keys)
        if incremental:
            todo = [key for key in keys if not unchanged(store, key, keys[key])]
            report.skipped = len(keys) - len(todo)
        redo = set(todo)
        stale = [key for key in store.entries if key not in keys or key in redo]
        report.removed = store.remove(stale)
        for result in _read_files(
            [keys[key] for key in todo],
            root,
            jobs=jobs,
            engine=engine,
            scheduler=scheduler,
            progress=progress,
            progress_file=progress_file,
        ):
            if result.failure:
                report.failures.append(
                    (result.file, result.failure.error_class, result.failure.message)
                )
            report.processed += 1
            store.add(result)
        store.flush()
        report.rows = dict(store.rows_written)
    report.failures.sort()
    report.seconds = time.perf_counter() - started
    return report


def _read_files(
    files: list[Path],
    root: Path,
    *,
    jobs: int | None,
    engine: str,
    scheduler: object,
    progress: bool | None,
    progress_file: IO[str] | None,
) -> Iterator[FileResult]:
    """Read ``files`` with the chosen engine; each file's result (or failure) as it comes."""
    items = [str(path.absolute()) for path in files]
    for item, result in run_files(
        items,
        partial(process_file, root=root),
        jobs=jobs,
        engine=engine,
        scheduler=scheduler,
        progress=progress,
        progress_file=progress_file,
        desc="读取",
    ):
        yield as_file_result(item, result, root)


def extract_tables(
    inputs: list[str | Path],
    *,
    jobs: int | None = None,
    engine: str = "local",
    scheduler: object = None,
    progress: bool | None = None,
    progress_file: IO[str] | None = None,
) -> tuple[dict[str, pd.DataFrame], BatchReport]:
    """Read every form under ``inputs`` in parallel into one set of tables (in memory).

    The tables are the stored tables (tidy columns plus ``file``, ``year``, ``department``)
    and ``failures``, rows in file order.
    """
    started = time.perf_counter()
    files, ignored = discover_files(inputs)
    report = BatchReport(files=len(files), ignored=ignored)
    results: list[FileResult] = []
    if files:
        results.extend(
            _read_files(
                files,
                batch_root(inputs),
                jobs=jobs,
                engine=engine,
                scheduler=scheduler,
                progress=progress,
                progress_file=progress_file,
            )
        )
    results.sort(key=lambda r: r.file)
    tables = {}
    for name, table in ALL_TABLES.items():
        if name == "failures":
            rows = [
                {"file": r.file, "error_class": r.failure.error_class, "message": r.failure.message}
                for r in results
                if r.failure
            ]
            tables[name] = table.coerce(pd.DataFrame(rows, columns=table.names))
            continue
        pieces = [r.tables[name] for r in results if not r.failed]
        tables[name] = to_pandas(pa.concat_tables(pieces)) if pieces else table.empty()
    report.processed = len(results)
    report.failures = [
        (r.file, r.failure.error_class, r.failure.message) for r in results if r.failure
    ]
    report.rows = {name: len(frame) for name, frame in tables.items()}
    report.seconds = time.perf_counter() - started
    return tables, report
