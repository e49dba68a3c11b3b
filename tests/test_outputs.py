"""Machine-readable outputs: JSON export against its schema, feed, JSON-LD, link previews, print page."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from generator.build import generate

from .conftest import ROOT, MakeContent
from .sitecheck import read_page

ATOM = "{http://www.w3.org/2005/Atom}"


def test_export_validates_against_the_published_schema(default_site: Path) -> None:
    schema = json.loads((default_site / "briefing.schema.json").read_text())
    data = json.loads((default_site / "briefing.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    assert len(data["articles"]) == 5 and data["events"] and data["topics"]
    assert {e["id"] for e in data["elements"]} >= {"samarium", "scandium", "terbium"}


def test_schema_rejects_a_broken_export(default_site: Path) -> None:
    schema = json.loads((default_site / "briefing.schema.json").read_text())
    data = json.loads((default_site / "briefing.json").read_text())
    data["topics"][0]["rows"][0]["verdict"] = "maybe"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


@pytest.mark.parametrize("which", ["default_site", "split_site"])
def test_every_export_url_resolves_to_a_page_and_anchor(request: pytest.FixtureRequest, which: str) -> None:
    default_site = request.getfixturevalue(which)
    data = json.loads((default_site / "briefing.json").read_text())
    urls = [i["url"] for section in ("events", "topics", "elements", "terms", "entities", "articles") for i in data[section]]
    urls += [r["url"] for t in data["topics"] for r in t["rows"]]
    for url in urls:
        path, _, anchor = url.partition("#")
        page = read_page(default_site / path / "index.html")
        assert not anchor or anchor in page.ids(), url


def test_feed_is_atom_dated_from_the_notes(default_site: Path) -> None:
    feed = ET.parse(default_site / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    updated = {e.findtext(f"{ATOM}updated") for e in entries}
    data = json.loads((default_site / "briefing.json").read_text())
    sections = ("events", "topics", "terms", "entities", "elements", "verdicts")
    dated = [data["updated"]] + [r.get("updated") for s in sections for r in data[s]]
    note_dates = {f"{d}T00:00:00Z" for d in dated if d}
    assert updated <= note_dates


def test_changes_against_a_previous_export_and_vanished_ids(default_site: Path, seed_content: Path, tmp_path: Path) -> None:
    previous = tmp_path / "previous.json"
    shutil.copy(default_site / "briefing.json", previous)
    events = (seed_content / "notes" / "events.yml").read_text()
    first_id = re.search(r"^- id: (\S+)", events, re.M)
    assert first_id
    renamed = events.replace(f"- id: {first_id[1]}\n", "- id: renamed-event\n  updated: 2026-12-01\n", 1)
    (seed_content / "notes" / "events.yml").write_text(renamed)
    result = generate(seed_content, tmp_path / "docs", previous)
    assert result.vanished == [f"events/{first_id[1]}"]
    changes = result.pages["changes.md"]
    assert "| 2026&#45;12&#45;01 | added | event:" in changes and "| removed | event:" in changes
    # with the old id kept as an alias, nothing vanishes and the old anchor still resolves
    (seed_content / "notes" / "events.yml").write_text(renamed.replace("  updated: 2026-12-01\n", f"  updated: 2026-12-01\n  old_ids: [{first_id[1]}]\n", 1))
    again = generate(seed_content, tmp_path / "docs", previous)
    assert again.vanished == []
    assert f'id="{first_id[1]}"' in again.pages["timeline.md"]


def test_json_ld_is_valid_json_of_the_right_types(default_site: Path) -> None:
    def blocks(path: Path) -> list[dict[str, object]]:
        raw = path.read_text()
        return [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', raw, re.S)]

    (article,) = blocks(default_site / "articles" / "003_95c6ea9465a74bf2" / "index.html")
    assert article["@type"] == "NewsArticle" and article["datePublished"] == "2025-06-15"
    assert article["publisher"] == {"@type": "Organization", "name": "Reuters"}
    (reviews,) = blocks(default_site / "comparisons" / "index.html")
    graph = reviews["@graph"]
    assert isinstance(graph, list) and graph and all(r["@type"] == "ClaimReview" for r in graph)
    assert any("differs" in r["reviewRating"]["alternateName"] for r in graph)


def test_link_preview_meta_on_every_page(default_site: Path) -> None:
    for path in [default_site / "index.html", *default_site.glob("*/index.html"), *default_site.glob("articles/*/index.html")]:
        meta = {a.get("property") or a.get("name"): a.get("content") for t, a in read_page(path).tags if t == "meta"}
        assert meta.get("og:title") and meta.get("og:description") and meta.get("twitter:card") == "summary", path
        assert meta.get("description") == meta["og:description"], path


def test_print_page_holds_the_whole_briefing_without_duplicate_ids(default_site: Path) -> None:
    page = read_page(default_site / "print" / "index.html")
    for heading in ("Where the sources disagree", "Coverage at a glance", "Timeline", "Glossary", "Sources"):
        assert heading in page.text
    ids = [str(a["id"]) for _, a in page.tags if a.get("id")]
    assert len(ids) == len(set(ids))
    css = (ROOT / "generator" / "static" / "briefing.css").read_text()
    assert "@media print" in css and "break-inside: avoid" in css


def test_split_sections_keep_old_links_working_through_the_anchor_map(split_site: Path) -> None:
    """A link written while the timeline was one page (timeline/#id) is sent on to
    the page that now holds the id: the map says where, and that page has the id."""
    moved = json.loads((split_site / "assets" / "anchors.json").read_text())
    assert set(moved) >= {"timeline/", "comparisons/", "sources/", "glossary/"}
    for section, ids in moved.items():
        for ident, page in ids.items():
            assert ident in read_page(split_site / page / "index.html").ids(), (section, ident, page)
    data = json.loads((split_site / "briefing.json").read_text())
    assert all(e["url"].startswith("timeline/") and "/#" in e["url"] for e in data["events"])
    index = read_page(split_site / "timeline" / "index.html")
    assert not index.having_class("event")  # events live on the numbered pages only


def test_the_feed_and_changes_keep_their_history_across_publishes(seed_content: Path, tmp_path: Path) -> None:
    def publish(n: int, previous: Path | None) -> tuple[Path, dict[str, object], bytes]:
        docs = tmp_path / f"docs{n}"
        generate(seed_content, docs, previous)
        return docs / "briefing.json", json.loads((docs / "briefing.json").read_text()), (docs / "feed.xml").read_bytes()

    first, data, _ = publish(1, None)
    assert data["changes"] and {c["kind"] for c in data["changes"]} == {"added"}  # type: ignore[union-attr]
    events = seed_content / "notes" / "events.yml"
    # Dated by the notes before everything the first publish announced: it
    # still heads the history and the feed, being what this publish changed.
    events.write_text(re.sub(r"(?m)^  title: (.*)$", r"  title: \1 (edited)\n  updated: 2025-01-01", events.read_text(), count=1))
    second, later, feed = publish(2, first)
    history = later["changes"]
    assert isinstance(history, list)
    assert history[0]["kind"] == "changed" and history[0]["date"] == "2025-01-01" and history[0]["title"].endswith("(edited)")
    entry = ET.fromstring(feed).find(f"{ATOM}entry")
    assert entry is not None and (entry.findtext(f"{ATOM}title") or "").endswith("(edited)")
    # Everything the first publish announced is still there, after it.
    assert history[1:] == data["changes"]
    # A publish with nothing new keeps the history as it was: the feed is the same file.
    _, again, same_feed = publish(3, second)
    assert again["changes"] == history and same_feed == feed
    schema = json.loads((ROOT / "generator" / "static" / "briefing.schema.json").read_text())
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(again)


def test_feed_entries_have_valid_unique_ids_and_a_link_each(default_site: Path) -> None:
    # RFC 4287: ids are IRIs (a site with no address still gets urn:uuid ones);
    # an entry without content links to a page; relative links resolve
    # against the feed, at the site root, so none may start with "/".
    feed = ET.parse(default_site / "feed.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", feed.findtext(f"{ATOM}id") or "")
    assert all(re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", i or "") for i in ids) and len(set(ids)) == len(ids)
    for e in entries:
        links = [link.get("href") or "" for link in e.findall(f"{ATOM}link")]
        assert links and not any(h.startswith("/") for h in links), links
    titles = [e.findtext(f"{ATOM}title") or "" for e in entries]
    verdicts = [t for t in titles if t.startswith("Verdict")]
    assert verdicts and all(re.match(r"Verdict added: (confirmed|dismissed): \w+: ", t) for t in verdicts)
    assert not any(t.endswith(": verdicts") for t in titles)


def test_an_edited_passage_and_a_lost_candidate_are_reported_as_vanished(default_site: Path, seed_content: Path, tmp_path: Path) -> None:
    from generator.build import describe_vanished

    previous = json.loads((default_site / "briefing.json").read_text())
    article = next(a for a in previous["articles"] if a["id"].startswith("003_"))
    passage = next(p for p in article["passages"] if p["kind"] == "paragraph" and "outcomes" in p["text"])
    path = seed_content / "articles" / f"{article['id']}.txt"
    path.write_bytes(path.read_bytes().replace(b"detailed outcomes", b"detailed results", 1))
    # A published candidate the analysis no longer finds: its link breaks too.
    previous["candidates"].append({**previous["candidates"][0], "id": "d-0000000000"})
    (tmp_path / "previous.json").write_text(json.dumps(previous))
    result = generate(seed_content, tmp_path / "docs", tmp_path / "previous.json")
    assert f"articles/{article['id']}#{passage['id']}" in result.vanished
    assert "discrepancies/d-0000000000" in result.vanished
    lines = describe_vanished(result.vanished)
    assert any(passage["id"] in line and "the passage's text changed" in line for line in lines)
    assert lines[-1].startswith("1 discrepancy candidate(s)") and lines[-1].endswith("d-0000000000")


def test_a_malformed_history_in_the_last_export_is_left_behind(seed_content: Path, tmp_path: Path) -> None:
    generate(seed_content, tmp_path / "docs")
    previous = json.loads((tmp_path / "docs" / "briefing.json").read_text())
    good = previous["changes"][:2]
    previous["changes"] = [*good, {"key": 5}, "text", {"section": "events"}]
    (tmp_path / "previous.json").write_text(json.dumps(previous))
    generate(seed_content, tmp_path / "again", tmp_path / "previous.json")
    assert json.loads((tmp_path / "again" / "briefing.json").read_text())["changes"] == good


@pytest.mark.parametrize(("previous", "why"), [
    (b"<html>Service unavailable</html>", "cannot be read as JSON"),
    (b'{"version": 2}', "export version 2, not 1"),
    (b'{"version": 1, "candidates": [1]}', "'candidates' is not a list of records with id"),
    (b'{"version": 1, "articles": [{"id": "a", "passages": [{"text": "x"}]}]}', "article 'a' has passages without ids"),
])
def test_a_previous_export_that_is_not_one_stops_the_build(seed_content: Path, tmp_path: Path, previous: bytes, why: str) -> None:
    # Taken for none, it would announce every item as new and drop the history.
    (tmp_path / "previous.json").write_bytes(previous)
    run = subprocess.run([sys.executable, "-m", "generator", "generate", "--content", str(seed_content), "--out", str(tmp_path / "docs"),
                          "--previous", str(tmp_path / "previous.json"), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 1 and why in run.stderr and "Traceback" not in run.stderr, run.stderr
    assert not (tmp_path / "docs").exists()


def test_history_entries_this_code_did_not_write_are_left_behind(seed_content: Path, tmp_path: Path) -> None:
    generate(seed_content, tmp_path / "docs")
    previous = json.loads((tmp_path / "docs" / "briefing.json").read_text())
    good = previous["changes"][0]
    previous["changes"] = [good, {**good, "key": "k1", "date": "not-a-date"}, {**good, "key": "k2", "date": "2025-01-01T00:00:00Z"},
                           {**good, "key": "k3", "section": "spells"}, {**good, "key": "k4", "kind": "deleted"}]
    (tmp_path / "previous.json").write_text(json.dumps(previous))
    generate(seed_content, tmp_path / "again", tmp_path / "previous.json")
    assert json.loads((tmp_path / "again" / "briefing.json").read_text())["changes"] == [good]


def test_a_control_character_in_a_headline_leaves_the_feed_well_formed(make_content: MakeContent, tmp_path: Path) -> None:
    content = make_content(articles={"odd": "Head\x01line of the piece\n\nThe talks in London ended on Tuesday with a deal.\n"})
    generate(content, tmp_path / "docs")
    titles = [e.findtext(f"{ATOM}title") or "" for e in ET.parse(tmp_path / "docs" / "feed.xml").getroot().iter(f"{ATOM}entry")]
    assert any("Head\ufffdline" in t for t in titles), titles


def test_only_reporting_passages_count_as_sources_of_an_event(make_content: MakeContent, tmp_path: Path) -> None:
    articles = {
        "early": "Port talks\n\nThe two sides are scheduled to meet at the port on Friday.\n",
        "late": "Port deal\n\nThe two sides met at the port on Friday and signed a deal.\n",
        "aside": "Port news\n\nA ministry confirmed some approvals at the port.\n",
    }
    event = """\
        - id: port-deal
          title: The two sides sign a deal at the port
          date: 2025-06-13
          date_basis: stated
          sources:
            - article: early
              quote: scheduled to meet at the port on Friday
              role: announces
            - article: late
              quote: met at the port on Friday and signed a deal
            - article: aside
              quote: A ministry confirmed some approvals
              role: related
        """
    result = generate(make_content(articles=articles, notes={"events.yml": event}), tmp_path / "docs")
    timeline = result.pages["timeline.md"]
    line = next(x for x in timeline.splitlines() if x.startswith("Reported by"))
    assert line.startswith("Reported by 1 source, 1 independent origin:") and "single-sourced" in line
    assert "announced beforehand by" in line and "related passages" in line
    assert "*(announced beforehand, not reported as happened)*" in timeline and "*(related; may not report this very event)*" in timeline
    exported = json.loads((tmp_path / "docs" / "briefing.json").read_text())["events"][0]
    assert [c["role"] for c in exported["citations"]] == ["announces", "reports", "related"]
    assert exported["independent_origins"] == 1
    # An event no passage reports says so instead of counting zero sources.
    only_announced = event.replace("            - article: late\n              quote: met at the port on Friday and signed a deal\n", "")
    again = generate(make_content(articles=articles, notes={"events.yml": only_announced}, name="announced"), tmp_path / "docs2")
    assert "No source in this briefing reports it as having happened; announced beforehand by" in again.pages["timeline.md"]


def test_an_unknown_citation_role_names_file_line_and_key(make_content: MakeContent) -> None:
    content = make_content(
        articles={"a": "Port\n\nThe two sides met at the port on Friday.\n"},
        notes={"events.yml": "- id: e\n  title: Met\n  date: 2025-06-13\n  date_basis: stated\n  sources:\n    - article: a\n      quote: met at the port on Friday\n      role: confirms\n"},
    )
    run = subprocess.run([sys.executable, "-m", "generator", "check", "--content", str(content)], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "notes/events.yml:8: [e].sources[0].role: expected one of reports, announces, related, got 'confirms'" in run.stderr


def test_the_print_page_ends_with_the_article_texts(default_site: Path) -> None:
    html = (default_site / "print" / "index.html").read_text()
    page = read_page(default_site / "print" / "index.html")
    texts = html.split('id="the-articles"')[1] if 'id="the-articles"' in html else html.split(">The articles<")[1]
    # Every passage of every article, under "The articles", one heading level below it.
    for capture in sorted((ROOT / "content" / "articles").glob("*.txt")):
        article = read_page(default_site / "articles" / capture.stem / "index.html")
        passages = len(article.having_class("passage"))
        assert passages and texts.count(f"{capture.stem}.txt") >= 1, capture.name
    assert texts.count('class="passage') == sum(
        len(read_page(default_site / "articles" / c.stem / "index.html").having_class("passage")) for c in (ROOT / "content" / "articles").glob("*.txt"))
    assert "<h3" in texts and "<h2" not in texts
    # Its links still lead to the real pages, from where the print page stands.
    hrefs = [str(a["href"]) for t, a in page.tags if t == "a" and a.get("href")]
    assert "../glossary/#samarium" in hrefs and not any(h.startswith("../../") for h in hrefs)


def test_a_long_briefing_prints_no_article_texts(make_content: MakeContent, tmp_path: Path) -> None:
    from generator.render import PRINT_ARTICLES_MAX

    articles = {f"a{i:02d}": f"Report {i}\n\nPort number {i} reopened on Monday.\n" for i in range(PRINT_ARTICLES_MAX + 1)}
    result = generate(make_content(articles=articles), tmp_path / "docs")
    printed = result.pages["print.md"]
    assert f"With more than {PRINT_ARTICLES_MAX} articles their texts are not repeated here" in printed
    assert 'class="passage' not in printed


def test_an_export_from_before_the_newer_keys_shows_no_change(default_site: Path, seed_content: Path, tmp_path: Path) -> None:
    # The first publish after an upgrade must not list every article and
    # event as changed (and flood the feed) because the export gained keys.
    old = json.loads((default_site / "briefing.json").read_text())
    for article in old["articles"]:
        del article["compare_with"], article["detected_from"]
    for event in old["events"]:
        for c in event["citations"]:
            if c["role"] == "reports":  # what every citation was before roles
                del c["role"]
    for c in old["candidates"]:
        del c["title"]
    (tmp_path / "previous.json").write_text(json.dumps(old))
    result = generate(seed_content, tmp_path / "docs", tmp_path / "previous.json")
    assert "Nothing has changed since the last published version." in result.pages["changes.md"]
    # A role edited is a change, though.
    events = seed_content / "notes" / "events.yml"
    events.write_text(events.read_text().replace("      role: announces\n", "", 1))
    edited = generate(seed_content, tmp_path / "docs", tmp_path / "previous.json")
    assert "| changed | event:" in edited.pages["changes.md"]


def test_a_verdict_of_a_malformed_previous_candidate_is_titled_by_its_id(default_site: Path, seed_content: Path, tmp_path: Path) -> None:
    old = json.loads((default_site / "briefing.json").read_text())
    old["verdicts"].append({"candidate": "d-0000000001", "verdict": "confirmed", "reason": "x", "topic": None, "updated": None})
    old["candidates"].append({"id": "d-0000000001", "kind": "date", "title": None})
    (tmp_path / "previous.json").write_text(json.dumps(old))
    result = generate(seed_content, tmp_path / "docs", tmp_path / "previous.json")
    assert "| removed | verdict: confirmed&#58; d&#45;0000000001 |" in result.pages["changes.md"]
