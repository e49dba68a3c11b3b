"""Cross-source analysis: what several articles about one story share, where they
differ, and which of them copy which.

Four stages, each plain data in and plain data out:

1. ``split_sentences``: pysbd per paragraph (or, where every sentence end is
   plain, the same split found without it), with offsets into the article text.
2. ``align``: sentences of different articles that report the same thing.
   Articles are first paired with the articles that tell the same story
   (``story_neighbours``: who and where they name); within those, an inverted
   index of informative tokens proposes a bounded number of candidate pairs
   per sentence, and only those are scored with rapidfuzz.
3. ``find_candidates``: inside aligned pairs, differences of numbers, dates,
   chemical elements, named entities, quoted words and modality, for an editor
   to accept or reject.
4. ``detect_derivations`` / ``independent_origins``: attribution lines,
   datelines and the share of aligned sentences tell copies from originals.

Nothing here knows the story: every rule is about English news prose.
"""
from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence, Set as AbstractSet
from dataclasses import dataclass
from typing import NamedTuple

import pysbd  # type: ignore[import-untyped]
import pysbd.exclamation_words  # type: ignore[import-untyped]
import pysbd.lang.english  # type: ignore[import-untyped]
from rapidfuzz import fuzz, process

from .parallel import fork_map

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
    "parse_attribution",
    "parse_dateline",
    "split_sentences",
    "story_neighbours",
]


@contextlib.contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Pause Python's cycle collector for the duration. The analysis makes
    hundreds of thousands of small objects and no reference cycles; every full
    collection would walk all of them again (a sixth of the run time at 1,000
    articles). Reference counting still frees everything. The whole build runs
    under it too (``build.generate``): at 10,000 articles, with the cache's
    objects alive, collections tripled the time to read the notes."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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


ALIGN_THRESHOLD = 55.0
"""Default minimum ``Alignment.score`` of a one-sided best match."""

MUTUAL_BONUS = 10.0
"""A mutual best match (each sentence the other's best in its article) needs
this much less than the threshold."""

MAX_DF_SHARE = 0.25
"""A token in more than this share of all sentences (and in more sentences than
there are articles) is too common to propose pairs."""

MAX_CANDIDATES = 10
"""At most this many candidate partners are proposed per sentence."""

NUMPY_PAIRS = 500
"""From this many pairs of articles on, sentence blocking uses numpy: below,
importing it (about 50 ms) costs more than it saves."""

BATCH_SCORES = 20_000
"""From this many sentence pairs on, rapidfuzz scores them in one batch
(which imports numpy, for the same reason)."""

WEIGHT_DIGITS = 9
"""Shared idf weights are rounded to this many decimals before they are ranked,
so that summing them in another order (numpy, Python) cannot reorder ties."""

MIN_SHARED_TOKENS = 2
"""Candidate pairs share at least this many informative tokens."""

MERGE_GAIN = 0.08
"""Share of a sentence's idf weight that a neighbour must add to join a merge."""


STORY_SIMILARITY = 0.3
"""Two articles tell the same story when the cosine similarity of the names
they use (tf-idf weighted) is at least this. The five seed articles, all one
story, are all paired with each other. On the benchmark's synthetic archive
(1,000 articles, 130 stories sharing 12 invented countries) 94% of same-story
pairs are made, 79% of the pairs made are of one story, and 97% of the
discrepancy candidates found compare two articles of one story."""

STORY_NEIGHBOURS = 30
"""An article is compared with at most this many articles of its story, the
most similar first: a story told by thousands of articles stays linear."""

STORY_DF_SHARE = 0.1
STORY_DF_MIN = 30
STORY_DF_MAX = 200
"""A name used by more than ``STORY_DF_SHARE`` of the articles (but always
allowed in ``STORY_DF_MIN``, never in more than ``STORY_DF_MAX``) says nothing
about which story an article tells, like a country every story involves: it
is left out. The cap keeps pairing linear in the number of articles; the share
matters from 300 articles on (at 1,000 synthetic articles, a cap of 200 instead
of 100 let country names pair stories: half the pairs were of two stories)."""


def story_df_cap(articles: int) -> int:
    """How many articles may use a name that tells stories apart (see ``STORY_DF_SHARE``)."""
    return max(STORY_DF_MIN, min(STORY_DF_MAX, int(STORY_DF_SHARE * articles)))


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


def story_neighbours(
    sentences: Mapping[str, Sequence[Sentence]], links: Iterable[tuple[str, str]] = (),
    prepared: Mapping[str, Prepared] | None = None,
) -> dict[str, frozenset[str]]:
    """Article id -> the other articles that tell the same story.

    An archive holds many stories told in the same phrases ("customs data
    showed", "fell 6% on Wednesday"); sentences of two stories then align on
    wording alone, and every figure or date they differ in would look like a
    contradiction. What tells stories apart is who and where: each article's
    proper names (``_article_names``) weighted by ``1 + log(count)`` times
    ``log(1 + articles / articles using the name)``, compared by cosine. A pair
    at or above ``STORY_SIMILARITY`` is the same story; each article keeps its
    ``STORY_NEIGHBOURS`` most similar, and the relation is made symmetric.
    ``links`` (article pairs an editor recorded, such as ``derived_from``) are
    the same story whatever their names.

    Names used by more than ``story_df_cap`` articles are left out; an article
    that this leaves alone is paired again counting every name used by at most
    ``STORY_DF_MAX`` articles. The dot products are summed through an index of
    names, so the cost grows with the number of articles, not with its square.
    An article naming nobody cannot be placed: in a briefing of at most
    ``STORY_NEIGHBOURS + 1`` articles it is paired with every article, in a
    larger one only through ``links``. ``prepared`` (``prepare_all``) saves
    reading the names again."""
    ids = sorted(sentences)
    if prepared is None:
        found_names = dict(zip(ids, fork_map(lambda aid: _article_names(sentences[aid]), ids)))
    else:
        found_names = {aid: prepared[aid].names for aid in ids}
    # A headline or a bullet often opens with the name that matters most.
    known = {t for inside, _ in found_names.values() for t in inside}
    counts = {aid: inside + Counter({t: c for t, c in opening.items() if t in known})
              for aid, (inside, opening) in found_names.items()}
    df: Counter[str] = Counter(t for c in counts.values() for t in c)
    n = len(ids)
    idf = {t: math.log(1 + n / k) for t, k in df.items()}
    chosen: dict[str, set[str]] = {aid: set() for aid in ids}

    def pair(cap: int, members: Sequence[str]) -> list[str]:
        """Pair ``members`` with their most similar articles, counting only
        names used by at most ``cap`` articles; return the members that
        name none of those."""
        vectors: dict[str, dict[str, float]] = {}
        postings: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for aid in ids:
            weights = {t: (1 + math.log(c)) * idf[t] for t, c in sorted(counts[aid].items()) if df[t] <= cap}
            norm = math.sqrt(math.fsum(w * w for w in weights.values()))
            vectors[aid] = {t: w / norm for t, w in weights.items()} if norm else {}
            for t, w in vectors[aid].items():
                postings[t].append((aid, w))
        for aid in members:
            # The dot product, summed in name order (the same whatever the hash seed).
            found: dict[str, float] = defaultdict(float)
            for t, w in vectors[aid].items():
                for other, weight in postings[t]:
                    found[other] += w * weight
            scored = [(-similarity, other) for other, similarity in found.items() if other != aid and similarity >= STORY_SIMILARITY]
            for _, other in heapq.nsmallest(STORY_NEIGHBOURS, scored):
                chosen[aid].add(other)
                chosen[other].add(aid)
        return [aid for aid in members if not vectors[aid]]

    # Names that tell stories apart first; an article left alone by them (a
    # long story where everyone names the same people) tries every name that
    # the linear bound allows.
    pair(story_df_cap(n), ids)
    alone = [aid for aid in ids if not chosen[aid]]
    nameless = pair(STORY_DF_MAX, alone) if alone else []
    for x, y in links:
        if x in chosen and y in chosen and x != y:
            chosen[x].add(y)
            chosen[y].add(x)
    # An article naming nobody (or only names too common to tell) cannot be
    # placed. In a briefing small enough to compare everything it is compared
    # with everything; in a larger one, pairing it with every article would
    # make the cost quadratic, so it is left to the links above.
    if len(ids) <= STORY_NEIGHBOURS + 1:
        for aid in nameless:
            for other in ids:
                if other != aid:
                    chosen[aid].add(other)
                    chosen[other].add(aid)
    return {aid: frozenset(others) for aid, others in chosen.items()}


