"""Writers: a Dataset back out as the standard 项目支出绩效目标表 (.docx and .xlsx).

Both writers share :mod:`kpi_analysis.outputs.writers.layout`, which turns the tidy rows of one
project into the narrative paragraphs and the merged-cell grid of the source document's
form, so that :func:`kpi_analysis.load` reads the written file back into the same tables.

>>> import pathlib, tempfile
>>> from kpi_analysis import load
>>> from kpi_analysis.cli.paths import DEFAULT_INPUT
>>> with tempfile.TemporaryDirectory() as folder:
...     out = write_target_forms_xlsx(load(DEFAULT_INPUT), pathlib.Path(folder) / "forms.xlsx")
...     len(load(out).indicators)
110
"""

from kpi_analysis.outputs.writers.docx_form import write_target_forms_docx
from kpi_analysis.outputs.writers.layout import (
    FormCell,
    FormLayout,
    project_layout,
    project_layouts,
)
from kpi_analysis.outputs.writers.xlsx_form import write_target_forms_xlsx

__all__ = [
    "FormCell",
    "FormLayout",
    "project_layout",
    "project_layouts",
    "write_target_forms_docx",
    "write_target_forms_xlsx",
]
