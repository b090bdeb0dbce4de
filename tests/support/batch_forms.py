"""Varied input folders for the batch tests: text exports, .docx, .xlsx and broken files.

The forms come from :func:`tests.support.batch_samples.write_text_forms` (the embedded text
export with other departments, years, project subsets and targets); every second and third
of them is read and written again as a Word or Excel form with the package's writers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kpi_analysis import load
from kpi_analysis.outputs.writers import write_target_forms_docx, write_target_forms_xlsx
from tests.support.batch_samples import write_broken_files, write_text_forms

FORMATS = (".txt", ".docx", ".xlsx")
WRITERS = {".docx": write_target_forms_docx, ".xlsx": write_target_forms_xlsx}


@dataclass(frozen=True)
class Inputs:
    """A folder of forms: the readable ones and the broken ones."""

    root: Path
    good: list[Path]
    broken: list[Path]


def write_mixed_forms(root: Path, n: int, *, seed: int = 0, broken: bool = True) -> Inputs:
    """``n`` varied forms cycling through .txt, .docx and .xlsx, plus broken files."""
    good = []
    for i, path in enumerate(write_text_forms(root, n, seed=seed)):
        suffix = FORMATS[i % 3]
        writer = WRITERS.get(suffix)
        if writer is None:
            good.append(path)
            continue
        good.append(Path(writer(load(path), path.with_suffix(suffix))))
        path.unlink()
    bad = write_broken_files(root / "broken") if broken else []
    return Inputs(root, sorted(good), bad)
