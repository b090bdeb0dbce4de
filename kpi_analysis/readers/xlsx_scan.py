"""A streaming pass over an .xlsx package's worksheet XML before openpyxl builds any cell.

openpyxl keeps every stored cell of a workbook in memory as a Python object, and with
``data_only=True`` it shows a formula without a cached value as an empty cell. This pass
reads each worksheet part with :func:`lxml.etree.iterparse` (no entities, no DTD, no
network; elements are discarded as soon as they are seen, so memory stays flat) and:

- counts the stored cells (``<c>``) and refuses the workbook once they exceed
  ``ReadLimits.max_cells``, before openpyxl is asked to load them;
- lists the formula cells whose cached value (``<v>``) is missing or empty: a file written
  by a program and never opened in Excel, whose numbers the reader cannot see;
- notes which sheets are hidden (``state="hidden"`` / ``"veryHidden"``) and hold values.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from kpi_analysis.readers.limits import ReadLimits, refused
from kpi_analysis.readers.sniff import parse_xml

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
C, ROW, F, V, IS = MAIN + "c", MAIN + "row", MAIN + "f", MAIN + "v", MAIN + "is"


@dataclass
class SheetScan:
    """What the pass saw in one worksheet."""

    title: str
    state: str = "visible"
    cells: int = 0
    has_values: bool = False
    #: (A1 address, formula text) of formula cells without a cached value
    formulas_without_value: list[tuple[str, str]] = field(default_factory=list)

    @property
    def hidden(self) -> bool:
        """True for ``hidden`` and ``veryHidden`` sheets."""
        return self.state != "visible"


def scan_workbook(
    archive: zipfile.ZipFile, workbook_part: str, name: str, limits: ReadLimits
) -> dict[str, SheetScan]:
    """Scan every worksheet of the package; the result is keyed by sheet title.

    Raises :class:`UnreadableFileError` when the workbook stores more than
    ``limits.max_cells`` cells. Sheets whose part cannot be found are left out (openpyxl
    reports a broken workbook when it opens it).
    """
    scans: dict[str, SheetScan] = {}
    total = 0
    for title, state, part in _sheet_parts(archive, workbook_part, name):
        scan = SheetScan(title, state)
        total = _scan_sheet(archive, part, name, scan, total, limits)
        scans[title] = scan
    return scans


def _sheet_parts(
    archive: zipfile.ZipFile, workbook_part: str, name: str
) -> list[tuple[str, str, str]]:
    """(title, state, part name) of each worksheet, in workbook order."""
    folder = posixpath.dirname(workbook_part)
    rels_part = posixpath.join(folder, "_rels", posixpath.basename(workbook_part) + ".rels")
    names = set(archive.namelist())
    if rels_part not in names:
        return []
    targets = {}
    for rel in parse_xml(archive.read(rels_part), name, rels_part).iter(PKG_REL + "Relationship"):
        if not (rel.get("Type") or "").endswith("/worksheet"):
            continue  # chart sheets, dialog sheets
        target = rel.get("Target") or ""
        if target.startswith("/"):
            target = target[1:]
        else:
            target = posixpath.normpath(posixpath.join(folder, target))
        targets[rel.get("Id")] = target
    workbook = parse_xml(archive.read(workbook_part), name, workbook_part)
    parts = []
    for sheet in workbook.iter(MAIN + "sheet"):
        target = targets.get(sheet.get(REL + "id"))
        if target in names:
            parts.append((sheet.get("name") or "", sheet.get("state") or "visible", target))
    return parts


def _scan_sheet(
    archive: zipfile.ZipFile, part: str, name: str, scan: SheetScan, total: int, limits: ReadLimits
) -> int:
    """Stream one worksheet part into ``scan``; return the running cell count."""
    with archive.open(part) as member:
        events = etree.iterparse(
            member,
            events=("end",),
            tag=(C, ROW),
            resolve_entities=False,
            load_dtd=False,
            no_network=True,
            huge_tree=False,
        )
        for _, el in events:  # a DTD beyond the prolog scan is inert here (no entities)
            if el.tag == ROW:
                el.clear()
                while el.getprevious() is not None:
                    del el.getparent()[0]
                continue
            total += 1
            scan.cells += 1
            if total > limits.max_cells:
                raise refused(
                    f"工作簿中的单元格过多（超过 {limits.max_cells} 个）", "max_cells", file=name
                )
            value = el.find(V)
            has_value = (value is not None and bool(value.text)) or el.find(IS) is not None
            scan.has_values = scan.has_values or has_value
            formula = el.find(F)
            if formula is not None and not has_value:
                scan.formulas_without_value.append((el.get("r") or "", formula.text or ""))
    return total
