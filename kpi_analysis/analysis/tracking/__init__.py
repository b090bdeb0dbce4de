"""Tracking across years: targets per year, mid-term changes, funding, progress to mid-term targets.

Pure functions over the tidy tables (docs/rules.md#mid-term, #bands); none reads files or
changes its
input. Several years' target documents (e.g. 2021, 2022, 2023) are loaded together with
:func:`kpi_analysis.load`; projects are matched across documents by name.

* :func:`year_targets` — each year measured against its own annual targets, falling back to
  the mid-term ones, and saying so (built on :func:`kpi_analysis.tables.actuals.targets_for_years`);
  :func:`match_plan_targets` / :func:`apply_plan_targets` set actual rows against them.
* :func:`midterm_changes` — the mid-term table of each document against the one before it:
  added, dropped, renamed and changed targets.
* :func:`funding_by_year` — budget, executed and execution rate by project and year,
  cumulative spending against the mid-term total; rates below 90 % without a reason flagged.
* :func:`cumulative_progress` — progress toward each mid-term target (sum for counts and
  amounts, latest for rates and percentages, configurable per indicator), the year's own
  completion, and a status colour from :class:`StatusBands`, applied to the rounded value shown.
* :func:`score_years` — every source of actuals (actuals workbook, self-evaluation forms)
  scored year by year against the right targets, with the tables above.
"""

from kpi_analysis.analysis.tracking.bands import (
    DEFAULT_STATUS_BANDS,
    StatusBand,
    StatusBands,
    round_half_up,
)
from kpi_analysis.analysis.tracking.changes import CHANGE_LABELS, midterm_changes
from kpi_analysis.analysis.tracking.funding import funding_by_year
from kpi_analysis.analysis.tracking.progress import (
    DEFAULT_PROGRESS_PROFILE,
    ProgressProfile,
    cumulative_progress,
)
from kpi_analysis.analysis.tracking.targets import (
    apply_plan_targets,
    match_plan_targets,
    target_basis,
    year_targets,
)
from kpi_analysis.analysis.tracking.yearly import YearlyScores, score_years

__all__ = [
    "CHANGE_LABELS",
    "DEFAULT_PROGRESS_PROFILE",
    "DEFAULT_STATUS_BANDS",
    "ProgressProfile",
    "StatusBand",
    "StatusBands",
    "YearlyScores",
    "apply_plan_targets",
    "cumulative_progress",
    "funding_by_year",
    "match_plan_targets",
    "midterm_changes",
    "round_half_up",
    "score_years",
    "target_basis",
    "year_targets",
]
