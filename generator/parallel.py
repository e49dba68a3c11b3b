"""Work split across two cores: a pure function mapped over many items.

MkDocs builds on one core; on a machine with two or more, the generator's
per-article work (parsing, sentence splitting, element search, comparing
aligned pairs, article pages) runs in this process and one forked copy of
it at once. The copy inherits everything in memory, so only the results
travel back (pickled through a pipe). Results come back in item order, so
the output is the same as a sequential run. Any failure, of the function on
either side or of the copy itself, makes this process do the whole map again
in order, so the first failing item raises exactly as it would without the
split.

Sequential where forking is unsafe or cannot help: one usable core, no
``os.fork`` (Windows), macOS (system libraries there are not fork-safe),
another Python thread running (``mkdocs serve``: a lock held by that thread
would stay held in the copy), too few items to repay the fork, or
``BRIEFING_JOBS=1`` in the environment.
"""
from __future__ import annotations

import os
import pickle
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Below this many items a fork (a few milliseconds) costs more than it saves.
MIN_ITEMS = 64


def workers() -> int:
    """How many processes a map may use: 1 or 2."""
    if os.environ.get("BRIEFING_JOBS") == "1" or not hasattr(os, "fork") or sys.platform == "darwin":
        return 1
    if threading.active_count() > 1:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return 2 if cores >= 2 else 1


def fork_map(fn: Callable[[T], R], items: Sequence[T], min_items: int = MIN_ITEMS, *, contiguous: bool = False) -> list[R]:
    """``[fn(x) for x in items]``, every second item computed in a forked copy.

    Interleaved, so that items whose cost varies along the list (a few large
    pages first, then many small ones) still share out evenly; ``contiguous``
    gives the copy the second half instead, for items whose neighbours share
    work that each process does once (parsing the sentences of one article
    pair). ``fn`` must be pure: what it changes in memory is lost with the copy."""
    if len(items) < min_items or workers() < 2:
        return [fn(x) for x in items]
    if contiguous:
        mine, theirs = items[: len(items) // 2], items[len(items) // 2 :]
    else:
        mine, theirs = items[0::2], items[1::2]
    read_end, write_end = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the copy: compute, send, leave without running any clean-up of the parent's
        code = 1
        try:
            os.close(read_end)
            blob = pickle.dumps([fn(x) for x in theirs], protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(blob)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    first: list[R] | None = None
    second: list[R] | None = None
    blob = b""
    with os.fdopen(read_end, "rb") as reply:
        try:
            first = [fn(x) for x in mine]
            blob = reply.read()
        except Exception:  # noqa: BLE001 - redone below, in order, to raise what one process raises
            pass
        finally:
            # Closed first: a copy still writing then fails and exits.
            reply.close()
            _, status = os.waitpid(pid, 0)
    if first is not None and status == 0:
        try:
            second = pickle.loads(blob)
        except Exception:  # noqa: BLE001 - a garbled reply: do the work here
            pass
    if first is None or second is None or len(second) != len(theirs):
        # Something failed on either side: the whole map again, in order, so
        # that the first failing item raises, as without the split.
        return [fn(x) for x in items]
    if contiguous:
        return first + second
    out: list[R] = [None] * len(items)  # type: ignore[list-item]
    out[0::2], out[1::2] = first, second
    return out
