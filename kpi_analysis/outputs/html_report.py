"""The year-end report as one self-contained HTML page (and a PDF of it through Chromium).

:func:`year_report_html` lays out, for one year: the totals and grades of every project, the
funding executed, the year's charts (PNG embedded as base64 ``data:`` URLs), and per project
the indicator lines of its 自评表 with the notes printed under it. Code is never shown. The
page carries its own font: the subset of the packaged Noto Sans CJK
(:func:`kpi_analysis.outputs.charts.fonts.cjk_font_path`) holding exactly the characters of
the page, embedded with ``@font-face`` — so it renders without tofu on a machine with no
Chinese font. ``@page`` sets A4 portrait with margins; tables repeat their header rows and
charts do not break across pages. When the input is the shipped example workbook every page
says 示例数据（虚构）.

:func:`print_pdf` prints the page with headless Chromium (``chromium --headless
--print-to-pdf``) when a Chromium is installed (:func:`find_chromium`).
"""

from __future__ import annotations

import base64
import html
import io
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from kpi_analysis.outputs.charts import fonts
from kpi_analysis.outputs.display import Table
from kpi_analysis.outputs.files import write_atomically
from kpi_analysis.outputs.writers.selfeval_layout import EXAMPLE_NOTICE, SelfEvalSheet
from kpi_analysis.text.numbers import format_number

__all__ = [
    "CHART_CAPTIONS",
    "FONT_FAMILY",
    "find_chromium",
    "print_pdf",
    "report_file_stem",
    "with_embedded_font",
    "year_report_html",
]

#: Family name of the embedded font inside the page.
FONT_FAMILY = "KpiReportCJK"
#: Chromium executables tried in order by :func:`find_chromium`.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: Captions of the charts of :func:`kpi_analysis.outputs.report.year_charts`, by file stem.
CHART_CAPTIONS: Mapping[str, str] = {
    "funding": "各项目资金：中期与年度",
    "execution-rate": "各项目预算执行率",
    "completion": "绩效指标完成情况",
    "score-trend": "自评总分与等级",
    "cumulative-progress": "中期目标累计完成进度",
}

CSS = """
@page { size: A4 portrait; margin: 16mm 14mm 18mm 14mm; }
html { font-family: "%(family)s", sans-serif; font-size: 10.5pt; color: #111; }
body { max-width: 182mm; margin: 0 auto; line-height: 1.5; }
h1 { font-size: 17pt; text-align: center; margin: 0 0 2mm; }
h2 { font-size: 13pt; border-bottom: 1.5px solid #333; padding-bottom: 1mm; margin: 7mm 0 3mm;
     break-after: avoid; }
h3 { font-size: 11pt; margin: 5mm 0 2mm; break-after: avoid; }
p.subtitle { text-align: center; margin: 0 0 4mm; }
p.example { border: 1.5px solid #b00; color: #b00; padding: 2mm 3mm; text-align: center;
            font-weight: bold; }
table { border-collapse: collapse; width: 100%%; margin: 2mm 0 3mm; font-size: 9pt; }
thead { display: table-header-group; }
th, td { border: 0.6pt solid #555; padding: 1mm 1.5mm; vertical-align: top; }
th { background: #e8e8e8; font-weight: bold; text-align: center; }
tr { break-inside: avoid; }
caption { caption-side: top; text-align: left; font-weight: bold; padding-bottom: 1mm; }
figure { margin: 3mm 0 5mm; break-inside: avoid; text-align: center; }
figure img { max-width: 100%%; height: auto; }
figcaption { font-size: 9pt; color: #333; }
ul.notes { font-size: 9pt; margin: 1mm 0 3mm; padding-left: 5mm; }
p.empty, p.meta { font-size: 9pt; color: #444; }
p.example-page { margin: -2mm 0 2mm; color: #b00; font-size: 9pt; font-weight: bold; }
section.project { break-before: page; }
table[id^="T_indicators-"] { table-layout: fixed; }
table[id^="T_indicators-"] .col0 { width: 8%%; }
table[id^="T_indicators-"] .col1 { width: 10%%; }
table[id^="T_indicators-"] .col2 { width: 24%%; }
table[id^="T_indicators-"] .col3, table[id^="T_indicators-"] .col4 { width: 11%%; }
table[id^="T_indicators-"] .col5 { width: 6%%; }
table[id^="T_indicators-"] .col6 { width: 8%%; }
table[id^="T_indicators-"] .col7 { width: 22%%; }
footer { margin-top: 8mm; font-size: 8.5pt; color: #444; border-top: 0.6pt solid #999;
         padding-top: 2mm; }
"""


