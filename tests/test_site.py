"""Real builds: the CLI runs the generator and ``mkdocs build --strict``."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from .conftest import CONTENT, MakeContent
from .sitecheck import build_site, read_page, search_index


@pytest.fixture
def site(default_site: Path) -> Path:
    return default_site


def test_default_site_has_every_page_kind(site: Path) -> None:
    for page in ("index.html", "sources/index.html", "guide/index.html", "timeline/index.html", "comparisons/index.html", "glossary/index.html"):
        assert (site / page).is_file(), page
    articles = sorted(p.name for p in (site / "articles").iterdir() if p.is_dir())
    assert articles == sorted(p.stem for p in (CONTENT / "articles").glob("*.txt"))


def test_original_capture_is_downloadable_byte_for_byte(site: Path) -> None:
    for original in (CONTENT / "articles").glob("*.txt"):
        assert (site / "articles" / original.name).read_bytes() == original.read_bytes()
        page = read_page(site / "articles" / original.stem / "index.html")
        assert any(a.get("download") == original.name and a.get("href") == f"../{original.name}" for _, a in page.tags if _ == "a")


def test_search_index_finds_words_from_every_article(site: Path) -> None:
    index = search_index(site)
    text = " ".join(d["title"] + " " + d["text"] for d in index).lower()
    for word in ("samarium", "dysprosium", "bessent", "terbiump", "jinli yongjin"):
        assert word in text, word
    located = {d["location"].split("/")[1] for d in index if d["location"].startswith("articles/") and "samarium" in d["text"].lower()}
    assert {"000_d539de7ef8db242a", "003_95c6ea9465a74bf2"} <= located
    # Permalink icons are not words: no search snippet ends in "¶".
    assert not any("¶" in d["text"].replace("each has a ¶ permalink", "") for d in index)
    # The Discrepancies page too, while it is one page (split, its numbered pages stay out of the index).
    assert any(d["location"].startswith("discrepancies/") and "sought to link" in d["title"] + d["text"] for d in index)


def test_boilerplate_is_shown_apart_from_the_text(site: Path) -> None:
    page = read_page(site / "articles" / "003_95c6ea9465a74bf2" / "index.html")
    assert "Not part of the article" in page.text
    assert "Purchase Licensing Rights" in page.text
    passages = " ".join(str(a.get("id")) for a in page.having_class("passage"))
    assert passages.count("p-") >= 25


def test_articles_without_notes_build_and_show_unknowns(make_content: MakeContent, tmp_path: Path) -> None:
    content = make_content(articles={"plain": "A headline\n\nSome text about samarium magnets.\n", "other": "Second text, no headline here. It has two sentences.\n"})
    proc = build_site(content, tmp_path)
    assert proc.returncode == 0, proc.stderr
    page = read_page(tmp_path / "site" / "articles" / "plain" / "index.html")
    assert "Outlet: unknown" in page.text and "Date: unknown" in page.text
    assert "Untitled capture other" in read_page(tmp_path / "site" / "sources" / "index.html").text


def test_failed_build_keeps_the_last_good_site(make_content: MakeContent, tmp_path: Path) -> None:
    good = make_content(articles={"a": "Headline\n\nText.\n"}, name="good")
    assert build_site(good, tmp_path).returncode == 0
    before = (tmp_path / "site" / "index.html").read_bytes()
    bad = make_content(articles={"a": b"\xff\xfe"}, name="bad")
    snapshot = {p: p.read_bytes() for p in bad.rglob("*") if p.is_file()}
    proc = build_site(bad, tmp_path)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert (tmp_path / "site" / "index.html").read_bytes() == before
    assert {p: p.read_bytes() for p in bad.rglob("*") if p.is_file()} == snapshot  # content/ never written


def test_the_published_address_reaches_sitemap_canonical_links_feed_and_export(tmp_path: Path) -> None:
    # CI passes the address GitHub Pages reports (--site-url, or $BRIEFING_SITE_URL).
    proc = build_site(CONTENT, tmp_path, "--site-url", "https://example.org/briefing")
    assert proc.returncode == 0, proc.stderr
    site = tmp_path / "site"
    sitemap = (site / "sitemap.xml").read_text()
    assert "<loc>https://example.org/briefing/timeline/</loc>" in sitemap
    # The date the notes give, not the day of the build.
    assert re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)[0] == json.loads((site / "briefing.json").read_text())["updated"]
    assert '<link rel="canonical" href="https://example.org/briefing/timeline/">' in (site / "timeline" / "index.html").read_text()
    assert 'href="/briefing/assets/' in (site / "404.html").read_text()
    feed = (site / "feed.xml").read_text()
    assert 'href="https://example.org/briefing/feed.xml"' in feed
    assert json.loads((site / "briefing.json").read_text())["site_url"] == "https://example.org/briefing/"
    bad = build_site(CONTENT, tmp_path / "bad", "--site-url", "javascript:alert(1)")
    assert bad.returncode == 2 and "expected an http or https URL" in bad.stderr


def test_the_article_facts_are_one_list_in_one_box(site: Path) -> None:
    html = (site / "articles" / "003_95c6ea9465a74bf2" / "index.html").read_text()
    box = re.search(r'<div class="article-meta">\s*<ul>(.*?)</ul>\s*</div>', html, re.S)
    assert box, "the facts list is not wrapped in .article-meta"
    items = re.findall(r"<li>(.*?)</li>", box[1], re.S)
    assert [re.match(r"<strong>(\w[\w ]*):</strong>", i)[1] for i in items if re.match(r"<strong>", i)][:2] == ["Outlet", "Date"]  # type: ignore[index]
    assert items[-1].startswith("<strong>Capture:</strong>") and 'class="article-meta"' not in box[1]
