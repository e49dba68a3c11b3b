"""Stage 7, derive: attribution lines, datelines and shared text tell copies from originals."""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .alignment import Alignment
from .compare.names import _name_tokens
from .dates import _DATELINE_RE, parse_dates
from .memory import cycle_collection_paused
from .sentences import Sentence


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
