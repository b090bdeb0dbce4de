"""``kpi-analysis notebooks --data DIR --out DIR``: run every notebook on another folder.

Each ``notebooks/*.ipynb`` is executed with papermill; the parameters its ``parameters``
cell declares are set from the command line — ``DATA`` (the input folder), ``YEAR`` (with
``--year``), ``FIGURES_DIR`` (``OUT/figures``) and ``REPORT_DIR`` (``OUT/reports``) — and the
executed notebook is exported to ``OUT/NAME.html`` with nbconvert (charts, HTML tables and
the glyphs of the CJK font it uses embedded). The year-end notebook also writes the
self-contained HTML report (and its PDF where Chromium is installed) under
``OUT/reports/YEAR``. A year with nothing in it (no form,
no actuals) is not a failure: the notebooks say so in Chinese and carry on. The stored
notebooks are never modified. A notebook that fails is still exported (the HTML shows the
error) and the command exits with 1; a notebook that cannot be started at all (no kernel, bad
file) is reported the same way, without HTML.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from kpi_analysis.cli.paths import DATA_RAW, NOTEBOOKS
from kpi_analysis.errors import EXIT_NOTHING, EXIT_OK, EXIT_PARTIAL

#: The notebooks folder, relative to the current folder (``--notebooks`` overrides it): the
#: notebooks are project files, not part of the installed package.
NOTEBOOKS_DIR = NOTEBOOKS
KERNEL = "python3"
#: Headless plotting in the kernels; Jupyter prefers the running environment's kernelspecs.
KERNEL_ENV = {"MPLBACKEND": "Agg", "JUPYTER_PREFER_ENV_PATH": "1"}


def select_notebooks(folder: Path, only: Sequence[str] = ()) -> list[Path]:
    """``folder/*.ipynb`` sorted by name; with ``only``, those whose name starts with one."""
    found = sorted(p for p in Path(folder).glob("*.ipynb") if not p.name.startswith("."))
    if only:
        found = [p for p in found if any(p.name.startswith(prefix) for prefix in only)]
    return found


def notebook_parameters(
    declared: Sequence[str], data: Path, out: Path, year: int | None
) -> dict[str, object]:
    """The papermill parameters for a notebook whose parameters cell declares ``declared``."""
    offered: dict[str, object] = {
        "DATA": str(data.resolve()),
        "FIGURES_DIR": str((out / "figures").resolve()),
        "REPORT_DIR": str((out / "reports").resolve()),
    }
    if year is not None:
        offered["YEAR"] = year
    return {name: value for name, value in offered.items() if name in declared}


@contextlib.contextmanager
def _kernel_environment() -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in KERNEL_ENV}
    os.environ.update(KERNEL_ENV)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def export_html(notebook: Path, target: Path) -> Path:
    """Write ``notebook`` as HTML to ``target`` (atomically)."""
    from nbconvert import HTMLExporter

    from kpi_analysis.outputs.files import write_atomically
    from kpi_analysis.outputs.html_report import with_embedded_font

    body, _ = HTMLExporter().from_filename(str(notebook))
    body = with_embedded_font(body)  # Chinese without tofu on a machine with no CJK font
    return write_atomically(target, lambda temp: temp.write_text(body, encoding="utf-8"))


def run_notebook(path: Path, executed: Path, parameters: dict[str, object]) -> str | None:
    """Execute ``path`` into ``executed``; the error text when a cell failed, else None."""
    import papermill

    try:
        papermill.execute_notebook(
            str(path),
            str(executed),
            parameters=parameters,
            kernel_name=KERNEL,
            progress_bar=False,
            cwd=str(path.parent),
        )
    except papermill.PapermillExecutionError as error:
        return f"{error.ename}: {error.evalue}"
    except Exception as error:  # no kernel, unreadable notebook …: report, go on with the rest
        return f"{type(error).__name__}: {error}"
    return None


def run(args: argparse.Namespace) -> int:
    """Execute the notebooks on ``--data`` and export them as HTML to ``--out``."""
    import papermill

    data, out = Path(args.data), Path(args.out)
    if not data.exists():
        print(f"错误：找不到数据文件夹 {data}", file=sys.stderr)
        return EXIT_NOTHING
    folder = Path(args.notebooks)
    if not folder.is_dir():
        print(
            f"错误：找不到笔记本文件夹 {folder}（{folder.absolute()}）；请在项目文件夹中运行，"
            "或用 --notebooks 指定笔记本所在的文件夹",
            file=sys.stderr,
        )
        return EXIT_NOTHING
    notebooks = select_notebooks(folder, args.only or ())
    if not notebooks:
        print(f"错误：{args.notebooks} 中没有匹配的 .ipynb 笔记本", file=sys.stderr)
        return EXIT_NOTHING
    out.mkdir(parents=True, exist_ok=True)
    failures = 0
    with tempfile.TemporaryDirectory(prefix="kpi-notebooks-") as work, _kernel_environment():
        for path in notebooks:
            executed = Path(work) / path.name
            try:
                declared = list(papermill.inspect_notebook(str(path)))
            except Exception as problem:  # not a notebook: report, go on with the rest
                error = f"{type(problem).__name__}: {problem}"
            else:
                parameters = notebook_parameters(declared, data, out, args.year)
                error = run_notebook(path, executed, parameters)
            html = out / f"{path.stem}.html"
            if executed.is_file():
                export_html(executed, html)
            if error:
                failures += 1
                exported = f"，已导出 {html.name}" if executed.is_file() else ""
                print(f"错误：{path.name} 运行失败（{error}）{exported}", file=sys.stderr)
            elif not args.quiet:
                print(f"已运行 {path.name} → {html}")
    if not args.quiet:
        for page in sorted((out / "reports").glob("*/*-年度绩效自评报告.html")):
            print(f"年终报告（HTML）：{page}")
        print(f"共 {len(notebooks)} 个笔记本，失败 {failures} 个；输出在 {out}")
    return EXIT_PARTIAL if failures else EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``notebooks`` subcommand."""
    parser = sub.add_parser("notebooks", help="用另一数据文件夹运行全部笔记本并导出 HTML")
    parser.add_argument(
        "--data", type=Path, default=DATA_RAW, help=f"输入数据文件夹（默认 {DATA_RAW.name}）"
    )
    parser.add_argument("--out", type=Path, required=True, help="输出文件夹（HTML、图、报告）")
    parser.add_argument(
        "--year", type=int, default=None, help="年度参数 YEAR（默认用笔记本中的值）"
    )
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="NAME",
        help="只运行文件名以此开头的笔记本，如 04 05-execution",
    )
    parser.add_argument(
        "--notebooks",
        type=Path,
        default=NOTEBOOKS_DIR,
        help=f"笔记本文件夹（默认当前文件夹下的 {NOTEBOOKS_DIR}）",
    )
    parser.add_argument("--quiet", action="store_true", help="不打印进度")
    parser.set_defaults(func=run)
