"""Text that output formats cannot hold, made writable at the writing boundary.

The tidy tables keep what was read (Parquet holds a control character as it is); only
where a format refuses a character is it escaped, in the writer:

- **.xlsx / .docx** (XML 1.0) cannot hold the control characters U+0000–U+0008, U+000B,
  U+000C, U+000E–U+001F (openpyxl refuses the whole workbook): each is written as Excel's
  own escape ``_x0001_`` (Excel shows the character again when it opens the file);
- **lone surrogates** (a file name that is not valid UTF-8, as Python keeps it) cannot be
  encoded in any UTF format: each byte is written as ``\\xff``.

>>> excel_safe("甲\\x01乙")
'甲_x0001_乙'
>>> excel_safe("a\\udcffb.txt")
'a\\\\xffb.txt'
>>> excel_safe(3.5)
3.5
>>> has_control("甲\\x1b[31m"), has_control("甲\\n乙\\t")
(True, False)
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CONTROL", "excel_safe", "frame_encodable", "has_control", "unicode_safe"]

#: Characters that XML 1.0 (and so .xlsx/.docx) cannot hold.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
SURROGATE = re.compile(r"[\ud800-\udfff]")


def unicode_safe(text: str) -> str:
    """``text`` with lone surrogates (undecodable file-name bytes) written as ``\\xNN``."""
    if not SURROGATE.search(text):
        return text
    return SURROGATE.sub(lambda m: _byte_escape(m.group()), text)


def _byte_escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's surrogateescape of byte 0x80–0xFF
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def excel_safe(value: object) -> object:
    """``value`` writable in .xlsx/.docx: control characters as ``_xHHHH_``; others as is."""
    if not isinstance(value, str):
        return value
    value = unicode_safe(value)
    if CONTROL.search(value):
        value = CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    return value


def has_control(text: object) -> bool:
    """True when ``text`` holds a character that .xlsx/.docx cannot (tab and newline can)."""
    return isinstance(text, str) and CONTROL.search(text) is not None


def frame_encodable(frame: pd.DataFrame) -> pd.DataFrame:  # noqa: D401
    """``frame`` with lone surrogates escaped in its text columns (for CSV and Parquet).

    Control characters are kept: CSV and Parquet hold them. Returns ``frame`` itself when
    there is nothing to change.
    """
    import pandas as pd

    out = None
    for column in frame.columns:
        series = frame[column]
        if isinstance(series.dtype, pd.CategoricalDtype):
            names = series.cat.categories
            safe = [unicode_safe(v) if isinstance(v, str) else v for v in names]
            if list(safe) != list(names):
                if out is None:
                    out = frame.copy()
                out[column] = series.astype(object).map(
                    lambda v: unicode_safe(v) if isinstance(v, str) else v, na_action="ignore"
                )
                if len(set(safe)) == len(safe):  # the same categories, escaped
                    out[column] = pd.Categorical(
                        out[column], categories=safe, ordered=series.cat.ordered
                    )
            continue
        if not (series.dtype == object or isinstance(series.dtype, pd.StringDtype)):
            continue
        texts = series.dropna()
        texts = texts[texts.map(lambda v: isinstance(v, str) and SURROGATE.search(v) is not None)]
        if texts.empty:
            continue
        if out is None:
            out = frame.copy()
        out[column] = series.map(
            lambda v: unicode_safe(v) if isinstance(v, str) else v, na_action="ignore"
        )
    return frame if out is None else out
