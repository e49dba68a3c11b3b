"""Cross-source analysis: what several articles about one story share, where they
differ, and which of them copy which.

Four stages, each plain data in and plain data out:

1. ``split_sentences``: pysbd per paragraph, with offsets into the article text.
2. ``align``: sentences of different articles that report the same thing. An
   inverted index of informative tokens proposes a bounded number of candidate
   pairs per sentence; only those are scored with rapidfuzz.
3. ``find_candidates``: inside aligned pairs, differences of numbers, dates,
   chemical elements, named entities, quoted words and modality, for an editor
   to accept or reject.
4. ``detect_derivations`` / ``independent_origins``: attribution lines,
   datelines and the share of aligned sentences tell copies from originals.

Nothing here knows the story: every rule is about English news prose.
"""
from __future__ import annotations

import bisect
import functools
import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pysbd  # type: ignore[import-untyped]
from rapidfuzz import fuzz

__all__ = [
    "ALIGN_THRESHOLD",
    "AlignStats",
    "Alignment",
    "Candidate",
    "Derivation",
    "Difference",
    "Sentence",
    "align",
    "detect_derivations",
    "find_candidates",
    "independent_origins",
    "split_sentences",
]


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
    for line in re.finditer(r"[^\n]+", text):
        paragraph = line.group()
        cursor = 0
        for piece in _segmenter().segment(paragraph):
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

SPELLED_NUMBERS: Mapping[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}
"""Number words read as numbers (``six`` months = ``6`` months)."""

_WORD_RE = re.compile(r"(?:[A-Za-z]\.){2,}|\d+(?:[.,]\d+)*%?|[^\W\d_]+(?:['’][^\W\d_]+)*")
_IZE_RE = re.compile(r"i[sz](?:e|es|ed|ing|ation|ations)$")


@dataclass(frozen=True)
class _Word:
    """A word of a sentence with its normal forms (internal)."""

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


def parse_stem(word: str) -> str:
    """A crude English stem: enough to match "licenses"/"license", "linked"/"link",
    "specialized"/"special". Not a linguistic analysis; it only needs to map the
    same word in different inflections to the same string."""
    if word in SPELLED_NUMBERS:
        return str(SPELLED_NUMBERS[word])
    if len(word) <= 3 or not word.isalpha():
        return word
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
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]
            break
    if word.endswith("ion") and len(word) > 5 and word[-4] in "ts":
        word = word[:-3]
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    # British and American spellings: licence/license, defence/defense.
    return word[:-3] + "ens" if word.endswith("enc") else word


def parse_words(text: str) -> list[_Word]:
    """Words of ``text`` in order, hyphenated compounds split into their parts."""
    words: list[_Word] = []
    for m in _WORD_RE.finditer(text):
        raw = m.group()
        norm = raw.lower().replace("’", "'")
        if "." in norm and norm[0].isalpha():
            norm = norm.replace(".", "")
        if norm.endswith("'s"):
            norm = norm[:-2]
        stem = norm.replace(",", "") if norm[0].isdigit() else parse_stem(norm)
        words.append(_Word(raw, m.start(), m.end(), norm, stem))
    return words


def _is_informative(word: _Word) -> bool:
    # Contractions ("we're", "don't") are function words too.
    return word.norm not in STOPWORDS and "'" not in word.norm and (len(word.norm) >= 3 or word.norm[0].isdigit())


def parse_tokens(text: str) -> frozenset[str]:
    """The informative tokens of a sentence: stems of content words and numbers."""
    return frozenset(w.stem for w in parse_words(text) if _is_informative(w))


def _normalize_for_fuzz(text: str) -> str:
    return " ".join(w.norm for w in parse_words(text))


# ---------------------------------------------------------------------------
# Alignment
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Alignment:
    """Two sentences of different articles that report the same thing."""

    a: Sentence
    """The sentence of the article whose id sorts first."""
    b: Sentence
    """The sentence of the other article (``a.article < b.article``)."""
    score: float
    """Similarity 0..100 (see ``align``)."""


@dataclass
class AlignStats:
    """Work counters filled in by ``align`` (mutable on purpose: the caller passes
    one in and reads it afterwards)."""

    sentences: int = 0
    """Sentences indexed."""
    skipped_tokens: int = 0
    """Distinct tokens left out of blocking for being too common."""
    candidate_pairs: int = 0
    """Distinct sentence pairs proposed by the index."""
    comparisons: int = 0
    """rapidfuzz calls made (one per distinct candidate pair)."""


ALIGN_THRESHOLD = 52.0
"""Default minimum ``Alignment.score``."""

MAX_DF_SHARE = 0.25
"""A token in more than this share of all sentences (and in more sentences than
there are articles) is too common to propose pairs."""

