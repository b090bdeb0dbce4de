"""Read a batch's Parquet dataset lazily: filters are applied while the files are read.

Only the part files the manifest lists are read (so a run in progress is never half-seen),
folders of other years are skipped from their names, and other conditions are checked
against the Parquet statistics before any row is decoded. For queries this module does not
cover, :func:`table_dataset` gives the ``pyarrow.dataset.Dataset`` itself, which DuckDB and
Polars can also query directly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from kpi_analysis.batch.arrow import arrow_schema, to_pandas
from kpi_analysis.batch.partition import ALL_TABLES
from kpi_analysis.batch.store import MANIFEST, read_manifest

Filters = pc.Expression | Mapping[str, object] | Sequence[tuple[str, str, object]] | None


def table_dataset(path: str | Path, table: str = "indicators") -> pads.Dataset:
    """The committed part files of one table as a ``pyarrow.dataset.Dataset``."""
    if table not in ALL_TABLES:
        raise ValueError(f"没有名为“{table}”的表（可选：{'、'.join(ALL_TABLES)}）")
    root = Path(path)
    schema = arrow_schema(ALL_TABLES[table])
    if (root / MANIFEST).is_file():
        prefix = f"{table}/"
        parts = sorted(
            {p for e in read_manifest(root).values() for p in e.parts if p.startswith(prefix)}
        )
        files = [str(root / part) for part in parts]
    elif (root / table).is_dir():  # a copy without its manifest: read what is there
        files = sorted(str(p) for p in (root / table).rglob("*.parquet"))
    else:
        raise FileNotFoundError(f"{root} 不是批量提取输出的数据集文件夹（缺少 {MANIFEST}）")
    if table == "failures":
        return pads.dataset(files, schema=schema, format="parquet")
    # The folder names hold year and department (layout 2; layout 1 also stored them in
    # the part files, with the same values): declared here so they read as int64 / string.
    keys = pa.schema([schema.field("year"), schema.field("department")])
    partitioning = pads.partitioning(keys, flavor="hive")
    return pads.dataset(
        files,
        schema=schema,
        format="parquet",
        partitioning=partitioning,
        partition_base_dir=str(root / table),
    )


def to_expression(filters: Filters) -> pc.Expression | None:
    """A pyarrow expression from an expression, ``{column: value}`` or ``[(col, op, value)]``.

    In a mapping, a list or tuple value means "any of these".

    >>> to_expression({"year": 2023}).equals(pc.field("year") == 2023)
    True
    """
    if filters is None or isinstance(filters, pc.Expression):
        return filters
    if isinstance(filters, Mapping):
        terms = [
            pc.field(name).isin(list(value))
            if isinstance(value, (list, tuple, set))
            else pc.field(name) == value
            for name, value in filters.items()
        ]
        if not terms:
            return None
        expression = terms[0]
        for term in terms[1:]:
            expression = expression & term
        return expression
    return pq.filters_to_expression(list(filters))


def open_dataset(
    path: str | Path,
    table: str = "indicators",
    filters: Filters = None,
    columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Load the rows of ``table`` that match ``filters`` from a batch output folder.

    ``filters`` is a pyarrow expression, a mapping ``{column: value}`` or a list of
    ``(column, op, value)`` tuples (all must hold). Rows come sorted by ``file`` (and
    ``project_no``) in the order the file gave them, whatever engine or number of workers
    wrote the dataset. Columns have the tidy dtypes of :mod:`kpi_analysis.tables.schema`.

    All 满意度 targets of 100 % in the 2023 forms::

        open_dataset(out, "indicators",
                     {"year": 2023, "level2": "满意度指标", "value": 100.0, "unit": "%"})
    """
    dataset = table_dataset(path, table)
    data = dataset.to_table(filter=to_expression(filters), columns=columns)
    frame = to_pandas(data)
    keys = [c for c in ("file", "project_no") if c in frame.columns]
    if keys:
        frame = frame.sort_values(keys, kind="stable", ignore_index=True)
    return frame
