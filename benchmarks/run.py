"""Benchmark pledgecheck against check-jsonschema, side by side in one run.

    python benchmarks/run.py [--runs 7] [--count 1000] [--example examples/lumen-labs.yaml]

Every figure is the median of --runs whole-process runs, measured alternately with its peer so
both see the same machine load; ratios are pledgecheck / peer (lower is better).

(a) cold `pledgecheck check` of one example vs `check-jsonschema --schemafile` on the same file
(b) --count generated manifests in one process, and spread over both cores, vs check-jsonschema
    on the same files in one process
(c) peak resident memory of (b)
(d) `pledgecheck --help` vs the bare interpreter (`python -c pass`)
(e) `pledgecheck compare` of the --count manifests (--jobs 1 and 2) vs `check` of the same
    files in one process, and an estimate of checking them one process per file
(f) load + validate of the example inside one process (median of 50)
Then where the cold time goes, from `python -X importtime`.
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
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate  # noqa: E402


def tool(name: str) -> str:
    """A console script beside the running interpreter (the venv's), else on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        sys.exit(f"benchmark needs '{name}': pip install '.[test]'")
    return found


def measure(command: list[str] | list[list[str]], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one command, or of several run concurrently."""
    commands = command if isinstance(command[0], list) else [command]
    wrapped = [["/usr/bin/time", "-f", "%M", *c] if Path("/usr/bin/time").exists() else c for c in commands]
    start = time.perf_counter()
    processes = [
        subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True) for c in wrapped
    ]
    peaks = []
    for process in processes:
        _, err = process.communicate()
        tail = err.strip().splitlines()[-1:] if err.strip() else ["0"]
        peaks.append(int(tail[0]) if tail[0].isdigit() else 0)
    return time.perf_counter() - start, sum(peaks)


def compare_commands(ours: list, peer: list, runs: int, env: dict[str, str]) -> dict[str, float]:  # type: ignore[type-arg]
    """Alternate the two commands `runs` times; medians and ratio."""
    measure(ours, env), measure(peer, env)  # warm the file cache and .pyc files
    times_ours, times_peer, mem_ours, mem_peer = [], [], [], []
    for _ in range(runs):
        seconds, peak = measure(ours, env)
        times_ours.append(seconds)
        mem_ours.append(peak)
        seconds, peak = measure(peer, env)
        times_peer.append(seconds)
        mem_peer.append(peak)
    ours_median, peer_median = statistics.median(times_ours), statistics.median(times_peer)
    return {
        "ours_s": ours_median,
        "peer_s": peer_median,
        "ratio": ours_median / peer_median,
        "ours_mib": max(mem_ours) / 1024,
        "peer_mib": max(mem_peer) / 1024,
    }


def import_profile(command: list[str], env: dict[str, str], top: int = 12) -> list[tuple[int, str]]:
    """The slowest top-level imports (cumulative microseconds) of one run."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", *command],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    rows = []
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = (part.strip() for part in line[len("import time:") :].split("|"))
        if not name.startswith(" "):
            rows.append((int(cumulative), name.strip()))
    return sorted(rows, reverse=True)[:top]


def load_and_validate(path: str, runs: int = 50) -> float:
    """Median milliseconds of parsing, schema-validating and cross-checking one manifest."""
    from pledgecheck.loading import load_manifest

    load_manifest(path)  # validators compiled once per process, as in a real run
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        load_manifest(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--example", default=str(ROOT / "examples" / "lumen-labs.yaml"))
    args = parser.parse_args()
    pledgecheck, peer = tool("pledgecheck"), tool("check-jsonschema")
    schema = str(ROOT / "schemas" / "manifest.schema.json")
    cache = tempfile.mkdtemp(prefix="pledgecheck-bench-cache-")
    # Byte-code is cached as on any user's machine (this sandbox sets PYTHONDONTWRITEBYTECODE,
    # which would make every run recompile pledgecheck's modules but not the peer's).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PLEDGECHECK_CACHE_DIR=cache, NO_COLOR="1")
    files = [str(p) for p in generate(Path(tempfile.mkdtemp(prefix="pledgecheck-bench-")), args.count)]
    half = len(files) // 2
    check = [pledgecheck, "check", "--fail-on", "none", "--format", "json", "--as-of", "2026-11-01"]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{args.runs} runs each, medians"
    )
    subprocess.run([*check, args.example], stdout=subprocess.DEVNULL, env=env, check=True)  # fill the pack cache
    figures = {
        "(a) cold check of one example": compare_commands(
            [*check, args.example], [peer, "--schemafile", schema, args.example], args.runs, env
        ),
        f"(b) {len(files)} manifests, one process": compare_commands(
            [*check, *files], [peer, "--schemafile", schema, *files], max(3, args.runs // 2), env
        ),
        f"(b) {len(files)} manifests, two processes": compare_commands(
            [[*check, *files[:half]], [*check, *files[half:]]],
            [peer, "--schemafile", schema, *files],
            max(3, args.runs // 2),
            env,
        ),
        "(d) pledgecheck --help vs python -c pass": compare_commands(
            [pledgecheck, "--help"], [sys.executable, "-c", "pass"], args.runs, env
        ),
    }
    compare = [pledgecheck, "compare", "--format", "json", "--as-of", "2026-11-01"]
    for jobs in (1, 2):
        figures[f"(e) compare {len(files)}, --jobs {jobs}, vs check"] = compare_commands(
            [*compare, "--jobs", str(jobs), *files], [*check, *files], max(3, args.runs // 2), env
        )
    for name, f in figures.items():
        print(
            f"{name:<45} ours {f['ours_s'] * 1000:8.1f} ms  peer {f['peer_s'] * 1000:8.1f} ms  "
            f"ratio {f['ratio']:.2f}  peak {f['ours_mib']:.0f} MiB (peer {f['peer_mib']:.0f} MiB)"
        )
    sample = files[:50]
    one_by_one = (
        statistics.median(sum(measure([*check, file], env)[0] for file in sample) for _ in range(3))
        * len(files)
        / len(sample)
    )
    print(
        f"(e) checking them one by one, one process per file: about {one_by_one:.1f} s "
        f"(50 files timed, scaled to {len(files)})"
    )
    print(f"(f) load + validate of {Path(args.example).name} in one process: {load_and_validate(args.example):.2f} ms")
    print("\nwhere the cold time goes (python -X importtime, cumulative ms of top-level imports):")
    for micros, name in import_profile(["-m", "pledgecheck", *check[1:], args.example], env):
        print(f"  {micros / 1000:7.1f} ms  {name}")


if __name__ == "__main__":
    main()
