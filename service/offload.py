"""Extraction of long texts in a worker process, away from the server's threads.

Extraction is pure CPU in Python: in a server thread it holds the interpreter lock, and every
other request of the process waits for its turn at it (a 1 MB article made PATCHes 20 times
slower). A text of at least ``EXTRACT_OFFLOAD_CHARS`` characters is therefore extracted in a
small process pool (``EXTRACT_PROCESSES`` processes, started on first use with ``forkserver``, so
no copy of a threaded server is forked, and at a lower CPU priority); shorter texts, nearly all news, stay in the thread,
where they cost less than the trip to another process.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor

from service import extraction, ingest_rows

_pools: dict[int, ProcessPoolExecutor] = {}
_lock = threading.Lock()


def extractor(processes: int, min_chars: int):
    """A function text → (Extraction, Draft) (``ingest_rows.extract_and_draft``) that sends texts
    of ``min_chars`` or more to the pool (``processes`` 0: never). The rows are drafted in the
    worker too: for a 1 MB sentence that is 168 ms of CPU (its matching words), which in the
    server's thread made other requests wait for the interpreter lock."""

    def extract(text: str, **options) -> tuple[extraction.Extraction, ingest_rows.Draft]:
        # ``options``: extraction.extract's, e.g. model= (a path, so it travels to the worker)
        if processes <= 0 or len(text) < min_chars:
            return ingest_rows.extract_and_draft(text, **options)
        return _pool(processes).submit(ingest_rows.extract_and_draft, text, **options).result()

    return extract


def _start_worker(server_pid: int) -> None:
    # A long extraction is background work: on a machine with few cores the server's own
    # threads (every other analyst's request) go first.
    os.nice(10)
    # A worker outlives a server that was killed (SIGTERM gives the pool no chance to shut
    # down): it leaves as soon as the server is gone.
    threading.Thread(target=_exit_without, args=(server_pid,), daemon=True).start()


def _exit_without(server_pid: int) -> None:
    while True:
        time.sleep(1)
        try:
            os.kill(server_pid, 0)
        except ProcessLookupError:
            os._exit(0)


def _pool(processes: int) -> ProcessPoolExecutor:
    with _lock:
        if processes not in _pools:
            context = multiprocessing.get_context("forkserver")
            _pools[processes] = ProcessPoolExecutor(processes, mp_context=context, initializer=_start_worker,
                                                  initargs=(os.getpid(),))
        return _pools[processes]


def shutdown() -> None:
    """Stop the worker processes: texts still queued are dropped, one being extracted finishes.
    The server calls this when it stops, so its workers leave with it and nothing is leaked."""
    with _lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.shutdown(wait=True, cancel_futures=True)
