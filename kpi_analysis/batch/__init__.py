"""Batch runs over folder trees: parallel workers or a Dask cluster, a partitioned dataset.

- :func:`run_files` runs any per-file function on the local or the Dask engine;
- :func:`process_file` is extraction's per-file function (never raises);
- :func:`extract_dataset` / :func:`extract_tables` run extraction over folders;
- :func:`open_dataset` reads a stored dataset lazily with filters.
"""

from kpi_analysis.batch.engine import WorkFailure, run_files
from kpi_analysis.batch.open import open_dataset, table_dataset
from kpi_analysis.batch.pipeline import BatchReport, extract_dataset, extract_tables
from kpi_analysis.batch.runner import Failure, FileResult, discover_files, process_file
from kpi_analysis.batch.store import DatasetStore, manifest_frame, read_manifest

__all__ = [
    "BatchReport",
    "DatasetStore",
    "Failure",
    "FileResult",
    "WorkFailure",
    "discover_files",
    "extract_dataset",
    "extract_tables",
    "manifest_frame",
    "open_dataset",
    "process_file",
    "read_manifest",
    "run_files",
    "table_dataset",
]
