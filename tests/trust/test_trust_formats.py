"""Text exports as they arrive: mixed line endings, BOMs, UTF-16, GB18030 — and what is refused.

(Truncated zips, wrong extensions, encrypted and old binary files, GBK exports and NUL bytes
are covered in ``test_readers_bad_input.py`` and ``test_readers_text.py``.)
"""

from __future__ import annotations

import pytest

from kpi_analysis import load
from kpi_analysis.errors import UnreadableFileError
from kpi_analysis.readers import read_document
from kpi_analysis.readers.sniff import sniff


def _grid(doc) -> list[list[list[str]]]:
    return [[[c.text for c in row] for row in t.rows] for t in doc.tables]


@pytest.fixture(scope="module")
def source_text(source_path) -> str:
    return source_path.read_text(encoding="utf-8")


def test_mixed_line_endings_in_one_file_read_like_lf(source_text, source_path, tmp_path) -> None:
    lines = source_text.split("\n")
    endings = ["\r\n", "\r", "\n"]
    # (a CR before an empty line that ends in LF would read as one CR LF: avoid that pair)
    mixed = "".join(
        line + ("\r\n" if endings[i % 3] == "\r" and not lines[i + 1] else endings[i % 3])
        for i, line in enumerate(lines[:-1])
    )
    mixed += lines[-1]
    assert "\r\n" in mixed and "\r" in mixed.replace("\r\n", "") and "\n" in mixed
    path = tmp_path / "mixed.txt"
    path.write_bytes(mixed.encode("utf-8"))
    ours, theirs = read_document(path), read_document(source_path)
    assert _grid(ours) == _grid(theirs)
    assert not any("\r" in c.text for c in ours.non_empty_cells())
    # line numbers in sources still count the file's lines, whatever their ending
    assert [c.source.line for c in ours.non_empty_cells()] == [
        c.source.line for c in theirs.non_empty_cells()
    ]


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("bom.txt", lambda t: b"\xef\xbb\xbf" + t.encode("utf-8")),
        ("gb18030.txt", lambda t: t.encode("gb18030")),
        ("unicode.txt", lambda t: t.encode("utf-16")),  # Word's “Unicode” text: UTF-16 LE + BOM
        ("unicode_be.txt", lambda t: b"\xfe\xff" + t.encode("utf-16-be")),
        ("bom_crlf.txt", lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode("utf-8")),
    ],
)
def test_every_encoding_of_the_export_loads_the_same_tables(
    source_text, source_path, tmp_path, name, encode
) -> None:
    path = tmp_path / name
    path.write_bytes(encode(source_text))
    assert sniff(path) == "text"
    ours, theirs = load(path), load(source_path)
    for table in ("projects", "funding", "goals", "indicators"):
        left = getattr(ours, table).drop(columns="source")
        right = getattr(theirs, table).drop(columns="source")
        assert left.equals(right), table
    assert not ours.projects["project"].str.startswith("\ufeff").any()


def test_utf16_that_does_not_decode_is_refused_cleanly(tmp_path) -> None:
    path = tmp_path / "broken.txt"
    path.write_bytes(b"\xff\xfe" + b"\x00\xd8" * 50)  # unpaired surrogates
    with pytest.raises(UnreadableFileError) as caught:
        read_document(path)
    assert caught.value.file == "broken.txt"


def test_nul_bytes_inside_a_gb18030_export_are_refused(source_text, tmp_path) -> None:
    data = source_text.encode("gb18030")
    path = tmp_path / "nul.txt"
    path.write_bytes(data[:5000] + b"\x00" + data[5000:])
    with pytest.raises(UnreadableFileError) as caught:
        read_document(path)
    assert caught.value.file == "nul.txt" and "空字节（NUL）" in caught.value.message
