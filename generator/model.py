"""Build the briefing model: articles + validated notes -> one resolved graph.

Everything cross-linked (article <-> citation <-> event/topic/element/entity)
is resolved here, before any page is rendered. Every quote is verified
against its article; a failure names the note's file, line and key.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import schema as S
from .analysis import NameFinder, parse_attribution
from .cache import BuildCache, Memo, cached_map, digest
from .elements import ElementFacts, Mention, element_facts, find_mentions
from .errors import Collector
from .ingest import Article
from .quotes import explain_missing, find_quote, fold, quote_problem
from .schema import FuzzyDate, Notes, Record


@dataclass(frozen=True)
class Citation:
    """A verified quote: a verbatim passage of one article."""

    article: str
    """Id of the article quoted."""
    quote: str
    """The quote as the editor wrote it."""
    anchor: str
    """Anchor of the passage holding it on the article page."""
    spans: tuple[tuple[int, int], ...]
    """Character ranges of the quote within that passage's text."""
    id: str
    """Stable id of the quote (``q-`` + hash of article and quote)."""
    role: str = "reports"
    """What the passage does for the event citing it (``schema.CITATION_ROLES``):
    only ``reports`` counts as a source of it; elsewhere always ``reports``."""


@dataclass(frozen=True)
class Derivation:
    """An article's stated or detected origin."""

    origin: str
    """The origin's name, e.g. ``Reuters``."""
    article: str | None
    """The origin's article in this briefing, if any."""
    evidence: str
    """Why we think so: the attribution line or the alignment figures."""
    citation: Citation | None
    """The verified passage of the deriving article that says so, if curated."""
    curated: bool
    """From the notes (True) or detected by the analysis (False)."""


@dataclass(frozen=True)
class Source:
    """What is known of one article; ``None`` means unknown."""

    article: Article
    """The ingested article."""
    outlet: str | None
    outlet_basis: str | None
    headline: str | None
    """Headline: the notes' override, else the capture's, else ``None``."""
    date: FuzzyDate | None
    date_basis: str | None
    date_note: str | None
    language: str | None
    translation: str | None
    kind: str | None
    derived_from: tuple[Derivation, ...] | None
    """``None``: not curated; ``()``: curated as independent."""
    url: str | None
    notes: str | None
    """Editor's Markdown."""
    compare_with: tuple[str, ...] = ()
    """Articles of the same story the analysis must compare this one with."""

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def title(self) -> str:
        return self.headline or f"Untitled capture {self.article.id}"


@dataclass(frozen=True)
class Event:
    """One timeline entry."""

    id: str
    title: str
    date: FuzzyDate
    date_basis: str
    date_note: str | None
    year_supplied: bool
    kind: str
    """``event`` or ``deadline``."""
    summary: str | None
    citations: tuple[Citation, ...]
    old_ids: tuple[str, ...]
    updated: dt.date | None
    """When the editors last changed the record (for feeds)."""
    future: bool
    """Later than the newest source: reported as expected, not as happened."""

    @property
    def reporting(self) -> tuple[Citation, ...]:
        """The citations that report the event (role ``reports``): its sources."""
        return tuple(c for c in self.citations if c.role == "reports")


@dataclass(frozen=True)
class Row:
    """One source's answer to a comparison topic."""

    article: str
    verdict: str
    """``agrees``, ``differs``, ``silent`` or ``could-not-know``."""
    citation: Citation | None
    says: str | None
    how: str | None


@dataclass(frozen=True)
class Topic:
    """A comparison table: one question, one row per source."""

    id: str
    question: str
    answer: str
    rows: tuple[Row, ...]
    """The reviewed sources, in article order (others: not reviewed)."""
    old_ids: tuple[str, ...]
    updated: dt.date | None

    @property
    def disagreement(self) -> bool:
        return any(r.verdict == "differs" for r in self.rows)


@dataclass(frozen=True)
class ElementEntry:
    """A chemical element named in the articles."""

    facts: ElementFacts
    """Periodic-table facts (from the library)."""
    role: str | None
    export_control: str | None
    citations: tuple[Citation, ...]
    mentions: Mapping[str, tuple[Mention, ...]]
    """Article id -> mentions in that article's passages, misspellings included."""

    @property
    def id(self) -> str:
        return self.facts.name


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    aliases: tuple[str, ...]
    definition: str
    citations: tuple[Citation, ...]
    old_ids: tuple[str, ...]
    file: str = ""
    """Where the record is, for messages: its notes file and line."""
    line: int = 0


