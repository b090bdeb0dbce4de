"""Peak memory of each reader on the hostile corpus (a check, not a timed test).

    .venv/bin/python benchmarks/bench_hostile.py            # limit 600 MB per file
    .venv/bin/python benchmarks/bench_hostile.py --limit-mb 400

Builds the corpus (``tests/trust/hostile/hostile_corpus.py``) in a temporary folder, then
reads every
file of it in a fresh child process (``kpi_analysis.readers.read_document``, or
``load_actuals`` for actuals workbooks) and prints the child's peak RSS, how the read ended
(``ok`` / the refusal) and whether the peak stayed under the limit. Exit code 1 when a
file went over the limit or a child died.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import json, resource, sys
from pathlib import Path
path = Path(sys.argv[1])
outcome = "ok"
try:
    from kpi_analysis.tables.actuals import is_actuals_workbook, load_actuals
    if is_actuals_workbook(path):
        book = load_actuals(path)
        codes = sorted(set(book.findings["code"]))
        outcome = "actuals: " + (", ".join(codes) or "ok")
    else:
        from kpi_analysis.readers import read_document
        doc = read_document(path)
        codes = sorted({note["code"] for note in doc.notes})
        outcome = "ok" + (f" ({', '.join(codes)})" if codes else "")
except Exception as error:
    outcome = f"{type(error).__name__}: {str(error)[:70]}"
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
try:  # ru_maxrss survives exec on Linux (the parent's peak): VmHWM is this image's own
    status = Path("/proc/self/status").read_text()
    peak = int(status.split("VmHWM:")[1].split()[0]) / 1024
except (OSError, IndexError, ValueError):
    pass
print(json.dumps({"peak_mb": peak, "outcome": outcome}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit-mb", type=float, default=600.0)
    args = parser.parse_args()
    sys.path[:0] = [str(ROOT / "tests" / "trust" / "hostile"), str(ROOT / "tests" / "support")]
    import hostile_corpus as build

    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path[:2]))
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        corpus = build.build(folder)
        print(f"{'class':28s} {'file':22s} {'peak MB':>8s}  outcome")
        for name, hostile in corpus.items():
            for path in sorted(hostile.iterdir()):
                result = subprocess.run(
                    [sys.executable, "-c", CHILD, os.fsencode(path)],
                    capture_output=True,
                    env=env,
                    timeout=600,
                )
                try:
                    report = json.loads(result.stdout.decode().strip().splitlines()[-1])
                except (IndexError, ValueError):
                    report = {"peak_mb": float("nan"), "outcome": f"died ({result.returncode})"}
                over = not report["peak_mb"] <= args.limit_mb
                failed |= over
                shown = os.fsdecode(path.name).encode("unicode_escape").decode()[:22]
                mark = "  OVER LIMIT" if over else ""
                print(f"{name:28s} {shown:22s} {report['peak_mb']:8.0f}  {report['outcome']}{mark}")
    print(f"limit {args.limit_mb:.0f} MB per file: {'FAILED' if failed else 'held'}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
