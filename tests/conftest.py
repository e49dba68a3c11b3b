"""Shared fixtures: content folders built in tmp_path, and the golden switch."""
from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current output")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


MakeContent = Callable[..., Path]


@pytest.fixture
def make_content(tmp_path: Path) -> MakeContent:
    """Write a content folder: ``make_content(articles={id: text|bytes}, notes={file: yaml})``."""

    def make(articles: dict[str, str | bytes] | None = None, notes: dict[str, str] | None = None, name: str = "content") -> Path:
        root = tmp_path / name
        (root / "articles").mkdir(parents=True)
        for article_id, text in (articles or {}).items():
            data = text if isinstance(text, bytes) else textwrap.dedent(text).encode()
            (root / "articles" / f"{article_id}.txt").write_bytes(data)
        if notes:
            (root / "notes").mkdir()
            for file, text in notes.items():
                (root / "notes" / file).write_text(textwrap.dedent(text), encoding="utf-8")
        return root

    return make


@pytest.fixture
def seed_content(tmp_path: Path) -> Path:
    """A copy of the default content folder, safe to edit."""
    dest = tmp_path / "seed"
    shutil.copytree(CONTENT, dest)
    return dest
