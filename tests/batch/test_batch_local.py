"""The local engine: worker processes, errors and dead workers contained per item."""

from __future__ import annotations

import os

import pytest

from kpi_analysis.batch.engine import WorkFailure
from kpi_analysis.batch.local import WorkersCannotStartError, process_context, run_local

# Work functions live at module level so that worker processes can import them.


def square(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


def fail_on_three(x: int) -> int:
    if x == 3:
        raise ValueError("三不行")
    return x


def crash_on_three(x: int) -> int:
    if x == 3:
        os._exit(7)  # the worker process dies, as when the OS kills it for memory
    return x


def always_crash(x: int) -> int:
    os._exit(7)


def test_two_workers_give_every_result_once_in_other_processes():
    results = dict(run_local(range(20), square, jobs=2))
    assert sorted(results) == list(range(20))
    assert all(value == x * x for x, (value, _) in results.items())
    pids = {pid for _, pid in results.values()}
    assert os.getpid() not in pids
    assert 1 <= len(pids) <= 2


def test_one_job_runs_in_this_process_in_order():
    results = list(run_local(range(5), square, jobs=1))
    assert [x for x, _ in results] == [0, 1, 2, 3, 4]
    assert {pid for _, (_, pid) in results} == {os.getpid()}


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_exception_fails_only_its_item(jobs):
    results = dict(run_local(range(6), fail_on_three, jobs=jobs))
    assert results[3] == WorkFailure(3, "ValueError", "3: 处理时出错：三不行")
    assert {x: r for x, r in results.items() if x != 3} == {0: 0, 1: 1, 2: 2, 4: 4, 5: 5}


def test_a_dead_worker_fails_only_the_item_that_killed_it():
    results = dict(run_local(range(10), crash_on_three, jobs=2))
    assert sorted(results) == list(range(10))
    failed = {x for x, r in results.items() if isinstance(r, WorkFailure)}
    assert failed == {3}
    assert results[3].error_class == "WorkerCrashed"
    assert "工作进程意外退出" in results[3].message
    assert all(results[x] == x for x in results if x != 3)


def test_workers_that_never_finish_anything_stop_the_run():
    with pytest.raises(WorkersCannotStartError, match="工作进程无法启动"):
        list(run_local(range(10), always_crash, jobs=2))


def test_workers_are_not_forked_from_a_threaded_parent():
    assert process_context().get_start_method() in ("forkserver", "spawn")
