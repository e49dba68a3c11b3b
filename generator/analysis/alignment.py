"""Stage 4, align: sentences of paired articles that report the same thing."""
from __future__ import annotations

import functools
import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence, Set as AbstractSet
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .memory import cycle_collection_paused
from .sentences import Sentence
from .stories import story_neighbours
from .tokens import Prepared, prepare_all


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
