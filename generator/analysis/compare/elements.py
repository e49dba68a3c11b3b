"""Compare chemical elements named in the same passage."""
from __future__ import annotations

from ..difference import Difference, _joined, _spans
from ..features import _Features


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
