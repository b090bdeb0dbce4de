"""Expected facts of zoo forms, what the package reads from them, and the comparison.

A *fact* is one unit a reader must get right (see tests/zoo/README.md):

* each field of a project record (``project``, ``department``, ``implementer``);
* each funding line (targets: project × period × category × ``amount_wan``; self-evaluation:
  project × category with every printed amount of ``budget_initial`` / ``budget_full`` /
  ``executed``); a self-evaluation line's ``weight`` / ``score`` are separate facts;
* each goal (and a self-evaluation goal's ``achieved`` as a separate fact);
* each indicator row (matched when ``level1``, ``level2``, ``indicator`` and ``target`` match,
  and ``period`` for targets); ``actual``, ``weight`` and ``score`` are separate facts, counted
  only on a matched row.

Texts are compared after :func:`norm` (NFKC, no whitespace, punctuation folded, traditional
characters and inline pinyin glosses folded to plain simplified text); a target or
actual value also matches when :func:`kpi_analysis.parse_target` gives the same
(kind, comparator, value, unit) for both and the kind is quantitative or timing. Amounts,
weights and scores match within :data:`TOLERANCE`.

Also counted: **invented amounts** (an amount in the package's funding tables that is within
:data:`TOLERANCE` of no amount printed on the form, ``amounts_printed_wan``) and **vanished
forms** (no project read at all; a read that raises counts as vanished with 0 facts).

Only the public API is used: ``kpi_analysis.load`` for targets, ``kpi_analysis.load_selfeval``
for self-evaluation forms, and ``kpi_analysis.parse_target`` (and the OpenCC-based
``kpi_analysis.text.vocabulary.fold_script`` for comparing texts across scripts: a fact
printed as 學(xué)生 and read as 学生 is the same fact).
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kpi_analysis.text.vocabulary import fold_script

ZOO = Path(__file__).resolve().parent
FORMS = ZOO / "forms"
TOLERANCE = 0.005
KINDS = ("targets", "selfeval")
SPLITS = ("dev", "holdout")
PERIODS = ("mid_term", "annual")
CATEGORIES = ("total", "fiscal", "other", "carryover", "fiscal_part", "other_part")
SELFEVAL_AMOUNTS = ("budget_initial", "budget_full", "executed")

# --------------------------------------------------------------------------- normalising
_PUNCT = str.maketrans(
    {
        "、": ",",
        "，": ",",
        "。": ".",
        "．": ".",
        "“": '"',
        "”": '"',
        "„": '"',
        "‘": "'",
        "’": "'",
        "《": "<",
        "》": ">",
        "〈": "<",
        "〉": ">",
        "【": "[",
        "】": "]",
        "〔": "[",
        "〕": "]",
        "—": "-",
        "–": "-",
        "－": "-",
        "―": "-",
        "‐": "-",
        "～": "~",
        "〜": "~",
        "·": ".",
        "•": ".",
        "…": "...",
        "﹪": "%",
    }
)
_SPACE = re.compile(r"\s+")
#: The 目标N： markers the package splits one printed goal cell at (every one, not only the first).
_GOAL_MARK = re.compile(r"目标\s*\d+\s*[:：]")


def norm(text: object) -> str:
    """Light normaliser: NFKC, all whitespace removed, full/half-width punctuation folded,
    traditional characters and pinyin glosses folded (學(xué)校 → 学校).

    >>> norm("指标值：≥ 95％ （万元）") == norm("指标值:≥95%(万元)")
    True
    """
    if _is_missing(text):
        return ""
    out = unicodedata.normalize("NFKC", fold_script(str(text))).translate(_PUNCT)
    return _SPACE.sub("", out)


def _is_missing(value: object) -> bool:
    """None, NaN, pandas NA/NaT (never raises)."""
    if value is None:
        return True
    if isinstance(value, str | bytes):
        return False
    if isinstance(value, float):
        return math.isnan(value)
    try:
        import pandas as pd

        result = pd.isna(value)
    except (TypeError, ValueError):
        return False
    return bool(result) if isinstance(result, bool) or type(result).__name__ == "bool_" else False


def _num(value: object) -> float | None:
    if value is None:
        return None
    try:
        if _is_missing(value):
            return None
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def same_amount(a: object, b: object) -> bool:
    """Both numbers and within :data:`TOLERANCE` (万元, 分)."""
    x, y = _num(a), _num(b)
    return x is not None and y is not None and abs(x - y) <= TOLERANCE + 1e-9


_PARSE_CACHE: dict[str, tuple | None] = {}


def _parse_key(text: str) -> tuple | None:
    if text not in _PARSE_CACHE:
        key = None
        try:
            from kpi_analysis import parse_target

            parse = parse_target(text)
            if parse.kind in ("quantitative", "timing") and parse.value is not None:
                key = (parse.kind, parse.comparator, float(parse.value), parse.unit or "")
        except Exception:  # a parser failure means "no second way to match", never a crash
            key = None
        _PARSE_CACHE[text] = key
    return _PARSE_CACHE[text]


def same_text(a: object, b: object) -> bool:
    """Equal after :func:`norm` (both non-empty, or both empty)."""
    return norm(a) == norm(b)


def same_target(expected: object, got: object) -> bool:
    """Equal text, or the same quantitative/timing parse (kind, comparator, value, unit)."""
    if same_text(expected, got):
        return True
    a, b = norm(expected), norm(got)
    if not a or not b:
        return False
    ka, kb = _parse_key(str(expected)), _parse_key(str(got))
    return ka is not None and ka == kb


def same_goal(expected: object, got: object) -> bool:
    """Equal text, ignoring a leading ``目标N：`` marker on either side."""
    return _GOAL_MARK.sub("", norm(expected)) == _GOAL_MARK.sub("", norm(got))


# --------------------------------------------------------------------------- loading
@dataclass
class Form:
    """One zoo form folder."""

    path: Path
    meta: dict
    expected: dict

    @property
    def id(self) -> str:
        return self.meta["id"]

    @property
    def kind(self) -> str:
        return self.meta["kind"]

    @property
    def split(self) -> str:
        return self.meta["split"]

    @property
    def fixture(self) -> Path:
        return self.path / f"form.{self.meta['format']}"


def load_form(path: Path) -> Form:
    """Read ``meta.json`` and ``expected.json`` of a form folder."""
    path = Path(path)
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    expected = json.loads((path / "expected.json").read_text(encoding="utf-8"))
    return Form(path, meta, expected)


def all_forms(root: Path = FORMS) -> list[Form]:
    """Every form folder under ``root`` (sorted by folder name)."""
    if not root.is_dir():
        return []
    return [load_form(p) for p in sorted(root.iterdir()) if (p / "meta.json").is_file()]


# --------------------------------------------------------------------------- reading
def _records(frame) -> list[dict]:
    if frame is None or len(frame) == 0:
        return []
    out = []
    for row in frame.to_dict("records"):
        out.append({k: (None if _is_missing(v) else v) for k, v in row.items()})
    return out


def read_facts(form: Form) -> dict:
    """What the package reads from the form's fixture, in the shape of ``expected.json``.

    Returns ``{"projects", "funding", "goals", "indicators", "amounts_read", "error"}``;
    ``error`` is ``"Type: message"`` when the read raised (everything else then empty).
    """
    import kpi_analysis

    empty = {
        "projects": [],
        "funding": [],
        "goals": [],
        "indicators": [],
        "amounts_read": [],
        "error": None,
    }
    try:
        if form.kind == "selfeval":
            result = kpi_analysis.load_selfeval([str(form.fixture)])
            return _selfeval_facts(result)
        result = kpi_analysis.load([str(form.fixture)])
        return _target_facts(result)
    except Exception as exc:  # the benchmark scores a crash as 0 facts, it does not stop
        empty["error"] = f"{type(exc).__name__}: {exc}"[:300]
        return empty


def _target_facts(ds) -> dict:
    projects = [
        {
            "project": r.get("project"),
            "department": r.get("department"),
            "implementer": r.get("implementer"),
        }
        for r in _records(ds.projects)
    ]
    funding = [
        {
            "project": r.get("project"),
            "period": r.get("period"),
            "category": r.get("category"),
            "amount_wan": _num(r.get("amount_wan")),
        }
        for r in _records(ds.funding)
    ]
    goals = [
        {
            "project": r.get("project"),
            "period": r.get("period"),
            "goal": r.get("goal"),
            "goal_no": r.get("goal_no"),
        }
        for r in _records(ds.goals)
    ]
    indicators = [
        {
            "project": r.get("project"),
            "period": r.get("period"),
            "level1": r.get("level1"),
            "level2": r.get("level2"),
            "indicator": r.get("indicator"),
            "target": r.get("target"),
        }
        for r in _records(ds.indicators)
        if not r.get("placeholder")
    ]
    amounts = [f["amount_wan"] for f in funding if f["amount_wan"] is not None]
    return {
        "projects": projects,
        "funding": funding,
        "goals": goals,
        "indicators": indicators,
        "amounts_read": amounts,
        "error": None,
    }


def _selfeval_facts(se) -> dict:
    projects = [
        {
            "project": r.get("project"),
            "department": r.get("department"),
            "implementer": r.get("implementer"),
        }
        for r in _records(se.totals)
    ]
    funding = []
    amounts = []
    for r in _records(se.funding):
        line = {
            "project": r.get("project"),
            "category": r.get("category"),
            "label": r.get("label"),
            "weight": _num(r.get("weight")),
            "score": _num(r.get("score")),
        }
        for name in SELFEVAL_AMOUNTS:
            line[name] = _num(r.get(name))
            if line[name] is not None:
                amounts.append(line[name])
        funding.append(line)
    goals = [
        {"project": r.get("project"), "goal": r.get("goal"), "achieved": r.get("achieved")}
        for r in _records(se.goals)
    ]
    indicators = [
        {
            "project": r.get("project"),
            "level1": r.get("level1"),
            "level2": r.get("level2"),
            "indicator": r.get("indicator"),
            "target": r.get("target"),
            "actual": r.get("actual"),
            "weight": _num(r.get("weight")),
            "score": _num(r.get("score")),
        }
        for r in _records(se.indicators)
        if not r.get("placeholder")
    ]
    return {
        "projects": projects,
        "funding": funding,
        "goals": goals,
        "indicators": indicators,
        "amounts_read": amounts,
        "error": None,
    }


# --------------------------------------------------------------------------- comparing
@dataclass
class Result:
    """The comparison of one form's expected facts with what was read."""

    id: str = ""
    split: str = ""
    kind: str = ""
    matched: int = 0
    total: int = 0
    invented: list[float] = field(default_factory=list)
    vanished: bool = False
    error: str | None = None
    missed: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.matched / self.total if self.total else 0.0

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "split": self.split,
            "kind": self.kind,
            "matched": self.matched,
            "total": self.total,
            "fidelity": round(self.share, 4),
            "invented": len(self.invented),
            "invented_amounts": self.invented,
            "vanished": self.vanished,
            "error": self.error,
            "missed": self.missed,
        }


