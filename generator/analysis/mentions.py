"""Mentions: what a sentence says that can differ, as found (a number, a date, a name, a quote); quoted passages."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .tokens import parse_norms


@dataclass(frozen=True)
class _Mention:
    """Something found in a sentence (internal): a number, a date, a name, a quote."""

    kind: str
    """Sub-kind: "pct"/"cur"/"num" for numbers, "md"/"d"/"m"/"wd"/"rel"/"y" for dates,
    the symbol or entity id for elements and entities, "quote" for quotes."""
    value: str
    """Comparable value: "55", "06-15", "wednesday", "last week", "Sm", "jl-mag"."""
    start: int
    """Offset in the sentence text."""
    end: int
    """Offset just past the mention."""
    text: str
    """As written."""
    unit: str = ""
    """Numbers: stem of the noun that follows ("day" in "90 days"). Dates: "dateline"
    when the date is part of the sentence's dateline, else ""."""


_OPENING_QUOTES = "“„«"
_CLOSING_QUOTES = "”»"
_QUOTE_MARK_RE = re.compile('["“„«”»]')


def parse_quotes(text: str) -> list[_Mention]:
    """Quoted passages of a sentence, straight ("…") or curly (“…”), without the
    marks and without punctuation at their ends. A straight mark closes when it
    follows a non-space and is not followed by a letter or digit, else it opens.
    A quote left open runs to the end of the sentence; a closing mark with no
    opening one closes a quote begun in an earlier sentence. Value: the
    lower-case words of the quote."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    # Only quotation marks change the state: visit those alone.
    for mark in _QUOTE_MARK_RE.finditer(text):
        i, ch = mark.start(), mark.group()
        if ch == '"':
            closing = i > 0 and not text[i - 1].isspace() and (i + 1 == len(text) or not text[i + 1].isalnum())
            opening = not closing
        else:
            opening, closing = ch in _OPENING_QUOTES, ch in _CLOSING_QUOTES
        if opened is None and opening:
            opened = i + 1
        elif opened is None and closing and not spans and (ch != '"' or text[i - 1] in ",.!?…;:"):
            # The end of a quote begun in an earlier sentence (not an inch mark).
            spans.append((0, i))
        elif opened is not None and (closing or ch == '"'):
            spans.append((opened, i))
            opened = None
    if opened is not None:
        spans.append((opened, len(text)))
    quotes: list[_Mention] = []
    for start, end in spans:
        inner = text[start:end]
        lead = len(inner) - len(inner.lstrip(" ,.;:!?…"))
        inner = inner.strip(" ,.;:!?…")
        if inner:
            value = " ".join(parse_norms(inner))
            quotes.append(_Mention("quote", value, start + lead, start + lead + len(inner), inner))
    return quotes
