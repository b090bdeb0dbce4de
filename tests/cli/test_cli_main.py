"""The command line itself: fast help, version, Chinese usage errors, examples, defaults."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kpi_analysis.cli import paths
from kpi_analysis.cli.commands import COMMANDS, EXAMPLES, SUMMARIES
from kpi_analysis.cli.main import build_parser, main

PROBE = """
import sys
from kpi_analysis.cli.main import main
try:
    main({argv!r})
except SystemExit as stop:
    code = stop.code
print("pandas" in sys.modules, code)
"""


def _probe(argv: list[str]) -> tuple[bool, str, str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(argv=argv)], capture_output=True, text=True, check=True
    )
    imported, code = done.stdout.split()[-2:]
    return imported == "True", code, done.stderr


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["nonsense"], [], ["--version"], *([name, "--help"] for name in COMMANDS)],
)
def test_help_and_usage_errors_do_not_import_pandas(argv) -> None:
    imported, _, _ = _probe(argv)
    assert not imported


def test_usage_errors_are_in_chinese(capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["nonsense"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "用法：" in err and "错误：" in err and "无效的选择" in err
    assert "usage" not in err and "invalid choice" not in err
    with pytest.raises(SystemExit):
        main(["extract", "--no-such-option"])
    assert "无法识别的参数：--no-such-option" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["template", "--years", "x"])
    assert "无效的整数值" in capsys.readouterr().err


def test_version_comes_from_the_installed_metadata(capsys) -> None:
    from importlib.metadata import version

    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"kpi-analysis {version('kpi_analysis')}"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_a_summary_and_examples_in_its_help(name) -> None:
    assert SUMMARIES[name] and EXAMPLES[name].startswith("示例：")
    command = build_parser(name)._subparsers._group_actions[0].choices[name]
    text = command.format_help()
    assert "示例：" in text and f"kpi-analysis {name}" in text
    assert "选项" in text and "options" not in text


def test_lists_kept_beside_the_heavy_modules_agree() -> None:
    from kpi_analysis.analysis.review.profile import RULE_IDS
    from kpi_analysis.batch.engine import ENGINES
    from kpi_analysis.cli.commands import batch, review

    assert tuple(review.RULE_IDS) == tuple(RULE_IDS)
    assert tuple(batch.ENGINES) == tuple(ENGINES)


def test_defaults_resolve_against_the_current_folder() -> None:
    for path in (paths.DATA_RAW, paths.DATA_PROCESSED, paths.REPORTS, paths.DEFAULT_INPUT):
        assert not path.is_absolute()


def test_identical_files_are_read_once_and_named(source_path, tmp_path, capsys) -> None:
    import pandas as pd

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_bytes(source_path.read_bytes())
    out = tmp_path / "out"
    assert main(["extract", str(folder), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "b.txt" in captured.err and "内容相同" in captured.err
    assert "读取项目 5 个" in captured.out
    findings = pd.read_csv(out / "findings.csv", encoding="utf-8-sig")
    assert (findings["code"] == "duplicate_file").sum() == 1


def test_many_files_are_read_one_by_one_to_the_same_tables(source_path, tmp_path) -> None:
    from kpi_analysis.cli.commands import extract

    folder = tmp_path / "in"
    folder.mkdir()
    text = source_path.read_text(encoding="utf-8")
    for n in range(extract.PROGRESS_MIN_FILES):  # distinct content: not duplicates
        (folder / f"{n:02d}.txt").write_text(text + "\n" * (n + 1), encoding="utf-8")
    ds, code = extract.load_inputs([folder], strict=False, quiet=True)
    assert code == 0 and ds is not None
    assert len(ds.projects) == 5 * extract.PROGRESS_MIN_FILES


@pytest.mark.parametrize("command", ["score", "report", "review"])
def test_identical_files_are_read_once_by_every_command(command, repo_root, tmp_path, capsys):
    """The same rule as ``extract`` (tables.inputs.drop_duplicates): a copy is named, not
    read a second time (so nothing is scored or reviewed twice)."""
    import shutil

    folder = tmp_path / "in"
    shutil.copytree(repo_root / "data" / "raw", folder)
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        shutil.copy(path, folder / f"副本-{path.name}")
    extra = ["--year", "2021", "--no-pdf"] if command == "report" else []
    code = main([command, str(folder), "--out", str(tmp_path / "out"), "--quiet", *extra])
    err = capsys.readouterr().err
    assert code == 0, err
    copies = [line for line in err.splitlines() if "内容相同，只读取一次" in line]
    originals = [p for p in folder.iterdir() if not p.name.startswith("副本-")]
    assert len(copies) == len(originals) and all("副本-" in line for line in copies)


def test_read_inputs_keeps_one_of_identical_files(source_path, tmp_path) -> None:
    from kpi_analysis.tables.inputs import read_inputs

    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_bytes(source_path.read_bytes())
    inputs = read_inputs([tmp_path])
    assert [(c.name, k.name) for c, k in inputs.duplicates] == [("b.txt", "a.txt")]
    assert inputs.targets is not None and len(inputs.targets.projects) == 5
