"""Mentions: numbers, percentages and amounts of a sentence."""
from __future__ import annotations

import re
from collections.abc import Sequence, Set as AbstractSet

from .mentions import _Mention
from .tokens import _DIGIT_RE, _WORD_RE, SPELLED_NUMBERS, STOPWORDS, parse_runs, parse_word


_NUMBER_RE = re.compile(
    r"(?<![\w.,/-])(?P<cur>[$€£¥])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<pct>\s?%|\s?percent\b|\s?per cent\b)?(?:\s?(?P<mult>million|billion|trillion|thousand|bn)\b)?"
    r"(?![\w]|[.,]\d|\.[A-Za-z])"
)
_SPELLED_RE = re.compile(r"\b(?P<word>" + "|".join(SPELLED_NUMBERS) + r")\b(?:-|\s)", re.I)
_MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}


def parse_numbers(text: str, dates: Sequence[_Mention], runs: AbstractSet[str] | None = None) -> list[_Mention]:
    """Numbers and percentages of a sentence, outside date expressions.

    Kind "pct" (55%, 55 percent), "cur" ($5 million) or "num"; value is the
    number in canonical form ("1200", "5000000"); unit is the stem of the word
    that follows ("month" in "six-month", "day" in "90 days"), "" if none.
    Spelled numbers ("six", "two") count only with such a unit. ``runs``:
    ``parse_runs(text)``, if the caller has it.
    """
    found: list[_Mention] = []

    def unit_after(end: int) -> str:
        # Numbers end where a word does, so the next word starts at or after ``end``.
        following = _WORD_RE.search(text, end)
        if following:
            norm, stem, _ = parse_word(following.group())
            if norm not in STOPWORDS and norm.isalpha():
                return stem
        return ""

    def inside_date(start: int, end: int) -> bool:
        return any(d.start <= start and end <= d.end for d in dates)

    for m in _NUMBER_RE.finditer(text) if _DIGIT_RE.search(text) else ():
        if inside_date(m.start(), m.end()):
            continue
        value = float(m.group("num").replace(",", "")) * _MULTIPLIERS.get((m.group("mult") or "").lower(), 1)
        kind = "pct" if m.group("pct") else "cur" if m.group("cur") else "num"
        found.append(_Mention(kind, _format_number(value), m.start(), m.end(), m.group(), unit_after(m.end())))
    spelled = not SPELLED_NUMBERS.keys().isdisjoint(parse_runs(text) if runs is None else runs)
    for m in _SPELLED_RE.finditer(text) if spelled else ():
        unit = unit_after(m.end("word"))
        if unit and not inside_date(m.start(), m.end("word")):
            value = SPELLED_NUMBERS[m.group("word").lower()]
            found.append(_Mention("num", str(value), m.start(), m.end("word"), m.group("word"), unit))
    return sorted(found, key=lambda n: n.start)


def _format_number(value: float) -> str:
    """Canonical text of a number: "1200", "4.5" (equal numbers, equal text)."""
    return str(int(value)) if value.is_integer() else f"{value:.6f}".rstrip("0")
