"""Stage 3, pair stories: which articles tell the same story, by the names they use."""
from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from ..parallel import fork_map
from .sentences import Sentence
from .tokens import Prepared, _article_names


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
