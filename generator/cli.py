"""Command line: ``python -m generator {check,generate,build}``."""
from __future__ import annotations

import argparse
import html
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from .build import BadPreviousExport, check_cache_dir, check_output_dir, describe_vanished, generate, load_briefing, review_warnings, source_date_epoch
from .errors import ContentError
from .layout import PAGE_SIZE
from .model import Briefing
from .schema import site_address
from .write import UnsafePath

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONTENT = Path(os.environ.get("BRIEFING_CONTENT") or ROOT / "content")
DEFAULT_CACHE = ROOT / "build" / "cache"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="briefing", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    for name, text in (
        ("check", "validate the content folder and report every problem"),
        ("generate", "write the generated Markdown tree (for MkDocs, Zensical or any engine reading mkdocs.yml)"),
        ("build", "generate, then build the site with MkDocs --strict and swap it into place"),
    ):
        cmd = sub.add_parser(name, help=text, description=text)
        cmd.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help="content folder (default: content/)")
        if name == "generate":
            cmd.add_argument("--out", type=Path, default=ROOT / "docs", help="output folder (default: docs/)")
        cmd.add_argument("--strict-review", action="store_true", help="fail when discrepancy candidates are unreviewed")
        if name == "build":
            cmd.add_argument("--site", type=Path, default=ROOT / "site", help="site folder (default: site/)")
            cmd.add_argument("--docs", type=Path, default=ROOT / "docs", help="where the generated Markdown goes (default: docs/)")
        if name in ("build", "generate"):
            cmd.add_argument(
                "--cache",
                type=Path,
                default=DEFAULT_CACHE,
                help="where stage results are kept between builds, to skip work on unchanged input (default: build/cache/)",
            )
            cmd.add_argument("--no-cache", dest="cache", action="store_const", const=None, help="compute everything and keep nothing")
            cmd.add_argument("--page-size", type=_page_size, default=PAGE_SIZE, help=f"items per page before a section is split, at least 1 (default: {PAGE_SIZE})")
            cmd.add_argument(
                "--site-url",
                type=_site_url,
                default=os.environ.get("BRIEFING_SITE_URL") or None,
                help="the address the site is published at, for the sitemap, canonical links, the feed and the export "
                "(default: $BRIEFING_SITE_URL, else the notes' site_url)",
            )
            cmd.add_argument(
                "--previous",
                type=Path,
                default=None,
                help="the last published briefing.json, to list changes and warn about vanished ids (default: SITE/briefing.json if present)",
            )
    return p


def _page_size(text: str) -> int:
    """``--page-size``: a whole number of at least 1 (0 divided by zero, a
    negative size emptied the timeline)."""
    try:
        size = int(text)
    except ValueError:
        size = 0
    if size < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of items, at least 1, got {text!r}")
    return size


