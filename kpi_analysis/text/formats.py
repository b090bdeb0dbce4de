"""Identifiers of the workbooks this package writes, so readers can recognise them."""

ACTUALS_FORMAT_ID = "kpi_analysis-actuals"
