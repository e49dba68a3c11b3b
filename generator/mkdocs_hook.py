"""MkDocs adapter: the only MkDocs-aware code.

Listed under ``hooks:`` in mkdocs.yml, it regenerates the docs tree before
every build (plain ``mkdocs build`` and each ``mkdocs serve`` rebuild) and
makes ``mkdocs serve`` watch the content folder.

While serving, a content error does not stop the preview: the last good
generated tree is kept, the problems are logged in the terminal and shown in
a banner on every page, and the next good edit clears them.
"""
from __future__ import annotations

import html
import logging
import os
import sys
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from generator.build import BadPreviousExport, check_output_dir, describe_vanished, generate, review_warnings, source_date_epoch
from generator.errors import ContentError
from generator.schema import site_address
from generator.write import UnsafePath

log = logging.getLogger("mkdocs.briefing")

_state: dict[str, Any] = {"serving": False, "problems": []}


def content_dir(config: MkDocsConfig) -> Path:
    base = Path(config.config_file_path).parent
    return base / str(os.environ.get("BRIEFING_CONTENT") or config.extra.get("briefing_content", "content"))


def on_startup(command: str, dirty: bool) -> None:
    _state["serving"] = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if os.environ.get("BRIEFING_PREGENERATED"):
        # The CLI generated (and validated) the tree already, and wrote the
        # title escaped into the child config.
        config.site_name = Markup(config.site_name)
        return config
    try:
        site_url = site_address(os.environ["BRIEFING_SITE_URL"]) if os.environ.get("BRIEFING_SITE_URL") else None
    except ValueError as exc:
        raise PluginError(f"BRIEFING_SITE_URL: {exc}") from None
    try:
        # MkDocs empties its site folder too: the same folders are refused as the CLI's --site.
        check_output_dir(Path(config.site_dir), "the site folder", {"the content folder": content_dir(config), "the docs folder": Path(config.docs_dir)})
        cache = Path(config.config_file_path).parent / "build" / "cache"
        result = generate(content_dir(config), Path(config.docs_dir), Path(config.site_dir) / "briefing.json", cache_dir=cache,
                          site_url=site_url)
    except (UnsafePath, BadPreviousExport) as exc:
        raise PluginError(str(exc)) from None
    except ContentError as exc:
        if not _state["serving"]:
            raise PluginError(f"{len(exc.problems)} problem(s) in the content:\n{exc}") from None
        _state["problems"] = [str(p) for p in exc.problems]
        # Printed, not logged: MkDocs counts logged errors and would abort
        # the rebuild in strict mode, which is what the preview must avoid.
        for line in _state["problems"]:
            print(f"ERROR   -  briefing: {line}", file=sys.stderr)
        print("ERROR   -  briefing: serving the last good version until this is fixed", file=sys.stderr)
        return config
    _state["problems"] = []
    # Printed, not logged, for the reason above: a warning would fail --strict.
    for line in review_warnings(result.briefing) + describe_vanished(result.vanished):
        print(f"WARNING -  briefing: {line}", file=sys.stderr)
    config.site_name = safe_site_name(result.briefing.title)
    if result.briefing.site_url and not config.site_url:
        config.site_url = result.briefing.site_url  # for the sitemap and canonical links
    # The sitemap's <lastmod> is the notes' date, as with the CLI (unless the
    # caller set SOURCE_DATE_EPOCH), not the day of the build.
    epoch = source_date_epoch(result.briefing)
    if epoch and (os.environ.get("SOURCE_DATE_EPOCH") in (None, _state.get("epoch"))):
        os.environ["SOURCE_DATE_EPOCH"] = _state["epoch"] = epoch
    if result.stats and result.stats.written:
        log.info("briefing: %d generated file(s) updated", result.stats.written)
    return config


def safe_site_name(title: str) -> Markup:
    """The briefing's title for ``site_name``: Material prints it raw in some
    places (so it is escaped) and through ``| e`` in others (so the escaped
    text is Markup, which ``| e`` leaves alone instead of escaping twice)."""
    return Markup(html.escape(title))


def on_post_page(output: str, page: Any, config: MkDocsConfig) -> str:
    """During preview, put the current content errors on top of every page."""
    if not _state["problems"]:
        return output
    items = "".join(f"<li><code>{html.escape(p)}</code></li>" for p in _state["problems"])
    banner = (
        '<div class="briefing-errors" role="alert" style="position:sticky;top:0;z-index:10;background:#b71c1c;'
        'color:#fff;padding:.6rem 1rem;font:14px/1.4 monospace">'
        f"<strong>{len(_state['problems'])} problem(s) in the content; showing the last good version.</strong>"
        f'<ul style="margin:.3rem 0 0 1rem">{items}</ul></div>'
    )
    start = output.find("<body")
    if start < 0:
        return output
    end = output.index(">", start) + 1
    return output[:end] + banner + output[end:]


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    """Watch the content folder instead of the generated docs folder: every
    rebuild writes into docs/, and MkDocs, watching it, would otherwise build
    the whole site a second time after each edit (a no-op generator run and
    a full MkDocs build: doubling the preview's wait)."""
    server.watch(str(content_dir(config)))
    server.unwatch(config.docs_dir)
    return server
