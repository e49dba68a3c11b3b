"""Chemical elements: facts from the ``periodictable`` library, and mentions of
element names (spelled right or slightly wrong) in article text.

Nothing here knows about rare earths beyond the IUPAC definition used for
``is_rare_earth``: every one of the 118 elements is looked up and found alike.

Finding mentions is one regex pass over the words of the text. A word is a
mention when it is

* an accepted spelling of an element name (``samarium``, ``aluminium``),
  case-insensitive and as a whole word; or
* a likely misspelling of one: at least ``MIN_FUZZY_LENGTH`` letters, starting
  with the same letter as the name, within ``max_edits(name)`` edits of it
  (optimal string alignment, so ``terbuim`` is one edit from ``terbium``), and
  not one of the real words listed in ``NEAR_MISS_WORDS``.

Element symbols alone (``Sm``, ``In``, ``As``) are never matched: in prose they
are mostly something else.
"""
from __future__ import annotations

import functools
import re
import types
from collections.abc import Mapping
from dataclasses import dataclass

import periodictable
from rapidfuzz.distance import OSA

__all__ = [
    "AMBIGUOUS_NAMES",
    "MIN_FUZZY_LENGTH",
    "NEAR_MISS_WORDS",
    "SPELLING_VARIANTS",
    "ElementFacts",
    "Mention",
    "element_facts",
    "facts_by_name",
    "find_mentions",
    "max_edits",
]

LANTHANIDES = range(57, 72)
"""Atomic numbers of the lanthanides, La (57) to Lu (71)."""

RARE_EARTHS_BEYOND_LANTHANIDES = frozenset({21, 39})
"""Scandium and yttrium: with the lanthanides, IUPAC's 17 rare earth elements."""

SPELLING_VARIANTS: Mapping[str, frozenset[str]] = types.MappingProxyType({
    "Al": frozenset({"aluminium", "aluminum"}),
    "Cs": frozenset({"caesium", "cesium"}),
    "S": frozenset({"sulphur", "sulfur"}),
})
"""Symbol -> every accepted spelling of its name (IUPAC, US and British),
whichever of them ``periodictable`` happens to use. None counts as misspelled."""

# Names whose everyday senses outnumber the element in news prose, so a match
# would be wrong more often than right: "lead" (verb; "take the lead"), "tin"
# (taxpayer IDs, "tin-pot"), "mercury" (the planet, companies, Freddie), "iron"
# ("iron out", "iron fist", "Iron Dome"). They are neither matched exactly nor
# used as targets for misspellings. Gold, silver, copper, carbon and nickel stay:
# in news they are mostly the commodity.
AMBIGUOUS_NAMES = frozenset({"lead", "tin", "mercury", "iron"})

MIN_FUZZY_LENGTH = 6
"""Shorter words are never taken for misspellings: too many real words are one
edit from a short name."""

# Real English words that pass every other misspelling test (same first letter,
# length, edit distance) against some element name. Generated once from
# Debian's wamerican-large + wbritish-large word lists; left out on purpose are
# plain plurals of names (handled by rule) and the dictionary's own
# misspellings and obsolete names, which *should* be flagged: "nickle",
# "florine", "lutecium", "protoactinium". Regenerate if ``max_edits`` changes.
NEAR_MISS_WORDS = frozenset({
    "actinism", "antimonyl", "aragon", "barnum", "bordon", "bromide",
    "california", "californian", "capper", "carboy", "carson", "carton",
    "chloride", "chlorite", "chopper", "cooper", "copernicus", "copier",
    "copped", "coppery", "copter", "corium", "cowper", "cropper", "fluorene",
    "fluoride", "fluorite", "gadolinite", "geranium", "germanism", "hahnium",
    "iodide", "iodise", "iodize", "molybdenous", "nicked", "nicker", "ostium",
    "phosphor", "phosphoric", "phosphorism", "phosphorous", "phosphors",
    "prometheus", "radius", "salver", "silicone", "silvern", "silvery",
    "sliver", "solver", "tantalus", "tennessee", "titanism",
})

# Runs of letters: digits, underscores, apostrophes and hyphens all split words,
# so "terbium's" and "samarium-cobalt" yield the names themselves.
WORD_RE = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class ElementFacts:
    """What the briefing needs to know about one chemical element."""

    symbol: str
    """Canonical symbol, e.g. ``Sm``."""
    name: str
    """Lower-case English name as ``periodictable`` spells it, e.g. ``samarium``."""
    number: int
    """Atomic number, e.g. 62."""
    is_lanthanide: bool
    """True for La (57) through Lu (71)."""
    is_rare_earth: bool
    """True for the lanthanides plus Sc and Y (IUPAC's 17 rare earth elements)."""


@dataclass(frozen=True)
class Mention:
    """One element name found in a text, exactly where and how it was written."""

    symbol: str
    """Canonical symbol of the element mentioned."""
    start: int
    """Offset of the first character in the searched text."""
    end: int
    """Offset just past the last character: ``text[start:end] == written``."""
    written: str
    """The word exactly as written, e.g. ``Terbiump``."""
    misspelled: bool
    """True when ``written`` (case-folded) is no accepted spelling of the name."""


