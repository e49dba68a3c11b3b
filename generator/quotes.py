"""Verify that quotes are verbatim passages of their articles.

Forgiven: differences of whitespace and line wrapping, straight vs curly quote
marks, and ``…`` joining two parts of one passage. Nothing else.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from .ingest import Article, Block

_QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'", "‛": "'"})
ELLIPSIS = "…"


def normalize(text: str) -> tuple[str, list[int]]:
    """Fold quote marks and whitespace; also return, for each character of the
    result, its offset in ``text`` (so a match maps back to the original)."""
    out: list[str] = []
    where: list[int] = []
    # Runs of non-space characters, each joined to the last by one space that
    # stands for the last whitespace character between them.
    for run in _WORDS.finditer(text.translate(_QUOTE_MARKS)):
        if out:
            out.append(" ")
            where.append(run.start() - 1)
        out.append(run.group())
        where.extend(range(run.start(), run.end()))
    return "".join(out), where


_WORDS = re.compile(r"\S+")


@dataclass(frozen=True)
class QuoteMatch:
    """Where a quote stands in an article."""

    block: Block
    """The passage holding the quote."""
    spans: tuple[tuple[int, int], ...]
    """Character ranges in ``block.text``: one per ``…``-separated part."""


def quote_parts(quote: str) -> list[str]:
    return [p for p in (fold(part) for part in quote.split(ELLIPSIS)) if p]


def find_quote(quote: str, article: Article) -> QuoteMatch | None:
    """The first passage of ``article`` holding every part of ``quote`` in order."""
    parts = quote_parts(quote)
    if not parts:
        return None
    for block in article.blocks:
        # The folded text alone says whether the block holds the quote; the
        # offset map is only made for the block that does.
        if _find_parts(fold(block.text), parts) is None:
            continue
        norm, where = normalize(block.text)
        found = _find_parts(norm, parts)
        assert found is not None  # normalize folds exactly as fold does
        return QuoteMatch(block, tuple((where[at], where[at + n - 1] + 1) for at, n in found))
    return None


def _find_parts(norm: str, parts: Sequence[str]) -> list[tuple[int, int]] | None:
    """(offset, length) in ``norm`` of each part, in order, or None."""
    found = []
    pos = 0
    for part in parts:
        at = norm.find(part, pos)
        if at < 0:
            return None
        found.append((at, len(part)))
        pos = at + len(part)
    return found


_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=1 << 18)  # one per passage: 10,000 synthetic articles hold 156,510
def fold(text: str) -> str:
    """Quote marks and whitespace folded: ``normalize(text)[0]``, made with
    C-speed string methods (``\\s`` and ``str.strip`` use the same Unicode
    whitespace as ``str.isspace``): a large briefing checks thousands of quotes
    against every block of their article."""
    return _SPACES.sub(" ", text.translate(_QUOTE_MARKS)).strip()


def closest_passage(quote: str, article: Article) -> tuple[Block, float] | None:
    """The passage most like ``quote`` and its similarity (0-100), for error messages."""
    target = " ".join(quote_parts(quote))
    best: tuple[Block, float] | None = None
    for block in article.blocks:
        score = fuzz.partial_ratio(target, fold(block.text))
        if best is None or score > best[1]:
            best = (block, score)
    return best


def explain_missing(quote: str, cited: Article, others: Sequence[Article]) -> str:
    """Why a quote failed, as the ``got`` half of an error message."""
    elsewhere = [a.id for a in others if a.id != cited.id and find_quote(quote, a)]
    if elsewhere:
        return f"a quote found in {', '.join(elsewhere)} instead (misattributed?)"
    close = closest_passage(quote, cited)
    if close is None:
        return "a quote, but the article has no text"
    block, score = close
    excerpt = block.text if len(block.text) <= 90 else block.text[:87] + "..."
    return f"text found in no article; closest passage of {cited.id} (line {block.line}, {score:.0f}% similar): {excerpt!r}"
