"""Compare numbers: the same kind and unit, another value."""
from __future__ import annotations

from ..difference import Difference, _spans
from ..features import _Features


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
