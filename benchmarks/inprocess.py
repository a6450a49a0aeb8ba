"""In-process figures of the benchmark: the cost of one stage for one manifest, alone.

    python benchmarks/inprocess.py [--runs 7] [--repeat 50] FILE...

Each figure is the median over --runs of the mean CPU time over --repeat calls, in
milliseconds, with the spread (min–max of the runs): parsing with the position map, evaluating the pack, and
rendering the text report (the default format) and the JSON report of one assessment.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections.abc import Callable

AS_OF = dt.date(2026, 11, 1)


def timed(call: Callable[[], object], *, runs: int, repeat: int) -> tuple[float, float, float]:
    """(median, min, max) milliseconds per call over `runs` runs of `repeat` calls."""
    call()  # warm caches (compiled validators, pack, fonts of rich) as a real run would
    means = []
    for _ in range(runs):
        # CPU time of this process: on a shared VM, time the CPU was taken away (steal) is
        # not this code's cost, and it doubled wall-clock figures from one run to the next
        start = time.process_time()
        for _ in range(repeat):
            call()
        means.append((time.process_time() - start) / repeat * 1000)
    return statistics.median(means), min(means), max(means)


def stages(files: list[str], *, runs: int, repeat: int) -> dict[str, tuple[float, float, float]]:
    """Median figures per stage, over the manifests in `files` (their mean)."""
    from pledgecheck.engine import evaluate
    from pledgecheck.loading import load_manifest
    from pledgecheck.policy.loader import load_pack
    from pledgecheck.registry import reporter
    from pledgecheck.reporters.base import ReportOptions
    from pledgecheck.source import load_yaml

    pack = load_pack()
    text, json_report = reporter("check", "text"), reporter("check", "json")
    rows: dict[str, list[tuple[float, float, float]]] = {
        "parse": [],
        "evaluate": [],
        "render text": [],
        "render json": [],
    }
    for file in files:
        doc = load_manifest(file)
        assessment = evaluate(doc, pack, as_of=AS_OF)
        rows["parse"].append(timed(lambda f=file: load_yaml(f), runs=runs, repeat=repeat))  # type: ignore[misc]
        rows["evaluate"].append(timed(lambda d=doc: evaluate(d, pack, as_of=AS_OF), runs=runs, repeat=repeat))  # type: ignore[misc]
        rows["render text"].append(
            timed(lambda a=assessment: "".join(text([a], ReportOptions())), runs=runs, repeat=repeat)  # type: ignore[misc]
        )
        rows["render json"].append(
            timed(lambda a=assessment: "".join(json_report([a], ReportOptions())), runs=runs, repeat=repeat)  # type: ignore[misc]
        )
    return {
        name: (
            statistics.mean(r[0] for r in found),
            min(r[1] for r in found),
            max(r[2] for r in found),
        )
        for name, found in rows.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    for name, (median, low, high) in stages(args.files, runs=args.runs, repeat=args.repeat).items():
        print(f"{name:<12} {median:7.3f} ms per manifest (runs {low:.3f}–{high:.3f})")


if __name__ == "__main__":
    main()