@dataclass(frozen=True)
class Alias:
    name: str
    citation: Citation


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    kind: str
    description: str | None
    aliases: tuple[Alias, ...]
    old_ids: tuple[str, ...]
    file: str = ""
    """Where the record is, for messages: its notes file and line."""
    line: int = 0


@dataclass(frozen=True)
class Verdict:
    candidate: str
    verdict: str
    reason: str
    topic: str | None
    updated: dt.date | None
    file: str
    line: int


@dataclass(frozen=True)
class Briefing:
    """The whole resolved briefing, ready to render."""

    title: str
    summary: str | None
    updated: dt.date | None
    site_url: str | None
    sources: tuple[Source, ...]
    """One per article, in file-name order."""
    events: tuple[Event, ...]
    """Chronological."""
    topics: tuple[Topic, ...]
    elements: tuple[ElementEntry, ...]
    """By atomic number."""
    terms: tuple[Term, ...]
    entities: tuple[Entity, ...]
    verdicts: tuple[Verdict, ...]
    mentions: Mapping[str, Mapping[str, tuple[Mention, ...]]] = field(default_factory=dict)
    """Article id -> passage anchor -> element mentions in that passage."""
    highlights: Mapping[str, Mapping[str, tuple[Citation, ...]]] = field(default_factory=dict)
    """Article id -> passage anchor -> citations quoting that passage."""
    name_links: Mapping[str, Mapping[str, tuple[NameLink, ...]]] = field(default_factory=dict)
    """Article id -> passage anchor -> first mentions of glossary terms and entries in that passage."""
    analysis: Any = None
    """Cross-source analysis results (``analyse.Analysis``), when run."""

    def source(self, article_id: str) -> Source:
        return self._by_id[article_id]

    @functools.cached_property
    def _by_id(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources}

    @property
    def as_of(self) -> dt.date | None:
        """The newest known source date: what "future" is measured against."""
        dates = [s.date.end for s in self.sources if s.date]
        return max(dates) if dates else None


def passages_key(article: Article) -> str:
    """A digest of an article's passages, anchors and text: what is found in
    them (mentions, quotes) is kept between builds under it."""
    return digest(*(p for b in article.blocks for p in (b.anchor, b.text)))