POSTING_WINDOW = 48
"""At most this many postings of one token are read per sentence: the nearest
ones in (article id, index) order. Keeps blocking linear when one fact is
repeated by hundreds of articles."""

MAX_CANDIDATES = 12
"""At most this many candidate partners are scored per sentence."""

MIN_SHARED_TOKENS = 2
"""Candidate pairs share at least this many informative tokens."""

MERGE_GAIN = 0.08
"""Share of a sentence's idf weight that a neighbour must add to join a merge."""


def align(
    sentences: Mapping[str, Sequence[Sentence]],
    *,
    threshold: float = ALIGN_THRESHOLD,
    stats: AlignStats | None = None,
) -> list[Alignment]:
    """Align sentences across articles.

    ``sentences`` maps article id -> that article's sentences. Blocking: every
    sentence proposes the sentences of *other* articles that share at least
    ``MIN_SHARED_TOKENS`` informative tokens with it, reading at most
    ``POSTING_WINDOW`` postings per token and keeping the ``MAX_CANDIDATES``
    with the most idf weight in common. Each distinct proposed pair is scored
    once: half rapidfuzz ``token_set_ratio`` of the normalised texts, half the
    idf-weighted share of informative tokens they have in common (scaled 1.5x,
    capped at 100), so both wording and rare content words count.

    For every sentence and every other article the best-scoring partner at or
    above ``threshold`` is kept; the result is the union of those choices,
    sorted by (a.article, a.index, b.article, b.index). The number of rapidfuzz
    calls is at most ``MAX_CANDIDATES`` per sentence; ``stats`` receives the
    counts.
    """
    stats = stats if stats is not None else AlignStats()
    items = sorted((s for group in sentences.values() for s in group), key=lambda s: (s.article, s.index))
    tokens = [parse_tokens(s.text) for s in items]
    stats.sentences = len(items)
    if not items:
        return []

    # Document frequency decides both which tokens may propose pairs and
    # how much a shared token weighs.
    df: Counter[str] = Counter(t for ts in tokens for t in ts)
    n_articles = len({s.article for s in items})
    too_common = max(n_articles, MAX_DF_SHARE * len(items))
    idf = {t: math.log(1 + len(items) / n) for t, n in df.items()}
    postings: dict[str, list[int]] = defaultdict(list)
    for i, ts in enumerate(tokens):
        for t in ts:
            if df[t] <= too_common:
                postings[t].append(i)
    stats.skipped_tokens = sum(1 for n in df.values() if n > too_common)

    scores: dict[tuple[int, int], float] = {}
    normalized: dict[int, str] = {}
    for i in range(len(items)):
        for j in _block_candidates(i, items, tokens, postings, idf):
            pair = (i, j) if i < j else (j, i)
            if pair in scores:
                continue
            for k in pair:
                if k not in normalized:
                    normalized[k] = _normalize_for_fuzz(items[k].text)
            stats.comparisons += 1
            scores[pair] = _score_pair(normalized[pair[0]], normalized[pair[1]], tokens[pair[0]], tokens[pair[1]], idf)
    stats.candidate_pairs = len(scores)
    best = _select_best(items, scores, threshold)
    top = _select_best(items, scores, 0.0)
    merged = _merge_neighbours(items, tokens, idf, frozenset(postings), best, top, normalized, stats)
    chosen = {(min(x, y), max(x, y)): score for (x, _), (score, y) in best.items()}
    for pair, score in merged.items():
        chosen.setdefault(pair, score)
    return [Alignment(items[i], items[j], chosen[(i, j)]) for i, j in sorted(chosen)]


