"""Every form fixture of the test suite reads the same as a web page, PDF, old .xls and .doc.

The fixtures are made by ``tests/data/formats/make_formats.py`` with LibreOffice (see its
docstring): the self-evaluation forms of ``tests/support/selfeval_forms.py``
(``selfeval.*``) and every dev zoo form (``zoo/dNN.*``; holdout forms are never converted).
The standard source form's versions are tested in ``test_readers_formats.py``.

Each version is compared with the original of its own kind: the HTML, PDF and .doc made by
Writer with the form's Word file, the .xls made by Calc with its Excel file. Targets are read
with :func:`kpi_analysis.load`, self-evaluations with :func:`kpi_analysis.load_selfeval`; the
tidy tables and the roles of all cells must be equal but for sources and the white space of
quoted cell text (:func:`same_content.assert_same_facts`). The few places where a version
legitimately loses something are listed in :data:`KNOWN` with the reason, and asserted
exactly there; nothing is skipped (the .doc cases need LibreOffice at read time, like
``test_readers_formats.py``: skipped locally without it, failing under CI).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from same_content import assert_same_facts

from kpi_analysis import load, load_selfeval
from kpi_analysis.readers.convert import find_soffice
from kpi_analysis.readers.sniff import sniff

TESTS = Path(__file__).resolve().parents[1]
FORMATS = TESTS / "data" / "formats"
ZOO_FORMS = TESTS / "zoo" / "forms"
WORD_VERSIONS = ("html", "pdf", "doc")
SNIFFED = {"html": "html", "pdf": "pdf", "doc": "doc", "xls": "xls"}

#: (fixture, version) → (table, column, why): the values of that column are equal once their
#: white space is taken out, and differ only in it. PDF keeps no space characters: a space is
#: a gap between glyphs, and a space at the point where the layout wrapped a cell's line is no
#: gap at all; where it stood between a CJK character and a digit (or among dot leaders) it
#: cannot be told from a wrap without one.
KNOWN: dict[tuple[str, str], tuple[str, str, str]] = {
    ("zoo/d15", "pdf"): (
        "goals",
        "goal",
        "the space in “。 ..” and among the dot leaders after it falls at line wraps",
    ),
    ("zoo/d21", "pdf"): (
        "projects",
        "department",
        "“湘潭市城市管理和综合执法局 308001”: the line wraps at the space before the code",
    ),
}


def dev_zoo_forms() -> list[Path]:
    return sorted(p for p in ZOO_FORMS.glob("d[0-9]*") if (p / "meta.json").is_file())


def cases() -> list:
    """(fixture name, loader, original, version path, version kind)."""
    out = []
    selfeval = FORMATS / "selfeval"
    for version in WORD_VERSIONS:
        out.append(("selfeval", "selfeval", selfeval.with_suffix(".docx"), version))
    out.append(("selfeval", "selfeval", selfeval.with_suffix(".xlsx"), "xls"))
    for form_dir in dev_zoo_forms():
        stem = form_dir.name.split("-")[0]
        kind = json.loads((form_dir / "meta.json").read_text(encoding="utf-8"))["kind"]
        loader = "selfeval" if kind == "selfeval" else "targets"
        for version, suffix in (*((v, ".docx") for v in WORD_VERSIONS), ("xls", ".xlsx")):
            stored = form_dir / f"form{suffix}"
            original = stored if stored.is_file() else FORMATS / "zoo" / f"{stem}{suffix}"
            out.append((f"zoo/{stem}", loader, original, version))
    return [pytest.param(*case, id=f"{case[0]}.{case[3]}") for case in out]


@functools.cache
def read(loader: str, path: Path):
    return (load_selfeval if loader == "selfeval" else load)(path)


def needs_soffice() -> None:
    if find_soffice() is not None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("soffice (LibreOffice) is missing under CI: .ci/run should install it")
    pytest.skip("soffice (LibreOffice) is not installed")


def squeeze(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    values = frame[column].astype("string").str.replace(r"\s+", "", regex=True)
    return frame.assign(**{column: values})


def test_every_dev_zoo_form_has_its_versions() -> None:
    """A dev zoo form added later needs ``make_formats.py --only zoo-missing`` run."""
    missing = [
        f"{form_dir.name}: {stem}.{version}"
        for form_dir in dev_zoo_forms()
        for stem in [form_dir.name.split("-")[0]]
        for version in (*WORD_VERSIONS, "xls")
        if not (FORMATS / "zoo" / f"{stem}.{version}").is_file()
    ]
    assert not missing, "run tests/data/formats/make_formats.py --only zoo-missing: " + ", ".join(
        missing
    )


def test_no_holdout_form_is_converted() -> None:
    made = {re.sub(r"\..*$", "", p.name) for p in (FORMATS / "zoo").iterdir()}
    assert all(re.fullmatch(r"d\d+", name) for name in made), made


@pytest.mark.parametrize(("fixture", "loader", "original", "version"), cases())
def test_version_gives_the_same_tidy_facts(fixture, loader, original, version, tmp_path) -> None:
    path = FORMATS / f"{fixture}.{version}"
    assert sniff(path) == SNIFFED[version]
    if version == "doc":
        needs_soffice()
        copy = tmp_path / path.name  # the conversion must leave nothing beside the file
        shutil.copyfile(path, copy)
        ds = read(loader, copy)
        assert list(tmp_path.iterdir()) == [copy]
    else:
        ds = read(loader, path)
    expected = read(loader, original)
    assert len(ds.indicators) == len(expected.indicators)  # some cut zoo forms have none
    assert len(ds.cells) == len(expected.cells) > 0
    assert ds.cells["source"].str.startswith(f"{path.name}#").all()
    known = KNOWN.get((fixture, version))
    if known is None:
        assert_same_facts(ds, expected)
        return
    table, column, _why = known
    ours, theirs = getattr(ds, table), getattr(expected, table)
    differs = ours[column].astype("string") != theirs[column].astype("string")
    assert differs.any(), f"{fixture}.{version}: {table}.{column} reads the same now: drop KNOWN"
    pd.testing.assert_series_equal(
        squeeze(ours, column)[column], squeeze(theirs, column)[column], obj=f"{table}.{column}"
    )
    assert_same_facts(
        dataclasses.replace(ds, **{table: squeeze(ours, column)}),
        dataclasses.replace(expected, **{table: squeeze(theirs, column)}),
    )
