"""The built site in a real headless browser: what only a browser shows.

One chromium (Debian's, never a downloaded build) per test process drives the
default site served on 127.0.0.1. Screenshots of every page kind at desktop
and phone width land in ``tests/output/screenshots/``; axe-core checks every
page kind in the light and the dark scheme.
"""
from __future__ import annotations

import contextlib
import json
import functools
import http.server
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import Browser, BrowserContext, Error, Page, Request, Response, sync_playwright

from .conftest import NODE_MODULES, SCREENSHOTS, require_tool
from .sitecheck import read_page

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
EXCEPTIONS = Path(__file__).resolve().parent / "a11y_exceptions.yml"
DESKTOP = {"width": 1280, "height": 900}
ELEMENT = "a.el-mention:not(.name-mention)"
"""An element mention (names of glossary terms and entries share its tooltip style)."""
PHONE = {"width": 375, "height": 740}
KINDS = ("overview", "sources", "timeline", "comparisons", "discrepancies", "glossary", "guide", "changes", "print", "article", "404")


# --- fixtures: one server, one browser ---------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 -- the base class's name
        pass


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve a built site on a free loopback port for the duration of the block."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="session")
def site_url(default_site: Path) -> Iterator[str]:
    """The default site served over HTTP (search needs it: it fetches its index)."""
    with serve(default_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    require_tool(CHROMIUM, "Debian's chromium")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser: Browser, site_url: str) -> Iterator[Callable[..., Page]]:
    """``new_page(viewport=..., **context options)``: a page in a fresh context, closed after the test.

    Requests to any other host are refused, so the tests run the same offline
    and online; ``test_pages_load_nothing_from_other_hosts`` reports them.
    """
    contexts: list[BrowserContext] = []
    offsite = re.compile(rf"^(?!{re.escape(site_url)})(https?|wss?)://")

    def make(viewport: dict[str, int] = DESKTOP, **options: Any) -> Page:
        context = browser.new_context(viewport=viewport, **options)
        context.set_default_timeout(10_000)
        context.route(offsite, lambda route: route.abort("blockedbyclient"))
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def page_paths(default_site: Path) -> dict[str, str]:
    """Page kind -> URL path. The article is the one with the most element mentions."""
    articles = sorted(p.parent for p in (default_site / "articles").glob("*/index.html"))
    richest = max(articles, key=lambda d: (d / "index.html").read_text(encoding="utf-8").count('class="el-mention'))
    return {
        "overview": "", "sources": "sources/", "timeline": "timeline/", "comparisons": "comparisons/",
        "discrepancies": "discrepancies/", "glossary": "glossary/", "guide": "guide/", "changes": "changes/", "print": "print/",
        "article": f"articles/{richest.name}/", "404": "404.html",
    }


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """The screenshot folder, ``tests/output/screenshots/<kind>-<desktop|mobile>.png``.

    Each run overwrites the files by name; nothing is deleted, because test
    processes (xdist workers, a colleague's run) share the folder.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def open_page(page: Page, url: str) -> list[str]:
    """Load ``url`` once Material's scripts have run; returns the problems seen meanwhile:
    script errors and failed requests to the site. Requests to other hosts (refused,
    see ``new_page``) and the script errors they cause are left to their own test."""
    origin = "{0.scheme}://{0.netloc}/".format(urlsplit(url))
    problems: list[str] = []
    offsite: list[str] = []

    def on_request(request: Request) -> None:
        if not request.url.startswith(origin) and re.match(r"(https?|wss?)://", request.url):
            offsite.append(request.url)

    def on_response(response: Response) -> None:
        if response.status >= 400:
            problems.append(f"HTTP {response.status} for {response.url}")

    def on_request_failed(request: Request) -> None:
        # ERR_ABORTED: the previous page's late requests, cancelled by this navigation.
        if request.url.startswith(origin) and request.failure != "net::ERR_ABORTED":
            problems.append(f"request failed: {request.url} ({request.failure})")

    def on_error(error: Error) -> None:
        problems.append(f"script error: {error}")

    handlers = {"request": on_request, "response": on_response, "requestfailed": on_request_failed, "pageerror": on_error}
    for event, handler in handlers.items():
        page.on(event, handler)  # type: ignore[call-overload]
    try:
        page.goto(url, wait_until="load")
        # Material wraps every content table in a scroll container from its bundle.
        page.wait_for_function("[...document.querySelectorAll('.md-content table')].every(t => t.closest('.md-typeset__scrollwrap'))")
    finally:
        for event, handler in handlers.items():
            page.remove_listener(event, handler)
    return [p for p in problems if not any(u in p for u in offsite)]


# --- features ----------------------------------------------------------------


def search(page: Page, site_url: str, word: str) -> list[str]:
    """Type ``word`` into the site's search; the result links once they are those of the whole word."""
    assert open_page(page, site_url) == []
    page.locator(".md-search__input").click()
    page.keyboard.type(word)
    links = ".md-search-result__item a"
    # Results refresh as each letter arrives: wait for those of the whole word.
    page.wait_for_function(f"[...document.querySelectorAll('{links}')].some(a => a.href.includes('h={word.lower()}'))")
    return [str(h) for h in page.locator(links).evaluate_all("as => as.map(a => a.href)")]