def _block_candidates(
    i: int,
    items: Sequence[Sentence],
    tokens: Sequence[frozenset[str]],
    postings: Mapping[str, list[int]],
    idf: Mapping[str, float],
) -> list[int]:
    """Indexes of the sentences of other articles worth scoring against ``items[i]``."""
    weight: dict[int, float] = defaultdict(float)
    shared: Counter[int] = Counter()
    article = items[i].article
    for t in tokens[i]:
        plist = postings.get(t)
        if not plist:
            continue
        if len(plist) > POSTING_WINDOW:
            # The nearest postings around i, in (article, index) order.
            at = bisect.bisect_left(plist, i)
            lo = max(0, min(at - POSTING_WINDOW // 2, len(plist) - POSTING_WINDOW))
            plist = plist[lo : lo + POSTING_WINDOW]
        for j in plist:
            if items[j].article != article:
                weight[j] += idf[t]
                shared[j] += 1
    ranked = sorted((j for j in weight if shared[j] >= MIN_SHARED_TOKENS), key=lambda j: (-weight[j], j))
    return ranked[:MAX_CANDIDATES]


def _score_pair(a_norm: str, b_norm: str, a_tokens: frozenset[str], b_tokens: frozenset[str], idf: Mapping[str, float]) -> float:
    """Similarity 0..100 of two sentences (see ``align``)."""
    total = sum(idf[t] for t in a_tokens) + sum(idf[t] for t in b_tokens)
    overlap = 200.0 * sum(idf[t] for t in a_tokens & b_tokens) / total if total else 0.0
    return round(0.5 * fuzz.token_set_ratio(a_norm, b_norm) + 0.5 * min(100.0, 1.5 * overlap), 1)


def _select_best(
    items: Sequence[Sentence], scores: Mapping[tuple[int, int], float], threshold: float
) -> dict[tuple[int, str], tuple[float, int]]:
    """(sentence, other article) -> (score, partner): the best partner at or above ``threshold``."""
    best: dict[tuple[int, str], tuple[float, int]] = {}
    for (i, j), score in scores.items():
        if score < threshold:
            continue
        for x, y in ((i, j), (j, i)):
            key = (x, items[y].article)
            # Ties go to the earlier sentence, so the choice is deterministic.
            if key not in best or (score, -y) > (best[key][0], -best[key][1]):
                best[key] = (score, y)
    return best


def _merge_neighbours(
    items: Sequence[Sentence],
    tokens: Sequence[frozenset[str]],
    idf: Mapping[str, float],
    blocking: frozenset[str],
    best: Mapping[tuple[int, str], tuple[float, int]],
    top: Mapping[tuple[int, str], tuple[float, int]],
    normalized: dict[int, str],
    stats: AlignStats,
) -> dict[tuple[int, int], float]:
    """Pairs where one sentence merges two consecutive sentences of the other
    article (a summary line, a translator joining two sentences).

    For each best pair (x, y), a neighbour z of y (same article, index +-1) is
    aligned with x too when z explains a part of x that y does not: at least
    ``MIN_SHARED_TOKENS`` blocking tokens of x are in z and not in y, carrying at
    least ``MERGE_GAIN`` of x's idf weight, and no sentence of x's article is
    more similar to z than x (``top``: best partners at any score). Such a
    pair keeps its own score, which may be below the threshold. At most one
    rapidfuzz call per examined neighbour.
    """
    merged: dict[tuple[int, int], float] = {}
    for (x, _), (_, y) in sorted(best.items()):
        weight = sum(idf[t] for t in tokens[x])
        for z in (y - 1, y + 1):
            if not 0 <= z < len(items) or items[z].article != items[y].article:
                continue
            gained = (tokens[x] & tokens[z] & blocking) - tokens[y]
            if len(gained) < MIN_SHARED_TOKENS or sum(idf[t] for t in gained) < MERGE_GAIN * weight:
                continue
            pair = (min(x, z), max(x, z))
            if pair in merged:
                continue
            for k in pair:
                if k not in normalized:
                    normalized[k] = _normalize_for_fuzz(items[k].text)
            stats.comparisons += 1
            score = _score_pair(normalized[pair[0]], normalized[pair[1]], tokens[pair[0]], tokens[pair[1]], idf)
            rival = top.get((z, items[x].article))
            if rival is None or score >= rival[0]:
                merged[pair] = score
    return merged


# ---------------------------------------------------------------------------
# Features of one sentence: numbers, dates, quotes, names
# ---------------------------------------------------------------------------


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


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_MONTH_ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
                        "oct": 10, "nov": 11, "dec": 12}
_MONTH_NUMBERS = {**{m: i + 1 for i, m in enumerate(_MONTHS)}, **_MONTH_ABBREVIATIONS}
# Month names are matched capitalised only: "may", "march" are common words.
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
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
    ("y", re.compile(r"\b(?P<year>(?:19|20)\d\d)\b")),
)

_DATELINE_RE = re.compile(
    rf"^(?P<place>[A-Z][A-Z.'’ /-]*[A-Z.]),?\s+(?:(?P<date>{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH})"
    r"(?:,?\s+(?:19|20)\d\d)?\s*)?\((?P<origin>[^()]{2,60})\)\s*[-–—]+\s*"
)


