"""The zoo of real forms (tests/zoo): every form folder is complete and valid, the fixtures are
up to date with their form.json, and the fact comparison of tests/zoo/facts.py works.

This does not assert the package's fidelity on the zoo; ``benchmarks/fidelity.py`` measures it.
"""

from __future__ import annotations

import copy
import json
import re
import sys
from pathlib import Path

import pytest

ZOO = Path(__file__).resolve().parent / "zoo"
sys.path.insert(0, str(ZOO))

import build  # noqa: E402  (tests/zoo/build.py)
import facts  # noqa: E402  (tests/zoo/facts.py)

FORM_DIRS = (
    sorted(p for p in (ZOO / "forms").iterdir() if p.is_dir()) if (ZOO / "forms").is_dir() else []
)
META_KEYS = {"id", "url", "province", "place", "year", "kind", "split", "format", "notes"}
FILES = ("meta.json", "form.json", "expected.json")
ID_PATTERN = re.compile(r"^[dh]\d{2}-[a-z0-9]+(-[a-z0-9]+)*$")


def _json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_zoo_has_forms_of_both_kinds():
    metas = [_json(d / "meta.json") for d in FORM_DIRS if (d / "meta.json").is_file()]
    dev = [m for m in metas if m.get("split") == "dev"]
    assert len(dev) >= 9, f"only {len(dev)} dev forms"
    assert {m.get("kind") for m in dev} == {"targets", "selfeval"}
    assert {m.get("format") for m in dev} == {"docx", "xlsx"}


def test_ids_unique():
    ids = [_json(d / "meta.json").get("id") for d in FORM_DIRS if (d / "meta.json").is_file()]
    assert len(ids) == len(set(ids))
    numbers = [i.split("-")[0] for i in ids if isinstance(i, str)]
    assert len(numbers) == len(set(numbers)), "two forms share a dNN/hNN number"


@pytest.mark.parametrize("form_dir", FORM_DIRS, ids=[d.name for d in FORM_DIRS])
def test_form_folder_complete(form_dir: Path):
    for name in FILES:
        assert (form_dir / name).is_file(), f"{form_dir.name}: {name} missing"
    meta = _json(form_dir / "meta.json")
    assert set(meta) >= META_KEYS, f"missing meta keys {META_KEYS - set(meta)}"
    assert meta["id"] == form_dir.name
    assert ID_PATTERN.match(meta["id"]), meta["id"]
    assert meta["split"] == {"d": "dev", "h": "holdout"}[meta["id"][0]]
    assert re.match(r"^https?://\S+$", meta["url"]), meta["url"]
    assert meta["kind"] in facts.KINDS
    assert meta["format"] in ("docx", "xlsx")
    assert meta["year"] is None or (isinstance(meta["year"], int) and 1990 < meta["year"] < 2100)
    assert meta["province"] and meta["place"] and meta["notes"]
    assert (form_dir / f"form.{meta['format']}").is_file(), "fixture missing: run build.py"


@pytest.mark.parametrize("form_dir", FORM_DIRS, ids=[d.name for d in FORM_DIRS])
def test_form_json_valid(form_dir: Path):
    form = _json(form_dir / "form.json")
    assert build.validate_form(form) == []
    texts = [c for t in form["tables"] for row in t["rows"] for c in row]
    assert all(isinstance(c, str) for c in texts)
    assert sum(bool(c.strip()) for c in texts) >= 10, "a form has more than a few cells"


@pytest.mark.parametrize("form_dir", FORM_DIRS, ids=[d.name for d in FORM_DIRS])
def test_expected_facts_valid(form_dir: Path):
    meta = _json(form_dir / "meta.json")
    expected = _json(form_dir / "expected.json")
    kind = meta["kind"]
    assert set(expected) <= {
        "projects",
        "funding",
        "goals",
        "indicators",
        "amounts_printed_wan",
    }, set(expected)
    assert expected.get("projects"), "no project"
    assert facts.count_facts(expected, kind) > 0, "no facts"
    names = {facts.norm(p["project"]) for p in expected["projects"]}
    for project in expected["projects"]:
        assert set(project) <= {"project", "department", "implementer"}
        assert all(isinstance(v, str) and v.strip() for v in project.values())
    printed = expected.get("amounts_printed_wan", [])
    assert all(isinstance(a, int | float) for a in printed)
    for line in expected.get("funding", []):
        assert facts.norm(line["project"]) in names
        assert line["category"] in facts.CATEGORIES
        if kind == "targets":
            assert line["period"] in facts.PERIODS
            amounts = [line["amount_wan"]]
        else:
            assert "period" not in line
            amounts = [line[f] for f in facts.SELFEVAL_AMOUNTS if f in line]
            assert amounts, f"funding line without an amount: {line}"
        for amount in amounts:
            assert isinstance(amount, int | float)
            assert any(facts.same_amount(amount, p) for p in printed), (
                f"{amount} not in amounts_printed_wan"
            )
    for goal in expected.get("goals", []):
        assert facts.norm(goal["project"]) in names
        assert isinstance(goal["goal"], str) and goal["goal"].strip()
        if kind == "targets":
            assert goal["period"] in facts.PERIODS
    for ind in expected.get("indicators", []):
        assert facts.norm(ind["project"]) in names
        for key in ("indicator", "target"):
            assert isinstance(ind.get(key), str) and ind[key].strip(), f"{key} in {ind}"
        for key in ("level1", "level2"):  # null only where the form prints no class
            assert key in ind, f"{key} in {ind}"
            assert ind[key] is None or (isinstance(ind[key], str) and ind[key].strip()), ind
        assert not re.match(r"^指标\s*\d+\s*[:：]", ind["indicator"]), ind["indicator"]
        if kind == "targets":
            assert ind["period"] in facts.PERIODS
        else:
            assert "period" not in ind
            for key in ("weight", "score"):
                assert key not in ind or isinstance(ind[key], int | float)


