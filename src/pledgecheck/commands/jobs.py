"""`--jobs N`: one function over many manifests, across worker processes, results in input
order. `check`, `validate` and `compare` share it, so each gets the same output from one
process or several.

Work goes out in chunks and at most a few chunks per worker are in flight, so results stream
(the first report is written while later manifests are still being read) and memory stays
bounded however many files there are. Workers ignore Ctrl-C: the parent alone handles it,
cancels what has not started and lets the caller abort its half-written outputs.
"""

from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from pledgecheck.assessment import Assessment
    from pledgecheck.errors import Problem
    from pledgecheck.pipeline import Pipeline, Settings

#: below this many files one process is faster than starting a pool.
PARALLEL_THRESHOLD = 50
#: chunks in flight per worker: enough to keep every worker busy, few enough to bound memory.
_WINDOW = 3
_Item = TypeVar("_Item")
_Result = TypeVar("_Result")
_worker_pipeline: Pipeline | None = None


def job_count(requested: int, files: Sequence[str]) -> int:
    """Worker processes to use: as asked, else one per core (one for a single file). Standard
    input (`-`) can be read by this process alone."""
    if "-" in files or len(files) <= 1:
        return 1
    return requested or os.cpu_count() or 1


def in_order(
    function: Callable[[_Item], _Result],
    items: Sequence[_Item],
    *,
    jobs: int,
    remote: Callable[[_Item], _Result] | None = None,
    initializer: Callable[..., object] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Iterator[_Result]:
    """`function` over `items`, yielded in input order as soon as each is known. With one job
    or few items it runs here; otherwise `remote` (the same work as a picklable module-level
    function; default `function`) runs in `jobs` workers, each started by `initializer(*initargs)`."""
    if jobs <= 1 or len(items) <= PARALLEL_THRESHOLD:
        yield from map(function, items)
        return
    function = remote or function
    from concurrent.futures import ProcessPoolExecutor  # only when a pool is used: start-up stays lean

    from pledgecheck.output import terminate_by_exception

    # small chunks: the last ones end close together (no core idles while one finishes a
    # long chunk), and few results wait in this process (a chunk of JSON pieces is ~1.5 MB)
    size = max(1, min(16, len(items) // (jobs * 16)))
    chunks = (items[start : start + size] for start in range(0, len(items), size))
    # SIGTERM raises here too, so the workers are stopped with this process, never orphaned
    with terminate_by_exception():
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(initializer, initargs))
        pending: deque[Future[list[_Result]]] = deque()
        try:
            for chunk in chunks:
                pending.append(pool.submit(_apply, function, chunk))
                if len(pending) >= jobs * _WINDOW:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        except BaseException:  # Ctrl-C, SIGTERM, or the consumer stopped: start nothing more
            _stop_workers(pool)
            raise
        pool.shutdown(wait=True)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """End the workers now (what they are computing is no longer wanted) and wait for them.

    A worker ended in the middle of sending a result leaves half a message in the pool's
    result pipe, and the pool's thread would wait for the rest for ever: once every worker is
    gone, this process closes its own end for writing, so that thread reads the end of the
    pipe instead and the pool shuts down."""
    processes = list(pool._processes.values())
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join()
    pool._result_queue._writer.close()  # type: ignore[attr-defined]
    pool.shutdown(wait=True, cancel_futures=True)


def _apply(function: Callable[[_Item], _Result], chunk: Sequence[_Item]) -> list[_Result]:
    return [function(item) for item in chunk]


def _start_worker(initializer: Callable[..., object] | None, initargs: tuple[Any, ...]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and cleans up
    # A forked worker inherits the parent's SIGTERM handler, which raises SystemExit; the pool
    # catches that while a worker sends a result and sends again, so a worker blocked on a full
    # pipe nobody reads any more never ended. terminate() must simply end it.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if initializer is not None:
        initializer(*initargs)


def open_worker_pipeline(settings: Settings) -> None:
    """Initializer of an assessing worker: its pipeline, opened once from the parent's settings."""
    from pledgecheck.pipeline import Pipeline

    global _worker_pipeline
    _worker_pipeline = Pipeline.open(settings)


def worker_pipeline() -> Pipeline:
    """The pipeline of this worker (see open_worker_pipeline)."""
    if _worker_pipeline is None:
        raise RuntimeError("open_worker_pipeline() was not run in this process")
    return _worker_pipeline


def assess_in_order(
    pipeline: Pipeline, settings: Settings, files: Sequence[str], *, jobs: int
) -> Iterator[Assessment | list[Problem]]:
    """Each file's assessment, or its located problems, in input order. Workers open their own
    pipeline from `settings` (which must fix the date) and send assessments without the pack,
    which this process puts back: the pack is large and the same for every manifest."""
    import dataclasses
    from functools import partial

    local = partial(assessment_or_problems, pipeline)
    outcomes = in_order(
        local, files, jobs=jobs, remote=_assess_in_worker, initializer=open_worker_pipeline, initargs=(settings,)
    )
    for outcome in outcomes:
        if not isinstance(outcome, list) and outcome.pack is not pipeline.pack:
            outcome = dataclasses.replace(outcome, pack=pipeline.pack)
        yield outcome


def assessment_or_problems(pipeline: Pipeline, file: str) -> Assessment | list[Problem]:
    from pledgecheck.errors import InputError

    try:
        return pipeline.assess_file(file)
    except InputError as exc:
        return list(exc.problems)


def _assess_in_worker(file: str) -> Assessment | list[Problem]:
    import dataclasses

    outcome = assessment_or_problems(worker_pipeline(), file)
    return outcome if isinstance(outcome, list) else dataclasses.replace(outcome, pack=None)  # type: ignore[arg-type]
