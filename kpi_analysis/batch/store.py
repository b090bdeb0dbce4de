"""An incremental Parquet dataset partitioned by year and department, with a manifest.

Layout of an output folder::

    _manifest.parquet                       file → sha256 → part files (the commit point)
    indicators/year=2021/department=宿州市委编办/part-<run>-<n>.parquet
    indicators/year=2021/part-<run>-<n>.parquet   rows without a department
    projects/… funding/… goals/… findings/…   the same partitioning
    failures/part-<run>-<n>.parquet         files that gave no tables, and why

The partition columns ``year`` and ``department`` live only in the folder names (Hive style),
not in the part files, and a missing value leaves its folder level out (no
``__HIVE_DEFAULT_PARTITION__``). So a table folder reads the same with any Hive-aware
reader, with the types ``open_dataset`` declares (``year`` int64) or the types a reader
infers (``pyarrow.dataset.dataset(path, partitioning="hive")``: int32;
``pd.read_parquet(path)``: categorical), never two types for one column. Datasets written
by layout 1 (partition columns also stored in the part files) stay readable through
:func:`kpi_analysis.batch.open.open_dataset`; an ``--incremental`` run rewrites them in
this layout (the layout is part of every manifest entry's version).

Results are written a batch of files at a time (so memory stays flat however many files
there are): one part file per table and partition for the batch, then the manifest. Part
files are never changed in place. Removing a file's rows writes a new part without them;
every write goes to a temporary name first and is moved into place with ``os.replace``.
The manifest lists exactly the part files that belong to the dataset, so a run that stops
half-way leaves the previous state readable; part files the manifest does not list are
deleted when the folder is next opened for writing. A lock file keeps two runs from writing
the same folder at once.

Department names are percent-encoded only where a path needs it (``/``, ``%``, control
characters, characters Windows forbids; readers decode them); names longer than a folder
name allows (over 200 bytes encoded, about 66 Chinese characters) are shortened with a hash
and come back shortened.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from kpi_analysis.batch.arrow import to_arrow
from kpi_analysis.batch.partition import (
    ALL_TABLES,
    FAILURES,
    PARTITION_COLUMNS,
    failure_frame,
)
from kpi_analysis.batch.runner import FileResult
from kpi_analysis.batch.work import package_version
from kpi_analysis.errors import KpiError
from kpi_analysis.outputs.files import write_atomically
from kpi_analysis.tables.targets import TABLE_NAMES

try:  # POSIX advisory lock, released by the OS if the process dies
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

MANIFEST = "_manifest.parquet"
LOCK = "_lock"
LAYOUT_VERSION = "2"
TMP_PREFIX = ".tmp-"
NULL_SEGMENT = "__HIVE_DEFAULT_PARTITION__"
MAX_SEGMENT_BYTES = 200
UNSAFE_CHARS = set('/\\%:*?"<>|')

MANIFEST_SCHEMA = pa.schema(
    [
        ("file", pa.string()),
        ("sha256", pa.string()),
        ("size", pa.int64()),
        ("status", pa.string()),
        ("error_class", pa.string()),
        ("parts", pa.list_(pa.string())),
        ("version", pa.string()),
        ("processed_at", pa.string()),
    ]
)


class DatasetLockedError(KpiError):
    """Another run is writing the same output folder."""

    exit_code = 2


def code_version() -> str:
    """The package version and store layout that wrote an entry (a change re-reads files)."""
    return f"{package_version()}/{LAYOUT_VERSION}"


@dataclass(frozen=True)
class Entry:
    """One input file in the manifest."""

    file: str
    sha256: str
    size: int
    status: str  # "ok" or "failed"
    error_class: str | None
    parts: tuple[str, ...]
    version: str
    processed_at: str


def encode_segment(value: object) -> str:
    """A partition value as a folder name (missing → ``__HIVE_DEFAULT_PARTITION__``)."""
    if value is None or pd.isna(value) or str(value).strip() == "":
        return NULL_SEGMENT
    text = str(value)
    encoded = "".join(
        quote(c, safe="") if c in UNSAFE_CHARS or ord(c) < 32 or ord(c) == 127 else c for c in text
    )
    if len(encoded.encode()) > MAX_SEGMENT_BYTES:
        tag = hashlib.sha1(text.encode()).hexdigest()[:10]
        while len(encoded.encode()) > MAX_SEGMENT_BYTES - 12:
            encoded = encoded[:-1]
        encoded = f"{encoded.rstrip('%0123456789ABCDEF')}~{tag}"
    return encoded


def partition_dir(table: str, year: object, department: object) -> str:
    """``table/year=Y/department=D`` (POSIX, relative to the dataset folder).

    A missing value leaves its level out (``table/department=D``, ``table``): readers then
    see it as missing without inferring a null entry in a dictionary type.
    """
    levels = [table]
    for key, value in (("year", year), ("department", department)):
        segment = encode_segment(value)
        if segment != NULL_SEGMENT:
            levels.append(f"{key}={segment}")
    return "/".join(levels)


def without_partition_columns(data: pa.Table) -> pa.Table:
    """``data`` without the ``year``/``department`` columns (the folder names hold them)."""
    return data.drop_columns([c for c in PARTITION_COLUMNS if c in data.column_names])


def atomic_write(table: pa.Table, path: Path) -> None:
    """Write a Parquet file under a temporary name, flush it to disk, move it into place."""
    write_atomically(path, lambda temp: pq.write_table(table, temp), fsync=True, prefix=TMP_PREFIX)


def read_manifest(root: str | Path) -> dict[str, Entry]:
    """The manifest of a dataset folder by file (empty when there is none yet)."""
    path = Path(root) / MANIFEST
    if not path.is_file():
        return {}
    rows = pq.ParquetFile(path).read().to_pylist()
    return {row["file"]: Entry(**{**row, "parts": tuple(row["parts"] or ())}) for row in rows}


def manifest_frame(root: str | Path) -> pd.DataFrame:
    """The manifest as a DataFrame (one row per input file), for people and notebooks."""
    entries = read_manifest(root)
    rows = [{**entry.__dict__, "parts": list(entry.parts)} for entry in entries.values()]
    frame = pd.DataFrame(rows, columns=MANIFEST_SCHEMA.names)
    return frame.sort_values("file", ignore_index=True)


def write_manifest(root: Path, entries: dict[str, Entry]) -> None:
    """Replace the manifest atomically (this is the commit of every change)."""
    rows = [{**entry.__dict__, "parts": list(entry.parts)} for entry in entries.values()]
    atomic_write(pa.Table.from_pylist(rows, schema=MANIFEST_SCHEMA), root / MANIFEST)


@dataclass
class DatasetStore:
    """Writes :class:`FileResult` s into a dataset folder; use as a context manager.

    >>> import tempfile
    >>> with DatasetStore.open(tempfile.mkdtemp()) as store:
    ...     len(store.entries)
    0
    """

    root: Path
    batch_files: int = 256
    batch_rows: int = 100_000
    entries: dict[str, Entry] = field(default_factory=dict)
    rows_written: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    _buffer: list[FileResult] = field(default_factory=list)
    _buffered_rows: int = 0
    _run: str = ""
    _seq: int = 0
    _lock: object = None

    @classmethod
    def open(cls, root: str | Path, **options: int) -> DatasetStore:
        """Lock the folder, read its manifest and delete files the manifest does not list."""
        root = Path(root)
        root.mkdir(parents=True, exist_ok=True)
        store = cls(root, **options)
        store._lock = acquire_lock(root)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        store._run = f"{stamp}-{secrets.token_hex(3)}"
        store.entries = read_manifest(root)
        store.collect_garbage()
        return store

    def __enter__(self) -> DatasetStore:
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        try:
            if exc_type is None:
                self.flush()
        finally:
            release_lock(self._lock)
            self._lock = None

    # ---------------------------------------------------------------- reading the state
    def unchanged(self, file: str, sha256: str) -> bool:
        """True when ``file`` was read before, successfully, from the same content and code."""
        entry = self.entries.get(file)
        return (
            entry is not None
            and entry.status == "ok"
            and entry.sha256 == sha256
            and entry.version == code_version()
        )

    def referenced(self) -> set[str]:
        """Part files the manifest lists."""
        return {part for entry in self.entries.values() for part in entry.parts}

    def collect_garbage(self) -> list[Path]:
        """Delete part and temporary files the manifest does not list; return them."""
        keep = self.referenced()
        removed = []
        for name in ALL_TABLES:
            folder = self.root / name
            if not folder.is_dir():
                continue
            for path in folder.rglob("*"):
                rel = path.relative_to(self.root).as_posix()
                if path.is_file() and (path.name.startswith(TMP_PREFIX) or rel not in keep):
                    path.unlink()
                    removed.append(path)
            remove_empty_dirs(folder)
        for path in self.root.glob(f"{TMP_PREFIX}*"):
            path.unlink()
            removed.append(path)
        return removed

    # ---------------------------------------------------------------- changing it
    def _part_name(self) -> str:
        self._seq += 1
        return f"part-{self._run}-{self._seq:06d}.parquet"

    def remove(self, files: Iterable[str]) -> int:
        """Remove every row of ``files`` (commit), then delete the part files left unused.

        Parts shared with other files are rewritten without the removed files' rows under a
        new name, so a stop at any point leaves a consistent dataset.
        """
        gone = set(files) & self.entries.keys()
        if not gone:
            return 0
        members: dict[str, set[str]] = defaultdict(set)
        for entry in self.entries.values():
            for part in entry.parts:
                members[part].add(entry.file)
        affected = {part for file in gone for part in self.entries[file].parts}
        renamed: dict[str, str | None] = {}
        for part in sorted(affected):
            keep = members[part] - gone
            if not keep:
                renamed[part] = None
                continue
            old = pq.ParquetFile(self.root / part).read()
            mask = pc.is_in(old["file"], value_set=pa.array(sorted(keep), pa.string()))
            new = f"{part.rsplit('/', 1)[0]}/{self._part_name()}"
            kept = old.filter(mask)
            if not part.startswith("failures/"):  # a layout-1 part loses its stored keys
                kept = without_partition_columns(kept)
            atomic_write(kept, self.root / new)
            renamed[part] = new
        for file in gone:
            del self.entries[file]
        for file, entry in list(self.entries.items()):
            if any(part in renamed for part in entry.parts):
                parts = tuple(renamed.get(p, p) for p in entry.parts if renamed.get(p, p))
                self.entries[file] = replace(entry, parts=parts)
        write_manifest(self.root, self.entries)
        for part in affected:
            (self.root / part).unlink(missing_ok=True)
        for name in ALL_TABLES:
            if (self.root / name).is_dir():
                remove_empty_dirs(self.root / name)
        return len(gone)

    def add(self, result: FileResult) -> None:
        """Buffer one file's result; a full buffer is written out."""
        if result.file in self.entries or any(r.file == result.file for r in self._buffer):
            self.flush()  # never keep two versions of a file's rows
            self.remove([result.file])
        self._buffer.append(result)
        self._buffered_rows += result.rows
        if len(self._buffer) >= self.batch_files or self._buffered_rows >= self.batch_rows:
            self.flush()

    def flush(self) -> None:
        """Write the buffered results as part files, then commit them in the manifest."""
        if not self._buffer:
            return
        parts: dict[str, list[str]] = defaultdict(list)
        ok = [r for r in self._buffer if not r.failed]
        for name in TABLE_NAMES:
            pieces = [r.tables[name] for r in ok if r.tables[name].num_rows]
            if not pieces:
                continue
            data = pa.concat_tables(pieces)
            for year, department in partition_keys(data):
                rel = f"{partition_dir(name, year, department)}/{self._part_name()}"
                part = data.filter(partition_mask(data, year, department))
                self._write(without_partition_columns(part), rel, name)
                for file in pc.unique(part["file"]).to_pylist():
                    parts[file].append(rel)
        failed = [r for r in self._buffer if r.failed]
        if failed:
            frame = pd.concat(
                [failure_frame(r.file, r.failure.error_class, r.failure.message) for r in failed],
                ignore_index=True,
            )
            rel = f"failures/{self._part_name()}"
            self._write(to_arrow(frame, FAILURES), rel, "failures")
            for r in failed:
                parts[r.file].append(rel)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        for r in self._buffer:
            self.entries[r.file] = Entry(
                file=r.file,
                sha256=r.sha256,
                size=r.size,
                status="failed" if r.failed else "ok",
                error_class=r.failure.error_class if r.failure else None,
                parts=tuple(parts.get(r.file, ())),
                version=code_version(),
                processed_at=now,
            )
        write_manifest(self.root, self.entries)
        self._buffer.clear()
        self._buffered_rows = 0

    def _write(self, data: pa.Table, rel: str, table: str) -> None:
        atomic_write(data, self.root / rel)
        self.rows_written[table] += data.num_rows


