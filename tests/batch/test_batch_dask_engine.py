"""The Dask engine gives the local engine's tables, on a two-process LocalCluster."""

from __future__ import annotations

import dask
import pandas as pd
import pytest
from batch_forms import write_mixed_forms
from distributed import LocalCluster

from kpi_analysis.batch.dask import ClusterError, check_workers, package_version
from kpi_analysis.batch.engine import WorkFailure, run_files
from kpi_analysis.batch.open import open_dataset
from kpi_analysis.batch.partition import ALL_TABLES
from kpi_analysis.batch.pipeline import extract_dataset
from kpi_analysis.errors import EXIT_PARTIAL


def explode(x: int) -> int:
    if x == 2:
        raise ValueError("二号文件坏了")
    return x * 10


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """Two worker processes on localhost only; closed at the end of the module."""
    scratch = str(tmp_path_factory.mktemp("dask"))
    with (
        dask.config.set({"temporary-directory": scratch}),
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            local_directory=scratch,
        ) as cluster,
    ):
        yield cluster


def test_dask_and_local_engines_write_identical_tables(cluster, tmp_path):
    inputs = write_mixed_forms(tmp_path / "in", 6, seed=4)
    local = extract_dataset([inputs.root], tmp_path / "local", jobs=2, progress=False)
    remote = extract_dataset(
        [inputs.root],
        tmp_path / "dask",
        engine="dask",
        scheduler=cluster.scheduler_address,
        progress=False,
    )
    assert remote.exit_code() == local.exit_code() == EXIT_PARTIAL
    assert remote.failures == local.failures
    for name in ALL_TABLES:
        expected = open_dataset(tmp_path / "local", name)
        assert len(expected) > 0
        pd.testing.assert_frame_equal(open_dataset(tmp_path / "dask", name), expected)


def test_a_task_error_fails_only_its_item(cluster):
    results = dict(run_files(range(5), explode, engine="dask", scheduler=cluster.scheduler_address))
    assert results[2].failed and results[2].error_class == "ValueError"
    assert "二号文件坏了" in results[2].message
    assert {x: r for x, r in results.items() if x != 2} == {0: 0, 1: 10, 3: 30, 4: 40}


class FakeClient:
    def __init__(self, versions):
        self.versions = versions

    def run(self, function):
        if isinstance(self.versions, Exception):
            raise self.versions
        return self.versions


def test_workers_must_run_this_version_of_the_package():
    check_workers(FakeClient({"tcp://a": package_version()}))
    with pytest.raises(ClusterError, match="版本与本机"):
        check_workers(FakeClient({"tcp://a": package_version(), "tcp://b": "0.0.1"}))
    with pytest.raises(ClusterError, match="无法在集群工作节点上运行"):
        check_workers(FakeClient(ModuleNotFoundError("No module named 'kpi_analysis'")))
    with pytest.raises(ClusterError, match="没有可用的工作节点"):
        check_workers(FakeClient({}))


def test_work_failures_from_the_cluster_are_work_failures(cluster):
    results = dict(run_files([2], explode, engine="dask", scheduler=cluster.scheduler_address))
    assert isinstance(results[2], WorkFailure)
