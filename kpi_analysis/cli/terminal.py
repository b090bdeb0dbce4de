"""Messages printed to the terminal never carry control codes from file names or cells.

A file named ``a\\x1b[31m.txt`` (or a cell holding escape codes) would otherwise recolour
or retitle the user's terminal when a message names it, and a file name that is not valid
UTF-8 would end the run with ``UnicodeEncodeError``. :class:`SafeStream` wraps
``sys.stdout`` / ``sys.stderr`` and writes such characters visibly escaped.

>>> terminal_text("a\\x1b[31m红.txt\\n")
'a\\\\x1b[31m红.txt\\n'
>>> terminal_text("\\udcff.txt")
'\\\\xff.txt'
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager

#: C0 controls but tab and newline, DEL, and C1 controls (CSI, OSC…).
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SURROGATE = re.compile(r"[\ud800-\udfff]")


def _byte_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def terminal_text(text: str) -> str:
    """``text`` with control codes and undecodable bytes written as ``\\xNN``."""
    if SURROGATE.search(text):
        text = SURROGATE.sub(_byte_escape, text)
    return UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


class SafeStream:
    """A text stream that escapes what :func:`terminal_text` escapes, then writes."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(terminal_text(text))

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


@contextmanager
def safe_terminal() -> Iterator[None]:
    """Escape control codes in everything printed to stdout and stderr meanwhile."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(saved[0]), SafeStream(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
