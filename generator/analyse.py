"""Analyse stage: run the cross-source analysis on a resolved briefing.

Finds discrepancy candidates and derivations (``analysis``), applies the
editors' verdicts and curated derivations, and counts independent origins.
Runs after the model is built (it needs articles, entities and verdicts) and
before anything is rendered.
"""
from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import functools
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from . import analysis as A
from .cache import BuildCache, Memo, cached_map, digest
from .elements import AMBIGUOUS_NAMES, facts_by_name
from .layout import Layout
from .model import Briefing, Citation, Verdict


@dataclass(frozen=True)
class Review:
    """A discrepancy candidate with its review state."""

    candidate: A.Candidate
    state: str
    """``unreviewed``, ``confirmed`` or ``dismissed``."""
    verdict: Verdict | None
    a_anchor: str | None
    """Passage anchor of ``candidate.a`` on its article page."""
    b_anchor: str | None
    newest: dt.date | None
    """The later of the two articles' dates: the page lists newest first."""

    @property
    def id(self) -> str:
        return self.candidate.id


@dataclass(frozen=True)
class Analysis:
    """Everything the analysis found, with the editors' decisions applied."""

    reviews: tuple[Review, ...]
    """Most severe first, then newest, then by id."""
    derivations: tuple[A.Derivation, ...]
    """One per deriving article: curated where the notes say, else detected."""
    origins: Mapping[str, str]
    """Article id -> its independent origin (an article id or ``ext:<name>``)."""
    orphans: tuple[Verdict, ...]
    """Verdicts whose candidate no longer exists."""
    unplaced: tuple[str, ...] = ()
    """Articles that share a story with no other (``analysis.story_neighbours``):
    none of their sentences was compared."""

    def count(self, state: str) -> int:
        return self._counts.get(state, 0)

    @functools.cached_property
    def _counts(self) -> Counter[str]:
        return Counter(r.state for r in self.reviews)

    def summary(self) -> str:
        return (
            f"discrepancy candidates: {len(self.reviews)} found, {self.count('confirmed')} confirmed, "
            f"{self.count('dismissed')} dismissed, {self.count('unreviewed')} unreviewed"
            + (f"; {len(self.unplaced)} of the articles share a story with no other and were not compared" if self.unplaced else "")
        )

    def origins_of(self, citations: Sequence[Citation]) -> set[str]:
        return {self.origins.get(c.article, c.article) for c in citations}

    def export_candidates(self, layout: Layout) -> list[dict[str, Any]]:
        def side(s: A.Sentence, value: str, anchor: str | None) -> dict[str, Any]:
            return {"article": s.article, "text": s.text, "value": value, "passage": anchor}

        return [
            {
                "id": r.id,
                "kind": r.candidate.kind,
                "severity": r.candidate.severity,
                "review": r.state,
                "url": layout.url_of("discrepancies", r.id),
                "summary": r.candidate.summary,
                "title": r.candidate.title,
                "a": side(r.candidate.a, r.candidate.a_value, r.a_anchor),
                "b": side(r.candidate.b, r.candidate.b_value, r.b_anchor),
            }
            for r in self.reviews
        ]


def _anchor_index(b: Briefing) -> dict[str, list[tuple[int, str]]]:
    """Article id -> (start offset in ``Article.body``, passage anchor), in order."""
    index: dict[str, list[tuple[int, str]]] = {}
    for s in b.sources:
        pos, spans = 0, []
        for block in s.article.blocks:
            if block.kind == "attribution":
                continue
            spans.append((pos, block.anchor))
            pos += len(block.text) + 2
        index[s.id] = spans
    return index


def _anchor_at(index: Mapping[str, list[tuple[int, str]]], sentence: A.Sentence) -> str | None:
    """The anchor of the passage a sentence starts in (passages are in offset order)."""
    spans = index.get(sentence.article, [])
    at = bisect.bisect_right(spans, (sentence.start, "\uffff")) - 1
    return spans[at][1] if at >= 0 else None


