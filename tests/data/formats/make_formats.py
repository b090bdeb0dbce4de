"""Make the format fixtures of the standard source form with LibreOffice.

The source form (``data/raw/000_2504e2a5ee8feded.txt``) is written as .docx (merged label
cells, rows that do not break across pages) and .xlsx with the test builders, then
converted by ``soffice --headless --convert-to``:

- ``source.html`` (Writer's HTML export of the .docx), ``source.pdf``, ``source.doc``;
- ``source.xls`` (Calc's export of the .xlsx);
- ``source.docx`` and ``source.xlsx`` themselves, the originals the tests compare with;
- ``split_table.pdf``: a 45-row table running over two pages (one row broken by the page
  break) with its header row repeated, a page header and a “— 1 —” page number footer;
- ``no_lines.pdf``: a table without ruling lines (text in columns only), which the PDF
  reader reads as paragraphs with a ``pdf_table_without_lines`` note;
- ``encrypted.pdf``: a small table exported with an open password (``abc``);
- ``locked.xls``: ``source.xls`` marked encrypted as Excel marks a workbook with an open
  password (its CODEPAGE record turned into a FILEPASS record; xlrd refuses such files).

Every other form fixture of the test suite gets the same four versions, so that a form reads
the same whatever its format (``tests/readers/test_readers_formats_all.py``):

- ``selfeval.docx`` / ``selfeval.xlsx``: the four real-layout self-evaluation forms of
  ``tests/support/selfeval_forms.py`` (委托, 村级, 普陀, 青神) in one Word file (a table each)
  and one workbook (a sheet each), with ``selfeval.html``, ``selfeval.pdf``, ``selfeval.doc``
  from the Word file and ``selfeval.xls`` from the workbook;
- ``zoo/dNN.{html,pdf,doc,xls}`` for each dev zoo form ``tests/zoo/forms/dNN-*`` (never the
  holdout forms): the form is built both as .docx and as .xlsx by ``tests/zoo/build.py``;
  HTML, PDF and .doc are made by Writer from the Word build, .xls by Calc from the Excel
  build. The build of the other kind than the stored fixture is kept beside them
  (``zoo/dNN.docx`` for a form stored as .xlsx, ``zoo/dNN.xlsx`` for one stored as .docx):
  each version is compared with the original of its own kind.

Only the dev zoo forms or the self-evaluation forms are remade with ``--only zoo|selfeval``;
``--only zoo-missing`` converts only the dev zoo forms that have no versions yet.

A CJK font is needed for the PDF's text layer: when fontconfig knows none, the Noto Sans
CJK font that the ``cvttf-notosanscjk-regular`` dependency ships is added for the run.

    .venv/bin/python tests/data/formats/make_formats.py
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
SOURCE = REPO / "data" / "raw" / "000_2504e2a5ee8feded.txt"
sys.path.insert(0, str(REPO / "tests" / "support"))
sys.path.insert(0, str(REPO))

sys.path.insert(0, str(REPO / "tests" / "zoo"))

import build as zoo_build  # noqa: E402
import docx  # noqa: E402
import selfeval_forms  # noqa: E402
from builders import docx_from_document, xlsx_from_document  # noqa: E402
from docx.oxml import OxmlElement, parse_xml  # noqa: E402
from docx.oxml.ns import nsdecls  # noqa: E402
from docx.shared import Pt  # noqa: E402

from kpi_analysis.readers.text import read_text  # noqa: E402

#: (file made from, soffice filter, name stored in this folder or None for a step between).
#: The .doc is written from an .odt: LibreOffice 7.4's direct .docx → .doc export dropped
#: the structure of the last table of this document.
CONVERSIONS = (
    ("source.docx", "html:HTML (StarWriter)", "source.html"),
    ("source.docx", "pdf:writer_pdf_Export", "source.pdf"),
    ("source.docx", "odt", None),
    ("source.odt", "doc:MS Word 97", "source.doc"),
    ("source.xlsx", "xls:MS Excel 97", "source.xls"),
    ("split_table.docx", "pdf:writer_pdf_Export", "split_table.pdf"),
    ("no_lines.docx", "pdf:writer_pdf_Export", "no_lines.pdf"),
    (
        "small.docx",
        'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
        '"DocumentOpenPassword":{"type":"string","value":"abc"}}',
        "encrypted.pdf",
    ),
)
SPLIT_ROWS = 45


def split_table_docx(path: Path) -> Path:
    """A title, a table of :data:`SPLIT_ROWS` rows under a repeated header row, a closing
    paragraph; a page header and a page-number footer (— PAGE —)."""
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "宿州市委编办 公开文件"
    footer = section.footer.paragraphs[0]
    footer.add_run("— ")
    footer._p.append(
        parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        )
    )
    footer.add_run(" —")
    document.add_paragraph("跨页表格测试")
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("序号", "三级指标", "指标值"), strict=True):
        cell.text = text
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for i in range(1, SPLIT_ROWS + 1):
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = str(i), f"指标{i}：完成第{i}项工作", f"≥{i}次"
    document.add_paragraph(f"以上共{SPLIT_ROWS}项。")
    document.save(str(path))
    return path


#: An indicator block laid out as a table without any ruling lines (python-docx's default
#: table style has no borders): its PDF has the text in columns but no lines.
NO_LINES_ROWS = (
    ("一级指标", "三级指标", "指标值"),
    ("产出指标", "指标1：培训次数", "≥4次"),
    ("产出指标", "指标2：合格率", "100%"),
    ("满意度指标", "指标3：满意度", "≥90%"),
)


def no_lines_docx(path: Path) -> Path:
    """A title and a table of :data:`NO_LINES_ROWS` without borders."""
    document = docx.Document()
    document.add_paragraph("项目支出绩效目标表")
    table = document.add_table(rows=len(NO_LINES_ROWS), cols=3)
    for row, texts in zip(table.rows, NO_LINES_ROWS, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    document.save(str(path))
    return path


def small_docx(path: Path) -> Path:
    """A one-table document."""
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.style = "Table Grid"
    for cell, text in zip(table._cells, ("项目名称", "甲", "三级指标", "指标值"), strict=True):
        cell.text = text
    document.save(str(path))
    return path


def locked_xls(source: Path, out: Path) -> Path:
    """``source`` with its CODEPAGE record (UTF-16) replaced by a FILEPASS record."""
    data = source.read_bytes()
    codepage, filepass = b"\x42\x00\x02\x00\xb0\x04", b"\x2f\x00\x02\x00\x00\x00"
    if data.count(codepage) != 1:
        sys.exit("source.xls: CODEPAGE record not found once")
    out.write_bytes(data.replace(codepage, filepass))
    return out


#: The text width of a landscape A4 page with the margins :func:`printable` sets, in twips.
TEXT_WIDTH = 16838 - 2 * 720


def _fitted_grid(match: re.Match) -> str:
    """A table grid of equal columns, 1500 twips each or narrower so the table fits the page
    (a table wider than the page runs off its edge in the PDF and its text is cut)."""
    columns = max(1, match.group(0).count("<w:gridCol"))
    width = min(1500, TEXT_WIDTH // columns)
    return "<w:tblGrid>" + f'<w:gridCol w:w="{width}"/>' * columns + "</w:tblGrid>"


def printable(path: Path) -> None:
    """Lay a builder's .docx out as a printed form: A4 landscape, narrow margins, 9 pt text,
    equal columns that fit the page, rows that do not break across pages (``w:cantSplit``)."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    xml = parts["word/document.xml"].decode("utf-8")
    xml = re.sub(r"<w:tr(\s[^>]*)?>", lambda m: m.group(0) + "<w:trPr><w:cantSplit/></w:trPr>", xml)
    xml = re.sub(r"<w:tcW [^>]*/>", "", xml)
    xml = re.sub(r"<w:tblGrid>.*?</w:tblGrid>", _fitted_grid, xml)
    xml = re.sub(r"<w:pgSz [^>]*/>", '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>', xml)
    xml = re.sub(
        r"<w:pgMar [^>]*/>",
        '<w:pgMar w:top="720" w:right="720" w:bottom="720" w:left="720" w:header="360"'
        ' w:footer="360" w:gutter="0"/>',
        xml,
    )
    parts["word/document.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    document = docx.Document(str(path))
    document.styles["Normal"].font.size = Pt(9)
    document.save(str(path))


def font_environment(work: Path) -> dict[str, str]:
    """The environment for soffice, with a CJK font when fontconfig has none."""
    env = dict(os.environ)
    listed = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False)
    if listed.stdout.strip():
        return env
    import cvttf_NotoSansCJK_Regular as font_package

    font_dir = Path(font_package.__file__).parent
    conf = work / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><fontconfig>'
        f'<include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>{font_dir}</dir>'
        f"<cachedir>{work / 'fontcache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    env["FONTCONFIG_FILE"] = str(conf)
    return env


