"""Deterministic synthetic briefing for the scale benchmark.

``python bench/synth.py N OUT_DIR [--seed S]`` writes ``OUT_DIR/articles/*.txt``
and ``OUT_DIR/notes/*.yml``: N articles about invented trade disputes, with the
mess of real web captures, and notes whose every quote is verbatim. The same N,
seed and topic rate always give the same bytes.

How the text is made:

* Articles come in *stories* of 5-10. Each story draws its own cast, places,
  figures and dates, and a set of *facts*; a fact is a sentence template with
  several phrasings (``wire``, ``plain``, ``trans``, ``bullet``).
* One to three *originals* per story realise the facts in their own phrasing,
  mixed with filler sentences unique to each article. The others derive from an
  original (or, sometimes, from another derivative): a *copy* repeats it
  verbatim, a *rewrite* swaps words and some figures, a *translation*
  paraphrases the facts, an *aggregator* page summarises them in bullets above
  a listing of other stories.
* A capture is then laid out with the mess the ingest recognises: hard wraps
  mid-sentence, photo-caption runs, "opens new tab" hints, chart captions,
  attribution and disclaimer lines, aggregator listings.

The synthesiser keeps the *clean* text of every passage (what the ingest should
recover: hard-wrapped lines joined with single spaces, boilerplate removed), and
quotes in the notes are taken from that clean text. Line breaks are never placed
where the ingest would end a passage (after a sentence end) or set a line aside
(a line starting ``Related``, ``3 of 5`` ...), so the recovered passages are the
clean ones.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

# --- Vocabulary -----------------------------------------------------------------

#: Invented countries: (name, adjective, capital as in a dateline).
COUNTRIES: tuple[tuple[str, str, str], ...] = (
    ("Valdoria", "Valdorian", "VELMAR"),
    ("Merovia", "Merovian", "ARDEN"),
    ("Kestland", "Kestish", "KESTON"),
    ("Lorvania", "Lorvanian", "LORIS"),
    ("Saldria", "Saldrian", "SALDA"),
    ("Threnia", "Threnian", "THRENNE"),
    ("Corvala", "Corvalan", "CORVA"),
    ("Eskaria", "Eskarian", "ESKAR"),
    ("Brennia", "Brennian", "BRENNHOLM"),
    ("Ostrelia", "Ostrelian", "PORT OSTREL"),
    ("Durmania", "Durmanian", "DURMOND"),
    ("Quessa", "Quessan", "QUESSA CITY"),
)
CITIES = (
    "Castor Bay", "Linden", "Port Alder", "Halvik", "Norrholm", "Belmonte", "San Calvo",
    "Marrow Point", "Kelby", "Varnsee", "Tollund", "Aldenmoor", "Greywater", "Sundby",
)
AGENCIES = ("Globe Wire", "Meridian News", "Northwire", "Continental Press", "Harbor Wire", "Atlas News Agency")
OUTLETS = (
    "Daily Ledger", "The Courier", "Market Pulse", "Eastern Herald", "Trade Insider",
    "Metals Weekly", "The Morning Post", "Policy Desk", "Capital Observer",
)
AGGREGATORS = ("Ground View", "NewsLens", "Story Compass")
FIRST_NAMES = (
    "Anton", "Ilse", "Oskar", "Marta", "Teodor", "Liesel", "Karel", "Ines", "Bruno", "Sabine",
    "Matteo", "Hanne", "Jonas", "Petra", "Emil", "Greta", "Lukas", "Nadia", "Viktor", "Elin",
    "Tomas", "Alma", "Felix", "Runa", "Pavel", "Clara", "Stefan", "Mira", "Gustav", "Lena",
    "Aurel", "Dagny", "Henrik", "Ottilie", "Rafael", "Sigrun", "Walter", "Yara", "Bernd", "Irina",
)
SYLLABLES = (
    "ver", "hal", "tor", "mund", "bre", "vik", "lan", "dor", "ska", "ren", "mar", "ost",
    "hel", "grav", "lin", "sel", "rok", "bau", "wen", "dal", "kor", "fen", "berg", "ton",
    "rup", "mel", "sand", "holt", "ek", "nor",
)
COMPANY_NOUNS = ("Magnetics", "Metals", "Materials", "Minerals", "Alloys", "Refining")
COMPANY_SUFFIXES = ("Group", "Holdings", "Corp", "Industries")
EXCHANGES = ("VX", "KS", "MV", "LX")
TITLES_A = ("President", "Prime Minister", "Chancellor")
TITLES_B = ("Premier", "President", "Chairman")
MINISTER_TITLES = ("Finance Minister", "Trade Minister", "Treasury Secretary")

#: Commodity families: (commodity, short name, element (symbol, name) pool).
COMMODITIES: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("rare earth materials", "rare earth magnets", (
        ("Sm", "samarium"), ("Gd", "gadolinium"), ("Tb", "terbium"), ("Dy", "dysprosium"),
        ("Lu", "lutetium"), ("Sc", "scandium"), ("Y", "yttrium"), ("Nd", "neodymium"), ("Pr", "praseodymium"),
    )),
    ("battery metals", "battery-grade metals", (
        ("Li", "lithium"), ("Co", "cobalt"), ("Ni", "nickel"), ("Mn", "manganese"), ("Na", "sodium"),
    )),
    ("semiconductor minerals", "chipmaking minerals", (
        ("Ga", "gallium"), ("Ge", "germanium"), ("In", "indium"), ("Te", "tellurium"), ("Sb", "antimony"),
    )),
    ("specialty alloy metals", "alloy metals", (
        ("W", "tungsten"), ("Mo", "molybdenum"), ("V", "vanadium"), ("Nb", "niobium"), ("Ta", "tantalum"),
    )),
)
WEAPONS = ("fighter jets", "missile systems", "radar arrays", "naval drones", "guidance systems", "armoured vehicles")
TECHS = ("artificial intelligence chips", "chipmaking equipment", "jet engines", "chip design software", "industrial robots")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
NUMBER_WORDS = ("three", "four", "five", "six", "seven", "eight", "nine", "twelve")
SECTORS = ("metals markets", "defence supply chains", "battery supply", "commodity trade", "export controls")
FIRMS = ("Halden Capital", "Norrsken Research", "Bluestone Advisory", "Kite Analytics", "Tern & Moor", "Vesper Securities")
ORGS = ("International Minerals Council", "Global Supply Forum", "Northern Trade Institute", "Metals Outlook Group")
PRODUCTS = ("magnet blocks", "cathode powder", "wafer substrates", "alloy billets", "motor assemblies")
CUSTOMERS = ("carmakers", "turbine makers", "defence contractors", "electronics assemblers", "shipyards")
CLAUSES = (
    "demand from carmakers remained strong",
    "it had secured new supply contracts",
    "licence delays had slowed deliveries",
    "prices would stay volatile through the year",
    "buyers were building up stocks ahead of the deadline",
    "smelters were running below capacity",
    "the outlook for the second half was uncertain",
    "spot prices had almost doubled since the spring",
    "several customers had postponed orders",
    "shipping times had lengthened by several weeks",
)
CLAIMS = (
    "Temporary accommodation of some concerns is possible, but the fundamental imbalance cannot be resolved within this timeframe",
    "Both sides have learned that supply chains are leverage",
    "Nobody should expect a comprehensive deal before the deadline",
    "The licences buy time, not certainty",
    "It has taken a few punches in the nose to recognise that the old playbook no longer works",
    "Markets are pricing in a long stand-off",
    "This is a truce, not a settlement",
    "Every concession on minerals will be matched by a demand on technology",
)
TERMS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("green channel", ("fast lane",), "A faster licence route offered for trusted foreign companies."),
    ("end-user certificate", ("end-use certificate",), "A buyer's signed statement of what an export will be used for."),
    ("dual-use licence", ("dual-use license",), "Permission to export goods with both civilian and military uses."),
    ("priority lane", ("priority track",), "A queue for licence applications that are reviewed first."),
    ("compliance review", ("compliance check",), "An audit of an exporter's paperwork before a licence is granted."),
    ("export quota", ("quota",), "A cap on the tonnage that may be exported in a period."),
)
#: Words a rewrite may swap (small word changes between near-copies).
SYNONYMS = {
    "said": "stated", "says": "states", "talks": "negotiations", "deal": "agreement", "curbs": "restrictions",
    "signalled": "indicated", "promised": "pledged", "largely": "mainly", "faltered": "stalled",
    "officials": "authorities", "people": "sources", "untouched": "unresolved", "specialized": "specialised",
    "licences": "licenses", "defence": "defense", "rose": "climbed", "fell": "dropped", "warned": "cautioned",
    "estimates": "calculates", "strong": "robust", "approval": "clearance", "permanent": "lasting",
}

# --- Facts: the sentences a story is told with ----------------------------------

#: Fact id -> phrasing -> templates. ``{x}`` are story slots; ``|`` never appears.
FACTS: dict[str, dict[str, tuple[str, ...]]] = {
    "truce": {
        "wire": (
            "The renewed {A}-{B} trade truce struck in {city} left a key area of export restrictions tied to national security untouched, an unresolved conflict that threatens a more comprehensive deal, two people briefed on the talks told {agency}.",
            "A trade truce agreed in {city} between {A} and {B} has left export curbs on military-use {commodity} in place, two people familiar with the outcome of the talks told {agency}.",
        ),
        "plain": (
            "{A} and {B} agreed a trade truce in {city}, but the deal left export curbs on military-use {commodity} in place, according to two people familiar with the talks.",
        ),
        "trans": (
            "According to two sources, the agreement reached between {B} and {A} in {city} does not include military {commodity}.",
            "Two anonymous sources disclosed to {agency} that the trade truce agreement reached in {city} did not address a crucial export restriction area related to national security.",
        ),
        "bullet": ("{A} and {B} struck a renewed trade truce in {city}, but export restrictions on military-use {commodity} remain",),
    },
    "withheld": {
        "wire": ("{B} has not committed to grant export clearance for some specialized {commodity_short} that {AdjA} military suppliers need for {weapon1} and {weapon2}, the people said.",),
        "plain": ("The people said {B} had not agreed to clear exports of the specialized {commodity_short} that {AdjA} defence suppliers use in {weapon1} and {weapon2}.",),
        "trans": ("According to these sources familiar with the negotiations, {B} has not committed to granting export licenses for certain specialized {commodity_short} needed for {weapon1} and {weapon2} for {AdjA} military suppliers.",),
        "bullet": ("{B} withholding export of certain military-use {commodity}",),
    },
    "link": {
        "wire": ("At talks in {city} last week, {AdjB} negotiators appeared to link progress in lifting export controls on military-use {commodity_short} with the longstanding {AdjA} curbs on exports of advanced {tech} to {B}.",),
        "plain": ("{AdjB} negotiators in {city} tied any easing of controls on military-use {commodity_short} to {AdjA} limits on sales of {tech}.",),
        "trans": ("In the talks, {AdjB} negotiators sought to link the lifting of export controls on military {commodity_short} to the long-standing {AdjA} export restrictions on {B}’s most advanced {tech}.",),
        "bullet": ("{B} negotiators in {city} appeared to link {commodity} exports to {AdjA} {tech} curbs",),
    },
    "extension": {
        "wire": ("In addition, {AdjA} officials also signalled they are looking to extend existing tariffs on {B} for a further {ext} beyond the {deadline} deadline agreed in {earlier_city} last month, both sources said.",),
        "plain": ("{AdjA} officials are considering extending current tariffs on {B} by {ext} past the {deadline} deadline set in {earlier_city}, the sources said.",),
        "trans": ("The anonymous sources indicated that {AdjA} officials hinted at considering extending the existing tariffs on {B} beyond the {deadline} deadline agreed upon last month in {earlier_city} for another {ext}.",),
        "bullet": ("{A} signalled possible extension to current tariffs beyond {deadline} deadline, sources say",),
    },
    "nocomment": {
        "wire": ("The {gov_a} and the {dept} did not immediately respond to requests for comment, and {B_poss} foreign ministry did not respond to faxed requests for comment.",),
        "plain": ("Neither government responded to requests for comment.",),
        "trans": ("{agency} has not received comments from the {gov_a}, and neither has {B_poss} foreign ministry responded to requests for comment.",),
        "bullet": (),
    },
    "leader": {
        "wire": ("{leader_a} said on {weekday} the handshake deal reached in {city} was a \"great deal,\" adding, \"we have everything we need, and we're going to do very well with it.\"",),
        "plain": ("{leader_a_short} called the {city} agreement \"a great deal\" on {weekday}.",),
        "trans": ("{leader_a} described the {city} agreement as an excellent deal, stating that the necessary elements are in place and the outcome will be successful.",),
        "bullet": ("{leader_a_short} described the {city} agreement as a great deal",),
    },
    "dominance": {
        "wire": ("{B} dominates global production of {commodity} and holds a virtual monopoly on refining and processing.",),
        "plain": ("{B} controls most of the world's output of {commodity} and nearly all of the refining.",),
        "trans": ("{B} dominates global {commodity} production and holds almost a monopoly in refining and processing.",),
        "bullet": ("{B} dominates global production and processing of {commodity}",),
    },
    "earlier": {
        "wire": ("A deal reached in {earlier_city} last month to reduce bilateral tariffs from crushing triple-digit levels had faltered over {B_poss} restrictions on {commodity} exports that took shape in {controls_month}.",),
        "plain": ("Last month's agreement in {earlier_city} to cut tariffs from triple-digit levels had stalled over {B_poss} {controls_month} export restrictions.",),
        "trans": ("An agreement reached last month in {earlier_city} aimed to lower bilateral tariffs from triple digits but was hindered by {B_poss} restrictions on the export of {commodity} starting in {controls_month}.",),
        "bullet": ("The truce followed {earlier_city} talks last month that reduced bilateral tariffs",),
    },
    "fasttrack": {
        "wire": ("At the {city} talks, {B} promised to fast-track approval of export applications from non-military {AdjA} manufacturers out of the {pending} currently pending, one of the sources said. Those licences will have a {months}-month term.",),
        "plain": ("{B} agreed to speed up licences for civilian {AdjA} manufacturers, one source said, and the licences will run for {months} months.",),
        "trans": ("One source said that during the {city} negotiations, {B} committed to establishing a fast-track approval process for applications from non-military {AdjA} manufacturers. Licenses issued after approval are valid for {months} months.",),
        "bullet": (),
    },
    "company": {
        "wire": ("Initial signals were positive, with {AdjB} magnet producer {company} {ticker}, saying on {weekday} it had obtained export licences that included {A}.",),
        "plain": ("{company_short} said on {weekday} it had received export licences covering {A}.",),
        "trans": ("Preliminary signals were positive: on {weekday}, {AdjB} manufacturer {company_alt} said it had obtained export permits, including those for {A}.",),
        "bullet": (),
    },
    "ministry": {
        "wire": ("{ministry} confirmed it had approved some \"compliant applications\" for export licences.",),
        "plain": ("{ministry} said some \"compliant\" applications had been approved.",),
        "trans": ("{ministry} confirmed that some “compliant” export permit applications had been approved.",),
        "bullet": (),
    },
    "element": {
        "wire": ("But {B} has not budged on specialized {commodity}, including {el0}, which are needed for military applications and are outside the fast-track agreed in {city}, the two people said.",),
        "plain": ("Specialized {commodity} such as {el0}, used in military applications, are not covered by the fast track, the people said.",),
        "trans": ("But two sources told {agency} that {B} did not make concessions on special {commodity}, including {el0} for military use.",),
        "bullet": ("{B} has not budged on {el0}, which military suppliers need",),
    },
    "others": {
        "wire": ("Automakers and other manufacturers largely need other {commodity_short}, including {el1} and {el2}.",),
        "plain": ("Carmakers mostly rely on {el1} and {el2} instead.",),
        "trans": ("Automotive and other industrial manufacturers mainly need other {commodity_short}, including {el1} and {el2}.",),
        "bullet": (),
    },
    "call": {
        "wire": ("The rushed trade meeting in {city} followed a call last week between {leader_a_short} and {AdjB} leader {leader_b}.",),
        "plain": ("The {city} meeting came after {leader_a_short} spoke by phone with {leader_b}.",),
        "trans": ("The trade talks in {city} came after a phone call between {leader_a} and {AdjB} {leader_b}.",),
        "bullet": (),
    },
    "tariff": {
        "wire": ("{leader_a_short} said tariffs would be set at {tariff_a} for {B}, while {B} had agreed to {tariff_b} from {A}.",),
        "plain": ("Under the truce, {A} will charge {tariff_a} on goods from {B}, which will charge {tariff_b} in return, {leader_a_short} said.",),
        "trans": ("{leader_a_short} had initially imposed a {tariff_a} tariff on {B} as a response to its massive trade surplus.",),
        "bullet": ("{leader_a_short} said {AdjA} tariffs on {B} would be set at {tariff_a}",),
    },
    "analyst": {
        "wire": ("\"{claim},\" said {analyst}, {analyst_role}.",),
        "plain": ("{analyst}, {analyst_role}, said: \"{claim}.\"",),
        "trans": ("{analyst_alt}, {analyst_role}, said that “{claim}.”",),
        "bullet": (),
    },
    "controls": {
        "wire": ("Since {controls_date}, {B} has required licences for exports of {n_el} {commodity_short}, including {el_list}.",),
        "plain": ("Export licences have been required for {el_list} since {controls_date}.",),
        "trans": ("Since {controls_date}, {B} has been controlling the export of {n_el} types of {commodity}, including {el_list}, as well as related alloys, oxides, and compounds.",),
        "bullet": (),
    },
    "statement": {
        "wire": ("{ministry} said in a statement on {stmt_date} that \"a certain number of export applications\" had been approved in accordance with regulations.",),
        "plain": ("In a statement on {stmt_date}, {ministry} said a certain number of export applications had been approved.",),
        "trans": ("{ministry} stated in a statement released on the afternoon of the {stmt_ord}, “According to regulations, a certain number of export permit applications has been approved.”",),
        "bullet": (),
    },
    "term": {
        "wire": ("{B} also offered to set up a \"{term}\" for expediting licence approvals from trusted {AdjA} companies.",),
        "plain": ("{B} also proposed a \"{term}\" for trusted {AdjA} firms.",),
        "trans": ("{B} also proposed opening a “{term}” to expedite approvals for trusted {AdjA} companies.",),
        "bullet": (),
    },
    "exports": {
        "wire": ("Exports of {commodity_short} to {A} fell {pct} in {exp_month} to {value}, customs data showed.",),
        "plain": ("Customs data showed shipments of {commodity_short} to {A} dropped {pct} in {exp_month}.",),
        "trans": ("According to customs data, exports of {commodity_short} to {A} fell by {pct} in {exp_month}, to {value}.",),
        "bullet": (),
    },
}
#: The order a wire original tells the story in; other phrasings shuffle it a little.
FACT_ORDER = (
    "truce", "withheld", "link", "extension", "nocomment", "leader", "dominance", "earlier", "fasttrack",
    "term", "company", "ministry", "statement", "element", "others", "controls", "call", "tariff", "exports", "analyst",
)
#: Facts compared across sources in topics: fact id -> the slot holding the compared value.
VALUE_SLOTS = {"tariff": "tariff_a", "extension": "ext", "element": "el0", "fasttrack": "months", "exports": "pct"}
#: Facts that carry a timeline event.
EVENT_FACTS = ("link", "statement", "call", "earlier", "controls", "extension", "company")
SUBHEADINGS = ("CHOKEHOLD", "BIG ISSUES REMAIN", "LICENCE QUEUE", "MARKET REACTION", "WHAT COMES NEXT", "SUPPLY SQUEEZE")


# --- The model: clean text, as the ingest should recover it ----------------------


@dataclass
class Sentence:
    """One sentence of an article, with what it says (for the notes)."""

    text: str
    fact: str | None = None
    """Id of the story fact it tells, if any."""
    phrasing: str = ""
    template: int = 0
    value: tuple[str, str] | None = None
    """For facts compared in topics: (value as written, normalised value)."""


@dataclass
class Block:
    """One passage: a headline, heading, paragraph, bullet or attribution line."""

    kind: str
    sentences: list[Sentence]

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)


@dataclass
class Layout:
    """How a capture lays its passages out (the mess that the ingest undoes)."""

    style: str
    """``wrapped`` (003-style: no blank lines), ``spaced`` (blank lines) or ``long`` (one line per passage)."""
    width: int = 70
    caption: bool = False
    chart: bool = False
    source_top: str | None = None
    source_bottom: str | None = None
    original_url: str | None = None
    disclaimer: bool = False
    listing: tuple[str, ...] = ()
    """An aggregator's listing of other stories (set aside by the ingest)."""


