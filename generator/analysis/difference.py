"""A difference between two aligned sentences, and the word lists the comparators share."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .mentions import _Mention


@dataclass(frozen=True)
class Difference:
    """One difference between two aligned sentences, before it is named and
    deduplicated as a ``Candidate``. Offsets are within the sentence texts."""

    kind: str
    """"number", "date", "element", "entity", "quote" or "modality"."""
    a_value: str
    """The differing words of sentence a, as written."""
    b_value: str
    """The differing words of sentence b, as written."""
    a_spans: tuple[tuple[int, int], ...]
    """Where ``a_value`` stands in a's text (one range per part)."""
    b_spans: tuple[tuple[int, int], ...]
    """Where ``b_value`` stands in b's text."""
    severity: int
    """1 (minor) .. 3 (major), see ``find_candidates``."""
    a_role: str = ""
    """How a uses its value when that is the difference ("dateline"), else ""."""
    b_role: str = ""
    """How b uses its value when that is the difference ("event date"), else ""."""


MAX_QUOTE_WORDS = 6
"""Quotes longer than this are speech, reworded by every translation; only
short quoted phrases (labels, scare quotes) are compared word for word."""

MODAL_WORDS = frozenset({
    "would", "could", "might", "may", "should", "appear", "appears", "appeared", "seem", "seems", "seemed",
    "reportedly", "allegedly", "apparently", "possibly", "probably", "likely", "unlikely",
})
"""Words that make a statement conditional, hedged or second-hand. "will" and
"can" are left out: they state plans and abilities as facts."""

_CORPORATE_SUFFIXES = frozenset({"co", "corp", "corporation", "inc", "ltd", "llc", "plc", "ag", "sa", "nv",
                                 "group", "holdings", "company", "the"})
_DETERMINERS = frozenset({"a", "an", "the", "this", "that", "no", "any", "some"})


def _spans(mentions: Iterable[_Mention]) -> tuple[tuple[int, int], ...]:
    return tuple((m.start, m.end) for m in mentions)


def _joined(mentions: Sequence[_Mention]) -> str:
    return ", ".join(dict.fromkeys(m.text for m in mentions))
