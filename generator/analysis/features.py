"""Stage 5, find mentions: everything the comparators read of one sentence, each part parsed once, on first use."""
from __future__ import annotations

import functools

from .dates import parse_dates
from .difference import MODAL_WORDS
from .mentions import _Mention, parse_quotes
from .names import NameFinder
from .quantities import parse_numbers
from .tokens import _WORD_RE, _Word, parse_runs, parse_word, parse_words


class _Features:
    """Everything ``find_candidates`` compares in one sentence (internal).
    Each part is parsed on first use: most pairs are settled by a few of them."""

    def __init__(self, text: str, elements: NameFinder, aliases: NameFinder) -> None:
        self.text = text
        self._elements = elements
        self._aliases = aliases

    @functools.cached_property
    def words(self) -> tuple[_Word, ...]:
        """Words in order."""
        return tuple(parse_words(self.text))

    @functools.cached_property
    def raw_words(self) -> list[str]:
        """The words as written, in order (``w.text``)."""
        return _WORD_RE.findall(self.text)

    @functools.cached_property
    def norms(self) -> list[str]:
        """``w.norm`` of the words, in order."""
        return [parse_word(raw)[0] for raw in self.raw_words]

    @functools.cached_property
    def tokens(self) -> frozenset[str]:
        """Informative tokens (``parse_tokens``)."""
        return frozenset(stem for _, stem, informative in map(parse_word, self.raw_words) if informative)

    @functools.cached_property
    def modal(self) -> bool:
        """Whether any word is a modal word (``_is_modal``)."""
        return any(norm in MODAL_WORDS and (norm != "may" or raw == "may") for raw, norm in zip(self.raw_words, self.norms))

    @functools.cached_property
    def runs(self) -> frozenset[str]:
        """``parse_runs(text)``."""
        return parse_runs(self.text)

    @functools.cached_property
    def numbers(self) -> tuple[_Mention, ...]:
        """Numbers outside dates."""
        return tuple(parse_numbers(self.text, self.dates, self.runs))

    @functools.cached_property
    def dates(self) -> tuple[_Mention, ...]:
        """Date expressions."""
        return tuple(parse_dates(self.text, self.runs))

    @functools.cached_property
    def quotes(self) -> tuple[_Mention, ...]:
        """Quoted passages."""
        return tuple(parse_quotes(self.text))

    @functools.cached_property
    def elements(self) -> tuple[_Mention, ...]:
        """Element names (value: symbol)."""
        return tuple(self._elements.find(self.text, self.runs))

    @functools.cached_property
    def entities(self) -> tuple[_Mention, ...]:
        """Aliases of people and organisations (value: entity id)."""
        return tuple(self._aliases.find(self.text, self.runs))
