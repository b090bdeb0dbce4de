"""run_files: one entry point for both engines, with a progress bar and failure count."""

from __future__ import annotations

import io
from functools import partial

import pytest

from kpi_analysis.batch.engine import WorkFailure, default_jobs, is_failure, run_files


def shout(text: str, mark: str = "！") -> str:
    if text == "坏":
        raise RuntimeError("坏文件")
    return text + mark


def test_run_files_yields_each_item_with_its_result():
    items = ["甲", "乙", "丙"]
    results = dict(run_files(items, partial(shout, mark="。"), jobs=2, progress=False))
    assert results == {"甲": "甲。", "乙": "乙。", "丙": "丙。"}


def test_the_progress_bar_counts_files_failures_and_rate():
    stream = io.StringIO()
    items = ["甲", "坏", "丙", "丁"]
    results = dict(run_files(items, shout, jobs=1, progress=True, progress_file=stream))
    assert is_failure(results["坏"]) and not is_failure(results["甲"])
    shown = stream.getvalue()
    final = shown.split("\r")[-1]
    assert "4/4" in final
    assert "失败 1" in final
    assert "个文件/s" in final


def test_no_progress_bar_when_quiet():
    stream = io.StringIO()
    list(run_files(["甲"], shout, jobs=1, progress=False, progress_file=stream))
    assert stream.getvalue() == ""


def test_an_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="未知的计算引擎"):
        list(run_files(["甲"], shout, engine="spark"))


def test_failures_are_recognised_by_their_failed_attribute():
    assert is_failure(WorkFailure("a", "ValueError", "…"))
    assert not is_failure("a result")
    assert default_jobs() >= 1
