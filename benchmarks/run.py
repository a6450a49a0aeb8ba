"""Benchmark pledgecheck, side by side with its peer in the same run.

    python benchmarks/run.py [--runs 7] [--count 1000] [--big 10000] [--example FILE]

Whole-process figures pair each command with its peer run by run (ours, peer, ours, peer, ...)
so both see the same machine load, and report the median and spread of wall time and CPU time
(user + system, from wait4) and the peak resident memory of each process. Every command's exit
code is checked. Rows:

  stage costs     parse / evaluate / render text, per manifest, in one process (inprocess.py)
  cold check      `check` of one example (text, the default format) vs `check-jsonschema`
  first run       the same with an empty pack cache
  N manifests     `check --format json` and `--format text` in one process vs check-jsonschema
  both cores      `check --jobs 2` vs `--jobs 1` over the N manifests (throughput ratio), and
                  the machine's ceiling: the list split by hand into two processes run at once
  memory          peak RSS of `check` over 1, N and --big manifests (flat in the count?)
  start-up        `--help` and `--version` vs importing the libraries they stand on
Then where the cold time goes (`python -X importtime`, nested imports shown indented once).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate  # noqa: E402
from inprocess import stages  # noqa: E402


@dataclass(frozen=True)
class Sample:
    wall: float  # seconds
    cpu: float  # user + system seconds
    user: float
    peak_mib: float


def tool(name: str) -> str:
    """A console script beside the running interpreter (the venv's), else on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        sys.exit(f"benchmark needs '{name}': pip install '.[test]'")
    return found


def run_once(command: list[str], env: dict[str, str], expect: int = 0) -> Sample:
    """One process: wall time, CPU time and peak RSS from wait4; a wrong exit code stops."""
    import time

    # GNU time reports the peak RSS of the command itself: wait4's ru_maxrss would include the
    # address space this (large) benchmark process had when it forked, before the exec
    timer = ["/usr/bin/time", "-f", "%M"] if Path("/usr/bin/time").exists() else []
    start = time.perf_counter()
    process = subprocess.Popen([*timer, *command], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    assert process.stderr is not None
    err = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)  # times include the command, reaped by time
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if process.returncode != expect:
        sys.exit(f"{' '.join(command[:4])} ... exited {process.returncode}: {err.decode()[-500:]}")
    tail = err.decode().strip().splitlines()[-1:] if timer else []
    peak_kib = int(tail[0]) if tail and tail[0].isdigit() else usage.ru_maxrss
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_utime, peak_kib / 1024)


def run_together(commands: list[list[str]], env: dict[str, str]) -> float:
    """Wall seconds until every one of `commands`, started at once, has exited 0."""
    import time

    start = time.perf_counter()
    processes = [subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env) for c in commands]
    codes = [process.wait() for process in processes]
    if any(codes):
        sys.exit(f"a split run exited {codes}")
    return time.perf_counter() - start


def paired(ours: list[str], peer: list[str], runs: int, env: dict[str, str]) -> tuple[list[Sample], list[Sample]]:
    run_once(ours, env), run_once(peer, env)  # warm the file cache and .pyc files
    mine, theirs = [], []
    for _ in range(runs):
        mine.append(run_once(ours, env))
        theirs.append(run_once(peer, env))
    return mine, theirs


def spread(values: list[float], scale: float = 1000) -> str:
    return f"{statistics.median(values) * scale:8.1f} ({min(values) * scale:.0f}–{max(values) * scale:.0f})"


def report_pair(name: str, mine: list[Sample], theirs: list[Sample], *, on: str = "wall") -> None:
    ours_value = statistics.median(getattr(s, on) for s in mine)
    peer_value = statistics.median(getattr(s, on) for s in theirs)
    print(f"{name}")
    for label, samples in (("  ours", mine), ("  peer", theirs)):
        print(
            f"{label}  wall ms {spread([s.wall for s in samples])}  cpu ms {spread([s.cpu for s in samples])}  "
            f"user ms {spread([s.user for s in samples])}  peak {max(s.peak_mib for s in samples):.0f} MiB"
        )
    print(f"  ratio ({on}, ours / peer): {ours_value / peer_value:.2f}")


