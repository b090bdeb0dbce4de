"""The HTML year-end report in a real headless Chromium: it renders, images load, no tofu.

Needs Debian's ``chromium`` (``.ci/run`` installs it). Without it these tests are skipped
locally and fail under ``CI=true``. The screenshot baseline lives in
``tests/baseline/report/``; regenerate it after an intended layout change with
``KPI_UPDATE_BASELINES=1 pytest tests/outputs/test_html_report_browser.py``.
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
import subprocess
import tempfile
from pathlib import Path

import pytest

from kpi_analysis.outputs.html_report import (
    FONT_FAMILY,
    chromium_command,
    find_chromium,
    print_pdf,
)
from kpi_analysis.outputs.report import load_year_end, score_year_end, year_report_page

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"
BASELINE = Path(__file__).resolve().parents[1] / "baseline" / "report" / "2021-first-page.png"
UPDATE = os.environ.get("KPI_UPDATE_BASELINES") == "1"
#: A4 at 96 dpi is 794 px wide; the first screen of the page.
WINDOW = (794, 1123)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def chromium() -> str:
    found = find_chromium()
    if found is None:
        reason = "chromium is not installed (apt-get install chromium; .ci/run installs it)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)
    return found


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    data = load_year_end(RAW)
    html = year_report_page(data, score_year_end(data), 2021)
    path = tmp_path_factory.mktemp("report") / "2021-年度绩效自评报告.html"
    path.write_text(html, encoding="utf-8")
    return path


def _run(chromium: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="kpi-chromium-test-") as profile:
        command = chromium_command(chromium, f"--user-data-dir={profile}", *args)
        return subprocess.run(command, capture_output=True, timeout=timeout, check=False)


PROBE = """
<script>
window.addEventListener("load", () => {
  document.fonts.ready.then(() => {
    const text = document.body.innerText;
    const fonts = [...document.fonts].map(f => ({family: f.family, status: f.status}));
    const out = {
      images: [...document.images].map(i => ({complete: i.complete, width: i.naturalWidth})),
      fonts: fonts,
      covered: document.fonts.check('12px "FAMILY"', text),
      bodyFont: getComputedStyle(document.body).fontFamily,
      tables: document.querySelectorAll("table").length,
      height: document.documentElement.scrollHeight,
      title: document.title,
    };
    const pre = document.createElement("pre");
    pre.id = "kpi-probe";
    pre.textContent = JSON.stringify(out);
    document.body.appendChild(pre);
  });
});
</script>
""".replace("FAMILY", FONT_FAMILY)


@pytest.fixture(scope="module")
def probe(chromium: str, page: Path) -> dict:
    probed = page.with_name("probe.html")
    probed.write_text(
        page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8"
    )
    done = _run(chromium, "--virtual-time-budget=15000", "--dump-dom", probed.as_uri())
    dom = done.stdout.decode("utf-8", "replace")
    found = re.search(r'<pre id="kpi-probe">(.*?)</pre>', dom, re.S)
    assert found, f"the page did not finish rendering: {done.stderr.decode()[-800:]}"
    import html

    return json.loads(html.unescape(found.group(1)))


def test_the_page_renders_with_its_tables(probe: dict) -> None:
    assert probe["title"] == "2021年度项目支出绩效自评报告"
    assert probe["tables"] >= 2 + 3 * 5  # totals, funding; per project funding, goals, indicators
    assert probe["height"] > 3 * WINDOW[1]


def test_every_image_loads(probe: dict) -> None:
    assert len(probe["images"]) == 5
    assert all(image["complete"] and image["width"] > 0 for image in probe["images"])


def test_no_tofu_the_embedded_font_is_loaded_and_covers_the_text(probe: dict, page: Path) -> None:
    ours = [f for f in probe["fonts"] if f["family"].strip('"') == FONT_FAMILY]
    assert ours and all(f["status"] == "loaded" for f in ours)
    assert probe["covered"] is True
    assert probe["bodyFont"].startswith(f'"{FONT_FAMILY}"') or probe["bodyFont"].startswith(
        FONT_FAMILY
    )
    # every character shown has a glyph in the embedded font (no fallback, no boxes)
    from fontTools.ttLib import TTFont

    text = page.read_text(encoding="utf-8")
    data = re.search(r'url\("data:font/otf;base64,([^"]+)"\)', text).group(1)
    cmap = TTFont(io.BytesIO(base64.b64decode(data))).getBestCmap()
    body = re.sub(r'src="data:[^"]*"', "", text.split("<body>", 1)[1])
    body = re.sub(r"<style\b.*?</style>", "", body, flags=re.S)  # the tables' CSS is not shown
    visible = re.sub(r"<[^>]+>", "", body)
    import html

    missing = {c for c in html.unescape(visible) if not c.isspace() and ord(c) not in cmap}
    assert missing == set()


def test_first_page_matches_the_baseline_screenshot(chromium: str, page: Path, tmp_path) -> None:
    from PIL import Image, ImageChops, ImageStat

    shot = tmp_path / "shot.png"
    width, height = WINDOW
    done = _run(
        chromium,
        f"--window-size={width},{height}",
        "--force-device-scale-factor=1",
        "--virtual-time-budget=10000",
        f"--screenshot={shot}",
        page.as_uri(),
    )
    assert shot.is_file(), done.stderr.decode()[-800:]
    if UPDATE:
        BASELINE.parent.mkdir(parents=True, exist_ok=True)
        BASELINE.write_bytes(shot.read_bytes())
    assert BASELINE.is_file(), f"missing baseline {BASELINE}; see the module docstring"
    actual = Image.open(shot).convert("L")
    expected = Image.open(BASELINE).convert("L")
    assert actual.size == expected.size
    diff = ImageChops.difference(actual, expected)
    mean = ImageStat.Stat(diff).mean[0]
    changed = sum(diff.histogram()[65:])  # pixels that changed by more than a quarter
    share = changed / (actual.size[0] * actual.size[1])
    if mean > 2.0 or share > 0.01:
        diff.save(tmp_path / "diff.png")
    assert mean <= 2.0 and share <= 0.01, (
        f"screenshot differs from {BASELINE.name}: mean {mean:.2f}, {share:.2%} of pixels; "
        f"see {tmp_path}"
    )


def test_prints_an_a4_pdf(chromium: str, page: Path, tmp_path) -> None:
    pdf = print_pdf(page, tmp_path / "report.pdf", chromium=chromium)
    assert pdf is not None and pdf.read_bytes()[:5] == b"%PDF-"
    content = pdf.read_bytes()
    pages = re.findall(rb"/Type\s*/Page[^s]", content)
    assert len(pages) >= 6  # the overview, then one page per project
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", content)
    assert box and abs(float(box.group(1)) - 595.92) < 2 and abs(float(box.group(2)) - 842.88) < 2
