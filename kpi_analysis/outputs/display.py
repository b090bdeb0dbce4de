"""Tables and figures for people: notebooks (HTML in JupyterLab) and the HTML report.

:class:`Table` turns a tidy frame into a table an auditor reads: Chinese headers
(:func:`kpi_analysis.outputs.labels.for_display`), amounts in 万元 with two decimals, rates as
percentages, blanks instead of ``<NA>``, no index, 一级/二级指标 in their official order.
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
>>> list(ordered_levels(frame)["level1"].cat.categories[:2])
['产出指标', '效益指标']
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from kpi_analysis.outputs.labels import TABLE_SCHEMAS, Subject, column_kinds, for_display
from kpi_analysis.tables.schema import AMOUNT_WAN, RATE, TableSchema
from kpi_analysis.text.vocabulary import LEVEL1_CANONICAL, LEVEL2_CANONICAL

__all__ = [
    "Table",
    "nothing_for",
    "ordered_levels",
    "show_figure",
    "show_table",
]

#: Official order of 一级指标 (the 2020 template; 成本指标 of the newer one last).
LEVEL1_ORDER = ("产出指标", "成本指标", "效益指标", "满意度指标")
_LEVEL1 = LEVEL1_ORDER + tuple(v for v in LEVEL1_CANONICAL if v not in LEVEL1_ORDER)


def _is_blank(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def ordered_levels(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with ``level1``/``level2`` as ordered categoricals in the official order
    (values not in the official lists follow in order of appearance); a copy."""
    out = frame.copy()
    for column, official in (("level1", _LEVEL1), ("level2", LEVEL2_CANONICAL)):
        if column not in out.columns:
            continue
        values = out[column].astype("object")
        seen = [v for v in dict.fromkeys(values) if not _is_blank(v)]
        order = [v for v in official if v in seen] + [v for v in seen if v not in official]
        out[column] = pd.Categorical(values.where(values.notna(), None), categories=order,
                                     ordered=True)  # fmt: skip
    return out


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
        frame = ordered_levels(frame)
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


def show_table(frame: pd.DataFrame, subject: Subject = "tables", **options) -> None:
    """Display ``frame`` as a :class:`Table` in a notebook (HTML and its text form)."""
    from IPython.display import display

    display(Table(frame, subject, **options))


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
