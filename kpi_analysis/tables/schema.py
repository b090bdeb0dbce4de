"""The tidy-table contract: column names and dtypes, declared once and checked at the boundary.

Each column may also declare its *display kind* — what its numbers are (an amount in 万元, a
score, a rate, a count …) — as a third element, ``("amount_wan", FLOAT, AMOUNT_WAN)``; exports
take number formats from it (:mod:`kpi_analysis.outputs.export`), never from the column's
name. A column without one gets the kind of its dtype (text, count or plain number).

>>> table = TableSchema("t", (("name", STRING), ("amount_wan", FLOAT, AMOUNT_WAN), ("n", INT)))
>>> table.columns[1], dict(table.kinds)
(('amount_wan', 'Float64'), {'name': 'text', 'amount_wan': 'amount_wan', 'n': 'count'})

The 一级/二级指标 columns are declared :data:`LEVEL1` / :data:`LEVEL2`: ordered categoricals
whose categories are the canonical names of :mod:`kpi_analysis.text.vocabulary` in their
official order, followed by any other name found (an NDRC 实施效果指标, a province's own
class) in order of first appearance, so that sorting and ``groupby(observed=True)`` follow the
official order and no name is lost:

>>> levels = typed_array(["满意度指标", "实施效果指标", None, "产出指标"], LEVEL1)
>>> list(levels.categories)
['产出指标', '成本指标', '效益指标', '满意度指标', '实施效果指标']
>>> list(levels.sort_values())
['产出指标', '满意度指标', '实施效果指标', nan]

Display labels (Chinese headers for exports) are a mapping in :mod:`kpi_analysis.outputs.labels`,
not a second set of column names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

import numpy as np
import pandas as pd
import pyarrow as pa

from kpi_analysis.text.vocabulary import LEVEL1_CANONICAL, LEVEL2_CANONICAL

STRING = "string"
INT = "Int64"
FLOAT = "Float64"
BOOL = "boolean"
#: Ordered categorical dtypes of the 一级/二级指标 columns (see :func:`ordered_categorical`).
LEVEL1 = "category:level1"
LEVEL2 = "category:level2"
#: The canonical categories, in their official order, of each ordered categorical dtype.
CATEGORY_ORDERS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {LEVEL1: LEVEL1_CANONICAL, LEVEL2: LEVEL2_CANONICAL}
)
#: The ordered dtype of the level columns wherever a table carries them.
LEVEL_COLUMNS: Mapping[str, str] = MappingProxyType({"level1": LEVEL1, "level2": LEVEL2})

#: Display kinds of a column (how its values are shown in a workbook).
AMOUNT_WAN = "amount_wan"  # money in 万元: #,##0.00
SCORE = "score"  # scores, weights (分值), totals of scores: 0.00
RATE = "rate"  # a fraction shown as a percentage: 0.00%
COUNT = "count"  # whole numbers: as they are
NUMBER = "number"  # any other number (ratios, parsed target values): as it is
TEXT = "text"
DISPLAY_KINDS = (AMOUNT_WAN, SCORE, RATE, COUNT, NUMBER, TEXT)
#: The kind of a column that declares none, by its dtype.
DTYPE_KINDS = {STRING: TEXT, INT: COUNT, FLOAT: NUMBER, BOOL: TEXT, LEVEL1: TEXT, LEVEL2: TEXT}

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


def _is_blank(value: object) -> bool:
    """None, ``pd.NA``, NaN or NaT."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and value != value


def ordered_categorical(values: Iterable[object], canonical: Sequence[str]) -> pd.Categorical:
    """``values`` as an ordered categorical: the ``canonical`` names first, in their order,
    then every other name found, in order of first appearance; blanks stay missing.

    Never turns a name into a missing value; names that are not text become text.

    >>> cats = ordered_categorical(["b", "自定", None, "a"], ("a", "b", "c"))
    >>> list(cats.categories), cats.ordered, cats.isna().tolist()
    (['a', 'b', 'c', '自定'], True, [False, False, True, False])
    """
    items = [
        v if isinstance(v, str) else None if _is_blank(v) else str(v)
        for v in (values.astype(object) if isinstance(values, pd.Series) else values)
    ]
    names = [v for v in dict.fromkeys(items) if v is not None]
    escaped = {v: _encodable(v) for v in names if _encodable(v) != v}
    if escaped:  # file-name bytes that are not UTF-8 (see _encodable)
        items = [escaped.get(v, v) if v is not None else None for v in items]
        names = list(dict.fromkeys(escaped.get(v, v) for v in names))
    known = set(canonical)
    categories = (*canonical, *(v for v in names if v not in known))
    dtype, code_of = _ordered_dtype(categories)
    codes = np.array([-1 if v is None else code_of[v] for v in items], dtype=np.int64)
    return pd.Categorical.from_codes(codes, dtype=dtype, validate=False)


@lru_cache(maxsize=256)
def _ordered_dtype(categories: tuple[str, ...]) -> tuple[pd.CategoricalDtype, dict[str, int]]:
    """The ordered categorical dtype of ``categories`` and each category's code, built once
    per list of categories (pandas checks the categories each time a dtype is made)."""
    dtype = pd.CategoricalDtype(list(categories), ordered=True)
    return dtype, {name: code for code, name in enumerate(categories)}


def ordered_levels(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with any ``level1``/``level2`` column as the ordered categorical of
    :data:`LEVEL_COLUMNS` (e.g. after ``pd.concat`` of tables whose other names differ
    gave plain text); a copy. Other columns are left as they are.
    """
    out = frame.copy()
    for column, dtype in LEVEL_COLUMNS.items():
        if column in out.columns:
            out[column] = ordered_categorical(out[column], CATEGORY_ORDERS[dtype])
    return out


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
    if dtype in CATEGORY_ORDERS:
        return ordered_categorical(values, CATEGORY_ORDERS[dtype])
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
            {
                name: ordered_categorical(frame[name], CATEGORY_ORDERS[dtype])
                if dtype in CATEGORY_ORDERS
                else pd.array(frame[name].to_numpy(), dtype=dtype)
                for name, dtype in self.columns
            }
        )

    def concat(self, frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
        """The rows of ``frames`` (tables of this schema) one after another, typed as declared.

        ``pd.concat`` alone turns ordered categoricals whose categories differ (each table
        lists the other names it found) into plain text; here they are rebuilt, with the
        other names in order of first appearance.
        """
        frames = list(frames)
        if not frames:
            return self.empty()
        return self.coerce(pd.concat(frames, ignore_index=True))

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
            if dtype in CATEGORY_ORDERS:
                actual = frame[name].dtype
                canonical = CATEGORY_ORDERS[dtype]
                if not (
                    isinstance(actual, pd.CategoricalDtype)
                    and actual.ordered
                    and tuple(actual.categories[: len(canonical)]) == canonical
                ):
                    raise ValueError(f"{self.name}.{name}: dtype {actual} != {dtype}")
            elif str(frame[name].dtype) != dtype:
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
        ("level1", LEVEL1),
        ("level2", LEVEL2),
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
FUNDING_CATEGORIES = ("total", "fiscal", "carryover", "other")
SEVERITIES = ("error", "warning", "info")
CELL_ROLES = ("label", "value", "context", "reported", "ignored")