@dataclass
class Article:
    """One synthetic article and what is known about it."""

    id: str
    story: int
    role: str
    """``original``, ``copy``, ``rewrite``, ``translation`` or ``aggregator``."""
    origin: Article | None
    date: dt.date
    outlet: str
    blocks: list[Block]
    layout: Layout
    slots: dict[str, str] = field(default_factory=dict)
    attribution: str | None = None
    """The attribution line the capture carries, if any."""

    def sentences(self) -> list[tuple[Block, Sentence]]:
        return [(b, s) for b in self.blocks for s in b.sentences]

    def headline_missing(self) -> bool:
        return not self.blocks or self.blocks[0].kind != "headline"


@dataclass
class Story:
    """One invented dispute and the articles about it."""

    no: int
    slots: dict[str, str]
    norms: dict[str, str]
    """Slot -> normalised value, for the compared facts."""
    date: dt.date
    dates: dict[str, dt.date]
    people: dict[str, tuple[str, ...]]
    """Entity key -> spellings (first is canonical) for the entities notes."""
    term: tuple[str, tuple[str, ...], str]
    elements: tuple[tuple[str, str], ...]
    articles: list[Article] = field(default_factory=list)


# --- Helpers ---------------------------------------------------------------------


def ordinal(n: int) -> str:
    """``1st``, ``2nd``, ``11th``, ``23rd``."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def month_day(d: dt.date) -> str:
    return f"{d.strftime('%B')} {d.day}"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:50].strip("-")


def misspell(word: str, rng: random.Random) -> str:
    """One-letter typo keeping the first letter (as the element finder expects)."""
    i = rng.randrange(2, len(word))
    op = rng.choice(("swap", "drop", "double", "replace"))
    if op == "swap" and i < len(word) - 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if op == "drop":
        return word[:i] + word[i + 1 :]
    if op == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeioumnrt".replace(word[i], "")) + word[i + 1 :]


class Names:
    """Invented personal and company names; ``unique`` ones (the cast that the
    entities notes describe) are never drawn twice in a corpus."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def surname(self, unique: bool = False) -> str:
        tries = 0
        while True:
            # Longer names once the short ones run out (huge corpora).
            n = self.rng.choice((2, 2, 3)) + tries // 20
            s = "".join(self.rng.choice(SYLLABLES) for _ in range(n)).capitalize()
            tries += 1
            if len(s) >= 5 and not (unique and s in self.used):
                if unique:
                    self.used.add(s)
                return s

    def person(self, unique: bool = False) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.surname(unique)}"


