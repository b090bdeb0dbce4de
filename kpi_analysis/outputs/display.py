"""Tables and figures for people: notebooks (HTML in JupyterLab) and the HTML report.

:class:`Table` turns a tidy frame into a table an auditor reads: Chinese headers
(:func:`kpi_analysis.outputs.labels.for_display`), amounts in 万元 with two decimals, rates as
percentages, blanks instead of ``<NA>``, no index. 一级/二级指标 come in their official order
because the tidy tables hold them as ordered categoricals
(:func:`kpi_analysis.tables.schema.ordered_levels`); this module does not reorder rows.
Which columns are amounts or rates is decided by the column's **declared display kind**
(:func:`kpi_analysis.outputs.labels.column_kinds`: the table's schema, found by its name in
:data:`~kpi_analysis.outputs.labels.TABLE_SCHEMAS` or given, else
:data:`~kpi_analysis.outputs.labels.DERIVED_KINDS`), as in the Excel export
(:mod:`kpi_analysis.outputs.export`), never by the column's name or header. In a
notebook it shows as an HTML table (a :class:`pandas.io.formats.style.Styler` with a fixed
uuid, so the HTML is the same from run to run and nbval can compare it) and carries a plain
text form of the same formatted cells (``text/plain``), which nbval compares as well.

>>> frame = pd.DataFrame({"project_no": [1, 2], "budget_full": [10.0, None],
...                       "execution_rate": [0.86, None], "level1": ["效益指标", "产出指标"]})
>>> table = Table(frame, "tracking", name="demo", table="execution")
>>> print(repr(table))
 项目序号 全年预算数（万元） 预算执行率   一级指标
    1       10.00  86.00%   效益指标
    2                     产出指标
>>> 'id="T_demo"' in table.to_html() and "<NA>" not in table.to_html()
True

A table wider than :data:`MAX_COLUMNS` is shown in parts (:func:`split_columns`), each
repeating the key columns (project, year, indicator) that place a row:

>>> wide = pd.DataFrame({"project_no": [1], "indicator": ["甲"],
...                      **{f"c{i}": [i] for i in range(7)}})
>>> [list(part.columns) for part in split_columns(wide, max_columns=6)]
[['project_no', 'indicator', 'c0', 'c1', 'c2', 'c3'], ['project_no', 'indicator', 'c4', 'c5', 'c6']]
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from kpi_analysis.outputs.labels import TABLE_SCHEMAS, Subject, column_kinds, for_display
from kpi_analysis.tables.schema import AMOUNT_WAN, RATE, TableSchema

__all__ = [
    "KEY_COLUMNS",
    "MAX_COLUMNS",
    "Table",
    "nothing_for",
    "show_figure",
    "show_table",
    "split_columns",
]

#: Most columns of one table shown in a notebook; a wider one is shown in parts.
MAX_COLUMNS = 8
#: Columns that place a row (project, year, indicator): repeated in every part of a wide table.
KEY_COLUMNS = (
    "project_no",
    "project",
    "year",
    "indicator_no",
    "indicator",
    "indicator_annual",
    "indicator_mid",
)


def _is_blank(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def split_columns(
    frame: pd.DataFrame,
    keys: Iterable[object] | None = None,
    *,
    max_columns: int | None = MAX_COLUMNS,
) -> list[pd.DataFrame]:
    """``frame`` cut into parts of at most ``max_columns`` columns, each holding the key
    columns (``keys``, else those of :data:`KEY_COLUMNS` it has); the other columns are
    spread evenly over the fewest parts, and every part keeps the frame's column order.

    One part (``frame`` itself) when it is narrow enough or ``max_columns`` is None; when
    the keys leave no room, one other column per part.
    """
    wanted = KEY_COLUMNS if keys is None else list(keys)
    key = [c for c in frame.columns if c in wanted]
    rest = [c for c in frame.columns if c not in key]
    if max_columns is None or len(frame.columns) <= max_columns or not rest:
        return [frame]
    room = max(max_columns - len(key), 1)
    count = math.ceil(len(rest) / room)
    size, extra = divmod(len(rest), count)
    parts, start = [], 0
    for i in range(count):
        stop = start + size + (1 if i < extra else 0)
        shown = set(key) | set(rest[start:stop])
        parts.append(frame.loc[:, [c for c in frame.columns if c in shown]])
        start = stop
    return parts


def _money(value: object) -> str:
    return "" if _is_blank(value) else f"{float(value):,.2f}"


def _percent(value: object) -> str:
    return "" if _is_blank(value) else f"{float(value) * 100:.2f}%"


def _number(value: object) -> str:
    if _is_blank(value):
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _plain(value: object) -> str:
    if _is_blank(value):
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return str(value)


class Table:
    """A tidy frame shown with Chinese headers and formatted cells.

    ``subject`` picks the display labels (:func:`~kpi_analysis.outputs.labels.for_display`);
    ``name`` is the Styler uuid (letters, digits, ``-``/``_``: unique within a notebook);
    ``table`` is the table's name in :data:`~kpi_analysis.outputs.labels.TABLE_SCHEMAS` or
    its schema, whose declared display kinds (with
    :data:`~kpi_analysis.outputs.labels.DERIVED_KINDS`, :func:`~kpi_analysis.outputs.labels.
    column_kinds`) format the cells: ``amount_wan`` with thousands separators and two
    decimals, ``rate`` as a percentage; other numbers with two decimals when they are floats.
    ``percent`` names further ratio columns (e.g. the year columns of a pivoted table).
    """

    def __init__(
        self,
        frame: pd.DataFrame,
        subject: Subject = "tables",
        *,
        name: str,
        table: str | TableSchema | None = None,
        percent: Iterable[object] = (),
        caption: str | None = None,
        index: bool = False,
    ) -> None:
        frame = frame.reset_index() if index else frame
        schema = TABLE_SCHEMAS.get(table) if isinstance(table, str) else table
        if isinstance(table, str) and schema is None:
            raise KeyError(f"no table schema named {table!r}")
        kinds = column_kinds(list(frame.columns), schema)
        percents = set(percent)
        formats = {}
        for column in frame.columns:
            kind = kinds[column]
            if kind == RATE or column in percents:
                formats[column] = _percent
            elif not pd.api.types.is_numeric_dtype(frame[column]) or pd.api.types.is_bool_dtype(
                frame[column]
            ):
                formats[column] = _plain
            elif kind == AMOUNT_WAN:
                formats[column] = _money
            elif pd.api.types.is_float_dtype(frame[column]):
                formats[column] = _number
            else:
                formats[column] = _plain
        shown = for_display(frame, subject)
        self.columns = [str(c) for c in shown.columns]
        self.cells = pd.DataFrame(
            {
                label: [formats[column](v) for v in shown.iloc[:, i].astype("object")]
                for i, (column, label) in enumerate(zip(frame.columns, self.columns, strict=True))
            },
            columns=self.columns,
        )
        self.name = name
        self.caption = caption

    def __len__(self) -> int:
        return len(self.cells)

    @property
    def styler(self):  # -> pandas.io.formats.style.Styler
        """The HTML form: fixed uuid, no index, numbers right-aligned."""
        styler = self.cells.style.set_uuid(self.name).hide(axis="index")
        numeric = [
            c
            for c in self.columns
            if len(self.cells) and self.cells[c].str.fullmatch(r"-?[\d,.]+%?|").all()
        ]
        if numeric:
            styler = styler.set_properties(subset=numeric, **{"text-align": "right"})
        if self.caption:
            styler = styler.set_caption(self.caption)
        return styler

    def to_html(self) -> str:
        """The table as an HTML fragment (``<style>`` and ``<table>``)."""
        if self.cells.empty:
            return '<p class="empty">（无数据）</p>'
        return self.styler.to_html()

    def _repr_html_(self) -> str:
        return self.to_html()

    def to_text(self) -> str:
        """The same cells as aligned plain text (what nbval compares besides the HTML)."""
        head = f"{self.caption}\n" if self.caption else ""
        if self.cells.empty:
            return head + "（无数据）"
        return head + self.cells.to_string(index=False)

    def __repr__(self) -> str:
        return self.to_text()


def show_table(
    frame: pd.DataFrame,
    subject: Subject = "tables",
    *,
    name: str,
    keys: Iterable[object] | None = None,
    max_columns: int | None = MAX_COLUMNS,
    caption: str | None = None,
    index: bool = False,
    **options,
) -> None:
    """Display ``frame`` as a :class:`Table` in a notebook (HTML and its text form).

    A table wider than ``max_columns`` is shown in parts (:func:`split_columns`; with
    ``index=True`` the index columns are keys too), named ``{name}-1``, ``{name}-2`` … and
    captioned "（第 1/2 部分）".
    """
    from IPython.display import display

    if index:
        levels = [n for n in frame.index.names if n is not None]
        frame = frame.reset_index()
        keys = [*levels, *(KEY_COLUMNS if keys is None else keys)]
    parts = split_columns(frame, keys, max_columns=max_columns)
    for i, part in enumerate(parts, start=1):
        if len(parts) == 1:
            display(Table(part, subject, name=name, caption=caption, **options))
            continue
        label = f"（第 {i}/{len(parts)} 部分）"
        shown = f"{caption}{label}" if caption else label
        display(Table(part, subject, name=f"{name}-{i}", caption=shown, **options))


def show_figure(fig, path: str | os.PathLike[str]) -> Path:  # fig: matplotlib Figure
    """Save ``fig`` as PNG at ``path`` (:func:`~kpi_analysis.outputs.charts.save_figure`),
    show it inline and print the file name; return the path."""
    from IPython.display import display

    from kpi_analysis.outputs.charts import save_figure

    saved = save_figure(fig, path)
    display(fig)
    print(f"图已保存：{saved.name}")
    return saved


def nothing_for(year: int | None, what: str, have: Sequence[int] = ()) -> str:
    """The notice a notebook prints when ``year`` has no ``what``, e.g. 绩效目标表.

    >>> nothing_for(2024, "实际完成情况", [2021, 2022])
    '2024 年没有实际完成情况（已有年度：2021、2022），本节从略。'
    """
    known = "、".join(str(y) for y in have) or "无"
    when = f"{year} 年" if year is not None else "输入中"
    return f"{when}没有{what}（已有年度：{known}），本节从略。"
