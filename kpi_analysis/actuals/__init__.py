"""Actuals in: the fill-in workbook (``kpi-analysis template``) and its reader.

>>> from kpi_analysis.actuals import load_actuals, write_actuals_template
"""

from kpi_analysis.actuals.reader import (
    ACTUAL_FUNDING,
    ACTUAL_INDICATORS,
    Actuals,
    is_actuals_workbook,
    load_actuals,
)
from kpi_analysis.actuals.targets import funding_for_years, targets_for_years
from kpi_analysis.actuals.template import TemplateSummary, write_actuals_template

__all__ = [
    "ACTUAL_FUNDING",
    "ACTUAL_INDICATORS",
    "Actuals",
    "TemplateSummary",
    "funding_for_years",
    "is_actuals_workbook",
    "load_actuals",
    "targets_for_years",
    "write_actuals_template",
]
