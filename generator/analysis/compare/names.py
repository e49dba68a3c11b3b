"""Compare names: one entity named two ways, or another entity in the same slot."""
from __future__ import annotations

import functools

from ..difference import _CORPORATE_SUFFIXES, Difference, _spans
from ..features import _Features
from ..names import _NAME_SEPARATOR_RE


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