def test_fixtures_up_to_date():
    problems = [p for d in FORM_DIRS for p in build.check(d)]
    assert problems == []


# --------------------------------------------------------------------------- build.py
def test_build_roundtrip_docx_and_xlsx(tmp_path: Path):
    form = {
        "paragraphs_before": ["2023年项目支出绩效目标表", ""],
        "tables": [
            {
                "rows": [
                    ["项目名称", "某项目", "", ""],
                    ["绩效\n指标", "一级指标", "二级指标", "三级指标"],
                    ["", "产出指标", "数量指标", "指标1：培训人数"],
                ],
                "merges": [[0, 1, 0, 3], [1, 0, 2, 0]],
                "paragraphs_after": ["注：……"],
            }
        ],
    }
    for fmt in ("docx", "xlsx"):
        folder = tmp_path / fmt
        folder.mkdir()
        (folder / "meta.json").write_text(json.dumps({"format": fmt}), encoding="utf-8")
        (folder / "form.json").write_text(json.dumps(form, ensure_ascii=False), encoding="utf-8")
        build.build(folder)
        assert build.check(folder) == []
        changed = copy.deepcopy(form)
        changed["tables"][0]["rows"][2][3] = "指标1：培训人次"
        (folder / "form.json").write_text(json.dumps(changed, ensure_ascii=False), "utf-8")
        assert build.check(folder), f"{fmt}: a changed form.json must fail the check"


def test_validate_form_catches_bad_merges():
    form = {"tables": [{"rows": [["a", "b"], ["c", "d"]], "merges": [[0, 0, 1, 0]]}]}
    assert any("not empty" in p for p in build.validate_form(form))
    form = {"tables": [{"rows": [["a", "b"], ["c"]], "merges": []}]}
    assert any("different lengths" in p for p in build.validate_form(form))
    form = {"tables": [{"rows": [["a", ""], ["", ""]], "merges": [[0, 0, 1, 1], [1, 1, 1, 2]]}]}
    assert build.validate_form(form)


# --------------------------------------------------------------------------- facts.py
def test_norm_folds_width_and_space():
    assert facts.norm("指标值：≥ 95％\n（万元）") == facts.norm("指标值:≥95%(万元)")
    assert facts.norm("1、培训") == facts.norm("1,培训")
    assert facts.norm(None) == ""


def test_same_target_by_text_or_parse():
    assert facts.same_target("≥ 95%", "≥95%")
    assert facts.same_target("不低于95%", "≥95%")
    assert not facts.same_target("≥95%", "≥90%")
    assert not facts.same_target("较好", "较差"), "two qualitative texts are not equal by parse"


@pytest.mark.parametrize("form_dir", FORM_DIRS, ids=[d.name for d in FORM_DIRS])
def test_facts_against_themselves_score_full(form_dir: Path):
    form = facts.load_form(form_dir)
    result = facts.compare(form.expected, facts.expected_as_read(form.expected), form.kind)
    assert result.total > 0
    assert result.matched == result.total, result.missed
    assert result.invented == []
    assert not result.vanished


@pytest.mark.parametrize("form_dir", FORM_DIRS, ids=[d.name for d in FORM_DIRS])
def test_perturbed_facts_score_less(form_dir: Path):
    form = facts.load_form(form_dir)
    got = facts.expected_as_read(form.expected)
    if got["indicators"]:
        got["indicators"][0]["target"] = "完全不同的指标值XYZ"
        got["indicators"][0]["level2"] = "不存在的二级"
    else:
        got["projects"][0]["project"] = "完全不同的项目名称XYZ"
    if got["funding"]:
        line = got["funding"][0]
        key = next(k for k in ("amount_wan", *facts.SELFEVAL_AMOUNTS) if k in line)
        line[key] = float(line[key]) + 1234.5
        got["amounts_read"].append(float(line[key]))
    result = facts.compare(form.expected, got, form.kind)
    assert result.matched < result.total
    if got["funding"]:
        assert len(result.invented) >= 1
    empty = facts.compare(form.expected, facts.expected_as_read({}), form.kind)
    assert empty.matched == 0 and empty.vanished


def test_compare_counts_invented_and_one_to_one():
    expected = {
        "projects": [{"project": "甲项目", "department": "某局"}],
        "funding": [
            {"project": "甲项目", "period": "annual", "category": "total", "amount_wan": 10}
        ],
        "indicators": [
            {
                "project": "甲项目",
                "period": "annual",
                "level1": "产出指标",
                "level2": "数量指标",
                "indicator": "培训人数",
                "target": "≥100人",
            },
        ]
        * 2,
        "amounts_printed_wan": [10],
    }
    got = facts.expected_as_read(expected)
    got["indicators"] = got["indicators"][:1]
    got["amounts_read"] = [10.0, 1000.0]
    result = facts.compare(expected, got)
    assert (result.matched, result.total) == (4, 5)
    assert result.invented == [1000.0]
