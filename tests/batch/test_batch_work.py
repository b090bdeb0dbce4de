"""Shared batch types, the package version and the optional Dask extra."""

from __future__ import annotations

import sys

import pytest

import kpi_analysis
from kpi_analysis.batch.dask import ClusterError, require_distributed
from kpi_analysis.batch.work import WorkFailure, is_failure, package_version


def test_package_version_comes_from_the_installed_metadata() -> None:
    assert package_version() == kpi_analysis.__version__
    assert package_version()[0].isdigit()


def test_work_failure_names_the_item_in_chinese() -> None:
    failure = WorkFailure.from_exception("a.docx", ValueError("坏"))
    assert is_failure(failure) and not is_failure("ok")
    assert failure.error_class == "ValueError" and "a.docx" in failure.message


def test_dask_engine_without_the_extra_says_how_to_install_it(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    with pytest.raises(ClusterError) as caught:
        require_distributed()
    assert "kpi_analysis[dask]" in str(caught.value) and "--engine local" in str(caught.value)
