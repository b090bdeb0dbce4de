"""What the batch engines share: the failure of one item and the error of a whole batch.

The engines (:mod:`kpi_analysis.batch.local`, :mod:`kpi_analysis.batch.dask`) and the
dispatcher (:mod:`kpi_analysis.batch.engine`) all import these from here, so no engine
imports the dispatcher that imports it.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from kpi_analysis.errors import KpiError

__all__ = ["BatchError", "WorkFailure", "is_failure", "package_version"]


class BatchError(KpiError):
    """A batch cannot run at all (no cluster, workers that cannot start); names no file."""

    def __str__(self) -> str:
        return self.message + (f"（{self.hint}）" if self.hint else "")


@dataclass(frozen=True)
class WorkFailure:
    """The work function raised (or its worker died) for ``item``."""

    item: Any
    error_class: str
    message: str

    failed = True

    @classmethod
    def from_exception(cls, item: object, error: BaseException) -> WorkFailure:
        """Describe ``error`` in Chinese, naming the item."""
        return cls(item, type(error).__name__, f"{item}: 处理时出错：{error}")


def is_failure(result: object) -> bool:
    """True for a :class:`WorkFailure` or any result whose ``failed`` attribute is true."""
    return bool(getattr(result, "failed", False))


def package_version() -> str:
    """The installed ``kpi_analysis`` version (asked of every Dask worker, kept in manifests)."""
    try:
        return version("kpi_analysis")
    except PackageNotFoundError:  # a source tree that was never installed
        return "0+unknown"
