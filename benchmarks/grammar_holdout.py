"""Score the 指标值 grammar on the dev set and on the held-out set written before tuning.

Usage: ``.venv/bin/python benchmarks/grammar_holdout.py [--verbose]``

Prints the share of rows whose parse (kind, comparator, value, unit, per) equals the listed one,
for ``tests/data/target_values_dev.tsv`` and ``tests/data/target_values_holdout.tsv``.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from kpi_analysis.text.grammar import TargetParse, parse_target

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"


def read_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a value tsv, skipping ``#`` comment lines; no quoting, no NA conversion."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def expected(row: dict[str, str]) -> TargetParse:
    """The parse a row lists; an empty field means None."""
    return TargetParse(
        kind=row["kind"],
        comparator=row["comparator"] or None,
        value=float(row["value"]) if row["value"] else None,
        unit=row["unit"] or None,
        per=row["per"] or None,
    )


def score(path: Path, *, verbose: bool = False) -> tuple[int, int]:
    """(rows parsed as listed, rows) for one tsv; ``verbose`` prints each miss."""
    rows = read_rows(path)
    good = 0
    for row in rows:
        got, want = parse_target(row["text"]), expected(row)
        if got == want:
            good += 1
        elif verbose:
            print(f"  MISS {row['text']!r}\n       got  {got}\n       want {want}")
    return good, len(rows)


def main() -> None:
    """Print the dev and holdout figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print every mismatch")
    args = parser.parse_args()
    for name in ("dev", "holdout"):
        good, total = score(DATA / f"target_values_{name}.tsv", verbose=args.verbose)
        print(f"grammar {name}: {good}/{total} = {good / total:.1%}")


if __name__ == "__main__":
    main()
