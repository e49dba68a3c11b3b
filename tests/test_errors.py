"""Every kind of bad input: its exact one-line message, all reported in one run."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import load_briefing
from generator.errors import ContentError

from .conftest import ROOT, MakeContent

ARTICLE = "Headline of the piece\n\nThe talks in London ended on Tuesday with a deal on magnets.\n"


def problems(content: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_briefing(content)
    return [str(p) for p in info.value.problems]


def only(content: Path) -> str:
    (message,) = problems(content)
    return message.replace(str(content), "C")


@pytest.mark.parametrize(
    ("case", "yaml", "expected"),
    [
        ("malformed_yaml", "- id: a\n  title: [unclosed\n", "C/notes/events.yml:2: yaml: expected well-formed YAML, got a syntax error (did not find expected ',' or ']' at line 3, while parsing a flow sequence that starts on this line)"),
        ("unclosed_quote", "- id: a\n  title: \"One\n  date: 2025-06-01\n  date_basis: stated\n  sources: []\n", "C/notes/events.yml:2: yaml: expected well-formed YAML, got a syntax error (found unexpected end of stream at line 6, while scanning a quoted scalar that starts on this line)"),
        ("duplicate_key", "- id: a\n  title: One\n  title: Two\n  date: 2025-06-01\n  date_basis: stated\n  sources: []\n", "C/notes/events.yml:3: [a].title: expected each key once, got a duplicate (first at line 2)"),
        ("unknown_key", "- id: a\n  titel: One\n  title: One\n  date: 2025-06-01\n  date_basis: stated\n  sources: []\n", "C/notes/events.yml:2: [a].titel: expected one of id, title, date, date_basis, date_note, year_supplied, kind, summary, sources, updated, old_ids, got unknown key 'titel' (did you mean 'title'?)"),
        ("wrong_type", "- id: a\n  title: [One]\n  date: 2025-06-01\n  date_basis: stated\n  sources: []\n", "C/notes/events.yml:2: [a].title: expected a non-empty string, got a list"),
        ("impossible_date", "- id: a\n  title: One\n  date: 2025-13-45\n  date_basis: stated\n  sources: []\n", "C/notes/events.yml:3: [a].date: expected a real calendar date, got '2025-13-45'"),
        ("yaml_boolean_is_not_guessed", "- id: a\n  title: One\n  date: 2025-06-01\n  date_basis: stated\n  year_supplied: yes\n  sources: []\n", "C/notes/events.yml:5: [a].year_supplied: expected true or false, got 'yes'"),
        ("unsafe_id", "- id: ../x\n  title: One\n  date: 2025-06-01\n  date_basis: stated\n  sources: []\n", "C/notes/events.yml:1: [../x].id: expected an id of lower-case letters, digits and hyphens, got '../x'"),
        ("missing_key", "- id: a\n  date: 2025-06-01\n  date_basis: stated\n  sources: []\n", "C/notes/events.yml:1: [a].title: expected a value (required key), got nothing"),
        ("unknown_article", "- id: a\n  title: One\n  date: 2025-06-01\n  date_basis: stated\n  sources:\n    - article: nope\n      quote: deal\n", "C/notes/events.yml:6: [a].sources[0].article: expected the id of a file in articles/ (name without .txt), got 'nope'"),
        ("date_note_needed", "- id: a\n  title: One\n  date: 2025-06-01\n  date_basis: relative\n  sources: []\n", "C/notes/events.yml:1: [a].date_note: expected a value when date_basis is 'relative', got nothing"),
        ("quote_not_in_article", "- id: a\n  title: One\n  date: 2025-06-01\n  date_basis: stated\n  sources:\n    - article: art\n      quote: The talks in Paris ended\n", "C/notes/events.yml:7: [a].sources[0].quote: expected a verbatim passage of art, got text found in no article; closest passage of art (line 3, 75% similar): 'The talks in London ended on Tuesday with a deal on ma...'"),
        ("quote_cut_mid_word", "- id: a\n  title: One\n  date: 2025-06-01\n  date_basis: stated\n  sources:\n    - article: art\n      quote: alks in London ende\n", "C/notes/events.yml:7: [a].sources[0].quote: expected a verbatim passage of art, got a quote that starts or ends inside a word of the passage at line 3: quote whole words"),
        ("quote_too_short", "- id: a\n  title: One\n  date: 2025-06-01\n  date_basis: stated\n  sources:\n    - article: art\n      quote: a\n", "C/notes/events.yml:7: [a].sources[0].quote: expected a quote of at least 4 letters or digits (a shorter one proves nothing), got 'a'"),
        ("ellipsis_skips_a_negation", "- id: a\n  title: One\n  date: 2025-06-01\n  date_basis: stated\n  sources:\n    - article: other\n      quote: The deal … cover magnets\n", "C/notes/events.yml:7: [a].sources[0].quote: expected a quote whose … leaves out no negation, got one that skips 'does not': quote 'not' too, or cut elsewhere"),
        ("ellipsis_skips_a_rejection", "- id: a\n  title: One\n  date: 2025-06-01\n  date_basis: stated\n  sources:\n    - article: other\n      quote: Officials … the port plan\n", "C/notes/events.yml:7: [a].sources[0].quote: expected a quote whose … leaves out no negation, got one that skips 'rejected': quote 'rejected' too, or cut elsewhere"),
        ("three_dots_for_an_ellipsis", "- id: a\n  title: One\n  date: 2025-06-01\n  date_basis: stated\n  sources:\n    - article: art\n      quote: The talks in London ... a deal on magnets\n", "C/notes/events.yml:7: [a].sources[0].quote: expected a verbatim passage of art, got text found in no article (three dots stand for themselves: to join two parts, write … (U+2026), or drop the dots); closest passage of art (line 3, 76% similar): 'The talks in London ended on Tuesday with a deal on magnets.'"),
        ("invisible_character", "- id: a\n  title: One\n  date: 2025-06-01\n  date_basis: stated\n  sources:\n    - article: art\n      quote: \"The talks in Lon\\u00addon ended\"\n", "C/notes/events.yml:7: [a].sources[0].quote: expected a verbatim passage of art, got text found in no article (it holds an invisible character, U+00AD, at character 17: delete it); closest passage of art (line 3, 98% similar): 'The talks in London ended on Tuesday with a deal on mag...'"),
        ("letter_case", "- id: a\n  title: One\n  date: 2025-06-01\n  date_basis: stated\n  sources:\n    - article: art\n      quote: the talks in london ended\n", "C/notes/events.yml:7: [a].sources[0].quote: expected a verbatim passage of art, got text found in no article (it is in the passage at line 3 in other letter case: copy its capitals); closest passage of art (line 3, 92% similar): 'The talks in London ended on Tuesday with a deal on mag...'"),
        ("yaml_tab", "- id: a\n\ttitle: One\n", "C/notes/events.yml:1: yaml: expected well-formed YAML, got a syntax error (found a tab character that violates indentation at line 2, while scanning a plain scalar that starts on this line; indent with spaces, not tabs)"),
        ("yaml_tag", "- id: a\n  title: !!python/object/apply:os.system [echo hi]\n  date: 2025-06-01\n  date_basis: stated\n  sources: []\n", "C/notes/events.yml:2: [a].title: expected a plain value, got a value tagged '!!python/object/apply:os.system' (tags are not read: write the plain value)"),
        ("yaml_tag_on_a_valid_string", "- id: a\n  title: !!python/name:os.system Met\n  date: 2025-06-01\n  date_basis: stated\n  sources: []\n", "C/notes/events.yml:2: [a].title: expected a plain value, got a value tagged '!!python/name:os.system' (tags are not read: write the plain value)"),
        ("quote_misattributed", "- id: a\n  title: One\n  date: 2025-06-01\n  date_basis: stated\n  sources:\n    - article: art\n      quote: a different capture\n", "C/notes/events.yml:7: [a].sources[0].quote: expected a verbatim passage of art, got a quote found in other instead (misattributed?)"),
    ],
    ids=lambda v: v if isinstance(v, str) and " " not in v and "\n" not in v else "",
)
def test_bad_note(make_content: MakeContent, case: str, yaml: str, expected: str) -> None:
    content = make_content(articles={"art": ARTICLE, "other": "Other\n\nThis is a different capture.\n\nThe deal does not cover magnets.\n\nOfficials rejected the port plan.\n"},
                           notes={"events.yml": yaml})
    assert only(content) == expected


def test_every_problem_is_reported_in_one_run_sorted(make_content: MakeContent) -> None:
    content = make_content(
        articles={"art": ARTICLE, "empty": ""},
        notes={
            "events.yml": "- id: a\n  title: One\n  date: 2025-02-30\n  date_basis: stated\n  sources: []\n",
            "sources.yml": "- article: ghost\n  kind: blog\n",
            "colours.yml": "[]\n",
        },
    )
    found = [p.replace(str(content), "C") for p in problems(content)]
    assert found == [
        "C/articles/empty.txt:0: text: expected article text, got an empty file",
        "C/notes/colours.yml:0: file name: expected one of briefing.yml, sources.yml, events.yml, topics.yml, elements.yml, terms.yml, entities.yml, verdicts.yml, got 'colours.yml'",
        "C/notes/events.yml:3: [a].date: expected a real calendar date, got '2025-02-30'",
        "C/notes/sources.yml:2: [ghost].kind: expected one of original, rewrite, translation, aggregator, unknown, got 'blog'",
    ]


@pytest.mark.parametrize(
    ("case", "data", "expected"),
    [
        ("not_utf8", b"Caf\xe9 talks\n", "C/articles/bad.txt:1: text: expected UTF-8, got byte 0xe9 at byte offset 3"),
        ("nul_byte", b"Line one\nLine\x00two\n", "C/articles/bad.txt:2: text: expected text without NUL bytes, got NUL at byte offset 13"),
        ("empty", b"  \n\n", "C/articles/bad.txt:0: text: expected article text, got an empty file"),
        ("utf16", "Headline\n\nText.\n".encode("utf-16"), "C/articles/bad.txt:0: text: expected UTF-8, got UTF-16 (its byte-order mark): save the file as UTF-8"),
    ],
    ids=lambda v: v if isinstance(v, str) and " " not in v else "",
)
def test_bad_article_file(make_content: MakeContent, case: str, data: bytes, expected: str) -> None:
    assert only(make_content(articles={"good": ARTICLE, "bad": data})) == expected


def test_unsafe_article_file_name(make_content: MakeContent) -> None:
    content = make_content(articles={"good": ARTICLE})
    (content / "articles" / "bad name!.txt").write_text("Text.\n")
    assert only(content) == "C/articles/bad name!.txt:0: file name: expected letters, digits, '_', '.' or '-' only, got 'bad name!'"


def test_an_empty_notes_file_is_named_as_notes(make_content: MakeContent) -> None:
    content = make_content(articles={"good": ARTICLE}, notes={"verdicts.yml": "  \n"})
    assert only(content) == "C/notes/verdicts.yml:0: text: expected YAML notes (an empty list is []), got an empty file"


def test_links_in_the_content_are_followed_only_inside_it(make_content: MakeContent, tmp_path: Path) -> None:
    # A link to a file elsewhere on the building machine would publish it.
    content = make_content(articles={"good": ARTICLE}, notes={"terms.yml": "[]\n"})
    secret = tmp_path / "secret.txt"
    secret.write_text("Password of the building machine, in a sentence.\n")
    (content / "articles" / "leak.txt").symlink_to(secret)
    (content / "articles" / "gone.txt").symlink_to(tmp_path / "nothing.txt")
    (content / "notes" / "events.yml").symlink_to(tmp_path / "nothing.yml")
    (content / "articles" / "same.txt").symlink_to(content / "articles" / "good.txt")
    assert [p.replace(str(tmp_path), "T") for p in problems(content)] == [
        "T/content/articles/gone.txt:0: file: expected a file, got a link to nothing (its target is gone)",
        "T/content/articles/leak.txt:0: file: expected a file inside the content folder, got a link to T/secret.txt: copy the file in instead",
        "T/content/notes/events.yml:0: file: expected a file, got a link to nothing (its target is gone)",
    ]
    for link in ("leak.txt", "gone.txt"):
        (content / "articles" / link).unlink()
    (content / "notes" / "events.yml").unlink()
    assert [s.id for s in load_briefing(content).sources] == ["good", "same"]


def test_cli_prints_one_line_per_problem_and_no_traceback(make_content: MakeContent) -> None:
    content = make_content(articles={"art": ARTICLE}, notes={"events.yml": "- id: a\n  date: 2025-13-45\n"})
    proc = subprocess.run([sys.executable, "-m", "generator", "check", "--content", str(content)], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert lines[-1] == "4 problem(s) in the content; nothing was built."
    assert all(line.startswith(str(content)) or line.startswith("content") for line in lines[:-1])
    assert len(lines) == 5


def test_ids_sharing_a_page_must_differ(make_content: MakeContent) -> None:
    content = make_content(
        articles={"art": "Cobalt story\n\nThe cobalt price rose.\n"},
        notes={
            "terms.yml": "- id: cobalt\n  term: cobalt\n  definition: A metal.\n- id: price\n  term: price\n  definition: Cost.\n",
            "entities.yml": "- id: price\n  name: Price\n  kind: person\n",
        },
    )
    assert sorted(p.replace(str(content), "C") for p in problems(content)) == [
        "C/notes/entities.yml:1: [price].id: expected an id not used elsewhere on the glossary page, got 'price' (already used by C/notes/terms.yml:4)",
        "C/notes/terms.yml:1: [cobalt].id: expected an id not used elsewhere on the glossary page, got 'cobalt' (already a section or element of the page)",
    ]


def test_article_names_mkdocs_or_a_case_insensitive_disk_would_mix_up(make_content: MakeContent) -> None:
    content = make_content(articles={"good": ARTICLE, "README": ARTICLE, "index": ARTICLE, "Abc": ARTICLE, "abc": ARTICLE})
    assert [p.replace(str(content), "C") for p in problems(content)] == [
        "C/articles/README.txt:0: file name: expected a name other than 'README': MkDocs makes README.md the folder's index page",
        "C/articles/abc.txt:0: file name: expected a name that differs from 'Abc.txt' by more than case: the two pages would collide on a case-insensitive disk",
        "C/articles/index.txt:0: file name: expected a name other than 'index': MkDocs makes index.md the folder's index page",
    ]


def test_a_quote_from_set_aside_boilerplate_says_so(seed_content: Path) -> None:
    article = next((seed_content / "articles").glob("004_*.txt")).stem
    events = seed_content / "notes" / "events.yml"
    events.write_text(events.read_text() + f"""
