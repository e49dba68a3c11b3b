"""Shared fixtures: content folders built in tmp_path, and the golden switch."""
from __future__ import annotations

import shutil
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from pytest import StashKey

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


# --- The default site, built once per test process, and the browser-test tools ---

SCREENSHOTS = Path(__file__).resolve().parent / "output" / "screenshots"
NODE_MODULES = ROOT / "node_modules"
_session_start = StashKey[float]()


def require_tool(path: Path | str, what: str) -> Path:
    """Fail (never skip) when a test tool is missing: the test command installs it."""
    found = Path(path)
    if not found.exists():
        pytest.fail(f"{what} not found at {found}: run `scripts/setup.sh test` (scripts/test.sh does) to install the test tools", pytrace=False)
    return found


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[_session_start] = time.time()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config) -> None:
    start = config.stash.get(_session_start, 0.0)
    fresh = [p for p in SCREENSHOTS.glob("*.png") if p.stat().st_mtime >= start] if SCREENSHOTS.is_dir() else []
    if fresh:
        terminalreporter.write_sep("-", "screenshots")
        terminalreporter.write_line(f"{len(fresh)} screenshots of the built site in {SCREENSHOTS}")


@pytest.fixture(scope="session")
def default_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default briefing, really built (generator + mkdocs build --strict), once per worker."""
    from .sitecheck import build_site

    where = tmp_path_factory.mktemp("default")
    proc = build_site(CONTENT, where)
    assert proc.returncode == 0, proc.stderr
    assert "WARNING" not in proc.stderr, proc.stderr
    return where / "site"


@pytest.fixture(scope="session")
def split_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default briefing built with 3 items a page, so that every section splits."""
    from .sitecheck import build_site

    where = tmp_path_factory.mktemp("split")
    proc = build_site(CONTENT, where, "--page-size", "3")
    assert proc.returncode == 0, proc.stderr
    assert "WARNING" not in proc.stderr, proc.stderr
    return where / "site"
