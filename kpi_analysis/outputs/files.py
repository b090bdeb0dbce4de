"""Writing output files safely: one file atomically, or a set of files all or nothing.

Every output of the package is written through here, so a failed or interrupted run never
leaves a half-written file where a user expects one, nor an output folder holding a mix of
old and new files:

- :func:`write_atomically` writes one file under a temporary name beside its target (same
  file system), gives it the mode the user's umask asks for (temporary files are created
  readable by their owner only), optionally flushes it to disk, and renames it into place;
- :func:`staging_folder` and :func:`publish` stage a set of files and publish them in one
  atomic step: the staging folder is a sibling of the output folder; the output folder's
  other entries are hard-linked into it, and the two folders swap their names in one
  system call (``renameat2(RENAME_EXCHANGE)`` on Linux, ``renamex_np(RENAME_SWAP)`` on
  macOS). Whatever kills the run (Ctrl-C, ``kill -9``, a power cut), the folder holds the
  old set or the new one, never a mix. Where no swap exists (other systems, an output
  folder that is a mount point) the files are moved one by one with rollback instead;
- :func:`output_lock` (taken by :func:`staging_folder`, so by every command that writes a
  set) serialises writers of one folder: two runs to one folder publish one after the
  other. Taking it also removes the temporaries that killed runs left behind.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> write_atomically(folder / "a.txt", lambda temp: temp.write_text("新", encoding="utf-8")).name
'a.txt'
>>> sorted(p.name for p in folder.iterdir())
['a.txt']
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; writers are not serialised there
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "LOCK_NAME",
    "STAGING_PREFIX",
    "file_mode",
    "output_lock",
    "publish",
    "staging_folder",
    "write_atomically",
]

STAGING_PREFIX = ".kpi-tmp-"
"""Name prefix of the temporary files and folders this module creates."""
LOCK_NAME = ".kpi-lock"
"""Suffix of the lock file beside an output folder: ``.<folder name>.kpi-lock``.

Beside the folder, not in it: the folder's listing holds only outputs, and the lock stays
the same file when the folder is swapped. Inside it only when its parent is not writable.
"""
STALE_FILE_SECONDS = 3600
"""Temporary *files* older than this are removed when the lock is taken (folders always)."""


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


def folder_mode() -> int:
    """The mode a new folder gets under the current umask (0o755 with the usual 0o022)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o777 & ~umask


# ------------------------------------------------------------------------------ lock
_HELD: dict[str, list] = {}  # real path of a folder -> [fd, depth] (reentrant per process)


@contextmanager
def output_lock(out_dir: str | os.PathLike[str]) -> Iterator[Path]:
    """Hold the lock of ``out_dir`` (created if missing); waits while another run holds it.

    Reentrant within one process. On first taking it, temporaries of killed runs are
    removed (:func:`clean_stale`): no live writer can own them while the lock is held.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    key = os.path.realpath(out)
    held = _HELD.get(key)
    if held is not None:
        held[1] += 1
        try:
            yield out
        finally:
            held[1] -= 1
        return
    fd = _acquire(_lock_path(Path(key)))
    _HELD[key] = [fd, 1]
    try:
        clean_stale(Path(key))
        yield out
    finally:
        del _HELD[key]
        os.close(fd)


def _lock_path(out: Path) -> Path:
    """``.<name>.kpi-lock`` beside ``out``, or ``out/.kpi-lock`` when the parent is read-only."""
    if os.access(out.parent, os.W_OK | os.X_OK):
        return out.parent / f".{out.name}{LOCK_NAME}"
    return out / LOCK_NAME


def _acquire(lock: Path) -> int:
    """Hold ``lock`` exclusively (waits); retried if the file was replaced meanwhile."""
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, file_mode())
        if fcntl is None:
            return fd
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            same = os.stat(lock).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            return fd
        os.close(fd)


def clean_stale(out: Path) -> list[Path]:
    """Remove temporaries that killed runs left in ``out`` and beside it; returns them."""
    removed = []
    now = time.time()
    candidates = list(out.glob(STAGING_PREFIX + "*"))
    candidates += list(out.parent.glob(_sibling_prefix(out) + "*"))
    for path in candidates:
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            elif now - path.lstat().st_mtime > STALE_FILE_SECONDS:
                path.unlink()
            else:
                continue
        except OSError:
            continue
        removed.append(path)
    return removed


def _sibling_prefix(out: Path) -> str:
    return f".{out.name}{STAGING_PREFIX}"


# ------------------------------------------------------------------------------ staging
@contextmanager
def staging_folder(out_dir: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary folder for a new output set, removed afterwards; holds the output lock.

    Write every output there, then :func:`publish` them; on any failure the output folder
    is left as it was. The folder is a sibling of ``out_dir`` (so it can be swapped in),
    or inside it when the parent cannot take it (another file system, not writable).
    """
    out = Path(out_dir)
    with output_lock(out):
        real = Path(os.path.realpath(out))
        staging = None
        if _can_swap(real):
            try:
                staging = Path(tempfile.mkdtemp(prefix=_sibling_prefix(real), dir=real.parent))
                os.chmod(staging, os.stat(real).st_mode & 0o7777)
            except OSError:
                staging = None
        if staging is None:
            staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=real))
        try:
            yield staging
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _can_swap(out: Path) -> bool:
    if _swap_function() is None:
        return False
    try:
        here = Path(os.getcwd())
    except OSError:
        return False
    if here == out or out in here.parents:
        return False  # this process works inside the folder: a swap would leave it behind
    try:
        return os.stat(out.parent).st_dev == os.stat(out).st_dev and os.access(
            out.parent, os.W_OK | os.X_OK
        )
    except OSError:
        return False