WRITER_HTML, WRITER_PDF = "html:HTML (StarWriter)", "pdf:writer_pdf_Export"
WORD_97, EXCEL_97 = "doc:MS Word 97", "xls:MS Excel 97"
ZOO_FORMS = REPO / "tests" / "zoo" / "forms"
SELFEVAL_FORMS = ("weituo_form", "cunji_form", "putuo_form", "qingshen_form")


def dev_zoo_forms() -> list[Path]:
    """The dev zoo form folders (``dNN-*``); holdout forms are never converted."""
    return sorted(p for p in ZOO_FORMS.glob("d[0-9]*") if (p / "form.json").is_file())


def zoo_original(form_dir: Path) -> Path:
    """The stored fixture (form.docx or form.xlsx) of a zoo form."""
    return zoo_build.fixture_path(form_dir)


def convert(soffice: str, env: dict[str, str], work: Path, target: str, paths: list[Path]) -> Path:
    """Convert ``paths`` with one soffice run into ``work/out-<n>``; returns that folder."""
    out = Path(tempfile.mkdtemp(prefix="out-", dir=work))
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            *map(str, paths),
        ],
        check=True,
        env=env,
        timeout=600,
        capture_output=True,
    )
    return out


def store(produced: Path, stored: Path) -> None:
    stored.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(produced, stored)
    print(f"{stored.relative_to(HERE)}: {produced.stat().st_size} bytes")


