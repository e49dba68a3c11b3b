"""Untrusted article and note text reaches the built HTML as visible text, never as markup."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from .conftest import FIXTURES
from .sitecheck import Page, build_site, read_page


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("hostile")
    proc = build_site(FIXTURES / "hostile", where)
    assert proc.returncode == 0, proc.stderr
    return where / "site"


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[str, Page]:
    return {str(p.relative_to(site)): read_page(p) for p in site.rglob("index.html")}


def test_no_injected_script_anywhere_in_the_html(site: Path) -> None:
    for path in site.rglob("*.html"):
        raw = path.read_text(encoding="utf-8")
        for attrs, body in re.findall(r"<script\b([^>]*)>(.*?)</script>", raw, re.S | re.I):
            if "application/ld+json" in attrs:
                json.loads(body)  # data, not code: it must parse, and cannot close its element
                assert "<" not in body, path
            else:
                assert "alert(" not in body, path
        assert "<script>alert" not in raw and "<svg onload" not in raw and "<iframe" not in raw, path


def test_no_injected_script_handler_or_unsafe_link(pages: dict[str, Page]) -> None:
    for name, page in pages.items():
        for tag, attrs in page.tags:
            assert tag not in ("iframe", "svg", "img") or "alert" not in str(attrs), (name, tag, attrs)
            assert not any(k.startswith("on") for k in attrs), (name, tag, attrs)
            for key in ("href", "src"):
                value = str(attrs.get(key) or "").strip().lower()
                assert not value.startswith(("javascript:", "data:", "vbscript:")), (name, tag, attrs)
            assert "evil" not in str(attrs.get("class") or ""), (name, tag, attrs)


ARTICLE_LITERALS = [
    '<script>alert("headline")</script> Breaking news',
    "Officials said <img src=x onerror=alert(1)> was seen near the port.",
    "Click [here](javascript:alert(2)) for the",
    "# not a heading",
    "* not a list item",
    "> not a quote",
    "1. not an ordered item",
    "A cell | with pipes | inside, and {{ 7*7 }} and {% raw %} template tags.",
    '{: .evil onclick="alert(3)" } and **bold** and `code` and <a href="javascript:alert(4)">link</a>.',
]


@pytest.mark.parametrize("literal", ARTICLE_LITERALS)
def test_article_text_is_literal_on_its_page(pages: dict[str, Page], literal: str) -> None:
    assert literal in pages["articles/hostile/index.html"].text


@pytest.mark.parametrize(
    ("page", "literal"),
    [
        ("index.html", "<script>alert('title')</script> {{ 7*7 }}"),
        ("index.html", 'Summary with <b onmouseover="alert(5)">raw html</b>, [bad link](javascript:alert(6)),'),
        ("index.html", "{% raw %} tags"),
        ("sources/index.html", "<img src=x onerror=alert(7)>"),
        ("timeline/index.html", "# {{ 7*7 }} <script>alert(8)</script> | pipe"),
        ("comparisons/index.html", "What | about <script>alert(9)</script>?"),
        ("comparisons/index.html", "<iframe src=javascript:alert(11)>"),
        ("comparisons/index.html", "{% raw %} | {{ x }}"),
        ("glossary/index.html", "{{ term }} <svg onload=alert(12)>"),
        ("glossary/index.html", "<script>alert(13)</script>"),
    ],
)
def test_note_text_is_literal(pages: dict[str, Page], page: str, literal: str) -> None:
    assert literal in pages[page].text


def test_only_http_links_become_links(pages: dict[str, Page]) -> None:
    links = [a for t, a in pages["index.html"].tags if t == "a" and "example.org" in str(a.get("href"))]
    assert [a["href"] for a in links] == ["https://example.org/a_b"]
    assert "[x](javascript:alert(10))" in pages["comparisons/index.html"].text


def test_table_cells_stay_in_their_columns(pages: dict[str, Page]) -> None:
    rows = [a for t, a in pages["comparisons/index.html"].tags if t == "tr"]
    cells = [t for t, _ in pages["comparisons/index.html"].tags if t in ("td", "th")]
    # coverage table: 2 columns x 2 rows; topic table: 3 columns x 2 rows
    assert len(rows) == 4 and len(cells) == 2 * 2 + 3 * 2


@pytest.mark.parametrize(("typed", "tag", "shown"), [
    ("# A heading in a note", "<h1", "# A heading"), ("Title\n===", "<h1", "==="), ("| a | b |\n| --- | --- |\n| 1 | 2 |", "<table", "| a | b |"),
    ("> a quote", "<blockquote", "> a quote"), ("```\ncode\n```", "<pre", "code"), ("    indented", "<pre", "indented"), ("---", "<hr", "---"),
    ("![pixel](https://tracker.example/p.png)", "<img", "![pixel](https://tracker.example/p.png)"),
    ("![pixel](https://tracker.example/p.png)", "<a ", "![pixel]"),
])
def test_note_markdown_beyond_the_guide_shows_as_typed(typed: str, tag: str, shown: str) -> None:
    # The guide allows paragraphs, lists, emphasis, inline code and http(s) links.
    import html

    from generator.escape import note

    rendered = str(note(typed))
    assert tag not in rendered
    assert shown in html.unescape(re.sub(r"<[^>]+>", "", rendered))


def test_note_markdown_the_guide_allows_is_rendered() -> None:
    from generator.escape import note

    rendered = str(note("- *one* and `two`\n- [three](https://example.org/)"))
    assert "<ul>" in rendered and "<em>one</em>" in rendered and "<code>two</code>" in rendered
    assert 'href="https://example.org/"' in rendered


def test_the_title_is_escaped_once_wherever_the_theme_prints_it(site: Path) -> None:
    # Material prints site_name raw in the header and through "| e" in the
    # logo's title: both must read as the title, neither as markup.
    html = (site / "index.html").read_text()
    title = "<script>alert('title')</script> {{ 7*7 }}"
    logo = re.search(r'<a href="[^"]*" title="([^"]*)" class="md-header__button md-logo"', html)
    assert logo and __import__("html").unescape(logo[1]) == title
    assert "&amp;lt;" not in html and "&amp;#x27;" not in html


def test_glossary_tooltips_on_article_pages_are_plain_text(pages: dict[str, Page]) -> None:
    # The first mention of a term or entry links to it, with what the glossary
    # says as a tooltip: the definition's Markdown must not become markup there.
    article = next(page for name, page in pages.items() if name.startswith("articles/"))
    tips = {a.get("href", "").split("#")[-1]: str(a.get("data-tip")) for t, a in article.tags if t == "a" and a.get("data-tip")}
    assert "javascript:alert(21)" in tips["template"] and "//evil.example/track.png" in tips["template"], tips
    assert "javascript:alert(24)" in tips["officials"], tips
    links = [str(a.get("href")) for t, a in article.tags if t == "a"]
    images = [str(a.get("src")) for t, a in article.tags if t == "img"]
    assert not any("missing" in h or h.lower().startswith("javascript") for h in links) and not any("evil" in s for s in images), (links, images)
    assert "{ .el-mention" not in article.text and "data-tip" not in article.text


def test_the_cited_in_line_under_a_passage_shows_hostile_titles_as_text(site: Path) -> None:
    html = (site / "articles" / "hostile" / "index.html").read_text(encoding="utf-8")
    lines = re.findall(r'<p class="cited-in"[^>]*>(.*?)</p>', html, re.S)
    assert lines and not any("<script" in line for line in lines)
    assert any("# {{ 7*7 }} <script>alert(8)</script> | pipe" in html_text(line) for line in lines)


def html_text(fragment: str) -> str:
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", fragment))
