"""Every basis an output cites resolves inside the repository: docs/rules.md and its anchors."""

from __future__ import annotations

import re
from pathlib import Path

from kpi_analysis.analysis.review.rules import RULES
from kpi_analysis.analysis.scoring.profiles import PROFILES
from kpi_analysis.analysis.tracking import DEFAULT_STATUS_BANDS

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "rules.md"
CHECKED = ("analysis", "cli", "outputs/export.py", "outputs/labels.py", "outputs/review_opinion.py")


def _anchors() -> set[str]:
    return set(re.findall(r'<a id="([^"]+)"></a>', DOC.read_text(encoding="utf-8")))


def test_every_rule_profile_band_and_source_has_an_anchor() -> None:
    anchors = _anchors()
    assert {rule.id.lower() for rule in RULES.values()} <= anchors
    assert {f"profile-{name}" for name in PROFILES} <= anchors
    assert {"bands", "sources", "mid-term", "rules", "profiles"} <= anchors
    cited = {f"s{n}" for rule in RULES.values() for n in re.findall(r"\bS(\d+)", rule.basis)}
    notes = " ".join(note for p in PROFILES.values() for note in p.notes)
    cited |= {f"s{n}" for n in re.findall(r"\bS(\d+)", notes)}
    assert cited <= anchors
    assert "docs/rules.md#bands" in DEFAULT_STATUS_BANDS.source


def test_sources_give_title_issuer_number_year_and_address() -> None:
    lines = DOC.read_text(encoding="utf-8").splitlines()
    rows = [line for line in lines if re.match(r'\| <a id="s\d+"></a>', line)]
    assert len(rows) == 30
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert len(cells) == 6 and all(cells), row


def test_package_references_point_into_docs_rules() -> None:
    anchors = _anchors()
    package = REPO / "kpi_analysis"
    files = [p for part in CHECKED for p in (sorted((package / part).rglob("*.py"))
             if (package / part).is_dir() else [package / part])]  # fmt: skip
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert "domain" + ".md" not in text, path
        for anchor in re.findall(r"docs/rules\.md#([\w-]+)(?![\w{-])", text):
            assert anchor in anchors, (path, anchor)
