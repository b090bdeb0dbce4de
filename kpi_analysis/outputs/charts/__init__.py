"""Charts with Chinese labels, drawn from tidy tables (one module per subject).

Importing this package registers the CJK font (:mod:`kpi_analysis.outputs.charts.fonts`).
"""

from kpi_analysis.outputs.charts.targets import (
    PERIOD_COLORS,
    PERIOD_LABELS,
    indicator_counts_chart,
    save_figure,
)

__all__ = ["PERIOD_COLORS", "PERIOD_LABELS", "indicator_counts_chart", "save_figure"]
