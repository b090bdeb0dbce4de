"""The tidy-table contract: column names and dtypes, declared once and checked at the boundary.

Display labels (Chinese headers for exports) are a mapping in :mod:`kpi_analysis.outputs.labels`,
not a second set of column names.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pyarrow as pa

STRING = "string"
INT = "Int64"
FLOAT = "Float64"
BOOL = "boolean"

_RESOLVED: dict[str, object] = {}


def resolved(dtype: str) -> object:
    """The pandas dtype object for a dtype name, looked up once (pandas' registry is slow)."""
    if dtype not in _RESOLVED:
        _RESOLVED[dtype] = pd.api.types.pandas_dtype(dtype)
    return _RESOLVED[dtype]


def _encodable(value: object) -> object:
    """Text with lone surrogates (undecodable file-name bytes) written as ``\\xNN``.

    >>> _encodable("a\\udcffb")
    'a\\\\xffb'
    """
    if not isinstance(value, str):
        return value
    try:
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that is not an escaped byte
        return value.encode("utf-8", "backslashreplace").decode("utf-8")


def typed_array(values: list[object], dtype: str) -> pd.api.extensions.ExtensionArray:
    """``values`` as a pandas array of ``dtype``; text goes straight into Arrow storage
    when that is what pandas' ``string`` dtype is (pandas 3, or ``string_storage="pyarrow"``).

    >>> typed_array(["指标", None], STRING).dtype == resolved(STRING)
    True
    """
    target = resolved(dtype)
    if dtype == STRING and getattr(target, "storage", None) == "pyarrow":
        try:
            array = pd.arrays.ArrowStringArray(pa.array(values, type=pa.large_string()))
        except (pa.ArrowTypeError, pa.ArrowInvalid):
            pass  # not all text (numbers, NaN): let pandas convert them
        except UnicodeEncodeError:  # a file name that is not valid UTF-8: bytes as \xNN
            return typed_array([_encodable(v) for v in values], dtype)
        else:
            if array.dtype == target:  # pandas' own "string" is Arrow-backed with NA
                return array
    return pd.array(values, dtype=target)


@dataclass(frozen=True)
class TableSchema:
    """Ordered columns of one tidy table with their pandas dtypes."""

    name: str
    columns: tuple[tuple[str, str], ...]
    key: tuple[str, ...] = ()

    @property
    def names(self) -> list[str]:
        """Column names in order."""
        return [name for name, _ in self.columns]

    def empty(self) -> pd.DataFrame:
        """An empty frame with the right columns and dtypes."""
        return self.coerce(pd.DataFrame(columns=self.names))

    def coerce(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Return a copy with exactly these columns, in order, cast to the declared dtypes."""
        missing = [c for c in self.names if c not in frame.columns]
        if missing:
            raise ValueError(f"{self.name}: missing columns {missing}")
        return pd.DataFrame(
            {name: pd.array(frame[name].to_numpy(), dtype=dtype) for name, dtype in self.columns}
        )

    def from_records(self, rows: list[dict[str, object]]) -> pd.DataFrame:
        """A frame built straight from records (missing keys become NA), typed as declared."""
        return self.from_columns({name: [row.get(name) for row in rows] for name in self.names})

    def from_columns(self, columns: dict[str, list[object]]) -> pd.DataFrame:
        """A frame from equally long value lists by column name, typed as declared."""
        return pd.DataFrame(
            {name: typed_array(columns[name], dtype) for name, dtype in self.columns}, copy=False
        )

    def from_rows(self, rows: list[dict]) -> pd.DataFrame:
        """A frame of ``rows`` (missing keys and NaN become missing), typed as declared."""
        if not rows:
            return self.empty()
        frame = pd.DataFrame(rows)
        for name in self.names:
            if name not in frame.columns:
                frame[name] = None
        frame = frame.loc[:, self.names].astype(object)
        return self.coerce(frame.where(frame.notna(), None))

    def validate(self, frame: pd.DataFrame) -> None:
        """Raise ``ValueError`` when columns, order, dtypes or key uniqueness are off."""
        if list(frame.columns) != self.names:
            raise ValueError(f"{self.name}: columns {list(frame.columns)} != {self.names}")
        for name, dtype in self.columns:
            if str(frame[name].dtype) != dtype:
                raise ValueError(f"{self.name}.{name}: dtype {frame[name].dtype} != {dtype}")
        if self.key and frame.duplicated(list(self.key)).any():
            dupes = frame[frame.duplicated(list(self.key), keep=False)]
            raise ValueError(f"{self.name}: duplicate keys\n{dupes[list(self.key)]}")


#: The columns that place a row of a target form: its cell, its project, and the period
#: (mid-term or annual) with the years it covers.
PERIOD_ROW_KEY: tuple[tuple[str, str], ...] = (
    ("source", STRING),
    ("project_no", INT),
    ("project", STRING),
    ("period", STRING),
    ("year_start", INT),
    ("year_end", INT),
)

PROJECTS = TableSchema(
    "projects",
    (
        ("source", STRING),
        ("project_no", INT),
        ("project", STRING),
        ("department", STRING),
        ("implementer", STRING),
        ("attribute", STRING),
        ("term", STRING),
        ("start", STRING),
        ("end", STRING),
        ("annual_budget_wan", FLOAT),
        ("basis", STRING),
        ("content", STRING),
    ),
    key=("source", "project_no"),
)

FUNDING = TableSchema(
    "funding",
    (
        *PERIOD_ROW_KEY,
        ("category", STRING),
        ("amount_wan", FLOAT),
    ),
)

GOALS = TableSchema(
    "goals",
    (
        *PERIOD_ROW_KEY,
        ("goal_no", INT),
        ("goal", STRING),
    ),
)

#: One indicator as written and its parsed target, in the order every indicator table uses.
INDICATOR_COLUMNS: tuple[tuple[str, str], ...] = (
    ("indicator_no", INT),
    ("indicator", STRING),
    ("target", STRING),
    ("standard", STRING),
    ("kind", STRING),
    ("comparator", STRING),
    ("value", FLOAT),
    ("unit", STRING),
    ("per", STRING),
)

INDICATORS = TableSchema(
    "indicators",
    (
        *PERIOD_ROW_KEY,
        ("level1", STRING),
        ("level2", STRING),
        *INDICATOR_COLUMNS,
        ("placeholder", BOOL),
    ),
)

FINDINGS = TableSchema(
    "findings",
    (
        ("source", STRING),
        ("severity", STRING),
        ("code", STRING),
        ("message", STRING),
        ("text", STRING),
    ),
)

CELLS = TableSchema(
    "cells",
    (
        ("source", STRING),
        ("text", STRING),
        ("role", STRING),
    ),
    key=("source",),
)

TABLES = {s.name: s for s in (PROJECTS, FUNDING, GOALS, INDICATORS, FINDINGS)}

PERIODS = ("mid_term", "annual")
FUNDING_CATEGORIES = ("total", "fiscal", "other")
SEVERITIES = ("error", "warning", "info")
CELL_ROLES = ("label", "value", "reported", "ignored")