class _Resolver:
    """Resolves article references and verifies quotes, collecting problems."""

    def __init__(self, articles: Sequence[Article], out: Collector, cache: BuildCache | None = None) -> None:
        self.articles = {a.id: a for a in articles}
        self.all = list(articles)
        self.out = out
        self.highlights: dict[str, dict[str, list[Citation]]] = defaultdict(lambda: defaultdict(list))
        self.quotes = cache.memo("quotes") if cache else None
        self._passages: dict[str, str] = {}

    def passages_key(self, article: Article) -> str:
        """:func:`passages_key`, made once per article."""
        key = self._passages.get(article.id)
        if key is None:
            key = self._passages[article.id] = passages_key(article)
        return key

    def locate(self, quote: str, article: Article) -> tuple[str, tuple[tuple[int, int], ...]] | None:
        """(passage anchor, spans) of ``quote`` in ``article`` (``quotes.find_quote``),
        kept between builds by the article's passages and the quote."""
        def find() -> tuple[str, tuple[tuple[int, int], ...]] | None:
            match = find_quote(quote, article)
            return (match.block.anchor, match.spans) if match else None

        return find() if self.quotes is None else self.quotes.get(digest(self.passages_key(article), quote), find)

    def article(self, rec: Record, key: str = "article") -> Article | None:
        ref = rec[key]
        if ref not in self.articles:
            self.out.add(rec["_file"], rec["_lines"][key], f"{rec['_path']}.{key}", self.unknown_article(ref))
            return None
        return self.articles[ref]

    def unknown_article(self, ref: str) -> str:
        """The message for an article id that names no article, with the closest one."""
        close = difflib.get_close_matches(ref, list(self.articles), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"expected the id of a file in articles/ (name without .txt), got {ref!r}{hint}"

    def cite(self, rec: Record, article_key: str = "article", quote_key: str = "quote") -> Citation | None:
        article = self.article(rec, article_key)
        if article is None:
            return None
        quote = rec[quote_key]
        match = self.locate(quote, article)
        if match is None:
            self.out.add(
                rec["_file"],
                rec["_lines"][quote_key],
                f"{rec['_path']}.{quote_key}",
                f"expected a verbatim passage of {article.id}, got {explain_missing(quote, article, self.all)}",
            )
            return None
        anchor, spans = match
        problem = quote_problem(quote, next(b.text for b in article.blocks if b.anchor == anchor), spans)
        if problem:
            self.out.add(rec["_file"], rec["_lines"][quote_key], f"{rec['_path']}.{quote_key}", f"expected {problem}")
            return None
        qid = "q-" + hashlib.sha1(f"{article.id}\0{fold(quote)}".encode()).hexdigest()[:8]
        citation = Citation(article.id, quote, anchor, spans, qid)
        if citation not in self.highlights[article.id][anchor]:
            self.highlights[article.id][anchor].append(citation)
        return dataclasses.replace(citation, role=rec["role"]) if "role" in rec else citation

    def cite_all(self, rec: Record, key: str = "sources") -> tuple[Citation, ...]:
        out = []
        for i, item in enumerate(rec.get(key, [])):
            item.setdefault("_file", rec["_file"])
            item["_path"] = f"{rec['_path']}.{key}[{i}]"
            c = self.cite(item)
            if c is not None:
                out.append(c)
        return tuple(out)


def _attach(rec: Record, parent: Record, path: str) -> Record:
    rec["_file"] = parent["_file"]
    rec["_path"] = path
    return rec


def build_sources(notes: Notes, articles: Sequence[Article], r: _Resolver) -> tuple[Source, ...]:
    curated: dict[str, Record] = {}
    for rec in notes.of(S.SOURCES):
        if r.article(rec) is not None:
            curated[rec["article"]] = rec
    sources = []
    for a in articles:
        rec = curated.get(a.id, {})
        derived: tuple[Derivation, ...] | None = None
        if "derived_from" in rec:
            items = []
            for i, d in enumerate(rec["derived_from"]):
                d = _attach(d, rec, f"{rec['_path']}.derived_from[{i}]")
                target = d.get("article")
                if target is not None and r.article(d) is None:
                    continue
                # The quote is this article's own words saying where it comes from.
                c = r.cite({**d, "article": a.id})
                if c is not None and not _names_origin(d["quote"], d["origin"]):
                    # Any passage would pass as verbatim: the evidence must say where the text comes from.
                    r.out.add(d["_file"], d["_lines"]["quote"], f"{d['_path']}.quote",
                              f"expected words of {a.id} that name its origin {d['origin']!r} or attribute the whole text "
                              f"(such as \"Source: {d['origin']}\" or \"translated from …\"), got a passage that does neither: {d['quote']!r}")
                    continue
                items.append(Derivation(d["origin"], target, d["quote"], c, curated=True))
            derived = tuple(items)
        sources.append(
            Source(
                a,
                rec.get("outlet"),
                rec.get("outlet_basis"),
                rec.get("headline") or a.headline,
                rec.get("date"),
                rec.get("date_basis"),
                rec.get("date_note"),
                rec.get("language"),
                rec.get("translation"),
                rec.get("kind"),
                derived,
                rec.get("url"),
                rec.get("notes"),
                _compare_with(r, rec),
            )
        )
    return tuple(sources)


def _names_origin(quote: str, origin: str) -> bool:
    """Whether a derivation's quote is evidence for its origin: it names the
    origin as whole words, or is a line attributing the whole text ("Translated
    from the Korean original") that names no other origin."""
    said = fold(quote).casefold()
    if re.search(rf"(?<!\w){re.escape(fold(origin).casefold())}(?!\w)", said):
        return True
    attributed = parse_attribution(quote)
    # "Translated from the … original" names a language, not an outlet.
    return attributed is not None and (attributed.casefold() == fold(origin).casefold() or attributed.casefold().endswith(" original"))


def _compare_with(r: _Resolver, rec: Record) -> tuple[str, ...]:
    """A source record's ``compare_with``: other articles, each once (else the problem is noted)."""
    found: list[str] = []
    for i, other in enumerate(rec.get("compare_with", [])):
        where, line = f"{rec['_path']}.compare_with[{i}]", rec["_lines"]["compare_with"]
        if other == rec["article"]:
            r.out.add(rec["_file"], line, where, f"expected another article, got the article itself ({other!r})")
        elif other in found:
            r.out.add(rec["_file"], line, where, f"expected each article once, got {other!r} again")
        elif other not in r.articles:
            r.out.add(rec["_file"], line, where, r.unknown_article(other))
        else:
            found.append(other)
    return tuple(found)


def build_events(notes: Notes, r: _Resolver, as_of: dt.date | None) -> tuple[Event, ...]:
    events = [
        Event(
            rec["id"],
            rec["title"],
            rec["date"],
            rec["date_basis"],
            rec.get("date_note"),
            rec.get("year_supplied", False),
            rec.get("kind", "event"),
            rec.get("summary"),
            r.cite_all(rec),
            tuple(rec.get("old_ids", [])),
            rec.get("updated"),
            future=as_of is not None and rec["date"].start > as_of,
        )
        for rec in notes.of(S.EVENTS)
    ]
    return tuple(sorted(events, key=lambda e: (e.date.start, e.date.end, e.id)))


def build_topics(notes: Notes, articles: Sequence[Article], r: _Resolver) -> tuple[Topic, ...]:
    order = {a.id: i for i, a in enumerate(articles)}
    topics = []
    for rec in notes.of(S.TOPICS):
        rows: dict[str, Row] = {}
        for row in rec["rows"]:
            row["_file"] = rec["_file"]
            if r.article(row) is None:
                continue
            citation = r.cite(row) if "quote" in row else None
            rows[row["article"]] = Row(row["article"], row["verdict"], citation, row.get("says"), row.get("how"))
        # Only reviewed rows are kept: one row per article per topic would make
        # the model (and every page and export) grow with articles × topics.
        full = tuple(sorted(rows.values(), key=lambda row: order[row.article]))
        topics.append(Topic(rec["id"], rec["question"], rec["answer"], full, tuple(rec.get("old_ids", [])), rec.get("updated")))
    return tuple(topics)


def find_article_mentions(a: Article) -> dict[str, tuple[Mention, ...]]:
    """Passage anchor -> element mentions of one article (found automatically)."""
    per_block = {}
    for b in a.blocks:
        ms = find_mentions(b.text)
        if ms:
            per_block[b.anchor] = tuple(ms)
    return per_block


@dataclass(frozen=True)
class NameLink:
    """The first mention in an article of a glossary term or entry (person,
    organisation, place): linked to it, with its definition as a tooltip."""

    start: int
    """Offset in the passage text."""
    end: int
    section: str
    """``terms`` or ``people`` (the layout's section)."""
    ident: str


def name_table(terms: Sequence[Term], entities: Sequence[Entity]) -> dict[str, str]:
    """Lower-case name or alias -> ``section:id``. A name that two records
    claim (``name_clashes``), or shorter than three letters, links nowhere."""
    claims = _name_claims(terms, entities)
    return {name: next(iter(owners)) for name, owners in sorted(claims.items()) if len(owners) == 1 and len(name) >= 3}


def _name_claims(terms: Sequence[Term], entities: Sequence[Entity]) -> dict[str, dict[str, Term | Entity]]:
    """Lower-case name -> ``section:id`` -> the records claiming it."""
    claims: dict[str, dict[str, Term | Entity]] = defaultdict(dict)
    for t in terms:
        for name in (t.term, *t.aliases):
            claims[name.lower()][f"terms:{t.id}"] = t
    for e in entities:
        for name in (e.name, *(a.name for a in e.aliases)):
            claims[name.lower()][f"people:{e.id}"] = e
    return claims


def name_clashes(terms: Sequence[Term], entities: Sequence[Entity]) -> list[str]:
    """One ``file:line: key: expected …, got …`` line per name that two
    glossary records claim: articles link it to neither."""
    lines = []
    for name, owners in sorted(_name_claims(terms, entities).items()):
        if len(owners) > 1 and len(name) >= 3:
            first, *others = sorted(owners.values(), key=lambda o: (o.file, o.line))
            also = ", ".join(f"{o.file}:{o.line} [{o.id}]" for o in others)
            lines.append(f"{first.file}:{first.line}: [{first.id}]: expected a name no other glossary record claims, "
                         f"got {name!r}, also claimed by {also}: articles link it to neither, so keep it in one")
    return lines


def find_name_links(article: Article, finder: NameFinder, elements: Mapping[str, tuple[Mention, ...]]) -> dict[str, tuple[NameLink, ...]]:
    """Passage anchor -> the first mention in ``article`` of each name that
    ``finder`` knows (``NameFinder(name_table(...))``), where no element mention stands."""
    seen: set[str] = set()
    found: dict[str, tuple[NameLink, ...]] = {}
    for block in article.blocks:
        taken = [(m.start, m.end) for m in elements.get(block.anchor, ())]
        links = []
        for m in finder.find(block.text):
            if m.value in seen or any(start < m.end and m.start < end for start, end in taken):
                continue
            seen.add(m.value)
            section, ident = m.value.split(":", 1)
            links.append(NameLink(m.start, m.end, section, ident))
        if links:
            found[block.anchor] = tuple(links)
    return found


def find_all_mentions(articles: Sequence[Article], memo: Memo | None = None, key: Callable[[Article], str] | None = None) -> dict[str, dict[str, tuple[Mention, ...]]]:
    """Article id -> passage anchor -> element mentions; ``memo`` keeps them
    between builds under ``key(article)``, a digest of its passages."""
    found = cached_map(memo, find_article_mentions, articles, key or passages_key)
    return {a.id: ms for a, ms in zip(articles, found)}


def build_elements(notes: Notes, mentions: Mapping[str, Mapping[str, tuple[Mention, ...]]], r: _Resolver) -> tuple[ElementEntry, ...]:
    curated: dict[str, Record] = {}
    for rec in notes.of(S.ELEMENTS):
        try:
            element_facts(rec["symbol"])
        except ValueError:
            r.out.add(rec["_file"], rec["_lines"]["symbol"], f"{rec['_path']}.symbol", f"expected a chemical element symbol such as 'Sm', got {rec['symbol']!r}")
            continue
        curated[rec["symbol"]] = rec
    by_symbol: dict[str, dict[str, list[Mention]]] = defaultdict(lambda: defaultdict(list))
    for article_id, blocks in mentions.items():
        for ms in blocks.values():
            for m in ms:
                by_symbol[m.symbol][article_id].append(m)
    entries = []
    # Sorted: citations are resolved in this order, and set order varies per process.
    for symbol in sorted(set(by_symbol) | set(curated), key=lambda sym: element_facts(sym).number):
        rec = curated.get(symbol, {})
        entries.append(
            ElementEntry(
                element_facts(symbol),
                rec.get("role"),
                rec.get("export_control"),
                r.cite_all(rec) if rec else (),
                {a: tuple(ms) for a, ms in sorted(by_symbol[symbol].items())},
            )
        )
    return tuple(sorted(entries, key=lambda e: e.facts.number))


def build_terms(notes: Notes, r: _Resolver) -> tuple[Term, ...]:
    return tuple(
        sorted(
            (
                Term(rec["id"], rec["term"], tuple(rec.get("aliases", [])), rec["definition"], r.cite_all(rec), tuple(rec.get("old_ids", [])),
                     rec["_file"], rec["_line"])
                for rec in notes.of(S.TERMS)
            ),
            key=lambda t: t.term.lower(),
        )
    )


def build_entities(notes: Notes, r: _Resolver) -> tuple[Entity, ...]:
    entities = []
    for rec in notes.of(S.ENTITIES):
        aliases = []
        for i, alias in enumerate(rec.get("aliases", [])):
            _attach(alias, rec, f"{rec['_path']}.aliases[{i}]")
            c = r.cite(alias)
            if c is not None:
                aliases.append(Alias(alias["name"], c))
        entities.append(Entity(rec["id"], rec["name"], rec["kind"], rec.get("description"), tuple(aliases), tuple(rec.get("old_ids", [])),
                               rec["_file"], rec["_line"]))
    return tuple(sorted(entities, key=lambda e: e.name.lower()))


def build_verdicts(notes: Notes, topics: Sequence[Topic], out: Collector) -> tuple[Verdict, ...]:
    topic_ids = {t.id for t in topics}
    verdicts = []
    for rec in notes.of(S.VERDICTS):
        if "topic" in rec and rec["topic"] not in topic_ids:
            out.add(rec["_file"], rec["_lines"]["topic"], f"{rec['_path']}.topic", f"expected a topic id ({', '.join(sorted(topic_ids)) or 'none'}), got {rec['topic']!r}")
        verdicts.append(Verdict(rec["candidate"], rec["verdict"], rec["reason"], rec.get("topic"), rec.get("updated"), rec["_file"], rec["_line"]))
    return tuple(verdicts)


def check_page_ids(notes: Notes, elements: Sequence[ElementEntry], out: Collector) -> None:
    """Ids that share a page must differ: anchors are permalinks.

    The glossary holds elements (named by the library), terms and entities;
    the timeline and comparison pages hold their records and fixed sections."""
    month_ids = {f"{m}-{y}" for m in ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december") for y in range(1900, 2101)}
    pages: list[tuple[str, set[str], tuple[S.Kind, ...]]] = [
        ("glossary", {"elements", "terms", "people"} | {e.id for e in elements}, (S.TERMS, S.ENTITIES)),
        ("timeline", month_ids, (S.EVENTS,)),
        ("comparisons", {"coverage"}, (S.TOPICS,)),
    ]
    for page, reserved, kinds in pages:
        taken: dict[str, str] = {}
        for kind in kinds:
            for rec in notes.of(kind):
                for key, ident in [("id", rec["id"])] + [("old_ids", o) for o in rec.get("old_ids", [])]:
                    owner = "a section or element of the page" if ident in reserved else taken.get(ident)
                    if owner is not None:
                        out.add(rec["_file"], rec["_lines"].get(key, rec["_line"]), f"{rec['_path']}.{key}", f"expected an id not used elsewhere on the {page} page, got {ident!r} (already {owner})")
                    taken.setdefault(ident, f"used by {rec['_file']}:{rec['_line']}")


def build_briefing(articles: Sequence[Article], notes: Notes, out: Collector, cache: BuildCache | None = None) -> Briefing:
    """Resolve everything; problems go to ``out`` (the caller raises once).

    ``cache`` keeps the element mentions of unchanged articles between builds."""
    r = _Resolver(articles, out, cache)
    head = (notes.of(S.BRIEFING) or [{}])[0]
    sources = build_sources(notes, articles, r)
    as_of = max((s.date.end for s in sources if s.date), default=None)
    events = build_events(notes, r, as_of)
    topics = build_topics(notes, articles, r)
    mentions = find_all_mentions(articles, cache.memo("mentions") if cache else None, r.passages_key)
    elements = build_elements(notes, mentions, r)
    terms = build_terms(notes, r)
    entities = build_entities(notes, r)
    verdicts = build_verdicts(notes, topics, out)
    check_page_ids(notes, elements, out)
    names = name_table(terms, entities)
    names_key, finder = digest(json.dumps(names)), NameFinder(names)
    found = cached_map(cache.memo("names") if cache else None, lambda a: find_name_links(a, finder, mentions[a.id]), list(articles),
                       lambda a: digest(r.passages_key(a), names_key))
    highlights = {a: {b: tuple(cs) for b, cs in blocks.items()} for a, blocks in r.highlights.items()}
    return Briefing(
        title=head.get("title", "Briefing"),
        summary=head.get("summary"),
        updated=head.get("updated"),
        site_url=head.get("site_url"),
        sources=sources,
        events=events,
        topics=topics,
        elements=elements,
        terms=terms,
        entities=entities,
        verdicts=verdicts,
        mentions=mentions,
        highlights=highlights,
        name_links={a.id: links for a, links in zip(articles, found)},
    )
