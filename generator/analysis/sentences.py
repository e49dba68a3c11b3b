"""Stage 1, split: an article's cleaned text -> its sentences, with exact offsets."""
from __future__ import annotations

import functools
import re

import pysbd  # type: ignore[import-untyped]
import pysbd.exclamation_words  # type: ignore[import-untyped]
import pysbd.lang.english  # type: ignore[import-untyped]
from dataclasses import dataclass


# ---------------------------------------------------------------------------
# Sentences
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    """One sentence of one article, located in that article's cleaned text."""

    article: str
    """Id of the article the sentence belongs to."""
    index: int
    """Position among that article's sentences, from 0."""
    text: str
    """The sentence, without surrounding whitespace or a leading list bullet."""
    start: int
    """Offset of the first character in the article's cleaned text."""
    end: int
    """Offset just past the last character: ``text == article_text[start:end]``."""


_BULLET_RE = re.compile(r"[-–—•*]\s+")


@functools.cache
def _segmenter() -> pysbd.Segmenter:
    # clean=False keeps pysbd's output a verbatim substring of its input, which
    # is what makes the offsets below exact.
    return pysbd.Segmenter(language="en", clean=False)


_LINE_RE = re.compile(r"[^\n]+")
_TERMINAL_RE = re.compile(r"[.!?…]")
# What may follow a plain sentence end: a closing quote, space, an opening
# quote, a capitalised word. Not a quote closing *and* one opening: pysbd
# keeps '"Yes." "No," she said.' together.
_PLAIN_NEXT_RE = re.compile(r"(?P<close>[\"”]?)\s+(?P<open>[\"“]?)[A-Z][a-z]")
_PLAIN_WORD_RE = re.compile(r"[\"“]?(?P<word>[A-Za-z][a-z]+|\d[\d,]*%?)")
_PARAGRAPH_END_RE = re.compile(r"[.!?]?[\"”’)\]]*\s*\Z")
_PYSBD_ABBREVIATIONS = frozenset(a.lower() for a in pysbd.lang.english.English.Abbreviation.ABBREVIATIONS)
_PYSBD_EXCLAMATIONS = frozenset(pysbd.exclamation_words.ExclamationWords.EXCLAMATION_WORDS)


def _split_plain(paragraph: str) -> list[int] | None:
    """Where pysbd would end the paragraph's sentences (offsets just past each
    end but the last), when every possible end is a plain one; else None.

    pysbd costs a millisecond or two a paragraph; most paragraphs of news end
    their sentences plainly, so pysbd is left the others. A plain end is ".",
    "?" or "!" after a word of two or more letters that is no abbreviation
    pysbd knows ("in May.", "Co." are not plain) or after a number, outside
    quotes and brackets, followed by space and a capitalised word, with at most
    one quotation mark between. Any other "." (but in "5.5" or "GFBL.LX"), any
    "…" or unbalanced quote or bracket leaves the paragraph to pysbd.
    Checked to agree with pysbd on every paragraph of the seeds, the fixtures
    and 50,000 synthetic ones."""
    if paragraph.count('"') % 2 or paragraph.count("“") != paragraph.count("”") \
            or paragraph.count("(") != paragraph.count(")") or paragraph.count("[") != paragraph.count("]"):
        return None
    ends = []
    tail = _PARAGRAPH_END_RE.search(paragraph)
    for m in _TERMINAL_RE.finditer(paragraph, 0, tail.start() if tail else len(paragraph)):
        i = m.start()
        mark = m.group()
        if mark == "." and 0 < i < len(paragraph) - 1:
            left, right = paragraph[i - 1], paragraph[i + 1]
            if (left.isdigit() and right.isdigit()) or (left.isupper() and right.isupper()):
                continue
        following = _PLAIN_NEXT_RE.match(paragraph, i + 1)
        if mark == "…" or not following or (following.group("close") and following.group("open")):
            return None
        token = paragraph[paragraph.rfind(" ", 0, i) + 1 : i]
        plain = _PLAIN_WORD_RE.fullmatch(token)
        if not plain or plain.group("word").lower() in _PYSBD_ABBREVIATIONS or token + mark in _PYSBD_EXCLAMATIONS:
            return None
        # Outside quotes and brackets (counting a quote this end closes).
        before = paragraph[:i] + following.group("close")
        if before.count('"') % 2 or before.count("“") != before.count("”") \
                or before.count("(") != before.count(")") or before.count("[") != before.count("]"):
            return None
        ends.append(following.start("close") + len(following.group("close")))
    return ends


def split_sentences(article: str, text: str) -> list[Sentence]:
    """Split one article's cleaned text into sentences.

    ``text`` has one paragraph per line (blank lines between paragraphs are
    ignored); no sentence spans two paragraphs. pysbd keeps abbreviations
    ("U.S.", "Co.", "Jan.", "Dr."), initials ("John L. Thornton") and quoted
    speech ('"…," he said') inside one sentence. A leading list bullet
    ("- ") is not part of the sentence. For every result
    ``text[s.start:s.end] == s.text`` and ``s.text == s.text.strip()``.
    """
    sentences: list[Sentence] = []
    for line in _LINE_RE.finditer(text):
        paragraph = line.group()
        cursor = 0
        ends = _split_plain(paragraph)
        if ends is None:
            pieces = _segmenter().segment(paragraph)
        else:
            pieces = [paragraph[a:b] for a, b in zip([0, *ends], [*ends, len(paragraph)])]
        for piece in pieces:
            stripped = piece.strip()
            if not stripped:
                continue
            at = paragraph.find(stripped, cursor)
            if at < 0:
                # pysbd changed the text after all: keep the rest of the
                # paragraph as one sentence rather than lose it.
                rest = paragraph[cursor:]
                at = cursor + len(rest) - len(rest.lstrip())
                stripped = rest.strip()
            cursor = at + len(stripped)
            # A list marker belongs to the layout, not to the sentence.
            bullet = _BULLET_RE.match(stripped)
            if bullet and bullet.end() < len(stripped):
                at += bullet.end()
                stripped = stripped[bullet.end():]
            if stripped:
                start = line.start() + at
                sentences.append(Sentence(article, len(sentences), stripped, start, start + len(stripped)))
            if cursor >= len(paragraph):
                break
    return sentences
