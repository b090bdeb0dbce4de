"""pyproject.toml and environment.yml declare the same dependencies.

environment.yml is read with a small line-based parser (enough for the flat layout that file
uses), so checking it adds no YAML dependency.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# conda-forge name -> PyPI name, where the two differ.
CONDA_TO_PYPI = {
    "matplotlib-base": "matplotlib",
    "pytables": "tables",
    "pytorch": "torch",
    "msgpack-python": "msgpack",
}
# Entries of a conda env that are the toolchain, not dependencies of the package.
CONDA_TOOLCHAIN = {"python", "pip"}

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(.*)$")


def normalise(name: str) -> str:
    """Return the PEP 503 normalised form of a package name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def split_requirement(spec: str) -> tuple[str, str]:
    """Split ``"pandas>=2.1"`` into ``("pandas", ">=2.1")``; drop markers and spaces."""
    spec = spec.split(";", 1)[0]
    match = _NAME.match(spec)
    if match is None:
        raise ValueError(f"not a requirement: {spec!r}")
    name, rest = match.groups()
    return normalise(name), re.sub(r"\s+", "", rest)


@dataclass
class EnvironmentFile:
    """What environment.yml declares."""

    name: str | None = None
    channels: list[str] = field(default_factory=list)
    conda: list[str] = field(default_factory=list)
    pip: list[str] = field(default_factory=list)


def _strip_comment(line: str) -> str:
    # YAML comments start at a '#' preceded by whitespace (or at the start of the line).
    return re.split(r"(?:^|\s)#", line, maxsplit=1)[0].rstrip()


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def parse_environment_yml(text: str) -> EnvironmentFile:
    """Parse the flat subset of YAML a conda environment file uses."""
    env = EnvironmentFile()
    section: str | None = None
    in_pip = False
    pip_indent = -1
    for raw in text.splitlines():
        line = _strip_comment(raw)
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        body = line.strip()
        if indent == 0:
            in_pip = False
            key, _, value = body.partition(":")
            section = key.strip()
            if section == "name":
                env.name = _unquote(value)
            continue
        if not body.startswith("- "):
            raise ValueError(f"unsupported environment.yml line: {raw!r}")
        item = _unquote(body[2:])
        if in_pip and indent <= pip_indent:
            in_pip = False
        if section == "channels":
            env.channels.append(item)
        elif section == "dependencies":
            if item == "pip:":
                in_pip, pip_indent = True, indent
            elif in_pip:
                env.pip.append(item)
            else:
                env.conda.append(item)
    return env


def conda_requirements(env: EnvironmentFile) -> dict[str, str]:
    """Map PyPI-normalised name -> version spec for everything the env installs."""
    deps: dict[str, str] = {}
    for item in env.conda:
        name, spec = split_requirement(item)
        if name in CONDA_TOOLCHAIN:
            continue
        deps[normalise(CONDA_TO_PYPI.get(name, name))] = spec
    for item in env.pip:
        if item.startswith("-"):  # pip options such as "-e ."
            continue
        name, spec = split_requirement(item)
        deps[name] = spec
    return deps


def pyproject_requirements(
    pyproject: dict, extras: tuple[str, ...] = ("dask", "dev")
) -> dict[str, str]:
    """Map normalised name -> version spec for the runtime deps plus the given extras."""
    project = pyproject["project"]
    specs = list(project.get("dependencies", []))
    for extra in extras:
        specs += project.get("optional-dependencies", {}).get(extra, [])
    return dict(split_requirement(spec) for spec in specs)


@dataclass(frozen=True)
class DependencyDiff:
    only_in_pyproject: frozenset[str]
    only_in_environment: frozenset[str]
    different_specs: dict[str, tuple[str, str]]

    @property
    def names_agree(self) -> bool:
        return not (self.only_in_pyproject or self.only_in_environment)

    @property
    def ok(self) -> bool:
        return self.names_agree and not self.different_specs


def compare_dependency_sets(
    pyproject: dict[str, str], environment: dict[str, str]
) -> DependencyDiff:
    """Compare two ``name -> spec`` maps (names already normalised)."""
    common = pyproject.keys() & environment.keys()
    return DependencyDiff(
        only_in_pyproject=frozenset(pyproject.keys() - environment.keys()),
        only_in_environment=frozenset(environment.keys() - pyproject.keys()),
        different_specs={
            name: (pyproject[name], environment[name])
            for name in sorted(common)
            if pyproject[name] != environment[name]
        },
    )


# ------------------------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def pyproject(repo_root: Path) -> dict:
    with (repo_root / "pyproject.toml").open("rb") as fh:
        return tomllib.load(fh)


