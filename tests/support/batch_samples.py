"""Synthetic forms for tests, benchmarks and demos of batch runs.

Forms are made from a real text export (by default the embedded
``data/raw/000_2504e2a5ee8feded.txt``) by text substitution that keeps its format: another
主管部门, another budget year (the mid-term span moves with it), a subset of its projects in
another order and numbering, project names with a suffix, and other percentage targets. So
every form differs in projects, indicator count, year and department, and each one reads
back exactly as a real form would.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from pathlib import Path

from kpi_analysis.cli.paths import DEFAULT_INPUT

SOURCE_DEPARTMENT = "宿州市委编办"
SOURCE_YEAR = 2021
DEPARTMENTS = (
    "宿州市委编办",
    "宿州市财政局",
    "淮北市教育局",
    "蚌埠市卫生健康委员会",
    "阜阳市民政局",
    "亳州市交通运输局",
    "六安市农业农村局",
    "合肥市生态环境局",
)
YEARS = (2021, 2022, 2023, 2024)
PERCENTS = (100, 98, 95, 90)
HEADING = re.compile(r"(?m)^(\d+)\.“(.+?)”")
SOURCE_YEARS = re.compile(r"202[1-3]")


def form_sections(text: str) -> tuple[str, list[str]]:
    """The text before the first project heading, and one text per project section."""
    starts = [m.start() for m in HEADING.finditer(text)]
    if not starts:
        raise ValueError("no project headings (“1.“…”项目”) in the text")
    bounds = starts + [len(text)]
    return text[: starts[0]], [text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


def vary_form(
    text: str,
    *,
    department: str,
    year: int,
    sections: Sequence[int],
    suffix: str = "",
    percent: int = 100,
) -> str:
    """A new form from ``text``: the given sections (0-based, in this order, renumbered 1…),
    another department and budget year, names with ``suffix``, 100% targets as ``percent``%.
    """
    header, parts = form_sections(text)
    chosen = []
    for number, index in enumerate(sections, start=1):
        part = parts[index]
        name = HEADING.match(part).group(2)
        part = HEADING.sub(f"{number}.“{name}”", part, count=1)
        if suffix:
            part = part.replace(name, name + suffix)
        chosen.append(part)
    body = header + "".join(chosen)
    if not body.endswith("\n"):
        body += "\n"
    shift = year - SOURCE_YEAR
    body = SOURCE_YEARS.sub(lambda m: str(int(m.group()) + shift), body)
    body = body.replace(SOURCE_DEPARTMENT, department)
    return body.replace("100%", f"{percent}%")


def write_text_forms(
    folder: str | Path, n: int, *, seed: int = 0, source: str | Path | None = None
) -> list[Path]:
    """Write ``n`` varied text exports under ``folder/<department>/<year>/``; return them."""
    text = Path(source or DEFAULT_INPUT).read_text(encoding="utf-8")
    count = len(form_sections(text)[1])
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        department = rng.choice(DEPARTMENTS)
        year = rng.choice(YEARS)
        sections = rng.sample(range(count), rng.randint(1, count))
        body = vary_form(
            text,
            department=department,
            year=year,
            sections=sections,
            suffix=f"（{i + 1}）" if rng.random() < 0.7 else "",
            percent=rng.choice(PERCENTS),
        )
        path = Path(folder) / department / str(year) / f"form_{i + 1:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
        paths.append(path)
    return paths


def write_broken_files(folder: str | Path) -> list[Path]:
    """Files a batch must report and survive: NUL bytes, an old .doc, an empty file, a
    text file without any form."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "nul_bytes.txt": b"\x00\x01\x02binary\x00\x00" * 64,
        "old_word.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504,
        "empty.txt": b"",
        "no_form.txt": "会议纪要\n本文件不含绩效目标表。\n".encode(),
    }
    paths = []
    for name, data in files.items():
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    return paths
