"""benchmarks/perturb.py on a few dev forms: decorated copies (spaces, annotations, numbering,
traditional characters, swapped value columns) keep every fact the original form gives, and
the perturbations touch labels only, never the text that bears a fact."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests" / "zoo"))

import build  # noqa: E402  (tests/zoo/build.py)
import facts  # noqa: E402  (tests/zoo/facts.py)
import perturb  # noqa: E402  (benchmarks/perturb.py)

#: Targets and self-evaluation forms, docx and xlsx, with swappable columns among them.
FORMS = ("d10", "d13", "d31", "d42")
ROUNDS = 2


@pytest.fixture(scope="module")
def forms() -> list[facts.Form]:
    found = perturb.dev_forms(FORMS)
    assert len(found) == len(FORMS), "a chosen dev form is missing from the zoo"
    assert {f.split for f in found} == {"dev"}
    return found


def test_perturbed_forms_keep_the_facts_of_the_original(forms: list[facts.Form]) -> None:
    lost: list[str] = []

    def note(kind: str, form: facts.Form, original: facts.Result, copy: facts.Result) -> None:
        kept, matched = perturb.retained(original, copy)
        if kept < matched or copy.matched < original.matched or copy.error:
            lost.append(f"{kind} {form.id}: {copy.matched}/{original.matched} {copy.error or ''}")

    tallies = perturb.run(forms, rounds=ROUNDS, on_copy=note)
    assert not lost, "\n".join(lost)
    for kind, tally in tallies.items():
        assert tally.forms > 0, f"no copy of kind {kind} was made: the test would prove nothing"
        assert tally.perturbed >= tally.original > 0
        assert tally.invented == 0 and tally.vanished == 0


def _fact_cells(layout: dict, expected: dict) -> list[str]:
    """Normalised texts of the cells that hold a fact, in reading order."""
    texts = perturb.fact_strings(expected)
    return [
        facts.norm(cell)
        for table in layout["tables"]
        for row in table["rows"]
        for cell in row
        if facts.norm(cell)
        and any(len(t) >= perturb.MIN_FACT and t in facts.norm(cell) for t in texts)
    ]


@pytest.mark.parametrize("kind", ["spaces", "annotations", "numbering"])
def test_label_perturbations_leave_fact_cells_alone(forms: list[facts.Form], kind: str) -> None:
    changed = 0
    for form in forms:
        layout = build.normalise_form(json.loads((form.path / "form.json").read_text("utf-8")))
        for _, _, copy in perturb.variants(layout, form.expected, [kind], ROUNDS):
            assert _fact_cells(copy, form.expected) == _fact_cells(layout, form.expected)
            changed += copy != layout
    assert changed > 0


def test_label_candidates_exclude_values() -> None:
    expected = {"projects": [{"project": "道路硬化工程"}], "indicators": []}
    fact_texts = perturb.fact_strings(expected)
    assert perturb.is_label_text("项目名称", fact_texts)
    for value in (
        "道路硬化工程",
        "道路",
        "项目名称：道路硬化工程",
        "1,234.50",
        "95%",
        "2023年",
        "金额单位：元",
        "总额10606.75万元",
        "产出指标",
    ):
        assert not perturb.is_label_text(value, fact_texts), value
