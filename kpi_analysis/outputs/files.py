"""Writing output files safely: one file atomically, or a set of files all or nothing.

Every output of the package is written through here, so a failed or interrupted run never
leaves a half-written file where a user expects one, nor an output folder holding a mix of
old and new files:

- :func:`write_atomically` writes one file under a temporary name beside its target (same
  file system), gives it the mode the user's umask asks for (temporary files are created
  readable by their owner only), optionally flushes it to disk, and renames it into place;
- :func:`staging_folder` and :func:`publish` stage a set of files and move them into the
  output folder together, restoring the previous files if anything fails half-way.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> write_atomically(folder / "a.txt", lambda temp: temp.write_text("新", encoding="utf-8")).name
'a.txt'
>>> sorted(p.name for p in folder.iterdir())
['a.txt']
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

__all__ = ["STAGING_PREFIX", "file_mode", "publish", "staging_folder", "write_atomically"]

STAGING_PREFIX = ".kpi-tmp-"
"""Name prefix of the temporary files and folders this module creates."""


def file_mode() -> int:
    """The mode a new file gets under the current umask (0o644 with the usual 0o022)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomically(
    path: str | os.PathLike[str],
    write: Callable[[Path], object],
    *,
    fsync: bool = False,
    prefix: str = STAGING_PREFIX,
) -> Path:
    """Call ``write`` on a temporary file beside ``path``, then rename it into place.

    Missing parent folders are created. ``fsync`` flushes the file to disk before the rename
    (for data sets that must survive a power cut). On any failure, or Ctrl-C, the temporary
    file is removed and ``path`` keeps its previous content. Returns ``path``.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=prefix, suffix=target.suffix, dir=target.parent)
    os.close(handle)
    temp = Path(name)
    try:
        write(temp)
        if fsync:
            with open(temp, "rb+") as stream:
                os.fsync(stream.fileno())
        os.chmod(temp, file_mode())
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return target


@contextmanager
def staging_folder(out_dir: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary folder inside ``out_dir`` (same file system), removed afterwards.

    Write every output there, then :func:`publish` them; on any failure the output folder
    is left as it was.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def publish(staging: Path, names: Sequence[str], out_dir: str | os.PathLike[str]) -> list[Path]:
    """Move the staged files ``names`` into ``out_dir``, all or nothing.

    Each file is renamed into place (atomic on one file system) with the user's umask mode.
    The files they replace are first set aside in ``staging``; if anything fails or is
    interrupted (Ctrl-C) half-way, the files already moved are taken back and the previous
    ones restored, so the folder never holds a mix of old and new outputs.
    """
    out = Path(out_dir)
    previous = staging / ".previous"
    previous.mkdir()
    mode = file_mode()
    done: list[str] = []
    try:
        for name in names:  # names may hold sub-folders, e.g. "figures/a.png"
            target = out / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                (previous / name).parent.mkdir(parents=True, exist_ok=True)
                os.replace(target, previous / name)
            done.append(name)
            os.chmod(staging / name, mode)
            os.replace(staging / name, target)
    except BaseException:
        for name in reversed(done):
            target = out / name
            if (previous / name).exists():
                os.replace(previous / name, target)
            elif target.exists() and not (staging / name).exists():
                target.unlink()  # a new file that had no predecessor
        raise
    return [out / name for name in names]