class _Tally:
    def __init__(self) -> None:
        self.matched = 0
        self.total = 0
        self.missed: list[str] = []

    def add(self, ok: bool, what: str) -> None:
        self.total += 1
        if ok:
            self.matched += 1
        else:
            self.missed.append(what)


def _take(rows: list[dict], used: set[int], test: Callable[[dict], bool]) -> dict | None:
    """First unused row passing ``test``; marks it used (one-to-one matching)."""
    for i, row in enumerate(rows):
        if i not in used and test(row):
            used.add(i)
            return row
    return None


def _project_resolver(expected: dict, got: dict) -> Callable[[object, object], bool]:
    """``same_project(expected_name, got_name)``: equal names; when the form has one expected
    project and the package read one project, any name pairs them (a misread name costs only
    the name fact, not every fact of the project)."""
    exp_names = {norm(p.get("project")) for p in expected.get("projects", [])}
    for table in ("funding", "goals", "indicators"):
        exp_names |= {norm(r.get("project")) for r in expected.get(table, [])}
    got_names = {norm(p.get("project")) for p in got.get("projects", [])}
    for table in ("funding", "goals", "indicators"):
        got_names |= {norm(r.get("project")) for r in got.get(table, [])}
    single = len(exp_names) == 1 and len(got_names) == 1

    def same_project(exp_name: object, got_name: object) -> bool:
        return single or norm(exp_name) == norm(got_name)

    return same_project


