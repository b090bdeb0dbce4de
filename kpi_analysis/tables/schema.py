"""The tidy-table contract: column names and dtypes, declared once and checked at the boundary.

Each column may also declare its *display kind* — what its numbers are (an amount in 万元, a
score, a rate, a count …) — as a third element, ``("amount_wan", FLOAT, AMOUNT_WAN)``; exports
take number formats from it (:mod:`kpi_analysis.outputs.export`), never from the column's
name. A column without one gets the kind of its dtype (text, count or plain number).

>>> table = TableSchema("t", (("name", STRING), ("amount_wan", FLOAT, AMOUNT_WAN), ("n", INT)))
>>> table.columns[1], dict(table.kinds)
(('amount_wan', 'Float64'), {'name': 'text', 'amount_wan': 'amount_wan', 'n': 'count'})

Display labels (Chinese headers for exports) are a mapping in :mod:`kpi_analysis.outputs.labels`,
not a second set of column names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd
import pyarrow as pa

STRING = "string"
INT = "Int64"
FLOAT = "Float64"
BOOL = "boolean"

#: Display kinds of a column (how its values are shown in a workbook).
AMOUNT_WAN = "amount_wan"  # money in 万元: #,##0.00
SCORE = "score"  # scores, weights (分值), totals of scores: 0.00
RATE = "rate"  # a fraction shown as a percentage: 0.00%
COUNT = "count"  # whole numbers: as they are
NUMBER = "number"  # any other number (ratios, parsed target values): as it is
TEXT = "text"
DISPLAY_KINDS = (AMOUNT_WAN, SCORE, RATE, COUNT, NUMBER, TEXT)
#: The kind of a column that declares none, by its dtype.
DTYPE_KINDS = {STRING: TEXT, INT: COUNT, FLOAT: NUMBER, BOOL: TEXT}

_RESOLVED: dict[str, object] = {}
#: Column index of the frames of each set of column names (see TableSchema.from_columns).
_COLUMN_INDEX: dict[tuple[str, ...], pd.Index] = {}


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


def _masked_array(values: list[object], dtype: str) -> pd.api.extensions.ExtensionArray | None:
    """``values`` as a nullable ``Int64`` / ``Float64`` / ``boolean`` array built straight
    from a data and a mask array, as ``pd.array`` would build it (missing slots hold 1, NaN
    and False); None when a value is not a plain ``int`` / ``float`` / ``bool`` or None, so
    that pandas converts (and checks) it."""
    mask = [v is None for v in values]
    try:
        if dtype == INT:
            if not all(type(v) is int for v in values if v is not None):
                return None
            data = np.array([1 if v is None else v for v in values], dtype=np.int64)
            return pd.arrays.IntegerArray(data, np.array(mask, dtype=bool))
        if dtype == FLOAT:
            if not all(type(v) in (float, int) for v in values if v is not None):
                return None
            data = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
            return pd.arrays.FloatingArray(data, np.array(mask, dtype=bool) | np.isnan(data))
        if dtype == BOOL:
            if not all(type(v) is bool for v in values if v is not None):
                return None
            data = np.array([v is True for v in values], dtype=bool)
            return pd.arrays.BooleanArray(data, np.array(mask, dtype=bool))
    except OverflowError:  # an integer beyond int64: pandas says so in its own words
        return None
    return None


def typed_array(values: list[object], dtype: str) -> pd.api.extensions.ExtensionArray:
    """``values`` as a pandas array of ``dtype``; text goes straight into Arrow storage
    when that is what pandas' ``string`` dtype is (pandas 3, or ``string_storage="pyarrow"``),
    plain numbers and booleans straight into the data and mask of a nullable array.

    >>> typed_array(["指标", None], STRING).dtype == resolved(STRING)
    True
    """
    target = resolved(dtype)
    if dtype in (INT, FLOAT, BOOL):
        masked = _masked_array(values, dtype)
        if masked is not None:
            return masked
    elif dtype == STRING and getattr(target, "storage", None) == "pyarrow":
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
    """Ordered columns of one tidy table with their pandas dtypes and display kinds.

    ``columns`` are declared as ``(name, dtype)`` or ``(name, dtype, kind)`` (a kind of
    :data:`DISPLAY_KINDS`); after construction ``columns`` holds ``(name, dtype)`` pairs and
    ``kinds`` every column's kind.
    """

    name: str
    columns: tuple[tuple[str, str], ...]
    key: tuple[str, ...] = ()
    kinds: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        kinds = dict(self.kinds)
        pairs = []
        for column in self.columns:
            name, dtype = column[0], column[1]
            kind = column[2] if len(column) > 2 else kinds.get(name, DTYPE_KINDS.get(dtype, NUMBER))
            if kind not in DISPLAY_KINDS:
                raise ValueError(f"{self.name}.{name}: unknown display kind {kind!r}")
            kinds[name] = kind
            pairs.append((name, dtype))
        object.__setattr__(self, "columns", tuple(pairs))
        object.__setattr__(self, "kinds", MappingProxyType({n: kinds[n] for n, _ in pairs}))

    @property
    def declared(self) -> tuple[tuple[str, str, str], ...]:
        """``(name, dtype, kind)`` of every column (to build a schema from this one)."""
        return tuple((name, dtype, self.kinds[name]) for name, dtype in self.columns)

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
        """A frame from equally long value lists by column name, typed as declared.

        The typed arrays go straight into the frame (pandas' ``DataFrame._from_arrays``, with
        the column index built once per schema), skipping the dict constructor's checks and
        its inference of the column labels; without that method, the public constructor.
        """
        arrays = [typed_array(columns[name], dtype) for name, dtype in self.columns]
        from_arrays = getattr(pd.DataFrame, "_from_arrays", None)
        if from_arrays is None or len({len(a) for a in arrays}) > 1:
            return pd.DataFrame(dict(zip(self.names, arrays, strict=True)), copy=False)
        return from_arrays(
            arrays,
            columns=self._column_index().copy(),
            index=pd.RangeIndex(len(arrays[0]) if arrays else 0),
            verify_integrity=False,
        )

    def _column_index(self) -> pd.Index:
        """The column labels as a pandas Index, as the dict constructor makes them (built once
        per schema; each frame gets its own copy)."""
        names = tuple(self.names)
        index = _COLUMN_INDEX.get(names)
        if index is None:
            index = _COLUMN_INDEX[names] = pd.DataFrame({name: [] for name in names}).columns
        return index

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
        ("annual_budget_wan", FLOAT, AMOUNT_WAN),
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
        ("amount_wan", FLOAT, AMOUNT_WAN),
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