def _site_url(text: str) -> str:
    try:
        return site_address(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _report(exc: ContentError) -> int:
    for problem in exc.problems:
        print(problem, file=sys.stderr)
    print(f"{len(exc.problems)} problem(s) in the content; nothing was built.", file=sys.stderr)
    return 1


def _child_config(docs: Path, scratch: Path, site_name: str, site_url: str | None) -> Path:
    """An mkdocs.yml that INHERITs the project's, pointed at ``docs``.

    The hook stays, told by ``BRIEFING_PREGENERATED`` that the tree was just
    generated and validated: it only marks the escaped ``site_name`` safe."""
    config = scratch.with_name(scratch.name + ".yml")
    _remove(config)
    settings = {
        "INHERIT": str(ROOT / "mkdocs.yml"),
        "site_name": site_name,
        "docs_dir": str(docs.resolve()),
        "site_dir": str(scratch.resolve()),
        "hooks": [str(ROOT / "generator" / "mkdocs_hook.py")],
        "theme": {"name": "material", "custom_dir": str(ROOT / "overrides")},
    }
    if site_url:
        # The sitemap, canonical links and the 404 page's asset paths need it.
        settings["site_url"] = site_url
    # "x": created here, never written through something planted at the name.
    with config.open("x", encoding="utf-8") as f:
        f.write(json.dumps(settings))
    return config


def _remove(path: Path) -> None:
    """Remove whatever is at ``path`` (a folder, a file, a link) without
    following a link: a link planted at a scratch name is removed, never
    emptied or built into."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def _warn_vanished(vanished: list[str]) -> None:
    for line in describe_vanished(vanished):
        print(f"warning: {line}", file=sys.stderr)


def _review(b: Briefing, strict: bool) -> int:
    """Print the review summary and the warnings (``review_warnings``); 1 if ``strict`` and work is left."""
    a = b.analysis
    if a is not None:
        print(a.summary())
    for line in review_warnings(b):
        print(f"warning: {line}", file=sys.stderr)
    if a is None:
        return 0
    if strict and (a.count("unreviewed") or a.orphans):
        print(
            f"{a.count('unreviewed')} unreviewed discrepancy candidate(s) and {len(a.orphans)} verdict(s) matching no candidate, "
            "and --strict-review was given: see the Discrepancies page.",
            file=sys.stderr,
        )
        return 1
    return 0


def cmd_build(
    content: Path,
    site: Path,
    docs: Path,
    previous: Path | None,
    strict_review: bool = False,
    page_size: int = PAGE_SIZE,
    cache: Path | None = None,
    site_url: str | None = None,
) -> int:
    """Generate into ``docs``, build into a scratch folder, then swap it in.

    A failed build leaves the previous ``site`` untouched."""
    t0 = time.perf_counter()
    check_output_dir(site, "the site folder", {"the content folder": content, "the docs folder": docs})
    site = Path(os.path.abspath(site))  # "." has no name to put the scratch folder beside
    if cache is not None:
        check_cache_dir(cache, {"the site folder": site})
    result = generate(content, docs, previous or site / "briefing.json", page_size, cache, site_url)
    _warn_vanished(result.vanished)
    if _review(result.briefing, strict_review):
        return 1
    t1 = time.perf_counter()
    site.parent.mkdir(parents=True, exist_ok=True)
    scratch = site.with_name(f".{site.name}-new")
    _remove(scratch)
    # MkDocs themes insert site_name into HTML unescaped: it is untrusted text.
    b = result.briefing
    config = _child_config(docs, scratch, html.escape(b.title), b.site_url)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BRIEFING_PREGENERATED": "1"}
    # The sitemap's <lastmod> is the build date unless this is set: the date
    # the notes give makes it the content's, the same on every rebuild.
    epoch = source_date_epoch(b)
    if epoch and "SOURCE_DATE_EPOCH" not in env:
        env["SOURCE_DATE_EPOCH"] = epoch
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config)]
    proc = subprocess.run(cmd, env=env, cwd=ROOT)
    config.unlink()
    if proc.returncode != 0:
        _remove(scratch)
        print("MkDocs failed; the previous site was left in place.", file=sys.stderr)
        return proc.returncode
    old = site.with_name(f".{site.name}-old")
    _remove(old)
    if site.exists():
        site.rename(old)
    scratch.rename(site)
    _remove(old)
    t2 = time.perf_counter()
    print(
        f"Built {site}: {len(result.pages)} pages from {len(b.sources)} articles, {len(b.events)} events, "
        f"{len(b.topics)} topics; generator {t1 - t0:.2f}s{_reused(result.cache)}, MkDocs {t2 - t1:.2f}s."
    )
    return 0


def _reused(cache: dict[str, tuple[int, int]]) -> str:
    """What the build took from the cache, for the summary line: `` (reused: …)``."""
    if not cache:
        return ""
    hits, misses = cache.get("articles", (0, 0))
    parts = [f"{hits} of {hits + misses} articles"] if hits + misses else []
    if "analysis" in cache:
        parts.append("the analysis" if cache["analysis"][0] else "not the analysis")
    return f" (reused {' and '.join(parts)})" if parts else ""


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "check":
            b = load_briefing(args.content)
            print(f"{args.content}: OK ({len(b.sources)} articles, {len(b.events)} events, {len(b.topics)} topics)")
            return _review(b, args.strict_review)
        if args.command == "generate":
            result = generate(args.content, args.out, args.previous, args.page_size, args.cache, args.site_url)
            _warn_vanished(result.vanished)
            if _review(result.briefing, args.strict_review):
                return 1
            s = result.stats
            assert s is not None
            print(f"{args.out}: {s.written} written, {s.unchanged} unchanged, {s.removed} removed")
            return 0
        return cmd_build(args.content, args.site, args.docs, args.previous, args.strict_review, args.page_size, args.cache, args.site_url)
    except ContentError as exc:
        return _report(exc)
    except (UnsafePath, BadPreviousExport) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