def fill(template: str, slots: dict[str, str]) -> str:
    return template.format(**slots)


# --- Stories ---------------------------------------------------------------------


def make_story(no: int, rng: random.Random, names: Names) -> Story:
    """Draw one story's cast, figures and dates."""
    (a, adj_a, cap_a), (b, adj_b, cap_b) = rng.sample(COUNTRIES, 2)
    city, earlier_city = rng.sample(CITIES, 2)
    commodity, short, pool = rng.choice(COMMODITIES)
    els = rng.sample(pool, 4)
    date = dt.date(2025, 1, 20) + dt.timedelta(days=rng.randrange(0, 300))
    talks = date - dt.timedelta(days=rng.randrange(5, 8))
    stmt = talks - dt.timedelta(days=2)
    controls = date - dt.timedelta(days=rng.randrange(60, 80))
    deadline = date + dt.timedelta(days=rng.randrange(40, 70))
    earlier = (date.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    exp_month = earlier
    leader_a, leader_b, minister, analyst = (names.person(unique=True) for _ in range(4))
    company_core = names.surname(unique=True)
    noun = rng.choice(COMPANY_NOUNS)
    company = f"{company_core} {noun} {rng.choice(COMPANY_SUFFIXES)}"
    ticker = "(" + "".join(rng.choice("ABCDEFGHKLMNPRSTVX") for _ in range(4)) + "." + rng.choice(EXCHANGES) + ")"
    tariff_a, tariff_b = rng.choice((30, 34, 45, 55, 60)), rng.choice((10, 12, 15, 20))
    ext = rng.choice((60, 90, 120))
    months = rng.choice(("three", "six", "nine"))
    pct = rng.choice((12, 18, 24, 31, 37, 46))
    term = rng.choice(TERMS)
    institute = f"Institute of {rng.choice(COUNTRIES)[1]} Studies"
    slots = {
        "A": a, "B": b, "AdjA": adj_a, "AdjB": adj_b, "A_poss": f"{a}'s", "B_poss": f"{b}'s",
        "city": city, "earlier_city": earlier_city, "agency": rng.choice(AGENCIES),
        "commodity": commodity, "commodity_short": short,
        "weapon1": "", "weapon2": "", "tech": rng.choice(TECHS),
        "el0": els[0][1], "el1": els[1][1], "el2": els[2][1],
        "el_list": f"{els[0][1]}, {els[1][1]}, {els[2][1]} and {els[3][1]}", "n_el": rng.choice(NUMBER_WORDS),
        "company": company, "company_short": f"{company_core} {noun}", "company_alt": f"{company_core} {noun[:-1] if noun.endswith('s') else noun} Co",
        "ticker": ticker,
        "leader_a": f"{rng.choice(TITLES_A)} {leader_a}", "leader_a_short": leader_a.split()[1],
        "leader_b": f"{rng.choice(TITLES_B)} {leader_b}", "leader_b_short": leader_b.split()[1],
        "minister": f"{rng.choice(MINISTER_TITLES)} {minister}",
        "ministry": f"{b}'s Commerce Ministry",
        "analyst": analyst, "analyst_alt": analyst, "analyst_role": f"a trade expert at the {institute}",
        "claim": rng.choice(CLAIMS),
        "gov_a": f"{adj_a} Treasury", "dept": "Department of Commerce",
        "tariff_a": f"{tariff_a}%", "tariff_b": f"{tariff_b}%", "ext": f"{ext} days",
        "deadline": month_day(deadline), "months": months, "pending": "tens of thousands",
        "weekday": WEEKDAYS[(date - dt.timedelta(days=rng.randrange(2, 5))).weekday() % 5],
        "stmt_date": month_day(stmt), "stmt_ord": ordinal(stmt.day),
        "controls_date": month_day(controls), "controls_month": controls.strftime("%B"),
        "pct": f"{pct}%", "exp_month": exp_month.strftime("%B"), "value": f"${rng.randrange(12, 98) / 10:.1f} billion",
        "term": term[0], "cap_a": cap_a, "cap_b": cap_b,
    }
    slots["weapon1"], slots["weapon2"] = rng.sample(WEAPONS, 2)
    norms = {"tariff_a": str(tariff_a), "ext": str(ext), "el0": els[0][0], "months": months, "pct": str(pct)}
    people = {
        "leader_a": (leader_a, leader_a.split()[1]),
        "analyst": (analyst,),
        "company": (company, f"{company_core} {noun}", slots["company_alt"]),
    }
    dates = {"date": date, "talks": talks, "stmt": stmt, "controls": controls, "deadline": deadline, "earlier": earlier,
             "call": talks - dt.timedelta(days=rng.randrange(3, 7))}
    return Story(no, slots, norms, date, dates, people, term, tuple(els))


def realize(fact: str, phrasing: str, slots: dict[str, str], norms: dict[str, str], rng: random.Random, template: int | None = None) -> Sentence | None:
    """One sentence telling ``fact`` in ``phrasing`` (``None`` if it has no such phrasing)."""
    choices = FACTS[fact][phrasing]
    if not choices:
        return None
    i = rng.randrange(len(choices)) if template is None else min(template, len(choices) - 1)
    text = fill(choices[i], slots)
    value = None
    if fact in VALUE_SLOTS:
        key = VALUE_SLOTS[fact]
        value = (slots[key], norms[key])
    return Sentence(text, fact, phrasing, i, value)


def filler(story: Story, rng: random.Random, names: Names) -> Sentence:
    """A sentence unique to one article: background, market colour, a quote."""
    s = story.slots
    pick = rng.randrange(7)
    if pick == 0:
        return Sentence(f"Shares of {names.surname()} {rng.choice(COMPANY_NOUNS)} {rng.choice(('rose', 'fell'))} {rng.randrange(2, 15)}% on {rng.choice(WEEKDAYS)} after the company said {rng.choice(CLAUSES)}.")
    if pick == 1:
        return Sentence(f"{s['B']} exported {rng.randrange(1, 9)},{rng.randrange(100, 999)} tonnes of {s['commodity_short']} in {rng.choice(('March', 'April', 'May', 'June', 'July'))}, {rng.choice(('up', 'down'))} {rng.randrange(3, 40)}% from a year earlier, customs data showed.")
    if pick == 2:
        return Sentence(f"{names.person()}, who tracks {rng.choice(SECTORS)} at {rng.choice(FIRMS)}, said {rng.choice(CLAUSES)}.")
    if pick == 3:
        return Sentence(f"Industry groups in {s['A']} have warned that inventories of {rng.choice(story.elements)[1]} could run out within {rng.choice(NUMBER_WORDS)} months.")
    if pick == 4:
        return Sentence(f"The {rng.choice(ORGS)} estimates that {s['B']} accounts for {rng.randrange(55, 95)}% of global processing capacity.")
    if pick == 5:
        return Sentence(f"{names.surname()} {rng.choice(COMPANY_NOUNS)}, which supplies {rng.choice(PRODUCTS)} to {rng.choice(CUSTOMERS)}, said it had enough stock to last until {rng.choice(('August', 'September', 'October', 'the end of the year'))}.")
    return Sentence(f"\"{rng.choice(CLAIMS)},\" {names.person()} said.")


def paragraphs(sentences: Sequence[Sentence], rng: random.Random, most: int = 3) -> list[Block]:
    """Group sentences into paragraphs of 1..``most`` sentences."""
    out: list[Block] = []
    i = 0
    while i < len(sentences):
        n = rng.randint(1, most)
        out.append(Block("paragraph", list(sentences[i : i + n])))
        i += n
    return out


def write_original(story: Story, k: int, rng: random.Random, names: Names) -> tuple[list[Block], dict[str, str], Layout, dt.date, str]:
    """The k-th original of a story: its passages, slots, layout, date and outlet."""
    s = dict(story.slots)
    phrasing = "wire" if k == 0 else rng.choice(("plain", "wire"))
    date = story.date + dt.timedelta(days=k)
    place = s["cap_b"] if k % 2 == 0 else f"{s['cap_b']}/{s['cap_a']}"
    if k:
        s["agency"] = rng.choice([x for x in AGENCIES if x != story.slots["agency"]])
    facts = [f for f in FACT_ORDER if rng.random() < 0.85 or f == "truce"]
    if phrasing != "wire":
        head, rest = facts[:1], facts[1:]
        rng.shuffle(rest)
        facts = head + rest
    sentences: list[Sentence] = []
    for f in facts:
        sen = realize(f, phrasing, s, story.norms, rng)
        if sen is not None:
            sentences.append(sen)
        if rng.random() < 0.45:
            sentences.append(filler(story, rng, names))
    # The lead carries the dateline; the agency is unbreakable from the first word.
    lead = sentences[0]
    sentences[0] = replace(lead, text=f"{place}, {month_day(date)} ({s['agency']}) - {lead.text}")
    blocks = [Block("headline", [Sentence(fill(rng.choice(HEADLINES[phrasing]), s))])]
    if phrasing == "wire":
        bullets = [realize(f, "bullet", s, story.norms, rng) for f in facts if FACTS[f]["bullet"]]
        blocks += [Block("bullet", [b]) for b in rng.sample([b for b in bullets if b], min(rng.randint(0, 4), len([b for b in bullets if b])))]
    body = paragraphs(sentences, rng, 2 if phrasing == "wire" else 3)
    if phrasing == "wire" and len(body) > 6:
        for _ in range(rng.randint(1, 2)):
            body.insert(rng.randrange(3, len(body)), Block("heading", [Sentence(rng.choice(SUBHEADINGS))]))
        credit = f"Reporting by {names.person()} in {s['cap_b'].title()} and {names.person()} in {s['city']}; Editing by {names.person()}."
        body.append(Block("paragraph", [Sentence(credit)]))
    blocks += body
    has_bullets = any(b.kind == "bullet" for b in blocks)
    layout = Layout(
        style="wrapped" if phrasing == "wire" else rng.choice(("spaced", "wrapped")),
        width=rng.randint(62, 74),
        caption=has_bullets and rng.random() < 0.6,
        chart=rng.random() < 0.3,
    )
    return blocks, s, layout, date, s["agency"]


HEADLINES = {
    "wire": (
        "{A}-{B} trade truce leaves military-use {commodity_short} issue unresolved, sources say",
        "{B} keeps curbs on {commodity} for {AdjA} defence suppliers after {city} talks",
    ),
    "plain": (
        "{B} holds back military {commodity} in {city} deal",
        "What the {city} truce leaves out: {commodity} for {weapon1}",
    ),
    "trans": (
        "No resolution reached between {B} and {A} in {city} agreement concerning military {commodity_short} issue.",
        "{city} agreement does not cover military {commodity}",
    ),
    "aggregator": (
        "{A}-{B} trade truce leaves military-use {commodity_short} issue unresolved: Report",
        "{city} truce: {commodity} for {weapon1} still blocked",
    ),
}


def mutate_slots(story: Story, origin: Article, rng: random.Random, swap: float) -> tuple[dict[str, str], dict[str, str]]:
    """A derivative's slots: the origin's, with some figures swapped and some
    names in a variant spelling. Also returns the normalised compared values."""
    s, n = dict(origin.slots), dict(story.norms)
    if rng.random() < swap:
        t = int(n["tariff_a"]) + rng.choice((-5, 5, 10))
        s["tariff_a"], n["tariff_a"] = f"{t}%", str(t)
    if rng.random() < swap:
        e = int(n["ext"]) + rng.choice((-30, 30))
        s["ext"], n["ext"] = f"{e} days", str(e)
    if rng.random() < swap / 2:
        sym, name = story.elements[3]
        s["el0"], n["el0"] = name, sym
    if rng.random() < 0.25:
        s["el0"] = misspell(s["el0"], rng)
    if rng.random() < 0.25:
        s["el1"] = misspell(s["el1"], rng)
    if rng.random() < swap:
        m = rng.choice([x for x in ("three", "six", "nine") if x != n["months"]])
        s["months"], n["months"] = m, m
    if rng.random() < swap:
        p = int(n["pct"]) + rng.choice((-3, 4))
        s["pct"], n["pct"] = f"{p}%", str(p)
    if rng.random() < 0.5:
        s["company"] = s["company_short"]
    return s, n


def swap_words(text: str, rng: random.Random, rate: float) -> str:
    """Small word changes: each swappable word is swapped with probability ``rate``."""
    out = []
    for tok in text.split(" "):
        m = re.match(r"^([A-Za-z]+)(.*)$", tok)
        if m and m.group(1) in SYNONYMS and rng.random() < rate:
            tok = SYNONYMS[m.group(1)] + m.group(2)
        out.append(tok)
    return " ".join(out)


def write_rewrite(story: Story, origin: Article, rng: random.Random) -> tuple[list[Block], dict[str, str]]:
    """Copy the origin's passages with swapped words and figures; drop some."""
    s, n = mutate_slots(story, origin, rng, 0.35)
    blocks: list[Block] = []
    for b in origin.blocks:
        if b.kind in ("heading", "attribution") or (b.kind == "paragraph" and rng.random() < 0.15):
            continue
        if b.kind == "headline":
            blocks.append(Block("headline", [Sentence(swap_words(b.text, rng, 0.6) + rng.choice((": Report", ", sources say", "")))]))
            continue
        out: list[Sentence] = []
        for sen in b.sentences:
            if sen.fact is not None:
                again = realize(sen.fact, sen.phrasing, s, n, rng, sen.template)
                assert again is not None
                m = _DATELINE_PREFIX.match(sen.text)
                sen = replace(again, text=(m.group(0) if m else "") + again.text)
            out.append(replace(sen, text=swap_words(sen.text, rng, 0.5)))
        blocks.append(Block(b.kind, out))
    return blocks, s


def write_translation(story: Story, origin: Article, rng: random.Random) -> tuple[list[Block], dict[str, str]]:
    """Paraphrase the origin's facts in translation-ese; filler is left out."""
    s, n = mutate_slots(story, origin, rng, 0.15)
    s["B_poss"] = s["B"] + "’s"
    s["A_poss"] = s["A"] + "’s"
    s["stmt_date"] = f"the {s['stmt_ord']}"
    s["controls_date"] = f"{s['controls_month']} {ordinal(story.dates['controls'].day)}"
    if rng.random() < 0.4:
        s["tariff_a"] = s["tariff_a"].replace("%", " percent")
    if rng.random() < 0.5:
        first, last = s["analyst"].split(" ", 1)
        s["analyst_alt"] = f"{first} {misspell(last, rng)}" if len(last) > 4 else s["analyst"]
    facts = [sen.fact for b, sen in origin.sentences() if b.kind == "paragraph" and sen.fact and rng.random() < 0.85]
    sentences = [x for x in (realize(f, "trans", s, n, rng) for f in facts) if x is not None]
    if sentences and rng.random() < 0.5:
        day = ordinal((origin.date).day)
        lead = sentences[0].text
        if lead.split(" ", 1)[0] in ("According", "Two", "The", "In", "One", "But"):
            lead = lead[0].lower() + lead[1:]
        sentences[0] = replace(sentences[0], text=f"On {origin.date.strftime('%B')} {day}, {lead}")
    blocks: list[Block] = []
    if rng.random() < 0.7:
        blocks.append(Block("headline", [Sentence(fill(rng.choice(HEADLINES["trans"]), s))]))
    blocks += paragraphs(sentences, rng, 2)
    return blocks, s


def write_aggregator(story: Story, origin: Article, rng: random.Random, other_headlines: Sequence[str]) -> tuple[list[Block], dict[str, str], tuple[str, ...]]:
    """A news aggregator's page: summary bullets above a listing of other stories."""
    s, n = mutate_slots(story, origin, rng, 0.1)
    facts = [f for f in FACT_ORDER if FACTS[f]["bullet"]]
    picked = sorted(rng.sample(facts, min(len(facts), rng.randint(3, 5))), key=FACT_ORDER.index)
    bullets = [Block("bullet", [x]) for x in (realize(f, "bullet", s, n, rng) for f in picked) if x is not None]
    blocks = [Block("headline", [Sentence(fill(rng.choice(HEADLINES["aggregator"]), s))]), *bullets]
    count = rng.randint(12, 60)
    listing = (
        f"{count} Articles", f"{count} Articles",
        *rng.sample(list(other_headlines), min(3, len(other_headlines))),
        "Coverage Details", "Bias Distribution",
        f"- {rng.randrange(20, 50)}% of the sources lean Left, {rng.randrange(20, 50)}% of the sources lean Right",
        "To view factuality data please Upgrade to Premium",
    )
    return blocks, s, listing


# --- Layout: from clean passages to a messy capture ------------------------------

_TERMINAL = re.compile(r"[.!?…:][\"'”’)\]]*$|[\"”]$")
# Line starts the ingest treats as something other than a continued sentence.
_RISKY_START = re.compile(
    r"^(?:[-•*]\s|\d+ of \d+|\[\d+/\d+\]|Item$|Chart shows|Disclaimer:|To view|Read more|Related|Advertisement|Sign up|"
    r"Subscribe|Original article:|\(?\s*(?:Source|Sources|Via)\s*:|\(?\s*(?:This|The) (?:article|story|report) (?:is|was)|"
    r"\d+ (?:Articles|Stories|Sources)$|[,.;:)])",
    re.I,
)
_DATELINE_START = re.compile(r"^[A-Z][A-Z/ .'-]+, [A-Z][a-z]+\.? \d")
_DATELINE_PREFIX = re.compile(r"^[A-Z][A-Z/ .'-]+, [A-Z][a-z]+ \d{1,2} \([^)]*\) - ")
_GLUE = "\x1f"
_TICKER = re.compile(r"^\([A-Z]{4}\.[A-Z]{2}\),$")
_HINTED = ("statement", "report", "filing", "website")


def _tokens(text: str, rng: random.Random, hints: bool) -> list[str]:
    """Words to wrap; the dateline is glued into one token, link hints are added."""
    m = _DATELINE_PREFIX.match(text)
    out: list[str] = []
    words = text.split(" ")
    if m:
        n = m.group(0).count(" ")
        out.append(_GLUE.join(words[: n + 1]))
        words = words[n + 1 :]
    for i, w in enumerate(words):
        if hints and w in _HINTED and i + 1 < len(words) and rng.random() < 0.7:
            # "in a statement, opens new tab on Monday": the ingest removes ", opens new tab".
            w = w + f",{_GLUE}opens{_GLUE}new{_GLUE}tab"
        out.append(w)
    return out


def _ok_break(line_end: str, rest: Sequence[str]) -> bool:
    start = " ".join(rest[:4]).replace(_GLUE, " ")
    return not _TERMINAL.search(line_end) and not _RISKY_START.search(start) and not _DATELINE_START.search(start)


def wrap(text: str, width: int | None, rng: random.Random, quirk: bool, hints: bool) -> list[str]:
    """Hard-wrap a passage mid-sentence (``width=None``: one line); never after
    a sentence end (that would end the passage for the ingest) nor before a
    line the ingest sets aside.

    ``quirk``: 003-style capture where the first word sits alone on its line.
    A ticker such as ``(ABCD.VX),`` becomes a line ``(ABCD.VX)`` and a line
    ``, opens new tab,`` (the ingest joins them back without a space)."""
    words = _tokens(text, rng, hints)
    if width is None:
        return [" ".join(w if not _TICKER.match(w) else f"{w[:-1]}, opens new tab," for w in words).replace(_GLUE, " ")]
    lines: list[str] = []
    cur: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        if _TICKER.match(w) and cur and i + 1 < len(words) and not _TERMINAL.search(cur[-1]) and _ok_break(w, words[i + 1 :]):
            lines += [" ".join(cur), w[:-1], ", opens new tab,"]
            cur = []
            i += 1
            continue
        cur.append(w)
        i += 1
        long_enough = len(" ".join(cur)) >= width or (quirk and not lines and len(cur) == 1 and any(c.islower() for c in w))
        if long_enough and i < len(words) and _ok_break(cur[-1], words[i:]):
            lines.append(" ".join(cur))
            cur = []
    if cur:
        lines.append(" ".join(cur))
    return [line.replace(_GLUE, " ") for line in lines]


def caption_run(story: Story, article: Article, rng: random.Random, first_bullet: str) -> list[str]:
    """A photo caption run as the capture glues it: "Item" / "1 of 2 ..." /
    ... "Purchase Licensing Rights - <first bullet>"."""
    s = story.slots
    year = rng.randrange(2008, 2024)
    text = (f"A worker at a processing plant near {s['cap_b'].title()}, {s['B']}, "
            f"{rng.choice(('March', 'October', 'May'))} {rng.randrange(1, 28)}, {year}. {article.outlet.upper()}/Stringer/File Photo")
    n = rng.randint(2, 4)
    first = f"1 of {n} {text}"
    cut = first.rfind(" ", 0, 70)
    lines = ["Item", first[:cut], first[cut + 1 :]]
    rest = text.split(" ", 1)
    lines += [f"[1/{n}]{rest[0]}", f"{rest[1]} Purchase Licensing Rights - {first_bullet}"]
    return lines


def render_capture(story: Story, article: Article, rng: random.Random) -> str:
    """The capture's text: passages laid out with the layout's mess."""
    lay = article.layout
    out: list[str] = []
    if lay.source_top:
        out += [lay.source_top, ""]
    blocks = list(article.blocks)
    first_bullet = next((i for i, b in enumerate(blocks) if b.kind == "bullet"), None)
    chart = lay.chart
    for i, b in enumerate(blocks):
        text = b.text
        if b.kind == "headline":
            out.append(text)
            next_kind = blocks[i + 1].kind if i + 1 < len(blocks) else ""
            if lay.style != "wrapped" or next_kind != "bullet":
                out.append("")
            continue
        if b.kind == "bullet":
            if lay.caption and i == first_bullet:
                out += caption_run(story, article, rng, text)
            else:
                out.append(f"{rng.choice(('-', '-', '•'))} {text}")
            if i + 1 < len(blocks) and blocks[i + 1].kind != "bullet" and lay.style != "wrapped":
                out.append("")
            continue
        if b.kind == "heading":
            out += [text, ""] if lay.style != "wrapped" else [text]
            continue
        hints = rng.random() < 0.5
        if lay.style == "long":
            out += [*wrap(text, None, rng, False, hints), ""]
        else:
            quirk = lay.style == "wrapped" and rng.random() < 0.4
            out += wrap(text, lay.width, rng, quirk, hints)
            if lay.style == "spaced":
                out.append("")
        if chart and b.kind == "paragraph" and rng.random() < 0.08:
            out.append(f"Chart shows {story.slots['B_poss']} share of global {story.slots['commodity_short']} output.")
            chart = False
    while out and out[-1] == "":
        out.pop()
    tail: list[str] = []
    if lay.source_bottom:
        tail.append(lay.source_bottom)
    if lay.original_url:
        tail.append(f"Original article: {lay.original_url}")
    if lay.disclaimer:
        tail.append("Disclaimer: This article represents the views of the author alone.")
    if tail:
        out += [""] + [x for t in tail for x in (t, "")][:-1]
    if lay.listing:
        out += list(lay.listing)
    return "\n".join(out) + "\n"


# --- The corpus ------------------------------------------------------------------


def plan_stories(n: int, rng: random.Random) -> list[int]:
    """Story sizes of 5-10 summing to ``n`` (a briefing under 5 is one story)."""
    sizes: list[int] = []
    left = n
    while left > 0:
        k = rng.randint(5, 10)
        if left - k < 5:
            k = left if left <= 10 else left - 5
        sizes.append(k)
        left -= k
    return sizes


def build_corpus(n: int, seed: int) -> list[Story]:
    """Every story with its articles, in article-id order within the corpus."""
    rng = random.Random(seed)
    names = Names(rng)
    sizes = plan_stories(n, rng)
    width = max(3, len(str(n - 1)))
    # Articles of one story are spread over the corpus, as captures come in.
    slots = list(range(n))
    rng.shuffle(slots)
    ids = [f"{i:0{width}d}_{rng.getrandbits(64):016x}" for i in range(n)]
    stories: list[Story] = []
    headlines: list[str] = []
    pos = 0
    for no, k in enumerate(sizes):
        story = make_story(no, rng, names)
        n_orig = 1 if k < 7 else (3 if k == 10 and rng.random() < 0.5 else 2)
        roles = ["original"] * n_orig + [rng.choices(("copy", "rewrite", "translation", "aggregator"), (25, 35, 25, 15))[0] for _ in range(k - n_orig)]
        for j, role in enumerate(roles):
            art_id = ids[slots[pos]]
            pos += 1
            if role == "original":
                blocks, s, layout, date, outlet = write_original(story, j, rng, names)
                art = Article(art_id, no, role, None, date, outlet, blocks, layout, s)
            else:
                parents = [a for a in story.articles if a.role == "original"]
                if role == "copy" and rng.random() < 0.2:
                    parents = [a for a in story.articles if a.role in ("rewrite", "translation")] or parents
                origin = rng.choice(parents)
                art = derive(story, origin, role, art_id, rng, headlines)
            story.articles.append(art)
        headlines += [a.blocks[0].text for a in story.articles[:1]]
        stories.append(story)
    return stories


def derive(story: Story, origin: Article, role: str, art_id: str, rng: random.Random, headlines: Sequence[str]) -> Article:
    """A copy, rewrite, translation or aggregator page of ``origin``."""
    date = origin.date + dt.timedelta(days=rng.randint(0, 3))
    agency = origin.outlet
    attribution = None
    listing: tuple[str, ...] = ()
    if role == "copy":
        keep = max(3, int(len(origin.blocks) * rng.uniform(0.7, 1.0)))
        blocks = [Block(b.kind, list(b.sentences)) for b in origin.blocks[:keep]]
        slots = origin.slots
        outlet = rng.choice(OUTLETS)
        attribution = f"Source: {agency}"
    elif role == "rewrite":
        blocks, slots = write_rewrite(story, origin, rng)
        outlet = rng.choice(OUTLETS + ("unknown",))
        attribution = rng.choice((f"Source: {agency}", f"Source: {agency}", f"(This article is based on reporting by {agency})", None))
    elif role == "translation":
        blocks, slots = write_translation(story, origin, rng)
        outlet = rng.choice(OUTLETS)
        attribution = rng.choice((f"Source: {agency}", f"(This article was translated from the {story.slots['AdjB']} original)", None))
    else:
        blocks, slots, listing = write_aggregator(story, origin, rng, headlines or ("Markets steady as talks resume",))
        outlet = rng.choice(AGGREGATORS)
    style = rng.choice(("wrapped", "spaced", "long")) if role != "aggregator" else "long"
    layout = Layout(style=style, width=rng.randint(62, 76), listing=listing, chart=rng.random() < 0.15)
    if attribution:
        if rng.random() < 0.5:
            layout.source_top = attribution
        else:
            layout.source_bottom = attribution
        if role == "copy" and rng.random() < 0.5:
            layout.source_top = layout.source_bottom = attribution
    if role in ("copy", "translation") and rng.random() < 0.5:
        layout.original_url = f"https://news.example/{slug(outlet)}/{rng.getrandbits(40)}"
        layout.disclaimer = rng.random() < 0.7
    return Article(art_id, story.no, role, origin, date, outlet, blocks, layout, slots, attribution)


# --- Notes ----------------------------------------------------------------------


def fragment(text: str, needle: str | None, rng: random.Random, lo: int = 6, hi: int = 14) -> str:
    """Whole words of ``text`` (a clean passage) around ``needle``: a verbatim quote."""
    words = text.split(" ")
    if needle is not None and needle in text:
        start = text.index(needle)
        at = text[:start].count(" ")
        span = needle.count(" ") + 1
    else:
        at, span = rng.randrange(max(1, len(words) - lo)), 1
    before = rng.randint(2, max(2, lo // 2))
    after = rng.randint(2, max(2, hi - before - span))
    a = max(0, at - before)
    return " ".join(words[a : at + span + after])


class Yaml:
    """A tiny, deterministic YAML writer in the style editors write notes."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    @staticmethod
    def scalar(value: str, indent: int) -> str:
        if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_ ,.()%'’/-]*", value) and not value.endswith(" ") and len(value) <= 70:
            return value
        if len(value) > 70 and "\n" not in value:
            pad = " " * (indent + 2)
            lines, cur = [], ""
            for w in value.split(" "):
                if cur and len(cur) + 1 + len(w) > 72:
                    lines.append(cur)
                    cur = w
                else:
                    cur = f"{cur} {w}" if cur else w
            lines.append(cur)
            return ">-\n" + "\n".join(pad + x for x in lines)
        return json.dumps(value, ensure_ascii=False)

    def record(self, items: Sequence[tuple[str, object]], indent: int = 0, dash: bool = True) -> None:
        """One mapping, as a list item (``- key: value``) or at ``indent``."""
        first = True
        for key, value in items:
            lead = " " * indent + ("- " if dash and first else "  " if dash else "")
            first = False
            inner = indent + (2 if dash else 0)
            if isinstance(value, list):
                if not value:
                    self.lines.append(f"{lead}{key}: []")
                    continue
                self.lines.append(f"{lead}{key}:")
                for v in value:
                    if isinstance(v, list):
                        self.record(v, inner + 2)
                    else:
                        self.lines.append(f"{' ' * (inner + 2)}- {self.scalar(str(v), inner + 2)}")
            else:
                self.lines.append(f"{lead}{key}: {self.scalar(str(value), inner)}")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def cite(article: Article, sentence: Sentence, block: Block, rng: random.Random, needle: str | None = None) -> list[tuple[str, object]]:
    """A citation record quoting ``sentence`` (whole, a fragment, or two parts joined by …)."""
    r = rng.random()
    if needle is None and r < 0.4 and len(sentence.text) < 240:
        quote = sentence.text
    elif needle is None and r < 0.55 and len(sentence.text.split(" ")) > 16:
        words = sentence.text.split(" ")
        quote = " ".join(words[:6]) + " … " + " ".join(words[-6:])
    else:
        quote = fragment(sentence.text, needle, rng)
    assert all(p.strip() in block.text for p in quote.split("…"))
    return [("article", article.id), ("quote", quote)]


def write_notes(stories: Sequence[Story], n: int, rng: random.Random, topic_rate: float) -> dict[str, str]:
    """Every notes file: briefing, sources, events, topics, entities, terms, elements."""
    articles = sorted((a for s in stories for a in s.articles), key=lambda a: a.id)
    newest = max(a.date for a in articles)
    brief = Yaml()
    brief.record([
        ("title", f"Synthetic briefing: {n} articles about {len(stories)} trade dispute{'s' if len(stories) != 1 else ''}"),
        ("updated", newest.isoformat()),
        ("summary", f"A benchmark corpus: {len(stories)} invented stories told by originals, copies, rewrites, "
                    "translations and aggregator pages, with the mess of real web captures."),
        ("site_url", "https://briefing.example/"),
    ], dash=False)
    files = {"briefing.yml": brief.text()}
    files["sources.yml"] = write_sources(articles, rng)
    events, topics, entities, terms = Yaml(), Yaml(), Yaml(), Yaml()
    for story in stories:
        write_events(story, events, rng)
        write_topics(story, int(topic_rate * len(story.articles) + rng.random()), topics, rng)
        if rng.random() < 0.12 * len(story.articles):
            write_entity(story, entities, rng)
        if rng.random() < 0.06 * len(story.articles):
            write_term(story, terms, rng)
    files["events.yml"] = events.text() if events.lines else "[]\n"
    files["topics.yml"] = topics.text() if topics.lines else "[]\n"
    files["entities.yml"] = entities.text() if entities.lines else "[]\n"
    files["terms.yml"] = terms.text() if terms.lines else "[]\n"
    files["elements.yml"] = write_elements(stories, rng)
    return files


def write_sources(articles: Sequence[Article], rng: random.Random) -> str:
    y = Yaml()
    for a in articles:
        rec: list[tuple[str, object]] = [("article", a.id)]
        if a.role == "original":
            rec += [("outlet", a.outlet), ("outlet_basis", f'dateline "({a.outlet})"'), ("date", a.date.isoformat()),
                    ("date_basis", "dateline"), ("date_note", f'dateline "{month_day(a.date)}"; year supplied by the editor'),
                    ("language", "en"), ("kind", "original"), ("derived_from", [])]
        else:
            assert a.origin is not None
            rec.append(("outlet", a.outlet if rng.random() < 0.8 else "unknown"))
            if a.headline_missing():
                rec.append(("headline", fill(HEADLINES["trans"][1], a.slots)))
            if rng.random() < 0.7:
                rec += [("date", a.date.isoformat() if rng.random() < 0.6 else a.date.strftime("%Y-%m")), ("date_basis", "editor"),
                        ("date_note", f"captured {a.date.isoformat()}; the text gives no date")]
            rec.append(("language", "en"))
            if a.role == "translation":
                rec.append(("translation", f"{a.slots['AdjB'][:2].lower()} → en (machine)"))
            rec.append(("kind", a.role if a.role != "copy" else "rewrite"))
            if a.attribution and rng.random() < 0.9:
                origin = a.origin if a.origin.role == "original" else None
                d: list[tuple[str, object]] = [("origin", a.origin.outlet)]
                if origin is not None:
                    d.append(("article", origin.id))
                d.append(("quote", a.attribution))
                rec.append(("derived_from", [d]))
            if a.layout.original_url:
                rec.append(("url", a.layout.original_url))
            if a.role == "aggregator":
                rec.append(("notes", "An aggregator's page: a summary above a *listing* of other stories."))
        y.record(rec)
    return y.text()


def _quotable(story: Story, fact: str) -> list[tuple[Article, Block, Sentence]]:
    return [(a, b, s) for a in story.articles for b, s in a.sentences() if s.fact == fact]


EVENT_TITLES = {
    "link": ("{AdjA} and {AdjB} negotiators meet in {city}", "talks"),
    "statement": ("{ministry} says some export applications were approved", "stmt"),
    "call": ("{leader_a_short} and {leader_b_short} speak by phone", "call"),
    "earlier": ("{A} and {B} agree in {earlier_city} to lower tariffs", "earlier"),
    "controls": ("{B} starts licensing exports of {commodity_short}", "controls"),
    "extension": ("The {earlier_city} tariff deadline", "deadline"),
    "company": ("{company_short} says it has export licences", "talks"),
}


def write_events(story: Story, y: Yaml, rng: random.Random) -> None:
    """About one event per five articles, each citing 1-3 passages that tell it."""
    want = int(len(story.articles) / 5 + rng.random())
    facts = [f for f in EVENT_FACTS if _quotable(story, f)]
    for fact in rng.sample(facts, min(want, len(facts))):
        title, date_key = EVENT_TITLES[fact]
        d = story.dates[date_key]
        report = month_day(story.date)
        rec: list[tuple[str, object]] = [("id", f"{slug(fill(title, story.slots))[:40].strip('-')}-{story.no}"), ("title", fill(title, story.slots))]
        if fact in ("link", "company"):
            rec += [("date", f"{d.isoformat()}..{(d + dt.timedelta(days=1)).isoformat()}"), ("date_basis", "relative"),
                    ("date_note", f"'last week' in the {report} report"), ("year_supplied", "true")]
        elif fact == "earlier":
            rec += [("date", d.strftime("%Y-%m")), ("date_basis", "relative"), ("date_note", f"'last month' in the {report} report"), ("year_supplied", "true")]
        elif fact == "call":
            rec += [("date", f"~{d.isoformat()}"), ("date_basis", "editor"), ("date_note", "'last week' before the talks; the day is the editor's estimate")]
        elif fact == "extension":
            rec += [("date", d.isoformat()), ("date_basis", "stated"), ("date_note", f"\"the {month_day(d)} deadline\"; year supplied by the editor"),
                    ("year_supplied", "true"), ("kind", "deadline")]
        else:
            rec += [("date", d.isoformat()), ("date_basis", "stated"), ("date_note", "the day is stated; the year is supplied by the editor"), ("year_supplied", "true")]
        if rng.random() < 0.3:
            told = len({a.id for a, _, _ in _quotable(story, fact)})
            rec.append(("summary", f"Reported by {told} of the story's {len(story.articles)} articles; *dates* differ in wording only."))
        seen: set[str] = set()
        cites: list[list[tuple[str, object]]] = []
        want_cites = rng.randint(1, 3)
        told_by = _quotable(story, fact)
        for a, b, s in rng.sample(told_by, len(told_by)):
            if a.id not in seen and len(cites) < want_cites:
                seen.add(a.id)
                cites.append(cite(a, s, b, rng))
        rec.append(("sources", cites))
        y.record(rec)


TOPIC_QUESTIONS = {
    "tariff": ("What tariff did {leader_a_short} set for {B}?", "{tariff_a}, as {leader_a_short} said."),
    "extension": ("How long an extension of tariffs did {AdjA} officials signal?", "A further {ext}, according to both sources."),
    "element": ("Which military-use {commodity_short} did {B} not budge on?", "{el0}, according to the first report."),
    "fasttrack": ("How long will the fast-tracked licences run?", "{months} months."),
    "exports": ("How far did exports to {A} fall in {exp_month}?", "By {pct}, according to customs data."),
}


def write_topics(story: Story, count: int, y: Yaml, rng: random.Random) -> None:
    """``count`` comparison topics (at most one per compared fact)."""
    facts = [f for f in VALUE_SLOTS if len({a.id for a, _, _ in _quotable(story, f)}) >= 2]
    for fact in rng.sample(facts, min(count, len(facts))):
        write_topic(story, fact, y, rng)


def write_topic(story: Story, fact: str, y: Yaml, rng: random.Random) -> None:
    """One comparison topic: a compared fact, one row per article of the story."""
    key = VALUE_SLOTS[fact]
    question, answer = TOPIC_QUESTIONS[fact]
    rows: list[list[tuple[str, object]]] = []
    for a in story.articles:
        told = [(b, s) for b, s in a.sentences() if s.fact == fact and s.value is not None]
        if told:
            b, s = told[0]
            assert s.value is not None
            written, norm = s.value
            agrees = norm == story.norms[key]
            row: list[tuple[str, object]] = [("article", a.id), ("verdict", "agrees" if agrees else "differs"),
                                             ("quote", fragment(s.text, written, rng)), ("says", written)]
            if not agrees:
                row.append(("how", f"says {written} where the first report says {story.slots[key]}"))
            rows.append(row)
        elif rng.random() < 0.7:
            rows.append([("article", a.id), ("verdict", rng.choice(("silent", "silent", "could-not-know")))])
    y.record([("id", f"{fact}-{story.no}"), ("question", fill(question, story.slots)), ("answer", fill(answer, story.slots)), ("rows", rows)])


def write_entity(story: Story, y: Yaml, rng: random.Random) -> None:
    """A person or company with every spelling the story's articles use."""
    key = rng.choice(("leader_a", "company", "analyst"))
    spellings = story.people[key]
    aliases: list[list[tuple[str, object]]] = []
    for a in story.articles:
        for b, s in a.sentences():
            found = next((w for w in sorted(spellings, key=len, reverse=True) if w in s.text), None)
            if found and len(aliases) < 4 and all(al[0][1] != found or rng.random() < 0.3 for al in aliases):
                aliases.append([("name", found), ("article", a.id), ("quote", fragment(s.text, found, rng))])
                break
    if not aliases:
        return
    name = spellings[0]
    kind = "organisation" if key == "company" else "person"
    desc = {"leader_a": f"Leader of {story.slots['A']} in the {story.slots['city']} story.",
            "company": f"{story.slots['AdjB']} producer of {story.slots['commodity_short']}.",
            "analyst": story.slots["analyst_role"][0].upper() + story.slots["analyst_role"][1:] + "."}[key]
    y.record([("id", f"{slug(name)}-{story.no}"), ("name", name), ("kind", kind), ("description", desc), ("aliases", aliases)])


def write_term(story: Story, y: Yaml, rng: random.Random) -> None:
    term, aliases, definition = story.term
    told = _quotable(story, "term")
    rec: list[tuple[str, object]] = [("id", f"{slug(term)}-{story.no}"), ("term", term), ("aliases", list(aliases)), ("definition", definition)]
    if told:
        a, b, s = rng.choice(told)
        needle = term if term in s.text else None
        rec.append(("sources", [cite(a, s, b, rng, needle)]))
    y.record(rec)


def write_elements(stories: Sequence[Story], rng: random.Random) -> str:
    """One record per element some story is about, citing 1-2 passages naming it."""
    y = Yaml()
    done: set[str] = set()
    for story in stories:
        for sym, name in story.elements[:3]:
            if sym in done:
                continue
            cites: list[list[tuple[str, object]]] = []
            for a in story.articles:
                for b, s in a.sentences():
                    if re.search(rf"\b{name}\b", s.text) and len(cites) < 2:
                        cites.append(cite(a, s, b, rng, name))
                        break
            if not cites:
                continue
            done.add(sym)
            y.record([("symbol", sym), ("role", f"Used in {story.slots['weapon1']} and {story.slots['weapon2']}, in this story's terms."),
                      ("export_control", f"Licensed since {story.slots['controls_date']}, as the sources tell it."), ("sources", cites)])
    return y.text() if y.lines else "[]\n"


# --- Writing ---------------------------------------------------------------------


def synthesize(n: int, out: Path, seed: int = 1, topic_rate: float = 0.1) -> dict[str, int]:
    """Write ``n`` articles and their notes under ``out`` (emptied first).

    Deterministic: the same ``n``, ``seed`` and ``topic_rate`` give the same bytes.
    Returns counts: articles, stories, bytes of articles."""
    if n < 1:
        raise ValueError("expected at least one article")
    stories = build_corpus(n, seed)
    rng = random.Random(seed * 7919 + n)
    (out / "articles").mkdir(parents=True, exist_ok=True)
    (out / "notes").mkdir(parents=True, exist_ok=True)
    for old in [*(out / "articles").glob("*.txt"), *(out / "notes").glob("*.yml")]:
        old.unlink()
    size = 0
    for story in stories:
        for a in story.articles:
            data = render_capture(story, a, rng).encode("utf-8")
            (out / "articles" / f"{a.id}.txt").write_bytes(data)
            size += len(data)
    for name, text in write_notes(stories, n, rng, topic_rate).items():
        (out / "notes" / name).write_text(text, encoding="utf-8")
    return {"articles": n, "stories": len(stories), "article_bytes": size}


def clean_blocks(n: int, seed: int = 1) -> dict[str, list[tuple[str, str]]]:
    """Article id -> (kind, clean text) of each passage: what ingest should recover (for checks)."""
    return {a.id: [(b.kind, b.text) for b in a.blocks] for s in build_corpus(n, seed) for a in s.articles}


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("n", type=int, help="number of articles")
    p.add_argument("out", type=Path, help="content folder to write (articles/ and notes/)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--topic-rate", type=float, default=0.1, help="comparison topics per article (default 0.1)")
    args = p.parse_args(argv)
    counts = synthesize(args.n, args.out, args.seed, args.topic_rate)
    print(f"{args.out}: {counts['articles']} articles in {counts['stories']} stories, {counts['article_bytes']} bytes of captures", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
