"""No file of the repository points at a file it lacks (design notes, a shared corpus folder),
and every anchor of docs/rules.md it cites exists."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SUFFIXES = {".py", ".md", ".ipynb", ".cfg"}
SKIPPED_DIRS = {".venv", ".git", "build", "dist", "node_modules", ".pytest_cache", ".ruff_cache"}
# Written so that this file does not match itself.
MISSING = re.compile(r"domain\.md|DESIGN\.md|/work/share[d]|shared/corpu[s]")
ANCHOR = re.compile(r"docs/rules\.md#([\w-]+)(?![\w{-])")  # not an f-string's "profile-{name}"


def _files() -> list[Path]:
    out = []
    for path in REPO.rglob("*"):
        parts = path.relative_to(REPO).parts
        if any(p in SKIPPED_DIRS or p.endswith(".egg-info") for p in parts):
            continue
        if path.suffix in SUFFIXES and path.is_file():
            out.append(path)
    return sorted(out)


def test_no_reference_to_files_the_repository_lacks() -> None:
    files = _files()
    assert any(p.name == "README.md" for p in files)
    hits = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()[:80]}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if MISSING.search(line)
    ]
    assert not hits, "\n".join(hits)


def test_rules_anchors_cited_anywhere_exist() -> None:
    doc = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', doc))
    cited = {
        (str(path.relative_to(REPO)), anchor)
        for path in _files()
        for anchor in ANCHOR.findall(path.read_text(encoding="utf-8"))
    }
    assert cited
    unknown = sorted((path, anchor) for path, anchor in cited if anchor not in anchors)
    assert not unknown, unknown
