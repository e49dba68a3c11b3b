"""Names: a table of known names (elements, entities) found in a sentence, whole words, at any table size."""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence, Set as AbstractSet

from .mentions import _Mention
from .tokens import _WORD_RUN_RE, parse_runs


_NAME_SEPARATOR_RE = re.compile(r"[\s\-‐–]+")


class NameFinder:
    """Finds the keys of a name table in a sentence: case-insensitive, whole
    words, spaces and hyphens interchangeable, the longest key where several
    start at one place (internal).

    One alternation of every key, tried at every position, costs per key;
    here a key is only tried where its first word stands, so the cost is per
    word of the sentence, whatever the size of the table."""

    def __init__(self, names: Mapping[str, str]) -> None:
        self.table = {_NAME_SEPARATOR_RE.sub(" ", k.lower().strip()): v for k, v in names.items() if k.strip()}
        """Normalised key -> id."""
        by_first: dict[str, list[str]] = defaultdict(list)
        odd: list[str] = []
        for key in self.table:
            first = _WORD_RUN_RE.match(key)
            # A key not starting with a word character has no first word to look up.
            (by_first[first.group()] if first else odd).append(key)
        self.keys = dict(by_first)
        """First word of a key -> the keys starting with it."""
        self.patterns: dict[str, re.Pattern[str]] = {}
        """First word -> pattern of its keys, compiled when first needed: most of
        a table (118 elements) never occurs in a briefing."""
        self.first_words = frozenset(self.keys)
        self.fallback = self._compile(list(self.table)) if odd else None
        """All keys in one pattern, for tables with keys the first-word lookup cannot serve."""

    @staticmethod
    def _compile(keys: Sequence[str]) -> re.Pattern[str]:
        # Longest first: "jl mag rare earth" before "jl mag".
        alternatives = [r"[\s\-‐–]+".join(re.escape(part) for part in key.split(" "))
                        for key in sorted(keys, key=lambda k: (-len(k), k))]
        return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.I)

    def find(self, text: str, runs: AbstractSet[str] | None = None) -> list[_Mention]:
        """Occurrences of the table's keys (kind and value: the mapped id), in
        order. ``runs``: ``parse_runs(text)``, if the caller has it."""
        if not self.table:
            return []
        if self.fallback is not None:
            matches: Iterable[re.Match[str]] = self.fallback.finditer(text)
        elif self.first_words.isdisjoint(parse_runs(text) if runs is None else runs):
            return []
        else:
            matches = self._scan(text)
        found = []
        for m in matches:
            target = self.table.get(_NAME_SEPARATOR_RE.sub(" ", m.group().lower()))
            if target is not None:
                found.append(_Mention(target, target, m.start(), m.end(), m.group()))
        return found

    def _scan(self, text: str) -> Iterator[re.Match[str]]:
        # A match starts a run of word characters (nothing of a word before it),
        # and that run, lower-cased, is the first word of its key.
        end = 0
        for run in _WORD_RUN_RE.finditer(text):
            if run.start() < end:
                continue
            word = run.group().lower()
            keys = self.keys.get(word)
            if keys is None:
                continue
            pattern = self.patterns.get(word)
            if pattern is None:
                pattern = self.patterns[word] = self._compile(keys)
            m = pattern.match(text, run.start())
            if m:
                end = m.end()
                yield m
