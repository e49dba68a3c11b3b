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
    """(offset, length) in ``norm`` of each part, in order, or None. A part
    starts and ends where words do: "ijing's April" is not in "Beijing's April"."""
    found = []
    pos = 0
    for part in parts:
        at = norm.find(part, pos)
        while at >= 0 and not _whole_words(norm, at, at + len(part)):
            at = norm.find(part, at + 1)
        if at < 0:
            return None
        found.append((at, len(part)))
        pos = at + len(part)
    return found


def _whole_words(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` neither begins nor ends inside a word.
    Scripts written without spaces between words (Chinese, Japanese, Thai…)
    have no such edge to check: any cut is allowed there."""
    cut_before = start > 0 and _in_word(text[start - 1]) and _in_word(text[start])
    cut_after = end < len(text) and _in_word(text[end - 1]) and _in_word(text[end])
    return not (cut_before or cut_after)


def _in_word(c: str) -> bool:
    """A letter or digit of a script that spaces its words."""
    return c.isalnum() and not any(lo <= ord(c) <= hi for lo, hi in _UNSPACED)


_UNSPACED = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF),
             (0x20000, 0x3FFFF))
"""Thai and Lao, Myanmar, Khmer, CJK (with kana), CJK compatibility, full-width forms, CJK extensions (Korean spaces its words)."""


MIN_QUOTE_CHARS = 4
"""Letters and digits a quote needs: "a" or "no" is in every article and proves nothing."""

NEGATIONS = frozenset(
    "not no never nor neither none nothing nobody without cannot "
    "reject rejects rejected rejecting deny denies denied denying refuse refuses refused refusing "
    "fail fails failed failing decline declines declined declining dismiss dismisses dismissed "
    "dispute disputes disputed oppose opposes opposed".split()
)
"""Words an ``…`` may not leave out: skipping "does not" or "rejected any
suggestion of" turns a passage around."""
_SKIPPED_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def quote_problem(quote: str, block_text: str, spans: Sequence[tuple[int, int]]) -> str | None:
    """Why a quote that was found still cannot stand for its passage, or None.

    Too short, or an ``…`` that leaves out a negation (``spans`` are where
    the parts stand in ``block_text``)."""
    if sum(c.isalnum() for c in quote) < MIN_QUOTE_CHARS:
        return f"a quote of at least {MIN_QUOTE_CHARS} letters or digits (a shorter one proves nothing), got {quote!r}"
    for (_, end), (start, _) in zip(spans, spans[1:]):
        skipped = block_text[end:start]
        words = [w.lower() for w in _SKIPPED_WORD.findall(skipped)]
        denial = next((w for w in words if w in NEGATIONS or w.endswith(("n't", "n’t"))), None)
        if denial:
            return (f"a quote whose … leaves out no negation, got one that skips {' '.join(skipped.split())!r}: "
                    f"quote {denial!r} too, or cut elsewhere")
    return None


_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=1 << 18)  # one per passage: 10,000 synthetic articles hold 156,510
def fold(text: str) -> str:
    """Quote marks and whitespace folded: ``normalize(text)[0]``, made with
    C-speed string methods (``\\s`` and ``str.strip`` use the same Unicode
    whitespace as ``str.isspace``): a large briefing checks thousands of quotes
    against every block of their article."""
    return _SPACES.sub(" ", text.translate(_QUOTE_MARKS)).strip()


def closest_passage(quote: str, article: Article) -> tuple[Block, float, str] | None:
    """The passage most like ``quote``, its similarity (0-100) and the part of
    it that is most like the quote (with 30 characters around), for error messages."""
    target = " ".join(quote_parts(quote))
    best: tuple[Block, float, str] | None = None
    for block in article.blocks:
        folded = fold(block.text)
        found = fuzz.partial_ratio_alignment(target, folded)
        if found is not None and (best is None or found.score > best[1]):
            start, end = max(0, found.dest_start - 30), min(len(folded), found.dest_end + 30)
            excerpt = ("..." if start else "") + folded[start:end] + ("..." if end < len(folded) else "")
            best = (block, found.score, excerpt)
    return best


def explain_missing(quote: str, cited: Article, others: Sequence[Article]) -> str:
    """Why a quote failed, as the ``got`` half of an error message."""
    elsewhere = [a.id for a in others if a.id != cited.id and find_quote(quote, a)]
    if elsewhere:
        return f"a quote found in {', '.join(elsewhere)} instead (misattributed?)"
    parts = quote_parts(quote)

    def holds(text: str) -> bool:
        """Whether ``text`` holds every part, word edges aside."""
        return bool(parts) and all(part in fold(text) for part in parts)

    cut = next((b for b in cited.blocks if holds(b.text)), None)
    if cut is not None:
        return f"a quote that starts or ends inside a word of the passage at line {cut.line}: quote whole words"
    boilerplate = next((a for a in cited.set_aside if holds(a.text)), None)
    if boilerplate is not None:
        return (f"a quote from what the capture sets aside at line {boilerplate.line} ({boilerplate.reason}), "
                "which is not the article's text: cite the article's own words")
    close = closest_passage(quote, cited)
    if close is None:
        return "a quote, but the article has no text"
    block, score, excerpt = close
    return f"text found in no article{_hint(quote, cited)}; closest passage of {cited.id} (line {block.line}, {score:.0f}% similar): {excerpt!r}"


_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


def _hint(quote: str, cited: Article) -> str:
    """What most likely went wrong with a quote that is in no article, when
    something typical shows: an invisible character copied from the web,
    three dots for an ellipsis, a difference of letter case."""
    invisible = _INVISIBLE.search(quote)
    if invisible:
        return (f" (it holds an invisible character, U+{ord(invisible.group()):04X}, at character "
                f"{invisible.start() + 1}: delete it)")
    if "..." in quote:
        without = quote.replace("...", ELLIPSIS)
        if find_quote(without, cited) or find_quote(quote.replace("...", " ").strip(), cited):
            return " (three dots stand for themselves: to join two parts, write … (U+2026), or drop the dots)"
        return " (three dots stand for themselves: to join two parts, write … (U+2026))"
    folded = fold(quote).lower()
    found = next((b for b in cited.blocks if folded in fold(b.text).lower()), None)
    if found is not None:
        return f" (it is in the passage at line {found.line} in other letter case: copy its capitals)"
    return ""
