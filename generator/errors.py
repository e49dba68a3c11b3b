"""One exception family for content mistakes: every problem, one line each."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in the content, located as precisely as we can."""

    file: str
    """Path of the offending file, relative to the content folder's parent when possible."""
    line: int
    """1-based line number; 0 when the problem concerns the file as a whole."""
    key: str
    """The key (dotted path) or aspect at fault, e.g. ``events[2].date`` or ``text``."""
    message: str
    """What was expected and what arrived: ``expected X, got Y``."""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.key}: {self.message}"


class ContentError(Exception):
    """Raised once, after every problem in the content has been collected."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class Collector:
    """Accumulates problems so that one run reports all of them."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file: str, line: int, key: str, message: str) -> None:
        self.problems.append(Problem(file, line, key, message))

    def raise_if_any(self) -> None:
        if self.problems:
            raise ContentError(self.problems)