def test_search_for_samarium_lists_the_glossary_entry_and_an_article(new_page: Callable[..., Page], site_url: str) -> None:
    page = new_page()
    found = [urlsplit(h) for h in search(page, site_url, "samarium")]
    assert any(u.path == "/glossary/" and u.fragment == "samarium" for u in found), found
    assert any(re.fullmatch(r"/articles/[^/]+/", u.path) for u in found), found
    assert "samarium" in page.locator(".md-search-result").inner_text().lower()


def test_timeline_events_are_in_date_order(new_page: Callable[..., Page], site_url: str, page_paths: dict[str, str]) -> None:
    page = new_page()
    assert open_page(page, site_url + page_paths["timeline"]) == []
    events = page.locator("h3.event").count()
    dates = page.locator(".event-date").evaluate_all("ps => ps.map(p => p.dataset.date || null)")
    assert events >= 5 and len(dates) == events
    assert None not in dates, "every .event-date carries data-date=YYYY-MM-DD"
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in dates), dates
    assert dates == sorted(dates)
    # What a reader sees agrees with the machine-readable date: the day or the month is shown.
    shown = page.locator(".event-date strong").all_inner_texts()
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
    for iso, text in zip(dates, shown):
        year, month, _ = iso.split("-")
        assert year in text and months[int(month) - 1] in text, (iso, text)


TIP_SHOWN = """el => { const s = getComputedStyle(el, '::after'); return s.opacity === '1' && s.visibility === 'visible'; }"""
TIP = """el => { const s = getComputedStyle(el, '::after');
  return {opacity: s.opacity, visibility: s.visibility, content: s.content, tip: el.dataset.tip}; }"""


def test_element_mention_tooltip_shows_on_hover(new_page: Callable[..., Page], site_url: str, page_paths: dict[str, str]) -> None:
    page = new_page()
    assert open_page(page, site_url + page_paths["article"]) == []
    mention = page.locator(ELEMENT).first
    before = mention.evaluate(TIP)
    assert before["opacity"] == "0" and before["visibility"] == "hidden"
    mention.hover()
    page.wait_for_function(f"({TIP_SHOWN})(document.querySelector('a.el-mention:not(.name-mention)'))")
    after = mention.evaluate(TIP)
    assert after["content"] == f'"{after["tip"]}"' and "atomic number" in after["tip"]


def test_element_mention_tooltip_shows_on_keyboard_focus(new_page: Callable[..., Page], site_url: str, page_paths: dict[str, str]) -> None:
    page = new_page()
    assert open_page(page, site_url + page_paths["article"]) == []
    for _ in range(400):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a.el-mention')"):
            break
    else:
        pytest.fail("Tab never reached an element mention")
    page.wait_for_function(f"({TIP_SHOWN})(document.activeElement)")
    assert page.evaluate(f"({TIP})(document.activeElement)")["tip"]