@cycle_collection_paused()
def align(
    sentences: Mapping[str, Sequence[Sentence]],
    *,
    threshold: float = ALIGN_THRESHOLD,
    stats: AlignStats | None = None,
    neighbours: Mapping[str, AbstractSet[str]] | None = None,
    prepared: Mapping[str, Prepared] | None = None,
) -> list[Alignment]:
    """Align sentences across articles.

    ``sentences`` maps article id -> that article's sentences; ``neighbours``
    maps each article to the articles it is compared with (default:
    ``story_neighbours``). Blocking: every sentence proposes the sentences of
    its article's neighbours that share at least ``MIN_SHARED_TOKENS``
    informative tokens with it, keeping the ``MAX_CANDIDATES`` with the most
    idf weight in common. Each distinct proposed pair is scored
    once: half rapidfuzz ``token_set_ratio`` of the normalised texts, half the
    idf-weighted share of informative tokens they have in common (scaled 1.5x,
    capped at 100), so both wording and rare content words count.

    For every sentence and every other article the best-scoring partner is
    kept if it scores at least ``threshold``, or ``threshold - MUTUAL_BONUS``
    when the choice is mutual; sentences merging two consecutive sentences of
    the other article are added (see ``_merge_neighbours``). The result is the
    union of those choices, sorted by (a.article, a.index, b.article, b.index).

    Cost: at most ``MAX_CANDIDATES`` proposed pairs per sentence, each scored
    once, and at most two merge checks per kept choice (at most two choices per
    scored pair), so never more than ``5 * MAX_CANDIDATES`` rapidfuzz calls per
    sentence, however many articles repeat the story; blocking joins each pair
    of neighbouring articles once (at most ``2 * STORY_NEIGHBOURS`` pairs per
    article on average). ``stats`` receives the counts. ``prepared``
    (``prepare_all`` of ``sentences``) saves reading the sentences again.
    """
    stats = stats if stats is not None else AlignStats()
    prepared = prepare_all(sentences) if prepared is None else prepared
    if neighbours is None:
        neighbours = story_neighbours(sentences, prepared=prepared)
    corpus = _Corpus([prepared[aid] for aid in sorted(sentences)], neighbours)
    items = corpus.items
    stats.sentences = len(items)
    if not items:
        return []
    stats.skipped_tokens = corpus.skipped_tokens

    # Score each proposed pair once, whichever side proposed it.
    proposed = corpus.candidates()
    scores = dict(zip(proposed, corpus.scores(proposed)))
    stats.candidate_pairs = len(scores)
    # Merges are judged against every best partner, kept or not (``top``).
    top = _select_best(corpus.articles, scores)
    best = _keep_confident(corpus.articles, top, threshold)
    merged = _merge_neighbours(corpus, scores, best, top, threshold)
    stats.comparisons = corpus.comparisons
    chosen = {(min(x, y), max(x, y)): score for (x, _), (score, y) in best.items()}
    for pair, score in merged.items():
        chosen.setdefault(pair, score)
    return [Alignment(items[i], items[j], chosen[(i, j)]) for i, j in sorted(chosen)]


