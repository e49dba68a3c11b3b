"""Link integrity of the built site, read from disk like a crawler (no browser).

Starting at the overview, every internal ``href`` and ``src`` is followed: the
theme's, the Markdown links MkDocs checks, and the raw HTML the generator writes
itself (element mentions, derived-from links, citations to passages). A
``#fragment`` must name an element id on the target page.
"""
from __future__ import annotations

import posixpath
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from .sitecheck import Page, read_page

START = "index.html"


@dataclass(frozen=True)
class Link:
    """One ``href`` or ``src`` on one page."""

    page: str
    """Site path of the page holding it (``glossary/index.html``)."""
    tag: str
    ref: str
    """The attribute's value as written."""


@dataclass
class Crawl:
    """What a crawl from the overview found."""

    site: Path
    pages: dict[str, Page] = field(default_factory=dict)
    """Every HTML page reached, parsed, by site path."""
    links: list[Link] = field(default_factory=list)
    """Every internal link on those pages."""
    clicks: dict[str, int] = field(default_factory=dict)
    """Fewest ``<a>`` clicks from the overview to each page reached by clicking."""


def resolve_link(page: str, ref: str, site: Path) -> tuple[str, str] | None:
    """``(file, fragment)`` an internal link points to, as a site path; None for external ones.

    A directory URL (``glossary/``, ``..``) means its ``index.html``, as a static server serves it.
    """
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        target = page
    elif path.startswith("/"):
        target = posixpath.normpath(path.lstrip("/") or ".")
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if target == ".":
        target = ""
    if target == ".." or target.startswith("../"):
        return ("../ (outside the site)", parts.fragment)
    if target == "" or path.endswith("/") or (site / target).is_dir():
        target = posixpath.join(target, "index.html")
    return target, unquote(parts.fragment)


def read_links(page_path: str, page: Page) -> list[Link]:
    return [Link(page_path, tag, str(attrs[a])) for tag, attrs in page.tags for a in ("href", "src") if attrs.get(a) is not None]


def crawl_site(site: Path) -> Crawl:
    """Follow every internal link from the overview (and from the 404 page, which nothing links to)."""
    found = Crawl(site)
    queue = deque([START, "404.html"])
    while queue:
        path = queue.popleft()
        if path in found.pages or not path.endswith(".html") or not (site / path).is_file():
            continue
        found.pages[path] = page = read_page(site / path)
        for link in read_links(path, page):
            found.links.append(link)
            target = resolve_link(path, link.ref, site)
            if target:
                queue.append(target[0])
    # Clicks: breadth first over <a href> only, from the overview.
    found.clicks = {START: 0}
    frontier = deque([START])
    while frontier:
        path = frontier.popleft()
        for link in read_links(path, found.pages[path]):
            target = resolve_link(path, link.ref, site) if link.tag == "a" else None
            if target and target[0] in found.pages and target[0] not in found.clicks:
                found.clicks[target[0]] = found.clicks[path] + 1
                frontier.append(target[0])
    return found


@pytest.fixture(scope="module", params=["default_site", "split_site"])
def crawl(request: pytest.FixtureRequest) -> Crawl:
    """The default site, and the same briefing with every section split into pages."""
    return crawl_site(request.getfixturevalue(request.param))


def test_every_internal_link_and_anchor_resolves(crawl: Crawl) -> None:
    ids = {path: page.ids() for path, page in crawl.pages.items()}
    broken = []
    checked = 0
    for link in crawl.links:
        target = resolve_link(link.page, link.ref, crawl.site)
        if target is None:
            continue
        checked += 1
        file, fragment = target
        if not (crawl.site / file).is_file():
            broken.append(f"{link.page}: <{link.tag}> {link.ref!r}: no file {file}")
        elif fragment and file.endswith(".html") and fragment not in ids.get(file, set()):
            broken.append(f"{link.page}: <{link.tag}> {link.ref!r}: {file} has no id {fragment!r}")
    assert broken == []
    assert checked > 500  # the crawl really ran over the site


def test_raw_html_links_from_the_generator_are_checked(crawl: Crawl) -> None:
    """The links MkDocs does not validate (raw HTML) are among those crawled."""
    mentions = [lk for lk in crawl.links if lk.page.startswith("articles/") and "glossary/#" in lk.ref]
    assert mentions, "element mentions link to their glossary entry"
    passages = [lk for lk in crawl.links if "#p-" in lk.ref]
    assert passages, "citations link to the passage they quote"


def test_every_page_is_reached_from_the_overview(crawl: Crawl) -> None:
    every = {p.relative_to(crawl.site).as_posix() for p in crawl.site.rglob("*.html")}
    assert every - set(crawl.pages) == set()
    assert set(crawl.clicks) >= every - {"404.html"}, "every page can be reached by clicking links"


def test_every_article_is_within_two_clicks_of_the_overview(crawl: Crawl) -> None:
    articles = {p.relative_to(crawl.site).as_posix() for p in crawl.site.glob("articles/*/index.html")}
    assert articles
    far = {a: crawl.clicks.get(a) for a in articles if crawl.clicks.get(a, 99) > 2}
    assert far == {}
