"""Stage 2, tokenise: each sentence's words, normal forms, stems and informative tokens, made once per article."""
from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ..parallel import fork_map
from .sentences import Sentence


# ---------------------------------------------------------------------------
# Words and tokens
# ---------------------------------------------------------------------------

# Function words and reporting verbs: they say nothing about *what* is reported.
STOPWORDS = frozenset("""
a about above across after again against all almost also although am among an and another any are around as at
be because been before being below between both but by can cannot could did do does doing done down during each
either even ever every few for from further had has have having he her here hers him his how however i if in into is
it its itself just least less let like made make many may me might more most much must my neither no nor not now of
off on once one only onto or other others otherwise our ours out over own per rather same she should since so some
such than that the their theirs them then there these they this those though through thus to too toward towards
under until up upon us very via was we were what whatever when where whether which while who whom whose why will
with within without would yet you your
said say says saying told tell tells stated state states according reported reports added adding noted mentioned
also meanwhile however instead
""".split())

_CALENDAR_WORDS = frozenset("""
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
""".split())

SPELLED_NUMBERS: Mapping[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}
"""Number words read as numbers (``six`` months = ``6`` months)."""

_WORD_RE = re.compile(r"(?:[A-Za-z]\.){2,}|\d+(?:[.,]\d+)*%?|[^\W\d_]+(?:['’][^\W\d_]+)*")
_IZE_RE = re.compile(r"i[sz](?:e|es|ed|ing|ation|ations)$")


class _Word(NamedTuple):
    """A word of a sentence with its normal forms (internal; a named tuple
    because sentences have many words and a tuple is made several times faster)."""

    text: str
    """As written."""
    start: int
    """Offset in the sentence text."""
    end: int
    """Offset just past the word."""
    norm: str
    """Lower case, possessive and acronym dots removed ("China's" -> "china", "U.S." -> "us")."""
    stem: str
    """Crude stem of ``norm``; numbers (digits or words) as digits."""
    informative: bool
    """Whether the word says *what* is reported (see ``parse_word``)."""


def parse_stem(word: str) -> str:
    """A crude English stem: enough to match "licenses"/"license", "linked"/"link",
    "specialized"/"special". Not a linguistic analysis; it only needs to map the
    same word in different inflections to the same string."""
    if word in SPELLED_NUMBERS:
        return str(SPELLED_NUMBERS[word])
    if len(word) <= 3 or not word.isalpha():
        return word
    # -ize/-ise first, so "specialized" and "specialised" both reach "special".
    word = _IZE_RE.sub("", word) if len(word) > 7 else word
    if word.endswith(("ies", "ied")) and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ingly", "edly", "ing", "ed", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            # "stopped" -> "stop", but "called" stays "call".
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]
            break
    # "restriction" -> "restrict", "negotiation" -> "negotiat" (as "negotiate").
    if word.endswith("ion") and len(word) > 5 and word[-4] in "ts":
        word = word[:-3]
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    # British and American spellings: licence/license, defence/defense.
    return word[:-3] + "ens" if word.endswith("enc") else word


@functools.lru_cache(maxsize=1 << 16)
def parse_word(raw: str) -> tuple[str, str, bool]:
    """(norm, stem, informative) of one word as ``_WORD_RE`` matched it.

    Depends on the word alone, and a briefing repeats a few thousand words
    endlessly: cached, so each distinct word is stemmed once."""
    norm = raw.lower().replace("’", "'")
    # Only acronyms keep dots through _WORD_RE: "U.S." -> "us".
    if "." in norm and norm[0].isalpha():
        norm = norm.replace(".", "")
    if norm.endswith("'s"):
        norm = norm[:-2]
    stem = norm.replace(",", "") if norm[0].isdigit() else parse_stem(norm)
    # Contractions ("we're", "don't") are function words too.
    informative = norm not in STOPWORDS and "'" not in norm and (len(norm) >= 3 or norm[0].isdigit())
    return norm, stem, informative


def parse_words(text: str) -> list[_Word]:
    """Words of ``text`` in order, hyphenated compounds split into their parts."""
    return [_Word(m.group(), m.start(), m.end(), *parse_word(m.group())) for m in _WORD_RE.finditer(text)]


def parse_norms(text: str) -> list[str]:
    """``[w.norm for w in parse_words(text)]``, without building the words."""
    return [parse_word(raw)[0] for raw in _WORD_RE.findall(text)]


def parse_tokens(text: str) -> frozenset[str]:
    """The informative tokens of a sentence: stems of content words and numbers."""
    return frozenset(stem for _, stem, informative in map(parse_word, _WORD_RE.findall(text)) if informative)


@dataclass(frozen=True)
class Prepared:
    """What the analysis reads of one article's sentences on their own,
    whatever else the briefing holds: made once per article (``prepare``), on
    two cores, and kept by the build cache with the sentences."""

    sentences: tuple[Sentence, ...]
    tokens: tuple[frozenset[str], ...]
    """``parse_tokens`` of each sentence."""
    norms: tuple[str, ...]
    """Each sentence's normalised words, space-joined (what rapidfuzz compares)."""
    names: tuple[Counter[str], Counter[str]]
    """``_article_names`` of the article."""


def prepare(sentences: Sequence[Sentence]) -> Prepared:
    """``Prepared`` for one article's sentences."""
    texts = [s.text for s in sentences]
    return Prepared(tuple(sentences), tuple(map(parse_tokens, texts)),
                    tuple(" ".join(parse_norms(t)) for t in texts), _article_names(sentences))


def prepare_all(sentences: Mapping[str, Sequence[Sentence]]) -> dict[str, Prepared]:
    """``prepare`` for every article (article id -> its sentences), on two cores."""
    return dict(zip(sentences, fork_map(prepare, list(sentences.values()))))


def _article_names(group: Sequence[Sentence]) -> tuple[Counter[str], Counter[str]]:
    """Stems of the capitalised informative words of an article, months and
    weekdays left out: (inside a sentence, opening a sentence). Only the first
    are surely names; an opening word is one if it is a name elsewhere."""
    inside: Counter[str] = Counter()
    opening: Counter[str] = Counter()
    for s in group:
        words = _WORD_RE.findall(s.text)
        if words:
            first = _name_stem(words[0])
            if first is not None:
                opening[first] += 1
            inside.update(stem for stem in map(_name_stem, words[1:]) if stem is not None)
    return inside, opening


@functools.lru_cache(maxsize=1 << 16)
def _name_stem(raw: str) -> str | None:
    """The stem of a word that may be a name (capitalised, informative, no
    month or weekday), else ``None``. Cached like ``parse_word``."""
    if not raw[0].isupper():
        return None
    norm, stem, informative = parse_word(raw)
    return stem if informative and norm not in _CALENDAR_WORDS else None


_DIGIT_RE = re.compile(r"\d")
_WORD_RUN_RE = re.compile(r"\w+")


def parse_runs(text: str) -> frozenset[str]:
    """The lower-case runs of word characters (``\\w+``) in ``text``: a whole
    word a pattern needs is among them, or the pattern cannot match."""
    return frozenset(_WORD_RUN_RE.findall(text.lower()))