class _Corpus:
    """The sentences ``align`` works on, by position in (article, index) order,
    with their tokens, idf weights and one token index per article (internal).

    Sums of idf weights are exact (``math.fsum``), taken in token order or
    rounded (``WEIGHT_DIGITS``), never left to the order of a set, which changes
    from run to run with string hashing: near ties fall the same way every time."""

    def __init__(self, articles: Sequence[Prepared], neighbours: Mapping[str, AbstractSet[str]]) -> None:
        self.items = [s for p in articles for s in p.sentences]
        """Every sentence, in (article, index) order."""
        items = self.items
        self.articles = [s.article for s in items]
        """Article id of each sentence."""
        self.tokens = [t for p in articles for t in p.tokens]
        """Informative tokens of each sentence."""
        self.norms = [n for p in articles for n in p.norms]
        """Normalised words of each sentence, for rapidfuzz."""
        # Copies repeat sentences word for word: each distinct text is summed once.
        by_text = dict(zip((s.text for s in items), self.tokens))
        # Document frequency decides both which tokens may propose pairs and
        # how much a shared token weighs.
        df: Counter[str] = Counter(t for ts in self.tokens for t in ts)
        too_common = max(len(set(self.articles)), MAX_DF_SHARE * len(items))
        self.idf = {t: math.log(1 + len(items) / n) for t, n in df.items()}
        """Inverse document frequency of every token."""
        weight_of = {text: math.fsum(map(self.idf.__getitem__, ts)) for text, ts in by_text.items()}
        self.weights = [weight_of[s.text] for s in items]
        """Total idf of each sentence's tokens."""
        self.blocking = frozenset(t for t, n in df.items() if n <= too_common)
        """Tokens rare enough to propose pairs."""
        self.skipped_tokens = len(df) - len(self.blocking)
        # Sentences i of one article are the range first[i] <= k < last[i];
        # each article has its own small index: blocking token -> its sentences.
        self.first = [0] * len(items)
        self.last = [0] * len(items)
        self.index: dict[str, dict[str, list[int]]] = {}
        self.spans: dict[str, tuple[int, int]] = {}
        """Article -> the range of its sentences."""
        start = 0
        for k in range(1, len(items) + 1):
            if k == len(items) or self.articles[k] != self.articles[start]:
                self.first[start:k] = [start] * (k - start)
                self.last[start:k] = [k] * (k - start)
                local: dict[str, list[int]] = defaultdict(list)
                for i in range(start, k):
                    for t in self.tokens[i] & self.blocking:
                        local[t].append(i)
                self.index[self.articles[start]] = dict(local)
                self.spans[self.articles[start]] = (start, k)
                start = k
        self.pairs = sorted({(min(a, o), max(a, o)) for a, others in neighbours.items() for o in others
                             if a != o and a in self.index and o in self.index})
        """The pairs of articles whose sentences are compared, each once."""
        self.comparisons = 0

    def candidates(self) -> list[tuple[int, int]]:
        """The sentence pairs (i < j) worth scoring: for each sentence, the
        ``MAX_CANDIDATES`` sentences of neighbouring articles sharing at least
        ``MIN_SHARED_TOKENS`` blocking tokens with it and the most idf weight
        (rounded to ``WEIGHT_DIGITS``), ties to the lower index.

        Each pair of neighbouring articles is joined once, on the blocking
        tokens their vocabularies share: in Python for a few pairs, with numpy
        from ``NUMPY_PAIRS`` on (its import costs more than a small briefing's
        whole join). Both give the same pairs."""
        return self._join_numpy() if len(self.pairs) >= NUMPY_PAIRS else self._join_python()

    def _join_python(self) -> list[tuple[int, int]]:
        """``candidates`` in plain Python."""
        best: dict[int, list[tuple[float, int]]] = defaultdict(list)
        for a, b in self.pairs:
            mine, theirs = self.index[a], self.index[b]
            # Tokens in sorted order, so sums are the same whatever the hash seed.
            found: dict[tuple[int, int], list[float]] = defaultdict(list)
            for t in sorted(mine.keys() & theirs.keys()):
                for i in mine[t]:
                    for j in theirs[t]:
                        found[i, j].append(self.idf[t])
            for (i, j), ws in found.items():
                if len(ws) >= MIN_SHARED_TOKENS:
                    w = round(math.fsum(ws), WEIGHT_DIGITS)
                    best[i].append((-w, j))
                    best[j].append((-w, i))
        return sorted({(min(i, j), max(i, j)) for i, ls in best.items() for _, j in heapq.nsmallest(MAX_CANDIDATES, ls)})

    def _join_numpy(self) -> list[tuple[int, int]]:
        """``candidates`` with each article's sentences as rows of a 0/1 matrix
        over its own vocabulary: the shared columns' products give, for every
        pair of sentences, the number and the idf weight of the tokens they
        share; the best partners are chosen by sorting all leads at once."""
        import numpy as np  # noqa: PLC0415  (see candidates)

        order = sorted(self.blocking)
        ids = {t: k for k, t in enumerate(order)}
        idf = np.array([self.idf[t] for t in order], dtype=np.float64)
        rows: dict[str, tuple[np.ndarray, np.ndarray, int]] = {}
        for article, local in self.index.items():
            vocabulary = sorted(ids[t] for t in local)
            column = {k: c for c, k in enumerate(vocabulary)}
            first, last = self.spans[article]
            matrix = np.zeros((last - first, len(vocabulary)))
            cells = [(i - first, column[ids[t]]) for t, members in local.items() for i in members]
            if cells:
                matrix[tuple(np.array(cells).T)] = 1.0
            rows[article] = (np.array(vocabulary, dtype=np.int64), matrix, first)
        src: list[np.ndarray] = []
        dst: list[np.ndarray] = []
        weight: list[np.ndarray] = []
        for a, b in self.pairs:
            va, ma, fa = rows[a]
            vb, mb, fb = rows[b]
            shared, ia, ib = np.intersect1d(va, vb, assume_unique=True, return_indices=True)
            if len(shared) < MIN_SHARED_TOKENS:
                continue
            x, y = ma[:, ia], mb[:, ib]
            ii, jj = np.nonzero(x @ y.T >= MIN_SHARED_TOKENS)
            if len(ii):
                src.append(ii + fa)
                dst.append(jj + fb)
                weight.append(np.round(((x * idf[shared]) @ y.T)[ii, jj], WEIGHT_DIGITS))
        if not src:
            return []
        # Every lead counts for both of its sentences: sorted by sentence, then
        # weight (most first), then partner; the first MAX_CANDIDATES of each.
        left = np.concatenate(src + dst)
        right = np.concatenate(dst + src)
        shared_weight = np.concatenate(weight + weight)
        by = np.lexsort((right, -shared_weight, left))
        left, right = left[by], right[by]
        keep = np.arange(len(left)) - np.searchsorted(left, left, side="left") < MAX_CANDIDATES
        n = len(self.items)
        codes = np.unique(np.minimum(left[keep], right[keep]) * n + np.maximum(left[keep], right[keep]))
        return [divmod(int(code), n) for code in codes.tolist()]

    def score(self, i: int, j: int) -> float:
        """Similarity 0..100 of sentences i and j (see ``align``); counts the call."""
        self.comparisons += 1
        return self._combine(i, j, fuzz.token_set_ratio(self.norms[i], self.norms[j]))

    def scores(self, pairs: Sequence[tuple[int, int]]) -> list[float]:
        """``[self.score(i, j) for i, j in pairs]``; from ``BATCH_SCORES`` pairs
        on, the rapidfuzz calls are made in one batch (``process.cpdist``, on
        every core)."""
        if len(pairs) < BATCH_SCORES:
            return [self.score(i, j) for i, j in pairs]
        self.comparisons += len(pairs)
        fuzzy = process.cpdist([self.norms[i] for i, _ in pairs], [self.norms[j] for _, j in pairs],
                               scorer=fuzz.token_set_ratio, workers=-1)
        return [self._combine(i, j, float(f)) for (i, j), f in zip(pairs, fuzzy)]

    def _combine(self, i: int, j: int, fuzzy: float) -> float:
        # token_set_ratio forgives extra clauses but not translation; the weighted
        # overlap forgives rewording but not a shared topic of common words.
        total = self.weights[i] + self.weights[j]
        overlap = 200.0 * math.fsum(map(self.idf.__getitem__, self.tokens[i] & self.tokens[j])) / total if total else 0.0
        return round(0.5 * fuzzy + 0.5 * min(100.0, 1.5 * overlap), 1)


def _select_best(articles: Sequence[str], scores: Mapping[tuple[int, int], float]) -> dict[tuple[int, str], tuple[float, int]]:
    """(sentence, other article) -> (score, partner) for the best-scoring partner."""
    top: dict[tuple[int, str], tuple[float, int]] = {}
    for (i, j), score in scores.items():
        for x, y in ((i, j), (j, i)):
            key = (x, articles[y])
            held = top.get(key)
            # Ties go to the earlier sentence, so the choice is deterministic.
            if held is None or score > held[0] or (score == held[0] and y < held[1]):
                top[key] = (score, y)
    return top


def _keep_confident(
    articles: Sequence[str], top: Mapping[tuple[int, str], tuple[float, int]], threshold: float
) -> dict[tuple[int, str], tuple[float, int]]:
    """The best partners of ``top`` at or above ``threshold``, or at or above
    ``threshold - MUTUAL_BONUS`` when the choice is mutual (each is the other's
    best in its article)."""
    # A sentence with no counterpart still has a best partner: only a high
    # score, or a weaker one that both sides agree on, makes it an alignment.
    kept = {}
    for (x, article), (score, y) in top.items():
        if score >= threshold:
            kept[(x, article)] = (score, y)
        elif score >= threshold - MUTUAL_BONUS:
            back = top.get((y, articles[x]))
            if back is not None and back[1] == x:
                kept[(x, article)] = (score, y)
    return kept


@functools.lru_cache(maxsize=1 << 14)
def _is_figure(token: str) -> bool:
    """Whether a token is a figure such as "55%" or "90" (two digits or a percentage)."""
    return sum(c.isdigit() for c in token) >= 2 or "%" in token


