"""Benchmark batch extraction: files/s for 1 and 2 workers, speed-up, and peak memory.

    .venv/bin/python benchmarks/bench_batch.py            # N = 200 (quick)
    .venv/bin/python benchmarks/bench_batch.py --n 2000   # the figures for the README
    .venv/bin/python benchmarks/bench_batch.py --n 1000 --speed-only   # files/s only

Generates 4N varied forms (tests/support/batch_samples.py: other departments, years, project
subsets and targets), a third each as text export, .docx and .xlsx (the Word and Excel forms
written by kpi_analysis.outputs.writers, see generate()). Then extracts into a Parquet dataset, each
run in a fresh child process:

- N files with --jobs 1 (in-process) and --jobs 2 (two worker processes): files/s, speed-up,
  and the CPU seconds of the whole process tree (so that a machine busy with other work,
  shown by the load average, can be told apart from overhead of the parallel run);
- N and 4N files with --jobs 2: peak RSS of the main process and of the whole process tree
  (main + forkserver + workers, sampled every 50 ms with psutil).

Goals: speed-up >= 1.8 on 2 cores; peak RSS for 4N within 10% of N.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FORMATS = ("txt", "docx", "xlsx")
BASES = 24


def vary_package(base: Path, dest: Path, replacements: dict[str, str]) -> None:
    """Copy a .docx/.xlsx package with text replaced in its document / shared strings."""
    parts = ("word/document.xml", "xl/sharedStrings.xml")
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename in parts:
                text = data.decode("utf-8")
                for old, new in replacements.items():
                    text = text.replace(old, new)
                data = text.encode("utf-8")
            dst.writestr(info, data)


def generate(folder: Path, n: int, seed: int) -> dict[str, int]:
    """Write ``n`` forms under ``folder``, cycling through text, .docx and .xlsx.

    Text forms come straight from ``write_text_forms``. Word and Excel forms: BASES of those
    text forms are written once with ``kpi_analysis.outputs.writers`` (about 0.5 s each), and every
    Word/Excel form is a copy of a base with its project names made unique, so that 4N
    forms can be made in seconds.
    """
    from kpi_analysis import load

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "support"))
    from batch_samples import write_text_forms

    from kpi_analysis.outputs.writers import write_target_forms_docx, write_target_forms_xlsx

    writers = {"docx": write_target_forms_docx, "xlsx": write_target_forms_xlsx}
    bases: dict[str, list[tuple[Path, list[str]]]] = {"docx": [], "xlsx": []}
    for i, path in enumerate(write_text_forms(folder / "_bases", BASES, seed=seed + 1)):
        ds = load(path)
        names = sorted(ds.projects["project"].dropna().unique(), key=len, reverse=True)
        fmt = "docx" if i % 2 == 0 else "xlsx"
        bases[fmt].append((writers[fmt](ds, path.with_suffix(f".{fmt}")), names))
    counts = dict.fromkeys(FORMATS, 0)
    for i, path in enumerate(write_text_forms(folder / "forms", n, seed=seed)):
        fmt = FORMATS[i % 3]
        if fmt != "txt":
            base, names = bases[fmt][i % len(bases[fmt])]
            tag = f"（{i + 1}）"
            vary_package(base, path.with_suffix(f".{fmt}"), {name: name + tag for name in names})
            path.unlink()
        counts[fmt] += 1
    return counts


def link_first(source: Path, target: Path, n: int) -> None:
    """Hard-link the first ``n`` files of ``source`` (sorted) into ``target``."""
    for path in sorted(p for p in source.rglob("*") if p.is_file())[:n]:
        dest = target / path.relative_to(source)
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.link(path, dest)


def sample_tree(peak: list[int], cpu: dict[int, float]) -> None:
    """Add this process tree's RSS to ``peak`` (if higher) and each process's CPU seconds."""
    import psutil

    me = psutil.Process()
    total = me.memory_info().rss
    for child in me.children(recursive=True):
        with contextlib.suppress(psutil.Error):  # a worker that just ended
            total += child.memory_info().rss
            times = child.cpu_times()
            cpu[child.pid] = times.user + times.system
    peak[0] = max(peak[0], total)


def measure(inputs: Path, out: Path, jobs: int) -> dict[str, float]:
    """Run one extraction in this process; return time, CPU time and peak memory."""
    from kpi_analysis.batch import extract_dataset

    peak = [0]
    cpu: dict[int, float] = {}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            sample_tree(peak, cpu)
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started, cpu_started = time.perf_counter(), time.process_time()
    report = extract_dataset([inputs], out, jobs=jobs, progress=False)
    seconds = time.perf_counter() - started
    main_cpu = time.process_time() - cpu_started
    stop.set()
    sampler.join()
    return {
        "files": report.files,
        "failed": len(report.failures),
        "seconds": seconds,
        "files_per_s": report.files / seconds,
        "cpu_s": main_cpu + sum(cpu.values()),
        "main_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "tree_peak_mb": peak[0] / 2**20,
        "load_1min": os.getloadavg()[0],
    }


def run_child(inputs: Path, out: Path, jobs: int) -> dict[str, float]:
    """:func:`measure` in a fresh Python process (so peaks do not carry over)."""
    command = [sys.executable, __file__, "--measure", str(inputs), str(out), str(jobs)]
    done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=REPO)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="number of forms N (default 200)")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument(
        "--speed-only", action="store_true", help="only N files with 1 and 2 jobs (no 4N run)"
    )
    parser.add_argument("--measure", nargs=3, metavar=("INPUT", "OUT", "JOBS"), help="internal")
    args = parser.parse_args()
    if args.measure:
        inputs, out, jobs = args.measure
        print(json.dumps(measure(Path(inputs), Path(out), int(jobs))))
        return

    n = args.n
    with tempfile.TemporaryDirectory(prefix="kpi-bench-") as tmp:
        tmp = Path(tmp)
        started = time.perf_counter()
        total = n if args.speed_only else 4 * n
        counts = generate(tmp / "gen", total, args.seed)
        link_first(tmp / "gen" / "forms", tmp / "forms_n", n)
        print(f"generated {total} forms in {time.perf_counter() - started:.0f} s: {counts}")
        print(f"cores: {os.cpu_count()}, load average before: {os.getloadavg()}")
        serial = run_child(tmp / "forms_n", tmp / "out_1", 1)
        parallel = run_child(tmp / "forms_n", tmp / "out_2", 2)
        large = None if args.speed_only else run_child(tmp / "gen" / "forms", tmp / "out_4n", 2)
        print(f"load average after: {os.getloadavg()}")

    speedup = parallel["files_per_s"] / serial["files_per_s"]
    print()
    print(
        f"{'run':<22}{'files':>7}{'failed':>7}{'s':>8}{'files/s':>9}{'CPU s':>8}"
        f"{'main MB':>9}{'tree MB':>9}{'load':>6}"
    )
    runs = (("N, 1 job (in-process)", serial), ("N, 2 jobs", parallel), ("4N, 2 jobs", large))
    for name, r in (run for run in runs if run[1] is not None):
        print(
            f"{name:<22}{r['files']:>7}{r['failed']:>7}{r['seconds']:>8.1f}"
            f"{r['files_per_s']:>9.1f}{r['cpu_s']:>8.1f}"
            f"{r['main_peak_mb']:>9.0f}{r['tree_peak_mb']:>9.0f}"
            f"{r['load_1min']:>6.1f}"
        )
    print()
    efficiency = serial["cpu_s"] / parallel["cpu_s"]
    print(f"speed-up 2 jobs / 1 job (wall clock): {speedup:.2f} (goal >= 1.8)")
    print(
        f"CPU seconds 1 job / 2 jobs: {efficiency:.2f}, i.e. on two idle cores the speed-up "
        f"would be about {2 * efficiency:.2f} (a wall-clock speed-up needs free cores: "
        "see the load column)"
    )
    if large is not None:
        main_ratio = large["main_peak_mb"] / parallel["main_peak_mb"]
        tree_ratio = large["tree_peak_mb"] / parallel["tree_peak_mb"]
        print(
            f"peak RSS 4N / N, main process: {main_ratio:.3f}; process tree: {tree_ratio:.3f} "
            "(goal <= 1.10)"
        )


if __name__ == "__main__":
    main()