def test_element_mention_tooltip_shows_on_tap_without_navigating(new_page: Callable[..., Page], site_url: str, page_paths: dict[str, str]) -> None:
    page = new_page(viewport=PHONE, has_touch=True, is_mobile=True)
    url = site_url + page_paths["article"]
    assert open_page(page, url) == []
    mention = page.locator(ELEMENT).first
    mention.scroll_into_view_if_needed()
    mention.tap()
    page.wait_for_function(f"({TIP_SHOWN})(document.querySelector('a.el-mention:not(.name-mention)'))")
    assert page.url == url
    assert "tip-open" in str(mention.get_attribute("class"))
    # The second tap follows the link to the glossary entry.
    target = str(mention.get_attribute("href")).split("#")[1]
    mention.tap()
    page.wait_for_url(re.compile(rf"/glossary/#{target}$"))


def test_comparison_table_flags_disagreement(new_page: Callable[..., Page], site_url: str, page_paths: dict[str, str]) -> None:
    page = new_page()
    assert open_page(page, site_url + page_paths["comparisons"]) == []
    topic = page.locator("h2.has-disagreement").first
    topic.wait_for()
    assert topic.evaluate("h => parseFloat(getComputedStyle(h).borderLeftWidth)") > 0
    # The topic's own table, the first one after its heading, flags the differing source.
    table = "(//h2[contains(@class, 'has-disagreement')])[1]/following-sibling::div[contains(@class, 'md-typeset__scrollwrap')][1]"
    flag = page.locator(f"xpath={table}//span[contains(@class, 'verdict-differs')]").first
    flag.scroll_into_view_if_needed()
    assert flag.is_visible()
    assert "differs" in flag.inner_text()
    text_color = page.evaluate("getComputedStyle(document.querySelector('.md-content p')).color")
    assert flag.evaluate("el => getComputedStyle(el).color") != text_color
    # The overview table at the top marks it too, in words for screen readers.
    assert "differs" in page.locator("#coverage ~ .md-typeset__scrollwrap .verdict-differs").first.text_content()


def test_palette_toggle_switches_light_and_dark(new_page: Callable[..., Page], site_url: str) -> None:
    page = new_page(color_scheme="light")
    assert open_page(page, site_url) == []
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    background = "getComputedStyle(document.body).backgroundColor"
    assert page.evaluate(scheme) == "default"
    light_bg = page.evaluate(background)
    page.locator("label[for='__palette_1']").click()
    page.wait_for_function(f"{scheme} === 'slate'")
    page.wait_for_function(f"{background} !== {light_bg!r}")
    page.locator("label[for='__palette_0']").click()
    page.wait_for_function(f"{scheme} === 'default'")
    # The choice is remembered on the next page.
    page.locator("label[for='__palette_1']").click()
    page.wait_for_function(f"{scheme} === 'slate'")
    page.goto(site_url + "glossary/")
    assert page.evaluate(scheme) == "slate"


# --- every page: self-contained, fits a phone; screenshots -------------------


def html_paths(site: Path) -> list[str]:
    """URL path of every page of the built site (``""`` for the overview)."""
    return sorted(p.relative_to(site).as_posix().removesuffix("index.html") for p in site.rglob("*.html"))


def test_pages_load_nothing_from_other_hosts(new_page: Callable[..., Page], site_url: str, default_site: Path) -> None:
    """Every script, style, font and image is served with the site: it works offline
    and tells no third party who reads what (the theme's web fonts are off for that)."""
    first = new_page()
    offsite: dict[str, set[str]] = {}
    first.context.on("request", lambda r: None if r.url.startswith(site_url) or not re.match(r"(https?|wss?)://", r.url)
                     else offsite.setdefault(r.frame.url.removeprefix(site_url) or "index.html", set()).add(r.url))
    tabs = [first] + [first.context.new_page() for _ in html_paths(default_site)[1:]]
    for tab, path in zip(tabs, html_paths(default_site)):
        tab.goto(site_url + path, wait_until="commit")  # the tabs load side by side
    for tab in tabs:
        tab.wait_for_load_state("networkidle")
    assert offsite == {}, "pages request files from other hosts; serve them with the site instead"


