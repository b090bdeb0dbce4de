"""Time ``kpi-analysis --help`` (the command line's start-up), as a user runs it.

Runs ``import kpi_analysis.cli.main`` + ``--help`` in fresh processes and prints the best and the
median wall time, and whether pandas was imported (it must not be: the target is < 0.3 s).

    .venv/bin/python benchmarks/bench_cli.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

PROBE = (
    "import sys\n"
    "from kpi_analysis.cli.main import main\n"
    "try:\n"
    "    main(['--help'])\n"
    "except SystemExit:\n"
    "    pass\n"
    "sys.stderr.write('pandas=%s' % ('pandas' in sys.modules))\n"
)
TARGET_SECONDS = 0.3


def time_help(runs: int) -> tuple[list[float], bool]:
    """Wall times of ``runs`` fresh ``--help`` runs, and whether any imported pandas."""
    times = []
    pandas = False
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True
        )
        times.append(time.perf_counter() - start)
        pandas = pandas or "pandas=True" in done.stderr
    return times, pandas


def main() -> int:
    """Print the timings; exit 1 when the median is over the target or pandas was imported."""
    parser = argparse.ArgumentParser(description="kpi-analysis --help 的启动时间")
    parser.add_argument("--runs", type=int, default=7, help="运行次数（默认 7）")
    args = parser.parse_args()
    times, pandas = time_help(args.runs)
    median = statistics.median(times)
    print(
        f"kpi-analysis --help：最快 {min(times):.3f} s，中位数 {median:.3f} s"
        f"（{args.runs} 次；目标 < {TARGET_SECONDS} s）；导入 pandas：{'是' if pandas else '否'}"
    )
    return 0 if median < TARGET_SECONDS and not pandas else 1


if __name__ == "__main__":
    raise SystemExit(main())