# ----------------------------------------------------------------------------- font


@lru_cache(maxsize=8)
def _font_subset(characters: str) -> bytes:
    """The packaged CJK font cut down to ``characters`` (OpenType, a few dozen KB)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = TTFont(str(fonts.cjk_font_path()), lazy=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


#: The CJK blocks (ideographs, punctuation, full-width forms) of :func:`with_embedded_font`.
CJK_UNICODE_RANGE = "U+2E80-9FFF, U+F900-FAFF, U+FE30-FE4F, U+FF00-FFEF"


def font_face(text: str, unicode_range: str | None = None) -> str:
    """An ``@font-face`` rule embedding the glyphs of every character of ``text`` (used only
    for ``unicode_range`` when given)."""
    characters = "".join(sorted(set(text) | set(" 0123456789.,%-–—（）()：:；;、")))
    data = base64.b64encode(_font_subset(characters)).decode("ascii")
    only = f" unicode-range: {unicode_range};" if unicode_range else ""
    return (
        f'@font-face {{ font-family: "{FONT_FAMILY}"; '
        f'src: url("data:font/otf;base64,{data}") format("opentype");{only} }}'
    )


#: Added to an exported notebook (:func:`with_embedded_font`): the embedded CJK font comes
#: first but covers only the CJK blocks, so Latin text and code keep the template's fonts.
NOTEBOOK_FONT_CSS = """
body, body *:not(pre):not(code):not(pre *):not(code *) {
  font-family: "%(family)s", var(--jp-content-font-family, sans-serif) !important; }
pre, code, pre *, code * {
  font-family: "%(family)s", var(--jp-code-font-family, monospace) !important; }
"""


def with_embedded_font(page: str) -> str:
    """``page`` (a whole HTML document, e.g. a notebook exported by nbconvert) with the glyphs
    of the characters it shows embedded as a fallback font, so it has no tofu anywhere."""
    visible = html.unescape(_strip_tags(page.split("<body", 1)[-1]))
    style = font_face(visible, CJK_UNICODE_RANGE) + NOTEBOOK_FONT_CSS % {"family": FONT_FAMILY}
    head, found, rest = page.partition("</head>")
    if not found:
        return f"<style>{style}</style>\n{page}"
    return f"{head}<style>\n{style}\n</style>\n</head>{rest}"


# ----------------------------------------------------------------------------- pieces


def _e(text: object) -> str:
    return html.escape("" if text is None else str(text))


def figure_png(fig: Figure) -> bytes:
    """``fig`` as PNG bytes at the charts' fixed resolution."""
    out = io.BytesIO()
    dpi = fonts.CHART_STYLE["savefig.dpi"]
    fig.savefig(out, format="png", dpi=dpi, metadata={"Software": None})
    return out.getvalue()


def _figure(name: str, png: bytes, caption: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<figure id="figure-{_e(name)}"><img alt="{_e(caption)}" '
        f'src="data:image/png;base64,{data}"><figcaption>{_e(caption)}</figcaption></figure>'
    )


def _table(
    frame: pd.DataFrame,
    subject: str,
    name: str,
    caption: str | None = None,
    table: str | None = None,
) -> str:
    shown = Table(frame, subject, name=name, caption=caption, table=table)  # type: ignore[arg-type]
    return shown.to_html()