def _merge_neighbours(
    corpus: _Corpus,
    scores: Mapping[tuple[int, int], float],
    best: Mapping[tuple[int, str], tuple[float, int]],
    top: Mapping[tuple[int, str], tuple[float, int]],
    threshold: float,
) -> dict[tuple[int, int], float]:
    """Pairs where one sentence merges two consecutive sentences of the other
    article (a summary line, a translator joining two sentences).

    For each best pair (x, y) scoring at least ``threshold``, a neighbour z of y (same article, index +-1) is
    aligned with x too when z explains a part of x that y does not: at least
    ``MIN_SHARED_TOKENS`` blocking tokens of x are in z and not in y, carrying at
    least ``MERGE_GAIN`` of x's idf weight, or one of them is a figure (two
    digits or a percentage); and no sentence of x's article is
    more similar to z than x (``top``: best partners at any score). Such a
    pair keeps its own score, which may be below the threshold. At most one
    rapidfuzz call per examined neighbour (none if the pair was scored).
    """
    merged: dict[tuple[int, int], float] = {}
    tokens, idf, articles = corpus.tokens, corpus.idf, corpus.articles
    blocking = corpus.blocking
    for (x, _), (base, y) in sorted(best.items()):
        # Only a confident pair is extended: a merge onto a weak one compounds doubt.
        if base < threshold:
            continue
        # Only y's immediate neighbours: a merge joins consecutive sentences.
        for z in (y - 1, y + 1):
            if not corpus.first[y] <= z < corpus.last[y]:
                continue
            gained = (tokens[x] & tokens[z] & blocking) - tokens[y]
            if not gained:
                continue
            # A figure such as "55%" or "90" is specific enough on its own.
            figure = any(map(_is_figure, gained))
            enough = len(gained) >= MIN_SHARED_TOKENS and math.fsum(map(idf.__getitem__, gained)) >= MERGE_GAIN * corpus.weights[x]
            if not (figure or enough):
                continue
            pair = (min(x, z), max(x, z))
            if pair in merged:
                continue
            score = scores.get(pair)
            if score is None:
                score = corpus.score(*pair)
            rival = top.get((z, articles[x]))
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

_DATELINE_RE = re.compile(
    rf"^(?P<place>[A-Z][A-Z.'’ /-]*[A-Z.]),?\s+(?:(?P<date>{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH})"
    r"(?:,?\s+(?:19|20)\d\d)?\s*)?\((?P<origin>[^()]{2,60})\)\s*[-–—]+\s*"
)


_DIGIT_RE = re.compile(r"\d")
_WORD_RUN_RE = re.compile(r"\w+")
# Every month name or abbreviation in _MONTH starts with one of these.
_MONTH_PREFIXES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_RELATIVE_WORDS = frozenset({"week", "weekend", "month", "year", "yesterday", "today", "tomorrow", "tonight"})


def parse_runs(text: str) -> frozenset[str]:
    """The lower-case runs of word characters (``\\w+``) in ``text``: a whole
    word a pattern needs is among them, or the pattern cannot match."""
    return frozenset(_WORD_RUN_RE.findall(text.lower()))


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


_NAME_SEPARATOR_RE = re.compile(r"[\s\-‐–]+")


class NameFinder:
    """Finds the keys of a name table in a sentence: case-insensitive, whole
    words, spaces and hyphens interchangeable, the longest key where several
    start at one place (internal).

    One alternation of every key, tried at every position, costs per key;
    here a key is only tried where its first word stands, so the cost is per
    word of the sentence, whatever the size of the table."""

    def __init__(self, names: Mapping[str, str]) -> None:
        self.table = {_NAME_SEPARATOR_RE.sub(" ", k.lower().strip()): v for k, v in names.items() if k.strip()}
        """Normalised key -> id."""
        by_first: dict[str, list[str]] = defaultdict(list)
        odd: list[str] = []
        for key in self.table:
            first = _WORD_RUN_RE.match(key)
            # A key not starting with a word character has no first word to look up.
            (by_first[first.group()] if first else odd).append(key)
        self.keys = dict(by_first)
        """First word of a key -> the keys starting with it."""
        self.patterns: dict[str, re.Pattern[str]] = {}
        """First word -> pattern of its keys, compiled when first needed: most of
        a table (118 elements) never occurs in a briefing."""
        self.first_words = frozenset(self.keys)
        self.fallback = self._compile(list(self.table)) if odd else None
        """All keys in one pattern, for tables with keys the first-word lookup cannot serve."""

    @staticmethod
    def _compile(keys: Sequence[str]) -> re.Pattern[str]:
        # Longest first: "jl mag rare earth" before "jl mag".
        alternatives = [r"[\s\-‐–]+".join(re.escape(part) for part in key.split(" "))
                        for key in sorted(keys, key=lambda k: (-len(k), k))]
        return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.I)

    def find(self, text: str, runs: AbstractSet[str] | None = None) -> list[_Mention]:
        """Occurrences of the table's keys (kind and value: the mapped id), in
        order. ``runs``: ``parse_runs(text)``, if the caller has it."""
        if not self.table:
            return []
        if self.fallback is not None:
            matches: Iterable[re.Match[str]] = self.fallback.finditer(text)
        elif self.first_words.isdisjoint(parse_runs(text) if runs is None else runs):
            return []
        else:
            matches = self._scan(text)
        found = []
        for m in matches:
            target = self.table.get(_NAME_SEPARATOR_RE.sub(" ", m.group().lower()))
            if target is not None:
                found.append(_Mention(target, target, m.start(), m.end(), m.group()))
        return found

    def _scan(self, text: str) -> Iterator[re.Match[str]]:
        # A match starts a run of word characters (nothing of a word before it),
        # and that run, lower-cased, is the first word of its key.
        end = 0
        for run in _WORD_RUN_RE.finditer(text):
            if run.start() < end:
                continue
            word = run.group().lower()
            keys = self.keys.get(word)
            if keys is None:
                continue
            pattern = self.patterns.get(word)
            if pattern is None:
                pattern = self.patterns[word] = self._compile(keys)
            m = pattern.match(text, run.start())
            if m:
                end = m.end()
                yield m


class _Features:
    """Everything ``find_candidates`` compares in one sentence (internal).
    Each part is parsed on first use: most pairs are settled by a few of them."""

    def __init__(self, text: str, elements: NameFinder, aliases: NameFinder) -> None:
        self.text = text
        self._elements = elements
        self._aliases = aliases

    @functools.cached_property
    def words(self) -> tuple[_Word, ...]:
        """Words in order."""
        return tuple(parse_words(self.text))

    @functools.cached_property
    def raw_words(self) -> list[str]:
        """The words as written, in order (``w.text``)."""
        return _WORD_RE.findall(self.text)

    @functools.cached_property
    def norms(self) -> list[str]:
        """``w.norm`` of the words, in order."""
        return [parse_word(raw)[0] for raw in self.raw_words]

    @functools.cached_property
    def tokens(self) -> frozenset[str]:
        """Informative tokens (``parse_tokens``)."""
        return frozenset(stem for _, stem, informative in map(parse_word, self.raw_words) if informative)

    @functools.cached_property
    def modal(self) -> bool:
        """Whether any word is a modal word (``_is_modal``)."""
        return any(norm in MODAL_WORDS and (norm != "may" or raw == "may") for raw, norm in zip(self.raw_words, self.norms))

    @functools.cached_property
    def runs(self) -> frozenset[str]:
        """``parse_runs(text)``."""
        return parse_runs(self.text)

    @functools.cached_property
    def numbers(self) -> tuple[_Mention, ...]:
        """Numbers outside dates."""
        return tuple(parse_numbers(self.text, self.dates, self.runs))

    @functools.cached_property
    def dates(self) -> tuple[_Mention, ...]:
        """Date expressions."""
        return tuple(parse_dates(self.text, self.runs))

    @functools.cached_property
    def quotes(self) -> tuple[_Mention, ...]:
        """Quoted passages."""
        return tuple(parse_quotes(self.text))

    @functools.cached_property
    def elements(self) -> tuple[_Mention, ...]:
        """Element names (value: symbol)."""
        return tuple(self._elements.find(self.text, self.runs))

    @functools.cached_property
    def entities(self) -> tuple[_Mention, ...]:
        """Aliases of people and organisations (value: entity id)."""
        return tuple(self._aliases.find(self.text, self.runs))


