"""Plan which page holds which item, before anything is rendered.

A section (sources, timeline, comparisons, glossary terms and people,
discrepancies) is one page while it holds at most ``PAGE_SIZE`` items. Past
that it becomes an index page plus numbered sub-pages of ``PAGE_SIZE`` items
each, so no page grows with the briefing (MkDocs' cost per page, and the
reader's, stay flat). Every item keeps its id; ``anchors.json`` maps ids to
their current page so that links written before a split still land (the
site's script follows them).
"""
from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field

from .model import Briefing

PAGE_SIZE = 100
"""Items per page, and the most a section holds before it is split."""


@dataclass(frozen=True)
class Chunk:
    """One page of a section."""

    path: str
    """Docs path of the page, e.g. ``timeline.md`` or ``timeline/2.md``."""
    ids: tuple[str, ...]
    """Ids of the items on it, in order."""
    number: int
    """1-based page number (1 for an unsplit section)."""
    total: int
    """How many pages the section has."""
    previous: str | None = None
    """Docs path of the page before, if any."""
    next: str | None = None
    """Docs path of the page after, if any."""


@dataclass(frozen=True)
class Section:
    """A section's pages: ``index`` alone, or an index plus chunks."""

    name: str
    index: str
    """Docs path of the section's main page."""
    chunks: tuple[Chunk, ...]

    @property
    def split(self) -> bool:
        return len(self.chunks) > 1


@dataclass(frozen=True)
class Layout:
    """Where every linkable item lives."""

    sections: dict[str, Section] = field(default_factory=dict)
    pages: dict[tuple[str, str], str] = field(default_factory=dict)
    """(section, item id) -> docs path of the page holding it."""

    def page_of(self, section: str, ident: str) -> str:
        return self.pages.get((section, ident), self.sections[section].index)

    def url_of(self, section: str, ident: str) -> str:
        """Site-relative URL (directory URLs) of an item's anchor."""
        return f"{site_path(self.page_of(section, ident))}#{ident}"


def site_path(doc: str) -> str:
    """``timeline/2.md`` -> ``timeline/2/``; ``index.md`` -> ``""``."""
    if doc == "index.md":
        return ""
    return doc[: -len(".md")] + "/"


def _linked(chunks: Sequence[Chunk]) -> list[Chunk]:
    """Chunks with their previous/next pages filled in."""
    return [
        dataclasses.replace(c, previous=chunks[i - 1].path if i else None, next=chunks[i + 1].path if i + 1 < len(chunks) else None)
        for i, c in enumerate(chunks)
    ]


def _section(layout: Layout, name: str, index: str, ids: Sequence[str], size: int, folder: str | None = None) -> None:
    if len(ids) <= size:
        chunks = [Chunk(index, tuple(ids), 1, 1)]
    else:
        total = (len(ids) + size - 1) // size
        base = folder or index[: -len(".md")] + "/"
        chunks = _linked([Chunk(f"{base}{n + 1}.md", tuple(ids[n * size : (n + 1) * size]), n + 1, total) for n in range(total)])
    layout.sections[name] = Section(name, index, tuple(chunks))
    for chunk in chunks:
        for ident in chunk.ids:
            layout.pages[(name, ident)] = chunk.path


def plan_layout(b: Briefing, size: int = PAGE_SIZE) -> Layout:
    """Assign every source, event, topic, term, entity and candidate a page."""
    layout = Layout()
    _section(layout, "sources", "sources.md", [s.id for s in b.sources], size)
    _section(layout, "timeline", "timeline.md", [e.id for e in b.events], size)
    # A topic is a whole table of quotes: a quarter as many per page.
    _section(layout, "comparisons", "comparisons.md", [t.id for t in b.topics], max(1, size // 4))
    # Terms and people share glossary.md while small; split, each gets its own pages.
    _section(layout, "terms", "glossary.md", [t.id for t in b.terms], size, "glossary/terms-")
    _section(layout, "people", "glossary.md", [e.id for e in b.entities], size, "glossary/people-")
    reviews = b.analysis.reviews if b.analysis else ()
    _section(layout, "discrepancies", "discrepancies.md", [r.id for r in reviews if r.state != "dismissed"], size)
    return layout


def anchor_map(layout: Layout) -> dict[str, dict[str, str]]:
    """For the site's script: section page URL -> {id: URL of the page holding it},
    only for items that are not on their section's main page."""
    out: dict[str, dict[str, str]] = {}
    for (section, ident), path in sorted(layout.pages.items()):
        index = layout.sections[section].index
        if path != index:
            out.setdefault(site_path(index), {})[ident] = site_path(path)
    return out