def parse_dates(text: str) -> list[_Mention]:
    """Date expressions of a sentence, longest first where they overlap.

    Values: "md" "06-15" (month-day), "d" "15" (day alone, "the 7th"), "m" "06",
    "wd" "wednesday", "rel" "last week", "y" "2010". A date inside the
    sentence's dateline ("BEIJING, June 15 (Reuters) -") has unit "dateline".
    """
    dateline = _DATELINE_RE.match(text)
    dateline_end = dateline.end() if dateline else 0
    found: list[_Mention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span()
            if any(start < e and s < end for s, e in taken):
                continue
            value = _parse_date_value(kind, m)
            if value is None:
                continue
            taken.append((start, end))
            role = "dateline" if end <= dateline_end else ""
            found.append(_Mention(kind, value, start, end, m.group(), role))
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


_NUMBER_RE = re.compile(
    r"(?<![\w.,/-])(?P<cur>[$€£¥])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<pct>\s?%|\s?percent\b|\s?per cent\b)?(?:\s?(?P<mult>million|billion|trillion|thousand|bn)\b)?"
    r"(?![\w]|[.,]\d|\.[A-Za-z])"
)
_SPELLED_RE = re.compile(r"\b(?P<word>" + "|".join(SPELLED_NUMBERS) + r")\b(?:-|\s)", re.I)
_MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}


def parse_numbers(text: str, dates: Sequence[_Mention]) -> list[_Mention]:
    """Numbers and percentages of a sentence, outside date expressions.

    Kind "pct" (55%, 55 percent), "cur" ($5 million) or "num"; value is the
    number in canonical form ("1200", "5000000"); unit is the stem of the word
    that follows ("month" in "six-month", "day" in "90 days"), "" if none.
    Spelled numbers ("six", "two") count only with such a unit.
    """
    found: list[_Mention] = []
    words = parse_words(text)

    def unit_after(end: int) -> str:
        following = [w for w in words if w.start >= end]
        if following and following[0].norm not in STOPWORDS and following[0].norm.isalpha():
            return following[0].stem
        return ""

    def inside_date(start: int, end: int) -> bool:
        return any(d.start <= start and end <= d.end for d in dates)

    for m in _NUMBER_RE.finditer(text):
        if inside_date(m.start(), m.end()):
            continue
        value = float(m.group("num").replace(",", "")) * _MULTIPLIERS.get((m.group("mult") or "").lower(), 1)
        kind = "pct" if m.group("pct") else "cur" if m.group("cur") else "num"
        found.append(_Mention(kind, f"{value:g}", m.start(), m.end(), m.group(), unit_after(m.end())))
    for m in _SPELLED_RE.finditer(text):
        unit = unit_after(m.end("word"))
        if unit and not inside_date(m.start(), m.end("word")):
            value = SPELLED_NUMBERS[m.group("word").lower()]
            found.append(_Mention("num", f"{value:g}", m.start(), m.end("word"), m.group("word"), unit))
    return sorted(found, key=lambda n: n.start)


_OPENING_QUOTES = "“„«"
_CLOSING_QUOTES = "”»"


def parse_quotes(text: str) -> list[_Mention]:
    """Quoted passages of a sentence, straight ("…") or curly (“…”), without the
    marks and without punctuation at their ends. A quote left open runs to the
    end of the sentence; a closing mark with no opening one closes a quote that
    began in an earlier sentence. Value: the lower-case words of the quote."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for i, ch in enumerate(text):
        if opened is None and (ch in _OPENING_QUOTES or ch == '"'):
            opened = i + 1
        elif opened is not None and (ch in _CLOSING_QUOTES or ch == '"'):
            spans.append((opened, i))
            opened = None
        elif opened is None and ch in _CLOSING_QUOTES and not spans:
            spans.append((0, i))
    if opened is not None:
        spans.append((opened, len(text)))
    quotes: list[_Mention] = []
    for start, end in spans:
        inner = text[start:end]
        lead = len(inner) - len(inner.lstrip(" ,.;:!?…"))
        inner = inner.strip(" ,.;:!?…")
        if inner:
            value = " ".join(w.norm for w in parse_words(inner))
            quotes.append(_Mention("quote", value, start + lead, start + lead + len(inner), inner))
    return quotes


def _parse_names(text: str, pattern: re.Pattern[str] | None, names: Mapping[str, str]) -> list[_Mention]:
    """Occurrences of the keys of ``names`` (kind and value: the mapped id)."""
    if pattern is None:
        return []
    found = []
    for m in pattern.finditer(text):
        key = re.sub(r"[\s\-‐–]+", " ", m.group().lower())
        target = names.get(key)
        if target is not None:
            found.append(_Mention(target, target, m.start(), m.end(), m.group()))
    return found


def _compile_names(names: Mapping[str, str]) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """A case-insensitive whole-word pattern for the keys of ``names`` (spaces and
    hyphens interchangeable, longest first), and the keys so normalised."""
    table = {re.sub(r"[\s\-‐–]+", " ", k.lower().strip()): v for k, v in names.items() if k.strip()}
    if not table:
        return None, table
    alternatives = [r"[\s\-‐–]+".join(re.escape(part) for part in key.split(" "))
                    for key in sorted(table, key=lambda k: (-len(k), k))]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.I), table