# ---------------------------------------------------------------------------
# Candidates
# ---------------------------------------------------------------------------


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


@dataclass(frozen=True)
class Candidate:
    """A difference between two articles for an editor to accept or reject."""

    id: str
    """"d-" + 10 hex digits, from the kind, both article ids and the normalised
    differing words (and roles), never from positions: stable across rebuilds."""
    kind: str
    """"number", "date", "element", "entity", "quote" or "modality"."""
    a: Sentence
    """Sentence of the article whose id sorts first."""
    b: Sentence
    """Aligned sentence of the other article."""
    a_spans: tuple[tuple[int, int], ...]
    """Offsets within ``a.text`` of the differing words."""
    b_spans: tuple[tuple[int, int], ...]
    """Offsets within ``b.text`` of the differing words."""
    a_value: str
    """The differing words of a, e.g. "samarium"."""
    b_value: str
    """The differing words of b, e.g. "scandium"."""
    severity: int
    """1 (minor) .. 3 (major), see ``find_candidates``."""
    summary: str
    """Plain text, e.g. 'element: "samarium" (003_…) vs "scandium" (001_…)'."""
    a_role: str = ""
    """How a uses its value when that is the difference ("dateline"), else ""."""
    b_role: str = ""
    """How b uses its value when that is the difference ("event date"), else ""."""

    @property
    def title(self) -> str:
        """Heading words: 'Date: “June 15th” (event date) against “June 15” (dateline)'."""
        def side(value: str, role: str) -> str:
            return f"“{value}”" + (f" ({role})" if role else "")

        return f"{self.kind.capitalize()}: {side(self.a_value, self.a_role)} against {side(self.b_value, self.b_role)}"


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


@cycle_collection_paused()
def find_candidates(
    alignments: Sequence[Alignment],
    *,
    element_names: Mapping[str, str],
    aliases: Mapping[str, str],
) -> list[Candidate]:
    """Differences inside aligned sentence pairs, for an editor to review.

    ``element_names`` maps lower-case element names (and known misspellings) to
    symbols; ``aliases`` maps lower-case aliases of people and organisations to
    canonical entity ids. Both are matched as whole words, case-insensitively,
    spaces and hyphens alike. Kinds and severities:

    * number (3): a number or percentage in one sentence and a different one of
      the same kind and unit in the other ("55%" vs "45%", "90 days" vs "60 days").
    * date (3): dates of the same granularity that differ (June 15 / June 16,
      Wednesday / Thursday, last week / last month). date (2): the same date
      is the dateline of one report and an event date in the other.
    * element (3): different elements named (by symbol) in the same passage.
    * entity (3): two different entities, each the only one the other side
      lacks. entity (1): the same entity under two names that are not a
      short form of one another ("Jinli Yongjin" / "JL MAG Rare-Earth";
      "JL Mag Rare-Earth Co" / "JL MAG Rare-Earth" is the same name). A name
      present in one and absent in the other is not reported: rewrites drop
      names all the time.
    * quote (2): different short quoted phrases ("quid pro quo" /
      "bargaining chip"). quote (1): a short quoted phrase rendered with other
      words, unquoted: a phrase another article quotes, or the same-length
      phrase that shares a word and its context ("great deal" / "excellent deal").
    * modality (2): a hedge or conditional ("would be set", "appeared to
      link", "could allow") that the other sentence, with no hedge anywhere,
      states as fact ("imposed", "sought to link", "allows").

    Omissions are not differences. One candidate per (kind, article pair,
    differing words); of duplicates the one from the best-scoring alignment is
    kept. Sorted by severity (major first), then id.
    """
    element_finder, alias_finder = NameFinder(element_names), NameFinder(aliases)
    # Every sentence is parsed once, however many pairs it is in; and copies
    # repeat sentences word for word, so once per distinct text.
    sentences = _distinct_sentences(alignments)
    features: dict[str, _Features] = {}
    for s in sentences:
        if s.text not in features:
            features[s.text] = _Features(s.text, element_finder, alias_finder)

    # Phrases some article quotes: another article using them unquoted is
    # rendering the same idea.
    quoted_by: dict[str, set[str]] = defaultdict(set)
    for s in sentences:
        for q in features[s.text].quotes:
            if 2 <= len(q.value.split()) <= MAX_QUOTE_WORDS:
                quoted_by[q.value].add(s.article)
    # Indexed by first word, so looking for them costs per word, not per phrase.
    known_quotes: dict[str, list[tuple[str, frozenset[str]]]] = defaultdict(list)
    for phrase in sorted(quoted_by):
        known_quotes[phrase.split()[0]].append((phrase, frozenset(quoted_by[phrase])))
    common = _common_tokens(sentences, features)

    def differences(al: Alignment) -> list[Difference]:
        fa, fb = features[al.a.text], features[al.b.text]
        return [
            *compare_numbers(fa, fb),
            *compare_dates(fa, fb),
            *compare_elements(fa, fb),
            *compare_entities(fa, fb),
            *compare_quotes(al.a, fa, al.b, fb, known_quotes),
            *compare_modality(al.a.text, fa, al.b.text, fb, common),
        ]

    # The same difference shows in several aligned pairs (a title and its
    # lead, a sentence merged from two): one candidate per id, from the best
    # pair. Pairs of one article pair are neighbours, and share parsed sentences.
    kept: dict[str, tuple[float, Alignment, Difference]] = {}
    for al, found in zip(alignments, fork_map(differences, alignments, contiguous=True)):
        for diff in found:
            cid = _candidate_id(al, diff)
            held = kept.get(cid)
            if held is None or al.score > held[0]:
                kept[cid] = (al.score, al, diff)
    candidates = [_make_candidate(cid, al, diff) for cid, (_, al, diff) in kept.items()]
    return sorted(candidates, key=lambda c: (-c.severity, c.id))


def _distinct_sentences(alignments: Sequence[Alignment]) -> list[Sentence]:
    seen: dict[tuple[str, int], Sentence] = {}
    for al in alignments:
        for s in (al.a, al.b):
            seen.setdefault((s.article, s.index), s)
    return [seen[k] for k in sorted(seen)]


def _common_tokens(sentences: Sequence[Sentence], features: Mapping[str, _Features]) -> frozenset[str]:
    """Tokens too common among the aligned sentences to anchor anything (the
    same rule as ``align``'s blocking). ``features``: by sentence text."""
    df: Counter[str] = Counter(t for s in sentences for t in features[s.text].tokens)
    limit = max(len({s.article for s in sentences}), MAX_DF_SHARE * len(sentences))
    return frozenset(t for t, n in df.items() if n > limit)


@functools.lru_cache(maxsize=1 << 14)
def _normalize_value(value: str) -> str:
    # Values repeat across pairs ("55%", "June 15"): cached.
    return " ".join(parse_norms(value))