# ``width`` is the viewport asked for: a phone browser widens its layout viewport
# (innerWidth) to fit content that overflows, so innerWidth alone proves nothing.
FITS = """width => {
  const problems = [];
  if (document.documentElement.scrollWidth > width) problems.push(`page is ${document.documentElement.scrollWidth}px wide`);
  for (const table of document.querySelectorAll('.md-content table')) {
    const wrap = table.closest('.md-typeset__scrollwrap');
    const box = (wrap || table).getBoundingClientRect();
    const name = (table.querySelector('th') || table).textContent.trim().slice(0, 30);
    if (box.right > width + 0.5) problems.push(`table "${name}" reaches ${box.right}px`);
    if (table.scrollWidth > box.width + 0.5 && !(wrap && ['auto', 'scroll'].includes(getComputedStyle(wrap).overflowX)))
      problems.push(`table "${name}" is cut off instead of scrolling`);
    for (const cell of table.querySelectorAll('th, td')) {
      if (parseFloat(getComputedStyle(cell).fontSize) < 12) problems.push(`table "${name}": text under 12px`);
      if (cell.scrollWidth > cell.clientWidth + 1) problems.push(`table "${name}": "${cell.textContent.trim().slice(0, 30)}" spills out of its cell`);
    }
  }
  return problems;
}"""


def test_every_page_fits_a_phone_screen(new_page: Callable[..., Page], site_url: str, default_site: Path, page_paths: dict[str, str], screenshots: Path) -> None:
    page = new_page(viewport=PHONE, has_touch=True, is_mobile=True)
    shots = {path: kind for kind, path in page_paths.items()}
    failures = {}
    for path in html_paths(default_site):
        problems = open_page(page, site_url + path) + page.evaluate(FITS, page.viewport_size["width"])
        if problems:
            failures[path or "index.html"] = problems
        if path in shots:
            # The whole briefing on one page is tens of screens tall on a phone: its first screen will do.
            page.screenshot(path=str(screenshots / f"{shots[path]}-mobile.png"), full_page=shots[path] != "print", timeout=60_000)
    assert failures == {}


def test_desktop_screenshots_of_every_page_kind(new_page: Callable[..., Page], site_url: str, page_paths: dict[str, str], screenshots: Path) -> None:
    page = new_page()
    failures = {}
    for kind, path in page_paths.items():
        problems = open_page(page, site_url + path) + page.evaluate(FITS, page.viewport_size["width"])
        if problems:
            failures[kind] = problems
        page.screenshot(path=str(screenshots / f"{kind}-desktop.png"), full_page=True, timeout=60_000)
    assert failures == {}
    assert sorted(p.name for p in screenshots.glob("*-desktop.png")) == sorted(f"{k}-desktop.png" for k in KINDS)


# --- accessibility ------------------------------------------------------------


