"""Run one work function over many files on an engine, with a progress bar.

:func:`run_files` is generic: extraction passes :func:`~kpi_analysis.batch.runner.process_file`,
and review or scoring can pass their own per-file function (a module-level function or a
:func:`functools.partial` of one, so that it can be sent to worker processes). Results come
back as ``(item, result)`` pairs in the order they finish. An exception raised by the work
function, or a worker that dies, becomes a :class:`WorkFailure` result: one bad file never
stops the batch.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from typing import IO, Any, TypeVar

from tqdm import tqdm

from kpi_analysis.batch.work import BatchError, WorkFailure, is_failure

__all__ = ["ENGINES", "BatchError", "WorkFailure", "default_jobs", "is_failure", "run_files"]

ENGINES = ("local", "dask")

T = TypeVar("T")


def default_jobs() -> int:
    """All cores of this machine."""
    return os.cpu_count() or 1


def run_files(
    items: Sequence[T],
    work_fn: Callable[[T], Any],
    *,
    jobs: int | None = None,
    engine: str = "local",
    scheduler: object = None,
    progress: bool | None = None,
    progress_file: IO[str] | None = None,
    desc: str = "处理文件",
) -> Iterator[tuple[T, Any]]:
    """Yield ``(item, work_fn(item))`` for every item, as each finishes.

    ``engine="local"`` uses ``jobs`` worker processes (default: all cores; 1 runs in this
    process); ``engine="dask"`` sends the work to the Dask scheduler at ``scheduler`` (an
    address such as ``tcp://10.0.0.5:8786`` or a ``distributed.Client``; none starts a
    local cluster of ``jobs`` processes). The progress bar (on stderr; by default only on a
    terminal) shows files done, failures and the rate.
    """
    jobs = jobs or default_jobs()
    if engine == "local":
        from kpi_analysis.batch.local import run_local

        results = run_local(items, work_fn, jobs=jobs)
    elif engine == "dask":
        from kpi_analysis.batch.dask import run_dask

        results = run_dask(items, work_fn, scheduler=scheduler, jobs=jobs)
    else:
        raise ValueError(f"未知的计算引擎“{engine}”（可选：{'、'.join(ENGINES)}）")
    disable = None if progress is None else not progress
    failures = 0
    with (
        closing(results),
        tqdm(
            total=len(items),
            desc=desc,
            unit="个文件",
            disable=disable,
            file=progress_file or sys.stderr,
            dynamic_ncols=True,
        ) as bar,
    ):
        bar.set_postfix_str("失败 0", refresh=False)
        for item, result in results:
            if is_failure(result):
                failures += 1
                bar.set_postfix_str(f"失败 {failures}", refresh=False)
            bar.update(1)
            yield item, result
