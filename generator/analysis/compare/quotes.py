"""Compare short quoted phrases, quoted or rendered unquoted."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from rapidfuzz import fuzz

from ..difference import _DETERMINERS, MAX_QUOTE_WORDS, Difference, _spans
from ..features import _Features
from ..mentions import _Mention
from ..sentences import Sentence
from ..tokens import parse_words


def _contains_words(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    n = len(needle)
    return n > 0 and any(list(haystack[i : i + n]) == list(needle) for i in range(len(haystack) - n + 1))


def _is_short_quote(q: _Mention) -> bool:
    return 1 <= len(q.value.split()) <= MAX_QUOTE_WORDS


def _quote_covered(q: _Mention, other: _Features) -> bool:
    """Whether the other sentence has the quote's words (quoted or not), or quotes
    a part of them (or they a part of its quote): then nothing is misquoted."""
    words = q.value.split()
    if _contains_words(other.norms, words):
        return True
    return any(_contains_words(words, o.value.split()) or _contains_words(o.value.split(), words) for o in other.quotes)


_KnownQuotes = Mapping[str, Sequence[tuple[str, frozenset[str]]]]
"""First word -> (short phrase some article quotes, the articles quoting it)."""


def compare_quotes(
    a: Sentence, fa: _Features, b: Sentence, fb: _Features, known_quotes: _KnownQuotes
) -> list[Difference]:
    """Short quoted phrases one side has and the other renders differently.
    ``known_quotes``: the corpus's short quoted phrases, by first word."""
    if not (fa.quotes or fb.quotes):
        return []
    qa = [q for q in fa.quotes if _is_short_quote(q) and not _quote_covered(q, fb)]
    qb = [q for q in fb.quotes if _is_short_quote(q) and not _quote_covered(q, fa)]
    # Both sides quote, and differently: someone has the words wrong.
    if qa and qb:
        return [Difference("quote", x.text, y.text, _spans([x]), _spans([y]), 2) for x, y in zip(qa, qb)]
    # Only one side quotes: look for the same idea unquoted on the other.
    differences = []
    for x in qa:
        found = _find_unquoted_counterpart(x, a, fa, b.text, fb, known_quotes)
        if found:
            differences.append(Difference("quote", x.text, b.text[found[0]:found[1]], _spans([x]), (found,), 1))
    for y in qb:
        found = _find_unquoted_counterpart(y, b, fb, a.text, fa, known_quotes)
        if found:
            differences.append(Difference("quote", a.text[found[0]:found[1]], y.text, (found,), _spans([y]), 1))
    return differences


def _context_after(text: str, end: int) -> str:
    """The next word (normalised) or punctuation mark after ``end``, skipping
    spaces and quotation marks."""
    rest = text[end:].lstrip(" \"'“”‘’»«")
    if not rest:
        return ""
    words = parse_words(rest[:40])
    if words and words[0].start == 0:
        return words[0].norm
    return rest[0]


def _context_before(text: str, start: int) -> str:
    """The previous word before ``start`` (determiners folded together)."""
    words = parse_words(text[:start])
    if not words:
        return ""
    norm = words[-1].norm
    return "DET" if norm in _DETERMINERS else norm


def _find_unquoted_counterpart(
    q: _Mention,
    q_sentence: Sentence,
    fq: _Features,
    other_text: str,
    other: _Features,
    known_quotes: _KnownQuotes,
) -> tuple[int, int] | None:
    """Where ``other`` says with other words what ``q`` quotes, or None.

    First, unquoted, a phrase that another article quotes (not ``q``'s own
    article, whose other quotes are other statements) and ``q``'s sentence
    lacks. Else a phrase of the same length, outside quotes, that shares a
    content word at the same position, differs in content words only, and has
    the same word before it (determiners alike) and the same word or mark after.
    """
    quoted = [(o.start, o.end) for o in other.quotes]
    norms, own = other.norms, fq.norms
    found: list[tuple[int, int, int]] = []
    for i, first in enumerate(norms):
        for phrase, quoting in known_quotes.get(first, ()):
            words = phrase.split()
            if phrase == q.value or q_sentence.article in quoting or norms[i : i + len(words)] != words:
                continue
            span = (other.words[i].start, other.words[i + len(words) - 1].end)
            if not _contains_words(own, words) and not any(s <= span[0] < e for s, e in quoted):
                found.append((-len(words), span[0], span[1]))
    if found:
        _, start, end = min(found)  # the longest phrase, then the first
        return start, end
    q_words = parse_words(q.text)
    n = len(q_words)
    if n < 2:
        return None
    before, after = _context_before(q_sentence.text, q.start), _context_after(q_sentence.text, q.end)
    best: tuple[float, tuple[int, int]] | None = None
    # Slide a window of the quote's length over the other sentence.
    for i in range(len(other.words) - n + 1):
        window = other.words[i : i + n]
        same = [x.stem == y.stem for x, y in zip(q_words, window)]
        if not any(same) or all(same):
            continue
        if any(not s and not (x.informative and y.informative) for s, x, y in zip(same, q_words, window)):
            continue
        span = (window[0].start, window[-1].end)
        if any(s < span[1] and span[0] < e for s, e in quoted):
            continue
        if _context_before(other_text, span[0]) != before or _context_after(other_text, span[1]) != after:
            continue
        score = fuzz.ratio(q.value, " ".join(w.norm for w in window))
        if best is None or score > best[0]:
            best = (score, span)
    return best[1] if best else None