- id: from-boilerplate
  title: One
  date: 2025-06-01
  date_basis: stated
  sources:
    - article: {article}
      quote: To view factuality data please Upgrade to Premium
""")
    (message,) = [p for p in problems(seed_content) if "from-boilerplate" in p]
    assert re.search(r"expected a verbatim passage of 004_\w+, got a quote from what the capture sets aside at line \d+ \(.+\), "
                     r"which is not the article's text: cite the article's own words$", message), message


def test_a_linked_articles_folder_outside_the_content_is_refused(make_content: MakeContent, tmp_path: Path) -> None:
    content = make_content(articles={"good": ARTICLE})
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("A file of the building machine, in a sentence.\n")
    shutil.rmtree(content / "articles")
    (content / "articles").symlink_to(outside)
    assert [p.replace(str(tmp_path), "T") for p in problems(content)] == [
        "T/content/articles/secret.txt:0: file: expected a file inside the content folder, got a link to T/outside/secret.txt: copy the file in instead",
    ]


def test_a_quote_in_a_script_without_spaces_may_start_and_end_anywhere(make_content: MakeContent) -> None:
    content = make_content(
        articles={"zh": "标题\n\n中国商务部表示，中国同意提供快速审批程序，但不包括军用稀土。\n"},
        notes={"events.yml": "- id: a\n  title: One\n  date: 2025-06-01\n  date_basis: stated\n  sources:\n    - article: zh\n      quote: 中国同意提供快速审批\n"},
    )
    assert [e.id for e in load_briefing(content).events] == ["a"]


def test_control_characters_from_the_content_are_escaped_in_messages(make_content: MakeContent) -> None:
    # A terminal or CI log would obey them: clear the screen, forge a line.
    content = make_content(articles={"art": ARTICLE}, notes={"terms.yml": '- id: "x\\e[2Jy"\n  term: T\n'})
    run = subprocess.run([sys.executable, "-m", "generator", "check", "--content", str(content)], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 1 and "\x1b" not in run.stderr
    assert "[x\\x1b[2Jy].id: expected an id of lower-case letters" in run.stderr


def test_a_derivation_quote_must_name_its_origin(make_content: MakeContent) -> None:
    # Any verbatim passage would do otherwise, and the site would show a
    # derivation the text never states.
    content = make_content(
        articles={"copy": "Copy\n\nIndustry executives said the port reopened rapidly.\n\nSource: Wire\n"},
        notes={"sources.yml": "- article: copy\n  derived_from:\n    - origin: Reuters\n      quote: Industry executives said\n"},
    )
    assert only(content) == ("C/notes/sources.yml:4: [copy].derived_from[0].quote: expected words of copy that name its origin 'Reuters' "
                             "or attribute the whole text (such as \"Source: Reuters\" or \"translated from …\"), got a passage that does "
                             "neither: 'Industry executives said'")
    # A line attributing the text to another origin, or the origin's name
    # inside a word ("AP" in "rapidly"), is no evidence either.
    for origin, quote in (("Reuters", "'Source: Wire'"), ("AP", "the port reopened rapidly")):
        (content / "notes" / "sources.yml").write_text(f"- article: copy\n  derived_from:\n    - origin: {origin}\n      quote: {quote}\n")
        assert "got a passage that does neither" in only(content), origin
    (content / "notes" / "sources.yml").write_text("- article: copy\n  derived_from:\n    - origin: Wire\n      quote: 'Source: Wire'\n")
    assert load_briefing(content).sources[0].derived_from


def test_folders_and_files_of_the_wrong_kind_are_named(make_content: MakeContent, tmp_path: Path) -> None:
    # Left out silently before: a build that quietly publishes less than the editor wrote.
    content = make_content(articles={"art": ARTICLE}, notes={"terms.yml": "[]\n"})
    (content / "articles" / "drafts").mkdir()
    (content / "articles" / "drafts" / "new.txt").write_text(ARTICLE)
    (content / "notes" / "events.yml").mkdir()
    (content / "articles" / ".art.txt.swp").write_bytes(b"\0editor state")  # an editor's own file: ignored
    assert [p.replace(str(content), "C") for p in problems(content)] == [
        "C/articles/drafts:0: file name: expected article files directly in the folder, got a folder (its files would be left out)",
        "C/notes/events.yml:0: file name: expected notes files (briefing.yml, sources.yml, events.yml, topics.yml, "
        "elements.yml, terms.yml, entities.yml, verdicts.yml) directly in the folder, got a folder (its files would be left out)",
    ]
    shutil.rmtree(content / "notes")
    (content / "notes").write_text("events: []\n")
    shutil.rmtree(content / "articles" / "drafts")
    assert only(content) == "C/notes:0: notes: expected a folder of notes files (events.yml, topics.yml…), got a file"


def test_a_missing_articles_folder_is_one_problem_not_one_per_citation(seed_content: Path) -> None:
    shutil.rmtree(seed_content / "articles")
    assert [p.replace(str(seed_content), "C") for p in problems(seed_content)] == ["C/articles:0: articles: expected at least one .txt article, got none"]
    # A file in its place, or only files that are no articles: their own lines, still none per citation.
    (seed_content / "articles").write_text("")
    assert [p.replace(str(seed_content), "C") for p in problems(seed_content)] == ["C/articles:0: articles: expected a folder of .txt articles, got a file"]
    (seed_content / "articles").unlink()
    (seed_content / "articles").mkdir()
    (seed_content / "articles" / "000.md").write_text("text")
    assert [p.replace(str(seed_content), "C") for p in problems(seed_content)] == ["C/articles/000.md:0: file name: expected an article file ending in .txt, got '000.md'"]
    # The notes' own problems are still reported.
    (seed_content / "notes" / "events.yml").write_text("- id: a\n  titel: x\n")
    assert any("events.yml:2: [a].titel" in p for p in problems(seed_content))
