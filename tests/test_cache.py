"""The build cache saves time and changes nothing: same bytes cold, warm or without it."""
from __future__ import annotations

import html
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import generate
from generator.write import UnsafePath

from .conftest import CONTENT, ROOT


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 synthetic articles: several stories, copies and candidates."""
    content = tmp_path_factory.mktemp("synth") / "content"
    subprocess.run([sys.executable, str(ROOT / "bench" / "synth.py"), "40", str(content)], cwd=ROOT, check=True, capture_output=True)
    return content


def test_cold_warm_and_uncached_builds_write_the_same_bytes(corpus: Path, tmp_path: Path) -> None:
    plain = generate(corpus, tmp_path / "plain")
    assert plain.cache == {}
    cold = generate(corpus, tmp_path / "cold", cache_dir=tmp_path / "cache")
    assert cold.cache["articles"] == (0, 40) and cold.cache["analysis"] == (0, 1)
    warm = generate(corpus, tmp_path / "warm", cache_dir=tmp_path / "cache")
    assert warm.cache["articles"] == (40, 0) and warm.cache["mentions"] == (40, 0) and warm.cache["analysis"] == (1, 0)
    assert "sentences" not in warm.cache  # the analysis was taken whole
    assert tree(tmp_path / "plain") == tree(tmp_path / "cold") == tree(tmp_path / "warm")
    assert b'"candidates":[{' in (tmp_path / "warm" / "briefing.json").read_bytes()


def test_an_edited_article_is_the_only_one_parsed_again(corpus: Path, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(corpus, content)
    generate(content, tmp_path / "first", cache_dir=tmp_path / "cache")
    article = sorted((content / "articles").glob("*.txt"))[3]
    article.write_bytes(article.read_bytes() + b"\n\nA sentence the editor added about 7 ports.\n")
    warm = generate(content, tmp_path / "warm", cache_dir=tmp_path / "cache")
    assert warm.cache["articles"] == (39, 1)
    assert warm.cache["sentences"] == (39, 1)
    assert warm.cache["analysis"] == (0, 1)
    assert "7 ports" in (tmp_path / "warm" / "articles" / f"{article.stem}.md").read_text(encoding="utf-8")
    generate(content, tmp_path / "plain")
    assert tree(tmp_path / "warm") == tree(tmp_path / "plain")


def test_a_note_edit_outside_the_analysis_reuses_it(seed_content: Path, tmp_path: Path) -> None:
    generate(seed_content, tmp_path / "first", cache_dir=tmp_path / "cache")
    events = seed_content / "notes" / "events.yml"
    events.write_text(events.read_text(encoding="utf-8").replace("title: ", "title: Edited ", 1), encoding="utf-8")
    warm = generate(seed_content, tmp_path / "warm", cache_dir=tmp_path / "cache")
    assert warm.cache["analysis"] == (1, 0)
    files = len(list((seed_content / "notes").glob("*.yml")))
    assert warm.cache["notes"] == (files - 1, 1)  # events.yml alone was read again
    assert "Edited " in (tmp_path / "warm" / "timeline.md").read_text(encoding="utf-8")
    generate(seed_content, tmp_path / "plain")
    assert tree(tmp_path / "warm") == tree(tmp_path / "plain")


def test_an_entity_edit_runs_the_analysis_again(seed_content: Path, tmp_path: Path) -> None:
    generate(seed_content, tmp_path / "first", cache_dir=tmp_path / "cache")
    entities = seed_content / "notes" / "entities.yml"
    text = entities.read_text(encoding="utf-8")
    assert "kind: person" in text
    entities.write_text(text.replace("kind: person", "kind: organisation", 1), encoding="utf-8")
    warm = generate(seed_content, tmp_path / "warm", cache_dir=tmp_path / "cache")
    assert warm.cache["analysis"] == (0, 1)
    assert warm.cache["articles"] == (5, 0)


@pytest.mark.parametrize("damage", ["truncated", "foreign", "other code"])
def test_a_damaged_or_stale_cache_is_a_miss(damage: str, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    generate(CONTENT, tmp_path / "first", cache_dir=cache)
    path = cache / "analysis.pickle"
    if damage == "truncated":
        path.write_bytes(path.read_bytes()[:100])
    elif damage == "foreign":
        path.write_bytes(pickle.dumps(["not", "a", "cache"]))
    else:
        data = pickle.loads(path.read_bytes())
        data["code"] = "0" * 64
        path.write_bytes(pickle.dumps(data))
    again = generate(CONTENT, tmp_path / "again", cache_dir=cache)
    assert again.cache["analysis"] == (0, 1)
    assert tree(tmp_path / "first") == tree(tmp_path / "again")
    # The miss was written back: the next build hits again.
    assert generate(CONTENT, tmp_path / "third", cache_dir=cache).cache["analysis"] == (1, 0)


def test_cache_keeps_only_what_the_last_build_used(corpus: Path, tmp_path: Path) -> None:
    generate(corpus, tmp_path / "docs", cache_dir=tmp_path / "cache")
    generate(CONTENT, tmp_path / "docs", cache_dir=tmp_path / "cache")
    kept = pickle.loads((tmp_path / "cache" / "articles.pickle").read_bytes())["entries"]
    assert len(kept) == len(list((CONTENT / "articles").glob("*.txt"))) == 5


def test_a_no_change_rebuild_writes_no_cache_file(corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    generate(corpus, tmp_path / "docs", cache_dir=cache)
    before = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    generate(corpus, tmp_path / "docs", cache_dir=cache)
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == before


def test_cache_inside_the_content_folder_is_refused(seed_content: Path, tmp_path: Path) -> None:
    with pytest.raises(UnsafePath, match="inside the content folder"):
        generate(seed_content, tmp_path / "docs", cache_dir=seed_content / "notes" / "cache")
    assert not (seed_content / "notes" / "cache").exists()
    run = subprocess.run([sys.executable, "-m", "generator", "generate", "--content", str(seed_content), "--out", str(tmp_path / "docs"),
                          "--cache", str(seed_content / "cache")], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 1
    assert "refusing to keep the build cache in" in run.stderr and "Traceback" not in run.stderr
    assert not (seed_content / "cache").exists()


@pytest.mark.parametrize("inside", ["docs", "site"])
def test_cache_inside_an_output_folder_is_refused(inside: str, tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "generator", "build", "--content", str(CONTENT), "--docs", str(tmp_path / "docs"),
                          "--site", str(tmp_path / "site"), "--cache", str(tmp_path / inside / "cache")], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 1
    assert f"refusing to keep the build cache in {tmp_path / inside / 'cache'}: it is inside the" in run.stderr
    assert "Traceback" not in run.stderr and not (tmp_path / inside / "cache").exists()


def test_the_build_summary_says_what_was_reused(tmp_path: Path) -> None:
    from .sitecheck import build_site

    first = build_site(CONTENT, tmp_path)
    assert first.returncode == 0, first.stderr
    assert "(reused 0 of 5 articles and not the analysis)" in first.stdout
    second = build_site(CONTENT, tmp_path)
    assert second.returncode == 0, second.stderr
    assert "(reused 5 of 5 articles and the analysis)" in second.stdout
    assert (tmp_path / "cache" / "analysis.pickle").is_file()


def test_a_quote_is_checked_again_when_its_article_changes(tmp_path: Path) -> None:
    from generator.errors import ContentError

    from .conftest import FIXTURES

    content = tmp_path / "small"
    shutil.copytree(FIXTURES / "small", content)
    first = generate(content, tmp_path / "docs", cache_dir=tmp_path / "cache")
    assert first.cache["quotes"][0] == 0 and first.cache["quotes"][1] > 0
    again = generate(content, tmp_path / "docs", cache_dir=tmp_path / "cache")
    assert again.cache["quotes"][1] == 0  # every quote found where it was
    wire = content / "articles" / "wire.txt"
    wire.write_text(wire.read_text(encoding="utf-8").replace("ended a three-day strike on Monday", "ended a strike on Monday"), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        generate(content, tmp_path / "docs", cache_dir=tmp_path / "cache")
    assert any(p.key.endswith(".quote") and "expected a verbatim passage of wire" in p.message for p in caught.value.problems)


def test_an_article_page_is_made_again_when_its_notes_change(seed_content: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    generate(seed_content, tmp_path / "docs", cache_dir=cache)
    warm = generate(seed_content, tmp_path / "docs", cache_dir=cache)
    assert warm.cache["pages"] == (5, 0)
    sources = seed_content / "notes" / "sources.yml"
    text = sources.read_text(encoding="utf-8")
    # How Reuters' report came to be known: shown on its own page alone.
    sources.write_text(text.replace("and editing credits at the end", "and editing credits at the end (edited)", 1), encoding="utf-8")
    briefing = seed_content / "notes" / "briefing.yml"
    edited = generate(seed_content, tmp_path / "docs", cache_dir=cache)
    assert edited.cache["pages"] == (4, 1)
    changed = sorted(p.split("/")[1][:3] for p, text in edited.pages.items() if p.startswith("articles/") and "credits at the end (edited)" in html.unescape(text))
    assert changed == ["003"]
    # An event's new title is shown under each passage it cites: those pages are made again.
    events = seed_content / "notes" / "events.yml"
    events.write_text(events.read_text(encoding="utf-8").replace("title: Trump and Xi Jinping speak by phone", "title: Trump and Xi speak by phone", 1), encoding="utf-8")
    retitled = generate(seed_content, tmp_path / "docs", cache_dir=cache)
    citing = sorted(p.split("/")[1][:3] for p, text in retitled.pages.items() if p.startswith("articles/") and "Trump and Xi speak by phone" in text)
    assert citing == ["001", "002", "003"] and retitled.cache["pages"] == (2, 3)
    # The site URL is on every article page (its JSON-LD): all are made again.
    briefing.write_text(briefing.read_text(encoding="utf-8") + "site_url: https://example.org/briefing/\n", encoding="utf-8")
    moved = generate(seed_content, tmp_path / "docs", cache_dir=cache)
    assert moved.cache["pages"] == (0, 5)
    generate(seed_content, tmp_path / "plain")
    assert tree(tmp_path / "docs") == tree(tmp_path / "plain")


def test_a_template_edited_while_a_preview_runs_remakes_the_article_pages(tmp_path: Path) -> None:
    """One process, as in ``mkdocs serve``: Jinja reads the edited template, and
    so must the article pages' cache keys."""
    shutil.copytree(ROOT / "generator", tmp_path / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    script = f"""
import sys
sys.path.insert(0, {str(tmp_path)!r})
from pathlib import Path
import generator, generator.build as B
assert generator.__file__.startswith({str(tmp_path)!r})
content, cache = Path({str(CONTENT)!r}), Path({str(tmp_path / "cache")!r})
B.generate(content, Path({str(tmp_path / "one")!r}), cache_dir=cache)
template = Path({str(tmp_path / "generator" / "templates" / "article.md.j2")!r})
template.write_text(template.read_text(encoding="utf-8").replace(">Text</p>", ">Text as captured</p>"), encoding="utf-8")
again = B.generate(content, Path({str(tmp_path / "two")!r}), cache_dir=cache)
pages = [text for path, text in again.pages.items() if path.startswith("articles/")]
print(again.cache["pages"], sum(">Text as captured</p>" in text for text in pages), len(pages))
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env={"XDG_CACHE_HOME": str(tmp_path / "xdg"), "PATH": ""})
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["(0,", "5)", "5", "5"]


def test_a_cache_folder_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    result = generate(CONTENT, tmp_path / "docs", cache_dir=blocker / "cache")
    assert result.stats is not None and result.stats.written > 0
    again = generate(CONTENT, tmp_path / "docs", cache_dir=blocker / "cache")
    assert again.cache["articles"] == (0, 5)  # nothing was kept, nothing broke
