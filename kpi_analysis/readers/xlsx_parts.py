"""The workbook-wide parts of an .xlsx package the streaming reader needs.

- the sheets in workbook order (title, state, part name) and the date system (1900/1904);
- the shared strings (rich-text runs joined, phonetic guides ``rPh`` left out);
- the number format of each cell style (``cellXfs``), custom or built in.

All parts are parsed with the package's safe parser (no DTD, no entities, no network).
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass

from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS

from kpi_analysis.readers.sniff import parse_xml

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
T, R_PH, SI = MAIN + "t", MAIN + "rPh", MAIN + "si"


@dataclass(frozen=True)
class WorkbookParts:
    """The sheets, date system, shared strings and style number formats of a workbook."""

    sheets: list[tuple[str, str, str]]  # (title, state, part) of each worksheet
    date1904: bool
    shared: list[str]
    formats: list[str]  # number format code of each cellXfs entry


def read_parts(archive: zipfile.ZipFile, workbook_part: str, name: str) -> WorkbookParts:
    """Read the workbook-wide parts (see the module docstring)."""
    names = set(archive.namelist())
    targets = _targets(archive, workbook_part, name, names)
    workbook = parse_xml(archive.read(workbook_part), name, workbook_part)
    sheets = []
    for sheet in workbook.iter(MAIN + "sheet"):
        kind, target = targets.get(sheet.get(REL + "id") or "", ("", ""))
        if kind.endswith("/worksheet") and target in names:
            sheets.append((sheet.get("name") or "", sheet.get("state") or "visible", target))
    props = workbook.find(MAIN + "workbookPr")
    date1904 = props is not None and (props.get("date1904") or "").lower() in ("1", "true")
    shared: list[str] = []
    styles: list[str] = []
    for kind, target in targets.values():
        if target not in names:
            continue
        if kind.endswith("/sharedStrings"):
            shared = _shared_strings(archive, target)
        elif kind.endswith("/styles"):
            styles = _formats(parse_xml(archive.read(target), name, target))
    return WorkbookParts(sheets, date1904, shared, styles)


def _targets(
    archive: zipfile.ZipFile, workbook_part: str, name: str, names: set[str]
) -> dict[str, tuple[str, str]]:
    """Relationship id → (type, part name) of the workbook's relationships."""
    folder = posixpath.dirname(workbook_part)
    rels_part = posixpath.join(folder, "_rels", posixpath.basename(workbook_part) + ".rels")
    if rels_part not in names:
        return {}
    out = {}
    for rel in parse_xml(archive.read(rels_part), name, rels_part).iter(PKG_REL + "Relationship"):
        target = rel.get("Target") or ""
        if target.startswith("/"):
            target = target[1:]
        else:
            target = posixpath.normpath(posixpath.join(folder, target))
        out[rel.get("Id") or ""] = (rel.get("Type") or "", target)
    return out


def rich_text(element: etree._Element) -> str:
    """The text of an ``si``/``is`` element: its ``t`` elements, phonetic guides left out."""
    direct = element.find(T)
    if direct is not None and len(element) == 1:
        return direct.text or ""
    return "".join(
        t.text or "" for t in element.iter(T) if t.getparent() is None or t.getparent().tag != R_PH
    )


def _shared_strings(archive: zipfile.ZipFile, part: str) -> list[str]:
    out: list[str] = []
    with archive.open(part) as member:
        events = etree.iterparse(
            member,
            events=("end",),
            tag=SI,
            resolve_entities=False,
            load_dtd=False,
            no_network=True,
            huge_tree=False,
        )
        for _, si in events:
            out.append(rich_text(si))
            si.clear()
    return out


def _formats(styles: etree._Element) -> list[str]:
    custom = {
        int(fmt.get("numFmtId") or -1): fmt.get("formatCode") or "General"
        for fmt in styles.iter(MAIN + "numFmt")
    }
    xfs = styles.find(MAIN + "cellXfs")
    if xfs is None:
        return []
    out = []
    for xf in xfs.iter(MAIN + "xf"):
        try:
            number = int(xf.get("numFmtId") or 0)
        except ValueError:
            number = 0
        out.append(custom.get(number) or BUILTIN_FORMATS.get(number, "General"))
    return out
