from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from generator.errors import Collector
from generator.ingest import Article, ingest_text_chars, parse_article, read_articles

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    out = Collector()
    articles = read_articles(ROOT / "content" / "articles", "content/articles", out)
    assert out.problems == []
    return {a.id.split("_")[0]: a for a in articles}


def test_no_text_is_lost(seeds: dict[str, Article]) -> None:
    for a in seeds.values():
        original = Counter(c for c in a.raw.decode("utf-8") if not c.isspace())
        kept = Counter(c for c in ingest_text_chars(a) if not c.isspace())
        assert kept == original, a.id


def test_hard_wrapped_reuters_copy_is_unwrapped(seeds: dict[str, Article]) -> None:
    a = seeds["003"]
    assert a.headline == "US-China trade truce leaves military-use rare earth issue unresolved, sources say"
    texts = [b.text for b in a.blocks]
    assert "Bessent said there would be no \"quid pro quo\" on easing curbs" in " ".join(texts)
    assert any(t.startswith("But China has not budged on specialized rare earths, including samarium,") for t in texts)
    assert [b.text for b in a.blocks if b.kind == "heading"] == ["CHINA CHOKEHOLD", "BIG ISSUES REMAIN"]
    assert [b.text for b in a.blocks if b.kind == "bullet"][0] == "China withholding export of certain military-use rare earth materials"
    assert a.dateline is not None and (a.dateline.date_text, a.dateline.agency) == ("June 15", "Reuters")


def test_boilerplate_is_set_aside_with_reasons(seeds: dict[str, Article]) -> None:
    reasons = {s.text: s.reason for a in seeds.values() for s in a.set_aside}
    assert reasons[", opens new tab"] == "link hint"
    assert reasons["To view factuality data please Upgrade to Premium"] == "aggregator's listing of other stories"
    assert reasons["Disclaimer: This article represents the views of the author alone."] == "publisher's disclaimer"
    assert any(r == "photo caption" and "October 20, 2010" in t for t, r in reasons.items())
    assert any(t.startswith("Chart shows") for t in reasons)
    body = seeds["003"].body
    assert "opens new tab" not in body and "Purchase Licensing Rights" not in body and "October 20, 2010" not in body
    assert "JL MAG Rare-Earth (300748.SZ), saying on Wednesday" in body


def test_attributions_are_recognised(seeds: dict[str, Article]) -> None:
    assert seeds["000"].attributions == ("Source: Reuters", "Source: Reuters")
    assert seeds["001"].attributions == ("(This article is based on relevant reports from Reuters)",)
    assert seeds["003"].attributions == ()


def test_headline_only_when_the_first_passage_is_one_short_sentence(seeds: dict[str, Article]) -> None:
    assert seeds["002"].headline is None
    assert seeds["000"].headline is None
    assert seeds["004"].headline == "US-China trade truce leaves military-use rare earth issue unresolved: Report"


def test_anchors_are_derived_from_content_not_position() -> None:
    one = parse_article("x", "x.txt", b"", "First paragraph.\n\nSecond paragraph.\n")
    two = parse_article("x", "x.txt", b"", "Inserted paragraph.\n\nFirst paragraph.\n\nSecond paragraph.\n")
    assert [b.anchor for b in one.blocks] == [b.anchor for b in two.blocks][1:]


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"\xef\xbb\xbfHeadline here\r\n\r\nBody text that ends.\r\n")
    out = Collector()
    (a,) = read_articles(tmp_path, "articles", out)
    assert out.problems == []
    assert a.headline == "Headline here"
    assert [b.text for b in a.blocks] == ["Headline here", "Body text that ends."]


def test_wrapped_lines_that_start_like_chrome_stay_in_the_text() -> None:
    text = (
        "Headline\n\nOfficials said prices of export-\nrelated goods rose, and officials said\n"
        "3 of 5 licence requests were approved by\nsubscribers to the scheme in April.\nItem counts rose too.\n"
    )
    a = parse_article("x", "x.txt", text.encode(), text)
    assert a.set_aside == ()
    assert "officials said 3 of 5 licence requests were approved by subscribers to the scheme in April." in a.body
