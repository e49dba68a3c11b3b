"""The pages the briefing exists for, asserted on the built HTML (no browser)."""
from __future__ import annotations

import html as html_lib
import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import yaml

from .conftest import ROOT, MakeContent
from .sitecheck import read_page

A000, A001, A002, A003, A004 = "000_d539de7ef8db242a", "001_f76a33fc7232bee1", "002_721e979baf6e4013", "003_95c6ea9465a74bf2", "004_dcefa40ecef7072d"


def table_rows(html: str, after_id: str) -> list[list[str]]:
    """Cells (as text) of the first table after the element with ``after_id``."""
    start = html.index(f'id="{after_id}"')
    table = html[start:].split("<table>", 1)[1].split("</table>", 1)[0]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        rows.append([" ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in cells])
    return rows


def test_samarium_versus_scandium_row_by_row(default_site: Path) -> None:
    html = (default_site / "comparisons" / "index.html").read_text()
    rows = {re.findall(r"\((\d{3})\)", r[0])[-1]: r for r in table_rows(html, "military-rare-earth")[1:]}
    assert "samarium" in rows["003"][1] and rows["003"][2].startswith("✔ agrees")
    assert "samarium" in rows["000"][1] and rows["000"][2].startswith("✔ agrees")
    assert "scandium" in rows["001"][1] and rows["001"][2].startswith("✖ differs")
    assert rows["002"][2].startswith("∅ could not know") or rows["002"][2].startswith("– silent")
    page = read_page(default_site / "comparisons" / "index.html")
    assert "military-rare-earth" in {str(a.get("id")) for a in page.having_class("has-disagreement")}
    assert f"military-rare-earth--{A001}" in page.ids()


def test_every_quote_links_to_its_highlighted_passage(default_site: Path) -> None:
    for name in ("comparisons", "timeline", "glossary"):
        page = read_page(default_site / name / "index.html")
        links = [a for t, a in page.tags if t == "a" and "cite" in str(a.get("class") or "").split()]
        assert links, name
        for a in links:
            target = str(a["href"])
            path, anchor = target.split("#")
            article = read_page((default_site / name / path / "index.html").resolve())
            assert anchor in article.ids(), target
            marks = [m for m in article.having_class("quoted") if str(a["data-quote"]) in str(m.get("data-quotes"))]
            assert marks, target


def test_coverage_matrix_is_topics_by_sources(default_site: Path) -> None:
    html = (default_site / "comparisons" / "index.html").read_text()
    rows = table_rows(html, "coverage")
    topics = yaml.safe_load((ROOT / "content" / "notes" / "topics.yml").read_text())
    assert len(rows[0]) == 1 + 5 and len(rows) == 1 + len(topics) and len(topics) >= 9
    military = next(r for r in rows if r[0].startswith("Which military-use rare earth"))
    assert [c.split()[0] for c in military[1:]] == ["✔", "✖", "∅", "✔", "–"]


def test_element_mentions_link_to_the_glossary_with_a_tooltip(default_site: Path) -> None:
    page = read_page(default_site / "articles" / A002 / "index.html")
    mentions = page.having_class("el-mention")
    by_text = {str(a["href"]).split("#")[1]: a for a in mentions}
    assert set(by_text) >= {"samarium", "gadolinium", "terbium", "dysprosium", "lutetium", "scandium", "yttrium"}
    terbium = by_text["terbium"]
    assert "misspelled" in str(terbium["class"]) and "a misspelling of terbium" in str(terbium["data-tip"])
    assert by_text["scandium"]["data-tip"] == "Scandium (Sc, atomic number 21), rare earth, not a lanthanide"
    assert "terbiump" in page.text  # the quote keeps the source's spelling
    glossary = read_page(default_site / "glossary" / "index.html")
    assert {"samarium", "scandium", "yttrium", "jl-mag"} <= glossary.ids()
    assert "“terbiump” ×1" in glossary.text


def test_alias_table_says_which_spelling_comes_from_which_source(default_site: Path) -> None:
    html = (default_site / "glossary" / "index.html").read_text()
    entity_id = next(i for i in re.findall(r'id="([^"]+)"', html) if "jl" in i and "mag" in i)
    rows = table_rows(html, entity_id)
    spelled = {r[0]: r[1] for r in rows[1:]}
    assert "Jinli Yongjin" in spelled and "(000)" in spelled["Jinli Yongjin"]
    assert any(name.startswith("JL MAG") and "(003)" in src for name, src in spelled.items())


def test_timeline_dates_say_their_basis(default_site: Path) -> None:
    page = read_page(default_site / "timeline" / "index.html")
    dates = [str(a["data-date"]) for a in page.having_class("event-date")]
    assert dates == sorted(dates) and len(dates) >= 10
    assert "year supplied by the editor" in page.text and "computed" in page.text
    assert "after the newest source: expected, not reported as happened" in page.text
    assert "October 20, 2010" not in page.text and "2010" not in " ".join(dates)
    assert "single-sourced" in page.text and "2 independent origins" in page.text


def test_discrepancies_page_lists_the_required_differences(default_site: Path) -> None:
    page = read_page(default_site / "discrepancies" / "index.html")
    text = page.text
    for a, b in (("scandium", "samarium"), ("bargaining chip", "quid pro quo"), ("great deal", "excellent deal"), ("Jinli Yongjin", "JL MAG Rare-Earth"), ("June 15th", "June 15")):
        # A role, when it is the difference, follows the value: “June 15th” (event date) against “June 15” (dateline).
        pairs = re.findall(r"“([^”]+)”(?: \([^)]+\))? against “([^”]+)”", text)
        assert (a, b) in pairs or (b, a) in pairs, (a, b)
    assert "“June 15th” (event date) against “June 15” (dateline)" in text
    verdicts = yaml.safe_load((ROOT / "content" / "notes" / "verdicts.yml").read_text())
    confirmed = sum(v["verdict"] == "confirmed" for v in verdicts)
    assert confirmed >= 5 and len(page.having_class("diff")) >= 2 * confirmed
    assert "Found Confirmed Dismissed Unreviewed" in text


def test_sources_page_shows_two_independent_origins(default_site: Path) -> None:
    html = (default_site / "sources" / "index.html").read_text()
    svg = html.split('<figure class="derivation-graph">')[1].split("</figure>")[0]
    assert svg.count('class="dg-edge') == 3 and svg.count('class="dg-node"') == 5
    assert "Reuters (003)" in svg
    assert "2 independent origins for 5 articles" in read_page(default_site / "sources" / "index.html").text


def test_overview_lists_disagreements_with_links(default_site: Path) -> None:
    page = read_page(default_site / "index.html")
    links = [str(a["href"]) for t, a in page.tags if t == "a" and "comparisons/#" in str(a.get("href"))]
    assert "comparisons/#military-rare-earth" in links and "comparisons/#bessent-ai-chips" in links


def run_check(content: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", "check", "--content", str(content), *flags], capture_output=True, text=True, cwd=ROOT)


def test_strict_review_fails_on_unreviewed_and_orphans_are_reported(make_content: MakeContent) -> None:
    articles = {
        "a": "Ships\n\nOfficials said 40 ships were stuck at the port on Monday.\n",
        "b": "Ships again\n\nOfficials said 55 ships were stuck at the port on Monday.\n",
    }
    content = make_content(articles=articles, notes={"verdicts.yml": "- candidate: d-0000000000\n  verdict: dismissed\n  reason: gone\n"})
    relaxed = run_check(content)
    assert relaxed.returncode == 0
    assert "discrepancy candidates: 1 found, 0 confirmed, 0 dismissed, 1 unreviewed" in relaxed.stdout
    assert "verdicts.yml:1: candidate: the verdict on d-0000000000 matches no candidate the analysis finds (a mistyped id" in relaxed.stderr
    strict = run_check(content, "--strict-review")
    assert strict.returncode == 1 and "1 unreviewed discrepancy candidate(s) and 1 verdict(s) matching no candidate" in strict.stderr
    # A verdict left behind fails a strict review on its own: a confirmed
    # finding must not drop off the site with CI green.
    from generator.build import load_briefing

    analysis = load_briefing(content).analysis
    assert analysis is not None
    (real,) = [r.id for r in analysis.reviews]
    (content / "notes" / "verdicts.yml").write_text(
        f"- candidate: {real}\n  verdict: confirmed\n  reason: 40 against 55\n- candidate: d-0000000000\n  verdict: confirmed\n  reason: gone\n"
    )
    assert run_check(content).returncode == 0
    orphaned = run_check(content, "--strict-review")
    assert orphaned.returncode == 1 and "0 unreviewed discrepancy candidate(s) and 1 verdict(s) matching no candidate" in orphaned.stderr


def test_articles_sharing_no_story_are_named_as_not_compared(make_content: MakeContent, tmp_path: Path) -> None:
    # Two stories told in the same words: nothing is compared, and the page
    # says so rather than showing an empty, reassuring list.
    articles = {
        "north": "Tram\n\nMayor Ellen Park of Northbury said the line cost 120 million dollars.\n",
        "south": "Harbour\n\nGovernor Ivo Marsh of Southport said the line cost 75 million dollars.\n",
    }
    content = make_content(articles=articles)
    result = run_check(content)
    assert result.returncode == 0, result.stderr
    assert "0 found, 0 confirmed, 0 dismissed, 0 unreviewed; 2 of the articles share a story with no other" in result.stdout
    out = tmp_path / "docs"
    generated = subprocess.run([sys.executable, "-m", "generator", "generate", "--content", str(content), "--out", str(out), "--no-cache"],
                               capture_output=True, text=True, cwd=ROOT)
    assert generated.returncode == 0, generated.stderr
    page = (out / "discrepancies.md").read_text(encoding="utf-8")
    assert '!!! warning "Not compared"\n    2 articles name nobody the other articles name' in page
    assert "    - [Unknown outlet &#40;north&#41;](articles/north.md)\n    - [Unknown outlet &#40;south&#41;](articles/south.md)" in page
    export = json.loads((out / "briefing.json").read_text(encoding="utf-8"))
    assert export["uncompared_articles"] == ["north", "south"]
    jsonschema.Draft202012Validator(json.loads((out / "briefing.schema.json").read_text(encoding="utf-8"))).validate(export)


def test_a_renderer_and_its_briefing_are_freed_after_a_build() -> None:
    """A preview server renders again on every edit: nothing may keep old builds alive."""
    import gc
    import weakref

    from generator.build import load_briefing
    from generator.layout import plan_layout
    from generator.render import Renderer

    from .conftest import FIXTURES

    b = load_briefing(FIXTURES / "small")
    r = Renderer(b, plan_layout(b))
    r.short_name(b.sources[0].id)
    for s in b.sources:
        r.article_page(s)
    gone = weakref.ref(r)
    del r
    gc.collect()
    assert gone() is None


def test_a_derivation_the_analysis_found_is_shown_where_the_notes_are_silent(default_site: Path) -> None:
    # 004 has no derived_from in the notes; the analysis finds it copies 003:
    # the sources table and the article page say so, as unreviewed.
    data = json.loads((default_site / "briefing.json").read_text())
    child = next(a for a in data["articles"] if a["id"].startswith("004_"))
    assert child["derived_from"] is None and child["origin"].startswith("003_")
    page = read_page(default_site / "articles" / child["id"] / "index.html").text
    assert re.search(r"Derives from: Reuters \(003\) — found by the analysis, not reviewed by the editors: \d+ of \d+ sentences align", page)
    sources = html_lib.unescape(re.sub(r"<[^>]+>", "", (default_site / "sources" / "index.html").read_text()))
    assert "Reuters (003) (found by the analysis, not reviewed)" in sources


def test_a_name_two_glossary_records_claim_is_named_in_a_warning(make_content: MakeContent) -> None:
    # It links to neither on article pages; the editor hears why.
    article = "Ministry\n\nThe Ministry of Commerce approved some permits.\n"
    content = make_content(articles={"a": article}, notes={
        "terms.yml": "- id: mofcom\n  term: Ministry of Commerce\n  definition: The ministry.\n",
        "entities.yml": "- id: ministry\n  name: Ministry of Commerce\n  kind: organisation\n  aliases:\n    - name: Ministry of Commerce\n      article: a\n      quote: The Ministry of Commerce approved\n",
    })
    run = run_check(content)
    assert run.returncode == 0
    assert ("warning: " + str(content / "notes" / "entities.yml") + ":1: [ministry]: expected a name no other glossary record claims, "
            "got 'ministry of commerce', also claimed by " + str(content / "notes" / "terms.yml") + ":1 [mofcom]: "
            "articles link it to neither, so keep it in one") in run.stderr


def test_a_cited_passage_links_back_to_where_it_is_cited(default_site: Path) -> None:
    # An article page is no dead end: under each cited passage, the events,
    # comparison rows and confirmed discrepancies that quote it.
    page = read_page(default_site / "articles" / "001_f76a33fc7232bee1" / "index.html")
    html = (default_site / "articles" / "001_f76a33fc7232bee1" / "index.html").read_text()
    lines = re.findall(r'<p class="cited-in">(.*?)</p>', html, re.S)
    assert lines, "no passage of 001 says where it is cited"
    hrefs = [h for line in lines for h in re.findall(r'href="([^"]+)"', line)]
    assert "../../comparisons/#military-rare-earth--001_f76a33fc7232bee1" in hrefs
    assert "../../discrepancies/#d-7077e3b6f2" in hrefs and any(h.startswith("../../timeline/#") for h in hrefs)
    scandium = next(line for line in lines if "d-7077e3b6f2" in line)
    assert "Discrepancy: " in html_lib.unescape(re.sub(r"<[^>]+>", "", scandium)) and "scandium" in scandium
    assert "Cited in" in page.text


def test_clip_cuts_after_a_clause_or_a_word_never_inside_one() -> None:
    from generator.render import _clip

    words = "word " * 100
    assert _clip("short") == "short" and len(_clip(words)) <= 280 and _clip(words).endswith("word …")
    # After the last sentence in the second half, "Mr." is no sentence end.
    text = "x " * 80 + "Mr. Smith said the port reopened. " + "word " * 60
    assert _clip(text).endswith("the port reopened. …")
    assert _clip(" " + "a" * 300).startswith(" aaaa")  # one leading space is no place to cut
    assert _clip("字" * 300) == "字" * 278 + "…"  # no spaces: cut at the limit


def test_a_passage_cited_in_many_places_lists_some_and_counts_the_rest() -> None:
    from generator.render import CITED_SHOWN, Renderer

    cited = [("Timeline", f"Event {i}", "timeline.md", f"e{i}") for i in range(CITED_SHOWN + 3)]
    line = str(Renderer.cited_line("articles/a.md", cited))
    assert line.count("](../timeline.md#e") == CITED_SHOWN and line.endswith(" and 3 more</p>")
    assert "data-search-exclude" in line


def test_the_export_says_which_derivations_the_analysis_found(default_site: Path) -> None:
    data = json.loads((default_site / "briefing.json").read_text())
    by_id = {a["id"]: a for a in data["articles"]}
    found = by_id["004_dcefa40ecef7072d"]["detected_from"]
    assert found["article"] == "003_95c6ea9465a74bf2" and found["kind"] == "copy" and 0 < found["score"] <= 1
    assert by_id["000_d539de7ef8db242a"]["detected_from"] is None  # its notes record derived_from


def test_a_backlink_to_an_event_keeps_the_timeline_qualifier(default_site: Path) -> None:
    # 002 wrote before the London talks: its passage announces them, it does not report them.
    html = (default_site / "articles" / "002_721e979baf6e4013" / "index.html").read_text()
    lines = [html_lib.unescape(re.sub(r"<[^>]+>", "", x)) for x in re.findall(r'<p class="cited-in"[^>]*>(.*?)</p>', html, re.S)]
    assert any("Timeline (announced beforehand): US and Chinese negotiators meet in London" in x for x in lines), lines