def read_exceptions() -> list[dict[str, str]]:
    """``tests/a11y_exceptions.yml``: theme-owned axe findings we accept, each with its reason."""
    entries = yaml.safe_load(EXCEPTIONS.read_text(encoding="utf-8")) or []
    for e in entries:
        assert set(e) <= {"rule", "page", "scheme", "reason"} and e.get("rule") and e.get("page") and str(e.get("reason", "")).strip(), e
        assert e["page"] == "*" or e["page"] in KINDS, e
        assert e.get("scheme", "*") in ("*", "light", "dark"), e
    return entries


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", KINDS)
def test_axe_finds_no_serious_violations(new_page: Callable[..., Page], site_url: str, page_paths: dict[str, str], kind: str, scheme: str) -> None:
    require_tool(AXE, "axe-core")
    page = new_page(color_scheme=scheme)
    assert open_page(page, site_url + page_paths[kind]) == []
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == {"light": "default", "dark": "slate"}[scheme]
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
             .filter(v => v.impact === 'serious' || v.impact === 'critical')
             .map(v => ({rule: v.id, impact: v.impact, help: v.help,
                         nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary.replace(/\\s+/g, ' '))}))"""
    )
    excepted = [e for e in read_exceptions() if e["page"] in ("*", kind) and e.get("scheme", "*") in ("*", scheme)]
    excused = {e["rule"] for e in excepted}
    assert [v for v in violations if v["rule"] not in excused] == []
    stale = excused - {v["rule"] for v in violations}
    assert not stale, f"tests/a11y_exceptions.yml excuses {sorted(stale)} on {kind} ({scheme}) but axe no longer finds it: remove the entry"



def test_link_to_an_item_of_a_split_section_lands_on_its_new_page(browser: Browser, split_site: Path) -> None:
    """timeline/#id written before the timeline was split into pages still lands on the event."""
    moved = json.loads((split_site / "assets" / "anchors.json").read_text())
    ident, target = sorted(moved["timeline/"].items())[-1]
    with serve(split_site) as url:
        context = browser.new_context(viewport=DESKTOP)
        try:
            page = context.new_page()
            page.goto(f"{url}timeline/#{ident}")
            page.wait_for_url(f"{url}{target}#{ident}", timeout=10_000)
            assert page.locator(f"[id='{ident}']").count() == 1
        finally:
            context.close()


def test_a_citation_marks_its_quote_and_a_deep_link_its_row(new_page: Callable[..., Page], site_url: str, page_paths: dict[str, str]) -> None:
    page = new_page()
    assert open_page(page, site_url + page_paths["timeline"]) == []
    cite = page.locator("a.cite[data-quote]").first
    quote = cite.get_attribute("data-quote")
    cite.click()
    page.wait_for_load_state("load")
    marked = page.locator("mark.quoted.is-target")
    marked.first.wait_for()
    # Only the cited quote, inside the passage the link points at.
    assert all(quote in (m.get_attribute("data-quotes") or "").split() for m in marked.all())
    passage = page.evaluate("decodeURIComponent(location.hash.slice(1))")
    assert marked.first.evaluate("(m, id) => document.getElementById(id).contains(m)", passage)
    # A row of a comparison table is shown as the target.
    assert open_page(page, site_url + page_paths["comparisons"]) == []
    row_id = page.locator("td > span[id]").first.get_attribute("id")
    page.evaluate("id => { location.hash = id; }", row_id)
    marked_row = page.locator(f"tr:has(> td > span[id='{row_id}']) > td")
    other_row = page.locator(f"tr:has(> td > span[id]):not(:has(> td > span[id='{row_id}'])) > td").first
    assert all(c.evaluate("c => getComputedStyle(c).backgroundImage") != "none" for c in marked_row.all())
    assert other_row.evaluate("c => getComputedStyle(c).backgroundImage") == "none"


def test_the_first_column_of_a_wide_table_stays_in_view_on_a_phone(new_page: Callable[..., Page], site_url: str, page_paths: dict[str, str]) -> None:
    page = new_page(viewport=PHONE)
    assert open_page(page, site_url + page_paths["comparisons"]) == []
    wrap = page.locator("#coverage ~ .md-typeset__scrollwrap").first
    assert wrap.evaluate("w => w.scrollWidth > w.clientWidth"), "the coverage table fits: nothing to check"
    first = wrap.locator("tbody tr td").first
    wrap.evaluate("w => { w.scrollLeft = w.scrollWidth; }")
    assert wrap.evaluate("w => w.scrollLeft") > 100
    # Scrolled to the far right, the topic cell still starts at the box's left edge.
    edge = wrap.evaluate("w => w.getBoundingClientRect().left")
    assert abs(first.evaluate("c => c.getBoundingClientRect().left") - edge) < 1
    assert first.evaluate("c => getComputedStyle(c).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")


