"""Mentions: date expressions of a sentence, and the wire dateline pattern."""
from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from .mentions import _Mention
from .tokens import _DIGIT_RE, parse_runs


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_MONTH_ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
                        "oct": 10, "nov": 11, "dec": 12}
_MONTH_NUMBERS = {**{m: i + 1 for i, m in enumerate(_MONTHS)}, **_MONTH_ABBREVIATIONS}
# Month names are matched capitalised only: "may", "march" are common words.
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
_ORDINAL = r"(?:st|nd|rd|th)"
_DATE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("md", re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}}){_ORDINAL}?\b(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?")),
    ("md", re.compile(rf"\b(?P<day>\d{{1,2}}){_ORDINAL}?\s+(?:of\s+)?(?P<month>{_MONTH})(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?")),
    ("rel", re.compile(r"\b(?:(?P<which>last|next|this|past|previous|coming|earlier this|later this)\s+"
                       r"(?P<unit>week|weekend|month|year)|(?P<word>yesterday|today|tomorrow|tonight))\b", re.I)),
    ("wd", re.compile(r"\b(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b")),
    ("d", re.compile(rf"\b(?:the\s+)?(?P<day>\d{{1,2}}){_ORDINAL}\b")),
    ("m", re.compile(r"\b(?:in|since|from|until|by|during|early|late|mid|end of|starting in)[\s-]+"
                     r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December)"
                     r"\b(?:\s+(?P<year>(?:19|20)\d\d)\b)?")),
    ("m", re.compile(r"\b(?P<month>January|February|March|April|June|July|August|September|October|November|December)\b"
                     r"(?:\s+(?P<year>(?:19|20)\d\d)\b)?")),
    # A bare "2000" is as often a count as a year: only "in 2019", "since 2021".
    ("y", re.compile(r"\b(?:in|since|from|until|by|during|early|late|mid|before|after)[\s-]+(?P<year>(?:19|20)\d\d)\b")),
)

# Every month name or abbreviation in _MONTH starts with one of these.
_MONTH_PREFIXES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_RELATIVE_WORDS = frozenset({"week", "weekend", "month", "year", "yesterday", "today", "tomorrow", "tonight"})

_DATELINE_RE = re.compile(
    rf"^(?P<place>[A-Z][A-Z.'’ /-]*[A-Z.]),?\s+(?:(?P<date>{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH})"
    r"(?:,?\s+(?:19|20)\d\d)?\s*)?\((?P<origin>[^()]{2,60})\)\s*[-–—]+\s*"
)


def _date_gates(text: str, runs: AbstractSet[str]) -> tuple[bool, ...]:
    """For each of ``_DATE_PATTERNS``, whether ``text`` has what it needs at all
    (a digit, a month name, a weekday, a relative-date word): most sentences
    have no date, and a few substring tests save eight searches."""
    digit = _DIGIT_RE.search(text) is not None
    month = any(prefix in text for prefix in _MONTH_PREFIXES)
    relative = not _RELATIVE_WORDS.isdisjoint(runs)
    # Order of _DATE_PATTERNS: md, md, rel, wd, d, m, m, y.
    return (digit and month, digit and month, relative, "day" in text, digit, month, month, digit)


def parse_dates(text: str, runs: AbstractSet[str] | None = None) -> list[_Mention]:
    """Date expressions of a sentence, longest first where they overlap.

    Values: "md" "06-15" (month-day), "d" "15" (day alone, "the 7th"), "m" "06",
    "wd" "wednesday", "rel" "last week", "y" "2010". A date inside the
    sentence's dateline ("BEIJING, June 15 (Reuters) -") has unit "dateline".
    ``runs``: ``parse_runs(text)``, if the caller has it.
    """
    dateline = _DATELINE_RE.match(text)
    dateline_end = dateline.end() if dateline else 0
    found: list[_Mention] = []
    taken: list[tuple[int, int]] = []
    # Patterns run from most to least specific; a span once taken ("June 15")
    # is not read again by a vaguer pattern ("15", "June").
    gates = _date_gates(text, parse_runs(text) if runs is None else runs)
    for (kind, pattern), possible in zip(_DATE_PATTERNS, gates):
        if not possible:
            continue
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            value = _parse_date_value(kind, m)
            if value is None:
                continue
            taken.append(m.span())
            # Shown without the preposition that helped find it ("in May" -> "May").
            start = min(m.start(g) for g, v in m.groupdict().items() if v is not None)
            role = "dateline" if m.end() <= dateline_end else ""
            found.append(_Mention(kind, value, start, m.end(), text[start : m.end()], role))
    return sorted(found, key=lambda d: d.start)


def _parse_date_value(kind: str, m: re.Match[str]) -> str | None:
    groups = m.groupdict()
    if kind in ("md", "m"):
        month = _MONTH_NUMBERS[groups["month"].lower().rstrip(".")]
        year = f"{groups['year']}-" if groups.get("year") else ""
        if kind == "m":
            return f"{year}{month:02d}"
        day = int(groups["day"])
        return f"{year}{month:02d}-{day:02d}" if 1 <= day <= 31 else None
    if kind == "d":
        day = int(groups["day"])
        return f"{day:02d}" if 1 <= day <= 31 else None
    if kind == "wd":
        return groups["weekday"].lower()
    if kind == "rel":
        if groups["word"]:
            return groups["word"].lower()
        return f"{groups['which'].lower()} {groups['unit'].lower()}"
    return groups["year"]