def _element_names(b: Briefing) -> dict[str, str]:
    names = {name: f.symbol for name, f in facts_by_name().items() if name not in AMBIGUOUS_NAMES}
    for blocks in b.mentions.values():
        for mentions in blocks.values():
            for m in mentions:
                names.setdefault(m.written.lower(), m.symbol)
    return names


def _aliases(b: Briefing) -> dict[str, str]:
    """Lower-case names of people and organisations -> entity id.

    Places are left out ("Geneva" against "Geneva, Switzerland" is never a
    disagreement worth an editor's time), and so are the briefing's own
    outlets: the agency a passage cites is its reporter, not an actor."""
    outlets = {s.outlet.lower() for s in b.sources if s.outlet}
    aliases = {}
    for e in b.entities:
        if e.kind == "place" or e.name.lower() in outlets or any(a.name.lower() in outlets for a in e.aliases):
            continue
        aliases[e.name.lower()] = e.id
        for alias in e.aliases:
            aliases[alias.name.lower()] = e.id
    return aliases


def _worth_review(c: A.Candidate, aliases: Mapping[str, str], kinds: Mapping[str, str]) -> bool:
    """Drop entity candidates that the notes already explain.

    Two different entities in one slot count only when both are of the same
    kind (a person against a place is an alignment accident); two names of one
    entity count only when they share no curated name ("Chinese President Xi
    Jinping" and "Chinese leader Xi Jinping" both contain "Xi Jinping")."""
    if c.kind != "entity":
        return True
    a, b = c.a_value.lower(), c.b_value.lower()
    in_a = {n for n in aliases if n in a}
    in_b = {n for n in aliases if n in b}
    if in_a & in_b:
        return False
    ids_a, ids_b = {aliases[n] for n in in_a}, {aliases[n] for n in in_b}
    if ids_a and ids_b and not ids_a & ids_b:
        return {kinds[i] for i in ids_a} == {kinds[i] for i in ids_b}
    return True


def _curated_derivations(b: Briefing) -> tuple[dict[str, list[A.Derivation]], set[str]]:
    """Derivations from the notes, and the articles the notes have reviewed."""
    curated: dict[str, list[A.Derivation]] = {}
    reviewed = set()
    for s in b.sources:
        if s.derived_from is None:
            continue
        reviewed.add(s.id)
        curated[s.id] = [A.Derivation(s.id, d.article, d.origin, "attribution", f"the notes: {d.evidence}", 1.0) for d in s.derived_from]
    return curated, reviewed


def analyse(b: Briefing, cache: BuildCache | None = None) -> Analysis:
    """Run the analysis on ``b``; pure, deterministic.

    ``cache`` keeps each article's sentences, and the whole search for
    candidates and derivations while none of its inputs changed (an edit to
    events, terms or verdicts reuses it)."""
    curated, reviewed = _curated_derivations(b)
    inputs = _Inputs(
        texts={s.id: s.article.body for s in b.sources},
        attributions={s.id: s.article.attributions for s in b.sources},
        outlets={s.id: s.outlet for s in b.sources if s.outlet and s.outlet != "unknown"},
        curated=curated,
        reviewed=reviewed,
        element_names=_element_names(b),
        aliases=_aliases(b),
        kinds={e.id: e.kind for e in b.entities},
        same_story=sorted({(min(s.id, other), max(s.id, other)) for s in b.sources for other in s.compare_with if other != s.id}),
    )
    if cache is None:
        found = _search(inputs, None)
    else:
        found = cache.memo("analysis").get(inputs.key(), lambda: _search(inputs, cache.memo("sentences")))
    unplaced, derivations, origins, candidates = found

    verdicts = {v.candidate: v for v in b.verdicts}
    dates = {s.id: s.date.end for s in b.sources if s.date}
    index = _anchor_index(b)
    reviews = []
    for c in candidates:
        v = verdicts.get(c.id)
        newest = max((d for d in (dates.get(c.a.article), dates.get(c.b.article)) if d), default=None)
        reviews.append(Review(c, v.verdict if v else "unreviewed", v, _anchor_at(index, c.a), _anchor_at(index, c.b), newest))
    reviews.sort(key=lambda r: (-r.candidate.severity, -(r.newest.toordinal() if r.newest else 0), r.id))
    found_ids = {c.id for c in candidates}
    orphans = tuple(v for v in b.verdicts if v.candidate not in found_ids)
    return Analysis(tuple(reviews), derivations, origins, orphans, unplaced)