def test_a_glossary_name_in_an_article_links_to_its_entry_with_its_definition(new_page: Callable[..., Page], site_url: str, default_site: Path) -> None:
    # The first mention of a term or an entry links to the glossary and shows what it says there.
    page = new_page()
    assert open_page(page, site_url + "articles/001_f76a33fc7232bee1/") == []
    names = page.locator("a.name-mention")
    hrefs = [str(n.get_attribute("href")) for n in names.all()]
    assert hrefs and len(hrefs) == len(set(hrefs)), "each name is linked once, at its first mention"
    xi = page.locator("a.name-mention[href$='#xi-jinping']")
    xi.hover()
    page.wait_for_function(f"({TIP_SHOWN})(document.querySelector(\"a.name-mention[href$='#xi-jinping']\"))")
    assert xi.evaluate(TIP)["tip"].startswith("Xi Jinping (person)")
    glossary = read_page(default_site / "glossary" / "index.html")
    assert "xi-jinping" in glossary.ids()


def test_tooltips_are_opaque_and_told_to_screen_readers(new_page: Callable[..., Page], site_url: str) -> None:
    page = new_page()
    assert open_page(page, site_url + "articles/001_f76a33fc7232bee1/") == []
    links = page.locator("a.el-mention[data-tip]")
    assert links.count() > 3
    for link in links.all():
        described = link.evaluate("a => document.getElementById(a.getAttribute('aria-describedby'))?.textContent")
        assert described == link.get_attribute("data-tip")
    # The text behind a tooltip must not show through it.
    alpha = links.first.evaluate("a => getComputedStyle(a, '::after').backgroundColor")
    assert re.fullmatch(r"rgb\(\d+, \d+, \d+\)", alpha), alpha


def test_a_search_hit_in_an_article_is_brought_into_view(new_page: Callable[..., Page], site_url: str) -> None:
    # Material opens a search result at the page's heading ("#text") and marks
    # the words searched for: the first mark must be on screen, not screens below.
    page = new_page(viewport=PHONE)
    assert open_page(page, site_url + "articles/003_95c6ea9465a74bf2/?h=samarium#text") == []
    hit = page.locator(".md-content mark[data-md-highlight]").first
    hit.wait_for()
    page.wait_for_function("""() => { const m = document.querySelector('.md-content mark[data-md-highlight]');
        const r = m.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }""")
    assert "samarium" in hit.inner_text().lower()


def test_a_copied_passage_holds_only_its_own_words(new_page: Callable[..., Page], site_url: str) -> None:
    # The tooltips' descriptions for screen readers live outside the text.
    page = new_page()
    assert open_page(page, site_url + "articles/001_f76a33fc7232bee1/") == []
    text = page.locator("p.passage", has=page.locator("a.name-mention[href$='#xi-jinping']")).first.inner_text()
    assert "Xi Jinping (person)" not in text and "President of the United States" not in text
    assert page.locator("#tip-descriptions").get_attribute("hidden") is not None


def test_what_scrolls_sideways_on_a_phone_can_be_reached_by_keyboard(new_page: Callable[..., Page], site_url: str) -> None:
    page = new_page(viewport=PHONE)
    assert open_page(page, site_url + "sources/") == []
    page.wait_for_function("document.querySelector('.md-content .derivation-graph[tabindex]') !== null")
    boxes = page.locator(".md-content .md-typeset__scrollwrap, .md-content .derivation-graph").evaluate_all(
        "bs => bs.filter(b => b.scrollWidth > b.clientWidth).map(b => [b.getAttribute('tabindex'), b.getAttribute('aria-label')])")
    assert boxes and all(t == "0" and label for t, label in boxes), boxes


def test_an_article_search_result_carries_the_words_to_highlight(new_page: Callable[..., Page], site_url: str) -> None:
    # An article is one search entry (its "Text" is no <h2>): the result a
    # reader clicks, its title, opens with the words marked and in view.
    hrefs = [h for h in search(new_page(), site_url, "Thornton") if "/articles/" in h]
    assert hrefs and all(re.search(r"[?&]h=thornton", h) for h in hrefs), hrefs