_SWAP: list = []


def _swap_function() -> Callable[[bytes, bytes], int] | None:
    """A function swapping two paths atomically (0 on success), or None on this system."""
    if _SWAP:
        return _SWAP[0]
    swap = None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
            call = libc.renameat2
            call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
            call.argtypes += [ctypes.c_uint]
            at_fdcwd, exchange = -100, 2
            swap = lambda a, b: call(at_fdcwd, a, at_fdcwd, b, exchange)  # noqa: E731
        elif sys.platform == "darwin" and hasattr(libc, "renamex_np"):
            call = libc.renamex_np
            call.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]
            swap = lambda a, b: call(a, b, 2)  # noqa: E731  (RENAME_SWAP)
    except OSError:
        swap = None
    _SWAP.append(swap)
    return swap


def _swap(a: Path, b: Path) -> bool:
    """Swap the names of folders ``a`` and ``b`` in one step; False when not possible."""
    swap = _swap_function()
    if swap is None:
        return False
    return swap(os.fsencode(a), os.fsencode(b)) == 0


def _link_tree(source: Path, target: Path, skip: set[str], prefix: str = "") -> None:
    """Hard-link every entry of ``source`` into ``target`` except the ``skip`` names."""
    for entry in os.scandir(source):
        name = prefix + entry.name
        if name in skip or entry.name.startswith(STAGING_PREFIX) or name == LOCK_NAME:
            continue
        there = target / entry.name
        if entry.is_dir(follow_symlinks=False):
            if any(s.startswith(name + "/") for s in skip) or there.exists():
                there.mkdir(exist_ok=True)
                _link_tree(Path(entry.path), there, skip, name + "/")
            else:
                there.mkdir()
                _link_tree(Path(entry.path), there, set(), name + "/")
        elif there.exists() or there.is_symlink():
            continue
        elif entry.is_symlink():
            os.symlink(os.readlink(entry.path), there)
        else:
            os.link(entry.path, there, follow_symlinks=False)


def publish(staging: Path, names: Sequence[str], out_dir: str | os.PathLike[str]) -> list[Path]:
    """Publish the staged files ``names`` into ``out_dir`` in one atomic step.

    Files of ``out_dir`` not among ``names`` stay (they are hard-linked into the new set).
    Each published file gets the user's umask mode. The folder holds the old set or the
    new one at every instant; see the module docstring.
    """
    out = Path(out_dir)
    real = Path(os.path.realpath(out))
    mode = file_mode()
    for name in names:
        os.chmod(staging / name, mode)
    if staging.parent == real.parent and staging.name.startswith(_sibling_prefix(real)):
        _link_tree(real, staging, {str(Path(n).as_posix()) for n in names})
        if _swap(staging, real):
            return [out / name for name in names]
        return _publish_files(staging, names, out)  # swap refused: one file at a time
    return _publish_files(staging, names, out)


def _publish_files(staging: Path, names: Sequence[str], out_dir: Path) -> list[Path]:
    """Move the staged files into ``out_dir`` one by one, restoring all on any failure."""
    out = Path(out_dir)
    previous = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=staging))
    done: list[str] = []
    try:
        for name in names:  # names may hold sub-folders, e.g. "figures/a.png"
            target = out / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                (previous / name).parent.mkdir(parents=True, exist_ok=True)
                os.replace(target, previous / name)
            done.append(name)
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
