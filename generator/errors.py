"""One exception family for content mistakes: every problem, one line each."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


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
        # File names, ids and values come from the content: a control
        # character in one must not clear or forge lines of a terminal or a CI log.
        return _visible(f"{self.file}:{self.line}: {self.key}: {self.message}")


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _visible(text: str) -> str:
    """``text`` with each control character written as a ``\\x..`` escape."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


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

    def listing(self, folder: Path, label: str, key: str, folder_of: str, files_of: str) -> list[Path]:
        """The entries of a content folder to read, sorted; problems go here.

        A file where the folder should be, or a folder inside it, is a problem
        (its contents would be left out in silence); names starting with ``.``
        (an editor's swap file, ``.DS_Store``, ``.git``) are passed over.
        ``folder_of`` and ``files_of`` say what belongs there, for messages."""
        if not folder.is_dir():
            if folder.exists():
                self.add(label, 0, key, f"expected a folder of {folder_of}, got a file")
            return []
        entries = []
        for path in sorted(folder.iterdir()):
            if path.name.startswith("."):
                continue
            if path.is_dir():
                self.add(f"{label}/{path.name}", 0, "file name", f"expected {files_of} directly in the folder, got a folder (its files would be left out)")
                continue
            entries.append(path)
        return entries

    def read(self, path: Path, root: Path, file: str) -> bytes | None:
        """The bytes of a content file, or ``None`` with the problem noted.

        A link is followed only to a file inside ``root`` (the content folder):
        a link to anything else on the building machine would publish it."""
        try:
            # Resolved whatever it is: the file, or a folder on its way, may be a link.
            target = path.resolve(strict=True)
            if not target.is_relative_to(root.resolve()):
                self.add(file, 0, "file", f"expected a file inside the content folder, got a link to {target}: copy the file in instead")
                return None
            return target.read_bytes()
        except FileNotFoundError:
            self.add(file, 0, "file", "expected a file, got a link to nothing (its target is gone)")
        except OSError as exc:
            self.add(file, 0, "file", f"expected a readable file, got: {exc.strerror or exc}")
        return None

    def raise_if_any(self) -> None:
        if self.problems:
            raise ContentError(self.problems)