def _number(value: float | None, digits: int = 2) -> str:
    """Display rounding (half up on the decimal text), as everywhere: 2.675 → 2.68."""
    return "" if value is None else format_number(value, digits, grouping=True)


def _form_section(form: SelfEvalSheet, index: int) -> str:
    no = f"{form.project_no}. " if form.project_no is not None else ""
    parts = [f'<section class="project"><h2>{index}. 项目自评：{_e(no)}{_e(form.project)}</h2>']
    if form.example:
        parts.append(f'<p class="example-page">{EXAMPLE_NOTICE}</p>')
    meta = [("主管部门", form.department), ("实施单位", form.implementer)]
    parts.append('<p class="meta">' + "　".join(f"{k}：{_e(v)}" for k, v in meta if v) + "</p>")
    funding = pd.DataFrame(
        [
            {
                "项目资金（万元）": line.label,
                "年初预算数": _number(line.initial),
                "全年预算数": _number(line.full),
                "全年执行数": _number(line.executed),
            }
            for line in form.funding
        ]
    )
    rate = "" if form.execution_rate is None else f"{form.execution_rate * 100:.2f}%"
    parts.append(_table(funding, "tracking", f"funding-{index}"))
    parts.append(
        f"<p>预算执行率 {rate}，预算执行率得分 {_number(form.execution_score)}"
        f"（分值 {_number(form.execution_weight, 0)}）；"
        f"总分 <b>{_number(form.total)}</b>，自评等级 <b>{_e(form.grade or '')}</b>。</p>"
    )
    goals = pd.DataFrame([{"预期目标": form.goal_expected, "实际完成情况": form.goal_actual}])
    parts.append(_table(goals, "tracking", f"goals-{index}", "年度总体目标"))
    lines = pd.DataFrame(
        [
            {
                "level1": line.level1,
                "level2": line.level2,
                "indicator": line.indicator,
                "target": line.target,
                "actual": line.actual,
                "weight": line.weight,
                "score": line.score,
                "reason": line.reason,
            }
            for line in form.indicators
        ],
        columns=["level1", "level2", "indicator", "target", "actual", "weight", "score", "reason"],
    )
    parts.append(_table(lines, "tracking", f"indicators-{index}", "绩效指标"))
    if form.notes:
        parts.append(
            '<ul class="notes">' + "".join(f"<li>{_e(n)}</li>" for n in form.notes) + "</ul>"
        )
    parts.append("</section>")
    return "\n".join(parts)


def report_file_stem(year: int) -> str:
    """``2021-年度绩效自评报告``: the stem of the HTML and PDF files."""
    return f"{year}-年度绩效自评报告"