def import_profile(command: list[str], env: dict[str, str], top: int = 12) -> list[tuple[int, int, str]]:
    """The slowest imports of one run: (cumulative µs, nesting level, name), top level and their
    direct children; the nesting is read before the name is stripped (each level indents by 2)."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", *command], capture_output=True, text=True, env=env, check=False
    )
    rows = []
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, raw = line[len("import time:") :].split("|")
        name = raw.rstrip()
        level = (len(name) - len(name.lstrip(" ")) - 1) // 2
        if level == 0:
            rows.append((int(cumulative), level, name.strip()))
    return sorted(rows, reverse=True)[:top]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--big", type=int, default=10000, help="manifests for the memory row (0 skips it)")
    parser.add_argument("--example", default=str(ROOT / "examples" / "lumen-labs.yaml"))
    parser.add_argument(
        "--only", choices=["stages", "cold", "many", "jobs", "memory", "startup"], action="append", help="rows to run"
    )
    args = parser.parse_args()
    rows = set(args.only or ["stages", "cold", "many", "jobs", "memory", "startup"])
    pledgecheck, peer = tool("pledgecheck"), tool("check-jsonschema")
    schema = str(ROOT / "schemas" / "manifest.schema.json")
    cache = tempfile.mkdtemp(prefix="pledgecheck-bench-cache-")
    # Byte-code is cached as on any user's machine (a sandbox may set PYTHONDONTWRITEBYTECODE,
    # which would make every run recompile pledgecheck's modules but not the peer's).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PLEDGECHECK_CACHE_DIR=cache, NO_COLOR="1")
    folder = Path(tempfile.mkdtemp(prefix="pledgecheck-bench-"))
    files = [str(p) for p in generate(folder, args.count)]
    few = max(3, args.runs // 2)
    check = [pledgecheck, "check", "--fail-on", "none", "--as-of", "2026-11-01"]
    jobs_supported = "--jobs" in subprocess.run([pledgecheck, "check", "--help"], capture_output=True, text=True).stdout
    one_job = ["--jobs", "1"] if jobs_supported else []  # "one process" rows really run in one
    peer_check = [peer, "--schemafile", schema]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"{args.runs} paired runs per row (fewer for the big rows); medians, (min–max)\n")

    if "stages" in rows:
        print("stage costs per manifest, in one process (5 generated manifests and the example):")
        for name, (median, low, high) in stages([args.example, *files[:5]], runs=args.runs, repeat=20).items():
            print(f"  {name:<12} {median:7.3f} ms  (runs {low:.3f}–{high:.3f})")
        print()

    if "cold" in rows:
        run_once([*check, args.example], env)  # fill the pack cache
        report_pair("cold check of one example (text) vs check-jsonschema", *paired(
            [*check, args.example], [*peer_check, args.example], args.runs, env), on="user")  # fmt: skip
        first = [
            run_once([*check, args.example], {**env, "PLEDGECHECK_CACHE_DIR": tempfile.mkdtemp(prefix="pc-empty-")})
            for _ in range(3)
        ]
        print(f"first run with an empty pack cache: wall ms {spread([s.wall for s in first])}\n")

    if "many" in rows:
        for fmt in ("json", "text"):
            report_pair(f"{len(files)} manifests, --format {fmt}, one process vs check-jsonschema", *paired(
                [*check, "--format", fmt, *one_job, *files], [*peer_check, *files], few, env))  # fmt: skip

    if "jobs" in rows and jobs_supported:
        one, two = paired(
            [*check, "--format", "json", "--jobs", "1", *files],
            [*check, "--format", "json", "--jobs", "2", *files],
            few,
            env,
        )
        report_pair(f"both cores: check --jobs 1 ('ours') vs --jobs 2 ('peer'), {len(files)} manifests, JSON", one, two)
        ratio = statistics.median(s.wall for s in one) / statistics.median(s.wall for s in two)
        print(f"both cores: --jobs 2 throughput is {ratio:.2f}x --jobs 1 over {len(files)} manifests")
        # the machine's own ceiling: the list split by hand, two independent processes at once
        half = len(files) // 2
        halves = [[*check, "--format", "json", "--jobs", "1", *part] for part in (files[:half], files[half:])]
        split = [run_together(halves, env) for _ in range(few)]
        ceiling = statistics.median(s.wall for s in one) / statistics.median(split)
        print(
            f"both cores: two processes on halves of the list at once (no pool, nothing shared) "
            f"take {statistics.median(split) * 1000:.0f} ms: {ceiling:.2f}x; --jobs 2 reaches "
            f"{ratio / ceiling:.0%} of that\n"
        )
    elif "jobs" in rows:
        print("both cores: `check --jobs` is not available in this build\n")

    if "memory" in rows:
        sizes = [1, len(files)]
        if args.big:
            sizes.append(args.big)
            big = [str(p) for p in generate(Path(tempfile.mkdtemp(prefix="pledgecheck-bench-big-")), args.big)]
        files_from = (
            "--files-from" in subprocess.run([pledgecheck, "check", "--help"], capture_output=True, text=True).stdout
        )
        for size in sizes:
            chosen = files[:size] if size <= len(files) else big
            as_arguments = [*check, "--format", "json", *one_job, *chosen]
            repeat = 2 if size <= len(files) else 1  # a run over --big files takes minutes
            peak = max(run_once(as_arguments, env).peak_mib for _ in range(repeat))
            line = f"memory: check of {size:>6} manifest(s) in one process peaks at {peak:.0f} MiB as arguments"
            if files_from:  # the interpreter itself keeps about 2 KB per command-line argument
                listing = folder / f"list-{size}.txt"
                listing.write_text("".join(f"{name}\n" for name in chosen), encoding="utf-8")
                listed = [*check, "--format", "json", *one_job, "--files-from", str(listing)]
                listed_peak = max(run_once(listed, env).peak_mib for _ in range(repeat))
                line += f", {listed_peak:.0f} MiB with --files-from"
            print(line)
        bare = run_once([sys.executable, "-c", "pass", *chosen], env).peak_mib
        print(f"memory: `python -c pass` with the same {len(chosen)} arguments peaks at {bare:.0f} MiB\n")

    if "startup" in rows:
        libraries = [sys.executable, "-c", "import typer, jsonschema, ruamel.yaml"]
        report_pair("start-up: pledgecheck --help vs importing typer, jsonschema, ruamel.yaml", *paired(
            [pledgecheck, "--help"], libraries, args.runs, env))  # fmt: skip
        report_pair("start-up: pledgecheck --version vs the same imports", *paired(
            [pledgecheck, "--version"], libraries, args.runs, env))  # fmt: skip

    print("\nwhere the cold time goes (python -X importtime, cumulative ms, top-level imports):")
    for micros, _, name in import_profile(["-m", "pledgecheck", *check[1:], args.example], env):
        print(f"  {micros / 1000:7.1f} ms  {name}")


if __name__ == "__main__":
    main()
