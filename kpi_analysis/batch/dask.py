"""The Dask engine: the same per-file work on a ``distributed`` cluster.

Each item is one task (``client.submit(work_fn, item)``), a few per worker thread in flight
at a time, and results are gathered as they finish. The package code per file is unchanged;
the workers need the same version of ``kpi_analysis`` installed and must see the input files
under the same paths (a shared file system), since tasks carry paths, not file contents.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

from kpi_analysis.batch.work import BatchError, WorkFailure, package_version

T = TypeVar("T")

TASKS_PER_THREAD = 4


class ClusterError(BatchError):
    """The Dask cluster cannot be reached or does not run this package."""


def check_workers(client: Any) -> None:
    """Raise :class:`ClusterError` unless every worker runs this version of the package."""
    local = package_version()
    try:
        versions = client.run(package_version)
    except Exception as error:  # ModuleNotFoundError on the workers, lost connection…
        raise ClusterError(
            f"无法在集群工作节点上运行 kpi_analysis：{error}",
            hint="请在每个工作节点上安装与本机相同版本的 kpi_analysis",
        ) from error
    if not versions:
        raise ClusterError("集群中没有可用的工作节点", hint="请先启动 dask worker 并连接调度器")
    wrong = {worker: v for worker, v in versions.items() if v != local}
    if wrong:
        listed = "、".join(f"{w}（{v}）" for w, v in sorted(wrong.items()))
        raise ClusterError(
            f"集群工作节点的 kpi_analysis 版本与本机（{local}）不同：{listed}",
            hint="请在每个工作节点上安装与本机相同版本的 kpi_analysis",
        )


def require_distributed() -> Any:
    """The ``distributed`` module, or a clear error when the ``dask`` extra is not installed."""
    try:
        import distributed
    except ImportError as error:
        raise ClusterError(
            "使用 Dask 引擎（--engine dask）需要安装 dask 和 distributed",
            hint='请运行 pip install "kpi_analysis[dask]"，或改用默认的 --engine local',
        ) from error
    return distributed


def connect(scheduler: object, jobs: int) -> tuple[Any, Any]:
    """A client for ``scheduler`` (address or client); a local cluster when it is None.

    Returns ``(client, cluster)``; ``cluster`` is what this function started (or None).
    """
    distributed = require_distributed()
    Client, LocalCluster = distributed.Client, distributed.LocalCluster

    if isinstance(scheduler, Client):
        return scheduler, None
    if scheduler is None:
        cluster = LocalCluster(
            n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None
        )
        return Client(cluster, set_as_default=False), cluster
    try:
        return Client(str(scheduler), set_as_default=False, timeout="30s"), None
    except (OSError, TimeoutError) as error:
        raise ClusterError(
            f"无法连接 Dask 调度器 {scheduler}：{error}",
            hint="请检查地址（如 tcp://10.0.0.5:8786）、端口和防火墙",
        ) from error


def run_dask(
    items: Iterable[T], work_fn: Callable[[T], Any], *, scheduler: object, jobs: int
) -> Iterator[tuple[T, Any]]:
    """Yield ``(item, result)`` as the cluster finishes each item."""
    from distributed import as_completed

    client, cluster = connect(scheduler, jobs)
    owned = client is not scheduler
    try:
        check_workers(client)
        threads = sum(client.nthreads().values()) or 1
        queue = iter(items)
        inflight: dict[str, T] = {}

        def submit(item: T) -> Any:
            future = client.submit(work_fn, item, pure=False)
            inflight[future.key] = item
            return future

        futures = as_completed(
            [submit(item) for item in islice(queue, threads * TASKS_PER_THREAD)],
            loop=client.loop,
        )
        for future in futures:
            item = inflight.pop(future.key)
            try:
                result = future.result()
            except (Exception, asyncio.CancelledError) as error:  # KilledWorker, task errors
                result = WorkFailure.from_exception(item, error)
            future.release()
            for follower in islice(queue, 1):
                futures.add(submit(follower))
            yield item, result
    finally:
        if owned:
            client.close()
        if cluster is not None:
            cluster.close()