def _candidate_id(al: Alignment, diff: Difference) -> str:
    key = "\x1f".join((diff.kind, al.a.article, al.b.article, _normalize_value(diff.a_value), diff.a_role,
                       _normalize_value(diff.b_value), diff.b_role))
    return "d-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def _make_candidate(cid: str, al: Alignment, diff: Difference) -> Candidate:
    def side(value: str, article: str, role: str) -> str:
        return f'"{value}" ({article}{", " + role if role else ""})'

    summary = f"{diff.kind}: {side(diff.a_value, al.a.article, diff.a_role)} vs {side(diff.b_value, al.b.article, diff.b_role)}"
    return Candidate(cid, diff.kind, al.a, al.b, diff.a_spans, diff.b_spans, diff.a_value, diff.b_value,
                     diff.severity, summary, diff.a_role, diff.b_role)


def _spans(mentions: Iterable[_Mention]) -> tuple[tuple[int, int], ...]:
    return tuple((m.start, m.end) for m in mentions)


def _joined(mentions: Sequence[_Mention]) -> str:
    return ", ".join(dict.fromkeys(m.text for m in mentions))


def compare_numbers(fa: _Features, fb: _Features) -> list[Difference]:
    """Numbers of the same kind and unit that differ; numbers in one sentence only
    (omissions) are not differences. Spelled numbers pair only on equal units."""
    if not (fa.numbers and fb.numbers):
        return []
    # A number present on both sides (in any role) is no difference.
    a_values = {(n.kind, n.value) for n in fa.numbers}
    b_values = {(n.kind, n.value) for n in fb.numbers}
    only_a = [n for n in fa.numbers if (n.kind, n.value) not in b_values]
    only_b = [n for n in fb.numbers if (n.kind, n.value) not in a_values]
    differences = []
    used: set[int] = set()
    for x in only_a:
        for k, y in enumerate(only_b):
            if k in used or x.kind != y.kind:
                continue
            # Spelled numbers are often not quantities ("one source", "two
            # largest"): they pair only when they count the same thing.
            spelled = not x.text[0].isdigit() or not y.text[0].isdigit()
            if x.unit == y.unit or (not spelled and not (x.unit and y.unit)):
                used.add(k)
                differences.append(Difference("number", x.text, y.text, _spans([x]), _spans([y]), 3))
                break
    return differences


def _date_fields(kind: str, value: str) -> dict[str, str]:
    """The calendar fields a date expression pins down."""
    if kind in ("md", "m"):
        parts = value.split("-")
        fields = {"year": parts[0]} if len(parts[0]) == 4 else {}
        rest = parts[1:] if fields else parts
        fields["month"] = rest[0]
        if kind == "md":
            fields["day"] = rest[1]
        return fields
    return {{"d": "day", "wd": "weekday", "rel": "relative", "y": "year"}[kind]: value}


def _date_relation(x: _Mention, y: _Mention) -> bool | None:
    """True if two dates agree, False if they contradict, None if incomparable."""
    return _relate_dates(x.kind, x.value, y.kind, y.value)


@functools.lru_cache(maxsize=1 << 14)
def _relate_dates(x_kind: str, x_value: str, y_kind: str, y_value: str) -> bool | None:
    # A briefing has few distinct dates and compares them in every pair: cached.
    fx, fy = _date_fields(x_kind, x_value), _date_fields(y_kind, y_value)
    common = fx.keys() & fy.keys()
    if not common:
        return None
    return all(fx[k] == fy[k] for k in common)


def compare_dates(fa: _Features, fb: _Features) -> list[Difference]:
    """Event dates that contradict each other (same granularity, other value), and
    a date that is one report's dateline but an event date in the other."""
    if not (fa.dates and fb.dates):
        return []
    differences = []
    # A date agreeing with any date of the other side is accounted for;
    # the rest pair off one to one, in order, only where they contradict.
    events_a = [d for d in fa.dates if d.unit != "dateline"]
    events_b = [d for d in fb.dates if d.unit != "dateline"]
    only_a = [x for x in events_a if not any(_date_relation(x, y) for y in events_b)]
    only_b = [y for y in events_b if not any(_date_relation(x, y) for x in events_a)]
    used: set[int] = set()
    for x in only_a:
        for k, y in enumerate(only_b):
            if k not in used and _date_relation(x, y) is False:
                used.add(k)
                differences.append(Difference("date", x.text, y.text, _spans([x]), _spans([y]), 3))
                break
    # The dateline says when the report was filed, not when anything happened.
    for x in fa.dates:
        for y in fb.dates:
            if (x.unit == "dateline") != (y.unit == "dateline") and _date_relation(x, y):
                differences.append(Difference(
                    "date", x.text, y.text, _spans([x]), _spans([y]), 2,
                    "dateline" if x.unit == "dateline" else "event date",
                    "dateline" if y.unit == "dateline" else "event date",
                ))
    return differences


def compare_elements(fa: _Features, fb: _Features) -> list[Difference]:
    """Elements named on each side that the other side does not name (by symbol,
    so a known misspelling is the same element)."""
    if not (fa.elements and fb.elements):
        return []
    a_symbols = {m.value for m in fa.elements}
    b_symbols = {m.value for m in fb.elements}
    only_a = [m for m in fa.elements if m.value not in b_symbols]
    only_b = [m for m in fb.elements if m.value not in a_symbols]
    if not (only_a and only_b):
        return []
    return [Difference("element", _joined(only_a), _joined(only_b), _spans(only_a), _spans(only_b), 3)]


@functools.lru_cache(maxsize=1 << 14)
def _name_tokens(surface: str) -> frozenset[str]:
    # Few names, compared again and again: cached.
    words = _NAME_SEPARATOR_RE.sub(" ", surface.lower().replace(".", "")).split()
    return frozenset(w for w in words if w not in _CORPORATE_SUFFIXES)


def compare_entities(fa: _Features, fb: _Features) -> list[Difference]:
    """Entities named differently on each side, or swapped for another entity."""
    if not (fa.entities and fb.entities):
        return []
    differences = []
    a_ids = {m.value for m in fa.entities}
    b_ids = {m.value for m in fb.entities}
    for entity in sorted(a_ids & b_ids):
        xs = [m for m in fa.entities if m.value == entity]
        ys = [m for m in fb.entities if m.value == entity]
        # A short form ("Trump" for "Donald Trump", "JL Mag" for "JL Mag Co")
        # is house style, not a naming difference.
        if any(_name_tokens(x.text) <= _name_tokens(y.text) or _name_tokens(y.text) <= _name_tokens(x.text)
               for x in xs for y in ys):
            continue
        differences.append(Difference("entity", xs[0].text, ys[0].text, _spans(xs[:1]), _spans(ys[:1]), 1))
    # Exactly one unmatched entity on each side: the same slot, another name.
    only_a = [m for m in fa.entities if m.value not in b_ids]
    only_b = [m for m in fb.entities if m.value not in a_ids]
    if len({m.value for m in only_a}) == 1 and len({m.value for m in only_b}) == 1:
        differences.append(Difference("entity", only_a[0].text, only_b[0].text, _spans(only_a[:1]), _spans(only_b[:1]), 3))
    return differences


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


def _is_modal(word: _Word) -> bool:
    # "May" capitalised is the month.
    return word.norm in MODAL_WORDS and (word.norm != "may" or word.text == "may")


_CLAUSE_BREAK_RE = re.compile(r"[,;:()\[\]—–]")


