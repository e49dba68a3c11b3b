"""Cross-source analysis: what several articles about one story share, where they
differ, and which of them copy which.

The stages, each plain data in and plain data out, one module each:

1. ``sentences``: split an article's cleaned text into sentences (pysbd, or the
   same split found without it where every sentence end is plain), with
   offsets into the text.
2. ``tokens``: tokenise each sentence once (words, normal forms, stems,
   informative tokens, names), per article, kept by the build cache.
3. ``stories``: pair the articles that tell the same story (who and where they
   name), so that one story's figures are never set against another's.
4. ``alignment``: sentences of paired articles that report the same thing (an
   inverted index proposes a bounded number of partners, rapidfuzz scores them).
5. ``features``: what each aligned sentence says that can differ (``dates``,
   ``quantities``, ``mentions`` of quotes, ``names``), parsed once.
6. ``candidates``: the comparators of ``compare/`` (numbers, dates, elements,
   names, quotes, modality) run on every aligned pair; their differences are
   named and deduplicated as candidates for an editor's verdict.
7. ``derive``: attribution lines, datelines and shared text tell copies from
   originals; ``independent_origins`` follows the chains.

Nothing here knows the story: every rule is about English news prose.
"""
from __future__ import annotations

from .alignment import ALIGN_THRESHOLD, AlignStats, Alignment, align
from .candidates import Candidate, find_candidates
from .derive import Derivation, detect_derivations, independent_origins, parse_attribution, parse_dateline
from .difference import Difference
from .memory import cycle_collection_paused
from .names import NameFinder
from .sentences import Sentence, split_sentences
from .stories import story_neighbours
from .tokens import Prepared, prepare, prepare_all

__all__ = [
    "ALIGN_THRESHOLD",
    "AlignStats",
    "Alignment",
    "Candidate",
    "Derivation",
    "Difference",
    "NameFinder",
    "Prepared",
    "Sentence",
    "align",
    "cycle_collection_paused",
    "detect_derivations",
    "find_candidates",
    "independent_origins",
    "parse_attribution",
    "parse_dateline",
    "prepare",
    "prepare_all",
    "split_sentences",
    "story_neighbours",
]
