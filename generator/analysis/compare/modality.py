"""Compare modality: hedged on one side, stated as fact on the other."""
from __future__ import annotations

import re
from collections import defaultdict

from ..difference import MODAL_WORDS, Difference
from ..features import _Features
from ..tokens import STOPWORDS, _Word


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
