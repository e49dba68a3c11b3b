"""Helpers to build a real site and read its HTML like a browser would."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_site(content: Path, where: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run the real CLI build (generator + ``mkdocs build --strict``) into ``where``/site."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "generator", "build", "--content", str(content), "--site", str(where / "site"), "--docs", str(where / "docs"),
         "--cache", str(where / "cache"), *extra],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )


@dataclass
class Page(HTMLParser):
    """A parsed page: its elements' tags and attributes, and its visible text."""

    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    chunks: list[str] = field(default_factory=list)
    _skip: int = 0

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.chunks.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.chunks).split())

    def ids(self) -> set[str]:
        return {str(a["id"]) for _, a in self.tags if a.get("id")}

    def having_class(self, cls: str) -> list[dict[str, str | None]]:
        return [a for _, a in self.tags if cls in str(a.get("class") or "").split()]


def read_page(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def search_index(site: Path) -> list[dict[str, str]]:
    docs: list[dict[str, str]] = json.loads((site / "search" / "search_index.json").read_text())["docs"]
    return docs