# Past forms without "-ed" that state a fact; with "-ed" forms, "has/had", and a
# present "-s" form of the hedged verb, they mark the unhedged side.
_FACTUAL_FORMS = frozenset("""
is are was were has have had did does made took gave held set met struck left won lost began became brought bought
built came drew fell found got grew kept knew led let meant paid put ran rose saw sent sold stood sought thought
told went wrote
""".split())


def _is_factual_verb(word: _Word, hedged: _Word) -> bool:
    norm = word.norm
    return (norm in _FACTUAL_FORMS or (norm.endswith("ed") and len(norm) > 4)
            or norm in (hedged.norm + "s", hedged.norm + "es"))


def compare_modality(
    a_text: str, fa: _Features, b_text: str, fb: _Features, common: frozenset[str] = frozenset()
) -> list[Difference]:
    """A hedged or conditional statement on one side stated as fact on the other.

    For a modal word on one side, the first content word among the next four
    (same clause, not in ``common``) that occurs exactly once on the other side
    anchors the comparison. The other side must contain no modal word at all (a
    hedge that merely moved is not reported), and a factual verb form ("imposed",
    "sought", "has", "allows" for "could allow") among the anchor and the up to
    three words before it. Values: modal word .. anchor, and those words
    (leading function words dropped).
    """
    # A hedge on both sides, or on neither, is no difference.
    if fa.modal == fb.modal:
        return []
    differences = []
    for x_text, fx, y_text, fy, flip in ((a_text, fa, b_text, fb, False), (b_text, fb, a_text, fa, True)):
        # A hedge anywhere in the other sentence may be the same hedge, moved.
        if fy.modal:
            continue
        y_positions: dict[str, list[int]] = defaultdict(list)
        for k, w in enumerate(fy.words):
            if w.informative:
                y_positions[w.stem].append(k)
        for i, w in enumerate(fx.words):
            if not _is_modal(w):
                continue
            for k in range(i + 1, min(i + 5, len(fx.words))):
                if _CLAUSE_BREAK_RE.search(x_text[fx.words[k - 1].end : fx.words[k].start]):
                    break
                anchor = fx.words[k]
                if not anchor.informative or anchor.stem in common:
                    continue
                hits = y_positions.get(anchor.stem, [])
                if len(hits) != 1:
                    continue
                # The other side's verb phrase: up to three words before the anchor.
                j = first = hits[0]
                while first > max(0, j - 3) and not _CLAUSE_BREAK_RE.search(
                        y_text[fy.words[first - 1].end : fy.words[first].start]):
                    first -= 1
                while first < j and fy.words[first].norm in STOPWORDS:
                    first += 1
                if not any(_is_factual_verb(v, anchor) for v in fy.words[first : j + 1]):
                    break
                x_span = (w.start, anchor.end)
                y_span = (fy.words[first].start, fy.words[j].end)
                x_value, y_value = x_text[x_span[0] : x_span[1]], y_text[y_span[0] : y_span[1]]
                if flip:
                    differences.append(Difference("modality", y_value, x_value, (y_span,), (x_span,), 2))
                else:
                    differences.append(Difference("modality", x_value, y_value, (x_span,), (y_span,), 2))
                break
    return differences


# ---------------------------------------------------------------------------
# Derivations
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Derivation:
    """One article derived from another (copied, translated, summarised)."""

    child: str
    """Id of the article that copies, translates or summarises."""
    parent: str | None
    """Id of the article it derives from; None when the origin is not in the briefing."""
    origin: str
    """The origin as named: the attributed outlet ("Reuters") or the parent id."""
    kind: str
    """"attribution" (the child names its source) or "copy" (found by alignment)."""
    evidence: str
    """The attribution line and/or e.g. "7 of 12 sentences align with 003 (mean similarity 78 of 100)"."""
    score: float
    """Attribution: 1.0. Copy: the share (0..1) of the child's sentences that align with the parent."""


_ATTRIBUTION_PATTERNS = (
    # "Source: Reuters", "Sources: AP, AFP", "Via: Bloomberg" (not "Credit:", a photo's)
    re.compile(r"^\W*(?:sources?|via)\s*[:：]\s*(?P<origin>[^()\[\]:]+?)\W*$", re.I),
    # "(This article is based on relevant reports from Reuters)"
    re.compile(r"\bbased on (?:(?:the|a|an|relevant|original|several|media)\s+)*(?:reports?|reporting|articles?|stor(?:y|ies))"
               r"\s+(?:from|by|of|in)\s+(?P<origin>[^.,;()]+)", re.I),
    # "Translated from Nikkei", "adapted from a report by the BBC"
    re.compile(r"\b(?:translated|adapted|reprinted|republished|excerpted|compiled)\s+from\s+(?:(?:an?|the)\s+)?"
               r"(?:(?:article|report|story)\s+(?:by|in|from|of)\s+)?(?P<origin>[^.,;()]+)", re.I),
    # "Originally published by The Guardian"
    re.compile(r"\boriginally\s+(?:published|appeared)\s+(?:by|in|on|at)\s+(?P<origin>[^.,;()]+)", re.I),
)
"""Lines that attribute a whole article. "According to X" attributes one claim,
not the text, and is deliberately absent."""

COPY_MIN_SCORE = 55.0
"""Alignments at or above this score count towards a copy."""

COPY_MIN_SHARE = 0.5
"""A child copies a parent when at least this share of its sentences align with it."""

ATTRIBUTION_MIN_ALIGNED = 2
"""An attributed outlet's article in the briefing is the parent only if at least
this many of the child's sentences align with it; else the parent is external."""


_LEADING_ARTICLE_RE = re.compile(r"^(?:the|a|an)\s+", re.I)


def parse_attribution(line: str) -> str | None:
    """The origin a line attributes the whole article to, or None.

    ``parse_attribution("Source: Reuters") == "Reuters"``;
    ``parse_attribution("(This article is based on relevant reports from Reuters)") == "Reuters"``.
    """
    text = line.strip()
    if not text or len(text) > 200:
        return None
    for pattern in _ATTRIBUTION_PATTERNS:
        m = pattern.search(text)
        if m:
            origin = _LEADING_ARTICLE_RE.sub("", m.group("origin").strip(" .)(\"'“”"))
            if origin:
                return origin
    return None


def _find_attribution_notes(text: str) -> list[str]:
    """Paragraphs of an article that may be an attribution note: short, and either
    "Source: X" or set apart in brackets. Body prose ("translated from Japanese
    by…") is not read: attribution patterns there would misfire."""
    notes = []
    for paragraph in text.splitlines():
        line = paragraph.strip()
        if 0 < len(line) < 200 and (line.startswith(("(", "[")) or _ATTRIBUTION_PATTERNS[0].match(line)):
            notes.append(line)
    return notes


def parse_dateline(text: str) -> tuple[str, str | None] | None:
    """(origin, date or None) of the first dateline in an article's text:
    "BEIJING/SINGAPORE, June 15 (Reuters) - …" -> ("Reuters", "06-15"). A
    dateline marks an original report by its origin."""
    for line in text.splitlines()[:12]:
        m = _DATELINE_RE.match(line.strip())
        if m:
            date = None
            if m.group("date"):
                dates = parse_dates(m.group("date"))
                date = dates[0].value if dates else None
            return m.group("origin").strip(), date
    return None


