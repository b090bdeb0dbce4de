"""kpi_analysis: read 项目支出绩效目标表 into tidy tables and analyse them.

The public surface is small: :func:`load` reads files or folders into a :class:`Dataset`;
:func:`parse_target` parses one 指标值; the error classes name the file, table and row.
"""

from kpi_analysis.batch.open import open_dataset
from kpi_analysis.errors import BadValueError, KpiError, UnknownLayoutError, UnreadableFileError
from kpi_analysis.readers.limits import ReadLimits
from kpi_analysis.tables.actuals import Actuals, load_actuals
from kpi_analysis.tables.selfeval import SelfEval, load_selfeval
from kpi_analysis.tables.targets import Dataset, load
from kpi_analysis.text.grammar import TargetParse, parse_target

__all__ = [
    "Actuals",
    "BadValueError",
    "Dataset",
    "KpiError",
    "ReadLimits",
    "SelfEval",
    "TargetParse",
    "UnknownLayoutError",
    "UnreadableFileError",
    "load",
    "load_actuals",
    "load_selfeval",
    "open_dataset",
    "parse_target",
]

__version__ = "0.1.0"