def make_family(soffice: str, env: dict[str, str], work: Path, jobs: list[dict]) -> None:
    """Each job: ``docx`` and ``xlsx`` (the Word and Excel builds of a form, unique stems) and
    ``out`` (the stored stem): HTML, PDF and .doc from the Word build, .xls from the Excel one."""
    odt_out = convert(soffice, env, work, "odt", [job["docx"] for job in jobs])
    runs = {
        WRITER_HTML: [(job["docx"], job["out"].with_suffix(".html")) for job in jobs],
        WRITER_PDF: [(job["docx"], job["out"].with_suffix(".pdf")) for job in jobs],
        WORD_97: [
            (odt_out / (job["docx"].stem + ".odt"), job["out"].with_suffix(".doc")) for job in jobs
        ],
        EXCEL_97: [(job["xlsx"], job["out"].with_suffix(".xls")) for job in jobs],
    }
    for target, pairs in runs.items():
        out = convert(soffice, env, work, target, [src for src, _ in pairs])
        suffix = "." + target.split(":")[0]
        for src, stored in pairs:
            store(out / (src.stem + suffix), stored)


def selfeval_jobs(work: Path) -> list[dict]:
    forms = [getattr(selfeval_forms, name)() for name in SELFEVAL_FORMS]
    docx_path = selfeval_forms.write_docx(forms, work / "selfeval.docx")
    printable(docx_path)
    xlsx_path = selfeval_forms.write_xlsx(forms, work / "selfeval.xlsx")
    for path in (docx_path, xlsx_path):
        shutil.copyfile(path, HERE / path.name)
    return [{"docx": docx_path, "xlsx": xlsx_path, "out": HERE / "selfeval"}]


def zoo_jobs(work: Path, *, missing_only: bool = False) -> list[dict]:
    jobs = []
    for form_dir in dev_zoo_forms():
        stem = form_dir.name.split("-")[0]
        if missing_only and (HERE / "zoo" / f"{stem}.pdf").is_file():
            continue
        form = zoo_build.load_form(form_dir)
        docx_path, xlsx_path = work / f"{stem}.docx", work / f"{stem}.xlsx"
        zoo_build.write_docx(form, docx_path)
        printable(docx_path)
        zoo_build.write_xlsx(form, xlsx_path)
        other = xlsx_path if zoo_original(form_dir).suffix == ".docx" else docx_path
        (HERE / "zoo").mkdir(exist_ok=True)
        shutil.copyfile(other, HERE / "zoo" / other.name)
        jobs.append({"docx": docx_path, "xlsx": xlsx_path, "out": HERE / "zoo" / stem})
    return jobs


def main() -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("soffice (LibreOffice) is needed to make the fixtures")
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
    if only in ("zoo", "zoo-missing", "selfeval"):
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            env = font_environment(work)
            if only == "selfeval":
                jobs = selfeval_jobs(work)
            else:
                jobs = zoo_jobs(work, missing_only=only == "zoo-missing")
            if jobs:
                make_family(soffice, env, work, jobs)
        return
    doc = read_text(SOURCE)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        docx_from_document(doc, work / "source.docx", merge_labels=True)
        printable(work / "source.docx")
        xlsx_from_document(doc, work / "source.xlsx", merge_labels=True)
        split_table_docx(work / "split_table.docx")
        small_docx(work / "small.docx")
        no_lines_docx(work / "no_lines.docx")
        env = font_environment(work)
        profile = (work / "profile").as_uri()
        for made_from, target, stored in CONVERSIONS:
            out = work / "out"
            subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation={profile}",
                    "--headless",
                    "--convert-to",
                    target,
                    "--outdir",
                    str(out),
                    str(work / made_from),
                ],
                check=True,
                env=env,
                timeout=300,
                capture_output=True,
            )
            suffix = "." + target.split(":")[0]
            produced = out / (Path(made_from).stem + suffix)
            if stored is None:
                shutil.copyfile(produced, work / produced.name)
                continue
            shutil.copyfile(produced, HERE / stored)
            print(f"{stored}: {produced.stat().st_size} bytes")
        for original in ("source.docx", "source.xlsx"):
            shutil.copyfile(work / original, HERE / original)
        locked_xls(HERE / "source.xls", HERE / "locked.xls")
        make_family(soffice, env, work, selfeval_jobs(work) + zoo_jobs(work))


if __name__ == "__main__":
    main()