@dataclass(frozen=True)
class _Inputs:
    """Everything the search for candidates and derivations reads."""

    texts: dict[str, str]
    attributions: dict[str, tuple[str, ...]]
    outlets: dict[str, str]
    curated: dict[str, list[A.Derivation]]
    reviewed: set[str]
    element_names: dict[str, str]
    aliases: dict[str, str]
    kinds: dict[str, str]
    same_story: list[tuple[str, str]]
    """Article pairs the notes say to compare (``compare_with``)."""

    def key(self) -> str:
        """A digest of every input, the same whatever the hash seed."""
        plain = {
            "texts": list(self.texts.items()),
            "attributions": list(self.attributions.items()),
            "outlets": sorted(self.outlets.items()),
            "curated": sorted((k, [dataclasses.astuple(d) for d in ds]) for k, ds in self.curated.items()),
            "reviewed": sorted(self.reviewed),
            "element_names": sorted(self.element_names.items()),
            "aliases": sorted(self.aliases.items()),
            "kinds": sorted(self.kinds.items()),
            "same_story": self.same_story,
        }
        return digest(json.dumps(plain, ensure_ascii=False))


_Found = tuple[tuple[str, ...], tuple[A.Derivation, ...], dict[str, str], list[A.Candidate]]


def _search(inputs: _Inputs, sentence_memo: Memo | None) -> _Found:
    """Inputs -> (articles sharing no story, derivations, origins, candidates worth review)."""
    texts = inputs.texts
    # Each article's sentences, and what the analysis reads of them alone.
    per_article = cached_map(sentence_memo, lambda item: A.prepare(A.split_sentences(*item)), list(texts.items()), lambda item: digest(*item))
    prepared = dict(zip(texts, per_article))
    sentences = {aid: p.sentences for aid, p in prepared.items()}
    links = [(d.child, d.parent) for ds in inputs.curated.values() for d in ds if d.parent] + inputs.same_story
    neighbours = A.story_neighbours(sentences, links, prepared)
    alignments = A.align(sentences, neighbours=neighbours, prepared=prepared)
    # A lone article is no news in a briefing of one; in a larger one it is.
    unplaced = tuple(aid for aid, others in sorted(neighbours.items()) if not others) if len(neighbours) > 1 else ()
    # Derivations first: they decide which pairs are worth comparing.
    detected = A.detect_derivations(texts, inputs.attributions, alignments, sentences, inputs.outlets)
    derivations = [d for d in detected if d.child not in inputs.reviewed] + [d for ds in inputs.curated.values() for d in ds]
    origins = A.independent_origins(list(texts), derivations)
    found_all = A.find_candidates(_informative(alignments, origins), element_names=inputs.element_names, aliases=inputs.aliases)
    candidates = [c for c in found_all if _worth_review(c, inputs.aliases, inputs.kinds)]
    return unplaced, tuple(sorted(derivations, key=lambda d: d.child)), dict(origins), candidates


def _informative(alignments: Sequence[A.Alignment], origins: Mapping[str, str]) -> list[A.Alignment]:
    """Pairs in which at least one side is an independent origin.

    Two articles that both derive from elsewhere (two rewrites of one wire
    report) differ only where one of them departs from its origin, and that
    is reported against the origin itself; comparing them with each other
    would list the same departure again for every sibling."""
    return [al for al in alignments if origins.get(al.a.article, al.a.article) == al.a.article or origins.get(al.b.article, al.b.article) == al.b.article]
