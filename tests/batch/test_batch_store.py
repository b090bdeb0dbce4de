"""The dataset store: partitioned part files, a manifest as commit point, atomic changes."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pandas as pd
import pytest

from kpi_analysis.batch import store as store_module
from kpi_analysis.batch.open import open_dataset
from kpi_analysis.batch.runner import FileResult, process_file
from kpi_analysis.batch.store import (
    MANIFEST,
    NULL_SEGMENT,
    DatasetLockedError,
    DatasetStore,
    code_version,
    encode_segment,
    manifest_frame,
    partition_dir,
    read_manifest,
)
from tests.support.batch_samples import write_broken_files, write_text_forms


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> list[FileResult]:
    root = tmp_path_factory.mktemp("forms")
    paths = write_text_forms(root, 6, seed=5) + write_broken_files(root / "broken")[:2]
    return [process_file(path, root=root) for path in paths]


def write(out: Path, results: list[FileResult], **options: int) -> None:
    with DatasetStore.open(out, **options) as store:
        for result in results:
            store.add(result)


def part_files(out: Path) -> set[str]:
    return {
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if p.is_file() and p.name not in (MANIFEST, "_lock")
    }


def test_rows_are_filed_by_year_and_department(results, tmp_path):
    write(tmp_path, results)
    indicators = open_dataset(tmp_path, "indicators")
    for (year, department), group in indicators.groupby(["year", "department"]):
        folder = tmp_path / partition_dir("indicators", year, department)
        files = list(folder.glob("*.parquet"))
        assert len(files) == 1  # one batch → one part per partition
        assert pd.read_parquet(files[0])["file"].tolist() == group["file"].tolist()


def test_the_manifest_lists_every_file_with_hash_status_and_exactly_the_part_files(
    results, tmp_path
):
    write(tmp_path, results)
    manifest = read_manifest(tmp_path)
    assert set(manifest) == {r.file for r in results}
    for r in results:
        entry = manifest[r.file]
        assert entry.sha256 == r.sha256
        assert entry.status == ("failed" if r.failed else "ok")
        assert entry.version == code_version()
    listed = {p for entry in manifest.values() for p in entry.parts}
    assert listed == part_files(tmp_path)
    frame = manifest_frame(tmp_path)
    assert frame["file"].tolist() == sorted(r.file for r in results)


def test_small_batches_write_more_parts_but_the_same_rows(results, tmp_path):
    write(tmp_path / "one", results)
    write(tmp_path / "many", results, batch_files=1)
    many, one = part_files(tmp_path / "many"), part_files(tmp_path / "one")
    assert len(many) > len(one)
    failed = sum(r.failed for r in results)
    assert len([p for p in many if p.startswith("failures/")]) == failed > 1
    assert len([p for p in one if p.startswith("failures/")]) == 1
    for table in ("projects", "indicators", "findings", "failures"):
        pd.testing.assert_frame_equal(
            open_dataset(tmp_path / "one", table), open_dataset(tmp_path / "many", table)
        )


def test_failures_are_a_table_of_their_own(results, tmp_path):
    write(tmp_path, results)
    failures = open_dataset(tmp_path, "failures")
    expected = sorted((r.file, r.failure.error_class) for r in results if r.failed)
    assert list(zip(failures["file"], failures["error_class"], strict=True)) == expected


def test_remove_drops_only_that_files_rows_and_rewrites_shared_parts(results, tmp_path):
    write(tmp_path, results)
    gone = next(r for r in results if not r.failed)
    before = open_dataset(tmp_path, "indicators")
    old_parts = set(read_manifest(tmp_path)[gone.file].parts)
    with DatasetStore.open(tmp_path) as store:
        assert store.remove([gone.file, "never/there.txt"]) == 1
    after = open_dataset(tmp_path, "indicators")
    expected = before[before["file"] != gone.file].reset_index(drop=True)
    pd.testing.assert_frame_equal(after, expected)
    assert gone.file not in read_manifest(tmp_path)
    assert not any((tmp_path / part).exists() for part in old_parts)
    listed = {p for entry in read_manifest(tmp_path).values() for p in entry.parts}
    assert listed == part_files(tmp_path)


def test_adding_a_file_again_replaces_its_rows(results, tmp_path):
    write(tmp_path, results)
    write(tmp_path, results[:1])  # in a later run
    write(tmp_path / "same_run", [results[0], results[1], results[0]])
    for out in (tmp_path, tmp_path / "same_run"):
        indicators = open_dataset(out, "indicators")
        count = (indicators["file"] == results[0].file).sum()
        assert count == len(results[0].tables["indicators"]) > 0


def test_opening_deletes_part_and_temporary_files_the_manifest_does_not_list(results, tmp_path):
    write(tmp_path, results)
    before = open_dataset(tmp_path, "indicators")
    some_part = next(iter(read_manifest(tmp_path).values())).parts[0]
    orphan = (tmp_path / some_part).with_name("part-orphan.parquet")
    orphan.write_bytes((tmp_path / some_part).read_bytes())
    leftover = tmp_path / "indicators" / ".tmp-abc-part.parquet"
    leftover.write_bytes(b"half written")
    # an orphan is invisible to readers: only the manifest's parts are read
    pd.testing.assert_frame_equal(open_dataset(tmp_path, "indicators"), before)
    with DatasetStore.open(tmp_path) as store:
        assert not orphan.exists() and not leftover.exists()
        assert store.entries == read_manifest(tmp_path)


def test_a_run_that_stops_before_its_commit_leaves_the_previous_dataset(
    results, tmp_path, monkeypatch
):
    write(tmp_path, results[:3])
    before = {t: open_dataset(tmp_path, t) for t in ("projects", "indicators")}
    manifest_before = (tmp_path / MANIFEST).read_bytes()

    def power_cut(root, entries):
        raise KeyboardInterrupt

    monkeypatch.setattr(store_module, "write_manifest", power_cut)
    with pytest.raises(KeyboardInterrupt), DatasetStore.open(tmp_path) as store:
        for result in results[3:]:
            store.add(result)
        store.flush()
    monkeypatch.undo()
    assert (tmp_path / MANIFEST).read_bytes() == manifest_before
    for table, frame in before.items():
        pd.testing.assert_frame_equal(open_dataset(tmp_path, table), frame)
    with DatasetStore.open(tmp_path):  # the next run cleans up the uncommitted parts
        pass
    listed = {p for entry in read_manifest(tmp_path).values() for p in entry.parts}
    assert listed == part_files(tmp_path)
    assert not list(tmp_path.rglob(".tmp-*"))


def test_two_runs_cannot_write_one_folder_at_once(tmp_path):
    with DatasetStore.open(tmp_path), pytest.raises(DatasetLockedError, match="正被另一个运行"):
        DatasetStore.open(tmp_path)
    with DatasetStore.open(tmp_path):  # released at the end of the first run
        pass


@pytest.mark.parametrize(
    "name", ["宿州市委编办", "A/B 局", "100% 局", "含:冒号*问号?", "tab\t局", "局" * 10]
)
def test_department_folder_names_decode_to_the_department(name):
    segment = encode_segment(name)
    assert "/" not in segment and "\t" not in segment
    assert unquote(segment) == name


def test_long_department_names_are_shortened_with_a_hash():
    long_a, long_b = "甲" * 100 + "局", "甲" * 100 + "委"
    a, b = encode_segment(long_a), encode_segment(long_b)
    assert len(a.encode()) <= 200 and len(b.encode()) <= 200
    assert a != b


def test_missing_partition_values_leave_their_folder_level_out():
    assert encode_segment(None) == encode_segment(pd.NA) == encode_segment(" ") == NULL_SEGMENT
    assert partition_dir("goals", pd.NA, "局") == "goals/department=局"
    assert partition_dir("goals", 2021, None) == "goals/year=2021"
    assert partition_dir("goals", None, None) == "goals"
