"""Old Word (.doc) and WPS (.wps/.et) files, read by converting them with LibreOffice.

No maintained Python library reads the old binary Word format, so the file is converted by
LibreOffice (``soffice --headless --convert-to docx``; ``xlsx`` for spreadsheets) and the
result read by the .docx/.xlsx reader. The conversion runs:

- on a copy of the file in a private temporary folder (mode 0700) that is removed
  afterwards, with its own LibreOffice profile there (so that runs in parallel, and a
  LibreOffice the user has open, do not collide);
- with a time limit (``ReadLimits.convert_timeout_s``): past it the whole process group is
  killed and the file refused with a clear message;
- never with the network or macros (``--headless``, ``--norestore``, no macro security
  changes: LibreOffice does not run macros when converting).

Sources name the original file (``form.doc#table=1,row=3,col=2``), not the converted copy.
Without LibreOffice the file is refused with a Chinese message saying how to install it or
how to convert the file by hand.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from kpi_analysis.errors import UnreadableFileError
from kpi_analysis.readers.grid import Document, Paragraph, Source, Table
from kpi_analysis.readers.limits import DEFAULT_LIMITS, ReadLimits

PROGRAMS = ("soffice", "libreoffice")
INSTALL_HINT = (
    "请安装 LibreOffice（Debian/Ubuntu：apt-get install libreoffice-writer-nogui "
    "libreoffice-calc-nogui），或用 Word/WPS/LibreOffice 另存为 .docx 或 .xlsx 后再读取，"
    "例如 soffice --headless --convert-to docx 文件名"
)


def find_soffice() -> str | None:
    """The LibreOffice program on ``PATH`` (``soffice`` or ``libreoffice``), or None."""
    for program in PROGRAMS:
        found = shutil.which(program)
        if found:
            return found
    return None


def read_converted(
    path: Path,
    target: str,
    reader: Callable[..., Document],
    what: str,
    *,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> Document:
    """Convert ``path`` to ``target`` (``docx``/``xlsx``) with LibreOffice and read the result.

    ``what`` names the format in messages (``旧版 Word 二进制格式（.doc）``).
    """
    soffice = find_soffice()
    name = path.name
    if soffice is None:
        raise UnreadableFileError(
            f"读取{what}需要 LibreOffice，但本机没有安装（找不到 soffice）",
            file=name,
            hint=INSTALL_HINT,
        )
    with tempfile.TemporaryDirectory(prefix="kpi-convert-") as tmp:
        work = Path(tmp)
        os.chmod(work, 0o700)
        source = work / ("input" + path.suffix.lower())
        try:
            shutil.copyfile(path, source)
        except OSError as exc:
            raise UnreadableFileError(f"无法打开文件：{exc.strerror or exc}", file=name) from exc
        out = work / "out"
        _run(soffice, source, target, work, out, name, what, limits.convert_timeout_s)
        converted = out / f"input.{target}"
        if not converted.is_file():
            raise UnreadableFileError(
                f"LibreOffice 无法转换该文件（{what}），文件可能已损坏或不是它声称的格式",
                file=name,
                hint="请在 Word/WPS 中打开并另存为 .docx 或 .xlsx 后再试",
            )
        doc = reader(converted, limits=limits)
    return renamed(doc, name)


def _run(
    soffice: str,
    source: Path,
    target: str,
    work: Path,
    out: Path,
    name: str,
    what: str,
    timeout: float,
) -> None:
    """Run one conversion; kill the process group when it takes longer than ``timeout``."""
    command = [
        soffice,
        f"-env:UserInstallation={(work / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        target,
        "--outdir",
        str(out),
        str(source),
    ]
    env = {**os.environ, "HOME": str(work)}
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            cwd=work,
            env=env,
            start_new_session=True,
        )
    except OSError as exc:
        raise UnreadableFileError(
            f"无法启动 LibreOffice（{exc.strerror or exc}），不能读取{what}",
            file=name,
            hint=INSTALL_HINT,
        ) from exc
    try:
        process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        _kill_group(process)
        raise UnreadableFileError(
            f"LibreOffice 转换{what}超时（超过 {timeout:g} 秒），已停止转换",
            file=name,
            hint="文件可能过大或已损坏；请在 Word/WPS 中另存为 .docx/.xlsx，"
            "或调高 ReadLimits.convert_timeout_s",
        ) from exc
    except BaseException:
        _kill_group(process)
        raise


def _kill_group(process: subprocess.Popen) -> None:
    """Kill the conversion and every process it started, and reap it."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()
    process.communicate()


def renamed(doc: Document, name: str) -> Document:
    """``doc`` with every source naming file ``name`` (the original, not the converted copy)."""

    def source(s: Source) -> Source:
        return s._replace(file=name)

    blocks: list[Paragraph | Table] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            blocks.append(Paragraph(text=block.text, source=source(block.source)))
            continue
        table = Table(index=block.index)
        table.rows = [[c._replace(source=source(c.source)) for c in row] for row in block.rows]
        blocks.append(table)
    notes = []
    converted = doc.path
    for note in doc.notes:
        text = note["source"]
        if text == converted or text.startswith(converted + "#"):
            text = name + text[len(converted) :]
        notes.append({**note, "source": text})
    return Document(path=name, blocks=blocks, notes=notes)
