"""Element facts and element-name mentions (generator/elements.py)."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator import elements
from generator.elements import (
    AMBIGUOUS_NAMES,
    NEAR_MISS_WORDS,
    ElementFacts,
    Mention,
    element_facts,
    facts_by_name,
    find_mentions,
)

# The seed articles, kept verbatim as the default content.
SEEDS = Path(__file__).resolve().parents[1] / "content" / "articles"


def read_seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def found(text: str) -> set[tuple[str, str, bool]]:
    return {(m.written, m.symbol, m.misspelled) for m in find_mentions(text)}


# --- Facts -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("symbol", "name", "number", "lanthanide", "rare_earth"),
    [
        ("Sm", "samarium", 62, True, True),
        ("Sc", "scandium", 21, False, True),
        ("Y", "yttrium", 39, False, True),
        ("La", "lanthanum", 57, True, True),
        ("Lu", "lutetium", 71, True, True),
        ("Dy", "dysprosium", 66, True, True),
        ("Ba", "barium", 56, False, False),
        ("Hf", "hafnium", 72, False, False),
        ("Fe", "iron", 26, False, False),
    ],
)
def test_element_facts(symbol: str, name: str, number: int, lanthanide: bool, rare_earth: bool) -> None:
    assert element_facts(symbol) == ElementFacts(symbol, name, number, lanthanide, rare_earth)


@pytest.mark.parametrize("symbol", ["Xx", "sm", "", "Samarium", "n"])
def test_unknown_symbol_message(symbol: str) -> None:
    with pytest.raises(ValueError) as err:
        element_facts(symbol)
    assert str(err.value) == f"unknown element symbol {symbol!r}"
    assert not isinstance(err.value, KeyError)


def test_unknown_symbol_message_exact_text() -> None:
    with pytest.raises(ValueError, match=r"^unknown element symbol 'Xx'$"):
        element_facts("Xx")


def test_facts_by_name_is_the_whole_table() -> None:
    table = facts_by_name()
    assert len(table) == 118
    assert table["samarium"] == element_facts("Sm")
    assert table["oganesson"].number == 118
    assert all(name == facts.name == name.lower() for name, facts in table.items())
    assert sorted(f.number for f in table.values()) == list(range(1, 119))
    assert sum(f.is_lanthanide for f in table.values()) == 15
    assert sorted(f.symbol for f in table.values() if f.is_rare_earth and not f.is_lanthanide) == ["Sc", "Y"]
    assert sum(f.is_rare_earth for f in table.values()) == 17
    assert facts_by_name() is table  # cached


def test_facts_by_name_is_read_only() -> None:
    with pytest.raises(TypeError):
        facts_by_name()["unobtainium"] = element_facts("Sm")  # type: ignore[index]


# --- Mentions in the real seed articles --------------------------------------


def test_seed_002_mentions_exactly() -> None:
    assert found(read_seed("002")) == {
        ("samarium", "Sm", False),
        ("gadolinium", "Gd", False),
        ("terbiump", "Tb", True),
        ("dysprosium", "Dy", False),
        ("lutetium", "Lu", False),
        ("scandium", "Sc", False),
        ("yttrium", "Y", False),
    }


def test_seed_003_mentions_samarium_and_001_scandium() -> None:
    assert "Sm" in {m.symbol for m in find_mentions(read_seed("003"))}
    assert "Sc" in {m.symbol for m in find_mentions(read_seed("001"))}


def test_seeds_have_one_misspelling_and_only_real_names() -> None:
    paths = sorted(SEEDS.glob("*.txt"))
    assert len(paths) == 5
    misspelled = []
    for path in paths:
        for m in find_mentions(path.read_text(encoding="utf-8")):
            if m.misspelled:
                misspelled.append((path.name[:3], m.written, m.symbol))
            else:
                assert m.written.casefold() == element_facts(m.symbol).name, (path.name, m)
    assert misspelled == [("002", "terbiump", "Tb")]


def test_offsets_point_at_the_written_word() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts.append("«Samarium»-cobalt, TERBIUM's kin: dysprosim\nand\tNeodymium.")
    total = 0
    for text in texts:
        mentions = find_mentions(text)
        total += len(mentions)
        for m in mentions:
            assert text[m.start:m.end] == m.written
        assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))
    assert total > 20


def test_mentions_in_order_with_offsets() -> None:
    # Hyphens, apostrophes and digits (isotopes written "lutetium177") end words.
    text = "Samarium-cobalt magnets; TERBIUM's price; dysprosim; lutetium177."
    assert find_mentions(text) == [
        Mention("Sm", 0, 8, "Samarium", False),
        Mention("Co", 9, 15, "cobalt", False),
        Mention("Tb", 25, 32, "TERBIUM", False),
        Mention("Dy", 42, 51, "dysprosim", True),
        Mention("Lu", 53, 61, "lutetium", False),
    ]


# --- Misspellings and spelling variants --------------------------------------


@pytest.mark.parametrize(
    ("written", "symbol"),
    [
        ("terbiump", "Tb"),
        ("Terbiump", "Tb"),
        ("dysprosim", "Dy"),
        ("samariam", "Sm"),
        ("terbuim", "Tb"),  # transposition: one edit
        ("praseodymum", "Pr"),
        ("praesodymium", "Pr"),
        ("nickle", "Ni"),
        ("hydrogne", "H"),
        ("aluminim", "Al"),
        ("lutecium", "Lu"),  # obsolete spelling: flagged on purpose
    ],
)
def test_misspellings_are_found(written: str, symbol: str) -> None:
    assert found(f"Prices of {written} rose.") == {(written, symbol, True)}


@pytest.mark.parametrize(
    ("written", "symbol"),
    [
        ("aluminium", "Al"),
        ("Aluminum", "Al"),
        ("caesium", "Cs"),
        ("cesium", "Cs"),
        ("sulphur", "S"),
        ("SULFUR", "S"),
    ],
)
def test_spelling_variants_are_not_misspellings(written: str, symbol: str) -> None:
    assert found(f"Prices of {written} rose.") == {(written, symbol, False)}


def test_any_element_not_only_rare_earths() -> None:
    text = "Hydrogen, oganesson, Copper, gold, silver, carbon, tungsten and uranium."
    assert [m.symbol for m in find_mentions(text)] == ["H", "Og", "Cu", "Au", "Ag", "C", "W", "U"]
    assert not any(m.misspelled for m in find_mentions(text))


# --- Things that must not match ----------------------------------------------


def test_trap_words_yield_nothing() -> None:
    text = (
        "In terms of premium, medium and stadium seats, the minimum and maximum podium "
        "radius of the consortium's auditorium, aquarium, atrium and gymnasium: a curious "
        "cranium, the moratorium, equilibrium and millennium symposium, opium tedium. "
        "Cooper's copier and chopper, a sliver of silicone, chloride and fluoride, iodide, "
        "Tennessee and California, Californian geranium, Prometheus, irony, ironic, "
        "leader, tinted, argonaut, carbonate, golden, silvery, coppery, neonatal, jargon."
    )
    assert find_mentions(text) == []


def test_symbols_alone_are_not_mentions() -> None:
    assert find_mentions("Sm, Dy, Tb, Nd, In, As, He, Be, No, I and U.") == []


def test_ambiguous_names_are_not_mentions() -> None:
    assert {"lead", "tin", "mercury", "iron"} <= AMBIGUOUS_NAMES
    text = "Lead the talks, iron out the tin deal, Mercury rising; LEAD, Iron, TIN."
    assert find_mentions(text) == []
    # Nor are they targets for misspellings.
    assert find_mentions("mercuri mercurry") == []


def test_names_inside_longer_words_are_not_mentions() -> None:
    assert find_mentions("terbiumoxide ytterbiumlike nonsamarium") == []


def test_plurals_of_names_are_not_misspellings() -> None:
    assert find_mentions("nickels, carbons, coppers and silicons") == []


def test_short_words_are_never_misspellings() -> None:
    # "argun" is one edit from argon but has fewer than six letters.
    assert find_mentions("argun xenan boran") == []


def test_first_letter_must_match() -> None:
    # One edit from sodium, argon, helium: but a different first letter.
    assert find_mentions("podium jargon telium") == []


def test_every_near_miss_word_is_needed(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each listed word would be flagged without the list: no dead entries, and
    # the list is what keeps them out.
    monkeypatch.setattr(elements, "NEAR_MISS_WORDS", frozenset())
    elements._classify.cache_clear()  # words are classified once per process
    try:
        for word in sorted(NEAR_MISS_WORDS):
            assert [m.misspelled for m in find_mentions(word)] == [True], word
    finally:
        elements._classify.cache_clear()
