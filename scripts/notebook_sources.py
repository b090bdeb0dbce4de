"""What the notebook-source builders share: the notebooks folder, display setup, metadata."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_notebook

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"

#: The first lines of every notebook's setup cell: pandas display options, then ``Path``.
DISPLAY = """\
import pandas as pd

pd.set_option("display.width", 120)
pd.set_option("display.max_columns", 30)
pd.set_option("display.max_colwidth", 40)
pd.set_option("display.precision", 2)

from pathlib import Path

"""


def notebook(cells: list) -> nbformat.NotebookNode:
    """A notebook of ``cells`` run by the ``python3`` kernel."""
    node = new_notebook(cells=cells)
    node.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    node.metadata["language_info"] = {"name": "python"}
    return node
