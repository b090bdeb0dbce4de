"""The local engine: a pool of worker processes on this machine.

Work is handed out a few items per worker at a time, so results never pile up in memory
however many files there are. Workers are started with ``forkserver`` (``spawn`` where that
does not exist), never ``fork``: the parent may run threads (the progress bar, a Dask
client) and forking a threaded process can deadlock.

If a worker process dies (killed for memory, a crash in a C library), the pool breaks and
every item in flight fails with it. Those items are then run again one at a time, each in a
fresh single-worker pool; the one that kills its worker again becomes a
:class:`~kpi_analysis.batch.engine.WorkFailure` and the batch goes on.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext
from typing import Any, TypeVar

from kpi_analysis.batch.work import BatchError, WorkFailure

T = TypeVar("T")

ITEMS_PER_WORKER = 4
PRELOAD = ["kpi_analysis.batch.runner"]
#: Items that kill even a worker of their own, with nothing done yet, before the run stops:
#: then the workers themselves cannot start (see :class:`WorkersCannotStartError`).
CRASHES_BEFORE_GIVING_UP = 3


class WorkersCannotStartError(BatchError):
    """Every worker process dies before finishing a single item."""


def process_context() -> BaseContext:
    """``forkserver`` with the package preloaded (each worker starts warm), else ``spawn``."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


def call(work_fn: Callable[[T], Any], item: T) -> Any:
    """``work_fn(item)``, or a :class:`WorkFailure` if it raises."""
    try:
        return work_fn(item)
    except Exception as error:
        return WorkFailure.from_exception(item, error)


def crashed(item: object) -> WorkFailure:
    """The failure of an item whose worker process died while working on it."""
    return WorkFailure(
        item,
        "WorkerCrashed",
        f"{item}: 处理该文件时工作进程意外退出（可能是内存不足或读取程序崩溃）",
    )


def cannot_start() -> WorkersCannotStartError:
    """The error for a run whose worker processes die before doing anything."""
    return WorkersCannotStartError(
        "工作进程无法启动或在处理任何文件前就退出",
        hint='在脚本中调用时，请把调用放在 if __name__ == "__main__": 之下；'
        "或用 --jobs 1 在本进程中运行以查看错误",
    )


def run_isolated(work_fn: Callable[[T], Any], item: T, context: BaseContext) -> Any:
    """Run one item alone in a fresh one-worker pool; a dead worker means a failure."""
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        try:
            return pool.submit(work_fn, item).result()
        except BrokenProcessPool:
            return crashed(item)
        except Exception as error:
            return WorkFailure.from_exception(item, error)


def run_local(
    items: Iterable[T], work_fn: Callable[[T], Any], *, jobs: int
) -> Iterator[tuple[T, Any]]:
    """Yield ``(item, result)`` as items finish in ``jobs`` worker processes.

    ``jobs=1`` runs everything in this process, in order.
    """
    if jobs <= 1:
        for item in items:
            yield item, call(work_fn, item)
        return
    context = process_context()
    window = jobs * ITEMS_PER_WORKER
    queue = iter(items)
    pool = ProcessPoolExecutor(jobs, mp_context=context)
    inflight: dict[Future, T] = {}
    finished = crashes = 0
    try:
        while True:
            for item in queue:
                inflight[pool.submit(work_fn, item)] = item
                if len(inflight) >= window:
                    break
            if not inflight:
                return
            done, _ = wait(inflight, return_when=FIRST_COMPLETED)
            suspects: list[T] = []
            for future in done:
                item = inflight.pop(future)
                try:
                    result = future.result()
                except BrokenProcessPool:
                    suspects.append(item)
                    continue
                except Exception as error:
                    result = WorkFailure.from_exception(item, error)
                finished += 1
                yield item, result
            if suspects:  # the pool is dead: everything still in flight died with it
                suspects += inflight.values()
                inflight.clear()
                pool.shutdown(wait=True, cancel_futures=True)
                for item in suspects:
                    result = run_isolated(work_fn, item, context)
                    if getattr(result, "error_class", None) == "WorkerCrashed":
                        crashes += 1
                        if not finished and crashes >= CRASHES_BEFORE_GIVING_UP:
                            raise cannot_start()
                    else:
                        finished += 1
                    yield item, result
                pool = ProcessPoolExecutor(jobs, mp_context=context)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