def _period_ok(kind: str, expected: dict, got: dict) -> bool:
    if kind == "selfeval" or "period" not in expected:
        return True
    return expected["period"] == got.get("period")


def compare(expected: dict, got: dict, kind: str = "targets") -> Result:
    """Score ``got`` (shape of :func:`read_facts`) against ``expected`` (expected.json)."""
    tally = _Tally()
    same_project = _project_resolver(expected, got)

    # projects: each field is a fact
    got_projects = got.get("projects", [])
    single_pair = len(expected.get("projects", [])) == 1 and len(got_projects) == 1
    for project in expected.get("projects", []):
        name = project.get("project")
        named = [p for p in got_projects if same_text(p.get("project"), name)]
        tally.add(bool(named), f"project {name!r}")
        candidates = named or (got_projects if single_pair else [])
        for fieldname in ("department", "implementer"):
            if fieldname in project:
                ok = any(same_text(p.get(fieldname), project[fieldname]) for p in candidates)
                tally.add(ok, f"{fieldname} {project[fieldname]!r} of {name!r}")

    # funding lines
    used: set[int] = set()
    got_funding = got.get("funding", [])
    for line in expected.get("funding", []):
        amount_fields = [f for f in ("amount_wan", *SELFEVAL_AMOUNTS) if f in line]

        def test(row: dict, line: dict = line, amount_fields: list = amount_fields) -> bool:
            return (
                same_project(line.get("project"), row.get("project"))
                and _period_ok(kind, line, row)
                and line.get("category") == row.get("category")
                and all(same_amount(line[f], row.get(f)) for f in amount_fields)
            )

        row = _take(got_funding, used, test)
        label = ", ".join(f"{f}={line[f]}" for f in amount_fields)
        tally.add(
            row is not None, f"funding {line.get('period', '')} {line.get('category')} {label}"
        )
        for extra in ("weight", "score"):
            if extra in line:
                ok = row is not None and same_amount(line[extra], row.get(extra))
                tally.add(ok, f"funding {line.get('category')} {extra}={line[extra]}")

    # goals
    used = set()
    got_goals = got.get("goals", [])
    for goal in expected.get("goals", []):

        def goal_test(row: dict, goal: dict = goal) -> bool:
            return (
                same_project(goal.get("project"), row.get("project"))
                and _period_ok(kind, goal, row)
                and same_goal(goal.get("goal"), row.get("goal"))
            )

        row = _take(got_goals, used, goal_test)
        if row is None:  # the package may split one printed cell at 目标N： markers
            joined = "".join(
                norm(r.get("goal"))
                for r in got_goals
                if same_project(goal.get("project"), r.get("project")) and _period_ok(kind, goal, r)
            )
            ok = bool(joined) and _GOAL_MARK.sub("", norm(goal.get("goal"))) == joined
        else:
            ok = True
        tally.add(ok, f"goal {goal.get('period', '')} {str(goal.get('goal'))[:40]!r}")
        if "achieved" in goal:
            ok2 = row is not None and same_text(goal["achieved"], row.get("achieved"))
            tally.add(ok2, f"goal achieved {str(goal['achieved'])[:40]!r}")

    # indicators
    used = set()
    got_indicators = got.get("indicators", [])
    for ind in expected.get("indicators", []):

        def ind_test(row: dict, ind: dict = ind) -> bool:
            return (
                same_project(ind.get("project"), row.get("project"))
                and _period_ok(kind, ind, row)
                and same_text(ind.get("level1"), row.get("level1"))
                and same_text(ind.get("level2"), row.get("level2"))
                and same_text(ind.get("indicator"), row.get("indicator"))
                and same_target(ind.get("target"), row.get("target"))
            )

        row = _take(got_indicators, used, ind_test)
        where = f"{ind.get('period', '')} {ind.get('level2')}/{ind.get('indicator')}"
        tally.add(row is not None, f"indicator {where} = {ind.get('target')!r}")
        if "actual" in ind:
            ok = row is not None and same_target(ind["actual"], row.get("actual"))
            tally.add(ok, f"actual of {where} = {ind['actual']!r}")
        for extra in ("weight", "score"):
            if extra in ind:
                ok = row is not None and same_amount(ind[extra], row.get(extra))
                tally.add(ok, f"{extra} of {where} = {ind[extra]!r}")

    printed = [float(a) for a in expected.get("amounts_printed_wan", [])]
    invented = [
        a for a in got.get("amounts_read", []) if not any(same_amount(a, p) for p in printed)
    ]
    vanished = not got.get("projects") and not got.get("indicators")
    return Result(
        matched=tally.matched,
        total=tally.total,
        invented=invented,
        vanished=vanished,
        error=got.get("error"),
        missed=tally.missed,
    )


