"""Render the briefing model to Markdown pages: ``render_pages(b) -> {path: text}``.

Templates get ready rows; sorting, grouping and joining live here. Jinja runs
with ``StrictUndefined`` and a ``finalize`` that escapes any value not marked
safe, so untrusted text cannot reach a page raw even if a filter is forgotten.
"""
from __future__ import annotations

import dataclasses
import functools
import os
import pickle
import posixpath
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined
from markupsafe import Markup

from . import analysis as A
from . import escape
from .cache import Memo, cached_map, digest
from .elements import Mention
from .export import SINGULAR, Change
from .ingest import Block
from .layout import PAGE_SIZE, Chunk, Layout, plan_layout, site_path
from .model import Briefing, Citation, Event, NameLink, Source, Topic
from .parallel import fork_map
from .schema import KINDS, all_fields

#: Above this many sources the derivation graph is replaced by its list.
GRAPH_LIMIT = 40
#: Above this many sources the coverage matrix becomes a count per topic.
MATRIX_LIMIT = 12
#: How many sources, disagreements or origins a summary lists before linking on.
OVERVIEW_LIMIT = 20
#: How many pages of a split section an index lists (100 × PAGE_SIZE items:
#: every article stays two clicks from the overview up to 10,000 articles).
CHUNK_LINKS_LIMIT = 100
#: How many changes the "What changed" page lists (newest first).
CHANGES_LIMIT = 200

VERDICT_LABELS = {
    "agrees": ("✔", "agrees"),
    "differs": ("✖", "differs"),
    "silent": ("–", "silent"),
    "could-not-know": ("∅", "could not know"),
    "not-reviewed": ("?", "not reviewed"),
}
BASIS_LABELS = {
    "stated": "stated in the text",
    "dateline": "from the dateline",
    "relative": "worked out from relative dates in the texts",
    "editor": "supplied by the editor",
    "computed": "computed",
}


def md_link(src: str, dst: str, anchor: str | None = None) -> Markup:
    """Relative Markdown link target from page ``src`` to page ``dst`` (MkDocs checks it)."""
    rel = _relpath(dst, posixpath.dirname(src))
    return _checked_link(rel + (f"#{anchor}" if anchor else ""))


def _relpath(dst: str, start: str) -> str:
    """``posixpath.relpath(dst, start or ".")`` for the docs tree's own paths
    (relative, normalised: no ``.``, ``..`` or doubled slashes), without the
    file-system calls ``relpath`` makes to absolutise both: a large briefing
    makes a hundred thousand links."""
    if not start:
        return dst
    here, there = start.split("/"), dst.split("/")
    common = 0
    for x, y in zip(here, there):
        if x != y:
            break
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:]) or "."


_LINK_SAFE = re.compile(r"^[A-Za-z0-9_./#-]+$")


def _checked_link(link: str) -> Markup:
    """Links are built from ids the schema restricts; refuse anything else."""
    if not _LINK_SAFE.match(link):
        raise ValueError(f"unsafe generated link {link!r}")
    return Markup(link)


def doc_of(url: str) -> tuple[str, str | None]:
    """Site URL (``timeline/#x``) -> docs path and anchor (``timeline.md``, ``x``)."""
    path, _, anchor = url.partition("#")
    return (path.rstrip("/") + ".md" if path else "index.md"), anchor or None


def article_path(article_id: str) -> str:
    return f"articles/{article_id}.md"


@dataclass(frozen=True)
class Segment:
    """A run of passage text with its marks."""

    text: str
    quotes: tuple[str, ...]
    """Ids of citations covering this run."""
    mention: Mention | None
    """The element mention this run is, if any."""
    link: NameLink | None = None
    """The glossary term or entry this run names (its first mention in the article), if any."""


#: Block kind -> (extra class, markup before and after the text) on article pages.
_PASSAGE_KINDS = {
    "headline": (" passage-headline", "<strong>", "</strong>"),
    "heading": (" passage-heading", "<strong>", "</strong>"),
    "bullet": (" passage-bullet", "• ", ""),
    "attribution": (" passage-attribution", "<em>", "</em>"),
}


CITED_SHOWN = 8
"""Places a passage is cited in that its article page lists under it."""
CITED_KIND_BY_ROLE = {"reports": "Timeline", "announces": "Timeline (announced beforehand)", "related": "Timeline (related)"}
"""How a backlink to an event is labelled, by the role of the passage in it."""