def partition_keys(data: pa.Table) -> list[tuple[object, object]]:
    """The distinct (year, department) pairs of a stored table, missing values last."""
    pairs = data.select(["year", "department"]).group_by(["year", "department"]).aggregate([])
    keys = [(row["year"], row["department"]) for row in pairs.to_pylist()]
    return sorted(keys, key=lambda k: (k[0] is None, k[0] or 0, k[1] is None, k[1] or ""))


def partition_mask(data: pa.Table, year: object, department: object) -> pa.ChunkedArray:
    """Rows of ``data`` in the partition (year, department); None matches missing values."""

    def same(column: str, value: object) -> pa.ChunkedArray:
        if value is None:
            return pc.is_null(data[column])
        return pc.fill_null(pc.equal(data[column], value), False)

    return pc.and_(same("year", year), same("department", department))


def remove_empty_dirs(folder: Path) -> None:
    """Delete empty folders below ``folder`` (deepest first)."""
    for path in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
        if not any(path.iterdir()):
            path.rmdir()


def acquire_lock(root: Path) -> object:
    """Hold an exclusive lock on ``root/_lock``; raise if another run holds it."""
    handle = open(root / LOCK, "a+b")  # noqa: SIM115 (kept open while the store is in use)
    if fcntl is None:  # pragma: no cover - Windows: no advisory lock
        return handle
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        handle.close()
        raise DatasetLockedError(
            "输出文件夹正被另一个运行写入",
            file=str(root),
            hint="请等待另一个运行结束，或换一个输出文件夹",
        ) from error
    return handle


def release_lock(handle: object) -> None:
    """Release a lock taken by :func:`acquire_lock`."""
    if handle is not None:
        handle.close()  # closing the file releases the flock