def year_report_html(
    year: int,
    *,
    summary: pd.DataFrame,
    funding: pd.DataFrame,
    forms: Sequence[SelfEvalSheet],
    charts: Mapping[str, bytes],
    example: bool = False,
    profile_text: str = "",
) -> str:
    """The report page for ``year``.

    ``summary`` and ``funding`` are the year's rows of the scoring summary and funding tables;
    ``charts`` maps chart stems (:data:`CHART_CAPTIONS`) to PNG bytes (:func:`figure_png`).
    """
    title = f"{year}年度项目支出绩效自评报告"
    body = [f"<h1>{_e(title)}</h1>"]
    department = next((f.department for f in forms if f.department), "")
    sub = f"{department}　共 {len(forms)} 个项目" if department else f"共 {len(forms)} 个项目"
    body.append(f'<p class="subtitle">{_e(sub)}</p>')
    if example:
        body.append(
            f'<p class="example">{EXAMPLE_NOTICE}：本报告的实际完成情况来自演示用示例工作簿，'
            "不是官方数据，仅用于演示。</p>"
        )
    body.append("<h2>一、总体情况</h2>")
    cols = ["project_no", "project", "execution_rate", "execution_score", "indicator_score",
            "total", "grade"]  # fmt: skip
    body.append(_table(summary.reindex(columns=cols), "tracking", "summary", "得分汇总", "summary"))
    if profile_text:
        body.append(f'<p class="meta">{_e(profile_text)}</p>')
    body.append("<h2>二、资金执行（万元）</h2>")
    cols = ["project_no", "project", "budget_initial", "budget_full", "executed",
            "execution_rate", "reason"]  # fmt: skip
    funding_table = _table(
        funding.reindex(columns=cols), "tracking", "funding", "资金执行", "execution"
    )
    body.append(funding_table)
    body.append("<h2>三、图表</h2>")
    mark = f"（{EXAMPLE_NOTICE}）" if example else ""
    if not charts:
        body.append('<p class="empty">（本年度没有可作图的数据）</p>')
    for name, png in charts.items():
        caption = f"图：{CHART_CAPTIONS.get(name, name)}（截至{year}年）{mark}"
        body.append(_figure(name, png, caption))
    for index, form in enumerate(forms, start=4):
        body.append(_form_section(form, index))
    body.append(
        "<footer>本报告由 kpi_analysis 根据绩效目标表和实际完成情况生成；各项目的《项目支出"
        "绩效自评表》（.docx/.xlsx）与本报告同在一个文件夹。"
        + (f"{EXAMPLE_NOTICE}。" if example else "")
        + "</footer>"
    )
    content = "\n".join(body)
    visible = html.unescape(_strip_tags(content))
    style = font_face(visible + title) + CSS % {"family": FONT_FAMILY}
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_e(title)}</title>\n<style>\n{style}\n</style>\n</head>\n"
        f"<body>\n{content}\n</body>\n</html>\n"
    )


def _strip_tags(markup: str) -> str:
    without_data = re.sub(r'src="data:[^"]*"', "", markup)
    without_code = re.sub(r"<(style|script)\b.*?</\1>", " ", without_data, flags=re.S)
    return re.sub(r"<[^>]+>", " ", without_code)


# ----------------------------------------------------------------------------- pdf


def find_chromium() -> str | None:
    """The path of an installed Chromium (or Chrome), else None (``KPI_CHROMIUM`` first)."""
    given = os.environ.get("KPI_CHROMIUM")
    if given:
        return shutil.which(given) or (given if Path(given).is_file() else None)
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium_command(chromium: str, *args: str) -> list[str]:
    """A headless Chromium command line (no sandbox when run as root, no GPU, no first run)."""
    command = [chromium, "--headless", "--disable-gpu", "--no-first-run",
               "--no-default-browser-check", "--hide-scrollbars", "--mute-audio"]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--no-sandbox")
    return [*command, *args]


def print_pdf(page: str | os.PathLike[str], target: str | os.PathLike[str],
              *, chromium: str | None = None, timeout: float = 120) -> Path | None:  # fmt: skip
    """Print the HTML file ``page`` to the PDF ``target`` with headless Chromium.

    Returns the path written, or None when no Chromium is installed. Raises
    ``RuntimeError`` when Chromium runs but writes no PDF.
    """
    chromium = chromium or find_chromium()
    if chromium is None:
        return None
    url = Path(page).resolve().as_uri()
    with tempfile.TemporaryDirectory(prefix="kpi-chromium-") as profile:

        def write(temp: Path) -> None:
            command = chromium_command(
                chromium,
                f"--user-data-dir={profile}",
                "--no-pdf-header-footer",
                f"--print-to-pdf={temp}",
                url,
            )
            done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
            if not Path(temp).is_file() or Path(temp).stat().st_size == 0:
                error = done.stderr.decode("utf-8", "replace").strip()[-500:]
                raise RuntimeError(f"Chromium 未能生成 PDF（退出码 {done.returncode}）：{error}")

        return write_atomically(Path(target), write)
