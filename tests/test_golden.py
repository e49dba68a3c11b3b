"""Golden output: the small fixture briefing renders to the committed tree in tests/golden/.

Update on purpose with ``scripts/test.sh tests/test_golden.py --update-golden``."""
from __future__ import annotations

import difflib
from pathlib import Path

from generator.build import load_briefing
from generator.render import render_pages

from .conftest import FIXTURES

GOLDEN = Path(__file__).resolve().parent / "golden"


def test_small_briefing_matches_golden(update_golden: bool) -> None:
    pages = render_pages(load_briefing(FIXTURES / "small"))
    if update_golden:
        for old in GOLDEN.rglob("*.md"):
            old.unlink()
        for rel, text in pages.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_text(text, encoding="utf-8")
    expected = {str(p.relative_to(GOLDEN)): p.read_text(encoding="utf-8") for p in GOLDEN.rglob("*.md")}
    assert sorted(pages) == sorted(expected), "pages added or removed: run with --update-golden if intended"
    diffs = [
        "".join(difflib.unified_diff(expected[rel].splitlines(True), pages[rel].splitlines(True), f"golden/{rel}", f"rendered/{rel}"))
        for rel in sorted(pages)
        if pages[rel] != expected[rel]
    ]
    assert not diffs, "\n".join(diffs)
