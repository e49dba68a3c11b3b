"""Stage 6, compare: differences inside aligned pairs, named and deduplicated as candidates."""
from __future__ import annotations

import functools
import hashlib
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..parallel import fork_map
from .alignment import MAX_DF_SHARE, Alignment
from .compare.dates import compare_dates
from .compare.elements import compare_elements
from .compare.modality import compare_modality
from .compare.names import compare_entities
from .compare.numbers import compare_numbers
from .compare.quotes import compare_quotes
from .difference import MAX_QUOTE_WORDS, Difference
from .features import _Features
from .memory import cycle_collection_paused
from .names import NameFinder
from .sentences import Sentence
from .tokens import parse_norms


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