@dataclass(frozen=True)
class _Table:
    """The element table, indexed every way the lookups below need."""

    by_symbol: Mapping[str, ElementFacts]
    """Canonical symbol -> facts."""
    by_name: Mapping[str, ElementFacts]
    """``periodictable``'s lower-case name -> facts."""
    exact: Mapping[str, ElementFacts]
    """Every accepted spelling of an unambiguous name -> facts."""
    fuzzy_targets: Mapping[str, tuple[tuple[str, ElementFacts], ...]]
    """First letter -> (spelling, facts) for misspelling look-ups, by atomic number."""


@functools.cache
def _read_table() -> _Table:
    """Build every index once from ``periodictable`` (element 0, the neutron, is skipped)."""
    facts = [
        ElementFacts(
            symbol=el.symbol,
            name=el.name.lower(),
            number=el.number,
            is_lanthanide=el.number in LANTHANIDES,
            is_rare_earth=el.number in LANTHANIDES or el.number in RARE_EARTHS_BEYOND_LANTHANIDES,
        )
        for el in periodictable.elements
        if el.number > 0
    ]
    exact: dict[str, ElementFacts] = {}
    fuzzy: dict[str, list[tuple[str, ElementFacts]]] = {}
    for f in facts:
        if f.name in AMBIGUOUS_NAMES:
            continue
        for spelling in sorted(_spellings(f)):
            exact[spelling] = f
            fuzzy.setdefault(spelling[0], []).append((spelling, f))
    return _Table(
        by_symbol=types.MappingProxyType({f.symbol: f for f in facts}),
        by_name=types.MappingProxyType({f.name: f for f in facts}),
        exact=types.MappingProxyType(exact),
        fuzzy_targets=types.MappingProxyType({k: tuple(v) for k, v in fuzzy.items()}),
    )


def _spellings(facts: ElementFacts) -> frozenset[str]:
    """Every accepted lower-case spelling of an element's name."""
    return frozenset({facts.name}) | SPELLING_VARIANTS.get(facts.symbol, frozenset())


def element_facts(symbol: str) -> ElementFacts:
    """Facts for a canonical, case-sensitive symbol (``Sm``, not ``sm``).

    Raises ``ValueError("unknown element symbol 'Xx'")`` for anything else.
    """
    try:
        return _read_table().by_symbol[symbol]
    except KeyError:
        raise ValueError(f"unknown element symbol {symbol!r}") from None


def facts_by_name() -> Mapping[str, ElementFacts]:
    """Read-only map of ``periodictable``'s lower-case name -> facts, all 118
    elements, one entry each (variant spellings: see ``SPELLING_VARIANTS``)."""
    return _read_table().by_name


def max_edits(name: str) -> int:
    """How many edits a misspelling of ``name`` may be away from it: 1, or 2
    for names of 10 letters or more (``dysprosium``, ``praseodymium``)."""
    return 1 if len(name) < 10 else 2


def find_mentions(text: str) -> list[Mention]:
    """Every element name in ``text``, correct or misspelled (see the module
    docstring for the rules), as non-overlapping mentions sorted by ``start``.

    Runs in time linear in ``len(text)``: each word costs a dict look-up and,
    at worst, a bounded number of distance computations against the few names
    sharing its first letter.
    """
    # Most passages name no element: their distinct words (C-speed) say so
    # without walking every match.
    if not any(map(_classify, set(map(str.casefold, WORD_RE.findall(text))))):
        return []
    mentions: list[Mention] = []
    for match in WORD_RE.finditer(text):
        word = match.group()
        found = _classify(word.casefold())
        if found is not None:
            mentions.append(Mention(found[0], match.start(), match.end(), word, found[1]))
    return mentions


@functools.lru_cache(maxsize=1 << 16)
def _classify(key: str) -> tuple[str, bool] | None:
    """(symbol, misspelled) for a case-folded word, or None. Depends on the
    word alone, and text repeats a few thousand words: cached."""
    table = _read_table()
    found = table.exact.get(key)
    if found is not None:
        return found.symbol, False
    found = _match_misspelling(key, table)
    return None if found is None else (found.symbol, True)


def _match_misspelling(key: str, table: _Table) -> ElementFacts | None:
    """The element whose name the case-folded word ``key`` most likely
    misspells, or None. Ties go to the lower atomic number."""
    if len(key) < MIN_FUZZY_LENGTH or key in NEAR_MISS_WORDS:
        return None
    # Plurals of names ("nickels") are real words, not typos; they are not
    # mentions either, since nothing downstream needs them.
    if key.endswith("s") and (key[:-1] in table.exact or (key.endswith("es") and key[:-2] in table.exact)):
        return None
    best: tuple[int, int, ElementFacts] | None = None
    # Typos rarely hit the first letter, while many real words sit one edit
    # away from a name with another first letter (podium/sodium, jargon/argon).
    for spelling, facts in table.fuzzy_targets.get(key[0], ()):
        limit = max_edits(spelling)
        if abs(len(spelling) - len(key)) > limit:
            continue
        distance = OSA.distance(key, spelling, score_cutoff=limit)
        if distance <= limit and (best is None or (distance, facts.number) < best[:2]):
            best = (distance, facts.number, facts)
    return None if best is None else best[2]