def _clip(text: str, limit: int = 280) -> str:
    """``text`` cut to at most ``limit`` characters: after its last sentence
    or clause that fits in its second half ("Mr." aside), else after its last
    whole word; text without spaces (Chinese, a long URL) is cut where the
    limit falls."""
    if len(text) <= limit:
        return text
    head = text[: limit - 2]
    ends = [m.end() for m in _CLAUSE_END.finditer(head) if m.end() >= limit // 2]
    if ends:
        return head[: ends[-1]].rstrip() + " …"
    space = head.rstrip().rfind(" ")
    return head[:space].rstrip(" ,;:") + " …" if space > 0 else head + "…"


_CLAUSE_END = re.compile(r"(?<!\bMr)(?<!\bMrs)(?<!\bDr)(?<!\bSt)(?<!\b[A-Z])[.;!?](?= )")


def segment_block(block: Block, citations: Sequence[Citation], mentions: Sequence[Mention], links: Sequence[NameLink] = ()) -> list[Segment]:
    """Split a passage at every quote, mention and name boundary."""
    cuts = {0, len(block.text)}
    for c in citations:
        for s, e in c.spans:
            cuts.update((s, e))
    for m in mentions:
        cuts.update((m.start, m.end))
    for n in links:
        cuts.update((n.start, n.end))
    points = sorted(cuts)
    out = []
    for s, e in zip(points, points[1:]):
        quotes = tuple(c.id for c in citations if any(cs <= s and e <= ce for cs, ce in c.spans))
        mention = next((m for m in mentions if m.start <= s and e <= m.end), None)
        link = next((n for n in links if n.start <= s and e <= n.end), None)
        out.append(Segment(block.text[s:e], quotes, mention, link))
    return out


#: How templates are compiled; part of every compiled template's cache key.
_ENV_OPTIONS: dict[str, Any] = {
    "undefined": StrictUndefined,
    "finalize": escape.finalize,
    "autoescape": True,
    "keep_trailing_newline": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
}


class _TemplateCache(FileSystemBytecodeCache):
    """Compiled templates keyed by template name, Jinja's version and the
    environment's options, not by where the checkout is. Jinja checks each
    against its source's checksum before use, so a fresh clone elsewhere (as
    CI makes) reuses them instead of compiling every template again, and a
    checkout that compiles differently gets its own."""

    _salt = "|".join([jinja2.__version__, *(f"{k}={getattr(v, '__qualname__', v)}" for k, v in sorted(_ENV_OPTIONS.items()))])

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(f"{name}|{self._salt}")


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    """Compiled templates, kept between runs (checked against their source)."""
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "briefing-jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _TemplateCache(str(folder))


_BYTECODE_CACHE = _bytecode_cache()


def templates_version() -> str:
    """A digest of every template's source, read now: Jinja reads them afresh
    for every build, so a long-running preview must too."""
    folder = resources.files("generator").joinpath("templates")
    return digest(*(p for item in sorted(folder.iterdir(), key=lambda i: i.name) for p in (item.name, item.read_bytes())))


PageTask = tuple[str, Callable[[], str]]
"""A page to make: its docs path and what makes its text."""


class Renderer:
    """Holds the Jinja environment and the briefing; one method per page kind."""

    def __init__(self, briefing: Briefing, layout: Layout) -> None:
        self.b = briefing
        self.layout = layout
        # Cached per renderer, not on the class: a class-level cache would keep
        # every build's briefing alive for as long as a preview server runs.
        self.short_name: Callable[[str], str] = functools.lru_cache(maxsize=None)(self._short_name)
        self.mention_attrs: Callable[[str, str, bool], str] = functools.lru_cache(maxsize=None)(self._mention_attrs)
        self.name_tip: Callable[[str, str], str] = functools.lru_cache(maxsize=None)(self._name_tip)
        self.env = Environment(loader=PackageLoader("generator", "templates"), bytecode_cache=_BYTECODE_CACHE, **_ENV_OPTIONS)
        self.env.filters.update(
            text=escape.text,
            attr=escape.attr,
            note=escape.note,
            note_inline=escape.note_inline,
            url=lambda u: escape.attr(escape.safe_url(u) or ""),
            code_block=escape.code_block,
            id=escape.ident,
            meta_str=escape.meta_str,
            jsonld=escape.jsonld,
        )
        self.env.globals.update(
            md_link=md_link,
            doc_of=doc_of,
            article_path=article_path,
            verdicts=VERDICT_LABELS,
            basis=BASIS_LABELS,
            briefing=briefing,
            source_title=self.source_title,
            short=self.short_name,
            origins=self.origins,
            other_roles=self.other_roles,
            origin_label=self.origin_label,
            confirmed_for=self.confirmed_for,
            via=self.via,
            detected=self.detected,
            where=self.where,
            matrix_limit=MATRIX_LIMIT,
            overview_limit=OVERVIEW_LIMIT,
            chunk_links_limit=CHUNK_LINKS_LIMIT,
        )
        self.element_by_symbol = {e.facts.symbol: e for e in briefing.elements}
        self.terms_by_id = {t.id: t for t in briefing.terms}
        self.entities_by_id = {e.id: e for e in briefing.entities}
        self.templates = templates_version()
        """Digest of the templates this renderer's environment reads."""

    # --- helpers shared by templates -----------------------------------------

    def where(self, section: str, ident: str) -> str:
        """Docs path of the page that holds an item (see ``layout``)."""
        return self.layout.page_of(section, ident)

    def chunk_links(self, section: str, label: Callable[[Sequence[str]], str]) -> list[tuple[str, str, int]]:
        """(page, label, item count) for each page of a split section."""
        sec = self.layout.sections[section]
        return [(c.path, label(c.ids), len(c.ids)) for c in sec.chunks] if sec.split else []

    def section_pages(self, section: str, template: str, items: Callable[[Sequence[str]], dict[str, Any]], label: Callable[[Sequence[str]], str], **ctx: Any) -> list[PageTask]:
        """A section's page, or its index plus one page per chunk when split."""
        sec = self.layout.sections[section]
        if not sec.split:
            ids = sec.chunks[0].ids if sec.chunks else ()
            return [(sec.index, lambda: self.render(template, sec.index, part=None, chunks=[], **items(ids), **ctx))]
        tasks: list[PageTask] = [(sec.index, lambda: self.render(template, sec.index, part=None, chunks=self.chunk_links(section, label), **items(()), **ctx))]
        for c in sec.chunks:
            tasks.append((c.path, functools.partial(lambda c: self.render(template, c.path, part=c, chunks=[], **items(c.ids), **ctx), c)))
        return tasks

    def source_title(self, article_id: str) -> str:
        return self.b.source(article_id).title

    def _short_name(self, article_id: str) -> str:
        """A compact label for tables: outlet if known, else the id's prefix."""
        s = self.b.source(article_id)
        label = s.outlet if s.outlet and s.outlet != "unknown" else "Unknown outlet"
        return f"{label} ({article_id.split('_')[0]})"

    def render(self, template: str, page: str, **ctx: Any) -> str:
        return self.env.get_template(template).render(page=page, **ctx)

    # --- pages ----------------------------------------------------------------

    def article_page(self, source: Source, page: str | None = None) -> str:
        """An article's page; ``page`` is where it will stand, if not at its
        own path (its links are relative to it)."""
        page = page or article_path(source.id)
        a = source.article
        highlights = self.b.highlights.get(a.id, {})
        mentions = self.b.mentions.get(a.id, {})
        links = self.b.name_links.get(a.id, {})
        cited = self.cited_in.get(a.id, {})
        passages = [
            self.passage(block, self.render_segments(page, segment_block(
                block, highlights.get(block.anchor, ()), mentions.get(block.anchor, ()), links.get(block.anchor, ()))))
            + self.cited_line(page, cited.get(block.anchor, ()))
            for block in a.blocks
        ]
        misspelled = [m for ms in mentions.values() for m in ms if m.misspelled]
        return self.render(
            "article.md.j2",
            page,
            s=source,
            a=a,
            passages=passages,
            misspelled=misspelled,
            raw_name=f"{a.id}.txt",
            jsonld_data=self.article_jsonld(source),
        )

    def article_page_key(self, source: Source) -> str:
        """A digest of everything an article page shows: the capture (its id,
        file name and bytes, from which ingest and the element search derive
        the rest), the source's notes, the quotes cited in it, the site URL,
        the derivation the analysis found (if unreviewed), where its passages
        are cited (``cited_in``) and the templates. Unchanged, the page is taken from the build cache."""
        a = source.article
        fields = [getattr(source, f.name) for f in dataclasses.fields(source) if f.name != "article"]
        notes = pickle.dumps((fields, self.b.highlights.get(a.id, {}), self.b.site_url), protocol=5)
        found = self.detected(source.id)
        # The page names the parent by its label (``short_name``: its outlet),
        # and links names to the glossary pages that hold them, with their tooltips.
        # repr, not in the pickle: pickle's bytes depend on which strings are one object.
        shown = found and (dataclasses.astuple(found), found.parent and self.short_name(found.parent))
        links = [(anchor, [(n.start, n.end, self.where(n.section, n.ident), n.ident, self.name_tip(n.section, n.ident)) for n in ns])
                 for anchor, ns in sorted(self.b.name_links.get(a.id, {}).items())]
        cited = sorted(self.cited_in.get(a.id, {}).items())
        return digest(self.templates, a.id, a.file, a.raw, notes, repr(shown), repr(links), repr(cited))

    @functools.cached_property
    def cited_in(self) -> dict[str, dict[str, list[tuple[str, str, str, str]]]]:
        """Article id -> passage anchor -> (kind, label, page, anchor) of each
        confirmed discrepancy, comparison row and event that cites the passage:
        an article page links back to where its words are used. (The glossary
        is left out: the names, terms and elements in the passage already link
        there.)"""
        # Dicts as ordered sets: a passage quoted by many keeps each place once.
        found: dict[str, dict[str, dict[tuple[str, str, str, str], None]]] = defaultdict(lambda: defaultdict(dict))

        def put(article: str, anchor: str | None, entry: tuple[str, str, str, str]) -> None:
            if anchor is not None:
                found[article][anchor].setdefault(entry)

        def add(c: Citation | None, kind: str, label: str, section: str, ident: str, anchor: str | None = None) -> None:
            if c is not None:
                put(c.article, c.anchor, (kind, label, self.where(section, ident), anchor or ident))

        # Most telling first, as a long list is cut: where sources disagree,
        # how they compare, what happened. Discrepancies only once an editor
        # confirmed them: an unreviewed candidate is no finding, and
        # candidates shift whenever an article is added, which would remake
        # most article pages on every such rebuild.
        for rv in self.b.analysis.reviews if self.b.analysis else ():
            if rv.state == "confirmed":
                cand = rv.candidate
                entry = ("Discrepancy", cand.title, self.where("discrepancies", rv.id), rv.id)
                put(cand.a.article, rv.a_anchor, entry)
                put(cand.b.article, rv.b_anchor, entry)
        for t in self.b.topics:
            for r in t.rows:
                add(r.citation, "Comparison", t.question, "comparisons", t.id, f"{t.id}--{r.article}")
        for e in self.b.events:
            for c in e.citations:
                # The timeline's qualifier comes along: a passage written
                # before, or only related, is not a report of the event.
                add(c, CITED_KIND_BY_ROLE[c.role], e.title, "timeline", e.id)
        return {a: {anchor: list(entries) for anchor, entries in by_anchor.items()} for a, by_anchor in found.items()}

    @staticmethod
    def cited_line(page: str, cited: Sequence[tuple[str, str, str, str]]) -> Markup:
        """The line under a passage naming where it is cited (at most
        ``CITED_SHOWN``, then how many more), or nothing."""
        if not cited:
            return Markup("")
        t = escape.text_str
        shown = [f"{t(kind)}: [{t(_clip(label, 90))}]({md_link(page, where, anchor)})" for kind, label, where, anchor in cited[:CITED_SHOWN]]
        more = f" and {len(cited) - CITED_SHOWN} more" if len(cited) > CITED_SHOWN else ""
        # Out of the search index: the labels would make every article match
        # the words of every event and question that quotes it.
        return Markup(f'\n<p class="cited-in" data-search-exclude markdown="span">Cited in {" · ".join(shown)}{more}</p>')

    @staticmethod
    def passage(block: Block, body: Markup) -> Markup:
        """One passage of an article page, with its anchor and ¶ link (built in
        Python: a large briefing has hundreds of thousands of passages)."""
        anchor = escape.ident(block.anchor)
        kind, before, after = _PASSAGE_KINDS.get(block.kind, ("", "", ""))
        return Markup(
            f'<p class="passage{kind}" id="{escape.attr(block.anchor)}" markdown="span">{before}{body}{after}'
            f'<a class="permalink" href="#{anchor}" title="Copy the link to this passage" aria-label="Link to this passage" data-search-exclude>¶</a></p>'
        )

    def render_segments(self, page: str, segs: Sequence[Segment]) -> Markup:
        """Passage text as inline HTML: quotes marked, mentions linked with tooltips.

        Assembled as plain strings from escaped runs and marked safe once: the
        article pages of a large briefing hold hundreds of thousands of runs."""
        parts = []
        for seg in segs:
            html = escape.text_str(seg.text)
            if seg.mention is not None:
                m = seg.mention
                # A Markdown link, so MkDocs (and Zensical) resolve and check it.
                html = f'[{html}]({md_link(page, "glossary.md", self.element_by_symbol[m.symbol].facts.name)}){self.mention_attrs(m.symbol, m.written, m.misspelled)}'
            elif seg.link is not None:
                n = seg.link
                html = f'[{html}]({md_link(page, self.where(n.section, n.ident), n.ident)}){{ .el-mention .name-mention data-tip="{escape.attr_list_value(self.name_tip(n.section, n.ident))}" }}'
            if seg.quotes:
                html = f'<mark class="quoted" data-quotes="{" ".join(seg.quotes)}">{html}</mark>'
            parts.append(html)
        return Markup("".join(parts))

    def _name_tip(self, section: str, ident: str) -> str:
        """The tooltip of a term's or entry's link: what the glossary says of it, as plain text."""
        if section == "terms":
            t = self.terms_by_id[ident]
            return _clip(f"{t.term}: {escape.plain_text(t.definition)}")
        e = self.entities_by_id[ident]
        return _clip(f"{e.name} ({e.kind})" + (f": {escape.plain_text(e.description)}" if e.description else ""))

    def _mention_attrs(self, symbol: str, written: str, misspelled: bool) -> str:
        """The attribute list of a mention's link: its classes and its tooltip."""
        f = self.element_by_symbol[symbol].facts
        family = "lanthanide" if f.is_lanthanide else ("rare earth, not a lanthanide" if f.is_rare_earth else "not a rare earth")
        spelled = f" — written “{written}”, a misspelling of {f.name}" if misspelled else ""
        tip = f"{f.name.capitalize()} ({f.symbol}, atomic number {f.number}), {family}{spelled}"
        cls = ".el-mention .misspelled" if misspelled else ".el-mention"
        return f'{{ {cls} data-tip="{escape.attr_list_value(tip)}" }}'

    def quote_anchors(self, article_id: str) -> dict[str, str]:
        """Quote id -> passage anchor, for every citation into ``article_id``."""
        return {c.id: anchor for anchor, cs in self.b.highlights.get(article_id, {}).items() for c in cs}

    def article_jsonld(self, s: Source) -> dict[str, Any]:
        """schema.org NewsArticle: only what the notes or the text establish."""
        data: dict[str, Any] = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": s.title, "identifier": s.id}
        if s.date and s.date.precision == "day" and not s.date.is_range and not s.date.approximate:
            data["datePublished"] = s.date.start.isoformat()
        if s.outlet and s.outlet != "unknown":
            data["publisher"] = {"@type": "Organization", "name": s.outlet}
        if s.language:
            data["inLanguage"] = s.language
        if s.derived_from:
            data["isBasedOn"] = [d.origin for d in s.derived_from]
        if self.b.site_url:
            data["url"] = self.b.site_url.rstrip("/") + "/" + site_path(article_path(s.id))
        return data

    def comparisons_jsonld(self, topics: Sequence[Topic]) -> dict[str, Any]:
        """schema.org ClaimReview for every cited row of the given topics."""
        reviews = []
        for t in topics:
            for r in t.rows:
                if r.citation is None:
                    continue
                label = VERDICT_LABELS[r.verdict][1] + (f": {r.how}" if r.how else "")
                reviews.append(
                    {
                        "@type": "ClaimReview",
                        "claimReviewed": r.citation.quote,
                        "name": t.question,
                        "reviewRating": {"@type": "Rating", "alternateName": label},
                        "itemReviewed": {"@type": "Claim", "appearance": {"@type": "NewsArticle", "headline": self.source_title(r.article)}},
                        "author": {"@type": "Organization", "name": "The editors of " + self.b.title},
                    }
                )
        return {"@context": "https://schema.org", "@graph": reviews}

    def other_roles(self, e: Event) -> list[tuple[str, list[str]]]:
        """(label, sources) for each role other than ``reports`` that an event's
        passages have: "announced beforehand by" 002, "related passages … from" 003."""
        rows = []
        for role, label in (("announces", "announced beforehand by"), ("related", "related passages, which may not report this very event, from")):
            articles = dict.fromkeys(c.article for c in e.citations if c.role == role)
            if articles:
                rows.append((label, [self.short_name(a) for a in articles]))
        return rows

    def origins(self, citations: Sequence[Citation]) -> list[str]:
        """Independent origins behind ``citations``, as display labels."""
        a = self.b.analysis
        ids = sorted(a.origins_of(citations) if a else {c.article for c in citations})
        return [self.origin_label(i) for i in ids]

    def confirmed_for(self, topic_id: str) -> list[Any]:
        """Confirmed discrepancy reviews whose verdict names this topic."""
        return self._confirmed.get(topic_id, [])

    @functools.cached_property
    def _confirmed(self) -> dict[str, list[Any]]:
        found: dict[str, list[Any]] = defaultdict(list)
        for r in self.b.analysis.reviews if self.b.analysis else ():
            if r.state == "confirmed" and r.verdict and r.verdict.topic:
                found[r.verdict.topic].append(r)
        return found

    def via(self, article_id: str) -> str | None:
        """The origin an article derives from, if not itself; marked when a
        link on the way there was found by the analysis and not reviewed."""
        a = self.b.analysis
        origin = a.origins.get(article_id, article_id) if a else article_id
        if origin == article_id:
            return None
        return self.origin_label(origin) + (" (found by the analysis, not reviewed)" if self.unreviewed_path(article_id) else "")

    def unreviewed_path(self, article_id: str) -> bool:
        """Whether the way from an article to its origin takes a derivation the
        analysis found and no editor reviewed."""
        seen: set[str] = set()
        step: str | None = article_id
        while step is not None and step not in seen:
            seen.add(step)
            if self.detected(step) is not None:
                return True
            found = self._derivations.get(step)
            step = found.parent if found else None
        return False

    def detected(self, article_id: str) -> A.Derivation | None:
        """The derivation the analysis found for an article the editors have
        not reviewed (``derived_from`` absent from its notes), if any."""
        if self.b.source(article_id).derived_from is not None:
            return None
        return self._derivations.get(article_id)

    @functools.cached_property
    def _derivations(self) -> dict[str, A.Derivation]:
        """Child article id -> its derivation (one each)."""
        return {d.child: d for d in self.b.analysis.derivations} if self.b.analysis else {}

    def origin_label(self, origin: str) -> str:
        if origin.startswith("ext:"):
            return f"{origin[4:]} (not in this briefing)"
        return self.short_name(origin)

    def marked(self, text: str, spans: Sequence[tuple[int, int]]) -> Markup:
        """Passage text with the differing words marked."""
        out, pos = [], 0
        for start, end in sorted(spans):
            out.append(escape.text_str(text[pos:start]))
            out.append(f'<mark class="diff">{escape.text_str(text[start:end])}</mark>')
            pos = end
        out.append(escape.text_str(text[pos:]))
        return Markup("".join(out))

    def derivation_graph(self) -> Markup:
        """The derivation graph as an inline SVG, laid out in layers: each
        independent origin on the left, what derives from it to its right.

        Drawn here rather than by a client-side library so that it needs no
        network, prints, and is read by screen readers from its title and list."""
        a = self.b.analysis
        if not a or len(self.b.sources) > GRAPH_LIMIT:
            return Markup("")
        parent = {d.child: (d.parent or f"ext:{d.origin}", d.kind) for d in a.derivations}
        nodes = [s.id for s in self.b.sources] + sorted({p for p, _ in parent.values() if p.startswith("ext:")})

        def depth(n: str, seen: frozenset[str] = frozenset()) -> int:
            if n not in parent or n in seen:
                return 0
            return 1 + depth(parent[n][0], seen | {n})

        columns: dict[int, list[str]] = defaultdict(list)
        for n in nodes:
            columns[depth(n)].append(n)
        box_w, box_h, gap_x, gap_y = 230, 34, 70, 14
        pos: dict[str, tuple[int, int]] = {}
        for col in sorted(columns):
            # Children sit next to their parent's row, so arrows stay short.
            ordered = sorted(columns[col], key=lambda n: (pos.get(parent[n][0], (0, 0))[1] if n in parent else 0, n))
            for row, n in enumerate(ordered):
                pos[n] = (10 + col * (box_w + gap_x), 10 + row * (box_h + gap_y))
        width = max(x for x, _ in pos.values()) + box_w + 10
        height = max(y for _, y in pos.values()) + box_h + 10

        def label(n: str) -> str:
            text = self.origin_label(n)
            return text if len(text) <= 32 else text[:31] + "…"

        parts = [
            f'<figure class="derivation-graph"><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="dg-title" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
            '<title id="dg-title">Derivation graph: each arrow points from an article to what it derives from</title>',
            '<defs><marker id="dg-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto">'
            '<path d="M0,0 L10,5 L0,10 z" class="dg-head"/></marker></defs>',
        ]
        for child, (par, kind) in sorted(parent.items()):
            (cx, cy), (px, py) = pos[child], pos[par]
            parts.append(
                f'<line class="dg-edge dg-{escape.attr(kind)}" x1="{cx}" y1="{cy + box_h // 2}" x2="{px + box_w}" y2="{py + box_h // 2}" marker-end="url(#dg-arrow)"/>'
            )
        for n, (x, y) in pos.items():
            cls = "dg-node dg-external" if n.startswith("ext:") else "dg-node"
            parts.append(
                f'<g class="{cls}"><rect x="{x}" y="{y}" width="{box_w}" height="{box_h}" rx="5"/>'
                f'<text x="{x + 8}" y="{y + box_h // 2 + 5}">{escape.attr(label(n))}</text></g>'
            )
        parts.append("</svg></figure>")
        return Markup("".join(parts))

    def origin_groups(self) -> list[tuple[str, list[str]]]:
        """Each independent origin with the articles that go back to it."""
        a = self.b.analysis
        groups: dict[str, list[str]] = defaultdict(list)
        for s in self.b.sources:
            groups[a.origins.get(s.id, s.id) if a else s.id].append(s.id)
        return sorted(groups.items(), key=lambda g: (-len(g[1]), g[0]))

    def timeline(self) -> list[PageTask]:
        by_id = {e.id: e for e in self.b.events}

        def items(ids: Sequence[str]) -> dict[str, Any]:
            months: dict[str, list[Any]] = defaultdict(list)
            for i in ids:
                months[by_id[i].date.start.strftime("%B %Y")].append(by_id[i])
            return {"months": list(months.items())}

        def label(ids: Sequence[str]) -> str:
            first, last = by_id[ids[0]].date.start, by_id[ids[-1]].date.start
            return f"{first:%B %Y} – {last:%B %Y}" if (first.year, first.month) != (last.year, last.month) else f"{first:%B %Y}"

        return self.section_pages("timeline", "timeline.md.j2", items, label)

    def comparisons(self) -> list[PageTask]:
        by_id = {t.id: t for t in self.b.topics}

        def items(ids: Sequence[str]) -> dict[str, Any]:
            topics = [by_id[i] for i in ids]
            return {"topics": topics, "jsonld_data": self.comparisons_jsonld(topics)}

        return self.section_pages("comparisons", "comparisons.md.j2", items, lambda ids: f"{by_id[ids[0]].question} … {by_id[ids[-1]].question}")

    def glossary(self) -> list[PageTask]:
        rows = []
        for e in self.b.elements:
            counts = sorted(((a, len(ms)) for a, ms in e.mentions.items()), key=lambda x: (-x[1], x[0]))
            spellings = Counter(m.written.lower() for ms in e.mentions.values() for m in ms if m.misspelled)
            rows.append((e, counts, spellings))
        terms = {t.id: t for t in self.b.terms}
        people = {e.id: e for e in self.b.entities}
        # glossary.md: elements always; terms and people inline while each fits one page.
        term_sec, people_sec = self.layout.sections["terms"], self.layout.sections["people"]
        main_terms = [] if term_sec.split else [terms[i] for c in term_sec.chunks for i in c.ids]
        main_people = [] if people_sec.split else [people[i] for c in people_sec.chunks for i in c.ids]
        tasks: list[PageTask] = [("glossary.md", lambda: self.render(
            "glossary.md.j2",
            "glossary.md",
            part=None,
            elements=rows,
            terms=main_terms,
            people=main_people,
            term_chunks=self.chunk_links("terms", lambda ids: f"{terms[ids[0]].term} – {terms[ids[-1]].term}"),
            people_chunks=self.chunk_links("people", lambda ids: f"{people[ids[0]].name} – {people[ids[-1]].name}"),
        ))]

        def chunk_page(c: Chunk, key: str, lookup: Mapping[str, Any]) -> str:
            ctx = {"terms": [], "people": [], key: [lookup[i] for i in c.ids]}
            return self.render("glossary.md.j2", c.path, part=c, elements=[], term_chunks=[], people_chunks=[], **ctx)

        for sec, lookup, key in ((term_sec, terms, "terms"), (people_sec, people, "people")):
            if sec.split:
                tasks += [(c.path, functools.partial(chunk_page, c, key, lookup)) for c in sec.chunks]
        return tasks

    def discrepancies(self) -> list[PageTask]:
        a = self.b.analysis
        by_id = {r.id: r for r in a.reviews} if a else {}
        dismissed = [r for r in by_id.values() if r.state == "dismissed"]

        def items(ids: Sequence[str]) -> dict[str, Any]:
            page = self.layout.page_of("discrepancies", ids[0]) if ids else "discrepancies.md"
            return {"open_rows": [self.discrepancy_block(page, by_id[i]) for i in ids]}

        return self.section_pages(
            "discrepancies", "discrepancies.md.j2", items, lambda ids: f"candidates {ids[0]} … {ids[-1]}",
            dismissed=dismissed[:PAGE_SIZE], dismissed_total=len(dismissed), analysis=a,
            unplaced_shown=a.unplaced[:OVERVIEW_LIMIT] if a else (),
        )

    def discrepancy_block(self, page: str, r: Any) -> Markup:
        """One candidate: heading, badges, both passages side by side, verdict.

        Built in Python rather than in the template: sections hold thousands
        of these, and this is the generator's hottest loop."""
        c, t = r.candidate, escape.text_str
        link_a = md_link(page, article_path(c.a.article), r.a_anchor)
        link_b = md_link(page, article_path(c.b.article), r.b_anchor)
        lines = [
            f"## {t(c.title)} {{ #{escape.ident(r.id)} .discrepancy .review-{r.state} }}",
            "",
            f'<p class="discrepancy-meta"><span class="badge badge-{r.state}">{r.state}</span> '
            f'<span class="badge badge-severity-{c.severity}">severity {c.severity} of 3</span> <code>{r.id}</code></p>',
            "",
            f"| [{t(self.short_name(c.a.article))}]({link_a}) | [{t(self.short_name(c.b.article))}]({link_b}) |",
            "| --- | --- |",
            f"| {self.marked(c.a.text, c.a_spans)} | {self.marked(c.b.text, c.b_spans)} |",
            "",
        ]
        if r.verdict:
            see = ""
            if r.verdict.topic:
                see = f" — see [the comparison]({md_link(page, self.where('comparisons', r.verdict.topic), r.verdict.topic)})"
            lines.append(f"**Editors:** {t(r.verdict.reason)}{see}")
        else:
            example = f"- candidate: {r.id}\n  verdict: confirmed   # or dismissed\n  reason: ..."
            lines += ["*Not reviewed yet.* To decide, add to `notes/verdicts.yml`:", "", escape.code_block(example, "yaml")]
        return Markup("\n".join(lines))

    def source_label(self, ids: Sequence[str]) -> str:
        return f"{ids[0]} … {ids[-1]}"

    def sources(self) -> list[PageTask]:
        def items(ids: Sequence[str]) -> dict[str, Any]:
            return {"rows": [self.b.source(i) for i in ids]}

        groups = self.origin_groups()
        return self.section_pages(
            "sources", "sources.md.j2", items, self.source_label,
            graph=self.derivation_graph(), groups=groups[:OVERVIEW_LIMIT], groups_total=len(groups),
        )

    def guide(self) -> str:
        kinds = [(k, all_fields(k.fields)) for k in KINDS]
        return self.render("guide.md.j2", "guide.md", kinds=kinds)


def render_pages(
    briefing: Briefing, layout: Layout | None = None, changes: Sequence[Change] = (), previous_found: bool = False, memo: Memo | None = None,
    history: Sequence[Change] | None = None,
) -> dict[str, str]:
    """Every generated page: docs path -> Markdown text. Pure; no I/O.

    ``changes`` compare this build with the last published export (found or
    not), ``history`` adds those that export kept (default: ``changes``);
    ``memo`` keeps article pages between builds (``article_page_key``)."""
    layout = layout or plan_layout(briefing)
    r = Renderer(briefing, layout)
    listed = changes if history is None else history

    def changes_page() -> str:
        return r.render(
            "changes.md.j2", "changes.md", changes=listed[:CHANGES_LIMIT], total=len(listed),
            summary=sorted(Counter((SINGULAR.get(c.section, c.section), c.kind) for c in changes).items()), previous_found=previous_found,
        )

    # What every page needs is gathered first, once; the pages themselves
    # are then made on two cores (``parallel.fork_map``).
    tasks: list[PageTask] = [
        ("index.md", lambda: r.render("index.md.j2", "index.md", source_chunks=r.chunk_links("sources", r.source_label))),
        *r.sources(),
        *r.timeline(),
        *r.comparisons(),
        *r.glossary(),
        *r.discrepancies(),
        ("guide.md", r.guide),
        ("changes.md", changes_page),
    ]
    pages = dict(zip((path for path, _ in tasks), fork_map(lambda task: task[1](), tasks)))
    # Article pages depend on their own article, its notes and what cites it:
    # unchanged ones come from the cache. The index of citations is made once,
    # here, before the pages are shared across two cores.
    r.cited_in  # noqa: B018
    articles = cached_map(memo, r.article_page, briefing.sources, r.article_page_key)
    pages.update((article_path(s.id), text) for s, text in zip(briefing.sources, articles))
    # The print page holds the article texts too while they are few enough
    # that the page stays small; otherwise it says where they are.
    texts = [r.article_page(s, "print.md") for s in briefing.sources] if len(briefing.sources) <= PRINT_ARTICLES_MAX else None
    pages["print.md"] = print_page(pages, texts)
    return pages


_HEADING = re.compile(r"^(#{1,5}) ", re.M)
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_ATTR_ID = re.compile(r"\{ ?#[A-Za-z0-9_.-]+ ?")
_HTML_ID = re.compile(r' id="[^"]*"')
_PERMALINK = re.compile(r' ?<a class="permalink" href="#[^"]*"[^>]*>¶</a>')
PRINT_SECTIONS = ("index.md", "comparisons.md", "discrepancies.md", "timeline.md", "glossary.md", "sources.md")
PRINT_ARTICLES_MAX = 20
"""Up to this many articles, the print page ends with their texts."""


def print_page(pages: Mapping[str, str], texts: Sequence[str] | None = None) -> str:
    """The whole briefing on one page, for print: each section's Markdown with
    headings demoted one level, its ids dropped (they live on the real pages)
    and same-page links pointed at the real page; then ``texts``, the article
    pages made for this page's place, or a line saying where they are."""
    # Excluded from search: every passage in it is indexed on its own page already.
    parts = ["---\ntitle: Whole briefing (print)\nsearch:\n  exclude: true\n---\n\n# The whole briefing\n"]

    def section(path: str, text: str) -> str:
        body = _FRONT_MATTER.sub("", text)
        body = _HEADING.sub(lambda m: "#" + m.group(1) + " ", body)
        body = _ATTR_ID.sub("{ ", body).replace("{ }", "")
        body = _PERMALINK.sub("", _HTML_ID.sub("", body))
        return body.replace("](#", f"]({path}#")

    parts += [section(path, pages[path]) for path in PRINT_SECTIONS]
    if texts is None:
        parts.append(f"## The articles\n\nWith more than {PRINT_ARTICLES_MAX} articles their texts are not repeated here: "
                     "print each from its own page, listed under [Sources](sources.md).\n")
    else:
        parts.append("## The articles\n")
        # Made for this page: their own links are already relative to it; each
        # article's headings go one level below "The articles".
        parts += [_HEADING.sub(lambda m: "#" + m.group(1) + " ", section("print.md", text)) for text in texts]
    return "\n".join(parts)


#: Static files published at the site root rather than under assets/.
AT_ROOT = {"briefing.schema.json"}


def static_files(briefing: Briefing) -> dict[str, bytes]:
    """Non-Markdown files for the docs tree: captures and the theme's assets."""
    files: dict[str, bytes] = {f"articles/{s.id}.txt": s.article.raw for s in briefing.sources}
    for item in resources.files("generator").joinpath("static").iterdir():
        files[item.name if item.name in AT_ROOT else f"assets/{item.name}"] = item.read_bytes()
    return files
