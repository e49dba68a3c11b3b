"""The pipeline, in order: read, validate, model, render, write."""
from __future__ import annotations

import calendar
import dataclasses
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .analyse import analyse
from .analysis import cycle_collection_paused
from .cache import BuildCache
from .errors import Collector, ContentError
from .export import atom_feed, change_history, compare_exports, dumps, export_briefing, export_problem, loads, vanished_ids
from .ingest import read_articles
from .layout import PAGE_SIZE, anchor_map, plan_layout
from .model import Briefing, build_briefing, name_clashes
from .notes import read_notes
from .render import render_pages, static_files
from .write import KEEP, UnsafePath, WriteStats, write_tree


@dataclass
class Result:
    """What a run produced, and how long each stage took (seconds)."""

    briefing: Briefing
    pages: dict[str, str]
    stats: WriteStats | None = None
    timings: dict[str, float] = field(default_factory=dict)
    vanished: list[str] = field(default_factory=list)
    """Ids of the previous export that no longer resolve: their links break."""
    cache: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Cache kind -> (hits, misses) of this run."""


def _label(folder: Path) -> str:
    """How a content path is shown in messages: relative to the working directory if possible."""
    try:
        return str(folder.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(folder)


def load_briefing(content: Path, timings: dict[str, float] | None = None, cache: BuildCache | None = None) -> Briefing:
    """Read and validate a content folder; raise :class:`ContentError` listing every problem.

    ``cache`` holds the results of earlier builds; it changes no output."""
    timings = {} if timings is None else timings
    out = Collector()
    label = _label(content)
    if not content.is_dir():
        out.add(label, 0, "content", "expected a content folder, got nothing at that path")
        out.raise_if_any()
    t = time.perf_counter()
    # Per-file checks first: articles and notes are read independently...
    articles = read_articles(content / "articles", f"{label}/articles", out, cache.memo("articles") if cache else None)
    if not articles and not out.problems:
        out.add(f"{label}/articles", 0, "articles", "expected at least one .txt article, got none")
    notes = read_notes(content / "notes", f"{label}/notes", out, cache.memo("notes") if cache else None)
    if not articles:
        # The notes' own problems are reported, but not every citation of an
        # article that could not be read: the line above says it all.
        out.raise_if_any()
    timings["read"] = time.perf_counter() - t
    t = time.perf_counter()
    # ...then cross-file references (article ids, quotes), which need both.
    briefing = build_briefing(articles, notes, out, cache)
    timings["model"] = time.perf_counter() - t
    out.raise_if_any()
    t = time.perf_counter()
    # Analysis needs the whole resolved model (entities for aliases, verdicts).
    briefing = dataclasses.replace(briefing, analysis=analyse(briefing, cache))
    timings["analyse"] = time.perf_counter() - t
    return briefing


#: What an editor can do about a vanished id, by section.
_KEEP_LINKS = {
    "events": "add it to old_ids of the record that replaces it",
    "topics": "add it to old_ids of the record that replaces it",
    "terms": "add it to old_ids of the record that replaces it",
    "entities": "add it to old_ids of the record that replaces it",
    "articles": "an article's id is its file name: restore the file or its name",
    "elements": "no article or note names the element any more",
    "passages": "the passage's text changed; a capture stays as published (add a corrected capture as a new article instead)",
}


def review_warnings(b: Briefing) -> list[str]:
    """What an editor should fix that does not stop a build, one
    ``file:line: key: …`` line each: names two glossary records claim, and
    verdicts whose candidate the analysis no longer finds."""
    lines = name_clashes(b.terms, b.entities)
    for v in b.analysis.orphans if b.analysis else ():
        lines.append(f"{v.file}:{v.line}: candidate: the verdict on {v.candidate} matches no candidate the analysis finds "
                     "(a mistyped id, or its passages changed): correct, update or remove it")
    return lines


def describe_vanished(vanished: list[str]) -> list[str]:
    """One warning line per vanished id (``Result.vanished``), candidates of the analysis in one."""
    gone = [i.split("/", 1)[1] for i in vanished if i.startswith("discrepancies/")]
    lines = []
    for ident in vanished:
        if not ident.startswith("discrepancies/"):
            section = "passages" if "#" in ident else ident.split("/", 1)[0]
            lines.append(f"{ident} was in the last published export and is gone: links to it will break ({_KEEP_LINKS.get(section, 'restore it')})")
    if gone:
        lines.append(f"{len(gone)} discrepancy candidate(s) of the last published export are no longer found, and links to them will break: "
                     f"{', '.join(gone[:10])}{' …' if len(gone) > 10 else ''}")
    return lines


def source_date_epoch(b: Briefing) -> str | None:
    """``SOURCE_DATE_EPOCH`` for MkDocs: the briefing's date from the notes
    (else its newest source's), so the sitemap's dates are the content's."""
    day = b.updated or b.as_of
    return str(calendar.timegm(day.timetuple())) if day else None


class BadPreviousExport(ValueError):
    """The previous export exists but is no export this code can compare with."""


def read_previous_export(path: Path | None) -> dict[str, Any] | None:
    """The last published export, or ``None`` if there is none at ``path``.

    One that is there but unreadable, not JSON or not an export raises
    ``BadPreviousExport``: taken for none, it would announce every item as
    new and drop the change history."""
    if path is None or not path.exists():
        return None
    try:
        data = loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise BadPreviousExport(f"the previous export {path} cannot be read as JSON ({exc}); give the right --previous, or remove it") from None
    problem = export_problem(data)
    if problem:
        raise BadPreviousExport(f"the previous export {path} is not a briefing export this build can compare with: {problem}")
    export: dict[str, Any] = data
    return export


CODE = Path(__file__).resolve().parent
"""The generator's own folder: no output may be, hold or sit in it."""


def check_output_dir(out_dir: Path, role: str, others: Mapping[str, Path]) -> None:
    """Refuse a folder the build must not empty.

    A build removes from its output folder every file it did not write this
    time. So the folder must not be, hold or sit inside any of ``others`` (the
    content, another output) or the generator's code; and if it already holds
    files, one must be the ``briefing.json`` that an earlier build wrote:
    a folder of someone else's is never emptied."""
    if out_dir.is_symlink():
        raise UnsafePath(f"refusing to use {out_dir} as {role}: it is a link; give the folder it points to")
    target = out_dir.resolve()
    for what, folder in {**others, "the generator's code": CODE}.items():
        other = folder.resolve()
        if target == other or target.is_relative_to(other) or other.is_relative_to(target):
            where = "is" if target == other else "is inside" if target.is_relative_to(other) else "holds"
            raise UnsafePath(f"refusing to use {out_dir} as {role}: it {where} {what} ({folder})")
    if target.exists() and not target.is_dir():
        raise UnsafePath(f"refusing to use {out_dir} as {role}: it is a file, not a folder")
    if target.is_dir() and not (target / "briefing.json").is_file() and any(p.name not in KEEP for p in target.iterdir()):
        raise UnsafePath(f"refusing to use {out_dir} as {role}: it holds files that no earlier build wrote (it has no briefing.json), "
                         "and the build would delete them; empty it or choose another folder")


def check_cache_dir(cache_dir: Path, others: dict[str, Path]) -> None:
    """Refuse a cache folder inside another folder of the build: the content
    is never written, and an output folder is emptied of what the build did
    not make (and published)."""
    for what, folder in others.items():
        if cache_dir.resolve().is_relative_to(folder.resolve()):
            raise UnsafePath(f"refusing to keep the build cache in {cache_dir}: it is inside {what} {folder}")


@cycle_collection_paused()
def generate(
    content: Path, out_dir: Path, previous: Path | None = None, page_size: int = PAGE_SIZE, cache_dir: Path | None = None,
    site_url: str | None = None,
) -> Result:
    """Content folder -> Markdown tree in ``out_dir`` (written only if valid).

    ``previous`` is the last published ``briefing.json``: the changes page,
    the feed and the vanished-id warnings compare against it. ``cache_dir``
    keeps stage results for the next build (``generator.cache``); ``None``
    computes everything. ``site_url`` (where CI publishes) overrides the
    notes' ``site_url``."""
    timings: dict[str, float] = {}
    check_output_dir(out_dir, "the output folder", {"the content folder": content})
    before = read_previous_export(previous)  # first: a bad one stops the build before the work
    if cache_dir is not None:
        check_cache_dir(cache_dir, {"the content folder": content, "the output folder": out_dir})
    cache = BuildCache(cache_dir) if cache_dir is not None else None
    briefing = load_briefing(content, timings, cache)
    if site_url:
        briefing = dataclasses.replace(briefing, site_url=site_url)
    t = time.perf_counter()
    # Pages are planned first: the export and every cross-link need to know
    # which page holds each item.
    layout = plan_layout(briefing, page_size)
    data = export_briefing(briefing, layout)
    changes = compare_exports(before, data)
    # The feed and the changes page keep what earlier publishes found.
    history = change_history(changes, before, data)
    data["changes"] = [c.export() for c in history]
    pages = render_pages(briefing, layout, changes, previous_found=before is not None, memo=cache.memo("pages") if cache else None,
                         history=history)
    files: dict[str, bytes | str] = {
        **static_files(briefing),
        **pages,
        "briefing.json": dumps(data),
        "feed.xml": atom_feed(data, history, briefing.site_url),
        "assets/anchors.json": json.dumps(anchor_map(layout), sort_keys=True),
    }
    timings["render"] = time.perf_counter() - t
    t = time.perf_counter()
    stats = write_tree(out_dir, files)
    # Only a build that succeeded keeps its results for the next one.
    if cache is not None:
        cache.save()
    timings["write"] = time.perf_counter() - t
    return Result(briefing, pages, stats, timings, vanished_ids(before, data), cache.stats() if cache else {})


__all__ = ["BadPreviousExport", "ContentError", "Result", "check_cache_dir", "check_output_dir", "describe_vanished", "generate", "load_briefing", "source_date_epoch"]