@pytest.fixture(scope="module")
def environment(repo_root: Path) -> EnvironmentFile:
    return parse_environment_yml((repo_root / "environment.yml").read_text(encoding="utf-8"))


# ------------------------------------------------------------------------------------ the files


def test_environment_and_pyproject_declare_the_same_packages(pyproject, environment):
    diff = compare_dependency_sets(
        pyproject_requirements(pyproject), conda_requirements(environment)
    )
    assert diff.names_agree, (
        f"only in pyproject.toml: {sorted(diff.only_in_pyproject)}; "
        f"only in environment.yml: {sorted(diff.only_in_environment)}"
    )


def test_environment_and_pyproject_declare_the_same_lower_bounds(pyproject, environment):
    diff = compare_dependency_sets(
        pyproject_requirements(pyproject), conda_requirements(environment)
    )
    assert diff.different_specs == {}


def test_environment_yml_header(environment):
    assert environment.name == "kpi-analysis"
    assert environment.channels == ["conda-forge"]
    assert "python=3.11" in environment.conda
    assert "-e ." in environment.pip


def test_pyproject_uses_lower_bounds_only(pyproject):
    project = pyproject["project"]
    specs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        specs += extra
    for spec in specs:
        name, version = split_requirement(spec)
        assert re.fullmatch(r">=[0-9][0-9.]*", version), (
            f"{name}: use a lower bound only ({spec!r})"
        )


def test_pyproject_metadata(pyproject):
    project = pyproject["project"]
    assert project["requires-python"] == ">=3.11"
    assert project["scripts"]["kpi-analysis"] == "kpi_analysis.cli.main:entry"
    assert "cvttf-notosanscjk-regular" in pyproject_requirements(pyproject, extras=())
    assert "error" in pyproject["tool"]["pytest"]["ini_options"]["filterwarnings"]


# ------------------------------------------------------------------------------------ the checker


SAMPLE_ENVIRONMENT = """\
name: demo   # a comment
channels:
  - conda-forge
dependencies:
  - python=3.11
  - pip
  - "pandas>=2.1"
  - matplotlib-base>=3.8  # the GUI-less build
  - pip:
      - cvttf-notosanscjk-regular>=1.0
      - -e .
"""


def test_parser_reads_conda_and_pip_sections():
    env = parse_environment_yml(SAMPLE_ENVIRONMENT)
    assert env.name == "demo"
    assert env.channels == ["conda-forge"]
    assert env.conda == ["python=3.11", "pip", "pandas>=2.1", "matplotlib-base>=3.8"]
    assert env.pip == ["cvttf-notosanscjk-regular>=1.0", "-e ."]
    assert conda_requirements(env) == {
        "pandas": ">=2.1",
        "matplotlib": ">=3.8",
        "cvttf-notosanscjk-regular": ">=1.0",
    }


def test_parser_rejects_yaml_it_does_not_understand():
    with pytest.raises(ValueError, match="unsupported"):
        parse_environment_yml("dependencies:\n  pandas: '>=2'\n")


def test_names_are_normalised():
    assert split_requirement("Python_Docx >= 1.1") == ("python-docx", ">=1.1")
    assert split_requirement("cvttf-NotoSansCJK-Regular>=1.0") == (
        "cvttf-notosanscjk-regular",
        ">=1.0",
    )
    assert split_requirement("nbval[extra]>=0.11; python_version>'3'") == ("nbval", ">=0.11")


def test_comparison_detects_a_mismatched_pair():
    pyproject = {"pandas": ">=2.1", "tqdm": ">=4.66", "python-docx": ">=1.1"}
    environment = {"pandas": ">=2.0", "python-docx": ">=1.1", "pyyaml": ">=6"}
    diff = compare_dependency_sets(pyproject, environment)
    assert not diff.ok
    assert not diff.names_agree
    assert diff.only_in_pyproject == {"tqdm"}
    assert diff.only_in_environment == {"pyyaml"}
    assert diff.different_specs == {"pandas": (">=2.1", ">=2.0")}


def test_comparison_accepts_a_matching_pair():
    env = parse_environment_yml(SAMPLE_ENVIRONMENT)
    pyproject = {
        "project": {
            "dependencies": ["pandas>=2.1", "matplotlib>=3.8"],
            "optional-dependencies": {"dev": ["cvttf-NotoSansCJK-Regular>=1.0"]},
        }
    }
    assert compare_dependency_sets(pyproject_requirements(pyproject), conda_requirements(env)).ok
