"""Property-based test across the whole command line, not only the readers.

Random but valid-looking inputs — the example target form with some 指标值 replaced, and
the example actuals workbook with some 实际完成值 / 分值 / 原因 replaced, by values drawn
from what real and hostile forms hold (bare numbers, negative and huge numbers, blanks,
control characters, formula-like text, percentages) — go through ``extract``, ``review``,
``template``, ``score`` and ``report`` in-process. What must hold: no exception, never exit
code 70, and every output written opens again. The budget is small and fixed (a few
examples; each runs five commands).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from kpi_analysis.cli.main import EXIT_INTERNAL, main

sys.path.insert(0, str(Path(__file__).parent / "hostile"))
import hostile_corpus as build  # noqa: E402

TARGET_VALUES = ["市直62家行政机构", "全市10家公立医院周转池编制2280名、中小学周转池编制1748名"]
VALUES = st.one_of(
    st.sampled_from(
        ["62", "-5%", "≤-5%", "1e308", "", " ", "=1+1", "@SUM(A1)", "≥95%", "逐步实现", "#DIV/0!"]
    ),
    st.text(alphabet=st.sampled_from("0123456789.%-≥≤万元个\x01\x1b甲"), max_size=8),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
CELLS = st.one_of(
    st.none(),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300),
    st.text(alphabet=st.sampled_from("0123456789.%-甲 \x01'="), max_size=6),
)


def _opens(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.name.startswith("."):
            continue
        if path.suffix == ".xlsx":
            load_workbook(path).close()
        elif path.suffix == ".parquet":
            pd.read_parquet(path)


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::UserWarning", "ignore::RuntimeWarning")
@settings(max_examples=2, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(
    targets=st.lists(VALUES, min_size=len(TARGET_VALUES), max_size=len(TARGET_VALUES)),
    actuals=st.lists(
        st.tuples(st.integers(0, 20), st.sampled_from([12, 13, 14]), CELLS), max_size=6
    ),
)
def test_random_inputs_never_end_in_an_internal_error(targets, actuals) -> None:
    work = Path(tempfile.mkdtemp())
    try:
        text = build._targets_text()
        for old, new in zip(TARGET_VALUES, targets, strict=True):
            text = text.replace(old, new, 1)
        folder = work / "in"
        folder.mkdir()

        def change(book) -> None:
            rows = build._indicator_rows(book)
            for index, column, value in actuals:
                rows[index % len(rows)][column].value = value

        build._actuals(folder, change)
        build._write_targets(folder, text)  # after: _actuals writes the example targets
        for command in ("extract", "review", "template", "score", "report"):
            out = work / command
            args = [command, str(folder), "--out", str(out)]
            if command == "template":
                args = [command, str(folder / "targets.txt"), "--out", str(out / "t.xlsx")]
            if command == "report":
                args[1:1] = ["--year", "2021"]
            assert main(args) != EXIT_INTERNAL, command
            if out.exists():
                _opens(out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
