"""The pipeline, in order: read, validate, model, render, write."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Collector, ContentError
from .ingest import read_articles
from .model import Briefing, build_briefing
from .notes import read_notes
from .render import render_pages, static_files
from .write import WriteStats, write_tree


@dataclass
class Result:
    """What a run produced, and how long each stage took (seconds)."""

    briefing: Briefing
    pages: dict[str, str]
    stats: WriteStats | None = None
    timings: dict[str, float] = field(default_factory=dict)


def _label(folder: Path) -> str:
    """How a content path is shown in messages: relative to the working directory if possible."""
    try:
        return str(folder.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(folder)


def load_briefing(content: Path, timings: dict[str, float] | None = None) -> Briefing:
    """Read and validate a content folder; raise :class:`ContentError` listing every problem."""
    timings = {} if timings is None else timings
    out = Collector()
    label = _label(content)
    if not content.is_dir():
        out.add(label, 0, "content", "expected a content folder, got nothing at that path")
        out.raise_if_any()
    t = time.perf_counter()
    # Per-file checks first: articles and notes are read independently...
    articles = read_articles(content / "articles", f"{label}/articles", out)
    if not articles and not out.problems:
        out.add(f"{label}/articles", 0, "articles", "expected at least one .txt article, got none")
    notes = read_notes(content / "notes", f"{label}/notes", out)
    timings["read"] = time.perf_counter() - t
    t = time.perf_counter()
    # ...then cross-file references (article ids, quotes), which need both.
    briefing = build_briefing(articles, notes, out)
    timings["model"] = time.perf_counter() - t
    out.raise_if_any()
    return briefing


def generate(content: Path, out_dir: Path) -> Result:
    """Content folder -> Markdown tree in ``out_dir`` (written only if valid)."""
    timings: dict[str, float] = {}
    briefing = load_briefing(content, timings)
    t = time.perf_counter()
    pages = render_pages(briefing)
    files: dict[str, bytes | str] = {**static_files(briefing), **pages}
    timings["render"] = time.perf_counter() - t
    t = time.perf_counter()
    stats = write_tree(out_dir, files)
    timings["write"] = time.perf_counter() - t
    return Result(briefing, pages, stats, timings)


__all__ = ["ContentError", "Result", "generate", "load_briefing"]
