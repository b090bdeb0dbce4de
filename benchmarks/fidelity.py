"""Fidelity benchmark: how many hand-written facts of the zoo forms the package reads back.

Reads every form under ``tests/zoo/forms`` through the public API (``kpi_analysis.load`` for
targets, ``kpi_analysis.load_selfeval`` for self-evaluation forms), compares with the form's
``expected.json`` (see ``tests/zoo/facts.py`` for what one fact is and how it matches) and
prints one line per form, totals for dev / holdout / all, and a summary line::

    fidelity_dev=0.8123 fidelity_holdout=0.7012 invented=3 vanished=1

``--json FILE`` writes the same numbers (plus the missed facts of each form). ``--missed``
prints the missed facts under each form line. ``--split dev`` runs only one split.

Exit status 0 always (this is a measurement), except 2 when a form's fixture or a required
file is missing (run ``tests/zoo/build.py``).

Holdout forms are checked last and never used to tune the package (tests/zoo/README.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "zoo"))

import facts  # noqa: E402  (tests/zoo/facts.py)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--missed", action="store_true", help="list missed facts per form")
    parser.add_argument("--split", choices=facts.SPLITS, help="only this split")
    parser.add_argument("forms", nargs="*", help="only these form ids")
    args = parser.parse_args(argv)

    missing = []
    forms = []
    for path in sorted(p for p in facts.FORMS.iterdir() if p.is_dir()):
        needed = [path / "meta.json", path / "expected.json", path / "form.json"]
        absent = [p.name for p in needed if not p.is_file()]
        if absent:
            missing.append(f"{path.name}: missing {', '.join(absent)}")
            continue
        form = facts.load_form(path)
        if not form.fixture.is_file():
            missing.append(f"{path.name}: missing {form.fixture.name} (run tests/zoo/build.py)")
            continue
        if args.split and form.split != args.split:
            continue
        if args.forms and form.id not in args.forms and path.name not in args.forms:
            continue
        forms.append(form)
    if missing:
        for line in missing:
            print(line, file=sys.stderr)
        return 2

    results = []
    width = max((len(f.id) for f in forms), default=10)
    print(f"{'form':<{width}}  split    kind      matched/total      %  invented  note")
    for form in forms:
        result = facts.evaluate(form)
        results.append(result)
        note = []
        if result.error:
            note.append(f"ERROR {result.error[:80]}")
        elif result.vanished:
            note.append("VANISHED")
        if result.invented:
            note.append("invented " + ", ".join(f"{a:g}" for a in result.invented[:5]))
        print(
            f"{result.id:<{width}}  {result.split:<7}  {result.kind:<8}  "
            f"{result.matched:>7}/{result.total:<5}  {100 * result.share:5.1f}  "
            f"{len(result.invented):>8}  {'; '.join(note)}"
        )
        if args.missed:
            for what in result.missed:
                print(f"{'':<{width}}    missed: {what}")

    summary = {}
    print()
    for name, subset in (
        ("dev", [r for r in results if r.split == "dev"]),
        ("holdout", [r for r in results if r.split == "holdout"]),
        ("all", results),
    ):
        t = facts.totals(subset)
        summary[name] = t
        share = f"{100 * t['fidelity']:.1f}%" if t["fidelity"] is not None else "n/a"
        print(
            f"{name:<8} forms={t['forms']:<3} facts {t['matched']}/{t['total']} ({share})  "
            f"invented={t['invented']} vanished={t['vanished']}"
        )

    def fmt(value: float | None) -> str:
        return f"{value:.4f}" if value is not None else "n/a"

    print(
        f"fidelity_dev={fmt(summary['dev']['fidelity'])} "
        f"fidelity_holdout={fmt(summary['holdout']['fidelity'])} "
        f"invented={summary['all']['invented']} vanished={summary['all']['vanished']}"
    )
    if args.json:
        payload = {"forms": [r.as_dict() for r in results], "totals": summary}
        Path(args.json).write_text(
            json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
