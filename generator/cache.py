"""Cache stage: results of pure stages kept between builds, keyed by their inputs.

A rebuild takes from here what its inputs did not change: an article's
passages, sentences and element mentions (keyed by its bytes), a notes
file's validated records (by its bytes), where each quote stands (by the
article's passages and the quote), each article page (by everything it
shows), and the whole analysis (by everything it reads: an edit to an
event, a term or a verdict reuses it). Every key is a SHA-256 digest of the
stage's own inputs, and every file is stamped with a digest of the
generator's code and of the libraries whose output it holds: a change to any
of them is a miss, never a stale hit.

The cache only saves time. A missing, unreadable or corrupt file is a miss;
output is byte-for-byte the same with a cold cache, a warm one or none
(tested). Each file keeps only the entries the last build used, so it never
grows past one briefing's worth, and it is written only when that set
changed. Like ``__pycache__``, the folder is the build's own trusted state
(loading a pickle can run code): it lives outside the content folder, and
only the build writes it.
"""
from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import os
import pickle
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from .parallel import fork_map

T = TypeVar("T")
R = TypeVar("R")

#: Libraries whose results are cached: a new version may parse, split, find,
#: score or render differently.
_LIBRARIES = ("pysbd", "rapidfuzz", "periodictable", "numpy", "pyyaml", "jinja2", "markupsafe", "markdown-it-py", "mdurl")


def _code_version() -> str:
    """Digest of the generator's Python sources, of Python's version and of the
    versions of ``_LIBRARIES``."""
    h = hashlib.sha256(sys.version.encode())
    here = Path(__file__).parent
    for path in sorted(here.rglob("*.py")):
        h.update(path.relative_to(here).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in _LIBRARIES:
        try:
            h.update(f"{name}={importlib.metadata.version(name)}\0".encode())
        except importlib.metadata.PackageNotFoundError:
            h.update(f"{name}=?\0".encode())
    return h.hexdigest()


#: Taken when the generator is imported, so that it describes the code that
#: runs, even if the files change while a preview server goes on.
_CODE_VERSION = _code_version()


def code_version() -> str:
    """The digest every cache file is stamped with (see ``_code_version``)."""
    return _CODE_VERSION


def digest(*parts: str | bytes) -> str:
    """A key for ``parts``; the parts are length-prefixed, so no two lists collide."""
    h = hashlib.sha256()
    for part in parts:
        blob = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(blob).to_bytes(8, "little") + blob)
    return h.hexdigest()


class Memo:
    """One kind of stage result: key -> value, kept in ``<folder>/<kind>.pickle``."""

    def __init__(self, folder: Path, kind: str) -> None:
        self.path = folder / f"{kind}.pickle"
        self._old: dict[str, Any] = self._read()
        self._new: dict[str, Any] = {}
        self.hits = self.misses = 0

    def _read(self) -> dict[str, Any]:
        try:
            with self.path.open("rb") as f:
                data = pickle.load(f)
        except Exception:  # noqa: BLE001 - missing, truncated, old or foreign: a miss
            return {}
        entries = data.get("entries") if isinstance(data, dict) and data.get("code") == code_version() else None
        return entries if isinstance(entries, dict) else {}

    def get(self, key: str, compute: Callable[[], T]) -> T:
        """The value kept under ``key``, or ``compute()`` (then kept)."""
        return self.map(lambda _: compute(), [key], lambda k: k)[0]

    def map(self, fn: Callable[[T], R], items: Sequence[T], key: Callable[[T], str]) -> list[R]:
        """``[fn(x) for x in items]``, taking what is kept under ``key(x)``;
        the rest is computed on two cores (``parallel.fork_map``), once per key."""
        keys = [key(x) for x in items]
        todo: dict[str, T] = {}
        for k, x in zip(keys, items):
            if k in self._new:
                continue
            if k in self._old:
                self._new[k] = self._old[k]
            elif k not in todo:
                todo[k] = x
        self.misses += len(todo)
        self.hits += len(keys) - len(todo)
        self._new.update(zip(todo, fork_map(fn, list(todo.values()))))
        return [self._new[k] for k in keys]

    def save(self) -> bool:
        """Write the entries this build used, if they differ from what was read.

        Returns whether the file was written. The file is replaced whole, so a
        build that is killed midway leaves the previous one."""
        if not self.misses and self._new.keys() == self._old.keys():
            return False
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with tmp.open("wb") as f:
                pickle.dump({"code": code_version(), "entries": self._new}, f, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(self.path)
        except Exception:  # noqa: BLE001 - a read-only or full disk, an unpicklable value: the next build is slower, nothing else
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
            return False
        return True


def cached_map(memo: Memo | None, fn: Callable[[T], R], items: Sequence[T], key: Callable[[T], str]) -> list[R]:
    """``memo.map(fn, items, key)``, or without a memo every item computed (on two cores)."""
    return fork_map(fn, items) if memo is None else memo.map(fn, items, key)


class BuildCache:
    """The memos of one build, all in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._memos: dict[str, Memo] = {}

    def memo(self, kind: str) -> Memo:
        if kind not in self._memos:
            self._memos[kind] = Memo(self.folder, kind)
        return self._memos[kind]

    def save(self) -> None:
        for memo in self._memos.values():
            memo.save()

    def stats(self) -> dict[str, tuple[int, int]]:
        """Kind -> (hits, misses) so far."""
        return {kind: (m.hits, m.misses) for kind, m in self._memos.items()}

