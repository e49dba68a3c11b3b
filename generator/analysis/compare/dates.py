"""Compare dates: the same granularity, another value; a dateline taken for an event date."""
from __future__ import annotations

import functools

from ..difference import Difference, _spans
from ..features import _Features
from ..mentions import _Mention


def _date_fields(kind: str, value: str) -> dict[str, str]:
    """The calendar fields a date expression pins down."""
    if kind in ("md", "m"):
        parts = value.split("-")
        fields = {"year": parts[0]} if len(parts[0]) == 4 else {}
        rest = parts[1:] if fields else parts
        fields["month"] = rest[0]
        if kind == "md":
            fields["day"] = rest[1]
        return fields
    return {{"d": "day", "wd": "weekday", "rel": "relative", "y": "year"}[kind]: value}


def _date_relation(x: _Mention, y: _Mention) -> bool | None:
    """True if two dates agree, False if they contradict, None if incomparable."""
    return _relate_dates(x.kind, x.value, y.kind, y.value)


@functools.lru_cache(maxsize=1 << 14)
def _relate_dates(x_kind: str, x_value: str, y_kind: str, y_value: str) -> bool | None:
    # A briefing has few distinct dates and compares them in every pair: cached.
    fx, fy = _date_fields(x_kind, x_value), _date_fields(y_kind, y_value)
    common = fx.keys() & fy.keys()
    if not common:
        return None
    return all(fx[k] == fy[k] for k in common)


def compare_dates(fa: _Features, fb: _Features) -> list[Difference]:
    """Event dates that contradict each other (same granularity, other value), and
    a date that is one report's dateline but an event date in the other."""
    if not (fa.dates and fb.dates):
        return []
    differences = []
    # A date agreeing with any date of the other side is accounted for;
    # the rest pair off one to one, in order, only where they contradict.
    events_a = [d for d in fa.dates if d.unit != "dateline"]
    events_b = [d for d in fb.dates if d.unit != "dateline"]
    only_a = [x for x in events_a if not any(_date_relation(x, y) for y in events_b)]
    only_b = [y for y in events_b if not any(_date_relation(x, y) for x in events_a)]
    used: set[int] = set()
    for x in only_a:
        for k, y in enumerate(only_b):
            if k not in used and _date_relation(x, y) is False:
                used.add(k)
                differences.append(Difference("date", x.text, y.text, _spans([x]), _spans([y]), 3))
                break
    # The dateline says when the report was filed, not when anything happened.
    for x in fa.dates:
        for y in fb.dates:
            if (x.unit == "dateline") != (y.unit == "dateline") and _date_relation(x, y):
                differences.append(Difference(
                    "date", x.text, y.text, _spans([x]), _spans([y]), 2,
                    "dateline" if x.unit == "dateline" else "event date",
                    "dateline" if y.unit == "dateline" else "event date",
                ))
    return differences
