"""Work shared across two cores gives what one process gives, in order, or fails as it would."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from generator import parallel
from generator.build import generate
from generator.parallel import fork_map

from .conftest import ROOT

PARENT = os.getpid()


@pytest.fixture
def two_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Split even on a one-core machine: these tests are about the split."""
    monkeypatch.setattr(parallel, "workers", lambda: 2)


@pytest.mark.parametrize("contiguous", [False, True])
def test_results_come_back_in_order_from_two_processes(two_workers: None, contiguous: bool) -> None:
    items = list(range(200))
    out = fork_map(lambda x: (x * x, os.getpid()), items, contiguous=contiguous)
    assert [v for v, _ in out] == [x * x for x in items]
    pids = [pid for _, pid in out]
    assert len(set(pids)) == 2 and PARENT in pids
    if contiguous:
        assert set(pids[:100]) == {PARENT} and PARENT not in pids[100:]
    else:
        assert set(pids[0::2]) == {PARENT} and PARENT not in pids[1::2]


def test_few_items_stay_in_this_process(two_workers: None) -> None:
    assert {pid for pid in fork_map(lambda _: os.getpid(), range(10))} == {PARENT}


def test_an_error_in_the_copy_is_raised_here_as_without_the_split(two_workers: None) -> None:
    def fn(x: int) -> int:
        if x == 101:
            raise ValueError(f"bad item {x}")
        return x

    with pytest.raises(ValueError, match="bad item 101"):
        fork_map(fn, list(range(200)))


def test_a_copy_that_dies_is_replaced_by_this_process(two_workers: None) -> None:
    def fn(x: int) -> int:
        if os.getpid() != PARENT:
            os._exit(3)
        return x + 1

    assert fork_map(fn, list(range(200))) == list(range(1, 201))


def test_an_error_here_leaves_no_copy_behind(two_workers: None, monkeypatch: pytest.MonkeyPatch) -> None:
    forked: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        forked.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)

    def fn(x: int) -> bytes:
        if x == 0:
            raise KeyError("this process fails first")
        return b"x" * 100_000  # more than a pipe holds: the copy blocks until read

    with pytest.raises(KeyError):
        fork_map(fn, list(range(200)))
    # The copy was reaped before the error came out (waitpid raises if it is gone).
    assert len(forked) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(forked[0], os.WNOHANG)


def test_sequential_when_asked_or_when_another_thread_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_JOBS", "1")
    assert parallel.workers() == 1
    monkeypatch.delenv("BRIEFING_JOBS")
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert parallel.workers() == 1
    finally:
        stop.set()
        thread.join()


def test_a_briefing_generates_the_same_bytes_on_one_core_and_two(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, two_workers: None) -> None:
    content = tmp_path / "content"
    subprocess.run([sys.executable, str(ROOT / "bench" / "synth.py"), "120", str(content)], cwd=ROOT, check=True, capture_output=True)
    generate(content, tmp_path / "two")
    monkeypatch.setenv("BRIEFING_JOBS", "1")
    monkeypatch.setattr(parallel, "workers", lambda: 1)
    generate(content, tmp_path / "one")
    one = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*") if p.is_file()}
    two = {p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*") if p.is_file()}
    assert len(one) > 250 and one == two


def test_of_two_failing_items_the_first_raises_as_in_one_process(two_workers: None) -> None:
    def fn(x: int) -> int:
        if x in (101, 102):  # the copy's item first, then this process's
            raise ValueError(f"bad item {x}")
        return x

    with pytest.raises(ValueError, match="bad item 101"):
        fork_map(fn, list(range(200)))
    with pytest.raises(ValueError, match="bad item 101"):
        fork_map(fn, list(range(200)), contiguous=True)
