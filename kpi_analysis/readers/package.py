"""Opening an Office Open XML package within the read limits (shared by the .docx/.xlsx readers)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from kpi_analysis.errors import UnreadableFileError
from kpi_analysis.readers.limits import ReadLimits
from kpi_analysis.readers.sniff import check_file_size, check_package, main_part, with_zip_limits


def checked_path(
    path: str | Path,
    limits: ReadLimits,
    max_uncompressed: int | None = None,
    max_ratio: float | None = None,
    ratio_min_member: int | None = None,
) -> tuple[Path, ReadLimits]:
    """The path and the effective limits; refuses a file too large before it is opened."""
    path = Path(path)
    limits = with_zip_limits(limits, max_uncompressed, max_ratio, ratio_min_member)
    check_file_size(path, limits)
    return path, limits


def checked_main_part(
    archive: zipfile.ZipFile, name: str, limits: ReadLimits, *, scan_xml: bool = False
) -> str | None:
    """Refuse a zip bomb (and with ``scan_xml`` a DTD), then name the package's main part."""
    check_package(
        archive,
        name,
        max_uncompressed=limits.max_uncompressed_bytes,
        max_ratio=limits.max_compression_ratio,
        ratio_min_member=limits.ratio_min_member_bytes,
        scan_xml=scan_xml,
    )
    return main_part(archive)


def damaged(name: str, suffix: str, program: str) -> UnreadableFileError:
    """The error for a package that is not a readable zip (``suffix`` e.g. ``.docx``)."""
    return UnreadableFileError(
        f"文件已损坏或不完整（无法作为 {suffix} 压缩包打开）",
        file=name,
        hint=f"可能是下载或复制不完整；请重新获取文件，或在 {program} 中打开后另存",
    )


def unopenable(name: str, exc: OSError) -> UnreadableFileError:
    """The error for a file the operating system could not open."""
    return UnreadableFileError(f"无法打开文件：{exc.strerror or exc}", file=name)