def evaluate(form: Form) -> Result:
    """Read one form through the package and compare with its expected facts."""
    got = read_facts(form)
    result = compare(form.expected, got, form.kind)
    result.id, result.split, result.kind = form.id, form.split, form.kind
    if got.get("error"):
        result.vanished = True
    return result


def expected_as_read(expected: dict, kind: str = "targets") -> dict:
    """``expected`` in the shape :func:`read_facts` returns: a perfect reader's output
    (used to check that a fact set compared with itself scores 100%)."""
    got = {
        k: [dict(r) for r in expected.get(k, [])]
        for k in ("projects", "funding", "goals", "indicators")
    }
    amounts: list[float] = []
    for line in expected.get("funding", []):
        for name in ("amount_wan", *SELFEVAL_AMOUNTS):
            if name in line:
                amounts.append(float(line[name]))
    got["amounts_read"] = amounts
    got["error"] = None
    return got


def count_facts(expected: dict, kind: str = "targets") -> int:
    """How many facts ``expected`` holds."""
    return compare(expected, expected_as_read(expected, kind), kind).total


def totals(results: Iterable[Result]) -> dict:
    """Matched / total / share, invented amounts and vanished forms over ``results``."""
    results = list(results)
    matched = sum(r.matched for r in results)
    total = sum(r.total for r in results)
    return {
        "forms": len(results),
        "matched": matched,
        "total": total,
        "fidelity": round(matched / total, 4) if total else None,
        "invented": sum(len(r.invented) for r in results),
        "vanished": sum(r.vanished for r in results),
    }
