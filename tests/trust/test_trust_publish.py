"""Publishing an output set: old or new, never a mix — under Ctrl-C, kill -9 and a second run.

A child process publishes generation after generation of a set of files (each file
holds its generation number) into one folder with :func:`staging_folder` /
:func:`publish`; the test kills it at random moments (SIGINT or SIGKILL) and checks that
the folder holds one complete generation. Two children publishing concurrently into one
folder must leave one complete generation too. Killed runs' temporaries are removed by
the next run.
"""

from __future__ import annotations

import os
import random
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kpi_analysis.outputs.files import (
    LOCK_NAME,
    STAGING_PREFIX,
    output_lock,
    publish,
    staging_folder,
)

NAMES = ["a.csv", "b.parquet", "c.xlsx", "figures/d.png", "figures/e.png"]

CHILD = textwrap.dedent(
    """
    import sys
    from kpi_analysis.outputs.files import publish, staging_folder
    out, tag, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    names = {names!r}
    for generation in range(rounds):
        with staging_folder(out) as staging:
            for name in names:
                path = staging / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(f"{{tag}}-{{generation}}\\n" * 2000)
            publish(staging, names, out)
    """
).format(names=NAMES)


def _generations(out: Path) -> set[str]:
    """The generations the files in ``out`` hold, read through one handle on the folder.

    A reader holding the folder open sees one set throughout, however many swaps happen
    meanwhile (a reader that resolves ``out`` again for each file may see the next set).
    """
    found = set()
    folder = os.open(out, os.O_RDONLY)
    try:
        for name in NAMES:
            try:
                handle = os.open(name, os.O_RDONLY, dir_fd=folder)
            except FileNotFoundError:
                raise AssertionError(f"{name} missing") from None
            with open(handle, encoding="utf-8") as stream:
                lines = set(stream.read().splitlines())
            assert len(lines) == 1, f"{name} half written"
            found |= lines
    finally:
        os.close(folder)
    return found


def _check_live(out: Path) -> None:
    """Read the folder while runs publish into it: every file read is of one generation.

    The folder is read through one handle, so a swap during the read cannot mix two sets
    into it. (Comparing the folder's inode before and after is not enough: the removed old
    folder's inode number is reused by the next staging folder.) A file missing means the
    folder was swapped out and is being removed: that read is not judged.
    """
    try:
        found = _generations(out)
    except AssertionError as missing:
        if "missing" in str(missing):
            return
        raise
    assert len(found) == 1, found


def _child(out: Path, tag: str, rounds: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", CHILD, str(out), tag, str(rounds)])


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_a_killed_publish_leaves_the_old_set_or_the_new_one(tmp_path: Path, sig: int) -> None:
    out = tmp_path / "out"
    rng = random.Random(sig)
    assert _child(out, "start", 1).wait() == 0
    for attempt in range(6):
        child = _child(out, f"k{attempt}", 1000)
        time.sleep(rng.uniform(0.6, 1.5))  # past the interpreter's start, inside a publish
        child.send_signal(sig)
        child.wait()
        assert len(_generations(out)) == 1
    # the next run removes what the killed ones left behind and publishes normally
    assert _child(out, "after", 1).wait() == 0
    assert _generations(out) == {"after-0"}
    leftovers = [p.name for p in tmp_path.iterdir() if STAGING_PREFIX in p.name]
    leftovers += [p.name for p in out.iterdir() if p.name.startswith(STAGING_PREFIX)]
    assert leftovers == []


def test_two_concurrent_runs_to_one_folder_never_mix(tmp_path: Path) -> None:
    out = tmp_path / "out"
    children = [_child(out, tag, 15) for tag in ("x", "y")]
    try:
        deadline = time.time() + 120
        while any(c.poll() is None for c in children) and time.time() < deadline:
            if out.exists() and all((out / n).exists() for n in NAMES):
                _check_live(out)
            time.sleep(0.05)
        assert [c.wait(timeout=60) for c in children] == [0, 0]
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()
    assert _generations(out) in ({"x-14"}, {"y-14"})


def test_published_files_and_folder_follow_the_umask(tmp_path: Path) -> None:
    out = tmp_path / "out"
    old = os.umask(0o027)
    try:
        with staging_folder(out) as staging:
            (staging / "a.csv").write_text("1")
            publish(staging, ["a.csv"], out)
    finally:
        os.umask(old)
    assert stat.S_IMODE((out / "a.csv").stat().st_mode) == 0o640
    assert stat.S_IMODE(out.stat().st_mode) == 0o750


def test_other_files_in_the_folder_are_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "figures").mkdir(parents=True)
    (out / "notes.txt").write_text("mine")
    (out / "figures" / "old.png").write_text("old")
    with staging_folder(out) as staging:
        (staging / "figures").mkdir()
        (staging / "figures" / "new.png").write_text("new")
        publish(staging, ["figures/new.png"], out)
    assert (out / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in (out / "figures").iterdir()) == ["new.png", "old.png"]


def test_the_lock_is_reentrant_and_cleans_stale_temporaries(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / f"{STAGING_PREFIX}dead").mkdir(parents=True)
    (tmp_path / f".out{STAGING_PREFIX}dead").mkdir()
    with output_lock(out), output_lock(out):
        assert (tmp_path / f".out{LOCK_NAME}").exists()  # beside the folder, not in it
    assert not (out / f"{STAGING_PREFIX}dead").exists()
    assert not (tmp_path / f".out{STAGING_PREFIX}dead").exists()
