"""Property-based fuzzing: mutated copies of the real text export never crash the loader.

Every mutation either loads (with findings) or is refused with a ``KpiError`` naming the
file; no other exception may escape, and the cell accounting still holds.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpi_analysis import load
from kpi_analysis.readers import read_document

SOURCE = Path(__file__).resolve().parents[2] / "data" / "raw" / "000_2504e2a5ee8feded.txt"
LINES = SOURCE.read_text(encoding="utf-8").split("\n")
PIECES = ["\t", "\n", "\n\n", "\t\t", "", "指标1：", "产出指标", "数量指标", "≥", "90", "　", "\r"]

mutation = st.tuples(
    st.sampled_from(["drop", "dup", "insert", "swap", "tabify"]),
    st.integers(min_value=0, max_value=len(LINES) - 1),
    st.sampled_from(PIECES),
)


def mutate(lines: list[str], ops: list[tuple[str, int, str]]) -> str:
    out = list(lines)
    for op, index, piece in ops:
        index %= max(len(out), 1)
        if op == "drop" and out:
            del out[index]
        elif op == "dup" and out:
            out.insert(index, out[index])
        elif op == "insert":
            out.insert(index, piece)
        elif op == "swap" and len(out) > 1:
            j = (index + 1) % len(out)
            out[index], out[j] = out[j], out[index]
        elif op == "tabify" and out:
            out[index] = "\t" + out[index].lstrip("\t") + piece
    return "\n".join(out)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(mutation, min_size=1, max_size=25))
def test_mutated_exports_load_or_report(tmp_path_factory, ops) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "mutated.txt"
    path.write_text(mutate(LINES, ops), encoding="utf-8")
    ds = load(path)  # must not raise: problems become findings
    assert not ds.findings["message"].str.contains("内部错误", na=False).any()
    doc = read_document(path)
    accounted = set(ds.cells["source"])
    assert all(str(c.source) in accounted for c in doc.non_empty_cells())
    assert ds.indicators["source"].str.startswith("mutated.txt#").all()


@settings(max_examples=40, deadline=None)
@given(data=st.binary(max_size=400))
def test_random_bytes_never_escape_as_tracebacks(tmp_path_factory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("bytes") / "random.txt"
    path.write_bytes(data)
    ds = load(path)
    assert not ds.findings["message"].str.contains("内部错误", na=False).any()
    assert len(ds.projects) == 0 or ds.projects["source"].str.startswith("random.txt").all()