def _same_outlet(x: str, y: str) -> bool:
    """"Reuters" = "Thomson Reuters" = "reuters": one name's words within the other's."""
    a, b = _name_tokens(x), _name_tokens(y)
    return bool(a) and bool(b) and (a <= b or b <= a)


@dataclass(frozen=True)
class _Overlap:
    """How much of a child's text aligns with one other article (internal)."""

    aligned: int
    """Child sentences with an alignment of at least ``COPY_MIN_SCORE``."""
    total: int
    """Child sentences."""
    mean: float
    """Mean best score of the aligned sentences."""

    @property
    def share(self) -> float:
        return self.aligned / self.total if self.total else 0.0

    def describe(self, parent: str) -> str:
        return f"{self.aligned} of {self.total} sentences align with {parent} (mean similarity {self.mean:.0f} of 100)"


def _measure_overlaps(
    alignments: Sequence[Alignment], sentences: Mapping[str, Sequence[Sentence]]
) -> dict[tuple[str, str], _Overlap]:
    """(child, other) -> overlap, for every ordered pair with any alignment."""
    best: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
    for al in alignments:
        if al.score < COPY_MIN_SCORE:
            continue
        for x, y in ((al.a, al.b), (al.b, al.a)):
            seen = best[(x.article, y.article)]
            seen[x.index] = max(seen.get(x.index, 0.0), al.score)
    return {
        pair: _Overlap(len(scores), len(sentences.get(pair[0], ())), sum(scores.values()) / len(scores))
        for pair, scores in best.items()
    }


@cycle_collection_paused()
def detect_derivations(
    texts: Mapping[str, str],
    attributions: Mapping[str, Sequence[str]],
    alignments: Sequence[Alignment],
    sentences: Mapping[str, Sequence[Sentence]],
    publishers: Mapping[str, str],
) -> list[Derivation]:
    """Which articles derive from which: at most one derivation per child.

    Attribution first: a line of ``attributions[child]`` (or a bracketed or
    "Source:" paragraph of the child's text) such as "Source: X" or "based on reports from X" names
    an origin. If another article is X's (``publishers`` says so, or its
    dateline reads "(X)") and at least ``ATTRIBUTION_MIN_ALIGNED`` of the
    child's sentences align with it, that article is the parent; otherwise the
    parent is external (None). An article published by X itself is not X's copy.

    Copy otherwise: a child with at least ``COPY_MIN_SHARE`` of its sentences
    aligned (score >= ``COPY_MIN_SCORE``) with one other article. Of the two,
    the parent is the one with a dateline when only one has it, the earlier
    dateline when both have dated ones, else the one with more sentences. Each
    child keeps its best parent (highest share, then mean score); edges that
    would close a cycle are dropped. Sorted by child id.
    """
    articles = sorted(set(texts) | set(sentences))
    overlaps = _measure_overlaps(alignments, sentences)
    datelines = {a: parse_dateline(texts.get(a, "")) for a in articles}
    outlets = {a: [o for o in (publishers.get(a), (datelines[a] or ("",))[0]) if o] for a in articles}

    # Only an article the child aligns with can be its parent.
    partners: dict[str, list[str]] = defaultdict(list)
    for child, other in sorted(overlaps):
        partners[child].append(other)

    # A stated source outranks any similarity: attribution first.
    derivations: dict[str, Derivation] = {}
    for child in articles:
        lines = [*attributions.get(child, ()), *_find_attribution_notes(texts.get(child, ""))]
        for line in lines:
            origin = parse_attribution(line)
            if origin is None or any(_same_outlet(origin, o) for o in outlets[child]):
                continue
            derivations[child] = _resolve_attribution(child, origin, line.strip(), partners[child], outlets, overlaps)
            break

    # Copies, strongest first, so a weaker edge never blocks a stronger one.
    proposals = []
    for (child, parent), overlap in overlaps.items():
        if child in derivations or overlap.share < COPY_MIN_SHARE:
            continue
        if _resolve_direction(child, parent, datelines, sentences) != (child, parent):
            continue
        proposals.append((-overlap.share, -overlap.mean, child, parent, overlap))
    for _, _, child, parent, overlap in sorted(proposals):
        if child in derivations or _reaches(parent, child, derivations):
            continue
        derivations[child] = Derivation(child, parent, parent, "copy", overlap.describe(parent), round(overlap.share, 3))
    return [derivations[c] for c in sorted(derivations)]


def _resolve_attribution(
    child: str,
    origin: str,
    line: str,
    partners: Sequence[str],
    outlets: Mapping[str, Sequence[str]],
    overlaps: Mapping[tuple[str, str], _Overlap],
) -> Derivation:
    """The derivation an attribution line states: to the origin's article in the
    briefing that the child aligns with best, else to the external origin.
    ``partners``: the articles the child aligns with at all, sorted."""
    best: tuple[float, float, str] | None = None
    for other in partners:
        overlap = overlaps[(child, other)]
        if overlap.aligned < ATTRIBUTION_MIN_ALIGNED or not any(_same_outlet(origin, o) for o in outlets[other]):
            continue
        if best is None or (overlap.share, overlap.mean) > best[:2]:
            best = (overlap.share, overlap.mean, other)
    if best is None:
        return Derivation(child, None, origin, "attribution", line, 1.0)
    parent = best[2]
    return Derivation(child, parent, origin, "attribution", f"{line}; {overlaps[(child, parent)].describe(parent)}", 1.0)


def _resolve_direction(
    x: str,
    y: str,
    datelines: Mapping[str, tuple[str, str | None] | None],
    sentences: Mapping[str, Sequence[Sentence]],
) -> tuple[str, str] | None:
    """(child, parent) for two articles that share much text, or None if undecidable."""
    # A dateline marks the original report; copies rarely carry one.
    dx, dy = datelines.get(x), datelines.get(y)
    if (dx is None) != (dy is None):
        return (y, x) if dx else (x, y)
    if dx and dy and dx[1] and dy[1] and dx[1] != dy[1]:
        return (y, x) if _date_order(dx[1]) < _date_order(dy[1]) else (x, y)
    # Summaries and rewrites shorten: the article with more material is the source.
    nx, ny = len(sentences.get(x, ())), len(sentences.get(y, ()))
    if nx == ny:
        return None
    return (x, y) if nx < ny else (y, x)


def _date_order(value: str) -> tuple[int, ...]:
    return tuple(int(p) for p in value.split("-"))


def _reaches(start: str, target: str, derivations: Mapping[str, Derivation]) -> bool:
    """Whether following parents from ``start`` arrives at ``target``."""
    seen = set()
    node: str | None = start
    while node is not None and node not in seen:
        if node == target:
            return True
        seen.add(node)
        d = derivations.get(node)
        node = d.parent if d else None
    return False


def independent_origins(article_ids: Sequence[str], derivations: Sequence[Derivation]) -> dict[str, str]:
    """Article id -> its independent origin: the root article reached by following
    parents, or "ext:<origin>" when the chain ends at an external origin. An
    article without a derivation is its own origin. Cycles (which
    ``detect_derivations`` never produces) end at the first repeated article."""
    by_child = {d.child: d for d in derivations}
    origins: dict[str, str] = {}
    for article in article_ids:
        node, seen = article, {article}
        root = article
        while node in by_child:
            d = by_child[node]
            if d.parent is None:
                root = f"ext:{d.origin}"
                break
            if d.parent in seen:
                root = d.parent
                break
            seen.add(d.parent)
            node = root = d.parent
        origins[article] = root
    return origins
